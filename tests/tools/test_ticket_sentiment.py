"""ticket_sentiment: a ticket's scores, or a company's / contact's last 30 days against the 60 before."""

from datetime import date, datetime, timezone
from decimal import Decimal

from crm_core.tickets.models import Ticket
from tests.factories import make_record
from tests.tools.helpers import ANONYMOUS, all_entries, assert_offered_only_to, assert_schema, call, set_columns, verified
from tools.insight_tools import ticket_sentiment


def test_schema_is_a_subject_and_filters_for_open_tickets():
    assert_schema(ticket_sentiment, {"subject": "string", "urgency": "enum[low,normal,high,urgent] | array | null",
                                     "region": "enum[amer,emea,apac,latam] | null", "assignee": "string | null",
                                     "priority": "enum[low,normal,high,urgent] | null", "status": "enum[new,open,pending] | null",
                                     "category": "enum[billing,bug,how_to,account,outage,feature_request,other] | null",
                                     "oldest_first": "boolean", "limit": "integer | null", "by_assignee": "boolean",
                                     "sentiment": "enum[negative,neutral,positive] | null",
                                     "account_owner": "string | null", "deals_closing": "string | null",
                                     "by_region": "boolean", "opened": "string | null"},
                  {"subject"},
                  description_mentions=("30 days",))


def _score(sessions, ticket, label, score, *, day=20, month=11, urgency="high", category="bug"):
    at = datetime(2026, month, day, tzinfo=timezone.utc)
    set_columns(sessions, Ticket, ticket.id, sentiment_label=label, sentiment_score=score, urgency=urgency,
                category=category, scored_at=at, created_at=at)


def test_a_scored_ticket_by_id_in_every_spelling(sessions, manager):
    ticket = make_record(sessions, "tickets", subject="Export broken")
    _score(sessions, ticket, "negative", -0.7)
    expected = (f"ticket {ticket.id}: Export broken — sentiment negative (score -0.70), urgency high, category bug, "
                "priority normal, status new, opened 2026-11-20, not assigned to anyone.")
    for subject in (f"ticket {ticket.id}", f"#{ticket.id}", str(ticket.id), f"ticket #{ticket.id}"):
        assert call(ticket_sentiment, sessions, manager.caller, subject=subject) == expected


def test_a_scored_ticket_says_who_is_working_it(sessions, manager, alice):
    ticket = make_record(sessions, "tickets", subject="Renewal quote too high", assignee_id=alice.id)
    _score(sessions, ticket, "negative", -0.42)
    assert call(ticket_sentiment, sessions, manager.caller, subject=f"ticket {ticket.id}").endswith(
        "assigned to Alice Moreau.")


def test_a_scored_ticket_says_who_raised_it_and_from_which_company(sessions, manager):
    acme = make_record(sessions, "companies", name="Acme Rockets")
    jane = make_record(sessions, "contacts", first_name="Jane", last_name="Doe", email="jane@acme.example",
                       company_id=acme.id)
    ticket = make_record(sessions, "tickets", subject="Seat charge?", contact_id=jane.id, company_id=acme.id)
    _score(sessions, ticket, "negative", -0.9)
    assert call(ticket_sentiment, sessions, manager.caller, subject=f"ticket {ticket.id}").startswith(
        f"ticket {ticket.id}: Seat charge? (from Jane Doe <jane@acme.example>, Acme Rockets) — sentiment negative")


def test_an_unscored_ticket_says_so(sessions, manager):
    ticket = make_record(sessions, "tickets", subject="Question about SSO")
    assert call(ticket_sentiment, sessions, manager.caller, subject=f"ticket {ticket.id}") == \
        f"ticket {ticket.id}: Question about SSO — not scored yet."


