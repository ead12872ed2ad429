"""Chunk vectors in Chroma: embedded PersistentClient under the data directory, or a Chroma server."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlparse

import numpy as np

from knowledge.chunking import Chunk
from knowledge.config import KnowledgeConfig
from knowledge.embeddings import ChromaEmbeddingFunction, Embedder


@dataclass(frozen=True)
class DenseHit:
    document_id: int
    revision: int
    position: int
    similarity: float  # cosine, -1..1


def chroma_client(config: KnowledgeConfig):
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    settings = ChromaSettings(anonymized_telemetry=False)
    if config.chroma_url:
        url = urlparse(config.chroma_url)
        return chromadb.HttpClient(
            host=url.hostname or "localhost", port=url.port or (443 if url.scheme == "https" else 8000),
            ssl=url.scheme == "https", settings=settings,
        )
    path = config.data_dir / "chroma"
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=settings)


class VectorStore:
    def __init__(self, config: KnowledgeConfig, embedder: Embedder):
        self.client = chroma_client(config)
        # The embedding function is given explicitly: Chroma must never load (or download) its own default.
        self.collection = self.client.get_or_create_collection(
            name=config.collection,
            embedding_function=ChromaEmbeddingFunction(embedder),
            metadata={"hnsw:space": "cosine"},
        )
        self.batch_size = min(1000, self.client.get_max_batch_size())

    def add(self, *, document_id: int, revision: int, chunks: list[Chunk], vectors: np.ndarray) -> None:
        for start in range(0, len(chunks), self.batch_size):
            batch = chunks[start:start + self.batch_size]
            self.collection.add(
                ids=[f"{document_id}:{revision}:{c.position}" for c in batch],
                embeddings=vectors[start:start + len(batch)],
                metadatas=[{"document_id": document_id, "revision": revision, "position": c.position} for c in batch],
                documents=[c.text for c in batch],
            )

    def delete_other_revisions(self, *, document_id: int, keep: int) -> None:
        self.collection.delete(where={"$and": [{"document_id": document_id}, {"revision": {"$ne": keep}}]})

    def delete_document(self, document_id: int) -> None:
        self.collection.delete(where={"document_id": document_id})

    def query(self, vector: np.ndarray, limit: int) -> list[DenseHit]:
        count = self.collection.count()
        if count == 0:
            return []
        # Only distances: the id already says document:revision:position, and fetching metadata costs a
        # database read per hit.
        result = self.collection.query(query_embeddings=[vector], n_results=min(limit, count), include=["distances"])
        hits = []
        for key, distance in zip(result["ids"][0], result["distances"][0]):
            document_id, revision, position = (int(x) for x in key.split(":"))
            hits.append(DenseHit(document_id, revision, position, 1.0 - float(distance)))
        return hits

    def stored(self, keys: list[tuple[int, int, int]]) -> dict[tuple[int, int, int], np.ndarray]:
        """The stored vectors of (document_id, revision, position) keys."""
        if not keys:
            return {}
        result = self.collection.get(ids=[f"{d}:{r}:{p}" for d, r, p in keys], include=["embeddings"])
        return {tuple(int(x) for x in i.split(":")): np.asarray(e, dtype=np.float32) for i, e in zip(result["ids"], result["embeddings"])}

    def count(self) -> int:
        return self.collection.count()
