from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from crm_core.db import Base, UTCDateTime, utcnow


class Event(Base):
    """An outbox of things people should hear about (ticket alerts, handoffs), written in the same transaction
    as the change that caused them; channels (Slack) deliver them and mark them delivered."""

    __tablename__ = "events"
    __table_args__ = (Index("ix_events_undelivered", "delivered_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(60), nullable=False, index=True)
    payload: Mapped[dict] = mapped_column(JSON, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
