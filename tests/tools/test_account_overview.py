"""account_overview: profile, owner, contacts, open deals, deals won, open tickets, and whether sentiment is getting
worse."""

import re
from datetime import datetime, timezone
from decimal import Decimal

from crm_core.tickets.models import Ticket
from tests.factories import make_record
from tests.tools.helpers import ANONYMOUS, all_entries, assert_offered_only_to, assert_schema, call, set_columns, verified
from tools.crm_tools import account_overview


def test_schema_is_one_company_reference():
    assert_schema(account_overview, {"company": "string", "lost": "boolean"}, {"company"}, description_mentions=("sentiment",))


def _scored(sessions, company, subject, label, score, day, month=11, assignee=None):
    ticket = make_record(sessions, "tickets", subject=subject, company_id=company.id, assignee_id=assignee)
    set_columns(sessions, Ticket, ticket.id, sentiment_label=label, sentiment_score=score, urgency="normal",
                scored_at=datetime(2026, month, day, tzinfo=timezone.utc),
                created_at=datetime(2026, month, day, tzinfo=timezone.utc))
    return ticket


def test_a_manager_gets_the_account_at_a_glance(sessions, manager, alice):
    acme = make_record(sessions, "companies", name="Acme Rockets", domain="acme.example", industry="Aerospace",
                       region="emea", size=250, owner_id=alice.id)
    contacts = [make_record(sessions, "contacts", first_name=f"Person{n}", last_name="Acme", company_id=acme.id,
                            title="Engineer" if n == 0 else None) for n in range(7)]
    open_deal = make_record(sessions, "deals", name="Acme expansion", company_id=acme.id, amount=Decimal("48000"),
                            stage="negotiation", owner_id=alice.id)
    won = make_record(sessions, "deals", name="Acme 2025 licence", company_id=acme.id, amount=Decimal("9000"),
                      stage="closed_won")
    ticket = make_record(sessions, "tickets", subject="SSO login fails", company_id=acme.id, priority="high")
    make_record(sessions, "tickets", subject="Solved thing", company_id=acme.id, status="solved")
    before = len(all_entries(sessions))

    lines = call(account_overview, sessions, manager.caller, company="acme.example").splitlines()
    assert lines[0] == f"company {acme.id}: Acme Rockets (acme.example) — Aerospace, EMEA, 250 employees"
    assert lines[1] == "account owner: Alice Moreau"
    assert lines[2].startswith("contacts: ") and lines[2].count(";") == 4  # the first five
    assert "Person5" not in lines[2] and "Person6" not in lines[2]
    assert lines[3] == f"open deals: deal {open_deal.id}: Acme expansion — negotiation, 48,000 USD"
    assert re.fullmatch(rf"won deals: deal {won.id}: Acme 2025 licence — 9,000 USD, won \d{{4}}-\d\d-\d\d", lines[4]), lines[4]
    assert lines[5] == f"open tickets: #{ticket.id} SSO login fails (new, high, unscored, unassigned) — 1 open"
    assert lines[6] == "sentiment, last 30 days: no scored messages; not worsening"
    assert len(lines) == 7 and len(all_entries(sessions)) == before
    assert contacts  # used


def test_how_many_tickets_are_open_is_said_when_more_are_open_than_shown(sessions, manager):
    acme = make_record(sessions, "companies", name="Acme Rockets", domain="acme.example")
    for n in range(7):
        make_record(sessions, "tickets", subject=f"Question {n}", company_id=acme.id)
    text = call(account_overview, sessions, manager.caller, company="Acme Rockets")
    [tickets] = [line for line in text.splitlines() if line.startswith("open tickets: ")]
    assert tickets.count("#") == 5 and tickets.endswith(" — 7 open, the newest 5 shown"), tickets


