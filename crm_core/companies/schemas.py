from __future__ import annotations

from typing import Any

from pydantic import Field

from crm_core.enums import Region
from crm_core.schemas import ListParams, RecordRead, Strict, partial_update_model


class CompanyCreate(Strict):
    name: str = Field(min_length=1, max_length=200)
    domain: str | None = Field(default=None, max_length=253, pattern=r"^[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")
    industry: str | None = Field(default=None, max_length=80)
    size: int | None = Field(default=None, ge=1, description="Number of employees.")
    region: Region | None = None
    owner_id: int | None = None
    attributes: dict[str, Any] = Field(default_factory=dict)


CompanyUpdate = partial_update_model(CompanyCreate, "CompanyUpdate")


class CompanyRead(RecordRead, CompanyCreate):
    pass


class CompanyFilters(ListParams):
    owner_id: int | None = None
    region: Region | None = None
    industry: str | None = None
    domain: str | None = None
