from __future__ import annotations

from crm_core.enums import RecordType
from crm_core.errors import InvalidField
from crm_core.records import RecordKind
from crm_core.tasks.models import Task
from crm_core.tasks.schemas import TaskCreate, TaskFilters, TaskRead, TaskUpdate


def _prepare(*, session, actor, values, record) -> None:
    related_type = values.get("related_type", record.related_type if record else None)
    related_id = values.get("related_id", record.related_id if record else None)
    if related_type is not None and related_id is not None:
        from crm_core.kinds import kind_for  # the registry knows every kind, including this one

        if session.get(kind_for(related_type).model, related_id) is None:
            raise InvalidField("related_id", f"no {related_type} with id {related_id}")


KIND = RecordKind(
    entity=RecordType.task,
    plural="tasks",
    model=Task,
    create_schema=TaskCreate,
    update_schema=TaskUpdate,
    read_schema=TaskRead,
    filter_schema=TaskFilters,
    search_columns=("title",),
    prepare=_prepare,
)