def test_a_company_trend_that_is_getting_worse(sessions, manager):
    globex = make_record(sessions, "companies", name="Globex")
    made = {}
    for subject, label, score, day, month in (("Love it", "positive", 0.8, 1, 9), ("Broken", "negative", -0.7, 10, 11),
                                              ("Still broken", "negative", -0.9, 20, 11),
                                              ("Ancient", "negative", -1.0, 1, 1)):  # outside both windows
        made[subject] = make_record(sessions, "tickets", subject=subject, company_id=globex.id)
        _score(sessions, made[subject], label, score, day=day, month=month)
    love, broken, still = made["Love it"], made["Broken"], made["Still broken"]
    before = len(all_entries(sessions))
    assert call(ticket_sentiment, sessions, manager.caller, subject="Globex") == (
        "Globex: last 30 days 2 scored messages, average -0.80, 100% negative; the 60 days before 1 scored message, "
        "average +0.80, 0% negative. Getting worse: average sentiment fell from +0.80 to -0.80.\n"
        "Most negative tickets of that time:\n"
        f"- ticket {still.id}: Still broken — negative (score -0.90), urgency high, status new, unassigned\n"
        f"- ticket {broken.id}: Broken — negative (score -0.70), urgency high, status new, unassigned\n"
        f"- ticket {love.id}: Love it — positive (score +0.80), urgency high, status new, unassigned")
    assert len(all_entries(sessions)) == before


def test_a_contact_by_email_without_feedback(sessions, manager):
    make_record(sessions, "contacts", first_name="Jane", last_name="Doe", email="jane@acme.example")
    assert call(ticket_sentiment, sessions, manager.caller, subject="jane@acme.example") == (
        "Jane Doe: last 30 days no scored messages; the 60 days before no scored messages. Not getting worse.")


def test_nothing_matches(sessions, manager):
    assert call(ticket_sentiment, sessions, manager.caller, subject="Zyxwvut") == \
        "Nothing matches 'Zyxwvut' (or nothing you may see)."
    assert call(ticket_sentiment, sessions, manager.caller, subject="ticket 999") == \
        "No ticket matches '999' (or none you may see)."


def test_a_rep_gets_no_score_of_a_ticket_assigned_to_someone_else(sessions, alice, bruno):
    theirs = make_record(sessions, "tickets", subject="Angry customer", assignee_id=bruno.id)
    mine = make_record(sessions, "tickets", subject="Calm customer", assignee_id=alice.id)
    _score(sessions, theirs, "negative", -0.95)
    _score(sessions, mine, "positive", 0.5, urgency="low", category="how_to")
    refused = call(ticket_sentiment, sessions, alice.caller, subject=f"ticket {theirs.id}")
    assert refused == f"No ticket matches '{theirs.id}' (or none you may see)." and "-0.95" not in refused
    assert "sentiment positive (score +0.50)" in call(ticket_sentiment, sessions, alice.caller, subject=f"#{mine.id}")


def test_visitors_are_not_offered_it():
    assert_offered_only_to("ticket_sentiment", anonymous=False, verified_visitor=False, staff=True)


def test_a_visitor_calling_it_anyway_gets_no_ticket_scores(sessions, alice):
    assigned = make_record(sessions, "tickets", subject="Someone's ticket", assignee_id=alice.id)
    _score(sessions, assigned, "negative", -0.9)
    for caller in (ANONYMOUS, verified("mallory@evil.example")):
        text = call(ticket_sentiment, sessions, caller, subject=f"ticket {assigned.id}")
        assert text.startswith("No ticket matches") and "-0.90" not in text


def test_the_most_negative_open_tickets_the_caller_may_see(sessions, alice, bruno):
    furious = make_record(sessions, "tickets", subject="Charged twice", assignee_id=alice.id)
    cross = make_record(sessions, "tickets", subject="Seat count wrong", assignee_id=alice.id)
    solved = make_record(sessions, "tickets", subject="Old outage", assignee_id=alice.id, status="solved")
    theirs = make_record(sessions, "tickets", subject="Someone else's fire", assignee_id=bruno.id)
    calm = make_record(sessions, "tickets", subject="How do I export", assignee_id=alice.id)
    _score(sessions, furious, "negative", -0.9)
    _score(sessions, cross, "negative", -0.4, urgency="normal")
    _score(sessions, solved, "negative", -0.99)
    _score(sessions, theirs, "negative", -0.95)
    _score(sessions, calm, "positive", 0.6)
    answer = call(ticket_sentiment, sessions, alice.caller, subject="open tickets")
    assert answer.splitlines() == [
        "The most negative open tickets:",
        f"- ticket {furious.id}: Charged twice — negative (score -0.90), urgency high, priority normal, status new, assigned to Alice Moreau",
        f"- ticket {cross.id}: Seat count wrong — negative (score -0.40), urgency normal, priority normal, status new, assigned to Alice Moreau"]
    assert call(ticket_sentiment, sessions, bruno.caller, subject="open tickets").splitlines()[1:] == [
        f"- ticket {theirs.id}: Someone else's fire — negative (score -0.95), urgency high, priority normal, status new, assigned to Bruno Keller"]


