"""POST /api/v1/chat and /api/v1/public/chat: real HTTP app, offline model, memory in the database."""

import hashlib
import hmac
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient

from crm_core.config import Settings
from crm_core.enums import Role
from tests.factories import make_caller, make_record

SECRET = "test-identity-secret"


@pytest.fixture
def make_client(engine, sessions, tmp_path, help_centre):
    from channels.http.app import create_app

    def make():
        app = create_app(Settings(data_dir=tmp_path, sentiment_scoring=False, identity_secret=SECRET),
                         engine=engine, knowledge=help_centre)
        return TestClient(app)

    return make


def test_staff_chat_answers_from_the_crm_and_remembers_across_a_restart(sessions, make_client):
    manager = make_caller(sessions, Role.manager)
    acme = make_record(sessions, "companies", name="Acme Rockets")
    globex = make_record(sessions, "companies", name="Globex")
    make_record(sessions, "deals", name="Acme Rockets expansion", company_id=acme.id, amount=Decimal(48000), stage="negotiation")
    make_record(sessions, "deals", name="Globex renewal", company_id=globex.id, amount=Decimal(12500), stage="proposal")

    with make_client() as client:
        first = client.post("/api/v1/chat", headers=manager.headers, json={"message": "how is the Acme Rockets deal going?"})
    assert first.status_code == 200, first.text
    body = first.json()
    assert body["tool_calls"] == [{"name": "deal_summary", "args": {"deal": "Acme Rockets"}}]
    assert "negotiation" in body["reply"] and body["handoff"] is False

    with make_client() as restarted:  # a new app: the conversation comes back from the database
        second = restarted.post("/api/v1/chat", headers=manager.headers,
                                json={"message": "what about Globex?", "conversation_id": body["conversation_id"]})
    assert second.json()["tool_calls"] == [{"name": "deal_summary", "args": {"deal": "Globex"}}]


def test_another_callers_conversation_id_is_another_conversation(sessions, make_client):
    manager, other = make_caller(sessions, Role.manager), make_caller(sessions, Role.manager)
    make_record(sessions, "deals", name="Acme Rockets expansion", amount=Decimal(48000), stage="negotiation")
    with make_client() as client:
        first = client.post("/api/v1/chat", headers=manager.headers, json={"message": "summary of the Acme Rockets deal"}).json()
        stolen = client.post("/api/v1/chat", headers=other.headers,
                             json={"message": "what about Globex?", "conversation_id": first["conversation_id"]}).json()
    # no earlier turn in the other caller's thread, so "what about" is not a follow-up of the manager's question
    assert stolen["tool_calls"] != [{"name": "deal_summary", "args": {"deal": "Globex"}}]


def test_chat_needs_a_key_and_a_message(make_client, sessions):
    manager = make_caller(sessions, Role.manager)
    with make_client() as client:
        assert client.post("/api/v1/chat", json={"message": "hi"}).status_code == 401
        empty = client.post("/api/v1/chat", headers=manager.headers, json={"message": ""})
        assert empty.status_code == 422 and empty.json()["detail"][0]["loc"] == ["body", "message"]
        bad_id = client.post("/api/v1/chat", headers=manager.headers, json={"message": "hi", "conversation_id": "../x"})
        assert bad_id.status_code == 422 and bad_id.json()["detail"][0]["loc"] == ["body", "conversation_id"]


def test_a_visitor_gets_cited_help_centre_answers(make_client):
    with make_client() as client:
        response = client.post("/api/v1/public/chat", json={"message": "how many API requests can we make per minute?"})
    body = response.json()
    assert response.status_code == 200
    assert body["tool_calls"] == [{"name": "search_knowledge_base", "args": {"query": "how many API requests can we make per minute?"}}]
    assert body["citations"][0]["title"] == "API rate limits" and "600" in body["reply"]


def _token(email):
    return hmac.new(SECRET.encode(), email.lower().encode(), hashlib.sha256).hexdigest()


def test_visitor_identity_is_verified_by_the_token(make_client):
    with make_client() as client:
        ok = client.post("/api/v1/public/chat", json={"message": "hello", "email": "Jane@Acme.example",
                                                      "identity_token": _token("jane@acme.example")})
        assert ok.status_code == 200 and ok.json()["reply"].startswith("Hello")
        forged = client.post("/api/v1/public/chat", json={"message": "hello", "email": "jane@acme.example",
                                                          "identity_token": _token("eve@evil.example")})
        assert forged.status_code == 401
        half = client.post("/api/v1/public/chat", json={"message": "hello", "email": "jane@acme.example"})
        assert half.status_code == 422 and half.json()["detail"][0]["loc"] == ["body", "identity_token"]


def test_crm_chat_in_the_terminal(crm, sessions, monkeypatch, help_centre):
    from channels import wiring

    monkeypatch.setattr(wiring, "LazyKnowledgeBase", lambda settings: help_centre)
    manager = make_caller(sessions, Role.manager)
    make_record(sessions, "deals", name="Acme Rockets expansion", amount=Decimal(48000), stage="negotiation")
    result = crm("chat", "--as", manager.user.email, input="summary of the Acme Rockets deal\n")
    assert result.exit_code == 0, result.output
    assert "negotiation" in result.output and "tool: deal_summary" in result.output and "conversation: " in result.output

    unknown = crm("chat", "--as", "nobody@example.com", input="hi\n")
    assert unknown.exit_code == 1 and "nobody@example.com" in unknown.output
