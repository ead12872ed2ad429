"""Scoring arbitrary texts, and the sentiment trend of a company or a contact."""

from fastapi import APIRouter, HTTPException, Request, status
from pydantic import BaseModel, Field

from channels.http.deps import CurrentActor, DbSession
from crm_core.companies.service import KIND as COMPANIES
from crm_core.contacts.service import KIND as CONTACTS
from crm_core.tickets.trend import sentiment_trend

router = APIRouter(tags=["sentiment"])


class SentimentRequest(BaseModel):
    texts: list[str] = Field(min_length=1, max_length=256)


class SentimentResult(BaseModel):
    label: str
    score: float
    confidence: float
    urgency: str
    category: str


class SentimentResponse(BaseModel):
    model: str
    results: list[SentimentResult]


@router.post("/sentiment", response_model=SentimentResponse, summary="Sentiment, urgency and category of texts")
def score_texts(body: SentimentRequest, request: Request, actor: CurrentActor):
    scorer = request.app.state.scorer
    if scorer is None or not scorer.ready():
        reason = getattr(scorer, "error", None) or ("scoring is turned off" if scorer is None else "the model is still loading")
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, f"sentiment scoring is unavailable: {reason}")
    results = scorer.score(body.texts)
    return SentimentResponse(model=scorer.name, results=[SentimentResult(**r.as_dict()) for r in results])


@router.get("/companies/{company_id}/sentiment", summary="Sentiment trend of a company (30 vs 60 days before)")
def company_trend(company_id: int, db: DbSession, actor: CurrentActor) -> dict:
    return sentiment_trend(session=db, actor=actor, kind=COMPANIES, record_id=company_id).as_dict()


@router.get("/contacts/{contact_id}/sentiment", summary="Sentiment trend of a contact (30 vs 60 days before)")
def contact_trend(contact_id: int, db: DbSession, actor: CurrentActor) -> dict:
    return sentiment_trend(session=db, actor=actor, kind=CONTACTS, record_id=contact_id).as_dict()
