"""The answers the pipeline eval expects, computed independently of the engine under test.

The deals are read once with plain SQL (deals joined to their stage, company, contact and owner) into Python
dicts, and a ``PipelineQuery`` is answered here in plain Python: filter, aggregate, group, sort, compare. Nothing
from ``crm_core.pipeline.engine`` or ``parse`` is imported: a bug there must not be able to agree with itself.
The definitions (stuck, at risk) come from ``crm_core.pipeline.terms`` only as numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import text

from crm_core.pipeline import terms
from crm_core.pipeline.query import DealState, GroupBy, Metric, PipelineQuery, SortBy

DEALS_SQL = """
SELECT d.id, d.name, d.amount, d.stage, d.owner_id, d.expected_close_date, d.closed_at, d.created_at,
       d.stage_changed_at, s.probability, s.is_closed, s.is_won, u.name AS owner,
       c.region, c.industry, p.lead_source
FROM deals d
JOIN pipeline_stages s ON s.key = d.stage
LEFT JOIN companies c ON c.id = d.company_id
LEFT JOIN contacts p ON p.id = d.contact_id
LEFT JOIN users u ON u.id = d.owner_id
"""
DAY_SECONDS = 86400.0


@dataclass
class ReferenceAnswer:
    value: float
    deals: int
    groups: dict[str, tuple[float, int]] = field(default_factory=dict)  # key -> (value, deals)
    ids: list[int] = field(default_factory=list)  # a list answer, in order
    comparison: tuple[float, int] | None = None  # (value, deals)


def _utc(value) -> datetime | None:
    """SQLite hands back text, PostgreSQL aware datetimes; both become aware UTC datetimes."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


def _day(value) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, str):
        return date.fromisoformat(value[:10])
    return value


def load_deals(connection) -> list[dict]:
    """Every deal as a plain dict (a Connection or a Session both work)."""
    rows = []
    for row in connection.execute(text(DEALS_SQL)).mappings():
        closed_at = _utc(row["closed_at"])
        rows.append({
            "id": int(row["id"]), "name": row["name"], "amount": float(row["amount"]), "stage": row["stage"],
            "owner_id": row["owner_id"], "owner": row["owner"],
            "probability": float(row["probability"]), "is_closed": bool(row["is_closed"]), "is_won": bool(row["is_won"]),
            "region": row["region"], "industry": row["industry"], "lead_source": row["lead_source"],
            "expected_close_date": _day(row["expected_close_date"]),
            "closed_at": closed_at, "closed_day": closed_at.date() if closed_at else None,
            "created_at": _utc(row["created_at"]), "stage_changed_at": _utc(row["stage_changed_at"]),
        })
    return rows


def load_users(connection) -> dict[str, int]:
    """Full name -> user id."""
    return {row.name: int(row.id) for row in connection.execute(text("SELECT id, name FROM users"))}


# -- one deal against the query --------------------------------------------------------------------------

def _in_state(deal: dict, state: DealState) -> bool:
    if state is DealState.open:
        return not deal["is_closed"]
    if state is DealState.won:
        return deal["is_closed"] and deal["is_won"]
    if state is DealState.lost:
        return deal["is_closed"] and not deal["is_won"]
    if state is DealState.closed:
        return deal["is_closed"]
    return True


def _period_day(deal: dict, query: PipelineQuery) -> date | None:
    """Open (and any) deals are placed by their expected close date, closed ones by the day they closed."""
    closed = query.state in (DealState.won, DealState.lost, DealState.closed)
    return deal["closed_day"] if closed else deal["expected_close_date"]


def _within(day: date | None, start: date | None, end: date | None) -> bool:
    if start is None and end is None:
        return True
    if day is None:
        return False
    return (start is None or day >= start) and (end is None or day <= end)


def _age(deal: dict, now: datetime) -> timedelta:
    return now - deal["stage_changed_at"]


def _matches(deal: dict, query: PipelineQuery, now: datetime, period: tuple[date | None, date | None]) -> bool:
    if not _in_state(deal, query.state):
        return False
    if query.stages and deal["stage"] not in set(query.stages):
        return False
    if query.owner_ids and deal["owner_id"] not in set(query.owner_ids):
        return False
    if query.regions and deal["region"] not in {str(r.value) for r in query.regions}:
        return False
    if query.industries and deal["industry"] not in set(query.industries):
        return False
    if query.lead_sources and deal["lead_source"] not in set(query.lead_sources):
        return False
    if query.amount_min is not None and deal["amount"] < float(query.amount_min):
        return False
    if query.amount_max is not None and deal["amount"] > float(query.amount_max):
        return False
    if not _within(_period_day(deal, query), *period):
        return False
    if not _within(deal["created_at"].date(), query.created_from, query.created_to):
        return False
    if query.stage_age_min_days is not None and not _age(deal, now) > timedelta(days=query.stage_age_min_days):
        return False
    if query.at_risk:
        late = deal["expected_close_date"] is not None and deal["expected_close_date"] < now.date()
        stuck = _age(deal, now) > timedelta(days=terms.STUCK_DAYS)
        if deal["is_closed"] or not (late or stuck):
            return False
    return True


