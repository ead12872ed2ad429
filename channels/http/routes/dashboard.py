"""The sales forecast and the manager dashboard: two JSON routes under /api/v1 (API key), the page at
`/dashboard` (it asks for a key once and keeps it in the browser) and the charting library it draws with,
served from the installed plotly package (no CDN: the app runs without network)."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from importlib import resources
from importlib.metadata import version
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse

from channels.http.deps import CurrentActor, DbSession
from channels.http.routes.webchat import STATIC
from crm_core.db import utcnow
from crm_core.pipeline import dashboard as dashboard_service
from crm_core.pipeline import forecast as forecast_service
from crm_core.pipeline.forecast import ForecastBy

router = APIRouter(tags=["pipeline"])
pages = APIRouter(include_in_schema=False)


@router.get("/pipeline/forecast", summary="Weighted and historical forecast of the open pipeline")
def forecast(
    db: DbSession, actor: CurrentActor, by: ForecastBy = ForecastBy.month,
    period_from: Annotated[date | None, Query(alias="from", description="first expected close date (ISO)")] = None,
    period_to: Annotated[date | None, Query(alias="to", description="last expected close date (ISO)")] = None,
) -> dict:
    """Open deals grouped by expected close `month` or `quarter`, `owner` or `region`: amount, weighted
    (amount x stage probability), expected from historical win rates per stage with its spread (std_dev, low/high
    = p10/p90), commit and best case; the per-stage rates, the definitions and `as_of` make it traceable."""
    if period_from and period_to and period_from > period_to:
        raise RequestValidationError([{"type": "value_error", "loc": ("query", "from"), "input": str(period_from),
                                       "msg": f"from ({period_from}) must be on or before to ({period_to})"}])
    return forecast_service.forecast(session=db, actor=actor, by=by, period_from=period_from, period_to=period_to,
                                     now=utcnow()).as_dict()


@router.get("/pipeline/dashboard", summary="The manager dashboard's numbers")
def dashboard(db: DbSession, actor: CurrentActor) -> dict:
    """Pipeline by stage, forecast by month, win rate by quarter (last 4) and weekly ticket sentiment (last 12
    weeks), scoped to the caller, with `as_of` and definitions."""
    return dashboard_service.dashboard(session=db, actor=actor, now=utcnow())


@pages.get("/dashboard")
def page() -> FileResponse:
    return FileResponse(STATIC / "dashboard.html", media_type="text/html")


@pages.get("/dashboard.js")
def script() -> FileResponse:
    return FileResponse(STATIC / "dashboard.js", media_type="application/javascript")


@pages.get("/static/vendor/plotly.min.js")
def plotly(request: Request) -> Response:
    body, etag = _plotly()
    headers = {"Cache-Control": "public, max-age=604800", "ETag": etag}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    return Response(body, media_type="application/javascript", headers=headers)


@lru_cache(maxsize=1)
def _plotly() -> tuple[bytes, str]:
    """plotly.js as the installed plotly package ships it; its version is the cache validator."""
    body = (resources.files("plotly") / "package_data" / "plotly.min.js").read_bytes()
    return body, f'"plotly-{version("plotly")}"'
