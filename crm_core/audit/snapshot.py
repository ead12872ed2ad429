"""Records as JSON-safe dicts (for the audit trail) and back (for undo)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import Date, Numeric, inspect
from sqlalchemy.orm import InstanceState

from crm_core.db import UTCDateTime


def to_json(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


def snapshot(record: Any) -> dict[str, Any]:
    """The record's current column values."""
    mapper = inspect(record).mapper
    return {attr.key: to_json(getattr(record, attr.key)) for attr in mapper.column_attrs}


def snapshot_before_changes(record: Any) -> dict[str, Any]:
    """The column values as loaded from the database, ignoring changes not flushed yet."""
    state: InstanceState = inspect(record)
    values = {}
    for attr in state.mapper.column_attrs:
        history = state.attrs[attr.key].history
        value = history.deleted[0] if history.deleted else getattr(record, attr.key)
        values[attr.key] = to_json(value)
    return values


def from_json(model: type, values: dict[str, Any]) -> dict[str, Any]:
    """Turn snapshot values back into what the model's columns take."""
    columns = model.__table__.columns
    restored = {}
    for key, value in values.items():
        column = columns.get(key)
        if column is None or value is None:
            restored[key] = value
        elif isinstance(column.type, UTCDateTime):
            restored[key] = datetime.fromisoformat(value)
        elif isinstance(column.type, Date):
            restored[key] = date.fromisoformat(value)
        elif isinstance(column.type, Numeric):
            restored[key] = Decimal(value)
        else:
            restored[key] = value
    return restored
