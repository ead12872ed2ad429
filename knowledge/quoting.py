"""How well a help-centre sentence answers a question: the signals of one sentence, and their learned weights.

A reply quotes the sentences that score highest. The score is a linear combination of the signals below, with
weights fitted (logistic regression: does this sentence state a fact the answer needs?) on the dev
conversations by `python -m evals.kb_quoting`; they live in `quoting.json` next to this file. Hand-set weights
came first; the fitted ones put the needed fact among the quoted sentences more often on questions left out of
the fit (the fit script prints the cross-validated comparison).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

WEIGHTS_FILE = Path(__file__).with_name("quoting.json")

SIGNALS = (
    "similarity",          # the sentence's cosine similarity to the question
    "section",             # its section's (heading and body, as stored at ingest) similarity to the question
    "lexical",             # the share of the question's word weight (IDF) it contains
    "row",                 # it is a table row
    "named_row",           # it is a table row whose label the question names ("which plans have SSO?": "SSO: ...")
    "extreme",             # it states a maximum or minimum, and the question asks for one
    "phrase",              # it (or its section's heading) repeats the question's words in their order
    "number_asked",        # the question asks for a quantity, and it states a number
    "place_asked",         # the question asks where, and it names a place in the product or on the web
    "in_range",            # a number in the question falls in a range it states ("99.45% to less than 99.95%: 10%.")
    "similarity_behind",   # its similarity minus the best sentence's among those scored for the question
    "section_behind",      # its section's similarity minus the best section's
)

# Questions that ask for a quantity: the answer is a sentence with a number in it.
ASKS_A_NUMBER = re.compile(r"\bhow (?:long|many|much|often|soon|far|big|fast)\b|\b(?:max(?:imum)?|min(?:imum)?|limit|"
                           r"percent(?:age)?|number of|what uptime|deadline|within|biggest|largest|smallest|highest|lowest|"
                           r"longest|shortest|cheaper)\b", re.IGNORECASE)
HAS_A_NUMBER = re.compile(r"\d")
# Questions that ask where: the answer is a sentence that names a place in the product or on the web.
# ("where am i supposed to report something like this": an address to write to is a place too)
ASKS_WHERE = re.compile(r"\bwhere (?:can|do|does|is|are|should|would|to|am i|are we)\b|\bwhich (?:page|menu|tab|setting)\b",
                        re.IGNORECASE)
NAMES_A_PLACE = re.compile(r"\b(?:go to|open|settings|page|tab|menu|center|centre|portal)\b|>|\b[\w-]+\.[\w-]+\.\w+\b|https?://|"
                           r"\b[\w.+-]+@[\w-]+\.\w+", re.IGNORECASE)

# An address is where to send something ("where do I report a vulnerability?"), not where to do it ("where do we sign
# the DPA?": Settings > Workspace > Legal)
ASKS_WHERE_TO_SEND = re.compile(r"\bwhere\b.{0,30}\b(?:send|email|e-mail|mail|report|contact|reach|write|forward|submit|"
                                r"address)\b", re.IGNORECASE)
ADDRESS = re.compile(r"\b[\w.+-]+@[\w-]+\.\w+")


def _names_the_place(question: str, sentence: str) -> bool:
    places = [m.group() for m in NAMES_A_PLACE.finditer(sentence)]
    return any(not ADDRESS.fullmatch(p) for p in places) or bool(places) and bool(ASKS_WHERE_TO_SEND.search(question))


# Questions that ask when ("when do you do maintenance?", "when would the change happen?"; not "what happens when
# I downgrade?"): the answer is a sentence that states a day, a clock time, a date or a moment.
ASKS_WHEN = re.compile(r"(?:^|[.!?,]\s*|\b(?:and|so|but)\s+)when\b(?!\s+(?:i|we|you|they|it|a|an|the|my|our)\s+\w+(?:s|ed)?\s*[,?])"
                       r"|\bwhen (?:do|does|is|are|will|would|can|could|should|did|exactly)\b|\b(?:what|which) (?:time|day|days|"
                       r"hours|date)\b|\bhow soon\b|\bby when\b", re.IGNORECASE)
STATES_A_TIME = re.compile(r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)days?\b|\b\d{1,2}:\d{2}\b|\b\d{1,2}\s?(?:am|pm|a\.m\.|p\.m\.)"
                           r"|\b(?:january|february|march|april|june|july|august|september|october|november|december)\b"
                           r"|\b(?:UTC|GMT|CET)\b|\b(?:at|from) the (?:end|start|beginning) of\b|\b(?:immediately|right away|"
                           r"straight away|overnight)\b|\bbusiness (?:days?|hours)\b", re.IGNORECASE)
# A part of a question that asks how long, or by when something must be done; and a sentence that says a length of
# time, or a limit ("Within 30 days of the end of the affected month, …")
ASKS_HOW_LONG = re.compile(r"\bhow (?:long|soon|quickly|fast|many (?:days|hours|weeks|minutes|months))\b|\bby when\b|\buntil when\b"
                           r"|\bhow (?:much|far) (?:advance |prior )?(?:notice|warning|heads[ -]?up|lead time|in advance)\b",
                        re.IGNORECASE)
# "how much heads up do you give before maintenance": how long in advance, said by a sentence that announces ahead
ASKS_NOTICE = re.compile(r"\bhow (?:much|far) (?:advance |prior )?(?:notice|warning|heads[ -]?up|lead time|in advance)\b",
                         re.IGNORECASE)
STATES_NOTICE = re.compile(r"\bin advance\b|\bahead\b|\bnotice\b|\bnotifie[ds]\b|\bannounce[ds]?\b|\bwarn(?:s|ed|ing)?\b",
                           re.IGNORECASE)
# "can we just raise their api limit?": the sentence that says how a limit is raised (or for whom), whatever else the
# article says about the limit
ASKS_TO_RAISE = re.compile(r"\b(?:raise|raising|increase|increasing|lift|lifting|bump|up|extend|higher)\b.{0,30}\b(?:limits?|quotas?|"
                           r"caps?|throughput|rate limits?)\b|\b(?:limits?|quotas?|caps?)\b.{0,20}\b(?:raised|increased|lifted|higher)\b",
                           re.IGNORECASE)
STATES_RAISED = re.compile(r"\b(?:raised|raise|higher|increased?|lifted)\b", re.IGNORECASE)
ASKS_BY_WHEN = re.compile(r"\bhow long (?:do|does|did) (?:we|they|i|you|he|she|customers?) (?:have|get)\b|\bby when\b|\bdeadline\b",
                            re.IGNORECASE)
STATES_A_LIMIT = re.compile(r"\bwithin\b|\bno later than\b|\bbefore\b|\bup to\b|\bby the end\b", re.IGNORECASE)
STATES_A_LENGTH = re.compile(r"\b\d+(?:[.,]\d+)?(?:\s*(?:-|–|to)\s*\d+)?\s*(?:seconds?|minutes?|mins?|hours?|hrs?|(?:business |working )?"
                       r"days?|weeks?|months?|years?)\b|\b(?:one|two|three|four|five|six|seven|ten|fourteen|thirty|a few|"
                       r"a couple of)\s+(?:seconds?|minutes?|hours?|days?|weeks?|months?)\b|\bimmediately\b|\binstantly\b|"
                       r"\bright away\b|\bovernight\b", re.IGNORECASE)
# A part that asks how to get hold of something ("how do we get your SOC 2 Type II report"), and a sentence that is
# a step of doing so ("Go to our Trust Center at trust.orbitly.example.")
ASKS_HOW_TO_GET = re.compile(r"\bhow (?:do|can|would|should|does) (?:we|i|they|you|one|our \w+|my \w+) (?:get|obtain|request|"
                             r"access|download|receive|get hold of|see)\b", re.IGNORECASE)
STATES_A_STEP = re.compile(r"^(?:To \w[^,]{0,60},\s*)?(?:go to|click|open|select|choose|request|email|e-mail|send|contact|"
                           r"sign in|log in|accept|visit|ask|download|fill in|submit)\b", re.IGNORECASE)
# A part that asks what to do when something happens ("what's the right thing for the script to do when it gets
# throttled"), and a sentence that tells the reader what to do ("Stop sending requests when it receives a 429.")
ASKS_WHAT_TO_DO_WHEN = re.compile(r"\bwhat(?:'s| is| would be)? (?:the )?(?:right|best|correct|proper|recommended) (?:thing|way|approach)\b"
                             r"[^?.]{0,40}\bdo\b|\bwhat (?:should|do|must|can) (?:we|i|it|they|you|the \w+|our \w+|my \w+) do "
                             r"(?:when|if|once|after|about)\b", re.IGNORECASE)
STATES_ADVICE = re.compile(r"^(?:(?:don't|do not|never|always)\s+)?(?:stop|wait|use|try|retry|check|make|keep|avoid|reduce|"
                           r"add|remove|cache|spread|subscribe|batch|contact|ask|turn|set|switch|update|re-?connect)\b",
                           re.IGNORECASE)
# A range a sentence states, usually a table row: "99.45% to less than 99.95%", "1,001–5,000", "Below 98.45%".
_NUMBER = r"(\d[\d,]*(?:\.\d+)?)"
_RANGES = (re.compile(_NUMBER + r"\s*%?\s*(?:to(?: less than)?|–|—|-)\s*" + _NUMBER),
           re.compile(r"\bbetween " + _NUMBER + r"\s*%? and " + _NUMBER, re.IGNORECASE))
_BELOW = re.compile(r"\b(?:below|under|less than|fewer than|up to) " + _NUMBER, re.IGNORECASE)
_ABOVE = re.compile(_NUMBER + r"\s*%?\s*(?:or (?:above|more|higher)|and (?:above|up)|\+)", re.IGNORECASE)
_QUESTION_NUMBER = re.compile(r"(?<![\d.,])" + _NUMBER + r"(?![\d,]*\.\d)")


def _value(text: str) -> float:
    return float(text.replace(",", ""))


def in_range(question: str, sentence: str) -> bool:
    """Whether a number the question states falls in a range the sentence states (99.7% in "99.45% to less than
    99.95%"): a tiered table answers by its row, not by the words it shares with the question."""
    return range_width(question, sentence) is not None


def range_width(question: str, sentence: str) -> float | None:
    """The width of the narrowest range the sentence states that holds a number the question states (infinite for
    "below 99.95%"), or None: of the sentences that hold it, the table row is the narrowest."""
    asked = [_value(n) for n in _QUESTION_NUMBER.findall(question)]
    if not asked:
        return None
    spans = [(_value(a), _value(b)) for pattern in _RANGES for a, b in pattern.findall(sentence)]
    spans += [(float("-inf"), _value(n)) for n in _BELOW.findall(sentence)]
    spans += [(_value(n), float("inf")) for n in _ABOVE.findall(sentence)]
    return min((high - low for n in asked for low, high in spans if low < high and low <= n <= high), default=None)


def states_a_range(sentence: str) -> bool:
    """Whether the sentence states a range of numbers (a row of a tiered table: "99.95% or above: None.")."""
    return any(p.search(sentence) for p in (*_RANGES, _BELOW, _ABOVE))


def answer_types(question: str, sentence: str) -> tuple[float, float, float]:
    """(states the number a quantity question asks for, names the place a "where" question asks for, has the range a
    number in the question falls in). A "when" question is not a signal: as a weight it lifted every row of a
    timetable above the sentence a second part asked for; the writer quotes one sentence that states a time instead."""
    return (1.0 if ASKS_A_NUMBER.search(question) and HAS_A_NUMBER.search(sentence) else 0.0,
            1.0 if ASKS_WHERE.search(question) and _names_the_place(question, sentence) else 0.0,
            1.0 if in_range(question, sentence) else 0.0)


@dataclass(frozen=True)
class QuoteWeights:
    weights: tuple[float, ...]
    bias: float
    note: str = ""

    def score(self, signals: list[float]) -> float:
        """The log-odds that the sentence states a fact the answer needs (only the order matters to a reply)."""
        return self.bias + sum(w * x for w, x in zip(self.weights, signals))

    @classmethod
    def load(cls, path: Path = WEIGHTS_FILE) -> "QuoteWeights":
        data = json.loads(path.read_text())
        if tuple(data["signals"]) != SIGNALS:
            raise ValueError(f"{path} was fitted on other signals; run python -m evals.kb_quoting")
        return cls(weights=tuple(data["weights"]), bias=data["bias"], note=data.get("note", ""))

    def save(self, path: Path = WEIGHTS_FILE, **extra) -> None:
        payload = {"signals": list(SIGNALS), "weights": list(self.weights), "bias": self.bias, "note": self.note, **extra}
        path.write_text(json.dumps(payload, indent=2) + "\n")
