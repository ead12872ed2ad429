"""Support tools for customers in the chat: open a ticket, and hand the conversation to a person.

The contact is the *verified* visitor (from the runtime context), never an e-mail from the arguments: an
unverified address is kept as reply-to text only, so nobody can file tickets as someone else.
"""

from __future__ import annotations

import re

from langchain.tools import ToolRuntime, tool
from langchain_core.messages import AIMessage, HumanMessage
from sqlalchemy import select

from crm_core import records
from crm_core.contacts.models import Contact
from crm_core.db import unit_of_work
from crm_core.enums import TicketChannel, TicketStatus
from crm_core.events import service as events
from crm_core.kinds import kind_for_collection
from crm_core.tickets.models import Ticket
from tools.context import ToolContext

TICKETS = kind_for_collection("tickets")
TRANSCRIPT_MESSAGES = 20
MY_TICKETS = 10


def _contact_id(session, context: ToolContext) -> int | None:
    email = context.caller.visitor_email
    if email is None:
        return None
    return session.scalar(select(Contact.id).where(Contact.email == email))


def _transcript(runtime: ToolRuntime) -> str:
    lines = []
    for message in (runtime.state or {}).get("messages", [])[-TRANSCRIPT_MESSAGES:]:
        if isinstance(message, HumanMessage):
            lines.append(f"customer: {message.content}")
        elif isinstance(message, AIMessage) and message.content:
            lines.append(f"assistant: {message.content}")
    return "\n".join(lines)


def _turns(runtime: ToolRuntime) -> int:
    return sum(isinstance(m, HumanMessage) for m in (runtime.state or {}).get("messages", []))


TRANSCRIPT_START = re.compile(r"\n\n(?=(?:customer|assistant): )")


def _with_transcript(text: str, transcript: str) -> str:
    return (f"{text}\n\n{transcript}" if transcript else text)[:20000]


def _own_text(description: str | None) -> str:
    """A ticket's description without the transcript a handoff or chat appended (which a new handoff replaces)."""
    return TRANSCRIPT_START.split(description or "", maxsplit=1)[0]


@tool(extras={"examples": [
    "please open a ticket for this",
    "I want to report a bug",
    "can you file a support request",
    "log a ticket: our export keeps failing",
    "create a ticket about the billing error",
    "please open a ticket: our scheduled export writes empty files since Friday",
    "file a support request please, our sync stopped on Tuesday",
    "can you log a ticket for us, our invoices need our PO number",
]})
def create_ticket(subject: str, description: str, runtime: ToolRuntime[ToolContext],
                  reply_to_email: str | None = None) -> str:
    """Open a support ticket for the person you are talking to. Use it when they ask for one or report a
    problem the help centre cannot solve.

    Args:
        subject: a short title in the customer's words.
        description: what happened, what they expected, anything they told you.
        reply_to_email: where an anonymous visitor wants the answer (kept as text, not trusted as identity).
    """
    context = runtime.context
    # What was said before the request comes along, so whoever picks the ticket up need not ask again ("please
    # request the extension for us then" says little on its own)
    earlier = _transcript(runtime) if _turns(runtime) > 1 else ""
    with unit_of_work(context.sessions) as session:
        note = f"\n\nReply-to (given in chat, not verified): {reply_to_email}" if reply_to_email else ""
        ticket = records.create(session=session, actor=context.caller.actor, kind=TICKETS, data=TICKETS.create_schema(
            subject=subject[:300], description=_with_transcript(description + note, earlier), channel=TicketChannel.web,
            contact_id=_contact_id(session, context), conversation_id=context.conversation_id))
        return f"Created ticket #{ticket.id}: {ticket.subject} (status {ticket.status}, priority {ticket.priority})."


@tool(response_format="content_and_artifact", extras={"examples": [
    "I want to talk to a human",
    "can I speak to a person",
    "get me a real agent please",
    "this isn't helping, escalate this",
    "yes please pass it to your team",
    "connect me with support staff",
    "is there someone on your team I could speak with directly",
    "can someone from support look at it",
]})
def handoff_to_human(reason: str, runtime: ToolRuntime[ToolContext]) -> tuple[str, dict]:
    """Hand the conversation to a person: files (or updates) this conversation's ticket with the transcript and
    alerts the team. Use it when the customer asks for a person, or accepts your offer after you could not help.

    Args:
        reason: one line on why a person is needed.
    """
    context = runtime.context
    transcript = _transcript(runtime)
    with unit_of_work(context.sessions) as session:
        # The same caller's ticket only: a conversation id is chosen by the client, so someone else's id must
        # not reach another customer's ticket.
        contact_id = _contact_id(session, context)
        existing = session.scalar(select(Ticket).where(
            Ticket.conversation_id == context.conversation_id,
            Ticket.contact_id == contact_id if contact_id is not None else Ticket.contact_id.is_(None))
            .order_by(Ticket.id.desc()))
        if existing is not None and existing.status not in (TicketStatus.solved, TicketStatus.closed):
            # This conversation's own ticket: a visitor may not read tickets through the services, but may add to
            # the one their conversation opened. The change is audited like any other (the listener on flush).
            records.bind_actor(session, context.caller.actor)
            existing.status = TicketStatus.open
            existing.description = _with_transcript(f"{reason}\n\n{_own_text(existing.description)}", transcript)
            records.flush(session, TICKETS, existing)
            ticket = existing
        else:
            ticket = records.create(session=session, actor=context.caller.actor, kind=TICKETS, data=TICKETS.create_schema(
                subject=f"Chat handoff: {reason}"[:300], description=_with_transcript(reason, transcript),
                channel=TicketChannel.web, contact_id=contact_id, conversation_id=context.conversation_id))
        events.emit(session=session, kind="conversation.handoff", payload={
            "ticket_id": ticket.id, "conversation_id": context.conversation_id, "reason": reason,
            "caller": context.caller.label})
        text = (f"I've passed this to our team (ticket #{ticket.id}); a person will reply here or by e-mail. "
                "You can keep writing in the meantime.")
        return text, {"handoff": True, "ticket_id": ticket.id}


@tool(extras={"examples": [
    "what's the status of my ticket",
    "any update on my support request",
    "show my open tickets",
    "has my issue been solved yet",
    "what happened to ticket 42 I opened",
    "where is our refund, this is the third time I'm asking",
    "has anyone looked at my question yet",
]})
def my_tickets(runtime: ToolRuntime[ToolContext], ticket_id: int | None = None) -> str:
    """The tickets of the verified customer you are talking to (never anyone else's), newest first.

    Args:
        ticket_id: one ticket's id, when they ask about a specific one.
    """
    context = runtime.context
    email = context.caller.visitor_email
    if email is None:  # only a verified visitor has tickets to show; the registry does not offer it otherwise
        return "I can show tickets only to a signed-in customer."
    with context.sessions() as session:
        contact_ids = select(Contact.id).where(Contact.email == email)
        statement = select(Ticket).where(Ticket.contact_id.in_(contact_ids))
        if ticket_id is not None:
            statement = statement.where(Ticket.id == ticket_id)
        tickets = session.scalars(statement.order_by(Ticket.created_at.desc()).limit(MY_TICKETS)).all()
        if not tickets:
            return (f"Ticket {ticket_id} is not one of your tickets." if ticket_id is not None
                    else "You have no tickets with us.")
        return "\n".join(f"ticket {t.id}: {t.subject} — status {t.status}, opened {t.created_at:%Y-%m-%d}"
                         + (f", solved {t.solved_at:%Y-%m-%d}" if t.solved_at else "") for t in tickets)
