"""Which text to embed per chunk: body only, title + body, or heading path + body (what ingestion uses).

    .venv/bin/python benchmarks/kb_embedding_text.py

Dense retrieval only (exact cosine in numpy), one score per article (its best chunk), on the dev questions
of evals/datasets/kb_questions.jsonl. Prints top-1 and MRR per variant.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from evals.kb import HELP_CENTRE, questions  # noqa: E402
from knowledge.chunking import chunk_document  # noqa: E402
from knowledge.embeddings import shared_embedder  # noqa: E402
from knowledge.ingest import discover  # noqa: E402
from knowledge.loaders import load_file  # noqa: E402

VARIANTS = {
    "body only": lambda doc, c: c.text,
    "title + body": lambda doc, c: f"{doc.title}\n\n{c.text}",
    "heading path + body (used)": lambda doc, c: f"{c.heading_path}\n\n{c.text}",
    "heading path only": lambda doc, c: c.heading_path,
}


def main() -> None:
    embedder = shared_embedder(None)
    files, _ = discover([HELP_CENTRE])
    chunks = []
    for path in files:
        doc = load_file(path.resolve())
        article = path.resolve().relative_to(HELP_CENTRE.resolve()).as_posix()
        chunks += [(article, doc, c) for c in chunk_document(doc)]
    inside, _ = questions("dev")
    query_vectors = embedder.encode([q["question"] for q in inside])
    articles = [a for a, _, _ in chunks]
    print(f"{len(files)} articles, {len(chunks)} chunks, {len(inside)} dev questions\n")
    print("| embedded text | top-1 | MRR |\n|---|---|---|")
    for name, text_of in VARIANTS.items():
        vectors = embedder.encode([text_of(doc, c) for _, doc, c in chunks])
        similarity = query_vectors @ vectors.T
        top1, reciprocal = 0, 0.0
        for row, question in zip(similarity, inside):
            best: dict[str, float] = {}
            for article, value in zip(articles, row):
                best[article] = max(best.get(article, -1.0), float(value))
            ranking = sorted(best, key=best.get, reverse=True)
            rank = ranking.index(question["article"]) + 1
            top1 += rank == 1
            reciprocal += 1 / rank
        print(f"| {name} | {top1 / len(inside):.3f} | {reciprocal / len(inside):.3f} |")


if __name__ == "__main__":
    main()
