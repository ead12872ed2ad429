"""`crm sentiment ...`: score texts, and fill in tickets saved while no model was available."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer

from crm_core.config import get_settings

sentiment_app = typer.Typer(help="Ticket intelligence: sentiment, urgency and category.", no_args_is_help=True)


def _scorer():
    from sentiment.backends import load_scorer
    from sentiment.scoring import ScorerUnavailable

    settings = get_settings()
    try:
        return load_scorer(settings.sentiment_model, embedding_model=settings.embedding_model,
                           allow_download=settings.allow_model_download)
    except ScorerUnavailable as exc:
        typer.secho(f"error: {exc}", fg=typer.colors.RED, err=True)
        raise typer.Exit(1) from None


@sentiment_app.command("score")
def score(
    file: Optional[Path] = typer.Option(None, "--file", exists=True, dir_okay=False, help="One text per line (default: standard input)."),
    batch: int = typer.Option(64, min=1, max=1024),
) -> None:
    """Print one JSON line per input line: {text, label, score, confidence, urgency, category}."""
    lines = (file.read_text(encoding="utf-8") if file else sys.stdin.read()).splitlines()
    texts = [line for line in lines if line.strip()]
    scorer = _scorer()
    for start in range(0, len(texts), batch):
        chunk = texts[start:start + batch]
        for text, result in zip(chunk, scorer.score(chunk)):
            typer.echo(json.dumps({"text": text, **result.as_dict()}, ensure_ascii=False))


@sentiment_app.command("rescore")
def rescore(everything: bool = typer.Option(False, "--all", help="Score every ticket and message again.")) -> None:
    """Score tickets and inbound messages that were saved unscored."""
    from channels.cli import transaction
    from crm_core import scoring
    from crm_core.actor import Actor
    from crm_core.enums import Via

    settings = get_settings()
    scoring.install(_scorer(), escalate=settings.escalate_negative_urgent)
    with transaction() as session:
        counts = scoring.rescore(session=session, actor=Actor.system(Via.cli), everything=everything)
    typer.echo(f"scored {counts['tickets']} tickets and {counts['activities']} inbound messages")
