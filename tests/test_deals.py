"""Stage history: every stage change is recorded, so cycle time and stage age can be computed."""

from crm_core.enums import Role
from tests.factories import make_caller


def test_stage_changes_are_recorded_with_who_and_when(client, sessions):
    manager = make_caller(sessions, Role.manager)
    deal = client.post("/api/v1/deals", json={"name": "D"}, headers=manager.headers).json()
    assert deal["stage"] == "prospecting" and deal["closed_at"] is None
    version = deal["version"]
    for stage in ("qualification", "proposal", "closed_won"):
        deal = client.patch(f"/api/v1/deals/{deal['id']}", json={"stage": stage, "version": version}, headers=manager.headers).json()
        version = deal["version"]
    client.patch(f"/api/v1/deals/{deal['id']}", json={"next_step": "kick-off", "version": version}, headers=manager.headers)

    history = client.get(f"/api/v1/deals/{deal['id']}/history", headers=manager.headers).json()
    assert [(h["from_stage"], h["to_stage"]) for h in history] == [
        (None, "prospecting"), ("prospecting", "qualification"), ("qualification", "proposal"), ("proposal", "closed_won")
    ]
    assert all(h["changed_by_id"] == manager.user.id for h in history)
    assert deal["closed_at"] is not None and deal["stage_changed_at"] == history[-1]["changed_at"]


def test_reopening_a_deal_clears_closed_at(client, sessions):
    manager = make_caller(sessions, Role.manager)
    deal = client.post("/api/v1/deals", json={"name": "D", "stage": "closed_lost"}, headers=manager.headers).json()
    assert deal["closed_at"] is not None
    reopened = client.patch(f"/api/v1/deals/{deal['id']}", json={"stage": "negotiation", "version": 1}, headers=manager.headers).json()
    assert reopened["closed_at"] is None


def test_pipeline_lists_the_default_stages(client, sessions):
    rep = make_caller(sessions, Role.rep)
    stages = client.get("/api/v1/pipeline/stages", headers=rep.headers).json()
    assert [(s["key"], s["probability"]) for s in stages] == [
        ("prospecting", 10), ("qualification", 20), ("proposal", 50), ("negotiation", 70), ("closed_won", 100), ("closed_lost", 0)
    ]


def test_ticket_sla_follows_priority_and_solved_time_is_kept(client, sessions):
    manager = make_caller(sessions, Role.manager)
    urgent = client.post("/api/v1/tickets", json={"subject": "Down", "priority": "urgent"}, headers=manager.headers).json()
    low = client.post("/api/v1/tickets", json={"subject": "Question", "priority": "low"}, headers=manager.headers).json()
    assert urgent["sla_due_at"] < low["sla_due_at"]
    solved = client.patch(f"/api/v1/tickets/{urgent['id']}", json={"status": "solved", "csat": 5, "version": 1}, headers=manager.headers).json()
    assert solved["solved_at"] is not None and solved["csat"] == 5
