from __future__ import annotations

from sqlalchemy import JSON, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from crm_core.db import Base, Record
from crm_core.enums import Region, db_enum


class Company(Record, Base):
    __tablename__ = "companies"

    name: Mapped[str] = mapped_column(String(200), nullable=False, index=True)
    domain: Mapped[str | None] = mapped_column(String(253), index=True)
    industry: Mapped[str | None] = mapped_column(String(80), index=True)
    size: Mapped[int | None] = mapped_column(Integer)  # number of employees
    region: Mapped[Region | None] = mapped_column(db_enum(Region), index=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    attributes: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
