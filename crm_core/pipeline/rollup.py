"""A monthly roll-up of the deals, kept exact in the same transaction as every write, so that pipeline questions
over a million deals read thousands of roll-up rows instead of a million deal rows.

One row per (stage, owner, company region, company industry, contact lead source, currency, month) holds how many
deals fall there, their amount and, for closed deals, their summed cycle days. The month is the expected close
month of an open deal and the month a closed deal closed (UTC) — the dates pipeline periods filter on.

It is maintained on flush, like the audit trail: before a flush the affected deals' facts are read from the
database (their old state) and subtracted; after it they are read again (their new state) and added. Affected are
the deals written, and the deals of any company or contact written (a region, an industry or a lead source can
move a deal to another row). Every code path writes through the ORM, so none can bypass it; the demo seed, which
bulk-inserts, calls ``rebuild`` at its end, and ``crm pipeline rebuild`` (or ``rebuild``) recomputes it from the
deals at any time — after a change to the pipeline's stages, for one.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timezone
from decimal import Decimal

from sqlalchemy import Date, Float, Integer, Numeric, String, delete, event, extract, func, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapped, Session, mapped_column

from crm_core.companies.models import Company
from crm_core.contacts.models import Contact
from crm_core.db import Base
from crm_core.deals.models import Deal, PipelineStage

_PENDING = "rollup_pending"
DIMENSIONS = ("stage", "owner_id", "region", "industry", "lead_source", "currency", "month")


class DealRollup(Base):
    __tablename__ = "deal_rollup"

    # The dimensions joined into one string: a primary key that treats "no region" as a value (NULLs in a
    # unique constraint never collide), so concurrent writers upsert the same row.
    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    stage: Mapped[str] = mapped_column(String(40), nullable=False)
    owner_id: Mapped[int | None] = mapped_column(Integer)
    region: Mapped[str | None] = mapped_column(String(20))
    industry: Mapped[str | None] = mapped_column(String(80))
    lead_source: Mapped[str | None] = mapped_column(String(50))
    currency: Mapped[str] = mapped_column(String(3), nullable=False)
    month: Mapped[date | None] = mapped_column(Date)
    deals: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    amount: Mapped[Decimal] = mapped_column(Numeric(18, 2), nullable=False, default=Decimal(0))
    cycle_days: Mapped[float] = mapped_column(Float, nullable=False, default=0.0)


def days_between(dialect_name: str, later, earlier):
    """Fractional days between two timestamps, in the database's own arithmetic."""
    if dialect_name == "postgresql":
        return extract("epoch", later - earlier) / 86400.0
    return func.julianday(later) - func.julianday(earlier)


def _facts_statement():
    return (select(Deal.id, Deal.stage, Deal.owner_id, Deal.currency, Deal.amount, Deal.expected_close_date,
                   Deal.closed_at, Deal.created_at, PipelineStage.is_closed, Company.region, Company.industry,
                   Contact.lead_source)
            .join(PipelineStage, PipelineStage.key == Deal.stage)
            .outerjoin(Company, Company.id == Deal.company_id).outerjoin(Contact, Contact.id == Deal.contact_id))


def _month(day: date | None) -> date | None:
    return day.replace(day=1) if day else None


def _row_key(values: dict) -> str:
    return "|".join("" if values[d] is None else str(getattr(values[d], "value", values[d])) for d in DIMENSIONS)


def _fact(row) -> tuple[dict, int, Decimal, float]:
    closed_day = row.closed_at.astimezone(timezone.utc).date() if row.closed_at else None
    region = row.region.value if row.region is not None and hasattr(row.region, "value") else row.region
    dims = {"stage": row.stage, "owner_id": row.owner_id, "region": region, "industry": row.industry,
            "lead_source": row.lead_source, "currency": row.currency,
            "month": _month(closed_day if row.is_closed else row.expected_close_date)}
    cycle = (row.closed_at - row.created_at).total_seconds() / 86400 if row.is_closed and row.closed_at else 0.0
    return dims, 1, Decimal(row.amount or 0), cycle


def _read(connection: Connection, deal_ids: set[int]) -> list:
    ids, rows = sorted(deal_ids), []
    for start in range(0, len(ids), 500):
        rows += connection.execute(_facts_statement().where(Deal.id.in_(ids[start:start + 500]))).all()
    return rows


