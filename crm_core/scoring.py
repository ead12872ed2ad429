"""Tickets and inbound messages are scored (sentiment, urgency, category) when written, without ever blocking
or failing the write.

The domain does not know which model scores: the application installs a scorer (``install``). Scoring
happens on flush, whatever the channel; if no scorer is ready or it fails, the record is saved unscored
(``scored_at`` empty) and ``crm sentiment rescore`` fills it later. A ticket that turns negative with high or
urgent urgency emits a ``ticket.alert`` event and, by the escalation rule, gets at least that priority.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import Session

from crm_core.activities.models import Activity
from crm_core.db import utcnow
from crm_core.enums import ActivityType, Direction, Priority, Sentiment, TicketCategory
from crm_core.events.models import Event
from crm_core.tickets.models import Ticket

log = logging.getLogger(__name__)

PRIORITY_RANK = {Priority.low: 0, Priority.normal: 1, Priority.high: 2, Priority.urgent: 3}
ALERT_URGENCIES = {Priority.high, Priority.urgent}
_SCORED_ACTIVITY_TYPES = {ActivityType.chat, ActivityType.email}
_PENDING_ALERTS = "pending_ticket_alerts"


class Scorer(Protocol):
    name: str

    def ready(self) -> bool: ...

    def score(self, texts: list[str]) -> list[Any]:
        """Objects with .label, .score, .urgency, .category, one per text."""
        ...


@dataclass
class _Installed:
    scorer: Scorer | None = None
    escalate: bool = True


_installed = _Installed()


def install(scorer: Scorer | None, *, escalate: bool = True) -> None:
    _installed.scorer = scorer
    _installed.escalate = escalate


def ticket_text(ticket: Ticket) -> str:
    return f"{ticket.subject}\n\n{ticket.description or ''}".strip()


def activity_text(activity: Activity) -> str:
    return f"{activity.subject or ''}\n\n{activity.body or ''}".strip()


def _text_changed(obj: Any, *fields: str) -> bool:
    state = inspect(obj)
    return state.pending or any(state.attrs[f].history.has_changes() for f in fields)


def _needs_score(obj: Any) -> bool:
    if isinstance(obj, Ticket):
        return _text_changed(obj, "subject", "description")
    if isinstance(obj, Activity):
        return (
            obj.direction == Direction.inbound
            and obj.type in _SCORED_ACTIVITY_TYPES
            and _text_changed(obj, "subject", "body", "direction", "type")
        )
    return False


@event.listens_for(Session, "before_flush")
def _score_on_write(session: Session, _flush_context, _instances) -> None:
    targets = [obj for obj in [*session.new, *session.dirty] if isinstance(obj, (Ticket, Activity)) and _needs_score(obj)]
    if not targets:
        return
    results = score_now([ticket_text(o) if isinstance(o, Ticket) else activity_text(o) for o in targets])
    for obj, result in zip(targets, results):
        apply_score(session, obj, result)


def score_now(texts: list[str]) -> list[Any | None]:
    """Scores, or None for each text when no scorer is ready or it fails (the write goes on regardless)."""
    scorer = _installed.scorer
    if scorer is None or not scorer.ready():
        return [None] * len(texts)
    try:
        return scorer.score(texts)
    except Exception:  # a scoring failure must never fail the write
        log.exception("sentiment scoring failed; the records are saved unscored")
        return [None] * len(texts)


def apply_score(session: Session, obj: Ticket | Activity, result: Any | None) -> None:
    if result is None:
        obj.sentiment_label = obj.sentiment_score = obj.urgency = obj.scored_at = None
        if isinstance(obj, Ticket):
            obj.scored_by = None
        return
    was_alerting = _alerting(obj)
    obj.sentiment_label = Sentiment(result.label)
    obj.sentiment_score = float(result.score)
    obj.urgency = Priority(result.urgency)
    obj.scored_at = utcnow()
    if not isinstance(obj, Ticket):
        return
    obj.scored_by = _installed.scorer.name if _installed.scorer else None
    if obj.category is None:
        obj.category = TicketCategory(result.category)
    if _alerting(obj) and not was_alerting:
        raised_from = None
        if _installed.escalate and PRIORITY_RANK[Priority(obj.priority)] < PRIORITY_RANK[obj.urgency]:
            raised_from, obj.priority = Priority(obj.priority), obj.urgency
        # The event is written after the flush, when a new ticket has its id.
        session.info.setdefault(_PENDING_ALERTS, []).append((obj, raised_from))


def _alerting(obj: Any) -> bool:
    return obj.sentiment_label == Sentiment.negative and obj.urgency in ALERT_URGENCIES


@event.listens_for(Session, "after_flush")
def _write_alerts(session: Session, _flush_context) -> None:
    pending = session.info.pop(_PENDING_ALERTS, [])
    if not pending:
        return
    rows = [
        {
            "kind": "ticket.alert",
            "created_at": utcnow(),
            "payload": {
                "ticket_id": ticket.id,
                "subject": ticket.subject,
                "sentiment": Sentiment(ticket.sentiment_label).value,
                "sentiment_score": ticket.sentiment_score,
                "urgency": Priority(ticket.urgency).value,
                "priority": Priority(ticket.priority).value,
                "priority_raised_from": raised_from.value if raised_from else None,
                "company_id": ticket.company_id,
                "contact_id": ticket.contact_id,
            },
        }
        for ticket, raised_from in pending
    ]
    session.connection().execute(insert(Event.__table__), rows)


@event.listens_for(Session, "after_rollback")
def _forget_alerts(session: Session) -> None:
    session.info.pop(_PENDING_ALERTS, None)


def rescore(*, session: Session, actor, everything: bool = False, batch: int = 64) -> dict[str, int]:
    """Score the tickets and inbound messages saved unscored (or, with ``everything``, all of them again)."""
    from sqlalchemy import select

    from crm_core import records

    scorer = _installed.scorer
    if scorer is None or not scorer.ready():
        raise RuntimeError("no sentiment scorer is ready; nothing was rescored")
    records.bind_actor(session, actor)
    counts = {"tickets": 0, "activities": 0}
    sources = [
        ("tickets", select(Ticket), ticket_text),
        ("activities", select(Activity).where(Activity.direction == Direction.inbound, Activity.type.in_(_SCORED_ACTIVITY_TYPES)), activity_text),
    ]
    for name, stmt, text_of in sources:
        model = stmt.column_descriptions[0]["entity"]
        if not everything:
            stmt = stmt.where(model.scored_at.is_(None))
        last_id = 0
        while True:
            rows = list(session.scalars(stmt.where(model.id > last_id).order_by(model.id).limit(batch)))
            if not rows:
                break
            for obj, result in zip(rows, scorer.score([text_of(o) for o in rows])):
                apply_score(session, obj, result)
            session.flush()
            counts[name] += len(rows)
            last_id = rows[-1].id
    return counts
