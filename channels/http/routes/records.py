"""The REST routes of one record kind (list, create, read, update, delete), built from its RecordKind.

No ``from __future__ import annotations`` here: the route signatures use the kind's schemas, which must be
real objects when FastAPI reads them.
"""

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from channels.http.deps import CurrentActor, DbSession
from crm_core import records
from crm_core.records import RecordKind
from crm_core.schemas import Page


def record_router(kind: RecordKind) -> APIRouter:
    router = APIRouter(prefix=f"/{kind.plural}", tags=[kind.plural])
    Read, Create, Update, Filters = kind.read_schema, kind.create_schema, kind.update_schema, kind.filter_schema
    name = kind.entity.value

    @router.get("", response_model=Page[Read], summary=f"List {kind.plural}")
    def list_records(db: DbSession, actor: CurrentActor, filters: Annotated[Filters, Query()]):
        items, total = records.list_records(session=db, actor=actor, kind=kind, filters=filters)
        return Page[Read](
            items=[Read.model_validate(item) for item in items], total=total, limit=filters.limit, offset=filters.offset
        )

    @router.post("", response_model=Read, status_code=status.HTTP_201_CREATED, summary=f"Create a {name}")
    def create_record(data: Create, db: DbSession, actor: CurrentActor):
        record = records.create(session=db, actor=actor, kind=kind, data=data)
        db.commit()
        return record

    @router.get("/{record_id}", response_model=Read, summary=f"Read a {name}")
    def get_record(record_id: int, db: DbSession, actor: CurrentActor):
        return records.get(session=db, actor=actor, kind=kind, record_id=record_id)

    @router.patch("/{record_id}", response_model=Read, summary=f"Update a {name} (send the version you read)")
    def update_record(record_id: int, data: Update, db: DbSession, actor: CurrentActor):
        record = records.update(session=db, actor=actor, kind=kind, record_id=record_id, data=data)
        db.commit()
        return record

    @router.delete("/{record_id}", status_code=status.HTTP_204_NO_CONTENT, summary=f"Delete a {name} (admin)")
    def delete_record(record_id: int, db: DbSession, actor: CurrentActor):
        records.delete(session=db, actor=actor, kind=kind, record_id=record_id)
        db.commit()
        return Response(status_code=status.HTTP_204_NO_CONTENT)

    return router