def test_as_many_open_tickets_as_asked_for_and_the_list_says_when_some_are_left_out(sessions, manager):
    for n in range(7):
        _score(sessions, make_record(sessions, "tickets", subject=f"Upset {n}"), "negative", -0.3 - n / 10)
    default = call(ticket_sentiment, sessions, manager.caller, subject="open tickets")
    assert default.splitlines()[0] == "The most negative open tickets (5 of 7):" and len(default.splitlines()) == 6
    every = call(ticket_sentiment, sessions, manager.caller, subject="open tickets", limit=50)
    assert every.splitlines()[0] == "The most negative open tickets:" and len(every.splitlines()) == 8
    three = call(ticket_sentiment, sessions, manager.caller, subject="open tickets", limit=3)
    assert three.splitlines()[0] == "The most negative open tickets (3 of 7):" and "Upset 6" in three.splitlines()[1]


def test_open_tickets_of_one_urgency_whatever_their_sentiment(sessions, manager):
    outage = make_record(sessions, "tickets", subject="Everything is down")
    calm_but_urgent = make_record(sessions, "tickets", subject="Payroll export due today")
    closed = make_record(sessions, "tickets", subject="Old fire", status="closed")
    minor = make_record(sessions, "tickets", subject="Typo in the footer")
    _score(sessions, outage, "negative", -0.8, urgency="urgent")
    _score(sessions, calm_but_urgent, "neutral", 0.1, urgency="urgent")
    _score(sessions, closed, "negative", -0.9, urgency="urgent")
    _score(sessions, minor, "negative", -0.3, urgency="low")
    assert call(ticket_sentiment, sessions, manager.caller, subject="open tickets", urgency="urgent").splitlines() == [
        "Open tickets scored urgent:",
        f"- ticket {outage.id}: Everything is down — negative (score -0.80), urgency urgent, priority normal, status new, unassigned",
        f"- ticket {calm_but_urgent.id}: Payroll export due today — neutral (score +0.10), urgency urgent, priority normal, status new, unassigned"]



def test_open_tickets_of_any_of_several_urgencies(sessions, manager):
    outage = make_record(sessions, "tickets", subject="Everything is down")
    charged = make_record(sessions, "tickets", subject="Charged twice")
    minor = make_record(sessions, "tickets", subject="Typo in the footer")
    _score(sessions, outage, "negative", -0.8, urgency="urgent")
    _score(sessions, charged, "negative", -0.9, urgency="high")
    _score(sessions, minor, "negative", -0.95, urgency="normal")
    assert call(ticket_sentiment, sessions, manager.caller, subject="open tickets",
                urgency=["urgent", "high"]).splitlines() == [
        "Open tickets scored high or urgent:",
        f"- ticket {charged.id}: Charged twice — negative (score -0.90), urgency high, priority normal, status new, unassigned",
        f"- ticket {outage.id}: Everything is down — negative (score -0.80), urgency urgent, priority normal, status new, unassigned"]


