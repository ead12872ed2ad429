"""Runs a PipelineQuery: compiled through SQLAlchemy to one aggregate statement (plus one for a list or a
comparison), scoped to what the caller may read (a rep's numbers cover the rep's own deals, a visitor's none),
and answered in words with everything needed to check it: the structured query, the filters, the SQL, the
number of deals behind the answer, ``as_of`` and, for lists, links to the deals.

The aggregate selects additive parts (deal count, amount, weighted amount, won count, summed days) per group,
and the metric is derived from them here. That keeps one statement shape for every metric, lets months be
rolled up into quarters without dialect-specific date functions, and lets the stage filters use the deal
indexes: stage states (open, won…) are resolved to stage keys first, so no join to the stage table is needed.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal

from sqlalchemy import Float, case, cast, extract, false, func, literal, or_, select
from sqlalchemy.orm import Session

from crm_core.actor import Actor
from crm_core.companies.models import Company
from crm_core.contacts.models import Contact
from crm_core.db import utcnow
from crm_core.deals.models import Deal, PipelineStage
from crm_core.enums import Region, Role
from crm_core.pipeline import rollup, terms
from crm_core.pipeline.query import DealState, GroupBy, Metric, PipelineQuery, SortBy
from crm_core.users.models import User

UNITS = {Metric.count: "deals", Metric.win_rate: "percent", Metric.cycle_time: "days", Metric.stage_age: "days"}
NAMES = {Metric.count: "Deals", Metric.total: "Total", Metric.weighted: "Weighted total",
         Metric.average: "Average amount", Metric.win_rate: "Win rate", Metric.cycle_time: "Average cycle time",
         Metric.stage_age: "Average time in current stage"}


@dataclass
class PipelineAnswer:
    answer: str
    value: float
    unit: str  # deals | percent | days | a currency code
    deals: int  # how many deals are behind the number
    filters: list[str]
    query: dict = field(default_factory=dict)  # the structured query that was run
    groups: list[dict] = field(default_factory=list)  # [{"key", "value", "deals", "amount"}]
    records: list[dict] = field(default_factory=list)  # a list answer: the deals, with links
    comparison: dict | None = None  # {"label", "from", "to", "value", "deals", "change"}
    whole: dict | None = None  # share_of_all: {"value", "deals", "amount", "share_percent"} of the deals without the filters
    sql: str = ""
    as_of: datetime = field(default_factory=utcnow)


@dataclass
class _Parts:
    """The additive parts one aggregate row carries; every metric is derived from them."""

    deals: int = 0
    amount: float = 0.0
    weighted: float = 0.0
    won: int = 0
    days: float = 0.0
    won_amount: float = 0.0  # what the won deals were worth, beside their count (a win rate's two sides)

    def add(self, other: "_Parts") -> None:
        self.deals += other.deals
        self.amount += other.amount
        self.weighted += other.weighted
        self.won += other.won
        self.days += other.days
        self.won_amount += other.won_amount

    def value(self, metric: Metric) -> float:
        if metric is Metric.count:
            return float(self.deals)
        if metric is Metric.total:
            return self.amount
        if metric is Metric.weighted:
            return self.weighted
        if not self.deals:
            return 0.0
        if metric is Metric.average:
            return self.amount / self.deals
        if metric is Metric.win_rate:
            return 100.0 * self.won / self.deals
        return self.days / self.deals  # cycle time, stage age


GROUP_COLUMNS = {GroupBy.stage: Deal.stage, GroupBy.owner: Deal.owner_id, GroupBy.region: Company.region,
                 GroupBy.industry: Company.industry, GroupBy.lead_source: Contact.lead_source, GroupBy.company: Deal.company_id}
# What the first deal of a group is, by the list's order: "each rep's biggest deal"
FIRST_IN_ORDER = {(SortBy.amount, True): "biggest", (SortBy.amount, False): "smallest",
                  (SortBy.close_date, False): "soonest to close", (SortBy.close_date, True): "latest to close",
                  (SortBy.stage_age, True): "longest in its stage", (SortBy.stage_age, False): "newest in its stage",
                  (SortBy.created, True): "newest", (SortBy.created, False): "oldest"}


class _Stages:
    """The pipeline's stages, read once per question (a handful of rows)."""

    def __init__(self, session: Session):
        rows = session.scalars(select(PipelineStage).order_by(PipelineStage.position)).all()
        self.position = {s.key: s.position for s in rows}
        self.probability = {s.key: s.probability for s in rows}
        self.by_state = {
            DealState.open: [s.key for s in rows if not s.is_closed],
            DealState.won: [s.key for s in rows if s.is_won],
            DealState.lost: [s.key for s in rows if s.is_closed and not s.is_won],
            DealState.closed: [s.key for s in rows if s.is_closed],
        }


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time(), timezone.utc)


