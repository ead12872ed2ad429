from __future__ import annotations

from crm_core.activities.models import Activity
from crm_core.activities.schemas import ActivityCreate, ActivityFilters, ActivityRead, ActivityUpdate
from crm_core.db import utcnow
from crm_core.enums import RecordType
from crm_core.records import RecordKind


def _prepare(*, session, actor, values, record) -> None:
    if record is None and values.get("occurred_at") is None:
        values["occurred_at"] = utcnow()


KIND = RecordKind(
    entity=RecordType.activity,
    plural="activities",
    model=Activity,
    create_schema=ActivityCreate,
    update_schema=ActivityUpdate,
    read_schema=ActivityRead,
    filter_schema=ActivityFilters,
    search_columns=("subject", "body"),
    prepare=_prepare,
)
