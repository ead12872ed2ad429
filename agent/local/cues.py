"""Words that must be in a request before the offline model takes an action with side effects, and words that
make a tool the likelier reading. A careful model does not open a ticket, change a record or hand a chat to a
person unless the user asked for that; the sentence-embedding router alone cannot tell "do X" from "ask about X".
"""

from __future__ import annotations

import re

_I = re.IGNORECASE
# A side-effecting tool is a candidate only when its cue is present.
REQUIRED = {
    "create_ticket": re.compile(r"\b(ticket|support request|bug report|report (a|this|an|the)\b|file (a|an|this|it)\b|"
                                r"log (a|this|it)\b|raise (a|an)\b|open (a|one)\b)", _I),
    "handoff_to_human": re.compile(r"\b(human|person|someone|somebody|anyone|agent|representative|staff|colleague|"
                                   r"talk to|speak (to|with)|escalate|support team|your team|call me|phone me)\b", _I),
    "my_tickets": re.compile(r"\b(my|our)\b.{0,40}\b(tickets?|requests?|questions?|case|refund|issue|report)\b|"
                             r"\bticket\s*#?\d|\b(any|an) (update|news)\b|\bstatus of\b|\blooked at\b", _I),
    "update_deal": re.compile(r"\b(move|set|change|update|push|pull in|bump|mark|make it|raise|lower|slip|lost|won|"
                              r"is now|now|to|next step)\b", _I),
    "update_ticket": re.compile(r"\b(set|change|update|mark|make|escalate|put|close|reopen|re-open|lower|raise|"
                                r"bump|should be|is a|categori[sz]e|solved|resolved|pending|priority)\b", _I),
    "update_contact": re.compile(r"\b(set|change|update|new (e-?mail|number|phone|title|address)|promoted|"
                                 r"is now|moved to|title|phone|number|e-?mail is|lifecycle|mark)\b", _I),
    "log_activity": re.compile(r"\b(log|note|record|had a (call|meeting)|spoke|met|called|emailed|just (had|got off))\b", _I),
    "create_task": re.compile(r"\b(remind|task|to-?do|reminder|follow-?up (task|for)|add a follow)\b", _I),
    "draft_follow_up": re.compile(r"\b(draft|write|compose|prepare)\b.{0,40}\b(e-?mail|follow-?up|note|message|reply)\b|"
                                  r"\b(e-?mail|follow-?up) (to|for)\b", _I),
    "approve_draft": re.compile(r"\bdraft\s*#?\d", _I),  # otherwise only as the answer to a shown draft
    "discard_draft": re.compile(r"\bdraft\s*#?\d", _I),
}
# A tool whose cue is present is the likelier reading (added to its router score).
LIKELIER = {
    "account_overview": re.compile(r"\b(overview|rundown|360|everything (about|on)|full picture|whole account|account)\b", _I),
    "deal_summary": re.compile(r"\b(deal|renewal|expansion|upgrade|rollout|pilot|seats)\b", _I),
    "pipeline_question": re.compile(r"\b(pipeline|how many|how much|total|weighted|closing|won|forecast|by (stage|owner|region))\b", _I),
    "ticket_sentiment": re.compile(r"\b(sentiment|feel|feeling|mood|upset|annoyed|angry|frustrated|happy|urgency)\b", _I),
    "find_records": re.compile(r"\b(who'?s|who is|anyone|contacts? (at|in)|people at|find|look up|domain)\b", _I),
    "search_knowledge_base": re.compile(r"\b(customer|they|client)\b.{0,30}\b(ask|asks|asking|wants to know|wondering)\b|"
                                        r"\bwhat do i tell\b|\bhow do (i|we|you)\b|\bcan (customers|i|we)\b", _I),
}
BOOST = 0.08
# Questions *about* the assistant, not requests for a person.
ABOUT_THE_BOT = re.compile(r"\bare you (a |an )?(bot|robot|human|real|person|ai)\b", _I)


def candidates(message: str, tools: set[str]) -> set[str]:
    """The bound tools this message may route to: a side-effecting tool needs its cue."""
    if ABOUT_THE_BOT.search(message):
        tools = tools - {"handoff_to_human"}
    return {t for t in tools if t not in REQUIRED or REQUIRED[t].search(message)}


def boosts(message: str) -> dict[str, float]:
    return {tool: BOOST for tool, cue in LIKELIER.items() if cue.search(message)}
