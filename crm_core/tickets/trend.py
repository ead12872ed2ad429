"""How a company or a contact has felt lately, and whether it is getting worse (a churn-risk signal).

The recent window (default 30 days) is compared with the window before it (the 60 days before that, so the
two cover 90 days). Sources: scored tickets and scored inbound chats/e-mails.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_core import records
from crm_core.activities.models import Activity
from crm_core.actor import Actor
from crm_core.db import utcnow
from crm_core.enums import Sentiment
from crm_core.tickets.models import Ticket

# A trend is "worsening" when, with enough evidence, the average score drops or the negative share rises by
# at least this much between the previous and the recent window; or when most recent messages are negative.
MIN_RECENT = 2
SCORE_DROP = 0.25
NEGATIVE_SHARE_RISE = 0.25
MOSTLY_NEGATIVE = 0.6


@dataclass(frozen=True)
class Window:
    start: datetime
    end: datetime
    count: int
    average_score: float | None
    negative_share: float | None


@dataclass(frozen=True)
class SentimentTrend:
    subject: str  # company | contact
    subject_id: int
    recent: Window
    previous: Window
    worsening: bool
    reason: str

    def as_dict(self) -> dict:
        return asdict(self)


def sentiment_trend(
    *, session: Session, actor: Actor, kind, record_id: int, recent_days: int = 30, previous_days: int = 60,
    now: datetime | None = None,
) -> SentimentTrend:
    record = records.get(session=session, actor=actor, kind=kind, record_id=record_id)  # exists + may read
    column = "company_id" if kind.entity.value == "company" else "contact_id"
    now = now or utcnow()
    recent_start = now - timedelta(days=recent_days)
    previous_start = recent_start - timedelta(days=previous_days)
    points = _points(session, column, record.id, previous_start, now)
    recent = _window([p for p in points if p[0] >= recent_start], recent_start, now)
    previous = _window([p for p in points if p[0] < recent_start], previous_start, recent_start)
    worsening, reason = _judge(recent, previous)
    return SentimentTrend(kind.entity.value, record.id, recent, previous, worsening, reason)


def _points(session: Session, column: str, record_id: int, start: datetime, end: datetime) -> list[tuple[datetime, float, bool]]:
    tickets = session.execute(
        select(Ticket.created_at, Ticket.sentiment_score, Ticket.sentiment_label).where(
            getattr(Ticket, column) == record_id, Ticket.scored_at.is_not(None), Ticket.created_at >= start, Ticket.created_at <= end
        )
    ).all()
    messages = session.execute(
        select(Activity.occurred_at, Activity.sentiment_score, Activity.sentiment_label).where(
            getattr(Activity, column) == record_id, Activity.scored_at.is_not(None), Activity.ticket_id.is_(None),
            Activity.occurred_at >= start, Activity.occurred_at <= end,
        )
    ).all()  # a ticket's own inbound message is not counted twice
    return [(at, score, label == Sentiment.negative) for at, score, label in [*tickets, *messages]]


def _window(points, start: datetime, end: datetime) -> Window:
    if not points:
        return Window(start, end, 0, None, None)
    return Window(
        start, end, len(points),
        round(sum(p[1] for p in points) / len(points), 3),
        round(sum(p[2] for p in points) / len(points), 3),
    )


def _judge(recent: Window, previous: Window) -> tuple[bool, str]:
    if recent.count < MIN_RECENT:
        return False, f"too little recent feedback ({recent.count} scored message(s))"
    if previous.count:
        drop = previous.average_score - recent.average_score
        rise = recent.negative_share - previous.negative_share
        if drop >= SCORE_DROP:
            return True, f"average sentiment fell from {previous.average_score:+.2f} to {recent.average_score:+.2f}"
        if rise >= NEGATIVE_SHARE_RISE:
            return True, f"negative share rose from {previous.negative_share:.0%} to {recent.negative_share:.0%}"
    if recent.negative_share >= MOSTLY_NEGATIVE:
        return True, f"{recent.negative_share:.0%} of recent messages are negative"
    return False, "no worsening"
