"""The offline model's argument extractors: what people type -> dates, ranges, amounts, ids, stages."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from crm_core import phrases as extract

TODAY = date(2026, 11, 22)  # a Sunday


@pytest.mark.parametrize("text, expected", [
    ("move the close date to 2027-01-15", date(2027, 1, 15)),
    ("follow up tomorrow", date(2026, 11, 23)),
    ("need a task for tmrw - call Diego", date(2026, 11, 23)),
    ("put a to-do on my list for 10 days from now", date(2026, 12, 2)),
    ("two weeks from today", date(2026, 12, 6)),
    ("remind me a week from tuesday", date(2026, 12, 1)),
    ("a week from this wednesday remind me to chase her", date(2026, 12, 2)),
    ("two weeks from next friday", date(2026, 12, 11)),
    ("remind me today", TODAY),
    ("call them on Friday", date(2026, 11, 27)),
    ("next friday works", date(2026, 11, 27)),
    ("remind me fri to chase her", date(2026, 11, 27)),
    ("ring her on wed. about the call", date(2026, 11, 25)),
    ("in 2 weeks", date(2026, 12, 6)),
    ("in a day", date(2026, 11, 23)),
    ("by the end of the month", date(2026, 11, 30)),
    ("end of quarter", date(2026, 12, 31)),
    ("close it on March 5th", date(2027, 3, 5)),
    ("close it on 5 March", date(2027, 3, 5)),
    ("dec 15 please", date(2026, 12, 15)),
    ("remind me on the 1st to check", date(2026, 12, 1)),
    ("chase them by the 25th", date(2026, 11, 25)),
    ("due on the 22nd", TODAY),
    ("on the 31st", date(2026, 12, 31)),
    ("on the 5th of March", date(2027, 3, 5)),
    ("ping them in 10 days", date(2026, 12, 2)),
    ("Ping me in ten days to check whether it came through", date(2026, 12, 2)),  # a count in words
    ("check back in a fortnight", date(2026, 12, 6)),
    ("call her the day after tomorrow", date(2026, 11, 24)),
    ("a couple of days from now", date(2026, 11, 24)),
    ("slip the pilot to end of Jan", date(2027, 1, 31)),
    ("ok slip that one to the end of feb", date(2027, 2, 28)),
    ("make the close date jan 15", date(2027, 1, 15)),
    ("put a task on my list for Wed Dec 2", date(2026, 12, 2)),  # the date, not the coming Wednesday
    ("a reminder for the first Monday in December", date(2026, 12, 7)),
    ("the second tuesday of january", date(2027, 1, 12)),
    ("last friday of december", date(2026, 12, 25)),
    ("by end of next week", date(2026, 11, 27)),
    ("I'm off thu and fri. put a to-do on monday the 30th", date(2026, 11, 30)),  # the day asked for, not "thu"
    ("Kenji is away until the 7th of December. Put a task in for the day he's back (the 8th)", date(2026, 12, 7)),
    ("a task for the day he's back (the 8th)", date(2026, 12, 8)),  # a day in brackets is a date too
    ("the committee meets on December 3rd. Set me a reminder for the day after", date(2026, 12, 4)),
    ("remind me the day before the Dec 9 deep dive", date(2026, 12, 8)),
    ("a week before Jan 15", date(2027, 1, 8)),
    ("the day after tomorrow", date(2026, 11, 24)),  # not a day after "tomorrow"
    ("push the pilot's close date out to 3/15", date(2027, 3, 15)),  # month first, the coming one
    ("due 12/5", date(2026, 12, 5)),
    ("move it to 15/3", date(2027, 3, 15)),  # 15 cannot be a month
    ("close on 03/15/2027", date(2027, 3, 15)),
    ("we offer 24/7 support", None),  # no word that introduces a date
    ("remind me the day after", None),  # after what: the conversation says, not the message
    ("sometime soon", None),
    ("2026-02-31 is not a day", None),
])
def test_single_days(text, expected):
    assert extract.day(text, TODAY) == expected


@pytest.mark.parametrize("text, start, end", [
    ("deals closing this month", date(2026, 11, 1), date(2026, 11, 30)),
    ("what closed last quarter", date(2026, 7, 1), date(2026, 9, 30)),
    ("pipeline for next quarter", date(2027, 1, 1), date(2027, 3, 31)),
    ("won in Q2", date(2026, 4, 1), date(2026, 6, 30)),
    ("Q1 2027 forecast", date(2027, 1, 1), date(2027, 3, 31)),
    ("this week", date(2026, 11, 16), date(2026, 11, 22)),
    ("the next 30 days", TODAY, date(2026, 12, 22)),
    ("closing in the next 2 weeks", TODAY, date(2026, 12, 6)),
    ("over the past two weeks", date(2026, 11, 8), TODAY),
    ("tickets from the past 7 days", date(2026, 11, 15), TODAY),
    ("closing in January", date(2027, 1, 1), date(2027, 1, 31)),
    ("last year", date(2025, 1, 1), date(2025, 12, 31)),
    ("what has she closed-won in 2026?", date(2026, 1, 1), date(2026, 12, 31)),
    ("closed-lost business so far in 2026", date(2026, 1, 1), TODAY),
    ("what we lost in 2025", date(2025, 1, 1), date(2025, 12, 31)),
    ("close date between today and the 30th", TODAY, date(2026, 11, 30)),
    ("from now until end of the quarter", TODAY, date(2026, 12, 31)),
    ("whats expected to close in jan", date(2027, 1, 1), date(2027, 1, 31)),
    ("looking ahead to January", date(2027, 1, 1), date(2027, 1, 31)),
    ("closing from january to march", date(2027, 1, 1), date(2027, 3, 31)),
    ("between December and February", date(2026, 12, 1), date(2027, 2, 28)),
    ("from March 2026 to May 2026", date(2026, 3, 1), date(2026, 5, 31)),
    ("due to close before the end of the year", TODAY, date(2026, 12, 31)),
    ("closing by quarter end", TODAY, date(2026, 12, 31)),
    ("anything landing by EOM?", TODAY, date(2026, 11, 30)),
    ("which of my deals are supposed to close before christmas?", TODAY, date(2026, 12, 24)),
    ("anything closing before new year?", TODAY, date(2026, 12, 31)),
])
def test_ranges(text, start, end):
    found = extract.date_range(text, TODAY)
    assert (found.start, found.end) == (start, end)


def test_a_span_of_months_asked_about_the_past_is_the_latest_that_has_begun():
    found = extract.date_range("what did we actually win between July and September?", TODAY, past=True)
    assert (found.start, found.end, found.label) == (date(2026, 7, 1), date(2026, 9, 30), "July 2026 to September 2026")


@pytest.mark.parametrize("text", ["how is the Acme deal going", "can you look in may", "2026-11-30 is the close date",
                                  "ticket 2026 is stuck"])
def test_no_range_in_plain_text(text):
    assert extract.date_range(text, TODAY) is None


@pytest.mark.parametrize("text, expected", [
    ("set the amount to $50k", (Decimal(50000), "USD")),
    ("it's now 12,500 EUR", (Decimal(12500), "EUR")),
    ("€1.2m", (Decimal("1200000.0"), "EUR")),
    ("bump it to 80k", (Decimal(80000), None)),
    ("deal 12 is stuck", None),
    ("3 people joined", None),
])
def test_amounts(text, expected):
    assert extract.amount(text) == expected


def test_ids_emails_and_stages():
    assert extract.ticket_id("what's the status of ticket #4521?") == 4521
    assert extract.ticket_id("see #77") == 77
    assert extract.ticket_id("no id here") is None
    assert extract.record_ids("update deal 12 and contact #3") == {"deal": 12, "contact": 3}
    assert extract.record_ids("make the business pilot deal 20,300 now") == {}  # an amount, not deal 20
    assert extract.record_ids("the pilot deal 25k") == {}
    assert extract.emails("mail Jane.Doe@Acme.example or bob@x.io") == ["jane.doe@acme.example", "bob@x.io"]
    assert extract.stage("move it to negotiation") == "negotiation"
    assert extract.stage("we won it!") == "closed_won"
    assert extract.stage("it won't close this month") is None  # "won't" is not "won"
    assert extract.stage("Hana wants it signed before their board meets") is None  # a wish
    assert extract.stage("they signed it on friday") == "closed_won"
    assert extract.stage("mark as closed lost") == "closed_lost"
    assert extract.stage("sent the proposal") == "proposal"
    assert extract.stage("how is it going") is None
    # the stage a deal sits in is where it is, not where to move it
    assert extract.stage("it's been sitting in prospecting forever. drop it to 150k") is None
    assert extract.stage("been stuck in proposal for ages, mark it lost") == "closed_lost"
    # The stage a deal is moved to wins; "signed off on" approved something and closed nothing.
    assert extract.stage("they signed off on the seat count, move the deal to negotiation") == "negotiation"
    assert extract.stage("finance signed off on the revised quote") is None
    # what will not happen yet is no stage
    assert extract.stage("Jonas says nothing gets signed before their board meets") is None
    assert extract.stage("it isn't closed won yet") is None
    # "signed with a competitor" lost it; "mark … as lost" says the stage outright
    assert extract.stage("they signed with a competitor last week") == "closed_lost"
    assert extract.stage("they signed with a competitor last week. mark the new logo deal as lost") == "closed_lost"


@pytest.mark.parametrize("text, expected", [
    ("VP eng is travelling, push it two weeks", date(2027, 2, 9)),
    ("slip the close by a month", date(2027, 2, 26)),
    ("delay it 10 days", date(2027, 2, 5)),
    ("push it a couple of weeks", date(2027, 2, 9)),
    ("delay it ten days", date(2027, 2, 5)),
    ("move it to friday", None),
    ("push the wattlebird starter to team upgrade out by two weeks", date(2027, 2, 9)),  # "to team" is in the name
    ("push it to the 9th, 3 days later", None),
])
def test_a_date_moved_by_a_span(text, expected):
    assert extract.moved_by(text, date(2027, 1, 26)) == expected
    assert extract.moved_by("push it a month", date(2027, 1, 31)) == date(2027, 2, 28)  # no 31 February


def test_a_name_said_with_its_amount():
    assert extract.without_amount("kesselwerk expansion 27.5k") == (Decimal("27500"), "kesselwerk expansion")
    assert extract.without_amount("deal 8") == (None, "deal 8")


@pytest.mark.parametrize("text, expected", [
    ("set me a reminder a week from tomorrow to check if it's fixed", date(2026, 11, 30)),
    ("two days after tomorrow", date(2026, 11, 25)),
    ("a week from today", date(2026, 11, 29)),
    ("a week from tuesday", date(2026, 12, 1)),
])
def test_a_span_counted_from_tomorrow_or_a_weekday(text, expected):
    assert extract.day(text, date(2026, 11, 22)) == expected


@pytest.mark.parametrize("text, expected", [
    ("remind me the last friday before xmas to chase deal desk", date(2026, 12, 18)),
    ("the monday after christmas", date(2026, 12, 28)),
    ("the thursday before new year's eve", date(2026, 12, 24)),
    ("remind me friday after the demo on dec 3", date(2026, 12, 4)),
    ("call them tuesday before lunch", date(2026, 11, 24)),  # no day after "before": the coming tuesday
])
def test_a_weekday_before_or_after_a_named_day_is_the_nearest_on_that_side(text, expected):
    assert extract.day(text, date(2026, 11, 22)) == expected


@pytest.mark.parametrize("text, expected", [
    ("first working day after new year's, remind me to restart the conversation", date(2027, 1, 4)),
    ("first business day of january", date(2027, 1, 4)),
    ("the first working day of the new year", date(2027, 1, 4)),
    ("first working day after christmas", date(2026, 12, 28)),
    ("first business day of december", date(2026, 12, 1)),
    ("todo for the last day of this month: send the security pack", date(2026, 11, 30)),
])
def test_the_first_working_day_skips_weekends_and_public_holidays(text, expected):
    assert extract.day(text, date(2026, 11, 22)) == expected


@pytest.mark.parametrize("text, expected", [
    ("set me a reminder three days before its close date", date(2027, 1, 23)),
    ("a week ahead of the deal's expected close", date(2027, 1, 19)),
    ("2 days prior to their close date", date(2027, 1, 24)),
    ("a task for two days before the ironbark renewal's close date", date(2027, 1, 24)),
    ("put a task on my list for a week before the tienda azul renewal is due to close", date(2027, 1, 19)),
    ("remind me 3 days before it closes", date(2027, 1, 23)),
    ("remind me the day before the straitspoint PMO rollout is supposed to close", date(2027, 1, 25)),
    ("the monday after the kesselwerk pilot's expected close date, remind me", date(2027, 2, 1)),
    ("the friday before its close date", date(2027, 1, 22)),
    ("so a fortnight before the hygge renewal's close date, remind me to ask jonas sato for the PO number", date(2027, 1, 12)),
    ("sampaguita: the day after the 14.9k enterprise pilot is meant to close, remind me", date(2027, 1, 27)),
    # 2027-01-26 is a Tuesday: that week's Monday, and its Friday
    ("on the monday of the week the granite peak seats deal is supposed to close, remind me", date(2027, 1, 25)),
    ("the friday of the week it closes", date(2027, 1, 29)),
    # the week before's (or after's) day; a deal's name may carry "+"
    ("on the monday of the week before the stackhouse sso + audit logs upgrade is due to close", date(2027, 1, 18)),
    ("the friday of the week after it closes", date(2027, 2, 5)),
    ("some days before the close date", None),
    ("three days before the demo", None),
])
def test_a_day_before_a_close_date(text, expected):
    assert extract.before_close(text, date(2027, 1, 26)) == expected


@pytest.mark.parametrize("text, start, label", [
    ("deals created since oct 1", date(2026, 10, 1), "since October 2026"),
    ("since october 15th", date(2026, 10, 15), "since October 15, 2026"),
    ("anything new since the start of march", date(2026, 3, 1), "since March 2026"),
    # a weekday or a day of the month gone by (TODAY is Sunday the 22nd)
    ("what's come in since monday the 16th", date(2026, 11, 16), "since Monday 2026-11-16"),
    ("since tues", date(2026, 11, 17), "since Tuesday 2026-11-17"),
    ("since sunday", date(2026, 11, 15), "since Sunday 2026-11-15"),
    ("since the 25th", date(2026, 10, 25), "since Sunday 2026-10-25"),
])
def test_since_a_month_or_a_day_runs_to_today(text, start, label):
    found = extract.date_range(text, TODAY, past=True)
    assert (found.start, found.end, found.label) == (start, TODAY, label)


def test_later_than_a_month_runs_from_the_month_after_it():
    found = extract.date_range("is anything dated later than march at all?", TODAY)
    assert (found.start, found.label) == (date(2027, 4, 1), "after March 2027") and found.end > date(2030, 1, 1)
    won = extract.date_range("what did we win after march", TODAY, past=True)
    assert (won.start, won.end) == (date(2026, 4, 1), TODAY)


def test_a_quarter_with_a_two_digit_year():
    found = extract.date_range("finance wants the shape of Q1 '27", TODAY)
    assert (found.start, found.end) == (date(2027, 1, 1), date(2027, 3, 31))
    assert extract.date_range("q1 12 deals", TODAY).start.year == TODAY.year  # "12" is no year without its apostrophe


def test_a_half_of_this_or_last_year_is_that_half_not_the_year():
    found = extract.date_range("which deals did we lose in the first half of this year (jan-jun)?", TODAY, past=True)
    assert (found.start, found.end, found.label) == (date(TODAY.year, 1, 1), date(TODAY.year, 6, 30), f"H1 {TODAY.year}")
    found = extract.date_range("the second half of last year", TODAY, past=True)
    assert (found.start, found.end) == (date(TODAY.year - 1, 7, 1), date(TODAY.year - 1, 12, 31))
    assert extract.date_range("this year", TODAY).label == "this year"


def test_this_past_week_is_the_seven_days_to_today():
    found = extract.date_range("what did we close-won this past week?", TODAY, past=True)
    assert (found.start, found.end, found.label) == (TODAY - timedelta(days=7), TODAY, "the past week")


@pytest.mark.parametrize("text, factor", [
    ("take the 10% off the deal amount and set the close date to dec 31 pls", 0.9),
    ("knock 15% off it", 0.85),
    ("cut the amount by 20%", 0.8),
    ("bump it by 15%", 1.15),
    ("so the expansion is 3 teams now. take a quarter off its amount", 0.75),
    ("knock a third off it", 2 / 3),
    ("halve the amount", 0.5),
    ("they're adding the ops team, so scale the amount up by half", 1.5),
    ("a quarter of their teams moved", None),
    ("they got 10% off last year", None),  # a discount told, not asked for
    ("a 10% discount was approved", None),
    ("they want 40 seats rather than the 30 we priced it on, same per-seat price, so scale the amount up to match", 4 / 3),
    ("going from 50 to 40 seats, adjust the amount accordingly", 0.8),
    ("they want 40 seats rather than the 30 we quoted", None),  # the seats told, no amount asked to follow them
])
def test_an_amount_changed_by_a_share_of_itself(text, factor):
    found = extract.percent_change(text)
    assert found == pytest.approx(factor) if factor else found is None


@pytest.mark.parametrize("text, start, end", [
    ("expected to close jan-mar next year", date(2027, 1, 1), date(2027, 3, 31)),
    ("january to march 2027", date(2027, 1, 1), date(2027, 3, 31)),
    ("q1 next year", date(2027, 1, 1), date(2027, 3, 31)),
    ("deals closing next year", date(2027, 1, 1), date(2027, 12, 31)),
    ("did we win more in Q2 than in Q1 this year?", date(2026, 1, 1), date(2026, 12, 31)),  # two quarters compared
])
def test_months_or_a_quarter_of_a_year_said_relative_to_this_one(text, start, end):
    found = extract.date_range(text, date(2026, 11, 22))
    assert (found.start, found.end) == (start, end)


@pytest.mark.parametrize("text, start, end", [
    ("which industries did our 2026 closed-won revenue come from?", date(2026, 1, 1), date(2026, 12, 31)),
    ("win rate for each quarter of 2026 so far, q1 through q4", date(2026, 1, 1), date(2026, 12, 31)),
    ("q2 to q3", date(2026, 4, 1), date(2026, 9, 30)),
])
def test_a_year_said_as_ours_and_a_span_of_quarters(text, start, end):
    found = extract.date_range(text, date(2026, 11, 22))
    assert (found.start, found.end) == (start, end)


def test_a_weekday_before_that_is_counted_from_the_date_said_before_it():
    said = "kesselwerk shuts down for christmas from monday dec 21. remind me the thursday before that to chase maya"
    assert extract.day(said, date(2026, 11, 22)) == date(2026, 12, 17)


def test_days_after_a_deal_closed_are_counted_from_its_close_date():
    assert extract.before_close("set me a reminder 30 days after it closed to do a post-sale check-in", date(2026, 11, 22)) \
        == date(2026, 12, 22)


@pytest.mark.parametrize("text, start, end", [
    ("over the last 12 months up to today, how many deals did we win", date(2025, 11, 23), TODAY),
    ("board wants a trailing-twelve-months view", date(2025, 11, 23), TODAY),
    ("win rate over the past 3 months", date(2026, 8, 23), TODAY),
    ("what's closing in the next 2 months", TODAY, date(2027, 1, 22)),
    ("the last six months", date(2026, 5, 23), TODAY),
])
def test_a_count_of_months_back_or_ahead_is_that_many_months_to_the_day(text, start, end):
    found = extract.date_range(text, TODAY, past=True)
    assert (found.start, found.end) == (start, end), found


def test_months_away_from_the_31st_is_that_months_last_day():
    assert extract._months_away(date(2026, 3, 31), -1) == date(2026, 2, 28)


@pytest.mark.parametrize("text, factor", [
    ("so the prepay conversion deal should be double what it is now", 2.0),
    ("halve the amount, they're only taking one team", 0.5),
    ("make it three times the current amount", 3.0),
    ("double-check the amount", None),
])
def test_an_amount_doubled_halved_or_tripled_is_that_factor(text, factor):
    assert extract.percent_change(text) == factor


@pytest.mark.parametrize("text, expected", [
    ("put a reminder on my list for the last working day of this month", date(2026, 11, 30)),
    ("the last business day of next month", date(2026, 12, 31)),
    ("the first working day of next month", date(2026, 12, 1)),
])
def test_the_last_or_first_working_day_of_a_month(text, expected):
    assert extract.day(text, TODAY) == expected
    assert extract.day("the last working day of this month", date(2027, 1, 5)) == date(2027, 1, 29)  # the 31st is a Sunday


def test_days_before_its_due_to_close():
    assert extract.before_close("remind me ten days before it's due to close to check the call happened",
                                date(2026, 12, 26)) == date(2026, 12, 16)


def test_between_now_and_christmas_ends_on_christmas_day():
    found = extract.date_range("what's alice got that's meant to close between now and christmas?", TODAY)
    assert (found.start, found.end) == (TODAY, date(2026, 12, 25)), found
