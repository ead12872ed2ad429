"""Users and API keys. Keys are random, shown once, stored as SHA-256 hashes, and revocable."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_core import permissions
from crm_core.actor import Actor
from crm_core.db import utcnow
from crm_core.enums import Role
from crm_core.errors import DuplicateRecord, InvalidField, NotFound
from crm_core.users.models import ApiKey, User
from crm_core.users.schemas import UserCreate

KEY_PREFIX = "crm_"


@dataclass(frozen=True)
class IssuedKey:
    api_key: ApiKey
    secret: str  # the only time the key is visible


def _hash(secret: str) -> str:
    # Keys carry 256 bits of randomness, so a fast hash is enough (no password stretching needed).
    return hashlib.sha256(secret.encode()).hexdigest()


def create_user(*, session: Session, actor: Actor, data: UserCreate, is_service: bool = False) -> User:
    permissions.ensure_role(actor, Role.admin, action="create users")
    existing = session.scalar(select(User.id).where(User.email == data.email))
    if existing is not None:
        raise DuplicateRecord("user", "users", "email", data.email, existing)
    user = User(email=data.email, name=data.name, role=data.role, is_service=is_service, version=1)
    session.add(user)
    session.flush()
    return user


def get_user_by_email(*, session: Session, email: str) -> User:
    user = session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise NotFound("user", email)
    return user


def list_users(*, session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.id)))


def issue_key(*, session: Session, actor: Actor, user: User, name: str) -> IssuedKey:
    permissions.ensure_role(actor, Role.admin, action="issue API keys")
    secret = KEY_PREFIX + secrets.token_urlsafe(32)
    api_key = ApiKey(user_id=user.id, name=name, key_hash=_hash(secret), prefix=secret[:10])
    session.add(api_key)
    session.flush()
    return IssuedKey(api_key=api_key, secret=secret)


def create_service_key(*, session: Session, actor: Actor, role: Role, name: str) -> IssuedKey:
    """A key for an integration: a service user with the given role, named after the integration."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    if not slug:
        raise InvalidField("name", "give the key a name made of letters or digits")
    user = create_user(
        session=session,
        actor=actor,
        data=UserCreate(email=f"{slug}@service-accounts.example", name=name, role=role),
        is_service=True,
    )
    return issue_key(session=session, actor=actor, user=user, name=name)


def authenticate(*, session: Session, secret: str) -> User | None:
    """The active user a key belongs to, or None for an unknown or revoked key."""
    if not secret.startswith(KEY_PREFIX):
        return None
    api_key = session.scalar(select(ApiKey).where(ApiKey.key_hash == _hash(secret)))
    if api_key is None or api_key.revoked_at is not None or not api_key.user.is_active:
        return None
    api_key.last_used_at = utcnow()
    return api_key.user


def revoke_key(*, session: Session, actor: Actor, key_id: int) -> ApiKey:
    permissions.ensure_role(actor, Role.admin, action="revoke API keys")
    api_key = session.get(ApiKey, key_id)
    if api_key is None:
        raise NotFound("api key", key_id)
    api_key.revoked_at = api_key.revoked_at or utcnow()
    session.flush()
    return api_key


def list_keys(*, session: Session) -> list[ApiKey]:
    return list(session.scalars(select(ApiKey).order_by(ApiKey.id)))
