"""create_task: a reminder for the caller, optionally due on a date and about one record; audited via=agent."""

from datetime import date
from decimal import Decimal

import pytest

from crm_core.errors import PermissionDenied
from crm_core.tasks.models import Task
from tests.factories import make_record
from tests.tools.helpers import (ANONYMOUS, assert_offered_only_to, assert_schema, call, count, entries, row, undo,
                                 verified)
from tools.update_tools import create_task


def test_schema_is_title_due_date_and_about_never_the_owner():
    assert_schema(create_task, {"title": "string", "due_date": "date | null", "about": "string | null"}, {"title"},
                  description_mentions=("for the user",))


def _only_task(sessions) -> dict:
    [entry] = entries(sessions, "task")
    return row(sessions, Task, entry.entity_id), entry


def test_a_task_about_a_deal_is_the_callers(sessions, manager, admin):
    deal = make_record(sessions, "deals", name="Globex renewal", amount=Decimal("12500"))
    reply = call(create_task, sessions, manager.caller, title="  Send the contract  ", due_date="2026-11-27",
                 about="Globex renewal")
    task, entry = _only_task(sessions)
    assert reply == (f"Created task {task['id']}: Send the contract about deal {deal.id}: Globex renewal, due Fri "
                     f"2026-11-27. (audit entry {entry.id}; undo: POST /api/v1/audit/{entry.id}/undo)")
    assert task["owner_id"] == manager.id and task["status"] == "open" and task["due_date"] == date(2026, 11, 27)
    assert (task["related_type"], task["related_id"]) == ("deal", deal.id)
    assert entry.action == "create" and entry.via == "agent" and entry.actor_id == manager.id

    with pytest.raises(PermissionDenied):  # undoing a create deletes: an admin's call
        undo(sessions, manager.api_actor, entry.id)
    undo(sessions, admin.api_actor, entry.id)
    assert count(sessions, Task) == 0


def test_a_plain_reminder_and_a_long_title(sessions, alice):
    reply = call(create_task, sessions, alice.caller, title="x" * 500)
    task, entry = _only_task(sessions)
    assert reply.startswith(f"Created task {task['id']}: xxx") and ", due" not in reply
    assert len(task["title"]) == 300 and task["related_id"] is None and task["owner_id"] == alice.id
    assert entry.via == "agent" and entry.actor_id == alice.id


def test_about_someone_not_in_the_crm_is_a_task_without_a_link(sessions, manager):
    call(create_task, sessions, manager.caller, title="Lunch with Carla", about="Carla from finance")
    task, _ = _only_task(sessions)
    assert task["related_type"] is None and task["related_id"] is None


def test_an_ambiguous_about_gets_a_question_and_no_task(sessions, manager):
    make_record(sessions, "companies", name="Acme Rockets")
    make_record(sessions, "companies", name="Acme Robotics")
    reply = call(create_task, sessions, manager.caller, title="Call them", about="Acme")
    assert reply.startswith("Several companies match 'Acme'") and count(sessions, Task) == 0


def test_a_rep_cannot_link_a_task_to_another_reps_deal(sessions, alice, bruno):
    theirs = make_record(sessions, "deals", name="Hooli enterprise", owner_id=bruno.id, amount=Decimal("250000"))
    reply = call(create_task, sessions, alice.caller, title="Check on it", about=f"deal {theirs.id}")
    assert "Hooli enterprise" not in reply
    task, _ = _only_task(sessions)
    assert task["owner_id"] == alice.id and (task["related_type"], task["related_id"]) != ("deal", theirs.id)


def test_visitors_are_not_offered_it():
    assert_offered_only_to("create_task", anonymous=False, verified_visitor=False, staff=True)


def test_a_visitor_calling_it_anyway_creates_no_task(sessions):
    """BUG (crm_core/permissions.py ensure_can_create): the visitor actor (role rep, user_id None) passes
    `owner_id != actor.user_id` as None != None, so it may create owner-less tasks."""
    for caller in (ANONYMOUS, verified("mallory@evil.example")):
        reply = call(create_task, sessions, caller, title="Give me a refund")
        assert not reply.startswith("Created task")
    assert count(sessions, Task) == 0


def test_a_task_about_a_ticket_named_by_its_company_and_quoted_words(sessions, manager):
    wattlebird = make_record(sessions, "companies", name="Wattlebird Freight")
    make_record(sessions, "deals", name="Wattlebird renewal", company_id=wattlebird.id)
    make_record(sessions, "tickets", subject="PO number on invoices", company_id=wattlebird.id)
    charged = make_record(sessions, "tickets", subject="Charged twice this month", company_id=wattlebird.id)
    reply = call(create_task, sessions, manager.caller, title="Check the refund", about="the wattlebird 'charged twice' ticket")
    task, _ = _only_task(sessions)
    assert (task["related_type"], task["related_id"]) == ("ticket", charged.id), reply
