"""Asking the pipeline a question: from plain language (the offline parser) or from a structured query a model
filled, to an answer. The one entry point for the API, the agent's tool and Slack."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crm_core.actor import Actor
from crm_core.db import utcnow
from crm_core.enums import Role
from crm_core.errors import InvalidField
from crm_core.pipeline import engine
from crm_core.pipeline.parse import Declined, compared_with_earlier, month_of_the_same_kind, parse, period_before, refine
from crm_core.pipeline.query import PipelineQuery
from crm_core.users.models import User


def ask(*, session: Session, actor: Actor, question: str, now: datetime | None = None,
        today: date | None = None, refines: list[str] | None = None) -> engine.PipelineAnswer | Declined:
    """`refines`: the earlier questions this one follows up, oldest first ("win rate this quarter?" before "what
    about last quarter?"); each later one says what changes."""
    now = now or utcnow()
    query = None
    for text in [*(refines or []), question]:
        if query is not None:
            text = compared_with_earlier(month_of_the_same_kind(period_before(text, query), query, today or now.date()),
                                         query, today or now.date())
        parsed = parse(text, session=session, actor=actor, today=today or now.date())
        if isinstance(parsed, Declined):
            return parsed
        try:
            query = parsed if query is None else refine(query, parsed)
        except ValueError as exc:
            return Declined(f"the follow-up does not add up: {exc}")
    return _others_deals(session, actor, query) or engine.run(session=session, actor=actor, query=query, now=now)


def _others_deals(session: Session, actor: Actor, query: PipelineQuery) -> Declined | None:
    """A rep asking for a colleague's deals ("what's alice got open in her pipeline?") is told they are not theirs to
    see, rather than answered "0 deals"."""
    if actor.role is not Role.rep or actor.is_visitor or not (others := set(query.owner_ids) - {actor.user_id}):
        return None
    names = session.scalars(select(User.name).where(User.id.in_(others)).order_by(User.name)).all()
    return Declined(f"a rep sees only their own deals, so {' and '.join(names)}'s are not visible to you (a manager can "
                    f"see everyone's). I can answer the same question about your own deals")


def owner_ids(session: Session, names: list[str]) -> list[int]:
    """Users named by a model ("Alice Chen", "alice"): full name, first name or e-mail, case-insensitive."""
    found = []
    for name in names:
        wanted = name.strip().lower()
        matches = session.scalars(select(User.id).where(
            (func.lower(User.name) == wanted) | (func.lower(User.email) == wanted)
            | func.lower(User.name).like(f"{wanted} %"))).all()
        if len(matches) != 1:
            raise InvalidField("owners", f"{name!r} matches {len(matches)} users; give the full name or e-mail")
        found.append(matches[0])
    return found


def run_structured(*, session: Session, actor: Actor, query: PipelineQuery, owners: list[str] | None = None,
                   now: datetime | None = None) -> engine.PipelineAnswer | Declined:
    if owners:
        query = query.model_copy(update={"owner_ids": [*query.owner_ids, *owner_ids(session, owners)]})
    return _others_deals(session, actor, query) or engine.run(session=session, actor=actor, query=query, now=now)
