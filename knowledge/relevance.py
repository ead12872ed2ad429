"""The calibrated relevance score: P(this document answers the question), from five signals of a hit.

Fitted (logistic regression) on labelled questions by `python -m evals.kb_calibrate`; the weights and the
threshold below which the bot says it does not know live in `calibration.json` next to this file.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

CALIBRATION_FILE = Path(__file__).with_name("calibration.json")


def features(similarity: float, lexical_rank: int | None, margin: float, matched_idf: float,
             sentence_similarity: float) -> list[float]:
    """The signals of one hit:
    - cosine similarity of the chosen chunk's document (its best chunk) to the question;
    - 1/(1+rank) of its best chunk in the lexical list (0 when absent);
    - margin: its similarity minus the best similarity of any other document (how clearly it stands out);
    - log(1 + summed IDF of the question's words found in the chunk) (rare shared words are strong evidence);
    - cosine similarity of the document's sentence closest to the question (one sentence may answer it).
    """
    return [similarity, 0.0 if lexical_rank is None else 1.0 / (1 + lexical_rank), margin, math.log1p(matched_idf),
            sentence_similarity]


@dataclass(frozen=True)
class Calibration:
    weights: tuple[float, ...]
    bias: float
    threshold: float
    note: str = ""

    def score(self, values: list[float]) -> float:
        z = self.bias + sum(w * x for w, x in zip(self.weights, values))
        return 1.0 / (1.0 + math.exp(-z))

    @classmethod
    def load(cls, path: Path = CALIBRATION_FILE) -> "Calibration":
        data = json.loads(path.read_text())
        return cls(weights=tuple(data["weights"]), bias=data["bias"], threshold=data["threshold"], note=data.get("note", ""))

    def save(self, path: Path = CALIBRATION_FILE, **extra) -> None:
        payload = {"weights": list(self.weights), "bias": self.bias, "threshold": self.threshold, "note": self.note, **extra}
        path.write_text(json.dumps(payload, indent=2) + "\n")
