"""The web chat in a real browser: Debian's chromium driven by Playwright, against a real uvicorn server.

`make test` installs chromium (scripts/chromium-for-tests.sh) and Playwright (the dev extra); Playwright never
downloads a browser of its own. The test writes a screenshot of the chat to build/screenshots/web-chat.png.
"""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest
import uvicorn

from tests.channels.conftest import SECRET

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"
# As the machine notes say: without these, chromium keeps trying to reach Google's hosts on a closed network.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class Server:
    """uvicorn serving the app in a thread; stop() and start() again on the same port drop every socket."""

    def __init__(self, app):
        self.app = app
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.server = uvicorn.Server(uvicorn.Config(self.app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.05)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=20)


@pytest.fixture
def server(tmp_path, help_centre):
    """Its own SQLite database: the browser test runs once (the socket tests run on SQLite and PostgreSQL)."""
    from channels.http.app import create_app
    from crm_core.config import Settings
    from crm_core.db import make_engine

    engine = make_engine(f"sqlite:///{tmp_path / 'crm.sqlite3'}")
    running = Server(create_app(Settings(data_dir=tmp_path, sentiment_scoring=False, identity_secret=SECRET),
                                engine=engine, knowledge=help_centre))
    running.start()
    yield running
    running.stop()
    engine.dispose()


@pytest.fixture
def page(server):
    from playwright.sync_api import sync_playwright

    assert CHROMIUM.exists(), "Debian chromium is missing: run scripts/chromium-for-tests.sh"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1100, "height": 760})
        page.set_default_timeout(20000)
        yield page
        browser.close()


def send(page, text: str) -> None:
    page.get_by_label("Your message").fill(text)
    page.keyboard.press("Enter")


def test_ask_get_a_cited_answer_hand_off_reconnect_and_reload(server, page):
    from playwright.sync_api import expect

    page.goto(server.url)
    log = page.get_by_role("log", name="Conversation")
    expect(page.get_by_role("button", name="Send")).to_be_enabled()

    send(page, "can I get a refund on my annual plan?")
    source = log.get_by_role("list", name="Sources").get_by_role("link").first
    expect(source).to_contain_text("Refund")
    article = source.get_attribute("href")
    assert article.startswith(server.url + "/help/articles/")
    expect(log.locator(".crmw-assistant").last).not_to_contain_text("Sources:")  # links instead of the text tail

    send(page, "what is the airspeed velocity of an unladen swallow?")
    expect(log.locator(".crmw-assistant").last).to_contain_text("person on our team")
    send(page, "yes please")
    expect(page.get_by_text("Connecting you to a person")).to_be_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "web-chat.png"))

    server.stop()  # the socket drops...
    expect(page.get_by_text("Reconnecting")).to_be_visible()
    server.start()  # ...and the widget comes back to the same conversation
    expect(page.get_by_role("button", name="Send")).to_be_enabled()
    expect(log.locator(".crmw-user")).to_have_count(3)

    page.reload()
    expect(log.locator(".crmw-user")).to_have_count(3)
    expect(log.locator(".crmw-user").first).to_have_text("can I get a refund on my annual plan?")
    expect(page.get_by_text("Connecting you to a person")).to_be_visible()

    page.goto(article)  # where the citation leads: the article itself
    expect(page.get_by_role("heading", level=1)).to_contain_text("Refund")


def test_the_widget_is_usable_from_the_keyboard(server, page):
    from playwright.sync_api import expect

    page.goto(server.url)
    page.get_by_role("button", name="Close chat").click()
    launcher = page.get_by_role("button", name="Chat with us")
    expect(launcher).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Your message")).to_be_focused()
    page.keyboard.press("Escape")
    expect(launcher).to_be_visible()
