"""Runs a PipelineQuery: compiled to one SQLAlchemy statement, scoped to what the caller may read (a rep's
numbers cover the rep's own deals), answered in words with the filters, the SQL and the count behind it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta, timezone
from decimal import Decimal

from sqlalchemy import false, func, select
from sqlalchemy.orm import Session

from crm_core.actor import Actor
from crm_core.companies.models import Company
from crm_core.db import utcnow
from crm_core.deals.models import Deal, PipelineStage
from crm_core.enums import Role
from crm_core.pipeline.query import DealState, GroupBy, Metric, PipelineQuery
from crm_core.users.models import User


@dataclass
class PipelineAnswer:
    answer: str
    value: float
    unit: str  # deals | USD ...
    deals: int  # how many deals are behind the number
    filters: list[str]
    groups: list[dict] = field(default_factory=list)  # [{"key", "value", "deals"}]
    sql: str = ""
    as_of: datetime = field(default_factory=utcnow)


def _measure(metric: Metric):
    if metric is Metric.count:
        return func.count(Deal.id)
    if metric is Metric.weighted:
        return func.coalesce(func.sum(Deal.amount * PipelineStage.probability / 100), 0)
    if metric is Metric.average:
        return func.coalesce(func.avg(Deal.amount), 0)
    return func.coalesce(func.sum(Deal.amount), 0)


def _conditions(query: PipelineQuery, actor: Actor) -> tuple[list, list[str]]:
    conditions, words = [], []
    if actor.is_visitor:
        conditions.append(false())  # pipeline numbers are for the team only
    if actor.role is Role.rep:
        conditions.append(Deal.owner_id == actor.user_id)
        words.append("your deals")
    if query.state is DealState.open:
        conditions.append(PipelineStage.is_closed.is_(False))
        words.append("open deals")
    elif query.state is DealState.won:
        conditions.append(PipelineStage.is_won.is_(True))
        words.append("won deals")
    elif query.state is DealState.lost:
        conditions.append(PipelineStage.is_closed.is_(True) & PipelineStage.is_won.is_(False))
        words.append("lost deals")
    if query.stages:
        conditions.append(Deal.stage.in_(query.stages))
        words.append("stage " + " or ".join(query.stages))
    if query.owner_ids:
        conditions.append(Deal.owner_id.in_(query.owner_ids))
    if query.regions:
        conditions.append(Company.region.in_(query.regions))
        words.append("region " + " or ".join(r.value.upper() for r in query.regions))
    if query.amount_min is not None:
        conditions.append(Deal.amount >= query.amount_min)
        words.append(f"amount at least {query.amount_min:,.0f}")
    if query.amount_max is not None:
        conditions.append(Deal.amount <= query.amount_max)
        words.append(f"amount at most {query.amount_max:,.0f}")
    if query.period_from or query.period_to:
        closed = query.state in (DealState.won, DealState.lost)
        if closed:  # closed_at is a timestamp: the whole last day counts
            if query.period_from:
                conditions.append(Deal.closed_at >= datetime.combine(query.period_from, time(), timezone.utc))
            if query.period_to:
                conditions.append(Deal.closed_at < datetime.combine(query.period_to + timedelta(days=1), time(), timezone.utc))
        else:
            if query.period_from:
                conditions.append(Deal.expected_close_date >= query.period_from)
            if query.period_to:
                conditions.append(Deal.expected_close_date <= query.period_to)
        span = f"{query.period_from or '…'} to {query.period_to or '…'}"
        label = f"{query.period_label} ({span})" if query.period_label else span
        words.append(("closed " if closed else "closing ") + label)
    return conditions, words


def _group_column(group_by: GroupBy):
    return {GroupBy.stage: Deal.stage, GroupBy.owner: func.coalesce(User.name, "unassigned"),
            GroupBy.region: func.coalesce(Company.region, "none")}[group_by]


def run(*, session: Session, actor: Actor, query: PipelineQuery) -> PipelineAnswer:
    conditions, words = _conditions(query, actor)
    if query.owner_ids:
        names = session.scalars(select(User.name).where(User.id.in_(query.owner_ids))).all()
        words.append("owner " + " or ".join(names))
    measure = _measure(query.metric).label("value")
    count = func.count(Deal.id).label("deals")
    base = (select(measure, count).select_from(Deal).join(PipelineStage, PipelineStage.key == Deal.stage)
            .outerjoin(Company, Company.id == Deal.company_id).outerjoin(User, User.id == Deal.owner_id)
            .where(*conditions))
    total_value, total_deals = session.execute(base).one()
    groups = []
    statement = base
    if query.group_by is not None:
        key = _group_column(query.group_by).label("key")
        order = PipelineStage.position if query.group_by is GroupBy.stage else key
        statement = base.add_columns(key).group_by(key, *([order] if query.group_by is GroupBy.stage else [])).order_by(
            order if query.group_by is GroupBy.stage else measure.desc())
        groups = [{"key": str(row.key), "value": float(row.value or 0), "deals": row.deals}
                  for row in session.execute(statement)]
    currency = _currency(session, conditions)
    unit = "deals" if query.metric is Metric.count else currency
    amount = None
    if query.metric is Metric.count:  # "how many" also wants to know how much
        amount = float(session.execute(base.with_only_columns(_measure(Metric.total))).scalar() or 0)
    answer = _words(query, float(total_value or 0), total_deals, unit, words, groups, amount, currency)
    sql = str(statement.compile(session.get_bind(), compile_kwargs={"literal_binds": True}))
    return PipelineAnswer(answer=answer, value=float(total_value or 0), unit=unit, deals=total_deals,
                          filters=words, groups=groups, sql=sql)


def _currency(session: Session, conditions) -> str:
    found = session.scalars(select(Deal.currency).select_from(Deal)
                            .join(PipelineStage, PipelineStage.key == Deal.stage)
                            .outerjoin(Company, Company.id == Deal.company_id).where(*conditions).distinct()).all()
    return found[0] if len(found) == 1 else ("mixed currencies" if found else "USD")


def _amount(value: float) -> str:
    return f"{Decimal(str(value)).quantize(Decimal('1')):,}"


def _words(query: PipelineQuery, value: float, deals: int, unit: str, words: list[str], groups: list[dict],
           amount: float | None = None, currency: str = "") -> str:
    scope = ", ".join(words) or "all deals"
    if query.metric is Metric.count:
        total = f"; total {_amount(amount)} {currency}" if amount is not None else ""
        head = f"{deals} deal{'s' if deals != 1 else ''} ({scope}){total}."
    else:
        name = {Metric.total: "Total", Metric.weighted: "Weighted total", Metric.average: "Average amount"}[query.metric]
        head = f"{name}: {_amount(value)} {unit} across {deals} deal{'s' if deals != 1 else ''} ({scope})."
    if not groups:
        return head
    lines = [f"- {g['key']}: " + (f"{g['deals']} deals" if query.metric is Metric.count
                                    else f"{_amount(g['value'])} ({g['deals']} deals)") for g in groups]
    return head + f"\nBy {query.group_by.value}:\n" + "\n".join(lines)
