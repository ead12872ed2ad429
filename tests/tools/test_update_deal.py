"""update_deal: one deal, only the given fields, audited via=agent and undoable; a rep only their own deals."""

from datetime import date, datetime, timezone
from decimal import Decimal

from pydantic import ValidationError

from crm_core.deals.models import Deal, DealStageChange
from tests.factories import make_record
from tests.tools.helpers import (ANONYMOUS, assert_offered_only_to, assert_schema, call, changed, count, entries, row,
                                 set_columns, undo, verified)
from tools.update_tools import update_deal


def test_schema_takes_the_deal_and_only_what_changes():
    assert_schema(update_deal, {"deal": "string", "stage": "string | null", "amount": "number | null",
                                "expected_close_date": "date | null", "next_step": "string | null",
                                "owner": "string | null"},
                  {"deal"}, description_mentions=("Give only what changes", "closed_won"))


def _deal(sessions, owner, name="Acme Rockets expansion", **values):
    acme = make_record(sessions, "companies", name="Acme Rockets")
    values = {"amount": Decimal("48000"), "stage": "proposal", "next_step": "Send the quote", **values}
    deal = make_record(sessions, "deals", name=name, company_id=acme.id, owner_id=owner.id if owner else None, **values)
    set_columns(sessions, Deal, deal.id, stage_changed_at=datetime(2026, 10, 1, tzinfo=timezone.utc))
    return deal


def test_a_manager_changes_stage_and_amount_audited_via_agent(sessions, manager, alice):
    deal = _deal(sessions, alice)
    before = row(sessions, Deal, deal.id)

    reply = call(update_deal, sessions, manager.caller, deal="Acme Rockets", stage="negotiation", amount=85000)
    [entry] = [e for e in entries(sessions, "deal", deal.id) if e.action == "update"]
    assert reply == (f"Updated deal {deal.id} (Acme Rockets expansion): stage proposal → negotiation; "
                     f"amount 48,000 → 85,000. (audit entry {entry.id}; undo: POST /api/v1/audit/{entry.id}/undo)")

    after = row(sessions, Deal, deal.id)
    diff = changed(before, after)
    assert set(diff) == {"stage", "amount", "stage_changed_at"}
    assert after["stage"] == "negotiation" and after["amount"] == Decimal("85000.00")
    assert after["version"] == before["version"] + 1 and after["owner_id"] == alice.id
    assert entry.via == "agent" and entry.actor_id == manager.id and entry.actor_name == "Maria Lopez"
    assert entry.before["stage"] == "proposal" and entry.after["stage"] == "negotiation"

    undo(sessions, manager.api_actor, entry.id)
    restored = row(sessions, Deal, deal.id)
    assert restored["stage"] == "proposal" and restored["amount"] == Decimal("48000.00")
    assert set(changed(before, restored)) <= {"stage_changed_at"}


def test_what_is_already_so_is_said_and_not_written(sessions, manager, alice):
    deal = _deal(sessions, alice, stage="closed_won")
    before = row(sessions, Deal, deal.id)
    reply = call(update_deal, sessions, manager.caller, deal="Acme Rockets", stage="closed_won", amount=48000)
    assert reply == f"Nothing changed: deal {deal.id} (Acme Rockets expansion) already has stage closed_won; amount 48,000."
    assert changed(before, row(sessions, Deal, deal.id)) == {} and not entries(sessions, "deal", deal.id)[1:]

    reply = call(update_deal, sessions, manager.caller, deal="Acme Rockets", stage="closed_won", amount=50000)
    assert reply.startswith(f"Updated deal {deal.id} (Acme Rockets expansion): amount 48,000 → 50,000. "
                            "Already so: stage closed_won. (audit entry")
    assert set(changed(before, row(sessions, Deal, deal.id))) == {"amount"}


def test_undo_puts_the_stage_clock_back_too(sessions, manager, alice):
    """BUG (crm_core/deals/service.py _record_stage_changes): undoing a stage change restores the stage but the
    before-flush hook stamps stage_changed_at with the time of the undo, so a deal that sat in proposal for weeks
    shows "proposal, for today" after an accidental move was undone."""
    deal = _deal(sessions, alice)
    before = row(sessions, Deal, deal.id)
    call(update_deal, sessions, manager.caller, deal=str(deal.id), stage="negotiation")
    [entry] = [e for e in entries(sessions, "deal", deal.id) if e.action == "update"]
    undo(sessions, manager.api_actor, entry.id)
    assert changed(before, row(sessions, Deal, deal.id)) == {}


def test_close_date_and_next_step(sessions, manager, alice):
    deal = _deal(sessions, alice)
    before = row(sessions, Deal, deal.id)
    reply = call(update_deal, sessions, manager.caller, deal=f"deal {deal.id}", expected_close_date="2027-03-15",
                 next_step="Send the revised quote")
    assert "expected close date (none) → 2027-03-15; next step Send the quote → Send the revised quote." in reply
    assert set(changed(before, row(sessions, Deal, deal.id))) == {"expected_close_date", "next_step"}
    assert row(sessions, Deal, deal.id)["expected_close_date"] == date(2027, 3, 15)


