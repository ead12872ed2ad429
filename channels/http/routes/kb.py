"""Knowledge-base documents and search."""

import json
import re
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response, status
from pydantic import BaseModel, Field, ValidationError

from channels.http.deps import CurrentActor
from crm_core import permissions
from crm_core.enums import Role
from knowledge.base import DocumentNotFound, KnowledgeBase
from knowledge.loaders import SUPPORTED, UnreadableDocument, load_file

router = APIRouter(prefix="/kb", tags=["knowledge base"])


def get_kb(request: Request) -> KnowledgeBase:
    return request.app.state.knowledge.get()


Knowledge = Annotated[KnowledgeBase, Depends(get_kb)]


class DocumentIn(BaseModel):
    title: str = Field(min_length=1, max_length=300)
    text: str = Field(min_length=1, max_length=2_000_000)
    source: str = Field(min_length=1, max_length=1000, description="A URL or a path: what a citation links to.")


class DocumentOut(BaseModel):
    id: int
    title: str
    source: str
    kind: str
    content_hash: str
    chunk_count: int
    ingested_at: str


class DocumentList(BaseModel):
    items: list[DocumentOut]
    total: int


class SearchHitOut(BaseModel):
    document_id: int
    title: str
    source: str
    chunk: str
    heading_path: str
    score: float


class SearchOut(BaseModel):
    query: str
    results: list[SearchHitOut]
    answerable: bool = Field(description="False: nothing scored above the threshold; do not answer from these.")
    threshold: float


def _out(info) -> DocumentOut:
    return DocumentOut(**{k: getattr(info, k) for k in DocumentOut.model_fields})


@router.post(
    "/documents",
    status_code=status.HTTP_201_CREATED,
    summary="Add or replace a document: JSON {title, text, source} or a multipart file upload (field 'file')",
    openapi_extra={
        "requestBody": {
            "content": {
                "application/json": {"schema": DocumentIn.model_json_schema()},
                "multipart/form-data": {
                    "schema": {"type": "object", "properties": {"file": {"type": "string", "format": "binary"}}}
                },
            }
        }
    },
)
async def add_document(request: Request, actor: CurrentActor, kb: Knowledge) -> dict:
    permissions.ensure_role(actor, Role.admin, Role.manager, action="change the knowledge base")
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("multipart/form-data"):
        report = await _ingest_upload(request, kb)
    else:
        try:
            body = DocumentIn.model_validate(json.loads(await request.body() or b"null"))
        except (ValidationError, json.JSONDecodeError) as exc:
            errors = exc.errors() if isinstance(exc, ValidationError) else [{"loc": ["body"], "msg": f"invalid JSON: {exc}", "type": "json_invalid"}]
            raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, [{**e, "loc": ["body", *e["loc"]]} for e in errors]) from None
        report = kb.ingest_text(title=body.title, text=body.text, source=body.source)
    if report.failed:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, [{"loc": ["body", "file"], "msg": r, "type": "value_error"} for _, r in report.failed])
    document = kb.document(report.document_ids[0])
    return {"document": _out(document).model_dump(), "status": "unchanged" if report.unchanged else ("updated" if report.updated else "added")}


async def _ingest_upload(request: Request, kb: KnowledgeBase):
    form = await request.form()
    upload = form.get("file")
    if upload is None or not hasattr(upload, "filename"):
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, [{"loc": ["body", "file"], "msg": "send the document in a form field named 'file'", "type": "missing"}])
    name = re.sub(r"[^\w.\-]+", "_", Path(upload.filename or "upload").name)
    if Path(name).suffix.lower() not in SUPPORTED:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, [{"loc": ["body", "file"], "msg": f"unsupported file type; send one of {', '.join(sorted(SUPPORTED))}", "type": "value_error"}])
    folder = kb.config.data_dir / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(await upload.read())
    try:
        load_file(path)
    except UnreadableDocument as exc:
        path.unlink(missing_ok=True)
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, [{"loc": ["body", "file"], "msg": str(exc), "type": "value_error"}]) from None
    return kb.ingest_paths([path])


@router.get("/documents", response_model=DocumentList)
def list_documents(actor: CurrentActor, kb: Knowledge):
    documents = kb.documents()
    return DocumentList(items=[_out(d) for d in documents], total=len(documents))


@router.get("/documents/{document_id}", response_model=DocumentOut)
def get_document(document_id: int, actor: CurrentActor, kb: Knowledge):
    try:
        return _out(kb.document(document_id))
    except DocumentNotFound as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(exc)) from None


@router.delete("/documents/{document_id}", status_code=status.HTTP_204_NO_CONTENT)
def remove_document(document_id: int, actor: CurrentActor, kb: Knowledge):
    permissions.ensure_role(actor, Role.admin, Role.manager, action="change the knowledge base")
    try:
        kb.remove(document_id)
    except DocumentNotFound as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(exc)) from None
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/search", response_model=SearchOut)
def search(actor: CurrentActor, kb: Knowledge, q: Annotated[str, Query(min_length=1, max_length=2000)], k: Annotated[int, Query(ge=1, le=50)] = 5):
    result = kb.search(q, k)
    return SearchOut(
        query=result.query,
        results=[SearchHitOut(**h.as_dict()) for h in result.hits],
        answerable=result.answerable,
        threshold=result.threshold,
    )
