"""Lead scoring: the rule score and its reasons from known activities, the learned model (real signal vs random
labels, too few deals), stored explained scores, permissions, `crm leads`, POST /api/v1/leads/score."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import insert, select

from crm_core.activities.models import Activity
from crm_core.actor import Actor
from crm_core.audit.models import AuditEntry
from crm_core.companies.models import Company
from crm_core.contacts.models import Contact
from crm_core.deals.models import Deal
from crm_core.enums import Role, Via
from crm_core.errors import PermissionDenied
from crm_core.leads import features, rules
from crm_core.leads import model as lead_model
from crm_core.leads import service as lead_service
from crm_core.leads.features import LeadFeatures
from tests.factories import make_caller

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)
DOCS = Path(__file__).resolve().parents[1] / "docs" / "leads.md"
TITLES = ["VP Engineering", "CTO", "Head of Data", "Project Manager", "Data Analyst", "Scrum Master"]
SOURCES = ["web", "referral", "event", "outbound", "partner"]


def _rows(session, model, rows: list[dict]) -> None:
    if rows:
        session.execute(insert(model), [{"version": 1, **row} for row in rows])


def _vp_at_software(session) -> int:
    """A VP at a 1,200-person software company, sales-qualified referral, with known activities."""
    _rows(session, Company, [{"id": 1, "name": "Acme", "industry": "software", "size": 1200}])
    _rows(session, Contact, [
        {"id": 1, "first_name": "Vera", "title": "VP Engineering", "company_id": 1, "lifecycle_stage": "sql",
         "lead_source": "referral", "lead_score": 7},
        {"id": 2, "first_name": "Colin", "title": None, "company_id": None, "lifecycle_stage": "churned",
         "lead_source": None},
    ])
    day = timedelta(days=1)
    _rows(session, Activity, [
        *({"type": "email", "direction": "inbound", "contact_id": 1, "occurred_at": NOW - day * d} for d in (1, 2, 6)),
        {"type": "email", "direction": "outbound", "contact_id": 1, "occurred_at": NOW - day},  # ours: not interest
        {"type": "note", "direction": "internal", "contact_id": 1, "occurred_at": NOW - day},
        {"type": "meeting", "contact_id": 1, "occurred_at": NOW - day * 10},
        {"type": "call", "direction": "outbound", "contact_id": 1, "occurred_at": NOW - day * 40},  # too old
        {"type": "email", "direction": "inbound", "contact_id": 1, "occurred_at": NOW + day},  # not yet
    ])
    return 1


def _features(session, contact_id: int) -> LeadFeatures:
    profile = features.profiles(session, [contact_id])[contact_id]
    engagement = features.engagement(session, NOW, [contact_id]).get(contact_id) or features.Engagement()
    return LeadFeatures(profile, engagement)


def test_titles_and_sizes_are_banded():
    assert [features.seniority(t) for t in ("Vice President Sales", "CTO", "Chief of Staff", "Head of IT",
                                            "Team Lead", "Scrum Master", None)] == [
        "vp", "c_level", "director", "director", "manager", "individual", "unknown"]
    assert [features.size_band(s) for s in (None, 8, 50, 999, 1000, 18500)] == [
        "unknown", "1-49", "50-249", "250-999", "1000-4999", "5000+"]


def test_rule_score_and_reasons_from_known_activities(session):
    contact_id = _vp_at_software(session)
    found = _features(session, contact_id)
    assert (found.engagement.emails_week, found.engagement.messages_month, found.engagement.meetings_month,
            found.engagement.calls_month) == (3, 3, 1, 0)
    result = rules.score(found)
    # VP 18 + 1000-4999 employees 10 + software 8 + sql 16 + referral 12 + 3 e-mails this week 18 + a meeting 10 days ago 5
    assert result.score == 87
    assert result.reasons() == ["replied to 3 emails this week", "1 meeting earlier this month", "VP title"]
    assert rules.band(result.score) == "high"


def test_no_engagement_costs_points_and_the_score_stays_in_range(session):
    _vp_at_software(session)
    result = rules.score(_features(session, 2))
    assert result.score == 0  # churned -10, no engagement -5, nothing else known
    assert result.reasons() == ["churned customer", "no reply, meeting or call in 30 days"]
    assert [rules.band(s) for s in (0, 29, 30, 49, 50, 100)] == ["low", "low", "medium", "medium", "high", "high"]


def test_a_support_ticket_message_is_not_buying_interest(session):
    _vp_at_software(session)
    from crm_core.tickets.models import Ticket

    _rows(session, Ticket, [{"id": 1, "subject": "Login broken", "description": "help", "contact_id": 2}])
    _rows(session, Activity, [{"type": "email", "direction": "inbound", "contact_id": 2, "ticket_id": 1,
                               "occurred_at": NOW - timedelta(days=1)}])
    assert features.engagement(session, NOW, [2]) == {}


def test_the_weights_table_is_documented_where_it_is_used():
    table = rules.weights_table()
    assert table in rules.__doc__
    assert table in DOCS.read_text(encoding="utf-8")


def test_scores_are_stored_explained_and_audited(sessions):
    manager = make_caller(sessions, Role.manager)
    with sessions() as session:
        _vp_at_software(session)
        # Five closed deals at software companies of that size, three won: "similar accounts convert 60%".
        _rows(session, Deal, [{"name": f"D{n}", "company_id": 1, "stage": "closed_won" if n < 3 else "closed_lost",
                               "closed_at": NOW - timedelta(days=200), "stage_changed_at": NOW} for n in range(5)])
        session.commit()
        before = session.execute(select(Contact.version, Contact.updated_at).where(Contact.id == 1)).one()
        result = lead_service.score_contacts(session=session, actor=manager.actor, now=NOW)
        session.commit()
        assert (result.scored, result.bands, result.method) == (2, {"high": 1, "medium": 0, "low": 1}, "rules")
        vera = session.get(Contact, 1)
        assert vera.lead_score == 87
        assert vera.lead_score_reason == ("high: replied to 3 emails this week; 1 meeting earlier this month; VP title; "
                                          "similar accounts convert 60%")
        assert vera.lead_scored_at == NOW
        assert (vera.version, vera.updated_at) == tuple(before)  # a rescore is not an edit
        entry = session.scalar(select(AuditEntry).where(AuditEntry.entity == "lead_scores"))
        assert entry.actor_id == manager.user.id and entry.after["scored"] == 2


def test_only_the_given_contacts_are_scored(session):
    _vp_at_software(session)
    result = lead_service.score_contacts(session=session, actor=Actor.system(), contact_ids=[2, 999], now=NOW)
    assert result.scored == 1
    assert session.get(Contact, 1).lead_score == 7 and session.get(Contact, 2).lead_score == 0


def test_a_rep_may_not_score_or_train(session, sessions, tmp_path):
    rep = make_caller(sessions, Role.rep)
    with pytest.raises(PermissionDenied, match="only admin or manager users can score leads"):
        lead_service.score_contacts(session=session, actor=rep.actor)
    with pytest.raises(PermissionDenied):
        lead_service.train_model(session=session, actor=rep.actor, data_dir=tmp_path)


def _book(session, n: int, *, signal: bool, seed: int = 1) -> None:
    """``n`` contacts with one closed deal each. With ``signal`` the contacts that won had more meetings in the month
    before the close (with overlap); without, outcomes are coin flips independent of everything."""
    rng = random.Random(seed)
    industries = ["software", "finance", "retail", "energy"]
    _rows(session, Company, [{"id": i + 1, "name": f"Co {i}", "industry": industries[i % 4], "size": 40 + 300 * i}
                             for i in range(8)])
    contacts, deals, activities = [], [], []
    for i in range(1, n + 1):
        won = rng.random() < 0.5
        closed = NOW - timedelta(days=rng.randint(5, 300))
        contacts.append({"id": i, "first_name": f"P{i}", "title": rng.choice(TITLES), "company_id": 1 + i % 8,
                         "lifecycle_stage": "lead", "lead_source": rng.choice(SOURCES)})
        deals.append({"name": f"Deal {i}", "company_id": 1 + i % 8, "contact_id": i, "stage_changed_at": closed,
                      "stage": "closed_won" if won else "closed_lost", "closed_at": closed})
        meetings = rng.choice([1, 2, 2, 3, 4] if won else [0, 0, 1, 1, 2]) if signal else rng.choice([0, 1, 2, 3])
        activities += [{"type": "meeting", "contact_id": i, "occurred_at": closed - timedelta(days=rng.randint(1, 29))}
                       for _ in range(meetings)]
        # After the close: must not count (it would leak the outcome).
        activities.append({"type": "meeting", "contact_id": i, "occurred_at": closed + timedelta(days=1)})
    _rows(session, Contact, contacts)
    _rows(session, Deal, deals)
    _rows(session, Activity, activities)


def test_the_model_learns_a_real_signal_and_is_used(session, tmp_path):
    _book(session, 240, signal=True)
    trained = lead_service.train_model(session=session, actor=Actor.system(), data_dir=tmp_path, now=NOW)
    meta = trained.meta
    assert meta["n"] == 240 and meta["won"] + meta["lost"] == 240 and meta["n_validation"] == 60
    assert meta["validation_auc"] > 0.75 and meta["cv_auc"] > 0.75 and trained.usable
    assert lead_model.model_path(tmp_path).exists() and lead_model.model_path(tmp_path).with_suffix(".json").exists()
    assert lead_model.load(tmp_path).meta == meta

    result = lead_service.score_contacts(session=session, actor=Actor.system(), data_dir=tmp_path, now=NOW)
    assert result.method == "rules+model" and result.model_auc == meta["cv_auc"]
    assert "won/lost history:" in session.get(Contact, 1).lead_score_reason


def test_random_outcomes_give_a_chance_auc_and_the_rules_stay(session, tmp_path):
    _book(session, 240, signal=False)
    trained = lead_service.train_model(session=session, actor=Actor.system(), data_dir=tmp_path, now=NOW)
    assert 0.3 < trained.meta["validation_auc"] < 0.7 and 0.35 < trained.meta["cv_auc"] < 0.6
    assert not trained.usable
    result = lead_service.score_contacts(session=session, actor=Actor.system(), data_dir=tmp_path, now=NOW)
    assert result.method == "rules" and "below 0.6" in result.note


def test_too_few_closed_deals_says_the_rule_score_is_used(session, tmp_path):
    _book(session, 39, signal=True)
    with pytest.raises(lead_model.TooFewClosedDeals, match="39 closed deals.*Lead scores use the rule score"):
        lead_service.train_model(session=session, actor=Actor.system(), data_dir=tmp_path)
    assert not lead_model.model_path(tmp_path).exists()


def test_ten_thousand_contacts_are_scored_in_bulk(session):
    _rows(session, Company, [{"id": 1, "name": "Big", "industry": "finance", "size": 3000}])
    _rows(session, Contact, [{"id": i, "first_name": f"P{i}", "title": TITLES[i % 6], "company_id": 1,
                              "lead_source": SOURCES[i % 5]} for i in range(1, 10_001)])
    _rows(session, Activity, [{"type": "call", "direction": "outbound", "contact_id": i, "occurred_at": NOW - timedelta(days=2)}
                              for i in range(1, 10_001, 3)])
    started = datetime.now()
    result = lead_service.score_contacts(session=session, actor=Actor.system(), now=NOW)
    assert result.scored == 10_000
    assert (datetime.now() - started).total_seconds() < 10
    assert session.scalar(select(Contact.lead_score_reason).where(Contact.id == 1)) == "high: 1 call this month; C-level title; referral lead"


def test_crm_leads_train_and_score(crm, sessions):
    with sessions() as session:
        _book(session, 30, signal=True)
        session.commit()
    refused = crm("leads", "train")
    assert refused.exit_code == 1 and "too few closed deals to learn from: 30 closed deals" in refused.output

    with sessions() as session:
        _rows(session, Contact, [{"id": 1000 + i, "first_name": "X"} for i in range(5)])
        _rows(session, Deal, [{"name": f"More {i}", "contact_id": 1000 + i, "stage": "closed_lost",
                               "closed_at": NOW, "stage_changed_at": NOW} for i in range(5)]
              + [{"name": f"Extra {i}", "contact_id": 1 + i, "stage": "closed_won", "closed_at": NOW,
                  "stage_changed_at": NOW} for i in range(10)])
        session.commit()
    trained = crm("leads", "train")
    assert trained.exit_code == 0, trained.output
    assert "closed examples: 35 contacts from 45 closed deals" in trained.output
    assert "class balance:" in trained.output and "validation AUC: " in trained.output
    assert "lead_score.joblib" in trained.output

    scored = crm("leads", "score")
    assert scored.exit_code == 0, scored.output
    assert "scored 35 contacts" in scored.output
    assert "high: " in scored.output and "medium: " in scored.output and "low: " in scored.output


def test_api_rescore_and_the_contact_shows_its_explanation(client, sessions):
    manager, rep = make_caller(sessions, Role.manager), make_caller(sessions, Role.rep)
    with sessions() as session:
        _vp_at_software(session)
        session.commit()
    assert client.post("/api/v1/leads/score", headers=rep.headers).status_code == 403
    response = client.post("/api/v1/leads/score", headers=manager.headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["scored"] == 2 and sum(body["bands"].values()) == 2 and body["method"] == "rules"
    contact = client.get("/api/v1/contacts/1", headers=rep.headers).json()
    assert contact["lead_score_reason"].startswith(("high: ", "medium: ", "low: "))
    assert contact["lead_scored_at"] is not None
    only = client.post("/api/v1/leads/score", headers=manager.headers, json={"contact_ids": [2]}).json()
    assert only["scored"] == 1
