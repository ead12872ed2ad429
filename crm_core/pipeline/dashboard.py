"""The numbers behind the manager dashboard: the open pipeline by stage, the forecast by close month, the win
rate of the last quarters and the weekly sentiment of incoming tickets, all scoped to the caller.

Each series is one grouped statement; periods are counted with CASE sums over fixed boundaries, so the same
SQL runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from crm_core.actor import Actor
from crm_core.db import utcnow
from crm_core.deals.models import Deal, PipelineStage
from crm_core.enums import Sentiment
from crm_core.pipeline import forecast as forecasting
from crm_core.pipeline.terms import METRICS
from crm_core.tickets.models import Ticket

QUARTERS = 4
WEEKS = 12

DEFINITIONS = {
    "pipeline_by_stage": "open deals per stage: how many, their amount, and amount x the stage's probability",
    "forecast": "the forecast by expected close month (see forecast definitions)",
    "win_rate": METRICS["win_rate"] + f"; by the quarter of the close date, the last {QUARTERS} quarters",
    "ticket_sentiment": f"tickets created per week (weeks start on Monday, the last {WEEKS}) that have a sentiment "
                        "score: their average score (-1 very negative .. +1 very positive) and the share labelled "
                        "negative; a rep sees the tickets assigned to them",
}


def dashboard(*, session: Session, actor: Actor, now: datetime | None = None) -> dict:
    now = now or utcnow()
    month = forecasting.forecast(session=session, actor=actor, by=forecasting.ForecastBy.month, now=now).as_dict()
    return {
        "as_of": now,
        "scope": _scope(actor),
        "currency": month["currency"],
        "pipeline_by_stage": pipeline_by_stage(session=session, actor=actor),
        "forecast_by_month": {key: month[key] for key in ("groups", "total", "stage_rates", "notes")},
        "win_rate_by_quarter": win_rate_by_quarter(session=session, actor=actor, now=now),
        "ticket_sentiment_by_week": ticket_sentiment_by_week(session=session, actor=actor, now=now),
        "definitions": {**DEFINITIONS, **{f"forecast.{k}": v for k, v in month["definitions"].items()}},
    }


def pipeline_by_stage(*, session: Session, actor: Actor) -> list[dict]:
    """Every open stage in pipeline order, empty ones included (a chart keeps its axis)."""
    scope, _ = forecasting.deal_scope(actor)
    stages = session.scalars(select(PipelineStage).where(PipelineStage.is_closed.is_(False))
                             .order_by(PipelineStage.position)).all()
    statement = (select(Deal.stage, func.count(Deal.id), func.sum(Deal.amount))
                 .where(Deal.stage.in_([s.key for s in stages] or [""]), *scope).group_by(Deal.stage))
    found = {stage: (deals, float(amount or 0)) for stage, deals, amount in session.execute(statement)}
    rows = []
    for stage in stages:
        deals, amount = found.get(stage.key, (0, 0.0))
        rows.append({"stage": stage.key, "label": stage.label, "probability": stage.probability, "deals": deals,
                     "amount": round(amount, 2), "weighted": round(amount * stage.probability / 100, 2)})
    return rows


def win_rate_by_quarter(*, session: Session, actor: Actor, now: datetime, quarters: int = QUARTERS) -> list[dict]:
    """won / (won + lost) among deals closed in each of the last ``quarters`` quarters (this one included)."""
    scope, _ = forecasting.deal_scope(actor)
    starts = _quarter_starts(now.date(), quarters)
    bounds = [(_midnight(s), _midnight(e)) for s, e in zip(starts, [*starts[1:], _next_quarter(starts[-1])])]
    closed_stages = session.execute(select(PipelineStage.key, PipelineStage.is_won)
                                    .where(PipelineStage.is_closed.is_(True))).all()
    won = Deal.stage.in_([key for key, is_won in closed_stages if is_won] or [""])
    columns = []
    for start, end in bounds:
        within = (Deal.closed_at >= start) & (Deal.closed_at < end)
        columns += [func.sum(case((within & won, 1), else_=0)), func.sum(case((within & ~won, 1), else_=0))]
    # Stage keys first (no join): the closed-deal index (stage, closed_at, ...) answers it alone.
    counts = session.execute(select(*columns).where(Deal.stage.in_([key for key, _ in closed_stages] or [""]),
                                                    Deal.closed_at >= bounds[0][0], Deal.closed_at < bounds[-1][1],
                                                    *scope)).one()
    rows = []
    for i, start in enumerate(starts):
        won_count, lost_count = int(counts[2 * i] or 0), int(counts[2 * i + 1] or 0)
        closed = won_count + lost_count
        rows.append({"quarter": forecasting.quarter_label(start.year, start.month), "start": start,
                     "won": won_count, "lost": lost_count,
                     "win_rate": round(won_count / closed, 4) if closed else None})
    return rows


def ticket_sentiment_by_week(*, session: Session, actor: Actor, now: datetime, weeks: int = WEEKS) -> list[dict]:
    """Scored tickets per week (by creation): count, average score and negative share; empty weeks stay.

    Summed per day in SQL (``date()`` is the same function on SQLite and PostgreSQL), folded into weeks here."""
    scope, _ = forecasting.deal_scope(actor, owner_column=Ticket.assignee_id)
    monday = now.date() - timedelta(days=now.date().weekday())
    starts = [monday - timedelta(weeks=weeks - 1 - i) for i in range(weeks)]
    day = func.date(Ticket.created_at)
    statement = (select(day, func.count(Ticket.id), func.sum(Ticket.sentiment_score),
                        func.sum(case((Ticket.sentiment_label == Sentiment.negative, 1), else_=0)))
                 .where(Ticket.scored_at.is_not(None), Ticket.sentiment_score.is_not(None),
                        Ticket.created_at >= _midnight(starts[0]), Ticket.created_at < _midnight(monday + timedelta(weeks=1)),
                        *scope)
                 .group_by(day))
    sums = {start: [0, 0.0, 0] for start in starts}
    for created, count, score, negatives in session.execute(statement):
        created = created if isinstance(created, date) else date.fromisoformat(str(created)[:10])
        week = sums.get(created - timedelta(days=created.weekday()))
        if week is not None:
            week[0], week[1], week[2] = week[0] + count, week[1] + float(score or 0), week[2] + int(negatives or 0)
    return [{"week_start": start, "tickets": count,
             "average_score": round(score / count, 3) if count else None,
             "negative_share": round(negatives / count, 3) if count else None}
            for start, (count, score, negatives) in sums.items()]


def _scope(actor: Actor) -> list[str]:
    words = forecasting.deal_scope(actor)[1]
    if words == ["your deals"]:
        return ["your deals", "tickets assigned to you"]
    return words or ["all deals", "all tickets"]


def _quarter_starts(today: date, quarters: int) -> list[date]:
    start = date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
    starts = [start]
    for _ in range(quarters - 1):
        month = starts[0].month - 3
        starts.insert(0, date(starts[0].year - (month < 1), month + 12 if month < 1 else month, 1))
    return starts


def _next_quarter(start: date) -> date:
    month = start.month + 3
    return date(start.year + (month > 12), month - 12 if month > 12 else month, 1)


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(), timezone.utc)
