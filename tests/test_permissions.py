"""Each role's allowed and denied operations, through the API and directly against the services."""

import pytest

from crm_core import records
from crm_core.deals.service import KIND as DEALS
from crm_core.deals.schemas import DealUpdate
from crm_core.enums import Role
from crm_core.errors import PermissionDenied
from tests.factories import make_caller, make_record


@pytest.fixture
def team(sessions):
    return {role: make_caller(sessions, role) for role in Role} | {"other_rep": make_caller(sessions, Role.rep)}


@pytest.fixture
def others_deal(sessions, team):
    company = make_record(sessions, "companies", name="Initech", owner_id=team["other_rep"].user.id)
    return make_record(sessions, "deals", name="Initech renewal", company_id=company.id, owner_id=team["other_rep"].user.id)


def test_rep_reads_every_company_and_contact(client, sessions, team, others_deal):
    rep = team[Role.rep]
    company_id = others_deal.company_id
    assert client.get(f"/api/v1/companies/{company_id}", headers=rep.headers).status_code == 200
    contact = make_record(sessions, "contacts", first_name="Ann", owner_id=team["other_rep"].user.id)
    assert client.get(f"/api/v1/contacts/{contact.id}", headers=rep.headers).status_code == 200


def test_rep_cannot_read_someone_elses_deal_and_does_not_see_it_listed(client, team, others_deal):
    rep = team[Role.rep]
    assert client.get(f"/api/v1/deals/{others_deal.id}", headers=rep.headers).status_code == 403
    listed = client.get("/api/v1/deals", headers=rep.headers).json()
    assert listed["total"] == 0 and listed["items"] == []
    mine = client.post("/api/v1/deals", json={"name": "My deal", "amount": 1000}, headers=rep.headers)
    assert mine.status_code == 201 and mine.json()["owner_id"] == rep.user.id
    assert [d["id"] for d in client.get("/api/v1/deals", headers=rep.headers).json()["items"]] == [mine.json()["id"]]


def test_rep_writes_only_own_records(client, team, others_deal):
    rep = team[Role.rep]
    company = client.get(f"/api/v1/companies/{others_deal.company_id}", headers=rep.headers).json()
    denied = client.patch(f"/api/v1/companies/{company['id']}", json={"industry": "x", "version": company["version"]}, headers=rep.headers)
    assert denied.status_code == 403
    own = client.post("/api/v1/companies", json={"name": "Own Co"}, headers=rep.headers).json()
    allowed = client.patch(f"/api/v1/companies/{own['id']}", json={"industry": "retail", "version": own["version"]}, headers=rep.headers)
    assert allowed.status_code == 200 and allowed.json()["industry"] == "retail"


def test_rep_cannot_create_for_or_hand_over_to_someone_else(client, team):
    rep, other = team[Role.rep], team["other_rep"]
    assert client.post("/api/v1/deals", json={"name": "x", "owner_id": other.user.id}, headers=rep.headers).status_code == 403
    own = client.post("/api/v1/deals", json={"name": "x"}, headers=rep.headers).json()
    handover = client.patch(f"/api/v1/deals/{own['id']}", json={"owner_id": other.user.id, "version": 1}, headers=rep.headers)
    assert handover.status_code == 403


@pytest.mark.parametrize("role", [Role.rep, Role.manager])
def test_only_admin_deletes(client, team, others_deal, role):
    assert client.delete(f"/api/v1/deals/{others_deal.id}", headers=team[role].headers).status_code == 403
    assert client.get(f"/api/v1/deals/{others_deal.id}", headers=team[Role.admin].headers).status_code == 200


def test_admin_deletes(client, team, others_deal):
    admin = team[Role.admin]
    assert client.delete(f"/api/v1/deals/{others_deal.id}", headers=admin.headers).status_code == 204
    assert client.get(f"/api/v1/deals/{others_deal.id}", headers=admin.headers).status_code == 404


def test_manager_reads_and_writes_everything(client, team, others_deal):
    manager = team[Role.manager]
    deal = client.get(f"/api/v1/deals/{others_deal.id}", headers=manager.headers).json()
    updated = client.patch(f"/api/v1/deals/{deal['id']}", json={"stage": "proposal", "version": deal["version"]}, headers=manager.headers)
    assert updated.status_code == 200 and updated.json()["stage"] == "proposal"
    assert client.get("/api/v1/deals", headers=manager.headers).json()["total"] == 1


def test_services_check_roles_themselves(sessions, team, others_deal):
    """The route is not the only guard: the agent and Slack call the services directly."""
    rep = team[Role.rep]
    with sessions() as session:
        with pytest.raises(PermissionDenied):
            records.update(session=session, actor=rep.actor, kind=DEALS, record_id=others_deal.id,
                           data=DealUpdate(stage="proposal", version=1))
        with pytest.raises(PermissionDenied):
            records.delete(session=session, actor=team[Role.manager].actor, kind=DEALS, record_id=others_deal.id)
        with pytest.raises(PermissionDenied):
            records.get(session=session, actor=rep.actor, kind=DEALS, record_id=others_deal.id)


def test_reps_cannot_read_the_audit_trail_or_merge(client, team):
    rep = team[Role.rep]
    assert client.get("/api/v1/audit", headers=rep.headers).status_code == 403
    assert client.get("/api/v1/contacts/duplicates", headers=rep.headers).status_code == 403
