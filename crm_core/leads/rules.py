"""The transparent lead score: points from a contact's profile and engagement, summed and kept within 0..100.

Every weight is in the tables below (``weights_table()`` prints them; docs/leads.md shows the same table):

| factor | value | points |
|---|---|---|
| title seniority | c_level / vp / director / manager / individual / unknown | 20 / 18 / 14 / 8 / 3 / 0 |
| company size (employees) | 5000+ / 1000-4999 / 250-999 / 50-249 / 1-49 / unknown | 10 / 10 / 8 / 5 / 2 / 0 |
| industry | software / finance / healthcare / manufacturing / logistics / energy / retail / media / education / public_sector / other / unknown | 8 / 6 / 5 / 4 / 4 / 3 / 3 / 3 / 2 / 1 / 2 / 0 |
| lifecycle stage | opportunity / sql / customer / mql / lead / subscriber / churned / unknown | 20 / 16 / 12 / 10 / 4 / 0 / -10 / 0 |
| lead source | referral / partner / event / webinar / web / outbound / paid_ads / other / unknown | 12 / 8 / 6 / 5 / 4 / 2 / 2 / 1 / 0 |
| inbound e-mails and chats, last 7 days | each (at most) | 6 (18) |
| inbound e-mails and chats, 8-30 days ago | each (at most) | 2 (8) |
| meetings, last 7 days | each (at most) | 10 (20) |
| meetings, 8-30 days ago | each (at most) | 5 (10) |
| calls, last 30 days | each (at most) | 3 (9) |
| no inbound message, meeting or call in 30 days | | -5 |

Bands (``BANDS``): high from 50, medium from 30, low below. The reasons of a score are its recent engagement
first (why now), then its largest other contributions (by absolute points), as short phrases: "replied to 3 emails
this week", "VP title", "referral lead".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from crm_core.leads.features import UNKNOWN, Engagement, LeadFeatures

SENIORITY = {"c_level": 20, "vp": 18, "director": 14, "manager": 8, "individual": 3, UNKNOWN: 0}
COMPANY_SIZE = {"5000+": 10, "1000-4999": 10, "250-999": 8, "50-249": 5, "1-49": 2, UNKNOWN: 0}
# Orbitly's ideal customers (project analytics) first; change this table for another business.
INDUSTRY = {"software": 8, "finance": 6, "healthcare": 5, "manufacturing": 4, "logistics": 4, "energy": 3,
            "retail": 3, "media": 3, "education": 2, "public_sector": 1, "other": 2, UNKNOWN: 0}
LIFECYCLE_STAGE = {"opportunity": 20, "sql": 16, "customer": 12, "mql": 10, "lead": 4, "subscriber": 0,
                   "churned": -10, UNKNOWN: 0}
LEAD_SOURCE = {"referral": 12, "partner": 8, "event": 6, "webinar": 5, "web": 4, "outbound": 2, "paid_ads": 2,
               "other": 1, UNKNOWN: 0}


@dataclass(frozen=True)
class PerActivity:
    points: int
    cap: int


ENGAGEMENT = {
    "messages_week": PerActivity(6, 18),
    "messages_earlier": PerActivity(2, 8),
    "meetings_week": PerActivity(10, 20),
    "meetings_earlier": PerActivity(5, 10),
    "calls_month": PerActivity(3, 9),
}
NO_ENGAGEMENT = -5

# (band, lowest score in it), highest first: the one place bands are defined.
BANDS = (("high", 50), ("medium", 30), ("low", 0))
BAND_NAMES = tuple(name for name, _ in BANDS)

_SENIORITY_PHRASE = {"c_level": "C-level title", "vp": "VP title", "director": "director title",
                     "manager": "manager title", "individual": "individual-contributor title"}
_STAGE_PHRASE = {"opportunity": "open opportunity", "sql": "sales-qualified", "customer": "existing customer",
                 "mql": "marketing-qualified", "lead": "new lead", "churned": "churned customer"}
_SOURCE_PHRASE = {"web": "inbound web lead", "paid_ads": "paid-ads lead"}


@dataclass
class RuleScore:
    score: int
    # (points, phrase) of every contribution: recent engagement first, then the rest by absolute points
    contributions: list[tuple[int, str]] = field(default_factory=list)

    def reasons(self, limit: int = 3) -> list[str]:
        return [phrase for points, phrase in self.contributions[:limit] if points]


def band(score: int) -> str:
    return next(name for name, floor in BANDS if score >= floor)


def score(features: LeadFeatures) -> RuleScore:
    profile = features.profile
    recent = [(points, phrase) for points, phrase in _engagement(features.engagement) if points]
    rest = [
        (SENIORITY.get(profile.seniority, 0), _SENIORITY_PHRASE.get(profile.seniority, "")),
        (COMPANY_SIZE.get(profile.size_band, 0), f"{profile.size_band} employees"),
        _industry(profile.industry),
        (LIFECYCLE_STAGE.get(profile.lifecycle_stage, 0), _STAGE_PHRASE.get(profile.lifecycle_stage, "")),
        _source(profile.lead_source),
    ]
    if recent and recent[0][0] < 0:  # no engagement is a penalty, ranked with the profile
        rest += recent
        recent = []
    recent.sort(key=lambda part: -part[0])
    rest = sorted(((points, phrase) for points, phrase in rest if points and phrase), key=lambda part: -abs(part[0]))
    total = sum(points for points, _ in recent + rest)
    return RuleScore(score=max(0, min(100, total)), contributions=recent + rest)


def _industry(industry: str) -> tuple[int, str]:
    if industry == UNKNOWN:
        return 0, ""
    return INDUSTRY.get(industry, INDUSTRY["other"]), f"{industry.replace('_', ' ')} industry"


def _source(source: str) -> tuple[int, str]:
    if source == UNKNOWN:
        return 0, ""
    return LEAD_SOURCE.get(source, LEAD_SOURCE["other"]), _SOURCE_PHRASE.get(source, f"{source.replace('_', ' ')} lead")


def _engagement(activity: Engagement) -> list[tuple[int, str]]:
    earlier_messages = activity.messages_month - activity.messages_week
    earlier_meetings = activity.meetings_month - activity.meetings_week
    if not (activity.messages_month or activity.meetings_month or activity.calls_month):
        return [(NO_ENGAGEMENT, "no reply, meeting or call in 30 days")]
    if activity.chats_week:
        messages = f"messaged us {_times(activity.messages_week)} this week"
    else:
        messages = f"replied to {_plural(activity.emails_week, 'email')} this week"
    return [
        (_points("messages_week", activity.messages_week), messages),
        (_points("messages_earlier", earlier_messages), f"messaged us {_times(earlier_messages)} earlier this month"),
        (_points("meetings_week", activity.meetings_week), f"{_plural(activity.meetings_week, 'meeting')} this week"),
        (_points("meetings_earlier", earlier_meetings), f"{_plural(earlier_meetings, 'meeting')} earlier this month"),
        (_points("calls_month", activity.calls_month), f"{_plural(activity.calls_month, 'call')} this month"),
    ]


def _points(name: str, count: int) -> int:
    weight = ENGAGEMENT[name]
    return min(count * weight.points, weight.cap)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _times(count: int) -> str:
    return {1: "once", 2: "twice"}.get(count, f"{count} times")


def weights_table() -> str:
    """The weights as the markdown table of this module's docstring and of docs/leads.md."""

    def row(factor: str, table: dict[str, int]) -> str:
        return f"| {factor} | {' / '.join(table)} | {' / '.join(str(p) for p in table.values())} |"

    def each(factor: str, name: str) -> str:
        return f"| {factor} | each (at most) | {ENGAGEMENT[name].points} ({ENGAGEMENT[name].cap}) |"

    return "\n".join([
        "| factor | value | points |",
        "|---|---|---|",
        row("title seniority", SENIORITY),
        row("company size (employees)", COMPANY_SIZE),
        row("industry", INDUSTRY),
        row("lifecycle stage", LIFECYCLE_STAGE),
        row("lead source", LEAD_SOURCE),
        each("inbound e-mails and chats, last 7 days", "messages_week"),
        each("inbound e-mails and chats, 8-30 days ago", "messages_earlier"),
        each("meetings, last 7 days", "meetings_week"),
        each("meetings, 8-30 days ago", "meetings_earlier"),
        each("calls, last 30 days", "calls_month"),
        f"| no inbound message, meeting or call in 30 days | | {NO_ENGAGEMENT} |",
    ])
