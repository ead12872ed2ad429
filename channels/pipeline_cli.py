"""`crm pipeline ...`: ask the pipeline a question from the terminal, and rebuild its roll-up."""

from __future__ import annotations

import json

import typer

pipeline_app = typer.Typer(help="Pipeline questions (docs/pipeline.md).", no_args_is_help=True)


@pipeline_app.command("ask")
def ask(question: str = typer.Argument(..., help='e.g. "win rate by lead source this year"'),
        as_user: str = typer.Option(None, "--as", help="answer as this user (e-mail): a rep sees their own deals"),
        as_json: bool = typer.Option(False, "--json", help="the whole traceable answer as JSON")) -> None:
    """Answer a plain-language pipeline question (as an admin, or as the user given with --as)."""
    from sqlalchemy import func, select

    from channels.cli import fail, transaction
    from crm_core.actor import Actor
    from crm_core.enums import Via
    from crm_core.pipeline import service
    from crm_core.pipeline.parse import Declined
    from crm_core.users.models import User

    with transaction() as session:
        actor = Actor.system(Via.cli)
        if as_user:
            user = session.scalar(select(User).where(func.lower(User.email) == as_user.lower()))
            if user is None:
                fail(f"no user with the e-mail {as_user}")
            actor = Actor.for_user(user, Via.cli)
        answer = service.ask(session=session, actor=actor, question=question)
        if isinstance(answer, Declined):
            fail(f"I can't answer that exactly: {answer.reason}")
        if as_json:
            typer.echo(json.dumps({"answer": answer.answer, "value": answer.value, "unit": answer.unit,
                                   "deals": answer.deals, "query": answer.query, "filters": answer.filters,
                                   "groups": answer.groups, "records": answer.records, "comparison": answer.comparison,
                                   "sql": answer.sql, "as_of": answer.as_of}, default=str, indent=2))
        else:
            typer.echo(answer.answer)
            typer.echo(f"({answer.deals:,} deals behind this; as of {answer.as_of:%Y-%m-%d %H:%M} UTC)")


@pipeline_app.command("rebuild")
def rebuild() -> None:
    """Recompute the deal roll-up from the deals (after bulk SQL changes or a change to the pipeline's stages)."""
    from channels.cli import transaction
    from crm_core.pipeline import rollup

    with transaction() as session:
        rows = rollup.rebuild(session.connection())
    typer.echo(f"deal roll-up rebuilt: {rows:,} rows")
