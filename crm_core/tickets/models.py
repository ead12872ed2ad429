from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from crm_core.db import Base, Record, UTCDateTime
from crm_core.enums import Priority, Sentiment, TicketCategory, TicketChannel, TicketStatus, db_enum


class Ticket(Record, Base):
    __tablename__ = "tickets"
    __table_args__ = (Index("ix_tickets_status_priority", "status", "priority"),)

    subject: Mapped[str] = mapped_column(String(300), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"), index=True)
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id", ondelete="SET NULL"), index=True)
    status: Mapped[TicketStatus] = mapped_column(db_enum(TicketStatus), nullable=False, default=TicketStatus.new)
    priority: Mapped[Priority] = mapped_column(db_enum(Priority), nullable=False, default=Priority.normal)
    category: Mapped[TicketCategory | None] = mapped_column(db_enum(TicketCategory))
    channel: Mapped[TicketChannel] = mapped_column(db_enum(TicketChannel), nullable=False, default=TicketChannel.web)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    sentiment_label: Mapped[Sentiment | None] = mapped_column(db_enum(Sentiment))
    sentiment_score: Mapped[float | None] = mapped_column(Float)  # -1 (very negative) .. +1 (very positive)
    urgency: Mapped[Priority | None] = mapped_column(db_enum(Priority, name="urgency"))
    # None: not scored yet (no model was available); `crm sentiment rescore` fills these in.
    scored_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    scored_by: Mapped[str | None] = mapped_column(String(120))
    sla_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    solved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    csat: Mapped[int | None] = mapped_column(Integer)  # 1..5
    # The chat conversation this ticket was handed off from (one ticket per conversation; a person answers it).
    conversation_id: Mapped[str | None] = mapped_column(String(200), index=True)
