"""Contacts: one per e-mail address, likely duplicates, and merging one contact into another."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from rapidfuzz import fuzz
from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_core import permissions, records
from crm_core.activities.models import Activity
from crm_core.actor import Actor
from crm_core.contacts.models import Contact
from crm_core.contacts.schemas import ContactCreate, ContactFilters, ContactRead, ContactUpdate
from crm_core.deals.models import Deal
from crm_core.enums import RecordType, Role
from crm_core.errors import DuplicateRecord, InvalidField, NotFound
from crm_core.records import RecordKind
from crm_core.tasks.models import Task
from crm_core.tickets.models import Ticket

# Names at least this similar (rapidfuzz token-sort ratio, 0..100) count as a likely duplicate.
NAME_SIMILARITY = 88


def _prepare(*, session, actor, values, record) -> None:
    email = values.get("email")
    if email is None:
        return
    existing = session.scalar(select(Contact.id).where(Contact.email == email))
    if existing is not None and (record is None or existing != record.id):
        raise DuplicateRecord("contact", "contacts", "email", email, existing)


KIND = RecordKind(
    entity=RecordType.contact,
    plural="contacts",
    model=Contact,
    create_schema=ContactCreate,
    update_schema=ContactUpdate,
    read_schema=ContactRead,
    filter_schema=ContactFilters,
    readable_by_reps=True,
    search_columns=("first_name", "last_name", "email"),
    prepare=_prepare,
)


@dataclass
class DuplicatePair:
    contact_id: int
    duplicate_id: int
    score: int
    reasons: list[str] = field(default_factory=list)


def find_duplicates(*, session: Session, actor: Actor, limit: int = 100) -> list[DuplicatePair]:
    """Pairs of contacts that are probably the same person: same phone, or a similar name at the same company.

    Candidates are compared only within a block (same phone, same company, same last-name initial) so the
    search stays near-linear on large books.
    """
    rows = session.execute(
        select(Contact.id, Contact.first_name, Contact.last_name, Contact.phone, Contact.company_id)
    ).all()
    blocks: dict[tuple, list] = defaultdict(list)
    for row in rows:
        if row.phone:
            blocks[("phone", row.phone)].append(row)
        blocks[("company", row.company_id, (row.last_name or row.first_name)[:1].lower())].append(row)
    pairs: dict[tuple[int, int], DuplicatePair] = {}
    for block in blocks.values():
        for i, a in enumerate(block):
            for b in block[i + 1:]:
                pair = _compare(a, b)
                if pair is not None:
                    key = (pair.contact_id, pair.duplicate_id)
                    if key not in pairs or pairs[key].score < pair.score:
                        pairs[key] = pair
    return sorted(pairs.values(), key=lambda p: (-p.score, p.contact_id, p.duplicate_id))[:limit]


def _compare(a, b) -> DuplicatePair | None:
    older, newer = sorted((a, b), key=lambda r: r.id)
    name_score = int(fuzz.token_sort_ratio(f"{a.first_name} {a.last_name}", f"{b.first_name} {b.last_name}"))
    reasons = []
    score = 0
    if a.phone and a.phone == b.phone:
        reasons.append("same phone")
        score += 50
    if name_score >= NAME_SIMILARITY:
        reasons.append(f"similar name ({name_score}%)")
        score += name_score // 2
    if a.company_id is not None and a.company_id == b.company_id:
        reasons.append("same company")
        score += 10
    # A shared phone alone (a switchboard) or a shared company alone is not enough.
    if name_score < NAME_SIMILARITY and not (a.phone and a.phone == b.phone and name_score >= 60):
        return None
    return DuplicatePair(contact_id=older.id, duplicate_id=newer.id, score=min(score, 100), reasons=reasons)


def merge(*, session: Session, actor: Actor, contact_id: int, duplicate_id: int) -> Contact:
    """Merge ``duplicate_id`` into ``contact_id``: its deals, tickets, activities and tasks move over, empty
    fields are filled from it, tags are joined, and the duplicate is deleted. Every change is audited."""
    permissions.ensure_role(actor, Role.admin, Role.manager, action="merge contacts (a merge deletes one)")
    if contact_id == duplicate_id:
        raise InvalidField("duplicate_id", "a contact cannot be merged into itself")
    keep = session.get(Contact, contact_id)
    if keep is None:
        raise NotFound("contact", contact_id)
    dup = session.get(Contact, duplicate_id)
    if dup is None:
        raise InvalidField("duplicate_id", f"no contact with id {duplicate_id}")
    records.bind_actor(session, actor)

    for model in (Deal, Ticket, Activity):
        for moved in session.scalars(select(model).where(model.contact_id == dup.id)):
            moved.contact_id = keep.id
    for task in session.scalars(select(Task).where(Task.related_type == RecordType.contact, Task.related_id == dup.id)):
        task.related_id = keep.id

    for column in ("phone", "title", "company_id", "owner_id", "lead_source", "lead_score"):
        if getattr(keep, column) is None and getattr(dup, column) is not None:
            setattr(keep, column, getattr(dup, column))
    if not keep.last_name and dup.last_name:
        keep.last_name = dup.last_name
    keep.tags = list(dict.fromkeys([*keep.tags, *dup.tags]))
    records.flush(session, KIND, keep)  # move the related records before the duplicate disappears
    dup_email = dup.email
    session.delete(dup)
    records.flush(session, KIND, dup)
    if keep.email is None and dup_email is not None:
        keep.email = dup_email
        records.flush(session, KIND, keep)
    return keep


