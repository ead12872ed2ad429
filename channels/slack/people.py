"""Who is writing: a Slack user is the CRM user with the same e-mail (Slack's users.info), or nobody."""

from __future__ import annotations

from sqlalchemy import func, or_, select

from crm_core.actor import Actor
from crm_core.enums import Via
from crm_core.users.models import User

UNKNOWN = ("I don't know you yet: your Slack e-mail is not a user of our CRM, so I can't show or change anything. "
           "Ask a CRM admin to add you (with the e-mail your Slack profile shows).")


async def crm_actor(client, sessions, slack_user_id: str) -> Actor | None:
    """The CRM user linked to this Slack user, or the active user with their Slack profile's e-mail."""
    with sessions() as session:
        linked = session.scalar(select(User).where(User.slack_user_id == slack_user_id, User.is_active.is_(True)))
        if linked is not None:
            return Actor.for_user(linked, Via.slack)
    info = await client.users_info(user=slack_user_id)
    profile = (info.get("user") or {}).get("profile") or {}
    email = profile.get("email")
    if not email or (info.get("user") or {}).get("is_bot"):
        return None
    with sessions() as session:
        user = session.scalar(select(User).where(func.lower(User.email) == email.lower(), User.is_active.is_(True),
                                                 or_(User.slack_user_id.is_(None), User.slack_user_id == slack_user_id)))
        return Actor.for_user(user, Via.slack) if user is not None else None
