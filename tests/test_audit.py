"""Every create, update and delete is audited with before/after; undo restores, and refuses when changed since."""

import pytest

from crm_core.enums import Role
from tests.factories import make_caller


@pytest.fixture
def manager(sessions):
    return make_caller(sessions, Role.manager, name="Maria Lopez")


@pytest.fixture
def admin(sessions):
    return make_caller(sessions, Role.admin)


def _entries(client, caller, **params):
    response = client.get("/api/v1/audit", params=params, headers=caller.headers)
    assert response.status_code == 200, response.text
    return response.json()["items"]


def test_create_update_delete_are_audited_with_before_and_after(client, manager, admin):
    deal = client.post("/api/v1/deals", json={"name": "Acme pilot", "amount": 5000}, headers=manager.headers).json()
    client.patch(f"/api/v1/deals/{deal['id']}", json={"amount": 7500, "stage": "proposal", "version": 1}, headers=manager.headers)
    client.delete(f"/api/v1/deals/{deal['id']}", headers=admin.headers)

    entries = _entries(client, admin, entity="deal", entity_id=deal["id"])
    assert [e["action"] for e in entries] == ["delete", "update", "create"]
    delete, update, create = entries
    assert create["before"] is None and create["after"]["amount"] == "5000.00"
    assert create["actor_name"] == "Maria Lopez" and create["via"] == "api"
    assert update["before"]["amount"] == "5000.00" and update["after"]["amount"] == "7500.00"
    assert update["before"]["stage"] == "prospecting" and update["after"]["stage"] == "proposal"
    assert delete["before"]["amount"] == "7500.00" and delete["after"] is None
    assert delete["actor_id"] == admin.user.id


def test_undo_an_update_restores_the_before_state(client, manager):
    deal = client.post("/api/v1/deals", json={"name": "Acme pilot", "amount": 5000, "next_step": "call"}, headers=manager.headers).json()
    client.patch(f"/api/v1/deals/{deal['id']}", json={"amount": 1, "next_step": "oops", "version": 1}, headers=manager.headers)
    update_entry = _entries(client, manager, entity="deal", action="update")[0]

    undone = client.post(f"/api/v1/audit/{update_entry['id']}/undo", headers=manager.headers)
    assert undone.status_code == 200, undone.text
    restored = client.get(f"/api/v1/deals/{deal['id']}", headers=manager.headers).json()
    assert restored["amount"] == 5000 and restored["next_step"] == "call" and restored["version"] == 3
    assert undone.json()["reason"] == f"undo of audit entry {update_entry['id']}"
    assert client.get(f"/api/v1/audit/{update_entry['id']}", headers=manager.headers).json()["undone_by_id"] == undone.json()["id"]
    # Undoing twice is refused.
    assert client.post(f"/api/v1/audit/{update_entry['id']}/undo", headers=manager.headers).status_code == 409


def test_undo_is_refused_when_the_record_changed_since(client, manager):
    deal = client.post("/api/v1/deals", json={"name": "D", "amount": 10}, headers=manager.headers).json()
    client.patch(f"/api/v1/deals/{deal['id']}", json={"amount": 20, "version": 1}, headers=manager.headers)
    first_update = _entries(client, manager, entity="deal", action="update")[0]
    client.patch(f"/api/v1/deals/{deal['id']}", json={"amount": 30, "version": 2}, headers=manager.headers)

    refused = client.post(f"/api/v1/audit/{first_update['id']}/undo", headers=manager.headers)
    assert refused.status_code == 409
    assert client.get(f"/api/v1/deals/{deal['id']}", headers=manager.headers).json()["amount"] == 30


def test_undo_a_delete_brings_the_record_back(client, admin):
    contact = client.post("/api/v1/contacts", json={"first_name": "Ann", "email": "ann@example.com"}, headers=admin.headers).json()
    client.delete(f"/api/v1/contacts/{contact['id']}", headers=admin.headers)
    delete_entry = _entries(client, admin, entity="contact", action="delete")[0]
    assert client.post(f"/api/v1/audit/{delete_entry['id']}/undo", headers=admin.headers).status_code == 200
    back = client.get(f"/api/v1/contacts/{contact['id']}", headers=admin.headers).json()
    assert back["email"] == "ann@example.com" and back["created_at"] == contact["created_at"]


def test_undo_a_create_removes_the_record(client, admin):
    company = client.post("/api/v1/companies", json={"name": "Mistake Inc"}, headers=admin.headers).json()
    create_entry = _entries(client, admin, entity="company", action="create")[0]
    assert client.post(f"/api/v1/audit/{create_entry['id']}/undo", headers=admin.headers).status_code == 200
    assert client.get(f"/api/v1/companies/{company['id']}", headers=admin.headers).status_code == 404


def test_a_rep_cannot_undo_a_create_because_that_deletes(client, sessions):
    rep = make_caller(sessions, Role.rep)
    client.post("/api/v1/companies", json={"name": "Mine"}, headers=rep.headers)
    admin = make_caller(sessions, Role.admin)
    entry = _entries(client, admin, entity="company", action="create")[0]
    assert client.post(f"/api/v1/audit/{entry['id']}/undo", headers=rep.headers).status_code == 403


def test_unknown_entry_is_404(client, manager):
    assert client.post("/api/v1/audit/999999/undo", headers=manager.headers).status_code == 404