def _days_between(session: Session, later, earlier):
    return rollup.days_between(session.get_bind().dialect.name, later, earlier)


def _period_conditions(query: PipelineQuery, start: date | None, end: date | None) -> list:
    if query.closed_dates():  # closed_at is a timestamp: the whole last day counts
        return ([Deal.closed_at >= _start_of(start)] if start else []) + \
               ([Deal.closed_at < _start_of(end + timedelta(days=1))] if end else [])
    return ([Deal.expected_close_date >= start] if start else []) + ([Deal.expected_close_date <= end] if end else [])


def _span(start: date | None, end: date | None, label: str | None) -> str:
    span = f"{start or '…'} to {end or '…'}"
    return f"{label} ({span})" if label else span


def _scope(query: PipelineQuery, actor: Actor, stages: _Stages, owner_column, stage_column) -> list:
    """Whose deals (a rep's own, a visitor's none), in which stages (the state resolved to stage keys), whose owners."""
    conditions = []
    if actor.is_visitor or actor.user_id is None and actor.role is Role.rep:
        conditions.append(false())  # pipeline numbers are for the team only
    elif actor.role is Role.rep:
        conditions.append(owner_column == actor.user_id)
    keys = stages.by_state.get(query.state)
    if query.stages:
        keys = [k for k in query.stages if keys is None or k in keys]
    if keys is not None:
        conditions.append(stage_column.in_(keys) if keys else false())
    if query.owner_ids:
        conditions.append(owner_column.in_(query.owner_ids))
    return conditions


def _conditions(session: Session, query: PipelineQuery, actor: Actor, stages: _Stages, now: datetime) -> tuple[list, list[str]]:
    conditions, words = _scope(query, actor, stages, Deal.owner_id, Deal.stage), []
    if actor.role is Role.rep and not actor.is_visitor:
        words.append("your deals")
    if query.state is not DealState.any:
        words.append(f"{query.state.value} deals")
    if query.stages:
        words.append("stage " + " or ".join(query.stages))
    if query.owner_ids:
        names = session.scalars(select(User.name).where(User.id.in_(query.owner_ids)).order_by(User.name)).all()
        words.append("owner " + " or ".join(names))
    if query.company_ids:
        conditions.append(Deal.company_id.in_(query.company_ids))
        names = session.scalars(select(Company.name).where(Company.id.in_(query.company_ids)).order_by(Company.name)).all()
        words.append("company " + " or ".join(names))
    if query.contact_ids:
        conditions.append(Deal.contact_id.in_(query.contact_ids))
        names = session.execute(select(Contact.first_name, Contact.last_name).where(Contact.id.in_(query.contact_ids))
                                .order_by(Contact.first_name, Contact.last_name)).all()
        words.append("contact " + " or ".join(f"{first} {last}".strip() for first, last in names))
    if query.regions:
        conditions.append(Company.region.in_(query.regions))
        words.append("region " + " or ".join(r.value.upper() for r in query.regions))
    if query.industries:
        conditions.append(Company.industry.in_(query.industries))
        words.append("industry " + " or ".join(query.industries))
    if query.lead_sources:
        conditions.append(Contact.lead_source.in_(query.lead_sources))
        words.append("lead source " + " or ".join(query.lead_sources))
    if query.amount_min is not None:
        conditions.append(Deal.amount >= query.amount_min)
        words.append(f"amount at least {query.amount_min:,.0f}")
    if query.amount_max is not None:
        conditions.append(Deal.amount <= query.amount_max)
        words.append(f"amount at most {query.amount_max:,.0f}")
    if query.period_from or query.period_to:
        conditions += _period_conditions(query, query.period_from, query.period_to)
        words.append(("closed " if query.closed_dates() else "closing ")
                     + _span(query.period_from, query.period_to, query.period_label))
    if query.created_from:
        conditions.append(Deal.created_at >= _start_of(query.created_from))
    if query.created_to:
        conditions.append(Deal.created_at < _start_of(query.created_to + timedelta(days=1)))
    if query.created_from or query.created_to:
        words.append("created " + _span(query.created_from, query.created_to, query.created_label))
    if query.stage_age_min_days is not None:
        conditions.append(Deal.stage_changed_at < now - timedelta(days=query.stage_age_min_days))
        words.append(f"in their stage more than {query.stage_age_min_days} days")
    if query.at_risk:
        conditions.append(or_(Deal.expected_close_date < now.date(),
                              Deal.stage_changed_at < now - timedelta(days=terms.STUCK_DAYS)))
        words.append("at risk (" + terms.TERMS["at risk"].definition + ")")
    return conditions, words


