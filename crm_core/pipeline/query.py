"""A pipeline question as a structured query: what to measure over which deals, grouped how. A model (or the
offline parser) fills it; it is validated here and compiled to SQL by the engine. No free-form SQL ever runs."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator

from crm_core.enums import Region


class Metric(StrEnum):
    count = "count"  # number of deals
    total = "total"  # sum of amount
    weighted = "weighted"  # sum of amount x stage probability
    average = "average"  # average amount


class DealState(StrEnum):
    open = "open"  # any stage that is not closed
    won = "won"
    lost = "lost"
    any = "any"


class GroupBy(StrEnum):
    stage = "stage"
    owner = "owner"
    region = "region"


class PipelineQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    metric: Metric = Metric.total
    state: DealState = DealState.open
    stages: list[str] = Field(default_factory=list, description="Pipeline stage keys, e.g. negotiation.")
    owner_ids: list[int] = Field(default_factory=list)
    regions: list[Region] = Field(default_factory=list)
    amount_min: Decimal | None = Field(default=None, ge=0)
    amount_max: Decimal | None = Field(default=None, ge=0)
    # Open deals: the expected close date; won/lost deals: the day they closed.
    period_from: date | None = None
    period_to: date | None = None
    period_label: str | None = Field(default=None, description="How the question named the period.")
    group_by: GroupBy | None = None

    @model_validator(mode="after")
    def _ranges_are_ordered(self) -> "PipelineQuery":
        if self.period_from and self.period_to and self.period_from > self.period_to:
            raise ValueError("period_from is after period_to")
        if self.amount_min is not None and self.amount_max is not None and self.amount_min > self.amount_max:
            raise ValueError("amount_min is above amount_max")
        return self