def test_open_tickets_the_longest_open_first_whatever_their_sentiment(sessions, alice, bruno):
    happy_but_old = make_record(sessions, "tickets", subject="Thanks, still waiting on the fix", assignee_id=alice.id)
    angry = make_record(sessions, "tickets", subject="Charged twice", assignee_id=alice.id)
    solved = make_record(sessions, "tickets", subject="Older but solved", assignee_id=alice.id, status="solved")
    theirs = make_record(sessions, "tickets", subject="Someone else's", assignee_id=bruno.id)
    _score(sessions, happy_but_old, "positive", 0.8, month=9, day=5)
    _score(sessions, angry, "negative", -0.9, month=11, day=2)
    _score(sessions, solved, "negative", -0.5, month=8, day=1)
    _score(sessions, theirs, "negative", -0.5, month=7, day=1)
    assert call(ticket_sentiment, sessions, alice.caller, subject="open tickets", assignee="me",
                oldest_first=True).splitlines() == [
        "Open tickets assigned to you, the longest open first:",
        f"- ticket {happy_but_old.id}: Thanks, still waiting on the fix — positive (score +0.80), urgency high, priority normal, "
        "status new, opened 2026-09-05",
        f"- ticket {angry.id}: Charged twice — negative (score -0.90), urgency high, priority normal, status new, opened 2026-11-02"]


def test_open_tickets_nobody_has_picked_up(sessions, manager, alice):
    nobodys = make_record(sessions, "tickets", subject="Charged twice")
    hers = make_record(sessions, "tickets", subject="Export broken", assignee_id=alice.id)
    _score(sessions, nobodys, "negative", -0.6)
    _score(sessions, hers, "negative", -0.9)
    assert call(ticket_sentiment, sessions, manager.caller, subject="open tickets", assignee="unassigned").splitlines() == [
        "The most negative open tickets not assigned to anyone:",
        f"- ticket {nobodys.id}: Charged twice — negative (score -0.60), urgency high, priority normal, status new"]


def test_open_tickets_given_a_priority_whatever_their_urgency(sessions, manager):
    scored = make_record(sessions, "tickets", subject="Everything is down")
    marked = make_record(sessions, "tickets", subject="Charged twice", priority="urgent")
    _score(sessions, scored, "negative", -0.8, urgency="urgent")
    _score(sessions, marked, "negative", -0.9, urgency="high")
    assert call(ticket_sentiment, sessions, manager.caller, subject="open tickets", priority="urgent").splitlines() == [
        "Open tickets given priority urgent:",
        f"- ticket {marked.id}: Charged twice — negative (score -0.90), urgency high, priority urgent, status new, unassigned"]
    assert f"ticket {marked.id}:" not in call(ticket_sentiment, sessions, manager.caller, subject="open tickets",
                                               urgency="urgent")  # scored urgent is another question


def test_open_tickets_in_one_status_whatever_their_sentiment(sessions, manager):
    waiting = make_record(sessions, "tickets", subject="Waiting on their PO", status="pending")
    working = make_record(sessions, "tickets", subject="Export broken", status="open")
    _score(sessions, waiting, "positive", 0.4, urgency="low")
    _score(sessions, working, "negative", -0.9)
    assert call(ticket_sentiment, sessions, manager.caller, subject="open tickets", status="pending").splitlines() == [
        "Open tickets in status pending:",
        f"- ticket {waiting.id}: Waiting on their PO — positive (score +0.40), urgency low, priority normal, unassigned"]


def test_open_tickets_in_one_status_and_scored_with_one_urgency(sessions, manager):
    waiting = make_record(sessions, "tickets", subject="Down for everyone", status="pending")
    working = make_record(sessions, "tickets", subject="Cannot log in", status="open")
    calm = make_record(sessions, "tickets", subject="Waiting on their PO", status="pending")
    _score(sessions, waiting, "negative", -0.7, urgency="urgent")
    _score(sessions, working, "negative", -0.9, urgency="urgent")
    _score(sessions, calm, "neutral", 0.0, urgency="low")
    assert call(ticket_sentiment, sessions, manager.caller, subject="open tickets", status="pending",
                urgency="urgent").splitlines() == [
        "Open tickets scored urgent in status pending:",
        f"- ticket {waiting.id}: Down for everyone — negative (score -0.70), urgency urgent, priority normal, unassigned"]


