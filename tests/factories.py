"""Records for tests, created through the real services."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from sqlalchemy.orm import Session

from crm_core import records
from crm_core.actor import Actor
from crm_core.enums import Role, Via
from crm_core.kinds import kind_for_collection
from crm_core.users import service as user_service
from crm_core.users.models import User
from crm_core.users.schemas import UserCreate

_counter = itertools.count(1)


@dataclass
class Caller:
    """A user with an API key, and the headers that authenticate as them."""

    user: User
    key: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.key}"}

    @property
    def actor(self) -> Actor:
        return Actor.for_user(self.user, Via.api)


def make_caller(sessions, role: Role, name: str | None = None) -> Caller:
    n = next(_counter)
    with sessions() as session:
        user = user_service.create_user(
            session=session,
            actor=Actor.system(),
            data=UserCreate(email=f"{role.value}{n}@example.com", name=name or f"{role.value.title()} {n}", role=role),
        )
        issued = user_service.issue_key(session=session, actor=Actor.system(), user=user, name="test")
        session.commit()
        return Caller(user=user, key=issued.secret)


def make_record(sessions_or_session, collection: str, actor: Actor | None = None, **values):
    """Create a record of ``collection`` (e.g. "deals") through the service, committed."""
    kind = kind_for_collection(collection)
    data = kind.create_schema(**values)
    actor = actor or Actor.system()
    if isinstance(sessions_or_session, Session):
        record = records.create(session=sessions_or_session, actor=actor, kind=kind, data=data)
        sessions_or_session.commit()
        return record
    with sessions_or_session() as session:
        record = records.create(session=session, actor=actor, kind=kind, data=data)
        session.commit()
        return record
