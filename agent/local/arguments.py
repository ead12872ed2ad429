"""The offline model's argument filling: from the user's message to a tool's arguments, deterministically.

Each tool has a builder returning its arguments, or a short question when something it needs is missing.
Records are named the way people name them (an e-mail, a quoted or capitalised name, "deal 12"); values come
from crm_core.phrases (dates, amounts, stages).
"""

from __future__ import annotations

import calendar
import functools
import re
from collections.abc import Callable
from contextvars import ContextVar
from datetime import date
from typing import Any

from agent.local import cues
from crm_core import phrases
from crm_core.pipeline.parse import NUMBER_WORDS
from knowledge.embeddings import common_words

COLLECTION_WORDS = [
    ("tickets", ("ticket", "issue", "case", "complaint", "with support", "support side", "support-wise", "support front", "to support",
                 "support queue", "my queue", "our queue", "isn't solved", "isnt solved", "aren't solved", "not solved yet",
                 "send us something", "sent us something", "send us anything",
                 "sent us anything", "send in something", "sent in something", "open on my plate", "new come in from",
                 "thing come in from", "new came in from", "sent something in", "sent something over", "sent anything in",
                 "put something in")),
    ("contacts", ("contact", "person", "people", "who is", "who's", "whos", "who do we", "who are", "know at", "anyone",
                  "who've we", "who have we", "who we've got", "who we have",
                  " admins", " administrators", " managers", "head of",
                  "email of", "phone", "title", "'s number", "’s number", "mobile", "direct line", "'s email", "’s email",
                  "'s e-mail", "email address", "e-mail address",
                  " cfo", " ceo", " cto", " ciso", " vp ", "procurement", "champion", "decision maker")),
    ("deals", ("deal", "opportunit", "pipeline", "renewal")),
    ("companies", ("company", "companies", "account", "customer", "org")),
]
# Words that start a sentence or a command, or name a time or region: never a record's name.
NOT_NAMES = frozenset(
    "I I'm Im What Whats What's How Hows How's Who Where When Why Which Is Are Can Could Please Find Show Look Give "
    "Tell Summarize Summarise Summary Brief Deal Deals Contact Contacts Company Companies Ticket Tickets Search "
    "The A An And Also Same Hi Hello Hey Thanks Thank Ok Okay Yes No Me My Our We Us For About With Status Update "
    "Get List Do Does Any Is Move Mark Set Change Log Note Remind Draft Write Create Add Push Close Put Send Approve "
    "Discard Prepare Compose Record Schedule Pull Open Prep Total Pipeline Weighted Just Let Lets Let's New "
    "EMEA APAC LATAM AMER Q1 Q2 Q3 Q4 CFO CEO CTO CISO CIO COO CMO CRO VP SVP EVP QBR PO POs SOW NDA RFP RFI PoC POC Todo TODO Reminder Follow Email E-mail Call Meeting "
    "Today Tomorrow Next Last This End Account Overview Sentiment Account's Assign Flag Bump Lower Raise Escalate "
    "Urgent High Low Normal Solved Pending Closed Won Lost Negotiation Proposal Qualification Prospecting "
    "Customer Customers Renewal AI API SSO SLA CRM KPI ARR MRR Quick I'll I'd I've I’ll I’d I’ve "
    "She He They It Her His Their Its She's He's They're It's Perfect Great Cool Nice Sure Right Actually "
    "That These Those Has Have Had Did Was Were Will Would Should "
    # a department, a fiscal year, a time zone, a document: "moved out of IT procurement", "next FY's numbers"
    "IT HR FY ROI ETA EOD EOW EOQ JST UTC GMT BST CET CEST PST PDT EST EDT CSV PDF DPA MSA SOC GDPR SAML SCIM".split()
) | {name for name in calendar.day_name} | {name for name in calendar.month_name if name} | \
    {name for name in calendar.month_abbr if name} | {name for name in calendar.day_abbr}


# The caller's colleagues (set per decision from the system prompt): "Heard from Carla:", "Carla's new-logo deal"
# name a person who works here, never the record asked about. Only first names are words to skip: customers share
# colleagues' surnames (Ravi Chen), and a full name ("Carla Rossi") is first cut down to its first name.
COLLEAGUES: ContextVar[tuple[str, ...]] = ContextVar("colleagues", default=())


@functools.lru_cache(maxsize=64)
def _colleague_names(names: tuple[str, ...]) -> tuple[frozenset[str], re.Pattern | None]:
    firsts = frozenset(n.split()[0].lower() for n in names if n.split())
    full = [n.split() for n in names if len(n.split()) > 1]
    pattern = re.compile(r"\b(?:" + "|".join(r"\s+".join(map(re.escape, words)) for words in full) + r")\b",
                         re.IGNORECASE) if full else None
    return firsts, pattern


def _colleague(word: str) -> bool:
    return re.sub(r"['’]s$", "", word.lower()).strip(".,!?:;") in _colleague_names(COLLEAGUES.get())[0]


def _first_names_only(text: str) -> str:
    pattern = _colleague_names(COLLEAGUES.get())[1]
    return pattern.sub(lambda m: m.group().split()[0], text) if pattern else text


def _colleague_said(text: str) -> str | None:
    """The first colleague a text names, by first name ("Carla and I have our 1:1 tomorrow" -> "Carla")."""
    return next((re.sub(r"['’]s$", "", w) for w in re.findall(r"[\w'’-]+", _first_names_only(text)) if _colleague(w)), None)


_DEAL_KIND = r"(?:deal|renewal|expansion|upgrade|rollout|pilot|add-?on|migration|agreement|opp)"
# "mark carla's tienda azul renewal closed won": a colleague's deal, by what it is (not "carla's contact at acme")
COLLEAGUES_DEAL = re.compile(r"\b([\w-]+)['’]s\s+(?:(?!(?:contact|champion|buyer|customer|client|friend|team|person|guy|"
                             r"says?|said|told|off|out|away)\b)[\w&'’.-]+\s+){0,4}?" + _DEAL_KIND + r"\b", re.IGNORECASE)
# "Carla's off till Wednesday … mark her renewal deal closed won", "bob's out sick … mark it closed won for him"
THEIR_DEAL = re.compile(r"\b(?:her|his)\s+(?:[\w&'’.-]+\s+){0,4}?" + _DEAL_KIND + r"\b|\b(?:for|on behalf of)\s+(?:him|her)\b",
                        re.IGNORECASE)


def colleagues_deal(text: str) -> str | None:
    """The colleague whose deal a message asks to change, by first name: "Carla's off till Wednesday and Tienda Azul
    just signed their renewal. Can you mark her renewal deal closed won?" -> "Carla"."""
    text = _first_names_only(text)
    if (found := COLLEAGUES_DEAL.search(text)) and _colleague(found.group(1)):
        return found.group(1)
    return _colleague_said(text) if THEIR_DEAL.search(text) else None


@functools.lru_cache(maxsize=64)
def _report_frame(firsts: frozenset[str]) -> re.Pattern | None:
    if not firsts:
        return None
    name = r"(?:" + "|".join(map(re.escape, sorted(firsts))) + r")"
    return re.compile(rf"\b(?:(?:just\s+)?heard(?:\s+back)?\s+from|(?:an?\s+)?(?:update|news|word|note|message)\s+from|per|"
                      rf"according\s+to)\s+{name}\b\s*[:,—–-]?\s*|"
                      rf"\b{name}\s+(?:just\s+)?(?:said|says|told\s+me|tells\s+me|mentioned|reckons|thinks|flagged|reported|"
                      rf"(?:pinged|messaged|texted|slacked)\s+me)(?:\s+that)?\b\s*", re.IGNORECASE)


def unreported(text: str) -> str:
    """The message without who passed it on: "Heard from Carla: Nordvik's legal team …", "Carla said Nordvik
    sounded grumpy" are about Nordvik."""
    text = _first_names_only(text)
    frame = _report_frame(_colleague_names(COLLEAGUES.get())[0])
    return frame.sub("", text) if frame else text


def mention(text: str) -> str | None:
    """The record a message is about: an e-mail, a quoted name, an id, or the words left when the request's own
    words are taken away ("how's the straitspoint marketing ops deal looking" -> "straitspoint marketing ops")."""
    text = unreported(text)
    if found := phrases.emails(text):
        return found[0]
    if quoted := _quoted(text):
        return quoted
    if ids := phrases.record_ids(text):
        kind, number = next(iter(ids.items()))
        return f"{kind} {number}"
    name = capitalised_name(text)
    span = residual_name(text)
    if span and (name is None or (name.lower() in span.lower() and len(span) > len(name))):
        return span
    return name


# Quoted words someone said ("their certificate is "on its way"") are speech, not a record's name.
SPEECH = re.compile(r"\b(?:i|i'm|we|we're|you|it|its|it's|they|he|she|my|our|your|their)\b", re.IGNORECASE)


def _quoted(text: str) -> str | None:
    for found in re.finditer(r"[\"“]([^\"”]{2,80})[\"”]|(?<!\w)'([^']{2,80})'(?!\w)", text):
        if not SPEECH.search(quoted := (found.group(1) or found.group(2)).strip()):
            return quoted
    return None


def name_words(text: str) -> str | None:
    """The words of a reference that are names, not ordinary words: "wattlebird starter team upgrade" -> "wattlebird"."""
    # ("doesn't", "they'll": a contraction of ordinary words is no name either)
    return " ".join(w for w in (residual_words(text) or "").split() if w.lower() not in common_words()
                    and not CONTRACTION.fullmatch(w)) or None


CONTRACTION = re.compile(r"[a-z]+(?:n['’]t|['’](?:re|ve|ll|d|m))", re.IGNORECASE)


def residual_words(text: str) -> str | None:
    """Every word of the message that is not the request's vocabulary (all runs, not only the longest)."""
    words = [w for w in re.findall(r"[\w&.'’@-]+", _first_names_only(text)) if (lower := re.sub(r"['’]s$", "", w.lower()).strip("."))
             and lower not in VOCABULARY and not _colleague(lower) and not re.fullmatch(r"[$€£]?\d[\d,.]*(?:k|m)?|\d{1,2}(?:st|nd|rd|th)", lower) and len(lower) > 2]
    return " ".join(dict.fromkeys(w.strip(".") for w in words)) or None


def residual_name(text: str) -> str | None:
    """The longest run of words that are not the request's vocabulary, a date or an amount: in a CRM request,
    what is left is the name of the record (typed in any case)."""
    cleaned = re.sub(r"[$€£]?\d[\d,.]*\s?(?:k|m|usd|eur|gbp)\b|\b\d{4}-\d{2}-\d{2}\b", " , ", _first_names_only(text),
                     flags=re.IGNORECASE)
    runs, current = [], []
    for token in re.findall(r"[\w&.'’@-]+|[,:;!?()]", cleaned):
        word = re.sub(r"['’]s$", "", token.lower()).strip(".")
        if word == "&" and current:  # "ashby & thorne": one name, whose halves alone read as ordinary words
            current.append(token)
            continue
        if not word or word in VOCABULARY or _colleague(word) or not re.search(r"\w", word) or word.isdigit() and not current \
                or re.fullmatch(r"\d{1,2}(?:st|nd|rd|th)", word):  # "January 15th": a day, not a name
            if current:
                runs.append(current)
            current = []
            continue
        current.append(re.sub(r"['’]s$", "", token).strip("."))
    if current:
        runs.append(current)
    runs = [r[:-1] if r[-1] == "&" else r for r in runs]
    # One ordinary lower-case word ("split the open pipe per rep", "avg deal size") is not a name someone typed.
    runs = [r for r in runs if any(len(w) > 2 for w in r) and not (len(r) == 1 and r[0] in common_words())]
    if not runs:
        return None
    return " ".join(max(runs, key=lambda r: (len(r), sum(map(len, r)))))


# Words of requests, never part of a record's name (what residual_name takes away).
VOCABULARY = frozenset("""
crm land lands landing a an the and or but of to for from on in at by with about as is are was were be been am do does did done can could
would should will shall may might must please pls thanks thank you me my mine i i'm im we our us they them their it
its this that these those there here what what's whats how how's hows who who's whom where which when why any some
all every each much many more most less just also too very so then now up out over into onto off again still yet
not no yes ok okay hey hi hello quick quickly really real perfect great awesome cool nice brilliant lovely
give show tell find look lookup search get pull open see check list bring brief summarise summarize summary recap
overview status update updates updated change set move moved push pushed bump mark marked put make makes close
closes closing log logged note notes record add create new remind reminder reminders task todo to-do follow
followup follow-up draft write compose prepare send email e-mail mail reply approve discard assign escalate flag
lower raise deal deals opportunity opportunities account accounts company companies customer customers contact
contacts person people ticket tickets case issue issues record records profile details info information detail
going looking doing look like feel feeling feels sentiment mood happy unhappy upset annoyed angry frustrated
sound sounds sounded sounding grumpy cranky irritated irritable testy displeased happening running
only few myself lately recently recent latest last next this coming week month quarter year today tomorrow yesterday day days
weeks months date stage amount value worth price close-date pipeline due number phone title job email
address priority status category urgent high low normal solved resolved pending closed won lost negotiation
proposal qualification prospecting qualified lifecycle lead customer churned call called meeting met spoke
who's anyone procurement
everything anything something overall domain one got promoted his her he she him ciso cfo ceo cto coo vp head
did have has had want wants need needs needed let know
already slipped back really drop question exactly before how-to confirmed ping attach link u w re yet morning afternoon tonight stand stands
i'll ill i'd we'll we'd you'll you'd they'll they'd he'll she'll it'll that'll ive po through how've what've who've ugh argh meh sigh damn oops told tells ahead theyve theyre theyll theyd thing
emailed e-mailed texted pinged messaged phoned rang sent fyi folks slip shift signed inked earlier again end
top biggest largest smallest opps opp pipe avg average mean per rep reps across whole split breakdown stuck
stalling stalled risk at-risk share rate weighted total sum sitting carrying rn moment together actually win wins worst best ones personally angriest unhappiest whether tmrw tmr we're they're i've we've they've it's that's
emea apac latam amer americas europe asia
getting gotten angrier happier unhappier negative positive souring worse better req short version
book honestly haven't hasn't bit worried worry worrying concerned nervous tbh smth sth imo fwiw btw asap lol idk tho trending trend trends down
close-win close-won closed-win closed-won closed-lost close-lost expected someone somebody picks parked ring ringing rather than instead
atm says said
""".split()) | {d.lower() for d in calendar.day_name} | {m.lower() for m in calendar.month_name if m} | \
    {m.lower() for m in calendar.month_abbr if m}


def capitalised_name(text: str) -> str | None:
    text = _first_names_only(text)
    words = re.findall(r"[A-Z][\w&.'’-]*(?:(?<![a-z]{3}\.)\s+(?:[A-Z][\w&.'’-]*|(?:of|&|de|van|von)(?=\s+[A-Z])))*", text)
    names = [w for w in (" ".join(p for p in phrase.split() if p.rstrip(".,!?:;") not in NOT_NAMES
                                  and re.sub(r"['’]s$", "", p) not in NOT_NAMES and not _colleague(p))
                         for phrase in words) if w]
    # A capital that only starts a sentence ("Value per person please.") does not make a request word a name.
    names = [n for n in names if not (n.lower().rstrip(".,!?:;") in VOCABULARY
                                      and re.search(rf"(?:^|[.!?]\s+){re.escape(n)}", text))]
    if not names:
        return None
    name = max(names, key=len).rstrip(".?!,:;")
    return re.sub(r"['’]s$", "", name)  # "Acme's deal" -> "Acme"


def collection(text: str) -> str | None:
    lowered = text.lower()
    return next((name for name, words in COLLECTION_WORDS if any(w in lowered for w in words)), None)


PRONOUN = re.compile(r"\b(it|its|it's|them|they|this one|that one|this deal|that deal|the deal|this account|"
                     r"that account|him|her|this ticket|that ticket|his ticket|their ticket|this contact|same one)\b", re.IGNORECASE)


def masked(text: str) -> str:
    """The message with the record's name replaced by a stock one: which tool fits depends on the request, not on
    the customer's name ("how's the straitspoint deal looking" reads like "how's the Acme deal looking")."""
    token = COLLEAGUES.set(())  # the router learnt from examples whose names, colleagues' too, all read "Acme"
    try:
        name = mention(text)
    finally:
        COLLEAGUES.reset(token)
    if not name or "@" in name:
        return text
    # The name as found may have lost a possessive or punctuation between its words ("granite peak's 50 seats").
    pattern = r"(?:['’]s)?[\s,]+".join(re.escape(word) for word in name.split())
    return re.sub(rf"(?<![\w-]){pattern}(?![\w-])", "Acme", text, count=1, flags=re.IGNORECASE)  # "SF", not sale(sf)orce


def _subject(text: str, previous: str | None) -> str | None:
    """The record named in the message; else, when the message points back ("move it to negotiation"), the one
    the conversation was about."""
    return mention(text) or (previous if previous and PRONOUN.search(text) else None)


def _after(text: str, *markers: str) -> str | None:
    """The words after a marker such as "next step:" or "title to"."""
    for marker in markers:
        if m := re.search(rf"{marker}\s*[:\-]?\s*(.+)$", text, re.IGNORECASE):
            return m.group(1).strip().rstrip(".")
    return None


def _ticket(text: str) -> str | None:
    number = phrases.ticket_id(text) or phrases.record_ids(text).get("ticket")
    return str(number) if number else None


TICKET_STATUS = [("solved", ("solved", "resolved", "fixed", "done")), ("closed", ("close", "closed")),
                 ("pending", ("pending", "on hold")), ("open", ("reopen", "re-open", "open"))]
PRIORITY = [("urgent", ("urgent", "critical", "asap")), ("high", ("high",)), ("low", ("low",)), ("normal", ("normal",))]
CATEGORY = [("billing", ("billing", "invoice", "payment", "refund")), ("bug", ("bug", "broken", "error")),
            ("how_to", ("how to", "how-to", "question")), ("outage", ("outage", "down")),
            ("feature_request", ("feature", "request")), ("account", ("account", "login", "password"))]
LIFECYCLE = ["subscriber", "lead", "mql", "sql", "opportunity", "customer", "churned"]
ACTIVITY_TYPES = [("meeting", ("meeting", "met ", "meet ", "demo")),
                  ("call", ("call", "called", "phoned", "spoke", "rang", "off the phone", "on the phone")),
                  ("email", ("email", "e-mail", "emailed", "mailed")), ("note", ("note",))]
PHONE = re.compile(r"\+?(?:\(\d)?\d[\d\s().-]{6,}\d")


# "please log that call": the kind of activity named by the request itself
LOGGED_KIND = re.compile(r"\b(?:log|record)\s+(?:that|the|this|my|our|a)\s+(?:quick\s+|short\s+)?(call|meeting|e-?mail|note)\b|"
                         # "log it as a meeting on the sahyadri account itself"
                         r"\b(?:log|record|file|put)\s+(?:it|that|this)(?:\s+down)?\s+as\s+(?:a|an)\s+(call|meeting|e-?mail|note)\b",
                         re.IGNORECASE)

# A note asked for outright, and the events that would make it the note of a call or meeting instead
NOTE_ASKED = re.compile(r"\bjot (?:it |this |that )?down\b|\bmake a (?:quick )?note\b|\b(?:stick|put|add|leave|drop) a "
                        r"(?:quick |short )?note\b", re.IGNORECASE)
ACTIVITY_HAPPENED = re.compile(r"\b(?:called|phoned|rang|emailed|e-mailed|mailed|met|spoke|talked|had (?:a|an|our|the) (?:\w+ )?"
                      r"(?:call|meeting|chat|demo)|got off the phone)\b", re.IGNORECASE)


def _activity_type(text: str) -> str | None:
    """The request's own word ("log that call"), else the activity mentioned first: "had a quick call with Samuel …
    their committee met on thursday" was a call. "note that I called…" asks for a note of a call: a note is what is
    left when nothing else happened."""
    if said := LOGGED_KIND.search(text):
        return _first(ACTIVITY_TYPES, said.group(1) or said.group(2))
    if NOTE_ASKED.search(text) and not ACTIVITY_HAPPENED.search(text):
        return "note"  # "jot down on Kwame's record that he prefers whatsapp over email": nothing happened but a note
    lowered = f" {text.lower()} "
    found = [(m.start(), value) for value, words in ACTIVITY_TYPES if value != "note" for w in words
             if (m := re.search(rf"\b{re.escape(w.strip())}\b", lowered))]
    return min(found)[1] if found else _first(ACTIVITY_TYPES, text)


STATUS_TARGET = re.compile(r"(?:\b(?:to|into|as|back to)\s+|(?:→|->|=>)\s*)(?:the\s+)?(solved|resolved|fixed|closed|pending|on hold|open)\b|"
                           r"\b(?:put|keep|leave|stick|park|set)\s+(?:it|that|this|the ticket|that one|this one)\s+on\s+(pending)\b",
                           re.IGNORECASE)


def _first(pairs, text: str) -> str | None:
    lowered = f" {text.lower()} "
    for value, words in pairs:
        if any(re.search(rf"\b{re.escape(w.strip())}\b", lowered) for w in words):
            return value
    return None


CLAUSE_END = re.compile(r"(?<=[.!?;" + cues.EMOJI + r"])\s+|\s[—–]\s|,\s+(?=(?:so|and|then|pls|please|can you|could you|can u|could u)\b)")
CHANGE_VERB = re.compile(r"\b(?:move|set|change|update|push|pull|bump|mark|make|slip|shift|raise|lower|drop|put|knock|cut|reduce|increase|bring)\b", re.IGNORECASE)


ID_REFERENCE = re.compile(r"^(?:deal|ticket|contact|company) \d+$")
# "the 27.5k team plan expansion": an amount that says which deal, not a new value
# ("we landed on 31.2k for the annual plan": a value, followed by a preposition rather than a name)
# ("the 12,700 one": a whole amount names a deal too, when "one" or "deal" follows it)
NAMING_AMOUNT = re.compile(r"\b(?:the|that|our|their|on|of)\s+([$€£]?\d[\d,.]*\s?k|[$€£]?\d{1,3}(?:,\d{3})+(?=\s+(?:one|deal|opp)\b))\s+"
                           r"(?!(?:for|per|a|an|in|at|with|from|to|by|on|each|and|or|now|instead|total)\b)(?=[^\W\d])",
                           re.IGNORECASE)
# "tienda azul closing wednesday at 195k while it's still in prospecting is pure fantasy": what it is at now
DESCRIBED_AMOUNT = re.compile(r"\bclosing\s+(?:[\w'’]+\s+){0,2}?at\s+([$€£]?\d[\d,.]*\s?k?)(?=\s+(?:while|when|with|but|is|and|in)\b|"
                              r"\s*[,.;!?—–]|\s+-\s)", re.IGNORECASE)
# "(the open one, not the lost one)": which deal, said in passing; no value in it
ASIDE = re.compile(r"\([^()]*\)")


# "ironbark renewal: …", "nilgiri new logo deal slipped — …" name the deal in a header; "solbrand rollout is moving: …"
# and "the close date already slipped — …" don't
DEAL_HEADER = re.compile(r"^\s*((?:(?!(?:is|are|was|were|has|have|had|just|already|the|it|its|we|they|i)\b)[\w&'’.+-]+\s+){0,4}"
                         r"(?!(?:is|are|was|were|has|have|had|just|already|the|it|its|we|they|i)\b)[\w&'’.-]+)\s*(?::|\s[—–-]+>?|->)\s(?!\d)",
                         re.IGNORECASE)
STEP_FOR_DEAL = re.compile(r"\bnext steps? (?:on|for) "
                           r"((?:(?!(?:and|how|what|whats|is|to)\b)[\w'’-]+\s){1,6})(?:is|should be|=|:|to)\s+(.+)$",
                           re.IGNORECASE | re.DOTALL)
MOVES_A_DATE = re.compile(r"\b(?:push|pushed|slip|slipped|move|moved|pull|pulled|bring|brought|delay|delayed|expected|"
                          r"target|by)\b", re.IGNORECASE)
HAPPENED = re.compile(r"\b(?:happened|took place|went (?:well|great|fine|ok|out)|went (?:over )?to|was held|we had|had (?:a|the|our)|"
                      r"we met|met (?:with|them|him|her)|called|spoke|did the|ran the|accepted|agreed to|replied|came back|got back|"
                      # "good call w/ mariam's team on friday"
                      r"(?:good|great|solid|productive|quick|long|short|nice) (?:call|meeting|chat|demo|session|sync)\b|"
                      # "got the expansion signed on Friday": the day it was signed, not a close date to set
                      r"(?:got|had|was|were|been) (?:\S+\s+){0,8}?(?:signed|closed|won|approved|done)|"
                      # "verbal yes from Marta on today's call": the day of a call, not a close date
                      r"(?:today|yesterday|this morning)['’]s\s+(?:\w+\s+)?(?:call|meeting|demo|sync|chat|session|workshop|review)\b|"
                      # "Tallgrass signed the order form … on Friday", "I sent them the proposal on friday": done then
                      r"(?:signed|sent|confirmed|submitted|delivered|presented|shared|returned|met|approved|decided|finished|completed|"
                      # "their vendor registration went through on friday"
                      r"went through|came through|cleared|passed)\b(?:\s+\S+){0,10}?\s+"
                      # "Javier confirmed on our call friday": the day of the call
                      r"(?:on|last|(?:call|meeting|demo|sync)\s+(?:on\s+)?)\s*(?:mon|tues|wednes|thurs|fri|satur|sun)day|"
                      # "they sent their data residency requirements in writing today": done today
                      r"(?:signed|sent|confirmed|submitted|delivered|returned|approved|decided)\b(?:\s+\S+){0,10}?\s+"
                      r"(?:today|yesterday|this morning|this afternoon)(?=\s*(?:[,.;:!—–-]|$|\s+(?:so|and|but)\b)))\b",
                      re.IGNORECASE)
INTERJECTION = re.compile(r"(?:good|great|bad|some|big) news|fyi|heads up|update|quick one|quick update|btw|note|ok|"
                          r"so|also|oh|news|ugh|argh|meh|hmm+|oof|damn|yikes|sigh|finally|yay|woohoo", re.IGNORECASE)
CLOSE_DATE_SAID = re.compile(r"\bclos(?:e|ing)(?:\s+date)?\b(.{0,40}\S*)", re.IGNORECASE)  # to a word's end: "dec 18", not "dec 1"
STEP_LEAD = re.compile(r"^\s*(?:should be|will be|is now|now|=|:|-|→|->)\s*", re.IGNORECASE)
QUOTED_STEP = re.compile(r"^\s*['\"“‘](.+?)['\"”’](?=\s|$|[,.;!?])(.*)$", re.DOTALL)
ANOTHER_CHANGE = re.compile(r"\s(?:and|then|,)\s+(?:also\s+)?(?:move|set|change|push|update|slip|bump|pull|"
                            # "… send the Team plan proposal, and make the close date jan 15" (not "make sure")
                            r"make(?=\s+(?:the\s+|its\s+)?(?:close|closing|amount|value|stage)\b))\b|"
                            # "… getting the order form signed — oh and they added another team so the amount goes up"
                            r"\s[—–]\s+(?=[^.!?]*\b(?:amount|value|close date|stage|goes (?:up|down) to|bump|move)\b)",
                            re.IGNORECASE)


# "…, and I think Rosa can get it through by January 29": after the step, when the deal itself will close
CLOSING_AFTER = re.compile(r",?\s+(?:and|so|but)\s+(?=[^.;]*\b(?:it|they|we|she|he)\b[^.;]*\b(?:by|before|until)\s+\w)",
                           re.IGNORECASE)


