"""Closed vocabularies of the domain. Values are lower-case snake_case, as the API promises."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import Enum as SAEnum


class Role(StrEnum):
    admin = "admin"
    manager = "manager"
    rep = "rep"


class Via(StrEnum):
    api = "api"
    cli = "cli"
    agent = "agent"
    slack = "slack"


class LifecycleStage(StrEnum):
    subscriber = "subscriber"
    lead = "lead"
    mql = "mql"
    sql = "sql"
    opportunity = "opportunity"
    customer = "customer"
    churned = "churned"


class Region(StrEnum):
    amer = "amer"
    emea = "emea"
    apac = "apac"
    latam = "latam"


class TicketStatus(StrEnum):
    new = "new"
    open = "open"
    pending = "pending"
    solved = "solved"
    closed = "closed"


class Priority(StrEnum):
    low = "low"
    normal = "normal"
    high = "high"
    urgent = "urgent"


class TicketChannel(StrEnum):
    web = "web"
    slack = "slack"
    email = "email"
    api = "api"


class TicketCategory(StrEnum):
    billing = "billing"
    bug = "bug"
    how_to = "how_to"
    account = "account"
    outage = "outage"
    feature_request = "feature_request"
    other = "other"


class Sentiment(StrEnum):
    negative = "negative"
    neutral = "neutral"
    positive = "positive"


class ActivityType(StrEnum):
    note = "note"
    email = "email"
    call = "call"
    meeting = "meeting"
    chat = "chat"


class Direction(StrEnum):
    inbound = "inbound"
    outbound = "outbound"
    internal = "internal"


class TaskStatus(StrEnum):
    open = "open"
    done = "done"
    cancelled = "cancelled"


class DraftStatus(StrEnum):
    draft = "draft"
    approved = "approved"  # approved, not sent yet (or sending failed: see send_error)
    sent = "sent"
    discarded = "discarded"


class RecordType(StrEnum):
    """Kinds of record a task or an audit entry can point at."""

    company = "company"
    contact = "contact"
    deal = "deal"
    ticket = "ticket"
    activity = "activity"
    task = "task"


def db_enum(enum_cls: type[StrEnum], name: str | None = None) -> SAEnum:
    """Store the enum's value as a checked string (portable; no PostgreSQL ENUM types to migrate).

    ``name`` names the CHECK constraint; give one when a table has two columns of the same enum.
    """
    return SAEnum(
        enum_cls,
        native_enum=False,
        create_constraint=True,
        values_callable=lambda members: [m.value for m in members],
        length=max(len(m.value) for m in enum_cls),
        name=name or enum_cls.__name__.lower(),
        validate_strings=True,
    )
