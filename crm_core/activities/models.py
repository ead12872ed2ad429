from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from crm_core.db import Base, Record, UTCDateTime, utcnow
from crm_core.enums import ActivityType, Direction, Priority, Sentiment, db_enum


class Activity(Record, Base):
    """One entry of the communication timeline."""

    __tablename__ = "activities"

    type: Mapped[ActivityType] = mapped_column(db_enum(ActivityType), nullable=False)
    subject: Mapped[str | None] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text, nullable=False, default="")
    direction: Mapped[Direction | None] = mapped_column(db_enum(Direction))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow, index=True)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"), index=True)
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id", ondelete="SET NULL"), index=True)
    deal_id: Mapped[int | None] = mapped_column(ForeignKey("deals.id", ondelete="SET NULL"), index=True)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id", ondelete="SET NULL"), index=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    # Inbound chats and e-mails are scored like tickets (for the sentiment trend of a contact or company).
    sentiment_label: Mapped[Sentiment | None] = mapped_column(db_enum(Sentiment))
    sentiment_score: Mapped[float | None] = mapped_column(Float)
    urgency: Mapped[Priority | None] = mapped_column(db_enum(Priority, name="urgency"))
    scored_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