def _step_and_rest(said: str, today: date) -> tuple[str, str]:
    """ "should be 'wait for Amara's sign-off' and move the close date to dec 19": the next step, and what else
    the message changes."""
    said = STEP_LEAD.sub("", said)
    if quoted := QUOTED_STEP.match(said):
        return quoted.group(1).strip(), quoted.group(2)
    if another := ANOTHER_CHANGE.search(said):
        return said[:another.start()].strip("\"“”' ,"), said[another.start():]
    if (closing := CLOSING_AFTER.search(said)) and phrases.day(said[closing.end():], today):
        return said[:closing.start()].strip("\"“”' "), said[closing.start():]
    if (end := re.search(r"(?<=[.!?])\s+", said)) and (CHANGE_VERB.search(after := said[end.end():])
                                                       or phrases.day(after, today) or phrases.stage(after)):
        # "… is a pricing call with diego (their CFO). and … nov 30 isn't happening, make the close end of january":
        # the step ends with its sentence, and the next one changes something else
        return said[:end.start()].strip("\"“”' ."), after
    return said.strip("\"“”' "), ""


# A person who says something, not a deal's name: "Mariam just told me they'd rather sign in January"
PERSON_REPORTS = re.compile(r"(?:^|[.!?]\s+|\s[—–]\s+)\W*((?-i:[A-Z])[\w'’-]+(?:\s+(?-i:[A-Z])[\w'’-]+)?)\s+(?:just\s+|finally\s+)?"
                            r"(?:told|said|says|mentioned|confirmed|asked|emailed|called|texted|wrote)\b")
DEAL_CALLED = re.compile(r"\bthe\s+((?:[\w-]+\s+){0,2}?(?:agreement|contract|renewal|pilot|expansion|upgrade|rollout|"
                         r"migration|add-?on))\b", re.IGNORECASE)
# "ironbark renewal is growing 🙂 amara's adding …": a message that opens on a deal, named with its kind
# ("the sampaguita residency one is dead tbh, … mark it closed lost": "it" is that one, not the deal shown before)
OPENS_ON_DEAL = re.compile(r"^\W*(?:the\s+)?(?!(?:that|this|other|which|each|every|any|same)\b)((?:[\w&'’.-]+\s+){1,4}?"
                           r"(?:agreement|contract|renewal|pilot|expansion|upgrade|rollout|migration|add-?on|one|deal|opp))\s+"
                           r"(?:is|was|has|are|have|just|got|went|needs?|won'?t|will|isn'?t|wasn'?t|can'?t|might|may)\b",
                           re.IGNORECASE)
KIND_OF_DEAL = re.compile(r"(?:pilot|renewal|expansion|upgrade|rollout|migration|add-?on|(?<=additional )seats|agreement|"
                          r"conversion)(?:['’]s)?", re.IGNORECASE)


def _deal_by_kind(text: str) -> str | None:
    """A deal named with its kind where the story is told ("the karoo pilot is gonna slip, they're still stuck on
    vendor registration … push the close"), rather than the longest run of other words."""
    if (name := capitalised_name(text)) and not name.isupper():  # an acronym ("the MSA redlines") names no company
        return None  # "Nordvik's legal team won't get to the multi-year agreement …": the company's name says more
    return next((m.group(1) for m in DEAL_CALLED.finditer(text) if name_words(m.group(1))), None)


# "Can you update the deal?": the deal asked about, not named in the asking clause
GENERIC_DEAL = re.compile(r"\b(?:the|their|that) (?:deal|opp|opportunity)\b", re.IGNORECASE)
# "Fernhollow pushed back hard on price.": a company, capitalised, that opens the message by doing something
COMPANY_DID = re.compile(r"^\W*((?-i:[A-Z])[\w&'’.-]+(?:\s+(?-i:[A-Z])[\w&'’.-]+){0,3})\s+(?:just\s+|finally\s+)?"
                         r"(?:pushed|came|went|agreed|accepted|signed|asked|wants?|needs?|countered|replied|confirmed|"
                         r"approved|rejected|declined|chose|picked|decided|got back|is going|are going)\b")
# ... or signs what a deal is for: "karoo signed the business pilot!!", "Acme accepted the order form"
COMPANY_SIGNED = re.compile(r"^\W*((?!(?:they|she|he|we|i|you|legal|procurement|finance|it)\b)[\w&'’.-]+(?:\s+[\w&'’.-]+){0,2}?)\s+"
                            r"(?:just\s+|finally\s+|officially\s+)?(?:signed|countersigned|accepted|approved|agreed to)\s+"
                            r"(?:the|our|their)\s+(?:((?:[\w&'’.-]+\s+){0,3}?(?:renewal|expansion|upgrade|rollout|pilot|add-?on|"
                            r"migration|agreement))\b|(?:[\w-]+\s+){0,2}?(?:contract|order form|proposal|quote|deal|paperwork)\b)",
                            re.IGNORECASE)
# A deal handed to a colleague: "hand the Solbrand rollout over to Alice", "reassign deal 26 to bob", "make carla
# the owner of the karoo pilot", "give the hygge renewal to Carla"
HANDED_OVER = re.compile(r"\b(?:hand|pass|move|give|reassign|transfer|switch)\s+(?P<deal>.+?)\s+(?:over\s+)?to\s+"
                         r"(?P<to>[A-Za-z][\w'’-]+)\b(?!\s+(?:stage|the|a|an|negotiation|proposal|qualification|"
                         r"prospecting|closed|won|lost)\b)|"
                         r"\bmake\s+(?P<to2>[A-Za-z][\w'’-]+)\s+(?:the\s+)?owner\s+(?:of|on)\s+(?P<deal2>.+?)(?=[.,;!?]|$)",
                         re.IGNORECASE)
# "the new logo deal": a deal by its kind, in the clause that asks for the change
THE_KIND_NAMED = re.compile(r"\bthe\s+((?:(?!(?:the|a|an|that|this|other|same)\b)[\w-]+\s+){0,2}?"
                            r"(?:pilot|renewal|expansion|upgrade|rollout|migration|add-?on))\b", re.IGNORECASE)
THE_X_DEAL = re.compile(r"\bthe\s+((?:(?!(?:the|a|an|that|this|other|same)\b)[\w-]+\s+){1,3}?)(?:deal|opp|opportunity)\b",
                        re.IGNORECASE)
# "kenji says they'll revisit after their budget reset": what someone says, which names no deal
# "also they're trimming seats": what the customer is doing, said of them
THEY_ARE_DOING = re.compile(r"^\W*(?:(?:also|so|and|oh|but|ok|okay|well|plus)[,\s]+)*(?:they|he|she)(?:'re|’re|\s+are|\s+were|'ve|’ve|"
                            r"\s+have|\s+had)?\s+(?:\w+ly\s+|now\s+|still\s+)?\w+(?:ing|ed)\b", re.IGNORECASE)
SAYS = re.compile(r"^\W*[\w'’-]+(?:\s+[\w'’-]+)?\s+(?:says|said|thinks|reckons|told (?:me|us)|mentioned|wants)\b", re.IGNORECASE)


def _happened_without_a_deal(clause: str) -> bool:
    """ "SSO test went fine on friday.": what happened, naming no deal by its kind and no company (an acronym is
    a thing, not a company)."""
    name = capitalised_name(clause)
    return bool(HAPPENED.search(clause)) and not KIND_OF_DEAL.search(clause) and not (name and not name.isupper())


def _only_the_deal_shown(text: str, said: str, previous: str | None) -> str | None:
    """ "yeah that's not happening this year. kenji says they'll revisit after their budget reset. push the close to
    march 31": no clause names a deal, so the one talked about."""
    if not previous:
        return None
    others = [c for c in CLAUSE_END.split(text) if c != said and not SAYS.match(c)
              and not INTERJECTION.fullmatch(c.strip(" .!?,"))]  # "ugh." names no deal
    return None if any(_subject(c, None) for c in others) else previous


CHANGED_TO_QUOTED = re.compile(r"\b(?:change|set|make|update|switch|replace)\s+(?:it|that|this)\s+(?:to|with)\s+"
                               r"['‘\"“]([^'’\"”]{3,120})['’\"”]", re.IGNORECASE)


def update_deal(text: str, today: date, previous: str | None = None) -> dict | str:
    # "please hand the Solbrand engineering-wide rollout over to Alice": who takes the deal over, named as a colleague
    if (handed := HANDED_OVER.search(text)) and _colleague((owner := handed.group("to") or handed.group("to2")).lower()):
        rest = text[:handed.start()] + " " + (handed.group("deal") or handed.group("deal2") or "") + " " + text[handed.end():]
        found = update_deal(rest, today, previous) if CHANGE_VERB.search(rest) or phrases.stage(rest) else None
        deal = found["deal"] if isinstance(found, dict) else \
            (mention(handed.group("deal") or handed.group("deal2") or "") or _subject(text.replace(owner, " "), previous))
        if not deal:
            return "Which deal do you mean? Give me its name or id."
        return {**(found if isinstance(found, dict) else {}), "deal": deal, "owner": owner}
    text = NOT_THESE.sub(" ", text)  # "the 12,700 one, not the one that's parked because of their reorg"
    stepped = None  # the deal named where its next step is set: "set the next step on the westhaven pilot to …"
    if for_deal := STEP_FOR_DEAL.search(text):  # "next step on the 50 seats deal is getting Nadia to sign"
        step, rest = _step_and_rest(for_deal.group(2).strip().rstrip("."), today)
        text = f"{text[:for_deal.start()]} {for_deal.group(1)} {rest}"
        stepped = name_words(for_deal.group(1)) and re.sub(r"^(?:the|their|our)\s+", "", for_deal.group(1).strip(),
                                                           flags=re.IGNORECASE)
    elif step := _after(text, r"next step(?:s)?(?: is| to)?"):  # the next step's words are a value, not the deal's name
        if to := CHANGED_TO_QUOTED.search(step):
            # "the next step still says something about a renewal quote, which makes zero sense. change it to
            # 'security review call with freya dubois'": the words it is changed to
            step = to.group(1) + step[to.end():]
        step, rest = _step_and_rest(step, today)
        step = step.rstrip(".") if to else step
        text = text[:text.lower().rfind("next step")] + rest
    naming = NAMING_AMOUNT.search(text)
    values = ASIDE.sub(" ", text[:naming.start(1)] + text[naming.end(1):] if naming else text)
    if described := DESCRIBED_AMOUNT.search(values):
        values = values[:described.start(1)] + values[described.end(1):]
    # The deal is named where the change is said: "Karoo salesforce add-on is closed won!! PO came through".
    clauses = [c for c in CLAUSE_END.split(text) if phrases.stage(c) or phrases.amount(c) or _grouped_number(c)
               or phrases.day(c, today) and not HAPPENED.search(c)]
    # The clause that asks for the change, before one that merely mentions a stage ("they've had the proposal and
    # came back with redlines, so move it to negotiation").
    # ...or a clause of its own that asks for it and names the deal ("Jonas won't sign before the 12th, can you
    # change the close date on the marketing ops expansion")
    said = next((c for c in clauses if CHANGE_VERB.search(c)), None) \
        or next((c for c in CLAUSE_END.split(text) if CHANGE_VERB.search(c) and not PRONOUN.search(c) and mention(c)),
                None) or (clauses[0] if clauses else text)
    header = DEAL_HEADER.match(re.sub(r"\s*\([^()]*\)\s*(?=:)", "", unreported(text)))  # "… pilot (the 3 teams one): …"
    if header and INTERJECTION.fullmatch(header.group(1).strip()):
        header = None  # "Good news: Alice got Ashby & Thorne's … signed": no deal is called "Good news"
    # "Westhaven pilot update: legal finished …": the deal, and what kind of message this is
    headed = header and re.sub(r"\s+(?:update|news|fyi|heads up)$", "", header.group(1).strip(), flags=re.IGNORECASE)
    asking = said if CHANGE_VERB.search(said) else next((c for c in CLAUSE_END.split(text) if CHANGE_VERB.search(c)), said)
    if len(ids := [str(n) for kind, n in phrases.RECORD_ID.findall(text) if kind.lower() == "deal"]) == 1:
        deal = f"deal {ids[0]}"  # "deal 28. procurement issued the PO, mark it won": the one deal said by its id
    elif stepped:
        deal = stepped
    elif previous and PRONOUN.search(asking) and not mention(asking) \
            and not ((opening := OPENS_ON_DEAL.match(text)) and name_words(opening.group(1))
                     and not set(name_words(opening.group(1)).lower().split()) <= set(previous.lower().split())):
        # "move it to negotiation" after a question about the Kesselwerk pilot; "so that belongs in negotiation now,
        # can you move it?"
        deal = previous
    elif PRONOUN.search(asking) and not mention(asking) and (signed := COMPANY_SIGNED.match(text)) \
            and name_words(signed.group(1)) and not _colleague(signed.group(1).split()[0]):
        # "karoo signed the business pilot!! marta … sent back the countersigned order form. mark it won": that pilot
        deal = f"{signed.group(1)} {signed.group(2) or ''}".strip()
    elif not mention(asking) and GENERIC_DEAL.search(asking) and (opening := COMPANY_DID.match(text)) \
            and not _colleague(opening.group(1).lower()) and not PERSON_REPORTS.match(text):
        deal = opening.group(1)  # "Fernhollow pushed back hard on price. We landed on 31.2k … Can you update the deal?"
    elif headed and (kind := THE_X_DEAL.search(asking)) and (company := capitalised_name(headed)) \
            and company != headed.strip() and not company.isupper():
        deal = f"{company} {kind.group(1).strip()}"  # "Hoshizora came back to me — … knock the new logo deal down to 7,500"
    elif (lead := headed or (text[:text.index(":")] if 0 < text.find(":") <= 80 else None)) \
            and (kind := THE_KIND_NAMED.search(asking)) and (at := AT_COMPANY_TYPED.search(lead + ":")) \
            and at.group(1).lower() not in VOCABULARY and not _colleague(at.group(1).split()[0].lower()):
        # "update from my call w elena at tallgrass: … bring the business pilot down to 27,800": Tallgrass's pilot
        deal = f"{at.group(1)} {kind.group(1)}"
    elif headed and not CHANGE_VERB.search(headed) and not PRONOUN.search(headed):
        deal = headed  # "ironbark renewal: answers went out on friday. next step should be …"
    elif (opening := OPENS_ON_DEAL.match(text)) and not KIND_OF_DEAL.search(said) and not capitalised_name(said) \
            and name_words(opening.group(1)):
        # and the change is said in another clause, where no deal is named
        deal = re.sub(r"\s+(?:one|deal|opp)$", "", opening.group(1), flags=re.IGNORECASE)
        if naming:  # "the 15.5k kesselwerk one is slipping": the amount is added to the name below
            deal = " ".join(deal.replace(naming.group(1), " ").split())
    else:
        deal = _subject(said, previous)
        if deal and deal != previous and not name_words(deal) and deal == deal.lower() and (kind := _deal_by_kind(text)):
            deal = kind  # "… on the westhaven business pilot 👍 … — oh and they added another team so the amount goes up"
        deal = deal or (previous is None and KIND_OF_DEAL.fullmatch(residual_words(said) or "")
                                            and residual_words(said).lower().replace("’", "'").removesuffix("'s")) \
            or _deal_by_kind(text) or _only_the_deal_shown(text, said, previous) \
            or _subject(text, previous)  # "… push the pilot's close date": the pilot of the company said before
        told = next((c for c in CLAUSE_END.split(text) if DEAL_CALLED.search(c)), "")
        if deal and PRONOUN.search(said) and not _subject(said, previous) and (kind := DEAL_CALLED.search(told)) \
                and (company := capitalised_name(told)) and kind.group(1).lower() not in deal.lower():
            # "Nordvik's legal team won't get to the multi-year agreement … so move it to proposal": the company
            # and the kind of deal the story names, not the story's words
            deal = f"{company} {kind.group(1)}"
        if deal and previous and ID_REFERENCE.match(previous) and not ID_REFERENCE.match(deal) and (
                not name_words(deal)
                or _happened_without_a_deal(clause := next((c for c in CLAUSE_END.split(text) if deal in c), ""))
                or THEY_ARE_DOING.match(clause) and not capitalised_name(clause)):
            # "also they're trimming seats, so amount is 31,500 now": what the customer does names no deal either
            # "demo's booked for dec 2. change the next step to …" after the deal was shown; "SSO test went fine on
            # friday. change the next step to …": what happened names no deal
            deal = previous
        elif deal and previous and previous.startswith("deal ") and (who := PERSON_REPORTS.search(text)) \
                and who.group(1) == deal:
            deal = previous  # "Mariam just told me they'd rather sign in January. Move the close date …": her deal
        elif deal and (who := PERSON_REPORTS.search(text)) and who.group(1) == deal \
                and (told_about := residual_name(text.replace(who.group(0), " , "))):
            # "granite peak are going to 60 seats — Javier confirmed on our call friday. bump their seats deal":
            # who said it is not the deal; the company the story names is
            deal = told_about
    if deal and ID_REFERENCE.match(deal) or deal == stepped:
        pass  # "deal 50", as the conversation resolved it: already exactly one
    elif deal and deal != headed and (named := residual_words(said)) and len(named.split()) > len(deal.split()) \
            and deal.lower() in named.lower():
        # "Acme signed the team plan expansion!!", "Kesselwerk accepted our proposal for the business pilot":
        # more than the company, to tell its deals apart.
        deal = named
    elif said is not text and deal and deal == deal.lower() and len(deal.split()) <= 3 \
            and (named := residual_words(text.replace(said, " , "))) and deal not in named.lower():
        # "juniper ridge wants to add their radiology team — bump the rollout deal to 26.5k": the company is named
        # in another clause; the lookup ranks deals by the words they share with all of it.
        deal = f"{named} {deal}"
    elif deal and deal == deal.lower() and deal != previous and not ID_REFERENCE.match(deal) and not name_words(deal) \
            and (names := name_words(text)) \
            and not set(names.lower().split()) & set(deal.lower().split()):
        # "tienda azul told carla they're not going ahead with the 50 additional seats. mark that deal lost": what
        # the deal is for, of the company the message names
        deal = f"{names} {deal}"
    if not deal:
        return "Which deal do you mean? Give me its name or id."
    args: dict[str, Any] = {"deal": f"{deal} {naming.group(1)}" if naming else deal}
    if stage := phrases.stage(values):
        args["stage"] = stage
    if found := _corrected_amount(values) or phrases.amount(values) or _grouped_number(values):
        args["amount"] = float(found[0])
    close = CLOSE_DATE_SAID.search(values)  # "went out on friday … move the close date to dec 19": the close date's
    # Beside a new next step, a day is the close date only when said to be ("did the deep dive on friday, next
    # step is ..." tells when something happened).
    dated = close or not step or MOVES_A_DATE.search(values)
    # "the reference call happened on Thursday … move it to negotiation": a day something happened is no close date
    dates = " ".join(c for c in re.split(CLAUSE_END.pattern + r"|\s-\s", values)  # "… on friday - they've seen …"
                     if not HAPPENED.search(c) or MOVES_A_DATE.search(c) or CLOSE_DATE_SAID.search(c))
    # "isn't making jan 15 … push it to feb 26": the day it is pushed to, not the one it misses
    pushed = PUSHED_TO.search(dates)
    # ("tienda azul closing wednesday … push it to march 31": the day it is pushed to, not the one it closes on now)
    if dated and (day := pushed and phrases.day(pushed.group(1), today) or close and phrases.day(close.group(1), today)
                  or phrases.day(dates, today)):
        args["expected_close_date"] = day.isoformat()
    if step:
        args["next_step"] = step
    if (fields := FIELDS_ASKED.search(text)) and "expected_close_date" in args and not close:
        # "proposal went to Zara on friday … can you update the stage and the amount": a day said in passing is
        # no close date when the fields to change are named
        if "expected_close_date" not in {field for word, field in DEAL_FIELDS.items() if word in fields.group(1).lower()}:
            del args["expected_close_date"]
    if len(args) == 1:
        return f"What should change on {deal}: the stage, amount, close date or next step?"
    return args


PUSHED_TO = re.compile(r"\b(?:push|pushed|move|moved|slip|slipped|shift|shifted|bump|bumped)\s+(?:it|that|this|them|the (?:close )?date)"
                       r"(?:\s+(?:out|back))?\s+(?:to|until|till)\s+(\S+(?:\s+\S+){0,2})", re.IGNORECASE)
DEAL_FIELDS = {"stage": "stage", "amount": "amount", "value": "amount", "close date": "expected_close_date",
               "closing date": "expected_close_date", "next step": "next_step"}
_FIELD = r"(?:stage|amount|value|close date|closing date|next step)"
FIELDS_ASKED = re.compile(r"\b(?:update|change|set|fix|adjust|correct)\s+(?:the\s+|its\s+)?(" + _FIELD +
                          r"(?:\s*(?:,|and|&|\+)\s*(?:the\s+|its\s+)?" + _FIELD + r")*)\b", re.IGNORECASE)


# "there's no way that's 72,300 — someone fat-fingered an extra zero, it should be 7,230": the amount it should be, not
# the one it is
CORRECTED_AMOUNT = re.compile(r"\b(?:should (?:be|have been|read|say)|(?:is|'s|’s) (?:really|actually)|supposed to be|"
                              r"meant to be|correct (?:one|amount|number|figure) is)\s+(?:more like\s+)?([$€£]?\d[\d,.]*\s?k?)\b",
                              re.IGNORECASE)


def _corrected_amount(text: str):
    said = CORRECTED_AMOUNT.search(text)
    return said and (phrases.amount(said.group(1)) or _grouped_number(said.group(1)))


def _grouped_number(text: str):
    """ "make it 11,000": a number with thousands separators is an amount even without a currency."""
    match = re.search(r"(?<![\w.])(\d{1,3}(?:,\d{3})+)(?!\d|,\d)", text)  # "is now 24,500, and ..."
    return (float(match.group(1).replace(",", "")), None) if match else None


# "mark 118 as solved": a bare number right after the verb of a ticket change is the ticket's id.
BARE_TICKET = re.compile(r"\b(?:mark|set|close|reopen|re-open|put|escalate|update|change|bump|lower|raise|solve)\s+#?"
                         r"(\d{1,7})\b(?!\s*(?:k\b|%|days?\b|weeks?\b))", re.IGNORECASE)
TICKET_PHRASE = re.compile(r"\b(?:the|that|this|my|our|their|his|her|a)\s+((?:[\w#'’-]+(?:\.\w+)*\s+){0,4}?)tickets?\b"
                           r"(?:\s+(?:from|of|for|at|with|by)\s+((?:[\w&'’.-]+\s*){1,4}))?", re.IGNORECASE)


# ... and by whose it is: "wei ferreira's can't-log-in ticket", "umbrella's outage ticket"
OWNED_TICKET = re.compile(r"\b((?:(?!(?:on|to|for|the|a|an|and|mark|set|close|put|move|update|log|add|about|with|from|in|at|of|"
                          r"is|was|so|that|this|his|her|their|my|our|re|note|bump|drop|raise)\b)[\w-]+\s+)?"
                          r"[\w-]+['’]s\s+(?:[\w#'’-]+(?:\.\w+)*\s+){0,3}?)tickets?\b()", re.IGNORECASE)
# A ticket described before a dash or colon, then pointed at: "the wattlebird double charge - … knock that one down"
TICKET_HEADER = re.compile(r"^\W*(?:(?:and|also|oh|ok|so)\W+)?(?:the|that|our|their)\s+((?:[\w'’#-]+\s+){0,5}?[\w'’#-]+)"
                           r"(?:\s+[-—–]\s|:\s)")
# "Arjun Dubois says the widget loads fine now. Mark his ticket as solved.": the ticket of the person named.
PERSONS_TICKET = re.compile(r"\b(?:his|her)\s+(?:[\w-]+\s+){0,2}?tickets?\b", re.IGNORECASE)
FULL_NAME = re.compile(r"\b(?-i:[A-Z])[\w'’-]+\s+(?-i:[A-Z])[\w'’-]+\b")


def ticket_reference(text: str) -> str | None:
    """A ticket named by its words: "the 429 ticket from Stackhouse" -> "Stackhouse 429", "the new Kauri SCIM
    ticket" -> "Kauri SCIM", "umbrella's outage ticket" -> "umbrella's outage" (the look-up matches a ticket's
    subject and its company's name)."""
    owned = OWNED_TICKET.search(text)
    if not (found := TICKET_PHRASE.search(text)) or owned and owned.start() < found.start() \
            and not found.group(1).strip() and not found.group(2):
        found = owned or found
    if not found:
        return None
    if re.search(r"\bthere(?:'s|’s| is)\s+a\s+ticket\b", found.group(0), re.IGNORECASE) \
            and (told := residual_words(text[:found.start()])):
        return told  # "wattlebird turned on SSO enforcement and locked their contractors out, there's a ticket somewhere"
    def named(words: str | None, stop_early: bool) -> list[str]:
        kept = []
        for word in words.split():
            if word.lower().strip(".,!?") in VOCABULARY:
                if stop_early and kept:
                    break
                continue
            kept.append(word.strip(".,!?"))
        return kept
    words = named(found.group(2) or "", True) + named(found.group(1) or "", False)
    # "the Sampaguita ticket about VAT being added despite reverse charge": what it is about names it too.
    # ("… about the prepay invoicing, what exactly is he after?": up to the comma)
    if about := re.match(r"\s+(?:about|re|regarding|on|where|with|saying|that says)\s+([^.,;:!?—–]+)", text[found.end():],
                         re.IGNORECASE):
        # ("his ticket on the API 503s from october 8th": what it is about, not when; "503s" are 503 errors)
        told = re.split(r"\s+(?:from|since|on|back in)\s+(?:\d|" + MONTH_NAMES + r")", about.group(1), maxsplit=1,
                        flags=re.IGNORECASE)[0]
        words += named(re.sub(r"\b(\d{3})s\b", r"\1", " ".join(told.split()[:8])), False)
    return " ".join(words) or None


MONTH_NAMES = r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"
LOG_ON_THE_TICKET = re.compile(r"\b(?:log|record|put|add)\b[^.!?\n]{0,40}?\bon\s+(?:the|that|this|his|her|their)\s+ticket\b",
                               re.IGNORECASE)


TICKET_CHANGE = re.compile(r"\b(?:mark|marked|set|make|put|move|change|reopen|re-open|solve|should be|can be|is now|"
                           r"to|as|back)\b|\bclose(?=\s+(?:it|this|that|the|ticket|out|#?\d))|(?:→|->|=>)\s*\w|"
                           r"^\W*(?:please\s+|pls\s+)?(?:close|solved|resolved|closed|pending|reopened)\b", re.IGNORECASE)


AT_COMPANY = re.compile(r"\b(?:at|from)\s+((?-i:[A-Z])[\w&'’.-]+(?:\s+(?-i:[A-Z])[\w&'’.-]+)*)")
# "w/ nadia castillo at granite peak — she's signed off …": a company typed in lower case, up to the punctuation
AT_COMPANY_TYPED = re.compile(r"\b(?:at|from)\s+((?!(?:the|a|an|my|our|their|this|that|least|last|all|some|once)\b)"
                              r"[\w&'’.-]+(?:\s+[\w&'’.-]+){0,2}?)(?=\s*[—–,;:!?]|\s+-\s|\.\s|\s*$)", re.IGNORECASE)
# "ok that was weeks ago so it's long sorted": a remark on the ticket shown, which names no other
REMARK_ON_THE_ONE_SHOWN = re.compile(
    r"(?:^|(?<=[.!?;]))\W*(?:(?:ok|okay|ah|right|well|yeah)\W+)*(?:that|it|this)(?:'s|’s|\s+(?:was|is|has|had|got))\b"
    r"[^.!?;]*?\b(?:ago|sorted|fixed|resolved|handled|dealt with|old news|over|done)\b[^.!?;]*[.!?;]?", re.IGNORECASE)
POINTED_TICKET = re.compile(r"\b(?:that|this|the) (?:ticket|one|case)\b", re.IGNORECASE)


