"""Lead scoring: rescore contacts on demand (admins and managers)."""

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from channels.http.deps import CurrentActor, DbSession
from crm_core.leads import service as lead_service

router = APIRouter(prefix="/leads", tags=["leads"])


class ScoreRequest(BaseModel):
    contact_ids: list[int] | None = Field(default=None, max_length=10000,
                                          description="Score only these contacts (default: every contact).")


class ScoreResponse(BaseModel):
    scored: int
    bands: dict[str, int] = Field(description="Contacts per band: high, medium, low (docs/leads.md)")
    method: str = Field(description="rules, or rules+model when a useful learned model is trained")
    model_auc: float | None = Field(description="The learned model's cross-validated AUC, when one is trained")
    note: str | None


@router.post("/score", response_model=ScoreResponse, summary="Rescore contacts and store the explained lead scores")
def score_leads(request: Request, db: DbSession, actor: CurrentActor, body: ScoreRequest | None = None):
    result = lead_service.score_contacts(session=db, actor=actor, data_dir=request.app.state.settings.data_dir,
                                         contact_ids=body.contact_ids if body else None)
    db.commit()
    return ScoreResponse(**result.as_dict())
