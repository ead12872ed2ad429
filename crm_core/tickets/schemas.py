from __future__ import annotations

from datetime import datetime

from pydantic import Field

from crm_core.enums import Priority, Sentiment, TicketCategory, TicketChannel, TicketStatus
from crm_core.schemas import ListParams, RecordRead, Strict, partial_update_model


class TicketCreate(Strict):
    subject: str = Field(min_length=1, max_length=300)
    description: str = Field(default="", max_length=20000)
    contact_id: int | None = None
    company_id: int | None = None
    status: TicketStatus = TicketStatus.new
    priority: Priority = Priority.normal
    category: TicketCategory | None = None
    channel: TicketChannel = TicketChannel.api
    assignee_id: int | None = None
    sla_due_at: datetime | None = Field(default=None, description="Defaults from the priority's SLA.")
    csat: int | None = Field(default=None, ge=1, le=5)
    conversation_id: str | None = Field(default=None, max_length=200, description="The chat it was handed off from.")


TicketUpdate = partial_update_model(TicketCreate, "TicketUpdate")


class TicketRead(RecordRead, TicketCreate):
    sentiment_label: Sentiment | None = None
    sentiment_score: float | None = None
    urgency: Priority | None = None
    scored_at: datetime | None = Field(default=None, description="None: not scored yet (no model was available).")
    scored_by: str | None = None
    solved_at: datetime | None = None


class TicketFilters(ListParams):
    status: TicketStatus | None = None
    priority: Priority | None = None
    category: TicketCategory | None = None
    channel: TicketChannel | None = None
    assignee_id: int | None = None
    contact_id: int | None = None
    company_id: int | None = None
    sentiment_label: Sentiment | None = None
    urgency: Priority | None = None
