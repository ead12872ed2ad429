"""The offline default: small linear classifier heads over the bundled sentence embeddings.

The heads are trained by `python -m sentiment.train` and shipped as `model/heads.npz` (+ `model/card.json`
with the data, the choices and the validation numbers). Inference is a matrix product and a softmax.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from sentiment.labels import TASKS
from sentiment.scoring import TextScore

MODEL_DIR = Path(__file__).with_name("model")


@dataclass(frozen=True)
class Head:
    labels: tuple[str, ...]
    weights: np.ndarray  # (labels, dimension)
    bias: np.ndarray  # (labels,)

    def probabilities(self, vectors: np.ndarray) -> np.ndarray:
        logits = vectors @ self.weights.T + self.bias
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)


def load_heads(directory: Path = MODEL_DIR) -> dict[str, Head]:
    arrays = np.load(directory / "heads.npz")
    card = json.loads((directory / "card.json").read_text())
    return {
        task: Head(labels=tuple(card["labels"][task]), weights=arrays[f"{task}_weights"], bias=arrays[f"{task}_bias"])
        for task in TASKS
    }


def save_heads(heads: dict[str, Head], card: dict, directory: Path = MODEL_DIR) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    arrays = {}
    for task, head in heads.items():
        arrays[f"{task}_weights"] = head.weights.astype(np.float32)
        arrays[f"{task}_bias"] = head.bias.astype(np.float32)
    np.savez_compressed(directory / "heads.npz", **arrays)
    card = {**card, "labels": {task: list(head.labels) for task, head in heads.items()}}
    (directory / "card.json").write_text(json.dumps(card, indent=2) + "\n")


class EmbeddingHeadScorer:
    """Sentiment, urgency and category from one embedding per text."""

    def __init__(self, embedder, heads: dict[str, Head] | None = None):
        self.embedder = embedder
        self.heads = heads or load_heads()
        self.name = "embedding-heads:" + json.loads((MODEL_DIR / "card.json").read_text()).get("version", "?")

    def ready(self) -> bool:
        return True

    def score(self, texts: list[str]) -> list[TextScore]:
        if not texts:
            return []
        vectors = self.embedder.encode([t if t.strip() else "(empty)" for t in texts])
        return self.score_vectors(vectors)

    def score_vectors(self, vectors: np.ndarray) -> list[TextScore]:
        sentiment = self.heads["sentiment"].probabilities(vectors)
        urgency = self.heads["urgency"].probabilities(vectors)
        category = self.heads["category"].probabilities(vectors)
        labels = self.heads["sentiment"].labels
        negative, positive = labels.index("negative"), labels.index("positive")
        results = []
        for s, u, c in zip(sentiment, urgency, category):
            best = int(s.argmax())
            results.append(
                TextScore(
                    label=labels[best],
                    score=round(float(s[positive] - s[negative]), 4),
                    confidence=round(float(s[best]), 4),
                    urgency=self.heads["urgency"].labels[int(u.argmax())],
                    category=self.heads["category"].labels[int(c.argmax())],
                )
            )
        return results
