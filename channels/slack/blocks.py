"""Block Kit for the agent's replies: deal summaries and pipeline answers laid out, drafts with buttons, alerts.

Every message also carries plain `text` (Slack's fallback for notifications and screen readers)."""

from __future__ import annotations

from tools.draft_tools import APPROVE_HINT

SECTION_CHARS = 2900  # Slack refuses a section over 3,000 characters


def _section(text: str) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text[:SECTION_CHARS]}}


def _context(text: str) -> dict:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text[:SECTION_CHARS]}]}


def reply_blocks(reply, *, base_url: str | None = None) -> list[dict]:
    """The agent's reply: a titled layout for deal summaries and pipeline answers, buttons under a draft."""
    tools = {call["name"] for call in reply.tool_calls}
    text = reply.reply
    if reply.drafts:
        return draft_blocks(reply.drafts[-1], text)
    if tools & {"deal_summary", "account_overview", "pipeline_question", "get_record"}:
        first, _, rest = text.partition("\n")
        blocks = [{"type": "header", "text": {"type": "plain_text", "text": first[:150]}}]
        if rest.strip():
            blocks.append(_section(rest.strip()))
    else:
        blocks = [_section(text)]
    if reply.citations:
        links = [_link(c, base_url) for c in reply.citations]
        blocks.append(_context("Sources: " + " · ".join(links)))
    return blocks


def _link(citation: dict, base_url: str | None) -> str:
    source = citation["source"]
    if source.startswith(("http://", "https://")):
        return f"<{source}|{citation['title']}>"
    if base_url:
        return f"<{base_url.rstrip('/')}/help/articles/{citation['document_id']}|{citation['title']}>"
    return citation["title"]


def draft_blocks(draft_id: int, text: str) -> list[dict]:
    value = str(draft_id)
    return [
        _section(text.replace(APPROVE_HINT, "").strip()),  # the buttons say it
        {"type": "actions", "block_id": f"draft-{draft_id}", "elements": [
            {"type": "button", "action_id": "draft_approve", "style": "primary", "value": value,
             "text": {"type": "plain_text", "text": "Approve and send"}},
            {"type": "button", "action_id": "draft_edit", "value": value, "text": {"type": "plain_text", "text": "Edit"}},
            {"type": "button", "action_id": "draft_discard", "style": "danger", "value": value,
             "text": {"type": "plain_text", "text": "Discard"}},
        ]},
    ]


def decided_blocks(text: str) -> list[dict]:
    """A draft message once someone decided: the outcome, no buttons left to press twice."""
    return [_section(text)]


def edit_view(draft, channel: str, ts: str) -> dict:
    import json

    return {
        "type": "modal", "callback_id": "draft_edit",
        "private_metadata": json.dumps({"draft_id": draft.id, "version": draft.version, "channel": channel, "ts": ts}),
        "title": {"type": "plain_text", "text": "Edit draft"},
        "submit": {"type": "plain_text", "text": "Save"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            {"type": "input", "block_id": "subject", "label": {"type": "plain_text", "text": "Subject"},
             "element": {"type": "plain_text_input", "action_id": "value", "initial_value": draft.subject}},
            {"type": "input", "block_id": "body", "label": {"type": "plain_text", "text": "E-mail"},
             "element": {"type": "plain_text_input", "action_id": "value", "multiline": True,
                         "initial_value": draft.body}},
        ],
    }


def pipeline_blocks(answer) -> list[dict]:
    """A pipeline answer: the number, what it counts, and the traceable filters."""
    head, *details = answer.answer.split("\n")
    blocks = [{"type": "header", "text": {"type": "plain_text", "text": head[:150]}}]
    if details:  # the comparison, the groups, the deals (with their links)
        blocks.append(_section("\n".join(details[:25])[:2900]))
    filters = ", ".join(answer.filters) or "all deals"
    blocks.append(_context(f"{answer.deals} deals behind this · filters: {filters} · as of {answer.as_of:%Y-%m-%d %H:%M} UTC"))
    return blocks


def alert_blocks(payload: dict) -> tuple[str, list[dict]]:
    text = (f"Negative, {payload['urgency']} ticket #{payload['ticket_id']}: {payload['subject']}"
            + (f" (priority raised from {payload['priority_raised_from']} to {payload['priority']})"
               if payload.get("priority_raised_from") else ""))
    return text, [_section(f":rotating_light: *{text}*"),
                  _context(f"sentiment {payload['sentiment']} ({payload.get('sentiment_score') or 0:.2f}) · "
                           f"priority {payload['priority']}")]


def handoff_blocks(payload: dict) -> tuple[str, list[dict]]:
    text = f"A web-chat visitor asked for a person (ticket #{payload['ticket_id']}): {payload['reason']}"
    return text, [_section(f":wave: *{text}*"),
                  _context("Reply in this thread: your message goes to the visitor's chat and is logged on the ticket.")]
