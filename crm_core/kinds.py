"""The registry of record kinds: one place that knows every kind, for the API, undo, imports and the agent."""

from __future__ import annotations

from crm_core.activities.service import KIND as ACTIVITIES
from crm_core import scoring  # noqa: F401  (scores tickets and inbound messages on write)
from crm_core.audit import listener
from crm_core.events import models as _events  # noqa: F401  (the outbox table)
from crm_core.companies.service import KIND as COMPANIES
from crm_core.contacts.service import KIND as CONTACTS
from crm_core.deals.service import KIND as DEALS
from crm_core.drafts import service as _drafts  # noqa: F401  (drafts and the outbox, audited)
from crm_core.enums import RecordType
from crm_core.pipeline import rollup as _rollup  # noqa: F401  (the deal roll-up, kept on flush)
from crm_core.records import RecordKind
from crm_core.tasks.service import KIND as TASKS
from crm_core.tickets.service import KIND as TICKETS
from crm_core.users import models as _users  # noqa: F401  (registers the users table for foreign keys)

ALL: tuple[RecordKind, ...] = (COMPANIES, CONTACTS, DEALS, TICKETS, ACTIVITIES, TASKS)
_BY_ENTITY = {kind.entity: kind for kind in ALL}
_BY_PLURAL = {kind.plural: kind for kind in ALL}

listener.AUDITED.update({kind.model: kind.entity.value for kind in ALL})


def kind_for(entity: str | RecordType) -> RecordKind:
    return _BY_ENTITY[RecordType(entity)]


def kind_for_collection(plural: str) -> RecordKind:
    try:
        return _BY_PLURAL[plural]
    except KeyError:
        raise ValueError(f"unknown kind {plural!r}; use one of: {', '.join(_BY_PLURAL)}") from None
