"""A pipeline question as a structured query: what to measure over which deals, grouped, sorted or compared how.
A model (through a tool call) or the offline parser fills it; it is validated here and compiled to SQL by the
engine. No free-form SQL ever runs.

Which date a period filters on depends on the deals asked about: open deals by their expected close date, won,
lost or closed deals by the day they closed. ``created_from``/``created_to`` filter on the day a deal was created.
"""

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
    win_rate = "win_rate"  # won / (won + lost), over deals closed in the period
    cycle_time = "cycle_time"  # average days from created to closed
    stage_age = "stage_age"  # average days since the deal entered its current stage


class DealState(StrEnum):
    open = "open"  # any stage that is not closed
    won = "won"
    lost = "lost"
    closed = "closed"  # won or lost
    any = "any"


class GroupBy(StrEnum):
    stage = "stage"
    owner = "owner"
    region = "region"
    industry = "industry"  # the company's
    lead_source = "lead_source"  # the deal contact's
    month = "month"  # of the period's date (expected close for open deals, close day for closed ones)
    quarter = "quarter"
    company = "company"  # the account the deal is with


class SortBy(StrEnum):
    amount = "amount"
    stage_age = "stage_age"  # longest in their stage first when descending
    close_date = "close_date"
    created = "created"


# The metric a state makes sense with; a query that mixes them is rewritten here, never left ambiguous.
CLOSED_METRICS = {Metric.win_rate: DealState.closed}
OPEN_METRICS = {Metric.stage_age, Metric.weighted}


class PipelineQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    metric: Metric = Metric.total
    state: DealState = DealState.open
    stages: list[str] = Field(default_factory=list, description="Pipeline stage keys, e.g. negotiation.")
    owner_ids: list[int] = Field(default_factory=list)
    regions: list[Region] = Field(default_factory=list)
    industries: list[str] = Field(default_factory=list, description="Company industries, e.g. healthcare.")
    lead_sources: list[str] = Field(default_factory=list, description="The deal contact's lead source, e.g. referral.")
    company_ids: list[int] = Field(default_factory=list, description="Only these companies' deals.")
    contact_ids: list[int] = Field(default_factory=list, description="Only the deals these contacts are the contact on.")
    amount_min: Decimal | None = Field(default=None, ge=0)
    amount_max: Decimal | None = Field(default=None, ge=0)
    # Open deals: the expected close date; won/lost/closed deals: the day they closed.
    period_from: date | None = None
    period_to: date | None = None
    period_label: str | None = Field(default=None, description="How the question named the period.")
    created_from: date | None = None
    created_to: date | None = None
    created_label: str | None = None
    stage_age_min_days: int | None = Field(default=None, ge=0, description="In the current stage longer than this.")
    at_risk: bool = Field(default=False, description="Only deals at risk, as crm_core.pipeline.terms defines it.")
    group_by: GroupBy | None = None
    # A list answer: the deals themselves, sorted, at most `limit`.
    list_deals: bool = False
    sort_by: SortBy | None = None
    descending: bool = True
    limit: int = Field(default=10, ge=1, le=100)
    # With a grouping, the list is the first `per_group` deals of each group in the list's order ("the biggest open
    # deal each rep has": per_group=1, grouped by owner, sorted by amount).
    per_group: int | None = Field(default=None, ge=1, le=10)
    # With a grouping, only the first `top_groups` groups by value, each with its share of the whole ("which 3 customers
    # carry the most open pipeline, and what % of it do they make up?").
    top_groups: int | None = Field(default=None, ge=1, le=50)
    # With filters on which deals (owner, region, industry, lead source, company, contact, stage, amount, stuck, at
    # risk), also the same measure over all deals of the same state and period, and the filtered part's share of it
    # ("what % of our total open pipe is software?")
    share_of_all: bool = False
    # The same question over another period, side by side ("compared with the month before"): another close period,
    # or another created period when only that is asked ("deals created in october vs september").
    compare_from: date | None = None
    compare_to: date | None = None
    compare_label: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> "PipelineQuery":
        for start, end, what in ((self.period_from, self.period_to, "period"),
                                 (self.created_from, self.created_to, "created"),
                                 (self.compare_from, self.compare_to, "compare")):
            if start and end and start > end:
                raise ValueError(f"{what}_from is after {what}_to")
        if self.amount_min is not None and self.amount_max is not None and self.amount_min > self.amount_max:
            raise ValueError("amount_min is above amount_max")
        if (self.compare_from or self.compare_to) and not (self.period_from or self.period_to or self.created_from
                                                           or self.created_to):
            raise ValueError("a comparison period needs a period to compare with")
        if self.metric is Metric.win_rate:
            self.state = DealState.closed  # a rate over the deals that were decided
        elif self.metric is Metric.cycle_time and self.state in (DealState.open, DealState.any):
            self.state = DealState.won
        elif self.metric in OPEN_METRICS and self.state is not DealState.open:
            raise ValueError(f"{self.metric.value} is measured on open deals only")
        if (self.stage_age_min_days is not None or self.at_risk) and self.state is not DealState.open:
            raise ValueError("stage age and risk apply to open deals only")
        if self.top_groups is not None and (self.group_by is None or self.group_by in (GroupBy.month, GroupBy.quarter)):
            raise ValueError("top_groups needs a grouping by stage, owner, region, industry, lead source or company")
        if self.share_of_all and self.metric not in (Metric.count, Metric.total, Metric.weighted):
            raise ValueError("share_of_all needs a count, a total or a weighted total")
        if self.per_group is not None:
            if self.group_by is None or self.group_by in (GroupBy.month, GroupBy.quarter):
                raise ValueError("per_group needs a grouping by stage, owner, region, industry or lead source")
            self.list_deals = True
        if self.sort_by is not None:
            self.list_deals = True
        return self

    def closed_dates(self) -> bool:
        """Whether the period filters on the day deals closed (rather than their expected close date)."""
        return self.state in (DealState.won, DealState.lost, DealState.closed)
