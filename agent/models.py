"""Which chat model the agent uses: `CRM_LLM=local` (the offline default) or any `provider:model` that
LangChain's `init_chat_model` accepts, with `CRM_LLM_BASE_URL` for OpenAI-compatible servers."""

from __future__ import annotations


class ModelConfigurationError(RuntimeError):
    """The configured model cannot be used; the message says what to install or set."""


def chat_model(llm: str, *, base_url: str | None = None, embedder=None):
    if llm == "local":
        from agent.local.model import local_model
        from tools.registry import examples

        if embedder is None:
            raise ModelConfigurationError("the local model needs the embedding model")
        return local_model(embedder, examples())
    if ":" not in llm:
        raise ModelConfigurationError(f"CRM_LLM={llm!r}: use 'local' or 'provider:model', e.g. 'openai:gpt-4.1-mini'")
    from langchain.chat_models import init_chat_model

    options = {"base_url": base_url} if base_url else {}
    try:
        return init_chat_model(llm, **options)
    except ImportError as exc:
        raise ModelConfigurationError(f"CRM_LLM={llm!r} needs a provider package that is not installed: {exc}") from exc
    except Exception as exc:  # missing API key, unknown provider: one clear message at start-up
        raise ModelConfigurationError(f"CRM_LLM={llm!r} cannot be used: {exc}") from exc
