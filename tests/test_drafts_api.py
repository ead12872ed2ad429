"""The drafts routes with real API keys: list (a rep sees their own), read, edit with a version, approve (sends to
the outbox, once), discard (never sends); a draft's audit entries cannot be undone."""

import socket

import pytest
from sqlalchemy import select

from crm_core.actor import Actor
from crm_core.db import unit_of_work
from crm_core.drafts import service as drafts
from crm_core.drafts.mail import OutboxMailer, SmtpMailer
from crm_core.drafts.models import OutboxEmail
from crm_core.drafts.schemas import DraftCreate
from crm_core.enums import Role, Via
from tests.factories import make_caller

API = "/api/v1/drafts"


@pytest.fixture
def manager(sessions):
    return make_caller(sessions, Role.manager, name="Maria Lopez")


@pytest.fixture
def alice(sessions):
    return make_caller(sessions, Role.rep, name="Alice Moreau")


@pytest.fixture
def bruno(sessions):
    return make_caller(sessions, Role.rep, name="Bruno Keller")


def _draft(sessions, owner, to_email="jane@acme.example", subject="Following up", conversation_id="conv-1") -> int:
    """A draft the agent wrote for ``owner`` (through the service, audited via=agent)."""
    with unit_of_work(sessions) as session:
        draft = drafts.create_draft(session=session, actor=Actor.for_user(owner.user, Via.agent), data=DraftCreate(
            to_email=to_email, subject=subject, body="Hi,\n\nFollowing up.\n", conversation_id=conversation_id))
        return draft.id


def _outbox(sessions) -> list[OutboxEmail]:
    with sessions() as session:
        return list(session.scalars(select(OutboxEmail).order_by(OutboxEmail.id)))


def test_no_key_is_401(client, sessions, manager):
    draft_id = _draft(sessions, manager)
    for method, path in (("get", API), ("get", f"{API}/{draft_id}"), ("patch", f"{API}/{draft_id}"),
                         ("post", f"{API}/{draft_id}/approve"), ("post", f"{API}/{draft_id}/discard")):
        response = client.request(method.upper(), path, json={"version": 1, "subject": "x"} if method == "patch" else None)
        assert response.status_code == 401, (method, path)
    assert client.get(API, headers={"Authorization": "Bearer crm_not-a-real-key"}).status_code == 401
    assert _outbox(sessions) == []


def test_list_with_status_filter_and_totals(client, sessions, manager, alice):
    ids = [_draft(sessions, manager, subject=f"Draft {n}") for n in range(3)] + [_draft(sessions, alice)]
    client.post(f"{API}/{ids[0]}/approve", headers=manager.headers)
    client.post(f"{API}/{ids[1]}/discard", headers=manager.headers)

    everything = client.get(API, headers=manager.headers).json()
    assert everything["total"] == 4 and [d["id"] for d in everything["items"]] == sorted(ids, reverse=True)
    waiting = client.get(API, params={"status": "draft"}, headers=manager.headers).json()
    assert waiting["total"] == 2 and {d["id"] for d in waiting["items"]} == {ids[2], ids[3]}
    assert all(d["status"] == "draft" for d in waiting["items"])
    sent = client.get(API, params={"status": "sent"}, headers=manager.headers).json()
    assert (sent["total"], [d["id"] for d in sent["items"]]) == (1, [ids[0]])
    page = client.get(API, params={"status": "draft", "limit": 1}, headers=manager.headers).json()
    assert page["total"] == 2 and len(page["items"]) == 1 and page["limit"] == 1
    assert client.get(API, params={"status": "nonsense"}, headers=manager.headers).status_code == 422


def test_a_rep_sees_and_decides_only_their_own_drafts(client, sessions, alice, bruno):
    mine = _draft(sessions, alice)
    theirs = _draft(sessions, bruno, to_email="tom@acme.example")
    listed = client.get(API, headers=alice.headers).json()
    assert (listed["total"], [d["id"] for d in listed["items"]]) == (1, [mine])
    assert client.get(API, params={"owner_id": bruno.user.id}, headers=alice.headers).json()["total"] == 0

    assert client.get(f"{API}/{theirs}", headers=alice.headers).status_code in (403, 404)
    assert client.patch(f"{API}/{theirs}", json={"version": 1, "to_email": "mallory@evil.example"},
                        headers=alice.headers).status_code in (403, 404)
    assert client.post(f"{API}/{theirs}/approve", headers=alice.headers).status_code in (403, 404)
    assert client.post(f"{API}/{theirs}/discard", headers=alice.headers).status_code in (403, 404)
    untouched = client.get(f"{API}/{theirs}", headers=bruno.headers).json()
    assert untouched["status"] == "draft" and untouched["to_email"] == "tom@acme.example" and untouched["version"] == 1
    assert _outbox(sessions) == []

    assert client.get(f"{API}/{mine}", headers=alice.headers).json()["owner_id"] == alice.user.id


