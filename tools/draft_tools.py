"""Follow-up e-mails: the agent drafts, a person approves. Sending only happens through approve_draft (in the
conversation the draft was written in, after the person says so) or the drafts routes and Slack buttons."""

from __future__ import annotations

import re
from datetime import date

from langchain.tools import ToolRuntime, tool
from sqlalchemy import select

from crm_core import permissions, records
from crm_core.contacts.models import Contact
from crm_core.db import unit_of_work
from crm_core.deals.models import Deal
from crm_core.drafts import service as drafts
from crm_core.drafts.models import Draft
from crm_core.drafts.schemas import DraftCreate
from crm_core.enums import DraftStatus
from crm_core.errors import CRMError
from crm_core.kinds import kind_for_collection
from crm_core.tickets.models import Ticket
from tools.context import ToolContext
from tools.lookup import OPEN_DEAL_STAGES, OPEN_TICKET_STATUSES, deals_of, one, resolve

DEALS = kind_for_collection("deals")
TICKETS = kind_for_collection("tickets")

APPROVE_HINT = "Say \"send it\" to approve and send, or \"discard it\"; you can also edit it under /api/v1/drafts."


# "CFO at Juniper Ridge", "head of PMO at Tienda Azul" (the role may say "of"), "the CFO of Juniper Ridge"
# "the prairie wind ticket about the seat count": a ticket, named by its company and what it is about
A_TICKET = re.compile(r"\bticket\b", re.IGNORECASE)
NOT_A_TICKETS_WORD = re.compile(r"\b(?:the|that|this|their|his|her|a|an|ticket|about|re|regarding|on|not)\b", re.IGNORECASE)
ROLE_AT = re.compile(r"^(?:the\s+)?([\w &/-]{2,40})\s+(?:at|from)\s+(.+)$|^(?:the\s+)?([\w &/-]{2,40}?)\s+of\s+(.+)$",
                     re.IGNORECASE)


def _by_role(session, actor, to: str) -> tuple[Contact, None] | None:
    """ "CFO at Juniper Ridge": the one contact of that company whose title says the role."""
    if not (said := ROLE_AT.match(to.strip())):
        return None
    role, company = (said.group(1), said.group(2)) if said.group(1) else (said.group(3), said.group(4))
    companies = resolve(session, actor, "companies", company)
    if len(companies) != 1:
        return None
    role = role.lower()
    contacts = kind_for_collection("contacts")
    people, _ = records.list_records(session=session, actor=actor, kind=contacts, filters=contacts.filter_schema(
        company_id=companies[0].id, limit=100))
    holders = [p for p in people if p.title and re.search(rf"\b{re.escape(role)}\b", p.title.lower())]
    return (holders[0], None) if len(holders) == 1 else None


def _recipient(session, actor, to: str, about: str | None):
    """(contact, deal, question): the person to write to, and the deal the e-mail is about, if any."""
    deal = None
    if about:
        found = deals_of(session, actor, about)
        deal = found[0] if found else None
    if A_TICKET.search(to):  # "whoever opened the prairie wind ticket about the seat count": who raised it
        ticket, _ = one(session, actor, "tickets", " ".join(NOT_A_TICKETS_WORD.sub(" ", to).split()))
        if ticket is not None and ticket.contact_id and (contact := session.get(Contact, ticket.contact_id)):
            return contact, deal or _their_deal(session, actor, contact), None
    contact, question = _by_role(session, actor, to) or one(session, actor, "contacts", to)
    # "the Nordvik renewal is signed, a thank-you to Tomasz": Nordvik's Tomasz; "draft ibrahim a note" after his
    # company's refund ticket: that company's Ibrahim
    if contact is None and (company_id := deal.company_id if deal is not None else _company_of(session, actor, about)):
        at_company = [c for c in resolve(session, actor, "contacts", to) if c.company_id == company_id]
        contact = at_company[0] if len(at_company) == 1 else None
    if contact is None:
        found = deals_of(session, actor, to)  # "follow up with Acme": the deal's contact
        if found:
            deal = deal or found[0]
            contact = session.get(Contact, deal.contact_id) if deal.contact_id else None
        else:
            for company in resolve(session, actor, "companies", to)[:1]:
                contact = session.scalar(select(Contact).where(Contact.company_id == company.id,
                                                               Contact.email.is_not(None)).order_by(Contact.id))
        if contact is None:  # "draft whoever raised the 'is orbitly down?' ticket a note": the ticket's contact
            ticket, _ = one(session, actor, "tickets", to)
            contact = session.get(Contact, ticket.contact_id) if ticket is not None and ticket.contact_id else None
        if contact is None:
            return None, None, question
    return contact, deal or _their_deal(session, actor, contact), None


def _company_of(session, actor, about: str | None) -> int | None:
    """The company of the ticket or company an e-mail is about, when exactly one is meant."""
    if not about:
        return None
    for collection in ("tickets", "companies"):
        if len(found := resolve(session, actor, collection, about)) == 1:
            return found[0].company_id if collection == "tickets" else found[0].id
    return None


