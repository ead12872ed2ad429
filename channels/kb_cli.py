"""`crm kb ...`: ingest, search, list and remove knowledge-base documents."""

from __future__ import annotations

import json
from pathlib import Path
from typing import List

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from channels.wiring import knowledge_config
from crm_core.config import get_settings

kb_app = typer.Typer(help="Knowledge base: the help centre the support bot answers from.", no_args_is_help=True)


def open_kb():
    from knowledge.base import KnowledgeBase
    from knowledge.embeddings import ModelUnavailable

    try:
        return KnowledgeBase(knowledge_config(get_settings()))
    except ModelUnavailable as exc:
        typer.secho(f"error: {exc}", fg=typer.colors.RED, err=True)
        raise typer.Exit(1) from None


@kb_app.command("ingest")
def ingest(
    paths: List[Path] = typer.Argument(..., help="Files or folders (walked recursively): .md .txt .html .pdf"),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Add or update documents. Unchanged files are skipped; unreadable ones are reported and skipped."""
    kb = open_kb()
    columns = [TextColumn("{task.description:<28}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()]
    with Progress(*columns, transient=True, disable=as_json) as bar:
        tasks: dict[str, int] = {}

        def progress(label: str, done: int, total: int) -> None:
            stage = "embedding" if label == "embedding" else "reading"
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total, description=label[:28])

        report = kb.ingest_paths(paths, progress=progress)
    if as_json:
        typer.echo(json.dumps(report.as_dict(), indent=2))
    else:
        for path, reason in report.failed:
            typer.secho(f"failed: {path}: {reason}", fg=typer.colors.YELLOW, err=True)
        typer.echo(report.summary())
    raise typer.Exit(1 if report.failed and not (report.added or report.updated or report.unchanged) else 0)


@kb_app.command("search")
def search(
    query: str,
    k: int = typer.Option(5, "--k", min=1, max=50),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Search like the bot does: hybrid retrieval with calibrated scores."""
    result = open_kb().search(query, k)
    if as_json:
        payload = {"query": result.query, "answerable": result.answerable, "threshold": result.threshold,
                   "results": [h.as_dict() for h in result.hits]}
        typer.echo(json.dumps(payload, indent=2))
        return
    if not result.answerable:
        typer.echo(f"(nothing scores above the threshold {result.threshold:.2f}: the bot would say it does not know)")
    for hit in result.hits:
        typer.echo(f"{hit.score:5.2f}  [{hit.document_id}] {hit.heading_path}  ({hit.source})")
        typer.echo("       " + hit.chunk[:160].replace("\n", " ") + ("…" if len(hit.chunk) > 160 else ""))


@kb_app.command("list")
def list_documents() -> None:
    """Every document with its id, chunk count and source."""
    documents = open_kb().documents()
    for doc in documents:
        typer.echo(f"{doc.id:>5}  {doc.chunk_count:>4} chunks  {doc.title}  ({doc.source})")
    typer.echo(f"{len(documents)} documents", err=True)


@kb_app.command("remove")
def remove(document_id: int) -> None:
    """Remove a document and all its chunks."""
    from knowledge.base import DocumentNotFound

    try:
        open_kb().remove(document_id)
    except DocumentNotFound as exc:
        typer.secho(f"error: {exc}", fg=typer.colors.RED, err=True)
        raise typer.Exit(1) from None
    typer.echo(f"removed document {document_id}")
