"""The Slack app (slack-bolt AsyncApp): the team talks to the same agent and services as everywhere else.

- `app_mention` and direct messages go to the agent as the CRM user with the Slack user's e-mail; replies go in
  the thread, and a thread is one conversation.
- `/crm deal Acme`, `/crm pipeline this quarter`, `/crm ticket 123`.
- Drafts come with Approve / Edit / Discard buttons that call the drafts service, as the API does.
- A reply in the thread of a handoff alert goes to the web visitor (channels/handoff.py).

HTTP mode: POST /slack/events (Bolt verifies the signature). Socket Mode: `crm slack socket`.
"""

from __future__ import annotations

import asyncio
import json
import re
from functools import partial

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from channels.handoff import answer_handoff
from channels.slack import blocks
from channels.slack.people import UNKNOWN, crm_actor
from crm_core.db import unit_of_work
from crm_core.drafts import service as drafts
from crm_core.drafts.schemas import DraftEdit
from crm_core.errors import CRMError
from crm_core.pipeline import service as pipeline
from crm_core.pipeline.parse import Declined
from tools.context import Caller, CallerKind

MENTION = re.compile(r"<@[A-Z0-9]+>\s*")
HANDOFF_EVENT = "crm_handoff"  # message metadata on a handoff alert: the thread knows its conversation
CRM_HELP = ("Try `/crm deal Acme` (a deal summary), `/crm pipeline this quarter` (a pipeline question) or "
            "`/crm ticket 123`. Or mention me with any question.")


