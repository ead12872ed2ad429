"""A lead model learned from won/lost history, and the conversion of similar accounts.

Examples are the contacts whose deals closed: label 1 when the contact has a won deal, 0 when all its closed
deals were lost. Features are the profile and engagement of ``features``, engagement measured in the 30 days
before the close (the first won deal's close, else the last lost one's), so nothing after the outcome leaks in.
The lifecycle stage is left out: it is a consequence of the outcome (a won deal makes a customer).

The pipeline one-hot encodes the profile, log-scales the engagement counts and fits a logistic regression. It is
validated on a stratified hold-out (``VALIDATION_SHARE``, seed ``SEED``) and by stratified ``CV_FOLDS``-fold
cross-validation, then refitted on every example and saved with joblib under the data directory with its metadata
(validation and cross-validated AUC, trained_at, n, win rate, features). The file is a pickle: load only models this
installation wrote.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crm_core.companies.models import Company
from crm_core.db import utcnow
from crm_core.deals.models import Deal, PipelineStage
from crm_core.errors import CRMError
from crm_core.leads import features as lead_features
from crm_core.leads.features import LeadFeatures

MIN_CLOSED_DEALS = 40
MIN_PER_CLASS = 5  # contacts with a won deal, and contacts with only lost ones
VALIDATION_SHARE = 0.25
SEED = 0
CV_FOLDS = 5
# Below this cross-validated AUC the model is kept on disk but scoring uses the rule score alone. The gate is the
# cross-validated AUC, not the single hold-out's: on a few dozen held-out contacts chance alone reaches 0.65.
MIN_USEFUL_AUC = 0.6
# A segment's conversion is shown only when at least this many of its deals closed.
MIN_SEGMENT_DEALS = 5

CATEGORICAL = ("seniority", "size_band", "industry", "lead_source")
NUMERIC = ("messages_week", "messages_month", "meetings_week", "meetings_month", "calls_week", "calls_month")
FEATURES = CATEGORICAL + NUMERIC


def model_path(data_dir: Path) -> Path:
    return Path(data_dir) / "models" / "lead_score.joblib"


class TooFewClosedDeals(CRMError):
    def __init__(self, closed_deals: int, won: int, lost: int):
        super().__init__(
            f"too few closed deals to learn from: {closed_deals} closed deals with a contact "
            f"({won} contacts won, {lost} lost only); a model needs at least {MIN_CLOSED_DEALS} closed deals and "
            f"{MIN_PER_CLASS} contacts of each outcome. Lead scores use the rule score (docs/leads.md)."
        )
        self.closed_deals, self.won, self.lost = closed_deals, won, lost


@dataclass
class TrainingSet:
    features: list[LeadFeatures]
    labels: list[int]
    closed_deals: int

    @property
    def won(self) -> int:
        return sum(self.labels)

    @property
    def lost(self) -> int:
        return len(self.labels) - self.won


@dataclass
class LeadModel:
    pipeline: object
    meta: dict

    @property
    def cv_auc(self) -> float:
        return self.meta["cv_auc"]

    @property
    def win_rate(self) -> float:
        return self.meta["win_rate"]

    @property
    def usable(self) -> bool:
        return self.cv_auc >= MIN_USEFUL_AUC

    def win_probabilities(self, rows: list[LeadFeatures]) -> np.ndarray:
        if not rows:
            return np.zeros(0)
        return self.pipeline.predict_proba(matrix(rows))[:, 1]


def training_set(session: Session) -> TrainingSet:
    closes = session.execute(
        select(Deal.contact_id, PipelineStage.is_won, func.coalesce(Deal.closed_at, Deal.stage_changed_at))
        .join(PipelineStage, PipelineStage.key == Deal.stage)
        .where(PipelineStage.is_closed, Deal.contact_id.is_not(None))
    ).all()
    first_won: dict[int, datetime] = {}
    last_lost: dict[int, datetime] = {}
    for contact_id, is_won, closed in closes:
        if is_won:
            first_won[contact_id] = min(closed, first_won.get(contact_id, closed))
        else:
            last_lost[contact_id] = max(closed, last_lost.get(contact_id, closed))
    as_of = {**last_lost, **first_won}  # a contact with a won deal is a win, measured before that close
    profiles = lead_features.profiles(session, sorted(as_of))
    activity = lead_features.engagement(session, as_of)
    ids = sorted(i for i in as_of if i in profiles)
    return TrainingSet(
        features=[LeadFeatures(profiles[i], activity.get(i) or lead_features.Engagement()) for i in ids],
        labels=[int(i in first_won) for i in ids],
        closed_deals=len(closes),
    )


def train(*, session: Session, data_dir: Path, now: datetime | None = None) -> LeadModel:
    """Fit, validate and save the model. Raises TooFewClosedDeals (nothing saved) when the history is too thin."""
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import StratifiedKFold, cross_val_score, train_test_split

    examples = training_set(session)
    if examples.closed_deals < MIN_CLOSED_DEALS or min(examples.won, examples.lost) < MIN_PER_CLASS:
        raise TooFewClosedDeals(examples.closed_deals, examples.won, examples.lost)
    x, y = matrix(examples.features), np.array(examples.labels)
    x_fit, x_val, y_fit, y_val = train_test_split(x, y, test_size=VALIDATION_SHARE, stratify=y, random_state=SEED)
    auc = float(roc_auc_score(y_val, _pipeline().fit(x_fit, y_fit).predict_proba(x_val)[:, 1]))
    folds = StratifiedKFold(n_splits=CV_FOLDS, shuffle=True, random_state=SEED)
    cv = cross_val_score(_pipeline(), x, y, cv=folds, scoring="roc_auc")
    meta = {
        "validation_auc": round(auc, 4),
        "cv_auc": round(float(cv.mean()), 4), "cv_auc_sd": round(float(cv.std()), 4), "cv_folds": CV_FOLDS,
        "trained_at": (now or utcnow()).isoformat(),
        "n": len(y), "won": examples.won, "lost": examples.lost, "closed_deals": examples.closed_deals,
        "win_rate": round(examples.won / len(y), 4),
        "n_validation": len(y_val), "validation_share": VALIDATION_SHARE, "seed": SEED,
        "features": list(FEATURES), "estimator": "one-hot + log counts -> LogisticRegression",
    }
    model = LeadModel(pipeline=_pipeline().fit(x, y), meta=meta)  # refitted on every example
    save(model, data_dir)
    return model


def save(model: LeadModel, data_dir: Path) -> Path:
    import joblib

    path = model_path(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump({"pipeline": model.pipeline, "meta": model.meta}, path)
    path.with_suffix(".json").write_text(json.dumps(model.meta, indent=2) + "\n", encoding="utf-8")
    return path


def load(data_dir: Path | None) -> LeadModel | None:
    """The saved model, or None when none was trained (or it was written by an incompatible version)."""
    if data_dir is None or not model_path(data_dir).exists():
        return None
    import joblib

    try:
        saved = joblib.load(model_path(data_dir))
        return LeadModel(pipeline=saved["pipeline"], meta=saved["meta"])
    except Exception:  # noqa: BLE001 - an unreadable model means "use the rules", and `crm leads train` rewrites it
        return None


def matrix(rows: list[LeadFeatures]) -> np.ndarray:
    values = [
        [getattr(r.profile, name) for name in CATEGORICAL] + [getattr(r.engagement, name) for name in NUMERIC]
        for r in rows
    ]
    return np.array(values, dtype=object).reshape(len(rows), len(FEATURES))


def log_counts(x):
    return np.log1p(np.asarray(x, dtype=float))


def _pipeline():
    from sklearn.compose import ColumnTransformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline, make_pipeline
    from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, StandardScaler

    categorical = list(range(len(CATEGORICAL)))
    numeric = list(range(len(CATEGORICAL), len(FEATURES)))
    encode = ColumnTransformer([
        ("profile", OneHotEncoder(handle_unknown="ignore"), categorical),
        ("engagement", make_pipeline(FunctionTransformer(log_counts), StandardScaler()), numeric),
    ])
    return Pipeline([("encode", encode), ("classify", LogisticRegression(max_iter=1000))])


class SegmentRates:
    """Won share of the closed deals of accounts like a contact's: same industry and size band, else same industry."""

    def __init__(self, session: Session):
        rows = session.execute(
            select(Company.industry, Company.size, PipelineStage.is_won, func.count())
            .select_from(Deal)
            .join(PipelineStage, PipelineStage.key == Deal.stage)
            .join(Company, Company.id == Deal.company_id)
            .where(PipelineStage.is_closed, Company.industry.is_not(None))
            .group_by(Company.industry, Company.size, PipelineStage.is_won)
        ).all()
        self._counts: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])  # key -> [won, closed]
        for industry, size, is_won, count in rows:
            industry = industry.strip().lower().replace(" ", "_")
            for key in ((industry, lead_features.size_band(size)), (industry,)):
                self._counts[key][0] += count if is_won else 0
                self._counts[key][1] += count

    def conversion(self, industry: str, size_band: str) -> int | None:
        """Percent of closed deals won, or None when too few deals closed in the segment."""
        for key in ((industry, size_band), (industry,)):
            won, closed = self._counts.get(key, (0, 0))
            if closed >= MIN_SEGMENT_DEALS:
                return round(100 * won / closed)
        return None

