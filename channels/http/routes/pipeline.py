"""Plain-language pipeline questions (or a structured query) -> a traceable answer."""

from datetime import date, datetime

from fastapi import APIRouter
from pydantic import BaseModel, Field, model_validator

from channels.http.deps import CurrentActor, DbSession
from crm_core.pipeline import service
from crm_core.pipeline.parse import Declined
from crm_core.pipeline.query import PipelineQuery

router = APIRouter(tags=["pipeline"])


class AskRequest(BaseModel):
    question: str | None = Field(default=None, min_length=1, max_length=500,
                                 examples=["which deals over 50k have been stuck in negotiation for more than 30 days?"])
    query: PipelineQuery | None = Field(default=None, description="A structured query instead of a question.")
    owners: list[str] = Field(default_factory=list, description="Owners of a structured query by name or e-mail.")

    @model_validator(mode="after")
    def _one_of(self) -> "AskRequest":
        if (self.question is None) == (self.query is None):
            raise ValueError("send either question or query")
        return self


class AskResponse(BaseModel):
    answer: str
    declined: bool = False
    value: float | None = None
    unit: str | None = None
    deals: int | None = Field(default=None, description="How many deals are behind the number.")
    query: dict | None = Field(default=None, description="The structured query that ran.")
    filters: list[str] = Field(default_factory=list)
    groups: list[dict] = Field(default_factory=list)
    records: list[dict] = Field(default_factory=list)
    comparison: dict | None = None
    sql: str | None = None
    as_of: datetime | None = None


@router.post("/pipeline/ask", response_model=AskResponse, summary="Ask the pipeline a question")
def ask(body: AskRequest, db: DbSession, actor: CurrentActor) -> AskResponse:
    if body.query is not None:
        result = service.run_structured(session=db, actor=actor, query=body.query, owners=body.owners)
    else:
        result = service.ask(session=db, actor=actor, question=body.question)
    if isinstance(result, Declined):
        return AskResponse(answer=f"I can't answer that exactly: {result.reason}.", declined=True)
    comparison = result.comparison and {k: v.isoformat() if isinstance(v, date) else v
                                        for k, v in result.comparison.items()}
    return AskResponse(answer=result.answer, value=result.value, unit=result.unit, deals=result.deals,
                       query=result.query, filters=result.filters, groups=result.groups, records=result.records,
                       comparison=comparison, sql=result.sql, as_of=result.as_of)
