from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from crm_core.db import Base, Record, UTCDateTime, utcnow
from crm_core.enums import DraftStatus, db_enum


class Draft(Record, Base):
    """An e-mail the agent wrote for a person to approve: draft -> approved -> sent, or draft -> discarded.
    Nothing leaves the building without ``approve``."""

    __tablename__ = "drafts"
    __table_args__ = (Index("ix_drafts_owner_status", "owner_id", "status"),)

    to_email: Mapped[str] = mapped_column(String(320), nullable=False)
    subject: Mapped[str] = mapped_column(String(300), nullable=False)
    body: Mapped[str] = mapped_column(Text, nullable=False)
    status: Mapped[DraftStatus] = mapped_column(db_enum(DraftStatus), nullable=False, default=DraftStatus.draft)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"), index=True)
    deal_id: Mapped[int | None] = mapped_column(ForeignKey("deals.id", ondelete="SET NULL"), index=True)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id", ondelete="SET NULL"), index=True)
    # The chat it was drafted in: "yes, send it" there approves this draft and no other.
    conversation_id: Mapped[str | None] = mapped_column(String(200), index=True)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_via: Mapped[str | None] = mapped_column(String(20))  # smtp | outbox
    send_error: Mapped[str | None] = mapped_column(Text)


class OutboxEmail(Base):
    """Approved e-mails, when no SMTP server is configured: the record of what would have been sent, for an
    operator (or a mail relay) to pick up."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int | None] = mapped_column(ForeignKey("drafts.id", ondelete="SET NULL"), index=True)
    to_email: Mapped[str] = mapped_column(String(320), nullable=False)
    subject: Mapped[str] = mapped_column(String(300), nullable=False)
    body: Mapped[str] = mapped_column(Text, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
