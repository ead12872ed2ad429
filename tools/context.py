"""Who is asking, and what the tools may reach: the runtime context of every agent run.

Identity and tenancy come from here (set by the channel from the authenticated caller), never from a tool's
arguments: a model can be talked into any argument, not into a different context.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from datetime import date, datetime, time, timezone
from enum import StrEnum
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from crm_core.actor import Actor
from crm_core.drafts.mail import OutboxMailer
from crm_core.users.service import list_users


MAX_COLLEAGUES = 200  # named in the system prompt; a bigger team would crowd out the conversation


class CallerKind(StrEnum):
    user = "user"  # a CRM user (admin, manager, rep) through the API, the CLI or Slack
    visitor = "visitor"  # a web-chat visitor, anonymous or with a verified e-mail


@dataclass(frozen=True)
class Caller:
    kind: CallerKind
    actor: Actor  # for visitors: a system actor with via=agent, used only by the visitor-safe tools
    visitor_email: str | None = None  # set only when the identity token was verified

    @property
    def verified_visitor(self) -> bool:
        return self.kind is CallerKind.visitor and self.visitor_email is not None

    @property
    def label(self) -> str:
        if self.kind is CallerKind.user:
            return f"{self.actor.name} ({self.actor.role})"
        return f"visitor {self.visitor_email}" if self.visitor_email else "anonymous visitor"


@dataclass
class ToolContext:
    caller: Caller
    sessions: sessionmaker[Session]
    knowledge: Any  # has .get() -> knowledge.base.KnowledgeBase
    conversation_id: str
    today: date = field(default_factory=date.today)
    mailer: Any = field(default_factory=OutboxMailer)  # where approved drafts go (crm_core.drafts.mail)

    @cached_property
    def colleagues(self) -> tuple[str, ...]:
        """For a member of staff, the names of the people who work in this CRM: "Carla said …", "Bob's deals"
        name a colleague, not a customer or a record. A web visitor is not told who works here."""
        if self.caller.kind is not CallerKind.user:
            return ()
        with self.sessions() as session:
            people = [u.name for u in list_users(session=session) if u.is_active and not u.is_service]
        return tuple(people[:MAX_COLLEAGUES])

    def now(self) -> datetime:
        """The caller's moment: the real clock on the real day; a pinned day (evals, benchmarks) is read at its
        noon, the time the demo seed writes its "now", so stage ages agree with the data whenever the run."""
        if self.today == date.today():
            return datetime.now(timezone.utc)
        return datetime.combine(self.today, time(12, 0), tzinfo=timezone.utc)
