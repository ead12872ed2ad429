"""get_record: every field of one record (long text cut), or the question to ask when several match."""

from decimal import Decimal

from tests.factories import make_record
from tests.tools.helpers import ANONYMOUS, all_entries, assert_offered_only_to, assert_schema, call, verified
from tools.crm_tools import TEXT_LIMIT, get_record


def test_schema_is_a_collection_and_a_reference():
    assert_schema(get_record, {"collection": "enum[companies,contacts,deals,tickets]", "reference": "string"},
                  {"collection", "reference"}, description_mentions=("by id, e-mail or name",))


def test_a_manager_reads_every_field_of_a_deal_by_id(sessions, manager, alice):
    acme = make_record(sessions, "companies", name="Acme Rockets")
    deal = make_record(sessions, "deals", name="Acme Rockets expansion", company_id=acme.id, owner_id=alice.id,
                       amount=Decimal("48250.50"), stage="negotiation", next_step="Send the security questionnaire")
    before = len(all_entries(sessions))

    text = call(get_record, sessions, manager.caller, collection="deals", reference=f"deal {deal.id}")
    lines = text.splitlines()
    assert lines[0] == f"deal {deal.id}: Acme Rockets expansion — negotiation, 48,250.50 USD"
    fields = dict(line.split(": ", 1) for line in lines[1:])
    # a reference is shown with the name it points to: the model can answer "who owns it?" from this alone
    assert fields["company_id"] == f"{acme.id} (Acme Rockets)" and fields["owner_id"] == f"{alice.id} (Alice Moreau)"
    assert fields["amount"] == "48250.50" and fields["stage"] == "negotiation"
    assert fields["next_step"] == "Send the security questionnaire"
    assert not {"version", "attributes", "tags", "id", "name"} & set(fields)
    assert "contact_id" not in fields  # empty fields are left out
    assert len(all_entries(sessions)) == before  # reading writes nothing


def test_a_contact_by_email(sessions, manager):
    jane = make_record(sessions, "contacts", first_name="Jane", last_name="Doe", email="jane@acme.example",
                       phone="+14155550100")
    text = call(get_record, sessions, manager.caller, collection="contacts", reference="jane@acme.example")
    assert text.splitlines()[0] == f"contact {jane.id}: Jane Doe <jane@acme.example>"
    assert "phone: +14155550100" in text and "email: jane@acme.example" in text
    assert "consent_email: False (not opted in to email)" in text and "consent_phone: False (no consent to phone calls)" in text  # "is she ok to email?" answered in words


def test_long_text_is_cut_at_the_limit(sessions, manager):
    ticket = make_record(sessions, "tickets", subject="Export fails", description="x" * 5000)
    text = call(get_record, sessions, manager.caller, collection="tickets", reference=str(ticket.id))
    [description] = [line for line in text.splitlines() if line.startswith("description: ")]
    assert description == "description: " + "x" * TEXT_LIMIT + "…"
    assert len(text) < 1500


def test_several_matches_get_a_question_and_an_exact_name_wins(sessions, manager):
    rockets = make_record(sessions, "companies", name="Acme Rockets")
    robotics = make_record(sessions, "companies", name="Acme Robotics")
    question = call(get_record, sessions, manager.caller, collection="companies", reference="Acme")
    assert question.startswith("Several companies match 'Acme': ")
    assert f"company {rockets.id}: Acme Rockets" in question and f"company {robotics.id}: Acme Robotics" in question
    assert question.endswith("Which one (give the id)?")

    exact = call(get_record, sessions, manager.caller, collection="companies", reference="acme robotics")
    assert exact.splitlines()[0] == f"company {robotics.id}: Acme Robotics"


def test_nothing_matches(sessions, manager):
    assert call(get_record, sessions, manager.caller, collection="tickets", reference="999") == \
        "No ticket matches '999' (or none you may see)."


def test_a_rep_reads_their_own_deal_but_not_another_reps(sessions, alice, bruno):
    mine = make_record(sessions, "deals", name="Hooli pilot", owner_id=alice.id, amount=Decimal("1200"))
    theirs = make_record(sessions, "deals", name="Hooli enterprise", owner_id=bruno.id, amount=Decimal("250000"))
    assert call(get_record, sessions, alice.caller, collection="deals", reference=str(mine.id)).startswith(f"deal {mine.id}")
    for reference in (str(theirs.id), f"deal {theirs.id}", "Hooli enterprise"):
        refused = call(get_record, sessions, alice.caller, collection="deals", reference=reference)
        assert refused == f"No deal matches {reference!r} (or none you may see)."
        assert "250" not in refused


def test_a_rep_reads_only_tickets_assigned_to_them(sessions, alice, bruno):
    ticket = make_record(sessions, "tickets", subject="Login loop", assignee_id=bruno.id)
    assert call(get_record, sessions, alice.caller, collection="tickets", reference=str(ticket.id)) == \
        f"No ticket matches '{ticket.id}' (or none you may see)."


