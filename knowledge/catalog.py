"""The document catalog and the lexical index, in one SQLite file under the data directory.

A document's chunks are swapped in one transaction (the FTS5 rows with them), so a search never sees a
half-indexed document. Dense hits are only accepted when they belong to a document's current revision.
"""

from __future__ import annotations

import math
import re
import sqlite3
import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from knowledge.chunking import Chunk
from knowledge.sentences import QUOTABLE_VERSION

# A chunk's quotable sentences with their vectors, in the chunk's order.
Sentences = list[tuple[str, np.ndarray]]

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    kind TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    revision INTEGER NOT NULL DEFAULT 0,
    chunk_count INTEGER NOT NULL DEFAULT 0,
    ready INTEGER NOT NULL DEFAULT 0,
    ingested_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS chunks (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    heading_path TEXT NOT NULL,
    text TEXT NOT NULL,
    UNIQUE (document_id, position)
);
CREATE TABLE IF NOT EXISTS sentences (
    chunk_id INTEGER NOT NULL REFERENCES chunks(id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    text TEXT NOT NULL,
    vector BLOB NOT NULL,  -- float32, the embedder's dimension
    PRIMARY KEY (chunk_id, ordinal)
);
CREATE VIRTUAL TABLE IF NOT EXISTS chunks_fts USING fts5(text, heading_path, title, tokenize = 'porter unicode61');
CREATE VIRTUAL TABLE IF NOT EXISTS chunks_vocab USING fts5vocab(chunks_fts, 'row');
"""

# A query word found in more than this share of chunks says little and makes the lexical query slow: it is
# left out of the MATCH (the rarest words are kept, at most MAX_QUERY_TERMS).
COMMON_TERM_SHARE = 0.2
# A chat message tells a story before it asks ("our bank swapped the card last week … payment didn't go
# through"): its rarest words are often the story's, so 8 kept only those. 16 reaches the words that name the
# topic (measured on the support conversations of evals.agent: 639 -> 645 of 722; 24 did no better).
MAX_QUERY_TERMS = 16
# FTS5 ranks every chunk that matches any word, so the cost grows with the words' summed document frequency.
# Rarest words first, until this many postings: a small help centre keeps all its informative words, a large
# one keeps the rare ones, which carry the BM25 weight anyway (benchmarks/kb.py: p95 at 100k chunks).
POSTINGS_BUDGET = 4000

# Words too common to say anything about which article answers a question.
STOPWORDS = frozenset(
    "a an and are as at be but by can do does for from has have how i if in is it its me my no not of on or our "
    "so that the their them there this to us was we what when where which who why will with you your i'm im "
    "please hi hello thanks thank get got".split()
)
_WORD = re.compile(r"[\w']+", re.UNICODE)


@dataclass(frozen=True)
class DocumentInfo:
    id: int
    source: str
    title: str
    kind: str
    content_hash: str
    revision: int
    chunk_count: int
    ingested_at: str


@dataclass(frozen=True)
class StoredChunk:
    id: int
    document_id: int
    position: int
    heading_path: str
    text: str
    title: str
    source: str


class Catalog:
    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self._connection = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._connection.row_factory = sqlite3.Row
        self._lock = threading.RLock()
        self._writes = 0
        self._total_cache: tuple[int, int] = (-1, 0)
        self._stemmer = _Stemmer()
        with self._lock:
            self._connection.execute("PRAGMA journal_mode=WAL")
            self._connection.execute("PRAGMA foreign_keys=ON")
            self._connection.executescript(SCHEMA)
            # Sentences split by an older quotable() are dropped: they are re-split and re-embedded when next read.
            if self._connection.execute("PRAGMA user_version").fetchone()[0] != QUOTABLE_VERSION:
                self._connection.execute("DELETE FROM sentences")
                self._connection.execute(f"PRAGMA user_version = {QUOTABLE_VERSION}")

    def close(self) -> None:
        self._connection.close()

    # -- documents ---------------------------------------------------------------------------------------

    def by_source(self, source: str) -> DocumentInfo | None:
        row = self._connection.execute("SELECT * FROM documents WHERE source = ?", (source,)).fetchone()
        return _info(row) if row else None

    def get(self, document_id: int) -> DocumentInfo | None:
        row = self._connection.execute("SELECT * FROM documents WHERE id = ? AND ready = 1", (document_id,)).fetchone()
        return _info(row) if row else None

    def list(self) -> list[DocumentInfo]:
        rows = self._connection.execute("SELECT * FROM documents WHERE ready = 1 ORDER BY id").fetchall()
        return [_info(r) for r in rows]

    def reserve(self, *, source: str, title: str, kind: str, content_hash: str) -> tuple[int, int]:
        """The document's id and the revision its new chunks will carry (the document stays hidden until ready)."""
        with self._lock:
            existing = self.by_source(source)
            if existing is not None:
                return existing.id, existing.revision + 1
            cursor = self._connection.execute(
                "INSERT INTO documents (source, title, kind, content_hash, revision, ready, ingested_at) VALUES (?, ?, ?, ?, 0, 0, ?)",
                (source, title, kind, content_hash, _now()),
            )
            return cursor.lastrowid, 1

    def publish(self, *, document_id: int, revision: int, title: str, kind: str, content_hash: str, chunks: list[Chunk],
                sentences: list[Sentences] | None = None) -> None:
        """Swap the document's chunks, lexical rows and sentence vectors for the new ones, in one transaction."""
        with self._lock:
            connection = self._connection
            connection.execute("BEGIN IMMEDIATE")
            try:
                old = [r[0] for r in connection.execute("SELECT id FROM chunks WHERE document_id = ?", (document_id,))]
                connection.executemany("DELETE FROM chunks_fts WHERE rowid = ?", [(i,) for i in old])
                connection.execute("DELETE FROM chunks WHERE document_id = ?", (document_id,))
                for index, chunk in enumerate(chunks):
                    cursor = connection.execute(
                        "INSERT INTO chunks (document_id, position, heading_path, text) VALUES (?, ?, ?, ?)",
                        (document_id, chunk.position, chunk.heading_path, chunk.text),
                    )
                    connection.execute(
                        "INSERT INTO chunks_fts (rowid, text, heading_path, title) VALUES (?, ?, ?, ?)",
                        (cursor.lastrowid, chunk.text, chunk.heading_path, title),
                    )
                    if sentences is not None:
                        self._insert_sentences(cursor.lastrowid, sentences[index])
                connection.execute(
                    "UPDATE documents SET title = ?, kind = ?, content_hash = ?, revision = ?, chunk_count = ?, ready = 1, "
                    "ingested_at = ? WHERE id = ?",
                    (title, kind, content_hash, revision, len(chunks), _now(), document_id),
                )
                connection.execute("COMMIT")
                self._writes += 1
            except BaseException:
                connection.execute("ROLLBACK")
                raise

    def _insert_sentences(self, chunk_id: int, items: Sentences) -> None:
        self._connection.executemany(
            "INSERT OR REPLACE INTO sentences (chunk_id, ordinal, text, vector) VALUES (?, ?, ?, ?)",
            [(chunk_id, i, text, np.asarray(vector, dtype=np.float32).tobytes()) for i, (text, vector) in enumerate(items)],
        )

    def sentences_of(self, chunk_ids: list[int]) -> dict[int, Sentences]:
        """Stored sentences per chunk; a chunk indexed before sentences were stored is missing from the result."""
        if not chunk_ids:
            return {}
        marks = ",".join("?" * len(chunk_ids))
        rows = self._connection.execute(
            f"SELECT chunk_id, text, vector FROM sentences WHERE chunk_id IN ({marks}) ORDER BY chunk_id, ordinal",
            tuple(chunk_ids),
        ).fetchall()
        found: dict[int, Sentences] = {}
        for chunk_id, text, blob in rows:
            found.setdefault(chunk_id, []).append((text, np.frombuffer(blob, dtype=np.float32)))
        return found

    def store_sentences(self, chunk_id: int, items: Sentences) -> None:
        """Backfill for a chunk indexed before sentence vectors were kept (skipped if the chunk is gone)."""
        with self._lock:
            connection = self._connection
            connection.execute("BEGIN IMMEDIATE")
            try:
                if connection.execute("SELECT 1 FROM chunks WHERE id = ?", (chunk_id,)).fetchone():
                    self._insert_sentences(chunk_id, items)
                connection.execute("COMMIT")
            except BaseException:
                connection.execute("ROLLBACK")
                raise

    def abandon(self, document_id: int) -> None:
        """Forget a reserved document that never became ready (its ingestion failed)."""
        with self._lock:
            self._connection.execute("DELETE FROM documents WHERE id = ? AND ready = 0", (document_id,))

    def remove(self, document_id: int) -> bool:
        with self._lock:
            connection = self._connection
            connection.execute("BEGIN IMMEDIATE")
            try:
                old = [r[0] for r in connection.execute("SELECT id FROM chunks WHERE document_id = ?", (document_id,))]
                connection.executemany("DELETE FROM chunks_fts WHERE rowid = ?", [(i,) for i in old])
                deleted = connection.execute("DELETE FROM documents WHERE id = ?", (document_id,)).rowcount
                connection.execute("COMMIT")
                self._writes += 1
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            return bool(deleted)

    def current_revisions(self, document_ids: set[int]) -> dict[int, int]:
        if not document_ids:
            return {}
        marks = ",".join("?" * len(document_ids))
        rows = self._connection.execute(
            f"SELECT id, revision FROM documents WHERE ready = 1 AND id IN ({marks})", tuple(document_ids)
        ).fetchall()
        return {r[0]: r[1] for r in rows}

    def chunk(self, document_id: int, position: int) -> StoredChunk | None:
        row = self._connection.execute(
            "SELECT c.id, c.document_id, c.position, c.heading_path, c.text, d.title, d.source FROM chunks c "
            "JOIN documents d ON d.id = c.document_id WHERE c.document_id = ? AND c.position = ?",
            (document_id, position),
        ).fetchone()
        return StoredChunk(*row) if row else None

    def chunks_at(self, keys: list[tuple[int, int]]) -> list[StoredChunk]:
        """The chunks at these (document id, position) keys, in one query."""
        if not keys:
            return []
        values = ",".join("(?, ?)" for _ in keys)
        rows = self._connection.execute(
            "SELECT c.id, c.document_id, c.position, c.heading_path, c.text, d.title, d.source FROM chunks c "
            f"JOIN documents d ON d.id = c.document_id WHERE (c.document_id, c.position) IN (VALUES {values})",
            tuple(x for key in keys for x in key),
        ).fetchall()
        return [StoredChunk(*r) for r in rows]

    def chunks_of(self, document_id: int) -> list[StoredChunk]:
        rows = self._connection.execute(
            "SELECT c.id, c.document_id, c.position, c.heading_path, c.text, d.title, d.source FROM chunks c "
            "JOIN documents d ON d.id = c.document_id WHERE c.document_id = ? ORDER BY c.position",
            (document_id,),
        ).fetchall()
        return [StoredChunk(*r) for r in rows]

    # -- lexical search ------------------------------------------------------------------------------------

    def lexical(self, query: str, limit: int) -> list[tuple[int, int, float]]:
        """(document_id, position, bm25) of the best chunks: the question's informative words OR-ed, rarer words
        weighing more (BM25), heading path and title above the body."""
        words = self._informative_words(query)
        if not words:
            return []
        match = " OR ".join(f'"{w}"' for w in words)
        rows = self._connection.execute(
            "SELECT c.document_id, c.position, bm25(chunks_fts, 1.0, 2.0, 3.0) AS rank FROM chunks_fts "
            "JOIN chunks c ON c.id = chunks_fts.rowid WHERE chunks_fts MATCH ? ORDER BY rank LIMIT ?",
            (match, limit),
        ).fetchall()
        return [(r[0], r[1], -r[2]) for r in rows]

    def _informative_words(self, query: str) -> list[str]:
        words = content_words(query)
        if not words:
            return []
        frequencies = self.document_frequencies(words)
        present = sorted((n, w) for w, n in frequencies.items() if n > 0)
        total = max(self.chunk_total(), 1)
        rare = [(n, w) for n, w in present if n <= COMMON_TERM_SHARE * total][:MAX_QUERY_TERMS]
        kept, postings = [], 0
        for n, w in rare:
            if kept and postings + n > POSTINGS_BUDGET:
                break
            kept.append(w)
            postings += n
        return kept or [w for _, w in present[:1]]

    def titled(self, words: list[str], limit: int = 20) -> list[tuple[int, str]]:
        """(document_id, title) of the documents whose title has any of these words: an index search on the title
        column, not a scan of the documents."""
        if not words:
            return []
        match = " OR ".join(f'title:"{w}"' for w in words)
        return [tuple(r) for r in self._connection.execute(
            "SELECT DISTINCT c.document_id, d.title FROM chunks_fts JOIN chunks c ON c.id = chunks_fts.rowid "
            "JOIN documents d ON d.id = c.document_id WHERE chunks_fts MATCH ? LIMIT ?", (match, limit))]

    def with_phrase(self, words: list[str], limit: int = 5) -> list[int]:
        """The documents whose text has these words in this order (an FTS5 phrase query on the index)."""
        if not words:
            return []
        match = '"' + " ".join(w.replace('"', "") for w in words) + '"'
        return [r[0] for r in self._connection.execute(
            "SELECT DISTINCT c.document_id FROM chunks_fts JOIN chunks c ON c.id = chunks_fts.rowid "
            "WHERE chunks_fts MATCH ? LIMIT ?", (match, limit))]

    def document_frequencies(self, words: list[str]) -> dict[str, int]:
        """How many chunks contain each word (after the index's own stemming), from the FTS5 vocabulary."""
        stems = self._stemmer.stems(words)
        wanted = sorted({s for group in stems for s in group})
        if not wanted:
            return {w: 0 for w in words}
        marks = ",".join("?" * len(wanted))
        counts = dict(self._connection.execute(f"SELECT term, doc FROM chunks_vocab WHERE term IN ({marks})", wanted).fetchall())
        # A word the tokenizer splits (e.g. "e-mail") counts as its rarest part.
        return {w: min((counts.get(s, 0) for s in group), default=0) for w, group in zip(words, stems)}

    def matched_idf(self, query: str, chunk_ids: list[int]) -> dict[int, float]:
        """For each chunk, the summed IDF of the query words it contains.

        IDF is Lucene's log(1 + (N - n + 0.5) / (n + 0.5)): unlike FTS5's own BM25 it stays meaningful in a
        small knowledge base, so the relevance score means the same with 5 documents or 50,000.
        """
        result = {chunk_id: 0.0 for chunk_id in chunk_ids}
        words = content_words(query)
        if not words or not chunk_ids:
            return result
        total = self.chunk_total()
        frequencies = self.document_frequencies(words)
        word_stems = dict(zip(words, self._stemmer.stems(words)))
        marks = ",".join("?" * len(chunk_ids))
        rows = self._connection.execute(
            f"SELECT c.id, c.heading_path || ' ' || c.text FROM chunks c WHERE c.id IN ({marks})", chunk_ids
        ).fetchall()
        chunk_stems = dict(zip([r[0] for r in rows], self._stemmer.stems([r[1] for r in rows])))
        for chunk_id, stems in chunk_stems.items():
            for word, n in frequencies.items():
                if n and word_stems[word] and word_stems[word] <= stems:
                    result[chunk_id] += math.log(1 + (total - n + 0.5) / (n + 0.5))
        return result

    def word_weights(self, query: str) -> dict[str, float]:
        """The stems of the query's words that occur in the knowledge base, each with its IDF (as matched_idf)."""
        words = content_words(query)
        if not words:
            return {}
        total = self.chunk_total()
        frequencies = self.document_frequencies(words)
        weights: dict[str, float] = {}
        for word, stem in zip(words, self._stemmer.stems(words)):
            n = frequencies.get(word, 0)
            for part in stem if n else ():
                weights[part] = max(weights.get(part, 0.0), math.log(1 + (total - n + 0.5) / (n + 0.5)))
        return weights

    def stems(self, texts: list[str]) -> list[set[str]]:
        """Each text's stems, as the index tokenizes it."""
        return self._stemmer.stems(texts)

    def chunk_total(self) -> int:
        key = self._generation()
        if self._total_cache[0] != key:
            self._total_cache = (key, self._connection.execute("SELECT count(*) FROM chunks").fetchone()[0])
        return self._total_cache[1]

    def _generation(self) -> int:
        # SQLite's data_version changes when another connection commits; our own writes bump _writes.
        return self._connection.execute("PRAGMA data_version").fetchone()[0] * 1_000_003 + self._writes


class _Stemmer:
    """The index's own tokenizer (porter + unicode61) applied to any text, through an in-memory FTS5 table,
    so that words are compared exactly as the index compares them."""

    CACHED = 50_000  # texts; a help-centre sentence is stemmed for every question that retrieves its chunk

    def __init__(self):
        self._connection = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
        self._connection.executescript(
            "CREATE VIRTUAL TABLE t USING fts5(text, tokenize = 'porter unicode61');"
            "CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance');"
        )
        self._lock = threading.Lock()
        self._known: dict[str, frozenset[str]] = {}

    def stems(self, texts: list[str]) -> list[set[str]]:
        with self._lock:
            known = {t: self._known[t] for t in texts if t in self._known}
            missing = list(dict.fromkeys(t for t in texts if t not in known))
            if missing:
                self._connection.execute("DELETE FROM t")
                self._connection.executemany("INSERT INTO t (rowid, text) VALUES (?, ?)", list(enumerate(missing, start=1)))
                found: list[set[str]] = [set() for _ in missing]
                for term, row in self._connection.execute("SELECT term, doc FROM v"):
                    found[row - 1].add(term)
                known.update(zip(missing, map(frozenset, found)))
                if len(self._known) + len(missing) > self.CACHED:
                    self._known.clear()
                self._known.update((t, known[t]) for t in missing)
            return [set(known[t]) for t in texts]


def content_words(text: str) -> list[str]:
    """The words of a query that can say which article answers it (lower-cased, no stopwords, no repeats)."""
    words = (m.group(0).lower().strip("'") for m in _WORD.finditer(text))
    return list(dict.fromkeys(w for w in words if w and w not in STOPWORDS))


def _info(row: sqlite3.Row) -> DocumentInfo:
    return DocumentInfo(
        id=row["id"], source=row["source"], title=row["title"], kind=row["kind"], content_hash=row["content_hash"],
        revision=row["revision"], chunk_count=row["chunk_count"], ingested_at=row["ingested_at"],
    )


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
