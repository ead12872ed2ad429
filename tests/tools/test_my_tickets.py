"""my_tickets: the verified visitor's own tickets (by the e-mail in the runtime context), newest first, at most
ten; nobody else's, and nothing for an anonymous visitor or staff."""

from datetime import datetime, timezone

from crm_core.tickets.models import Ticket
from tests.factories import make_record
from tests.tools.helpers import ANONYMOUS, all_entries, assert_offered_only_to, assert_schema, call, set_columns, verified
from tools.support_tools import MY_TICKETS, my_tickets

JANE = verified("jane@acme.example")


def test_schema_is_at_most_a_ticket_id_never_an_email():
    assert_schema(my_tickets, {"ticket_id": "integer | null"}, set(), description_mentions=("never anyone else's",))


def _ticket(sessions, contact, subject, day, **values):
    ticket = make_record(sessions, "tickets", subject=subject, contact_id=contact.id if contact else None, **values)
    set_columns(sessions, Ticket, ticket.id, created_at=datetime(2026, 11, day, 9, tzinfo=timezone.utc))
    return ticket


def _people(sessions):
    jane = make_record(sessions, "contacts", first_name="Jane", last_name="Doe", email="jane@acme.example")
    tom = make_record(sessions, "contacts", first_name="Tom", last_name="Baker", email="tom@acme.example")
    return jane, tom


def test_a_verified_visitor_sees_only_their_tickets_newest_first(sessions):
    jane, tom = _people(sessions)
    older = _ticket(sessions, jane, "Export fails", 3)
    newer = _ticket(sessions, jane, "Invoice question", 10, status="solved")
    _ticket(sessions, tom, "Tom's secret ticket", 12)
    _ticket(sessions, None, "Anonymous ticket", 13)
    with sessions() as session:
        solved = session.get(Ticket, newer.id).solved_at
    before = len(all_entries(sessions))

    assert call(my_tickets, sessions, JANE) == (
        f"ticket {newer.id}: Invoice question — status solved, opened 2026-11-10, solved {solved:%Y-%m-%d}\n"
        f"ticket {older.id}: Export fails — status new, opened 2026-11-03")
    assert len(all_entries(sessions)) == before


def test_one_ticket_by_id_and_never_someone_elses(sessions):
    jane, tom = _people(sessions)
    mine = _ticket(sessions, jane, "Export fails", 3)
    toms = _ticket(sessions, tom, "Tom's secret ticket", 4)
    assert call(my_tickets, sessions, JANE, ticket_id=mine.id) == \
        f"ticket {mine.id}: Export fails — status new, opened 2026-11-03"
    refused = call(my_tickets, sessions, JANE, ticket_id=toms.id)
    assert refused == f"Ticket {toms.id} is not one of your tickets." and "secret" not in refused


def test_at_most_ten(sessions):
    jane, _ = _people(sessions)
    for day in range(1, 15):
        _ticket(sessions, jane, f"Ticket of day {day}", day)
    lines = call(my_tickets, sessions, JANE).splitlines()
    assert len(lines) == MY_TICKETS == 10
    assert "Ticket of day 14" in lines[0] and "Ticket of day 5" in lines[-1]


def test_no_tickets_and_no_contact(sessions):
    _people(sessions)
    assert call(my_tickets, sessions, JANE) == "You have no tickets with us."
    assert call(my_tickets, sessions, verified("stranger@example.com")) == "You have no tickets with us."


def test_only_a_verified_visitor_is_offered_it():
    assert_offered_only_to("my_tickets", anonymous=False, verified_visitor=True, staff=False)


def test_an_anonymous_visitor_or_staff_calling_it_anyway_see_nothing(sessions, manager):
    jane, _ = _people(sessions)
    _ticket(sessions, jane, "Export fails", 3)
    _ticket(sessions, None, "Anonymous ticket", 4)
    for caller in (ANONYMOUS, manager.caller):
        assert call(my_tickets, sessions, caller) == "I can show tickets only to a signed-in customer."
