"""Who may do what. Checked inside the services, so every channel (API, CLI, agent, Slack) gets the same answer.

admin: everything. manager: read and write everything, no deletes. rep: read all companies and contacts,
read and write only the records they own, create records owned by themselves, never delete.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, false, true

from crm_core.actor import Actor
from crm_core.enums import Role
from crm_core.errors import PermissionDenied

if TYPE_CHECKING:
    from crm_core.records import RecordKind


def _owned(actor: Actor, kind: "RecordKind", record: object) -> bool:
    return actor.user_id is not None and getattr(record, kind.owner_field) == actor.user_id


def can_read(actor: Actor, kind: "RecordKind", record: object) -> bool:
    if actor.is_visitor:  # a web visitor reads only through the visitor tools (their own tickets), never here
        return False
    if actor.role in (Role.admin, Role.manager) or kind.readable_by_reps:
        return True
    return _owned(actor, kind, record)


def readable_clause(actor: Actor, kind: "RecordKind") -> ColumnElement[bool]:
    """The WHERE clause that limits a list to what the actor may read."""
    if actor.is_visitor:
        return false()
    if actor.role in (Role.admin, Role.manager) or kind.readable_by_reps:
        return true()
    return getattr(kind.model, kind.owner_field) == actor.user_id


def ensure_can_read(actor: Actor, kind: "RecordKind", record: object) -> None:
    if not can_read(actor, kind, record):
        raise PermissionDenied(f"a rep can read only the {kind.plural} they own")


def ensure_can_create(actor: Actor, kind: "RecordKind", owner_id: int | None) -> None:
    if actor.is_visitor:
        if kind.entity.value != "ticket":
            raise PermissionDenied(f"a web visitor can open tickets, not create {kind.plural}")
        return
    if actor.role is Role.rep and owner_id != actor.user_id:
        raise PermissionDenied(f"a rep can create {kind.plural} only with themselves as {kind.owner_field}")


def ensure_can_write(actor: Actor, kind: "RecordKind", record: object, new_owner_id: int | None = None) -> None:
    if actor.is_visitor:
        raise PermissionDenied(f"a web visitor cannot change {kind.plural}")
    if actor.role in (Role.admin, Role.manager):
        return
    if not _owned(actor, kind, record):
        raise PermissionDenied(f"a rep can change only the {kind.plural} they own")
    if new_owner_id is not None and new_owner_id != actor.user_id:
        raise PermissionDenied(f"a rep cannot hand a {kind.entity} to someone else")


def ensure_can_delete(actor: Actor, kind: "RecordKind") -> None:
    if actor.role is not Role.admin:
        raise PermissionDenied(f"only an admin can delete {kind.plural}")


def ensure_role(actor: Actor, *roles: Role, action: str) -> None:
    if actor.role not in roles:
        allowed = " or ".join(r.value for r in roles)
        raise PermissionDenied(f"only {allowed} users can {action}")