def _needs(query: PipelineQuery) -> tuple[bool, bool]:
    """Whether the statement must join companies and contacts."""
    company = bool(query.regions or query.industries or query.group_by in (GroupBy.region, GroupBy.industry))
    contact = bool(query.lead_sources or query.group_by is GroupBy.lead_source)
    return company, contact


def _from(statement, query: PipelineQuery):
    company, contact = _needs(query)
    statement = statement.select_from(Deal)
    if company:
        statement = statement.outerjoin(Company, Company.id == Deal.company_id)
    if contact:
        statement = statement.outerjoin(Contact, Contact.id == Deal.contact_id)
    return statement


def _parts_columns(session: Session, query: PipelineQuery, stages: _Stages, now: datetime) -> list:
    columns = [func.count(Deal.id).label("deals"), func.coalesce(func.sum(Deal.amount), 0).label("amount"),
               func.min(Deal.currency).label("currency_min"), func.max(Deal.currency).label("currency_max")]
    if query.metric is Metric.weighted:
        probability = case(stages.probability, value=Deal.stage, else_=0)
        columns.append(func.coalesce(func.sum(cast(Deal.amount, Float) * probability / 100.0), 0).label("weighted"))
    if query.metric is Metric.win_rate:
        columns.append(func.coalesce(func.sum(case((Deal.stage.in_(stages.by_state[DealState.won]), 1), else_=0)), 0)
                       .label("won"))
        columns.append(func.coalesce(func.sum(case((Deal.stage.in_(stages.by_state[DealState.won]), Deal.amount), else_=0)), 0)
                       .label("won_amount"))
    if query.metric is Metric.cycle_time:
        columns.append(func.coalesce(func.sum(_days_between(session, Deal.closed_at, Deal.created_at)), 0).label("days"))
    if query.metric is Metric.stage_age:
        columns.append(func.coalesce(func.sum(_days_between(session, literal(now, Deal.stage_changed_at.type),
                                                            Deal.stage_changed_at)), 0).label("days"))
    return columns


def _parts(row) -> _Parts:
    mapping = row._mapping
    return _Parts(deals=int(mapping["deals"] or 0), amount=float(mapping["amount"] or 0),
                  weighted=float(mapping.get("weighted") or 0), won=int(mapping.get("won") or 0),
                  days=float(mapping.get("days") or 0), won_amount=float(mapping.get("won_amount") or 0))


def _group_keys(query: PipelineQuery) -> list:
    group = query.group_by
    if group in (GroupBy.month, GroupBy.quarter):
        column = Deal.closed_at if query.closed_dates() else Deal.expected_close_date
        return [extract("year", column).label("year"), extract("month", column).label("month")]
    return [GROUP_COLUMNS[group].label("key")]


def _group_name(query: PipelineQuery, row, owners: dict[int, str], key: str = "key") -> str:
    mapping = row._mapping
    if query.group_by in (GroupBy.month, GroupBy.quarter):
        day = mapping.get("day")  # the roll-up's month
        year, month = (day.year, day.month) if day is not None else (mapping.get("year"), mapping.get("month"))
        if year is None:
            return "none"
        year, month = int(year), int(month)
        return f"{year}-{month:02d}" if query.group_by is GroupBy.month else f"{year}-Q{(month - 1) // 3 + 1}"
    key = mapping[key]
    if query.group_by is GroupBy.owner:
        return owners.get(key, "unassigned") if key is not None else "unassigned"
    if query.group_by is GroupBy.company:  # (owners: the names of the keys, here the companies')
        return owners.get(key, "no company") if key is not None else "no company"
    if key is None:
        return "none"
    return getattr(key, "value", str(key))


