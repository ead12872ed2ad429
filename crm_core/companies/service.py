from __future__ import annotations

from crm_core.companies.models import Company
from crm_core.companies.schemas import CompanyCreate, CompanyFilters, CompanyRead, CompanyUpdate
from crm_core.enums import RecordType
from crm_core.records import RecordKind

KIND = RecordKind(
    entity=RecordType.company,
    plural="companies",
    model=Company,
    create_schema=CompanyCreate,
    update_schema=CompanyUpdate,
    read_schema=CompanyRead,
    filter_schema=CompanyFilters,
    readable_by_reps=True,
    search_columns=("name", "domain"),
)
