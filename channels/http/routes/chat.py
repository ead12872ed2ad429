"""The chat endpoints: staff through their API key, web-chat visitors without one (optionally verified)."""

from __future__ import annotations

import hashlib
import hmac
import logging

from fastapi import APIRouter, HTTPException, Request, status
from pydantic import BaseModel, EmailStr, Field

from channels.handoff import visitor_thread
from channels.http.deps import CurrentActor
from crm_core.actor import Actor
from crm_core.enums import Via
from tools.context import Caller, CallerKind

router = APIRouter(tags=["chat"])
log = logging.getLogger("crm.chat")

CONVERSATION_ID = r"^[A-Za-z0-9_-]{8,64}$"


class ChatRequest(BaseModel):
    message: str = Field(min_length=1, max_length=4000)
    conversation_id: str | None = Field(default=None, pattern=CONVERSATION_ID,
                                        description="Continue a conversation; omit to start one.")


class PublicChatRequest(ChatRequest):
    email: EmailStr | None = None
    identity_token: str | None = Field(default=None, max_length=128,
                                       description="hex HMAC-SHA256 of the lower-cased email, keyed with CRM_IDENTITY_SECRET")


class Citation(BaseModel):
    document_id: int
    title: str
    source: str


class ToolCall(BaseModel):
    name: str
    args: dict


class ChatResponse(BaseModel):
    conversation_id: str
    reply: str
    citations: list[Citation]
    tool_calls: list[ToolCall]
    handoff: bool


def _respond(reply) -> ChatResponse:
    return ChatResponse(conversation_id=reply.conversation_id, reply=reply.reply, citations=reply.citations,
                        tool_calls=reply.tool_calls, handoff=reply.handoff)


@router.post("/chat", response_model=ChatResponse, summary="Talk to the agent as the API key's user")
def chat(body: ChatRequest, request: Request, actor: CurrentActor) -> ChatResponse:
    caller = Caller(kind=CallerKind.user, actor=actor.through(Via.agent))
    reply = request.app.state.agent.chat(body.message, caller=caller, conversation_id=body.conversation_id,
                                         thread_prefix=f"user-{actor.user_id}:")
    return _respond(reply)


class IdentityRefused(Exception):
    """The identity token does not prove the e-mail (forged, or for another address)."""


def check_identity(email: str | None, token: str | None, secret: str | None) -> str | None:
    """The visitor's e-mail when the token proves it; None for an anonymous visitor. A token that does not
    match is logged (a forged identity is worth knowing about) and refused."""
    if email is None and token is None:
        return None
    if email is None or token is None:
        raise ValueError("identity_token" if email else "email")
    if not secret:
        raise IdentityRefused("visitor identity is not enabled on this server")
    expected = hmac.new(secret.encode(), email.lower().encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, token.lower()):
        log.warning("refused a web-chat identity token that does not match %s", email.lower())
        raise IdentityRefused("identity_token does not match email")
    return email.lower()


def verified_email(email: str | None, token: str | None, secret: str | None) -> str | None:
    try:
        return check_identity(email, token, secret)
    except ValueError as missing:
        raise HTTPException(422, [{"type": "value_error", "loc": ["body", str(missing)],
                                   "msg": "email and identity_token go together"}]) from None
    except IdentityRefused as refused:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, str(refused)) from None


@router.post("/public/chat", response_model=ChatResponse, summary="Talk to the agent as a web-chat visitor")
def public_chat(body: PublicChatRequest, request: Request) -> ChatResponse:
    email = verified_email(body.email, body.identity_token, request.app.state.settings.identity_secret)
    caller = Caller(kind=CallerKind.visitor, actor=Actor.visitor(), visitor_email=email)
    reply = request.app.state.agent.chat(body.message, caller=caller, conversation_id=body.conversation_id,
                                         thread_prefix=visitor_thread(email))
    return _respond(reply)
