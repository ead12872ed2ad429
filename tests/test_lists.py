"""List routes: totals, pagination, filters, search and sorting."""

from datetime import datetime, timedelta, timezone

import pytest

from crm_core.enums import Role
from tests.factories import make_caller, make_record


@pytest.fixture
def manager(sessions):
    return make_caller(sessions, Role.manager)


@pytest.fixture
def deals(sessions, manager):
    stages = ["prospecting", "proposal", "negotiation"]
    return [
        make_record(sessions, "deals", name=f"Deal {i:02d}", amount=1000 * (i + 1), stage=stages[i % 3],
                    expected_close_date=f"2026-{(i % 12) + 1:02d}-15", owner_id=manager.user.id)
        for i in range(23)
    ]


def _list(client, caller, path, **params):
    response = client.get(f"/api/v1/{path}", params=params, headers=caller.headers)
    assert response.status_code == 200, response.text
    return response.json()


def test_pages_carry_the_total(client, manager, deals):
    first = _list(client, manager, "deals", limit=10, offset=0, sort="id")
    last = _list(client, manager, "deals", limit=10, offset=20, sort="id")
    assert first["total"] == last["total"] == 23
    assert (first["limit"], first["offset"]) == (10, 0)
    assert len(first["items"]) == 10 and len(last["items"]) == 3
    every = [d["id"] for offset in (0, 10, 20) for d in _list(client, manager, "deals", limit=10, offset=offset, sort="id")["items"]]
    assert every == sorted(d.id for d in deals)


def test_filters_combine(client, manager, deals):
    body = _list(client, manager, "deals", stage="negotiation", amount_min=5000, amount_max=15000)
    expected = {d.id for d in deals if d.stage == "negotiation" and 5000 <= d.amount <= 15000}
    assert {d["id"] for d in body["items"]} == expected and body["total"] == len(expected)
    by_date = _list(client, manager, "deals", expected_close_date_from="2026-03-01", expected_close_date_to="2026-04-30")
    assert {d["id"] for d in by_date["items"]} == {d.id for d in deals if d.expected_close_date.month in (3, 4)}


def test_search_by_name_and_email(client, sessions, manager):
    make_record(sessions, "contacts", first_name="Grace", last_name="Hopper", email="grace@navy.example")
    make_record(sessions, "contacts", first_name="Ada", last_name="Lovelace", email="ada@engine.example")
    assert [c["last_name"] for c in _list(client, manager, "contacts", q="grace hopper")["items"]] == ["Hopper"]
    assert [c["last_name"] for c in _list(client, manager, "contacts", q="ENGINE.example")["items"]] == ["Lovelace"]
    assert _list(client, manager, "contacts", q="100%")["total"] == 0


def test_updated_since(client, sessions, manager, deals):
    later = datetime.now(timezone.utc) + timedelta(seconds=1)
    assert _list(client, manager, "deals", updated_since=later.isoformat())["total"] == 0
    earlier = datetime.now(timezone.utc) - timedelta(hours=1)
    assert _list(client, manager, "deals", updated_since=earlier.isoformat())["total"] == 23


def test_sort_descending_and_bad_parameters(client, manager, deals):
    amounts = [d["amount"] for d in _list(client, manager, "deals", sort="-amount", limit=5)["items"]]
    assert amounts == sorted(amounts, reverse=True) and amounts[0] == 23000
    assert client.get("/api/v1/deals", params={"sort": "password"}, headers=manager.headers).status_code == 422
    assert client.get("/api/v1/deals", params={"limit": 0}, headers=manager.headers).status_code == 422
    assert client.get("/api/v1/deals", params={"stagee": "x"}, headers=manager.headers).status_code == 422


def test_each_kind_lists(client, sessions, manager):
    company = make_record(sessions, "companies", name="Umbrella", region="emea")
    make_record(sessions, "tickets", subject="Login loop", priority="urgent", company_id=company.id)
    make_record(sessions, "activities", type="note", body="Called", company_id=company.id)
    make_record(sessions, "tasks", title="Follow up", related_type="company", related_id=company.id, owner_id=manager.user.id)
    assert _list(client, manager, "companies", region="emea")["total"] == 1
    assert _list(client, manager, "tickets", priority="urgent", company_id=company.id)["total"] == 1
    assert _list(client, manager, "activities", company_id=company.id, type="note")["total"] == 1
    assert _list(client, manager, "tasks", related_type="company", related_id=company.id)["total"] == 1
