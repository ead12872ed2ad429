"""draft_follow_up: a follow-up e-mail stored as a draft of the caller (never sent), composed from the CRM
facts the caller may read; the draft remembers the conversation it was written in."""

from datetime import date
from decimal import Decimal

import pytest
from pydantic import ValidationError

from crm_core.drafts.models import Draft, OutboxEmail
from crm_core.errors import Conflict
from tests.factories import make_record
from tests.tools.helpers import (ANONYMOUS, assert_offered_only_to, assert_schema, call, count, entries, row, undo,
                                 verified)
from tools.draft_tools import draft_follow_up


def test_schema_is_the_recipient_and_optional_text_never_the_sender():
    assert_schema(draft_follow_up, {"to": "string", "about": "string | null", "purpose": "string | null",
                                    "points": "array | null", "subject": "string | null", "body": "string | null"},
                  {"to"}, description_mentions=("nothing is sent",))


def _acme(sessions, owner, stage="negotiation", close=date(2026, 12, 15)):
    acme = make_record(sessions, "companies", name="Acme Rockets")
    jane = make_record(sessions, "contacts", first_name="Jane", last_name="Doe", email="jane@acme.example",
                       company_id=acme.id)
    deal = make_record(sessions, "deals", name="Acme Rockets expansion", company_id=acme.id, contact_id=jane.id,
                       owner_id=owner.id, amount=Decimal("48000"), stage=stage,
                       next_step="Send the security questionnaire", expected_close_date=close)
    return acme, jane, deal


def _only_draft(sessions) -> dict:
    [entry] = entries(sessions, "draft")
    return row(sessions, Draft, entry.entity_id)


def test_the_points_asked_for_are_said_in_the_draft(sessions, manager, alice):
    _acme(sessions, alice)
    call(draft_follow_up, sessions, manager.caller, to="Jane Doe", conversation_id="conv-7",
         points=["The fix ships on Thursday.", "Thank you for your patience."])
    body = _only_draft(sessions)["body"].splitlines()
    assert body[:5] == ["Hi Jane,", "", "Following up on Acme Rockets expansion.", "The fix ships on Thursday.",
                        "Thank you for your patience."]


def test_a_draft_about_something_else_says_what_was_asked_and_not_the_deals_next_step(sessions, manager, alice):
    acme, jane, _ = _acme(sessions, alice)
    make_record(sessions, "tickets", subject="SSO login fails", contact_id=jane.id, company_id=acme.id)
    call(draft_follow_up, sessions, manager.caller, to="Jane Doe", conversation_id="conv-8", purpose="the double charge",
         points=["Finance reversed the duplicate payment.", "Sorry for the hassle."])
    body = _only_draft(sessions)["body"]
    assert "Finance reversed the duplicate payment.\nSorry for the hassle." in body
    assert "next step" not in body and "SSO login fails" not in body


def test_a_draft_composed_from_the_deal_and_the_open_ticket(sessions, manager, alice):
    acme, jane, deal = _acme(sessions, alice)
    ticket = make_record(sessions, "tickets", subject="SSO login fails", contact_id=jane.id, company_id=acme.id)

    reply = call(draft_follow_up, sessions, manager.caller, to="Jane Doe", conversation_id="conv-42")
    draft = _only_draft(sessions)
    assert reply.startswith(f"Draft {draft['id']} to Jane Doe <jane@acme.example> — subject: Following up: Acme Rockets expansion")
    assert "Say \"send it\" to approve and send" in reply
    assert draft["body"].splitlines() == [
        "Hi Jane,", "", "Following up on Acme Rockets expansion.",
        "As agreed, the next step is: send the security questionnaire.",
        "We're still working towards December 15 for a decision.",
        f"I also saw your ticket #{ticket.id} (SSO login fails) is still open; our support team is on it.",
        "", "Let me know if you have any questions.", "", "Best regards,", "Maria Lopez"]
    assert draft["status"] == "draft" and draft["owner_id"] == manager.id and draft["conversation_id"] == "conv-42"
    assert (draft["contact_id"], draft["deal_id"], draft["to_email"]) == (jane.id, deal.id, "jane@acme.example")
    assert draft["sent_at"] is None and count(sessions, OutboxEmail) == 0  # nothing is sent

    [entry] = entries(sessions, "draft")
    assert entry.action == "create" and entry.via == "agent" and entry.actor_id == manager.id
    with pytest.raises(Conflict, match="cannot be undone"):
        undo(sessions, manager.api_actor, entry.id)


@pytest.mark.parametrize(("stage", "close", "says", "never"), [
    ("closed_won", date(2026, 11, 22), "Thank you again for choosing us; we're looking forward to working together.",
     ("working towards", "next step")),
    ("closed_lost", date(2026, 11, 22), None, ("working towards", "next step", "choosing us")),
    ("negotiation", date(2026, 11, 6), "Could we agree on a new date for a decision?", ("working towards",)),
    ("negotiation", date(2026, 11, 22), "We're still working towards November 22 for a decision.", ("new date",)),
])
def test_the_deal_is_described_as_it_stands_today(sessions, manager, alice, stage, close, says, never):
    _acme(sessions, alice, stage, close)
    call(draft_follow_up, sessions, manager.caller, to="Jane Doe")
    body = _only_draft(sessions)["body"]
    assert says is None or says in body.splitlines()
    assert not [phrase for phrase in never if phrase in body]


