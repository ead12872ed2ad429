"""Sentiment trend per company and contact, and the worsening flag (a churn-risk signal)."""

from datetime import timedelta

import pytest
from sqlalchemy import update

from crm_core import scoring
from crm_core.db import utcnow
from crm_core.enums import Role
from crm_core.tickets.models import Ticket
from tests.factories import make_caller, make_record
from tests.sentiment.test_scoring_on_write import ScriptedScorer


@pytest.fixture(autouse=True)
def scorer():
    scoring.install(ScriptedScorer())
    yield
    scoring.install(None)


def _ticket(sessions, company, contact, subject, days_ago):
    ticket = make_record(sessions, "tickets", subject=subject, company_id=company.id, contact_id=contact.id)
    with sessions() as session:
        session.execute(update(Ticket).where(Ticket.id == ticket.id).values(created_at=utcnow() - timedelta(days=days_ago)))
        session.commit()


def test_a_company_that_turned_negative_is_flagged(client, sessions):
    acme = make_record(sessions, "companies", name="Acme")
    ann = make_record(sessions, "contacts", first_name="Ann", company_id=acme.id)
    _ticket(sessions, acme, ann, "thanks, works great", 70)
    _ticket(sessions, acme, ann, "thanks again", 40)
    _ticket(sessions, acme, ann, "the dashboard is down", 10)
    _ticket(sessions, acme, ann, "down again, third time", 2)
    _ticket(sessions, acme, ann, "thanks for the quick reply", 200)  # outside both windows

    rep = make_caller(sessions, Role.rep)
    trend = client.get(f"/api/v1/companies/{acme.id}/sentiment", headers=rep.headers).json()
    assert trend["recent"]["count"] == 2 and trend["previous"]["count"] == 2
    assert trend["recent"]["average_score"] == -0.9 and trend["previous"]["average_score"] == 0.8
    assert trend["worsening"] is True and "fell" in trend["reason"]
    contact_trend = client.get(f"/api/v1/contacts/{ann.id}/sentiment", headers=rep.headers).json()
    assert contact_trend["worsening"] is True


def test_a_steady_company_is_not_flagged_and_little_data_says_so(client, sessions):
    globex = make_record(sessions, "companies", name="Globex")
    bo = make_record(sessions, "contacts", first_name="Bo", company_id=globex.id)
    for days in (60, 45, 20, 3):
        _ticket(sessions, globex, bo, "thanks, all good", days)
    manager = make_caller(sessions, Role.manager)
    trend = client.get(f"/api/v1/companies/{globex.id}/sentiment", headers=manager.headers).json()
    assert trend["worsening"] is False and trend["reason"] == "no worsening"

    quiet = make_record(sessions, "companies", name="Quiet Co")
    trend = client.get(f"/api/v1/companies/{quiet.id}/sentiment", headers=manager.headers).json()
    assert trend["worsening"] is False and "too little" in trend["reason"]
    assert client.get("/api/v1/companies/999999/sentiment", headers=manager.headers).status_code == 404
