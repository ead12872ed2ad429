"""Posts the event outbox to the team's Slack channel: ticket alerts (negative and urgent) and chat handoffs.

An event is marked delivered only after Slack accepted the post, in its own transaction, so a Slack outage
delays alerts and loses none. A handoff post carries the conversation in its metadata: a reply in its thread
goes to the web visitor (channels/slack/app.py)."""

from __future__ import annotations

import asyncio
import logging

from crm_core.db import unit_of_work
from crm_core.events import service as events

from channels.slack import blocks
from channels.slack.app import HANDOFF_EVENT

log = logging.getLogger("crm.slack")
KINDS = ("ticket.alert", "conversation.handoff")


async def deliver_pending(client, sessions, channel: str) -> int:
    loop = asyncio.get_running_loop()
    pending = await loop.run_in_executor(None, _pending, sessions)
    delivered = 0
    for event_id, kind, payload in pending:
        if kind == "ticket.alert":
            text, layout = blocks.alert_blocks(payload)
            metadata = None
        else:
            text, layout = blocks.handoff_blocks(payload)
            metadata = {"event_type": HANDOFF_EVENT, "event_payload": {
                "conversation_id": payload["conversation_id"], "ticket_id": payload["ticket_id"]}}
        await client.chat_postMessage(channel=channel, text=text, blocks=layout, metadata=metadata)
        await loop.run_in_executor(None, _mark, sessions, event_id)
        delivered += 1
    return delivered


async def deliver_forever(client, sessions, channel: str, every: float = 5.0) -> None:
    while True:
        try:
            await deliver_pending(client, sessions, channel)
        except Exception:  # Slack or the database is down: try again later, keep the events
            log.exception("delivering alerts to Slack failed; will retry")
        await asyncio.sleep(every)


def _pending(sessions) -> list[tuple[int, str, dict]]:
    with sessions() as session:
        found = [e for kind in KINDS for e in events.pending(session=session, kind=kind)]
        return [(e.id, e.kind, dict(e.payload)) for e in sorted(found, key=lambda e: e.id)]


def _mark(sessions, event_id: int) -> None:
    with unit_of_work(sessions) as session:
        events.mark_delivered(session=session, event_id=event_id)