def _affected(session: Session) -> set[int]:
    """Deals whose roll-up row may change in this flush (new deals have no id yet: taken after the flush)."""
    deal_ids, company_ids, contact_ids = set(), set(), set()
    for obj in (*session.dirty, *session.deleted):
        if isinstance(obj, Deal) and obj.id is not None:
            deal_ids.add(obj.id)
        elif isinstance(obj, Company) and obj.id is not None:
            company_ids.add(obj.id)
        elif isinstance(obj, Contact) and obj.id is not None:
            contact_ids.add(obj.id)
    if company_ids or contact_ids:
        connection = session.connection()
        if company_ids:
            deal_ids |= set(connection.scalars(select(Deal.id).where(Deal.company_id.in_(company_ids))))
        if contact_ids:
            deal_ids |= set(connection.scalars(select(Deal.id).where(Deal.contact_id.in_(contact_ids))))
    return deal_ids


@event.listens_for(Session, "before_flush")
def _before(session: Session, _flush_context, _instances) -> None:
    if not any(isinstance(o, (Deal, Company, Contact)) for o in (*session.new, *session.dirty, *session.deleted)):
        return
    affected = _affected(session)
    before = _read(session.connection(), affected) if affected else []
    new = [o for o in session.new if isinstance(o, Deal)]
    session.info.setdefault(_PENDING, []).append((affected, before, new))


@event.listens_for(Session, "after_flush")
def _after(session: Session, _flush_context) -> None:
    for affected, before, new in session.info.pop(_PENDING, []):
        ids = affected | {deal.id for deal in new if deal.id is not None}
        after = _read(session.connection(), ids) if ids else []
        apply(session.connection(), [(row, -1) for row in before] + [(row, 1) for row in after])


def apply(connection: Connection, changes: list[tuple[object, int]]) -> None:
    """Add (+1) or subtract (-1) deals' facts to their roll-up rows, as atomic upserts."""
    delta: dict[str, list] = defaultdict(lambda: [None, 0, Decimal(0), 0.0])
    for row, sign in changes:
        dims, deals, amount, cycle = _fact(row)
        entry = delta[_row_key(dims)]
        entry[0] = dims
        entry[1] += sign * deals
        entry[2] += sign * amount
        entry[3] += sign * cycle
    params = [{"key": key, **dims, "deals": deals, "amount": amount, "cycle_days": cycle}
              for key, (dims, deals, amount, cycle) in delta.items() if deals or amount or abs(cycle) > 1e-9]
    if params:
        _upsert(connection, params)


def _upsert(connection: Connection, params: list[dict]) -> None:
    table = DealRollup.__table__
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(table)
    statement = statement.on_conflict_do_update(index_elements=[table.c.key], set_={
        "deals": table.c.deals + statement.excluded.deals, "amount": table.c.amount + statement.excluded.amount,
        "cycle_days": table.c.cycle_days + statement.excluded.cycle_days})
    connection.execute(statement, params)


def rebuild(connection: Connection) -> int:
    """Recompute the roll-up from the deals (in the caller's transaction). Returns the number of rows."""
    table = DealRollup.__table__
    connection.execute(delete(table))
    closed_at = Deal.closed_at
    if connection.dialect.name == "postgresql":
        closed_at = func.timezone("UTC", Deal.closed_at)  # the UTC month, whatever the session's time zone
    dims = [Deal.stage, Deal.owner_id, Company.region, Company.industry, Contact.lead_source, Deal.currency]
    rows: dict[str, dict] = {}
    for is_closed, column in ((False, Deal.expected_close_date), (True, closed_at)):
        year, month = extract("year", column).label("year"), extract("month", column).label("month")
        cycle = (func.sum(days_between(connection.dialect.name, Deal.closed_at, Deal.created_at)) if is_closed
                 else func.sum(0.0))
        statement = (select(*dims, year, month, func.count(Deal.id), func.sum(Deal.amount), cycle)
                     .select_from(Deal).join(PipelineStage, PipelineStage.key == Deal.stage)
                     .outerjoin(Company, Company.id == Deal.company_id).outerjoin(Contact, Contact.id == Deal.contact_id)
                     .where(PipelineStage.is_closed.is_(is_closed)).group_by(*dims, year, month))
        for stage, owner_id, region, industry, source, currency, y, m, deals, amount, days in connection.execute(statement):
            values = {"stage": stage, "owner_id": owner_id, "region": getattr(region, "value", region),
                      "industry": industry, "lead_source": source, "currency": currency,
                      "month": date(int(y), int(m), 1) if y is not None else None}
            rows[_row_key(values)] = {"key": _row_key(values), **values, "deals": deals,
                                      "amount": Decimal(amount or 0), "cycle_days": float(days or 0)}
    params = list(rows.values())
    for start in range(0, len(params), 5000):
        connection.execute(insert(table), params[start:start + 5000])
    return len(params)

