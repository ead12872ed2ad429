"""create_ticket: a support ticket for the person in the chat; the contact is the verified visitor (from the
runtime context), an e-mail typed in the chat is only reply-to text; audited via=agent."""

import pytest

from langchain_core.messages import AIMessage, HumanMessage

from crm_core.errors import PermissionDenied
from crm_core.tickets.models import Ticket
from tests.factories import make_record
from tests.tools.helpers import (ANONYMOUS, assert_offered_only_to, assert_schema, call, count, entries, row, undo,
                                 verified)
from tools.support_tools import create_ticket, handoff_to_human


def test_schema_has_no_contact_and_the_email_is_only_a_reply_to():
    assert_schema(create_ticket, {"subject": "string", "description": "string", "reply_to_email": "string | null"},
                  {"subject", "description"}, description_mentions=("not trusted as identity",))


def _only_ticket(sessions) -> tuple[dict, object]:
    [entry] = entries(sessions, "ticket")
    return row(sessions, Ticket, entry.entity_id), entry


def test_an_anonymous_visitors_ticket_has_no_contact_and_the_email_is_text(sessions, admin, manager):
    jane = make_record(sessions, "contacts", first_name="Jane", last_name="Doe", email="jane@acme.example")
    reply = call(create_ticket, sessions, ANONYMOUS, subject="Billing error", description="Charged twice.",
                 reply_to_email="jane@acme.example")
    ticket, entry = _only_ticket(sessions)
    assert reply == f"Created ticket #{ticket['id']}: Billing error (status new, priority normal)."
    assert ticket["contact_id"] is None and ticket["contact_id"] != jane.id
    assert ticket["description"] == "Charged twice.\n\nReply-to (given in chat, not verified): jane@acme.example"
    assert ticket["channel"] == "web" and ticket["assignee_id"] is None
    assert entry.action == "create" and entry.via == "agent" and entry.actor_id is None
    assert entry.actor_name == "web visitor"

    with pytest.raises(PermissionDenied):  # undoing a create deletes: an admin's call
        undo(sessions, manager.api_actor, entry.id)
    undo(sessions, admin.api_actor, entry.id)
    assert count(sessions, Ticket) == 0


def test_a_verified_visitors_ticket_is_theirs(sessions):
    jane = make_record(sessions, "contacts", first_name="Jane", last_name="Doe", email="jane@acme.example")
    call(create_ticket, sessions, verified("jane@acme.example"), subject="Export fails",
         description="Since Monday.", reply_to_email="boss@acme.example")
    ticket, _ = _only_ticket(sessions)
    assert ticket["contact_id"] == jane.id
    assert ticket["description"].endswith("Reply-to (given in chat, not verified): boss@acme.example")


def test_a_verified_email_without_a_contact_files_without_one(sessions):
    call(create_ticket, sessions, verified("new@customer.example"), subject="Hello", description="First time here")
    ticket, _ = _only_ticket(sessions)
    assert ticket["contact_id"] is None


def test_long_texts_are_cut(sessions):
    call(create_ticket, sessions, ANONYMOUS, subject="S" * 500, description="D" * 30000,
         reply_to_email="x@example.com")
    ticket, _ = _only_ticket(sessions)
    assert len(ticket["subject"]) == 300 and len(ticket["description"]) == 20000


def test_staff_file_tickets_assigned_to_themselves(sessions, alice):
    reply = call(create_ticket, sessions, alice.caller, subject="Customer asked by phone", description="Reset SSO")
    ticket, entry = _only_ticket(sessions)
    assert reply.startswith(f"Created ticket #{ticket['id']}")
    assert ticket["assignee_id"] == alice.id and ticket["contact_id"] is None
    assert entry.via == "agent" and entry.actor_id == alice.id


def test_every_caller_is_offered_it():
    assert_offered_only_to("create_ticket", anonymous=True, verified_visitor=True, staff=True)


CHAT = [HumanMessage("our free trial runs out on friday, is there any way to get a bit more time?"),
        AIMessage("Yes: an admin can ask for a one-time 14-day extension."),
        HumanMessage("ok please request the extension for us then")]


def test_a_ticket_filed_later_in_a_chat_carries_what_was_said_before(sessions):
    call(create_ticket, sessions, ANONYMOUS, subject="Please request the extension for us then",
         description="ok please request the extension for us then", messages=CHAT, conversation_id="chat-9")
    ticket, _ = _only_ticket(sessions)
    assert ticket["description"] == (
        "ok please request the extension for us then\n\n"
        "customer: our free trial runs out on friday, is there any way to get a bit more time?\n"
        "assistant: Yes: an admin can ask for a one-time 14-day extension.\n"
        "customer: ok please request the extension for us then")
    assert ticket["conversation_id"] == "chat-9"


def test_a_handoff_in_the_same_chat_adds_to_that_ticket_and_keeps_its_text(sessions):
    call(create_ticket, sessions, ANONYMOUS, subject="Trial extension", description="Please extend our trial.",
         messages=CHAT[:1], conversation_id="chat-9")
    later = [*CHAT[:1], AIMessage("Ticket filed."), HumanMessage("actually can a person call me about it")]
    call(handoff_to_human, sessions, ANONYMOUS, reason="wants a call", messages=later, conversation_id="chat-9")
    [ticket] = [row(sessions, Ticket, e.entity_id) for e in entries(sessions, "ticket") if e.action == "create"]
    assert count(sessions, Ticket) == 1 and ticket["status"] == "open"
    assert ticket["description"].startswith("wants a call\n\nPlease extend our trial.\n\ncustomer: our free trial")
    assert ticket["description"].endswith("customer: actually can a person call me about it")
    assert ticket["description"].count("customer: our free trial") == 1
