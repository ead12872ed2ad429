"""update_contact: e-mail, phone, title or lifecycle stage of one contact; audited via=agent, undoable; a rep
reads every contact but changes only their own."""

from pydantic import ValidationError

from crm_core.contacts.models import Contact
from tests.factories import make_record
from tests.tools.helpers import (ANONYMOUS, assert_offered_only_to, assert_schema, call, changed, entries, row, undo,
                                 verified)
from tools.update_tools import update_contact

LIFECYCLE = "enum[subscriber,lead,mql,sql,opportunity,customer,churned] | null"


def test_schema_takes_the_contact_and_the_new_values_not_the_callers_identity():
    assert_schema(update_contact, {"contact": "string", "email": "string | null", "phone": "string | null",
                                   "title": "string | null", "lifecycle_stage": LIFECYCLE},
                  {"contact"}, description_mentions=("Give only what changes", "the new e-mail address"))


def test_a_manager_changes_title_and_phone_audited_and_undoable(sessions, manager, alice):
    jane = make_record(sessions, "contacts", first_name="Jane", last_name="Doe", email="jane@acme.example",
                       title="CTO", owner_id=alice.id)
    before = row(sessions, Contact, jane.id)
    reply = call(update_contact, sessions, manager.caller, contact="Jane Doe", title="VP Engineering",
                 phone="+1 415 555 0100")
    [entry] = [e for e in entries(sessions, "contact", jane.id) if e.action == "update"]
    assert reply == (f"Updated contact {jane.id} (Jane Doe <jane@acme.example>): phone (none) → +14155550100; "
                     f"title CTO → VP Engineering. (audit entry {entry.id}; undo: POST /api/v1/audit/{entry.id}/undo)")
    after = row(sessions, Contact, jane.id)
    assert set(changed(before, after)) == {"phone", "title"}
    assert entry.via == "agent" and entry.actor_id == manager.id
    undo(sessions, manager.api_actor, entry.id)
    assert changed(before, row(sessions, Contact, jane.id)) == {}


def test_by_email_a_new_email_and_lifecycle(sessions, manager):
    jane = make_record(sessions, "contacts", first_name="Jane", last_name="Doe", email="jane@acme.example")
    reply = call(update_contact, sessions, manager.caller, contact="jane@acme.example", email="Jane.Doe@Acme.example",
                 lifecycle_stage="customer")
    assert reply.startswith(f"Updated contact {jane.id} ")
    after = row(sessions, Contact, jane.id)
    assert after["email"] == "jane.doe@acme.example" and after["lifecycle_stage"] == "customer"


def test_a_rep_changes_their_own_contact(sessions, alice):
    mine = make_record(sessions, "contacts", first_name="Priya", last_name="Shah", owner_id=alice.id)
    assert call(update_contact, sessions, alice.caller, contact="Priya Shah", title="CFO").startswith(
        f"Updated contact {mine.id} (Priya Shah): title (none) → CFO.")
    [entry] = [e for e in entries(sessions, "contact", mine.id) if e.action == "update"]
    assert entry.via == "agent" and entry.actor_id == alice.id


def test_a_rep_cannot_change_someone_elses_contact(sessions, alice, bruno):
    theirs = make_record(sessions, "contacts", first_name="Tom", last_name="Baker", owner_id=bruno.id)
    nobodys = make_record(sessions, "contacts", first_name="Ann", last_name="Lee")
    before = row(sessions, Contact, theirs.id), row(sessions, Contact, nobodys.id)
    for reference in ("Tom Baker", "Ann Lee"):
        reply = call(update_contact, sessions, alice.caller, contact=reference, title="CEO")
        assert reply == "Nothing changed: a rep can change only the contacts they own"
    assert (row(sessions, Contact, theirs.id), row(sessions, Contact, nobodys.id)) == before
    assert all(e.action == "create" for e in entries(sessions, "contact"))


def test_an_email_taken_by_another_contact_is_refused(sessions, manager):
    make_record(sessions, "contacts", first_name="Jane", last_name="Doe", email="jane@acme.example")
    tom = make_record(sessions, "contacts", first_name="Tom", last_name="Baker", email="tom@acme.example")
    before = row(sessions, Contact, tom.id)
    reply = call(update_contact, sessions, manager.caller, contact="Tom Baker", email="jane@acme.example")
    assert reply.startswith("Nothing changed: a contact with email 'jane@acme.example' already exists")
    assert row(sessions, Contact, tom.id) == before


def test_a_malformed_email_changes_nothing(sessions, manager):
    """The schema refuses it; the tool lets pydantic's ValidationError out (the agent's tool node turns it into
    an error message naming the field) rather than answering "Nothing changed: ..."."""
    jane = make_record(sessions, "contacts", first_name="Jane", last_name="Doe", email="jane@acme.example")
    before = row(sessions, Contact, jane.id)
    try:
        reply = call(update_contact, sessions, manager.caller, contact="Jane Doe", email="not-an-email")
    except ValidationError as exc:
        reply = str(exc)
    assert "email" in reply and not reply.startswith("Updated")
    assert row(sessions, Contact, jane.id) == before


def test_two_janes_get_a_question(sessions, manager):
    make_record(sessions, "contacts", first_name="Jane", last_name="Doe", email="jane@acme.example")
    make_record(sessions, "contacts", first_name="Jane", last_name="Smith", email="jane@globex.example")
    reply = call(update_contact, sessions, manager.caller, contact="Jane", title="CEO")
    assert reply.startswith("Several contacts match 'Jane': ") and reply.endswith("Which one (give the id)?")
    assert all(e.action == "create" for e in entries(sessions, "contact"))


def test_two_namesakes_at_one_company_are_told_apart_by_their_role_as_people_shorten_it(sessions, manager):
    prairie = make_record(sessions, "companies", name="Prairie Wind Energy")
    make_record(sessions, "contacts", first_name="Fatima", last_name="Tanaka", email="ft@prairie.example",
                title="VP Engineering", company_id=prairie.id)
    demir = make_record(sessions, "contacts", first_name="Fatima", last_name="Demir", email="fd@prairie.example",
                        title="Revenue Operations Manager", company_id=prairie.id)
    reply = call(update_contact, sessions, manager.caller, contact="fatima prairie wind revops",
                 title="Director of Revenue Operations")
    assert reply.startswith(f"Updated contact {demir.id} (Fatima Demir"), reply


def test_no_change_given(sessions, manager):
    make_record(sessions, "contacts", first_name="Jane", last_name="Doe")
    assert call(update_contact, sessions, manager.caller, contact="Jane Doe").startswith("Nothing to change:")


def test_visitors_are_not_offered_it():
    assert_offered_only_to("update_contact", anonymous=False, verified_visitor=False, staff=True)


def test_a_visitor_calling_it_anyway_changes_nothing(sessions, alice):
    owned = make_record(sessions, "contacts", first_name="Jane", last_name="Doe", email="jane@acme.example",
                        owner_id=alice.id)
    unowned = make_record(sessions, "contacts", first_name="Tom", last_name="Baker", email="tom@acme.example")
    before = row(sessions, Contact, owned.id), row(sessions, Contact, unowned.id)
    for caller in (ANONYMOUS, verified("jane@acme.example")):  # not even the verified contact herself
        for reference in ("jane@acme.example", "Tom Baker"):
            reply = call(update_contact, sessions, caller, contact=reference, email="mallory@evil.example")
            assert not reply.startswith("Updated")
    assert (row(sessions, Contact, owned.id), row(sessions, Contact, unowned.id)) == before
