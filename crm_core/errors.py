"""Errors that services raise. Each carries what a user needs to act on it; channels map them to responses."""

from __future__ import annotations


class CRMError(Exception):
    """Base class: a refusal the caller can understand and act on."""


class NotFound(CRMError):
    def __init__(self, entity: str, record_id: object):
        super().__init__(f"{entity} {record_id} does not exist")
        self.entity = entity
        self.record_id = record_id


class PermissionDenied(CRMError):
    pass


class InvalidField(CRMError):
    """A value was refused. ``field`` names it, ``reason`` says why."""

    def __init__(self, field: str, reason: str):
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


class Conflict(CRMError):
    """The write collides with the current state (stale version, duplicate, already undone...)."""

    def __init__(self, message: str, **details: object):
        super().__init__(message)
        self.details = details


class StaleVersion(Conflict):
    def __init__(self, entity: str, record_id: int, sent: int, current: int):
        super().__init__(
            f"{entity} {record_id} was changed by someone else (you sent version {sent}, current is {current}); "
            "reload it and apply your change again",
            current_version=current,
        )


class DuplicateRecord(Conflict):
    def __init__(self, entity: str, collection: str, field: str, value: str, existing_id: int):
        super().__init__(
            f"a {entity} with {field} {value!r} already exists (id {existing_id}); update that record instead",
            field=field,
            existing_id=existing_id,
            existing_url=f"/api/v1/{collection}/{existing_id}",
        )
