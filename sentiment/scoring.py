"""What a scorer returns, and the interface every backend implements."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Protocol


@dataclass(frozen=True)
class TextScore:
    label: str  # negative | neutral | positive
    score: float  # -1 (very negative) .. +1 (very positive)
    confidence: float  # probability of the chosen label
    urgency: str  # low | normal | high | urgent
    category: str  # billing | bug | how_to | account | outage | feature_request | other

    def as_dict(self) -> dict:
        return asdict(self)


class Scorer(Protocol):
    name: str

    def score(self, texts: list[str]) -> list[TextScore]:
        """Score a batch; the result has one entry per text, in order."""
        ...


class ScorerUnavailable(RuntimeError):
    """The configured model cannot be loaded; the message says what to do."""