def test_edit_with_the_current_version_and_409_on_a_stale_one(client, sessions, manager):
    draft_id = _draft(sessions, manager)
    edited = client.patch(f"{API}/{draft_id}", json={"version": 1, "subject": "Your revised quote",
                                                     "to_email": " Jane.Doe@Acme.example "}, headers=manager.headers)
    assert edited.status_code == 200, edited.text
    body = edited.json()
    assert body["subject"] == "Your revised quote" and body["to_email"] == "jane.doe@acme.example"
    assert body["version"] == 2 and body["body"] == "Hi,\n\nFollowing up."  # untouched

    stale = client.patch(f"{API}/{draft_id}", json={"version": 1, "subject": "Lost update"}, headers=manager.headers)
    assert stale.status_code == 409 and stale.json()["current_version"] == 2
    assert "version" in stale.json()["detail"]
    assert client.get(f"{API}/{draft_id}", headers=manager.headers).json()["subject"] == "Your revised quote"


def test_a_bad_email_is_422_naming_the_field(client, sessions, manager):
    draft_id = _draft(sessions, manager)
    response = client.patch(f"{API}/{draft_id}", json={"version": 1, "to_email": "not-an-email"},
                            headers=manager.headers)
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"][-1] == "to_email" and "e-mail" in error["msg"]
    assert client.get(f"{API}/{draft_id}", headers=manager.headers).json()["to_email"] == "jane@acme.example"


def test_approve_sends_once_to_the_outbox(client, sessions, manager):
    draft_id = _draft(sessions, manager, subject="Your quote")
    approved = client.post(f"{API}/{draft_id}/approve", headers=manager.headers)
    assert approved.status_code == 200, approved.text
    body = approved.json()
    assert body["status"] == "sent" and body["sent_via"] == "outbox" and body["send_error"] is None
    assert body["sent_at"] and body["decided_by_id"] == manager.user.id
    [mail] = _outbox(sessions)
    assert (mail.draft_id, mail.to_email, mail.subject) == (draft_id, "jane@acme.example", "Your quote")

    again = client.post(f"{API}/{draft_id}/approve", headers=manager.headers)
    assert again.status_code == 409 and "already sent" in again.json()["detail"]
    edit = client.patch(f"{API}/{draft_id}", json={"version": body["version"], "subject": "x"}, headers=manager.headers)
    assert edit.status_code == 409
    assert client.post(f"{API}/{draft_id}/discard", headers=manager.headers).status_code == 409
    assert len(_outbox(sessions)) == 1


def test_a_failed_smtp_send_stays_approved_and_can_be_retried(client, app, sessions, manager):
    draft_id = _draft(sessions, manager)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app.state.mailer = SmtpMailer(host="127.0.0.1", port=port, timeout=2)
    failed = client.post(f"{API}/{draft_id}/approve", headers=manager.headers)
    assert failed.status_code == 200
    assert failed.json()["status"] == "approved" and failed.json()["send_error"].startswith("ConnectionRefusedError")
    assert _outbox(sessions) == []

    app.state.mailer = OutboxMailer()
    retried = client.post(f"{API}/{draft_id}/approve", headers=manager.headers)
    assert retried.status_code == 200 and retried.json()["status"] == "sent" and retried.json()["send_error"] is None
    assert len(_outbox(sessions)) == 1


def test_discard_never_sends(client, sessions, manager):
    draft_id = _draft(sessions, manager)
    discarded = client.post(f"{API}/{draft_id}/discard", headers=manager.headers)
    assert discarded.status_code == 200
    assert discarded.json()["status"] == "discarded" and discarded.json()["sent_at"] is None
    assert client.post(f"{API}/{draft_id}/approve", headers=manager.headers).status_code == 409
    assert client.post(f"{API}/{draft_id}/discard", headers=manager.headers).status_code == 409
    assert _outbox(sessions) == []


def test_an_unknown_draft_is_404(client, manager):
    assert client.get(f"{API}/999", headers=manager.headers).status_code == 404
    assert client.post(f"{API}/999/approve", headers=manager.headers).status_code == 404


def test_a_drafts_audit_entries_cannot_be_undone(client, sessions, manager):
    draft_id = _draft(sessions, manager)
    client.post(f"{API}/{draft_id}/approve", headers=manager.headers)
    audit = client.get("/api/v1/audit", params={"entity_id": draft_id, "limit": 500}, headers=manager.headers)
    entries = [e for e in audit.json()["items"] if e["entity"] == "draft"]
    assert [e["action"] for e in entries][-1] == "create" and "update" in [e["action"] for e in entries]
    assert entries[-1]["via"] == "agent"  # written by the agent
    assert any(e["via"] == "api" for e in entries)  # decided through the API
    for entry in entries:
        refused = client.post(f"/api/v1/audit/{entry['id']}/undo", headers=manager.headers)
        assert refused.status_code == 409
        assert refused.json()["detail"] == "a draft change cannot be undone (an approved e-mail cannot be unsent)"
    assert client.get(f"{API}/{draft_id}", headers=manager.headers).json()["status"] == "sent"
    assert len(_outbox(sessions)) == 1


def test_the_audit_trail_can_be_filtered_to_drafts(client, sessions, manager):
    """BUG (crm_core/audit/schemas.py AuditFilters.entity): drafts are audited with entity "draft", but the filter
    only accepts RecordType values (company ... task), so GET /api/v1/audit?entity=draft is a 422 and a draft's
    trail cannot be asked for."""
    draft_id = _draft(sessions, manager)
    response = client.get("/api/v1/audit", params={"entity": "draft", "entity_id": draft_id}, headers=manager.headers)
    assert response.status_code == 200, response.text
    assert [e["action"] for e in response.json()["items"]] == ["create"]
