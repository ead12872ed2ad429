"""A person answers a handed-off web chat over the API (channels/handoff.py does the work)."""

from __future__ import annotations

from fastapi import APIRouter, Path, Request
from pydantic import BaseModel, Field

from channels.handoff import answer_handoff
from channels.http.deps import CurrentActor
from channels.http.routes.chat import CONVERSATION_ID

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
def reply(request: Request, actor: CurrentActor, body: PersonReply,
          conversation_id: str = Path(pattern=CONVERSATION_ID)) -> PersonReplyResult:
    """Only a conversation that was handed to a person (it has a ticket) can be answered; you need to be able
    to see that ticket. The reply is logged as an outbound chat activity on it (audited) and appears in the
    visitor's open chat."""
    state = request.app.state
    answered = answer_handoff(sessions=state.sessions, runtime=state.agent, live=state.live, actor=actor,
                              conversation_id=conversation_id, text=body.text)
    return PersonReplyResult(**answered.__dict__)
