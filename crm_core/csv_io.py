"""CSV import and export of records.

Import checks every row (format, references, duplicates) before anything is kept: by default one bad row
means nothing is imported and every bad row is reported with its line number, field and reason.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crm_core import permissions, records
from crm_core.actor import Actor
from crm_core.audit.snapshot import to_json
from crm_core.companies.models import Company
from crm_core.contacts.models import Contact
from crm_core.errors import Conflict, InvalidField
from crm_core.records import RecordKind
from crm_core.users.models import User

# Columns an export writes that an import ignores: the database maintains them.
BOOKKEEPING = {"id", "created_at", "updated_at", "version", "closed_at", "stage_changed_at", "solved_at",
               "sentiment_label", "sentiment_score", "lead_score_reason", "lead_scored_at"}

# Friendly columns that name a related record instead of giving its id: column -> (id field, model, key column).
LOOKUPS = {
    "company": ("company_id", Company, Company.name),
    "owner_email": ("owner_id", User, User.email),
    "assignee_email": ("assignee_id", User, User.email),
    "contact_email": ("contact_id", Contact, Contact.email),
}


@dataclass(frozen=True)
class RowError:
    line: int  # the line in the file; the header is line 1
    field: str
    reason: str

    def __str__(self) -> str:
        return f"row {self.line}: {self.field}: {self.reason}"


@dataclass
class ImportResult:
    imported: int = 0
    errors: list[RowError] = field(default_factory=list)


class ImportRefused(Exception):
    def __init__(self, errors: list[RowError]):
        super().__init__(f"{len(errors)} invalid row(s); nothing was imported")
        self.errors = errors


def import_csv(
    *, session: Session, actor: Actor, kind: RecordKind, path: Path, skip_invalid: bool = False
) -> ImportResult:
    """Import the file's rows in the caller's transaction. Raises ImportRefused (caller rolls back) when any row is
    invalid, unless ``skip_invalid``: then the good rows are kept and the result lists the rejected ones."""
    result = ImportResult()
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        header_errors = _check_header(kind, reader.fieldnames or [])
        if header_errors:
            raise ImportRefused(header_errors)
        for line, row in enumerate(reader, start=2):
            errors = _import_row(session=session, actor=actor, kind=kind, line=line, row=row)
            if errors:
                result.errors.extend(errors)
            else:
                result.imported += 1
    if result.errors and not skip_invalid:
        raise ImportRefused(result.errors)
    return result


def _check_header(kind: RecordKind, columns: list[str]) -> list[RowError]:
    if not columns:
        return [RowError(1, "header", "the file is empty; the first line must name the columns")]
    known = set(kind.create_schema.model_fields) | BOOKKEEPING | set(LOOKUPS)
    return [
        RowError(1, column, f"unknown column for {kind.plural}; known columns: {', '.join(sorted(kind.create_schema.model_fields))}")
        for column in columns
        if column not in known
    ]


def _import_row(*, session: Session, actor: Actor, kind: RecordKind, line: int, row: dict[str, str]) -> list[RowError]:
    values: dict[str, Any] = {}
    errors: list[RowError] = []
    for column, raw in row.items():
        text = (raw or "").strip()
        if column in BOOKKEEPING or column is None or text == "":
            continue
        if column in LOOKUPS:
            target_field, model, key = LOOKUPS[column]
            found = session.scalar(select(model.id).where(func.lower(key) == text.lower()))
            if found is None:
                errors.append(RowError(line, column, f"no {model.__tablename__.rstrip('s')} named {text!r}"))
            values[target_field] = found
            continue
        values[column] = _parse_cell(kind, column, text)
    if errors:
        return errors
    try:
        data = kind.create_schema.model_validate(values)
    except ValidationError as exc:
        return [RowError(line, ".".join(str(p) for p in e["loc"]) or "row", e["msg"]) for e in exc.errors()]
    try:
        with session.begin_nested():
            records.create(session=session, actor=actor, kind=kind, data=data)
    except InvalidField as exc:
        return [RowError(line, exc.field, exc.reason)]
    except Conflict as exc:
        return [RowError(line, str(exc.details.get("field", "row")), str(exc))]
    return []


def _parse_cell(kind: RecordKind, column: str, text: str) -> Any:
    annotation = str(kind.create_schema.model_fields[column].annotation)
    if "list" in annotation:
        return [part for part in text.split(";")]
    if "dict" in annotation:
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            return text  # validation reports it with the field name
    return text


def export_csv(*, session: Session, actor: Actor, kind: RecordKind, path: Path) -> int:
    """Write every record the actor may read, streaming; returns how many."""
    columns = list(kind.read_schema.model_fields)
    stmt = select(kind.model).where(permissions.readable_clause(actor, kind)).order_by(kind.model.id)
    count = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        for item in session.scalars(stmt.execution_options(yield_per=1000)):
            writer.writerow({c: _format_cell(getattr(item, c)) for c in columns})
            count += 1
    return count


def _format_cell(value: Any) -> Any:
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, sort_keys=True) if value else ""
    return to_json(value)


def write_rejects(*, source: Path, errors: list[RowError], path: Path) -> None:
    """Copy the rejected rows of ``source`` to ``path`` with an ``error`` column, ready to fix and re-import."""
    reasons: dict[int, list[str]] = {}
    for error in errors:
        reasons.setdefault(error.line, []).append(f"{error.field}: {error.reason}")
    with source.open(newline="", encoding="utf-8-sig") as handle, path.open("w", newline="", encoding="utf-8") as out:
        reader = csv.DictReader(handle)
        writer = csv.DictWriter(out, fieldnames=[*(reader.fieldnames or []), "error"])
        writer.writeheader()
        for line, row in enumerate(reader, start=2):
            if line in reasons:
                writer.writerow({**row, "error": "; ".join(reasons[line])})
