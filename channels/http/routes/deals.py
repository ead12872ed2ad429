"""Deal routes beyond CRUD: the pipeline's stages and a deal's stage history."""

from fastapi import APIRouter

from channels.http.deps import CurrentActor, DbSession
from crm_core import records
from crm_core.deals import service as deal_service
from crm_core.deals.schemas import StageChangeRead, StageRead

router = APIRouter(tags=["deals"])


@router.get("/pipeline/stages", response_model=list[StageRead], summary="The sales pipeline")
def list_stages(db: DbSession, actor: CurrentActor):
    return deal_service.stages(session=db)


@router.get("/deals/{deal_id}/history", response_model=list[StageChangeRead], summary="A deal's stage changes")
def deal_history(deal_id: int, db: DbSession, actor: CurrentActor):
    records.get(session=db, actor=actor, kind=deal_service.KIND, record_id=deal_id)  # existence + permission
    return deal_service.history(session=db, deal_id=deal_id)
