"""The knowledge base as one object: ingest, list, remove, search."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from pathlib import Path

from knowledge import ingest as ingestion
from knowledge import search as searching
from knowledge.catalog import Catalog, DocumentInfo, StoredChunk
from knowledge.config import KnowledgeConfig
from knowledge.embeddings import Embedder, shared_embedder
from knowledge.loaders import load_text
from knowledge.relevance import Calibration


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

    def close(self) -> None:
        self.catalog.close()
