"""The knowledge base as one object: ingest, list, remove, search."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from knowledge import ingest as ingestion
from knowledge import search as searching
from knowledge.catalog import Catalog, DocumentInfo, Sentences, StoredChunk
from knowledge.config import KnowledgeConfig
from knowledge.embeddings import Embedder, shared_embedder
from knowledge.loaders import load_text
from knowledge.relevance import Calibration
from knowledge.sentences import quotable, table_rows


# What a sentence's score adds to its similarity: its share of the question's rare words, and its section's similarity.
LEXICAL_WEIGHT = 0.3
SECTION_WEIGHT = 0.3
# A table row answers a question about its row ("which plans have SSO?" -> "SSO: Business, Enterprise"), not one
# that merely shares the table's topic ("is yearly cheaper?" is not answered by "Starter: ... $115.20").
ROW_OFF_TOPIC = 0.3
# Questions for the largest or smallest value are answered by a sentence (or row) that states the maximum or
# minimum: it gets EXTREME_WEIGHT.
EXTREME_WEIGHT = 0.3
_EXTREMES = ((re.compile(r"\b(?:biggest|largest|highest|longest|max(?:imum)?|up to|at most|cap|limit)\b", re.I), "maximum max"),
             (re.compile(r"\b(?:smallest|least|lowest|shortest|min(?:imum)?|at least)\b", re.I), "minimum min"))


# A sentence (or its section's heading) that repeats the question's own words in their order - the error message or
# the label the user typed, "refused to connect", 'Sync paused' - states what they are looking at: PHRASE_WEIGHT.
PHRASE_WEIGHT = 0.2
_WORDS = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
_QUOTED = re.compile(r"(?:^|(?<=[\s(]))[\"'‘“]([^\"‘’“”]{3,60}?)[\"'’”](?=[\s.,;:!?)]|$)")
_FILLER = frozenset("a an the to of in on for and or is are be it its my our your we i you this that with at by as "
                    "what how do does can".split())


def _phrases(query: str) -> list[str]:
    """The runs the question's sentences may repeat: what it quotes, and every three words in a row with two of
    them more than filler."""
    words = _WORDS.findall(query.lower())
    runs = [" ".join(words[i:i + 3]) for i in range(len(words) - 2)
            if sum(w not in _FILLER for w in words[i:i + 3]) >= 2]
    quoted = [" ".join(_WORDS.findall(m.group(1).lower())) for m in _QUOTED.finditer(query)]
    return [p for p in quoted + runs if p]


def _repeats(phrases: list[str], text: str) -> bool:
    said = f" {' '.join(_WORDS.findall(text.lower()))} "
    return any(f" {phrase} " in said for phrase in phrases)


class DocumentNotFound(LookupError):
    pass


class KnowledgeBase:
    def __init__(self, config: KnowledgeConfig, *, embedder: Embedder | None = None, calibration: Calibration | None = None):
        from knowledge.vectors import VectorStore

        self.config = config
        self.embedder = embedder or shared_embedder(config.embedding_model, config.allow_model_download)
        self.catalog = Catalog(config.data_dir / "knowledge.sqlite3")
        self.vectors = VectorStore(config, self.embedder)
        self.calibration = calibration or Calibration.load()
        self.write_lock = threading.Lock()  # one ingestion or removal at a time

    def ingest_paths(self, paths: Iterable[Path], progress: ingestion.Progress | None = None) -> ingestion.IngestReport:
        return ingestion.ingest_paths(self, paths, progress)

    def ingest_text(self, *, title: str, text: str, source: str, kind: str = "markdown") -> ingestion.IngestReport:
        return ingestion.ingest_document(self, load_text(text, source=source, kind=kind, title=title))

    def documents(self) -> list[DocumentInfo]:
        return self.catalog.list()

    def document(self, document_id: int) -> DocumentInfo:
        info = self.catalog.get(document_id)
        if info is None:
            raise DocumentNotFound(f"knowledge-base document {document_id} does not exist")
        return info

    def chunks(self, document_id: int) -> list[StoredChunk]:
        self.document(document_id)
        return self.catalog.chunks_of(document_id)

    def remove(self, document_id: int) -> None:
        with self.write_lock:
            self.document(document_id)
            self.catalog.remove(document_id)  # searches stop seeing it now
            self.vectors.delete_document(document_id)

    def search(self, query: str, k: int = 5) -> searching.SearchResult:
        return searching.search(self, query, k)

    def quotes(self, query: str, chunks: list[StoredChunk]) -> list[list[tuple[str, float]]]:
        """Each chunk's quotable sentences scored against the query, in the chunk's order:
        - their similarity to it;
        - plus the share of the query's word weight (IDF) they contain: this finds the sentence that states the
          asked-for fact ("600 requests per minute" for "max requests per minute") when a sentence merely on the
          topic is closer in meaning;
        - plus the similarity of their section (heading and body, as stored at ingest): "We can usually extend it
          once" answers "can we get more time?" because it sits under "Can I extend my trial?";
        - minus ROW_OFF_TOPIC for a table row whose label the question does not name;
        - plus PHRASE_WEIGHT when it or its section's heading repeats the question's words in their order.
        """
        return self.quotes_each([query], chunks)[0]

    def quotes_each(self, queries: list[str], chunks: list[StoredChunk]) -> list[list[list[tuple[str, float]]]]:
        """quotes() for several queries over the same chunks (a question and its parts): the sentences, their
        stems and the sections are read once, and the queries are encoded in one batch."""
        stored = self._sentences(chunks)
        normalised = [" ".join(q.split()) for q in queries]
        vectors = self.embedder.remember(normalised)  # as search() embedded it: cached
        revisions = self.catalog.current_revisions({c.document_id for c in chunks})
        keys = {c.id: (c.document_id, revisions.get(c.document_id, -1), c.position) for c in chunks}
        sections = self.vectors.stored(list(keys.values()))
        texts = {chunk.id: [text for text, _ in stored[chunk.id]] for chunk in chunks}
        stems = {chunk.id: self.catalog.stems(texts[chunk.id]) if texts[chunk.id] else [] for chunk in chunks}
        labels = {}
        for chunk in chunks:
            rows = table_rows(chunk.text)
            labels[chunk.id] = dict(zip(rows, self.catalog.stems(list(rows.values())))) if rows else {}
        return [self._scored(query, question, chunks, stored, keys, sections, stems, labels)
                for query, question in zip(queries, vectors)]

    def _scored(self, query, question, chunks, stored, keys, sections, stems, labels) -> list[list[tuple[str, float]]]:
        weights = self.catalog.word_weights(query)
        total = sum(weights.values()) or 1.0
        extremes = self._extremes_asked(query)
        asked = set(weights) | extremes
        phrases = _phrases(query)
        scored = []
        for chunk in chunks:
            heading = chunk.heading_path.split(" > ")[-1] if " > " in chunk.heading_path else ""
            heading_repeats = bool(heading) and _repeats(phrases, heading)
            section = float(sections[keys[chunk.id]] @ question) if keys[chunk.id] in sections else 0.0
            stemmed = stems[chunk.id] if weights or extremes else [set()] * len(stored[chunk.id])
            scored.append([(text, float(vector @ question) + SECTION_WEIGHT * section
                            + LEXICAL_WEIGHT * sum(w for s, w in weights.items() if s in stemmed[i]) / total
                            - (ROW_OFF_TOPIC if text in labels[chunk.id] and not labels[chunk.id][text] & asked else 0.0)
                            + (EXTREME_WEIGHT if extremes & stemmed[i] else 0.0)
                            + (PHRASE_WEIGHT if heading_repeats or _repeats(phrases, text) else 0.0))
                           for i, (text, vector) in enumerate(stored[chunk.id])])
        return scored

    def _extremes_asked(self, query: str) -> set[str]:
        words = " ".join(words for pattern, words in _EXTREMES if pattern.search(query))
        return self.catalog.stems([words])[0] if words else set()

    def best_sentence_similarity(self, keys: list[tuple[int, int]], query_vector: np.ndarray) -> dict[int, float]:
        """Per document, the similarity of the sentence closest to the question among the chunks at these
        (document, position) keys: one sentence that answers it is strong evidence even when the chunk as a
        whole is about more."""
        chunks = self.catalog.chunks_at(keys)
        stored = self._sentences(chunks)
        best: dict[int, float] = {}
        for chunk in chunks:
            if stored[chunk.id]:
                similarity = float(np.max(np.stack([v for _, v in stored[chunk.id]]) @ query_vector))
                best[chunk.document_id] = max(best.get(chunk.document_id, -1.0), similarity)
        return best

    def _sentences(self, chunks: list[StoredChunk]) -> dict[int, Sentences]:
        stored = self.catalog.sentences_of([c.id for c in chunks])
        for chunk in chunks:
            if chunk.id not in stored:  # indexed before sentence vectors were kept: embed once, keep them
                texts = quotable(chunk.text)
                stored[chunk.id] = list(zip(texts, self.embedder.encode(texts))) if texts else []
                if texts:
                    self.catalog.store_sentences(chunk.id, stored[chunk.id])
        return stored

    def close(self) -> None:
        self.catalog.close()
