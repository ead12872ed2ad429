"""Who is acting, and through which channel. Comes from authentication, never from a model's tool arguments."""

from __future__ import annotations

from dataclasses import dataclass

from crm_core.enums import Role, Via


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    name: str
    role: Role
    via: Via
    # A web-chat visitor: reads nothing through the services and may only open tickets.
    is_visitor: bool = False

    @classmethod
    def system(cls, via: Via = Via.cli) -> "Actor":
        """The operator at the command line (demo seed, imports run by an admin without a user)."""
        return cls(user_id=None, name="system", role=Role.admin, via=via)

    @classmethod
    def for_user(cls, user, via: Via) -> "Actor":
        return cls(user_id=user.id, name=user.name, role=Role(user.role), via=via)

    @classmethod
    def visitor(cls) -> "Actor":
        """A web-chat visitor: no user, the least role, so no owned record is readable through the services."""
        return cls(user_id=None, name="web visitor", role=Role.rep, via=Via.agent, is_visitor=True)

    def through(self, via: Via) -> "Actor":
        return Actor(user_id=self.user_id, name=self.name, role=self.role, via=via, is_visitor=self.is_visitor)
