"""The `crm` command line: serve, database, demo data, users and keys, CSV import/export."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Iterator, Optional

import typer
from sqlalchemy.orm import Session

from channels.kb_cli import kb_app
from channels.leads_cli import leads_app
from channels.pipeline_cli import pipeline_app
from channels.sentiment_cli import sentiment_app
from channels.slack_cli import slack_app
from crm_core import csv_io, kinds, migrate
from crm_core.actor import Actor
from crm_core.config import get_settings
from crm_core.db import engine_for, session_factory, unit_of_work
from crm_core.enums import Role, Via
from crm_core.errors import CRMError
from crm_core.users import service as user_service
from crm_core.users.schemas import UserCreate

app = typer.Typer(help="Conversational AI CRM.", no_args_is_help=True, pretty_exceptions_enable=False)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
demo_app = typer.Typer(help="Demo data.", no_args_is_help=True)
users_app = typer.Typer(help="Internal users.", no_args_is_help=True)
apikey_app = typer.Typer(help="API keys.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(demo_app, name="demo")
app.add_typer(users_app, name="users")
app.add_typer(apikey_app, name="apikey")
app.add_typer(kb_app, name="kb")
app.add_typer(sentiment_app, name="sentiment")
app.add_typer(leads_app, name="leads")
app.add_typer(pipeline_app, name="pipeline")
app.add_typer(slack_app, name="slack")
eval_app = typer.Typer(help="Measure the agent on scripted conversations (evals/datasets/agent).", no_args_is_help=True)
app.add_typer(eval_app, name="eval")


@eval_app.command("run", context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def eval_run(context: typer.Context) -> None:
    """Run the conversation suites against a freshly seeded demo database and print the per-category table.
    Options: --suite support|rep|manager, --split dev|heldout|all, --only ID-PREFIX, --llm, --base-url, --json FILE, -v.
    Exits 1 when a threshold is missed."""
    import subprocess

    # evals sits above every layer (it imports the product; the product never imports it): run it as a program.
    raise typer.Exit(subprocess.call([sys.executable, "-m", "evals.agent", *context.args]))


@eval_app.command("pipeline", context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def eval_pipeline(context: typer.Context) -> None:
    """Ask the plain-language pipeline questions (evals/datasets/pipeline) of a freshly seeded demo database and
    print parser accuracy per category and split, and the engine checked against an independent reference.
    Options: --split dev|heldout|all, -v."""
    import subprocess

    raise typer.Exit(subprocess.call([sys.executable, "-m", "evals.pipeline", *context.args]))

KIND_HELP = "companies, contacts, deals, tickets, activities or tasks"


def fail(message: str) -> None:
    typer.secho(f"error: {message}", fg=typer.colors.RED, err=True)
    raise typer.Exit(code=1)


@contextmanager
def transaction() -> Iterator[Session]:
    """A migrated database and one transaction; CRM errors become a clear message and exit code 1."""
    engine = engine_for(get_settings())
    migrate.upgrade(engine)
    try:
        with unit_of_work(session_factory(engine)) as session:
            yield session
    except CRMError as exc:
        fail(str(exc))
    finally:
        engine.dispose()


def actor_for(session: Session, email: Optional[str]) -> Actor:
    if email is None:
        return Actor.system(Via.cli)
    return Actor.for_user(user_service.get_user_by_email(session=session, email=email), Via.cli)


@app.command()
def serve(host: str = "127.0.0.1", port: int = 8000) -> None:
    """Run the web server (REST API, web chat, Slack events)."""
    import uvicorn

    from agent.models import ModelConfigurationError
    from channels.http.app import create_app

    application = create_app()
    try:
        application.state.agent.check()  # one clear message instead of uvicorn's start-up traceback
    except ModelConfigurationError as exc:
        fail(str(exc))
    uvicorn.run(application, host=host, port=port)


@app.command()
def chat(
    as_user: str = typer.Option(..., "--as", help="The e-mail of the CRM user you chat as (their role applies)."),
    conversation: Optional[str] = typer.Option(None, help="Continue a conversation by its id."),
) -> None:
    """Chat with the agent in the terminal, as a CRM user. One message per line; Ctrl-D ends."""
    from channels.wiring import AgentRuntime, LazyKnowledgeBase
    from tools.context import Caller, CallerKind

    settings = get_settings()
    engine = engine_for(settings)
    migrate.upgrade(engine)
    sessions = session_factory(engine)
    with sessions() as session:
        try:
            actor = actor_for(session, as_user).through(Via.agent)
        except CRMError as exc:
            fail(str(exc))
    knowledge = LazyKnowledgeBase(settings)
    runtime = AgentRuntime(settings, sessions=sessions, knowledge=knowledge,
                           database_url=engine.url.render_as_string(hide_password=False))
    caller = Caller(kind=CallerKind.user, actor=actor)
    typer.echo(f"Chatting as {actor.name} ({actor.role}). Ctrl-D to end.")
    try:
        while True:
            try:
                message = input("> ").strip()
            except EOFError:
                break
            if not message:
                continue
            reply = runtime.chat(message, caller=caller, conversation_id=conversation, thread_prefix=f"user-{actor.user_id}:")
            conversation = reply.conversation_id
            typer.echo(reply.reply)
            for call in reply.tool_calls:
                typer.secho(f"  (tool: {call['name']} {call['args']})", dim=True)
        typer.echo(f"conversation: {conversation}")
    finally:
        knowledge.close()
        engine.dispose()


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply the database migrations."""
    settings = get_settings()
    engine = engine_for(settings)
    migrate.upgrade(engine)
    typer.echo(f"database at revision {migrate.current_revision(engine)} ({engine.url.render_as_string()})")
    engine.dispose()


