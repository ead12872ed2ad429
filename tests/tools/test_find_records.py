"""find_records: lines of matches (id first, at most eight), only what the caller may read."""

from decimal import Decimal

import pytest
from pydantic import ValidationError

from tests.factories import make_record
from tests.tools.helpers import ANONYMOUS, all_entries, assert_offered_only_to, assert_schema, call, invoke, runtime, verified
from tools.crm_tools import find_records
from tools.lookup import MAX_RESULTS


def _opened(ticket) -> str:
    """A ticket found says the day it was opened ("who raised it, when, and who's on it?")."""
    return f", opened {ticket.created_at:%Y-%m-%d}"


def test_schema_is_a_collection_and_a_query_and_nothing_about_the_caller():
    assert_schema(find_records, {"collection": "enum[companies,contacts,deals,tickets]", "query": "string",
                                 "open_only": "boolean"},
                  {"collection", "query"}, description_mentions=("at most eight",))


def test_an_unknown_collection_is_refused_by_the_schema(sessions, manager):
    with pytest.raises(ValidationError):
        invoke(find_records, runtime(sessions, manager.caller), collection="users", query="Ada")


def test_a_contact_is_found_by_email_and_named_by_their_name(sessions, manager):
    jane = make_record(sessions, "contacts", first_name="Jane", last_name="Doe", email="jane@acme.example")
    assert call(find_records, sessions, manager.caller, collection="contacts", query="jane@acme.example") == \
        f"contact {jane.id}: Jane Doe <jane@acme.example>"


def test_a_contact_with_a_job_title_is_still_named_by_their_name(sessions, manager):
    """BUG (tools/lookup.py display_name): a contact's `title` (job title) is taken as its display name, so a
    contact with a title is shown as "CTO, CTO" and look-alikes cannot be told apart."""
    jane = make_record(sessions, "contacts", first_name="Jane", last_name="Doe", email="jane@acme.example", title="CTO")
    assert call(find_records, sessions, manager.caller, collection="contacts", query="jane@acme.example") == \
        f"contact {jane.id}: Jane Doe <jane@acme.example>, CTO"


def test_a_contact_found_shows_their_phone_when_there_is_one(sessions, manager):
    acme = make_record(sessions, "companies", name="Acme Rockets")
    jane = make_record(sessions, "contacts", first_name="Jane", last_name="Doe", email="jane@acme.example",
                       phone="+5511987000045", company_id=acme.id)
    joe = make_record(sessions, "contacts", first_name="Joe", last_name="Doe", company_id=acme.id)
    assert call(find_records, sessions, manager.caller, collection="contacts", query="Acme Rockets").splitlines() == \
        [f"contact {jane.id}: Jane Doe <jane@acme.example> at Acme Rockets, phone +5511987000045",
         f"contact {joe.id}: Joe Doe at Acme Rockets"]
    # ... and who has a number, however it is written
    assert call(find_records, sessions, manager.caller, collection="contacts", query="+55 11 98700-0045") == \
        f"contact {jane.id}: Jane Doe <jane@acme.example> at Acme Rockets, phone +5511987000045"
    assert call(find_records, sessions, manager.caller, collection="contacts", query="+55 11 98700-0099").startswith("No contacts")


def test_a_manager_finds_by_typo_and_by_company(sessions, manager, alice):
    initech = make_record(sessions, "companies", name="Initech", domain="initech.example")
    make_record(sessions, "companies", name="Globex Corporation")
    deal = make_record(sessions, "deals", name="Platform rollout", company_id=initech.id, amount=Decimal("90000"),
                       stage="proposal", owner_id=alice.id)
    ticket = make_record(sessions, "tickets", subject="Export fails", company_id=initech.id)

    assert call(find_records, sessions, manager.caller, collection="companies", query="Globx Corp").startswith("company ")
    assert "Globex Corporation" in call(find_records, sessions, manager.caller, collection="companies", query="Globx Corp")

    assert call(find_records, sessions, manager.caller, collection="deals", query="Initech") == \
        f"deal {deal.id}: Platform rollout — proposal, 90,000 USD, owner {alice.user.name}"
    assert call(find_records, sessions, manager.caller, collection="tickets", query="Initech") == \
        f"ticket {ticket.id}: Export fails — new, normal{_opened(ticket)}, unassigned"


def test_a_ticket_found_shows_who_works_it(sessions, manager, alice):
    """"who's working it?" is the next question after a ticket is found (and "who's on it?" of one nobody is)."""
    worked = make_record(sessions, "tickets", subject="Export fails", assignee_id=alice.id)
    unassigned = make_record(sessions, "tickets", subject="Export is slow")
    assert sorted(call(find_records, sessions, manager.caller, collection="tickets", query="Export").splitlines()) == \
        sorted([f"ticket {worked.id}: Export fails — new, normal{_opened(worked)}, assigned to {alice.user.name}",
                f"ticket {unassigned.id}: Export is slow — new, normal{_opened(unassigned)}, unassigned"])


