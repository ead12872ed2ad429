from __future__ import annotations

from datetime import datetime

from pydantic import Field

from crm_core.enums import ActivityType, Direction
from crm_core.schemas import ListParams, RecordRead, Strict, partial_update_model


class ActivityCreate(Strict):
    type: ActivityType
    subject: str | None = Field(default=None, max_length=300)
    body: str = Field(default="", max_length=50000)
    direction: Direction | None = None
    occurred_at: datetime | None = Field(default=None, description="Defaults to now.")
    contact_id: int | None = None
    company_id: int | None = None
    deal_id: int | None = None
    ticket_id: int | None = None
    owner_id: int | None = None


ActivityUpdate = partial_update_model(ActivityCreate, "ActivityUpdate")


class ActivityRead(RecordRead, ActivityCreate):
    occurred_at: datetime


class ActivityFilters(ListParams):
    type: ActivityType | None = None
    owner_id: int | None = None
    contact_id: int | None = None
    company_id: int | None = None
    deal_id: int | None = None
    ticket_id: int | None = None
    occurred_at_from: datetime | None = None
    occurred_at_to: datetime | None = None
