"""discard_draft: marks a draft of this conversation discarded (kept for the record); nothing ever reaches the
outbox; audited via=agent, not undoable."""

import pytest

from crm_core.drafts.models import Draft
from crm_core.errors import Conflict
from tests.tools.helpers import (ANONYMOUS, assert_offered_only_to, assert_schema, call, changed, entries, make_draft,
                                 outbox, row, undo, verified)
from tools.draft_tools import approve_draft, discard_draft


def test_schema_is_at_most_a_draft_id():
    assert_schema(discard_draft, {"draft_id": "integer | null"}, set(), description_mentions=("never sent",))


def test_discarding_keeps_the_draft_and_sends_nothing(sessions, manager):
    draft = make_draft(sessions, manager, conversation_id="conv-1")
    before = row(sessions, Draft, draft.id)
    reply = call(discard_draft, sessions, manager.caller, conversation_id="conv-1")
    assert reply == f"Discarded draft {draft.id} to jane@acme.example; nothing was sent."
    after = row(sessions, Draft, draft.id)
    assert set(changed(before, after)) == {"status", "decided_by_id", "decided_at"}
    assert after["status"] == "discarded" and after["decided_by_id"] == manager.id and after["sent_at"] is None
    assert outbox(sessions) == []

    [decision] = [e for e in entries(sessions, "draft", draft.id) if e.action == "update"]
    assert decision.via == "agent" and decision.actor_id == manager.id
    with pytest.raises(Conflict, match="cannot be undone"):
        undo(sessions, manager.api_actor, decision.id)

    # A discarded draft cannot be sent afterwards, in this conversation or by its id.
    assert call(approve_draft, sessions, manager.caller, conversation_id="conv-1", draft_id=draft.id).startswith(
        "There is no draft")
    assert outbox(sessions) == [] and row(sessions, Draft, draft.id)["status"] == "discarded"


def test_only_this_conversations_drafts(sessions, manager):
    elsewhere = make_draft(sessions, manager, conversation_id="conv-A")
    here = make_draft(sessions, manager, conversation_id="conv-B")
    assert call(discard_draft, sessions, manager.caller, conversation_id="conv-B", draft_id=elsewhere.id) == (
        f"There is no draft {elsewhere.id} waiting for approval in this conversation "
        "(decide others under /api/v1/drafts).")
    assert call(discard_draft, sessions, manager.caller, conversation_id="conv-B").startswith(f"Discarded draft {here.id}")
    assert row(sessions, Draft, elsewhere.id)["status"] == "draft"
    assert call(discard_draft, sessions, manager.caller, conversation_id="conv-B").startswith("There is no ")
    assert outbox(sessions) == []


def test_a_rep_discards_their_own_but_not_another_reps(sessions, alice, bruno):
    theirs = make_draft(sessions, bruno, conversation_id="shared-conv")
    assert call(discard_draft, sessions, alice.caller, conversation_id="shared-conv") == \
        "Not discarded: a rep can see and decide only their own drafts"
    assert row(sessions, Draft, theirs.id)["status"] == "draft"
    mine = make_draft(sessions, alice, conversation_id="alice-conv")
    assert call(discard_draft, sessions, alice.caller, conversation_id="alice-conv").startswith(f"Discarded draft {mine.id}")
    assert outbox(sessions) == []


def test_visitors_are_not_offered_it():
    assert_offered_only_to("discard_draft", anonymous=False, verified_visitor=False, staff=True)


def test_a_visitor_calling_it_anyway_changes_nothing(sessions, manager):
    draft = make_draft(sessions, manager, conversation_id="conv-1")
    before = row(sessions, Draft, draft.id)
    for caller in (ANONYMOUS, verified("jane@acme.example")):
        assert call(discard_draft, sessions, caller, conversation_id="conv-1").startswith("Not discarded:")
    assert row(sessions, Draft, draft.id) == before
