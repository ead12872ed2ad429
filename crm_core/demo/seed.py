"""A coherent, deterministic fictional business for demos, evals and benchmarks.

Orbitly sells a project-analytics platform to other companies; the CRM holds Orbitly's customers and
prospects. The same seed (and ``today``) gives the same business. Rows are written with bulk inserts so that
``scale`` can reach a million deals in minutes; the seed is an installation step and is not audited.
"""

from __future__ import annotations

import itertools
import json
import random
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crm_core.activities.models import Activity
from crm_core.actor import Actor
from crm_core.companies.models import Company
from crm_core.contacts.models import Contact
from crm_core.deals.models import Deal, DealStageChange
from crm_core.enums import Role
from crm_core.errors import Conflict
from crm_core.pipeline import rollup
from crm_core.leads import service as lead_service
from crm_core.tasks.models import Task
from crm_core.tickets.models import Ticket
from crm_core.tickets.service import SLA_HOURS
from crm_core.users import service as user_service
from crm_core.users.schemas import UserCreate

DATA = Path(__file__).parent / "data"
BATCH = 5000

# (email, name, role, gets a printed API key)
TEAM = (
    ("admin@orbitly.example", "Ada Admin", Role.admin, True),
    ("maria.lopez@orbitly.example", "Maria Lopez", Role.manager, True),
    ("alice.chen@orbitly.example", "Alice Chen", Role.rep, True),
    ("bob.okafor@orbitly.example", "Bob Okafor", Role.rep, False),
    ("carla.rossi@orbitly.example", "Carla Rossi", Role.rep, False),
)
OPEN_STAGES = ("prospecting", "qualification", "proposal", "negotiation")
STAGE_WEIGHTS = {"prospecting": 20, "qualification": 18, "proposal": 15, "negotiation": 12, "closed_won": 20, "closed_lost": 15}
PER_SCALE = {"contacts": 150, "deals": 80, "tickets": 120, "tasks": 60}
PHONE_PREFIX = {"amer": "+1415555", "emea": "+44207946", "apac": "+6129876", "latam": "+5511987"}


@dataclass
class SeedSummary:
    counts: dict[str, int] = field(default_factory=dict)
    keys: list[tuple[str, str, str]] = field(default_factory=list)  # (role, email, key)

    def report(self) -> str:
        lines = ["Demo data: " + ", ".join(f"{n} {k}" for k, n in self.counts.items())]
        if self.keys:
            lines.append("API keys (shown once):")
            lines += [f"  {role:<8} {email:<32} {key}" for role, email, key in self.keys]
        return "\n".join(lines)


def load(name: str):
    return json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))


def already_seeded(*, session: Session) -> bool:
    return bool(session.scalar(select(func.count()).select_from(Company)))


def seed(
    *,
    session: Session,
    seed: int = 7,
    scale: int = 1,
    today: date | None = None,
    progress: Callable[[str], None] = lambda _: None,
) -> SeedSummary:
    if already_seeded(session=session):
        raise Conflict("the database already holds companies; seed demo data into an empty database (new CRM_DATA_DIR)")
    rng = random.Random(seed)
    today = today or date.today()
    now = datetime.combine(today, time(12, 0), tzinfo=timezone.utc)
    summary = SeedSummary()

    users = _team(session, summary)
    owners = [u.id for u in users if u.role in (Role.rep, Role.manager)]
    writer = _BulkWriter(session)

    companies = _companies(rng, scale, owners, now)
    writer.add(Company, companies)
    progress(f"companies: {len(companies)}")
    contacts = _contacts(rng, scale, companies, now)
    writer.add(Contact, contacts)
    progress(f"contacts: {len(contacts)}")
    deals, changes = _deals(rng, scale, companies, contacts, now)
    writer.add(Deal, deals)
    writer.add(DealStageChange, changes)
    progress(f"deals: {len(deals)}")
    tickets = _tickets(rng, scale, contacts, owners, now)
    writer.add(Ticket, tickets)
    progress(f"tickets: {len(tickets)}")
    activity_count = writer.add(Activity, _activities(rng, deals, tickets, now))
    progress(f"activities: {activity_count}")
    task_count = writer.add(Task, _tasks(rng, scale, deals, today, now))
    session.flush()
    _reset_sequences(session)
    rollup.rebuild(session.connection())  # the rows above were bulk-inserted, past the roll-up's flush hook
    # The random lead scores above keep the random sequence (and so the business) as it was; the rule score
    # replaces them with explained ones.
    scored = lead_service.store_scores(session=session, now=now)
    progress(f"lead scores: {', '.join(f'{n} {band}' for band, n in scored.bands.items())}")

    summary.counts = {
        "users": len(users), "companies": len(companies), "contacts": len(contacts), "deals": len(deals),
        "tickets": len(tickets), "activities": activity_count, "tasks": task_count,
    }
    return summary


