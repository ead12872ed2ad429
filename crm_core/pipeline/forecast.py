"""The sales forecast: open deals grouped by close month or quarter, owner or region, each group with its
weighted pipeline (amount x stage probability), the expected value from historical win rates per stage, the
spread that expectation implies (standard deviation, p10..p90 range) and the commit and best-case amounts.

Every number is a sum over deals: the database sums amounts and squared amounts per stage and group in one
statement, the stage probabilities and rates are applied to those sums here, and close dates are folded into
months or quarters here (sums add up), so no backend-specific date arithmetic is needed.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import ColumnElement, case, false, func, select
from sqlalchemy.orm import Session

from crm_core.actor import Actor
from crm_core.companies.models import Company
from crm_core.db import utcnow
from crm_core.deals.models import Deal, DealStageChange, PipelineStage
from crm_core.enums import Role
from crm_core.errors import InvalidField
from crm_core.pipeline.terms import BEST_CASE_STAGES, COMMIT_STAGES
from crm_core.users.models import User

# Fewer closed deals than this behind a stage, and its historical rate is noise: the configured probability is used.
MIN_HISTORY = 10
# p10..p90 of a normal distribution: expected value -/+ 1.2816 standard deviations.
Z_P90 = 1.2816
NONE = "none"  # the key of the group without a close date, owner or region


class ForecastBy(StrEnum):
    month = "month"
    quarter = "quarter"
    owner = "owner"
    region = "region"


DEFINITIONS = {
    "scope": "open deals (not closed won or lost) you may read, with an expected close date in the period if one "
             "is given",
    "weighted": "sum of amount x the stage's configured probability / 100",
    "historical_rate": "for a stage, of the closed deals that ever reached it (stage history), the share that "
                       f"were won; with fewer than {MIN_HISTORY} such deals the stage's configured probability "
                       "is used instead",
    "expected": "sum of amount x the historical rate of the deal's current stage",
    "std_dev": "standard deviation of the won amount if each deal is won (whole amount) or lost independently "
               "with its historical rate p: sqrt(sum of amount^2 x p x (1 - p))",
    "low_high": f"expected -/+ {Z_P90} standard deviations (a p10..p90 range under a normal approximation), "
                "low clipped at 0",
    "commit": "sum of the amounts of open deals in " + " or ".join(COMMIT_STAGES),
    "best_case": "sum of the amounts of open deals in " + " or ".join(BEST_CASE_STAGES),
}


@dataclass(frozen=True)
class StageRate:
    stage: str
    label: str
    probability: float  # configured, 0..1
    closed_deals: int  # closed deals that reached the stage
    won_deals: int
    historical_rate: float | None  # won / closed, None without any closed deal
    rate: float  # the rate the forecast uses
    source: str  # history | configured (too little history)


@dataclass
class ForecastRow:
    key: str
    label: str
    deals: int = 0
    amount: float = 0.0
    weighted: float = 0.0
    expected: float = 0.0
    variance: float = 0.0
    commit: float = 0.0
    best_case: float = 0.0

    def add(self, other: "ForecastRow") -> None:
        for name in ("deals", "amount", "weighted", "expected", "variance", "commit", "best_case"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def as_dict(self) -> dict:
        std_dev = math.sqrt(max(self.variance, 0.0))
        return {
            "key": self.key, "label": self.label, "deals": self.deals, "amount": _money(self.amount),
            "weighted": _money(self.weighted), "expected": _money(self.expected), "std_dev": _money(std_dev),
            "low": _money(max(self.expected - Z_P90 * std_dev, 0.0)), "high": _money(self.expected + Z_P90 * std_dev),
            "commit": _money(self.commit), "best_case": _money(self.best_case),
        }


@dataclass
class Forecast:
    by: ForecastBy
    period_from: date | None
    period_to: date | None
    currency: str
    groups: list[dict]
    total: dict
    stage_rates: list[StageRate]
    filters: list[str]
    notes: list[str]
    as_of: datetime
    definitions: dict[str, str] = field(default_factory=lambda: dict(DEFINITIONS))

    def as_dict(self) -> dict:
        return asdict(self)


def deal_scope(actor: Actor, owner_column=Deal.owner_id) -> tuple[list[ColumnElement[bool]], list[str]]:
    """What the caller may count, as the pipeline engine scopes its answers: the team sees every record, a rep
    only their own, a web visitor (or a rep without a user) nothing."""
    if actor.is_visitor or actor.user_id is None and actor.role is Role.rep:
        return [false()], ["nothing (pipeline numbers are for the team)"]
    if actor.role is Role.rep:
        return [owner_column == actor.user_id], ["your deals"]
    return [], []


def stage_rates(*, session: Session, actor: Actor) -> list[StageRate]:
    """The historical win rate of every open stage, from the closed deals the caller may read.

    A closed deal's current stage is closed won or lost, so for the open stages being forecast "reached it"
    comes from the stage history alone; one grouped statement, counting each deal once per stage. That
    statement reads every closed deal's history (seconds at a million deals on SQLite), so its counts are kept
    per database and scope until the history, the closed deals or any deal changes (a cheap fingerprint).
    """
    stages = _stages(session)
    open_keys = [s.key for s in stages if not s.is_closed]
    closed_keys = [s.key for s in stages if s.is_closed] or [""]
    won_keys = [s.key for s in stages if s.is_won] or [""]
    scope, _ = deal_scope(actor)
    fingerprint = (tuple(open_keys), tuple(closed_keys), tuple(won_keys), *session.execute(select(
        select(func.max(DealStageChange.id)).scalar_subquery(),
        select(func.max(Deal.updated_at)).scalar_subquery(),
        select(func.count(Deal.id)).where(Deal.stage.in_(closed_keys), *scope).scalar_subquery())).one())
    cache_key = (session.get_bind().url.render_as_string(hide_password=True), str(_scope_key(actor)))
    cached = _REACHED.get(cache_key)
    if cached and cached[0] == fingerprint:
        counts = cached[1]
    else:
        won = case((Deal.stage.in_(won_keys), DealStageChange.deal_id))  # NULL (not counted) if lost
        statement = (
            select(DealStageChange.to_stage, func.count(DealStageChange.deal_id.distinct()), func.count(won.distinct()))
            .join(Deal, Deal.id == DealStageChange.deal_id)
            .where(DealStageChange.to_stage.in_(open_keys or [""]), Deal.stage.in_(closed_keys), *scope)
            .group_by(DealStageChange.to_stage)
        )
        counts = {stage: (closed, won) for stage, closed, won in session.execute(statement)}
        _REACHED[cache_key] = (fingerprint, counts)
    rates = []
    for stage in stages:
        if stage.is_closed:
            continue
        closed, won = counts.get(stage.key, (0, 0))
        historical = won / closed if closed else None
        enough = closed >= MIN_HISTORY
        rates.append(StageRate(stage.key, stage.label, stage.probability / 100, closed, won, historical,
                               historical if enough else stage.probability / 100, "history" if enough else "configured"))
    return rates


def _scope_key(actor: Actor) -> tuple:
    if actor.is_visitor or actor.user_id is None and actor.role is Role.rep:
        return ("nothing",)
    return ("owner", actor.user_id) if actor.role is Role.rep else ("all",)


# (database, scope) -> (fingerprint, {stage: (closed deals that reached it, of which won)})
_REACHED: dict[tuple[str, str], tuple[tuple, dict[str, tuple[int, int]]]] = {}


def forecast(
    *, session: Session, actor: Actor, by: ForecastBy | str, period_from: date | None = None,
    period_to: date | None = None, now: datetime | None = None,
) -> Forecast:
    by = _by(by)
    if period_from and period_to and period_from > period_to:
        raise InvalidField("from", f"{period_from} is after to ({period_to})")
    stages = _stages(session)
    rates = stage_rates(session=session, actor=actor)
    rate = {r.stage: r.rate for r in rates}
    probability = {s.key: s.probability / 100 for s in stages}
    scope, words = deal_scope(actor)
    conditions = [Deal.stage.in_(list(rate) or [""]), *scope]
    words.append("open deals")
    if period_from:
        conditions.append(Deal.expected_close_date >= period_from)
    if period_to:
        conditions.append(Deal.expected_close_date <= period_to)
    if period_from or period_to:
        words.append(f"closing {period_from or '…'} to {period_to or '…'}")

    # Plain sums per (stage, group): the stage's probability and rate are applied here, not per row in SQL, and
    # close dates are grouped as they are (folded into months or quarters below), so the statement reads the
    # open-deal index in order with no function or CASE per deal.
    key = _group_column(by)
    statement = (select(Deal.stage, key, func.count(Deal.id), func.sum(Deal.amount), func.sum(Deal.amount * Deal.amount),
                        func.min(Deal.currency), func.max(Deal.currency))
                 .where(*conditions).group_by(Deal.stage, key))
    if by is ForecastBy.region:
        statement = statement.outerjoin(Company, Company.id == Deal.company_id)
    rows: dict[object, ForecastRow] = {}
    currencies = set()
    for stage, group, deals, amount, squares, low_currency, high_currency in session.execute(statement):
        currencies.update(c for c in (low_currency, high_currency) if c)
        amount, squares, p = float(amount or 0), float(squares or 0), rate[stage]
        rows.setdefault(group, ForecastRow("", "")).add(ForecastRow(
            "", "", deals, amount, amount * probability[stage], amount * p, squares * p * (1 - p),
            amount if stage in COMMIT_STAGES else 0.0, amount if stage in BEST_CASE_STAGES else 0.0))
    groups = _label(session, by, rows)
    total = ForecastRow("total", "Total")
    for group in groups:
        total.add(group)
    notes = [f"{r.label}: {r.closed_deals} closed deal(s) reached it, fewer than {MIN_HISTORY}; the configured "
             f"{r.probability:.0%} is used" for r in rates if r.source == "configured"]
    currency = currencies.pop() if len(currencies) == 1 else ("mixed currencies" if currencies else "USD")
    return Forecast(by=by, period_from=period_from, period_to=period_to, currency=currency,
                    groups=[g.as_dict() for g in groups], total=total.as_dict(), stage_rates=rates, filters=words,
                    notes=notes, as_of=now or utcnow())


def quarter_label(year: int, month: int) -> str:
    return f"{year}-Q{(month - 1) // 3 + 1}"


def _by(by: ForecastBy | str) -> ForecastBy:
    try:
        return ForecastBy(by)
    except ValueError:
        raise InvalidField("by", f"unknown grouping {by!r}; use one of: {', '.join(ForecastBy)}") from None


def _stages(session: Session) -> list[PipelineStage]:
    return list(session.scalars(select(PipelineStage).order_by(PipelineStage.position)))


def _group_column(by: ForecastBy):
    # 0 for no owner: an expression, so SQLite reads the covering stage index rather than the (owner, stage) one
    # plus a million table rows (1.4 s instead of 2.3 s at a million deals).
    return {ForecastBy.month: Deal.expected_close_date, ForecastBy.quarter: Deal.expected_close_date,
            ForecastBy.owner: func.coalesce(Deal.owner_id, 0), ForecastBy.region: Company.region}[by]


def _label(session: Session, by: ForecastBy, rows: dict[object, ForecastRow]) -> list[ForecastRow]:
    """Give each group its key and label, folding close dates into months or quarters; time in order, the rest
    by amount."""
    if by is ForecastBy.owner:
        ids = [key for key in rows if key]
        names = {u.id: u.name for u in session.execute(select(User.id, User.name).where(User.id.in_(ids)))} if ids else {}
        labels = {key: (str(key), names.get(key, f"user {key}")) if key else ("unassigned", "Unassigned") for key in rows}
    elif by is ForecastBy.region:
        labels = {key: (str(key), str(key).upper()) if key is not None else (NONE, "No region") for key in rows}
    else:
        labels = {}
        for key in rows:
            if key is None:
                labels[key] = (NONE, "No close date")
                continue
            name = quarter_label(key.year, key.month) if by is ForecastBy.quarter else f"{key.year}-{key.month:02d}"
            labels[key] = (name, name)
    merged: dict[str, ForecastRow] = {}
    for key, row in rows.items():
        name, label = labels[key]
        merged.setdefault(name, ForecastRow(name, label)).add(row)
    groups = list(merged.values())
    if by in (ForecastBy.month, ForecastBy.quarter):
        return sorted(groups, key=lambda g: (g.key == NONE, g.key))
    return sorted(groups, key=lambda g: (-g.amount, g.key))


def _money(value: float) -> float:
    return round(value, 2)