def _groups(session: Session, query: PipelineQuery, rows, stages: _Stages) -> list[dict]:
    owners = dict(session.execute(select(User.id, User.name)).all()) if query.group_by is GroupBy.owner else \
        dict(session.execute(select(Company.id, Company.name).where(Company.id.in_({r._mapping["key"] for r in rows}))).all()) \
        if query.group_by is GroupBy.company else {}
    merged: dict[str, _Parts] = {}
    for row in rows:
        merged.setdefault(_group_name(query, row, owners), _Parts()).add(_parts(row))
    if query.group_by is GroupBy.region and merged:
        # "split by region … does latam have even one?": a region with none says so (0), not by being left out
        for region in query.regions or list(Region):
            merged.setdefault(region.value, _Parts())
    groups = [{"key": key, "value": parts.value(query.metric), "deals": parts.deals, "amount": parts.amount}
              for key, parts in merged.items()]
    if query.group_by is GroupBy.stage:
        groups.sort(key=lambda g: stages.position.get(g["key"], 99))
    elif query.group_by in (GroupBy.month, GroupBy.quarter):
        groups.sort(key=lambda g: g["key"])
    else:
        groups.sort(key=lambda g: (-g["value"], g["key"]))
    return groups[:query.top_groups] if query.top_groups else groups


def _records(session: Session, query: PipelineQuery, conditions: list, now: datetime):
    column = {SortBy.amount: Deal.amount, SortBy.close_date: Deal.expected_close_date, SortBy.created: Deal.created_at,
              # longest in the stage = entered it earliest
              SortBy.stage_age: Deal.stage_changed_at}[query.sort_by or SortBy.amount]
    descending = query.descending if query.sort_by is not SortBy.stage_age else not query.descending
    columns = (Deal.id, Deal.name, Deal.amount, Deal.currency, Deal.stage, Deal.owner_id, Deal.expected_close_date,
               Deal.stage_changed_at, Deal.closed_reason, Deal.created_at, Deal.contact_id)
    if query.per_group:
        # the first deals of each group: ranked within the group, the ranks kept up to per_group
        group = GROUP_COLUMNS[query.group_by]
        rank = func.row_number().over(partition_by=group, order_by=(column.desc() if descending else column.asc(),
                                                                    Deal.id.asc()))
        ranked = _from(select(*columns, group.label("group_key"), rank.label("rank")), query).where(*conditions).subquery()
        inner = ranked.c[column.key]
        statement = select(ranked).where(ranked.c.rank <= query.per_group) \
            .order_by(inner.desc() if descending else inner.asc(), ranked.c.id.asc()).limit(query.limit)
    else:
        statement = _from(select(*columns), query).where(*conditions) \
            .order_by(column.desc() if descending else column.asc(), Deal.id.asc()).limit(query.limit)
    rows = session.execute(statement).all()
    owners = dict(session.execute(select(User.id, User.name).where(User.id.in_(
        {r.owner_id for r in rows} | ({r.group_key for r in rows} if query.group_by is GroupBy.owner and query.per_group
                                      else set())))).all())
    # "… and who was the customer contact on each?": each deal's contact, by name
    contacts = {i: f"{first} {last}".strip() for i, first, last in session.execute(
        select(Contact.id, Contact.first_name, Contact.last_name).where(Contact.id.in_({r.contact_id for r in rows} - {None})))}
    records = [{
        "id": row.id, "name": row.name, "amount": float(row.amount), "currency": row.currency, "stage": row.stage,
        "owner": owners.get(row.owner_id, "unassigned"), "contact": contacts.get(row.contact_id),
        "expected_close_date": row.expected_close_date.isoformat() if row.expected_close_date else None,
        "stage_age_days": round((now - row.stage_changed_at).total_seconds() / 86400, 1),
        "url": f"/api/v1/deals/{row.id}",
        "created": row.created_at.date().isoformat(),
        "closed_reason": row.closed_reason if row.stage in ("closed_won", "closed_lost") else None,
        **({"group": _group_name(query, row, owners, key="group_key")} if query.per_group else {}),
    } for row in rows]
    return records, statement


def _aggregate(session: Session, query: PipelineQuery, actor: Actor, stages: _Stages, now: datetime, conditions: list):
    """The aggregate rows (one, or one per group; the groups partition the deals, so the total is their sum) and
    the statement that read them: from the monthly roll-up when the question fits it, else from the deals."""
    if query.at_risk and query.metric is not Metric.stage_age and \
            _fits_rollup(plain := query.model_copy(update={"at_risk": False}), now.date()):
        return _at_risk_by_difference(session, plain, actor, stages, now)
    if _fits_rollup(query, now.date()):
        statement = select(*_rollup_columns(query, stages)).where(*_rollup_conditions(query, actor, stages))
        keys = _rollup_keys(query) if query.group_by is not None else []
    else:
        statement = _from(select(*_parts_columns(session, query, stages, now)), query).where(*conditions)
        keys = _group_keys(query) if query.group_by is not None else []
    if query.group_by is None:
        return [session.execute(statement).one()], statement
    statement = statement.add_columns(*keys).group_by(*keys)
    return session.execute(statement).all(), statement


