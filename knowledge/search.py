"""Hybrid retrieval: dense (Chroma) + lexical (FTS5/BM25), fused by reciprocal rank, one hit per document,
each with a calibrated relevance score."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from knowledge.relevance import features

if TYPE_CHECKING:
    from knowledge.base import KnowledgeBase

RRF_K = 60  # the usual reciprocal-rank-fusion constant
CANDIDATES = 30  # chunks taken from each retriever before fusing
# Documents given a calibrated score, whatever k: fusion ranks by position in two lists, and a document that only
# one retriever put high (a question worded unlike the article) can still be the one that answers.
SCORED = 8
_LEXICAL = ThreadPoolExecutor(max_workers=2, thread_name_prefix="kb-lexical")


@dataclass(frozen=True)
class SearchHit:
    document_id: int
    title: str
    source: str
    chunk: str
    heading_path: str
    position: int
    score: float  # calibrated: the probability that this document answers the question

    def as_dict(self) -> dict:
        return {
            "document_id": self.document_id, "title": self.title, "source": self.source, "chunk": self.chunk,
            "heading_path": self.heading_path, "position": self.position, "score": round(self.score, 4),
        }


@dataclass(frozen=True)
class SearchResult:
    query: str
    hits: list[SearchHit]
    threshold: float
    signals: list[list[float]] = field(default_factory=list, compare=False)  # per hit, for calibration

    @property
    def answerable(self) -> bool:
        """False means: nothing relevant enough; say so and offer a person instead of guessing."""
        return bool(self.hits) and self.hits[0].score >= self.threshold

    @property
    def relevant(self) -> list[SearchHit]:
        return [h for h in self.hits if h.score >= self.threshold]


def search(kb: "KnowledgeBase", query: str, k: int = 5) -> SearchResult:
    query = " ".join(query.split())
    if not query:
        return SearchResult(query=query, hits=[], threshold=kb.calibration.threshold)
    # The lexical query runs while the model encodes the question (both release the GIL).
    lexical_future = _LEXICAL.submit(kb.catalog.lexical, query, CANDIDATES)
    query_vector = kb.embedder.encode_one(query)
    dense = kb.vectors.query(query_vector, CANDIDATES)
    lexical = lexical_future.result()
    current = kb.catalog.current_revisions({h.document_id for h in dense})
    dense = [h for h in dense if current.get(h.document_id) == h.revision]  # skip replaced or removed revisions

    fused: dict[tuple[int, int], float] = {}
    for rank, hit in enumerate(dense):
        key = (hit.document_id, hit.position)
        fused[key] = fused.get(key, 0.0) + 1.0 / (RRF_K + rank + 1)
    for rank, (document_id, position, _) in enumerate(lexical):
        key = (document_id, position)
        fused[key] = fused.get(key, 0.0) + 1.0 / (RRF_K + rank + 1)

    best_similarity: dict[int, float] = {}
    for hit in dense:
        best_similarity[hit.document_id] = max(best_similarity.get(hit.document_id, -1.0), hit.similarity)
    best_lexical_rank: dict[int, int] = {}
    for rank, (document_id, _, _) in enumerate(lexical):
        best_lexical_rank.setdefault(document_id, rank)

    best_chunk: dict[int, tuple[float, int]] = {}
    for (document_id, position), value in fused.items():
        if value > best_chunk.get(document_id, (-1.0, 0))[0]:
            best_chunk[document_id] = (value, position)
    ranked = sorted(best_chunk.items(), key=lambda item: -item[1][0])[:max(k, SCORED)]

    stored_chunks = {d: kb.catalog.chunk(d, position) for d, (_, position) in ranked}
    # Documents found only lexically: their similarity comes from their stored vectors (no re-encoding).
    lexical_only = [(d, p) for d, (_, p) in ranked if d not in best_similarity]
    if lexical_only:
        revisions = kb.catalog.current_revisions({d for d, _ in lexical_only})
        keys = [(d, revisions[d], p) for d, p in lexical_only if d in revisions]
        for (d, _, _), vector in kb.vectors.stored(keys).items():
            best_similarity[d] = float(vector @ query_vector)
    idf = kb.catalog.matched_idf(query, [c.id for c in stored_chunks.values() if c is not None])
    # Sentences are looked at only in the chunks that either retriever found for the ranked documents.
    ranked_documents = {d for d, _ in ranked}
    best_sentence = kb.best_sentence_similarity([key for key in fused if key[0] in ranked_documents], query_vector)
    hits, signals = [], []
    for document_id, (_, position) in ranked:
        stored = stored_chunks[document_id]
        if stored is None:  # removed while we searched
            continue
        similarity = best_similarity.get(document_id, 0.0)
        others = [v for d, v in best_similarity.items() if d != document_id]
        margin = similarity - (max(others) if others else 0.0)
        values = features(similarity, best_lexical_rank.get(document_id), margin, idf.get(stored.id, 0.0),
                          best_sentence.get(document_id, similarity))
        signals.append(values)
        hits.append(SearchHit(document_id, stored.title, stored.source, stored.text, stored.heading_path, position,
                              kb.calibration.score(values)))
    order = sorted(range(len(hits)), key=lambda i: -hits[i].score)
    order = order[:k]
    return SearchResult(query=query, hits=[hits[i] for i in order], threshold=kb.calibration.threshold,
                        signals=[signals[i] for i in order])