def test_open_tickets_of_one_assignee_by_name_or_me(sessions, manager, alice, bruno):
    hers = make_record(sessions, "tickets", subject="Invoice twice", assignee_id=alice.id)
    his = make_record(sessions, "tickets", subject="Export broken", assignee_id=bruno.id)
    _score(sessions, hers, "negative", -0.6)
    _score(sessions, his, "negative", -0.9)
    for assignee in ("Alice", "alice moreau", alice.user.email):
        assert call(ticket_sentiment, sessions, manager.caller, subject="open tickets", assignee=assignee).splitlines() == [
            f"The most negative open tickets assigned to {assignee}:",
            f"- ticket {hers.id}: Invoice twice — negative (score -0.60), urgency high, priority normal, status new"]
    assert call(ticket_sentiment, sessions, bruno.caller, subject="open tickets", assignee="me").splitlines() == [
        "The most negative open tickets assigned to you:",
        f"- ticket {his.id}: Export broken — negative (score -0.90), urgency high, priority normal, status new"]
    assert call(ticket_sentiment, sessions, manager.caller, subject="open tickets", assignee="Zed") == \
        "I can't tell whose tickets you mean: 'Zed' matches 0 users; give the full name or e-mail."


def test_a_company_trend_names_its_worst_tickets_and_their_people(sessions, manager):
    acme = make_record(sessions, "companies", name="Acme")
    ravi = make_record(sessions, "contacts", first_name="Ravi", last_name="Chen", company_id=acme.id)
    for subject, score in (("Outage again", -0.9), ("Thanks!", 0.7), ("Slow export", -0.4), ("Question", 0.0)):
        ticket = make_record(sessions, "tickets", subject=subject, company_id=acme.id, contact_id=ravi.id,
                             assignee_id=manager.user.id if subject == "Outage again" else None)
        _score(sessions, ticket, "negative" if score < 0 else "positive", score)
    lines = call(ticket_sentiment, sessions, manager.caller, subject="Acme").splitlines()
    assert lines[1] == "Most negative tickets of that time:" and len(lines) == 5  # the three most negative
    # (and who on our side works each one)
    assert lines[2].endswith(f"Outage again (Ravi Chen) — negative (score -0.90), urgency high, status new, "
                             f"assigned to {manager.user.name}")
    assert lines[3].endswith(", unassigned")
    assert "Slow export" in lines[3] and "Question" in lines[4]


def test_open_tickets_of_one_region_name_their_customers(sessions, manager):
    berlin = make_record(sessions, "companies", name="Berlin GmbH", region="emea")
    austin = make_record(sessions, "companies", name="Austin Inc", region="amer")
    near = make_record(sessions, "tickets", subject="Slow dashboards", company_id=berlin.id)
    far = make_record(sessions, "tickets", subject="Angrier elsewhere", company_id=austin.id)
    _score(sessions, near, "negative", -0.5)
    _score(sessions, far, "negative", -0.9)
    assert call(ticket_sentiment, sessions, manager.caller, subject="open tickets", region="emea").splitlines() == [
        "The most negative open tickets in EMEA:",
        f"- ticket {near.id}: Slow dashboards (Berlin GmbH) — negative (score -0.50), urgency high, priority normal, status new, unassigned"]
    assert call(ticket_sentiment, sessions, manager.caller, subject="open tickets", region="apac") == \
        "No open ticket you may see is scored negative in APAC."


def test_one_recent_message_is_too_few_to_call_a_trend_and_the_answer_says_so(sessions, manager):
    initech = make_record(sessions, "companies", name="Initech")
    for subject, score, month in (("Furious", -0.96, 11), ("Fine", 0.2, 9), ("Good", 0.3, 9)):
        ticket = make_record(sessions, "tickets", subject=subject, company_id=initech.id)
        _score(sessions, ticket, "negative" if score < 0 else "positive", score, day=15, month=month)
    answer = call(ticket_sentiment, sessions, manager.caller, subject="Initech")
    assert "Not getting worse as far as we can tell: 1 scored message in the last 30 days is too few to call a trend." \
        in answer, answer