def _ticket_about(session, actor, about: str | None, contact: Contact) -> Ticket | None:
    """The ticket an e-mail is about ("draft ibrahim a reply" on ticket 109): one of the contact's company's tickets,
    named so that no deal is meant."""
    if not about or deals_of(session, actor, about):
        return None
    found = resolve(session, actor, "tickets", about)
    if len(found) != 1 or not (found[0].contact_id == contact.id or contact.company_id and found[0].company_id == contact.company_id):
        return None
    return found[0]


def _their_deal(session, actor, contact: Contact) -> Deal | None:
    """The contact's own deal, if the caller may see one (open first)."""
    found, _ = records.list_records(session=session, actor=actor, kind=DEALS, filters=DEALS.filter_schema(
        contact_id=contact.id, sort="-updated_at", limit=5))
    return next((d for d in found if d.stage in OPEN_DEAL_STAGES), found[0] if found else None)


def compose(contact: Contact, deal: Deal | None, ticket: Ticket | None, purpose: str | None, sender: str,
            points: list[str] | None = None, today: date | None = None, on_ticket: bool = False) -> tuple[str, str]:
    """Subject and body from the record's facts (what the offline model writes; an LLM may pass its own), with the
    sentences the sender asked it to say. An e-mail on a ticket (`on_ticket`) follows up on that ticket, not on a
    deal."""
    topic = purpose.strip().rstrip(".") if purpose else f"your ticket #{ticket.id} ({ticket.subject})" if on_ticket and ticket \
        else (deal.name if deal else "our conversation")
    lines = [f"Hi {contact.first_name},", ""]
    if purpose or deal or on_ticket or not points:
        lines.append(f"Following up on {topic}." if purpose or deal or on_ticket else "Thanks again for your time.")
    lines += [p.strip() for p in points or [] if p.strip()]
    # An e-mail whose sender said what it says does not go on to the deal's stored next step (an internal note: "present
    # pilot results to VP Engineering" is not for the customer) or its forecast date, nor to another open ticket
    if deal and not points:
        lines += _where_the_deal_stands(deal, today or date.today())
    if ticket and not on_ticket and (not points or _touches(purpose, ticket.subject)):
        lines.append(f"I also saw your ticket #{ticket.id} ({ticket.subject}) is still open; our support team is on it.")
    lines += ["", "Let me know if you have any questions.", "", "Best regards,", sender]
    return f"Following up: {topic.split(' - ')[0]}"[:300], "\n".join(lines)  # the subject: what it is about, not the point


def _touches(purpose: str | None, name: str) -> bool:
    """Whether an e-mail's purpose is about the record of this name (no purpose: whatever the record is)."""
    words = lambda text: {w for w in re.findall(r"\w+", text.lower()) if len(w) >= 4}
    return purpose is None or bool(words(purpose) & words(name))


def _where_the_deal_stands(deal: Deal, today: date) -> list[str]:
    """The deal's next step and decision date, said only while they are still true: a won deal gets thanks, a lost
    one nothing, and a decision date that has passed is asked again rather than promised."""
    if deal.stage == "closed_won":
        return ["Thank you again for choosing us; we're looking forward to working together."]
    if deal.stage not in OPEN_DEAL_STAGES:
        return []
    lines = [f"As agreed, the next step is: {deal.next_step[0].lower() + deal.next_step[1:]}."] if deal.next_step else []
    if deal.expected_close_date and deal.expected_close_date >= today:
        lines.append(f"We're still working towards {deal.expected_close_date:%B %-d} for a decision.")
    elif deal.expected_close_date:
        lines.append("Could we agree on a new date for a decision?")
    return lines


def _addressee(session, draft: Draft) -> str:
    """ "Grace Costa <grace.costa@dasol-learning.example>": who the draft is to, by name when it is to a contact (so
    "call her instead" after a draft is about that person)."""
    contact = session.get(Contact, draft.contact_id) if draft.contact_id else None
    name = f"{contact.first_name or ''} {contact.last_name or ''}".strip() if contact else ""
    return f"{name} <{draft.to_email}>" if name else draft.to_email


