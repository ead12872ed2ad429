"""The offline reader of pipeline questions: plain language -> PipelineQuery, deterministically.

Names of owners are matched against the users table, stages and periods through crm_core.phrases. A question
that uses a measure this reader does not define is declined with the closest defined ones, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_core import phrases
from crm_core.actor import Actor
from crm_core.enums import Region
from crm_core.pipeline.query import DealState, GroupBy, Metric, PipelineQuery
from crm_core.users.models import User

REGION_WORDS = {
    Region.emea: ("emea", "europe", "middle east", "africa"),
    Region.amer: ("amer", "americas", "north america", "usa", "canada"),
    Region.apac: ("apac", "asia", "pacific", "australia", "japan"),
    Region.latam: ("latam", "latin america", "south america", "brazil", "mexico"),
}
GROUPS = {
    GroupBy.stage: r"\b(?:by|per|each|every|for each)\s+stage|stage breakdown|breakdown by stage",
    GroupBy.owner: r"\b(?:by|per|each|every|for each)\s+(?:owner|rep|sales ?rep|person|sales person|salesperson)",
    GroupBy.region: r"\b(?:by|per|each|every|for each)\s+region",
}
# Measures people ask for that this reader does not compute yet: declined, with what it can do instead.
NOT_DEFINED = {
    "win rate": "won deals (count) and lost deals (count)",
    "conversion": "won deals (count)",
    "cycle time": "deals closing in a period",
    "stage age": "deals in a stage",
    "stuck": "deals in a stage",
    "at risk": "deals closing this month",
    "lead source": "by stage, by owner or by region",
    "industry": "by region",
    "churn": "lost deals (count)",
    "quota": "total of won deals",
    "forecast": "weighted pipeline",
}
LESS = re.compile(r"\b(under|below|less than|smaller than|up to|at most|<)\s*$", re.IGNORECASE)
MORE = re.compile(r"\b(over|above|more than|bigger than|larger than|at least|greater than|>)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Declined:
    reason: str


def parse(text: str, *, session: Session, actor: Actor, today: date) -> PipelineQuery | Declined:
    lowered = f" {text.lower()} "
    for term, instead in NOT_DEFINED.items():
        if term in lowered and not (term == "forecast" and "weighted" in lowered):
            return Declined(f'"{term}" is not something I can compute yet; the closest I can answer: {instead}')
    values: dict = {"metric": _metric(lowered)}
    stage = phrases.stage(text)
    if stage == "closed_won" or re.search(r"\bwon\b|\bwins?\b|closed deals", lowered):
        values["state"] = DealState.won
    elif stage == "closed_lost" or re.search(r"\blost\b|\blosses\b", lowered):
        values["state"] = DealState.lost
    elif stage:
        values["stages"] = [stage]
    if period := phrases.date_range(text, today):
        values.update(period_from=period.start, period_to=period.end, period_label=period.label)
    if owners := _owners(lowered, session, actor):
        values["owner_ids"] = owners
    if regions := [region for region, words in REGION_WORDS.items()
                   if any(re.search(rf"\b{re.escape(w)}\b", lowered) for w in words)]:
        values["regions"] = regions
    values.update(_amounts(text))
    for group, pattern in GROUPS.items():
        if re.search(pattern, lowered):
            values["group_by"] = group
    return PipelineQuery(**values)


def _metric(lowered: str) -> Metric:
    if re.search(r"\bhow many\b|\bnumber of\b|\bcount\b", lowered):
        return Metric.count
    if re.search(r"\bweighted\b|\bprobability\b", lowered):
        return Metric.weighted
    if re.search(r"\baverage\b|\bavg\b|\bmean\b|\btypical\b", lowered):
        return Metric.average
    return Metric.total


def _owners(lowered: str, session: Session, actor: Actor) -> list[int]:
    found = []
    if actor.user_id is not None and re.search(r"\b(my|mine|i have|i own)\b", lowered):
        found.append(actor.user_id)
    for user_id, name in session.execute(select(User.id, User.name)):
        first = re.escape(name.split()[0].lower())
        # A first name alone counts only where a name is expected ("Alice's", "for Alice", "does Alice have"), so
        # "how much will close" is not about a user called Will.
        if (re.search(rf"\b{re.escape(name.lower())}\b", lowered)
                or re.search(rf"\b{first}['’]s\b|\b(?:by|for|of|does|did|has|is|owner|rep)\s+{first}\b|"
                             rf"\b{first}\s+(?:have|has|had|own|owns|closed|won|lost)\b", lowered)) and user_id not in found:
            found.append(user_id)
    return found


def _amounts(text: str) -> dict:
    bounds = {}
    for match in re.finditer(r"[$€£]?\s?\d[\d,.]*\s?(?:k|m|thousand|million)?\b", text, re.IGNORECASE):
        parsed = phrases.amount(match.group(0))
        if parsed is None:
            continue
        before = text[:match.start()]
        if LESS.search(before):
            bounds["amount_max"] = parsed[0]
        elif MORE.search(before):
            bounds["amount_min"] = parsed[0]
    return bounds
