"""Ingestion: files and folders (or a text) -> chunks -> embeddings -> Chroma + catalog.

Unchanged content is a no-op; changed content gets a new revision whose chunks are published in one catalog
transaction before the old vectors are removed; a file that cannot be read is reported and skipped.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from knowledge.catalog import StoredChunk
from knowledge.chunking import Chunk, chunk_document
from knowledge.loaders import LoadedDocument, UnreadableDocument, is_supported, load_file
from knowledge.sentences import quotable

if TYPE_CHECKING:
    from knowledge.base import KnowledgeBase

# Progress events: (what is happening, done so far, total).
Progress = Callable[[str, int, int], None]


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    chunks: int = 0
    seconds: float = 0.0
    document_ids: list[int] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{len(self.added)} added, {len(self.updated)} updated, {len(self.unchanged)} unchanged, "
            f"{len(self.failed)} failed; {self.chunks} chunks in {self.seconds:.1f} s"
        )

    def as_dict(self) -> dict:
        return {
            "added": self.added, "updated": self.updated, "unchanged": self.unchanged,
            "failed": [{"path": p, "reason": r} for p, r in self.failed],
            "chunks": self.chunks, "seconds": round(self.seconds, 3), "document_ids": self.document_ids,
        }


@dataclass
class _Pending:
    document: LoadedDocument
    content_hash: str
    chunks: list[Chunk]
    is_update: bool


def embedding_text(chunk: Chunk | StoredChunk) -> str:
    """What is embedded for a chunk: its heading path (title included) and its body, so that short questions
    match titles. benchmarks/kb_embedding_text.py holds the comparison that chose this."""
    return f"{chunk.heading_path}\n\n{chunk.text}"


def discover(paths: Iterable[Path]) -> tuple[list[Path], list[tuple[str, str]]]:
    """Files to read (folders walked recursively) and named paths that cannot be read at all."""
    files, problems = [], []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and is_supported(p) and not _hidden(p, path)))
        elif path.is_file():
            files.append(path) if is_supported(path) else problems.append((str(path), f"unsupported file type {path.suffix!r}"))
        else:
            problems.append((str(path), "no such file or folder"))
    return files, problems


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def ingest_paths(kb: "KnowledgeBase", paths: Iterable[Path], progress: Progress | None = None) -> IngestReport:
    started = time.perf_counter()
    report = IngestReport()
    files, problems = discover([Path(p) for p in paths])
    report.failed.extend(problems)
    pending = []
    for index, path in enumerate(files, start=1):
        if progress:
            progress(f"reading {path.name}", index, len(files))
        try:
            document = load_file(path.resolve())
        except (UnreadableDocument, OSError) as exc:
            report.failed.append((str(path), str(exc)))
            continue
        item = _plan(kb, document, hashlib.sha256(path.read_bytes()).hexdigest(), report)
        if item is not None:
            pending.append(item)
    _index(kb, pending, report, progress)
    report.seconds = time.perf_counter() - started
    return report


def ingest_document(kb: "KnowledgeBase", document: LoadedDocument) -> IngestReport:
    started = time.perf_counter()
    report = IngestReport()
    item = _plan(kb, document, hashlib.sha256(document.text.encode()).hexdigest(), report)
    _index(kb, [item] if item else [], report, None)
    report.seconds = time.perf_counter() - started
    return report


def _plan(kb: "KnowledgeBase", document: LoadedDocument, content_hash: str, report: IngestReport) -> _Pending | None:
    existing = kb.catalog.by_source(document.source)
    if existing is not None and existing.content_hash == content_hash and existing.chunk_count > 0:
        report.unchanged.append(document.source)
        report.document_ids.append(existing.id)
        return None
    chunks = chunk_document(document)
    if not chunks:
        report.failed.append((document.source, "no text to index"))
        return None
    return _Pending(document, content_hash, chunks, is_update=existing is not None and existing.chunk_count > 0)


def _index(kb: "KnowledgeBase", pending: list[_Pending], report: IngestReport, progress: Progress | None) -> None:
    """Embed every pending chunk and its quotable sentences in large batches (the model's throughput), then
    publish document by document."""
    chunk_texts = [embedding_text(c) for item in pending for c in item.chunks]
    chunk_sentences = [quotable(c.text, c.heading_path) for item in pending for c in item.chunks]
    all_vectors = _encode(kb, chunk_texts + [s for found in chunk_sentences for s in found], progress)
    sentence_vectors = iter(all_vectors[len(chunk_texts):])
    sentences = [[(s, next(sentence_vectors)) for s in found] for found in chunk_sentences]
    offset = 0
    with kb.write_lock:
        for item in pending:
            item_vectors = all_vectors[offset:offset + len(item.chunks)]
            item_sentences = sentences[offset:offset + len(item.chunks)]
            offset += len(item.chunks)
            doc = item.document
            document_id, revision = kb.catalog.reserve(
                source=doc.source, title=doc.title, kind=doc.kind, content_hash=item.content_hash
            )
            try:
                kb.vectors.add(document_id=document_id, revision=revision, chunks=item.chunks, vectors=item_vectors)
                kb.catalog.publish(
                    document_id=document_id, revision=revision, title=doc.title, kind=doc.kind,
                    content_hash=item.content_hash, chunks=item.chunks, sentences=item_sentences,
                )
            except Exception as exc:
                kb.catalog.abandon(document_id)
                report.failed.append((doc.source, f"indexing failed: {exc}"))
                continue
            kb.vectors.delete_other_revisions(document_id=document_id, keep=revision)
            (report.updated if item.is_update else report.added).append(doc.source)
            report.document_ids.append(document_id)
            report.chunks += len(item.chunks)


def _encode(kb: "KnowledgeBase", texts: list[str], progress: Progress | None) -> np.ndarray:
    # Encode in length order (as one big encode call would): batches of similar length need little padding.
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    vectors = np.zeros((len(texts), kb.embedder.dimension), dtype=np.float32)
    step = kb.embedder.batch_size * 8
    for start in range(0, len(order), step):
        indices = order[start:start + step]
        vectors[indices] = kb.embedder.encode([texts[i] for i in indices])
        if progress:
            progress("embedding", min(start + step, len(texts)), len(texts))
    return vectors