class _Row:
    """An aggregate row computed here rather than read (the difference of two statements' rows)."""

    def __init__(self, mapping: dict):
        self._mapping = mapping
        self.currency_min, self.currency_max = mapping["currency_min"], mapping["currency_max"]


def _normal_key(row):
    """A group's key, the same whether it came from the roll-up or from the deals."""
    mapping = row._mapping
    if "day" in mapping:
        return (mapping["day"].year, mapping["day"].month) if mapping["day"] is not None else None
    if "year" in mapping:
        return (int(mapping["year"]), int(mapping["month"])) if mapping["year"] is not None else None
    key = mapping.get("key", ())
    return getattr(key, "value", key)


def _at_risk_by_difference(session: Session, plain: PipelineQuery, actor: Actor, stages: _Stages, now: datetime):
    """At-risk deals = all the open deals (from the roll-up) - the ones on track, which are few: not past their
    close date and moved within the stuck window. Reading those few instead of the half-million at risk is what
    keeps "deals at risk by owner" fast."""
    everything, rollup_statement = _aggregate(session, plain, actor, stages, now, [])
    conditions, _ = _conditions(session, plain, actor, stages, now)
    on_track = [or_(Deal.expected_close_date >= now.date(), Deal.expected_close_date.is_(None)),
                Deal.stage_changed_at >= now - timedelta(days=terms.STUCK_DAYS)]
    statement = _from(select(*_parts_columns(session, plain, stages, now)), plain).where(*conditions, *on_track)
    keys = _group_keys(plain) if plain.group_by is not None else []
    if plain.group_by is GroupBy.owner and session.get_bind().dialect.name == "sqlite":
        # Grouping by the bare column makes SQLite walk the owner index in order (all open deals); grouping by an
        # expression lets it take the stage-change index and read only the deals on track.
        keys = [(Deal.owner_id + 0).label("key")]
    if keys:
        statement = statement.add_columns(*keys).group_by(*keys)
    fresh = {_normal_key(row): _parts(row) for row in session.execute(statement)}
    rows = []
    for row in everything:
        key, parts = _normal_key(row), _parts(row)
        minus = fresh.get(key, _Parts())
        left = _Parts(parts.deals - minus.deals, parts.amount - minus.amount, parts.weighted - minus.weighted,
                      parts.won - minus.won, parts.days - minus.days, parts.won_amount - minus.won_amount)
        if left.deals or not keys:
            group = ({"year": key[0], "month": key[1]} if key else {"year": None, "month": None}) \
                if plain.group_by in (GroupBy.month, GroupBy.quarter) else {"key": key}
            rows.append(_Row({**group, "deals": left.deals, "amount": left.amount, "weighted": left.weighted,
                              "won": left.won, "days": left.days, "won_amount": left.won_amount, "currency_min": row.currency_min,
                              "currency_max": row.currency_max}))
    return rows, (rollup_statement, statement)


def _month_end(day: date) -> bool:
    return (day + timedelta(days=1)).day == 1


def _fits_rollup(query: PipelineQuery, today: date) -> bool:
    """Whether the roll-up holds the answer exactly: whole months, and no filter finer than its rows."""
    # (A list's deals are read from the deals table whatever this says; only its count and total come from here.)
    if query.metric is Metric.stage_age or query.at_risk or query.stage_age_min_days is not None:
        return False
    if query.amount_min is not None or query.amount_max is not None or query.created_from or query.created_to \
            or query.company_ids or query.contact_ids or query.group_by is GroupBy.company:
        return False
    closed = query.closed_dates()
    if query.state is DealState.any and (query.period_from or query.period_to
                                         or query.group_by in (GroupBy.month, GroupBy.quarter)):
        return False  # the roll-up dates closed deals by their close day, "any" by the expected one

    def whole(start: date | None, end: date | None) -> bool:
        # A closed deal cannot close after today, so a period of closed deals may end on or after it.
        return (start is None or start.day == 1) and (end is None or _month_end(end) or (closed and end >= today))
    return whole(query.period_from, query.period_to) and whole(query.compare_from, query.compare_to)


