"""The Slack app as slack-bolt tests itself: signed requests posted to /slack/events, and the app's Web API
client pointed at a fake Slack server on loopback that records what was posted."""

from __future__ import annotations

import json
import time
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient
from slack_sdk.signature import SignatureVerifier
from sqlalchemy import select

from channels.slack.people import UNKNOWN
from crm_core.drafts.models import Draft, OutboxEmail
from crm_core.enums import Role
from crm_core.events.models import Event
from crm_core.tickets.models import Ticket
from tests.channels.conftest import SECRET
from tests.channels.fake_slack import FakeSlack
from tests.factories import make_caller, make_record

SIGNING_SECRET = "slack-signing-secret"
ALERTS = "CALERTS"


@pytest.fixture
def people(sessions):
    return {"manager": make_caller(sessions, Role.manager, "Maria Lopez"),
            "rep": make_caller(sessions, Role.rep, "Alice Moreau")}


@pytest.fixture
def slack(people):
    users = {"UMGR": people["manager"].user.email, "UREP": people["rep"].user.email, "USTRANGER": "who@else.example"}
    with FakeSlack(users) as fake:
        yield fake


@pytest.fixture
def client(engine, tmp_path, help_centre, slack):
    from channels.http.app import create_app
    from crm_core.config import Settings

    settings = Settings(data_dir=tmp_path, sentiment_scoring=False, identity_secret=SECRET,
                        SLACK_BOT_TOKEN="xoxb-test", SLACK_SIGNING_SECRET=SIGNING_SECRET,
                        slack_api_url=f"{slack.url}/api/", slack_alert_channel=ALERTS)
    with TestClient(create_app(settings, engine=engine, knowledge=help_centre)) as test_client:
        yield test_client


def signed(body: str, content_type: str, secret: str = SIGNING_SECRET) -> dict:
    timestamp = str(int(time.time()))
    return {"X-Slack-Request-Timestamp": timestamp, "Content-Type": content_type,
            "X-Slack-Signature": SignatureVerifier(secret).generate_signature(timestamp=timestamp, body=body)}


def post_event(client, event: dict, secret: str = SIGNING_SECRET):
    body = json.dumps({"type": "event_callback", "team_id": "T1", "api_app_id": "A1", "event": event,
                       "event_id": f"Ev{time.monotonic_ns()}", "event_time": int(time.time()),
                       "authorizations": [{"team_id": "T1", "user_id": "UBOT", "is_bot": True}]})
    return client.post("/slack/events", content=body, headers=signed(body, "application/json", secret))


def post_form(client, fields: dict):
    body = urlencode(fields)
    return client.post("/slack/events", content=body, headers=signed(body, "application/x-www-form-urlencoded"))


def press(client, action: str, value: str, message_ts: str, user: str = "UMGR"):
    payload = {"type": "block_actions", "user": {"id": user}, "team": {"id": "T1"}, "api_app_id": "A1",
               "channel": {"id": "C1"}, "message": {"ts": message_ts}, "trigger_id": "trigger-1",
               "container": {"type": "message", "message_ts": message_ts, "channel_id": "C1"},
               "actions": [{"action_id": action, "value": value, "type": "button", "block_id": "b"}]}
    return post_form(client, {"payload": json.dumps(payload)})


def mention(user: str, text: str, ts: str = "1700000000.000100", **extra) -> dict:
    return {"type": "app_mention", "user": user, "text": f"<@UBOT> {text}", "channel": "C1", "ts": ts, **extra}


def test_a_bad_signature_is_refused(client):
    assert post_event(client, mention("UMGR", "hi"), secret="not-the-secret").status_code == 401


def test_without_slack_settings_the_endpoint_says_so(engine, tmp_path):
    from channels.http.app import create_app
    from crm_core.config import Settings

    with TestClient(create_app(Settings(data_dir=tmp_path, sentiment_scoring=False), engine=engine)) as plain:
        response = plain.post("/slack/events", content="{}")
    assert response.status_code == 404 and "SLACK_SIGNING_SECRET" in response.text


def test_a_mention_gets_a_deal_summary_in_the_thread_as_block_kit(client, slack, sessions):
    make_record(sessions, "deals", name="Acme Rockets expansion", amount=Decimal(48000), stage="negotiation")
    assert post_event(client, mention("UMGR", "how is the Acme Rockets deal going?")).status_code == 200
    [posted] = slack.wait_for("chat.postMessage")
    assert posted["channel"] == "C1" and posted["thread_ts"] == "1700000000.000100"
    assert "negotiation" in posted["text"] and "48,000" in posted["text"]  # the fallback text
    assert posted["blocks"][0]["type"] == "header" and "Acme Rockets" in posted["blocks"][0]["text"]["text"]
    assert ("users.info", {"user": "UMGR"}) in [(m, {"user": a.get("user")}) for m, a in slack.calls]


