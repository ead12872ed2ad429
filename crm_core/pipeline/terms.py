"""The words managers use about deals, defined once. The offline parser, the engine, the forecast and the
documentation all read these; change a number here and every answer (and its explanation) follows.

- **stuck**: an open deal that has stayed in its current stage for more than ``STUCK_DAYS`` days (unless the
  question names its own number: "stuck for more than 45 days").
- **big**: a deal of at least ``BIG_AMOUNT`` (unless the question names an amount: "over 80k").
- **at risk**: an open deal whose expected close date has passed, or that has been stuck (as above).
- **commit** (forecast): open deals in the ``COMMIT_STAGES``; **best case**: those in ``BEST_CASE_STAGES``.
- **how did X do**: the amount X won in the period.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

STUCK_DAYS = 30
BIG_AMOUNT = Decimal(50000)
COMMIT_STAGES = ("negotiation",)
BEST_CASE_STAGES = ("proposal", "negotiation")


@dataclass(frozen=True)
class Term:
    word: str
    definition: str


TERMS = {
    "stuck": Term("stuck", f"open deals that have been in their current stage for more than {STUCK_DAYS} days"),
    "big": Term("big", f"deals of at least {BIG_AMOUNT:,}"),
    "at risk": Term("at risk", f"open deals past their expected close date or stuck for more than {STUCK_DAYS} days"),
    "commit": Term("commit", "open deals in " + " or ".join(COMMIT_STAGES)),
    "best case": Term("best case", "open deals in " + " or ".join(BEST_CASE_STAGES)),
}

# What each metric means, in the words an answer uses to explain itself.
METRICS = {
    "count": "number of deals",
    "total": "total amount",
    "weighted": "amount x stage probability, summed",
    "average": "average amount",
    "win_rate": "won / (won + lost) among deals closed in the period",
    "cycle_time": "average days from a deal's creation to its close",
    "stage_age": "average days open deals have spent in their current stage",
}
