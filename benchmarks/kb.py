"""Knowledge-base speed: ingest throughput next to the model's raw encode throughput, and search latency
at 10k and 100k chunks.

    .venv/bin/python benchmarks/kb.py               # full run (100k chunks takes a few minutes)
    .venv/bin/python benchmarks/kb.py --sizes 10000

Ingest: the demo help centre copied N times (each copy a distinct document), ingested through the real
pipeline, against `Embedder.encode` on exactly the texts the pipeline embeds, in the same process.
Search: a store filled through the real write paths (catalog.publish + Chroma add) with chunks derived from
the help centre (text varied, vectors jittered and re-normalised), queried with the eval questions.
"""

from __future__ import annotations

import argparse
import math
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from evals.kb import HELP_CENTRE, questions  # noqa: E402
from knowledge.base import KnowledgeBase  # noqa: E402
from knowledge.chunking import Chunk, chunk_document  # noqa: E402
from knowledge.config import KnowledgeConfig  # noqa: E402
from knowledge.embeddings import shared_embedder  # noqa: E402
from knowledge.ingest import discover, embedding_text  # noqa: E402
from knowledge.loaders import load_file  # noqa: E402
from knowledge.sentences import quotable  # noqa: E402


def pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, math.ceil(q * len(ordered)) - 1)]


def ingest_benchmark(workdir: Path, copies: int) -> list[tuple[str, str]]:
    embedder = shared_embedder(None)
    source = workdir / "corpus"
    for i in range(copies):
        shutil.copytree(HELP_CENTRE, source / f"copy{i}")
        for path in (source / f"copy{i}").rglob("*.md"):
            path.write_text(path.read_text() + f"\n\n_Revision {i}._\n")
    files, _ = discover([source])
    chunks = [c for f in files for c in chunk_document(load_file(f.resolve()))]
    # What the pipeline embeds: each chunk (heading path + body) and its quotable sentences.
    texts = [embedding_text(c) for c in chunks] + [s for c in chunks for s in quotable(c.text)]
    embedder.encode(texts[:64])  # warm up

    t0 = time.perf_counter()
    embedder.encode(texts)
    raw = len(chunks) / (time.perf_counter() - t0)  # chunks/s, their sentences included, like the pipeline

    kb = KnowledgeBase(KnowledgeConfig(data_dir=workdir / "ingest"), embedder=embedder)
    t0 = time.perf_counter()
    report = kb.ingest_paths([source])
    pipeline = report.chunks / (time.perf_counter() - t0)
    kb.close()
    return [
        ("raw encode (same chunks and sentences)", f"{raw:,.0f} chunks/s"),
        (f"ingest pipeline ({len(files)} files, {report.chunks} chunks)", f"{pipeline:,.0f} chunks/s"),
        ("ingest / raw", f"{pipeline / raw:.2f}x (goal >= 0.85x)"),
    ]


def fill(kb: KnowledgeBase, size: int, base_chunks: list[Chunk], base_vectors: np.ndarray, base_sentences: list,
         rng: random.Random) -> None:
    words = " ".join(c.text for c in base_chunks).split()
    per_document = 200
    start = kb.catalog.chunk_total()
    for first in range(start, size, per_document):
        count = min(per_document, size - first)
        picks = [rng.randrange(len(base_chunks)) for _ in range(count)]
        chunks = [
            Chunk(position=i, heading_path=base_chunks[p].heading_path,
                  text=base_chunks[p].text + " " + " ".join(rng.choice(words) for _ in range(12)))
            for i, p in enumerate(picks)
        ]
        noise = np.random.default_rng(first).normal(0, 0.35, (count, base_vectors.shape[1])).astype(np.float32)
        vectors = base_vectors[picks] + noise * np.abs(base_vectors[picks]).mean()
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        doc_id, revision = kb.catalog.reserve(source=f"synthetic/{first}", title=f"Synthetic {first}", kind="markdown", content_hash=str(first))
        kb.vectors.add(document_id=doc_id, revision=revision, chunks=chunks, vectors=vectors)
        kb.catalog.publish(document_id=doc_id, revision=revision, title=f"Synthetic {first}", kind="markdown", content_hash=str(first), chunks=chunks,
                           sentences=[base_sentences[p] for p in picks])


def search_benchmark(workdir: Path, sizes: list[int]) -> list[tuple[str, str]]:
    embedder = shared_embedder(None)
    files, _ = discover([HELP_CENTRE])
    base_chunks = [c for f in files for c in chunk_document(load_file(f.resolve()))]
    base_vectors = embedder.encode([embedding_text(c) for c in base_chunks])
    base_sentences = [list(zip(quotable(c.text), embedder.encode(quotable(c.text)))) for c in base_chunks]
    inside, outside = questions()
    queries = [q["question"] for q in inside + outside]
    kb = KnowledgeBase(KnowledgeConfig(data_dir=workdir / "search"), embedder=embedder)
    rng = random.Random(1)
    rows = []
    for size in sorted(sizes):
        t0 = time.perf_counter()
        fill(kb, size, base_chunks, base_vectors, base_sentences, rng)
        filled = time.perf_counter() - t0
        for q in queries[:20]:
            kb.search(q)  # warm caches
        total, embed, dense, lexical = [], [], [], []
        for q in queries:
            embedder._recent.clear()  # every search embeds its question, as a new question would
            t0 = time.perf_counter()
            kb.search(q)
            total.append((time.perf_counter() - t0) * 1000)
            embedder._recent.clear()
            t0 = time.perf_counter()
            vector = embedder.encode_one(q)
            t1 = time.perf_counter()
            kb.vectors.query(vector, 30)
            t2 = time.perf_counter()
            kb.catalog.lexical(q, 30)
            t3 = time.perf_counter()
            embed.append((t1 - t0) * 1000)
            dense.append((t2 - t1) * 1000)
            lexical.append((t3 - t2) * 1000)
        label = f"{kb.catalog.chunk_total():,} chunks"
        rows.append((f"search p50 / p95, {label}", f"{statistics.median(total):.1f} / {pct(total, 0.95):.1f} ms (goal p95 <= 30 ms at 100k)"))
        rows.append((f"  of which query embedding p95", f"{pct(embed, 0.95):.1f} ms"))
        rows.append((f"  of which Chroma query p95", f"{pct(dense, 0.95):.1f} ms"))
        rows.append((f"  of which FTS5 query p95", f"{pct(lexical, 0.95):.1f} ms"))
        rows.append((f"  (filling to {label} took)", f"{filled:.0f} s"))
    kb.close()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=5, help="help-centre copies for the ingest measurement")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        rows = ingest_benchmark(Path(tmp), args.copies) + search_benchmark(Path(tmp), args.sizes)
    width = max(len(r[0]) for r in rows)
    print(f"\n| {'measure':<{width}} | result |\n|{'-' * (width + 2)}|--------|")
    for name, value in rows:
        print(f"| {name:<{width}} | {value} |")


if __name__ == "__main__":
    main()
