"""Which chat model the agent uses: `CRM_LLM=local` (the offline default) or any `provider:model` that
LangChain's `init_chat_model` accepts, with `CRM_LLM_BASE_URL` for OpenAI-compatible servers."""

from __future__ import annotations

import os

# The variable each common provider reads its key from: a missing key is named at start-up in plain words,
# not found on the first chat in an SDK's wording.
API_KEY_VARIABLES = {
    "openai": "OPENAI_API_KEY",
    "anthropic": "ANTHROPIC_API_KEY",
    "mistralai": "MISTRAL_API_KEY",
    "groq": "GROQ_API_KEY",
}
# Local OpenAI-compatible servers (llama.cpp, vLLM, LM Studio) ignore the key, but the client insists on one.
PLACEHOLDER_API_KEY = "not-needed"


class ModelConfigurationError(RuntimeError):
    """The configured model cannot be used; the message says what to install or set."""


def chat_model(llm: str, *, base_url: str | None = None, embedder=None, knowledge=None):
    """`knowledge` (a handle whose .get() is the knowledge base) lets the local model tell a product question
    from a CRM one by whether the help centre answers it, as an LLM would from what it knows of the product."""
    if llm == "local":
        from agent.local.model import local_model
        from tools.registry import examples

        if embedder is None:
            raise ModelConfigurationError("the local model needs the embedding model")
        return local_model(embedder, examples(), knowledge=knowledge)
    provider, _, model_name = llm.partition(":")
    if not provider or not model_name:
        raise ModelConfigurationError(f"CRM_LLM={llm!r}: use 'local' or 'provider:model', e.g. 'openai:gpt-4.1-mini'")
    from langchain.chat_models import init_chat_model

    options: dict = {"base_url": base_url} if base_url else {}
    key_variable = API_KEY_VARIABLES.get(provider)
    key_missing = key_variable is not None and not os.environ.get(key_variable)
    if key_missing and base_url and provider == "openai":
        options["api_key"] = PLACEHOLDER_API_KEY
        key_missing = False
    try:
        model = init_chat_model(llm, **options)
    except ImportError as exc:
        package = _package_to_install(exc, provider)
        raise ModelConfigurationError(
            f"CRM_LLM={llm!r} needs the {package} package, which is not installed: pip install {package}") from exc
    except Exception as exc:  # unknown provider, bad options: one clear message at start-up
        if key_missing:
            raise ModelConfigurationError(_missing_key_message(llm, key_variable)) from exc
        raise ModelConfigurationError(f"CRM_LLM={llm!r} cannot be used: {exc}") from exc
    if key_missing:  # some clients only read the key on the first request: fail now all the same
        raise ModelConfigurationError(_missing_key_message(llm, key_variable))
    return model


def _missing_key_message(llm: str, key_variable: str) -> str:
    message = f"CRM_LLM={llm!r} needs {key_variable}: set it in the environment"
    if key_variable == "OPENAI_API_KEY":
        message += " (or set CRM_LLM_BASE_URL to an OpenAI-compatible server that needs no key)"
    return message


def _package_to_install(exc: ImportError, provider: str) -> str:
    """The pip name of the module that failed to import (LangChain re-raises with it as the cause)."""
    failed = exc.__cause__ if isinstance(exc.__cause__, ImportError) else exc
    module = failed.name or f"langchain_{provider}"
    return module.split(".")[0].replace("_", "-")