def test_open_tickets_of_one_category_say_their_status(sessions, manager):
    invoice = make_record(sessions, "tickets", subject="Invoice twice", status="pending")
    export = make_record(sessions, "tickets", subject="Export broken", status="open")
    closed = make_record(sessions, "tickets", subject="Old refund", status="solved")
    _score(sessions, invoice, "positive", 0.4, urgency="low", category="billing")
    _score(sessions, export, "negative", -0.9, category="bug")
    _score(sessions, closed, "negative", -0.9, category="billing")
    assert call(ticket_sentiment, sessions, manager.caller, subject="open tickets", category="billing").splitlines() == [
        "Open tickets in category billing:",
        f"- ticket {invoice.id}: Invoice twice — positive (score +0.40), urgency low, priority normal, status pending, unassigned"]


def test_open_negative_tickets_counted_for_each_person_and_for_nobody(sessions, manager, alice, bruno):
    for subject, assignee, label in (("Invoice twice", alice, "negative"), ("Export broken", alice, "negative"),
                                     ("Slow", bruno, "negative"), ("Thanks", bruno, "positive"), ("Lost", None, "negative")):
        ticket = make_record(sessions, "tickets", subject=subject, assignee_id=assignee.id if assignee else None)
        _score(sessions, ticket, label, -0.5 if label == "negative" else 0.5)
    answer = call(ticket_sentiment, sessions, manager.caller, subject="open tickets", by_assignee=True)
    lines = answer.splitlines()
    assert lines[0] == "Open tickets scored negative, by assignee — 4 in all:", answer
    assert "- Alice Moreau: 2" in lines and "- Bruno Keller: 1" in lines and "- not assigned to anyone: 1" in lines, answer
    assert f"- {manager.user.name}: 0" in lines, answer  # a person with none is counted too


def test_open_tickets_filtered_by_how_they_read_say_how_many_the_other_filters_leave(sessions, manager):
    contact = make_record(sessions, "contacts", first_name="Hana", last_name="Gupta", email="hana@example.com")
    happy = make_record(sessions, "tickets", subject="Education pricing?", contact_id=contact.id)
    neutral = make_record(sessions, "tickets", subject="How do I share a dashboard")
    sour = make_record(sessions, "tickets", subject="Still broken", status="open")
    _score(sessions, happy, "positive", 0.6, category="how_to")
    _score(sessions, neutral, "neutral", 0.0, category="how_to")
    _score(sessions, sour, "negative", -0.8, category="bug")
    positive = call(ticket_sentiment, sessions, manager.caller, subject="open tickets", sentiment="positive")
    assert positive.splitlines()[0] == "Open tickets reading positive:", positive
    assert f"- ticket {happy.id}: Education pricing? (Hana Gupta) — positive" in positive and "Still broken" not in positive
    none = call(ticket_sentiment, sessions, manager.caller, subject="open tickets", category="how_to", sentiment="negative")
    assert none == ("No open ticket you may see is in category how_to reading negative: none of the 2 open tickets in "
                    "category how_to reads negative."), none
    some = call(ticket_sentiment, sessions, manager.caller, subject="open tickets", category="how_to", sentiment="neutral")
    assert some.splitlines()[0] == "Open tickets in category how_to reading neutral (1 of the 2 open tickets in category how_to):"
    # negative alone is the list as it always was: the most negative
    assert call(ticket_sentiment, sessions, manager.caller, subject="open tickets", sentiment="negative").startswith(
        "The most negative open tickets:")


def test_open_tickets_of_the_accounts_a_person_owns_whoever_works_them(sessions, manager, alice, bruno):
    mine = make_record(sessions, "companies", name="Mine Ltd", owner_id=manager.id)
    theirs = make_record(sessions, "companies", name="Theirs Ltd", owner_id=alice.id)
    for subject, company, assignee in (("Invoice wrong", mine, bruno), ("Export broken", theirs, manager)):
        _score(sessions, make_record(sessions, "tickets", subject=subject, company_id=company.id, assignee_id=assignee.id),
               "negative", -0.8)
    answer = call(ticket_sentiment, sessions, manager.caller, subject="open tickets", account_owner="me")
    assert answer.splitlines()[0] == "Open tickets scored negative at accounts you own:", answer
    assert "Invoice wrong (Mine Ltd)" in answer and f"assigned to {bruno.user.name}" in answer and "Export" not in answer
    assert "Export broken" in call(ticket_sentiment, sessions, manager.caller, subject="open tickets", account_owner="Alice")


