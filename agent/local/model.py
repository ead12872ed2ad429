"""The offline default model: a LangChain chat model that decides like a small, careful tool-calling model.

- A user message: route it to one of the bound tools (nearest example utterances), fill the tool's arguments
  with deterministic extractors, and emit an ordinary `AIMessage.tool_calls`; or ask one short question back
  when an argument is missing; or reply directly when no tool fits.
- A follow-up ("what about Globex?") reuses the previous tool with the new subject.
- Tool results: write a short, grounded reply from them (agent.local.writer), citing knowledge-base passages.

It never sees who the caller is: the tools it is bound to are already the caller's tools.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import ConfigDict

from agent.local import extract, writer
from agent.local.router import ToolRouter

YES = re.compile(r"^\s*(yes|yeah|yep|sure|ok|okay|please|please do|yes please|go ahead)\b", re.IGNORECASE)
FOLLOW_UP = re.compile(r"^\s*(?:and|what about|how about|same for|and for|also)\b", re.IGNORECASE)
COLLECTION_WORDS = [
    ("contacts", ("contact", "person", "people", "who is", "email")),
    ("deals", ("deal", "opportunit", "pipeline")),
    ("tickets", ("ticket", "issue", "case", "complaint")),
    ("companies", ("company", "companies", "account", "customer", "org")),
]
# Words that start a sentence or a question, never a name.
NOT_NAMES = frozenset(
    "I I'm Im What Whats What's How Hows How's Who Where When Why Which Is Are Can Could Please Find Show Look Give "
    "Tell Summarize Summarise Summary Brief Deal Deals Contact Contacts Company Companies Ticket Tickets Search "
    "The A An And Also Same Hi Hello Hey Thanks Thank Ok Okay Yes No Me My Our We Us For About With Status Update "
    "Get List Do Does Any Is".split()
)


def mention(text: str) -> str | None:
    """The record a message is about: an e-mail, a quoted name, an id, or a capitalised name."""
    if found := extract.emails(text):
        return found[0]
    if quoted := re.search(r"[\"“']([^\"”']{2,80})[\"”']", text):
        return quoted.group(1).strip()
    if ids := extract.record_ids(text):
        return str(next(iter(ids.values())))
    words = re.findall(r"[A-Z][\w&.-]*(?:\s+(?:[A-Z][\w&.-]*|of|&))*", text)
    names = [w for w in (" ".join(p for p in phrase.split() if p not in NOT_NAMES) for phrase in words) if w]
    if not names:
        return None
    name = max(names, key=len).rstrip(".?!,")
    return re.sub(r"['’]s$", "", name)  # "Acme's deal" -> "Acme"


def collection(text: str) -> str | None:
    lowered = text.lower()
    return next((name for name, words in COLLECTION_WORDS if any(w in lowered for w in words)), None)


class LocalToolModel(BaseChatModel):
    router: Any  # agent.local.router.ToolRouter
    embedder: Any
    tools: list[Any] = []

    model_config = ConfigDict(arbitrary_types_allowed=True)

    @property
    def _llm_type(self) -> str:
        return "crm-local"

    def bind_tools(self, tools, **kwargs) -> "LocalToolModel":
        return self.model_copy(update={"tools": list(tools)})

    def _generate(self, messages: list[BaseMessage], stop=None, run_manager=None, **kwargs) -> ChatResult:
        return ChatResult(generations=[ChatGeneration(message=self.decide(messages))])

    # -- decisions -----------------------------------------------------------------------------------------

    def decide(self, messages: list[BaseMessage]) -> AIMessage:
        question = _last_human(messages)
        if messages and isinstance(messages[-1], ToolMessage):
            return AIMessage(content=writer.reply(question, _results_of_this_turn(messages), self.embedder))
        names = {_name(t) for t in self.tools}
        route = self.router.route(question, allowed=names) if question else None
        tool = route.tool if route else None
        if "handoff_to_human" in names and YES.match(question) and writer.offered_handoff(_last_ai(messages)):
            return _call("handoff_to_human", {"reason": _earlier_question(messages) or "the customer asked for a person"})
        previous = _previous_call(messages)
        if previous and previous["name"] in names and FOLLOW_UP.search(question) and mention(question):
            tool = previous["name"]  # "what about Globex?" after a question about Acme
        if tool is None and "search_knowledge_base" in names and not writer.small_talk(question):
            tool = "search_knowledge_base"  # a question nothing else fits: the help centre decides if it knows
        if tool is None:
            return AIMessage(content=writer.no_tool(question, names))
        args = self.arguments(tool, question)
        if isinstance(args, str):  # a question back
            return AIMessage(content=args)
        return _call(tool, args)

    def arguments(self, tool: str, text: str) -> dict | str:
        """The tool's arguments from the message, or one short question when something is missing."""
        schema = next((t for t in self.tools if _name(t) == tool), None)
        fields = set(_fields(schema))
        args: dict[str, Any] = {}
        if tool == "search_knowledge_base":
            return {"query": text.strip()}
        if tool == "handoff_to_human":
            return {"reason": text.strip()[:300]}
        if tool == "create_ticket":
            first = re.split(r"(?<=[.!?])\s", text.strip(), maxsplit=1)[0]
            found = extract.emails(text)
            return {"subject": first[:120], "description": text.strip(), **({"reply_to_email": found[0]} if found else {})}
        if "collection" in fields:
            args["collection"] = collection(text) or "companies"
        subject = mention(text)
        for field in ("deal", "query"):
            if field in fields and field not in args:
                if not subject:
                    what = "deal" if field == "deal" else args.get("collection", "record").rstrip("s")
                    return f"Which {what} do you mean? Give me its name, e-mail or id."
                args[field] = subject
        return args


def _name(tool: Any) -> str:
    return tool.name if hasattr(tool, "name") else tool["function"]["name"]


def _fields(tool: Any) -> list[str]:
    if tool is None:
        return []
    if hasattr(tool, "args"):
        return list(tool.args)
    return list(tool["function"]["parameters"].get("properties", {}))


def _last_human(messages: list[BaseMessage]) -> str:
    for message in reversed(messages):
        if isinstance(message, HumanMessage):
            return message.content if isinstance(message.content, str) else str(message.content)
    return ""


def _call(tool: str, args: dict) -> AIMessage:
    return AIMessage(content="", tool_calls=[{"name": tool, "args": args, "id": f"call_{uuid.uuid4().hex[:12]}"}])


def _last_ai(messages: list[BaseMessage]) -> str:
    for message in reversed(messages):
        if isinstance(message, AIMessage) and message.content:
            return str(message.content)
    return ""


def _earlier_question(messages: list[BaseMessage]) -> str | None:
    """The customer's message before this one (what they wanted help with)."""
    humans = [m for m in messages if isinstance(m, HumanMessage)]
    return str(humans[-2].content)[:300] if len(humans) >= 2 else None


def _results_of_this_turn(messages: list[BaseMessage]) -> list[ToolMessage]:
    results = []
    for message in reversed(messages):
        if not isinstance(message, ToolMessage):
            break
        results.append(message)
    return list(reversed(results))


def _previous_call(messages: list[BaseMessage]) -> dict | None:
    for message in reversed(messages[:-1]):
        if isinstance(message, AIMessage) and message.tool_calls:
            return message.tool_calls[-1]
    return None


def local_model(embedder, examples: dict[str, list[str]]) -> LocalToolModel:
    return LocalToolModel(router=ToolRouter(embedder, examples), embedder=embedder)
