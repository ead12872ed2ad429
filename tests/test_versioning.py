"""Optimistic locking: a PATCH carries the version it read; a stale one is refused with 409."""

from crm_core.enums import Role
from tests.factories import make_caller


def test_stale_version_is_409_and_changes_nothing(client, sessions):
    manager = make_caller(sessions, Role.manager)
    deal = client.post("/api/v1/deals", json={"name": "D", "amount": 100}, headers=manager.headers).json()
    first = client.patch(f"/api/v1/deals/{deal['id']}", json={"amount": 200, "version": 1}, headers=manager.headers)
    assert first.status_code == 200 and first.json()["version"] == 2

    stale = client.patch(f"/api/v1/deals/{deal['id']}", json={"amount": 300, "version": 1}, headers=manager.headers)
    assert stale.status_code == 409
    assert stale.json()["current_version"] == 2
    assert client.get(f"/api/v1/deals/{deal['id']}", headers=manager.headers).json()["amount"] == 200


def test_each_update_bumps_the_version(client, sessions):
    manager = make_caller(sessions, Role.manager)
    company = client.post("/api/v1/companies", json={"name": "C"}, headers=manager.headers).json()
    for expected in (2, 3, 4):
        company = client.patch(
            f"/api/v1/companies/{company['id']}", json={"size": expected * 10, "version": company["version"]}, headers=manager.headers
        ).json()
        assert company["version"] == expected


def test_missing_record_is_404(client, sessions):
    manager = make_caller(sessions, Role.manager)
    assert client.patch("/api/v1/deals/424242", json={"name": "x", "version": 1}, headers=manager.headers).status_code == 404
    assert client.get("/api/v1/tickets/424242", headers=manager.headers).status_code == 404
