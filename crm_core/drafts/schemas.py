from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from crm_core.enums import DraftStatus
from crm_core.schemas import RecordRead, Strict
from crm_core.validation import normalise_email


class DraftCreate(Strict):
    to_email: str = Field(max_length=320)
    subject: str = Field(min_length=1, max_length=300)
    body: str = Field(min_length=1, max_length=20000)
    contact_id: int | None = None
    deal_id: int | None = None
    ticket_id: int | None = None
    conversation_id: str | None = Field(default=None, max_length=200)

    @field_validator("to_email")
    @classmethod
    def _email(cls, value: str) -> str:
        return normalise_email(value)


class DraftEdit(Strict):
    """A person's edit before approving; only a draft can be edited."""

    version: int = Field(ge=1, description="The version you read; a stale version is refused with 409.")
    to_email: str | None = Field(default=None, max_length=320)
    subject: str | None = Field(default=None, min_length=1, max_length=300)
    body: str | None = Field(default=None, min_length=1, max_length=20000)

    @field_validator("to_email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        return normalise_email(value)


class DraftRead(RecordRead):
    to_email: str
    subject: str
    body: str
    status: DraftStatus
    owner_id: int | None
    contact_id: int | None
    deal_id: int | None
    ticket_id: int | None
    conversation_id: str | None
    decided_by_id: int | None
    decided_at: datetime | None
    sent_at: datetime | None
    sent_via: str | None
    send_error: str | None


class DraftFilters(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: DraftStatus | None = None
    owner_id: int | None = None
    limit: int = Field(default=50, ge=1, le=500)
    offset: int = Field(default=0, ge=0)