def _described_ticket(text: str) -> str | None:
    """ "The Nilgiri question about SCIM attribute mapping got sorted on a call. Mark that ticket solved": a ticket
    pointed at in one sentence and told in the sentences before it, by all their telling words (the look-up ranks
    tickets by the words they share)."""
    sentences = CLAUSE_END.split(text.strip())  # "… did the trick, so you can mark that ticket solved" too
    if len(sentences) < 2 or not POINTED_TICKET.search(sentences[-1]):
        return None
    # (only words that tell it apart describe it: "yeah that's what happened, he got back in once it lifted" does not)
    told = residual_words(" ".join(sentences[:-1]))
    return told if told and (name_words(told) or capitalised_name(" ".join(sentences[:-1]))) else None


# "drop it to normal": the priority after "to" is the one asked for, whatever other was mentioned.
PRIORITY_ASKED = re.compile(r"\b(?:to|as|into|make (?:it|that|this))\s+(?:a\s+)?(?:urgent|critical|high|low|normal)\b", re.IGNORECASE)
# "it doesn't need to be urgent anymore, make it high", "it's not urgent anymore": the priority it is not to keep
PRIORITY_NOT = re.compile(r"\b(?:not|isn['’]?t|no longer|(?:doesn['’]?t|does not|don['’]?t|do not) need to be|needn['’]?t be)\s+"
                          r"(?:really\s+|that\s+|so\s+)?(?:urgent|critical|high|low|normal)\b(?:\s+any\s?more)?", re.IGNORECASE)
# "bump it up from low to normal": the value it has now is not the value asked for.
FROM_VALUE = re.compile(r"\bfrom\s+[\w-]+(?:\s+priority)?(?=\s+(?:to|into|->|→)\s)", re.IGNORECASE)
# "take it off pending": the status it leaves, so it goes back to open
SHOWN_AS = re.compile(r"\b(?:down|listed|showing|shows?|marked|flagged|tagged)\s+(?:up\s+)?as\s+(?:an?\s+)?\w+", re.IGNORECASE)
CATEGORY_NAMED = re.compile(r"\b(?:category|(?:re)?categori[sz]e(?:\s+(?:it|this|that|the ticket))?)\s+(?:to|as|into)\s+(?:an?\s+)?"
                            r"(billing|bug|how[ -]to|question|outage|feature(?: request)?|account|other)\b", re.IGNORECASE)
OFF_A_STATUS = re.compile(r"\b(?:off|out of)\s+(?:pending|hold|on hold)\b|\bno longer\s+(?:on\s+)?(?:pending|on hold)\b", re.IGNORECASE)


UNTIL = re.compile(r"\s+\b(?:till|until|til|once|unless|as soon as|while (?:we|they|i|you|he|she|eng|engineering|finance|legal|[a-z]+ (?:checks|looks|waits|confirms|"
                   r"tests|reviews|sorts|fixes)))\b.*$", re.IGNORECASE)  # for how long, not which ("while gabriel checks …")


def update_ticket(text: str, today: date, previous: str | None = None) -> dict | str:
    text = OFF_A_STATUS.sub("back to open", FROM_VALUE.sub(" ", text))
    if (remarked := REMARK_ON_THE_ONE_SHOWN.sub(" ", text).strip()) and TICKET_CHANGE.search(remarked):
        text = remarked  # ("that was weeks ago so it's long sorted. mark the ticket solved")
    bare = BARE_TICKET.search(text)
    # "put that ticket on pending while we wait for finance": how long is not which ticket
    told = ticket_reference(" ".join(UNTIL.sub("", c) for c in CLAUSE_END.split(text)))
    if told and (company := AT_COMPANY.search(text)) and company.group(1).lower() not in told.lower() \
            and company.group(1).lower() not in VOCABULARY:
        told = f"{company.group(1)} {told}"  # "Tenzin at Lumière confirmed … That salesforce sync ticket": Lumière's
    if not told and PERSONS_TICKET.search(text) and (person := FULL_NAME.search(text)):
        told = person.group(0)
    if not told and (header := TICKET_HEADER.match(text)) and PRONOUN.search(text[header.end():]):
        told = residual_words(header.group(1))  # "and the wattlebird double charge - … knock that one down to high"
    # "they're fine with the workaround. put it on pending till eng ships the fix": the clause asking says "it"
    asked = [UNTIL.sub("", c) for c in CLAUSE_END.split(text) if TICKET_CHANGE.search(c)]
    pointed = previous if previous and asked and PRONOUN.search(asked[-1]) and not mention(asked[-1]) \
        and not capitalised_name(text) else None  # (not "the Wattlebird double charge … mark it solved")
    # "the initech 'delete my account' one": a ticket named by its words in quotes
    if quoted := re.search(r"(?<!\w)['‘\"“]([^'’\"”]{2,60})['’\"”]\s+(?:one|ticket|request|issue)\b", text):
        told = quoted.group(1)
    # "cool, alice is replying with that now. stick the ticket on pending …" after ticket 30 was read: that ticket
    the_one_read = previous if previous and previous.startswith("ticket ") and ID_REFERENCE.match(previous) \
        and re.search(r"\b(?:the|that|this) ticket\b(?!\s+(?:about|from|for|of|re|with|where)\b)", (asked or [text])[-1],
                      re.IGNORECASE) else None
    ticket = _ticket(text) or (bare and bare.group(1)) or told or the_one_read or _described_ticket(text) or pointed \
        or _subject(text, previous)
    if not ticket:
        return "Which ticket do you mean? Give me its number."
    args: dict[str, Any] = {"ticket": ticket}
    # ("the throughput numbers are back to normal": how things are, not a priority)
    said_priority = PRIORITY_NOT.sub(" ", re.sub(r"\b(?:are|is|was|were|looks?|looking|seems?)\s+(?:all\s+)?back to normal\b", " ",
                                                 text, flags=re.IGNORECASE))
    if priority := _first(PRIORITY, (PRIORITY_ASKED.search(said_priority) or [said_priority])[0]):
        args["priority"] = priority
    # The status is read where the change is asked for: "…blocking their month-end close. Make it urgent." closes nothing.
    asked = [c for c in CLAUSE_END.split(text) if TICKET_CHANGE.search(c)] or [text]
    status_text = re.sub(r"\b(urgent|high|low|normal)\b", "", " ".join(asked), flags=re.IGNORECASE)
    # "been parked on pending since Thursday, put it back to open": the status it goes to, not the one it has
    target = STATUS_TARGET.search(status_text)
    # "close it out (closed, not just solved)": the status it is not to get is left out
    status_text = re.sub(r"\bnot\s+(?:just\s+|only\s+|merely\s+)?(?:solved|resolved|closed|pending|open)\b", " ", status_text,
                         flags=re.IGNORECASE)
    if status := _first(TICKET_STATUS, (target.group(1) or target.group(2)) if target else status_text.replace(f"ticket {ticket}", "")):
        args["status"] = status
    # "isn't really a how-to, it's a feature ask": the category it is not is left out
    # ("never really a bug, so recategorise it as a how-to")
    # ("it's really a how-to rather than a bug")
    said_category = re.sub(r"\b(?:isn'?t|is not|wasn'?t|was not|not|never|rather than|instead of)\s+(?:really\s+|actually\s+)?"
                           r"(?:a|an)\s+[\w-]+", " ", text, flags=re.IGNORECASE)
    if re.search(r"\b(is (?:really |actually )?a|category|(?:re)?categori[sz]e|as a|it'?s a)\b", text, re.IGNORECASE) \
            and (category := _first(CATEGORY, said_category)):
        args["category"] = category
    # "switch the category to other so it stops counting as an account issue": the category it is set to
    if named := CATEGORY_NAMED.search(text):
        args["category"] = _first([*CATEGORY, ("other", ("other",))], named.group(1)) or args.get("category")
    if len(args) == 1:
        return f"What should change on ticket {ticket}: its status, priority or category?"
    return args


NEW_TITLE = re.compile(r"\b(?:moved into|stepped into|took over)\s+(?:as\s+)?(?:the |a |an )?(.+?)\s+(?:role|position|job)\b|"
                       r"\b(?:became|took over as|(?:got |was |been |has been )?(?:promoted|bumped up|moved up|stepped up) to)\s+"
                       r"(?:the |our |their |a |an )?(.+?)"
                       r"(?=\s*(?:[,.;!?]|$| at | for | and | last | this | in | on | back | yesterday\b))|"
                       # "Lucía Reyes got promoted, she's Head of Delivery now"
                       r"\bpromoted\b.{0,20}?\b(?:she|he|they)(?:'s|’s| is| are)\s+(?:now\s+)?(?:the |our |their |a |an )?"
                       r"((?-i:[A-Z])[\w&/ -]+?)(?=\s*(?:[,.;!?]|$| now\b| at | for | and ))|"
                       # "isn't CTO anymore - she's Chief Product Officer now": a capitalised title said with "now"
                       r"\b(?:she|he|they)(?:'s|’s| is| are)\s+(?:the |our |their |a |an )?"
                       r"((?-i:[A-Z])[\w&/-]+(?:\s+(?:of\s+|and\s+|&\s+)?(?-i:[A-Z])[\w&/-]*|\s+(?:and|&)\s+[\w-]+){0,5})\s+now\b|"
                       # ("wei ferreira over at kesselwerk is now Head of Information Security")
                       r"\b(?:she|he|they|(?-i:[a-z])[\w'’-]+)(?:'s|’s| is| are)\s+now\s+(?:the |our |their |a |an )?"
                       r"((?-i:[A-Z])[\w&/-]+(?:\s+(?:of\s+|and\s+|&\s+)?(?-i:[A-Z])[\w&/-]*){0,5})(?=\s*(?:[,.;!?]|$| at | for | and ))|"
                       # "he's head of infrastructure now, not head of IT": a title said in lower case, by its first word
                       r"\b(?:she|he|they)(?:'s|’s| is| are)\s+(?:now\s+)?(?:the |our |their |a |an )?((?:head|director|vp|svp|"
                       r"evp|chief|senior|lead|principal)\b[\w&/ -]{2,50}?)(?=\s+now\b)|"
                       # "she moved over to Head of Procurement", "he's switched to VP Sales": a title-like capitalised role
                       r"\b(?:moved|switched|changed|stepped|transferred|gone|went)\s+(?:over\s+|across\s+|up\s+)?(?:in)?to\s+"
                       r"(?:the |a |an )?((?-i:Head|Director|VP|SVP|EVP|Chief|Senior|Lead|Principal|Global|Regional|[A-Z]{2,4}\b)"
                       r"[\w&/-]*(?:\s+(?:of\s+|and\s+|&\s+)?(?-i:[A-Z])[\w&/-]*){0,5})(?=\s*(?:[,.;!?]|$| at | for | and | now\b))|"
                       # "he moved from chief of staff to head of procurement": the title it went to
                       r"\b(?:moved|switched|changed|gone|went)\s+(?:roles?\s+)?from\s+(?:being\s+)?(?:the |a |an )?[\w ]{2,40}?\s+to\s+"
                       r"(?:be\s+)?(?:the |a |an )?((?:head|director|vp|svp|evp|chief|senior|lead|principal|manager|cfo|cto|ceo|coo|"
                       r"ciso|cio)\b[\w&/ -]{0,50}?)(?=\s*(?:[,.;!?]|$| at | for | and | now\b))|"
                       # "she was made CIO last month"
                       r"\b(?:was|got|been|has been|is|just) made\s+(?:the |our |their |a |an )?((?-i:[A-Z])[\w&/ -]+?)"
                       r"(?=\s*(?:[,.;!?]|$| at | for | and | last | this | in | on | from | back ))|"
                       # "make sure the CRM shows Kwame Kaur at Nordvik as IT Manager now"
                       r"\bshows?\s+(?-i:[A-Z])[\w'’-]+(?:\s+(?-i:[A-Z])[\w'’-]+)?\b.{0,30}?\s+as\s+(?:the |our |their |a |an )?"
                       r"((?-i:[A-Z])[\w&/ -]+?)(?=\s*(?:[,.;!?]|$| now\b| at | for | and ))",
                       re.IGNORECASE)


# "her title is now Head of Revenue Operations — update that"
TITLE_IS = re.compile(r"\b(?:job\s+)?title\s+(?:is\s+now|is|to|should be|=|:)\s+(?:now\s+)?(?:the\s+)?(.+?)"
                      r"(?=\s*(?:[,;!?]|\.\s|\.$|\s[—–-]\s|$| at | for | and | so | now\b))", re.IGNORECASE)


# "so put CEO as her title instead of COO"
TITLE_PUT = re.compile(r"\b(?:put|make|set|use|have|list|show)\s+(?:down\s+)?(?:the\s+)?([^\s,.;!?][^,.;!?]{0,40}?)\s+as\s+"
                       r"(?:his|her|their|the)\s+(?:job\s+)?title\b", re.IGNORECASE)


# "isn't Director of Product Ops at Dasol anymore", "no longer the CFO", "VP Product now, not director of product ops": the
# old title, neither a name nor a value
OLD_TITLE = re.compile(r"\(\s*(?:was|formerly|previously|ex)\b[^)]{1,60}\)|"  # "(was CISO)"
                       r"\b(?:isn'?t|is not|no longer|not)\s+(?:the\s+|a\s+|an\s+|their\s+)?[^,.;!?]{2,60}?\s+(?:anymore|any more)\b|"
                       r"\bno longer\s+(?:the\s+|a\s+|an\s+|their\s+)?[^,.;!?]{2,60}?(?=[,.;!?])|"
                       r"(?<=\bnow),?\s+not\s+(?:the\s+|a\s+|an\s+)?[^,.;!?]{2,60}?(?=[,.;!?]|\s[-—–]\s)", re.IGNORECASE)


TITLE_SMALL_WORDS = frozenset("of and the for in to".split())
TITLE_ACRONYMS = frozenset("it hr vp svp evp ceo cfo cto coo cio cmo cro ciso pmo bi".split())


def _title_cased(title: str) -> str:
    """ "head of infrastructure" is written as a title: "Head of Infrastructure", "vp of it" "VP of IT"."""
    return " ".join(w.upper() if w in TITLE_ACRONYMS else w if w in TITLE_SMALL_WORDS and i else w[:1].upper() + w[1:]
                    for i, w in enumerate(title.split()))


def update_contact(text: str, today: date, previous: str | None = None) -> dict | str:
    text = OLD_TITLE.sub(" ", text)
    new_title = None
    if said := NEW_TITLE.search(text) or TITLE_IS.search(text) or TITLE_PUT.search(text):  # a value, not a name
        group = next(i for i, g in enumerate(said.groups(), start=1) if g)
        new_title = said.group(group).strip()
        text = text[:said.start(group)] + " " + text[said.end(group):]
    found = phrases.emails(text)
    new_email = None
    if found and re.search(r"\bnew (e-?mail|address)\b|\be-?mail (is|to)\b|\baddress (is|to)\b|"
                           r"\b(?:right|correct|actual|real|proper) (?:e-?mail|address)\b|"
                           # "his email address changed after their rebrand. It's kenji@… now"
                           r"\b(?:e-?mail|address)\b.{0,20}\b(?:changed|switched|moved)\b|\bchanged (?:his|her|their) "
                           r"(?:e-?mail|address)\b|@[\w.-]+\s+(?:now|from now on|going forward)\b|\b(?:now|switched) (?:uses|to)\s+\S+@|"
                           # "her old address bounces, new one is chloe.mensah@…"
                           r"\b(?:old|previous) (?:e-?mail|address)\b.{0,60}\bnew one\b|\b(?:e-?mail|address)\b.{0,30}\bbounc|"
                           # "the address in the crm is missing the i … her actual one is lucia.reyes@…"
                           r"\b(?:actual|real|right|correct|proper|current|new) one (?:is|should be)\s+\S+@|"
                           # "someone fat-fingered sebastián nieminen's email at acme, it should be sebastian.nieminen@…"
                           r"\b(?:it|that|this|which)\s+should (?:be|read|say)\s+\S+@",
                           text, re.IGNORECASE):
        new_email = found[-1]
        found = found[:-1]
        text = text.replace(new_email, " ")  # a value, not who it is of
    contact = found[0] if found else (phrases.record_ids(text).get("contact") and f"contact {phrases.record_ids(text)['contact']}") \
        or named_person_at(text) or (first := OPENS_ON_FIRST_NAME_AT.match(text)) and f"{first.group(1)} {first.group(2)}" \
        or capitalised_name(text) or (whose := WHOSE_DETAIL.search(text)) and whose.group(1) \
        or _subject(text, previous)  # "Ngozi Osei at Quarrystone": the person, not the company
    if not contact:
        return "Which contact do you mean? Give me their name or e-mail."
    after = text[text.find(contact) + len(contact):] if contact in text else text[first.end():] \
        if (first := OPENS_ON_FIRST_NAME_AT.match(text)) else ""
    if (which := WHICH_ONE.search(after)) and "@" not in contact:
        contact = f"{contact} {which.group(1)}"  # "Siobhan O'Brien (the Nusantara one, not sierra alta)"
    args: dict[str, Any] = {"contact": contact}
    if new_email:
        args["email"] = new_email
    if phone := PHONE.search(text):
        args["phone"] = phone.group(0).strip()
    if (title := new_title or _after(text, r"(?:job )?title (?:to|is|as)", r"\bis now (?:the |our |their )?", r"promoted to")) \
            and "@" not in title and title.lstrip("\"“”'‘’ ")[:1].isalpha():
        # "his address is now jonas@…", "her direct line is now +44 20 …": an e-mail or a number, not a title
        # "promoted to Head of Data 👏 and …": an emoji ends the title as it ends a sentence
        title = re.split(r",|;| at | for | in | - |[" + cues.EMOJI + "]", title)[0].strip().strip("\"“”'‘’").strip()
        args["title"] = _title_cased(title) if title == title.lower() else title
    lowered = text.lower()
    # "still shows up as an MQL which is just wrong, he's been a customer since their pilot": the stage it should be
    shown_wrong = re.search(r"\b(?:shows?|showing|listed|marked|set|down)\s+(?:up\s+)?as\s+(?:an?\s+)?(\w+)\b(?=.{0,40}\bwrong\b)",
                            lowered)
    if shown_wrong and shown_wrong.group(1) in LIFECYCLE and (right := next(
            (s for s in LIFECYCLE if s != shown_wrong.group(1) and re.search(rf"\b(?:been|is|was|became|as|to)\s+(?:an?\s+)?{s}\b",
                                                                              lowered)), None)):
        args["lifecycle_stage"] = right
    # ("the crm still has him down as an opportunity. flip him to customer": the stage it shows is not the new one)
    elif made := re.search(r"\bmake\s+(?:him|her|them)\s+(?:an?\s+)?(" + "|".join(LIFECYCLE) + r")\b", lowered):
        args["lifecycle_stage"] = made.group(1)  # "he shouldn't be sitting as churned anymore - make him an opportunity"
    elif stage := next((s for s in LIFECYCLE if re.search(rf"\b(?:as|to|is now|now)\s+(?:an?\s+)?{s}\b",
                                                          SHOWN_AS.sub(" ", lowered))), None):
        args["lifecycle_stage"] = stage
    if len(args) == 1:
        return f"What should change for {contact}: e-mail, phone, title or lifecycle stage?"
    return args


# "jonas takahashi's address is now …": whose detail it is, typed in lower case
WHOSE_DETAIL = re.compile(r"\b((?!(?:his|her|their|the|our|my|your)\b)[a-z][\w-]+ [a-z][\w-]+)['’]s (?:new |old |current )?"
                          r"(?:e-?mail(?: address)?|address|phone(?: number)?|number|mobile|title)\b", re.IGNORECASE)


HEADER_END = re.compile(r":|\s[—–]\s|\s--\s|\?\s|\s(?:→|->|=>)\s")
LOG_REQUEST = re.compile(r"^\W*(?:(?:can|could) you\s+|please\s+|pls\s+)?(?:note|log|record)\s+(?:down\s+)?that\s+", re.IGNORECASE)


# The record an activity goes on, said outright: "on the cordillera deal", "log that call on the pilot deal"
LOGGED_ON = re.compile(r"\b(?:log|logged|record|note|add|put|file)\b[^.!?\n]{0,50}?\b(?:on|against|to) (?:the |their |his |her |that |this )?"
                       r"((?:(?!(?:the|a|an)\b)[\w&'’.-]+ ){1,4}?)(deal|opp|opportunity|ticket|account)\b", re.IGNORECASE)
ON_RECORD_ID = re.compile(r"\b(?:log|logged|record|note|add|put|file)\b[^.!?\n]{0,30}?\b(?:on|against|to) "
                          r"(deal|ticket|contact|company) #?(\d+)\b", re.IGNORECASE)
# "… they want 5 more seats. log that call on the deal": the closing request is not part of what happened
# A sentence that asks for the log, with what the caller says after it ("… log it as a call on her ticket. don't close
# it yet, i'll do that tomorrow"): not what happened
LOG_SENTENCE = re.compile(r"(?<=[.!?])\s+(?:(?:pls|please|can you|could you|can u)\s+)?(?:log|record|note)\s+(?:it|that|this)\s+"
                          r"(?:as\s+an?\s+\w+\s+)?(?:on|against|to)\b.*$", re.IGNORECASE | re.DOTALL)
TRAILING_LOG_REQUEST = re.compile(r"(?:[.;,!]\s*|\s+[—–-]\s+|\s+(?:so|and)\s+)(?:(?:pls|please|can you|could you|can u)\s+)?"
                                  r"(?:log|record|note|add|put|file|stick|pop|save|drop)\s+(?:that|this|it|the(?=\s+(?:call|meeting|demo|chat)\b))"
                                  r"(?:\s+(?:call|meeting|email|e-mail|note|demo|chat))?(?:\s+as\s+an?\s+(?:call|meeting|email|e-mail|"
                                  r"note|demo))?\s+(?:on|against|to)\s+[^.!?]*[.!?]?\s*$|"
                                  # "… she wants pricing for 2 more departments. log as a meeting pls"
                                  r"[.;,!]\s*(?:(?:pls|please|can you|could you|can u)\s+)?(?:log|record)\s+(?:(?:that|this|it)\s+)?as\s+"
                                  r"an?\s+(?:call|meeting|email|e-mail|note|demo)\s*(?:pls|please|thanks|thx)?\W*$", re.IGNORECASE)
# "… log the call on silverpine pls", "… log it as a meeting on the ombú engineering-wide rollout": the closing request
# names the record, whatever kind it is
LOGGED_ON_AT_END = re.compile(r"(?:^|[.;,!]\s*|\s+[—–-]\s+|\s+(?:so|and)\s+)(?:(?:pls|please|can you|could you|can u)\s+)?"
                              r"(?:log|record|file|put)\s+(?:that|this|it|the(?=\s+(?:call|meeting|demo|chat)\b))"
                              r"(?:\s+(?:call|meeting|email|e-mail|note|demo|chat))?(?:\s+as\s+an?\s+(?:call|meeting|email|e-mail|"
                              r"note|demo))?\s+(?:on|against|to|under)\s+(?:the\s+|their\s+)?"
                              r"((?!(?:it|that|this|them|him|her|there)\b)[^.!?,;]{3,60}?)\s*(?:,?\s*(?:pls|please|thanks|thx|ty))?\W*$",
                              re.IGNORECASE)
POINTER_WORDS = frozenset("deal deals contact company account ticket timeline record opp opportunity profile card crm his her "
                          "their its my our the that this".split())
PASTED_QUOTE = re.compile(r"\"[^\"]{40,}\"|“[^”]{40,}”")


# What says which record a change is not about: "…, not on the old lost deal"
NOT_ON_THAT_ONE = re.compile(r",?\s*\b(?:but\s+|and\s+)?not\s+(?:on|to|in|for|against|under)\s+(?:the|that|this|their|his|"
                             r"her)\b[^,.;!?]*", re.IGNORECASE)


ON_THEIR_CONTACT = re.compile(r"\b(?:on|to|against|under)\s+(?:his|her|their)\s+(?:own\s+)?contact(?:\s+record)?\b",
                              re.IGNORECASE)


# "had lunch with inês nguyen (acme's cfo) today": a person named in full, who they are said in brackets
WITH_PERSON_BRACKETED = re.compile(r"\b(?:with|met|called|rang|phoned|to)\s+([^\W\d_][\w'’-]*\s+[^\W\d_][\w'’-]*)\s*\([^()]{2,60}\)",
                                   re.IGNORECASE)


# "heads up …: jonas hoang (their head of data) asked us to stop emailing him": someone named, their role in brackets,
# at the start of what is told
TOLD_OF_BRACKETED = re.compile(r"(?:^|[:.;!?]\s+|[—–-]\s+)([^\W\d_][\w'’-]*\s+[^\W\d_][\w'’-]*)\s*\([^()]{2,60}\)")


def _person_bracketed(text: str) -> str | None:
    said = WITH_PERSON_BRACKETED.search(text)
    return said.group(1) if said and not any(w in VOCABULARY or _colleague(w) for w in said.group(1).lower().split()) else None


