from crm_core.actor import Actor
from crm_core.enums import Role
from crm_core.users import service as user_service
from tests.factories import make_caller


def test_no_key_is_401(client):
    response = client.get("/api/v1/companies")
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


def test_unknown_key_is_401(client):
    response = client.get("/api/v1/companies", headers={"Authorization": "Bearer crm_not-a-real-key"})
    assert response.status_code == 401
    assert "unknown or revoked" in response.json()["detail"]


def test_revoked_key_is_401(client, sessions):
    caller = make_caller(sessions, Role.manager)
    assert client.get("/api/v1/companies", headers=caller.headers).status_code == 200
    with sessions() as session:
        key = user_service.list_keys(session=session)[-1]
        user_service.revoke_key(session=session, actor=Actor.system(), key_id=key.id)
        session.commit()
    assert client.get("/api/v1/companies", headers=caller.headers).status_code == 401


def test_keys_are_stored_hashed(sessions):
    caller = make_caller(sessions, Role.rep)
    with sessions() as session:
        stored = user_service.list_keys(session=session)[-1]
        assert caller.key not in (stored.key_hash, stored.prefix)
        assert len(stored.key_hash) == 64


def test_me_tells_who_the_key_belongs_to(client, sessions):
    caller = make_caller(sessions, Role.rep, name="Alice Chen")
    body = client.get("/api/v1/me", headers=caller.headers).json()
    assert body["name"] == "Alice Chen" and body["role"] == "rep"
