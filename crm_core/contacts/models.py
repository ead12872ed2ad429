from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from crm_core.db import Base, Record, UTCDateTime
from crm_core.enums import LifecycleStage, db_enum


class Contact(Record, Base):
    __tablename__ = "contacts"

    first_name: Mapped[str] = mapped_column(String(100), nullable=False)
    last_name: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    email: Mapped[str | None] = mapped_column(String(320), unique=True)
    phone: Mapped[str | None] = mapped_column(String(32), index=True)
    title: Mapped[str | None] = mapped_column(String(200))
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id", ondelete="SET NULL"), index=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    lifecycle_stage: Mapped[LifecycleStage] = mapped_column(
        db_enum(LifecycleStage), nullable=False, default=LifecycleStage.lead, index=True
    )
    lead_source: Mapped[str | None] = mapped_column(String(50), index=True)
    lead_score: Mapped[int | None] = mapped_column(Integer)
    # Written by lead scoring (crm_core.leads): why the score is what it is, and when it was computed.
    lead_score_reason: Mapped[str | None] = mapped_column(Text)
    lead_scored_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    consent_email: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    consent_phone: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    tags: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