def log_activity(text: str, today: date, previous: str | None = None) -> dict | str:
    """ "log call w/ Cordillera — Samuel says ...": the header names the record and the kind of activity, the
    rest says what happened."""
    # (a record named by its words, "API returning 503"; a bare company's name may have many records)
    if previous and (ID_REFERENCE.match(previous) or POINTER_FIRST.match(text) and len(previous.split()) >= 2) \
            and (on_it := NOTE_ON_IT.search(text)):  # "bump it to urgent and put a note on it that i've asked …"
        return {"record": previous, "type": "note", "summary": on_it.group(1).strip().rstrip(".")}
    text = NOT_ON_THAT_ONE.sub("", text)  # "put it on his contact pls, not on the old lost deal"
    end = HEADER_END.search(text)
    header, rest = (text[:end.start()], text[end.end():].strip()) if end else (text, "")
    named_on = LOGGED_ON.search(PASTED_QUOTE.sub(" ", text))  # "log this as an email from Samuel on the cordillera deal"
    at_end = None if named_on else LOGGED_ON_AT_END.search(text)
    if at_end and set(at_end.group(1).lower().split()) <= POINTER_WORDS:
        at_end = None  # "… on their timeline", "on his contact record": the record the message is about, said again
    record = _ticket(text) and f"ticket {_ticket(text)}" or (named_on and f"{named_on.group(1).strip()} {named_on.group(2)}") \
        or (at_end and at_end.group(1).strip()) or _person_opening(text) or named_person_at(text) or _person_bracketed(text) \
        or (previous if previous and previous.startswith(("contact ", "deal ")) and WITH_THEM.search(header) else None) \
        or _subject(header, previous) or _subject(text, previous)  # "log a call with her - … SSO is a must": her
    # ("off the phone with her - … log the call" after a deal's summary: on that deal, whose contact she is)
    if by_id := ON_RECORD_ID.search(text):  # "… log that call on deal 72" (the deal shown, as the model put it)
        record = f"{by_id.group(1).lower()} {by_id.group(2)}"
    elif not _ticket(text) and (pointed := LOG_ON_THE_TICKET.search(text)) \
            and (told := ticket_reference(text[:pointed.start()])):
        # "diego novak at nordvik rang me about his ticket on the API 503s … log that call on the ticket": the ticket
        # told of, by who raised it and what it is about
        person = named_person_at(text)
        return {"record": f"{person} {told}" if person else told, "collection": "tickets",
                "type": _activity_type(text[pointed.start():]) or _activity_type(text) or "note",
                "summary": LOG_REQUEST.sub("", text[:pointed.start()].strip()).rstrip(" .,;")[:2000]}
    if not record:
        return "Which deal, company or contact should I log this on?"
    summary = rest if end and end.group().strip() != "?" and rest else LOG_REQUEST.sub("", text.strip())
    if (asked := LOG_SENTENCE.search(summary)) and len(summary[:asked.start()].split()) >= 6:
        summary = summary[:asked.start()]  # "… she's logging back in tonight. log it as a call on her ticket. don't close it yet"
    summary = TRAILING_LOG_REQUEST.sub("", summary) or summary  # what happened, not the request to log it
    if said := NOTE_SAYING.search(summary):  # "and put a note on deal 36 that he's our main point of contact …"
        summary = said.group(1)
    found = {"record": record, "type": _activity_type(header) or _activity_type(text) or "note",
             "summary": summary[:2000]}
    if (sized := THE_AMOUNT_ONE.search(header)) and not re.search(r"\d", record) and sized.start() > header.find(record) >= 0:
        found["record"] = f"{record} {sized.group(1)}"  # "the sampaguita enterprise pilot, the 14.9k one that got paused"
    if ON_THEIR_CONTACT.search(text) and not _ticket(text) \
            and (person := named_person_at(text) or (said := PERSON_AT.search(text)) and said.group(1) or _person_bracketed(text)
                 or (told := TOLD_OF_BRACKETED.search(text)) and not set(told.group(1).lower().split()) & VOCABULARY
                 and told.group(1)):
        # "log a call with malik adeyemi at lakeshore county: … put it on his contact pls": his record
        found.update(record=person, collection="contacts")
    elif (pointer := POINTER_ONLY.match(record)) and not (previous and pointer.group(1) in previous):
        # "phoned nikolai at karoo about the tax exemption cert … log the call on that ticket": the ticket told
        before = text[:named_on.start()] if named_on else ""
        at = (AT_COMPANY.search(before) or AT_COMPANY_TYPED.search(before)) if pointer.group(1).lower() == "deal" else None
        # "w/ nadia castillo at granite peak — … log the call on that deal": Granite Peak's deal, not every word told
        told = at.group(1).split(". ")[0].rstrip(".") if at else residual_words(before) if named_on else None
        if told:
            found.update(record=told, collection=f"{pointer.group(1).lower()}s")
    elif (person := ON_PERSONS_RECORD.search(header)) and not _ticket(text):
        found.update(record=person.group(1), collection="contacts")  # "a note on gabriel nowak's contact (stackhouse)"
    elif not _ticket(text) and re.search(r"['’]s\s+(?:[\w'’-]+\s+){0,2}?ticket\b", header) and (told := ticket_reference(header)):
        found.update(record=told, collection="tickets")  # "a note on gabriel nowak's ticket about the renewal quote"
    elif not _ticket(text) and (ticket := NAMED_TICKET.search(header)) and ticket.group(1).lower() not in VOCABULARY:
        found.update(record=ticket.group(1), collection="tickets")  # "note for the quillfeather widget ticket: …"
    elif not named_on and not _ticket(text) and (deal := DEAL_TALKED_ABOUT.search(header)) and name_words(deal.group(1)):
        # "just got off the phone w/ Henrik Gupta re the tienda azul renewal": on the deal (which shows on its contact);
        # "about the enterprise pilot" names no company's deal
        found.update(record=deal.group(1), collection="deals")
    elif (not named_on or not name_words(record)) and (on_deal := ON_THE_DEAL.search(text)) \
            and (company := AT_COMPANY.search(text[:on_deal.start()]) or AT_COMPANY_TYPED.search(text[:on_deal.start()])):
        # "off the phone with Samuel Haddad at Cordillera Salud … Log the call on the deal": Cordillera Salud's deal;
        # "onsite with Maya at Kesselwerk … log that meeting on the pilot deal": Kesselwerk's pilot
        named = company.group(1).split(". ")[0].rstrip(".")
        found.update(record=f"{named} {on_deal.group(1)}" if on_deal.group(1) else named, collection="deals")
    elif not named_on and (on_deal := ON_THE_DEAL.search(text)) and not on_deal.group(1) \
            and (told := THE_X_DEAL.search(text[:on_deal.start()])) and not set(told.group(1).split()) <= POINTER_WORDS:
        # "… so straitspoint can firm up next FY's numbers for the 50 seats deal. can you log that as an email on the
        # deal": the deal the story named
        found.update(record=f"{told.group(1).strip()} deal", collection="deals")
    elif not named_on and ON_THE_DEAL.search(text) and not ON_THE_DEAL.search(text).group(1) \
            and re.fullmatch(r"(?-i:[A-Z])[\w'’-]+(?:\s+(?-i:[A-Z])[\w'’-]+)+", record):
        # "just hung up with Gabriel Rahman — … log that call on the deal": the deal he is the contact on
        found.update(collection="deals")
    return found


# "…, the 14.9k one": the look-alike of that amount
THE_AMOUNT_ONE = re.compile(r",?\s+the\s+(\d{1,3}(?:[.,]\d+)?k|\d{1,3}(?:,\d{3})+)\s+one\b", re.IGNORECASE)
ON_PERSONS_RECORD = re.compile(r"\b(?:on|to|against)\s+((?!(?:his|her|their|the|that|this|my|our)\b)[\w'’.-]+(?:\s+[\w'’.-]+)?)['’]s\s+"
                               r"(?:contact(?:\s+record)?|record|profile|timeline)\b", re.IGNORECASE)
# "leave a note on it that …", said of the record the request before it named
POINTER_FIRST = re.compile(r"^\W*(?:and\s+|also\s+|then\s+|pls\s+|please\s+)*(?:put|add|stick|leave|pop|drop)\s+a\s+"
                           r"(?:quick\s+|short\s+)?note\s+on\s+(?:it|that|this)\b", re.IGNORECASE)
NOTE_ON_IT = re.compile(r"\b(?:put|add|stick|leave|pop|drop)\s+a\s+(?:quick\s+|short\s+)?note\s+on\s+(?:it|that|this)\s+"
                        r"(?:that|saying|to say)\s+(.{8,})$", re.IGNORECASE)
NOTE_SAYING = re.compile(r"^\W*(?:and\s+|also\s+|pls\s+|please\s+)*(?:put|add|stick|leave|pop|drop)\s+a\s+(?:quick\s+|short\s+)?"
                         r"note\s+on\s+(?:it|that|this|the \w+|(?:deal|contact|ticket|company) \d+)\s+(?:that|saying|to say)\s+(.{8,})$",
                         re.IGNORECASE)
DEAL_TALKED_ABOUT = re.compile(r"\b(?:re:?|about|regarding)\s+(?:the|their|our)\s+((?:[\w&'’.-]+\s+){1,3}?(?:renewal|pilot|"
                               r"expansion|upgrade|rollout|migration|add-?on|agreement|deal))\b", re.IGNORECASE)
WITH_THEM = re.compile(r"\b(?:with|to|from) (?:him|her)\b", re.IGNORECASE)
# "the quillfeather widget ticket", "karoo's tax exemption ticket"
NAMED_TICKET = re.compile(r"(?:\b(?:the|that|this|their|her|his)|(?<=\w['’]s))\s+((?:[\w'’.-]+\s+){0,3}?[\w'’.-]+)\s+ticket\b(?!s)",
                          re.IGNORECASE)
ON_THE_DEAL = re.compile(r"\b(?:log|logged|record|note|add|put|file)\b[^.!?\n]{0,30}?\b(?:on|against|to) (?:the|their|that) "
                         r"(?:(renewal|pilot|expansion|upgrade|rollout|migration|add-?on)\s+)?(?:deal|opp|opportunity)\b", re.IGNORECASE)


# "dmitri haddad from wisla just called me, …", "dmitri haddad (wisla) called me": a person and their company open the
# message, in any case
PERSON_OPENING = re.compile(r"^\W*(?:(?:fyi|btw|so|ok|hey|update)\W+)?([\w'’-]+\s+[\w'’-]+)(?:\s+(?:from|at|@|over at)\s+|\s*\(\s*)"
                            r"([\w'’&-]+)", re.IGNORECASE)


def _person_opening(text: str) -> str | None:
    if not (found := PERSON_OPENING.match(text)):
        return None
    words = [w.lower() for w in found.group(1).split()] + [found.group(2).lower()]
    if any(w in VOCABULARY for w in words) or all(w in common_words() for w in words):
        return None  # "the team from acme", "my boss at work"
    return f"{found.group(1)} {found.group(2)}"


POINTER_ONLY = re.compile(r"^(?:that|this|the|her|his|their)\s+(ticket|deal)$", re.IGNORECASE)


ATTACH = re.compile(r"[,;]?\s*(?:and\s+)?\b(?:attach|link|tie|add|put)\s+(?:it|this|that|the task)\s+(?:to|on|with)\s+(.+?)"
                    r"\s*[.!?]*$", re.IGNORECASE)
TASK_WORDS = re.compile(r"\b(remind|reminder|task|to-?do|follow-?up)\b", re.IGNORECASE)
TASK_REQUEST = re.compile(r"^\s*(please\s+)?(create a task to|(add|create|set)( me)? a (follow-up|task|reminder|to-?do)"
                          r"( to| for)?|todo:|to-do:|reminder:)\s*", re.IGNORECASE)
DUE_LEAD = re.compile(r"^\s*(in (?:\d+|a|one|two|three|four|five|six|seven|eight|nine|ten|a couple of|a few) (?:days?|weeks?|months?)|tomorrow|today|(?:on|by|next|this) \w+day|"
                      r"(?:on|by) the \d{1,2}(?:st|nd|rd|th)|(?:on|by) \w+\.? \d{1,2}(?:st|nd|rd|th)?)[,:]?\s+", re.IGNORECASE)
DASH_TAIL = re.compile(r"\s[-–—]\s.*$")
DUE_TAIL = re.compile(r"[.,;]?\s+\b(next|this|on|by|before|tomorrow|today|in \d+|end of|due)\b.*$", re.IGNORECASE)


_COUNT = r"(?:\d+|a|one|two|three|four|five|six|seven|eight|nine|ten|a couple of|a few)"
# ... after the day it is due: "three weeks from today i need to check whether …"
NEED_TO = re.compile(r"^\W*(?:(?:so|ok|also)\W+)?(?:(?:in " + _COUNT + r" (?:days?|weeks?|months?)|" + _COUNT +
                     r" (?:days?|weeks?|months?) from (?:now|today)|tomorrow|(?:on|by|next|this) \w+day),?\s+)?"
                     r"(?:i|we) (?:need|have|want|must|gotta|got) to (.+?)(?:[.!?](?:\s|$)|$)", re.IGNORECASE)
DUE_INSIDE = re.compile(r"\s(?:in (?:\d+|a|one|two|three|four|five|six|seven|eight|nine|ten|a couple of|a few) (?:days?|weeks?|"
                        r"months?)|tomorrow|(?:on|by|next|this) \w+day)\b", re.IGNORECASE)
IT = re.compile(r"\b(?:it|that|this|they|them)\b", re.IGNORECASE)


def _scene_before(text: str, title: str) -> str | None:
    """The sentences before the one the task was taken from: what "it" is."""
    sentences = re.split(r"(?<=[.!?" + cues.EMOJI + r"])\s+", text.strip())  # "… discount request 🙈 put a reminder in"
    at = next((i for i, s in enumerate(sentences) if title[:20].lower() in s.lower()), 0)
    scene = re.sub("[" + cues.EMOJI + r"]+$", "", " ".join(sentences[:at]).strip()).strip().rstrip(".")
    return scene if 0 < len(scene) <= 140 else None


TASK_ON_RECORD = re.compile(r"(?:^|(?<=[.!?]\s)|(?<=[" + cues.EMOJI + r"]\s))\W*(?:(?:please|pls|can you|could you)\s+)?"
                            r"(?:put|add|stick|pop|create|make|set up)\s+(?:me\s+)?"
                            r"an?\s+(?:quick\s+)?(?:task|reminder|to-?do)\s+on\s+((?:the|that|this|his|her|their)\s+.{3,80}?"
                            r"\bticket)(?:\s+for\s+(?:me|us))?\s*(?:\s[-–—]|:)\s+(.+)$",
                            re.IGNORECASE | re.DOTALL)


COMPANY_POSSESSIVE = re.compile(r"^\W*([^\W\d_][\w&.-]*(?:\s+[^\W\d_][\w&.-]*){0,2}?)['’]s\s", re.IGNORECASE)


def create_task(text: str, today: date, previous: str | None = None) -> dict | str:
    about = None
    if attached := ATTACH.search(text):  # "..., and attach it to the straitspoint 50 seats deal"
        about, text = attached.group(1), text[:attached.start()]
    head, colon, rest = text.partition(":")
    if on := TASK_ON_RECORD.search(text):  # "put a task on the wattlebird 'charged twice' ticket for me - check …"
        about, title = about or on.group(1), on.group(2)
        if (whose := COMPANY_POSSESSIVE.match(text[:on.start()])) and re.match(r"their\s", about, re.IGNORECASE):
            about = f"{whose.group(1)} {about[6:]}"  # "nordvik's leadership … 🙈 put a task on their github PR counts ticket"
    elif colon and rest.strip() and (TASK_WORDS.search(head) or phrases.day(head, today)):
        title = rest  # "add a to-do for Dec 1: chase deal desk ..."
    elif m := NEED_TO.match(text):  # "I need to check in 10 days whether … can you set that up for me?"
        title = DUE_INSIDE.sub("", m.group(1), count=1)
    elif m := re.search(r"\b(?:remind(?:er)?|task|to-?do|todo|(?:ping|nudge|poke|buzz|prod) me|let me forget|i (?:don'?t|do not) "
                        r"forget|(?:me|us) (?:a )?(?:quick )?follow[- ]?up)\b.*?"
                        # ("the day before the … rollout is supposed to close to check …": when, then what)
                        r"(?<!supposed )(?<!due )(?<!expected )(?<!meant )(?<!scheduled )(?<!set )(?<!going )"
                        r"\bto (?!(?:the|my|our|his|her|their|a|an|this|that|your)\b)(.+)$", text, re.IGNORECASE):
        title = m.group(1)  # "remind me on the 1st to ...", "put a task on my list for Wed Dec 2 to send her ..."
    else:
        title = TASK_REQUEST.sub("", text)
    title = title.strip()
    if (lead := DUE_LEAD.match(title)) and phrases.day(lead.group(1), today):
        title = title[lead.end():]  # "in 10 days ping Granite Peak ..."
    if (aside := DASH_TAIL.search(title)) and phrases.day(aside.group(0), today):
        title = title[:aside.start()]  # "chase Rosa for the redlines - thursday would be good"
    for tail in DUE_TAIL.finditer(title):  # a trailing date, but not " on the Wattlebird discount request"
        if phrases.day(tail.group(0), today):
            # ("… before carla's renewal chat with ibrahim. due wednesday": the date is in the sentence after)
            said = tail.group(0)
            if (stop := re.search(r"[.;]\s", said[1:])) and not phrases.day(said[:stop.start() + 1], today):
                title = title[:tail.start() + stop.start() + 1]
            else:
                title = title[:tail.start()]
            break
    title = title.strip().rstrip(".?") or text.strip()
    if IT.search(title) and (context := _scene_before(text, title)):
        title = f"{title} ({context})"  # "Check whether it came through (Karoo said their tax certificate is …)"
    args: dict[str, Any] = {"title": title[:1].upper() + title[1:]}
    # The date in the sentence that asks for the task: "Kenji is on holiday until the 7th of December. Put a task in
    # for the day he's back (the 8th) …" is due on the 8th.
    asking = next((s for s in re.split(r"(?<=[.!?])\s+", text) if TASK_WORDS.search(s) and phrases.day(s, today)), text)
    if day := phrases.day(asking, today):
        args["due_date"] = day.isoformat()
    said = _subject(text, previous)
    if (role := COMPANYS_ROLE.search(text)) and role.group(1).lower() not in VOCABULARY:
        said = role.group(1)  # "send nordvik's CFO the written confirmation on EU data residency": Nordvik, not the topic
    # "draft the EMEA territory plan for Q1": ordinary words name no record; a name, an id or the record talked
    # about does
    if about := about or (said if said and (said == previous or name_words(said) or ID_REFERENCE.match(said)
                                            or "@" in said or said != said.lower()) else None):
        args["about"] = about
    return args


PURPOSE = re.compile(r"\s(?:about|regarding|re:?|on|asking(?: (?:for|about|whether|if))?|ask (?:for|about|whether|if)|to (?:ask|check|confirm|see|share|"
                     r"line up|set up|schedule|book|arrange|propose|get|remind|nudge|chase|introduce|recap|walk|"
                     r"send|offer|thank|follow up)|offering|with|saying|telling|letting \w+ know|and mention(?: that)?|asked (?:me |us )?for|"
                     r"mentioning(?: that)?|explaining|to explain|"
                     # "an invite to a 45 min exec briefing on portfolio reporting": what it invites to
                     r"(?<=invite\s)to(?=\s+(?:an?|our|the)\s)|(?<=invitation\s)to(?=\s+(?:an?|our|the)\s)|"
                     # "an invite to … for our customer roundtable on DORA metrics, jan 20": the event is what it is about
                     r"for(?=\s+(?:our|the|a|an)\s+(?:[\w-]+\s+){0,3}(?:roundtable|event|webinar|dinner|meetup|workshop|summit|"
                     r"conference|breakfast|lunch|session|training|kick-?off)\b))\s+(.+)$|"
                     # "thanking him for his time", "chasing their legal feedback": the verb is part of the purpose
                     r"\s((?:thanking|proposing|chasing|reminding|inviting|requesting|nudging|checking in)\b.+)$|"
                     # "fu email to hana khan pls: short recap of the pilot results + ask for 30 min"
                     r"^[^:]{0,80}\b(?:pls|please|plz|thanks)?:\s+(.+)$",
                     re.IGNORECASE)
# "to Pedro Hoang at Juniper", "email andrés müller at karoo": the person, not their company.
PERSON_AT = re.compile(r"\b(?:to|for|email|e-mail|ping|with|w/)\s+((?!(?:to|for|with)\b)[\w'’-]+(?:\s+[\w'’-]+)?)\s+(?:at|from|@)\s+"
                       r"([\w'’&-]+(?:\s+(?-i:[A-Z])[\w'’&-]+)?)",
                       re.IGNORECASE)


def person_at(text: str) -> str | None:
    """ "Marta at Fernhollow" -> "Marta Fernhollow": the lookup finds the contact by name and company together."""
    for found in PERSON_AT.finditer(text):  # "email to gabriel @ straitspoint": not "to gabriel", from "email"
        if not set(found.group(1).lower().split()) & VOCABULARY and found.group(2).lower() not in VOCABULARY:
            return f"{found.group(1)} {found.group(2)}"
    return None


# "Ingrid Khan (CFO at Juniper Ridge) wants ... draft her a follow-up": the person named before the request
PERSON_BEFORE = re.compile(r"\b((?-i:[A-Z])[\w'’-]+\s+(?-i:[A-Z])[\w'’-]+)\s*(?:\((?:[^()]*?\s)?(?:at|from|@)\s+([^()]+)\)|"
                           r",?\s+(?:from|at|@)\s+((?-i:[A-Z])[\w'’&-]+(?:\s+(?-i:[A-Z])[\w'’&-]+)?))")
NAME_BRACKETED = re.compile(r"\b((?-i:[A-Z])[\w'’-]+\s+(?-i:[A-Z])[\w'’-]+)\s*\([^()]{2,60}\)")
DRAFT_BRACKETED = re.compile(r"\b(?:draft|write|send|shoot)\s+((?:[\w'’-]+\s+){0,2}[\w'’-]+)\s*\([^()]{1,60}\)\s+(?:a|an)\b",
                             re.IGNORECASE)
FIRST_NAME_AT = re.compile(r"^\W*((?-i:[A-Z])[\w'’-]+(?:\s+(?-i:[A-Z])[\w'’-]+)?)\s+(?:at|from)\s+((?-i:[A-Z])[\w&'’-]+(?:\s+(?:&\s+)?(?-i:[A-Z])[\w&'’-]+)*|"
                           # "Javier at granite peak is finally free next week": the company typed in lower case
                           r"[a-z][\w&'’-]+(?:\s+(?:&\s+)?[a-z][\w&'’-]+){0,2}?(?=\s+(?:is|was|has|had|just|finally|wants|said|"
                           r"asked|called|will|needs|got|came)\b|\s*[,.;:!?]))")
PERSON_BRACKETED_AT = re.compile(r"\b((?-i:[A-Z])[\w'’-]+(?:\s+(?-i:[A-Z])[\w'’-]+)?)\s*\([^()]{0,40}?(?:\bat|@|\bfrom)\s+"
                                 r"((?-i:[A-Z])[\w&'’-]+(?:\s+(?:&\s+)?(?-i:[A-Z])[\w&'’-]+)*)\s*\)")
HIM_OR_HER = re.compile(r"\b(?:him|her)\b", re.IGNORECASE)
FOLLOW_UP_WITH = re.compile(r"\bfollow[- ]?up with\s+(.+?)\s+(?=(?:on|about|re|regarding|for|after)\b)", re.IGNORECASE)
# "send Dmitri Haddad a congrats", "write Valentina Park a short thank-you": the person the mail is for, by name
SENT_TO = re.compile(r"\b(?:send|write|e-?mail|drop|shoot|draft)\s+((?-i:[A-Z])[\w'’-]+(?:\s+(?-i:[A-Z])[\w'’-]+)?)\s+(?:a|an)\s",
                     re.IGNORECASE)
# "write freya jensen at clinica aurora an apology about …": a person and their company, typed in lower case
SENT_TO_AT = re.compile(r"\b(?:send|write|e-?mail|drop|shoot|draft)\s+([\w'’-]+(?:\s+[\w'’-]+)?)\s+(?:at|from|@)\s+"
                        r"([\w'’&-]+(?:\s+[\w'’&-]+){0,2}?)\s+(?:a|an)\s", re.IGNORECASE)
# "draft ibrahim a short note saying …": a name typed in lower case, before the kind of message
SENT_TO_LOWER = re.compile(r"\b(?:send|write|e-?mail|drop|shoot|draft)\s+([\w'’-]+(?:\s+[\w'’-]+)?)\s+(?:a|an)\s+(?:[\w-]+\s+){0,2}?"
                           r"(?:note|e-?mail|mail|message|line|follow[- ]?up|thank[- ]you|apology|reminder|nudge|recap|reply|update|"
                           r"response|draft|heads[- ]up)\b", re.IGNORECASE)
# "a note to amara, their cfo: …": one name typed in lower case, after the kind of message
NOTE_TO_ONE_NAME = re.compile(r"\b(?:note|e-?mail|mail|message|line|follow[- ]?up|recap|nudge|reminder|thank[- ]you|something)\s+"
                              r"(?:over\s+)?to\s+([\w'’-]+)\s*(?:[,:;]|$)", re.IGNORECASE)
# "draft a thank-you from me to andrés demir: …": a full name typed in lower case, after who it is from
NOTE_FROM_ME_TO = re.compile(r"\b(?:note|e-?mail|mail|message|line|follow[- ]?up|recap|nudge|reminder|thank[- ]you|intro|invite|"
                             r"apology|update)\s+from\s+me\s+to\s+([\w'’-]+\s+[\w'’-]+)\s*(?:[,:;(]|$)", re.IGNORECASE)
TO_PRONOUN = re.compile(r"\b(?:draft|write|e-?mail|send|ping|compose)\s+(?:up\s+)?(?:him|her|them)\b|"
                        r"\b(?:e-?mail|mail|note|message|follow[- ]?up|line)\s+(?:to|for)\s+(?:him|her)\b", re.IGNORECASE)
# "Grace sounded really happy on our last call. Could you put together a thank-you email to her": the one who spoke
CAPITALISED = re.compile(r"\b(?-i:[A-Z])[\w&'’-]+")
SPOKE = re.compile(r"\b((?-i:[A-Z])[a-z'’-]+)\s+(?:(?:really|also|just|finally)\s+)?(?:sounded|said|says|asked|mentioned|told|"
                   r"seemed|loved|confirmed|replied|wrote|emailed|called|texted|agreed|promised)\b")


ROLE_AT_COMPANY = re.compile(r"\b(?:the|their|our)\s+((?:[\w-]+\s+){0,2}?" + cues.ROLE + r"(?:\s+(?:manager|lead|director|officer|"
                             # "the VP engineering at solbrand software"
                             r"engineer|specialist|head|(?:of\s+)?(?:engineering|sales|marketing|finance|product|operations|"
                             r"ops|data|security|people|customer success|revenue|growth|technology)))?)\s+(?:at|from|of|over at)\s+"
                             r"((?:(?-i:[A-Z])[\w&'’.-]*|[a-z][\w&'’.-]*)(?:\s+(?-i:[A-Z])[\w&'’.-]+)*)", re.IGNORECASE)


# "an email to Stackhouse's CISO"; "Ironbark's renewal is waiting … a follow-up to their CFO": a role at a company
# said as its possession
COMPANYS_ROLE = re.compile(r"\b((?-i:[A-Z])[\w&.-]*(?:\s+(?-i:[A-Z])[\w&.-]+)*|[a-z][\w&.-]*)['’]s\s+(" + cues.ROLE + r")",
                           re.IGNORECASE)
DRAFT_TO_COMPANYS_ROLE = re.compile(r"^\W*(?:(?:ok|so|pls|please|can you|could you)\W+)*(?:draft|write)\s+"
                                    r"((?:[\w&.-]+\s+){0,3}?[\w&.-]+)['’]s\s+(" + cues.ROLE + r"(?:\s+of\s+[\w-]+)?)\s+(?:an?|the)\b",
                                    re.IGNORECASE)
THEIR_ROLE = re.compile(r"\b(?:to|for|email|e-mail|ping)\s+their\s+(" + cues.ROLE + r")", re.IGNORECASE)
THEIR_ROLE_SAID = re.compile(r"\btheir\s+(" + cues.ROLE + r")", re.IGNORECASE)
COMPANYS = re.compile(r"\b((?-i:[A-Z])[\w&.-]+(?:\s+(?-i:[A-Z])[\w&.-]+)*)['’]s\b")


def _role_of_company(text: str, scene: str) -> str | None:
    if (said := DRAFT_TO_COMPANYS_ROLE.match(text)) and not set(said.group(1).lower().split()) & VOCABULARY:
        return f"{said.group(2)} at {said.group(1)}"  # "draft juniper ridge's VP of operations an invite …"
    if (said := COMPANYS_ROLE.search(text)) and said.group(1).lower() not in VOCABULARY:
        return f"{said.group(2)} at {said.group(1)}"
    if (theirs := THEIR_ROLE.search(text)) and (company := COMPANYS.search(scene)) \
            and company.group(1).lower() not in VOCABULARY:
        return f"{theirs.group(1)} at {company.group(1)}"
    # "the order form for the Tienda Azul renewal is ready. draft an email to their head of PMO": the company the
    # scene names
    if theirs and scene.find(text) > 0 and (named := capitalised_name(scene[:scene.find(text)])):
        return f"{theirs.group(1)} at {named}"
    return None


# The sentence that asks for the draft, after sentences that set the scene
DRAFT_SENTENCE = re.compile(r"(?:(?<=[.!?]\s)|(?<=[" + cues.EMOJI + r"]\s))\s*(?:(?:ok|so|please|pls|can you|could you)\W+)*"
                            r"(?:draft|write|compose|prepare|prep|put together)\b"
                            r"(?=.{0,30}\b(?:e-?mail|mail|note|message|follow[- ]?up)\b.{0,20}\bto\b|"
                            # "… it's gone quiet. write Sebastián a short note asking when they expect to decide"
                            r"\s+(?-i:[A-Z])[\w'’-]+(?:\s+(?-i:[A-Z])[\w'’-]+)?\s+(?:a|an)\s+(?:\w+\s+){0,2}?"
                            r"(?:note|e-?mail|mail|message|line|follow[- ]?up)\b|"
                            # "… nobody ever picked it up 🤦‍♀️ draft him an apology from me"
                            r"\s+(?:him|her|them)\s+(?:a|an)\s+(?:\w+\s+){0,2}?(?:apology|thank[- ]you|nudge|check[- ]in|"
                            # "… don't get synced. draft him a reply on the ticket asking their salesforce admin to …"
                            # (not "draft her a reply: …", whose story before it is its topic)
                            r"(?:reply|answer|response)\b(?!\s*:))\b)",
                            re.IGNORECASE)