def _rollup_conditions(query: PipelineQuery, actor: Actor, stages: _Stages) -> list:
    r = rollup.DealRollup
    conditions = [r.deals != 0, *_scope(query, actor, stages, r.owner_id, r.stage)]
    if query.regions:
        conditions.append(r.region.in_([region.value for region in query.regions]))
    if query.industries:
        conditions.append(r.industry.in_(query.industries))
    if query.lead_sources:
        conditions.append(r.lead_source.in_(query.lead_sources))
    if query.period_from:
        conditions.append(r.month >= query.period_from.replace(day=1))
    if query.period_to:
        conditions.append(r.month <= query.period_to.replace(day=1))
    return conditions


def _rollup_columns(query: PipelineQuery, stages: _Stages) -> list:
    r = rollup.DealRollup
    columns = [func.coalesce(func.sum(r.deals), 0).label("deals"), func.coalesce(func.sum(r.amount), 0).label("amount"),
               func.min(r.currency).label("currency_min"), func.max(r.currency).label("currency_max")]
    if query.metric is Metric.weighted:
        probability = case(stages.probability, value=r.stage, else_=0)
        columns.append(func.coalesce(func.sum(cast(r.amount, Float) * probability / 100.0), 0).label("weighted"))
    if query.metric is Metric.win_rate:
        won = case((r.stage.in_(stages.by_state[DealState.won]), r.deals), else_=0)
        columns.append(func.coalesce(func.sum(won), 0).label("won"))
        won_amount = case((r.stage.in_(stages.by_state[DealState.won]), r.amount), else_=0)
        columns.append(func.coalesce(func.sum(won_amount), 0).label("won_amount"))
    if query.metric is Metric.cycle_time:
        columns.append(func.coalesce(func.sum(r.cycle_days), 0).label("days"))
    return columns


def _rollup_keys(query: PipelineQuery) -> list:
    r = rollup.DealRollup
    if query.group_by in (GroupBy.month, GroupBy.quarter):
        return [r.month.label("day")]
    return [{GroupBy.stage: r.stage, GroupBy.owner: r.owner_id, GroupBy.region: r.region,
             GroupBy.industry: r.industry, GroupBy.lead_source: r.lead_source}[query.group_by].label("key")]


def run(*, session: Session, actor: Actor, query: PipelineQuery, now: datetime | None = None) -> PipelineAnswer:
    now = now or utcnow()
    stages = _Stages(session)
    conditions, words = _conditions(session, query, actor, stages, now)
    rows, statement = _aggregate(session, query, actor, stages, now, conditions)
    groups = _groups(session, query, rows, stages) if query.group_by is not None else []
    parts = _Parts()
    for row in rows:
        parts.add(_parts(row))
    currencies = {c for row in rows for c in (row.currency_min, row.currency_max) if c is not None}
    currency = currencies.pop() if len(currencies) == 1 else ("mixed currencies" if currencies else "USD")
    statements = list(statement) if isinstance(statement, tuple) else [statement]
    records = []
    if query.list_deals:
        records, listing = _records(session, query, conditions, now)
        statements.append(listing)
    comparison = None
    if query.compare_from or query.compare_to:
        comparison = _compare(session, query, actor, stages, now, parts.value(query.metric))
        other = comparison.pop("statement")
        statements += list(other) if isinstance(other, tuple) else [other]
    whole = None
    if query.share_of_all:
        whole = _whole(session, query, actor, stages, now, parts.value(query.metric))
        statements.append(whole.pop("statement"))
    unit = UNITS.get(query.metric, currency)
    answer = PipelineAnswer(answer="", value=parts.value(query.metric), unit=unit, deals=parts.deals, filters=words,
                            query=query.model_dump(mode="json", exclude_defaults=True), groups=groups,
                            records=records, comparison=comparison, whole=whole,
                            sql=";\n".join(_sql(session, s) for s in statements), as_of=now)
    answer.answer = _words(query, answer, parts, currency)
    return answer


def _compare(session: Session, query: PipelineQuery, actor: Actor, stages: _Stages, now: datetime, current: float) -> dict:
    # the comparison shifts the close period, or, when only a created period is asked ("deals created in october vs
    # september"), that one
    shifted = {"period_from": query.compare_from, "period_to": query.compare_to, "period_label": query.compare_label} \
        if query.period_from or query.period_to else \
        {"created_from": query.compare_from, "created_to": query.compare_to, "created_label": query.compare_label}
    other = query.model_copy(update={**shifted, "compare_from": None, "compare_to": None})
    parts, _, statement = _summed(session, other, actor, stages, now)
    value = parts.value(query.metric)
    change = current - value
    return {"label": query.compare_label, "from": query.compare_from, "to": query.compare_to, "value": value,
            "deals": parts.deals, "amount": parts.amount, "change": change,
            "change_percent": round(100.0 * change / value, 1) if value else None, "statement": statement}


