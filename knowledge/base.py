"""The knowledge base as one object: ingest, list, remove, search."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

import numpy as np

from knowledge import ingest as ingestion
from knowledge import search as searching
from knowledge.catalog import Catalog, DocumentInfo, Sentences, StoredChunk, content_words
from knowledge.config import KnowledgeConfig
from knowledge.embeddings import Embedder, shared_embedder
from knowledge.loaders import load_text
from knowledge.quoting import QuoteWeights, answer_types
from knowledge.relevance import Calibration
from knowledge.sentences import quotable, table_rows


# Questions for the largest or smallest value are answered by a sentence (or row) that states the maximum or
# minimum (the "extreme" signal).
_EXTREMES = ((re.compile(r"\b(?:biggest|largest|highest|longest|max(?:imum)?|up to|at most|cap|limit)\b", re.I), "maximum max"),
             (re.compile(r"\b(?:smallest|least|lowest|shortest|min(?:imum)?|at least)\b", re.I), "minimum min"))


# A sentence (or its section's heading) that repeats the question's own words in their order - the error message or
# the label the user typed, "refused to connect", 'Sync paused' - states what they are looking at ("phrase").
_WORDS = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
_QUOTED = re.compile(r"(?:^|(?<=[\s(]))[\"'‘“]([^\"‘’“”]{3,60}?)[\"'’”](?=[\s.,;:!?)]|$)")
_FILLER = frozenset("a an the to of in on for and or is are be it its my our your we i you this that with at by as "
                    "what how do does can".split())

# The customer's "my recovery codes" is the article's "your recovery codes"
_ADDRESSED = {"my": "your", "our": "your"}


def _phrases(query: str) -> list[str]:
    """The runs the question's sentences may repeat: what it quotes, and every three words in a row with two of
    them more than filler."""
    words = [_ADDRESSED.get(w, w) for w in _WORDS.findall(query.lower())]
    runs = [" ".join(words[i:i + 3]) for i in range(len(words) - 2)
            if sum(w not in _FILLER for w in words[i:i + 3]) >= 2]
    quoted = [" ".join(_WORDS.findall(m.group(1).lower())) for m in _QUOTED.finditer(query)]
    return [p for p in quoted + runs if p]


def _repeats(phrases: list[str], text: str) -> bool:
    said = f" {' '.join(_WORDS.findall(text.lower()))} "
    return any(f" {phrase} " in said for phrase in phrases)


# "…; see the refund policy.", "See the GDPR and DPA article", "see the article on widgets not loading instead": an
# article sending the reader to another one, named by (part of) its title.
_SEE_ALSO = re.compile(r"\bsee (?:the|our) ([^.;,:|()*\n]+)", re.IGNORECASE)
_NOT_TITLE_WORDS = frozenset("article articles troubleshooting details instead".split())


def _title_words(text: str) -> list[str]:
    return [w for w in content_words(text) if w not in _NOT_TITLE_WORDS]


class Quote(NamedTuple):
    text: str
    score: float
    signals: tuple[float, ...]  # as knowledge/quoting.py names them, for fitting the weights


class DocumentNotFound(LookupError):
    pass


KEPT_SECTIONS = 4096  # chunk vectors kept for quoting, about 1.5 kB each


class KnowledgeBase:
    def __init__(self, config: KnowledgeConfig, *, embedder: Embedder | None = None, calibration: Calibration | None = None):
        from knowledge.vectors import VectorStore

        self.config = config
        self.embedder = embedder or shared_embedder(config.embedding_model, config.allow_model_download)
        self.catalog = Catalog(config.data_dir / "knowledge.sqlite3")
        self.vectors = VectorStore(config, self.embedder)
        self.calibration = calibration or Calibration.load()
        self.quote_weights = QuoteWeights.load()
        self.write_lock = threading.Lock()  # one ingestion or removal at a time
        self._section_vectors: dict[tuple, np.ndarray] = {}  # insertion-ordered: the oldest is dropped first
        self._section_lock = threading.Lock()  # turns run in several threads

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

    def cross_references(self, chunks: list[StoredChunk]) -> list[int]:
        """The other articles these chunks send the reader to, by title: "see the refund policy" is "Refund policy
        and how to request a refund". A phrase that names no title ("see the last 30 days of deliveries"), or
        fits two equally ("the articles on dashboards and widgets"), refers to nothing."""
        found: list[int] = []
        for chunk in chunks:
            for match in _SEE_ALSO.finditer(chunk.text):
                words = _title_words(match.group(1))
                candidates = [(d, t) for d, t in self.catalog.titled(words) if d != chunk.document_id]
                if not candidates:
                    continue
                wanted, *titles = self.catalog.stems([" ".join(words), *(t for _, t in candidates)])
                sizes = [len(self.catalog.stems([" ".join(_title_words(t))])[0]) for _, t in candidates]
                shared = [len(wanted & title) for title in titles]
                best = max(shared)
                says_article = "article" in match.group(1).lower()
                # Named outright: most of the title's own words ("refund policy"), or "the … article" and a word of it.
                if shared.count(best) == 1:
                    i = shared.index(best)
                    if 3 * best >= 2 * sizes[i] or says_article and best >= 1:
                        found.append(candidates[i][0])
        return list(dict.fromkeys(found))

    def quoting(self, query: str) -> list[int]:
        """The articles that have, word for word, a phrase the question quotes ("how long does the 'trust this
        device' option keep me …": the customer read it on the screen, and the article that has it explains it).
        A phrase found in more than two articles names none of them."""
        found: list[int] = []
        for match in _QUOTED.finditer(query):
            words = re.findall(r"\w+", match.group(1))
            if 2 <= len(words) <= 6 and 1 <= len(documents := self.catalog.with_phrase(words, limit=3)) <= 2:
                found += documents
        return list(dict.fromkeys(found))

    def quotes(self, query: str, chunks: list[StoredChunk]) -> list[list[Quote]]:
        """Each chunk's quotable sentences scored against the query, in the chunk's order. The score weighs the
        signals in knowledge/quoting.py (fitted weights): among them the sentence's similarity to the query; the
        share of the query's rare words it contains (finds "600 requests per minute" for "max requests per
        minute" when a sentence merely on the topic is closer in meaning); its section's similarity ("We can
        usually extend it once" answers "can we get more time?" under "Can I extend my trial?"); and whether it
        repeats the question's words in order, states the extreme or number asked for, or names the place.
        """
        return self.quotes_each([query], chunks)[0]

    def quotes_each(self, queries: list[str], chunks: list[StoredChunk]) -> list[list[list[Quote]]]:
        """quotes() for several queries over the same chunks (a question and its parts): the sentences, their
        stems and the sections are read once, and the queries are encoded in one batch."""
        stored = self._sentences(chunks)
        normalised = [" ".join(q.split()) for q in queries]
        vectors = self.embedder.remember(normalised)  # as search() embedded it: cached
        revisions = self.catalog.current_revisions({c.document_id for c in chunks})
        keys = {c.id: (c.document_id, revisions.get(c.document_id, -1), c.position) for c in chunks}
        sections = self._sections(chunks, keys)
        texts = {chunk.id: [text for text, _ in stored[chunk.id]] for chunk in chunks}
        stems = {chunk.id: self.catalog.stems(texts[chunk.id]) if texts[chunk.id] else [] for chunk in chunks}
        labels = {}
        for chunk in chunks:
            rows = table_rows(chunk.text)
            labels[chunk.id] = dict(zip(rows, self.catalog.stems(list(rows.values())))) if rows else {}
        return [self._scored(query, question, chunks, stored, keys, sections, stems, labels)
                for query, question in zip(queries, vectors)]

    def _scored(self, query, question, chunks, stored, keys, sections, stems, labels) -> list[list[Quote]]:
        weights = self.catalog.word_weights(query)
        total = sum(weights.values()) or 1.0
        extremes = self._extremes_asked(query)
        asked = set(weights) | extremes
        phrases = _phrases(query)
        signals = []
        for chunk in chunks:
            heading = chunk.heading_path.split(" > ")[-1] if " > " in chunk.heading_path else ""
            heading_repeats = bool(heading) and _repeats(phrases, heading)
            section = float(sections[keys[chunk.id]] @ question) if keys[chunk.id] in sections else 0.0
            stemmed = stems[chunk.id] if weights or extremes else [set()] * len(stored[chunk.id])
            signals.append([[float(vector @ question), section,
                             sum(w for s, w in weights.items() if s in stemmed[i]) / total,
                             1.0 if text in labels[chunk.id] else 0.0,
                             1.0 if text in labels[chunk.id] and labels[chunk.id][text] & asked else 0.0,
                             1.0 if extremes & stemmed[i] else 0.0,
                             1.0 if heading_repeats or _repeats(phrases, text) else 0.0,
                             *answer_types(query, text)]
                            for i, (text, vector) in enumerate(stored[chunk.id])])
        # How far each sentence (and its section) is behind the best one for this question.
        every = [values for per_chunk in signals for values in per_chunk]
        best_similarity = max((v[0] for v in every), default=0.0)
        best_section = max((v[1] for v in every), default=0.0)
        scored = []
        for chunk, per_chunk in zip(chunks, signals):
            row = []
            for (text, _), values in zip(stored[chunk.id], per_chunk):
                values = [*values, values[0] - best_similarity, values[1] - best_section]
                row.append(Quote(text, self.quote_weights.score(values), tuple(round(v, 4) for v in values)))
            scored.append(row)
        return scored

    def _sections(self, chunks: list[StoredChunk], keys: dict[int, tuple[int, int, int]]) -> dict[tuple, np.ndarray]:
        """The chunks' stored vectors by key. A chat turn reads the same sections again and again, so they are kept:
        a key names one revision of a chunk, and the chunk's text and heading are part of what is kept, in case
        another process removed the document and its id came back with new text."""
        def kept(chunk):
            return keys[chunk.id], chunk.heading_path, chunk.text

        with self._section_lock:
            known = {c.id: self._section_vectors.get(kept(c)) for c in chunks}
        missing = [c for c in chunks if known[c.id] is None]
        read = self.vectors.stored([keys[c.id] for c in missing]) if missing else {}
        with self._section_lock:
            for chunk in missing:
                if (vector := read.get(keys[chunk.id])) is not None:
                    vector.setflags(write=False)  # shared by every turn that quotes this chunk
                    known[chunk.id] = self._section_vectors[kept(chunk)] = vector
            while len(self._section_vectors) > KEPT_SECTIONS:
                self._section_vectors.pop(next(iter(self._section_vectors)))
        return {keys[c.id]: known[c.id] for c in chunks if known[c.id] is not None}

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
                texts = quotable(chunk.text, chunk.heading_path)
                stored[chunk.id] = list(zip(texts, self.embedder.encode(texts))) if texts else []
                if texts:
                    self.catalog.store_sentences(chunk.id, stored[chunk.id])
        return stored

    def close(self) -> None:
        self.catalog.close()
