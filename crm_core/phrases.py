"""What plain-language phrases mean in the CRM: dates and periods ("next Friday", "this quarter"), amounts
("$50k"), e-mails, record ids, pipeline stages. One place, so the offline model, the pipeline engine and every
channel read "this quarter" the same way. Each returns None when the text does not say."""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
TICKET_ID = re.compile(r"(?:ticket\s*#?\s*|#)(\d{1,9})\b", re.IGNORECASE)
# "deal 12" is an id; "make the pilot deal 20,300" is an amount.
RECORD_ID = re.compile(r"\b(company|contact|deal|ticket)\s*(?:id\s*)?#?\s*(\d{1,9})\b(?![,.]\d|k\b)", re.IGNORECASE)

WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
# "remind me fri", "call her on wed": short forms too ("sat" and "sun" are left out: they are ordinary words).
WEEKDAY_WORDS = {**WEEKDAYS, "mon": 0, "tue": 1, "tues": 1, "wed": 2, "weds": 2, "thu": 3, "thur": 3, "thurs": 3, "fri": 4}
MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
# "end of Jan", "end of sept": a month by its name or short form ("may" and "mar" read as words only after "end of").
MONTH_WORDS = {**MONTHS, **{name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}, "sept": 9}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})

# Stage words as people say them -> the pipeline's stage keys.
STAGE_WORDS = [
    (("closed won", "closed-won", "won", "signed"), "closed_won"),
    (("closed lost", "closed-lost", "lost", "signed with a competitor", "went with a competitor"), "closed_lost"),
    (("negotiation", "negotiating", "negotiate"), "negotiation"),
    (("proposal", "quote sent", "proposal sent"), "proposal"),
    (("qualification", "qualifying", "qualified"), "qualification"),
    (("prospecting", "prospect"), "prospecting"),
]


@dataclass(frozen=True)
class DateRange:
    start: date
    end: date  # inclusive
    label: str


def emails(text: str) -> list[str]:
    return [m.lower() for m in EMAIL.findall(text)]


def ticket_id(text: str) -> int | None:
    match = TICKET_ID.search(text)
    return int(match.group(1)) if match else None


def record_ids(text: str) -> dict[str, int]:
    """{"deal": 12} for "deal 12", "deal #12", "deal id 12"."""
    return {kind.lower(): int(number) for kind, number in RECORD_ID.findall(text)}


def stage(text: str) -> str | None:
    """The stage a message names; the one it moves a deal to first ("they signed off on the seat count, move it
    to negotiation" is negotiation)."""
    lowered = f" {text.lower()} "
    for words, key in STAGE_WORDS:
        if any(re.search(rf"\b(?:to|into|as)\s+(?:the\s+)?{re.escape(word)}\b", lowered) for word in words):
            return key
    for words, key in STAGE_WORDS:
        # "won't close this month" is not "won"; "signed off on the quote" approved it, no more
        # ... and "nothing gets signed before their board meets" says when it will not be
        # ... and "they signed with a competitor" lost it
        # ... and "Hana wants it signed before their board meets" is a wish
        if any(re.search(rf"\b{re.escape(word)}\b(?!['’]t)(?! off\b)(?! with (?:a|another|the|their) (?:competitor|rival))"
                         rf"(?! (?:before|ahead of)\b)", lowered)
               and not re.search(rf"\b(?:not|nothing|never|no|won['’]t|isn['’]t|hasn['’]t|until|before|wants?|wanted|hoping|"
                                 rf"hopes?|needs?|expects?)\b(?:\s+\w+){{0,2}}\s+{re.escape(word)}\b", lowered)
               # "it's been sitting in prospecting forever": the stage it is in, not one to move it to
               and not re.search(rf"\b(?:sitting|stuck|sat|parked|languishing|been|still|currently|lingering)\s+in\s+"
                                 rf"(?:the\s+)?{re.escape(word)}\b", lowered) for word in words):
            return key
    return None


_AMOUNT = re.compile(
    r"(?P<cur1>[$€£])?\s?(?P<num>\d{1,3}(?:[,\s]\d{3})+|\d+(?:\.\d+)?)\s?(?P<mult>k|m|mm|thousand|million)?\b\s?"
    r"(?P<cur2>usd|eur|gbp|dollars?|euros?|pounds?)?",
    re.IGNORECASE,
)
_CURRENCY = {"$": "USD", "€": "EUR", "£": "GBP", "usd": "USD", "eur": "EUR", "gbp": "GBP", "dollar": "USD",
             "dollars": "USD", "euro": "EUR", "euros": "EUR", "pound": "GBP", "pounds": "GBP"}
_MULTIPLIER = {"k": 1_000, "thousand": 1_000, "m": 1_000_000, "mm": 1_000_000, "million": 1_000_000}


def amount(text: str) -> tuple[Decimal, str | None] | None:
    """The first money amount: "$50k" -> (50000, "USD"), "12,500 eur" -> (12500, "EUR"), "80k" -> (80000, None).
    A bare number counts only with a currency or a multiplier, so "deal 12" is not an amount."""
    found = _amount_match(text)
    return found[0] if found else None


def without_amount(text: str) -> tuple[Decimal | None, str]:
    """ "kesselwerk expansion 27.5k" -> (27500, "kesselwerk expansion"): a record named with its amount."""
    found = _amount_match(text)
    if not found:
        return None, text
    (value, _), match = found
    return value, " ".join(f"{text[:match.start()]} {text[match.end():]}".split())


