"""Reading and acknowledging the event outbox."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_core.db import utcnow
from crm_core.events.models import Event


def emit(*, session: Session, kind: str, payload: dict) -> Event:
    event = Event(kind=kind, payload=payload)
    session.add(event)
    return event


def pending(*, session: Session, kind: str | None = None, limit: int = 100) -> list[Event]:
    stmt = select(Event).where(Event.delivered_at.is_(None)).order_by(Event.id).limit(limit)
    if kind:
        stmt = stmt.where(Event.kind == kind)
    return list(session.scalars(stmt))


def mark_delivered(*, session: Session, event_id: int) -> None:
    event = session.get(Event, event_id)
    if event is not None and event.delivered_at is None:
        event.delivered_at = utcnow()
