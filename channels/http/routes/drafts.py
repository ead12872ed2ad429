"""E-mail drafts the agent wrote: a person lists, edits, approves (sends) or discards them."""

from typing import Annotated

from fastapi import APIRouter, Query, Request

from channels.http.deps import CurrentActor, DbSession
from crm_core.drafts import service as drafts
from crm_core.drafts.schemas import DraftEdit, DraftFilters, DraftRead
from crm_core.schemas import Page

router = APIRouter(prefix="/drafts", tags=["drafts"])


@router.get("", response_model=Page[DraftRead], summary="Drafts (a rep sees their own)")
def list_drafts(db: DbSession, actor: CurrentActor, filters: Annotated[DraftFilters, Query()]):
    found, total = drafts.list_drafts(session=db, actor=actor, filters=filters)
    return Page[DraftRead](items=[DraftRead.model_validate(d) for d in found], total=total,
                           limit=filters.limit, offset=filters.offset)


@router.get("/{draft_id}", response_model=DraftRead)
def get_draft(draft_id: int, db: DbSession, actor: CurrentActor):
    return drafts.get_draft(session=db, actor=actor, draft_id=draft_id)


@router.patch("/{draft_id}", response_model=DraftRead, summary="Edit a draft before approving it")
def edit_draft(draft_id: int, body: DraftEdit, db: DbSession, actor: CurrentActor):
    draft = drafts.edit_draft(session=db, actor=actor, draft_id=draft_id, data=body)
    db.commit()
    return draft


@router.post("/{draft_id}/approve", response_model=DraftRead,
             summary="Approve and send (SMTP when configured, else the outbox)")
def approve(draft_id: int, request: Request, db: DbSession, actor: CurrentActor):
    """`status` is `sent` on success; `approved` with `send_error` when the mail server refused (retry by
    approving again). 409 when the draft was already decided."""
    draft = drafts.approve(session=db, actor=actor, draft_id=draft_id, mailer=request.app.state.mailer)
    db.commit()
    return draft


@router.post("/{draft_id}/discard", response_model=DraftRead)
def discard(draft_id: int, db: DbSession, actor: CurrentActor):
    draft = drafts.discard(session=db, actor=actor, draft_id=draft_id)
    db.commit()
    return draft
