"""Read tools over the CRM: find records by name/e-mail/id, and a deal summary a rep can act on.

Every call goes through crm_core services with the caller's actor, so a rep sees what a rep may see.
Outputs are short text with hard limits: a model reads them, and a person reads the reply built on them.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Literal

from langchain.tools import ToolRuntime, tool
from rapidfuzz import fuzz, process
from sqlalchemy import select

from crm_core import records
from crm_core.activities.models import Activity
from crm_core.companies.models import Company
from crm_core.errors import NotFound, PermissionDenied
from crm_core.kinds import kind_for_collection
from crm_core.tickets.models import Ticket
from crm_core.users.models import User
from tools.context import ToolContext

Collection = Literal["companies", "contacts", "deals", "tickets"]
MAX_RESULTS = 8
FUZZY_CUTOFF = 70


def display_name(record) -> str:
    for attribute in ("name", "subject"):
        if getattr(record, attribute, None):
            return getattr(record, attribute)
    return f"{record.first_name} {record.last_name}".strip() + (f" <{record.email}>" if record.email else "")


def resolve(session, actor, collection: str, reference: str) -> list:
    """Records matching a reference: an id ("12", "#12"), an e-mail, or a (fuzzy) name. Best first."""
    kind = kind_for_collection(collection)
    reference = reference.strip()
    if reference.lstrip("#").isdigit():
        try:
            return [records.get(session=session, actor=actor, kind=kind, record_id=int(reference.lstrip("#")))]
        except NotFound:
            return []
    exact, _ = records.list_records(session=session, actor=actor, kind=kind,
                                    filters=kind.filter_schema(q=reference, limit=MAX_RESULTS))
    if exact:
        return exact
    # No substring match: fuzzy over what the caller may read (typos, "Acme Corp" for "Acme Corporation").
    readable, _ = records.list_records(session=session, actor=actor, kind=kind,
                                       filters=kind.filter_schema(limit=500, sort="-updated_at"))
    names = {record.id: display_name(record) for record in readable}
    best = process.extract(reference, names, scorer=fuzz.WRatio, limit=MAX_RESULTS, score_cutoff=FUZZY_CUTOFF)
    by_id = {record.id: record for record in readable}
    return [by_id[key] for _, _, key in best]


def _line(collection: str, record) -> str:
    if collection == "deals":
        return f"deal {record.id}: {record.name} — {record.stage}, {record.amount:,.0f} {record.currency}"
    if collection == "tickets":
        sentiment = f", {record.sentiment_label}" if record.sentiment_label else ""
        return f"ticket {record.id}: {record.subject} — {record.status}, {record.priority}{sentiment}"
    if collection == "contacts":
        return f"contact {record.id}: {display_name(record)}"
    return f"company {record.id}: {record.name}" + (f" ({record.domain})" if record.domain else "")


@tool(extras={"examples": [
    "find the contact jane@acme.example",
    "look up Globex",
    "which deals do we have with Initech",
    "show me tickets from Umbrella",
    "who is our contact at Hooli",
    "search for company Stark",
]})
def find_records(collection: Collection, query: str, runtime: ToolRuntime[ToolContext]) -> str:
    """Find CRM records by name, e-mail or id. Returns one line per match (id first), at most eight.

    Args:
        collection: which kind of record: companies, contacts, deals or tickets.
        query: a name (typos are fine), an e-mail address, or an id.
    """
    with runtime.context.sessions() as session:
        found = resolve(session, runtime.context.caller.actor, collection, query)
        if not found:
            return f"No {collection} match {query!r} (or none you may see)."
        return "\n".join(_line(collection, record) for record in found[:MAX_RESULTS])


def _age(since: datetime, now: datetime) -> str:
    days = (now - since).days
    return "today" if days <= 0 else f"{days} day{'s' if days != 1 else ''}"


@tool(extras={"examples": [
    "give me a summary of the Acme deal",
    "how is the Globex deal going",
    "what's the status of the Initech renewal",
    "deal summary for Umbrella",
    "where are we with Hooli",
    "brief me on the Stark expansion deal",
]})
def deal_summary(deal: str, runtime: ToolRuntime[ToolContext]) -> str:
    """Summarise one deal: stage and how long it has been there, amount, owner, close date, next step, the last
    activities, and the open tickets (with customer sentiment) of the account.

    Args:
        deal: the deal's name, its company's name, or its id.
    """
    actor = runtime.context.caller.actor
    with runtime.context.sessions() as session:
        try:
            matches = resolve(session, actor, "deals", deal)
            if not matches:  # "the Acme deal": the company's most recent deal
                companies = resolve(session, actor, "companies", deal)
                if companies:
                    matches, _ = records.list_records(
                        session=session, actor=actor, kind=kind_for_collection("deals"),
                        filters=kind_for_collection("deals").filter_schema(company_id=companies[0].id, sort="-updated_at", limit=3))
        except PermissionDenied as exc:
            return f"Not allowed: {exc}"
        if not matches:
            return f"No deal matches {deal!r} (or none you may see)."
        record = matches[0]
        now = datetime.now(timezone.utc)
        owner = session.get(User, record.owner_id) if record.owner_id else None
        company = session.get(Company, record.company_id) if record.company_id else None
        lines = [
            f"deal {record.id}: {record.name}" + (f" ({company.name})" if company else ""),
            f"stage: {record.stage}, for {_age(record.stage_changed_at, now)}",
            f"amount: {record.amount:,.2f} {record.currency}",
            f"owner: {owner.name if owner else 'unassigned'}",
            f"expected close: {record.expected_close_date or 'not set'}",
            f"next step: {record.next_step or 'none recorded'}",
        ]
        activities = session.scalars(select(Activity).where(Activity.deal_id == record.id)
                                     .order_by(Activity.occurred_at.desc()).limit(3)).all()
        lines.append("recent activity: " + ("; ".join(
            f"{a.occurred_at:%Y-%m-%d} {a.type}: {(a.subject or a.body)[:80]}" for a in activities) or "none"))
        if record.company_id:
            tickets = session.scalars(select(Ticket).where(Ticket.company_id == record.company_id,
                                                           Ticket.status.in_(("new", "open", "pending")))
                                      .order_by(Ticket.created_at.desc()).limit(5)).all()
            lines.append("open tickets: " + ("; ".join(
                f"#{t.id} {t.subject[:60]} ({t.priority}, {t.sentiment_label or 'unscored'})" for t in tickets) or "none"))
        if len(matches) > 1:
            lines.append("other matches: " + ", ".join(f"deal {m.id} {m.name}" for m in matches[1:4]))
        return "\n".join(lines)
