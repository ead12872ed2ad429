"""create_ticket and handoff_to_human through the agent: who the ticket is for comes from the verified caller,
a handoff files one ticket per conversation with the transcript and alerts the team."""

from datetime import date

import pytest
from langgraph.checkpoint.memory import InMemorySaver
from sqlalchemy import select

from agent.build import build_agent, run_turn
from agent.local.model import local_model
from crm_core.actor import Actor
from crm_core.audit.models import AuditEntry
from crm_core.events import service as events
from crm_core.tickets.models import Ticket
from tests.factories import make_record
from tools.context import Caller, CallerKind, ToolContext
from tools.registry import examples
from tools.support_tools import create_ticket


@pytest.fixture(scope="module")
def agent(help_centre, embedder):
    return build_agent(local_model(embedder, examples()), InMemorySaver()), help_centre


def _turn(agent, sessions, message, caller, conversation_id=None):
    graph, knowledge = agent
    return run_turn(graph, message, conversation_id=conversation_id, context_for=lambda cid: ToolContext(
        caller=caller, sessions=sessions, knowledge=knowledge, conversation_id=cid, today=date(2026, 11, 22)))


def _tickets(sessions):
    with sessions() as session:
        return session.scalars(select(Ticket).order_by(Ticket.id)).all()


ANONYMOUS = Caller(kind=CallerKind.visitor, actor=Actor.visitor())


def test_accepting_the_handoff_offer_files_one_ticket_per_conversation(sessions, agent):
    first = _turn(agent, sessions, "can you recommend a good pizza place in Naples?", ANONYMOUS)
    assert "person" in first.reply and not first.handoff

    accepted = _turn(agent, sessions, "yes please", ANONYMOUS, first.conversation_id)
    assert accepted.tool_calls == [{"name": "handoff_to_human",
                                    "args": {"reason": "can you recommend a good pizza place in Naples?"}}]
    assert accepted.handoff and "ticket #" in accepted.reply
    [ticket] = _tickets(sessions)
    assert ticket.conversation_id == first.conversation_id and ticket.channel == "web" and ticket.contact_id is None
    assert "customer: can you recommend a good pizza place" in ticket.description

    again = _turn(agent, sessions, "I want to talk to a human", ANONYMOUS, first.conversation_id)
    assert again.handoff and [t.id for t in _tickets(sessions)] == [ticket.id]  # the same ticket, updated

    with sessions() as session:
        alerts = events.pending(session=session, kind="conversation.handoff")
        assert [a.payload["ticket_id"] for a in alerts] == [ticket.id, ticket.id]
        audit = session.scalars(select(AuditEntry).where(AuditEntry.entity == "ticket")).all()
        assert {a.via for a in audit} == {"agent"}


def test_a_verified_visitors_ticket_is_theirs_and_an_anonymous_email_is_only_text(sessions, agent):
    jane = make_record(sessions, "contacts", first_name="Jane", last_name="Doe", email="jane@acme.example")
    verified = Caller(kind=CallerKind.visitor, actor=Actor.visitor(), visitor_email="jane@acme.example")
    mine = _turn(agent, sessions, "please open a ticket: the CSV export fails with error 500 since Monday", verified)
    assert mine.tool_calls[0]["name"] == "create_ticket"

    spoof = _turn(agent, sessions, "create a ticket about the billing error, reply to jane@acme.example", ANONYMOUS)
    assert spoof.tool_calls[0]["args"]["reply_to_email"] == "jane@acme.example"
    tickets = _tickets(sessions)
    assert [t.contact_id for t in tickets] == [jane.id, None]
    assert "Reply-to (given in chat, not verified): jane@acme.example" in tickets[1].description


def test_create_ticket_takes_no_identity_from_its_arguments():
    fields = set(create_ticket.args)
    assert fields == {"subject", "description", "reply_to_email"}
    assert "contact_id" not in fields and "email" not in fields
