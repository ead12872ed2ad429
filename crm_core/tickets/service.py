from __future__ import annotations

from datetime import timedelta

from crm_core.db import utcnow
from crm_core.enums import Priority, RecordType, TicketStatus
from crm_core.errors import PermissionDenied
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


def claim_for_reply(*, session, actor, ticket: Ticket) -> Ticket:
    """The person answering a ticket: an unassigned ticket becomes theirs (the first to answer a handed-off chat
    takes it, audited like any change); an assigned one must be readable by them."""
    from crm_core import permissions, records  # records imports the kinds, which import this module

    if actor.is_visitor or actor.user_id is None:
        raise PermissionDenied("only a person on the team can answer a ticket")
    if ticket.assignee_id is None:
        records.bind_actor(session, actor)
        ticket.assignee_id = actor.user_id
        records.flush(session, KIND, ticket)
    else:
        permissions.ensure_can_read(actor, KIND, ticket)
    return ticket
