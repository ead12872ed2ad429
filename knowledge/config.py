"""What the knowledge base needs to know about its surroundings (the caller maps its own settings onto it)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class KnowledgeConfig:
    data_dir: Path
    chroma_url: str | None = None  # a Chroma server; None means the embedded store under data_dir
    embedding_model: str | None = None  # local path or hub id; None means the bundled all-MiniLM-L6-v2
    allow_model_download: bool = False  # hub ids are only fetched when this is set
    collection: str = "kb_chunks"