def test_own_subject_and_body_and_a_purpose(sessions, manager, alice):
    _acme(sessions, alice)
    call(draft_follow_up, sessions, manager.caller, to="jane@acme.example", subject="Your quote",
         body="Hi Jane, here is the quote.")
    draft = _only_draft(sessions)
    assert (draft["subject"], draft["body"]) == ("Your quote", "Hi Jane, here is the quote.")


def test_to_a_company_goes_to_its_first_contact_with_an_email(sessions, manager):
    globex = make_record(sessions, "companies", name="Globex")
    make_record(sessions, "contacts", first_name="No", last_name="Mail", company_id=globex.id)
    priya = make_record(sessions, "contacts", first_name="Priya", last_name="Shah", email="priya@globex.example",
                        company_id=globex.id)
    reply = call(draft_follow_up, sessions, manager.caller, to="Globex", purpose="the revised quote.")
    draft = _only_draft(sessions)
    assert draft["contact_id"] == priya.id and "subject: Following up: the revised quote" in reply


def test_a_contact_without_email_and_an_ambiguous_name_write_nothing(sessions, manager):
    make_record(sessions, "contacts", first_name="Tom", last_name="Baker")
    assert call(draft_follow_up, sessions, manager.caller, to="Tom Baker") == \
        "Tom Baker has no e-mail address on file; add one first."
    make_record(sessions, "contacts", first_name="Jane", last_name="Doe", email="jane@acme.example")
    make_record(sessions, "contacts", first_name="Jane", last_name="Smith", email="jane@globex.example")
    question = call(draft_follow_up, sessions, manager.caller, to="Jane")
    assert question.startswith("Several contacts match 'Jane'") and question.endswith("Which one (give the id)?")
    assert count(sessions, Draft) == 0


def test_a_first_name_two_contacts_share_is_the_one_at_the_company_of_the_deal_it_is_about(sessions, manager):
    nordvik = make_record(sessions, "companies", name="Nordvik Energi")
    karoo = make_record(sessions, "companies", name="Karoo Solar")
    tomasz = make_record(sessions, "contacts", first_name="Tomasz", last_name="Demir", email="tomasz@nordvik.example",
                         company_id=nordvik.id)
    make_record(sessions, "contacts", first_name="Tomasz", last_name="Yilmaz", email="tomasz@karoo.example",
                company_id=karoo.id)
    renewal = make_record(sessions, "deals", name="Nordvik renewal", company_id=nordvik.id, amount=Decimal("1000"))
    call(draft_follow_up, sessions, manager.caller, to="Tomasz", about="Nordvik renewal", purpose="a thank-you")
    draft = _only_draft(sessions)
    assert (draft["contact_id"], draft["deal_id"]) == (tomasz.id, renewal.id)


def test_an_overlong_subject_writes_no_draft(sessions, manager):
    make_record(sessions, "contacts", first_name="Jane", last_name="Doe", email="jane@acme.example")
    try:
        reply = call(draft_follow_up, sessions, manager.caller, to="Jane Doe", subject="S" * 400)
    except ValidationError as exc:  # the agent's tool node hands this back to the model as an error
        reply = str(exc)
    assert "subject" in reply and count(sessions, Draft) == 0


def test_a_rep_drafts_without_facts_from_another_reps_deal(sessions, alice, bruno):
    _, jane, deal = _acme(sessions, bruno)
    reply = call(draft_follow_up, sessions, alice.caller, to="Jane Doe", about="Acme Rockets expansion")
    draft = _only_draft(sessions)
    assert draft["owner_id"] == alice.id and draft["contact_id"] == jane.id and draft["deal_id"] is None
    assert "security questionnaire" not in reply and "Acme Rockets expansion" not in draft["body"]
    assert draft["body"].endswith("Alice Moreau")


@pytest.mark.parametrize("assigned", ["nobody", "bruno"])
def test_a_rep_drafts_without_a_ticket_they_may_not_read(sessions, alice, bruno, assigned):
    acme, jane, _ = _acme(sessions, alice)
    mine = make_record(sessions, "tickets", subject="Export times out", contact_id=jane.id, company_id=acme.id,
                       assignee_id=alice.id)
    make_record(sessions, "tickets", subject="Salary data visible to everyone", contact_id=jane.id, company_id=acme.id,
                assignee_id=bruno.id if assigned == "bruno" else None)  # newer, and not Alice's
    call(draft_follow_up, sessions, alice.caller, to="Jane Doe")
    body = _only_draft(sessions)["body"]
    assert "Salary data" not in body
    assert f"your ticket #{mine.id} (Export times out)" in body


