from __future__ import annotations

from datetime import date

from pydantic import Field, model_validator

from crm_core.enums import RecordType, TaskStatus
from crm_core.schemas import ListParams, RecordRead, Strict, partial_update_model


class TaskCreate(Strict):
    title: str = Field(min_length=1, max_length=300)
    notes: str | None = Field(default=None, max_length=5000)
    due_date: date | None = None
    owner_id: int | None = None
    status: TaskStatus = TaskStatus.open
    related_type: RecordType | None = Field(default=None, description="The kind of record the task follows up on.")
    related_id: int | None = None

    @model_validator(mode="after")
    def _link_is_complete(self) -> "TaskCreate":
        if (self.related_type is None) != (self.related_id is None):
            raise ValueError("related_type and related_id go together: give both or neither")
        return self


TaskUpdate = partial_update_model(TaskCreate, "TaskUpdate")


class TaskRead(RecordRead, TaskCreate):
    pass


class TaskFilters(ListParams):
    owner_id: int | None = None
    status: TaskStatus | None = None
    related_type: RecordType | None = None
    related_id: int | None = None
    due_date_from: date | None = None
    due_date_to: date | None = None