PURPOSE_NEXT = re.compile(r"^\W*[.?!]\s+((?:nudge|remind|tell|ask|thank|chase|let)\b[^.?!]+)", re.IGNORECASE)
DEALS_CONTACT = re.compile(r"\b(?:whoever|whomever|the person|(?:our|the|their) (?:main )?(?:contact|champion|buyer))\b.{0,25}?"
                           r"\b(?:on|for|behind) (?:(?:the |our |(?-i:[A-Z])\w+['’]s )?((?:[\w&'’-]+ ){1,5}?)(?:deal|opp|opportunity)|"
                           r"(it|that|this)|(?:the |our )((?:[\w&'’-]+ ){1,5}?(?:pilot|renewal|expansion|upgrade|rollout|agreement)))\b",
                           re.IGNORECASE)


# "draft something to whoever opened the prairie wind ticket about the seat count": the ticket names the person
TICKETS_CONTACT = re.compile(r"\b(?:whoever|whomever|the (?:person|customer|contact|one) (?:who|that))\s+(?:opened|raised|filed|logged|"
                             r"submitted|reported|sent in|wrote in)\s+((?:the|that|this|their|[\w&-]+['’]s)\s+[^.,;!?]{0,60}?\bticket\b"
                             r"(?:\s+(?:about|on|re|regarding|for)\s+[^.,;!?]{1,80})?)", re.IGNORECASE)


# "finance approved the refund on the juniper ridge refund ticket. draft a note to whoever raised it": the ticket
# said before
RAISED_IT = re.compile(r"\b(?:whoever|whomever|the (?:person|customer|contact|one) (?:who|that))\s+(?:opened|raised|filed|"
                       r"logged|submitted|reported|sent)\s+(?:it|that(?: one)?|this(?: one)?)\b", re.IGNORECASE)
DETERMINER = re.compile(r"\b(?:the|that|this|their)\s+", re.IGNORECASE)
TICKET_SAID = re.compile(r"\b(?:the|that|this|their)\s+([^.,;!?]{0,60}?\bticket)\b", re.IGNORECASE)


def _ticket_raised(scene: str) -> str | None:
    """ "the juniper ridge refund ticket" when the request is to whoever raised "it" and a ticket was named before."""
    if not (raised := RAISED_IT.search(scene)):
        return None
    named = list(TICKET_SAID.finditer(scene[:raised.start()]))
    # the last determiner before "ticket": "the refund on the juniper ridge refund ticket" -> the juniper ridge one
    return "the " + DETERMINER.split(named[-1].group(1))[-1] if named else None


# A colon inside a quoted subject is part of the name, not where the request's points begin:
# "to whoever opened quarrystone's 'EU workspace: nothing loads' ticket"
QUOTED_COLON = re.compile(r"(?<!\w)(['‘\"“])([^'’\"”:]{2,60}):\s+([^'’\"”]{2,60}[’'\"”])")


