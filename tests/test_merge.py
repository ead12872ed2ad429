"""Duplicate contacts: found by fuzzy name + company + phone, merged with their records, audited."""

import pytest

from crm_core.enums import Role
from tests.factories import make_caller, make_record


@pytest.fixture
def manager(sessions):
    return make_caller(sessions, Role.manager)


@pytest.fixture
def acme(sessions):
    return make_record(sessions, "companies", name="Acme")


def test_likely_duplicates_are_listed_with_reasons(client, sessions, manager, acme):
    jon = make_record(sessions, "contacts", first_name="Jonathan", last_name="Smith", company_id=acme.id, email="jon@acme.example")
    jonny = make_record(sessions, "contacts", first_name="Jonathon", last_name="Smith", company_id=acme.id, phone="+14155550100")
    same_phone = make_record(sessions, "contacts", first_name="Jon", last_name="Smyth", phone="+14155550100")
    make_record(sessions, "contacts", first_name="Maria", last_name="Garcia", company_id=acme.id)

    body = client.get("/api/v1/contacts/duplicates", headers=manager.headers).json()
    pairs = {(p["contact_id"], p["duplicate_id"]): p for p in body["items"]}
    assert (jon.id, jonny.id) in pairs
    assert "same company" in pairs[(jon.id, jonny.id)]["reasons"]
    assert (jonny.id, same_phone.id) in pairs and "same phone" in pairs[(jonny.id, same_phone.id)]["reasons"]
    assert all("Maria" not in str(p) for p in body["items"])
    assert body["total"] == len(body["items"]) == 2


def test_merge_moves_related_records_and_removes_the_duplicate(client, sessions, manager, acme):
    keep = make_record(sessions, "contacts", first_name="Jon", last_name="Smith", email="jon@acme.example", tags=["vip"])
    dup = make_record(sessions, "contacts", first_name="Jon", last_name="Smith", phone="+14155550100", company_id=acme.id, tags=["beta"])
    deal = make_record(sessions, "deals", name="Acme deal", contact_id=dup.id)
    ticket = make_record(sessions, "tickets", subject="Help", contact_id=dup.id)
    activity = make_record(sessions, "activities", type="call", contact_id=dup.id)
    task = make_record(sessions, "tasks", title="Call Jon", related_type="contact", related_id=dup.id)

    merged = client.post(f"/api/v1/contacts/{keep.id}/merge", json={"duplicate_id": dup.id}, headers=manager.headers)
    assert merged.status_code == 200, merged.text
    body = merged.json()
    assert body["phone"] == "+14155550100" and body["company_id"] == acme.id  # empty fields filled
    assert body["email"] == "jon@acme.example" and body["tags"] == ["vip", "beta"]
    assert client.get(f"/api/v1/contacts/{dup.id}", headers=manager.headers).status_code == 404
    for path in (f"deals/{deal.id}", f"tickets/{ticket.id}", f"activities/{activity.id}"):
        assert client.get(f"/api/v1/{path}", headers=manager.headers).json()["contact_id"] == keep.id
    assert client.get(f"/api/v1/tasks/{task.id}", headers=manager.headers).json()["related_id"] == keep.id

    admin = make_caller(sessions, Role.admin)
    audit = client.get("/api/v1/audit", params={"actor_id": manager.user.id}, headers=admin.headers).json()["items"]
    changed = {(e["entity"], e["entity_id"], e["action"]) for e in audit}
    assert ("contact", dup.id, "delete") in changed and ("deal", deal.id, "update") in changed
    assert ("ticket", ticket.id, "update") in changed and ("contact", keep.id, "update") in changed


def test_merge_is_refused_for_reps_and_for_self(client, sessions, manager):
    a = make_record(sessions, "contacts", first_name="A")
    b = make_record(sessions, "contacts", first_name="B")
    rep = make_caller(sessions, Role.rep)
    assert client.post(f"/api/v1/contacts/{a.id}/merge", json={"duplicate_id": b.id}, headers=rep.headers).status_code == 403
    selfmerge = client.post(f"/api/v1/contacts/{a.id}/merge", json={"duplicate_id": a.id}, headers=manager.headers)
    assert selfmerge.status_code == 422 and selfmerge.json()["detail"][0]["loc"][-1] == "duplicate_id"
    missing = client.post(f"/api/v1/contacts/{a.id}/merge", json={"duplicate_id": 98765}, headers=manager.headers)
    assert missing.status_code == 422