# -- numbers over a set of deals ---------------------------------------------------------------------------

def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def measure(deals: list[dict], metric: Metric, now: datetime) -> tuple[float, int]:
    """(value, deals behind it) as the contract defines each metric."""
    if metric is Metric.count:
        return float(len(deals)), len(deals)
    if metric is Metric.total:
        return sum(d["amount"] for d in deals), len(deals)
    if metric is Metric.weighted:
        return sum(d["amount"] * d["probability"] / 100 for d in deals), len(deals)
    if metric is Metric.average:
        return _mean([d["amount"] for d in deals]), len(deals)
    if metric is Metric.win_rate:
        decided = [d for d in deals if d["is_closed"]]
        won = sum(1 for d in decided if d["is_won"])
        return (100.0 * won / len(decided) if decided else 0.0), len(decided)
    if metric is Metric.cycle_time:
        spans = [(d["closed_at"] - d["created_at"]).total_seconds() / DAY_SECONDS for d in deals if d["closed_at"]]
        return _mean(spans), len(spans)
    if metric is Metric.stage_age:
        return _mean([_age(d, now).total_seconds() / DAY_SECONDS for d in deals]), len(deals)
    raise ValueError(f"unknown metric {metric}")


def _group_key(deal: dict, query: PipelineQuery) -> str:
    by = query.group_by
    if by is GroupBy.stage:
        return deal["stage"]
    if by is GroupBy.owner:
        return deal["owner"] or "unassigned"
    if by is GroupBy.region:
        return (deal["region"] or "none").lower()
    if by is GroupBy.industry:
        return deal["industry"] or "none"
    if by is GroupBy.lead_source:
        return deal["lead_source"] or "none"
    day = _period_day(deal, query)
    if day is None:
        return "none"
    if by is GroupBy.month:
        return f"{day.year}-{day.month:02d}"
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def _sort_key(sort_by: SortBy, now: datetime) -> Callable[[dict], float]:
    if sort_by is SortBy.stage_age:
        return lambda d: _age(d, now).total_seconds()
    if sort_by is SortBy.close_date:
        return lambda d: (d["expected_close_date"] or date.max).toordinal()
    if sort_by is SortBy.created:
        return lambda d: d["created_at"].timestamp()
    return lambda d: d["amount"]


class Reference:
    """The seeded deals in memory, and the answer to a query as the product defines it."""

    def __init__(self, deals: list[dict], users: dict[str, int]):
        self.deals = deals
        self.users = users

    @classmethod
    def load(cls, connection) -> "Reference":
        return cls(load_deals(connection), load_users(connection))

    def visible(self, scope_owner_id: int | None) -> list[dict]:
        """A rep sees the deals they own; a manager (None) sees all."""
        return [d for d in self.deals if scope_owner_id is None or d["owner_id"] == scope_owner_id]

    def select(self, query: PipelineQuery, *, now: datetime, scope_owner_id: int | None = None,
               period: tuple[date | None, date | None] | None = None) -> list[dict]:
        span = period if period is not None else (query.period_from, query.period_to)
        return [d for d in self.visible(scope_owner_id) if _matches(d, query, now, span)]

    def answer(self, query: PipelineQuery, *, now: datetime, scope_owner_id: int | None = None) -> ReferenceAnswer:
        chosen = self.select(query, now=now, scope_owner_id=scope_owner_id)
        value, count = measure(chosen, query.metric, now)
        result = ReferenceAnswer(value=value, deals=count)
        if query.group_by is not None:
            buckets: dict[str, list[dict]] = {}
            for deal in chosen:
                buckets.setdefault(_group_key(deal, query), []).append(deal)
            result.groups = {key: measure(members, query.metric, now) for key, members in buckets.items()}
        if query.list_deals:
            key = _sort_key(query.sort_by or SortBy.amount, now)
            sign = -1 if query.descending else 1
            ordered = sorted(chosen, key=lambda d: (sign * key(d), d["id"]))
            result.ids = [d["id"] for d in ordered[: query.limit]]
            result.deals = len(chosen)
        if query.compare_from is not None or query.compare_to is not None:
            other = self.select(query, now=now, scope_owner_id=scope_owner_id,
                                period=(query.compare_from, query.compare_to))
            result.comparison = measure(other, query.metric, now)
        return result


def owner_ids(names: Iterable[str], users: dict[str, int]) -> list[int]:
    missing = [n for n in names if n not in users]
    if missing:
        raise ValueError(f"no user named {', '.join(missing)} in the seeded data")
    return [users[n] for n in names]
