from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm_core.db import Base, Record, UTCDateTime, utcnow


class PipelineStage(Base):
    """One stage of the sales pipeline. The default pipeline is created by the first migration."""

    __tablename__ = "pipeline_stages"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    label: Mapped[str] = mapped_column(String(80), nullable=False)
    probability: Mapped[int] = mapped_column(Integer, nullable=False)  # percent, 0..100
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    is_closed: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    is_won: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)


class Deal(Record, Base):
    __tablename__ = "deals"
    __table_args__ = (
        # A rep's deals, and deals grouped by owner, read from the index alone (migration 0009).
        Index("ix_deals_owner_facts", "owner_id", "stage", "expected_close_date", "amount", "currency",
              "stage_changed_at", "closed_at", "created_at", "company_id", "contact_id"),
        # "The biggest open deals": walked from the top, stopping after the limit.
        Index("ix_deals_amount_stage", "amount", "stage", "owner_id"),
        Index("ix_deals_created_facts", "created_at", "stage", "amount", "currency", "owner_id"),
        # The open deals on track (moved lately, not overdue): "at risk" is the rest (crm_core.pipeline.engine).
        Index("ix_deals_stage_moved_facts", "stage", "stage_changed_at", "expected_close_date", "amount", "currency",
              "owner_id"),
        # Pipeline aggregates read these columns only, so they are answered from the index (migration 0007).
        Index("ix_deals_open_facts", "stage", "expected_close_date", "amount", "currency", "owner_id",
              "stage_changed_at", "company_id", "contact_id", "created_at"),
        Index("ix_deals_closed_facts", "stage", "closed_at", "amount", "currency", "owner_id", "created_at",
              "company_id", "contact_id"),
        # "closing in <period>, amount between ..." counts from this index alone (no table reads).
        Index("ix_deals_close_amount", "expected_close_date", "amount"),
    )

    name: Mapped[str] = mapped_column(String(200), nullable=False, index=True)
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id", ondelete="SET NULL"), index=True)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"), index=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    amount: Mapped[Decimal] = mapped_column(Numeric(14, 2), nullable=False, default=Decimal("0"))
    currency: Mapped[str] = mapped_column(String(3), nullable=False, default="USD")
    stage: Mapped[str] = mapped_column(ForeignKey("pipeline_stages.key"), nullable=False)
    expected_close_date: Mapped[date | None] = mapped_column(Date, index=True)
    next_step: Mapped[str | None] = mapped_column(Text)
    closed_reason: Mapped[str | None] = mapped_column(Text)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When the deal entered its current stage: stage age without scanning the history.
    stage_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)


class DealStageChange(Base):
    """Stage history of a deal, for cycle time and stage age."""

    __tablename__ = "deal_stage_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    deal_id: Mapped[int] = mapped_column(ForeignKey("deals.id", ondelete="CASCADE"), nullable=False, index=True)
    from_stage: Mapped[str | None] = mapped_column(String(40))
    to_stage: Mapped[str] = mapped_column(String(40), nullable=False)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    deal: Mapped[Deal] = relationship()
