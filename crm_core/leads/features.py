"""What lead scoring looks at, read in bulk: a contact's profile and its engagement before a moment.

Profile: title seniority, company size band, industry, lifecycle stage, lead source. Engagement: activities
linked to the contact in the 7 and 30 days before the moment (``as_of``): inbound e-mails and chats, meetings and
calls. Messages that belong to a support ticket are support, not buying interest, and are not counted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from crm_core.activities.models import Activity
from crm_core.companies.models import Company
from crm_core.contacts.models import Contact
from crm_core.enums import ActivityType, Direction

WEEK = timedelta(days=7)
MONTH = timedelta(days=30)
UNKNOWN = "unknown"

# Checked in order: "Vice President" is a VP before it is a president, a Chief of Staff is not C-level.
_SENIORITY_PATTERNS = (
    ("vp", r"\b(vp|svp|evp|vice[- ]president)\b"),
    ("director", r"\bchief of staff\b"),
    ("c_level", r"\b(ceo|cto|cfo|coo|cio|ciso|cmo|cro|cpo|chief|founder|co-founder|president|owner|managing director)\b"),
    ("director", r"\b(director|head)\b"),
    ("manager", r"\b(manager|lead|leader|principal|supervisor)\b"),
)
# Lower bounds of the company size bands (employees), largest first.
SIZE_BANDS = ((5000, "5000+"), (1000, "1000-4999"), (250, "250-999"), (50, "50-249"), (1, "1-49"))


def seniority(title: str | None) -> str:
    """c_level, vp, director, manager, individual, or unknown (no title)."""
    text = (title or "").strip().lower()
    if not text:
        return UNKNOWN
    for level, pattern in _SENIORITY_PATTERNS:
        if re.search(pattern, text):
            return level
    return "individual"


def size_band(size: int | None) -> str:
    if not size or size < 1:
        return UNKNOWN
    return next(band for floor, band in SIZE_BANDS if size >= floor)


@dataclass(frozen=True, slots=True)
class Profile:
    seniority: str
    size_band: str
    industry: str
    lifecycle_stage: str
    lead_source: str


@dataclass(slots=True)
class Engagement:
    """Counts in the 7 days (``_week``) and the 30 days (``_month``, the week included) before the moment."""

    emails_week: int = 0
    chats_week: int = 0
    messages_month: int = 0  # inbound e-mails and chats
    meetings_week: int = 0
    meetings_month: int = 0
    calls_week: int = 0
    calls_month: int = 0

    @property
    def messages_week(self) -> int:
        return self.emails_week + self.chats_week

    def count(self, kind: ActivityType, age: timedelta) -> None:
        week = age < WEEK
        if kind in (ActivityType.email, ActivityType.chat):
            self.messages_month += 1
            if week and kind is ActivityType.email:
                self.emails_week += 1
            elif week:
                self.chats_week += 1
        elif kind is ActivityType.meeting:
            self.meetings_month += 1
            self.meetings_week += week
        elif kind is ActivityType.call:
            self.calls_month += 1
            self.calls_week += week


@dataclass(frozen=True, slots=True)
class LeadFeatures:
    profile: Profile
    engagement: Engagement


def profiles(session: Session, contact_ids: Iterable[int] | None = None) -> dict[int, Profile]:
    stmt = (
        select(Contact.id, Contact.title, Contact.lifecycle_stage, Contact.lead_source, Company.industry, Company.size)
        .outerjoin(Company, Company.id == Contact.company_id)
    )
    found = {}
    for chunk in _chunks(contact_ids):
        query = stmt if chunk is None else stmt.where(Contact.id.in_(chunk))
        for row in session.execute(query):
            found[row.id] = Profile(
                seniority=seniority(row.title),
                size_band=size_band(row.size),
                industry=(row.industry or "").strip().lower().replace(" ", "_") or UNKNOWN,
                lifecycle_stage=row.lifecycle_stage.value if row.lifecycle_stage else UNKNOWN,
                lead_source=(row.lead_source or "").strip().lower().replace(" ", "_") or UNKNOWN,
            )
    return found


def engagement(
    session: Session, as_of: datetime | Mapping[int, datetime], contact_ids: Iterable[int] | None = None
) -> dict[int, Engagement]:
    """Engagement of each contact in the 30 days before ``as_of``: one moment for all (scoring now), or a moment
    per contact (training: the close of its deals). Contacts without activity get no entry."""
    if isinstance(as_of, datetime):
        stmt = _engaging_activities().where(Activity.occurred_at >= as_of - MONTH, Activity.occurred_at < as_of)
        moment_of = lambda _contact_id: as_of  # noqa: E731
    else:
        if not as_of:
            return {}
        stmt = _engaging_activities().where(
            Activity.occurred_at >= min(as_of.values()) - MONTH, Activity.occurred_at < max(as_of.values())
        )
        contact_ids = list(as_of) if contact_ids is None else contact_ids
        moment_of = as_of.get
    found: dict[int, Engagement] = {}
    for chunk in _chunks(contact_ids):
        query = stmt if chunk is None else stmt.where(Activity.contact_id.in_(chunk))
        for contact_id, kind, occurred_at in session.execute(query):
            age = moment_of(contact_id) - occurred_at
            if timedelta(0) < age <= MONTH:
                found.setdefault(contact_id, Engagement()).count(kind, age)
    return found


def _engaging_activities() -> Select:
    return select(Activity.contact_id, Activity.type, Activity.occurred_at).where(
        Activity.contact_id.is_not(None),
        Activity.ticket_id.is_(None),
        or_(
            Activity.type.in_((ActivityType.meeting, ActivityType.call)),
            (Activity.type.in_((ActivityType.email, ActivityType.chat)) & (Activity.direction == Direction.inbound)),
        ),
    )


def _chunks(ids: Iterable[int] | None, size: int = 900):
    """IN lists small enough for every backend's parameter limit; one None chunk means all contacts."""
    if ids is None:
        yield None
        return
    ids = list(ids)
    for start in range(0, len(ids), size):
        yield ids[start:start + size]
