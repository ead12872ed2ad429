"""Service errors as HTTP responses: 404, 403, 409, and 422 in FastAPI's own shape (field + reason)."""

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from crm_core.errors import Conflict, InvalidField, NotFound, PermissionDenied


def install(app: FastAPI) -> None:
    @app.exception_handler(NotFound)
    async def _not_found(_: Request, exc: NotFound) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=404)

    @app.exception_handler(PermissionDenied)
    async def _forbidden(_: Request, exc: PermissionDenied) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=403)

    @app.exception_handler(Conflict)
    async def _conflict(_: Request, exc: Conflict) -> JSONResponse:
        return JSONResponse({"detail": str(exc), **exc.details}, status_code=409)

    @app.exception_handler(InvalidField)
    async def _invalid(_: Request, exc: InvalidField) -> JSONResponse:
        detail = [{"type": "value_error", "loc": ["body", exc.field], "msg": exc.reason}]
        return JSONResponse({"detail": detail}, status_code=422)
