"""Tools that answer with numbers: ticket sentiment and trends, and plain-language pipeline questions."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from typing import Literal

from langchain.tools import ToolRuntime, tool
from sqlalchemy import select

from crm_core import phrases, records
from crm_core.companies.models import Company
from crm_core.contacts.models import Contact
from crm_core.enums import Priority, Region, TicketCategory
from crm_core.errors import CRMError, InvalidField
from crm_core.kinds import kind_for_collection
from crm_core.pipeline import service as pipeline
from crm_core.pipeline.parse import Declined
from crm_core.pipeline.query import PipelineQuery
from crm_core.tickets.trend import MIN_RECENT, sentiment_trend
from crm_core.users.models import User
from tools.context import ToolContext
from tools.crm_tools import sentiment_words
from tools.lookup import OPEN_TICKET_STATUSES, display_name, one, resolve

ANGRIEST = 5  # open tickets listed when asked which are the most upset
WORST_OF_ACCOUNT = 3  # a company's or contact's tickets listed under its trend, most negative first
LISTED_BY_URGENCY = 10  # open tickets listed when asked which are urgent
MOST_LISTED = 50  # open tickets listed at most, when all of them are asked for


def _raised_by(session, ticket) -> str:
    """ " (from Ravi Chen, Liffeyside Financial)": whose feeling the score reads, asked with it ("who sent it, how
    negative is it?")."""
    contact = session.get(Contact, ticket.contact_id) if ticket.contact_id else None
    company = session.get(Company, ticket.company_id) if ticket.company_id else None
    said = ", ".join(n for n in (contact and display_name(contact), company and company.name) if n)
    return f" (from {said})" if said else ""


@tool(extras={"examples": [
    "what's the sentiment on ticket 42",
    "how upset is the customer in ticket #17",
    "how does Acme feel about us lately",
    "is Globex getting more frustrated",
    "sentiment trend for Initech",
    "is the customer mood at Umbrella getting worse",
    "what urgency did ticket 12 get scored as",
    "is the customer on the Acme export ticket annoyed or ok",
    "which open tickets are the most negative",
    "has their support experience been souring lately",
    "who are our unhappiest customers right now",
    "which of my tickets are on pending",
]})
def ticket_sentiment(subject: str, runtime: ToolRuntime[ToolContext], urgency: Priority | list[Priority] | None = None,
                     region: Region | None = None, assignee: str | None = None, priority: Priority | None = None,
                     status: Literal["new", "open", "pending"] | None = None,
                     category: TicketCategory | None = None, oldest_first: bool = False,
                     limit: int | None = None, by_assignee: bool = False,
                     sentiment: Literal["negative", "neutral", "positive"] | None = None,
                     account_owner: str | None = None, deals_closing: str | None = None, by_region: bool = False,
                     opened: str | None = None) -> str:
    """Customer sentiment: for a ticket, its label, score, urgency and category; for a company or contact, the
    last 30 days against the 60 before and whether it is getting worse.

    Args:
        subject: "ticket 42", a company's name, or a contact's name or e-mail; or "open tickets" for the most
            negative open tickets.
        urgency: with "open tickets": only the open tickets scored with this urgency (urgent, high, normal, low), or
            with any of several ("rated high or urgent": ["high", "urgent"]).
        region: with "open tickets": only tickets of companies in this region (amer, emea, apac, latam).
        assignee: with "open tickets": only tickets assigned to this user ("me", or a full name, first name or
            e-mail), or "unassigned" for those nobody has picked up.
        priority: with "open tickets": only the open tickets a person gave this priority ("which of my tickets are
            marked urgent?"), whatever urgency they were scored with.
        status: with "open tickets": only the open tickets in this status ("which of my tickets are on pending?"),
            whatever their sentiment.
        category: with "open tickets": only the open tickets of this category ("which of my billing tickets aren't
            solved yet?"), whatever their sentiment.
        oldest_first: with "open tickets": all of them, whatever their sentiment, the longest open first, each with
            the day it was opened ("what's the oldest ticket I still haven't closed?").
        limit: with "open tickets": how many to list ("the 3 angriest": 3; "all of them": 50). Default 5 of the
            most negative, or 10 with a filter.
        by_assignee: with "open tickets": how many each person has, and how many nobody has picked up, instead of
            the tickets ("how many negative open tickets is each of us sitting on?").
        sentiment: with "open tickets": only the open tickets that read so ("any unsolved APAC tickets where the
            customer reads positive?"); beside a category or status too ("open how-to tickets turning sour": negative).
        account_owner: with "open tickets": only tickets of the companies this user owns as account owner ("me", or
            a name or e-mail: "across the accounts I own"), whoever the tickets are assigned to.
        deals_closing: with "open tickets": only tickets of the companies with an open deal expected to close in this
            period ("in December", "this quarter"), each such deal listed after them ("of the deals closing in
            december, which customers have a negative open ticket?").
        by_region: with "open tickets": how many each region has (every region, none is a number too), instead of
            the tickets ("how many unsolved negative tickets has each region got?").
        opened: with "open tickets": only those opened in this period ("since monday the 16th", "this week"),
            whatever their sentiment, each with the day it was opened.
    """
    context = runtime.context
    actor = context.caller.actor
    with context.sessions() as session:
        try:
            if subject.strip().lower() in ("open tickets", "all open tickets", "tickets", "all tickets"):
                accounts = _accounts(session, actor, context.today, account_owner, deals_closing)
                period = _period("opened", opened, context.today, past=True) if opened else None
                return _open_tickets(session, actor, urgency, region, assignee, priority, status, category, oldest_first,
                                     limit, by_assignee, sentiment, accounts, by_region, period)
            if (ticket_id := phrases.ticket_id(subject)) is not None or subject.strip().lstrip("#").isdigit():
                ticket, question = one(session, actor, "tickets", str(ticket_id or subject.strip().lstrip("#")))
                if ticket is None:
                    return question
                if ticket.scored_at is None:
                    return f"ticket {ticket.id}: {ticket.subject} — not scored yet."
                # "how negative does that ticket read, … and who's on it?": whose it is comes with the score
                assigned = session.scalar(select(User.name).where(User.id == ticket.assignee_id)) if ticket.assignee_id else None
                return (f"ticket {ticket.id}: {ticket.subject}{_raised_by(session, ticket)} — sentiment {ticket.sentiment_label} "
                        f"(score {ticket.sentiment_score:+.2f}), urgency {ticket.urgency}, category {ticket.category}, "
                        f"priority {ticket.priority}, status {ticket.status}, opened {ticket.created_at:%Y-%m-%d}, "
                        + (f"assigned to {assigned}." if assigned else "not assigned to anyone."))
            about_ticket = subject.lower().startswith("ticket ")
            if about_ticket:  # "ticket refund request": by its subject
                subject = subject[len("ticket "):]
            for collection in ("tickets", "companies", "contacts") if about_ticket else ("companies", "contacts", "tickets"):
                found = resolve(session, actor, collection, subject)
                if found and collection == "tickets":
                    return ticket_sentiment.func(subject=f"ticket {found[0].id}", runtime=runtime)
                if found:
                    record = found[0]
                    trend = sentiment_trend(session=session, actor=actor, kind=kind_for_collection(collection),
                                            record_id=record.id, now=context.now())
                    name = record.name if collection == "companies" else f"{record.first_name} {record.last_name}"
                    return (f"{name}: last 30 days {sentiment_words(trend.recent)}; the 60 days before "
                            f"{sentiment_words(trend.previous)}. "
                            + (f"Getting worse: {trend.reason}." if trend.worsening else
                               # one message, however negative, is too little to call a trend: say so
                               f"Not getting worse as far as we can tell: {trend.recent.count} scored message in the "
                               f"last 30 days is too few to call a trend." if 0 < trend.recent.count < MIN_RECENT
                               else "Not getting worse.")
                            + _worst_tickets(session, actor, collection, record.id, since=trend.previous.start))
        except InvalidField as exc:  # "assigned to Bob" when two users are called Bob
            return f"I can't tell {'which period' if exc.field in ('deals_closing', 'opened') else 'whose tickets'} you mean: {exc.reason}."
        except CRMError as exc:
            return f"Not allowed: {exc}"
        return f"Nothing matches {subject!r} (or nothing you may see)."


UNASSIGNED = ("unassigned", "nobody", "no one", "none", "not assigned")
CLOSED_STAGES = ("closed_won", "closed_lost")


@dataclass
class Accounts:
    """The companies open tickets are asked of ("the accounts I own", "customers with a deal closing in December"),
    said in words, and the deals that put each one there."""
    ids: set[int]
    said: str
    deals: list = field(default_factory=list)


def _period(name: str, said: str, today, past: bool = False) -> phrases.DateRange:
    period = phrases.date_range(said, today, past=past) or phrases.date_range(f"in {said}", today, past=past)
    if period is None:
        raise InvalidField(name, f"{said!r} is not a period I can read (try 'in December', 'this quarter' or "
                                 f"'since monday')")
    return period


def _accounts(session, actor, today, owner: str | None, closing: str | None) -> Accounts | None:
    if not owner and not closing:
        return None
    ids, said, deals = None, [], []
    if owner:
        me = owner.strip().lower() in ("me", "my", "myself", "i")
        owner_id = actor.user_id if me else pipeline.owner_ids(session, [owner])[0]
        ids = set(session.scalars(select(Company.id).where(Company.owner_id == owner_id)))
        said.append("at accounts " + ("you own" if me else f"owned by {session.get(User, owner_id).name}"))
    if closing:
        period = _period("deals_closing", closing, today)
        kind = kind_for_collection("deals")
        read, _ = records.list_records(session=session, actor=actor, kind=kind, filters=kind.filter_schema(
            expected_close_date_from=period.start, expected_close_date_to=period.end, sort="expected_close_date",
            limit=READ_AT_MOST))
        deals = [d for d in read if d.stage not in CLOSED_STAGES and d.company_id and (ids is None or d.company_id in ids)]
        ids = {d.company_id for d in deals}
        said.append(f"{'' if said else 'at accounts '}with an open deal closing {period.label} ({period.start:%Y-%m-%d} to {period.end:%Y-%m-%d})")
    return Accounts(ids, " " + " and ".join(said), deals)


def _worst_tickets(session, actor, collection: str, record_id: int, since) -> str:
    """What the trend is made of: the company's (contact's) most negative scored tickets of its windows, so
    "how annoyed are they about the Jira sync?" finds its ticket and its score."""
    tickets = kind_for_collection("tickets")
    column = "company_id" if collection == "companies" else "contact_id"
    scored, _ = records.list_records(session=session, actor=actor, kind=tickets, filters=tickets.filter_schema(
        sort="sentiment_score", limit=50, **{column: record_id}))
    recent = [t for t in scored if t.scored_at is not None and t.created_at >= since][:WORST_OF_ACCOUNT]
    if not recent:
        return ""
    people = dict(session.execute(select(Contact.id, Contact.first_name + " " + Contact.last_name).where(
        Contact.id.in_({t.contact_id for t in recent if t.contact_id}))).all()) if collection == "companies" else {}
    # and who works each one: "how upset are they, and who's handling it on our side?"
    staff = dict(session.execute(select(User.id, User.name).where(
        User.id.in_({t.assignee_id for t in recent if t.assignee_id}))).all())
    return "\nMost negative tickets of that time:\n" + "\n".join(
        f"- ticket {t.id}: {t.subject}" + (f" ({people[t.contact_id]})" if t.contact_id in people else "")
        + f" — {t.sentiment_label} (score {t.sentiment_score:+.2f}), urgency {t.urgency}, status {t.status}"
        + (f", assigned to {staff[t.assignee_id]}" if t.assignee_id in staff else ", unassigned")
        for t in recent)


def _open_tickets(session, actor, urgency: Priority | list[Priority] | None, region: Region | None, assignee: str | None,
                  priority: Priority | None = None, status: str | None = None, category: TicketCategory | None = None,
                  oldest_first: bool = False, limit: int | None = None, by_assignee: bool = False,
                  sentiment: str | None = None, accounts: Accounts | None = None, by_region: bool = False,
                  period: phrases.DateRange | None = None) -> str:
    """The most negative open tickets; with an urgency (or a priority, a status or a category), the open tickets
    scored (or marked, in that status or of that category) so, any sentiment, worst first; or the longest open first."""
    tickets = kind_for_collection("tickets")
    if sentiment == "negative" and not (urgency or priority or status or category or period):
        sentiment = None  # what the list is without a filter: the most negative
    urgencies = [Priority(u) for u in (urgency if isinstance(urgency, list) else [urgency] if urgency else [])]
    urgencies = sorted(set(urgencies), key=list(Priority).index)
    urgency = urgencies[0] if len(urgencies) == 1 else None  # several: filtered below, as the store takes one value
    filters = {"priority": priority} if priority else {"urgency": urgency} if urgency else {} if urgencies \
        else {} if status or category or oldest_first or period else {"sentiment_label": "negative"}
    if status:  # alone, or beside an urgency: "anything on pending that the model rated urgent?"
        filters["status"] = status
    if category:
        filters["category"] = category
    if sentiment:
        filters["sentiment_label"] = sentiment
    nobodys = bool(assignee) and assignee.strip().lower() in UNASSIGNED
    if assignee and not nobodys:
        filters["assignee_id"] = actor.user_id if assignee.strip().lower() in ("me", "myself", "i") \
            else pipeline.owner_ids(session, [assignee])[0]
    in_region = set(session.scalars(select(Company.id).where(Company.region == region))) if region else None

    def open_ones(wanted: dict) -> tuple[list, bool]:
        """The open tickets of these filters (and whether the read stopped at its limit)."""
        read, _ = records.list_records(session=session, actor=actor, kind=tickets, filters=tickets.filter_schema(
            sort="created_at" if oldest_first else "sentiment_score", limit=READ_AT_MOST, **wanted))
        return [t for t in read if t.status in OPEN_TICKET_STATUSES
                and (t.scored_at is not None or priority or status or category or oldest_first or period)
                and (in_region is None or t.company_id in in_region) and (priority or not urgencies or t.urgency in urgencies)
                and (accounts is None or t.company_id in accounts.ids)
                and (period is None or period.start <= t.created_at.date() <= period.end)
                and (not nobodys or t.assignee_id is None)], len(read) >= READ_AT_MOST

    chosen, partial = open_ones(filters)
    where = (f" in {region.value.upper()}" if region else "") + (
        " not assigned to anyone" if nobodys else
        f" assigned to {'you' if filters['assignee_id'] == actor.user_id else assignee}" if assignee else "") + (
        accounts.said if accounts else "") + (f" opened {period.label}" if period else "")
    kind = f"given priority {priority.value}" if priority else "scored " + " or ".join(u.value for u in urgencies) if urgencies \
        else "" if status or category or sentiment or period else "scored negative"
    kind = f"{kind} in status {status}".strip() if status else kind
    kind = f"{kind} in category {category.value}".strip() if category else kind
    others = f"{kind}{where}".strip()  # what the filters besides the sentiment say
    kind = f"{kind} reading {sentiment}".strip() if sentiment else kind
    filtered = bool(urgencies or priority or status or category or sentiment or accounts or period)
    if oldest_first and not filtered:
        kind = ""
    if by_assignee:
        return _counted_by_assignee(session, chosen, f"Open tickets {kind or 'of any sentiment'}{where}", partial=partial)
    if by_region:
        return _counted_by_region(session, chosen, f"Open tickets {kind or 'of any sentiment'}{where}", partial=partial)
    # "are any of the open how-to tickets turning sour? and how many are open in total": how many the other filters
    # leave, whatever they read
    among = len(open_ones({k: v for k, v in filters.items() if k != "sentiment_label"})[0]) \
        if sentiment and others else None
    if among is not None:
        among_said = f"{among} open ticket{'' if among == 1 else 's'} {others}"
    if not chosen:
        if among is not None:
            return f"No open ticket you may see is {kind}{where}: none of the {among_said} reads {sentiment}."
        return f"No open ticket you may see is {kind}{where}." if kind else f"No open ticket you may see{where}."
    heading = f"Open tickets {kind}".strip() if filtered or oldest_first else "The most negative open tickets"
    found, limit = len(chosen), max(1, min(MOST_LISTED, limit)) if limit else None
    chosen = chosen[:limit or (LISTED_BY_URGENCY if filtered or oldest_first else ANGRIEST)]
    shown = f" ({len(chosen)} of {found})" if len(chosen) < found else ""  # "all of them pls": say when some are left out
    shown += f" ({found} of the {among_said})" if among is not None else ""
    return heading + where + (", the longest open first" if oldest_first else "") + shown + ":\n" + _ticket_lines(
        session, chosen, who_works_it=not assignee, with_status=not status, opened=oldest_first or bool(period)) + _their_deals(
        session, accounts, chosen)


def _their_deals(session, accounts: Accounts | None, listed: list) -> str:
    """The deals that put the listed tickets' companies in the question: "give me the deal's company, the ticket …"."""
    deals = [d for d in accounts.deals if d.company_id in {t.company_id for t in listed}] if accounts else []
    if not deals:
        return ""
    owners = dict(session.execute(select(User.id, User.name).where(User.id.in_({d.owner_id for d in deals}))).all())
    return "\nTheir deals closing then:\n" + "\n".join(
        f"- deal {d.id}: {d.name} — {d.stage}, {d.amount:,.0f} {d.currency}, closing {d.expected_close_date:%Y-%m-%d}"
        + (f", owner {owners[d.owner_id]}" if d.owner_id in owners else "") for d in deals)


READ_AT_MOST = 200  # open tickets read for one answer


def _counted_by_assignee(session, tickets: list, heading: str, partial: bool) -> str:
    """ "how many negative open tickets is each of us sitting on? … and how many nobody has picked up": a count for
    every active member of the team (none is a number too), and for nobody."""
    counts = Counter(t.assignee_id for t in tickets)
    people = session.execute(select(User.id, User.name).where(User.is_active.is_(True)).order_by(User.name)).all()
    rows = sorted(((name, counts.get(user_id, 0)) for user_id, name in people), key=lambda row: (-row[1], row[0]))
    lines = [f"- {name}: {count}" for name, count in rows] + [f"- not assigned to anyone: {counts.get(None, 0)}"]
    note = f" (counted over the first {READ_AT_MOST} read)" if partial else ""
    return f"{heading}, by assignee — {len(tickets)} in all{note}:\n" + "\n".join(lines)


def _counted_by_region(session, tickets: list, heading: str, partial: bool) -> str:
    """ "how many unsolved negative tickets has each region got - amer, emea, apac and latam?": a count for every
    region (none is a number too), most first, and for tickets of no company or a company with no region."""
    regions = dict(session.execute(select(Company.id, Company.region).where(
        Company.id.in_({t.company_id for t in tickets if t.company_id}))).all()) if tickets else {}
    counts = Counter(regions.get(t.company_id) for t in tickets)
    rows = sorted(((region.value.upper(), counts.get(region, 0)) for region in Region), key=lambda row: -row[1])
    lines = [f"- {name}: {count}" for name, count in rows]
    if counts.get(None):
        lines.append(f"- no region: {counts[None]}")
    note = f" (counted over the first {READ_AT_MOST} read)" if partial else ""
    return f"{heading}, by region — {len(tickets)} in all{note}:\n" + "\n".join(lines)


def _ticket_lines(session, listed: list, who_works_it: bool = False, with_status: bool = False, opened: bool = False) -> str:
    """One line per ticket, with whose it is ("which customers have open tickets that read really negative?") and,
    unless the list is one person's, who works it ("is any of them not assigned to anyone yet?")."""
    customers = dict(session.execute(select(Company.id, Company.name).where(
        Company.id.in_({t.company_id for t in listed if t.company_id}))).all())
    staff = dict(session.execute(select(User.id, User.name).where(
        User.id.in_({t.assignee_id for t in listed if t.assignee_id}))).all()) if who_works_it else {}
    # ... and who raised it ("any unsolved APAC tickets that read positive? who raised each one and which company")
    raisers = {i: f"{first} {last}".strip() for i, first, last in session.execute(
        select(Contact.id, Contact.first_name, Contact.last_name).where(
            Contact.id.in_({t.contact_id for t in listed if t.contact_id}))).all()}
    return "\n".join(
        f"- ticket {t.id}: {display_name(t)}"
        + (f" ({', '.join(filter(None, (raisers.get(t.contact_id), customers.get(t.company_id))))})"
           if t.contact_id in raisers or t.company_id in customers else "")
        + (f" — {t.sentiment_label} (score {t.sentiment_score:+.2f})" if t.scored_at is not None else " — unscored")
        + f", urgency {t.urgency}, priority {t.priority}" + (f", status {t.status}" if with_status else "")
        + (f", opened {t.created_at:%Y-%m-%d}" if opened else "")
        + ((f", assigned to {staff[t.assignee_id]}" if t.assignee_id in staff else ", unassigned") if who_works_it else "")
        for t in listed)


@tool(extras={"examples": [
    "what's our pipeline this quarter",
    "how many deals are in negotiation",
    "total value of open deals by stage",
    "what's closing this month",
    "weighted pipeline for EMEA",
    "how much did we win last quarter",
    "pipeline by owner",
    "how many deals does Alice have in proposal",
    "how much have we won so far this year",
    "total won this quarter?",
    "how many open deals do we have, and what is the total",
    "what did I close this year",
    "how many deals over 50k are closing next month",
    "average deal size in APAC",
    "on average how many days does it take a deal to close",
    "top 10 largest open deals",
    "what are our biggest opportunities right now",
    "open pipeline split by rep",
    "who has the most deals stuck",
    "which open deals are past their expected close date",
    "win rate this quarter",
    "what's the weighted value of the pipeline",
    "what's expected to close next month in EMEA",
    "how much did Bob bring in last month",
]})
def pipeline_question(question: str, runtime: ToolRuntime[ToolContext], query: PipelineQuery | None = None,
                      owners: list[str] | None = None, follows_up: list[str] | None = None) -> str:
    """Answer a question about the sales pipeline in numbers: counts, totals, weighted totals, averages, win
    rate, cycle time or time in stage of deals, filtered by stage, owner, region, industry, lead source, amount,
    close or creation period, "stuck", "big" or "at risk"; grouped by stage, owner, region, industry, lead source,
    month or quarter; a list of deals (top N, sorted); or compared with another period. The answer names its
    filters, the number of deals behind it and the date it was computed.

    Args:
        question: the user's question as they asked it, e.g. "open deals closing this quarter in EMEA by owner".
        query: optional, the question as a structured query, if you can fill it exactly; it is validated and
            takes precedence over reading the question. Leave it out when unsure.
        owners: with a structured query, the deal owners by full name or e-mail.
        follows_up: when the question only says what changes ("what about last quarter?", "split that by
            region"), the earlier pipeline questions of this conversation it follows, oldest first.
    """
    context = runtime.context
    actor = context.caller.actor
    with context.sessions() as session:
        try:
            if query is not None:
                answer = pipeline.run_structured(session=session, actor=actor, query=query, owners=owners or [],
                                                 now=context.now())
            else:
                answer = pipeline.ask(session=session, actor=actor, question=question, refines=follows_up,
                                      today=context.today, now=context.now())
        except CRMError as exc:
            return f"I can't answer that exactly: {exc}."
        if isinstance(answer, Declined):
            return f"I can't answer that exactly: {answer.reason}."
        return answer.answer