def _team(session: Session, summary: SeedSummary):
    actor = Actor.system()
    users = []
    for email, name, role, keyed in TEAM:
        user = user_service.create_user(session=session, actor=actor, data=UserCreate(email=email, name=name, role=role))
        users.append(user)
        if keyed:
            issued = user_service.issue_key(session=session, actor=actor, user=user, name="demo")
            summary.keys.append((role.value, email, issued.secret))
    return users


def _companies(rng: random.Random, scale: int, owners: list[int], now: datetime) -> list[dict]:
    base = load("companies")
    rows = []
    for copy in range(scale):
        for item in base:
            n = len(rows) + 1
            suffix = "" if copy == 0 else f" {copy + 1}"
            domain = item["domain"] if copy == 0 else item["domain"].replace(".example", f"-{copy + 1}.example")
            created = now - timedelta(days=rng.randint(30, 900))
            rows.append({
                "id": n, "name": item["name"] + suffix, "domain": domain, "industry": item["industry"],
                "size": item["size"], "region": item["region"], "owner_id": rng.choice(owners),
                "attributes": {"city": item.get("city"), "country": item.get("country"),
                               "plan": rng.choice(["starter", "team", "business", "enterprise"])},
                "created_at": created, "updated_at": created, "version": 1,
            })
    return rows


def _contacts(rng: random.Random, scale: int, companies: list[dict], now: datetime) -> list[dict]:
    people = load("people")
    lifecycle = ["subscriber", "lead", "mql", "sql", "opportunity", "customer", "churned"]
    rows, used = [], set()
    for n in range(1, PER_SCALE["contacts"] * scale + 1):
        company = companies[(n - 1) % len(companies)] if n <= len(companies) else rng.choice(companies)
        first, last = rng.choice(people["first_names"]), rng.choice(people["last_names"])
        local = re.sub(r"[^a-z]", "", f"{first}.{last}".lower().replace(".", "dot")).replace("dot", ".")
        email = f"{local}@{company['domain']}"
        if email in used:
            email = f"{local}{n}@{company['domain']}"
        used.add(email)
        created = company["created_at"] + timedelta(days=rng.randint(0, 30))
        rows.append({
            "id": n, "first_name": first, "last_name": last, "email": email,
            "phone": f"{PHONE_PREFIX[company['region']]}{n % 10000:04d}" if rng.random() < 0.8 else None,
            "title": rng.choice(people["titles"]), "company_id": company["id"], "owner_id": company["owner_id"],
            "lifecycle_stage": rng.choices(lifecycle, weights=[5, 25, 15, 12, 13, 25, 5])[0],
            "lead_source": rng.choice(people["lead_sources"]), "lead_score": rng.randint(5, 95),
            "consent_email": rng.random() < 0.7, "consent_phone": rng.random() < 0.3, "tags": [],
            "created_at": created, "updated_at": created, "version": 1,
        })
    return rows


