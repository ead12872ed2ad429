"""The manager dashboard in a real browser (Debian's chromium driven by Playwright) against uvicorn on a
demo-seeded SQLite database: the key prompt, four plotly charts, the API's numbers on the page, a rep's own
numbers, a refused key. Writes build/screenshots/dashboard.png and copies it to docs/images/dashboard.png."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import httpx
import pytest
from sqlalchemy import case, update

from tests.channels.test_webchat_browser import SCREENSHOTS, Server, page  # noqa: F401  (page: chromium on `server`)

DOCS_IMAGE = Path(__file__).resolve().parents[2] / "docs" / "images" / "dashboard.png"
CHARTS = ["#chart-stage", "#chart-forecast", "#chart-win", "#chart-sentiment"]


@pytest.fixture
def server(tmp_path):
    """A demo business served by uvicorn, with its printed API keys as ``keys`` ({role: key}); its tickets get
    fixed scores (what `crm sentiment rescore` would do, without loading the model)."""
    from channels.http.app import create_app
    from crm_core import migrate
    from crm_core.config import Settings
    from crm_core.db import make_engine, session_factory
    from crm_core.demo.seed import seed
    from crm_core.tickets.models import Ticket

    engine = make_engine(f"sqlite:///{tmp_path / 'crm.sqlite3'}")
    migrate.upgrade(engine)
    with session_factory(engine)() as session:
        summary = seed(session=session, today=date.today())
        score = (Ticket.id * 37 % 200 - 100) / 100.0
        session.execute(update(Ticket).values(
            sentiment_score=score, scored_at=Ticket.created_at,
            sentiment_label=case((score < -0.3, "negative"), (score > 0.3, "positive"), else_="neutral")))
        session.commit()
    running = Server(create_app(Settings(data_dir=tmp_path, sentiment_scoring=False), engine=engine))
    running.keys = {role: key for role, _email, key in summary.keys}
    running.start()
    yield running
    running.stop()
    engine.dispose()


def api(server, key: str) -> dict:
    response = httpx.get(f"{server.url}/api/v1/pipeline/dashboard", headers={"Authorization": f"Bearer {key}"})
    response.raise_for_status()
    return response.json()


def enter_key(page, key: str) -> None:
    page.get_by_label("API key").fill(key)
    page.get_by_role("button", name="Show the dashboard").click()


def money(value: float) -> str:
    return f"{round(value):,}"


def test_a_manager_sees_four_charts_with_the_apis_numbers_a_rep_their_own_a_bad_key_an_error(server, page):
    from playwright.sync_api import expect

    keys = server.keys
    page.set_viewport_size({"width": 1280, "height": 1000})
    page.goto(f"{server.url}/dashboard")
    expect(page.get_by_role("heading", level=1, name="Manager dashboard")).to_be_visible()
    enter_key(page, keys["manager"])

    for chart in CHARTS:
        expect(page.locator(f"{chart} .main-svg").first).to_be_attached()
    for heading in ("Pipeline by stage", "Forecast by close month", "Win rate by quarter", "Ticket sentiment by week"):
        expect(page.get_by_role("heading", level=2, name=heading)).to_be_visible()
    team = api(server, keys["manager"])
    total = team["forecast_by_month"]["total"]
    expect(page.locator("#total-weighted")).to_have_text(money(total["weighted"]))
    expect(page.locator("#total-expected")).to_have_text(money(total["expected"]))
    expect(page.locator("#total-deals")).to_have_text(str(total["deals"]))
    proposal = next(s for s in team["pipeline_by_stage"] if s["stage"] == "proposal")
    expect(page.locator("#table-stage tr", has_text="Proposal")).to_contain_text(money(proposal["amount"]))
    assert any(week["tickets"] for week in team["ticket_sentiment_by_week"])  # the sentiment line has points
    expect(page.locator("#summary-sentiment")).to_contain_text("scored tickets")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "dashboard.png"), full_page=True)
    DOCS_IMAGE.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SCREENSHOTS / "dashboard.png", DOCS_IMAGE)

    page.reload()  # the key was kept: no prompt
    expect(page.locator("#chart-stage .main-svg").first).to_be_attached()
    expect(page.get_by_label("API key")).to_be_hidden()

    page.get_by_role("button", name="Use another API key").click()
    enter_key(page, keys["rep"])
    own = api(server, keys["rep"])["forecast_by_month"]["total"]
    assert 0 < own["deals"] < total["deals"]
    expect(page.locator("#total-deals")).to_have_text(str(own["deals"]))
    expect(page.locator("#total-weighted")).to_have_text(money(own["weighted"]))
    expect(page.locator("#scope")).to_contain_text("your deals")

    page.get_by_role("button", name="Use another API key").click()
    enter_key(page, "not-a-real-key")
    expect(page.get_by_role("alert")).to_contain_text("API key was not accepted")
    expect(page.locator("#board")).to_be_hidden()
