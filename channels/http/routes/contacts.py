"""Contact routes beyond CRUD: likely duplicates and merging."""

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from channels.http.deps import CurrentActor, DbSession
from crm_core import permissions
from crm_core.contacts import service as contact_service
from crm_core.contacts.schemas import ContactRead, MergeRequest
from crm_core.enums import Role

router = APIRouter(prefix="/contacts", tags=["contacts"])


class DuplicatePairRead(BaseModel):
    contact_id: int
    duplicate_id: int
    score: int
    reasons: list[str]


class DuplicateList(BaseModel):
    items: list[DuplicatePairRead]
    total: int


@router.get("/duplicates", response_model=DuplicateList, summary="Likely duplicate contacts")
def list_duplicates(db: DbSession, actor: CurrentActor, limit: Annotated[int, Query(ge=1, le=500)] = 100):
    permissions.ensure_role(actor, Role.admin, Role.manager, action="review duplicate contacts")
    pairs = contact_service.find_duplicates(session=db, actor=actor, limit=limit)
    return DuplicateList(items=[DuplicatePairRead(**vars(p)) for p in pairs], total=len(pairs))


@router.post("/{contact_id}/merge", response_model=ContactRead, summary="Merge a duplicate into this contact")
def merge_contacts(contact_id: int, body: MergeRequest, db: DbSession, actor: CurrentActor):
    kept = contact_service.merge(session=db, actor=actor, contact_id=contact_id, duplicate_id=body.duplicate_id)
    db.commit()
    return kept
