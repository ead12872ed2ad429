"""Bad input is refused with 422 naming the field; good input is normalised."""

import pytest

from crm_core.enums import Role
from tests.factories import make_caller


@pytest.fixture
def manager(sessions):
    return make_caller(sessions, Role.manager)


def _field_errors(response):
    assert response.status_code == 422, response.text
    return {e["loc"][-1]: e["msg"] for e in response.json()["detail"]}


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"first_name": "Ann", "email": "not-an-email"}, "email"),
        ({"first_name": "Ann", "email": "ann@"}, "email"),
        ({"first_name": "Ann", "phone": "12"}, "phone"),
        ({"first_name": "Ann", "phone": "call me maybe"}, "phone"),
        ({"first_name": ""}, "first_name"),
        ({"first_name": "Ann", "lifecycle_stage": "prospect"}, "lifecycle_stage"),
        ({"first_name": "Ann", "lead_score": 101}, "lead_score"),
        ({"first_name": "Ann", "favourite_colour": "blue"}, "favourite_colour"),
        ({"first_name": "Ann", "company_id": 999999}, "company_id"),
    ],
)
def test_bad_contacts_are_refused_with_the_field(client, manager, payload, field):
    errors = _field_errors(client.post("/api/v1/contacts", json=payload, headers=manager.headers))
    assert field in errors


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"name": "D", "amount": -5}, "amount"),
        ({"name": "D", "amount": "a lot"}, "amount"),
        ({"name": "D", "amount": 1.234}, "amount"),
        ({"name": "D", "currency": "dollars"}, "currency"),
        ({"name": "D", "stage": "won-ish"}, "stage"),
        ({"name": "D", "expected_close_date": "next week"}, "expected_close_date"),
    ],
)
def test_bad_deals_are_refused_with_the_field(client, manager, payload, field):
    errors = _field_errors(client.post("/api/v1/deals", json=payload, headers=manager.headers))
    assert field in errors


def test_unknown_stage_lists_the_pipeline(client, manager):
    errors = _field_errors(client.post("/api/v1/deals", json={"name": "D", "stage": "won-ish"}, headers=manager.headers))
    assert "negotiation" in errors["stage"] and "closed_won" in errors["stage"]


def test_email_and_phone_are_normalised(client, manager):
    body = client.post(
        "/api/v1/contacts",
        json={"first_name": "Ann", "email": "  Ann.Lee@Example.COM ", "phone": "(415) 555-0123", "tags": ["VIP", "vip", " beta "]},
        headers=manager.headers,
    ).json()
    assert body["email"] == "ann.lee@example.com"
    assert body["phone"] == "+14155550123"
    assert body["tags"] == ["vip", "beta"]


def test_international_phone_keeps_its_country(client, manager):
    body = client.post("/api/v1/contacts", json={"first_name": "Ann", "phone": "+44 20 7946 0958"}, headers=manager.headers).json()
    assert body["phone"] == "+442079460958"


def test_duplicate_email_points_at_the_existing_contact(client, manager):
    first = client.post("/api/v1/contacts", json={"first_name": "Ann", "email": "ann@example.com"}, headers=manager.headers).json()
    again = client.post("/api/v1/contacts", json={"first_name": "Annie", "email": "ANN@example.com"}, headers=manager.headers)
    assert again.status_code == 409
    assert again.json()["existing_id"] == first["id"]
    assert again.json()["existing_url"] == f"/api/v1/contacts/{first['id']}"


def test_required_field_cannot_be_emptied(client, manager):
    deal = client.post("/api/v1/deals", json={"name": "D"}, headers=manager.headers).json()
    errors = _field_errors(client.patch(f"/api/v1/deals/{deal['id']}", json={"name": None, "version": 1}, headers=manager.headers))
    assert "name" in errors


def test_patch_needs_a_version(client, manager):
    deal = client.post("/api/v1/deals", json={"name": "D"}, headers=manager.headers).json()
    errors = _field_errors(client.patch(f"/api/v1/deals/{deal['id']}", json={"name": "E"}, headers=manager.headers))
    assert "version" in errors


def test_task_link_must_point_at_a_record(client, manager):
    errors = _field_errors(client.post("/api/v1/tasks", json={"title": "Call", "related_type": "deal", "related_id": 4242}, headers=manager.headers))
    assert "related_id" in errors


def test_updates_keep_the_create_constraints(client, manager):
    deal = client.post("/api/v1/deals", json={"name": "D"}, headers=manager.headers).json()
    assert "amount" in _field_errors(client.patch(f"/api/v1/deals/{deal['id']}", json={"amount": -1, "version": 1}, headers=manager.headers))
    assert "name" in _field_errors(client.patch(f"/api/v1/deals/{deal['id']}", json={"name": "", "version": 1}, headers=manager.headers))
    contact = client.post("/api/v1/contacts", json={"first_name": "A"}, headers=manager.headers).json()
    assert "email" in _field_errors(client.patch(f"/api/v1/contacts/{contact['id']}", json={"email": "nope", "version": 1}, headers=manager.headers))
