"""POST /slack/events: Slack's events, slash commands and interactivity, handed to the Bolt app (which checks
the request signature and answers 401 to a bad one)."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, HTTPException, Request

router = APIRouter(tags=["slack"])


def build(app):
    from channels.slack.app import build_slack_app

    state = app.state
    return build_slack_app(settings=state.settings, runtime=state.agent, sessions=state.sessions, live=state.live,
                           mailer=state.mailer)


def start_alerts(app) -> asyncio.Task | None:
    """Alerts and handoffs go to CRM_SLACK_ALERT_CHANNEL while the server runs."""
    from channels.slack.alerts import deliver_forever

    channel = app.state.settings.slack_alert_channel
    if not channel:
        return None
    return asyncio.create_task(deliver_forever(app.state.slack.client, app.state.sessions, channel))


@router.post("/slack/events", include_in_schema=False)
async def slack_events(request: Request):
    bolt = request.app.state.slack
    if bolt is None:
        raise HTTPException(404, "Slack is not configured on this server: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET")
    from slack_bolt.adapter.fastapi.async_handler import AsyncSlackRequestHandler

    return await AsyncSlackRequestHandler(bolt).handle(request)
