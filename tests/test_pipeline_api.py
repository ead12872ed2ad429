"""POST /api/v1/pipeline/ask with real API keys: a question or a structured query in, a traceable answer out
(the query that ran, the filters, the SQL, the deals behind it, as_of, links), checked against numbers worked out
in the test from the rows it wrote."""

from datetime import date, datetime, timedelta, timezone

import pytest

from crm_core.deals.models import Deal
from crm_core.enums import Role
from tests.factories import make_caller, make_record
from tests.tools.helpers import set_columns

API = "/api/v1/pipeline/ask"
NOW = datetime.now(timezone.utc)


@pytest.fixture
def manager(sessions):
    return make_caller(sessions, Role.manager, name="Maria Lopez")


@pytest.fixture
def alice(sessions):
    return make_caller(sessions, Role.rep, name="Alice Moreau")


@pytest.fixture
def book(sessions, alice, manager):
    """Six deals; (stage, amount, owner, region, industry, lead source, days in stage, closed days ago)."""
    rows = [
        ("negotiation", 80000, alice, "emea", "healthcare", "referral", 45, None),
        ("negotiation", 20000, manager, "emea", "software", "web", 5, None),
        ("proposal", 60000, manager, "amer", "healthcare", "referral", 40, None),
        ("qualification", 10000, alice, "apac", "retail", "event", 2, None),
        ("closed_won", 30000, alice, "emea", "healthcare", "referral", 0, 3),
        ("closed_lost", 50000, manager, "amer", "software", "web", 0, 4),
    ]
    deals = []
    for n, (stage, amount, owner, region, industry, source, age, closed) in enumerate(rows):
        company = make_record(sessions, "companies", name=f"Company {n}", region=region, industry=industry)
        contact = make_record(sessions, "contacts", first_name=f"C{n}", last_name="Person", email=f"c{n}@example.com",
                              company_id=company.id, lead_source=source)
        deal = make_record(sessions, "deals", name=f"Deal {n}", amount=amount, stage="prospecting",
                           owner_id=owner.user.id, company_id=company.id, contact_id=contact.id,
                           expected_close_date=(NOW + timedelta(days=10)).date())
        changes = {"stage": stage, "stage_changed_at": NOW - timedelta(days=age, hours=1),
                   "created_at": NOW - timedelta(days=60)}
        if closed is not None:
            changes.update(closed_at=NOW - timedelta(days=closed), expected_close_date=(NOW - timedelta(days=closed)).date())
        set_columns(sessions, Deal, deal.id, **changes)
        deals.append(deal.id)
    return deals


def ask(client, caller, **body):
    return client.post(API, json=body, headers=caller.headers)


def test_a_question_gets_a_traceable_answer(client, manager, book):
    body = ask(client, manager, question="which deals over 50k have been stuck in negotiation for more than 30 days?").json()
    assert body["declined"] is False
    assert body["value"] == 80000 and body["deals"] == 1 and body["unit"] == "USD"
    assert body["query"] == {"stages": ["negotiation"], "amount_min": "50000", "stage_age_min_days": 30,
                             "list_deals": True, "sort_by": "amount"}
    assert "stage negotiation" in body["filters"] and "in their stage more than 30 days" in body["filters"]
    assert "FROM deals" in body["sql"] and "negotiation" in body["sql"]
    assert datetime.fromisoformat(body["as_of"]) >= NOW
    [record] = body["records"]
    assert record["id"] == book[0] and record["url"] == f"/api/v1/deals/{book[0]}" and record["stage_age_days"] >= 45
    assert client.get(record["url"], headers=manager.headers).json()["name"] == "Deal 0"  # the link leads to the deal


def test_win_rate_by_lead_source_and_stage_age(client, manager, book):
    rate = ask(client, manager, question="win rate by lead source this year").json()
    assert rate["unit"] == "percent" and rate["value"] == 50.0 and rate["deals"] == 2
    assert {g["key"]: (g["value"], g["deals"]) for g in rate["groups"]} == {"referral": (100.0, 1), "web": (0.0, 1)}
    age = ask(client, manager, question="how long have deals been sitting in negotiation?").json()
    since_fixture = (datetime.fromisoformat(age["as_of"]) - NOW).total_seconds() / 86400  # ages grow as time passes
    assert age["unit"] == "days" and age["deals"] == 2
    assert abs(age["value"] - ((45 + 5 + 2 / 24) / 2 + since_fixture)) < 0.001


def test_terms_industry_and_region(client, manager, book):
    risky = ask(client, manager, question="big deals at risk in healthcare").json()
    assert risky["value"] == 140000 and risky["deals"] == 2  # the 80k and the 60k, both stuck for 40+ days
    assert ask(client, manager, question="pipeline in EMEA by industry").json()["groups"] == [
        {"key": "healthcare", "value": 80000.0, "deals": 1, "amount": 80000.0},
        {"key": "software", "value": 20000.0, "deals": 1, "amount": 20000.0}]


def test_a_rep_gets_their_own_deals_only(client, alice, book):
    body = ask(client, alice, question="open pipeline by stage").json()
    assert body["value"] == 90000 and body["deals"] == 2 and "your deals" in body["filters"]


def test_a_structured_query_runs_as_given(client, manager, alice, book):
    body = ask(client, manager, query={"metric": "count", "state": "any"}, owners=["Alice Moreau"]).json()
    assert body["value"] == 3 and body["query"]["owner_ids"] == [alice.user.id]


@pytest.mark.parametrize("body, field", [
    ({}, "body"),
    ({"question": "pipeline", "query": {"metric": "count"}}, "body"),
    ({"query": {"metric": "count", "amount_min": 10, "amount_max": 5}}, "query"),
    ({"query": {"metric": "profit"}}, "metric"),
    ({"query": {"metric": "count"}, "owners": ["Nobody Here"]}, "owners"),
    ({"question": ""}, "question"),
])
def test_bad_input_is_422_naming_the_field(client, manager, book, body, field):
    response = client.post(API, json=body, headers=manager.headers)
    assert response.status_code == 422
    assert any(field in [str(part) for part in error["loc"]] for error in response.json()["detail"]), response.json()


def test_an_undefined_measure_is_declined_without_a_number(client, manager, book):
    body = ask(client, manager, question="what's our churn rate by region?").json()
    assert body["declined"] is True and body["value"] is None and "win rate" in body["answer"]


def test_a_key_is_required(client, book):
    assert client.post(API, json={"question": "pipeline"}).status_code == 401


def test_comparison_with_the_period_before(client, manager, book):
    body = ask(client, manager, question="how much did we win in the last 7 days compared with the 7 days before?").json()
    assert body["value"] == 30000 and body["comparison"]["value"] == 0
    assert date.fromisoformat(body["comparison"]["to"]) == date.fromisoformat(body["query"]["period_from"]) - timedelta(days=1)


def test_the_command_line_asks_as_an_admin_or_as_a_user(crm, alice, book):
    everything = crm("pipeline", "ask", "how many open deals by stage?")
    assert everything.exit_code == 0 and everything.stdout.startswith("4 deals (open deals); total 170,000 USD.")
    own = crm("pipeline", "ask", "--as", alice.user.email, "--json", "open pipeline")
    assert own.exit_code == 0 and '"value": 90000.0' in own.stdout and '"your deals"' in own.stdout
    declined = crm("pipeline", "ask", "what is our NPS?")
    assert declined.exit_code == 1 and "not a measure I define" in declined.stderr
    assert crm("pipeline", "rebuild").stdout.startswith("deal roll-up rebuilt:")