def test_several_open_deals_are_added_up(sessions, manager, alice):
    acme = make_record(sessions, "companies", name="Acme Rockets", owner_id=alice.id)
    for amount, stage in ((48000, "negotiation"), (12500, "proposal"), (9000, "closed_won")):
        make_record(sessions, "deals", name=f"Acme {amount}", company_id=acme.id, amount=Decimal(amount), stage=stage,
                    owner_id=alice.id)
    [deals] = [line for line in call(account_overview, sessions, manager.caller, company="Acme").splitlines()
               if line.startswith("open deals: ")]
    assert deals.endswith(" — 2 open deals, 60,500 USD in all")  # the won deal is not pipeline


def test_the_business_won_is_added_up_too(sessions, manager, alice):
    wisla = make_record(sessions, "companies", name="Wisla Data", owner_id=alice.id)
    for amount in (17400, 78300):
        make_record(sessions, "deals", name=f"Wisla {amount}", company_id=wisla.id, amount=Decimal(amount),
                    stage="closed_won", owner_id=alice.id)
    [won] = [line for line in call(account_overview, sessions, manager.caller, company="Wisla").splitlines()
             if line.startswith("won deals: ")]
    assert won.endswith(" — 2 won deals, 95,700 USD in all"), won


def test_worsening_sentiment_is_flagged(sessions, manager):
    globex = make_record(sessions, "companies", name="Globex")
    _scored(sessions, globex, "Happy with the rollout", "positive", 0.8, 1, month=9)
    _scored(sessions, globex, "Export broken again", "negative", -0.7, 10)
    _scored(sessions, globex, "Still broken, very annoyed", "negative", -0.9, 20)
    text = call(account_overview, sessions, manager.caller, company="Globex")
    assert "sentiment, last 30 days: 2 scored messages, average -0.80, 100% negative; WORSENING — " in text
    assert "average sentiment fell from +0.80 to -0.80" in text
    assert "(new, normal, negative, unassigned)" in text  # the open tickets show their sentiment, and who has them


def test_several_companies_match(sessions, manager):
    make_record(sessions, "companies", name="Acme Rockets")
    make_record(sessions, "companies", name="Acme Robotics")
    question = call(account_overview, sessions, manager.caller, company="Acme")
    assert question.startswith("Several companies match 'Acme'") and question.endswith("Which one (give the id)?")


def test_nothing_matches(sessions, manager):
    assert call(account_overview, sessions, manager.caller, company="Zyxwvut") == \
        "No company matches 'Zyxwvut' (or none you may see)."


def test_a_rep_sees_the_account_but_only_their_own_deals_and_tickets(sessions, alice, bruno):
    hooli = make_record(sessions, "companies", name="Hooli", owner_id=bruno.id)
    mine = make_record(sessions, "deals", name="Hooli pilot", company_id=hooli.id, owner_id=alice.id,
                       amount=Decimal("1200"), stage="proposal")
    make_record(sessions, "deals", name="Hooli enterprise", company_id=hooli.id, owner_id=bruno.id,
                amount=Decimal("250000"), stage="negotiation")
    make_record(sessions, "deals", name="Hooli licence", company_id=hooli.id, owner_id=bruno.id,
                amount=Decimal("77000"), stage="closed_won")
    my_ticket = make_record(sessions, "tickets", subject="Pilot question", company_id=hooli.id, assignee_id=alice.id)
    make_record(sessions, "tickets", subject="Bruno's escalation", company_id=hooli.id, assignee_id=bruno.id)

    text = call(account_overview, sessions, alice.caller, company="Hooli")
    assert "account owner: Bruno Keller" in text
    assert f"open deals: deal {mine.id}: Hooli pilot — proposal, 1,200 USD (deals you own)" in text
    assert "250,000" not in text and "Hooli enterprise" not in text
    assert "won deals: none (deals you own)" in text and "77,000" not in text  # nor a colleague's won business
    assert f"open tickets: #{my_ticket.id} Pilot question (new, normal, unscored, Alice Moreau)" in text
    assert "Bruno's escalation" not in text


