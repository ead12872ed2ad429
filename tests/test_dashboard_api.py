"""GET /api/v1/pipeline/forecast and /api/v1/pipeline/dashboard: keys, 422s, shape, and the same numbers as the
domain functions; the page and the charting library it loads."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import update

from crm_core.deals.models import Deal
from crm_core.enums import Role
from crm_core.pipeline.forecast import forecast, quarter_label
from crm_core.tickets.models import Ticket
from tests.factories import make_caller, make_record
from tests.test_forecast import build_book

ROUTES = ["/api/v1/pipeline/forecast", "/api/v1/pipeline/dashboard"]


def without_time(answer: dict) -> dict:
    return {k: v for k, v in answer.items() if k != "as_of"}


@pytest.mark.parametrize("route", ROUTES)
def test_an_api_key_is_required(client, route):
    assert client.get(route).status_code == 401
    assert client.get(route, headers={"Authorization": "Bearer nope"}).status_code == 401


@pytest.mark.parametrize("query, field, reason", [
    ("by=colour", "by", "'month', 'quarter', 'owner' or 'region'"),
    ("from=2026-02-30", "from", "valid date"),
    ("to=soon", "to", "valid date"),
    ("from=2026-03-01&to=2026-02-01", "from", "must be on or before to"),
])
def test_a_bad_grouping_or_date_is_a_422_naming_the_field(client, sessions, query, field, reason):
    manager = make_caller(sessions, Role.manager)
    response = client.get(f"/api/v1/pipeline/forecast?{query}", headers=manager.headers)
    assert response.status_code == 422
    error = response.json()["detail"][0]
    assert error["loc"] == ["query", field] and reason in error["msg"]


def test_the_forecast_route_answers_what_the_domain_function_answers(client, sessions, session):
    book = build_book(sessions)
    for caller in (book.manager, book.rep):
        for by in ("month", "quarter", "owner", "region"):
            answer = client.get(f"/api/v1/pipeline/forecast?by={by}&from=2026-01-01&to=2026-12-31",
                                headers=caller.headers).json()
            domain = forecast(session=session, actor=caller.actor, by=by, period_from=date(2026, 1, 1),
                              period_to=date(2026, 12, 31)).as_dict()
            assert without_time(answer) == without_time(_json(client, domain))
    rep_answer = client.get("/api/v1/pipeline/forecast?by=owner", headers=book.rep.headers).json()
    assert [g["label"] for g in rep_answer["groups"]] == ["Rita Rep"]
    assert set(rep_answer["total"]) >= {"deals", "amount", "weighted", "expected", "std_dev", "low", "high", "commit",
                                        "best_case"}
    assert rep_answer["as_of"] and rep_answer["definitions"]["weighted"]


def _json(client, value: dict) -> dict:
    """The domain answer as the API would write it (dates and dataclasses as JSON)."""
    from fastapi.encoders import jsonable_encoder

    return jsonable_encoder(value)


def test_the_dashboard_has_stages_forecast_win_rate_and_sentiment_scoped_to_the_caller(client, sessions, session):
    manager = make_caller(sessions, Role.manager)
    rep = make_caller(sessions, Role.rep)
    now = datetime.now(timezone.utc)
    quarter_start = date(now.year, (now.month - 1) // 3 * 3 + 1, 1)
    previous_quarter = quarter_start - timedelta(days=1)
    for name, stage, owner, closed in [("won now", "closed_won", rep, None), ("won now 2", "closed_won", manager, None),
                                       ("lost now", "closed_lost", rep, None),
                                       ("won before", "closed_won", manager, previous_quarter),
                                       ("lost long ago", "closed_lost", rep, date(now.year - 3, 1, 15)),
                                       ("open", "proposal", rep, None), ("open 2", "negotiation", manager, None)]:
        deal = make_record(session, "deals", name=name, stage=stage, amount=1000, owner_id=owner.user.id,
                           expected_close_date=now.date())
        if closed:
            session.execute(update(Deal).where(Deal.id == deal.id)
                            .values(closed_at=datetime(closed.year, closed.month, closed.day, 12, tzinfo=timezone.utc)))
    for score, label, owner, days_ago in [(-0.8, "negative", rep, 0), (0.4, "positive", manager, 0),
                                          (0.2, "neutral", rep, 7), (-0.5, "negative", rep, 200)]:
        ticket = make_record(session, "tickets", subject="T", assignee_id=owner.user.id)
        session.execute(update(Ticket).where(Ticket.id == ticket.id).values(
            sentiment_score=score, sentiment_label=label, scored_at=now, created_at=now - timedelta(days=days_ago)))
    session.commit()

    board = client.get("/api/v1/pipeline/dashboard", headers=manager.headers).json()
    assert set(board) >= {"as_of", "scope", "currency", "pipeline_by_stage", "forecast_by_month", "win_rate_by_quarter",
                          "ticket_sentiment_by_week", "definitions"}
    stages = {s["stage"]: s for s in board["pipeline_by_stage"]}
    assert list(stages) == ["prospecting", "qualification", "proposal", "negotiation"]
    assert (stages["proposal"]["deals"], stages["proposal"]["weighted"]) == (1, 500.0)
    assert stages["negotiation"]["weighted"] == 700.0 and stages["prospecting"]["deals"] == 0
    domain = forecast(session=session, actor=manager.actor, by="month")
    assert board["forecast_by_month"]["total"] == domain.total and board["forecast_by_month"]["groups"] == domain.groups
    quarters = board["win_rate_by_quarter"]
    assert [q["quarter"] for q in quarters][-1] == quarter_label(now.year, now.month) and len(quarters) == 4
    assert (quarters[-1]["won"], quarters[-1]["lost"], quarters[-1]["win_rate"]) == (2, 1, 0.6667)
    assert (quarters[-2]["won"], quarters[-2]["lost"], quarters[-2]["win_rate"]) == (1, 0, 1.0)
    assert sum(q["won"] + q["lost"] for q in quarters) == 4  # three years ago is out of the window
    weeks = board["ticket_sentiment_by_week"]
    assert len(weeks) == 12 and weeks[-1]["week_start"] == str(now.date() - timedelta(days=now.weekday()))
    assert (weeks[-1]["tickets"], weeks[-1]["average_score"], weeks[-1]["negative_share"]) == (2, -0.2, 0.5)
    assert weeks[-2]["tickets"] == 1 and weeks[-2]["average_score"] == 0.2 and weeks[0]["average_score"] is None

    mine = client.get("/api/v1/pipeline/dashboard", headers=rep.headers).json()
    assert mine["scope"] == ["your deals", "tickets assigned to you"]
    assert sum(s["deals"] for s in mine["pipeline_by_stage"]) == 1
    assert mine["forecast_by_month"]["total"]["amount"] == 1000.0
    assert (mine["win_rate_by_quarter"][-1]["won"], mine["win_rate_by_quarter"][-1]["lost"]) == (1, 1)
    assert mine["win_rate_by_quarter"][-2]["win_rate"] is None
    assert (mine["ticket_sentiment_by_week"][-1]["tickets"], mine["ticket_sentiment_by_week"][-1]["average_score"]) == (1, -0.8)


def test_the_page_and_the_charting_library_are_served_without_a_key(client):
    page = client.get("/dashboard")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert '<script src="/static/vendor/plotly.min.js">' in page.text and "cdn" not in page.text.lower()
    library = client.get("/static/vendor/plotly.min.js")
    assert library.status_code == 200 and library.headers["content-type"].startswith("application/javascript")
    assert b"plotly.js" in library.content[:200] and "max-age" in library.headers["cache-control"]
    again = client.get("/static/vendor/plotly.min.js", headers={"If-None-Match": library.headers["etag"]})
    assert again.status_code == 304 and not again.content
