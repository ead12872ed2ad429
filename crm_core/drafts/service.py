"""Drafts: the agent writes, a person decides. Approving sends (SMTP or outbox) in the same transaction;
discarding keeps the draft for the record. Every step is audited like any other change."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crm_core import permissions, records
from crm_core.actor import Actor
from crm_core.audit import listener
from crm_core.db import utcnow
from crm_core.drafts.mail import Mailer
from crm_core.drafts.models import Draft
from crm_core.drafts.schemas import DraftCreate, DraftEdit, DraftFilters
from crm_core.enums import DraftStatus, Role
from crm_core.errors import Conflict, NotFound, PermissionDenied, StaleVersion

listener.AUDITED[Draft] = "draft"


def _ensure_mine(actor: Actor, draft: Draft) -> None:
    if actor.role in (Role.admin, Role.manager):
        return
    if actor.user_id is None or draft.owner_id != actor.user_id:
        raise PermissionDenied("a rep can see and decide only their own drafts")


def ensure_can_draft(actor: Actor) -> None:
    if actor.is_visitor or (actor.user_id is None and actor.role is not Role.admin):
        raise PermissionDenied("only CRM users can write drafts")


def create_draft(*, session: Session, actor: Actor, data: DraftCreate) -> Draft:
    ensure_can_draft(actor)
    values = data.model_dump()
    records.check_references(session, Draft, values)
    draft = Draft(**values, owner_id=actor.user_id, status=DraftStatus.draft)
    records.bind_actor(session, actor)
    session.add(draft)
    session.flush()
    return draft


def get_draft(*, session: Session, actor: Actor, draft_id: int) -> Draft:
    draft = session.get(Draft, draft_id)
    if draft is None:
        raise NotFound("draft", draft_id)
    _ensure_mine(actor, draft)
    return draft


def list_drafts(*, session: Session, actor: Actor, filters: DraftFilters) -> tuple[list[Draft], int]:
    conditions = []
    if actor.role not in (Role.admin, Role.manager):
        conditions.append(Draft.owner_id == actor.user_id)
    if filters.status is not None:
        conditions.append(Draft.status == filters.status)
    if filters.owner_id is not None:
        conditions.append(Draft.owner_id == filters.owner_id)
    total = session.scalar(select(func.count()).select_from(Draft).where(*conditions)) or 0
    found = session.scalars(select(Draft).where(*conditions).order_by(Draft.id.desc())
                            .limit(filters.limit).offset(filters.offset))
    return list(found), total


def edit_draft(*, session: Session, actor: Actor, draft_id: int, data: DraftEdit) -> Draft:
    draft = get_draft(session=session, actor=actor, draft_id=draft_id)
    if data.version != draft.version:
        raise StaleVersion("draft", draft_id, data.version, draft.version)
    _ensure_undecided(draft)
    records.bind_actor(session, actor)
    for field, value in data.model_dump(exclude_unset=True, exclude={"version"}).items():
        if value is not None:
            setattr(draft, field, value)
    session.flush()
    return draft


def approve(*, session: Session, actor: Actor, draft_id: int, mailer: Mailer) -> Draft:
    """A person approves: the e-mail goes out (or to the outbox). If sending fails, the draft stays approved
    with the error, so nothing is lost and it can be retried."""
    draft = get_draft(session=session, actor=actor, draft_id=draft_id)
    if draft.status is DraftStatus.approved and draft.send_error:
        pass  # a retry of a failed send
    else:
        _ensure_undecided(draft)
    records.bind_actor(session, actor)
    draft.status = DraftStatus.approved
    draft.decided_by_id = actor.user_id
    draft.decided_at = utcnow()
    session.flush()
    try:
        with session.begin_nested():
            mailer.send(session, draft)
    except Exception as exc:  # the mail server's refusal is the user's to see, not a crash
        draft.send_error = f"{type(exc).__name__}: {exc}"[:2000]
        session.flush()
        return draft
    draft.status = DraftStatus.sent
    draft.sent_at = utcnow()
    draft.sent_via = mailer.name
    draft.send_error = None
    session.flush()
    return draft


def discard(*, session: Session, actor: Actor, draft_id: int) -> Draft:
    draft = get_draft(session=session, actor=actor, draft_id=draft_id)
    _ensure_undecided(draft)
    records.bind_actor(session, actor)
    draft.status = DraftStatus.discarded
    draft.decided_by_id = actor.user_id
    draft.decided_at = utcnow()
    session.flush()
    return draft


def _ensure_undecided(draft: Draft) -> None:
    if draft.status is not DraftStatus.draft:
        raise Conflict(f"draft {draft.id} is already {draft.status.value}; only a draft can be changed")