def test_a_rep_updates_their_own_deal(sessions, alice):
    deal = _deal(sessions, alice)
    reply = call(update_deal, sessions, alice.caller, deal="Acme Rockets expansion", stage="closed_won")
    assert reply.startswith(f"Updated deal {deal.id} (Acme Rockets expansion): stage proposal → closed_won.")
    after = row(sessions, Deal, deal.id)
    assert after["stage"] == "closed_won" and after["closed_at"] is not None
    [entry] = [e for e in entries(sessions, "deal", deal.id) if e.action == "update"]
    assert entry.via == "agent" and entry.actor_id == alice.id
    undo(sessions, alice.api_actor, entry.id)  # a rep may undo their own change on their own deal
    assert row(sessions, Deal, deal.id)["stage"] == "proposal" and row(sessions, Deal, deal.id)["closed_at"] is None


def test_a_rep_cannot_change_another_reps_deal(sessions, alice, bruno):
    deal = _deal(sessions, bruno)
    before = row(sessions, Deal, deal.id)
    for reference in ("Acme Rockets", "Acme Rockets expansion", str(deal.id), f"deal {deal.id}"):
        reply = call(update_deal, sessions, alice.caller, deal=reference, stage="closed_lost", amount=1)
        # the same answer as for a deal that does not exist, with what a rep may change and who can change it
        assert reply == f"No deal matches {reference!r} (or none you may see). A rep can change only their own " \
                        "deals (and sees only those); if it is a colleague's, they or a manager can make this change."
    assert call(update_deal, sessions, alice.caller, deal="Nonexistent Corp", stage="closed_lost") == \
        "No deal matches 'Nonexistent Corp' (or none you may see). A rep can change only their own deals (and sees " \
        "only those); if it is a colleague's, they or a manager can make this change."
    assert row(sessions, Deal, deal.id) == before
    assert [e.action for e in entries(sessions, "deal", deal.id)] == ["create"]


def test_several_open_deals_get_a_question_and_nothing_changes(sessions, manager):
    first = _deal(sessions, manager, name="Acme Rockets expansion")
    second = make_record(sessions, "deals", name="Acme Rockets renewal", company_id=first.company_id,
                         amount=Decimal("9000"), stage="qualification", expected_close_date="2027-03-16")
    before = (row(sessions, Deal, first.id), row(sessions, Deal, second.id))
    reply = call(update_deal, sessions, manager.caller, deal="Acme Rockets", stage="negotiation")
    assert reply.startswith("Several deals match 'Acme Rockets': ") and reply.endswith("Which one (give the id)?")
    # Stage, amount and close date tell look-alikes apart for whoever answers the question.
    assert f"deal {first.id}: Acme Rockets expansion (proposal, 48,000 USD)" in reply
    assert f"deal {second.id}: Acme Rockets renewal (qualification, 9,000 USD, closing 2027-03-16)" in reply
    assert (row(sessions, Deal, first.id), row(sessions, Deal, second.id)) == before


def test_the_one_open_deal_is_chosen_over_closed_ones(sessions, manager):
    current = _deal(sessions, manager, name="Acme Rockets expansion")
    closed = make_record(sessions, "deals", name="Acme Rockets 2025", company_id=current.company_id,
                         amount=Decimal("9000"), stage="closed_won")
    reply = call(update_deal, sessions, manager.caller, deal="Acme Rockets", next_step="Book the kick-off")
    assert reply.startswith(f"Updated deal {current.id} ")
    assert row(sessions, Deal, closed.id)["next_step"] is None


def test_no_change_given_writes_nothing(sessions, manager):
    deal = _deal(sessions, manager)
    before = row(sessions, Deal, deal.id)
    assert call(update_deal, sessions, manager.caller, deal="Acme Rockets").startswith("Nothing to change:")
    assert row(sessions, Deal, deal.id) == before


def test_an_unknown_stage_is_refused_with_the_known_ones(sessions, manager):
    deal = _deal(sessions, manager)
    before = row(sessions, Deal, deal.id)
    reply = call(update_deal, sessions, manager.caller, deal="Acme Rockets", stage="won", amount=1)
    assert reply.startswith("Nothing changed: stage: unknown stage 'won'; the pipeline has: prospecting, ")
    assert row(sessions, Deal, deal.id) == before and count(sessions, DealStageChange) == 1


def test_a_refused_amount_changes_nothing(sessions, manager):
    """The update schema refuses a negative amount. The tool lets pydantic's ValidationError out (not a
    "Nothing changed" reply); the agent's tool node turns it into an error message naming the field."""
    deal = _deal(sessions, manager)
    before = row(sessions, Deal, deal.id)
    try:
        reply = call(update_deal, sessions, manager.caller, deal="Acme Rockets", amount=-5)
    except ValidationError as exc:
        reply = str(exc)
    assert "amount" in reply and not reply.startswith("Updated")
    assert row(sessions, Deal, deal.id) == before


