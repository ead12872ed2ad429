"""Ticket-scoring speed: batch throughput next to the raw model's throughput on the same texts in the same run,
and single-text latency.

    .venv/bin/python benchmarks/sentiment.py             # 2,000 texts
    .venv/bin/python benchmarks/sentiment.py --texts 500

"raw model" is `SentenceTransformer.encode` (batch 64) on exactly the texts scored, with nothing else: the
ceiling for the offline scorer, whose extra work is three small matrix products. Batch scoring is measured
through the scorer (what `crm sentiment score` and the write path call) and through POST /api/v1/sentiment
(HTTP in-process, JSON both ways, 256 texts per request). Latency: one text per call.
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from evals.sentiment import demo_ticket_rows, eval_rows  # noqa: E402
from knowledge.embeddings import shared_embedder  # noqa: E402
from sentiment.heads import EmbeddingHeadScorer  # noqa: E402


def pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, math.ceil(q * len(ordered)) - 1)]


def corpus(n: int) -> list[str]:
    base = [r["text"] for r in eval_rows() + demo_ticket_rows()]
    # Distinct texts (no cache can help), with the length mix of real tickets.
    return [f"{base[i % len(base)]} (ref {i})" for i in range(n)]


def throughput(function, texts: list[str], batch: int) -> float:
    started = time.perf_counter()
    for start in range(0, len(texts), batch):
        function(texts[start:start + batch])
    return len(texts) / (time.perf_counter() - started)


def api_client(scorer):
    from fastapi.testclient import TestClient

    from channels.http.app import create_app
    from crm_core import db
    from crm_core.actor import Actor
    from crm_core.config import Settings
    from crm_core.enums import Via
    from crm_core.users import service as users
    from crm_core.users.models import Role

    data_dir = Path(tempfile.mkdtemp(prefix="bench-sentiment-"))
    settings = Settings(data_dir=data_dir)
    app = create_app(settings, scorer=scorer)
    client = TestClient(app).__enter__()
    with db.unit_of_work(app.state.sessions) as session:
        issued = users.create_service_key(session=session, actor=Actor.system(Via.cli), role=Role.rep, name="bench")
    client.headers["Authorization"] = f"Bearer {issued.secret}"
    return client


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--texts", type=int, default=2000)
    parser.add_argument("--latency-samples", type=int, default=200)
    args = parser.parse_args()

    embedder = shared_embedder(None)
    scorer = EmbeddingHeadScorer(embedder)
    texts = corpus(args.texts)
    model = embedder.model
    model.encode(texts[:64], batch_size=64)  # warm up
    scorer.score(texts[:64])

    raw = throughput(lambda chunk: model.encode(chunk, batch_size=64, convert_to_numpy=True), texts, 64)
    scored = throughput(scorer.score, texts, 64)
    client = api_client(scorer)

    def post(chunk):
        response = client.post("/api/v1/sentiment", json={"texts": chunk})
        response.raise_for_status()

    api = throughput(post, texts, 256)

    singles = texts[: args.latency_samples]
    scorer_ms, api_ms = [], []
    for text in singles:
        started = time.perf_counter()
        scorer.score([text])
        scorer_ms.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        post([text])
        api_ms.append((time.perf_counter() - started) * 1000)
    client.__exit__(None, None, None)

    print(f"{len(texts)} texts, mean {sum(map(len, texts)) / len(texts):.0f} characters; model {scorer.name}\n")
    print("| path | texts/s | × raw model |")
    print("|---|---:|---:|")
    print(f"| raw model (SentenceTransformer.encode, batch 64) | {raw:.0f} | 1.00 |")
    print(f"| scorer.score (batch 64: sentiment + urgency + category) | {scored:.0f} | {scored / raw:.2f} |")
    print(f"| POST /api/v1/sentiment (256 per request) | {api:.0f} | {api / raw:.2f} |")
    print()
    print("| single text | p50 ms | p95 ms |")
    print("|---|---:|---:|")
    print(f"| scorer.score([text]) | {pct(scorer_ms, 0.5):.1f} | {pct(scorer_ms, 0.95):.1f} |")
    print(f"| POST /api/v1/sentiment | {pct(api_ms, 0.5):.1f} | {pct(api_ms, 0.95):.1f} |")


if __name__ == "__main__":
    main()
