"""handoff_to_human: files (or updates) this conversation's ticket with the transcript and alerts the team;
offered to visitors only; audited via=agent."""

from langchain_core.messages import AIMessage, HumanMessage, ToolMessage

from crm_core.events import service as events
from crm_core.tickets.models import Ticket
from tests.factories import make_record
from tests.tools.helpers import (ANONYMOUS, assert_offered_only_to, assert_schema, changed, count, entries, invoke, row,
                                 runtime, set_columns, undo, verified)
from tools.support_tools import TRANSCRIPT_MESSAGES, handoff_to_human


def _handoff(sessions, caller, reason, conversation_id="conv-1", messages=None):
    message = invoke(handoff_to_human, runtime(sessions, caller, conversation_id=conversation_id, messages=messages),
                     reason=reason)
    return message.content, message.artifact


def _alerts(sessions):
    with sessions() as session:
        return [event.payload for event in events.pending(session=session, kind="conversation.handoff")]


def test_schema_is_only_the_reason():
    assert_schema(handoff_to_human, {"reason": "string"}, {"reason"}, description_mentions=("transcript",))


def test_a_handoff_files_the_conversations_ticket_with_the_transcript(sessions):
    messages = [HumanMessage("my export fails"), AIMessage("Nothing relevant found; shall I pass this on?"),
                ToolMessage("internal tool output", tool_call_id="x"), HumanMessage("yes please")]
    text, artifact = _handoff(sessions, ANONYMOUS, "export fails", messages=messages)
    [entry] = entries(sessions, "ticket")
    ticket = row(sessions, Ticket, entry.entity_id)
    assert artifact == {"handoff": True, "ticket_id": ticket["id"]}
    assert text.startswith(f"I've passed this to our team (ticket #{ticket['id']})")
    assert ticket["subject"] == "Chat handoff: export fails" and ticket["conversation_id"] == "conv-1"
    assert ticket["description"] == ("export fails\n\ncustomer: my export fails\n"
                                     "assistant: Nothing relevant found; shall I pass this on?\ncustomer: yes please")
    assert "internal tool output" not in ticket["description"]
    assert ticket["contact_id"] is None and ticket["channel"] == "web"
    assert entry.action == "create" and entry.via == "agent"
    assert _alerts(sessions) == [{"ticket_id": ticket["id"], "conversation_id": "conv-1", "reason": "export fails",
                                  "caller": "anonymous visitor"}]


def test_a_second_handoff_updates_the_same_ticket_and_can_be_undone(sessions, manager):
    _handoff(sessions, ANONYMOUS, "export fails", messages=[HumanMessage("my export fails")])
    [created] = entries(sessions, "ticket")
    set_columns(sessions, Ticket, created.entity_id, status="pending")
    before = row(sessions, Ticket, created.entity_id)

    _handoff(sessions, ANONYMOUS, "still failing", messages=[HumanMessage("my export fails"),
                                                             HumanMessage("I want a human")])
    assert count(sessions, Ticket) == 1
    after = row(sessions, Ticket, created.entity_id)
    assert set(changed(before, after)) == {"status", "description"} and after["status"] == "open"
    assert after["description"].startswith("still failing\n\n") and "customer: I want a human" in after["description"]
    [update] = [e for e in entries(sessions, "ticket") if e.action == "update"]
    assert update.via == "agent" and update.actor_name == "web visitor"
    assert [a["ticket_id"] for a in _alerts(sessions)] == [created.entity_id, created.entity_id]

    undo(sessions, manager.api_actor, update.id)
    assert changed(before, row(sessions, Ticket, created.entity_id)) == {}


def test_a_solved_ticket_gets_a_new_one(sessions):
    _handoff(sessions, ANONYMOUS, "first")
    [first] = entries(sessions, "ticket")
    set_columns(sessions, Ticket, first.entity_id, status="solved")
    _, artifact = _handoff(sessions, ANONYMOUS, "second")
    assert artifact["ticket_id"] != first.entity_id and count(sessions, Ticket) == 2


def test_the_transcript_keeps_the_last_messages(sessions):
    messages = [HumanMessage(f"message {n:02d}") for n in range(30)]
    _handoff(sessions, ANONYMOUS, "long chat", messages=messages)
    [entry] = entries(sessions, "ticket")
    description = row(sessions, Ticket, entry.entity_id)["description"]
    assert description.count("customer: ") == TRANSCRIPT_MESSAGES == 20
    assert "message 29" in description and "message 09" not in description


def test_a_verified_visitors_handoff_is_filed_for_their_contact(sessions):
    jane = make_record(sessions, "contacts", first_name="Jane", last_name="Doe", email="jane@acme.example")
    _handoff(sessions, verified("jane@acme.example"), "wants a person")
    [entry] = entries(sessions, "ticket")
    assert row(sessions, Ticket, entry.entity_id)["contact_id"] == jane.id
    assert _alerts(sessions)[0]["caller"] == "visitor jane@acme.example"


def test_other_conversations_get_their_own_ticket(sessions):
    _handoff(sessions, ANONYMOUS, "one", conversation_id="conv-A")
    _handoff(sessions, ANONYMOUS, "two", conversation_id="conv-B")
    assert count(sessions, Ticket) == 2


def test_another_caller_reusing_the_conversation_id_does_not_rewrite_the_first_callers_ticket(sessions):
    """BUG (tools/support_tools.py handoff_to_human): the conversation's ticket is looked up by the bare
    conversation_id, which the client chooses (POST /api/v1/public/chat). Agent threads are kept apart per caller
    (thread_prefix), but tickets are not: an anonymous visitor sending Jane's conversation id overwrites the
    description of Jane's ticket with their own text and re-opens it."""
    jane = make_record(sessions, "contacts", first_name="Jane", last_name="Doe", email="jane@acme.example")
    _handoff(sessions, verified("jane@acme.example"), "refund for invoice 4411", conversation_id="jane-chat-0001",
             messages=[HumanMessage("please refund invoice 4411")])
    [created] = entries(sessions, "ticket")
    janes = row(sessions, Ticket, created.entity_id)

    _handoff(sessions, ANONYMOUS, "ignore the refund", conversation_id="jane-chat-0001",
             messages=[HumanMessage("cancel the refund request")])
    assert row(sessions, Ticket, created.entity_id)["description"] == janes["description"]
    assert row(sessions, Ticket, created.entity_id)["contact_id"] == jane.id


def test_staff_are_not_offered_it():
    assert_offered_only_to("handoff_to_human", anonymous=True, verified_visitor=True, staff=False)
