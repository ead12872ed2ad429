"""A person answers a handed-off web chat: the reply is recorded on the ticket, joins the conversation's memory
and appears in the visitor's open chat."""

from __future__ import annotations

from fastapi import APIRouter, Path, Request
from pydantic import BaseModel, Field
from sqlalchemy import select

from channels.http.deps import CurrentActor, DbSession
from channels.http.routes.chat import CONVERSATION_ID, visitor_thread
from crm_core import records
from crm_core.activities.schemas import ActivityCreate
from crm_core.contacts.models import Contact
from crm_core.enums import ActivityType, Direction
from crm_core.errors import NotFound
from crm_core.kinds import ACTIVITIES, TICKETS
from crm_core.tickets.models import Ticket

router = APIRouter(prefix="/conversations", tags=["chat"])


class PersonReply(BaseModel):
    text: str = Field(min_length=1, max_length=4000)


class PersonReplyResult(BaseModel):
    conversation_id: str
    ticket_id: int
    activity_id: int
    delivered: int = Field(description="Open chats of the visitor that showed the reply at once")


@router.post("/{conversation_id}/messages", response_model=PersonReplyResult, status_code=201,
             summary="Answer a handed-off web chat as yourself")
def reply(conversation_id: str = Path(pattern=CONVERSATION_ID), *, body: PersonReply, request: Request,
          db: DbSession, actor: CurrentActor) -> PersonReplyResult:
    """Only a conversation that was handed to a person (it has a ticket) can be answered; you need to be able
    to see that ticket. The reply is logged as an outbound chat activity on it (audited)."""
    ticket = db.scalar(select(Ticket).where(Ticket.conversation_id == conversation_id).order_by(Ticket.id.desc()))
    if ticket is None:
        raise NotFound("handed-off conversation", conversation_id)
    records.get(session=db, actor=actor, kind=TICKETS, record_id=ticket.id)  # may this person see it?
    activity = records.create(session=db, actor=actor, kind=ACTIVITIES, data=ActivityCreate(
        type=ActivityType.chat, direction=Direction.outbound, subject="Reply in the web chat", body=body.text,
        ticket_id=ticket.id, contact_id=ticket.contact_id))
    email = db.scalar(select(Contact.email).where(Contact.id == ticket.contact_id)) if ticket.contact_id else None
    db.commit()
    thread = visitor_thread(email.lower() if email else None) + conversation_id
    request.app.state.agent.add_person_reply(thread, body.text, actor.name)
    delivered = request.app.state.live.publish(conversation_id, {"type": "person", "text": body.text,
                                                                 "author": actor.name})
    return PersonReplyResult(conversation_id=conversation_id, ticket_id=ticket.id, activity_id=activity.id,
                             delivered=delivered)
