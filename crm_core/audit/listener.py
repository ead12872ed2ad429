"""Writes an audit entry for every create, update and delete of a CRM record, in the same transaction.

Hooked on flush so that no code path (API, CLI, agent, Slack, undo, merge, import) can change a record
without leaving a trace. The session must say who acts (``records.bind_actor``); a write without an actor
is a programming error and is refused.
"""

from __future__ import annotations

from sqlalchemy import event, insert
from sqlalchemy.orm import Session

from crm_core.audit.models import AuditEntry
from crm_core.audit.snapshot import snapshot, snapshot_before_changes
from crm_core.db import utcnow

# model class -> entity name; filled by crm_core.kinds so that this module stays independent of the domains.
AUDITED: dict[type, str] = {}

_PENDING = "audit_pending"


def _audited(obj: object) -> bool:
    return type(obj) in AUDITED


@event.listens_for(Session, "before_flush")
def _capture_before(session: Session, _flush_context, _instances) -> None:
    pending = []
    for obj in session.new:
        if _audited(obj):
            pending.append(("create", obj, None))
    for obj in session.dirty:
        if _audited(obj) and session.is_modified(obj, include_collections=False):
            pending.append(("update", obj, snapshot_before_changes(obj)))
    for obj in session.deleted:
        if _audited(obj):
            pending.append(("delete", obj, snapshot_before_changes(obj)))
    if pending and "actor" not in session.info:
        raise RuntimeError("a CRM record was written without an actor; call records.bind_actor(session, actor) first")
    session.info.setdefault(_PENDING, []).extend(pending)


@event.listens_for(Session, "after_flush")
def _write_entries(session: Session, _flush_context) -> None:
    pending = session.info.pop(_PENDING, [])
    if not pending:
        return
    actor = session.info["actor"]
    reason = session.info.pop("audit_reason", None)
    now = utcnow()
    rows = []
    for action, obj, before in pending:
        after = None if action == "delete" else snapshot(obj)
        if action == "update" and before == after:
            continue
        rows.append(
            {
                "occurred_at": now,
                "actor_id": actor.user_id,
                "actor_name": actor.name,
                "via": actor.via.value,
                "action": action,
                "entity": AUDITED[type(obj)],
                "entity_id": obj.id,
                "before": before,
                "after": after,
                "reason": reason,
            }
        )
    if rows:
        session.connection().execute(insert(AuditEntry), rows)


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(_PENDING, None)
