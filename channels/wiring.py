"""Builds the shared parts (database, knowledge base) from the settings, for the server and the CLI alike."""

from __future__ import annotations

import threading

from crm_core.config import Settings
from crm_core.drafts.mail import mailer_from
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


class AgentRuntime:
    """The agent for the server and `crm chat`: built on first use (it needs the embedding model), with its
    conversation memory in the CRM's database."""

    def __init__(self, settings: Settings, *, sessions, knowledge, database_url: str, mailer=None):
        self._settings = settings
        self._mailer = mailer or mailer_from(settings)
        self._sessions = sessions
        self._knowledge = knowledge
        self._database_url = database_url
        self._lock = threading.Lock()
        self._agent = None

    def check(self) -> None:
        """Raise ModelConfigurationError now, at start-up, rather than on the first chat. The local model is
        not built here: it needs the embedding model, which loads on first use, and it has nothing to set."""
        if self._settings.llm != "local":
            from agent.models import chat_model

            chat_model(self._settings.llm, base_url=self._settings.llm_base_url)

    def agent(self):
        if self._agent is None:
            with self._lock:
                if self._agent is None:
                    from agent.build import build_agent
                    from agent.memory import checkpointer_for
                    from agent.models import chat_model

                    model = chat_model(self._settings.llm, base_url=self._settings.llm_base_url,
                                       embedder=self._knowledge.get().embedder, knowledge=self._knowledge)
                    self._agent = build_agent(model, checkpointer_for(self._database_url))
        return self._agent

    def _context_for(self, caller):
        from datetime import date

        from tools.context import ToolContext

        def context_for(conversation: str) -> ToolContext:
            return ToolContext(caller=caller, sessions=self._sessions, knowledge=self._knowledge,
                               conversation_id=conversation, today=date.today(), mailer=self._mailer)

        return context_for

    def chat(self, message: str, *, caller, conversation_id: str | None, thread_prefix: str):
        from agent.build import run_turn

        return run_turn(self.agent(), message, context_for=self._context_for(caller), conversation_id=conversation_id,
                        thread_prefix=thread_prefix)

    def stream(self, message: str, *, caller, conversation_id: str | None, thread_prefix: str):
        """The reply's text pieces as they come, then the ChatReply."""
        from agent.build import stream_turn

        return stream_turn(self.agent(), message, context_for=self._context_for(caller),
                           conversation_id=conversation_id, thread_prefix=thread_prefix)

    def history(self, thread_id: str) -> list[dict]:
        from agent.build import history

        return history(self.agent(), thread_id)

    def add_person_reply(self, thread_id: str, text: str, author: str) -> None:
        from agent.build import add_person_reply

        add_person_reply(self.agent(), thread_id, text, author)
