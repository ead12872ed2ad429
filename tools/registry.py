"""Which tools each caller gets. The agent is built with every tool; per run, only the caller's tools are shown
to the model, and a call to any other tool is refused before it runs (a model can be talked into calling a
tool it was not shown; it cannot be talked into a different caller)."""

from __future__ import annotations

from crm_core.enums import Role
from tools.context import Caller, CallerKind
from tools.crm_tools import account_overview, deal_summary, find_records, get_record
from tools.draft_tools import approve_draft, discard_draft, draft_follow_up
from tools.insight_tools import pipeline_question, ticket_sentiment
from tools.knowledge_tools import search_knowledge_base
from tools.support_tools import create_ticket, handoff_to_human, my_tickets
from tools.update_tools import create_task, log_activity, update_contact, update_deal, update_ticket

ALL_TOOLS = [
    search_knowledge_base, find_records, get_record, deal_summary, account_overview, ticket_sentiment,
    pipeline_question, update_deal, update_ticket, update_contact, log_activity, create_task, draft_follow_up,
    approve_draft, discard_draft, create_ticket, handoff_to_human, my_tickets,
]

VISITOR_TOOLS = frozenset({"search_knowledge_base", "create_ticket", "handoff_to_human"})
VERIFIED_VISITOR_TOOLS = VISITOR_TOOLS | {"my_tickets"}
# Staff read and write through the services, which apply each role's rules (a rep: own deals and tickets).
STAFF_TOOLS = frozenset({
    "search_knowledge_base", "find_records", "get_record", "deal_summary", "account_overview", "ticket_sentiment",
    "pipeline_question", "update_deal", "update_ticket", "update_contact", "log_activity", "create_task",
    "draft_follow_up", "approve_draft", "discard_draft", "create_ticket",
})
TOOLS_BY_ROLE = {Role.admin: STAFF_TOOLS, Role.manager: STAFF_TOOLS, Role.rep: STAFF_TOOLS}


def allowed_tools(caller: Caller) -> frozenset[str]:
    if caller.kind is CallerKind.visitor:
        return VERIFIED_VISITOR_TOOLS if caller.verified_visitor else VISITOR_TOOLS
    return TOOLS_BY_ROLE[caller.actor.role]


def examples() -> dict[str, list[str]]:
    """Each tool's example utterances, for the offline model's router."""
    return {tool.name: list((tool.extras or {}).get("examples", [])) for tool in ALL_TOOLS}