def test_a_thread_is_one_conversation(client, slack, sessions):
    make_record(sessions, "deals", name="Acme Rockets expansion", amount=Decimal(48000), stage="negotiation")
    make_record(sessions, "deals", name="Globex renewal", amount=Decimal(12500), stage="proposal")
    post_event(client, mention("UMGR", "summary of the Acme Rockets deal", ts="1700000000.000100"))
    slack.wait_for("chat.postMessage")
    post_event(client, mention("UMGR", "what about Globex?", ts="1700000000.000200", thread_ts="1700000000.000100"))
    second = slack.wait_for("chat.postMessage", 2)[1]
    assert second["thread_ts"] == "1700000000.000100" and "12,500" in second["text"]


def test_an_unknown_slack_user_is_told_so_and_gets_nothing(client, slack, sessions):
    make_record(sessions, "deals", name="Acme Rockets expansion", amount=Decimal(48000), stage="negotiation")
    post_event(client, mention("USTRANGER", "how is the Acme Rockets deal going?"))
    [posted] = slack.wait_for("chat.postMessage")
    assert posted["text"] == UNKNOWN and "48,000" not in json.dumps(posted)


def test_a_direct_message_is_answered(client, slack, sessions):
    make_record(sessions, "deals", name="Acme Rockets expansion", amount=Decimal(48000), stage="negotiation")
    post_event(client, {"type": "message", "channel_type": "im", "user": "UREP", "channel": "D1",
                        "ts": "1700000001.000100", "text": "how many deals are in negotiation?"})
    [posted] = slack.wait_for("chat.postMessage")
    assert posted["channel"] == "D1" and posted["text"]


def test_slash_command_pipeline_deal_and_help(client, slack, sessions):
    make_record(sessions, "deals", name="Acme Rockets expansion", amount=Decimal(48000), stage="negotiation")
    base = {"command": "/crm", "user_id": "UMGR", "channel_id": "C1", "team_id": "T1", "trigger_id": "t"}
    answers = []
    for n, text in enumerate(["pipeline open deals by stage", "deal Acme Rockets", "dance"], start=1):
        assert post_form(client, {**base, "text": text, "response_url": f"{slack.url}/respond/{n}"}).status_code == 200
        answers.append(slack.wait_for("response_url", n)[-1])
    pipeline, deal, help_text = answers
    assert "48,000" in json.dumps(pipeline) and pipeline["blocks"][-1]["type"] == "context"  # traceable filters
    assert "negotiation" in deal["text"] and deal["blocks"][0]["type"] == "header"
    assert "/crm deal" in help_text["text"]


def test_draft_buttons_approve_edit_and_discard_through_the_drafts_service(client, slack, sessions):
    contact = make_record(sessions, "contacts", first_name="Jane", last_name="Doe", email="jane@acme.example")
    make_record(sessions, "deals", name="Acme Rockets expansion", amount=Decimal(48000), stage="negotiation",
                contact_id=contact.id)
    post_event(client, mention("UMGR", "draft a follow-up email to Jane Doe"))
    [posted] = slack.wait_for("chat.postMessage")
    buttons = {e["action_id"]: e["value"] for e in posted["blocks"][-1]["elements"]}
    assert set(buttons) == {"draft_approve", "draft_edit", "draft_discard"}
    draft_id = int(buttons["draft_approve"])

    press(client, "draft_edit", str(draft_id), posted["ts"])
    [opened] = slack.wait_for("views.open")
    view = opened["view"]
    submission = {"type": "view_submission", "user": {"id": "UMGR"}, "team": {"id": "T1"}, "api_app_id": "A1",
                  "view": {**view, "id": "V1", "state": {"values": {
                      "subject": {"value": {"type": "plain_text_input", "value": "Your revised quote"}},
                      "body": {"value": {"type": "plain_text_input", "value": "Hi Jane, here it is."}}}}}}
    assert post_form(client, {"payload": json.dumps(submission)}).status_code == 200
    slack.wait_for("chat.update")
    press(client, "draft_approve", str(draft_id), posted["ts"])
    updated = slack.wait_for("chat.update", 2)[1]
    assert updated["text"].startswith("Sent by Maria Lopez") and "actions" not in json.dumps(updated["blocks"])
    with sessions() as session:
        draft = session.get(Draft, draft_id)
        outbox = session.scalars(select(OutboxEmail)).all()
    assert draft.status == "sent" and draft.subject == "Your revised quote"
    assert [(m.to_email, m.subject) for m in outbox] == [("jane@acme.example", "Your revised quote")]

    press(client, "draft_discard", str(draft_id), posted["ts"])  # already sent: refused, said to the presser
    refusal = slack.wait_for("chat.postEphemeral")[0]
    assert refusal["user"] == "UMGR" and refusal["text"].startswith("Not done")