def _summed(session: Session, query: PipelineQuery, actor: Actor, stages: _Stages, now: datetime):
    """(parts, filter words, statement) of another query run beside the asked one: a comparison or the whole."""
    conditions, words = _conditions(session, query, actor, stages, now)
    rows, statement = _aggregate(session, query, actor, stages, now, conditions)
    parts = _Parts()
    for row in rows:
        parts.add(_parts(row))
    return parts, words, statement


# What narrows the deals down to a part of the pipeline; the whole keeps the state and the periods
PART_FILTERS = {"stages": [], "owner_ids": [], "regions": [], "industries": [], "lead_sources": [], "company_ids": [],
                "contact_ids": [], "amount_min": None, "amount_max": None, "stage_age_min_days": None, "at_risk": False}


def _whole(session: Session, query: PipelineQuery, actor: Actor, stages: _Stages, now: datetime, part: float) -> dict:
    """The same measure over all deals of the question's state and period: what "what % of our total open pipe is
    software?" divides by. A rep's whole is their own deals, as every answer of theirs is."""
    whole = query.model_copy(update={**PART_FILTERS, "share_of_all": False, "group_by": None, "list_deals": False,
                                     "sort_by": None, "per_group": None, "top_groups": None,
                                     "compare_from": None, "compare_to": None})
    parts, words, statement = _summed(session, whole, actor, stages, now)
    value = parts.value(query.metric)
    return {"value": value, "deals": parts.deals, "amount": parts.amount, "filters": words,
            "share_percent": round(100.0 * part / value, 1) if value else None, "statement": statement}


def _sql(session: Session, statement) -> str:
    try:
        return str(statement.compile(session.get_bind(), compile_kwargs={"literal_binds": True}))
    except Exception:  # a value type without a literal form: show the statement with its parameters
        compiled = statement.compile(session.get_bind())
        return f"{compiled} -- parameters: {compiled.params}"


def _number(value: float, metric: Metric, unit: str) -> str:
    if metric is Metric.count:
        return f"{int(value):,}"
    if metric is Metric.win_rate:
        return f"{value:.1f}%"
    if metric in (Metric.cycle_time, Metric.stage_age):
        return f"{value:.1f} days"
    return f"{Decimal(str(value)).quantize(Decimal('1')):,} {unit}"


def _share(part: float, whole: float) -> str:
    return f"{100.0 * part / whole:.1f}%" if whole else "0%"


def _plural(n: int) -> str:
    return f"{n:,} deal{'s' if n != 1 else ''}"


