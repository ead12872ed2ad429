from __future__ import annotations

from datetime import timedelta

from crm_core.db import utcnow
from crm_core.enums import Priority, RecordType, TicketStatus
from crm_core.records import RecordKind
from crm_core.tickets.models import Ticket
from crm_core.tickets.schemas import TicketCreate, TicketFilters, TicketRead, TicketUpdate

# First-response targets by priority; a ticket's SLA due time defaults from these.
SLA_HOURS = {Priority.urgent: 4, Priority.high: 8, Priority.normal: 24, Priority.low: 72}


def _prepare(*, session, actor, values, record) -> None:
    if record is None:
        if values.get("sla_due_at") is None:
            values["sla_due_at"] = utcnow() + timedelta(hours=SLA_HOURS[Priority(values["priority"])])
    status = values.get("status")
    if status in (TicketStatus.solved, TicketStatus.closed) and (record is None or record.solved_at is None):
        values["solved_at"] = utcnow()
    elif status in (TicketStatus.new, TicketStatus.open, TicketStatus.pending):
        values["solved_at"] = None


KIND = RecordKind(
    entity=RecordType.ticket,
    plural="tickets",
    model=Ticket,
    create_schema=TicketCreate,
    update_schema=TicketUpdate,
    read_schema=TicketRead,
    filter_schema=TicketFilters,
    owner_field="assignee_id",
    search_columns=("subject", "description"),
    prepare=_prepare,
)
