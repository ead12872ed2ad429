"""A person answers a handed-off web chat, from the REST API or from the handoff's Slack thread: the reply is
recorded on the conversation's ticket (an audited outbound chat activity), joins the conversation's memory and
appears in the visitor's open chat."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from crm_core import records
from crm_core.activities.schemas import ActivityCreate
from crm_core.actor import Actor
from crm_core.contacts.models import Contact
from crm_core.db import unit_of_work
from crm_core.enums import ActivityType, Direction
from crm_core.errors import NotFound
from crm_core.kinds import ACTIVITIES
from crm_core.tickets import service as tickets
from crm_core.tickets.models import Ticket


def visitor_thread(email: str | None) -> str:
    """The memory thread prefix of a web visitor: a verified visitor's conversations are theirs alone."""
    return f"visitor-{email or 'anonymous'}:"


@dataclass(frozen=True)
class Answered:
    conversation_id: str
    ticket_id: int
    activity_id: int
    delivered: int  # open chats of the visitor that showed it at once


def answer_handoff(*, sessions, runtime, live, actor: Actor, conversation_id: str, text: str) -> Answered:
    """Only a conversation that was handed to a person (it has a ticket) can be answered: by whoever it is
    assigned to (or anyone who may see it), and an unassigned one becomes the answerer's (NotFound /
    PermissionDenied otherwise)."""
    with unit_of_work(sessions) as session:
        ticket = session.scalar(select(Ticket).where(Ticket.conversation_id == conversation_id)
                                .order_by(Ticket.id.desc()))
        if ticket is None:
            raise NotFound("handed-off conversation", conversation_id)
        tickets.claim_for_reply(session=session, actor=actor, ticket=ticket)
        activity = records.create(session=session, actor=actor, kind=ACTIVITIES, data=ActivityCreate(
            type=ActivityType.chat, direction=Direction.outbound, subject="Reply in the web chat", body=text,
            ticket_id=ticket.id, contact_id=ticket.contact_id))
        email = session.scalar(select(Contact.email).where(Contact.id == ticket.contact_id)) if ticket.contact_id else None
        ticket_id, activity_id = ticket.id, activity.id
    runtime.add_person_reply(visitor_thread(email.lower() if email else None) + conversation_id, text, actor.name)
    delivered = live.publish(conversation_id, {"type": "person", "text": text, "author": actor.name})
    return Answered(conversation_id, ticket_id, activity_id, delivered)
