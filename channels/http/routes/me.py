from fastapi import APIRouter

from channels.http.deps import CurrentActor, DbSession
from crm_core.users.models import User
from crm_core.users.schemas import UserRead

router = APIRouter(tags=["users"])


@router.get("/me", response_model=UserRead, summary="The user the API key belongs to")
def me(db: DbSession, actor: CurrentActor):
    return db.get(User, actor.user_id)
