"""Scoring contacts: the rule score, blended with the learned model when a useful one is trained, stored on each
contact with its explanation ("high: replied to 3 emails this week; VP title; similar accounts convert 40%").

Blend: with a saved model whose cross-validated AUC is at least ``model.MIN_USEFUL_AUC``, the stored score is the
rule score plus ``MODEL_POINTS * (the contact's win probability - the historical win rate)``, kept within 0..100
(a contact the model rates like the average closed contact keeps its rule score; one at 90% where 60% is typical
gains 12 points). Otherwise the rule score alone. The rules keep the score explainable and react to this week's
engagement; the model adds what won/lost history says about contacts like this one. A model no better than chance
is never used.

A rescore is not an edit: contacts keep their ``version`` and ``updated_at`` (``lead_scored_at`` says when), the
rows are written in bulk, and the run leaves one audit entry (entity ``lead_scores``) with its counts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import bindparam, insert, update
from sqlalchemy.orm import Session

from crm_core import permissions
from crm_core.actor import Actor
from crm_core.audit.models import AuditEntry
from crm_core.contacts.models import Contact
from crm_core.db import utcnow
from crm_core.enums import Role
from crm_core.leads import features, rules
from crm_core.leads import model as lead_model
from crm_core.leads.features import Engagement, LeadFeatures

MODEL_POINTS = 40
BATCH = 5000
_SCORE_COLUMNS = ("lead_score", "lead_score_reason", "lead_scored_at")


@dataclass
class ScoringResult:
    scored: int
    bands: dict[str, int] = field(default_factory=dict)
    method: str = "rules"  # or "rules+model"
    model_auc: float | None = None
    note: str | None = None  # why the learned model was not used

    def as_dict(self) -> dict:
        return {"scored": self.scored, "bands": dict(self.bands), "method": self.method, "model_auc": self.model_auc,
                "note": self.note}


def score_contacts(
    *,
    session: Session,
    actor: Actor,
    data_dir: Path | None = None,
    contact_ids: Iterable[int] | None = None,
    now: datetime | None = None,
) -> ScoringResult:
    """Score every contact (or those of ``contact_ids``) in the caller's transaction; admins and managers only.
    The learned model is read from ``data_dir`` when one was trained there."""
    permissions.ensure_role(actor, Role.admin, Role.manager, action="score leads")
    result = store_scores(session=session, model=lead_model.load(data_dir), contact_ids=contact_ids, now=now)
    session.connection().execute(insert(AuditEntry), [{
        "occurred_at": utcnow(), "actor_id": actor.user_id, "actor_name": actor.name, "via": actor.via.value,
        "action": "rescore", "entity": "lead_scores", "entity_id": 0, "before": None, "after": result.as_dict(),
        "reason": "lead scoring",
    }])
    return result


def train_model(*, session: Session, actor: Actor, data_dir: Path, now: datetime | None = None) -> lead_model.LeadModel:
    """Learn from won/lost history and save the model under ``data_dir``. Raises ``model.TooFewClosedDeals``."""
    permissions.ensure_role(actor, Role.admin, Role.manager, action="train the lead model")
    return lead_model.train(session=session, data_dir=data_dir, now=now)


def store_scores(
    *,
    session: Session,
    model: lead_model.LeadModel | None = None,
    contact_ids: Iterable[int] | None = None,
    now: datetime | None = None,
) -> ScoringResult:
    """Compute and write the scores without a permission check or audit entry: for installation steps (the demo
    seed). Everyone else goes through ``score_contacts``."""
    now = now or utcnow()
    wanted = None if contact_ids is None else sorted(set(contact_ids))
    profiles = features.profiles(session, wanted)
    ids = sorted(profiles)
    activity = features.engagement(session, now, None if wanted is None else ids)
    rows = [LeadFeatures(profiles[i], activity.get(i) or Engagement()) for i in ids]
    result = ScoringResult(scored=len(ids), bands=dict.fromkeys(rules.BAND_NAMES, 0))
    probabilities = None
    if model is None:
        result.note = "no learned model (crm leads train): rule score only"
    elif not model.usable:
        result.model_auc = model.cv_auc
        result.note = (f"the learned model's cross-validated AUC {model.cv_auc:.2f} is below "
                       f"{lead_model.MIN_USEFUL_AUC}: rule score only")
    else:
        result.method, result.model_auc = "rules+model", model.cv_auc
        probabilities = model.win_probabilities(rows)
    segments = lead_model.SegmentRates(session)
    updates = []
    for n, (contact_id, row) in enumerate(zip(ids, rows)):
        rule = rules.score(row)
        value, extra = rule.score, []
        conversion = segments.conversion(row.profile.industry, row.profile.size_band)
        if conversion is not None:
            extra.append(f"similar accounts convert {conversion}%")
        if probabilities is not None:
            chance = float(probabilities[n])
            value = max(0, min(100, round(rule.score + MODEL_POINTS * (chance - model.win_rate))))
            extra.append(f"won/lost history: {round(100 * chance)}% likely to win ({round(100 * model.win_rate)}% typical)")
        band = rules.band(value)
        result.bands[band] += 1
        updates.append({"b_id": contact_id, "b_score": value, "b_at": now,
                        "b_reason": f"{band}: " + "; ".join(rule.reasons() + extra)})
    _write(session, updates)
    return result


def _write(session: Session, updates: list[dict]) -> None:
    table = Contact.__table__
    statement = (
        update(table)
        .where(table.c.id == bindparam("b_id"))
        # Naming updated_at keeps its on-update default away: a rescore is not an edit.
        .values(lead_score=bindparam("b_score"), lead_score_reason=bindparam("b_reason"),
                lead_scored_at=bindparam("b_at"), updated_at=table.c.updated_at)
    )
    session.flush()
    connection = session.connection()
    for start in range(0, len(updates), BATCH):
        connection.execute(statement, updates[start:start + BATCH])
    for obj in list(session.identity_map.values()):
        if isinstance(obj, Contact):
            session.expire(obj, list(_SCORE_COLUMNS))