def _words(query: PipelineQuery, answer: PipelineAnswer, parts: _Parts, currency: str) -> str:
    scope = ", ".join(answer.filters) or "all deals"
    metric = query.metric
    if metric is Metric.count:
        head = f"{_plural(parts.deals)} ({scope}); total {_number(parts.amount, Metric.total, currency)}."
    elif metric is Metric.win_rate:
        # ("how many did we win vs lose, $ on each side"): both sides, counted and summed
        sides = (f"; won {_number(parts.won_amount, Metric.total, currency)}, lost "
                 f"{_number(parts.amount - parts.won_amount, Metric.total, currency)}") if parts.deals else ""
        head = f"Win rate: {_number(answer.value, metric, '')} ({parts.won:,} won of {_plural(parts.deals)} closed{sides}; {scope})."
    elif metric is Metric.weighted:  # the amount it was weighted from is asked for with it, as a count's total is
        head = (f"{NAMES[metric]}: {_number(answer.value, metric, currency)} across {_plural(parts.deals)} ({scope}); "
                f"unweighted {_number(parts.amount, Metric.total, currency)}.")
    elif metric is Metric.average:  # and the total it is the average of ("how many, what's the total, and the average")
        head = (f"{NAMES[metric]}: {_number(answer.value, metric, currency)} across {_plural(parts.deals)} ({scope}); "
                f"total {_number(parts.amount, Metric.total, currency)}.")
    else:
        head = f"{NAMES[metric]}: {_number(answer.value, metric, currency)} across {_plural(parts.deals)} ({scope})."
    lines = [head]
    if answer.whole is not None:  # "… and what % of our total open pipe is that?"
        w = answer.whole
        scope_all = ", ".join(w["filters"]) or "deals"
        if metric is Metric.count:  # as its head line: the deals, and their total
            lines.append(f"That is {_share(parts.deals, w['deals'])} of all {scope_all} ({w['deals']:,}), and "
                         f"{_share(parts.amount, w['amount'])} of their total ({_number(w['amount'], Metric.total, currency)}).")
        else:
            lines.append(f"That is {_share(answer.value, w['value'])} of the {NAMES[metric].lower()} of all {scope_all}: "
                         f"{_number(w['value'], metric, currency)} across {_plural(w['deals'])}.")
    if answer.comparison:
        c = answer.comparison
        pct = f", {c['change_percent']:+.1f}%" if c["change_percent"] is not None else ""
        change = f"{'+' if c['change'] >= 0 else '-'}{_number(abs(c['change']), metric, currency)}{pct}"
        if metric is Metric.count:  # as the head line: the deals, with their total ("5 deals … total 170,700 USD")
            lines.append(f"Compared with {_span(c['from'], c['to'], c['label'])}: {_plural(c['deals'])}; total "
                         f"{_number(c['amount'], Metric.total, currency)} (change {change}).")
        else:
            lines.append(f"Compared with {_span(c['from'], c['to'], c['label'])}: {_number(c['value'], metric, currency)} "
                         f"across {_plural(c['deals'])} (change {change}).")
    if answer.groups:
        lines.append(f"By {query.group_by.value.replace('_', ' ')}:")
        # A count's groups carry their total too, as its head line does: "- Maria Lopez: 4 deals, 126,800 USD"
        lines += [f"- {_group_label(g['key'], query)}: " + (f"{_plural(g['deals'])}, {_number(g['amount'], Metric.total, currency)}"
                                                           if metric is Metric.count
                                                           else "no deals" if not g["deals"]  # no rate or average of none
                                                           else f"{_number(g['value'], metric, '').strip()} ({_plural(g['deals'])})")
                  for g in answer.groups]
        if query.top_groups and metric in (Metric.count, Metric.total, Metric.weighted):
            # "which 3 customers carry the most open pipeline … what % of our total do those three make up together?"
            whole = parts.amount if metric is not Metric.weighted else parts.weighted
            key = "value" if metric is not Metric.count else "amount"
            shown = sum(g[key] for g in answer.groups)
            lines[-len(answer.groups):] = [f"{line} — {_share(g[key], whole)} of the total"
                                           for line, g in zip(lines[-len(answer.groups):], answer.groups)]
            lines.append(f"Those {len(answer.groups)} together: {_number(shown, Metric.total, currency)}, "
                         f"{_share(shown, whole)} of the total {_number(whole, Metric.total, currency)}.")
        if query.group_by is GroupBy.month and len(answer.groups) > 1:
            # "… for each month of 2026, and which month was the best one?": the month with the most
            best = max(answer.groups, key=lambda g: g["amount"] if metric is Metric.count else g["value"])
            lines.append(f"Highest month: {_group_label(best['key'], query)}.")
    if query.list_deals:
        shown = len(answer.records)
        if query.per_group and shown:
            first = FIRST_IN_ORDER[(query.sort_by or SortBy.amount, query.descending)]
            lines.append(f"The {first} {'deal' if query.per_group == 1 else f'{query.per_group} deals'} of each "
                         f"{query.group_by.value.replace('_', ' ')}:")
        else:
            lines.append((f"The first {'' if shown == 1 else f'{shown} '}of {parts.deals:,} deals:" if shown < parts.deals
                          else "The deals:")
                         if shown else "No deals match.")
        lines += [f"- {_group_label(r['group'], query) + ': ' if 'group' in r else ''}deal {r['id']} {r['name']}: {r['amount']:,.0f} {r['currency']}, {r['stage']}, {r['owner']}, "
                  + (f"contact {r['contact']}, " if r.get("contact") else "")
                  + f"closes {r['expected_close_date'] or '—'}, {r['stage_age_days']:.0f} days in stage"
                  # "going by when they were created": the day each was
                  + (f", created {r['created']}" if query.sort_by is SortBy.created else "") + f" ({r['url']})"
                  # why a closed deal was won or lost: "which deals did we lose in H1 … and why?"
                  + (f", reason: {r['closed_reason']}" if r.get("closed_reason") else "")
                  for r in answer.records]
    return "\n".join(lines)


def _group_label(key: str, query: PipelineQuery) -> str:
    """A month's bucket with its name ("2026-11 (November)"), as a person says it; other keys as they are."""
    if query.group_by is GroupBy.month and re.fullmatch(r"\d{4}-\d{2}", str(key)):
        return f"{key} ({calendar.month_name[int(str(key)[5:])]})"
    return str(key)
