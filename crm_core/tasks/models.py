from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from crm_core.db import Base, Record
from crm_core.enums import RecordType, TaskStatus, db_enum


class Task(Record, Base):
    """A follow-up reminder, optionally linked to any record."""

    __tablename__ = "tasks"
    __table_args__ = (Index("ix_tasks_related", "related_type", "related_id"),)

    title: Mapped[str] = mapped_column(String(300), nullable=False)
    notes: Mapped[str | None] = mapped_column(Text)
    due_date: Mapped[date | None] = mapped_column(Date, index=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    status: Mapped[TaskStatus] = mapped_column(db_enum(TaskStatus), nullable=False, default=TaskStatus.open)
    related_type: Mapped[RecordType | None] = mapped_column(db_enum(RecordType))
    related_id: Mapped[int | None] = mapped_column(Integer)
