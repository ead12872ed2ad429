"""Create, read, list, update and delete for every kind of CRM record, with permissions, references and versions.

Domain modules describe their kind (a ``RecordKind``) and add what is special to them through ``prepare``;
the audit trail is written by ``crm_core.audit.listener`` on flush, so no write can skip it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Select, and_, func, inspect, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from crm_core import permissions
from crm_core.actor import Actor
from crm_core.db import Base
from crm_core.enums import RecordType
from crm_core.errors import Conflict, InvalidField, NotFound, StaleVersion
from crm_core.schemas import ListParams

Prepare = Callable[..., None]


@dataclass(frozen=True)
class RecordKind:
    entity: RecordType
    plural: str  # also the REST collection name
    model: type[Base]
    create_schema: type[BaseModel]
    update_schema: type[BaseModel]
    read_schema: type[BaseModel]
    filter_schema: type[ListParams]
    owner_field: str = "owner_id"
    readable_by_reps: bool = False
    search_columns: tuple[str, ...] = ("name",)
    # prepare(session=, actor=, values=, record=) checks and completes the values of a create (record=None)
    # or an update before they are applied; it raises InvalidField / Conflict.
    prepare: Prepare | None = None


def bind_actor(session: Session, actor: Actor) -> None:
    """Tell the audit listener who is writing in this session."""
    session.info["actor"] = actor


def get(*, session: Session, actor: Actor, kind: RecordKind, record_id: int) -> Any:
    record = session.get(kind.model, record_id)
    if record is None:
        raise NotFound(kind.entity.value, record_id)
    permissions.ensure_can_read(actor, kind, record)
    return record


def list_records(*, session: Session, actor: Actor, kind: RecordKind, filters: ListParams) -> tuple[list[Any], int]:
    conditions = [permissions.readable_clause(actor, kind), *_filter_conditions(kind, filters)]
    total = session.scalar(select(func.count()).select_from(kind.model).where(*conditions)) or 0
    stmt: Select = select(kind.model).where(*conditions)
    stmt = stmt.order_by(*_order_by(kind, filters.sort)).limit(filters.limit).offset(filters.offset)
    return list(session.scalars(stmt)), total


def create(*, session: Session, actor: Actor, kind: RecordKind, data: BaseModel) -> Any:
    values = data.model_dump()
    if values.get(kind.owner_field) is None and actor.user_id is not None:
        values[kind.owner_field] = actor.user_id
    permissions.ensure_can_create(actor, kind, values.get(kind.owner_field))
    if kind.prepare:
        kind.prepare(session=session, actor=actor, values=values, record=None)
    check_references(session, kind.model, values)
    record = kind.model(**values)
    bind_actor(session, actor)
    session.add(record)
    flush(session, kind, record)
    return record


def update(*, session: Session, actor: Actor, kind: RecordKind, record_id: int, data: BaseModel) -> Any:
    values = data.model_dump(exclude_unset=True)
    sent_version = values.pop("version")
    record = session.get(kind.model, record_id)
    if record is None:
        raise NotFound(kind.entity.value, record_id)
    permissions.ensure_can_read(actor, kind, record)
    if sent_version != record.version:
        raise StaleVersion(kind.entity.value, record_id, sent_version, record.version)
    permissions.ensure_can_write(actor, kind, record, values.get(kind.owner_field))
    _refuse_emptying_required(kind, values)
    if kind.prepare:
        kind.prepare(session=session, actor=actor, values=values, record=record)
    check_references(session, kind.model, values)
    for field, value in values.items():
        setattr(record, field, value)
    bind_actor(session, actor)
    flush(session, kind, record)
    return record


def delete(*, session: Session, actor: Actor, kind: RecordKind, record_id: int) -> None:
    permissions.ensure_can_delete(actor, kind)
    record = session.get(kind.model, record_id)
    if record is None:
        raise NotFound(kind.entity.value, record_id)
    bind_actor(session, actor)
    session.delete(record)
    flush(session, kind, record)


def flush(session: Session, kind: RecordKind, record: Any) -> None:
    """Flush, turning the database's refusals into errors a caller can act on.

    The caller owns the transaction and rolls it (or its savepoint) back when this raises.
    """
    try:
        session.flush()
    except StaleDataError:
        raise Conflict(f"{kind.entity.value} {record.id} was changed by someone else at the same time; reload and retry") from None
    except IntegrityError as exc:
        raise Conflict(f"the database refused this {kind.entity.value}: {exc.orig}") from None


def check_references(session: Session, model: type[Base], values: dict[str, Any]) -> None:
    """Every foreign key in ``values`` must point at an existing row; the error names the field."""
    for column in model.__table__.columns:
        value = values.get(column.key)
        if value is None or not column.foreign_keys:
            continue
        target_table = next(iter(column.foreign_keys)).column.table
        target = _model_for_table(target_table.name)
        if session.get(target, value) is None:
            raise InvalidField(column.key, f"no {target_table.name.rstrip('s').replace('_', ' ')} with id {value}")


def _model_for_table(table_name: str) -> type[Base]:
    for mapper in Base.registry.mappers:
        if mapper.local_table.name == table_name:
            return mapper.class_
    raise LookupError(table_name)


def _refuse_emptying_required(kind: RecordKind, values: dict[str, Any]) -> None:
    columns = kind.model.__table__.columns
    for field, value in values.items():
        if value is None and field in columns and not columns[field].nullable:
            raise InvalidField(field, "cannot be empty")


def _filter_conditions(kind: RecordKind, filters: ListParams) -> list:
    """Equality on columns named like the filter; ``_min``/``_max`` and ``_from``/``_to`` are inclusive ranges."""
    model = kind.model
    conditions = []
    for name, value in filters.model_dump(exclude_none=True, exclude={"limit", "offset", "sort"}).items():
        if name == "q":
            conditions.append(_search(kind, value))
        elif name == "updated_since":
            conditions.append(model.updated_at >= value)
        elif name.endswith(("_min", "_from")):
            conditions.append(getattr(model, name.rsplit("_", 1)[0]) >= value)
        elif name.endswith(("_max", "_to")):
            conditions.append(getattr(model, name.rsplit("_", 1)[0]) <= value)
        else:
            conditions.append(getattr(model, name) == value)
    return conditions


def _search(kind: RecordKind, text: str):
    """Every word must appear in one of the searchable columns (case-insensitive)."""
    columns = [getattr(kind.model, c) for c in kind.search_columns]
    return and_(*(or_(*(func.lower(c).contains(word.lower(), autoescape=True) for c in columns)) for word in text.split()))


def _order_by(kind: RecordKind, sort: str) -> list:
    descending = sort.startswith("-")
    name = sort.lstrip("-")
    columns = inspect(kind.model).columns
    if name not in columns:
        raise InvalidField("sort", f"cannot sort {kind.plural} by {name!r}; use one of: {', '.join(columns.keys())}")
    column = columns[name]
    order = [column.desc() if descending else column.asc()]
    if name != "id":
        order.append(kind.model.id.desc() if descending else kind.model.id.asc())
    return order
