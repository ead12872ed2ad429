from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from crm_core.schemas import ListParams, Money, RecordRead, Strict, partial_update_model
from crm_core.validation import normalise_currency


class DealCreate(Strict):
    name: str = Field(min_length=1, max_length=200)
    company_id: int | None = None
    contact_id: int | None = Field(default=None, description="The primary contact.")
    owner_id: int | None = None
    amount: Money = Decimal("0")
    currency: str = "USD"
    stage: str = Field(default="prospecting", description="A key of the pipeline, e.g. negotiation or closed_won.")
    expected_close_date: date | None = None
    next_step: str | None = Field(default=None, max_length=2000)
    closed_reason: str | None = Field(default=None, max_length=2000)

    @field_validator("currency")
    @classmethod
    def _currency(cls, value: str | None) -> str | None:
        return None if value is None else normalise_currency(value)

    @field_validator("stage")
    @classmethod
    def _stage(cls, value: str | None) -> str | None:
        return None if value is None else value.strip().lower().replace(" ", "_")


DealUpdate = partial_update_model(DealCreate, "DealUpdate")


class DealRead(RecordRead, DealCreate):
    closed_at: datetime | None = None
    stage_changed_at: datetime


class DealFilters(ListParams):
    owner_id: int | None = None
    company_id: int | None = None
    contact_id: int | None = None
    stage: str | None = None
    currency: str | None = None
    amount_min: Decimal | None = None
    amount_max: Decimal | None = None
    expected_close_date_from: date | None = None
    expected_close_date_to: date | None = None


class StageRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    key: str
    label: str
    probability: int
    position: int
    is_closed: bool
    is_won: bool


class StageChangeRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    from_stage: str | None
    to_stage: str
    changed_at: datetime
    changed_by_id: int | None
