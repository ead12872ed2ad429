"""The write path: tickets and inbound messages are scored on write; no scorer or a failing one never blocks
the write; negative + high/urgent raises an alert and the priority; `rescore` fills in what was missed.

The scorer here is a scripted stand-in so each rule can be shown exactly; tests/sentiment/test_model.py runs
the real model on the same path.
"""

from dataclasses import dataclass

import pytest
from sqlalchemy import select

from crm_core import records, scoring
from crm_core.actor import Actor
from crm_core.events import service as events
from crm_core.kinds import kind_for_collection
from tests.factories import make_record


@dataclass
class Verdict:
    label: str
    score: float
    urgency: str
    category: str


class ScriptedScorer:
    """Says negative/urgent/outage for texts containing 'down', positive for 'thanks', neutral otherwise."""

    name = "scripted"

    def __init__(self):
        self.calls = 0
        self.available = True
        self.fail = False

    def ready(self):
        return self.available

    def score(self, texts):
        self.calls += 1
        if self.fail:
            raise RuntimeError("model crashed")
        verdicts = []
        for text in texts:
            if "down" in text:
                verdicts.append(Verdict("negative", -0.9, "urgent", "outage"))
            elif "thanks" in text:
                verdicts.append(Verdict("positive", 0.8, "low", "other"))
            else:
                verdicts.append(Verdict("neutral", 0.0, "normal", "how_to"))
        return verdicts


@pytest.fixture
def scorer():
    installed = ScriptedScorer()
    scoring.install(installed, escalate=True)
    yield installed
    scoring.install(None)


def _alerts(sessions):
    with sessions() as session:
        return [e.payload for e in events.pending(session=session, kind="ticket.alert")]


def test_a_new_ticket_is_scored_and_an_urgent_negative_one_alerts_and_escalates(sessions, scorer):
    calm = make_record(sessions, "tickets", subject="How do I add a dashboard?", priority="low")
    assert (calm.sentiment_label, calm.urgency, calm.category, calm.priority) == ("neutral", "normal", "how_to", "low")
    assert calm.scored_at is not None and calm.scored_by == "scripted"

    angry = make_record(sessions, "tickets", subject="Everything is down", priority="normal")
    assert (angry.sentiment_label, angry.urgency, angry.priority) == ("negative", "urgent", "urgent")
    assert angry.category == "outage"
    alerts = _alerts(sessions)
    assert len(alerts) == 1 and alerts[0]["ticket_id"] == angry.id
    assert alerts[0]["priority_raised_from"] == "normal" and alerts[0]["priority"] == "urgent"


def test_a_category_given_by_a_person_is_kept(sessions, scorer):
    ticket = make_record(sessions, "tickets", subject="Everything is down", category="billing")
    assert ticket.category == "billing"


def test_escalation_can_be_turned_off(sessions, scorer):
    scoring.install(scorer, escalate=False)
    ticket = make_record(sessions, "tickets", subject="Site down again", priority="low")
    assert ticket.priority == "low" and len(_alerts(sessions)) == 1


def test_rescoring_only_when_the_text_changes_and_alerting_only_when_it_turns(sessions, scorer):
    ticket = make_record(sessions, "tickets", subject="Question about exports")
    kind = kind_for_collection("tickets")
    with sessions() as session:
        calls = scorer.calls
        updated = records.update(session=session, actor=Actor.system(), kind=kind, record_id=ticket.id,
                                 data=kind.update_schema(status="open", version=ticket.version))
        session.commit()
        assert scorer.calls == calls and updated.sentiment_label == "neutral"
        updated = records.update(session=session, actor=Actor.system(), kind=kind, record_id=ticket.id,
                                 data=kind.update_schema(description="now it is down for everyone", version=updated.version))
        session.commit()
        assert updated.sentiment_label == "negative" and updated.priority == "urgent"
        records.update(session=session, actor=Actor.system(), kind=kind, record_id=ticket.id,
                       data=kind.update_schema(description="still down, still down", version=updated.version))
        session.commit()
    assert len(_alerts(sessions)) == 1  # it was already alerting: no second alert


def test_no_scorer_or_a_failing_one_saves_the_ticket_unscored_and_rescore_fills_it(sessions, scorer):
    scorer.available = False
    first = make_record(sessions, "tickets", subject="Everything is down")
    scorer.available, scorer.fail = True, True
    second = make_record(sessions, "tickets", subject="thanks a lot")
    for ticket in (first, second):
        assert ticket.id and ticket.scored_at is None and ticket.sentiment_label is None
    assert _alerts(sessions) == []

    scorer.fail = False
    with sessions() as session:
        counts = scoring.rescore(session=session, actor=Actor.system())
        session.commit()
    assert counts["tickets"] == 2
    with sessions() as session:
        from crm_core.tickets.models import Ticket

        labels = dict(session.execute(select(Ticket.id, Ticket.sentiment_label)).all())
    assert labels == {first.id: "negative", second.id: "positive"}
    assert [a["ticket_id"] for a in _alerts(sessions)] == [first.id]


def test_inbound_chats_and_emails_are_scored_outbound_notes_are_not(sessions, scorer):
    inbound = make_record(sessions, "activities", type="chat", direction="inbound", body="the app is down")
    outbound = make_record(sessions, "activities", type="email", direction="outbound", body="we are down, sorry")
    note = make_record(sessions, "activities", type="note", body="customer says it is down")
    assert inbound.sentiment_label == "negative" and inbound.urgency == "urgent"
    assert outbound.sentiment_label is None and note.sentiment_label is None
