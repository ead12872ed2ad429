"""Calling a tool the way the agent does (a tool call with an injected runtime), and checking what it did."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from langchain.tools import ToolRuntime
from langchain_core.messages import ToolMessage
from sqlalchemy import select

from crm_core.actor import Actor
from crm_core.audit import service as audit_service
from crm_core.audit.models import AuditEntry
from crm_core.db import unit_of_work
from crm_core.drafts.mail import OutboxMailer
from crm_core.enums import Role, Via
from crm_core.users.models import User
from tests.factories import make_caller
from tools.context import Caller, CallerKind, ToolContext
from tools.registry import allowed_tools

TODAY = date(2026, 11, 22)
# What identifies the caller or scopes the run: it comes from the runtime context, never from a model's arguments.
IDENTITY_FIELDS = {"user_id", "user", "actor", "actor_id", "caller", "caller_email", "visitor_email", "my_email",
                   "role", "contact_id", "owner_id", "assignee_id", "decided_by_id", "runtime", "context",
                   "conversation_id", "via", "api_key", "token", "identity_token"}

ANONYMOUS = Caller(kind=CallerKind.visitor, actor=Actor.visitor())


def verified(email: str) -> Caller:
    return Caller(kind=CallerKind.visitor, actor=Actor.visitor(), visitor_email=email)


@dataclass
class Person:
    """A CRM user: the caller the agent acts for (via=agent), and the same user through the API."""

    user: User
    key: str

    @property
    def id(self) -> int:
        return self.user.id

    @property
    def caller(self) -> Caller:
        return Caller(kind=CallerKind.user, actor=Actor.for_user(self.user, Via.agent))

    @property
    def api_actor(self) -> Actor:
        return Actor.for_user(self.user, Via.api)


def person(sessions, role: Role, name: str) -> Person:
    made = make_caller(sessions, role, name=name)
    return Person(user=made.user, key=made.key)


def runtime(sessions, caller: Caller, *, conversation_id: str = "conv-1", knowledge=None, mailer=None,
            messages: list | None = None) -> ToolRuntime:
    context = ToolContext(caller=caller, sessions=sessions, knowledge=knowledge, conversation_id=conversation_id,
                          today=TODAY, mailer=mailer or OutboxMailer())
    return ToolRuntime(state={"messages": messages or []}, context=context, config={},
                       stream_writer=lambda _: None, tool_call_id="1", store=None)


def invoke(tool, rt: ToolRuntime, **args) -> ToolMessage:
    """A tool call as the agent's tool node makes it: arguments validated against the schema, runtime injected."""
    return tool.invoke({"type": "tool_call", "name": tool.name, "id": "1", "args": {**args, "runtime": rt}})


def call(tool, sessions, caller: Caller, **args) -> str:
    """The text the model reads back. ``conversation_id``/``knowledge``/``mailer``/``messages`` go to the runtime."""
    options = {k: args.pop(k) for k in ("conversation_id", "knowledge", "mailer", "messages") if k in args}
    message = invoke(tool, runtime(sessions, caller, **options), **args)
    assert isinstance(message.content, str)
    return message.content


# --- schema ----------------------------------------------------------------------------------------------------

def _type_of(prop: dict) -> str:
    if "anyOf" in prop:
        kinds = [_type_of(p) for p in prop["anyOf"] if p.get("type") != "null"]
        return " | ".join(kinds) + " | null"
    if "enum" in prop:
        return "enum[" + ",".join(map(str, prop["enum"])) + "]"
    if "$ref" in prop:
        return "ref:" + prop["$ref"].rsplit("/", 1)[-1]
    if prop.get("format") == "date":
        return "date"
    return prop.get("type", "?")


def model_view(tool) -> tuple[dict[str, str], set[str], str]:
    """(argument -> type, required arguments, description): the tool as a model is shown it."""
    schema = tool.tool_call_schema.model_json_schema()
    defs = schema.get("$defs", {})
    types = {}
    for name, prop in schema["properties"].items():
        if "anyOf" in prop:
            prop = {"anyOf": [defs[p["$ref"].rsplit("/", 1)[-1]] if "$ref" in p else p for p in prop["anyOf"]]}
        elif "$ref" in prop:
            prop = defs[prop["$ref"].rsplit("/", 1)[-1]]
        types[name] = _type_of(prop)
    return types, set(schema.get("required", [])), schema.get("description", "")


