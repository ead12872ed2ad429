"""`crm slack socket`: the Slack app over Socket Mode, for a workspace that cannot reach this server's URL."""

from __future__ import annotations

import asyncio

import typer

from crm_core.config import get_settings

slack_app = typer.Typer(help="The Slack app.", no_args_is_help=True)


@slack_app.command("socket")
def socket_mode() -> None:
    """Connect to Slack over Socket Mode (needs SLACK_BOT_TOKEN and an app-level SLACK_APP_TOKEN, xapp-...).
    Alerts and handoffs go to CRM_SLACK_ALERT_CHANNEL when it is set."""
    settings = get_settings()
    missing = [name for name, value in (("SLACK_BOT_TOKEN", settings.slack_bot_token),
                                        ("SLACK_APP_TOKEN", settings.slack_app_token)) if not value]
    if missing:
        typer.echo(f"error: set {' and '.join(missing)} (see README: Connect your Slack workspace)", err=True)
        raise typer.Exit(1)
    asyncio.run(_run(settings))


async def _run(settings) -> None:
    from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

    from channels.http.app import create_app
    from channels.slack.alerts import deliver_forever
    from channels.slack.app import build_slack_app
    from crm_core import migrate

    web = create_app(settings)  # the same agent, services and memory as the server
    migrate.upgrade(web.state.engine)
    state = web.state
    bolt = build_slack_app(settings=settings, runtime=state.agent, sessions=state.sessions, live=state.live,
                           mailer=state.mailer)
    if settings.slack_alert_channel:
        asyncio.create_task(deliver_forever(bolt.client, state.sessions, settings.slack_alert_channel))
    typer.echo("Connected to Slack over Socket Mode; Ctrl-C stops.")
    await AsyncSocketModeHandler(bolt, settings.slack_app_token).start_async()