def test_a_ticket_found_shows_who_raised_it(sessions, manager, alice):
    """"which of their tickets are open and sitting with me? and who raised them" """
    person = make_record(sessions, "contacts", first_name="Ngozi", last_name="Osei", email="ngozi@quarry.example")
    ticket = make_record(sessions, "tickets", subject="Audit log gap", contact_id=person.id, assignee_id=alice.id)
    assert call(find_records, sessions, manager.caller, collection="tickets", query="Audit log") == \
        f"ticket {ticket.id}: Audit log gap — new, normal, raised by Ngozi Osei{_opened(ticket)}, assigned to {alice.user.name}"
    # ... and from which company, when the person works at one
    quarry = make_record(sessions, "companies", name="Quarrystone")
    worker = make_record(sessions, "contacts", first_name="Tenzin", last_name="Osei", email="tenzin@quarry.example",
                         company_id=quarry.id)
    synced = make_record(sessions, "tickets", subject="Sync fails", contact_id=worker.id)
    assert call(find_records, sessions, manager.caller, collection="tickets", query="Sync fails") == \
        f"ticket {synced.id}: Sync fails — new, normal, raised by Tenzin Osei (Quarrystone){_opened(synced)}, unassigned"


def test_a_ticket_found_shows_its_category(sessions, manager):
    """"the outage one" is how people tell a listed ticket apart."""
    ticket = make_record(sessions, "tickets", subject="is it down?", category="outage")
    requested = make_record(sessions, "tickets", subject="is it possible to export?", category="feature_request")
    assert sorted(call(find_records, sessions, manager.caller, collection="tickets", query="is it").splitlines()) == \
        sorted([f"ticket {ticket.id}: is it down? — new, normal, outage{_opened(ticket)}, unassigned",
                f"ticket {requested.id}: is it possible to export? — new, normal, feature request{_opened(requested)}, unassigned"])


def test_nothing_found_says_so(sessions, manager):
    assert call(find_records, sessions, manager.caller, collection="deals", query="Zyxwvut") == \
        "No deals match 'Zyxwvut' (or none you may see)."


def test_at_most_eight_lines(sessions, manager):
    for n in range(12):
        make_record(sessions, "companies", name=f"Stark Subsidiary {n:02d}")
    lines = call(find_records, sessions, manager.caller, collection="companies", query="Stark Subsidiary").splitlines()
    assert len(lines) == MAX_RESULTS == 8
    assert all(line.startswith("company ") for line in lines)


def test_reading_writes_nothing(sessions, manager):
    make_record(sessions, "companies", name="Hooli")
    before = len(all_entries(sessions))
    call(find_records, sessions, manager.caller, collection="companies", query="Hooli")
    assert len(all_entries(sessions)) == before


def test_a_rep_sees_every_company_but_only_their_own_deals_and_tickets(sessions, alice, bruno):
    umbrella = make_record(sessions, "companies", name="Umbrella", owner_id=bruno.id)
    mine = make_record(sessions, "deals", name="Umbrella renewal", company_id=umbrella.id, owner_id=alice.id,
                       amount=Decimal("1000"))
    make_record(sessions, "deals", name="Umbrella expansion", company_id=umbrella.id, owner_id=bruno.id,
                amount=Decimal("75000"))
    make_record(sessions, "tickets", subject="Umbrella cannot log in", company_id=umbrella.id, assignee_id=bruno.id)

    assert "Umbrella" in call(find_records, sessions, alice.caller, collection="companies", query="Umbrella")
    deals = call(find_records, sessions, alice.caller, collection="deals", query="Umbrella")
    assert deals == f"deal {mine.id}: Umbrella renewal — prospecting, 1,000 USD, owner {alice.user.name}"
    assert "75,000" not in deals and "expansion" not in deals
    assert call(find_records, sessions, alice.caller, collection="tickets", query="Umbrella cannot log in") == \
        "No tickets match 'Umbrella cannot log in' (or none you may see). A rep sees only their own tickets; if it is a " \
        "colleague's, they or a manager can look it up."


def test_visitors_are_not_offered_it():
    assert_offered_only_to("find_records", anonymous=False, verified_visitor=False, staff=True)


def test_a_visitor_calling_it_anyway_reads_no_deals_and_no_tickets(sessions):
    """The services' rule for the visitor actor (no user, the least role): nothing owned or assigned is readable,
    and nothing unowned either: an unassigned ticket is another customer's."""
    make_record(sessions, "deals", name="Secret merger", amount=Decimal("5000000"), stage="negotiation")
    make_record(sessions, "tickets", subject="Invoice 4411 is wrong", description="our card ends in 4242")
    for caller in (ANONYMOUS, verified("mallory@evil.example")):
        deals = call(find_records, sessions, caller, collection="deals", query="Secret merger")
        tickets = call(find_records, sessions, caller, collection="tickets", query="Invoice")
        assert "5,000,000" not in deals and deals.startswith("No deals match")
        assert "Invoice 4411" not in tickets and tickets.startswith("No tickets match")