@demo_app.command("seed")
def demo_seed(
    seed: int = typer.Option(7, help="Random seed: the same seed gives the same business."),
    scale: int = typer.Option(1, min=1, help="Multiply the number of companies, contacts, deals and tickets."),
    today: Optional[datetime] = typer.Option(None, formats=["%Y-%m-%d"], help="The date the data is built around."),
    if_empty: bool = typer.Option(False, "--if-empty", help="Do nothing (and succeed) when data is already there."),
) -> None:
    """Create a coherent fictional business (companies, contacts, deals, tickets, activities, tasks, users)."""
    from crm_core.demo import seed as demo

    with transaction() as session:
        if if_empty and demo.already_seeded(session=session):
            typer.echo("demo data is already there; its API keys were printed when it was seeded "
                       "(new ones: crm apikey create --user admin@orbitly.example)")
            return
        summary = demo.seed(
            session=session, seed=seed, scale=scale, today=today.date() if today else None,
            progress=lambda message: typer.echo(message, err=True),
        )
    typer.echo(summary.report())


@users_app.command("create")
def users_create(
    email: str = typer.Option(...), name: str = typer.Option(...), role: Role = typer.Option(...)
) -> None:
    """Create an internal user."""
    with transaction() as session:
        user = user_service.create_user(
            session=session, actor=Actor.system(), data=_validated(UserCreate, email=email, name=name, role=role)
        )
        typer.echo(f"created user {user.id} {user.email} ({user.role.value})")


@users_app.command("list")
def users_list() -> None:
    with transaction() as session:
        for user in user_service.list_users(session=session):
            kind = "service" if user.is_service else "person"
            typer.echo(f"{user.id}\t{user.email}\t{user.name}\t{user.role.value}\t{kind}")


@apikey_app.command("create")
def apikey_create(
    role: Optional[Role] = typer.Option(None, help="Create a service user with this role and key it."),
    name: Optional[str] = typer.Option(None, help="What the key is for."),
    user: Optional[str] = typer.Option(None, help="E-mail of an existing user to key."),
) -> None:
    """Print a new API key (shown once). Either --role and --name (a service user) or --user."""
    if (user is None) == (role is None):
        fail("give either --user EMAIL, or --role ROLE with --name NAME")
    with transaction() as session:
        if user is not None:
            owner = user_service.get_user_by_email(session=session, email=user)
            issued = user_service.issue_key(session=session, actor=Actor.system(), user=owner, name=name or "cli")
        else:
            if not name:
                fail("--role needs --name (what the key is for)")
            issued = user_service.create_service_key(session=session, actor=Actor.system(), role=role, name=name)
        typer.echo(issued.secret)
        typer.echo(f"key {issued.api_key.id} for {issued.api_key.user.email}; store it now, it is not shown again", err=True)


@apikey_app.command("list")
def apikey_list() -> None:
    with transaction() as session:
        for key in user_service.list_keys(session=session):
            state = "revoked" if key.revoked_at else "active"
            typer.echo(f"{key.id}\t{key.prefix}…\t{key.name}\t{key.user.email}\t{state}")


@apikey_app.command("revoke")
def apikey_revoke(key_id: int) -> None:
    with transaction() as session:
        user_service.revoke_key(session=session, actor=Actor.system(), key_id=key_id)
        typer.echo(f"key {key_id} revoked")


@app.command("import")
def import_(
    kind: str = typer.Argument(..., help=KIND_HELP),
    file: Path = typer.Argument(..., exists=True, dir_okay=False, readable=True),
    skip_invalid: bool = typer.Option(False, "--skip-invalid", help="Import the good rows; write rejects to a file."),
    rejects: Optional[Path] = typer.Option(None, help="Where --skip-invalid writes rejected rows (default FILE.rejects.csv)."),
    as_user: Optional[str] = typer.Option(None, "--as", help="E-mail of the user the import is done as."),
) -> None:
    """Import records from CSV. Every row is checked; by default one bad row means nothing is imported."""
    record_kind = _kind(kind)
    try:
        with transaction() as session:
            result = csv_io.import_csv(
                session=session, actor=actor_for(session, as_user), kind=record_kind, path=file, skip_invalid=skip_invalid
            )
    except csv_io.ImportRefused as refused:
        for error in refused.errors:
            typer.echo(str(error), err=True)
        fail(f"{len(refused.errors)} problem(s) in {file}; nothing was imported (fix them, or use --skip-invalid)")
    if result.errors:
        rejects = rejects or file.with_suffix(".rejects.csv")
        csv_io.write_rejects(source=file, errors=result.errors, path=rejects)
        for error in result.errors:
            typer.echo(str(error), err=True)
        typer.echo(f"imported {result.imported} {record_kind.plural}; {len(result.errors)} rejected row(s) written to {rejects}")
    else:
        typer.echo(f"imported {result.imported} {record_kind.plural}")


@app.command("export")
def export(
    kind: str = typer.Argument(..., help=KIND_HELP),
    file: Path = typer.Argument(..., dir_okay=False, writable=True),
    as_user: Optional[str] = typer.Option(None, "--as", help="E-mail of the user the export is done as."),
) -> None:
    """Export records to CSV."""
    record_kind = _kind(kind)
    with transaction() as session:
        count = csv_io.export_csv(session=session, actor=actor_for(session, as_user), kind=record_kind, path=file)
    typer.echo(f"exported {count} {record_kind.plural} to {file}")


def _kind(name: str):
    try:
        return kinds.kind_for_collection(name)
    except ValueError as exc:
        fail(str(exc))


def _validated(schema, **values):
    from pydantic import ValidationError

    try:
        return schema(**values)
    except ValidationError as exc:
        fail("; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()))


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