def assert_schema(tool, expected: dict[str, str], required: set[str], *, description_mentions: tuple[str, ...] = ()):
    types, required_found, description = model_view(tool)
    assert types == expected
    assert required_found == required
    assert set(tool.args) == set(expected), "tool.args and the model's schema must agree"
    assert not (set(types) & IDENTITY_FIELDS), f"identity in the arguments: {set(types) & IDENTITY_FIELDS}"
    assert "runtime" not in types  # injected, never shown
    assert description.strip() and description.split() == tool.description.split()  # the docstring, dedented
    for argument in expected:  # every argument is explained in the docstring the model reads
        assert f"{argument}:" in description, f"{argument} is not described"
    for words in description_mentions:
        assert words in description


def assert_offered_only_to(tool_name: str, *, anonymous: bool, verified_visitor: bool, staff: bool):
    from tools.registry import STAFF_TOOLS, TOOLS_BY_ROLE

    assert (tool_name in allowed_tools(ANONYMOUS)) is anonymous
    assert (tool_name in allowed_tools(verified("jane@acme.example"))) is verified_visitor
    assert (tool_name in STAFF_TOOLS) is staff
    for role in Role:
        assert (tool_name in TOOLS_BY_ROLE[role]) is staff


# --- the database ----------------------------------------------------------------------------------------------

def row(sessions, model, record_id: int) -> dict:
    """A record's columns as stored (read fresh, nothing cached)."""
    with sessions() as session:
        found = session.execute(select(model.__table__).where(model.__table__.c.id == record_id)).mappings().one_or_none()
        return dict(found) if found is not None else None


def changed(before: dict, after: dict, ignore=("version", "updated_at")) -> dict:
    return {k: (before[k], after[k]) for k in before if k not in ignore and before[k] != after[k]}


def entries(sessions, entity: str, entity_id: int | None = None) -> list[AuditEntry]:
    with sessions() as session:
        statement = select(AuditEntry).where(AuditEntry.entity == entity)
        if entity_id is not None:
            statement = statement.where(AuditEntry.entity_id == entity_id)
        return list(session.scalars(statement.order_by(AuditEntry.id)))


def all_entries(sessions) -> list[AuditEntry]:
    with sessions() as session:
        return list(session.scalars(select(AuditEntry).order_by(AuditEntry.id)))


def undo(sessions, actor: Actor, entry_id: int) -> AuditEntry:
    with unit_of_work(sessions) as session:
        return audit_service.undo(session=session, actor=actor, entry_id=entry_id)


def count(sessions, model) -> int:
    from sqlalchemy import func

    with sessions() as session:
        return session.scalar(select(func.count()).select_from(model))


def set_columns(sessions, model, record_id: int, **values) -> None:
    """Put a record into a state the services would take time to reach (a stage entered a month ago, a scored
    ticket): a plain UPDATE, no audit entry, no version bump."""
    from sqlalchemy import update

    from crm_core.pipeline import rollup

    with sessions() as session:
        session.execute(update(model.__table__).where(model.__table__.c.id == record_id).values(**values))
        rollup.rebuild(session.connection())  # a plain UPDATE passes the roll-up's flush hook by
        session.commit()


def make_draft(sessions, owner: "Person", conversation_id: str | None = "conv-1", to_email: str = "jane@acme.example",
               subject: str = "Following up", body: str = "Hi Jane,\n\nFollowing up.\n"):
    """A draft as the agent writes it for ``owner`` in a conversation."""
    from crm_core.drafts import service as drafts
    from crm_core.drafts.schemas import DraftCreate

    with unit_of_work(sessions) as session:
        return drafts.create_draft(session=session, actor=owner.caller.actor, data=DraftCreate(
            to_email=to_email, subject=subject, body=body, conversation_id=conversation_id))


def dead_port() -> int:
    """A local port where nothing listens (bound, then released)."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def outbox(sessions) -> list:
    from crm_core.drafts.models import OutboxEmail

    with sessions() as session:
        return list(session.scalars(select(OutboxEmail).order_by(OutboxEmail.id)))
