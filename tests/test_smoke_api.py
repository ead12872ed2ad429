from crm_core.enums import Role
from tests.factories import make_caller


def test_healthz_needs_no_key(client, engine):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": engine.dialect.name}


def test_admin_creates_and_reads_a_company(client, sessions):
    admin = make_caller(sessions, Role.admin)
    created = client.post("/api/v1/companies", json={"name": "Acme", "region": "emea"}, headers=admin.headers)
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["name"] == "Acme" and body["region"] == "emea" and body["version"] == 1
    assert body["owner_id"] == admin.user.id
    fetched = client.get(f"/api/v1/companies/{body['id']}", headers=admin.headers)
    assert fetched.json() == body