def test_visitors_are_not_offered_it():
    assert_offered_only_to("get_record", anonymous=False, verified_visitor=False, staff=True)


def test_a_visitor_calling_it_anyway_reads_no_deal_or_ticket_by_id(sessions, alice):
    deal = make_record(sessions, "deals", name="Secret merger", amount=Decimal("5000000"))
    owned = make_record(sessions, "deals", name="Owned deal", owner_id=alice.id, amount=Decimal("7000"))
    ticket = make_record(sessions, "tickets", subject="Invoice 4411 is wrong")
    for caller in (ANONYMOUS, verified("mallory@evil.example")):
        for collection, record in (("deals", deal), ("deals", owned), ("tickets", ticket)):
            text = call(get_record, sessions, caller, collection=collection, reference=str(record.id))
            assert text.startswith("No ")


def test_a_deal_named_in_passing_is_found_by_its_company_and_telling_words(sessions, manager):
    hooli = make_record(sessions, "companies", name="Hooli Clinics")
    rollout = make_record(sessions, "deals", name="Hooli Clinics - engineering rollout", company_id=hooli.id)
    make_record(sessions, "deals", name="Hooli Clinics - pilot", company_id=hooli.id)
    make_record(sessions, "deals", name="Initech - PMO rollout")
    found = call(get_record, sessions, manager.caller, collection="deals", reference="hooli clinics radiology team rollout")
    assert found.startswith(f"deal {rollout.id}")


def test_a_word_naming_a_deal_the_caller_cannot_see_never_picks_a_look_alike(sessions, alice, bruno):
    hooli = make_record(sessions, "companies", name="Hooli")
    make_record(sessions, "deals", name="Hooli - PMO rollout", company_id=hooli.id, owner_id=alice.id)
    make_record(sessions, "deals", name="Hooli - enterprise upgrade", company_id=hooli.id, owner_id=bruno.id)
    reference = "hooli enterprise upgrade rollout"
    assert call(get_record, sessions, alice.caller, collection="deals", reference=reference) == \
        f"No deal matches {reference!r} (or none you may see)."


def test_a_ticket_told_as_a_story_is_found_by_its_company_and_telling_words(sessions, manager):
    karoo = make_record(sessions, "companies", name="Karoo Solar")
    certificate = make_record(sessions, "tickets", subject="Tax exemption certificate", company_id=karoo.id)
    make_record(sessions, "tickets", subject="Invoice shows the wrong address", company_id=karoo.id)
    make_record(sessions, "tickets", subject="Tax exemption certificate")  # another company's
    found = call(get_record, sessions, manager.caller, collection="tickets",
                 reference="received Karoo tax exemption certificate")
    assert found.startswith(f"ticket {certificate.id}")
    unnamed = call(get_record, sessions, manager.caller, collection="tickets", reference="received tax exemption form")
    assert unnamed.startswith("No ticket matches")  # no company named: no guess


def test_a_deal_named_loosely_is_found_among_the_named_companys_deals(sessions, manager):
    """"the Straitspoint 50-seat add-on": the words of a hyphenated word count, and only the company's deals
    compete (another company's "add-on" deal shares a rarer word but is not the one meant)."""
    strait = make_record(sessions, "companies", name="Strait Capital")
    other = make_record(sessions, "companies", name="Wattle Freight")
    seats = make_record(sessions, "deals", name="Strait Capital - 50 additional seats", company_id=strait.id)
    make_record(sessions, "deals", name="Strait Capital - PMO rollout", company_id=strait.id)
    make_record(sessions, "deals", name="Strait Capital - marketing ops expansion", company_id=strait.id)
    make_record(sessions, "deals", name="Wattle Freight - Salesforce add-on", company_id=other.id)
    found = call(get_record, sessions, manager.caller, collection="deals", reference="Strait 50-seat add-on")
    assert found.startswith(f"deal {seats.id}")


def test_a_ticket_nobody_has_picked_up_says_so(sessions, manager):
    ticket = make_record(sessions, "tickets", subject="SSO enforced, contractors locked out")
    assert "assignee_id: none (unassigned)" in call(get_record, sessions, manager.caller, collection="tickets",
                                                    reference=str(ticket.id))


def test_times_are_shown_to_the_second(sessions, manager):
    import re

    ticket = make_record(sessions, "tickets", subject="Export broken")
    text = call(get_record, sessions, manager.caller, collection="tickets", reference=f"ticket {ticket.id}")
    stamps = re.findall(r"^(?:created|updated)_at: (.+)$", text, re.MULTILINE)
    assert stamps and all(re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\+00:00", s) for s in stamps), text
