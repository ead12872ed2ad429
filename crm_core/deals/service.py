"""Deals: the pipeline's stages, stage validation and the stage history that cycle time is computed from."""

from __future__ import annotations

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session

from crm_core.db import utcnow
from crm_core.deals.models import Deal, DealStageChange, PipelineStage
from crm_core.deals.schemas import DealCreate, DealFilters, DealRead, DealUpdate
from crm_core.enums import RecordType
from crm_core.errors import InvalidField
from crm_core.records import RecordKind

DEFAULT_PIPELINE = (
    # key, label, probability %, closed, won
    ("prospecting", "Prospecting", 10, False, False),
    ("qualification", "Qualification", 20, False, False),
    ("proposal", "Proposal", 50, False, False),
    ("negotiation", "Negotiation", 70, False, False),
    ("closed_won", "Closed won", 100, True, True),
    ("closed_lost", "Closed lost", 0, True, False),
)


def stages(*, session: Session) -> list[PipelineStage]:
    return list(session.scalars(select(PipelineStage).order_by(PipelineStage.position)))


def history(*, session: Session, deal_id: int) -> list[DealStageChange]:
    stmt = select(DealStageChange).where(DealStageChange.deal_id == deal_id).order_by(DealStageChange.id)
    return list(session.scalars(stmt))


def _prepare(*, session, actor, values, record) -> None:
    stage_key = values.get("stage")
    if stage_key is None:
        return
    stage = session.get(PipelineStage, stage_key)
    if stage is None:
        known = ", ".join(s.key for s in stages(session=session))
        raise InvalidField("stage", f"unknown stage {stage_key!r}; the pipeline has: {known}")


KIND = RecordKind(
    entity=RecordType.deal,
    plural="deals",
    model=Deal,
    create_schema=DealCreate,
    update_schema=DealUpdate,
    read_schema=DealRead,
    filter_schema=DealFilters,
    search_columns=("name",),
    prepare=_prepare,
)


@event.listens_for(Session, "before_flush")
def _record_stage_changes(session: Session, _flush_context, _instances) -> None:
    """Every way a deal's stage changes (API, agent, import, undo) leaves a history row and resets the stage clock."""
    actor = session.info.get("actor")
    now = utcnow()
    for deal in [*session.new, *session.dirty]:
        if not isinstance(deal, Deal):
            continue
        if deal in session.new:
            from_stage = None
            deal.stage_changed_at = deal.stage_changed_at or now
        else:
            history_ = inspect(deal).attrs.stage.history
            if not (history_.deleted and history_.added) or history_.deleted[0] == history_.added[0]:
                continue
            from_stage = history_.deleted[0]
            if not inspect(deal).attrs.stage_changed_at.history.has_changes():
                deal.stage_changed_at = now  # an undo sets the clock back itself
        with session.no_autoflush:
            stage = session.get(PipelineStage, deal.stage)
        if stage is not None and stage.is_closed:
            deal.closed_at = deal.closed_at or now
        else:
            deal.closed_at = None
        session.add(
            DealStageChange(
                deal=deal,
                from_stage=from_stage,
                to_stage=deal.stage,
                changed_at=deal.stage_changed_at,
                changed_by_id=actor.user_id if actor else None,
            )
        )
