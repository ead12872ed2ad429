from __future__ import annotations

from datetime import datetime

from pydantic import Field, field_validator

from crm_core.enums import LifecycleStage
from crm_core.schemas import ListParams, RecordRead, Strict, partial_update_model
from crm_core.validation import normalise_email, normalise_phone, normalise_tags


class ContactCreate(Strict):
    first_name: str = Field(min_length=1, max_length=100)
    last_name: str = Field(default="", max_length=100)
    email: str | None = Field(default=None, max_length=320)
    phone: str | None = Field(default=None, max_length=40)
    title: str | None = Field(default=None, max_length=200)
    company_id: int | None = None
    owner_id: int | None = None
    lifecycle_stage: LifecycleStage = LifecycleStage.lead
    lead_source: str | None = Field(default=None, max_length=50)
    lead_score: int | None = Field(default=None, ge=0, le=100)
    consent_email: bool = False
    consent_phone: bool = False
    tags: list[str] = Field(default_factory=list)

    @field_validator("email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        return normalise_email(value)

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str | None) -> str | None:
        return normalise_phone(value)

    @field_validator("lead_source")
    @classmethod
    def _lead_source(cls, value: str | None) -> str | None:
        return value.strip().lower().replace(" ", "_") if value else None

    @field_validator("tags")
    @classmethod
    def _tags(cls, value: list[str] | None) -> list[str] | None:
        return None if value is None else normalise_tags(value)


ContactUpdate = partial_update_model(ContactCreate, "ContactUpdate")


class ContactRead(RecordRead, ContactCreate):
    # Computed by lead scoring (`crm leads score`, POST /leads/score), not written through the API.
    lead_score_reason: str | None = None
    lead_scored_at: datetime | None = None


class ContactFilters(ListParams):
    owner_id: int | None = None
    company_id: int | None = None
    lifecycle_stage: LifecycleStage | None = None
    lead_source: str | None = None
    email: str | None = None


class MergeRequest(Strict):
    duplicate_id: int = Field(description="The contact merged into this one; it is deleted afterwards.")
