"""Which tool a request names outright, and which side-effecting tools a message may reach at all."""

import pytest

from agent.local import cues
from tools.registry import STAFF_TOOLS, VERIFIED_VISITOR_TOOLS

STAFF = {getattr(t, "name", t) for t in STAFF_TOOLS}
VERIFIED = {getattr(t, "name", t) for t in VERIFIED_VISITOR_TOOLS}


@pytest.mark.parametrize("message, tool", [
    ("log call w/ Cordillera — budget moved to Dec 10", "log_activity"),
    ("could you note that I called Amara at Ironbark this morning?", "log_activity"),
    ("Note for the Globex multi-year deal: QBR slot is 9 Dec", "log_activity"),
    ("in 10 days ping Granite Peak about the deep dive", "create_task"),
    ("set me a reminder for friday to confirm the seat forecast", "create_task"),
    ("Karoo salesforce add-on is closed won!! PO came through", "update_deal"),
    ("Niamh moved into the Head of Product role, can you update her title?", "update_contact"),
])
def test_staff_requests_that_name_their_action(message, tool):
    assert cues.direct(message, cues.candidates(message, STAFF)) == tool


@pytest.mark.parametrize("message", [
    "do I have any support tickets open?",
    "hey, can you check on my webhook ticket?",
    "Did you ever sort out my complaint about the status page?",
    "show me every ticket our company has open",
])
def test_a_verified_visitor_asking_about_tickets_reaches_my_tickets(message):
    assert cues.direct(message, cues.candidates(message, VERIFIED)) == "my_tickets"


def test_a_bug_report_asking_for_a_ticket_opens_one():
    message = "hi! bug report: export cuts off the legend. can u make a ticket?"
    assert cues.direct(message, cues.candidates(message, VERIFIED)) == "create_ticket"


def test_asking_for_an_address_is_not_a_draft():
    assert "draft_follow_up" not in cues.candidates("whats the email for ironbark's CFO", STAFF)
    assert "draft_follow_up" in cues.candidates("write an email to Ironbark's CFO", STAFF)