def test_visitors_are_not_offered_it():
    assert_offered_only_to("draft_follow_up", anonymous=False, verified_visitor=False, staff=True)


def test_a_visitor_calling_it_anyway_writes_no_draft(sessions, alice):
    _acme(sessions, alice)
    for caller in (ANONYMOUS, verified("jane@acme.example")):
        reply = call(draft_follow_up, sessions, caller, to="jane@acme.example", body="Please wire the money")
        assert reply == "No draft written: only CRM users can write drafts"
    assert count(sessions, Draft) == 0


@pytest.mark.parametrize("to, first_name", [("CFO at Juniper Ridge", "Ingrid"),
                                              ("head of PMO at Juniper Ridge", "Henrik")])  # a role that says "of"
def test_to_a_role_at_a_company_goes_to_the_one_contact_with_that_title(sessions, manager, to, first_name):
    juniper = make_record(sessions, "companies", name="Juniper Ridge Clinics")
    for first, last, title in (("Pedro", "Hoang", "Head of IT"), ("Ingrid", "Khan", "CFO"), ("Henrik", "Gupta", "Head of PMO")):
        make_record(sessions, "contacts", first_name=first, last_name=last, email=f"{first.lower()}@juniper.example",
                    title=title, company_id=juniper.id)
    reply = call(draft_follow_up, sessions, manager.caller, to=to, purpose="the updated quote")
    assert _only_draft(sessions)["to_email"] == f"{first_name.lower()}@juniper.example"
    assert reply.startswith("Draft ") and f"Hi {first_name}" in reply


def test_to_a_ticket_goes_to_the_person_who_opened_it_not_to_the_companys_first_contact(sessions, manager):
    prairie = make_record(sessions, "companies", name="Prairie Wind Energy")
    make_record(sessions, "contacts", first_name="Ana", last_name="First", email="ana@prairie.example", company_id=prairie.id)
    mateo = make_record(sessions, "contacts", first_name="Mateo", last_name="Nowak", email="mateo@prairie.example",
                        company_id=prairie.id)
    make_record(sessions, "tickets", subject="Seat count on invoice doesn't match admin panel", contact_id=mateo.id,
                company_id=prairie.id)
    reply = call(draft_follow_up, sessions, manager.caller,
                 to="the prairie wind ticket about the seat count not matching the admin panel", purpose="the reissued invoice")
    assert _only_draft(sessions)["to_email"] == "mateo@prairie.example" and "Hi Mateo" in reply


def test_a_next_step_or_date_the_sender_says_replaces_the_stored_one(sessions, manager, alice):
    _acme(sessions, alice)
    call(draft_follow_up, sessions, manager.caller, to="Jane Doe", conversation_id="conv-9",
         points=["The SSO test worked, next step is your security sign-off, and we're aiming to sign by Dec 18."])
    body = _only_draft(sessions)["body"]
    assert "next step is your security sign-off" in body
    assert "Send the security questionnaire" not in body and "December 15" not in body  # the stored ones contradict it


def test_a_reply_about_their_ticket_follows_up_on_the_ticket_not_on_their_deal(sessions, manager, alice):
    acme, jane, _ = _acme(sessions, alice)
    ticket = make_record(sessions, "tickets", subject="SSO enforced, contractors locked out", contact_id=jane.id,
                         company_id=acme.id)
    call(draft_follow_up, sessions, manager.caller, to="Jane", about=f"ticket {ticket.id}",
         points=["I'd like to suggest the guest route for now."])
    draft = _only_draft(sessions)
    assert draft["subject"] == f"Following up: your ticket #{ticket.id} (SSO enforced, contractors locked out)"
    assert f"Following up on your ticket #{ticket.id} (SSO enforced, contractors locked out)." in draft["body"]
    assert "I'd like to suggest the guest route for now." in draft["body"]
    assert "Send the security questionnaire" not in draft["body"] and "I also saw" not in draft["body"]
    assert draft["deal_id"] is None


def test_a_dictated_draft_about_the_deal_keeps_its_internal_next_step_and_date_out(sessions, manager, alice):
    _acme(sessions, alice)
    call(draft_follow_up, sessions, manager.caller, to="Jane Doe", conversation_id="conv-10", purpose="the expansion",
         points=["Could we do a call next week to go over the pilot numbers?"])
    body = _only_draft(sessions)["body"]
    assert "Could we do a call next week to go over the pilot numbers?" in body
    # the stored next step is a note for the team, and the close date a forecast: neither is the customer's to read
    assert "security questionnaire" not in body and "December 15" not in body

    # Without dictated points the draft is composed from where the deal stands
    call(draft_follow_up, sessions, manager.caller, to="Jane Doe", conversation_id="conv-11")
    [*_, latest] = entries(sessions, "draft")
    assert "As agreed, the next step is: send the security questionnaire." in row(sessions, Draft, latest.entity_id)["body"]
