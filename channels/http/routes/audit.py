"""The audit trail and undo."""

from typing import Annotated

from fastapi import APIRouter, Query

from channels.http.deps import CurrentActor, DbSession
from crm_core.audit import service as audit_service
from crm_core.audit.schemas import AuditFilters, AuditRead
from crm_core.schemas import Page

router = APIRouter(prefix="/audit", tags=["audit"])


@router.get("", response_model=Page[AuditRead], summary="Who changed what, before and after")
def list_audit(db: DbSession, actor: CurrentActor, filters: Annotated[AuditFilters, Query()]):
    entries, total = audit_service.list_entries(session=db, actor=actor, filters=filters)
    return Page[AuditRead](
        items=[AuditRead.model_validate(e) for e in entries], total=total, limit=filters.limit, offset=filters.offset
    )


@router.get("/{entry_id}", response_model=AuditRead)
def get_audit_entry(entry_id: int, db: DbSession, actor: CurrentActor):
    return audit_service.get_entry(session=db, actor=actor, entry_id=entry_id)


@router.post("/{entry_id}/undo", response_model=AuditRead, summary="Restore the state before this entry")
def undo(entry_id: int, db: DbSession, actor: CurrentActor):
    """Returns the new audit entry that the undo wrote. 409 if the record changed since the entry."""
    undo_entry = audit_service.undo(session=db, actor=actor, entry_id=entry_id)
    db.commit()
    return undo_entry