def _deals(rng, scale, companies, contacts, now) -> tuple[list[dict], list[dict]]:
    texts = load("deals")
    contacts_by_company: dict[int, list[dict]] = {}
    for contact in contacts:
        contacts_by_company.setdefault(contact["company_id"], []).append(contact)
    stages, weights = zip(*STAGE_WEIGHTS.items())
    deals, changes = [], []
    for n in range(1, PER_SCALE["deals"] * scale + 1):
        company = rng.choice(companies)
        contact = rng.choice(contacts_by_company.get(company["id"]) or contacts)
        stage = rng.choices(stages, weights=weights)[0]
        created = now - timedelta(days=rng.randint(5, 420), hours=rng.randint(0, 23))
        path = _stage_path(rng, stage)
        # Each step of the path takes a share of the time between creation and now (or the close).
        end = min(now, created + timedelta(days=rng.randint(10, 160))) if stage.startswith("closed") else now
        moments = sorted(created + (end - created) * rng.random() for _ in path[1:])
        times = [created, *moments]
        for i, to_stage in enumerate(path):
            changes.append({"deal_id": n, "from_stage": path[i - 1] if i else None, "to_stage": to_stage,
                            "changed_at": times[i], "changed_by_id": company["owner_id"]})
        closed_at = times[-1] if stage.startswith("closed") else None
        close_date = closed_at.date() if closed_at else (now + timedelta(days=rng.randint(-20, 120))).date()
        amount = Decimal(int(rng.lognormvariate(10.0, 0.8)) // 100 * 100 + 1000)
        deals.append({
            "id": n, "name": rng.choice(texts["name_patterns"]).replace("{company}", company["name"]),
            "company_id": company["id"], "contact_id": contact["id"], "owner_id": company["owner_id"],
            "amount": amount, "currency": "USD", "stage": stage, "expected_close_date": close_date,
            "next_step": None if closed_at else rng.choice(texts["next_steps"]),
            "closed_reason": (rng.choice(texts["won_reasons"]) if stage == "closed_won" else rng.choice(texts["lost_reasons"])) if closed_at else None,
            "closed_at": closed_at, "stage_changed_at": times[-1],
            "created_at": created, "updated_at": times[-1], "version": 1,
        })
    return deals, changes


def _stage_path(rng: random.Random, stage: str) -> list[str]:
    """The stages a deal went through to reach ``stage`` (lost deals drop out somewhere along the way)."""
    if stage in OPEN_STAGES:
        return list(OPEN_STAGES[: OPEN_STAGES.index(stage) + 1])
    reached = OPEN_STAGES if stage == "closed_won" else OPEN_STAGES[: rng.randint(1, 4)]
    return [*reached, stage]


def _tickets(rng, scale, contacts, owners, now) -> list[dict]:
    texts = load("tickets")
    priority = {"low": "low", "normal": "normal", "high": "high", "urgent": "urgent"}
    rows = []
    for n in range(1, PER_SCALE["tickets"] * scale + 1):
        text = texts[(n - 1) % len(texts)] if n <= len(texts) else rng.choice(texts)
        contact = rng.choice(contacts)
        created = now - timedelta(days=rng.randint(0, 90), hours=rng.randint(0, 23))
        status = rng.choices(["new", "open", "pending", "solved", "closed"], weights=[15, 30, 15, 25, 15])[0]
        solved = created + timedelta(hours=rng.randint(1, 96)) if status in ("solved", "closed") else None
        rows.append({
            "id": n, "subject": text["subject"], "description": text["description"],
            "contact_id": contact["id"], "company_id": contact["company_id"], "status": status,
            "priority": priority[text["urgency"]], "category": text["category"], "channel": text["channel"],
            "assignee_id": rng.choice(owners) if status != "new" else None,
            "sla_due_at": created + timedelta(hours=SLA_HOURS[text["urgency"]]),
            "solved_at": min(solved, now) if solved else None,
            "csat": rng.choice([None, 2, 3, 4, 5, 5]) if solved else None,
            "created_at": created, "updated_at": created, "version": 1,
        })
    return rows


def _activities(rng, deals, tickets, now) -> Iterator[dict]:
    """The timeline: a few touches per deal and the inbound message of each ticket (generated lazily: millions
    of rows at large scales)."""
    texts = load("activities")
    ids = itertools.count(1)

    def add(kind, subject, body, direction, occurred, **links):
        return {"id": next(ids), "type": kind, "subject": subject, "body": body, "direction": direction,
                "occurred_at": occurred, "created_at": occurred, "updated_at": occurred, "version": 1,
                "contact_id": None, "company_id": None, "deal_id": None, "ticket_id": None, "owner_id": None,
                **links}

    for deal in deals:
        links = {"deal_id": deal["id"], "company_id": deal["company_id"], "contact_id": deal["contact_id"],
                 "owner_id": deal["owner_id"]}
        span = max((deal["stage_changed_at"] - deal["created_at"]).total_seconds(), 3600)
        for _ in range(rng.randint(1, 3)):
            occurred = deal["created_at"] + timedelta(seconds=rng.random() * span)
            kind = rng.choice(["note", "call", "meeting", "email"])
            if kind == "note":
                yield add("note", None, rng.choice(texts["notes"]), "internal", occurred, **links)
            elif kind == "call":
                yield add("call", "Call", rng.choice(texts["calls"]), "outbound", occurred, **links)
            elif kind == "meeting":
                meeting = rng.choice(texts["meetings"])
                yield add("meeting", meeting["subject"], meeting["body"], None, occurred, **links)
            else:
                email = rng.choice(texts["emails"])
                yield add("email", email["subject"], email["body"], email["direction"], occurred, **links)
    for ticket in tickets:
        yield add("email" if ticket["channel"] == "email" else "chat", ticket["subject"], ticket["description"], "inbound",
            ticket["created_at"], ticket_id=ticket["id"], contact_id=ticket["contact_id"], company_id=ticket["company_id"])


def _tasks(rng, scale, deals, today, now) -> list[dict]:
    titles = load("tasks")["titles"]
    open_deals = [d for d in deals if d["closed_at"] is None] or deals
    rows = []
    for n in range(1, PER_SCALE["tasks"] * scale + 1):
        deal = rng.choice(open_deals)
        due = today + timedelta(days=rng.randint(-10, 30))
        created = now - timedelta(days=rng.randint(1, 30))
        rows.append({
            "id": n, "title": rng.choice(titles), "notes": None, "due_date": due, "owner_id": deal["owner_id"],
            "status": "done" if due < today and rng.random() < 0.6 else "open",
            "related_type": "deal", "related_id": deal["id"],
            "created_at": created, "updated_at": created, "version": 1,
        })
    return rows


class _BulkWriter:
    """Inserts rows in batches through the driver's executemany.

    SQLAlchemy's Core insert spends most of its time building parameters row by row; at a million deals (and
    millions of contacts, tickets and activities) that is most of the seed. Here each column's own bind
    processor (the same conversion the ORM applies: enums, UTC datetimes, decimals) runs once per value and
    the driver gets plain tuples.
    """

    def __init__(self, session: Session):
        self.session = session

    def add(self, model, rows: Iterable[dict]) -> int:
        iterator = iter(rows)
        first = next(iterator, None)
        if first is None:
            return 0
        connection = self.session.connection()
        dialect = connection.dialect
        # Columns the rows leave out get their Python-side default, as an ORM or Core insert would give them.
        defaults = {c.key: c.default for c in model.__table__.columns
                    if c.key not in first and c.default is not None and not c.primary_key}
        columns = [c for c in model.__table__.columns if c.key in first or c.key in defaults]
        processors = [c.type.dialect_impl(dialect).bind_processor(dialect) for c in columns]
        quote = dialect.identifier_preparer.quote
        marker = "?" if dialect.paramstyle == "qmark" else "%s"
        statement = (f"INSERT INTO {quote(model.__table__.name)} ({', '.join(quote(c.name) for c in columns)}) "
                     f"VALUES ({', '.join([marker] * len(columns))})")
        keys = [c.key for c in columns]
        count = 0
        iterator = itertools.chain([first], iterator)
        while batch := list(itertools.islice(iterator, BATCH)):
            if defaults:
                batch = [{**{k: _default_value(d) for k, d in defaults.items()}, **row} for row in batch]
            values = [
                tuple(process(row[key]) if process and row[key] is not None else row[key]
                      for key, process in zip(keys, processors))
                for row in batch
            ]
            connection.exec_driver_sql(statement, values)
            count += len(batch)
        return count


def _default_value(default):
    return default.arg(None) if default.is_callable else default.arg


def _reset_sequences(session: Session) -> None:
    """Rows were inserted with explicit ids; PostgreSQL's sequences must continue after them."""
    if session.bind.dialect.name != "postgresql":
        return
    for model in (Company, Contact, Deal, DealStageChange, Ticket, Activity, Task):
        table = model.__table__.name
        session.execute(
            select(func.setval(func.pg_get_serial_sequence(table, "id"), func.coalesce(func.max(model.id), 1)))
        )