def test_visitors_are_not_offered_it():
    assert_offered_only_to("update_deal", anonymous=False, verified_visitor=False, staff=True)


def test_a_visitor_calling_it_anyway_changes_nothing(sessions, alice):
    owned = _deal(sessions, alice, name="Owned expansion")
    unowned = make_record(sessions, "deals", name="Unowned merger", amount=Decimal("5000000"))
    before = (row(sessions, Deal, owned.id), row(sessions, Deal, unowned.id))
    for caller in (ANONYMOUS, verified("mallory@evil.example")):
        for reference in ("Owned expansion", "Unowned merger", str(owned.id)):
            reply = call(update_deal, sessions, caller, deal=reference, amount=1, stage="closed_lost")
            assert not reply.startswith("Updated")
    assert (row(sessions, Deal, owned.id), row(sessions, Deal, unowned.id)) == before


def test_a_deal_named_by_its_contact_is_that_contacts_deal_and_only_for_a_change(sessions, manager):
    deal = _deal(sessions, manager, name="Acme Rockets - Business plan, annual")
    mariam = make_record(sessions, "contacts", first_name="Mariam", last_name="Silva", company_id=deal.company_id)
    set_columns(sessions, Deal, deal.id, contact_id=mariam.id)
    make_record(sessions, "deals", name="Acme Rockets - other", company_id=deal.company_id, stage="proposal")
    reply = call(update_deal, sessions, manager.caller, deal="Mariam Silva", amount=25125)
    assert reply.startswith(f"Updated deal {deal.id} ") and row(sessions, Deal, deal.id)["amount"] == Decimal("25125")
    # someone who is no deal's contact names no deal
    make_record(sessions, "contacts", first_name="Ingrid", last_name="Khan", company_id=deal.company_id)
    assert call(update_deal, sessions, manager.caller, deal="Ingrid Khan", amount=1).startswith("No deal")


def test_a_manager_hands_a_deal_to_a_colleague_audited_and_undoable(sessions, manager, alice, bruno):
    deal = _deal(sessions, bruno)
    reply = call(update_deal, sessions, manager.caller, deal="Acme Rockets expansion", owner="alice")
    [entry] = [e for e in entries(sessions, "deal", deal.id) if e.action == "update"]
    assert reply == (f"Updated deal {deal.id} (Acme Rockets expansion): owner Bruno Keller → Alice Moreau. "
                     f"(audit entry {entry.id}; undo: POST /api/v1/audit/{entry.id}/undo)")
    assert row(sessions, Deal, deal.id)["owner_id"] == alice.id and entry.via == "agent"
    undo(sessions, manager.api_actor, entry.id)
    assert row(sessions, Deal, deal.id)["owner_id"] == bruno.id


def test_a_rep_cannot_hand_their_deal_away_and_an_unknown_colleague_changes_nothing(sessions, manager, alice, bruno):
    deal = _deal(sessions, alice)
    before = row(sessions, Deal, deal.id)
    assert call(update_deal, sessions, alice.caller, deal="Acme Rockets expansion", owner="Bruno Keller") == \
        "Nothing changed: a rep cannot hand a deal to someone else"
    assert call(update_deal, sessions, manager.caller, deal="Acme Rockets expansion", owner="Zed").startswith(
        "Nothing changed: I can't tell who should own it: ")
    assert row(sessions, Deal, deal.id) == before
    assert [e.action for e in entries(sessions, "deal", deal.id)] == ["create"]


def test_a_closed_deal_is_reopened_only_by_its_id(sessions, manager, alice):
    won = _deal(sessions, alice, name="Acme Rockets pilot results", stage="closed_won")
    before = row(sessions, Deal, won.id)

    reply = call(update_deal, sessions, manager.caller, deal="pilot results", stage="proposal")
    assert reply.startswith(f"Nothing changed: deal {won.id} (Acme Rockets pilot results) is closed_won")
    assert f"move deal {won.id} to proposal" in reply
    assert changed(before, row(sessions, Deal, won.id)) == {} and not entries(sessions, "deal", won.id)[1:]
    reply = call(update_deal, sessions, manager.caller, deal="Acme Rockets pilot", stage="closed_lost")
    assert reply.startswith("Nothing changed:") and row(sessions, Deal, won.id)["stage"] == "closed_won"

    # By its id the change is made; an amount or next step on a closed deal needs no id
    reply = call(update_deal, sessions, manager.caller, deal=f"deal {won.id}", stage="proposal")
    assert reply.startswith(f"Updated deal {won.id}") and row(sessions, Deal, won.id)["stage"] == "proposal"
    lost = _deal(sessions, alice, name="Acme Rockets archive", stage="closed_lost")
    reply = call(update_deal, sessions, manager.caller, deal="Acme Rockets archive", next_step="Win-back call in Q2")
    assert reply.startswith(f"Updated deal {lost.id}") and row(sessions, Deal, lost.id)["next_step"] == "Win-back call in Q2"
