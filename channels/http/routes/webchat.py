"""The customers' web chat: the page (`GET /`), the embeddable widget (`GET /widget.js`), help-centre articles
that citations link to, and the chat socket (`WS /ws/chat`).

Socket protocol (JSON messages):
  client -> {"type": "hello", "conversation_id": "...", "email": "...", "identity_token": "..."}   (all optional)
  server -> {"type": "ready", "conversation_id", "verified", "history": [...], "handoff"}
  client -> {"type": "message", "text": "..."}
  server -> {"type": "chunk", "text": "..."} as the reply is written, then
            {"type": "reply", "text", "citations", "handoff"}
  server -> {"type": "person", "text", "author"} when someone on the team answers a handed-off chat
  server -> {"type": "error", "field"?, "message"}; a refused identity closes the socket with code 4401
"""

from __future__ import annotations

import asyncio
import html
import logging
import uuid
from pathlib import Path

from fastapi import APIRouter, HTTPException, Request, WebSocket, WebSocketDisconnect
from fastapi.responses import FileResponse, HTMLResponse
from pydantic import BaseModel, EmailStr, Field, ValidationError

from channels.handoff import visitor_thread
from channels.http.routes.chat import CONVERSATION_ID, IdentityRefused, check_identity
from crm_core.actor import Actor
from tools.context import Caller, CallerKind

router = APIRouter(tags=["web chat"])
STATIC = Path(__file__).resolve().parent.parent / "static"
log = logging.getLogger("crm.chat")
REFUSED_IDENTITY = 4401  # the application's close code: like HTTP 401


class Hello(BaseModel):
    type: str = Field(pattern="^hello$")
    conversation_id: str | None = Field(default=None, pattern=CONVERSATION_ID)
    email: EmailStr | None = None
    identity_token: str | None = Field(default=None, max_length=128)


class Message(BaseModel):
    type: str = Field(pattern="^message$")
    text: str = Field(min_length=1, max_length=4000)


@router.get("/", include_in_schema=False)
def page() -> FileResponse:
    return FileResponse(STATIC / "index.html", media_type="text/html")


@router.get("/widget.js", include_in_schema=False)
def widget() -> FileResponse:
    return FileResponse(STATIC / "widget.js", media_type="application/javascript")


@router.get("/help/articles/{document_id}", response_class=HTMLResponse, include_in_schema=False)
def article(document_id: int, request: Request) -> HTMLResponse:
    """A help-centre article as a page: what a citation in the chat opens."""
    from knowledge.base import DocumentNotFound

    kb = request.app.state.knowledge.get()
    try:
        document, chunks = kb.document(document_id), kb.chunks(document_id)
    except DocumentNotFound:
        raise HTTPException(404, f"article {document_id} does not exist") from None
    sections, heading = [], None
    for chunk in chunks:
        current = chunk.heading_path.split(" > ")[-1]
        if current != heading and current != document.title:
            sections.append(f"<h2>{html.escape(current)}</h2>")
        heading = current
        sections += [f"<p>{html.escape(p.strip())}</p>" for p in chunk.text.split("\n\n") if p.strip()]
    title = html.escape(document.title)
    return HTMLResponse(f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{title}</title>
<style>body{{font:16px/1.6 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1f2933}}
p{{white-space:pre-line}} a{{color:#1d4ed8}}</style></head>
<body><main><p><a href="/">Help centre</a></p><h1>{title}</h1>{''.join(sections)}</main></body></html>""")


@router.websocket("/ws/chat")
async def chat_socket(socket: WebSocket) -> None:
    await socket.accept()
    app = socket.app
    sending = asyncio.Lock()  # the reply stream and a person's reply share the socket

    async def send(payload: dict) -> None:
        async with sending:
            await socket.send_json(payload)

    try:
        hello = Hello.model_validate(await socket.receive_json())
    except ValidationError as invalid:
        await send(_invalid(invalid))
        await socket.close(code=1008)
        return
    except (WebSocketDisconnect, ValueError):
        return
    try:
        email = check_identity(hello.email, hello.identity_token, app.state.settings.identity_secret)
    except ValueError as missing:
        await send({"type": "error", "field": str(missing), "message": "email and identity_token go together"})
        await socket.close(code=1008)
        return
    except IdentityRefused as refused:
        await send({"type": "error", "field": "identity_token", "message": str(refused)})
        await socket.close(code=REFUSED_IDENTITY)
        return
    conversation_id = hello.conversation_id or uuid.uuid4().hex
    thread_prefix = visitor_thread(email)
    runtime, live = app.state.agent, app.state.live
    history = await asyncio.get_running_loop().run_in_executor(None, runtime.history, thread_prefix + conversation_id)
    await send({"type": "ready", "conversation_id": conversation_id, "verified": email is not None,
                "history": history, "handoff": any(m.get("handoff") for m in history)})
    caller = Caller(kind=CallerKind.visitor, actor=Actor.visitor(), visitor_email=email)
    inbox = live.subscribe(conversation_id)
    forward = asyncio.create_task(_forward(inbox, send))
    try:
        while True:
            try:
                message = Message.model_validate(await socket.receive_json())
            except ValidationError as invalid:
                await send(_invalid(invalid))
                continue
            await _answer(runtime, message.text, caller, conversation_id, thread_prefix, send)
    except (WebSocketDisconnect, RuntimeError):
        pass  # the visitor left; the conversation is in memory for when they come back
    finally:
        forward.cancel()
        live.unsubscribe(conversation_id, inbox)


async def _answer(runtime, text: str, caller, conversation_id: str, thread_prefix: str, send) -> None:
    """Run the turn in a worker thread and pass its pieces on as they come."""
    loop = asyncio.get_running_loop()
    pieces: asyncio.Queue = asyncio.Queue()
    done = object()

    def work() -> None:
        try:
            for piece in runtime.stream(text, caller=caller, conversation_id=conversation_id,
                                        thread_prefix=thread_prefix):
                loop.call_soon_threadsafe(pieces.put_nowait, piece)
        except Exception as failure:  # reported to the visitor, not swallowed
            loop.call_soon_threadsafe(pieces.put_nowait, failure)
        finally:
            loop.call_soon_threadsafe(pieces.put_nowait, done)

    loop.run_in_executor(None, work)
    while (piece := await pieces.get()) is not done:
        if isinstance(piece, str):
            await send({"type": "chunk", "text": piece})
        elif isinstance(piece, Exception):
            log.error("web chat turn failed in conversation %s", conversation_id, exc_info=piece)
            await send({"type": "error", "message": "Sorry, something went wrong on our side. Please try again."})
        else:
            await send({"type": "reply", "text": piece.reply, "citations": piece.citations, "handoff": piece.handoff})


async def _forward(inbox: asyncio.Queue, send) -> None:
    while True:
        await send(await inbox.get())


def _invalid(invalid: ValidationError) -> dict:
    first = invalid.errors()[0]
    return {"type": "error", "field": ".".join(str(p) for p in first["loc"]) or "message", "message": first["msg"]}