def test_a_visitor_calling_it_anyway_reads_no_contacts(sessions):
    """BUG (crm_core/permissions.py can_read/readable_clause with crm_core/actor.py Actor.visitor): the visitor
    actor is a rep without a user, and reps read every company and contact, so the second line of defence lets a
    visitor list the CRM's contacts (names, e-mails) when a tool is called for them anyway."""
    make_record(sessions, "contacts", first_name="Jane", last_name="Doe", email="jane@acme.example")
    for caller in (ANONYMOUS, verified("mallory@evil.example")):
        text = call(find_records, sessions, caller, collection="contacts", query="Jane")
        assert "jane@acme.example" not in text and text.startswith("No contacts match")


def test_every_word_in_any_order_finds_a_deal_and_a_ticket_by_its_company(sessions, manager):
    karoo = make_record(sessions, "companies", name="Karoo Solar Works")
    make_record(sessions, "deals", name="Karoo Solar Works - Business pilot", company_id=karoo.id, amount=Decimal("5000"))
    add_on = make_record(sessions, "deals", name="Karoo Solar Works - Salesforce integration add-on",
                         company_id=karoo.id, amount=Decimal("9000"))
    make_record(sessions, "tickets", subject="Renewal quote too high", company_id=karoo.id)
    limits = make_record(sessions, "tickets", subject="keep getting 429 Too Many Requests", company_id=karoo.id)

    assert call(find_records, sessions, manager.caller, collection="deals", query="karoo salesforce add-on") == \
        f"deal {add_on.id}: Karoo Solar Works - Salesforce integration add-on — prospecting, 9,000 USD"
    assert call(find_records, sessions, manager.caller, collection="tickets", query="Karoo 429").startswith(
        f"ticket {limits.id}: keep getting 429")


def test_a_name_said_in_full_among_other_words_is_that_record_not_a_look_alike(sessions, manager):
    kauri = make_record(sessions, "companies", name="Kauri Digital")
    make_record(sessions, "companies", name="Lakeshore County Digital Services")
    make_record(sessions, "contacts", first_name="Min-jun", last_name="Horváth")
    minjun = make_record(sessions, "contacts", first_name="Min-jun", last_name="Iyer")
    assert call(find_records, sessions, manager.caller, collection="companies", query="seeing Kauri Digital") == \
        f"company {kauri.id}: Kauri Digital"
    assert call(find_records, sessions, manager.caller, collection="contacts",
                query="Min-jun Iyer left").startswith(f"contact {minjun.id}: Min-jun Iyer")


def test_only_the_open_ones_when_asked(sessions, manager):
    silverpine = make_record(sessions, "companies", name="Silverpine Media")
    refund = make_record(sessions, "tickets", subject="Refund for unused seats", company_id=silverpine.id)
    waiting = make_record(sessions, "tickets", subject="Jira sync drops custom fields", company_id=silverpine.id,
                          status="pending")
    for n in range(MAX_RESULTS + 2):  # more solved ones than a page: the open ones are still found
        make_record(sessions, "tickets", subject=f"Teams alerts posted twice ({n})", company_id=silverpine.id,
                    status="solved")
    everything = call(find_records, sessions, manager.caller, collection="tickets", query="silverpine media")
    assert len(everything.splitlines()) == MAX_RESULTS and "Teams alerts" in everything

    lines = call(find_records, sessions, manager.caller, collection="tickets", query="silverpine media",
                 open_only=True).splitlines()
    assert sorted(lines) == sorted([f"ticket {refund.id}: Refund for unused seats — new, normal{_opened(refund)}, unassigned",
                                    f"ticket {waiting.id}: Jira sync drops custom fields — pending, normal{_opened(waiting)}, unassigned"])

    won = make_record(sessions, "deals", name="Silverpine Media renewal", company_id=silverpine.id, stage="closed_won")
    assert call(find_records, sessions, manager.caller, collection="deals", query="silverpine") == \
        f"deal {won.id}: Silverpine Media renewal — closed_won, 0 USD"
    assert call(find_records, sessions, manager.caller, collection="deals", query="silverpine", open_only=True) == \
        "Nothing open: the one deal matching 'silverpine' is closed."


def test_a_company_found_says_what_it_is(sessions, manager):
    hygge = make_record(sessions, "companies", name="Hygge Learning", domain="hygge-learning.example", industry="education",
                        region="emea", size=28)
    assert call(find_records, sessions, manager.caller, collection="companies", query="hygge learning") == \
        f"company {hygge.id}: Hygge Learning (hygge-learning.example) — education, EMEA, 28 employees"
