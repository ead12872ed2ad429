"""Choosing and loading the scorer: the offline heads by default, any transformers text-classification model
when CRM_SENTIMENT_MODEL names one (urgency and category still come from the heads)."""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

from sentiment.heads import EmbeddingHeadScorer
from sentiment.scoring import ScorerUnavailable, TextScore

log = logging.getLogger(__name__)


def _sentiment_of(label: str) -> str:
    """Map a model's own label names onto negative / neutral / positive."""
    name = label.lower().replace("-", "_")
    if "neg" in name or name in ("label_0", "1 star", "2 stars"):
        return "negative"
    if "pos" in name or name in ("label_2", "4 stars", "5 stars"):
        return "positive"
    if "neu" in name or name in ("label_1", "3 stars"):
        return "neutral"
    raise ScorerUnavailable(f"cannot tell whether the model's label {label!r} is negative, neutral or positive")


class TransformersScorer:
    """Sentiment from a `pipeline("text-classification")` model; urgency and category from the offline heads."""

    def __init__(self, model: str, heads: EmbeddingHeadScorer, *, allow_download: bool = False, batch_size: int = 32):
        local = Path(model).expanduser().exists()
        if local or not allow_download:
            os.environ["HF_HUB_OFFLINE"] = "1"
        from transformers import pipeline

        try:
            self.pipeline = pipeline("text-classification", model=model, top_k=None, device=-1)
        except Exception as exc:
            hint = ("not a local directory and downloads are off (set CRM_ALLOW_MODEL_DOWNLOAD=1 where the hub is "
                    "reachable, or point CRM_SENTIMENT_MODEL at a downloaded model)") if not local and not allow_download else str(exc)
            raise ScorerUnavailable(f"cannot load sentiment model {model!r}: {hint}") from exc
        self.heads = heads
        self.batch_size = batch_size
        self.name = f"transformers:{model}"

    def ready(self) -> bool:
        return True

    def score(self, texts: list[str]) -> list[TextScore]:
        if not texts:
            return []
        outputs = self.pipeline(texts, batch_size=self.batch_size, truncation=True)
        rest = self.heads.score(texts)
        results = []
        for output, extra in zip(outputs, rest):
            probabilities = {"negative": 0.0, "neutral": 0.0, "positive": 0.0}
            for item in output:
                probabilities[_sentiment_of(item["label"])] += float(item["score"])
            label = max(probabilities, key=probabilities.get)
            results.append(TextScore(label=label, score=round(probabilities["positive"] - probabilities["negative"], 4),
                                     confidence=round(probabilities[label], 4), urgency=extra.urgency, category=extra.category))
        return results


def load_scorer(model: str | None = None, *, embedding_model: str | None = None, allow_download: bool = False):
    from knowledge.embeddings import ModelUnavailable, shared_embedder

    try:
        heads = EmbeddingHeadScorer(shared_embedder(embedding_model, allow_download))
    except ModelUnavailable as exc:
        raise ScorerUnavailable(str(exc)) from exc
    return TransformersScorer(model, heads, allow_download=allow_download) if model else heads


class BackgroundScorer:
    """Loads the scorer in a thread so that nothing waits for it: until it is ready, writes are saved
    unscored (and rescored later)."""

    def __init__(self, **options):
        self.name = "loading"
        self.error: str | None = None
        self._scorer = None
        self._thread = threading.Thread(target=self._load, args=(options,), name="sentiment-loader", daemon=True)
        self._thread.start()

    def _load(self, options: dict) -> None:
        try:
            self._scorer = load_scorer(**options)
            self.name = self._scorer.name
        except Exception as exc:  # reported by ready()/error, never raised into a write
            self.error = str(exc)
            log.error("sentiment scoring is off: %s", exc)

    def wait(self, timeout: float | None = None) -> bool:
        self._thread.join(timeout)
        return self.ready()

    def ready(self) -> bool:
        return self._scorer is not None

    def score(self, texts: list[str]) -> list[TextScore]:
        if self._scorer is None:
            raise ScorerUnavailable(self.error or "the sentiment model is still loading")
        return self._scorer.score(texts)
