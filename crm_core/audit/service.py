"""Reading the audit trail and undoing one entry."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crm_core import permissions, records
from crm_core.actor import Actor
from crm_core.audit.models import AuditEntry
from crm_core.audit.schemas import AuditFilters
from crm_core.audit.snapshot import from_json
from crm_core.enums import RecordType, Role
from crm_core.errors import Conflict, NotFound
from crm_core.kinds import kind_for

# Bookkeeping columns that an undo does not write back; the database maintains them.
_NOT_RESTORED = {"id", "version", "created_at", "updated_at"}


def list_entries(*, session: Session, actor: Actor, filters: AuditFilters) -> tuple[list[AuditEntry], int]:
    permissions.ensure_role(actor, Role.admin, Role.manager, action="read the whole audit trail")
    conditions = []
    for field in ("entity", "entity_id", "actor_id", "via", "action"):
        value = getattr(filters, field)
        if value is not None:
            conditions.append(getattr(AuditEntry, field) == value)
    if filters.since is not None:
        conditions.append(AuditEntry.occurred_at >= filters.since)
    total = session.scalar(select(func.count()).select_from(AuditEntry).where(*conditions)) or 0
    stmt = select(AuditEntry).where(*conditions).order_by(AuditEntry.id.desc())
    return list(session.scalars(stmt.limit(filters.limit).offset(filters.offset))), total


def get_entry(*, session: Session, actor: Actor, entry_id: int) -> AuditEntry:
    entry = session.get(AuditEntry, entry_id)
    if entry is None:
        raise NotFound("audit entry", entry_id)
    if actor.role is Role.rep and entry.actor_id != actor.user_id:
        permissions.ensure_role(actor, Role.admin, Role.manager, action="read other people's audit entries")
    return entry


UNDOABLE = {t.value for t in RecordType}


def undo(*, session: Session, actor: Actor, entry_id: int) -> AuditEntry:
    """Put the record back as it was before the entry. Refused (409) if the record changed since.

    The undo is itself a change, with its own audit entry (which can in turn be undone).
    """
    entry = get_entry(session=session, actor=actor, entry_id=entry_id)
    if entry.undone_by_id is not None:
        raise Conflict(f"audit entry {entry_id} was already undone by entry {entry.undone_by_id}")
    if entry.entity not in UNDOABLE:
        raise Conflict(f"a {entry.entity} change cannot be undone (an approved e-mail cannot be unsent)")
    kind = kind_for(entry.entity)
    record = session.get(kind.model, entry.entity_id)
    label = f"{entry.entity} {entry.entity_id}"

    if entry.action == "delete":
        if record is not None:
            raise Conflict(f"{label} exists again; nothing to restore")
        permissions.ensure_can_create(actor, kind, entry.before.get(kind.owner_field))
        values = from_json(kind.model, {k: v for k, v in entry.before.items() if k not in {"version", "updated_at"}})
        records.check_references(session, kind.model, values)
        record = kind.model(**values)
        session.add(record)
    else:
        if record is None:
            raise Conflict(f"{label} no longer exists; it cannot be put back as it was")
        if record.version != entry.after["version"]:
            raise Conflict(
                f"{label} changed after this entry (version {entry.after['version']} then, {record.version} now); "
                "undo the later changes first",
                current_version=record.version,
            )
        if entry.action == "create":
            permissions.ensure_can_delete(actor, kind)
            session.delete(record)
        else:
            permissions.ensure_can_write(actor, kind, record)
            changed = {k: v for k, v in entry.before.items() if k not in _NOT_RESTORED and entry.after.get(k) != v}
            for key, value in from_json(kind.model, changed).items():
                setattr(record, key, value)

    records.bind_actor(session, actor)
    session.info["audit_reason"] = f"undo of audit entry {entry_id}"
    records.flush(session, kind, record)
    undo_entry = session.scalar(
        select(AuditEntry)
        .where(AuditEntry.entity == entry.entity, AuditEntry.entity_id == entry.entity_id)
        .order_by(AuditEntry.id.desc())
        .limit(1)
    )
    entry.undone_by_id = undo_entry.id
    session.flush()
    return undo_entry
