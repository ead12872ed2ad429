"""Typed dependencies: the database session and the authenticated caller."""

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from crm_core.actor import Actor
from crm_core.enums import Via
from crm_core.users import service as user_service


def get_db(request: Request) -> Iterator[Session]:
    """A session per request. Routes commit explicitly after the service succeeds; anything else rolls back."""
    session = request.app.state.sessions()
    try:
        yield session
    finally:
        session.close()


DbSession = Annotated[Session, Depends(get_db)]

_bearer = HTTPBearer(auto_error=False, description="An API key from `crm apikey create`.")


def current_actor(
    db: DbSession, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> Actor:
    if credentials is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "missing API key: send 'Authorization: Bearer <key>'",
            headers={"WWW-Authenticate": "Bearer"},
        )
    user = user_service.authenticate(session=db, secret=credentials.credentials)
    if user is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED, "unknown or revoked API key", headers={"WWW-Authenticate": "Bearer"}
        )
    db.commit()  # keeps the key's last-used time
    return Actor.for_user(user, Via.api)


CurrentActor = Annotated[Actor, Depends(current_actor)]