def build_slack_app(*, settings, runtime, sessions, live, mailer, client: AsyncWebClient | None = None) -> AsyncApp:
    client = client or AsyncWebClient(token=settings.slack_bot_token, base_url=settings.slack_api_url)
    app = AsyncApp(client=client, signing_secret=settings.slack_signing_secret, process_before_response=False)
    base_url = settings.public_url

    async def run(function, *args, **kwargs):
        return await asyncio.get_running_loop().run_in_executor(None, partial(function, *args, **kwargs))

    async def converse(event: dict, client) -> None:
        channel, thread = event["channel"], event.get("thread_ts") or event["ts"]
        actor = await crm_actor(client, sessions, event["user"])
        if actor is None:
            await client.chat_postMessage(channel=channel, thread_ts=thread, text=UNKNOWN)
            return
        text = MENTION.sub("", event.get("text") or "").strip() or "hello"
        caller = Caller(kind=CallerKind.user, actor=actor)
        reply = await run(runtime.chat, text, caller=caller, conversation_id=f"slack-{channel}-{thread}",
                          thread_prefix=f"user-{actor.user_id}:")
        await client.chat_postMessage(channel=channel, thread_ts=thread, text=reply.reply,
                                      blocks=blocks.reply_blocks(reply, base_url=base_url))

    @app.event("app_mention")
    async def on_mention(event, client):
        await converse(event, client)

    @app.event("message")
    async def on_message(event, client):
        if event.get("bot_id") or event.get("subtype"):
            return  # our own posts, edits, joins
        if event.get("channel_type") == "im":
            await converse(event, client)
        elif event.get("thread_ts") and event.get("channel") == settings.slack_alert_channel:
            await answer_in_handoff_thread(event, client)

    async def answer_in_handoff_thread(event: dict, client) -> None:
        parent = await client.conversations_replies(channel=event["channel"], ts=event["thread_ts"], limit=1,
                                                    include_all_metadata=True)
        metadata = (parent.get("messages") or [{}])[0].get("metadata") or {}
        if metadata.get("event_type") != HANDOFF_EVENT:
            return
        actor = await crm_actor(client, sessions, event["user"])
        if actor is None:
            await client.chat_postMessage(channel=event["channel"], thread_ts=event["thread_ts"], text=UNKNOWN)
            return
        try:
            answered = await run(answer_handoff, sessions=sessions, runtime=runtime, live=live, actor=actor,
                                 conversation_id=metadata["event_payload"]["conversation_id"], text=event["text"])
        except CRMError as refused:
            await client.chat_postMessage(channel=event["channel"], thread_ts=event["thread_ts"],
                                          text=f"Not sent to the visitor: {refused}")
            return
        seen = "shown in their open chat" if answered.delivered else "they will see it when they come back"
        await client.reactions_add(channel=event["channel"], timestamp=event["ts"], name="white_check_mark")
        await client.chat_postEphemeral(channel=event["channel"], user=event["user"], thread_ts=event["thread_ts"],
                                        text=f"Sent to the visitor ({seen}); logged on ticket #{answered.ticket_id}.")

    @app.command("/crm")
    async def on_command(ack, command, respond, client):
        await ack()
        actor = await crm_actor(client, sessions, command["user_id"])
        if actor is None:
            await respond(text=UNKNOWN, response_type="ephemeral")
            return
        verb, _, rest = (command.get("text") or "").strip().partition(" ")
        verb, rest = verb.lower(), rest.strip()
        if verb == "pipeline":
            text, layout = await run(_pipeline, sessions, actor, rest or "open pipeline")
            await respond(text=text, blocks=layout, response_type="ephemeral")
            return
        asks = {"deal": f"give me a summary of the {rest} deal", "ticket": f"show ticket {rest}",
                "account": f"account overview of {rest}"}
        if verb not in asks or not rest:
            await respond(text=CRM_HELP, response_type="ephemeral")
            return
        caller = Caller(kind=CallerKind.user, actor=actor)
        reply = await run(runtime.chat, asks[verb], caller=caller, conversation_id=None,
                          thread_prefix=f"user-{actor.user_id}:")
        await respond(text=reply.reply, blocks=blocks.reply_blocks(reply, base_url=base_url), response_type="ephemeral")

    @app.action("draft_approve")
    async def on_approve(ack, body, client):
        await ack()
        await decide(body, client, lambda session, actor, draft_id: drafts.approve(
            session=session, actor=actor, draft_id=draft_id, mailer=mailer))

    @app.action("draft_discard")
    async def on_discard(ack, body, client):
        await ack()
        await decide(body, client, lambda session, actor, draft_id: drafts.discard(
            session=session, actor=actor, draft_id=draft_id))

    async def decide(body: dict, client, action) -> None:
        channel, ts = body["channel"]["id"], body["message"]["ts"]
        actor = await crm_actor(client, sessions, body["user"]["id"])
        if actor is None:
            await client.chat_postEphemeral(channel=channel, user=body["user"]["id"], text=UNKNOWN)
            return
        draft_id = int(body["actions"][0]["value"])
        try:
            text = await run(_decide, sessions, actor, draft_id, action)
        except CRMError as refused:
            await client.chat_postEphemeral(channel=channel, user=body["user"]["id"], text=f"Not done: {refused}")
            return
        await client.chat_update(channel=channel, ts=ts, text=text, blocks=blocks.decided_blocks(text))

    @app.action("draft_edit")
    async def on_edit(ack, body, client):
        await ack()
        actor = await crm_actor(client, sessions, body["user"]["id"])
        if actor is None:
            return
        draft_id = int(body["actions"][0]["value"])
        try:
            draft = await run(_read_draft, sessions, actor, draft_id)
        except CRMError as refused:
            await client.chat_postEphemeral(channel=body["channel"]["id"], user=body["user"]["id"],
                                            text=f"Can't edit: {refused}")
            return
        await client.views_open(trigger_id=body["trigger_id"],
                                view=blocks.edit_view(draft, body["channel"]["id"], body["message"]["ts"]))

    @app.view("draft_edit")
    async def on_edit_saved(ack, body, view, client):
        meta = json.loads(view["private_metadata"])
        values = view["state"]["values"]
        actor = await crm_actor(client, sessions, body["user"]["id"])
        if actor is None:
            await ack(response_action="errors", errors={"body": UNKNOWN[:150]})
            return
        edit = DraftEdit(version=meta["version"], subject=values["subject"]["value"]["value"],
                         body=values["body"]["value"]["value"])
        try:
            text = await run(_edit, sessions, actor, meta["draft_id"], edit)
        except CRMError as refused:
            await ack(response_action="errors", errors={"body": str(refused)[:150]})
            return
        await ack()
        await client.chat_update(channel=meta["channel"], ts=meta["ts"], text=text,
                                 blocks=blocks.draft_blocks(meta["draft_id"], text))

    return app


def _pipeline(sessions, actor, question: str) -> tuple[str, list[dict]]:
    with sessions() as session:
        answer = pipeline.ask(session=session, actor=actor, question=question)
        if isinstance(answer, Declined):
            return answer.reason, [blocks._section(answer.reason)]
        return answer.answer, blocks.pipeline_blocks(answer)


def _decide(sessions, actor, draft_id: int, action) -> str:
    with unit_of_work(sessions) as session:
        draft = action(session, actor, draft_id)
        if draft.status == "sent":
            return f"Sent by {actor.name}: draft {draft.id} to {draft.to_email} — {draft.subject} ({draft.sent_via})"
        if draft.status == "discarded":
            return f"Discarded by {actor.name}: draft {draft.id} to {draft.to_email} — nothing was sent."
        return f"Draft {draft.id} approved but not sent: {draft.send_error}. Approve it again under /api/v1/drafts."


def _read_draft(sessions, actor, draft_id: int):
    with sessions() as session:
        draft = drafts.get_draft(session=session, actor=actor, draft_id=draft_id)
        session.expunge(draft)
        return draft


def _edit(sessions, actor, draft_id: int, edit: DraftEdit) -> str:
    with unit_of_work(sessions) as session:
        draft = drafts.edit_draft(session=session, actor=actor, draft_id=draft_id, data=edit)
        return f"Draft {draft.id} to {draft.to_email} — subject: {draft.subject}\n\n{draft.body}"