def test_open_tickets_of_the_accounts_with_a_deal_closing_in_a_period_list_those_deals(sessions, manager, alice):
    soon = make_record(sessions, "companies", name="Soon Corp")
    later = make_record(sessions, "companies", name="Later Corp")
    won = make_record(sessions, "companies", name="Won Corp")
    deal = make_record(sessions, "deals", name="Soon renewal", company_id=soon.id, amount=Decimal("12000"), stage="proposal",
                       owner_id=alice.id, expected_close_date=date(2026, 12, 10))
    make_record(sessions, "deals", name="Later renewal", company_id=later.id, amount=Decimal("5000"), stage="proposal",
                expected_close_date=date(2027, 2, 10))
    make_record(sessions, "deals", name="Already won", company_id=won.id, amount=Decimal("5000"), stage="closed_won",
                expected_close_date=date(2026, 12, 5))
    for subject, company in (("Refund please", soon), ("Still slow", later), ("Angry anyway", won)):
        _score(sessions, make_record(sessions, "tickets", subject=subject, company_id=company.id), "negative", -0.7)
    answer = call(ticket_sentiment, sessions, manager.caller, subject="open tickets", deals_closing="december")
    assert answer.splitlines()[0] == ("Open tickets scored negative at accounts with an open deal closing December 2026 "
                                      "(2026-12-01 to 2026-12-31):"), answer
    assert "Refund please (Soon Corp)" in answer and "Still slow" not in answer and "Angry anyway" not in answer
    assert f"- deal {deal.id}: Soon renewal — proposal, 12,000 USD, closing 2026-12-10, owner {alice.user.name}" in answer
    assert call(ticket_sentiment, sessions, manager.caller, subject="open tickets", deals_closing="soonish") == \
        ("I can't tell which period you mean: 'soonish' is not a period I can read (try 'in December', "
         "'this quarter' or 'since monday').")


def test_open_negative_tickets_counted_for_every_region(sessions, manager):
    berlin = make_record(sessions, "companies", name="Berlin GmbH", region="emea")
    austin = make_record(sessions, "companies", name="Austin Inc", region="amer")
    for subject, company, label in (("Slow", berlin, "negative"), ("Broken", austin, "negative"),
                                    ("Down", austin, "negative"), ("Thanks", austin, "positive")):
        _score(sessions, make_record(sessions, "tickets", subject=subject, company_id=company.id), label,
               -0.5 if label == "negative" else 0.5)
    answer = call(ticket_sentiment, sessions, manager.caller, subject="open tickets", by_region=True)
    assert answer.splitlines() == ["Open tickets scored negative, by region — 3 in all:", "- AMER: 2", "- EMEA: 1",
                                   "- APAC: 0", "- LATAM: 0"], answer


def test_open_tickets_opened_in_a_period_whatever_they_read(sessions, manager):
    recent = make_record(sessions, "tickets", subject="Seat adjustment?")
    calm = make_record(sessions, "tickets", subject="How do I share")
    old = make_record(sessions, "tickets", subject="Charged twice")
    _score(sessions, recent, "negative", -0.9, day=18)
    _score(sessions, calm, "neutral", 0.0, day=20)
    _score(sessions, old, "negative", -0.95, day=2)
    answer = call(ticket_sentiment, sessions, manager.caller, subject="open tickets", opened="since monday")
    assert answer.splitlines()[0] == "Open tickets opened since Monday 2026-11-16:", answer
    assert "Seat adjustment?" in answer and "opened 2026-11-18" in answer and "How do I share" in answer
    assert "Charged twice" not in answer
    upset = call(ticket_sentiment, sessions, manager.caller, subject="open tickets", opened="since monday",
                 sentiment="negative")
    assert "Seat adjustment?" in upset and "How do I share" not in upset, upset