@tool(response_format="content_and_artifact", extras={"examples": [
    "draft a follow-up email to Jane Doe",
    "write a follow up to Acme about the proposal",
    "draft an email to the Globex contact about next steps",
    "prepare a follow-up for jane@acme.example",
    "can you draft a thank-you note to Initech after today's call",
    "compose a follow-up email for the Umbrella deal",
]})
def draft_follow_up(to: str, runtime: ToolRuntime[ToolContext], about: str | None = None,
                    purpose: str | None = None, points: list[str] | None = None, subject: str | None = None,
                    body: str | None = None) -> tuple[str, dict]:
    """Draft a follow-up e-mail to a contact. It is stored as a draft for the user to approve; nothing is sent.
    Without subject/body, the e-mail is composed from the CRM facts (the deal's next step and close date, open
    tickets).

    Args:
        to: the contact (name, e-mail or id), or a company, deal or ticket whose contact should get it.
        about: the deal it is about, if not the contact's latest deal; or the ticket or company it follows up on
            (which tells look-alike contacts apart).
        purpose: one line on what the e-mail is for, e.g. "the revised quote".
        points: sentences the e-mail must say, written to the recipient, e.g. ["The fix ships on Thursday.",
            "Thank you for your patience."].
        subject: your own subject line (optional).
        body: your own e-mail text (optional).
    """
    context = runtime.context
    actor = context.caller.actor
    try:
        drafts.ensure_can_draft(actor)
        with unit_of_work(context.sessions) as session:
            contact, deal, question = _recipient(session, actor, to, about)
            if contact is None:
                return question, {}
            if not contact.email:
                return f"{contact.first_name} {contact.last_name} has no e-mail address on file; add one first.", {}
            if on_ticket := _ticket_about(session, actor, about, contact):
                deal = None  # a reply on their ticket is not a follow-up on their deal
            # Only a ticket the caller may read: a rep's draft must not tell of a colleague's or an unassigned one.
            ticket = on_ticket or session.scalar(select(Ticket).where(Ticket.contact_id == contact.id,
                                                         Ticket.status.in_(OPEN_TICKET_STATUSES),
                                                         permissions.readable_clause(actor, TICKETS))
                                    .order_by(Ticket.id.desc()))
            composed_subject, composed_body = compose(contact, deal, ticket, purpose, actor.name, points, context.today,
                                                      on_ticket=on_ticket is not None)
            draft = drafts.create_draft(session=session, actor=actor, data=DraftCreate(
                to_email=contact.email, subject=subject or composed_subject, body=body or composed_body,
                contact_id=contact.id, deal_id=deal.id if deal else None, conversation_id=context.conversation_id))
            # The artifact lets a channel offer its own approve/edit/discard controls (Slack buttons).
            return (f"Draft {draft.id} to {_addressee(session, draft)} — subject: {draft.subject}\n\n{draft.body}\n\n{APPROVE_HINT}",
                    {"draft_id": draft.id})
    except CRMError as exc:
        return f"No draft written: {exc}", {}


def _this_conversations_draft(session, context: ToolContext, draft_id: int | None) -> tuple[Draft | None, str | None]:
    """Only a draft written in this conversation can be decided here: nobody can be talked into sending another."""
    waiting = (Draft.status == DraftStatus.draft) | ((Draft.status == DraftStatus.approved) & Draft.send_error.is_not(None))
    statement = select(Draft).where(Draft.conversation_id == context.conversation_id, waiting)
    if draft_id is not None:
        statement = statement.where(Draft.id == draft_id)
    draft = session.scalar(statement.order_by(Draft.id.desc()))
    if draft is None:
        which = f"draft {draft_id} waiting" if draft_id is not None else "draft waiting"
        return None, f"There is no {which} for approval in this conversation (decide others under /api/v1/drafts)."
    return draft, None


@tool(extras={"examples": [
    "yes, send it",
    "looks good, send the email",
    "approve the draft",
    "send draft 4",
    "ok send",
]})
def approve_draft(runtime: ToolRuntime[ToolContext], draft_id: int | None = None) -> str:
    """Send a draft written in this conversation, after the user approved it (they said to send it).

    Args:
        draft_id: which draft; default: the latest one of this conversation.
    """
    context = runtime.context
    try:
        with unit_of_work(context.sessions) as session:
            draft, question = _this_conversations_draft(session, context, draft_id)
            if draft is None:
                return question
            drafts.approve(session=session, actor=context.caller.actor, draft_id=draft.id, mailer=context.mailer)
            if draft.status is DraftStatus.sent:
                return f"Sent draft {draft.id} to {draft.to_email} ({draft.sent_via})."
            return f"Draft {draft.id} is approved but could not be sent: {draft.send_error}. Approve it again to retry."
    except CRMError as exc:
        return f"Not sent: {exc}"


@tool(extras={"examples": [
    "no, discard it",
    "delete that draft",
    "don't send it",
    "scrap the email",
    "discard draft 4",
]})
def discard_draft(runtime: ToolRuntime[ToolContext], draft_id: int | None = None) -> str:
    """Discard a draft written in this conversation (it is kept for the record, marked discarded, never sent).

    Args:
        draft_id: which draft; default: the latest one of this conversation.
    """
    context = runtime.context
    try:
        with unit_of_work(context.sessions) as session:
            draft, question = _this_conversations_draft(session, context, draft_id)
            if draft is None:
                return question
            drafts.discard(session=session, actor=context.caller.actor, draft_id=draft.id)
            return f"Discarded draft {draft.id} to {_addressee(session, draft)}; nothing was sent."
    except CRMError as exc:
        return f"Not discarded: {exc}"