def test_a_rep_cannot_decide_someone_elses_draft(client, slack, sessions):
    contact = make_record(sessions, "contacts", first_name="Jane", last_name="Doe", email="jane@acme.example")
    post_event(client, mention("UMGR", f"draft a follow-up email to {contact.email}"))
    [posted] = slack.wait_for("chat.postMessage")
    draft_id = posted["blocks"][-1]["elements"][0]["value"]
    press(client, "draft_approve", draft_id, posted["ts"], user="UREP")
    assert slack.wait_for("chat.postEphemeral")[0]["text"].startswith("Not done")
    with sessions() as session:
        assert session.get(Draft, int(draft_id)).status == "draft"


def _undelivered_events_after_waiting(sessions, seconds: float = 5.0) -> list:
    deadline = time.monotonic() + seconds
    while True:
        with sessions() as session:
            undelivered = session.scalars(select(Event).where(Event.delivered_at.is_(None))).all()
        if not undelivered or time.monotonic() > deadline:
            return undelivered
        time.sleep(0.05)


def test_alerts_and_handoffs_reach_the_channel_and_a_thread_reply_reaches_the_visitor(client, slack, sessions, people):
    with client.websocket_connect("/ws/chat") as visitor:
        visitor.send_json({"type": "hello"})
        conversation = visitor.receive_json()["conversation_id"]
        for text in ("what is the airspeed velocity of an unladen swallow?", "yes please"):
            visitor.send_json({"type": "message", "text": text})
            while visitor.receive_json()["type"] != "reply":
                pass
        handoff = next(a for a in slack.wait_for("chat.postMessage") if a["channel"] == ALERTS)
        assert handoff["metadata"]["event_payload"]["conversation_id"] == conversation
        # Marked delivered in its own transaction just after Slack accepted the post: wait for that commit.
        assert _undelivered_events_after_waiting(sessions) == []

        post_event(client, {"type": "message", "user": "UREP", "channel": ALERTS, "ts": "1700000099.000001",
                            "thread_ts": handoff["ts"], "text": "Hi! Alice from Orbitly here, let me check."})
        assert "logged on ticket" in slack.wait_for("chat.postEphemeral")[0]["text"]
        assert visitor.receive_json() == {"type": "person", "text": "Hi! Alice from Orbitly here, let me check.",
                                          "author": "Alice Moreau"}
    with sessions() as session:  # the first to answer an unassigned handoff takes it
        ticket = session.get(Ticket, handoff["metadata"]["event_payload"]["ticket_id"])
    assert ticket.assignee_id == people["rep"].user.id


def test_a_negative_urgent_ticket_alert_is_posted_once_and_marked_delivered(client, slack, sessions):
    from crm_core.db import unit_of_work
    from crm_core.events import service as events

    with unit_of_work(sessions) as session:  # what scoring writes for a negative, urgent ticket
        events.emit(session=session, kind="ticket.alert", payload={
            "ticket_id": 42, "subject": "Third time asking: exports still broken", "sentiment": "negative",
            "sentiment_score": 0.91, "urgency": "urgent", "priority": "urgent", "priority_raised_from": "normal",
            "company_id": None, "contact_id": None})
    alert = next(a for a in slack.wait_for("chat.postMessage") if a["channel"] == ALERTS)
    assert "#42" in alert["text"] and "urgent" in alert["text"] and "raised from normal" in alert["text"]
    assert alert["blocks"][0]["type"] == "section"
    time.sleep(6)  # one more delivery round: nothing is posted twice
    assert len([a for a in slack.wait_for("chat.postMessage") if a["channel"] == ALERTS]) == 1
    with sessions() as session:
        assert session.scalars(select(Event).where(Event.delivered_at.is_(None))).all() == []