def _amount_match(text: str) -> tuple[tuple[Decimal, str | None], re.Match] | None:
    for match in _AMOUNT.finditer(text):
        currency = match.group("cur1") or match.group("cur2")
        multiplier = match.group("mult")
        if not currency and not multiplier:
            continue
        try:
            value = Decimal(re.sub(r"[,\s]", "", match.group("num")))
        except InvalidOperation:
            continue
        if multiplier:
            value *= _MULTIPLIER[multiplier.lower()]
        return (value, _CURRENCY.get(currency.lower()) if currency else None), match
    return None


def _quarter(day: date) -> tuple[date, date]:
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = date(day.year, first_month, 1)
    end_month = first_month + 2
    return start, date(day.year, end_month, calendar.monthrange(day.year, end_month)[1])


def _month(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _months_away(today: date, months: int) -> date:
    """The same day of the month `months` away (or that month's last day, from the 31st)."""
    index = today.year * 12 + today.month - 1 + months
    year, month = index // 12, index % 12 + 1
    return date(year, month, min(today.day, calendar.monthrange(year, month)[1]))


def date_range(text: str, today: date, *, past: bool = False) -> DateRange | None:
    """Periods: this/next/last week|month|quarter|year, "Q3", "H1", "year to date", "since March", "in March",
    "in 2026", "the next 30 days", "between today and the 30th", "between July and September". A month named alone is the coming one, or with ``past`` (questions about what already
    happened) the latest one that has begun."""
    lowered = text.lower()
    if re.search(r"\b(?:this|the)\s+(?:past|last)\s+week\b|\bover the past week\b|\bin the past week\b", lowered):
        return DateRange(today - timedelta(days=7), today, "the past week")  # "this past week": the seven days to today
    # (before "this year": "the first half of this year" is its first six months)
    if m := re.search(r"\b(?:h([12])|(first|second) half)(?:\s+(?:of\s+)?(?:(\d{4})|(this|next|last|previous|prior) year))?\b",
                      lowered):
        shift = {"next": 1, "last": -1, "previous": -1, "prior": -1}.get(m.group(4), 0)
        year = int(m.group(3) or today.year + shift)
        first = m.group(1) == "1" or m.group(2) == "first"
        return DateRange(date(year, 1, 1) if first else date(year, 7, 1), date(year, 6, 30) if first else date(year, 12, 31),
                         f"H{1 if first else 2} {year}")
    # (before "next year": "Q1 next year", "jan-mar next year" are part of it)
    shifts = {"this": 0, "next": 1, "last": -1, "previous": -1, "prior": -1}
    # (one quarter only: "did we win more in Q2 than in Q1 this year?" compares two of this year's)
    if len(re.findall(r"\bq[1-4]\b", lowered)) == 1 \
            and (m := re.search(r"\bq([1-4])\s+(?:of\s+)?(this|next|last|previous|prior)\s+year\b", lowered)):
        start = date(today.year + shifts[m.group(2)], 3 * (int(m.group(1)) - 1) + 1, 1)
        return DateRange(*_quarter(start), f"Q{m.group(1)} {start.year}")
    month_words = "|".join(sorted(MONTH_WORDS, key=len, reverse=True))
    if m := re.search(rf"\b({month_words})\.?\s*(?:-|–|to|through|thru|till|until)\s*({month_words})\.?\s+(?:of\s+)?"
                      rf"(?:(this|next|last|previous|prior)\s+year|(\d{{4}})|['’](\d{{2}}))\b", lowered):
        # "jan-mar next year", "october to december 2026": the first day of one month to the last of the other
        year = today.year + shifts[m.group(3)] if m.group(3) else int(m.group(4) or f"20{m.group(5)}")
        first, last = MONTH_WORDS[m.group(1)], MONTH_WORDS[m.group(2)]
        start_year = year - (1 if last < first else 0)
        return DateRange(_month(start_year, first)[0], _month(year, last)[1],
                         f"{calendar.month_name[first]} {start_year} to {calendar.month_name[last]} {year}")
    if m := re.search(r"\b(this|next|last|previous|prior)\s+(week|month|quarter|year)\b", lowered):
        which, unit = m.group(1), m.group(2)
        shift = {"this": 0, "next": 1, "last": -1, "previous": -1, "prior": -1}[which]
        if unit == "week":
            start = today - timedelta(days=today.weekday()) + timedelta(weeks=shift)
            return DateRange(start, start + timedelta(days=6), f"{which} week")
        if unit == "month":
            month_index = today.year * 12 + today.month - 1 + shift
            return DateRange(*_month(month_index // 12, month_index % 12 + 1), f"{which} month")
        if unit == "quarter":
            start, _ = _quarter(today)
            month_index = start.year * 12 + start.month - 1 + 3 * shift
            return DateRange(*_quarter(date(month_index // 12, month_index % 12 + 1, 1)), f"{which} quarter")
        if shift == 0 and re.search(r"\bso far this year\b", lowered):
            return DateRange(date(today.year, 1, 1), today, "so far this year")
        year = today.year + shift
        return DateRange(date(year, 1, 1), date(year, 12, 31), f"{which} year")
    if re.search(r"\b(ytd|year[- ]to[- ]date)\b", lowered):
        return DateRange(date(today.year, 1, 1), today, "year to date")
    if re.search(r"\b(qtd|quarter[- ]to[- ]date)\b", lowered):
        return DateRange(_quarter(today)[0], today, "quarter to date")
    if (m := re.search(r"\bq([1-4])\s*(?:through|thru|to|till|until|-|–)\s*q([1-4])\b", lowered)) and m.group(1) < m.group(2):
        # "win rate for each quarter of 2026 so far, q1 through q4": the quarters' span, of the year said (or this one)
        said = re.search(r"\b(20\d\d)\b(?!-\d)", lowered)
        year = int(said.group(1)) if said else today.year
        start, end = _quarter(date(year, 3 * int(m.group(1)) - 2, 1))[0], _quarter(date(year, 3 * int(m.group(2)) - 2, 1))[1]
        return DateRange(start, end, f"Q{m.group(1)} to Q{m.group(2)} {year}")
    if m := re.search(r"\bq([1-4])(?:\s*(\d{4})\b|\s*['’](\d{2})\b)?", lowered):  # "Q1 2027", "Q1 '27"
        year = int(m.group(2) or (m.group(3) and f"20{m.group(3)}") or today.year)
        start = date(year, 3 * (int(m.group(1)) - 1) + 1, 1)
        return DateRange(*_quarter(start), f"Q{m.group(1)} {year}")
    if m := re.search(r"\b(?:next|coming)\s+(\d{1,3}|" + "|".join(_COUNTS) + r")\s+(days|weeks)\b", lowered):
        # "closing in the next 2 weeks", "the next 30 days"
        days = _count(m.group(1)) * (7 if m.group(2) == "weeks" else 1)
        return DateRange(today, today + timedelta(days=days), f"next {m.group(1)} {m.group(2)}")
    if m := re.search(r"\b(?:last|past)\s+(\d{1,3}|" + "|".join(_COUNTS) + r")\s+(days|weeks)\b", lowered):
        days = _count(m.group(1)) * (7 if m.group(2) == "weeks" else 1)
        return DateRange(today - timedelta(days=days), today, f"last {m.group(1)} {m.group(2)}")
    if m := re.search(r"\b(?:(next|coming)|last|past|trailing)[\s-]+(\d{1,2}|" + "|".join(_COUNTS) + r")[\s-]+months?\b|"
                      r"\b(ttm|ltm)\b", lowered):
        # "over the last 12 months up to today", "trailing-twelve-months", "the next 6 months": the same day of the month
        # that many months away
        months = _count(m.group(2)) if m.group(2) else 12
        if m.group(1):
            return DateRange(today, _months_away(today, months), f"next {months} months")
        return DateRange(_months_away(today, -months) + timedelta(days=1), today, f"last {months} months")
    if m := re.search(r"\b(?:between\s+(?:today|now)\s+and|from\s+(?:today|now)\s+(?:to|until|till|through|thru))\s+"
                      r"(?:the\s+)?(?:(\d{1,2})(?:st|nd|rd|th)\b|(end of (?:the |this )?(?:month|quarter|year))|(.{1,30}))", lowered):
        # "between today and the 30th", "from now until end of the quarter", "between now and December 12"
        if m.group(1):
            end = _day_of_month(int(m.group(1)), today)
        elif m.group(2):
            end = _quarter(today)[1] if "quarter" in m.group(2) else \
                date(today.year, 12, 31) if "year" in m.group(2) else _month(today.year, today.month)[1]
        else:
            end = _holiday(m.group(3), today) or day(m.group(3), today)  # "… between now and christmas"
        if end is not None and end >= today:
            return DateRange(today, end, f"today to {end.isoformat()}")
    if m := re.search(r"\b(?:before|by|until|till|ahead of)\s+(?:the\s+)?(?:(?:end|close)\s+of\s+(?:the\s+|this\s+)?"
                      r"(month|quarter|year)|(month|quarter|year)[- ]end|eo([mqy]))\b", lowered):
        # "due to close before the end of the year", "by quarter end", "by EOQ": from today to the period's last day
        unit = m.group(1) or m.group(2) or {"m": "month", "q": "quarter", "y": "year"}[m.group(3)]
        end = _quarter(today)[1] if unit == "quarter" else \
            date(today.year, 12, 31) if unit == "year" else _month(today.year, today.month)[1]
        return DateRange(today, end, f"by the end of the {unit}")
    if m := re.search(r"\b(?:before|by|until|till|ahead of)\s+(christmas|xmas|new year(?:['’]s)?(?: eve| day)?|the holidays)\b",
                      lowered):
        # "which of my deals are supposed to close before christmas?": today to the day before it (by new year: the
        # year's last day)
        end = date(today.year, 12, 24) if m.group(1) in ("christmas", "xmas", "the holidays") else date(today.year, 12, 31)
        if end >= today:
            return DateRange(today, end, f"today to {end.isoformat()}")
    if m := re.search(r"\b(?:(so far|to date)\s+)?(?:in|for|during|over|throughout|of|our|my|his|her|their|your)\s+"
                      r"(?:calendar\s+)?(20\d\d)\b"
                      r"(?!-\d)(\s+(?:so far|to date|ytd))?", lowered):
        # "in 2026", "so far in 2026", "what we lost in 2026 to date", "our 2026 closed-won revenue": the calendar
        # year, up to today if "so far"
        year = int(m.group(2))
        if year == today.year and (m.group(1) or m.group(3)):
            return DateRange(date(year, 1, 1), today, f"{year} so far")
        return DateRange(date(year, 1, 1), date(year, 12, 31), str(year))
    long_months = "|".join(name for name in MONTHS if len(name) > 3)
    full_months = "|".join(name.lower() for name in calendar.month_name if name)
    if m := re.search(rf"\b(?:between\s+|from\s+)?({full_months})(?:\s+(\d{{4}}))?\s*(?:and|to|through|thru|till|until|-|–)\s*"
                      rf"({full_months})(?:\s+(\d{{4}}))?\b", lowered):
        # "what did we win between July and September": the first day of one month to the last of the other; the
        # latest such span that has begun (or, for what is to come, the next one)
        first, last = MONTHS[m.group(1)], MONTHS[m.group(3)]
        if m.group(2) or m.group(4):
            start_year = int(m.group(2) or m.group(4)) - (1 if not m.group(2) and last < first else 0)
        elif past:
            start_year = today.year if first <= today.month else today.year - 1
        else:
            start_year = today.year if first >= today.month else today.year + 1
        end_year = start_year + (1 if last < first else 0)
        return DateRange(_month(start_year, first)[0], _month(end_year, last)[1],
                         f"{calendar.month_name[first]} {start_year} to {calendar.month_name[last]} {end_year}")
    # "since March", "since oct 1", "since october 15th": from that day (the first, when no day is said)
    any_month = "|".join(sorted(MONTH_WORDS, key=len, reverse=True))
    if m := re.search(rf"\bsince\s+(?:the\s+(?:start|beginning)\s+of\s+)?({any_month})\.?(?:\s+(\d{{1,2}})(?:st|nd|rd|th)?)?(?![\w-])",
                      lowered):
        number, day_said = MONTH_WORDS[m.group(1)], int(m.group(2)) if m.group(2) else None
        year = today.year if number <= today.month else today.year - 1
        if day_said and 1 <= day_said <= calendar.monthrange(year, number)[1] and day_said > 1:
            return DateRange(date(year, number, day_said), today, f"since {calendar.month_name[number]} {day_said}, {year}")
        return DateRange(date(year, number, 1), today, f"since {calendar.month_name[number]} {year}")
    # "since monday", "since monday the 16th", "since the 16th": from that day gone by (a week back when today is that
    # weekday; the day of the month decides when both are said)
    weekday_words = "|".join(sorted(WEEKDAY_WORDS, key=len, reverse=True))
    if m := re.search(rf"\bsince\s+(?:last\s+)?(?:({weekday_words})\b\.?(?:\s+(?:the\s+)?(\d{{1,2}})(?:st|nd|rd|th)?\b)?|"
                      rf"the\s+(\d{{1,2}})(?:st|nd|rd|th)\b)", lowered):
        number = int(m.group(2) or m.group(3) or 0)
        if number:  # this month's, or last month's when it is still to come
            month = today if number <= today.day else today.replace(day=1) - timedelta(days=1)
            if number > calendar.monthrange(month.year, month.month)[1]:
                return None
            start = month.replace(day=number)
        else:
            start = today - timedelta(days=(today.weekday() - WEEKDAY_WORDS[m.group(1)]) % 7 or 7)
        return DateRange(start, today, f"since {calendar.day_name[start.weekday()]} {start:%Y-%m-%d}")
    # "is anything dated later than march?": from the month after it on (ten years on, or to today for what happened)
    if m := re.search(rf"\b(?:later than|after|beyond)\s+(?:the\s+end\s+of\s+)?({long_months})(?:\s+(\d{{4}}))?\b", lowered):
        number = MONTH_WORDS[m.group(1)]
        if m.group(2):
            year = int(m.group(2))
        elif past:
            year = today.year if number < today.month else today.year - 1
        else:
            year = today.year if number >= today.month else today.year + 1
        start = _month(year, number)[1] + timedelta(days=1)
        end = today if past else date(start.year + 10, 12, 31)
        if start <= end:
            return DateRange(start, end, f"after {calendar.month_name[number]} {year}")
    # "close in jan": an abbreviation counts after "in"/"for"/"during" (not "of", as in "a lot of mar…")
    short_months = "|".join(name for name in MONTH_WORDS if len(name) <= 4 and name != "may")
    # ... and "how's november shaping up", "how did october go": the month a question asks about
    if m := re.search(rf"\b(?:in|for|during|of|ahead to|into)\s+({long_months})(?:\s+(\d{{4}}))?\b|"
                      rf"\b(?:in|for|during)\s+({short_months})\.?(?:\s+(\d{{4}}))?(?![\w-])|"
                      rf"\bhow(?:'s|’s| is| was| did| does)\s+({full_months})(?:\s+(\d{{4}}))?\s+(?:shaping|looking|going|go|doing|"
                      rf"do|trending|tracking|coming|look|been|turning)\b", lowered):
        number, year_said = MONTH_WORDS[m.group(1) or m.group(3) or m.group(5)], m.group(2) or m.group(4) or m.group(6)
        if year_said:
            year = int(year_said)
        elif past:
            year = today.year if number <= today.month else today.year - 1
        else:
            year = today.year if number >= today.month else today.year + 1
        return DateRange(*_month(year, number), f"{calendar.month_name[number]} {year}")
    return None


def _day_of_month(number: int, today: date) -> date | None:
    month_index = today.year * 12 + today.month - 1
    for shift in range(3):  # "the 31st" in a 30-day month is the next month that has one
        year, month = divmod(month_index + shift, 12)
        if number <= calendar.monthrange(year, month + 1)[1]:
            candidate = date(year, month + 1, number)
            if candidate >= today:
                return candidate
    return None


# "in ten days", "push it two weeks", "a couple of days from now": a count said in words or digits
_COUNTS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
           "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fourteen": 14, "fifteen": 15, "twenty": 20, "thirty": 30,
           "couple of": 2, "a couple of": 2, "few": 3, "a few": 3}
_COUNT = r"\d{1,3}|" + "|".join(sorted(_COUNTS, key=len, reverse=True))


def _count(said: str) -> int:
    said = said.lower().strip()
    return int(said) if said.isdigit() else _COUNTS.get(said, 1)


# "the day after", "two days before", "a week before": a day counted from the date the text names
_OFFSET = re.compile(rf"\b(the|a|{_COUNT}) (day|week)s? (before|after)\b(?!\s+(?:tomorrow|tmrw|tmr|today|next))")


def day(text: str, today: date) -> date | None:
    """A single day: ISO dates, today/tomorrow, (next) Friday, "in 3 days/weeks", "March 5", "5 March",
    "Wed Dec 2", "the first Monday in December", "Monday the 30th", "end of next week", "on the 1st", "end of the
    month/quarter"; and counted from one of those: "the day after" a committee that "meets on December 3rd"."""
    named = _named_day(text, today)
    if named is None or not (offset := _OFFSET.search(text.lower())):
        return named
    count = 1 if offset.group(1) in ("the", "a") else _count(offset.group(1))
    step = timedelta(days=count) if offset.group(2) == "day" else timedelta(weeks=count)
    return named + step if offset.group(3) == "after" else named - step


HOLIDAYS = {"christmas eve": (12, 24), "christmas": (12, 25), "xmas": (12, 25), "new year's eve": (12, 31),
            "new years eve": (12, 31), "new year's": (1, 1), "new years": (1, 1), "new year": (1, 1)}


def _holiday(text: str, today: date) -> date | None:
    """The next Christmas or New Year said at the start of the text ("xmas to chase deal desk")."""
    said = re.match(r"\W*(?:the\s+)?(" + "|".join(sorted(map(re.escape, HOLIDAYS), key=len, reverse=True)) + r")(?:\s+day)?\b",
                    text.replace("’", "'"))
    if not said:
        return None
    month, day_of_month = HOLIDAYS[said.group(1)]
    found = date(today.year, month, day_of_month)
    return found if found >= today else date(today.year + 1, month, day_of_month)


def _named_day(text: str, today: date) -> date | None:
    lowered = text.lower()
    if m := re.search(r"\b(\d{4})-(\d{2})-(\d{2})\b", lowered):
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    if m := re.search(rf"\b({_COUNT})\s+(day|week)s?\s+(?:from|after)\s+(tomorrow|tmrw|tmr|today)\b", lowered):
        # "a week from tomorrow": tomorrow, then the count on top
        base = today + timedelta(days=0 if m.group(3) == "today" else 1)
        return base + (timedelta(days=_count(m.group(1))) if m.group(2) == "day" else timedelta(weeks=_count(m.group(1))))
    if m := re.search(r"\b(?:the )?(last|first) (working |work |business )?day of (?:the |this )?(next )?month\b", lowered):
        # "the last working day of this month": its last weekday; "the first business day of next month"
        month_index = today.year * 12 + today.month - 1 + (1 if m.group(3) or m.group(1) == "first" else 0)
        first, last = _month(month_index // 12, month_index % 12 + 1)
        found, step = (last, -1) if m.group(1) == "last" else (first, 1)
        while m.group(2) and found.weekday() >= 5:
            found += timedelta(days=step)
        return found
    if re.search(r"\btoday\b", lowered) and not re.search(r"\bfrom today\b", lowered):
        return today
    if re.search(r"\b(?:the )?day after (?:tomorrow|tmrw|tmr)\b", lowered):
        return today + timedelta(days=2)
    if re.search(r"\b(?:tomorrow|tmrw|tmr|tomorow)\b", lowered):
        return today + timedelta(days=1)
    if re.search(r"\bin\s+a\s+fortnight\b", lowered):
        return today + timedelta(weeks=2)
    if m := re.search(rf"\bin\s+({_COUNT})\s+(day|week|month)s?\b|"
                      rf"\b({_COUNT})\s+(day|week|month)s?\s+from\s+(?:now|today)\b", lowered):
        number, unit = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        count = _count(number)
        return today + {"day": timedelta(days=count), "week": timedelta(weeks=count),
                        "month": timedelta(days=30 * count)}[unit]
    month_names = "|".join(sorted(MONTH_WORDS, key=len, reverse=True))
    weekday_names = "|".join(sorted(WEEKDAY_WORDS, key=len, reverse=True))
    if m := re.search(rf"\b(first|1st|second|2nd|third|3rd|fourth|4th|last)\s+({weekday_names})\.?\s+(?:in|of)\s+"
                      rf"({month_names})\b", lowered):
        return _nth_weekday(m.group(1), WEEKDAY_WORDS[m.group(2)], MONTH_WORDS[m.group(3)], today)
    if m := re.search(rf"\b({weekday_names})\.?\s+(before|after)\s+(.+)$", lowered):
        # "the last friday before xmas", "the monday after march 5": the nearest such weekday on that side of it
        # ("… shuts down for christmas from monday dec 21. remind me the thursday before that": the date said before)
        pointed = re.match(r"(?:that|then|it)\b", m.group(3)) and _named_day(lowered[:m.start()], today)
        if (anchor := pointed or _holiday(m.group(3), today) or _named_day(m.group(3), today)) is not None:
            step = timedelta(days=-1 if m.group(2) == "before" else 1)
            found = anchor + step
            while found.weekday() != WEEKDAY_WORDS[m.group(1)]:
                found += step
            return found
    if (working := _first_working_day(lowered, month_names, today)) is not None:
        return working
    if (explicit := _month_and_day(lowered, month_names, today)) is not None:
        return explicit  # "Wed Dec 2": the date, whatever weekday is named with it
    if (numeric := _numeric_day(lowered, today)) is not None:
        return numeric
    if m := re.search(rf"\b(?:{weekday_names})\.?,?\s+the\s+(\d{{1,2}})(?:st|nd|rd|th)\b", lowered):
        return _day_of_month(int(m.group(1)), today)  # "monday the 30th", whatever other weekday is said around it
    if m := re.search(rf"\b({_COUNT})\s+(day|week)s?\s+(?:from|after)\s+(?:this\s+(?:coming\s+)?)?((?:next\s+)?(?:{weekday_names}))\b", lowered):
        # "a week from (this) tuesday": that day, then the count on top
        base = day(m.group(3), today)
        return base + (timedelta(days=_count(m.group(1))) if m.group(2) == "day" else timedelta(weeks=_count(m.group(1))))
    if re.search(r"\bend of next week\b", lowered):
        return today + timedelta(days=7 - today.weekday() + 4)  # the Friday of the coming Monday's week
    if m := re.search(r"\b(next\s+)?(" + weekday_names + r")\b\.?", lowered):
        # "Friday" and "next Friday" both mean the coming one (never today), as most people use them.
        return today + timedelta(days=(WEEKDAY_WORDS[m.group(2)] - today.weekday()) % 7 or 7)
    if m := re.search(r"\bend of (" + "|".join(sorted(MONTH_WORDS, key=len, reverse=True)) + r")\b\.?", lowered):
        month = MONTH_WORDS[m.group(1)]
        year = today.year if month >= today.month else today.year + 1
        return _month(year, month)[1]
    if m := re.search(rf"(?:\b(?:on|by|for|until|before)\s+|\()the\s+(\d{{1,2}})(?:st|nd|rd|th)\b(?!\s+(?:of\s+)?(?:{month_names})\b)",
                      lowered):
        # "on the 1st", "the day he's back (the 8th)": the next such day of a month (this month's if still ahead,
        # else next month's).
        return _day_of_month(int(m.group(1)), today)
    if re.search(r"\b(?:end|last day) of (?:the |this )?month\b", lowered):
        return _month(today.year, today.month)[1]
    if re.search(r"\bend of (the )?quarter\b", lowered):
        return _quarter(today)[1]
    return None


CLOSED_DAYS = {(1, 1), (12, 25), (12, 26)}


def _first_working_day(lowered: str, month_names: str, today: date) -> date | None:
    """ "the first working day after new year's", "first business day of january": the first weekday that is not a
    public holiday, from the day after the one named (or from the month's first day)."""
    if not (m := re.search(r"\bfirst (?:working|business|work|week) ?day (after|of)\s+(.+)$", lowered)):
        return None
    said = m.group(2)
    if m.group(1) == "after":
        anchor = _holiday(said, today) or _named_day(said, today)
        start = anchor + timedelta(days=1) if anchor else None
    elif re.match(r"(?:the\s+)?(?:new|next) year\b", said):
        start = date(today.year + 1, 1, 1)
    elif month := re.match(rf"(?:the\s+)?(?:month\s+of\s+)?({month_names})\b", said):
        number = MONTH_WORDS[month.group(1)]
        start = date(today.year if number > today.month else today.year + 1, number, 1)
    else:
        start = None
    while start is not None and (start.weekday() >= 5 or (start.month, start.day) in CLOSED_DAYS):
        start += timedelta(days=1)
    return start


def _month_and_day(lowered: str, month_names: str, today: date) -> date | None:
    """ "March 5", "5 March", "the 2nd of December": the coming such day (a month back still counts as this year's)."""
    m = re.search(rf"\b({month_names})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b", lowered) or \
        re.search(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({month_names})\b", lowered)
    if not m:
        return None
    first, second = m.group(1), m.group(2)
    month, number = (MONTH_WORDS[first], int(second)) if first in MONTH_WORDS else (MONTH_WORDS[second], int(first))
    try:
        candidate = date(today.year, month, number)
    except ValueError:
        return None
    return candidate if candidate >= today - timedelta(days=30) else candidate.replace(year=today.year + 1)


# "push it out to 3/15", "due 12/5/2027": month first, unless the first number cannot be a month ("on 15/3"). Only
# after a word that introduces a date, so that "24/7 support" or "a 50/50 split" are no dates.
_NUMERIC_DAY = re.compile(r"\b(?:to|on|by|until|till|before|after|for|due|from|around|is|be|date)\s+(\d{1,2})/(\d{1,2})"
                          r"(?:/(\d{4}|\d{2}))?(?![\d/])")


def _numeric_day(lowered: str, today: date) -> date | None:
    if not (m := _NUMERIC_DAY.search(lowered)):
        return None
    first, second = int(m.group(1)), int(m.group(2))
    month, number = (second, first) if first > 12 else (first, second)
    year = int(m.group(3)) + (2000 if len(m.group(3)) == 2 else 0) if m.group(3) else today.year
    try:
        candidate = date(year, month, number)
    except ValueError:
        return None
    if m.group(3) or candidate >= today - timedelta(days=30):
        return candidate
    return candidate.replace(year=today.year + 1)


def _nth_weekday(ordinal: str, weekday: int, month: int, today: date) -> date:
    """ "the first Monday in December": in the coming such month."""
    year = today.year if month >= today.month else today.year + 1
    first, last = _month(year, month)
    if ordinal == "last":
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    n = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}[ordinal]
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


# "take the 10% off the deal amount", "knock 15% off it", "a 5% uplift on the amount": an amount changed by a share of
# itself (the sign says which way)
_PERCENT_OFF = re.compile(r"\b(?:take|knock|shave|cut|drop|give(?:\s+them)?)\s+(?:the\s+|another\s+|an?\s+(?:extra\s+)?)?(\d{1,2}(?:\.\d+)?)\s?%\s+"
                          r"(?:discount\s+)?off\b|\b(?:cut|reduce|lower|drop|discount)\s+(?:it|that|the\s+(?:deal\s+)?amount|the\s+"
                          r"(?:deal|price|value))\s+by\s+(\d{1,2}(?:\.\d+)?)\s?%", re.IGNORECASE)
# "take a quarter off its amount", "knock a third off it": a share said in words
_FRACTION_OFF = re.compile(r"\b(?:take|knock|shave|cut|drop)\s+(?:a\s+|one\s+)?(half|third|quarter|fifth|tenth)\s+off\b|"
                           r"\b(?:cut|reduce|lower|drop)\s+(?:it|that|the\s+(?:deal\s+)?amount|its\s+amount)\s+by\s+(?:a\s+|one\s+)?"
                           r"(half|third|quarter|fifth|tenth)\b|\b(halve)\s+(?:it|that|the\s+(?:deal\s+)?amount|its\s+amount)\b",
                           re.IGNORECASE)
# "scale the amount up by half": the same, the other way
_FRACTION_UP = re.compile(r"\b(?:scale|raise|increase|bump|lift|grow|up)\s+(?:it|that|the\s+(?:deal\s+)?amount|its\s+amount|the\s+"
                          r"(?:deal|price|value))\s+(?:up\s+)?by\s+(?:a\s+|one\s+)?(half|third|quarter|fifth|tenth)\b", re.IGNORECASE)
_FRACTIONS = {"half": 1 / 2, "halve": 1 / 2, "third": 1 / 3, "quarter": 1 / 4, "fifth": 1 / 5, "tenth": 1 / 10}
_PERCENT_UP = re.compile(r"\b(?:raise|increase|bump|lift|up)\s+(?:it|that|the\s+(?:deal\s+)?amount|the\s+(?:deal|price|value))\s+"
                         r"(?:up\s+)?by\s+(\d{1,3}(?:\.\d+)?)\s?%|\b(?:add|put)\s+(\d{1,3}(?:\.\d+)?)\s?%\s+(?:on|onto|to)\b",
                         re.IGNORECASE)


def percent_change(text: str) -> float | None:
    """The factor an amount is changed by: "take the 10% off the deal amount" is 0.9, "take a quarter off its
    amount" 0.75, "bump it by 15%" 1.15."""
    if found := _PERCENT_OFF.search(text):
        return 1 - float(found.group(1) or found.group(2)) / 100
    if found := _FRACTION_OFF.search(text):
        return 1 - _FRACTIONS[next(g for g in found.groups() if g).lower()]
    if found := _FRACTION_UP.search(text):
        return 1 + _FRACTIONS[found.group(1).lower()]
    if found := _PERCENT_UP.search(text):
        return 1 + float(found.group(1) or found.group(2)) / 100
    if found := _MULTIPLIED.search(text):
        return _MULTIPLES[(found.group(1) or found.group(2)).lower()]
    if _SCALED.search(text) and (found := _SEATS_INSTEAD.search(text)):
        new, old = (int(found.group(1)), int(found.group(2))) if found.group(1) else (int(found.group(4)), int(found.group(3)))
        return new / old if old else None
    return None


# "the prepay conversion deal should be double what it is now", "double the amount", "halve it": the amount
# multiplied
_MULTIPLES = {"double": 2.0, "twice": 2.0, "triple": 3.0, "three times": 3.0, "half": 0.5, "halve": 0.5}
_MULTIPLIED = re.compile(r"\b(double|twice|triple|three times|half)\s+(?:what\s+it(?:'s|’s| is)|the\s+(?:current\s+)?"
                         r"(?:amount|value|size)|its\s+(?:current\s+)?(?:amount|value|size)|that)\b|"
                         r"\b(double|triple|halve)\s+(?:the\s+|its\s+)?(?:amount|value|deal size|it)\b", re.IGNORECASE)


# "they want 40 seats rather than the 30 we priced it on, same per-seat price, so scale the amount up to match": the
# amount scaled by the seats
_SEATS_INSTEAD = re.compile(r"\b(\d+)\s+(?:seats|users|licen[cs]es)\s+(?:rather than|instead of|not|vs\.?|versus)\s+(?:the\s+)?(\d+)\b|"
                            r"\bfrom\s+(\d+)\s+(?:seats\s+|users\s+|licen[cs]es\s+)?to\s+(\d+)\s+(?:seats|users|licen[cs]es)\b",
                            re.IGNORECASE)
_SCALED = re.compile(r"\b(?:scale|adjust|update|bump|change|up)\b.{0,25}\bamount\b.{0,20}\b(?:to match|accordingly|in line|with it)\b|"
                     r"\bsame per[- ](?:seat|user|licen[cs]e) (?:price|rate|pricing)\b", re.IGNORECASE)


# "push it two weeks", "slip the close by a month", "delay it 10 days": a date moved from where it is
_MOVED_BY = re.compile(r"\b(?:push|pushed|slip|slipped|move|moved|delay|delayed|bump|bumped|shift|shifted|kick|kicked)\s+"
                       # what moves may be named in between ("slip the acme annual plan by a month"), but not a date
                       # ("the starter to team upgrade" is a name; "to the 9th" a date)
                       r"(?:(?!(?:until|till|on|in|for|at)\b|to\s+(?:\d|the\b|next\b|end\b|mid|early|late|(?:mon|tue|wed|thu|fri|sat|"
                       r"sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)))[\w&'’.-]+\s+){0,6}?(?:out\s+|back\s+)?"
                       r"(?:by\s+)?(?:another\s+)?(" + _COUNT + r")\s+(day|week|month)s?\b", re.IGNORECASE)


def moved_by(text: str, start: date) -> date | None:
    """The day a date lands on when the text moves it by a span: "push it two weeks" from 2027-01-26 is
    2027-02-09; a month keeps the day of the month where it can."""
    found = _MOVED_BY.search(text)
    if not found:
        return None
    count = _count(found.group(1))
    unit = found.group(2).lower()
    if unit == "month":
        year, month = divmod(start.year * 12 + start.month - 1 + count, 12)
        return date(year, month + 1, min(start.day, calendar.monthrange(year, month + 1)[1]))
    return start + timedelta(days=count * (7 if unit == "week" else 1))


# "two days before the ironbark renewal's close date", "a week before the tienda azul renewal is due to close", "the
# monday after the kesselwerk pilot's expected close date": a day counted from a deal's close date
_CLOSE_SAID = (r"(?:(?:its|the|their|the deal['’]s|that deal['’]s|the\s+(?:[\w-]+\s+){0,4}?[\w-]+['’]s)\s+(?:expected\s+)?"
               r"close(?:\s+date)?\b|(?:it|the|their)\s+(?:[\w'’.+&-]+\s+){0,7}?(?:is\s+(?:due|expected|set|scheduled|supposed|"
               r"meant)\s+to\s+close|closes)\b|"
               # "ten days before it's due to close"
               r"it['’]s\s+(?:due|expected|set|scheduled|supposed|meant)\s+to\s+close\b|"
               # "30 days after it closed": a won deal's close date
               r"(?:it|the deal|that deal|that one)\s+(?:closed|was (?:won|signed|closed)|signed)\b)")
_FROM_CLOSE = re.compile(r"\b(?:(\w+)\s+(days?|weeks?|fortnights?)|(" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + r"))\s+"
                         r"(before|ahead of|prior to|after|of\s+the\s+week\s+(?:before|after)|"
                         r"of\s+the\s+week(?:\s+(?:that|when))?)\s+" + _CLOSE_SAID, re.IGNORECASE)


def before_close(text: str, close: date) -> date | None:
    """ "three days before its close date" from a close date of 2026-12-05 is 2026-12-02; "the monday after" it is
    2026-12-07."""
    if not (found := _FROM_CLOSE.search(text)):
        return None
    step = -1 if found.group(4).lower() != "after" else 1
    if (weekday := found.group(3)) and found.group(4).lower().startswith("of"):
        # "on the monday of the week the granite peak seats deal is supposed to close": that week's day (weeks start
        # Monday); "the monday of the week before …": the week before's
        weeks = -1 if found.group(4).lower().endswith("before") else 1 if found.group(4).lower().endswith("after") else 0
        return close - timedelta(days=close.weekday()) + timedelta(days=WEEKDAYS[weekday.lower()] + 7 * weeks)
    if weekday:
        day = close + timedelta(days=step)
        while day.weekday() != WEEKDAYS[weekday.lower()]:
            day += timedelta(days=step)
        return day
    number, unit = found.group(1), found.group(2)
    if not (number.isdigit() or number.lower() in _COUNTS or number.lower() == "the"):
        return None
    days = {"w": 7, "f": 14}.get(unit[0].lower(), 1)  # ("a fortnight before the hygge renewal's close date")
    return close + step * timedelta(days=_count(number) * days)


def plain(text: str) -> str:
    """Lower case without accents, as people type names: "Ombú" is "ombu", "Lumière" is "lumiere"."""
    return "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))
