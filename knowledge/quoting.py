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
    "similarity_behind",   # its similarity minus the best sentence's among those scored for the question
    "section_behind",      # its section's similarity minus the best section's
)

# Questions that ask for a quantity: the answer is a sentence with a number in it.
ASKS_A_NUMBER = re.compile(r"\bhow (?:long|many|much|often|soon|far|big|fast)\b|\b(?:max(?:imum)?|min(?:imum)?|limit|"
                           r"percent(?:age)?|number of|what uptime|deadline|within|biggest|largest|smallest|highest|lowest|"
                           r"longest|shortest|cheaper)\b", re.IGNORECASE)
HAS_A_NUMBER = re.compile(r"\d")
# Questions that ask where: the answer is a sentence that names a place in the product or on the web.
ASKS_WHERE = re.compile(r"\bwhere (?:can|do|does|is|are|should|would|to)\b|\bwhich (?:page|menu|tab|setting)\b", re.IGNORECASE)
NAMES_A_PLACE = re.compile(r"\b(?:go to|open|settings|page|tab|menu|center|centre|portal)\b|>|\b[\w-]+\.[\w-]+\.\w+\b|https?://",
                           re.IGNORECASE)


def answer_types(question: str, sentence: str) -> tuple[float, float]:
    """(states the number a quantity question asks for, names the place a "where" question asks for)."""
    return (1.0 if ASKS_A_NUMBER.search(question) and HAS_A_NUMBER.search(sentence) else 0.0,
            1.0 if ASKS_WHERE.search(question) and NAMES_A_PLACE.search(sentence) else 0.0)


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