def test_visitors_are_not_offered_it():
    assert_offered_only_to("account_overview", anonymous=False, verified_visitor=False, staff=True)


def test_a_visitor_calling_it_anyway_sees_no_deals_or_tickets(sessions, alice):
    umbrella = make_record(sessions, "companies", name="Umbrella")
    make_record(sessions, "deals", name="Owned deal", company_id=umbrella.id, owner_id=alice.id,
                amount=Decimal("70000"), stage="proposal")
    make_record(sessions, "deals", name="Unowned deal", company_id=umbrella.id, amount=Decimal("5000000"),
                stage="proposal")
    make_record(sessions, "tickets", subject="Invoice 4411 is wrong", company_id=umbrella.id)
    for caller in (ANONYMOUS, verified("mallory@evil.example")):
        text = call(account_overview, sessions, caller, company="Umbrella")
        assert "70,000" not in text and "5,000,000" not in text and "Invoice 4411" not in text


def test_a_company_named_by_the_rare_word_its_name_starts_with(sessions, manager):
    make_record(sessions, "companies", name="Ombú Finanzas")
    make_record(sessions, "companies", name="Karoo Solar Works")
    assert call(account_overview, sessions, manager.caller, company="ombu assigned").startswith(
        "company ") and "Ombú Finanzas" in call(account_overview, sessions, manager.caller, company="ombu assigned")
    assert "Karoo Solar Works" in call(account_overview, sessions, manager.caller, company="karoo solar office")
    assert call(account_overview, sessions, manager.caller, company="solar office").startswith("No company matches")


def test_a_person_named_in_full_is_the_account_they_work_at(sessions, manager):
    nordvik = make_record(sessions, "companies", name="Nordvik Energi")
    make_record(sessions, "contacts", first_name="Diego", last_name="Novak", company_id=nordvik.id)
    make_record(sessions, "contacts", first_name="Diego", last_name="Silva")  # the same first name, no company

    found = call(account_overview, sessions, manager.caller, company="Seeing Diego Novak")
    assert found.startswith(f"company {nordvik.id}: Nordvik Energi")
    assert call(account_overview, sessions, manager.caller, company="Diego").startswith("No company matches")


def test_an_account_with_nothing_won_says_so(sessions, alice, manager):
    quiet = make_record(sessions, "companies", name="Quietfield")
    make_record(sessions, "deals", name="Quietfield pilot", company_id=quiet.id, owner_id=alice.id,
                amount=Decimal("4200"), stage="proposal")
    text = call(account_overview, sessions, manager.caller, company="Quietfield")
    assert "won deals: none" in text.splitlines()


def test_what_was_lost_is_shown_with_why_when_asked_for_or_nothing_else_is_there(sessions, alice, manager):
    lost = make_record(sessions, "companies", name="Lakeshore County")
    make_record(sessions, "deals", name="Lakeshore second unit", company_id=lost.id, owner_id=alice.id,
                amount=Decimal("3700"), stage="closed_lost")
    assert "lost deals: " in call(account_overview, sessions, manager.caller, company="Lakeshore County")
    # "what's the total we've got open with them, and what did we lose there before + why?"
    still = make_record(sessions, "companies", name="Cobaltline")
    make_record(sessions, "deals", name="Cobaltline pilot", company_id=still.id, owner_id=alice.id,
                amount=Decimal("10400"), stage="proposal")
    make_record(sessions, "deals", name="Cobaltline lost one", company_id=still.id, owner_id=alice.id,
                amount=Decimal("62400"), stage="closed_lost", closed_reason="Built it in-house")
    assert "62,400" not in call(account_overview, sessions, manager.caller, company="Cobaltline")  # open deals: not asked
    overview = call(account_overview, sessions, manager.caller, company="Cobaltline", lost=True)
    assert "open deals: deal" in overview and "Cobaltline pilot" in overview
    assert "lost deals: deal" in overview and "62,400 USD" in overview and "reason: Built it in-house" in overview
