"""Builds the shared parts (database, knowledge base) from the settings, for the server and the CLI alike."""

from __future__ import annotations

import threading

from crm_core.config import Settings
from knowledge.config import KnowledgeConfig


def knowledge_config(settings: Settings) -> KnowledgeConfig:
    return KnowledgeConfig(
        data_dir=settings.data_dir,
        chroma_url=settings.chroma_url,
        embedding_model=settings.embedding_model,
        allow_model_download=settings.allow_model_download,
    )


class LazyKnowledgeBase:
    """Opens the knowledge base on first use: loading the embedding model takes seconds, and most requests
    (the CRM API) never need it."""

    def __init__(self, settings: Settings):
        self._settings = settings
        self._lock = threading.Lock()
        self._kb = None

    def get(self):
        if self._kb is None:
            with self._lock:
                if self._kb is None:
                    from knowledge.base import KnowledgeBase

                    self._kb = KnowledgeBase(knowledge_config(self._settings))
        return self._kb

    def close(self) -> None:
        if self._kb is not None:
            self._kb.close()


def start_scorer(settings: Settings):
    """The configured ticket scorer, loading in the background (writes never wait for it)."""
    from sentiment.backends import BackgroundScorer

    return BackgroundScorer(
        model=settings.sentiment_model,
        embedding_model=settings.embedding_model,
        allow_download=settings.allow_model_download,
    )
