"""Read tools over the CRM: find records, read one, summarise a deal, give an account overview.

Every call goes through crm_core services with the caller's actor, so a rep sees what a rep may see.
Outputs are short text with hard limits: a model reads them, and a person reads the reply built on them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from langchain.tools import ToolRuntime, tool
from sqlalchemy import select

from crm_core import records
from crm_core.activities.models import Activity
from crm_core.companies.models import Company
from crm_core.contacts.models import Contact
from crm_core.errors import CRMError
from crm_core.kinds import kind_for_collection
from crm_core.tickets.models import Ticket
from crm_core.tickets.trend import sentiment_trend
from crm_core.users.models import User
from tools.context import ToolContext
from tools.lookup import (MAX_RESULTS, OPEN_DEAL_STAGES, OPEN_TICKET_STATUSES, company_of_person, deals_of, deals_of_person, display_name,
                          nothing_found, one, resolve)

Collection = Literal["companies", "contacts", "deals", "tickets"]
TEXT_LIMIT = 1000  # characters of a description or note shown to the model
ACTIVITY_BODY = 300  # characters of an activity's body in a deal summary: enough for the questions an e-mail asks and a recap's promises


def money(amount, currency: str = "USD") -> str:
    """48,000 USD; 48,250.50 USD: no cents when whole, as people write amounts."""
    return f"{amount:,.0f} {currency}" if amount == int(amount) else f"{amount:,.2f} {currency}"


def line(collection: str, record) -> str:
    if collection == "deals":
        return f"deal {record.id}: {record.name} — {record.stage}, {money(record.amount, record.currency)}"
    if collection == "tickets":
        category = f", {record.category.replace('_', ' ')}" if record.category else ""  # "the outage one"
        sentiment = f", {record.sentiment_label}" if record.sentiment_label else ""
        return f"ticket {record.id}: {record.subject} — {record.status}, {record.priority}{category}{sentiment}"
    if collection == "contacts":
        title = f", {record.title}" if record.title else ""
        return f"contact {record.id}: {display_name(record)}{title}"
    # "what industry are they, how many employees, and what's their domain?": a company found says what it is
    profile = ", ".join(str(v) for v in (record.industry, record.region and record.region.upper(),
                                         record.size and f"{record.size} employees") if v)
    return f"company {record.id}: {record.name}" + (f" ({record.domain})" if record.domain else "") \
        + (f" — {profile}" if profile else "")


@tool(extras={"examples": [
    "find the contact jane@acme.example",
    "look up Globex",
    "which deals do we have with Initech",
    "show me tickets from Umbrella",
    "who is our contact at Hooli",
    "search for company Stark",
    "who's the CISO at Acme",
    "which company has the domain acme.example",
    "what contacts do we have at Acme",
]})
def find_records(collection: Collection, query: str, runtime: ToolRuntime[ToolContext], open_only: bool = False) -> str:
    """Find CRM records by name, e-mail or id. Returns one line per match (id first), at most eight.

    Args:
        collection: which kind of record: companies, contacts, deals or tickets.
        query: a name (typos are fine), an e-mail address, or an id.
        open_only: deals and tickets only: leave out closed deals and solved or closed tickets ("what does Acme
            have open with support?").
    """
    # Enough of a company's records that the open ones are among them when only those are asked for.
    listed = 100 if open_only else MAX_RESULTS
    with runtime.context.sessions() as session:
        actor = runtime.context.caller.actor
        found = []
        if collection in ("tickets", "contacts"):  # "contacts at Umbrella", "tickets from Umbrella": by the company
            companies = kind_for_collection("companies")
            named, _ = records.list_records(session=session, actor=actor, kind=companies,
                                            filters=companies.filter_schema(q=query, limit=2))
            for company in named[:1] if len(named) == 1 else []:
                kind = kind_for_collection(collection)
                found, _ = records.list_records(session=session, actor=actor, kind=kind, filters=kind.filter_schema(
                    company_id=company.id, sort="-updated_at" if collection == "tickets" else "id", limit=listed))
        if not found:
            found = deals_of(session, actor, query) if collection == "deals" else resolve(session, actor, collection, query)
        if not found and collection in ("tickets", "contacts"):  # a company found only by a fuzzy name
            for company in resolve(session, actor, "companies", query)[:1]:
                kind = kind_for_collection(collection)
                found, _ = records.list_records(session=session, actor=actor, kind=kind, filters=kind.filter_schema(
                    company_id=company.id, sort="-updated_at", limit=listed))
        if not found:
            return nothing_found(actor, collection, f"No {collection} match {query!r} (or none you may see).")
        if open_only and collection in ("deals", "tickets"):
            still_open = [r for r in found if (r.stage in OPEN_DEAL_STAGES if collection == "deals"
                                               else r.status in OPEN_TICKET_STATUSES)]
            if not still_open:
                state = "closed" if collection == "deals" else "solved or closed"
                return f"Nothing open: the one {collection[:-1]} matching {query!r} is {state}." if len(found) == 1 else \
                    f"Nothing open: the {len(found)} {collection} matching {query!r} are all {state}."
            found = still_open
        found = found[:MAX_RESULTS]
        # Who works a ticket or owns a deal is what is asked next ("who's working it?"); a person found is usually
        # found to be reached: their phone too, where there is one
        staff = [getattr(r, "assignee_id", None) or getattr(r, "owner_id", None) for r in found] \
            if collection in ("tickets", "deals") else []
        names = dict(session.execute(select(User.id, User.name).where(User.id.in_({i for i in staff if i}))).all()) \
            if any(staff) else {}
        role = "assigned to" if collection == "tickets" else "owner"
        # ... and who raised a ticket ("which of their tickets are open and sitting with me? and who raised them")
        raised_by = {r.contact_id for r in found if getattr(r, "contact_id", None)} if collection == "tickets" else set()
        # ... and from which company ("the salesforce one, who raised it and from which company?")
        raisers = {i: f"{first} {last}".strip() + (f" ({company})" if company else "") for i, first, last, company in
                   session.execute(select(Contact.id, Contact.first_name, Contact.last_name, Company.name)
                                   .outerjoin(Company, Company.id == Contact.company_id).where(Contact.id.in_(raised_by))).all()} \
            if raised_by else {}
        # ... and a person's company ("missed a call from +61 2 9876 0124 … who's that and which company are they at?")
        employers = dict(session.execute(select(Company.id, Company.name).where(
            Company.id.in_({r.company_id for r in found if r.company_id}))).all()) if collection == "contacts" else {}
        return "\n".join(line(collection, record)
                         + (f" at {employers[record.company_id]}" if getattr(record, "company_id", None) in employers
                            and collection == "contacts" else "")
                         + (f", phone {record.phone}" if getattr(record, "phone", None) else "")
                         + (f", raised by {raisers[record.contact_id]}" if raisers.get(getattr(record, "contact_id", None))
                            else "")
                         # ... and when ("who raised it, when, and who's on it?")
                         + (f", opened {record.created_at:%Y-%m-%d}" if collection == "tickets" else "")
                         + (f", {role} {names[person]}" if person in names
                            else ", unassigned" if collection == "tickets" and person is None else "")
                         for record, person in zip(found, staff or [None] * len(found)))


@tool(extras={"examples": [
    "show me ticket 42",
    "open contact 17",
    "what do we have on file for jane@acme.example",
    "pull up the record for deal 12",
    "details of ticket #88",
    "what's the phone number of Priya Shah",
]})
def get_record(collection: Collection, reference: str, runtime: ToolRuntime[ToolContext]) -> str:
    """Every field of one record: a company, contact, deal or ticket, by id, e-mail or name.

    Args:
        collection: companies, contacts, deals or tickets.
        reference: the id ("42"), an e-mail, or the name.
    """
    with runtime.context.sessions() as session:
        record, question = one(session, runtime.context.caller.actor, collection, reference)
        if record is None:
            return question
        kind = kind_for_collection(collection)
        data = kind.read_schema.model_validate(record).model_dump(exclude={"version", "attributes", "tags"})
        lines = [line(collection, record)]
        for name, value in data.items():
            if name == "assignee_id" and value is None:
                lines.append("assignee_id: none (unassigned)")  # "has anyone picked it up?": nobody has
                continue
            if value in (None, "", []) or name in ("id", "name", "subject"):
                continue
            text = str(value)
            if isinstance(value, datetime):  # to the second, as a person reads a time ("2026-11-26 15:40:05+00:00")
                text = str(value.replace(microsecond=0))
            if name.startswith("consent_") and isinstance(value, bool):  # "is he ok to email?": said as an answer
                text = f"{value} ({'opted in' if value else 'not opted in'} to email)" if name == "consent_email" \
                    else f"{value} ({'agreed to' if value else 'no consent to'} phone calls)"
            if (linked := LINKED.get(name)) and (other := session.get(linked, value)):
                text = f"{value} ({other.name if isinstance(other, User | Company) else display_name(other)})"
            lines.append(f"{name}: {text[:TEXT_LIMIT]}{'…' if len(text) > TEXT_LIMIT else ''}")
        return "\n".join(lines)


# A record's references, shown with the name they point to: "contact_id: 62 (Wei Ferreira <wei@...>)".
LINKED = {"company_id": Company, "contact_id": Contact, "owner_id": User, "assignee_id": User}


def _age(since: datetime, now: datetime) -> str:
    """ "30 days (since 2026-10-23)": whole days gone by, and the day it began (the pipeline's list rounds the same
    time to the nearest day, so the two may differ by one; the date says which day it was)."""
    days = (now - since).days
    return "today" if days <= 0 else f"{days} day{'s' if days != 1 else ''} (since {since:%Y-%m-%d})"


def _open_tickets(session, actor, company_id: int, limit: int = 5) -> list[Ticket]:
    """The account's open tickets the caller may read (a rep: those assigned to them)."""
    tickets = kind_for_collection("tickets")
    visible, _ = records.list_records(session=session, actor=actor, kind=tickets, filters=tickets.filter_schema(
        company_id=company_id, sort="-created_at", limit=50))
    return [t for t in visible if t.status in OPEN_TICKET_STATUSES][:limit]


def _ticket_lines(session, tickets: list[Ticket]) -> str:
    """ "#29 billing page … (pending, urgent, negative, Carla Rossi)": where each is and who has it ("is that ticket
    of theirs still open + who has it", "is that sync problem of theirs fixed yet?")."""
    staff = dict(session.execute(select(User.id, User.name).where(
        User.id.in_({t.assignee_id for t in tickets if t.assignee_id}))).all()) if tickets else {}
    return "; ".join(f"#{t.id} {t.subject[:60]} ({t.status}, {t.priority}, {t.sentiment_label or 'unscored'}, "
                     f"{staff.get(t.assignee_id, 'unassigned')})" for t in tickets)


@tool(extras={"examples": [
    "give me a summary of the Acme deal",
    "how is the Globex deal going",
    "what's the status of the Initech renewal",
    "deal summary for Umbrella",
    "where are we with Hooli",
    "brief me on the Stark expansion deal",
    "where do we stand on Acme's 50 seats",
    "Acme enterprise upgrade — status?",
    "pull up the Acme renewal",
    "summary of the Acme team plan expansion",
]})
def deal_summary(deal: str, runtime: ToolRuntime[ToolContext]) -> str:
    """Summarise one deal: stage and how long it has been there, amount, owner, contact, close date, next step, the last
    activities, and the open tickets (with customer sentiment) of the account.

    Args:
        deal: the deal's name, its company's name, or its id.
    """
    context = runtime.context
    with context.sessions() as session:
        try:
            # (a deal is also known by its contact: "andrés müller about the karoo salesforce add-on")
            matches = deals_of(session, context.caller.actor, deal) or deals_of_person(session, context.caller.actor, deal)
        except CRMError as exc:
            return f"Not allowed: {exc}"
        if not matches:
            return nothing_found(context.caller.actor, "deals", f"No deal matches {deal!r} (or none you may see).")
        record = matches[0]
        owner = session.get(User, record.owner_id) if record.owner_id else None
        company = session.get(Company, record.company_id) if record.company_id else None
        lines = [
            f"deal {record.id}: {record.name}" + (f" ({company.name})" if company else ""),
            f"stage: {record.stage}, for {_age(record.stage_changed_at, context.now())}",
            f"amount: {money(record.amount, record.currency)}",
            f"owner: {owner.name if owner else 'unassigned'}",
            f"contact: {line('contacts', contact).split(': ', 1)[1]} (contact {contact.id})"
            if (contact := record.contact_id and session.get(Contact, record.contact_id))
            else "contact: none recorded",
            f"expected close: {record.expected_close_date or 'not set'}" + _overdue(record, context.today),
            f"next step: {record.next_step or 'none recorded'}",
        ]
        if record.stage in ("closed_won", "closed_lost") and record.closed_reason:
            lines.append(f"{'won' if record.stage == 'closed_won' else 'lost'} because: {record.closed_reason}")
        activities = session.scalars(select(Activity).where(Activity.deal_id == record.id)
                                     .order_by(Activity.occurred_at.desc()).limit(3)).all()
        lines.append("recent activity: " + ("; ".join(map(_activity_said, activities)) or "none"))
        if record.company_id:
            lines.append("open tickets: " + (_ticket_lines(session, _open_tickets(session, context.caller.actor, record.company_id))
                                             or "none"))
        if len(matches) > 1:
            # with what tells look-alikes apart ("the bigger one"): stage and amount
            lines.append("other matches: " + ", ".join(f"deal {m.id} {m.name} ({m.stage}, {money(m.amount, m.currency)})"
                                                       for m in matches[1:4]))
        return "\n".join(lines)


def clipped(text: str, limit: int) -> str:
    """Text cut to a limit at a word's end, marked as cut ("… for the 50 seats …", not "… for the 5")."""
    return text if len(text) <= limit else text[:limit - 2].rsplit(" ", 1)[0].rstrip(" ,;:-") + " …"


def _activity_said(activity: Activity) -> str:
    """An activity with what it says, not only its subject: "what were their security team's questions again?" is
    answered by the e-mail's body."""
    said = (activity.subject or "")[:80]
    if activity.body and activity.body.strip() != said.strip():
        body = activity.body.strip().rstrip(".")
        body = clipped(body, ACTIVITY_BODY)
        said = f"{said} — {body}" if said else body
    return f"{activity.occurred_at:%Y-%m-%d} {activity.type}: {said}"


def _overdue(deal, today) -> str:
    """ " (overdue by 16 days)" for an open deal whose expected close date has passed: the question a manager asks."""
    if deal.stage not in OPEN_DEAL_STAGES or not deal.expected_close_date or deal.expected_close_date >= today:
        return ""
    days = (today - deal.expected_close_date).days
    return f" (overdue by {days} day{'s' if days != 1 else ''})"


@tool(extras={"examples": [
    "give me an overview of the Acme account",
    "account overview for Globex",
    "tell me everything about Initech",
    "what's going on with the Umbrella account",
    "prep me for my meeting with Hooli",
    "360 view of Stark Industries",
    "give me the rundown on Acme",
    "what's the full picture at Acme",
    "I have a call with Acme tomorrow, what should I know: deals, open issues?",
    "everything we've got on Globex",
]})
def account_overview(company: str, runtime: ToolRuntime[ToolContext], lost: bool = False) -> str:
    """One company at a glance: profile, owner, main contacts, open deals, deals won, open tickets with sentiment,
    and whether customer sentiment is getting worse.

    Args:
        company: the company's name, domain or id.
        lost: also the deals lost there, and why ("what did we lose there before?"); shown anyway when nothing is
            open or won.
    """
    context = runtime.context
    actor = context.caller.actor
    with context.sessions() as session:
        record, question = one(session, actor, "companies", company)
        record = record or company_of_person(session, actor, company)  # "Diego Novak": the account he works at
        if record is None:
            return question
        owner = session.get(User, record.owner_id) if record.owner_id else None
        lines = [line("companies", record),
                 f"account owner: {owner.name if owner else 'unassigned'}"]
        contacts = session.scalars(select(Contact).where(Contact.company_id == record.id).order_by(Contact.id).limit(5)).all()
        lines.append("contacts: " + ("; ".join(line("contacts", c).split(": ", 1)[1] for c in contacts) or "none"))
        deals = kind_for_collection("deals")
        readable, _ = records.list_records(session=session, actor=actor, kind=deals,
                                           filters=deals.filter_schema(company_id=record.id, limit=20))
        open_deals = [d for d in readable if d.stage in OPEN_DEAL_STAGES]
        lines.append("open deals: " + ("; ".join(line("deals", d) for d in open_deals[:5]) or "none")
                     + _added_up(open_deals, "open") + ("" if actor.role != "rep" else " (deals you own)"))
        # "what's our whole relationship with them?": the business already won, latest first
        won = sorted((d for d in readable if d.stage == "closed_won"), key=lambda d: d.closed_at.isoformat() if d.closed_at else "", reverse=True)
        # ... or that nothing has been won yet ("anything won?" is answered either way)
        lines.append("won deals: " + (_closed(won, "won") or "none") + _added_up(won, "won")
                     + ("" if actor.role != "rep" else " (deals you own)"))
        # "what did we lose there before + why?", and "what's our deal history with them?" when nothing is open or won
        lost_deals = sorted((d for d in readable if d.stage == "closed_lost"),
                            key=lambda d: d.closed_at.isoformat() if d.closed_at else "", reverse=True)
        if lost_deals and (lost or not open_deals and not won):
            lines.append("lost deals: " + _closed(lost_deals, "lost") + _added_up(lost_deals, "lost"))
        # "how many tickets do they have open": the count, and how many of them are shown
        tickets = _open_tickets(session, actor, record.id, limit=50)
        lines.append("open tickets: " + (_ticket_lines(session, tickets[:5]) or "none")
                     + (f" — {len(tickets)} open" if tickets else "") + (", the newest 5 shown" if len(tickets) > 5 else ""))
        trend = sentiment_trend(session=session, actor=actor, kind=kind_for_collection("companies"),
                                record_id=record.id, now=context.now())
        lines.append(f"sentiment, last 30 days: {sentiment_words(trend.recent)}; "
                     + ("WORSENING — " + trend.reason if trend.worsening else "not worsening"))
        return "\n".join(lines)


def _closed(deals: list, state: str) -> str:
    """The latest three closed deals, each with the day it was won (or lost, and why)."""
    return "; ".join(f"deal {d.id}: {d.name} — {money(d.amount, d.currency)}"
                     + (f", {state} {d.closed_at:%Y-%m-%d}" if d.closed_at else "")
                     + (f", reason: {d.closed_reason}" if state == "lost" and d.closed_reason else "") for d in deals[:3])


def _added_up(deals: list, state: str) -> str:
    """ "what do their open deals add up to?", "what have we sold them in total?": the sum, where every deal is in one
    currency."""
    if len(deals) < 2 or len({d.currency for d in deals}) != 1:
        return ""
    return f" — {len(deals)} {state} deals, {money(sum(d.amount for d in deals), deals[0].currency)} in all"


def sentiment_words(window) -> str:
    if not window.count:
        return "no scored messages"
    return (f"{window.count} scored message{'s' if window.count != 1 else ''}, average {window.average_score:+.2f}, "
            f"{window.negative_share:.0%} negative")
