"""Write tools: change deals, tickets and contacts, log activities, create follow-up tasks.

Every change goes through the crm_core services with the caller's actor (permissions are checked again there),
in one transaction, audited with via=agent; the reply names the audit entry, so a person can undo it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Literal

from langchain.tools import ToolRuntime, tool
from sqlalchemy import select

from crm_core import records
from crm_core.audit.models import AuditEntry
from crm_core.contacts.models import Contact
from crm_core.db import unit_of_work
from crm_core.deals.models import PipelineStage
from crm_core.enums import ActivityType, Direction, LifecycleStage, Priority, RecordType, Role, TicketCategory, TicketStatus
from crm_core.errors import CRMError
from crm_core.kinds import kind_for_collection
from crm_core.pipeline import service as pipeline
from crm_core.users.models import User
from tools.context import ToolContext
from tools.crm_tools import clipped, line
from tools.lookup import display_name, one

REFERENCE_ORDER = ("deals", "companies", "contacts", "tickets")


def _write(context: ToolContext, change: Callable) -> str:
    """Run ``change(session)`` in one transaction; a refusal (permission, validation, conflict) changes nothing."""
    try:
        with unit_of_work(context.sessions) as session:
            return change(session)
    except CRMError as exc:
        return f"Nothing changed: {exc}"


def _audit_note(session, entity: str, record_id: int) -> str:
    entry = session.scalar(select(AuditEntry.id).where(AuditEntry.entity == entity, AuditEntry.entity_id == record_id)
                           .order_by(AuditEntry.id.desc()))
    return f" (audit entry {entry}; undo: POST /api/v1/audit/{entry}/undo)" if entry else ""


def _update(context: ToolContext, collection: str, reference: str, changes: dict) -> str:
    changes = {k: v for k, v in changes.items() if v is not None}
    if not changes:
        return "Nothing to change: say what should change (e.g. the stage, amount, close date or next step)."
    actor = context.caller.actor
    kind = kind_for_collection(collection)

    def change(session) -> str:
        record, question = one(session, actor, collection, reference, by_contact=True)
        if record is None and question.startswith("No ") and actor.role is Role.rep and not kind.readable_by_reps:
            # A colleague's record is not shown to a rep at all, so "not found" may mean "not yours": say so, without
            # saying whether it exists.
            return f"{question} A rep can change only their own {kind.plural} (and sees only those); if it is a " \
                   f"colleague's, they or a manager can make this change."
        if record is None:
            return question
        if collection == "deals" and (held := _closed_stage_kept(session, record, changes, reference)):
            return held
        if collection == "tickets" and (held := _closed_ticket_kept(record, changes, reference)):
            return held
        before = {field: getattr(record, field) for field in changes}
        asked = kind.update_schema(version=record.version, **changes)
        # What is already so is not written (no audit entry, no version bump) but said, so nobody thinks it changed
        already = [field for field in changes if _plain(getattr(asked, field)) == _plain(before[field])]
        kept = "; ".join(f"{field.replace('_', ' ')} {_shown(before[field])}" for field in already)
        if len(already) == len(changes):
            return f"Nothing changed: {kind.entity.value} {record.id} ({display_name(record)}) already has {kept}."
        changed = [field for field in changes if field not in already]
        records.update(session=session, actor=actor, kind=kind, record_id=record.id,
                       data=kind.update_schema(version=record.version, **{f: changes[f] for f in changed}))
        described = "; ".join(_change_said(session, field, before[field], getattr(record, field)) for field in changed)
        return f"Updated {kind.entity.value} {record.id} ({display_name(record)}): {described}." + \
            (f" Already so: {kept}." if already else "") + _audit_note(session, kind.entity.value, record.id)

    return _write(context, change)


BY_ID = re.compile(r"^\s*(?:deal|ticket)?\s*#?(\d+)\s*$", re.IGNORECASE)


def _closed_stage_kept(session, deal, changes: dict, reference: str) -> str | None:
    """A closed deal's stage changes only when the deal is named by its id: a name can match a won deal as well as
    the open one that was meant, and reopening (or flipping won/lost) by a loose match rewrites the books."""
    stage = session.get(PipelineStage, deal.stage)
    asked = changes.get("stage")
    if asked is None or asked == deal.stage or stage is None or not stage.is_closed:
        return None
    named = BY_ID.match(str(reference))
    if named and int(named.group(1)) == deal.id:
        return None
    closed = f" since {deal.closed_at:%Y-%m-%d}" if deal.closed_at else ""
    return (f"Nothing changed: deal {deal.id} ({display_name(deal)}) is {deal.stage}{closed}. A closed deal's stage "
            f"changes only when the deal is named by its id, so that a similar name cannot reopen the wrong one: if "
            f"this is the deal you mean, say \"move deal {deal.id} to {asked}\".")


def _closed_ticket_kept(ticket, changes: dict, reference: str) -> str | None:
    """A solved or closed ticket is reopened only when it is named by its id, as a closed deal is: words can match a
    closed ticket about something else ("the wattlebird AP system one" found an old invoices ticket)."""
    asked = changes.get("status")
    if asked is None or str(ticket.status) not in ("solved", "closed") or str(asked) in ("solved", "closed"):
        return None
    named = BY_ID.match(str(reference))
    if named and int(named.group(1)) == ticket.id:
        return None
    return (f"Nothing changed: ticket {ticket.id} ({display_name(ticket)}) is {ticket.status}. A solved or closed ticket "
            f"is reopened only when it is named by its id, so that similar words cannot reopen the wrong one: if this "
            f"is the ticket you mean, say \"set ticket {ticket.id} to {asked}\".")


def _change_said(session, field: str, before, after) -> str:
    """ "stage proposal → negotiation"; an owner by name: "owner Bob Okafor → Alice Chen"."""
    if field == "owner_id":
        names = dict(session.execute(select(User.id, User.name).where(User.id.in_({before, after} - {None}))).all())
        return f"owner {names.get(before, '(none)')} → {names.get(after, '(none)')}"
    return f"{field.replace('_', ' ')} {_shown(before)} → {_shown(after)}"


def _plain(value):
    """A value as stored, for comparing what is asked with what is there (an enum by its value, 24300.0 as 24300)."""
    value = getattr(value, "value", value)
    return Decimal(str(value)) if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool) else value


def _shown(value) -> str:
    if value is None or value == "":
        return "(none)"
    if isinstance(value, Decimal):
        return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"
    return str(value)


@tool(extras={"examples": [
    "move the Acme deal to negotiation",
    "set the Globex deal amount to 85k",
    "push the close date of the Initech deal to March 15",
    "update next step on Umbrella: send the revised quote",
    "mark the Hooli deal as closed won",
    "change the stage of deal 12 to proposal",
    "we lost the Stark deal",
    "move Acme to qualification",
    "Acme deal: amount is now 24,300 and close end of January",
    "the Acme one, make it Jan 20",
    "bump the Acme deal to 90k",
]})
def update_deal(deal: str, runtime: ToolRuntime[ToolContext], stage: str | None = None, amount: float | None = None,
                expected_close_date: date | None = None, next_step: str | None = None, owner: str | None = None) -> str:
    """Change a deal's stage, amount, expected close date, next step or owner. Give only what changes.

    Args:
        deal: the deal's name, its company's name, or its id.
        stage: a pipeline stage key: prospecting, qualification, proposal, negotiation, closed_won, closed_lost.
            A closed deal's stage (reopening it, or won ↔ lost) changes only when the deal is given by its id: ask the
            person first.
        amount: the new amount, in the deal's currency.
        expected_close_date: the new expected close date (YYYY-MM-DD).
        next_step: what happens next, in a few words.
        owner: the colleague who takes the deal over (full name, first name or e-mail); only a manager or an admin
            may hand a deal to someone else.
    """
    owner_id = None
    if owner:
        try:
            with runtime.context.sessions() as session:
                owner_id = pipeline.owner_ids(session, [owner])[0]
        except CRMError as exc:
            return f"Nothing changed: I can't tell who should own it: {exc}"
    return _update(runtime.context, "deals", deal, {"stage": stage, "amount": amount, "owner_id": owner_id,
                                                   "expected_close_date": expected_close_date, "next_step": next_step})


@tool(extras={"examples": [
    "mark ticket 42 as solved",
    "set ticket #17 to urgent",
    "close ticket 88",
    "change the priority of ticket 12 to high",
    "ticket 30 is a billing issue",
    "put ticket 55 on pending",
    "escalate ticket 12 to urgent",
    "set ticket 28 to pending, we are waiting on them",
    "ticket 31 should be high priority",
    "mark the Acme login ticket as solved",
]})
def update_ticket(ticket: str, runtime: ToolRuntime[ToolContext], status: TicketStatus | None = None,
                  priority: Priority | None = None, category: TicketCategory | None = None) -> str:
    """Change a ticket's status, priority or category. Give only what changes.

    Args:
        ticket: the ticket's id ("42") or subject.
        status: new, open, pending, solved or closed. A solved or closed ticket is reopened only when it is given by
            its id: ask the person first.
        priority: low, normal, high or urgent.
        category: billing, bug, how_to, account, outage, feature_request or other.
    """
    return _update(runtime.context, "tickets", ticket, {"status": status, "priority": priority, "category": category})


@tool(extras={"examples": [
    "update Jane Doe's title to VP Engineering",
    "change the phone number of jane@acme.example to +1 415 555 0100",
    "Priya's new email is priya@globex.example",
    "mark contact 17 as a customer",
    "set Tom Baker's job title to CFO",
    "Jane got promoted to CEO, update her title",
    "Jane Doe moved to a new number: +44 20 7946 0000",
]})
def update_contact(contact: str, runtime: ToolRuntime[ToolContext], email: str | None = None, phone: str | None = None,
                   title: str | None = None, lifecycle_stage: LifecycleStage | None = None) -> str:
    """Change a contact's e-mail, phone, job title or lifecycle stage. Give only what changes.

    Args:
        contact: the contact's name, e-mail or id.
        email: the new e-mail address.
        phone: the new phone number.
        title: the new job title.
        lifecycle_stage: subscriber, lead, mql, sql, opportunity, customer or churned.
    """
    return _update(runtime.context, "contacts", contact,
                   {"email": email, "phone": phone, "title": title, "lifecycle_stage": lifecycle_stage})


NAMES_ITS_KIND = re.compile(r"\b(ticket|deal|account|company)(?:\s+itself)?\s*$", re.IGNORECASE)
KIND_NAMED = {"ticket": "tickets", "deal": "deals", "account": "companies", "company": "companies"}


def _find_any(session, actor, reference: str, collection: str | None) -> tuple[str | None, object | None, str | None]:
    """(collection, record, question) for a reference to a deal, company, contact or ticket."""
    order = REFERENCE_ORDER
    # "the wattlebird 'charged twice' ticket"; "the dasol account itself" (not its deal)
    if not collection and (kind := NAMES_ITS_KIND.search(reference)):
        named = KIND_NAMED[kind.group(1).lower()]
        order = [named, *(n for n in REFERENCE_ORDER if n != named)]
    for name in ([collection] if collection else order):
        # A deal asked for by its contact's name ("log the call with Gabriel Rahman on the deal"): his deal
        record, question = one(session, actor, name, reference, by_contact=collection == "deals")
        if record is not None:
            return name, record, None
        if question and not question.startswith("No "):
            if name == "deals" and not collection:
                # "log a call with Polderlink" when Polderlink has several deals: the company is what was named.
                company, _ = one(session, actor, "companies", reference)
                if company is not None:
                    return "companies", company, None
            return None, None, question  # ambiguous: ask rather than guess
    return None, None, f"Nothing matches {reference!r} (or nothing you may see)."


def _links(collection: str, record) -> dict:
    """Foreign keys of an activity about this record (a deal's activity also shows on its company and contact)."""
    if collection == "deals":
        return {"deal_id": record.id, "company_id": record.company_id, "contact_id": record.contact_id}
    if collection == "tickets":
        return {"ticket_id": record.id, "company_id": record.company_id, "contact_id": record.contact_id}
    if collection == "contacts":
        return {"contact_id": record.id, "company_id": record.company_id}
    return {"company_id": record.id}


def _person_named_in(session, summary: str, company_id: int | None) -> int | None:
    """The one person of the company whom the summary names in full (first and last name), if any."""
    if company_id is None:
        return None
    said = " ".join(summary.lower().split())
    named = [i for i, first, last in session.execute(select(Contact.id, Contact.first_name, Contact.last_name).where(
        Contact.company_id == company_id)).all() if first and last and f"{first} {last}".lower() in said]
    return named[0] if len(named) == 1 else None


@tool(extras={"examples": [
    "log a call with Acme: they want a discount",
    "note on the Globex deal: legal review done",
    "I just had a meeting with Initech about the rollout",
    "add a note to Jane Doe: prefers email",
    "record that I emailed Umbrella the quote",
    "log call with Hooli, pricing discussed",
    "log a call on the Acme deal: they want to phase the rollout",
    "had a meeting with Jane Doe today, she wants a demo for her team",
]})
def log_activity(record: str, type: ActivityType, summary: str, runtime: ToolRuntime[ToolContext],
                 collection: Literal["deals", "companies", "contacts", "tickets"] | None = None) -> str:
    """Log a call, meeting, e-mail or note on the timeline of a deal, company, contact or ticket.

    Args:
        record: the deal, company, contact or ticket it is about (name, e-mail or id).
        type: call, meeting, email or note.
        summary: what happened, in the user's words.
        collection: the kind of record, when known (deals, companies, contacts, tickets).
    """
    context = runtime.context
    actor = context.caller.actor
    activities = kind_for_collection("activities")

    def change(session) -> str:
        found_in, target, question = _find_any(session, actor, record, collection)
        if target is None:
            return question
        direction = Direction.internal if type is ActivityType.note else Direction.outbound
        links = _links(found_in, target)
        # "off the phone with Diego Novak (CFO) … log the call on the deal": his too (a note on a contact stays that
        # contact's, whoever it names: "… while she's out benjamin johansson signs off")
        if found_in != "contacts" and (spoke := _person_named_in(session, summary, links.get("company_id"))) is not None:
            links["contact_id"] = spoke
        activity = records.create(session=session, actor=actor, kind=activities, data=activities.create_schema(
            type=type, subject=clipped(summary.strip(), 120), body=summary.strip(), direction=direction,
            owner_id=actor.user_id, **links))
        return (f"Logged {type.value} on {line(found_in, target).split(' — ')[0]}: {activity.subject}."
                + _audit_note(session, "activity", activity.id))

    return _write(context, change)


@tool(extras={"examples": [
    "remind me to call Acme next Friday",
    "create a task to send the contract to Globex tomorrow",
    "add a follow-up for Initech in 2 weeks",
    "set a reminder: check in with Jane on Monday",
    "todo: prepare the QBR deck for Umbrella by end of month",
    "remind me in 2 weeks to review the forecast",
    "remind me to follow up with Jane Doe next Friday",
]})
def create_task(title: str, runtime: ToolRuntime[ToolContext], due_date: date | None = None,
                about: str | None = None) -> str:
    """Create a follow-up task (a reminder) for the user, optionally due on a date and about a record.

    Args:
        title: what to do, short.
        due_date: when it is due (YYYY-MM-DD).
        about: the deal, company, contact or ticket it follows up on (name, e-mail or id).
    """
    context = runtime.context
    actor = context.caller.actor
    tasks = kind_for_collection("tasks")

    def change(session) -> str:
        link = {}
        label = ""
        if about:
            found_in, target, question = _find_any(session, actor, about, None)
            if target is None and not question.startswith("Nothing matches"):
                return question  # several records match: ask which
            if target is not None:  # nothing matches ("with Carla", a colleague): a task without a link
                link = {"related_type": RecordType(kind_for_collection(found_in).entity.value), "related_id": target.id}
                label = f" about {line(found_in, target).split(' — ')[0]}"
        task = records.create(session=session, actor=actor, kind=tasks, data=tasks.create_schema(
            title=title.strip()[:300], due_date=due_date, owner_id=actor.user_id, **link))
        due = f", due {task.due_date:%a %Y-%m-%d}" if task.due_date else ""
        return f"Created task {task.id}: {task.title}{label}{due}." + _audit_note(session, "task", task.id)

    return _write(context, change)