def draft_follow_up(text: str, today: date, previous: str | None = None) -> dict | str:
    text = QUOTED_COLON.sub(r"\1\2 \3", text)
    # "draft marta o'brien there an answer": the person at the account just named ("there" is no part of the name)
    text = re.sub(r"(\bdraft\s+[\w'’-]+\s+[\w'’-]+)\s+(?:over\s+)?there\s+(?=an?\s)", r"\1 ", text, flags=re.IGNORECASE)
    scene = text
    if (asked := DRAFT_SENTENCE.search(text)) and asked.start() > 0:
        text = text[asked.start():]  # "Bob's pilot with Solbrand wrapped up. Draft an email to Hana Khan asking …"
    # "draft him a reply on the ticket asking …": where it goes is no topic
    text = re.sub(r"(\b(?:reply|answer|response|note)\b)\s+on\s+(?:the|his|her|their)\s+ticket\b", r"\1", text,
                  flags=re.IGNORECASE)
    said = PURPOSE.search(text)
    # "... for Samuel Haddad re the annual prepay"; "email to hana khan pls: a recap" (before the purpose)
    recipient = (text[:said.start(3)] if said.group(3) else text[:said.start()]) if said else text
    if with_whom := FOLLOW_UP_WITH.search(text):  # "follow up with tienda azul on the 50 seats deal"
        said, recipient = None, with_whom.group(1)
    named = PERSON_BEFORE.search(text[:pronoun.start()]) if (pronoun := TO_PRONOUN.search(text)) else None
    if not named and HIM_OR_HER.search(text) and (opening := FIRST_NAME_AT.match(scene)):
        named = opening  # "Astrid at Ashby & Thorne asked for a written recap … can you draft that for her?"
    if not named and (bracketed := DRAFT_BRACKETED.search(text)) \
            and not set(bracketed.group(1).lower().split()) & VOCABULARY:
        named = bracketed  # "draft astrid papadopoulos (COO at ashby & thorne) a quick note: …"
    if not named and (later := HIM_OR_HER.search(scene)) and (bracketed := NAME_BRACKETED.search(scene[:later.start()])):
        named = bracketed  # "Kenji Dlamini (Tienda Azul COO) asked for a nudge … an email reminding him"
    sent_to = next((m.group(1) for m in SENT_TO.finditer(text) if not set(m.group(1).lower().split()) & VOCABULARY), None) \
        or next((f"{m.group(1)} {m.group(2)}" for m in SENT_TO_AT.finditer(text)
                 if not set(f"{m.group(1)} {m.group(2)}".lower().split()) & VOCABULARY), None) \
        or next((m.group(1) for m in SENT_TO_LOWER.finditer(text)  # "draft andrés demir a thank-you"
                 if not any(w in VOCABULARY or _colleague(w) for w in m.group(1).lower().split())), None)
    if not sent_to and (lower := NOTE_FROM_ME_TO.search(text)) \
            and not any(w in VOCABULARY or _colleague(w) for w in lower.group(1).lower().split()):
        sent_to = lower.group(1)
    if not sent_to and (lower := NOTE_TO_ONE_NAME.search(recipient)) and lower.group(1).lower() not in VOCABULARY \
            and not _colleague(lower.group(1).lower()):
        sent_to = lower.group(1)  # "ok draft a note to amara, their cfo: …"
    spoke = None
    before = scene[:scene.find(text)] if scene.find(text) > 0 else ""
    if pronoun and not named and not sent_to and (their := THEIR_ROLE_SAID.search(before)) \
            and (company := capitalised_name(PERSON_REPORTS.sub(" ", before[:their.start()]))):
        # "Sebastián told me the Acme expansion needs sign-off from their CFO. Can you draft an email to her": the CFO
        sent_to = f"{their.group(1)} at {company}"
    if pronoun and not named and not sent_to and scene.find(text) > 0:
        spoke = sent_to = next((m.group(1) for m in reversed(list(SPOKE.finditer(scene[:scene.find(text)])))
                                if m.group(1).lower() not in VOCABULARY and not _colleague(m.group(1).lower())), None)
    if pronoun and not named and not sent_to and (filer := FILER_OPENING.match(scene)) \
            and not any(w in VOCABULARY or _colleague(w) for w in filer.group(1).lower().split()):
        sent_to = filer.group(1)  # "maya o'brien put in a ticket about the vendor paperwork. draft her a reply: …"
    if not named and not sent_to and (bracketed := PERSON_BRACKETED_AT.search(scene)):
        named = bracketed  # "I owe Valentina (team lead @ Hoshizora) a follow-up … Can you put a draft together?"
    # "draft her a short email" right after one contact was shown: her; after one deal was shown: its contact
    shown = previous if pronoun and not named and previous and re.match(r"(?:contact|deal) \d+$", previous) else None
    role = ROLE_AT_COMPANY.search(recipient)  # "a follow-up to the CFO at Juniper Ridge": the tool finds the CFO
    role = role and f"{role.group(1)} at {role.group(2)}" or _role_of_company(recipient, scene)
    if of_deal := DEALS_CONTACT.search(text):  # "to whoever our contact is on Bob's Granite Peak 50-seat deal"
        said = PURPOSE.search(text[of_deal.end():]) or PURPOSE_NEXT.search(text[of_deal.end():])
        # and the purpose is said after it ("It's about locking in …", "? Nudge them that the order form is waiting")
    deal_named = of_deal and (of_deal.group(1) or of_deal.group(2) or of_deal.group(3)).strip()
    if deal_named and deal_named.lower() in ("that", "this", "their", "the", "it"):
        # "Globex have gone quiet on the multi-year Enterprise agreement … a nudge to our contact on that deal"
        before = scene[:scene.find(of_deal.group())]
        lead = LEADING_NAME.match(before)
        deal_named = " ".join(dict.fromkeys(n for n in (lead and lead.group(1), mention(before)) if n)) or None
    to = (named and " ".join(g for g in named.groups()[:3] if g)) or ((by_ticket := TICKETS_CONTACT.search(text)) and by_ticket.group(1)) \
        or _ticket_raised(scene) or shown or sent_to \
        or role or deal_named or person_at(recipient) \
        or (pronoun and named_person_at(scene[:scene.find(text) + pronoun.start()])) \
        or (pronoun and (_subject(scene[:scene.find(text) + pronoun.start()], None) or previous)) \
        or _subject(recipient, None) or _subject(text, previous)
    # ("draft him a note asking if the quote works": him is who was named before, or talked about; not "quote works")
    if previous and not named and (their := THEIR_ROLE_SAID.search(recipient)) \
            and (not ID_REFERENCE.match(previous) or previous.startswith("company ")):
        to = f"{their.group(1)} at {previous}"  # "draft a note to their CFO saying …" after Ironbark's overview
    if previous and re.match(r"(?:deal|company|ticket) \d+$", previous) and not named and not sent_to \
            and re.search(r"\b(?:draft|write|send)\s+(?:their|the|our)\s+contact\b", text, re.IGNORECASE):
        to = previous  # "and draft their contact a heads-up: …" after the deal was changed: that deal's contact
    if not to:
        return "Who should the follow-up go to? Give me the contact's name or e-mail, or the company."
    if re.fullmatch(r"[\w'’-]+", to) and (full := re.search(rf"(?<![\w-]){re.escape(to)}\s+([\w'’-]{{2,}})\s+(?:at|from|is|was|has|"
                                                             rf"@|\()", scene, re.IGNORECASE)) \
            and full.group(1).lower() not in VOCABULARY and not _colleague(full.group(1).lower()):
        to = f"{to} {full.group(1)}"  # "… hugo okafor is covering for him. draft hugo an update": Hugo Okafor
    args: dict[str, Any] = {"to": to}
    if spoke and (names := [w for w in CAPITALISED.findall(scene[:scene.find(text)]) if w != spoke
                            and w.lower() not in VOCABULARY and not _colleague(w.lower())]):
        args["about"] = " ".join(dict.fromkeys(names))  # "Dasol has been live on Business … Grace sounded happy": Dasol's
    elif asked and asked.start() > 0 and re.fullmatch(r"(?-i:[A-Z])[\w'’-]+", to) and (deal := mention(scene[:asked.start()])):
        args["about"] = deal  # "Nordvik renewal is signed 🙌 a thank-you email to Tomasz": the Tomasz of that deal
    elif previous and re.fullmatch(r"[\w'’-]+", to) and to.lower() not in previous.lower():
        args["about"] = previous  # "and draft ibrahim a short note" after his company's ticket: that Ibrahim
    if with_whom:
        said = re.search(r"(?:(?:on|about|re|regarding)\s+)?(.+)", text[with_whom.end():])
    if said and not with_whom and not of_deal and (verb := DRAFT_VERB.search(text)) \
            and (ends := REQUEST_ENDS.search(text, verb.end())) and said.start() >= ends.start() \
            and not SAID_AFTER_COLON.search(scene) and (OUR_NEWS.match(text[ends.end():])
                                                        or APOLOGY_ASKED.search(text[verb.start():ends.start()])) \
            and (points := [p for sentence in _sentences_for_them(text[ends.end():]) for p in _content_said(sentence)]):
        # "can you draft fatima tanaka at prairie wind an intro email? we've been sorting out the seat count on their
        # invoice …, but i'd love 20 mins to show her … - ask if next tuesday works": the sentences after the request
        # are what it says, to her
        if APOLOGY_ASKED.search(text[verb.start():ends.start()]) and not re.match(r"(?:i'?m )?(?:sorry|apologi)", points[0],
                                                                                   re.IGNORECASE):
            # "write an apology from me to … . it sat for almost three weeks with nobody on it …": said as one
            first = points[0] if re.match(r"I\b", points[0]) else points[0][:1].lower() + points[0][1:]
            points[0] = f"I'm sorry - {first}"
        args["points"] = points
        return args
    if said and (purpose := re.split(r"[?!]|\.\s|\s[—–-]\s", whole := next(g for g in said.groups() if g))[0].strip().rstrip(".")):
        # "about the multi-year agreement - they still owe us written confirmation of their EU data residency
        # requirements": what the e-mail is about, and the point of it, said to them
        if (point := DASHED_POINT.match(whole[len(purpose):].lstrip(". "))) and len(purpose.split()) <= 8:
            purpose = f"{purpose} - {_said_to_them(point.group(1).strip())}"
        if re.match(r"(?:when|whether|if|what|how|which)\b", purpose, re.IGNORECASE):
            purpose = _said_to_them(purpose)  # "asking when they expect to make a decision": when you expect …
        # "… the week of dec 14, and mention that pedro will be joining too": what to mention is a point, said apart
        purpose, *mentioned = re.split(r",?\s+and\s+mention(?:\s+that)?\s", purpose, maxsplit=1, flags=re.IGNORECASE)
        if mentioned and not args.get("points") and (told := _content_said(mentioned[0])):
            args["points"] = told
        if purpose.lower() not in to.lower():
            args["purpose"] = purpose
        if re.match(r"\s(?:explaining|to explain)\s", said.group(0)) and purpose.lower() not in to.lower():
            # "a short note explaining the 15 min auto-lock, and that 'forgot password' is the way out": what it is
            # about, then what it says
            topic, *told = re.split(r",?\s+and\s+that\s+", purpose)
            if topic.startswith("that "):
                told, topic = [topic[5:], *told], None
            if told:
                args["points"] = [p for t in told for p in _content_said(t)]
                args.pop("purpose") if topic is None else args.update(purpose=topic)
    if (one := THE_ONE_OF.match(scene)) and re.fullmatch(r"[\w'’-]+", to := args.get("to", "")) \
            and to.lower() not in VOCABULARY and name_words(one.group(1)):
        args["to"] = f"{to} {one.group(1)}"  # "the wattlebird one - draft ibrahim a note": Ibrahim at Wattlebird
    if ticket := re.match(r"^\W*ticket (\d+)\s*(?:[-—–:,]|\s-)", scene, re.IGNORECASE):
        args["about"] = f"ticket {ticket.group(1)}"  # ... once the model has said which listed ticket that is
    topic_before = (content := SAID_AFTER_COLON.search(scene)) and args.get("purpose") \
        and args["purpose"].lower() in scene[:content.start("content")].lower() and len(args["purpose"].split()) < 10
    # (a purpose found inside what follows the colon or dash is part of what the e-mail says)
    inside = content and args.get("purpose") and scene.lower().find(args["purpose"].lower()) >= content.start("content")
    if (len(args.get("purpose", "").split()) >= 10 or topic_before or inside or not args.get("purpose")) and content \
            and (points := [p for sentence in _sentences_for_them(scene[content.start("content"):])
                            for p in _content_said(sentence)]):
        # "draft a note to ibrahim at wattlebird about the double charge: finance reversed …, and apologise for the
        # hassle": what follows the colon is what the e-mail says, and what it is about is the topic before it
        args["points"] = points
        topic = ABOUT_TOPIC.search(scene[:content.start("content")])
        verb = DRAFT_VERB.search(scene)
        if topic:
            args["purpose"] = _to_reader(topic.group(1).strip())
        elif not topic_before or verb and args.get("purpose", "").lower() in scene[:verb.start()].lower() \
                and not re.search(rf"\b(?:about|re|regarding)\s+{re.escape(args['purpose'])}", scene, re.IGNORECASE):
            # ("maya put in a ticket about the vendor paperwork. draft her a reply: …": its topic; "… has been sitting
            # with henrik gupta for over a week. draft kenji (their COO) a friendly nudge: …": the story, no topic)
            args.pop("purpose", None)
        return args
    if points := what_to_say(scene):
        args["points"] = points
        said = set(re.findall(r"\w+", " ".join(points).lower()))
        if (purpose := args.get("purpose")) and len(unsaid := set(re.findall(r"\w+", _to_reader(purpose).lower())) - said) \
                <= max(2, len(unsaid | said) // 4):
            del args["purpose"]  # "ask how the rollout is landing with the 40 users": said in full, not as a topic
    return _with_apology(args, scene, asked)


APOLOGY_ASKED = re.compile(r"\b(?:an?\s+)?(?:apology|apologies|sorry\s+(?:note|email|e-mail|message))\b", re.IGNORECASE)


def _with_apology(args: dict, scene: str, asked: re.Match | None) -> dict:
    """ "javier cohen … asked about SCIM attribute mapping back in september and nobody ever picked it up 🤦‍♀️ draft him
    an apology from me - …": what went wrong, said first, as the apology asked for."""
    if not asked or not APOLOGY_ASKED.search(scene[asked.start():]) or any(
            p.lower().startswith(("sorry", "apologies", "i'm sorry")) for p in args.get("points", [])):
        return args
    story = re.sub("[" + cues.EMOJI + r"]+", " ", scene[:asked.start()]).strip(" .!,;—–-")
    first = args["to"].split()[0].lower() if args.get("to") else ""
    if not story or not first or not story.lower().startswith(first):
        return args  # only a story about the reader is theirs to hear
    rest = re.sub(rf"^{re.escape(args['to'])}(?:\s+(?:at|from)\s+[\w&'’.-]+(?:\s+[\w&'’.-]+){{0,2}}?)?\s+"
                  r"(?=(?:\w+ed|said|sent|wrote|had|has|was|got|told|put|made|came|gave|spent|lost|paid)\b)", "", story,
                  flags=re.IGNORECASE)
    if rest == story:
        return args
    sorry = _agreeing_with_you(f"Sorry that you {_to_reader(rest)}.")
    args = {k: v for k, v in args.items() if k != "purpose" or args[k].lower() not in sorry.lower()}
    return {**args, "points": [sorry, *args.get("points", [])]}


# Someone whose message opens the request: "maya o'brien put in a ticket about …", "kenji dlamini emailed asking …"
FILER_OPENING = re.compile(r"^\W*((?-i:[a-z])[\w'’-]+\s+(?-i:[a-z])[\w'’-]+)\s+(?:has\s+|had\s+|just\s+)?(?:put in|raised|opened|"
                           r"filed|submitted|sent (?:in|over|us|me)|emailed|e-mailed|wrote|asked|called|rang|replied|pinged)\b",
                           re.IGNORECASE)
# One of the records just listed, by its company: "the wattlebird one - draft ibrahim a note: …"
THE_ONE_OF = re.compile(r"^\W*(?:the|that)\s+([\w&'’.-]+(?:\s+[\w&'’.-]+){0,2}?)\s+one\s*(?:[-—–:,]|\s-)", re.IGNORECASE)
# What the e-mail must say, asked for in the request: "let them know the fix ships thursday and thank them for their
# patience", "ask if he can help us find a new exec sponsor", "… lumiere medias — engineering found the cause"
_POINT_END = r"(?=\s*(?:,\s*|\s)(?:and|&|\+|then|also|plus)\s+(?:thank|ask|tell|let|say|mention|remind|check|confirm)\w*\b|" \
             r"[.!?;]\s|[.!?;]?$|\s[—–-]\s)"
# ("confirm we'll have the field mapping doc over to him by dec 4", "a thank-you for making time for the review")
POINTS = re.compile(r"\b(?:(?:let|letting|tell|telling|remind|inform)\s+(?:him|her|them)\s+(?:know\s+)?|confirm(?:ing)?\s+"
                    r"(?:to\s+(?:him|her|them)\s+)?(?=(?:that|we|we'?ll|we'?re|we'?ve)\b))(?:that\s+)?(?P<tell>.+?)"
                    + _POINT_END + "|"
                    r"\b(?:thank(?:ing)?\s+(?:him|her|them)|thank[- ]you(?:\s+(?:note|email|e-mail|message))?)\s+for\s+"
                    r"(?P<thank>.+?)" + _POINT_END + "|"
                    r"\bask(?:ing)?\s+(?:(?:him|her|them)\s+)?(?P<asks>if|whether|how|when|what|which|about)\s+(?P<ask>.+?)" + _POINT_END + "|"
                    # "… say that …", "a short note that the final order form will be with him on monday"
                    r"\b(?:(?:say|mention|saying|mentioning)\s+(?:to (?:him|her|them)\s+)?|(?:note|e-?mail|mail|message|line)\s+)"
                    r"that\s+(?P<say>.+?)" + _POINT_END + "|"
                    # "… and say the kickoff call is on december 3rd": what follows is a statement
                    r"\b(?:say|mention|saying|mentioning)\s+(?=(?:the|our|we|we'?re|we'?ve|we'?ll|it|it'?s|its|they|their|"
                    r"they'?re|his|he|she|you|your|everything|all)\b)(?P<state>.+?)" + _POINT_END + "|"
                    # "draft ibrahim a note: sorry about the double charge, the duplicate payment has been refunded"
                    r"\b(?:note|e-?mail|mail|message|line)\s*:\s*(?P<colon>(?:sorry|apologi[sz]e|we|we'?ve|we'?re|we'?ll|the|your|our|"
                    r"good news|just|thanks|thank you)\b.+?)" + _POINT_END + "|"
                    # "… a thank-you and suggest a kickoff call in the first week of december": a proposal made to them
                    r"\b(?:suggest|suggesting|propose|proposing)\s+(?:to\s+(?:him|her|them)\s+)?"
                    r"(?P<suggest>(?:a|an|that|the|we|meeting|setting|booking|scheduling)\b.+?)" + _POINT_END + "|"
                    # "draft him an email with the recording link and ask if …": what the e-mail brings them
                    r"\b(?:e-?mail|note|message|mail|line)\s+with\s+(?P<with>(?:the|a|an|our)\s+[^.!?,;]{3,60}?)" + _POINT_END,
                    re.IGNORECASE)
# "pls draft something for tenzin at lumiere medias — engineering found what's causing …": the news after the dash
DASHED_NEWS = re.compile(r"\b(?:draft|write|compose|prepare|prep)\b[^—–.!?]{0,140}?\s[—–-]\s+(?!(?:don'?t|do not|just|pls|please|"
                         r"no need|thanks|ty)\b)(?P<news>[^.!?]{12,240}?)(?=[.!?](?:\s|$)|$)", re.IGNORECASE)
TO_YOU = {"he": "you", "she": "you", "they": "you", "him": "you", "them": "you", "his": "your", "their": "your",
          "theirs": "yours", "he's": "you're", "she's": "you're", "they're": "you're", "they've": "you've",
          "he'll": "you'll", "she'll": "you'll", "they'll": "you'll", "himself": "yourself", "herself": "yourself"}


def what_to_say(text: str) -> list[str]:
    """The sentences the request asks the e-mail to say, written to its reader."""
    points = []
    context = WHAT_WE_ARE_DOING.search(text)
    if context and POINTS.search(text, context.end()):
        said = _to_reader(context.group(1).strip())  # "we're planning their QBR for mid-january, ask if …": why we ask
        points.append(f"{said[:1].upper()}{said[1:]}.")
    for found in POINTS.finditer(text):
        kind = next(k for k in ("tell", "thank", "ask", "say", "state", "suggest", "colon", "with") if found.group(k))
        said = _to_reader(found.group(kind).strip().rstrip(".,"))
        if kind == "thank":
            points.append(f"Thank you for {said}.")
        elif kind == "ask":
            points.append(f"I wanted to ask {found.group('asks').lower()} {said}.")
        elif kind == "suggest":
            points.append(f"I'd like to suggest {said}.")
        elif kind == "with":
            points.append(f"Here is {said}.")
        else:
            points.append(f"{said[:1].upper()}{said[1:]}.")
    if points and not context and (news := DASHED_NEWS.search(text)) and (first := POINTS.search(text)) \
            and news.start("news") < first.start():
        # "draft leila a thank-you - carla will send the kickoff invite for the week of nov 30, and ask which of their
        # admins should join": the news told before what to ask
        said = re.sub(r"[\s,;]*(?:and|&|then|also|plus)?[\s,;]*$", "", text[news.start("news"):first.start()])
        if len(said.split()) >= 3 and not TO_THE_ASSISTANT.search(said):
            said = _to_reader(said)
            points.insert(0, f"{said[:1].upper()}{said[1:]}.")
    if not points and (news := DASHED_NEWS.search(text)):
        said = _to_reader(news.group("news").strip().rstrip(".,"))
        # "… planned for Q1, and offer him a 20 min call this week": the news, then the offer made to them
        said, _, offer = said.partition(found.group(0)) if (found := OFFER_AFTER.search(said)) else (said, "", "")
        points.append(f"{said[:1].upper()}{said[1:]}.")
        if offer:
            points.append(f"I'd also like to offer you {offer}.")
    return points


# What an e-mail is to say, after the colon that ends the request: "draft an email to the CISO at lumière médias: our
# SOC 2 report is attached …" (to the end of its sentence: "… don't send it yet" is said to the assistant)
SAID_AFTER_COLON = re.compile(r"\b(?:draft|write|put together|compose|prepare|prep)\b[^:.?!]{0,140}?"
                              # ... or after a dash: "write jonas sato an email from me - thanks for sticking with us …"
                              r"(?::\s*|\b(?:e-?mail|note|message|reply|line|nudge)(?:\s+from (?:me|us))?\s+[—–-]\s+)"
                              r"(?P<content>[^.?!]+(?:\.(?!\s)[^.?!]*)*)", re.IGNORECASE)
ABOUT_TOPIC = re.compile(r"\b(?:about|re|regarding|on)\s+((?:the|his|her|their|our)\s+[^:,.?!]{3,60}?)\s*:\s*$", re.IGNORECASE)
# Where what the e-mail says turns into what to do in it: ", and ask whether …", ", and apologise for the hassle",
# "… - ask if next tuesday works for her"
_ASKED_IN_IT = re.compile(r"(?:,?\s+and|\s[—–-]|,)\s+(?=(?:ask|apologi[sz]e|thank|tell|let|mention|say|remind|offer|suggest|propose|"
                          r"invite)\w*\b)",
                          re.IGNORECASE)
# The end of the sentence that asks for the draft ("can you draft fatima an intro email? …"), and what we tell them
# after it ("we've been sorting out …", "i'd love 20 mins …"; not "their EU setup has been live since May", which is
# why the rep writes)
DRAFT_VERB = re.compile(r"\b(?:draft|write|compose|prepare|prep|put together)\b", re.IGNORECASE)
REQUEST_ENDS = re.compile(r"[.?!](?=\s+\S)")
OUR_NEWS = re.compile(r"\s*(?:we|we'?re|we'?ve|we'?ll|i'?d|i'?m|i'?ve|i'?ll|our|good news|sorry)\b", re.IGNORECASE)


# A sentence said to the assistant about the draft, not to its reader: "don't send yet", "i'll look it over first"
TO_THE_ASSISTANT = re.compile(r"^\W*(?:don'?t|do not|no need|hold off|wait|just|only|i'?ll|i will|i want|let me|keep it|make it|"
                              r"pls|please|thanks|thx|ty|leave it)\b|\bdon'?t send\b|\bbefore (?:it goes|sending|you send)\b|"
                              r"\bdraft only\b|\bnot (?:send|sent) (?:it )?yet\b|"
                              # "… once we have the names. draft first pls"
                              r"^\W*(?:(?:just|only)\s+)?(?:a\s+)?draft (?:it )?(?:first|for now|only)\b", re.IGNORECASE)


# Where one sentence of a dictated e-mail ends (not at "incl.", "e.g.", "approx."): "… all of their content incl.
# exports and backups stays in our Frankfurt region. the only bits …" is two
SENTENCE_END = re.compile(r"(?<!\bincl\.)(?<!\be\.g\.)(?<!\bi\.e\.)(?<!\betc\.)(?<!\bapprox\.)(?<!\bvs\.)(?<!\bapx\.)"
                          r"(?<=[.?!])\s+", re.IGNORECASE)


def _sentences_for_them(content: str) -> list[str]:
    """The sentences after the colon of a draft request that the e-mail says, up to one said to the assistant: "…
    would he like a seat? first session is virtual, 60 mins" is two; "… by dec 18. don't send yet" is one."""
    kept = []
    for sentence in SENTENCE_END.split(content.strip()):
        if TO_THE_ASSISTANT.search(sentence) and kept:  # (the first is the e-mail's: "… - thanks for sticking with us")
            break
        if sentence.strip(" .?!"):
            kept.append(sentence.strip().rstrip(".!").strip())  # (a question keeps its mark)
    return kept


def _content_said(content: str) -> list[str]:
    """The sentences of what an e-mail is to say, written to its reader: "finance reversed the duplicate payment, it
    should be back on their card …, and apologise for the hassle" -> ["Finance reversed …, it should be back on your
    card ….", "Sorry for the hassle."]"""
    parts = [p.strip(" ,;") for p in _ASKED_IN_IT.split(content) if p.strip(" ,;")]
    points = []
    for part in parts:
        if sorry := re.match(r"apologi[sz]e\s+(?:to\s+(?:him|her|them)\s+)?for\s+(.+)", part, re.IGNORECASE):
            points.append(f"Sorry for {_to_reader(sorry.group(1))}.")
        elif offer := re.match(r"offer\s+(?:(?:him|her|them)\s+)?(.+)", part, re.IGNORECASE):
            points.append(f"I'd like to offer you {_to_reader(offer.group(1))}.")
        elif re.match(r"(?:ask|thank|tell|let|mention|say|remind|suggest|propose|invite)", part, re.IGNORECASE) \
                and (said := what_to_say(part)):
            points += said
        else:
            said = _to_reader(part)
            # "how's the rollout going on their side": a question to them
            end = "?" if re.match(r"(?:how|what|when|where|which|who|why|is|are|do|does|did|can|could|would|will|"
                                  r"have|has)\b", said, re.IGNORECASE) else "."
            said = said.rstrip("?") if said.endswith("?") and (end := "?") else said
            points.append(f"{said[:1].upper()}{said[1:]}{end}")
    return points


OFFER_AFTER = re.compile(r",?\s+and\s+offer\s+you\s+")
# What we are doing for them, said just before what to ask: "we're planning their QBR for mid-january, ask if …"
WHAT_WE_ARE_DOING = re.compile(r"(?:^|[.?!]\s+)((?:we're|we are|we'll|we will)\s+(?:planning|organising|organizing|setting up|"
                               r"scheduling|preparing|putting together|booking|holding|hosting|running)\b[^.?!,;]{5,100}?)"
                               r"[.,;]\s+(?=(?:and\s+|can you\s+|pls\s+|please\s+)?(?:ask|tell|let)\b)", re.IGNORECASE)


YOU_AGREE = {"is": "are", "was": "were", "has": "have", "does": "do", "doesn't": "don't", "hasn't": "haven't",
             "isn't": "aren't", "wasn't": "weren't", "wants": "want", "needs": "need", "says": "say", "keeps": "keep"}


def _agreeing_with_you(text: str) -> str:
    """ "you has had" -> "you have had": a verb said of him or her, now said of the reader."""
    return re.sub(r"\byou (" + "|".join(map(re.escape, YOU_AGREE)) + r")(?![\w'’])",
                  lambda m: "you " + YOU_AGREE[m.group(1)], text)


def _to_reader(text: str) -> str:
    """ "if he can help us" -> "if you can help us", "their patience" -> "your patience": said to the reader."""
    # "whether she's had a chance" -> "whether you've had a chance": that 's is has
    text = re.sub(r"\b(?:he|she)['’]s\s+(?=(?:had|been|got|gotten|seen|done|made|sent|taken|given|gone|read|heard|found|"
                  r"signed|\w+ed)\b)", "you've ", text, flags=re.IGNORECASE)
    # ("i've picked them up personally": the questions, which one picks up, looks into or fixes; not the reader)
    text = re.sub(r"\b(?:he's|she's|they're|they've|he'll|she'll|they'll|he|she|they|him|"
                  r"(?<!\bpicked )(?<!\bpick )(?<!\blooked into )(?<!\bdug into )(?<!\bfixed )(?<!\bresolved )(?<!\btriaged )them|"
                  r"his|their|theirs|himself|herself)\b", lambda m: TO_YOU[m.group().lower()], text, flags=re.IGNORECASE)
    text = re.sub(r"\bher\b(?=\s+[a-z])(?!\s+(?:a|an|the|to|and|or|if|that|know)\b)", "your", text, flags=re.IGNORECASE)
    text = re.sub(r"\bher\b", "you", text, flags=re.IGNORECASE)
    text = _agreeing_with_you(text)
    text = re.sub(r"\bi(?=(?:['’](?:d|m|ll|ve))?\b)", "I", text)  # "i'd love 20 mins" typed in a chat, "I'd" in mail
    return CALENDAR_NAME.sub(lambda m: m.group().capitalize(), text)  # "the first week of december" in a chat, December in mail


CALENDAR_NAME = re.compile(r"\b(?:january|february|march|april|june|july|august|september|october|november|december|monday|"
                           r"tuesday|wednesday|thursday|friday|saturday|sunday)\b")


DASHED_POINT = re.compile(r"^[—–-]\s+((?:they|they're|they've|they'll|their|we|we're|we've|we still|still)\b[^.?!]+)", re.IGNORECASE)
TO_SECOND_PERSON = {"they": "you", "they're": "you're", "they've": "you've", "they'll": "you'll", "their": "your",
                    "theirs": "yours", "them": "you", "themselves": "yourselves"}


def _said_to_them(text: str) -> str:
    """ "they still owe us their EU data residency confirmation" -> "you still owe us your …": in the e-mail to them."""
    return re.sub(r"\b(?:they're|they've|they'll|they|their|theirs|themselves|them)\b",
                  lambda m: TO_SECOND_PERSON[m.group().lower()], text, flags=re.IGNORECASE)


# A sentence after the question that only says why it is asked: "…bigger than 100k? want to make sure every one of
# them has exec coverage" (the reason is not part of what to count).
WHY_ASKED = re.compile(r"(?<=\?)\s+(?:i\s+)?(?:want|need|have|got|am trying|'m trying|just)\s+(?:to\s+)?(?:make sure|check|see|"
                       r"know|prep|prepare|plan|confirm|understand)\b.*$|"
                       # "…? I want the reps to fix the dates before the forecast goes to finance": what others will do
                       r"(?<=\?)\s+(?:i\s+)?(?:want|need|'d like|would like)\s+(?:the\s+|my\s+|our\s+)?(?:reps|team|them|everyone|"
                       r"people|managers|owners|sales team)\s+to\b.*$", re.IGNORECASE | re.DOTALL)


# A sentence before the question that only sets the scene ("Thinking about where to send our only SE in December.
# Which are the five biggest open opportunities in APAC?"): it names nothing the numbers are about.
ABOUT_THE_PIPELINE = re.compile(r"\b(?:deals?|pipeline|pipe|opportunit\w*|opps?|stages?|forecast\w*|quota|bookings?|"
                                r"won|lost|closing|close[ds]?|revenue|arr|acv|amount|owners?|reps?|regions?|emea|apac|amer|"
                                r"latam|prospecting|qualification|proposal|negotiation)\b|"
                                # "… what's our commit and our best case? $ for each.": how the numbers are wanted
                                r"^\W*(?:\$|usd|amounts?|totals?|numbers?|counts?)?\s*(?:for|per|by)\s+(?:each|every|both)\b",
                                re.IGNORECASE)


def pipeline_question(text: str, today: date, previous: str | None = None) -> dict:
    # "Bob just pinged me: \"… move all of my negotiation deals to closed won …\". Just tell me how many deals Bob has
    # in negotiation": what someone else wrote is quoted, not asked
    if len((unquoted := QUOTED_PASSAGE.sub(" ", text)).split()) >= 5 and unquoted != text:
        text = " ".join(unquoted.split())
    sentences = re.split(r"(?<=[.!?])\s+", WHY_ASKED.sub("", text.strip()))
    if len(sentences) > 1 and (sentences[-1].endswith("?") or ASKS_TO_BE_TOLD.match(sentences[-1])):
        kept = [s for s in sentences if s.endswith("?") or ABOUT_THE_PIPELINE.search(s)]
        dropped = " ".join(s for s in sentences if s not in kept)
        # "Carla keeps telling me her book is heavier. How many open deals has she got?": she is Carla
        if (person := _colleague_said(dropped) or capitalised_name(dropped)) and len(person.split()) == 1:
            kept = [PERSON_PRONOUN.sub(lambda m: person + ("'s" if m.group().lower() in ("her", "his") else ""), s, count=1)
                    for s in kept]
        sentences = kept
    return {"question": " ".join(sentences)}


PERSON_PRONOUN = re.compile(r"\b(?:she|he|her|his)\b", re.IGNORECASE)
QUOTED_PASSAGE = re.compile(r"\"[^\"]{40,}\"|“[^”]{40,}”")
ASKS_TO_BE_TOLD = re.compile(r"^\W*(?:(?:just|so|now|ok|please|pls)\W+)*(?:tell|show|give|get|pull)\s+(?:me|us)\b", re.IGNORECASE)


# "Hugo Müller from Umbrella", "Mateo Nowak, the program manager at Prairie Wind,", "Ravi Chen (Liffeyside)"
NAMED_PERSON_AT = re.compile(r"\b((?-i:[A-Z])[\w'’-]+\s+(?-i:[A-Z])[\w'’-]+)(?:,\s+(?:the|our|their|a|an)\s+[\w\s-]{1,40}?)?"
                             r"(?:\s+(?:over\s+)?(?:from|at|@)\s+|\s*\()(?-i:[A-Z])", re.IGNORECASE)
# Words of a job title, which a capitalised pair before "at Dasol" may be ("Director of Product Ops at Dasol")
TITLE_WORDS = frozenset("director head manager lead ops operations product officer chief vp svp evp president engineer "
                        "engineering analyst specialist coordinator admin administrator counsel partner consultant "
                        "architect founder intelligence finance procurement marketing sales revenue program project "
                        "portfolio security it hr legal support success account customer team".split())
# "rosa larsen at westhaven gave me her new mobile": a person typed in lower case, at the start of a sentence
# (or after whatever was done with them: "emailed malik adeyemi at lakeshore county our SCIM setup guide …")
LOWER_PERSON_AT = re.compile(r"(?:^|[.!?]\s+)\W*(?:(?:heads[- ]up|fyi|btw|quick one|news|update)\s*[,:—–-]\s*)?"
                             # "heads up, liam jensen at dasol moved out of IT procurement, …"
                             # "thinking of ringing hana dlamini at nordvik about …"
                             r"(?:(?:thinking of|about to|going to|planning (?:on|to)|want to|need to)\s+(?:ring(?:ing)?|"
                             r"call(?:ing)?|phon(?:e|ing)|e-?mail(?:ing)?|meet(?:ing)?|see(?:ing)?|visit(?:ing)?)\s+)?"
                             r"(?:(?:i\s+)?(?:just\s+)?(?:emailed|e-mailed|called|phoned|rang|pinged|messaged|"
                             r"texted|met(?: with)?|(?:spoke|talked) (?:to|with)|caught up with|visited|"
                             # "onsite w/ ana sharma at westhaven today, …"
                             r"(?:onsite|on-site|on site|lunch|coffee|dinner|demo|call|meeting) (?:w/|with))\s+)?"
                             r"((?-i:[a-z])[\w'’-]{2,}\s+(?-i:[a-z])[\w'’-]{2,})\s+(?:(?:over\s+)?at|from|@)\s+\w"
                             # "my emails to lucía reyes at karoo keep bouncing"
                             r"|\b(?:e-?mails?|messages?|mails?|invites?|texts?)\s+(?:to|for)\s+"
                             r"((?-i:[a-z])[\w'’-]{2,}\s+(?-i:[a-z])[\w'’-]{2,})\s+(?:at|from|@)\s+\w"
                             # "small cleanup on tomasz demir at nordvik: …"
                             r"|^\W*(?:(?:small|quick|tiny|little|minor|a)\s+)?(?:cleanup|clean-up|fix|tweak|update|correction|change)s?"
                             r"\s+(?:on|for|to)\s+((?-i:[a-z])[\w'’-]{2,}\s+(?-i:[a-z])[\w'’-]{2,})\s+(?:(?:over\s+)?at|from|@)\s+\w")


def named_person_at(text: str) -> str | None:
    """The person a message names with their company ("Hugo Müller from Umbrella", "Ravi Chen (Liffeyside)"), not
    a job title said the same way ("Director of Product Ops at Dasol")."""
    for found in NAMED_PERSON_AT.finditer(text):
        if not {w.lower() for w in found.group(1).split()} & TITLE_WORDS:
            return found.group(1)
    for found in LOWER_PERSON_AT.finditer(text):
        person = found.group(1) or found.group(2) or found.group(3)
        if not any(w in VOCABULARY or w in TITLE_WORDS for w in person.split()):
            return person
    return None


REGIONS = {"emea": "emea", "europe": "emea", "apac": "apac", "asia": "apac", "amer": "amer", "americas": "amer",
           "north america": "amer", "latam": "latam", "latin america": "latam"}
REGION_WORDS = re.compile(r"\b(" + "|".join(REGIONS) + r")\b", re.IGNORECASE)
ACROSS_TICKETS = re.compile(r"\b(?:which|what|list|show|any)\b.{0,30}\btickets\b|\b(?:angriest|unhappiest|grumpiest|"
                            # "anything urgent on my plate that isn't resolved yet?"
                            r"\b(?:anything|what'?s|whats)\s+(?:urgent|burning|on fire)\s+on my plate\b(?!.{0,20}\b(?:from|with|at)\b)|"
                            r"crankiest|most (?:upset|negative|annoyed|angry|frustrated|pissed(?: off)?|unhappy|grumpy|"
                            r"irritated)|worst)\b|\bopen tickets\b|\btickets\b.{0,40}\bstill open\b|"
                            # "any of the how-to questions still open …", "how many how-to tickets are open"
                            r"\b(?:how[- ]?to|billing|bug|outage|feature[- ]request)s?\s+(?:questions|tickets)\b.{0,30}"
                            r"\b(?:still\s+)?open\b|\bopen\s+(?:how[- ]?to|billing|bug|outage|feature[- ]request)\s+tickets\b|"
                            r"\b(?:anything|any)\b.{0,20}\bopen\b.{0,60}\b(?:urgent|urgency|scor\w+|flagged)\b|"
                            # "anything open in EMEA where the customer is really unhappy?"
                            r"\b(?:anything|any)\b.{0,20}\bopen\b.{0,60}\b(?:unhappy|upset|angry|negative|annoyed|frustrated)\b|"
                            r"\b(?:anything|any)\b.{0,20}\b(?:urgent|negative|angry|upset)\b.{0,20}\btickets\b|"
                            # "of everything sitting in pending right now, is any of it from customers who sound upset?"
                            # ... "what have i got sitting on pending at the moment?"
                            r"\b(?:everything|anything|all|what'?s|whats|what (?:have|has) (?:i|we|he|she|\w+) got)\b.{0,20}"
                            r"\b(?:in|on)\s+pending\b|"
                            r"\bmy (?:open |current )?tickets\b|"
                            # "bob's billing queue - of the billing tickets he's got that aren't solved yet, is anyone upset?"
                            r"\btickets (?:he|she|they)(?:['’]s| has| have|['’]ve) got\b|"
                            r"\b(?:anything|any)\b.{0,40}\b(?:queue|plate|backlog)\b.{0,40}\b(?:urgent|urgency|flagged)\b|"
                            # "what's come into support since monday the 16th that isn't solved yet?"
                            r"\b(?:what'?s|whats|what has|anything|everything)\s+(?:come|came)\s+in(?:to)?\b.{0,60}"
                            r"\b(?:solved|open|resolved|closed|done)\b|"
                            # "how many unsolved tickets reading negative has each region got right now"
                            r"\bhow many\b.{0,20}\b(?:unsolved|open|unresolved)\s+(?:\w+\s+)?tickets\b|"
                            # "which customers also have an unsolved support ticket that reads negative?"
                            r"\bwhich (?:customers|accounts|companies|clients)\b.{0,40}\b(?:unsolved|open|not (?:yet )?solved)\b"
                            r".{0,20}\btickets?\b|\bwhich (?:customers|accounts|companies|clients)\b.{0,30}\btickets?\b.{0,30}"
                            r"\b(?:not (?:yet )?solved|unsolved|still open|open)\b", re.IGNORECASE)
# Whose accounts the tickets are asked of: "across the accounts i own", "my accounts (not tickets assigned to me)"
ACCOUNTS_OWNED = re.compile(r"\b(?:accounts|customers|companies|clients)\s+(?:that\s+)?(i|\w+)\s+owns?\b|"
                            r"\b(my)\s+(?:own\s+)?(?:accounts|customers|clients)\b", re.IGNORECASE)
NOT_MY_QUEUE = re.compile(r"\b(?:and\s+)?not\s+(?:the\s+)?(?:tickets|ones)\s+assigned\s+to\s+(?:me|him|her|them)\b",
                          re.IGNORECASE)
# The deals a question puts the accounts under: "of the open deals we've got down to close in december, which …"
DEALS_CLOSING = re.compile(r"\bdeals?\b.{0,50}?\bclos(?:e|es|ing)\s+((?:in|this|next|by|before|between)\s+[\w ]{3,30}?)"
                           r"(?=\s*[,.?;:!]|\s+(?:which|who|what|and|also|that)\b)", re.IGNORECASE)
# "how many open tickets that read negative is each of us sitting on?", "… per person", "broken down by assignee"
EACH_PERSONS_COUNT = re.compile(r"\bhow many\b.{0,80}\b(?:each of us|each of them|each person|each rep|everyone|every one of us)\b|"
                                r"\b(?:per|by|for each)\s+(?:person|assignee|rep|agent|owner)\b", re.IGNORECASE)
# When the open tickets asked about were opened: "what's come into support since monday the 16th"
OPENED_IN = re.compile(r"\b(?:come|came|coming)\s+in(?:to\s+\w+)?\b|\b(?:opened|raised|filed|arrived|logged)\b", re.IGNORECASE)
OPENED_PERIOD = re.compile(r"\s*(since\s+(?:last\s+)?(?:the\s+)?[\w]+(?:\s+(?:the\s+)?\d{1,2}(?:st|nd|rd|th)?)?|this week|"
                           r"(?:in\s+)?the (?:last|past) (?:week|\d+ days))\b", re.IGNORECASE)
EACH_REGIONS_COUNT = re.compile(r"\bhow many\b.{0,80}\b(?:each|every|per|by)\s+region\b|\b(?:per|by|for each)\s+region\b.{0,40}"
                                r"\bhow many\b|\bregion by region\b", re.IGNORECASE)
# Tickets no one works: "nobody on our side has been assigned", "unassigned", "not picked up by anyone"
NOBODY_ASSIGNED = re.compile(r"\b(?:nobody|no one|no-one|noone)\b.{0,40}\b(?:assigned|picked (?:it |them )?up|owns?|working)\b|"
                             r"\bunassigned\b|\bnot (?:yet )?(?:been )?assigned\b|\bwithout an? (?:assignee|owner)\b|"
                             r"\b(?:hasn'?t|haven'?t|has not|have not) been (?:assigned|picked up)\b", re.IGNORECASE)
# A colleague passing something on ("alice says …", "carla reckons …"), and the words of a colleague's deal around its
# account ("alice's juniper ridge rollout is …")
COLLEAGUE_SAYS = re.compile(r"^\W*([\w'’-]+)\s+(?:says|said|reckons|thinks|mentioned|tells me|told me)\s+(?:that\s+)?", re.IGNORECASE)
AROUND_THE_ACCOUNT = re.compile(r"^\W*[\w-]+['’]s\s+(?=(?:[\w&.-]+\s+){1,3}?(?:deal|renewal|expansion|upgrade|rollout|pilot|"
                                r"migration|add-?on)\b)|(?<=\w)\s+(?:deal|renewal|expansion|upgrade|rollout|pilot|"
                                r"migration|add-?on)(?=\s+(?:is|was|has|had)\b)", re.IGNORECASE)
# Whose tickets: "assigned to me", "my open tickets", "sitting with Bob", "Carla's tickets"
COLLEAGUES_TICKETS = re.compile(r"\b([\w-]+)['’]s\s+(?:\w+\s+){0,2}?(?:tickets|queue)\b", re.IGNORECASE)  # ("bob's billing queue")
ASSIGNED_TYPED = re.compile(r"\b(?:assigned to|sitting with|owned by|handled by|looked after by) ([\w'’-]+)", re.IGNORECASE)
ASSIGNED = re.compile(r"\b(?:assigned to|sitting with|owned by|handled by|looked after by) (me|her|him|(?-i:[A-Z])\w+)\b(?! (?:at|from)\b)|"
                      r"\b(my)\s+(?:\w+\s+){0,2}?tickets\b|\b((?-i:[A-Z])\w+)'s\s+(?:\w+\s+){0,2}?tickets\b|"
                      # "which of the open tickets bob is handling …"
                      r"\btickets\s+(?!(?:that|which|who|they|we|you|i|it|he|she)\b)(\w+)\s+(?:is|'s|has been)\s+"
                      r"(?:handling|working|looking after|dealing with|sitting on|holding)\b|"
                      # "Carla's queue looks heavy. Of the open tickets assigned to her, ..."
                      r"\b((?-i:[A-Z])\w+)['’]s\s+(?:ticket\s+|support\s+)?(?:queue|plate|desk|backlog|inbox|pile)\b|"
                      # "my 1:1 with Bob in an hour. Is there anything in his ticket queue …"
                      r"\b(his|her)\s+(?:ticket\s+|support\s+)?(?:queue|plate|desk|backlog|inbox|pile)\b", re.IGNORECASE)


TICKETS = re.compile(r"\btickets?\b", re.IGNORECASE)


# Who raised it: "Valentina from Hoshizora", "Hana Gupta at Wattlebird"
# "chloé at wisła just opened a ticket …": a person and their company, as the message opens, in any case
OPENING_PERSON = re.compile(r"^\W*([^\W\d_][\w'’-]*)\s+(?:from|at|@)\s+([^\W\d_][\w&'’-]*)")


def _opening_person(text: str) -> re.Match | None:
    found = OPENING_PERSON.match(text)
    return found if found and found.group(1).lower() not in VOCABULARY and found.group(2).lower() not in VOCABULARY else None


PERSON_FROM = re.compile(r"\b((?-i:[A-Z])[\w'’-]+(?:\s+(?-i:[A-Z])[\w'’-]+)?)\s+(?:from|at|@)\s+((?-i:[A-Z])[\w&'’-]+)")
THEIR = re.compile(r"\b(?:their|them)\b", re.IGNORECASE)


def company_named(text: str) -> str | None:
    """The company a sentence names as whose someone is ("Henrik Yılmaz from Hollowmere") or as what it opens with
    ("Hoshizora sent a ticket in…")."""
    if who := PERSON_FROM.search(text):
        return who.group(2)
    text = SEEMS.sub("", text)  # "Looks like Nilgiri Software Labs sent in a new ticket."
    lead = LEADING_NAME.match(text)
    if lead and not any(w.lower() in VOCABULARY for w in re.findall(r"[\w'’-]+", lead.group(1))) \
            and lead.group(1) in (capitalised_name(text) or ""):
        return lead.group(1)
    return None


SEEMS = re.compile(r"^\W*(?:(?:it\s+)?(?:looks|seems|sounds) like|apparently|so|ok(?:ay)?|fyi|heads up|i think|i believe|"
                   r"i guess)\b[,:]?\s*", re.IGNORECASE)
# A name told apart right after it is said: "(the Nusantara one, not …)", ", the Karoo one,"
# "fatima at prairie wind (the revops one) got promoted": a first name and where they work open the message
OPENS_ON_FIRST_NAME_AT = re.compile(r"^\W*(?!(?:i|we|they|he|she|someone|somebody|everyone|our|my)\b)([a-z][\w'’-]+)\s+(?:at|from|over at|@)\s+"
                           r"([\w&'’.-]+(?:\s+[\w&'’.-]+){0,2}?)(?=\s*[(,]|\s+(?:got|is|was|has|just|moved|left|changed)\b)",
                           re.IGNORECASE)
WHICH_ONE = re.compile(r"^\s*[(,]\s*(?:the )?([\w&'’.-]+(?:\s+[\w&'’.-]+){0,2}?)\s+one\b", re.IGNORECASE)
# A colleague asking through the user: "Pedro on the LATAM desk wants to know whether …"
ASKED_FOR_BY = re.compile(r"^\W*(?-i:[A-Z])[\w'’-]+(?:\s+(?:on|from|in)\s+(?:the\s+)?[\w-]+(?:\s+(?:desk|team|side|office))?)?"
                          r"\s+(?:wants to know|would like to know|asked|is asking|was asking|wonders|was wondering)\b",
                          re.IGNORECASE)
# The name a message opens with, as the subject of its first sentence ("Ashby & Thorne had that scare…",
# "tienda azul - r they getting more annoyed?")
LEADING_NAME = re.compile(r"^\W*((?:[\w'’.-]+|&)(?:\s+(?:[\w'’.-]+|&)){0,3}?)(?:['’]s)?\s*(?:\s(?:had|has|have|are|is|were|was|"
                          r"seem|seems|keeps?|kept|got|just|sent|opened|raised|filed|reported|wrote|emailed|called|asked|wants?|needs?)\b|\s[-–—:]\s|,)",
                          re.IGNORECASE)
THEY = re.compile(r"\b(?:they|them|their|theyve|theyre|theyll|theyd)\b", re.IGNORECASE)  # "theyve" as typed
CONTRACTED = re.compile(r"n['’]t$|['’](?:s|re|ve|ll|d)$")  # "didn't" is "did" said with "not"
# "didn't we lose one there too?": the account talked about, as a place (not "is there …")
AT_THAT_PLACE = re.compile(r"(?<!\bis )(?<!\bare )(?<!\bwas )(?<!\bwere )\b(?:over )?there\b(?!\s+(?:is|are|was|were|any|been|'s)\b)",
                           re.IGNORECASE)
# How an account feels, asked of "they": "are they getting unhappier", "has it settled down since"
MOOD_ASKED = re.compile(r"\b(?:getting|still|lately|recently|settled|calmed|souring|sour|worse|better|grumpier|unhappier|"
                        r"happier|angrier|mood|feel|feeling|trend\w*)\b", re.IGNORECASE)
# a colleague's own queue, named in lower case: "is bob sitting on any unhappy customers?"
SITTING_ON = re.compile(r"\b(?:is|has)\s+([\w'’-]+)\s+(?:sitting on|holding|handling|dealing with|got)\b", re.IGNORECASE)
HE_OR_SHE = re.compile(r"\b(?:he|she|his|her|him)\b", re.IGNORECASE)
ONE_OF = re.compile(r"\b(?:one|ticket|deal)\b", re.IGNORECASE)  # "the slack digest one": a record by its words


def _named_before_them(text: str) -> str | None:
    """The account a lower-case message names before "their" ("is quarrystone souring on us? … which of their recent
    tickets …"); not a word after it ("which of their open tickets have the grumpiest customers?")."""
    # ("… which open tickets read negative, and is any of them not assigned?": them, the tickets asked about)
    they, named = THEY.search(re.sub(r"\b(?:any|some|all|none|one|each|which|either|both) of them\b", " ", text,
                                     flags=re.IGNORECASE)), mention(text)
    if they and named and name_words(named) and 0 <= text.lower().find(named.split()[0].lower()) < they.start():
        return named
    return None


ALL_OF_THEM = re.compile(r"\b(?:all|every one|each one) of them\b|\ball (?:of )?(?:his|her|their|my|the) (?:open )?(?:ones|tickets)\b|"
                         r"\b(?:the )?(?:whole|full|complete|entire) list\b|\bevery (?:single )?(?:one|ticket)\b", re.IGNORECASE)
# "give me the 3 angriest billing tickets": how many to list
HOW_MANY_LISTED = re.compile(r"\b(?:the|top|my|his|her|their)\s+(\d{1,2}|" + "|".join(NUMBER_WORDS) + r")\s+"
                             r"(?:\w+est|most \w+|worst|tickets)\b", re.IGNORECASE)


# How an open ticket reads, asked as a filter: "reads positive", "positive open tickets", "turning sour"
SENTIMENT_SAID = re.compile(r"\bread(?:s|ing)?\s+(?:as\s+)?(?:really\s+|actually\s+|genuinely\s+)?(positive|negative|neutral|happy)\b|"
                            # "which tickets sitting on pending have a customer who actually sounds happy?"
                            r"\b(?:sounds?|seems?|comes? across(?: as)?)\s+(?:really\s+|actually\s+|genuinely\s+)?(happy|positive|"
                            r"pleased|satisfied)\b|"
                            r"\b(positive|neutral)\s+(?:open\s+|unsolved\s+)?(?:tickets|ones)\b|"
                            r"\b(?:scored|rated|labell?ed|flagged)\s+(?:as\s+)?(positive|neutral)\b|"
                            r"(?P<sour>\bturning sour\b|\bgone sour\b|\bgoing sour\b)", re.IGNORECASE)


def ticket_sentiment(text: str, today: date, previous: str | None = None) -> dict | str:
    text = NOT_MY_QUEUE.sub(" ", unreported(text))  # "(my accounts, not tickets assigned to me)": not my queue
    if (told := COLLEAGUE_SAYS.match(text)) and _colleague(told.group(1).lower()):
        text = text[told.end():]  # "alice says mateo nowak over at prairie wind has been pretty hostile …": about him
    if ASIDE.search(text) and not _ticket(text) and mention(ASIDE.sub(" ", text)):
        text = ASIDE.sub(" ", text)  # "nordvik have opened a few tickets (the 503s, the github thing...)": examples
    whose = ASSIGNED.search(text)
    unnamed = REGION_WORDS.sub("", ASSIGNED.sub("", text) if whose else text)  # "Carla's tickets" names no company
    unnamed = ASKED_FOR_BY.sub("", unnamed)  # "Pedro on the LATAM desk wants to know …": who asks is not the subject
    who = whose and next(g for g in whose.groups() if g)
    if not who and (typed := ASSIGNED_TYPED.search(text)) and _colleague(typed.group(1)):
        who, unnamed = typed.group(1), unnamed.replace(typed.group(0), " ")  # "of the open tickets assigned to bob"
    if not who and (typed := COLLEAGUES_TICKETS.search(text)) and _colleague(typed.group(1)):
        who, unnamed = typed.group(1), unnamed.replace(typed.group(0), " ")  # "which of alice's open tickets …"
    if not who and re.search(r"\bon my plate\b|\btickets (?:do i have|have i got)\b|"
                             r"\b(?:tickets?|one)\s+(?:that\s+)?i\s+(?:still\s+)?(?:haven'?t|have not|didn'?t)\s+(?:\w+\s+){0,2}?"
                             r"(?:closed|solved|resolved|answered|touched)\b", text, re.IGNORECASE) \
            and not capitalised_name(text):
        who = "my"  # "anything urgent on my plate …", "what tickets do i have on pending": the caller's own queue
    if not who and (sitting := SITTING_ON.search(text)) and _colleague(sitting.group(1)):
        who = sitting.group(1)  # "is bob sitting on any really unhappy customers? give me his 3 angriest open tickets"
    if not who and re.search(r"\b(?:her|his)\s+(?:\w+\s+){0,2}?tickets\b", text, re.IGNORECASE) \
            and (named := _colleague_said(unnamed)):
        who = named  # "doing 1:1 prep with alice. which of her open tickets have the unhappiest customers?"
    if who and who.lower() in ("her", "him", "his") and (named := _colleague_said(unnamed) or capitalised_name(unnamed)):
        who, unnamed = named, unnamed.replace(named, "")  # "Carla's off from Wednesday … assigned to her"
    # "Prepping for the APAC team call tomorrow. Which open tickets ...?": a scene-setting sentence names nothing
    asked = " ".join(s for s in re.split(r"(?<=[.!?])\s+", unnamed.strip()) if s.endswith("?") or TICKETS.search(s))
    if previous and previous != "open tickets" and re.search(r"\b(?:their|they|them)\b", text, re.IGNORECASE) \
            and not who and not REGION_WORDS.search(text) and not capitalised_name(asked or unnamed) and not _ticket(text):
        return {"subject": previous}  # "which of their tickets is the worst one?" after asking about Umbrella Health
    # "I own the Quarrystone renewal … which of their tickets reads the worst?": their, the account said before
    # ... typed in lower case too ("is quarrystone souring on us? … which of their recent tickets is the worst one")
    # ("… whats the most negative thing theyve sent us lately and is that one still open", asked without a "?")
    theirs = THEY.search(unnamed) and not who and (capitalised_name(unnamed) or _named_before_them(unnamed))
    if theirs and (across := ACROSS_TICKETS.search(unnamed)) and across.end() <= THEY.search(unnamed).start() \
            and "tickets" in across.group().lower() and not capitalised_name(unnamed):
        theirs = None  # "are any outage tickets still open? who are they from, how upset are they": they, the tickets
    # "hugo müller, the CISO over at umbrella health - how's he feeling about us lately? which of his tickets …": him
    lead = LEADING_NAME.match(AROUND_THE_ACCOUNT.sub("", text))  # "alice's juniper ridge rollout is …": juniper ridge
    said = [w.lower() for w in re.findall(r"[\w'’-]+", lead.group(1))] if lead else []
    if HE_OR_SHE.search(asked) and not who and not _ticket(text) and not re.search(r"\bticket\b", text, re.IGNORECASE) \
            and (person := named_person_at(text)) \
            and re.match(rf"\W*{re.escape(person)}\b", text, re.IGNORECASE):
        return {"subject": person}  # "mateo nowak over at prairie wind has been pretty hostile … is he getting worse?"
    if HE_OR_SHE.search(asked) and not who and len(said) >= 2 and not any(w in VOCABULARY for w in said) \
            and not all(w in common_words() for w in said):
        return {"subject": lead.group(1)}
    if lead and not who and not _ticket(text) and THEY.search(text[lead.end():]) and MOOD_ASKED.search(text[lead.end():]) \
            and not any(w in VOCABULARY or _colleague(w) for w in said) \
            and lead.group(1) in (capitalised_name(text) or lead.group(1)):
        # "umbrella health - are they getting unhappier with us lately? …", "ombu finanzas had that scary '…' ticket
        # in september. are they still getting grumpier with us": the account the message opens with
        return {"subject": lead.group(1)}
    oldest = cues.OLDEST_TICKETS.search(text)
    if (ACROSS_TICKETS.search(text) or oldest) and not capitalised_name(asked or unnamed) and not theirs and not _ticket(text):
        # "which open tickets are the angriest right now?", "unhappy open EMEA tickets", "which were scored urgent?"
        found = {"subject": "open tickets"}
        # "which of my tickets are marked urgent?": the priority a person gave (not what "the scoring flagged as urgent")
        if (marked := PRIORITY_SAID.search(text)) and not re.search(r"\bscor|\bai\b|\bmodel\b", text, re.IGNORECASE):
            found["priority"] = next(g for g in marked.groups() if g).lower()
        elif several := SEVERAL_URGENCIES.search(text):  # "rated high or urgent urgency", "high-urgency or above"
            levels = ["low", "normal", "high", "urgent"]
            named = [w.lower() for w in re.findall(r"urgent|high|normal|low", several.group(0), re.IGNORECASE)]
            found["urgency"] = levels[levels.index(named[0]):] if several.group("above") else named
        elif urgency := re.search(r"\b(urgent|high|normal|low)\b(?=.{0,20}\burgency\b)|\burgency\W+(urgent|high|normal|low)\b|"
                                r"\b(urgent)\b", text, re.IGNORECASE):
            found["urgency"] = next(g for g in urgency.groups() if g).lower()
        elif re.search(r"\b(?:top|highest|max(?:imum)?) urgency\b", text, re.IGNORECASE):
            found["urgency"] = "urgent"
        if said := STATUS_SAID.search(text):  # "which of my tickets are parked on pending?" (… "that the model rated urgent")
            found["status"] = "pending" if said.group(1) is None else said.group(1).lower()
        if region := REGION_WORDS.search(text):
            found["region"] = REGIONS[region.group(1).lower()]
        if kind := CATEGORY_SAID.search(text):  # "which of my billing tickets still aren't solved?"
            found["category"] = CATEGORY_NAMES[(kind.group(1) or kind.group(2)).lower().replace("how to", "how-to")]
        # ("which of carla's tickets are on pending? and does any of them read negative": each listed shows how it reads)
        if (mood := SENTIMENT_SAID.search(text)) and not re.search(r"\b(?:any|which|each|all|some) of (?:them|those|these)\b",
                                                                    text[:mood.start()], re.IGNORECASE):
            found["sentiment"] = "negative" if mood.group("sour") else next(
                g for g in (mood.group(1), mood.group(2), mood.group(3), mood.group(4)) if g).lower()
            found["sentiment"] = {"happy": "positive", "pleased": "positive", "satisfied": "positive"}.get(
                found["sentiment"], found["sentiment"])
            if found["sentiment"] == "negative" and not {"urgency", "priority", "status", "category"} & set(found):
                del found["sentiment"]  # the most negative are what the list is anyway
        if who and who.lower() not in ("her", "him") and not REGION_WORDS.fullmatch(who):
            found["assignee"] = "me" if who.lower() in ("me", "my") else who
        elif NOBODY_ASSIGNED.search(text) and not re.search(r"\b(?:any|each|none|one) of them\b", text, re.IGNORECASE):
            # "… where nobody on our side has been assigned yet?" (but "… and is any of them not assigned?" asks of a list)
            found["assignee"] = "unassigned"
        if EACH_PERSONS_COUNT.search(text):  # "how many … is each of us sitting on? … how many nobody has picked up"
            found.pop("assignee", None)
            found["by_assignee"] = True
        elif EACH_REGIONS_COUNT.search(text):  # "how many … has each region got - amer, emea, apac and latam?"
            found.pop("region", None)
            found["by_region"] = True
        if oldest:  # "what's the oldest ticket i still haven't closed out?"
            found["oldest_first"] = True
        if (owned := ACCOUNTS_OWNED.search(text)) and ((mine := (owned.group(1) or owned.group(2)).lower()) in ("i", "my")
                                                       or _colleague(mine)):
            found["account_owner"] = "me" if mine in ("i", "my") else mine  # "across the accounts i own, which …"
            if found.get("assignee") == "me" and not re.search(r"\bassigned to me\b", text, re.IGNORECASE):
                del found["assignee"]  # "my accounts" is whose the companies are, not whose the tickets are
        if (came := OPENED_IN.search(text)) and (period := OPENED_PERIOD.match(text, came.end())):
            found["opened"] = period.group(1)  # "what's come into support since monday the 16th that isn't solved"
        if closing := DEALS_CLOSING.search(text):  # "of the open deals down to close in december, which customers …"
            found["deals_closing"] = closing.group(1)
        if ALL_OF_THEM.search(text):  # "which of his read negative? all of them pls, worst first"
            found["limit"] = 50
        elif counted := HOW_MANY_LISTED.search(text):  # "give me the 3 angriest billing tickets"
            found["limit"] = int(counted.group(1)) if counted.group(1).isdigit() else NUMBER_WORDS[counted.group(1).lower()]
        return found
    if re.search(r"\bhow urgent\b|\burgency\b|\bscored\b", text, re.IGNORECASE) and not _ticket(text) \
            and (told := _quoted(text) or residual_words(text)):
        return {"subject": f"ticket {told}"}  # only a ticket has an urgency: "the Kesselwerk one where they can't log in"
    if THEY.search(text) and not re.search(r"\btickets?\b", text, re.IGNORECASE) and (lead := LEADING_NAME.match(text)) \
            and not any(w.lower() in VOCABULARY for w in re.findall(r"[\w'’-]+", lead.group(1))) \
            and lead.group(1) in (capitalised_name(text) or lead.group(1)):  # "Carla has the feeling Stackhouse…": a name
        return {"subject": lead.group(1)}  # "nordvik had that api 503 mess… r they still sore?": the account it opens with
    if previous and THEY.search(text) and (named := mention(text)) and named.islower() and not ONE_OF.search(text) \
            and all(w in common_words() or w in VOCABULARY for w in re.findall(r"[\w'’-]+", named)):
        return {"subject": previous}  # "how do they feel about us on the support side?": the account talked about
    # "Hugo Müller from Umbrella Health": the person, not the whole company
    person = named_person_at(text)
    subject = (f"ticket {_ticket(text)}" if _ticket(text) else None) or person \
        or _subject(text, previous)
    # "…has their mood been slipping? which ticket is dragging it down the most?" asks among the account's tickets
    if subject and not subject.startswith("ticket ") and re.search(r"\bticket\b(?! (?:sentiment|scores?|mood|data|trend))", text, re.IGNORECASE) \
            and not re.search(r"\bwhich (?:one of (?:the|their) )?ticket\b", text, re.IGNORECASE):
        if not person and (told := residual_words(text)) and len(told.split()) > len(subject.split()) \
                and all(w.lower() in told.lower() for w in re.findall(r"[\w-]+", subject) if len(w) > 2):
            subject = told  # "Westhaven complained the status page stayed green … that ticket": every telling word
        subject = f"ticket {subject}"  # "the Karoo tax certificate ticket": a ticket by its subject
    return {"subject": subject} if subject else "Which ticket, company or contact do you mean?"


# A status asked of open tickets: "on pending", "in status new", "on hold"
# "my billing tickets", "open bug tickets", "any outage tickets": tickets of one category
CATEGORY_NAMES = {"billing": "billing", "bug": "bug", "outage": "outage", "how-to": "how_to", "how to": "how_to",
                  "feature request": "feature_request", "feature": "feature_request", "login": "account", "log-in": "account",
                  "sign-in": "account", "sign in": "account", "account access": "account"}
# urgency of several levels: "high or urgent", "urgent/high", "high urgency or above" (the tool takes a list)
SEVERAL_URGENCIES = re.compile(r"\b(?:urgent|high|normal|low)(?:[- ]urgency)?\s*(?:or|and|/|,)\s*(?:(?:urgent|high|normal)\b"
                               r"|(?:(?:even\s+)?(?P<above>above|higher|more|worse))\b)", re.IGNORECASE)
CATEGORY_SAID = re.compile(r"\b(billing|bug|outage|how[- ]to|feature request|feature|login|log-?in|sign[- ]in|account access)"
                           # "any login / account access tickets still open"
                           r"(?:\s*/\s*(?:account\s+)?(?:access|account|login))?\s+(?:related\s+)?(?:tickets\b|"
                           # "are any of the how-to questions still open …"
                           r"questions\b(?=.{0,30}\b(?:still\s+)?open\b))|"
                           # "which of my tickets that aren't resolved yet are just how-to questions?"
                           r"\b(?:are|is)\s+(?:just\s+|only\s+|simple\s+|really\s+|actual(?:ly)?\s+|real\s+|true\s+)*(?:an?\s+)?"
                           r"(billing|bug|outage|how[- ]to|feature request)"
                           r"(?:s|\s+(?:questions?|ones|issues|requests|tickets))?\b", re.IGNORECASE)
STATUS_SAID = re.compile(r"\b(?:on|in|parked on|marked|marked as|set to|status)\s+(pending|new)\b(?!\s+(?:ticket|one|request|"
                         r"issue)s?\b)|\b(?:are|is)\s+(?:still\s+)?(pending)\b|\bon hold\b()|"
                         # "which of my pending tickets are actual bugs?"
                         r"\b(?:my|our|his|her|their)\s+(pending)\s+(?:tickets|ones)\b", re.IGNORECASE)
PRIORITY_SAID = re.compile(r"\b(?:marked|flagged|set|tagged)\s+(?:as\s+)?(?:priority\s+)?(urgent|high)\b|"
                           r"\bpriority\s+(?:is\s+|of\s+)?(urgent|high|normal|low)\b|\b(urgent|high|normal|low)[- ]priority\b",
                           re.IGNORECASE)


# "when was ticket 119 resolved? Also the one about our new workspace URL …": two tickets, so the whole list
ANOTHER_OF_MINE = re.compile(r"\b(?:also|and|plus)\b.{0,20}\b(?:the (?:one|ticket|request)|my other|the other)\b", re.IGNORECASE)


def my_tickets(text: str, today: date, previous: str | None = None) -> dict:
    number = _ticket(text)
    # "ticket 110 … and did 119 get closed out properly?": two of theirs, so all of them
    # ("close ticket 12, our accountant sorted it": a comma after the number ends it; "1,200" is one number)
    numbers = {n for n in re.findall(r"(?<![\w.:/-])(?<!\d,)#?(\d{2,6})(?![\w.:/%-]|,\d)", text)
               if not re.fullmatch(r"(?:19|20)\d\d", n)}
    return {"ticket_id": int(number)} if number and not ANOTHER_OF_MINE.search(text) and numbers <= {number} else {}


# "has he actually opted in to email? … his lead score": fields only a contact has
CONTACT_FIELDS = re.compile(r"\b(?:opted[- ]in|opt[- ]in|consent(?:ed)?|lead score|lead source|how did (?:he|she|they) (?:come|find|get) "
                            r"to us|lead (?:list|ranking)\b.{0,60}\b(?:his|her|their) score)\b", re.IGNORECASE)
# "erik castillo (sampaguita)": a person typed in lower case, their company in brackets
PERSON_AND_COMPANY = re.compile(r"\b([a-z][\w'’-]{2,}\s+[a-z][\w'’-]{2,})\s*\([^()]{2,40}\)")


# "an ahmed from sahyadri health emailed me …": someone known by a first name and where they work
SOMEONE_CALLED = re.compile(r"\b(?:an?|some|one)\s+([a-z][\w'’-]+)\s+(?:from|at|over at)\s+([\w&'’.-]+(?:\s+[\w&'’.-]+){0,2}?)"
                            r"(?=\s+(?:emailed|e-mailed|called|rang|wrote|asked|sent|pinged|messaged|reached|is|was|has|just)\b|"
                            r"\s*[,.;:!?])", re.IGNORECASE)


def get_record(text: str, today: date, previous: str | None = None) -> dict | str:
    if CONTACT_FIELDS.search(text) and not _ticket(text) and (person := named_person_at(text) or (
            (typed := PERSON_AND_COMPANY.search(text)) and not set(typed.group(1).split()) & VOCABULARY and typed.group(1))):
        return {"collection": "contacts", "reference": person}
    if (someone := SOMEONE_CALLED.search(text)) and someone.group(1).lower() not in VOCABULARY \
            and not set(someone.group(2).lower().split()) & VOCABULARY:
        return {"collection": "contacts", "reference": f"{someone.group(1)} {someone.group(2)}"}
    kind = collection(text) or "companies"
    reference = (_ticket(text) or ticket_reference(text) if kind == "tickets" else None) or _subject(text, previous)
    who = PERSON_FROM.search(text) or _opening_person(text)
    # "Valentina from Hoshizora opened a new billing ticket"; "samuel haddad at cordillera just sent in a ticket about …"
    who = f"{who.group(1)} {who.group(2)}" if who else _person_opening(text)
    if kind == "tickets" and reference and not _ticket(text) and who and who.split()[0].lower() not in reference.lower():
        reference = f"{who} {reference}"
    if not reference:
        return f"Which {kind.rstrip('s').replace('companie', 'company')} do you mean? Give me its name, e-mail or id."
    return {"collection": kind, "reference": reference}


# "who runs the PMO at westhaven?", "an Arjun something at Quillfeather": a company's people, perhaps by first name
ROLE_AT = re.compile(r"\b(?:at|in|from)\s+((?:(?-i:[A-Z])[\w&'’.-]*|[a-z][\w&'’.-]*)(?:\s+(?-i:[A-Z])[\w&'’.-]+)*)",
                     re.IGNORECASE)
# ... or opening a sentence in lower case ("the security engineer at kauri? mariam something.")
FIRST_NAME_ONLY = re.compile(r"(?:^|(?<=[.?!;]\s)|\b(?=(?-i:[A-Z])))(\w+)\s+(?:something|somebody|whatshisname|whatshername|smth)\b",
                             re.IGNORECASE)


# "an inbound from someone @polderlink.example": a domain said as the end of an address
BARE_DOMAIN = re.compile(r"(?<![\w.+-])@((?:[\w-]+\.)+[a-z]{2,})\b", re.IGNORECASE)
WHO_THERE = re.compile(r"\bwho\b.{0,30}\b(?:there|at it|at that|at them)\b|\b(?:contacts?|people)\b", re.IGNORECASE)


# "who've we got on the IT side at sahyadri health?": a part of the company, whose people are asked for
SIDE_OF_BUSINESS = re.compile(r"\b(?:it|data|security|engineering|finance|legal|hr|ops|operations|billing|procurement)\s+side\b",
                              re.IGNORECASE)


def role_at_company(text: str) -> str | None:
    """ "who runs the PMO at westhaven?", "the finance manager at wattlebird freight": that company's people (the
    query find_records takes for them), perhaps with the first name given."""
    if role := re.search(r"\b" + cues.ROLE, text, re.IGNORECASE) or SIDE_OF_BUSINESS.search(text) or FIRST_NAME_ONLY.search(text):
        places = [m for m in ROLE_AT.finditer(text)
                  if m.group(1).lower() not in VOCABULARY and m.group(1).lower() not in ("file", "the")]
        # "do we have anyone at sahyadri-health.example in the crm? looking for an IT person": the company said first
        at = [m.group(1) for m in places if m.start() > role.start()] or \
            [m.group(1) for m in ASKED_AT.finditer(text[:role.start()]) if m.group(1).lower() not in VOCABULARY]
        if not at and (theirs := COMPANYS_ROLE.search(text)) and theirs.group(1).lower() not in VOCABULARY:
            at = [theirs.group(1)]  # "karoo's CTO — got a phone number for him?"
        if at:
            first = next((f.group(1) for f in FIRST_NAME_ONLY.finditer(text) if f.group(1).lower() not in VOCABULARY), None)
            return f"{first} {at[0]}" if first else at[0]
    return None


# "who do we know at nordvik energi? I need the systems admin's number": the company asked about, whole
ASKED_AT = re.compile(r"\b(?:anyone|anybody|someone|somebody|who)\b.{0,30}?\b(?:at|from)\s+([\w&'’.-]+(?:\s+[\w&'’.-]+){0,2}?)"
                      r"(?=\s*[?,.;!]|\s+in (?:the|our) crm\b)", re.IGNORECASE)


# "what's open on the support side for prairie wind energy?": where to look, not a name (kept out of VOCABULARY, which
# also masks the router's examples)
SUPPORT_SIDE = re.compile(r"\b(?:on|from) the support (?:side|front)\b|\bsupport-wise\b|\bwith support\b|"
                          r"\b(?:in|on)\s+(?:my|our|the)\s+(?:support\s+)?queue\b", re.IGNORECASE)  # "… in my support queue"


# A company and what its ticket is about: "straitspoint has a ticket about someone getting locked out before a demo - …"
COMPANY_HAS_TICKET = re.compile(r"^\W*([\w&'’.-]+(?:\s+[\w&'’.-]+){0,2}?)\s+(?:has|have|had|raised|opened|filed|put in|sent in|"
                                r"logged)\s+(?:(?:a|an|another|that)\s+(?:new\s+|open\s+)?ticket|something)\s+(?:about|on|re|with|where|for)\s+"
                                r"(.+?)(?=\s+-\s|\s*[?,;:—–]|$)|"
                                # "nordvik sent support a question about adding seats part-way through their annual term - …"
                                r"^\W*([\w&'’.-]+(?:\s+[\w&'’.-]+){0,2}?)\s+(?:just\s+|already\s+|also\s+|finally\s+)?(?:sent|emailed|asked|"
                                r"wrote to)\s+(?:support|us|the support "
                                r"team|our support(?: team)?)\s+(?:a|an)\s+(?:\w+\s+)?(?:question|request|note|complaint|message|e-?mail)"
                                r"(?:\s+(?:about|on|re|regarding|asking about)\s+(.+?)(?=\s+-\s|\s*[?,;:—–]|$))?", re.IGNORECASE)
STOPWORDS = {"the", "a", "an", "their", "our", "his", "her", "its", "them", "they", "someone", "somebody", "some", "of",
             "to", "for", "on", "in", "at", "with", "and", "or", "right", "just", "getting", "being"}
# Someone of a company who wrote in, named by their role: "granite peak's finance manager sent something in"
WHOSE_PERSON_SENT = re.compile(r"^\W*([\w&.-]+(?:\s+[\w&.-]+){0,2}?)['’]s\s+(?:[\w-]+\s+){1,3}?(?:sent|put|emailed|raised)\s+"
                               r"(?:something|anything|a (?:ticket|question|request))\b", re.IGNORECASE)
# "I need the systems admin's number in particular": how much it matters, not a name
IN_PARTICULAR = re.compile(r",?\s*\b(?:in particular|particularly|specifically|especially|(?:deals?|pipeline|sales|support|"
                           r"money|revenue)-?wise)\b", re.IGNORECASE)  # ... nor is "deal-wise"


# A number asked about: "who's that", "whose number is", "which company are they at"
WHO_CALLED = re.compile(r"\bwho(?:'s|’s| is| was)?\s+(?:that|this|it|calling)\b|\bwhose (?:number|phone)\b|\bwhich company\b|"
                        r"\bwho (?:rang|called|phoned)\b", re.IGNORECASE)
COMPANYS_CONTACTS = re.compile(r"\b(?:of|at)\s+(?:the\s+)?((?!(?:my|our|their|his|her|your|these|those|all)\b)[\w&.-]+"
                               r"(?:\s+[\w&.-]+)?)(?:['’]s)?\s+(?:contacts|people)\b", re.IGNORECASE)


def find_records(text: str, today: date, previous: str | None = None) -> dict | str:
    kind = collection(text) or "companies"
    asks_open = ASKS_OPEN.search(text)  # ("anything from sampaguita sitting in the support queue?": the queue is no name)
    text = IN_PARTICULAR.sub(" ", SUPPORT_SIDE.sub(" ", text))
    if domain := BARE_DOMAIN.search(text):  # "… Which company is that, and who do we know there?": its people show it
        return {"collection": "contacts" if WHO_THERE.search(text) else "companies", "query": domain.group(1)}
    if kind == "tickets" and (whose := WHOSE_PERSON_SENT.match(text)) and not set(whose.group(1).lower().split()) & VOCABULARY:
        return {"collection": kind, "query": whose.group(1)}  # "granite peak's finance manager sent something in to support"
    if kind in ("contacts", "companies") and (number := PHONE.search(text)) and WHO_CALLED.search(text):
        return {"collection": "contacts", "query": number.group().strip()}  # "missed a call from +61 2 9876 0124 … who's that?"
    if people := role_at_company(text):
        return {"collection": "contacts", "query": people}
    if kind == "contacts" and (theirs := COMPANYS_CONTACTS.search(text)) and theirs.group(1).lower() not in VOCABULARY:
        return {"collection": kind, "query": theirs.group(1)}  # "which of the sampaguita contacts are already customers"
    if (has := COMPANY_HAS_TICKET.match(text)) and (kind == "tickets" or re.search(r"\bsomething\b", has.group(0)) or has.group(3)) \
            and not set((has.group(1) or has.group(3)).lower().split()) & VOCABULARY:
        # "stackhouse has a ticket about 429 errors breaking their sync - who raised it": theirs, by what it is about
        # ("ombú opened something about resetting 2fa … - who sent it in": a ticket too)
        company, told = (has.group(1), has.group(2)) if has.group(1) else (has.group(3), has.group(4) or "")
        about = [w for w in re.findall(r"[\w'’-]+", told) if w.lower() not in STOPWORDS]
        return {"collection": "tickets", "query": " ".join([company, *about])}
    if kind == "tickets" and len((unquoted := QUOTED_PASSAGE.sub(" ", text)).split()) >= 5 \
            and (theirs := AT_COMPANY.search(unquoted)):
        # "Mateo Nowak at Prairie Wind emailed me: "…" Which of their tickets is he talking about?": the company's
        return {"collection": kind, "query": theirs.group(1)}
    query = _subject(text, previous)
    if kind == "tickets" and HE_OR_SHE.search(text) and (person := named_person_at(text)) \
            and re.match(rf"\W*{re.escape(person)}\b", text, re.IGNORECASE):
        query = person  # "ngozi osei at quarrystone is in our queue constantly. what has she got that isn't solved yet"
    if not query:
        return f"Which {kind.rstrip('s').replace('companie', 'company')} do you mean? Give me its name, e-mail or id."
    if kind in ("deals", "tickets") and asks_open:
        return {"collection": kind, "query": query, "open_only": True}  # "what does silverpine have open with support?"
    return {"collection": kind, "query": query}


# "what does silverpine media have open", "any open tickets from initech", "still open", "what's open on …"
ASKS_OPEN = re.compile(r"\b(?:have|has|got|anything|something|still|what'?s|whats|what is)\s+(?:\w+\s+)?open\b|"
                       r"\bopen\s+(?:tickets|deals|ones|issues|cases|opps)\b|\bunresolved\b|\boutstanding\b|"
                       r"\b(?:isn'?t|aren'?t|not)\s+(?:yet\s+)?(?:solved|resolved|closed|fixed|answered|done|sorted|dealt with)\b|"
                       r"\b(?:sitting|waiting|stuck)\s+in\s+(?:the\s+|our\s+)?(?:support\s+)?queue\b", re.IGNORECASE)


def _one(field: str, what: str) -> Callable[..., dict | str]:
    def build(text: str, today: date, previous: str | None = None) -> dict | str:
        subject = _subject(text, previous)
        return {field: subject} if subject else f"Which {what} do you mean? Give me its name or id."
    return build


def account_overview(text: str, today: date, previous: str | None = None) -> dict | str:
    found = _account(text, today, previous)
    if isinstance(found, dict) and LOST_ASKED.search(text):
        found["lost"] = True  # "what did we lose there before + why?"
    return found


HOW_BIG = re.compile(r"\bhow (?:big|large|small) (?:a (?:company|business|customer|outfit|org(?:anisation|anization)?) is|is)\s+"
                     r"([\w&'’.-]+(?:\s+(?!(?:actually|really|now|exactly|these days|anyway)\b)[\w&'’.-]+){0,2}?)"
                     r"(?=\s+(?:actually|really|now|exactly|these days|anyway)\b|\s*[?.,!]|$)", re.IGNORECASE)
LOST_ASKED = re.compile(r"\b(?:lose|lost|losses|lose to|churned)\b(?! track\b)", re.IGNORECASE)  # (not "i've lost track")


def _account(text: str, today: date, previous: str | None = None) -> dict | str:
    if (told := COLLEAGUE_SAYS.match(text)) and _colleague(told.group(1).lower()):
        text = text[told.end():]  # "carla thinks nusantara grid could expand next year. remind me what we've sold them"
    if (met := WITH_THEIR_PERSON.search(text)) and not set(met.group(1).lower().split()) & VOCABULARY:
        return {"company": met.group(1)}  # "exec dinner with acme corp's coo next week 🍷 … what have we closed with them"
    # "Dmitri Haddad at Wisła put in a new ticket … whose account is Wisła?": the company, not the person
    if (person := PERSON_BEFORE.search(text)) and (company := person.group(2) or person.group(3)):
        return {"company": company.strip()}
    if (person := SOMEONE_FROM.match(text)) and THEY.search(text[person.end():]) \
            and not set(person.group(1).lower().split()) & VOCABULARY:
        return {"company": person.group(1)}  # "henrik from cobaltline is coming in on tuesday. what have we got going with them"
    if said := MEETING_SOMEONE_AT.search(text):  # "calling javier at polderlink in 10 min. remind me what deals …"
        return {"company": said.group(1)}
    if (said := VISITING.search(text)) and not set(said.group(1).lower().split()) & VOCABULARY:
        return {"company": said.group(1)}  # "might drop in on karoo solar ☀️ what's bob got going with them …"
    if (said := SENT_SOMETHING_IN.match(text)) and not set(said.group(1).lower().split()) & VOCABULARY \
            and not any(_colleague(w) for w in said.group(1).lower().split()):
        return {"company": said.group(1)}  # "nilgiri sent something in about their invoices i think? what do they need"
    if (said := NAME_THEN_DASH.match(text)) and THEY.search(text[said.end():]) \
            and not set(said.group(1).lower().split()) & VOCABULARY:
        return {"company": said.group(1)}  # "polderlink logistics - we just won their second business unit deal right?"
    if (said := ACCOUNTS_DEAL_DID.match(text)) and THEY.search(text[said.end():]) \
            and not set(said.group(1).lower().split()) & (VOCABULARY | {"we", "i", "they", "he", "she", "my", "our"}):
        return {"company": said.group(1)}  # "liffeyside's team plan closed yesterday - what else have i got going with them"
    if (said := ACCOUNT_DID.match(text)) and THEY.search(text[said.end():]) \
            and not set(said.group(1).lower().split()) & (VOCABULARY | {"we", "i", "they", "he", "she"}):
        return {"company": said.group(1)}  # "polderlink signed … before i call javier: what else is open with them"
    if (said := WORKS_AT.search(text)) and not set(said.group(1).lower().split()) & VOCABULARY:
        return {"company": said.group(1)}  # "a mate of mine works at tallgrass learning and says they're shopping around"
    if (said := MEETING_SOMEONE.search(text)) and not set(said.group(1).lower().split()) & VOCABULARY:
        return {"company": said.group(1)}  # "coffee with diego novak … catch me up on his company": the tool finds it
    if said := WHO_OWNS.search(text):  # "who owns prairie wind energy on our side?"
        return {"company": said.group(1)}
    if (said := ACCOUNT_WANTS.match(text)) and not set(said.group(1).lower().split()) & (VOCABULARY | {"we", "i", "they", "he", "she"}) \
            and not any(_colleague(w) for w in said.group(1).lower().split()):
        return {"company": said.group(1)}  # "fernhollow credit union want an intro with our new CS lead …": not "CS"
    if (said := HOW_BIG.search(text)) and not set(said.group(1).lower().split()) & VOCABULARY:
        return {"company": said.group(1)}  # "how big a company is stackhouse labs actually? carla's enterprise upgrade …"
    if said := OVERVIEW_OF.search(text):  # "the lay of the land at karoo solar before I jump on their exec sponsor call"
        return {"company": said.group(1)}
    if (said := DEALS_AT.search(text)) and THEY.search(text[said.end():]) \
            and not set(said.group(1).lower().split()) & (VOCABULARY | {"we", "i", "they", "he", "she", "my", "our"}):
        return {"company": said.group(1)}  # "carla's got two open deals at ombú and they had that scary '…' thing"
    if (name := capitalised_name(text)) and (span := mention(text)) and span.startswith(f"{name} "):
        return {"company": name}  # "Prairie Wind Energy keeps popping up in the support queue": the company, not its verbs
    if previous and (not ID_REFERENCE.match(previous) or previous.startswith("company ")) \
            and (THEY.search(text) or AT_THAT_PLACE.search(text)) \
            and (named := mention(text)) \
            and named.islower() and all(w in common_words() or w in VOCABULARY or CONTRACTED.sub("", w) in common_words()
                                        for w in re.findall(r"[\w'’-]+", named)):
        return {"company": previous}  # "do we have anything open with them on the sales side?": the account talked about
    for said in THE_ACCOUNT.finditer(text):  # "how's the ombu finanzas account looking? deals in flight + …"
        if not set(said.group(1).lower().split()) & NOT_AN_ACCOUNT:  # "the current state of that account"
            return {"company": said.group(1)}
    return _one("company", "company")(text, today, previous)


# The account a colleague's deals are at, said before "they": "carla's got two open deals at ombú and they …"
DEALS_AT = re.compile(r"\b(?:deals?|opps?|opportunit(?:y|ies)|renewals?|pilots?|rollouts?|expansions?)\s+(?:at|with|over at)\s+"
                      r"(?!(?:the|a|an|my|our|their|them|him|her|you|us|it|this|that)\b)([\w&'’.-]+(?:\s+[\w&'’.-]+){0,2}?)"
                      r"(?=\s+(?:and|but|so|which|who|where)\b|\s*[.,;:!?(]|\s*$)", re.IGNORECASE)
ACCOUNT_WANTS = re.compile(r"^\W*([\w&'’.-]+(?:\s+[\w&'’.-]+){0,3}?)\s+(?:want|wants|wanted|need|needs|are asking for|"
                           r"is asking for|asked for)\s+(?:an?|the|to)\b", re.IGNORECASE)
WHO_OWNS = re.compile(r"\bwho owns (?!(?:the\s+)?(?:account|company|customer|deal|ticket|it|this|that|them)\b)(?:the )?([\w&'’.-]+(?:\s+[\w&'’.-]+){0,4}?)(?:\s+account)?\s+(?:on our (?:side|end)|"
                      r"internally|on the sales side)\b", re.IGNORECASE)
# "henrik from cobaltline is coming into the office": a person and their company open the message, in any case
SOMEONE_FROM = re.compile(r"^\W*[\w'’-]+(?:\s+[\w'’-]+)?\s+(?:from|at|over at)\s+([\w&'’.-]+(?:\s+[\w&'’.-]+){0,2}?)\s+"
                          r"(?:is|was|has|had|just|will|wants|called|emailed|sent|asked|came|comes)\b", re.IGNORECASE)
WORKS_AT = re.compile(r"\b(?:works|working|worked)\s+(?:at|for|over at)\s+(?!(?:the|a|an|my|our|their|us|you)\b)"
                      r"([\w&'’.-]+(?:\s+[\w&'’.-]+){0,2}?)(?=\s+(?:and|who|but|now|says|said|told|tells)\b|\s*[.,;:!?]|\s*$)",
                      re.IGNORECASE)
# Whom the caller is about to call or meet, and where they work
MEETING_SOMEONE_AT = re.compile(r"\b(?:calling|call with|meeting|meeting with|seeing|talking to|speaking (?:to|with)|chatting with|"
                                r"(?:lunch|dinner|coffee) with)\s+(?!(?:the|a|an|my|our|their)\b)[\w'’-]+(?:\s+[\w'’-]+)?\s+"
                                r"(?:at|from|over at)\s+([\w&'’.-]+(?:\s+[\w&'’.-]+){0,2}?)"
                                r"(?=\s+(?:in|at|on|tomorrow|today|tonight|this|next|later|soon|about)\b|\s*[.,;:!?]|\s*$)",
                                re.IGNORECASE)
# Whom the caller is about to visit: "i'm in cape town next week and might drop in on karoo solar ☀️"
VISITING = re.compile(r"\b(?:drop(?:ping)?\s+(?:in|by)\s+(?:on|at)|swing(?:ing)?\s+by|pop(?:ping)?\s+(?:in|by)\s+(?:on|at)|pop(?:ping)?\s+into|"
                      r"stop(?:ping)?\s+by|visit(?:ing)?|go(?:ing)?\s+(?:to\s+)?see|head(?:ing)?\s+(?:over\s+|out\s+)?to)\s+"
                      r"(?!(?:the|a|an|my|our|their|them|him|her|you|us|it|this|that)\b)([\w&'’.-]+(?:\s+[\w&'’.-]+){0,2}?)"
                      r"(?=\s*(?:[^\w\s&'’.-]|$)|\s+(?:next|tomorrow|today|on|this|in|before|after|while|when|to|and|for|"
                      r"later|soon)\b)", re.IGNORECASE)
# An account that opens the message by writing in: "nilgiri sent something in about their invoices"
SENT_SOMETHING_IN = re.compile(r"^\W*([\w&'’.-]+(?:\s+[\w&'’.-]+){0,2}?)\s+(?:just\s+|has\s+|have\s+)?(?:sent|filed|raised|"
                               r"opened|submitted|put|wrote|emailed)\s+(?:something|a\s+(?:new\s+)?(?:ticket|request|"
                               r"question|complaint)|in|us)\b", re.IGNORECASE)
# A name that opens the message, set off by a dash or a colon: "polderlink logistics - we just won their …"
# An account the message opens with, by what it did: "polderlink signed the second business unit deal yesterday"
ACCOUNT_DID = re.compile(r"^\W*([\w&'’.-]+(?:\s+[\w&'’.-]+){0,2}?)\s+(?:just\s+|finally\s+|officially\s+)?(?:signed|renewed|"
                         r"bought|upgraded|downgraded|churned|cancelled|canceled|went live|are live|is live|expanded|"
                         # "lumière médias ran a 3-team pilot with us in the spring"
                         r"(?:ran|did|trialled|trialed|piloted|tested)\s+(?:an?\s+|the\s+|their\s+)?(?:[\w-]+\s+)?(?:pilot|trial|poc)|"
                         # "nusantara grid could expand next year"
                         r"(?:could|might|may|will|would|wants? to|plans? to|is going to|are going to)\s+(?:\w+\s+)?"
                         r"(?:expand|renew|upgrade|grow|churn|downgrade|buy|sign))\b",
                         re.IGNORECASE)
# Whose person the caller meets: "exec dinner with acme corp's coo next week"
WITH_THEIR_PERSON = re.compile(r"\b(?:with|w/)\s+((?:[\w&.-]+\s+){0,3}?[\w&.-]+)['’]s\s+(?:coo|ceo|cfo|cto|ciso|cio|cmo|cro|vp|"
                               r"head|heads|team|people|folks|execs?|board|founders?|leadership|procurement|finance|it)\b",
                               re.IGNORECASE)
# "liffeyside's team plan closed yesterday": whose deal it is opens the message
ACCOUNTS_DEAL_DID = re.compile(r"^\W*([\w&.-]+(?:\s+[\w&.-]+){0,2}?)['’]s\s+(?:[\w&+.-]+\s+){0,4}?(?:just\s+|finally\s+|officially\s+)?"
                               r"(?:closed|signed|renewed|landed|went through|came through|got signed|is signed|is done)\b",
                               re.IGNORECASE)
NAME_THEN_DASH = re.compile(r"^\W*([\w&'’.-]+(?:\s+[\w&'’.-]+){0,3}?)\s*(?:\s[—–-]|--|:)\s")
# Whom the caller meets, when the message then asks about their company
MEETING_SOMEONE = re.compile(r"\b(?:calling|call with|meeting|meeting with|seeing|talking to|speaking (?:to|with)|chatting with|"
                             r"(?:lunch|dinner|coffee|drinks) with)\s+(?!(?:the|a|an|my|our|their)\b)([\w'’-]+\s+[\w'’-]+)\b"
                             r"(?=.*\b(?:his|her|their) (?:company|account|employer|firm|org|organi[sz]ation)\b)", re.IGNORECASE | re.DOTALL)
NOT_AN_ACCOUNT = frozenset("of that this on with the their our my your his her its a an in for to and at whole entire state story "
                           "rundown run-down status current latest overall".split())
THE_ACCOUNT = re.compile(r"(?=\bthe\s+(?!(?:whole|entire|same|other|new|old|customer|client|main|\w+['’]s)\b)"
                         r"((?:[\w&'’.-]+\s+){0,3}?[\w&'’.-]+)\s+account\b(?!\s+(?:owner|manager|exec|team|of)\b))", re.IGNORECASE)


OVERVIEW_OF = re.compile(r"\b(?:lay of the land|overview|rundown|run-down|full picture|state of play|the works)\s+(?:at|on|for|of|with)\s+"
                         r"(?!(?:the|a|an|this|that|their|our|my|his|her|it|them|everything|things)\b)"
                         r"([\w&'’.-]+(?:\s+[\w&'’.-]+){0,3}?)(?=\s+(?:before|after|since|so|because|ahead|as|and|pls|please)\b|"
                         r"\s+[—–-]\s|[,.;:!?]|$)", re.IGNORECASE)


# "Not the Team upgrade or the Salesforce add-on, the FY26 renewal.": deals said not to be meant name nothing
NOT_THESE = re.compile(r"\bnot (?:the|my|our|that|this|his|her|their) [^,.;?!()]+?(?=[,.;?!()]|$)", re.IGNORECASE)


def deal_summary(text: str, today: date, previous: str | None = None) -> dict | str:
    text = NOT_THESE.sub(" ", text)
    if (where := re.search(r"\bwhere(?:'s|’s| is)\s+" + cues.WHOSE_DEAL_AT, text, re.IGNORECASE)) and name_words(where.group(1)):
        return {"deal": where.group(1)}  # "where's my globex marketing ops expansion at? stage, close date …"
    # ("on my umbrella health business pilot deal - what did we promise them …")
    if (header := DEAL_HEADER.match(re.sub(r"^\W*(?:(?:on|about|re|for|with)\s+)?(?:the|my|our)\s+", "", text, flags=re.IGNORECASE))) \
            and (KIND_OF_DEAL.search(header.group(1)) or re.search(r"\s(?:deal|new logo|\d+ seats)$", header.group(1), re.IGNORECASE)) \
            and (name_words(header.group(1)) or re.search(r"\s(?:deal|opp|\d+ seats)$", header.group(1), re.IGNORECASE)):
        # "the karoo salesforce add-on: who's my contact there …", "my clinica aurora new logo deal - remind me what
        # it's worth": the header names it
        return {"deal": re.sub(r"\s+deal$", "", header.group(1), flags=re.IGNORECASE)}
    if (header := NAMED_DEAL_THEN_COMMA.match(text)) and len((residual_words(header.group(1)) or "").split()) >= 2:
        # "the big ashby & thorne marketing ops deal, the one that's still open: after the demo, who …"
        return {"deal": header.group(1).strip()}
    if (header := cues.DEAL_THEN_ITS_FIELDS.match(text)) and name_words(header.group(1)):
        return {"deal": re.sub(r"^(?:the|my|our)\s+|\s+deal$", "", header.group(1), flags=re.IGNORECASE)}
    deal = _subject(text, previous)
    if not deal:
        return "Which deal do you mean? Give me its name or id."
    if (named := residual_words(text)) and len(named.split()) > len(deal.split()) \
            and all(w.lower() in named.lower() for w in re.findall(r"[\w-]+", deal) if len(w) > 2):
        deal = named  # "Carla's Wattlebird upgrade (starter -> team)": every telling word, to tell its deals apart
    if len(deal.split()) >= 5 and (kind := _deal_by_kind(text)):
        deal = kind  # "prepping the demo for the wattlebird renewal. which chat tool does their PMO …": the deal by its kind
    if (naming := NAMING_AMOUNT.search(text) or AMOUNT_ASIDE.search(text)) and not re.match(r"deal \d+$", deal) \
            and not phrases.amount(deal):
        # "the 27.5k kesselwerk expansion", "the smaller kesselwerk team plan expansion (15.5k)": the look-alike of
        # that amount
        deal = f"{deal} {naming.group(1)}"
    return {"deal": deal}


NAMED_DEAL_THEN_COMMA = re.compile(r"^\W*(?:(?:on|about|re|for|with)\s+)?(?:the\s+|my\s+|our\s+|[\w'’-]+['’]s\s+)?"
                                   # (not "and the other karoo deal, the salesforce one?": which one is said after it)
                                   r"(?!(?:and|or|but|so|also|then)\b)((?:(?!(?:other|another|that|this)\b)[\w&'’.+-]+\s+){1,6}?)"
                                   r"deal\s*[,(]", re.IGNORECASE)
AMOUNT_ASIDE = re.compile(r"\(\s*(?:the\s+)?([$€£]?\d[\d,.]*\s?k)(?:\s+one)?\s*\)", re.IGNORECASE)


REQUEST = re.compile(r"^\s*(?:hi|hello|hey)?[,!.\s]*(?:(?:can|could) you |please )?(?:open|file|log|create|raise|submit)"
                     r"(?: me)? (?:a |an )?(?:new )?(?:support )?(?:ticket|request|case|bug report)(?: for (?:this|us|me))?"
                     r"(?: please)?\s*[:.,!-]*\s*", re.IGNORECASE)


# What opens a message before the problem: "hmm,", "hi there!", "ok so"; and a request that introduces it after a
# colon ("Could you make sure your product people hear this one: we'd love to export …")
OPENING = re.compile(r"^\W*(?:(?:hi|hello|hey|hm+|ugh+|ok(?:ay)?|so|um+|uh+|well|oh|yo|thanks|thank you|thx|cheers|great|perfect|"
                     r"got it|also|btw|(?:an)?other thing|one more thing|good (?:morning|afternoon|evening)|morning|sorry|"
                     # "Good morning! Two things, sorry. Our self-managed GitLab …"
                     r"(?:two|three|a couple of|a few) (?:things|questions))(?: there| while i'?m here)?\b[\s!,.:-]*)+",
                     re.IGNORECASE)
LEAD_IN = re.compile(r"^[^:.!?]{0,80}\b(?:hear|know|see|pass|log|file|note|record|forward|tell|report)\b[^:.!?]{0,30}:\s+(?=\S)",
                     re.IGNORECASE)


# A sentence that only asks for what follows to be passed on: the ticket's subject is what follows.
PASSES_ON = re.compile(r"\b(?:pass(?:ing)?|forward(?:ing)?|send(?:ing)?)\s+(?:something|this|it|that|a (?:\w+ )?(?:request|"
                       r"suggestion|note|message))?\s*(?:along|on)\b", re.IGNORECASE)


# A sentence that only announces what kind of report follows ("I'd like to report a bug."): the subject is what follows.
ANNOUNCES = re.compile(r"^\W*(?:i'?d like to|i would like to|i want to|i wanna|i need to|i'?m (?:writing|here) to|just wanted to|"
                       r"(?:can|could) i|let me) (?:report|flag|raise|log|file|tell you about) (?:a |an |another |one )?"
                       r"(?:\w+ )?(?:bug|problem|issue|error|glitch|fault|defect)(?: (?:with|in) (?:orbitly|the app|your app))?\W*$",
                       re.IGNORECASE)
SORTED_BEFORE = re.compile(r"\b(?:(?:that|it|this)(?:'s| is)? (?:works?|working) (?:now|again|fine now)|(?:is|was|got|been) "
                           r"(?:fixed|sorted|resolved)(?: now)?|all good now)\b", re.IGNORECASE)


def create_ticket(text: str, today: date, previous: str | None = None) -> dict:
    problem = REQUEST.sub("", text.strip()) or text.strip()
    problem = LEAD_IN.sub("", OPENING.sub("", problem)) or problem
    first, *rest = re.split(r"(?<=[.!?])\s", problem, maxsplit=1)
    if rest and (PASSES_ON.search(first) or SORTED_BEFORE.search(first) or ANNOUNCES.search(first)):
        # "Would you mind passing something along to whoever decides …? We'd love …"; "Following up on my Confluence
        # embed question: that works now. But in Notion it's just a grey box.": the subject is what follows
        first = re.split(r"(?<=[.!?])\s", rest[0].strip(), maxsplit=1)[0]
        first = re.sub(r"^(?:but|however|and|now|unfortunately)\b[,\s]*", "", first, flags=re.IGNORECASE)
    first = first[:1].upper() + first[1:]
    found = phrases.emails(text)
    return {"subject": first[:120], "description": text.strip(), **({"reply_to_email": found[0]} if found else {})}


# Who is asking and small talk around a help-centre question: not words to search for.
FRAMING = re.compile(r"^\W*(?:(?:hi|hello|hey|hola|ugh|so|quick one|quick question)\b[\s!,.:-]*)*"
                     r"(?:(?:a|my|our|the)\s+)?(?:customer|client|prospect)(?:\s+(?:at|from|on)\s+[\w&'’. -]+?)?\s+"
                     r"(?:is\s+)?(?:ask(?:s|ed|ing)?|wants? to know|wonder(?:s|ing)?)\s+(?:me\s+)?(?:about\s+|whether\s+|if\s+)?",
                     re.IGNORECASE)


# "perfect, that fixed it! last thing, my boss wants a picture of the whole dashboard": thanks for the last answer,
# then the new question, which is what is searched
THANKED_THEN = re.compile(r"^\W*(?:(?:perfect|great|thanks|thank you|thx|awesome|brilliant|nice|cool|ok(?:ay)?)\b[\s,!.]*)+"
                          r"(?:(?:that|it|this)\s+(?:fixed|worked|did|sorted|solved)\b[^.!?]*[.!?]+\s*)?"
                          r"(?:(?:ok(?:ay)?|and|so)[\s,]+)?(?:(?:one\s+)?last|one more|final|another)\s+(?:thing|question|q)\b[\s,:;!.-]*",
                          re.IGNORECASE)


def knowledge_query(text: str) -> dict:
    """ "customer at Karoo is asking whether SCIM is in Business" -> "SCIM is in Business": the question itself."""
    question = THANKED_THEN.sub("", FRAMING.sub("", text.strip()))
    return {"query": question if len(question.split()) >= 3 else text.strip()}


BUILDERS: dict[str, Callable[..., dict | str]] = {
    "search_knowledge_base": lambda text, today, previous=None: knowledge_query(text),
    "handoff_to_human": lambda text, today, previous=None: {"reason": text.strip()[:300]},
    "create_ticket": create_ticket,
    "find_records": find_records,
    "get_record": get_record,
    "deal_summary": deal_summary,
    "account_overview": account_overview,
    "ticket_sentiment": ticket_sentiment,
    "pipeline_question": pipeline_question,
    "update_deal": update_deal,
    "update_ticket": update_ticket,
    "update_contact": update_contact,
    "log_activity": log_activity,
    "create_task": create_task,
    "draft_follow_up": draft_follow_up,
    "approve_draft": lambda text, today, previous=None: {},
    "discard_draft": lambda text, today, previous=None: {},
    "my_tickets": my_tickets,
}


SUBJECT_FIELDS = ("deal", "company", "contact", "ticket", "record", "to", "subject", "reference", "query", "about")


def subject_of(call: dict | None) -> str | None:
    """What an earlier tool call was about, for a message that points back at it."""
    if call and call["name"] == "search_knowledge_base" \
            and (ticket := re.match(r"ticket (\d+) - ", str(call["args"].get("query", "")))):
        return f"ticket {ticket.group(1)}"  # "the backups one - does our help centre answer it?": that listed ticket's
    if not call or call["name"] == "search_knowledge_base":
        return None  # a help-centre question names no record: "push it to 29 Jan" after one is no deal of its words
    said = next((str(call["args"][f]) for f in SUBJECT_FIELDS if call["args"].get(f)), None)
    if said and said.lstrip("#").isdigit() and (kind := {"update_ticket": "ticket", "update_deal": "deal"}.get(call["name"])):
        return f"{kind} {said.lstrip('#')}"  # "bump it to urgent and put a note on it": the ticket changed, by its id
    return said


def arguments(tool: str, text: str, today: date, previous: str | None = None) -> dict | str:
    """The tool's arguments from the message, or one short question when something is missing."""
    return BUILDERS[tool](text, today, previous)
