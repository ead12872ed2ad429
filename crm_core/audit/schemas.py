from __future__ import annotations

from typing import Literal

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from crm_core.enums import Via


class AuditRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    occurred_at: datetime
    actor_id: int | None
    actor_name: str
    via: Via
    action: str
    entity: str
    entity_id: int
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    undone_by_id: int | None
    reason: str | None


class AuditFilters(BaseModel):
    model_config = ConfigDict(extra="forbid")

    entity: Literal["company", "contact", "deal", "ticket", "activity", "task", "draft"] | None = None
    entity_id: int | None = None
    actor_id: int | None = None
    via: Via | None = None
    action: str | None = Field(default=None, pattern="^(create|update|delete)$")
    since: datetime | None = None
    limit: int = Field(default=50, ge=1, le=500)
    offset: int = Field(default=0, ge=0)
