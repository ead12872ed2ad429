"""The offline reader of pipeline questions: plain language -> PipelineQuery, deterministically.

Owners, industries and lead sources are matched against the data; stages, periods and amounts through
crm_core.phrases; "stuck", "big" and "at risk" through crm_core.pipeline.terms. A question that uses a measure
or a grouping this reader does not define is declined with the closest defined ones, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import func, select, text as sql_text
from sqlalchemy.orm import Session

from crm_core import phrases
from crm_core.actor import Actor
from crm_core.companies.models import Company
from crm_core.contacts.models import Contact
from crm_core.enums import Region
from crm_core.pipeline import terms
from crm_core.pipeline.query import DealState, GroupBy, Metric, PipelineQuery, SortBy
from crm_core.users.models import User

REGION_WORDS = {
    Region.emea: ("emea", "europe", "european", "middle east", "africa", "uk"),
    Region.amer: ("amer", "americas", "north america", "north american", "usa", "u.s.", "canada"),
    Region.apac: ("apac", "asia", "asia pacific", "asia-pacific", "pacific", "australia", "japan"),
    Region.latam: ("latam", "latin america", "south america", "brazil", "mexico"),
}
# Words people use for a value in the data, beyond the value itself ("public sector", "referrals").
SYNONYMS = {
    "finance": ("financial", "fintech", "banking", "financial services"),
    "software": ("saas", "tech"),
    "public_sector": ("government", "gov"),
    "education": ("edtech",),
    "paid_ads": ("paid ads", "ads", "advertising", "paid"),
    "web": ("website", "inbound web", "web form", "the web"),
    "event": ("events", "conference", "conferences", "trade show", "trade shows"),
    "outbound": ("cold outreach", "outbound prospecting"),
}
GROUP_WORDS = {
    GroupBy.stage: r"stages?",
    GroupBy.owner: r"owners?|reps?|sales ?reps?|sales ?people|salespeople|sales ?persons?|people|person|users?|sellers?",
    GroupBy.region: r"regions?|territor(?:y|ies)|geo(?:graphy)?",
    GroupBy.industry: r"industr(?:y|ies)|verticals?|sectors?",
    GroupBy.lead_source: r"(?:lead )?sources?|lead channels?|channels?",
    GroupBy.month: r"months?",
    GroupBy.quarter: r"quarters?",
    GroupBy.company: r"accounts?|customers?|compan(?:y|ies)|clients?",
}
GROUP_LEAD = (r"\b(?:by|per|each|every|for each|(?:for )?each of|across|broken down by|break(?:ing)?(?: (?:it|that|them|this|those))? down by|"
              r"split(?: (?:it|that|them|this|those))? by|grouped by)\s+(?:the\s+)?(?:deal\s+)?")  # "split it by deal owner"
DEFINED_GROUPS = "stage, owner, region, industry, lead source, month, quarter or company"
# Measures people ask for that this reader does not define: declined, with the closest ones it does.
NOT_DEFINED = {
    "churn": "lost deals (count) or the win rate",
    "nps": "ticket sentiment (ask about a company's sentiment)",
    "net promoter": "ticket sentiment (ask about a company's sentiment)",
    "arr": "total of won deals",
    "mrr": "total of won deals",
    "recurring revenue": "total of won deals",
    "quota": "total of won deals per owner",
    "cac": "average deal size or win rate",
    "acquisition cost": "average deal size or win rate",
    "ltv": "average deal size",
    "lifetime value": "average deal size",
    "margin": "total or average amount",
    "profit": "total or average amount",
    "renewal": "won deals (count) or the win rate",
    "retention": "won deals (count) or the win rate",
    "velocity": "cycle time, win rate or average deal size",
    "health score": "deals at risk or stuck deals",
    "conversion rate": "win rate",
    "coverage": "weighted pipeline or total open pipeline",
    "burn": "total or average amount",
    "discount": "average deal size",
    "revenue per": "total or average amount",
    "engagement score": "lead scores (on contacts)",
    "hot": "big deals, stuck deals or deals at risk",
    "warm": "big deals, stuck deals or deals at risk",
}
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                "ten": 10, "twelve": 12, "eighteen": 18, "twenty": 20, "fifteen": 15, "a dozen": 12, "a couple": 2}
AMOUNT = r"[$€£]?\s?\d[\d,.]*\s?(?:k|m|thousand|million)?\b"
LESS = re.compile(r"\b(under|below|less than|smaller than|up to|at most|no more than|<)\s*$", re.IGNORECASE)
MORE = re.compile(r"\b(over|above|more than|bigger than|larger than|at least|greater than|north of|>)\s*$", re.IGNORECASE)
CREATED = r"\b(?:create|created|opened|added|new deals?|came in|entered the pipeline|started)\b"
COMPARE = r"\b(?:compared (?:with|to)|in comparison (?:with|to)|versus|vs\.?|against|relative to)\s+"
# "does he have", "has she got", "his pipeline": the owner the question is about, named elsewhere in it
HIS_OR_HERS = re.compile(r"\b(?:does|did|has|have|is|was) (?:he|she)\b|\b(?:he|she) (?:has|had|have|got|closed|won|lost|owns|"
                         r"carries|is carrying|brought|booked)\b|\b(?:his|her) (?:open )?(?:pipe(?:line)?|deals|book|number)")
DURATION = r"(\d+|a|" + "|".join(NUMBER_WORDS) + r")\s+(days?|weeks?|months?|years?)"


@dataclass(frozen=True)
class Declined:
    reason: str


OPEN_SAID = re.compile(r"\b(?:open|still (?:in play|live|going)|active|live|in (?:the |my |our |his |her )?pipe(?:line)?)\b")


def parse(text: str, *, session: Session, actor: Actor, today: date) -> PipelineQuery | Declined:
    lowered = " " + re.sub(r"\s+", " ", text.lower()).strip() + " "
    # shorthand and filler: "compared w/ the quarter before", "closed won $ i mean"
    lowered = re.sub(r"(?<=\s)w/(?=\s)", "with", re.sub(r"\b(?:i|you know what i) mean\b", " ", lowered))
    lowered = re.sub(r"\b(\w+)-stage\b", r"\1 stage", lowered)  # "my proposal-stage pipeline"
    # "how many did we win vs lose": the two outcomes side by side, not one period against another
    lowered = re.sub(r"\b(?:win|won|wins)\s+(?:vs\.?|versus|against|or)\s+(?:lose|lost|losses|loss)\b", "won and lost", lowered)
    # the word typed as it often is: "opportunites", "oppurtunities", "opportunties"
    lowered = re.sub(r"\bop+[ou]r+tun(?:it|t|i)?(ies|es|y)\b", lambda m: "opportunit" + ("y" if m.group(1) == "y" else "ies"),
                     lowered)
    if declined := _undefined(lowered):
        return declined
    main, other = re.split(COMPARE, lowered, maxsplit=1) if re.search(COMPARE, lowered) else (lowered, None)
    pair = _two_named_first(main, other, session) if other is not None else []
    if pair:  # "alice vs bob side by side - what has each of them got open …?": the question follows the second name
        main, other = f" {main.strip()} and {other}", None
    if other is not None and (end := re.search(r"[.?!]\s+(?=\S)", other)):
        # "how's november shaping up compared to october? closed won $ and number of deals for each month": what is
        # compared ends with its sentence, and the next one says what is measured
        main, other = f"{main} {other[end.end():]}", other[:end.start()] + " "
    metric = _metric(main)
    state = _state(main, metric)
    values: dict = {"metric": metric}
    if state is not DealState.open or OPEN_SAID.search(main):
        values["state"] = state  # open only when said, so a follow-up "… she's got open right now?" replaces "won"
    if stages := _stages(main):
        values["stages"] = stages
    closed = state in (DealState.won, DealState.lost, DealState.closed)
    created, rest = _created_part(main, today)
    created_period = None
    if created and (period := phrases.date_range(created, today, past=True)):
        created_period = period
        values.update(created_from=period.start, created_to=period.end, created_label=period.label)
        if state is DealState.open and not re.search(r"\b(?:open|still|pipeline|active)\b", main):
            values["state"] = DealState.any  # "deals created last quarter": all of them, whatever became of them
    # ("… next year 😬 before i weigh in - how much open pipeline is each of those sourcing right now?")
    asked_now = NOW_ASKED.search(_asked_part(rest, at_dash=True)) \
        and not phrases.date_range(_asked_part(rest, at_dash=True), today, past=closed)
    if period := not asked_now and (phrases.date_range(_asked_part(rest), today, past=closed)
                                    or phrases.date_range(rest, today, past=closed)):
        values.update(period_from=period.start, period_to=period.end, period_label=period.label)
        if other is not None and not _names_values_only(other, today, session):
            values.update(_comparison(other, period, today))
    if created_period and other is not None and "period_from" not in values and "period_to" not in values \
            and not _names_values_only(other, today, session):
        values.update(_comparison(other, created_period, today))  # "deals we created in october … vs september"
    if state is DealState.open and values.get("period_from") == today and BY_AN_END.search(main) \
            and not re.search(r"\b(?:from|between|starting) (?:now|today)\b", main):
        # "what's in negotiation that's meant to close before year end?": every open deal expected by then, those whose
        # date already went by among them (still open, so still to close)
        values.update(period_from=None)
    if state is DealState.open and "period_to" not in values and re.search(
            r"\b(?:slipped|past|missed|passed|overdue|behind|bl(?:own|ew) (?:through|past)|gone past|went past|overshot|"
            r"overrun|run past|beyond)\b.{0,30}\bclose dates?\b|\bclose date\b.{0,30}\b(?:passed|"
            r"slipped|gone by|behind us|in the past)\b|\boverdue\b|\bpast due\b", main):
        values.update(period_to=today - timedelta(days=1), period_label="expected close date already passed")
    if pair:
        values.update(owner_ids=pair, group_by=GroupBy.owner)
    elif other is not None and "period_from" not in values \
            and (side_by_side := _compared_owners(main, other, session, actor)):
        values.update(owner_ids=side_by_side, group_by=GroupBy.owner)
    elif owners := _owners(main, session, actor):
        values["owner_ids"] = owners
    if companies := _companies(main, session):
        values["company_ids"] = companies
    if contacts := _contacts(main, session):
        values["contact_ids"] = contacts
    if regions := [region for region, words in REGION_WORDS.items() if any(_says(main, w) for w in words)]:
        values["regions"] = regions
    if industries := _values(main, session, Company.industry):
        values["industries"] = industries
    if sources := _values(main, session, Contact.lead_source):
        values["lead_sources"] = sources
    if other is not None and "compare_from" not in values and values.get("group_by") is None:
        values.update(_compared_values(values, other, session))
    values.update(_amounts(main))
    values.update(_terms(main, values))
    group = _group(main)
    if isinstance(group, Declined):
        return group
    if group is None and values.get("group_by") is None and EACH_OF_THEM.search(main):
        # "webinars or paid ads … how much is each of those sourcing?": a row for each value named
        group = next((by for key, by in VALUE_GROUPS if len(values.get(key, [])) >= 2), None)
    if group is not None:
        values["group_by"] = group
        if (named := GROUPED_VALUES.get(group)) and values.get(named) and not _said_with_the_grouping(main, group, values[named]):
            # "win rate by industry …? i have a nasty feeling healthcare is a graveyard for us": a row for every
            # industry, and healthcare's among them; a value named in another sentence is no filter
            del values[named]
    elif values.get("group_by") is None and (asked := _group_asked(main)):
        values["group_by"] = asked
    elif values.get("group_by") is None and metric is not Metric.win_rate \
            and ("won and lost" in main or BOTH_OUTCOMES.search(main)) \
            and state is DealState.closed:
        values["group_by"] = GroupBy.stage  # "avg deal size of won vs lost": of closed deals, the stage is the outcome
    if values.get("group_by") is None and (top := TOP_ACCOUNTS.search(main)):
        values["group_by"] = GroupBy.company  # "which 3 customers carry the most open pipeline"
    if values.get("group_by") is GroupBy.company and not values.get("company_ids"):
        counted = TOP_ACCOUNTS.search(main)
        if counted and counted.group(1):
            # "… $ per account, and what % of our total open pipe do those three make up together": the first N accounts,
            # each with its share
            values["top_groups"] = NUMBER_WORDS.get(counted.group(1)) or int(counted.group(1))
    else:  # (a grouping by account: its rows are the answer, which a list of deals would repeat)
        values.update(_listing(main))
        if values.get("group_by") is not None and (first := _top_groups(main, values["group_by"])):
            # "top 2 regions by open pipeline": the first groups, not the first deals
            values["top_groups"] = first
            for listing in ("list_deals", "sort_by", "limit"):
                values.pop(listing, None)
            if metric is Metric.count and re.search(r"\bby (?:open |total |the )?(?:\$|usd|amount|value|dollars?|revenue|"
                                                    r"pipe(?:line)?)(?!\w)", main):
                # "top 3 lead sources by open $ pls, with how many deals behind each": first by amount (each group
                # says its deals anyway)
                values["metric"] = Metric.total
    if SHARE_OF_ALL.search(main) and not values.get("top_groups") and values.get("group_by") is None \
            and any(values.get(k) for k in PART_FILTERS) and metric in (Metric.count, Metric.total, Metric.weighted):
        values["share_of_all"] = True  # "… and what % of our total open pipe is that?"
    if values.get("group_by") is not None and (each := _first_of_each(main, values["group_by"])):
        values.update(list_deals=True, per_group=each, limit=100)
    if values.get("stage_age_min_days") is not None or values.get("at_risk") or metric is Metric.stage_age:
        values["state"] = DealState.open
    try:
        return PipelineQuery(**values)
    except ValueError as exc:
        return Declined(f"the question does not add up: {exc}")


GROUPED_VALUES = {GroupBy.industry: "industries", GroupBy.lead_source: "lead_sources", GroupBy.region: "regions"}


def _said_with_the_grouping(text: str, group: GroupBy, named: list[str]) -> bool:
    """Whether a value of the grouped dimension is named in the sentence that asks for the grouping."""
    asking = next((s for s in re.split(r"(?<=[.!?])\s+", text) if re.search(GROUP_LEAD + rf"(?:{GROUP_WORDS[group]})\b", s)),
                  text)
    return any(_says(asking, str(value).lower()) for value in named)


def refine(earlier: PipelineQuery, follow_up: PipelineQuery) -> PipelineQuery:
    """A follow-up ("what about last quarter?", "split that by region", "and for Bob?") is the earlier question with
    what the follow-up says in place of what it said: the follow-up's own measure and state count only when it
    names one (the parser always fills them)."""
    said = {name: getattr(follow_up, name) for name in follow_up.model_fields_set
            if not (name == "metric" and getattr(follow_up, name) == PipelineQuery.model_fields[name].default)}
    if earlier.metric == Metric.win_rate and "state" in said:
        # "win rate this year?" then "how much have we lost?": a share of closed deals cannot be taken of lost ones
        said["metric"] = follow_up.metric
    if {"period_from", "period_to"} & said.keys():  # a new period replaces the old one and what compared with it
        for name in ("period_label", "compare_from", "compare_to", "compare_label"):
            said.setdefault(name, getattr(follow_up, name))
    kept = earlier.model_dump(exclude_unset=True)
    if said.get("state") is DealState.open and earlier.state in (DealState.won, DealState.lost, DealState.closed) \
            and not {"period_from", "period_to"} & said.keys():
        # "how many has she won this year?" then "what's the biggest deal she's got open?": the year was when deals
        # closed, which open deals have not; they are all of hers
        for name in ("period_from", "period_to", "period_label", "compare_from", "compare_to", "compare_label"):
            kept.pop(name, None)
    return PipelineQuery(**{**kept, **said})


# "and the quarter before that?", "the month before": the period just before the one asked about
PERIOD_BEFORE = re.compile(r"\b(?:the\s+)?(quarter|month|year)\s+before(?:\s+(?:that|it|this|then))?\b|"
                           r"\bthe\s+(?:previous|prior|preceding)\s+(quarter|month|year)\b", re.IGNORECASE)
MONTH_NAMES = ("January February March April May June July August September October November December").split()


# "… how much open pipeline is each of those sourcing right now?": the pipeline as it stands, whatever the scene said
NOW_ASKED = re.compile(r"\b(?:right now|currently|at the moment|atm|as it stands|as of today|as things stand)\b")


def _asked_part(text: str, at_dash: bool = False) -> str:
    """The question of a message that sets the scene first: "bob's perf review is next week. how did he do in Q3?"
    asks about Q3 (the scene's "next week" is when the review is)."""
    sentences = re.split(r"(?<=[.!])\s+|\s[—–-]\s+(?=[^.!?]*\?)" if at_dash else r"(?<=[.!])\s+", text)
    asked = next((i for i, sentence in enumerate(sentences) if "?" in sentence), len(sentences) - 1)
    return " ".join(sentences[asked:])


def period_before(text: str, earlier: PipelineQuery) -> str:
    """The follow-up with "the quarter before that" said as the period it means ("Q2 2026" after Q3 2026), which
    the parser then reads as any period; the text as it was when the earlier question had no period."""
    said = PERIOD_BEFORE.search(text)
    if not said or earlier.period_from is None:
        return text
    unit, start = (said.group(1) or said.group(2)).lower(), earlier.period_from
    if unit == "year":
        named = str(start.year - 1)
    else:
        months = 3 if unit == "quarter" else 1
        index = start.year * 12 + start.month - 1 - months
        year, month = divmod(index, 12)
        named = f"Q{month // 3 + 1} {year}" if unit == "quarter" else f"{MONTH_NAMES[month]} {year}"
    return text[:said.start()] + "in " + named + text[said.end():]


# A follow-up that names a month and nothing more: "and october?", "what about in september?"
MONTH_ALONE = re.compile(r"^\W*(?:(?:and|or|what about|how about|now|same for|ok|okay|then)\W+)*(?:in\s+|for\s+)?("
                         + "|".join(m.lower() for m in MONTH_NAMES) + r")\b(?!\s+\d{4})", re.IGNORECASE)


def month_of_the_same_kind(text: str, earlier: PipelineQuery, today: date) -> str:
    """ "and october?" after what was won in November: the October that has begun, as the question before looked
    back; after what closes in December, the coming one. The follow-up says which, with its year."""
    said = MONTH_ALONE.search(text)
    if not said or earlier.period_from is None:
        return text
    number = MONTH_NAMES.index(said.group(1).capitalize()) + 1
    past = earlier.state in (DealState.won, DealState.lost, DealState.closed) or earlier.period_from <= today
    if past:
        year = today.year if number <= today.month else today.year - 1
    else:
        year = today.year if number >= today.month else today.year + 1
    return f"{text[:said.start(1)]}in {MONTH_NAMES[number - 1]} {year}{text[said.end(1):]}"


def compared_with_earlier(text: str, earlier: PipelineQuery, today: date) -> str:
    """ "and how does that stack up against october?" after November's number: the follow-up with the period it
    compares said too ("in November 2026: … against october"), since a comparison needs one."""
    parts = re.split(COMPARE, text.lower(), maxsplit=1)
    if len(parts) < 2 or not earlier.period_label or phrases.date_range(parts[0], today, past=True) is not None:
        return text
    said = phrases.date_range(f"in {earlier.period_label}", today, past=True)
    if said is None or (said.start, said.end) != (earlier.period_from, earlier.period_to):
        return text  # a period the words would not say again exactly
    return f"in {earlier.period_label}: {text}"


BY_AN_END = re.compile(r"\b(?:before|by|until|till|ahead of)\s+(?:the\s+)?(?:(?:end|close)\s+of\s+(?:the\s+|this\s+)?"
                       r"(?:month|quarter|year)|(?:month|quarter|year)[- ]end|eo[mqy]|christmas|xmas|new year|the holidays)\b")


def _says(lowered: str, phrase: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", lowered) is not None


def _undefined(lowered: str) -> Declined | None:
    for term, instead in NOT_DEFINED.items():
        # The term in any of its forms: "churn", "churned", "churning"; "renewal", "renewals".
        if re.search(rf"(?<![\w-]){re.escape(term)}(?:s|es|ed|d|ing)?(?![\w-])", lowered):
            defined = ", ".join(f"{name.replace('_', ' ')} ({meaning})" for name, meaning in terms.METRICS.items())
            return Declined(f'"{term}" is not a measure I define, so I will not guess it. The closest I can answer: '
                            f"{instead}. Defined measures: {defined}")
    return None


def _metric(lowered: str) -> Metric:
    if re.search(r"\bwin(?:ning)? ?(?:rate|ratio|%|percentage)|\bclose rate\b|\bwin-rate\b|\bhit rate\b|"
                 r"\b(?:share|proportion|percent(?:age)?|fraction|ratio)\b.{0,40}\b(?:win|won)\b", lowered):
        return Metric.win_rate
    if re.search(r"\b(?:sales )?cycle(?: time| length)?\b|\btime to close\b|\bdays to close\b|"
                 r"\bhow long (?:does|do|did) (?:it|deals?|a deal|they|we)\b.*\b(?:take|to close|to win)\b|"
                 # "how many days does it take us from a deal being created to it closing won?"
                 r"\bhow many days (?:does|do|did) (?:it|deals?|a deal)\b.*\b(?:take|to close|to win)\b|"
                 r"\bfrom (?:(?:a|the) deals? |deals |it )?being created to\b.*\bclos", lowered):
        return Metric.cycle_time
    # "how many deals are stuck in negotiation (> 30 days in the stage)": a filter on the age, not the age asked for
    lowered = re.sub(r"(?:>|more than|over|longer than|at least|upwards of)\s*\d+\s*days? in (?:the |their |its )?"
                     r"(?:current )?stage\b", " ", lowered)
    if re.search(r"\bstage age\b|\b(?:time|days|age) in (?:the |their |its )?(?:current )?stage\b|"
                 r"\bhow (?:long|many days) (?:have|has|are|do)\b.*\b(?:been|sitting|sat|sit|stayed|in (?:the |their )?(?:current )?stage)\b|"
                 r"\bhow old\b.*\bdeals\b", lowered):
        return Metric.stage_age
    # "Before I build the board deck I want to clean up the forecast. Which …": work on the forecast asks no weighted sum
    lowered = re.sub(r"\b(?:clean(?:ing)? up|scrub(?:bing)?|tidy(?:ing)?(?: up)?|fix(?:ing)?|updat(?:e|ing))\s+"
                     r"(?:the|our|my|this)\s+forecast\b", " ", lowered)
    # "forecast call monday morning. of the open deals …": a meeting, not the weighted sum
    lowered = re.sub(r"\bforecast (?:call|meeting|review|sync|prep)\b", " ", lowered)
    # "number of open deals, total value and the weighted number too": the weighted answer gives the count and the
    # total with it
    if re.search(r"\bweighted\b", lowered):
        return Metric.weighted
    # "… and how many deals is that average based on?": the average, whose answer counts its deals
    if re.search(r"\bhow many\b|\bnumber of\b|\bcount\b|\b# of\b", lowered) \
            and not re.search(r"\b(?:that|the|this) (?:average|mean)\b", lowered):
        return Metric.count
    if re.search(r"\bweighted\b|\bweight\b.{0,60}\bprobabilit|\bby (?:their |its |the )?(?:stage )?probabilit|\bprobability[- ]adjusted\b|\brisk[- ]adjusted\b|\bforecast\b|\bexpected (?:value|revenue)\b", lowered):
        return Metric.weighted
    if re.search(r"\baverage\b|\bavg\b|\bmean\b|\btypical\b|\bdeal size\b", lowered):
        return Metric.average
    return Metric.total


# "how many have already closed won and what are they worth? and how many of that same bunch did we lose": both outcomes
BOTH_OUTCOMES = re.compile(r"\b(?:closed[- ])?won\b.{0,120}?\bhow (?:many|much)\b.{0,60}?\b(?:did|do|have|had) (?:we|they|i) "
                           r"(?:lose|lost)\b")


def _state(lowered: str, metric: Metric) -> DealState:
    if metric is Metric.win_rate:
        return DealState.closed
    if re.search(r"\bwon (?:and|or|&) lost\b|\blost (?:and|or|&) won\b|\bwins (?:and|or|&) losses\b|\bdecided\b", lowered) \
            or BOTH_OUTCOMES.search(lowered):
        return DealState.closed
    if re.search(r"\b(?:due|expected|expect|set|slated|scheduled|supposed|meant|going|likely|projected|forecast(?:ed)?|on track) "
                 r"to (?:close|land)\b|\b(?:will|should|could|might|may) (?:close|land)\b", lowered):
        return DealState.open  # what is yet to close
    if re.search(r"\beven (?:the ones|those|ones)(?: that| which)?(?: have| had)?(?: already)? (?:closed|won|lost)\b|"
                 r"\bincluding (?:the )?(?:closed|won|lost)(?: ones)?\b|\bcount everything\b|\bwhatever (?:became of|happened to) them\b|"
                 r"\bwhether (?:or not )?they (?:closed|won|lost)\b", lowered):
        return DealState.any  # "… count everything opened in that window, even the ones that already closed"
    if re.search(r"\blost\b|\blosses\b|\bclosed[- ]lost\b|\blose\b|\bloss\b", lowered):
        return DealState.lost
    if re.search(r"\bwon\b|\bwins?\b|\bclosed[- ]won\b|\bbooked\b|\bbrings? in\b|\bbrought in\b|\bclosed\b(?! lost)|"
                 r"\b(?:did|do|does|has|have)\b.{0,40}\bclose\b(?! date)|\bhow (?:did|has|is) \w+ (?:do|doing|done|perform)|"
                 # "how've we done so far this quarter??", "who's the top closer by $"
                 r"\bhow(?:'ve|’ve| have) \w+ (?:done|performed)\b|\bclosers?\b", lowered):
        return DealState.won
    if metric is Metric.cycle_time:
        return DealState.won
    if re.search(r"\ball deals\b|\bevery deal\b|\bany stage\b|\bopen or closed\b", lowered):
        return DealState.any
    return DealState.open


def _stages(lowered: str) -> list[str]:
    found = []
    for words, key in phrases.STAGE_WORDS:
        if key.startswith("closed_"):
            continue  # won and lost are states, read by _state
        if any(_says(lowered, word) for word in words) and key not in found:
            found.append(key)
    return found


def _created_part(lowered: str, today: date) -> tuple[str | None, str]:
    """The words about when deals were created, and the rest of the question (which may name a close period)."""
    match = re.search(CREATED, lowered)
    if not match:
        return None, lowered
    tail = lowered[match.end():]
    stop = re.search(r"\b(?:clos\w*|won|lost|due|expected)\b", tail)
    created = tail[:stop.start()] if stop else tail
    # "since oct 1, how many new deals has each rep created": the period said first, in the same sentence
    lead = re.split(r"[.?!]\s", lowered[:match.start()])[-1]
    since = re.search(r"\b(?:since|from|after|starting)\b", lead)
    # ("… on avg from the deal being created to closing won": "from" the deal, not from a day)
    if since and phrases.date_range(created, today, past=True) is None \
            and phrases.date_range(lead[since.start():], today, past=True):
        return lead + " " + created, lowered[:match.start() - len(lead)] + lowered[match.end():][len(created):]
    return created, lowered[:match.end()] + (tail[stop.start():] if stop else "")


def _comparison(other: str, period: phrases.DateRange, today: date) -> dict:
    explicit = phrases.date_range(other, today, past=True)
    if re.search(r"\b(?:last|previous|prior) year\b|\bsame (?:period|time|month|quarter) last year\b|\ba year (?:ago|before|earlier)\b", other) \
            and not re.search(r"\bthe year before\b", other) and period.end - period.start < timedelta(days=300):
        start, end = _shift_year(period.start), _shift_year(period.end)
        return {"compare_from": start, "compare_to": end, "compare_label": "the same period a year before"}
    if explicit and (explicit.start, explicit.end) != (period.start, period.end):
        return {"compare_from": explicit.start, "compare_to": explicit.end, "compare_label": explicit.label}
    start, end = _preceding(period)
    return {"compare_from": start, "compare_to": end, "compare_label": "the period before"}


def _shift_year(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def _preceding(period: phrases.DateRange) -> tuple[date, date]:
    """The calendar unit before a month, quarter or year; otherwise as many days just before."""
    start, end = period.start, period.end
    months = (end.year * 12 + end.month) - (start.year * 12 + start.month) + 1
    whole = start.day == 1 and (end + timedelta(days=1)).day == 1
    if whole and months in (1, 3, 6, 12):
        index = start.year * 12 + start.month - 1 - months
        first = date(index // 12, index % 12 + 1, 1)
        return first, start - timedelta(days=1)
    length = end - start
    return start - timedelta(days=length.days + 1), start - timedelta(days=1)


def _owners(lowered: str, session: Session, actor: Actor) -> list[int]:
    found = []
    # "I have a feeling…", "I've been asked…" are the asker talking, not the asker's deals
    # ... nor is "before my 1:1 with the APAC guys", "I've got the APAC leadership sync first thing tomorrow"
    if actor.user_id is not None and re.search(r"\b(my(?! (?:1:1|one[- ]on[- ]ones?|1-on-1|meeting|call|boss|manager|review|sync|"
                                               r"stand-?up|catch-?up|chat|slides?|deck|notes|prep|calendar|week|day)\b)|mine|i have(?! (?:a|an|to|no|been|heard)\b)|i own|"
                                               r"i've(?! (?:a|an|got (?:a|an|the|this|that|our|my)|been|heard)\b)|did i|i closed|i won|have i|i lost|"
                                               r"am i|do i|i close|"
                                               # "what's sitting in negotiation for me?" (not "pull the pipeline for me")
                                               r"(?:negotiation|proposal|qualification|prospecting|sitting|open|closing) for me)\b", lowered) \
            and not re.search(r"\b(?:don'?t|do not|no need for|not|without|except|excluding|leave out|skip)\b(?: \w+){0,2} "
                              r"(?:mine|me|my own)\b", lowered) \
            and not re.search(r"\b(?:include|including|plus) (?:mine|me|my own)(?: too| as well)?\b|"
                              r"\b(?:mine|me) (?:included|too|as well)\b", lowered):
        # ("each rep's, don't need mine"; "rep by rep? include mine too" is everyone's, the asker's as well)
        found.append(actor.user_id)
    users = list(session.execute(select(User.id, User.name)))
    firsts = "|".join(re.escape(name.split()[0].lower()) for _, name in users)
    for user_id, name in users:
        first = re.escape(name.split()[0].lower())
        # A first name alone counts only where a name is expected ("Alice's", "for Alice", "does Alice have"), so
        # "how much will close" is not about a user called Will.
        if (re.search(rf"\b{re.escape(name.lower())}\b", lowered)
                or re.search(rf"\b{first}['’]s\b|\b(?:by|for|of|does|did|has|is|owner|rep|from|with|belongs to|against|"
                             rf"versus|vs\.?|compared (?:to|with)|"
                             rf"belonging to|assigned to|sits with)\s+{first}\b|"
                             rf"\b{first}\s+(?:have|has|had|owns|closed|won|lost|doing|brought|booked|got|carries|manages|"
                             rf"handles|carrying)\b|"
                             # a follow-up that only names someone else: "and alice?", "what about carla"
                             rf"^\W*(?:and|what about|how about|same for|now|ok and|and for)\s+{first}\b|"
                             # "Alice — what has she got…", "bob: how much is open?"
                             rf"^\W*{first}\s*[—–:-]|"
                             # "alice, bob and carla": names in a list
                             rf"\b{first},? (?:and |& )?(?:{firsts})\b|\b(?:{firsts}),? (?:and |& )?{first}\b", lowered)) \
                and user_id not in found:
            found.append(user_id)
    if not found and HIS_OR_HERS.search(lowered):
        # "bob told me he's light on pipeline. how much does he have?": he is the one user the question names
        named = [user_id for user_id, name in users if re.search(rf"\b{re.escape(name.split()[0].lower())}\b", lowered)]
        if len(named) == 1:
            found = named
    return found


def _compared_owners(main: str, other: str, session: Session, actor: Actor) -> list[int]:
    """ "Carla's open pipe vs Bob's", "how much does bob have compared to carla?": each named user, side by side."""
    mine = _owners(main, session, actor)
    if not mine and actor.user_id is not None and re.search(r"\b(?:i|me)\s+(?:stack|measure|line)\s+up\b|"
                                                            r"\bhow\s+(?:do\s+|would\s+)?i\s+compare\b", main):
        mine = [actor.user_id]  # "i wanna see how i stack up against alice"
    theirs = [user_id for user_id, name in session.execute(select(User.id, User.name))
              if re.search(rf"\b{re.escape(name.split()[0].lower())}\b", other) and user_id not in mine]
    if not theirs and re.search(r"^\W*(?:me|mine|myself)\b", other) and actor.user_id not in (*mine, None):
        theirs = [actor.user_id]
    return [*mine, *theirs] if mine and theirs else []


def _two_named_first(main: str, other: str, session: Session) -> list[int]:
    """ "alice vs bob side by side - …": two users named before anything else is asked, each by first or full name."""
    users = list(session.execute(select(User.id, User.name)))
    def named(text: str, whole: bool) -> int | None:
        for user_id, name in users:
            spoken = rf"(?:{re.escape(name.lower())}|{re.escape(name.split()[0].lower())})(?:['’]s)?"
            if re.fullmatch(rf"\W*{spoken}\W*", text) if whole else re.match(rf"\W*{spoken}\b", text):
                return user_id
        return None
    first, second = named(main, True), named(other, False)
    return [first, second] if first is not None and second is not None and first != second else []


# Words that only say what kind of company it is: "Acme" names "Acme Corporation", "kesselwerk" "Kesselwerk Maschinenbau".
COMPANY_SUFFIX = re.compile(r"\s+(?:corporation|corp|inc|ltd|llc|gmbh|group|company|co|holdings|plc|ag|sa|maschinenbau)\.?$")


def _companies(lowered: str, session: Session) -> list[int]:
    """The companies the question names ("which open deals do we have with acme corp?"): by the whole name, the
    name without a word that only says it is a company, or a first word of seven letters or more that no other
    company starts with ("kesselwerk", "sampaguita")."""
    # Only the companies whose name starts with a word of the question: a few index seeks, whatever the table's size.
    words = {w.capitalize() for w in re.findall(r"[^\W\d_]{4,}", lowered)}
    companies = {row for word in words for row in session.execute(
        select(Company.id, Company.name).where(Company.name >= word, Company.name < word + "\uffff").limit(50))}
    firsts: dict[str, int] = {}
    for _, name in companies:
        first = name.lower().split()[0]
        firsts[first] = firsts.get(first, 0) + 1
    found = []
    for company_id, name in companies:
        spoken = name.lower()
        core = COMPANY_SUFFIX.sub("", spoken)
        first = spoken.split()[0]
        names = {spoken, core} | ({first} if len(first) >= 7 and firsts[first] == 1 and first.isalpha() else set())
        if any(len(n) >= 4 and _filters_on(lowered, n) for n in names):
            found.append(company_id)
    return found


def _compared_values(values: dict, other: str, session: Session) -> dict:
    """ "partner-sourced vs referral-sourced", "proposal vs negotiation", "EMEA versus AMER": two values of one
    dimension, each a row of that dimension's breakdown."""
    sides = (("stages", _stages(other), GroupBy.stage),
             ("regions", [r for r, words in REGION_WORDS.items() if any(_says(other, w) for w in words)], GroupBy.region),
             ("industries", _values(other, session, Company.industry), GroupBy.industry),
             ("lead_sources", _values(other, session, Contact.lead_source), GroupBy.lead_source))
    for key, named, group in sides:
        if values.get(key) and (added := [v for v in named if v not in values[key]]):
            return {key: [*values[key], *added], "group_by": group}
    return {}


EACH_OF_THEM = re.compile(r"\b(?:each|both|either) of (?:those|them|these|the two)\b|\beach (?:one|side|source|region|stage)\b|"
                          r"\bfor each\b")
VALUE_GROUPS = (("stages", GroupBy.stage), ("regions", GroupBy.region), ("industries", GroupBy.industry),
                ("lead_sources", GroupBy.lead_source))


def _names_values_only(other: str, today: date, session: Session) -> bool:
    """ "… closing this quarter, how much is in negotiation vs proposal?": the other side names a stage (a region, an
    industry, a lead source) and no period of its own, so two rows of that quarter are compared, not two quarters."""
    if phrases.date_range(other, today, past=True):
        return False
    return bool(_stages(other) or any(_says(other, w) for words in REGION_WORDS.values() for w in words)
                or _values(other, session, Company.industry) or _values(other, session, Contact.lead_source))


def _filters_on(lowered: str, name: str) -> bool:
    """The question asks about that company's deals ("with acme corp", "which kesselwerk deals", "Globex's pipeline"),
    not mentions it in passing ("I'm guessing the Hollowmere one is up there")."""
    return re.search(rf"\b(?:with|at|for|from|of|on|in|to)\s+{re.escape(name)}(?![\w-])|(?<![\w-]){re.escape(name)}"
                     rf"(?:['’]s|\s+(?:\w+\s+)?(?:deals?|opps?|opportunit(?:y|ies)|pipeline|pipe|account|business)|"
                     # "kesselwerk has three open deals with me"
                     rf"\s+(?:has|have|had|got)\s+(?:\w+\s+){{0,3}}?(?:deals?|opps?|opportunit(?:y|ies))\b)\b", lowered) is not None


def _values(lowered: str, session: Session, column) -> list[str]:
    """Values of a column in the data (industries, lead sources) that the question names."""
    names = _distinct(session, column)
    found = []
    for value in names:
        spoken = value.lower().replace("_", " ")
        words = (spoken, spoken + "s", *SYNONYMS.get(value.lower(), ()))
        if any((_says(lowered, w) or _says(lowered, f"{w}-industry") or _says(lowered, f"{w}-sector")
                or _says(lowered, f"{w}-sourced"))
               and not _names_a_team(lowered, w) for w in words):
            found.append(value)  # "our finance-industry accounts"
    return sorted(found)


def _names_a_team(lowered: str, word: str) -> bool:
    """ "Finance wants a number", "the finance team asked", "putting the forecast together for finance.": a department
    speaking, or the one the answer is for, not an industry filter."""
    return re.search(rf"(?<![\w-]){re.escape(word)}\s+(?:wants?|needs?|asked|asks|is asking|team|department|dept|says|said)\b|"
                     rf"\b(?:together|ready|prepared|prep|pulled|put)\s+(?:\w+\s+){{0,2}}?for\s+{re.escape(word)}\s*(?:[.,;:!?]|$)",
                     lowered) is not None


def _distinct(session: Session, column) -> list[str]:
    """The distinct values of an indexed column, one index seek per value (a "loose index scan"): over a million
    contacts this takes microseconds where SELECT DISTINCT reads the whole index."""
    table, name = column.table.name, column.name  # from the model, never from the question
    statement = sql_text(f"WITH RECURSIVE v(x) AS (SELECT MIN({name}) FROM {table} UNION ALL "
                     f"SELECT (SELECT MIN({name}) FROM {table} WHERE {name} > v.x) FROM v WHERE v.x IS NOT NULL) "
                     "SELECT x FROM v WHERE x IS NOT NULL")
    return list(session.scalars(statement))


def _amounts(text: str) -> dict:
    bounds = {}
    # "between 20k and 40k", "call it 20k to 40k a deal", "$20-40k"
    if m := re.search(rf"\bbetween\s+({AMOUNT})\s+and\s+({AMOUNT})|(?<![\w.,])({AMOUNT})\s*(?:to|-|–|—)\s*({AMOUNT})(?<=[km$€£])|"
                      rf"(?<![\w.,])([$€£]\s?\d[\d,.]*\s?(?:k|m)?)\s*(?:to|-|–)\s*({AMOUNT})", text, re.IGNORECASE):
        said_low, said_high = next((m.group(i), m.group(i + 1)) for i in (1, 3, 5) if m.group(i))
        low, high = phrases.amount(said_low), phrases.amount(said_high)
        if (low is None or "k" in said_high.lower() and "k" not in said_low.lower() and "m" not in said_low.lower()) \
                and high is not None and re.fullmatch(r"\s*[$€£]?\s?\d[\d,.]*\s*", said_low):
            low = phrases.amount(said_low.strip() + ("k" if "k" in said_high.lower() else ""))  # "between 20 and 50k"
        if low and high:
            return {"amount_min": min(low[0], high[0]), "amount_max": max(low[0], high[0])}
    for match in re.finditer(AMOUNT + r"(\+)?", text, re.IGNORECASE):
        parsed = phrases.amount(match.group(0).rstrip("+"))
        if parsed is None and re.fullmatch(r"\s?\d{1,3}(?:,\d{3})+\s?|\s?\d{4,}\s?", match.group(0)) \
                and not re.match(r"\s*(?:days?|weeks?|months?|deals?|%)", text[match.end():]):
            parsed = (Decimal(match.group(0).replace(",", "").strip()), None)  # "above 30,000": a bare amount
        if parsed is None:
            continue
        before, after = text[:match.start()], text[match.end():]
        if re.match(r"\s*(?:or|and)\s+(?:more|above|over|bigger|larger|higher|greater|up)\b", after, re.IGNORECASE):
            bounds["amount_min"] = parsed[0]  # "open deals … that are 30k or more"
        elif re.match(r"\s*(?:or|and)\s+(?:less|under|below|smaller|lower)\b", after, re.IGNORECASE):
            bounds["amount_max"] = parsed[0]
        elif LESS.search(before):
            bounds["amount_max"] = parsed[0]
        elif MORE.search(before) or match.group(0).endswith("+"):
            bounds["amount_min"] = parsed[0]
    return bounds


def _days(amount: str, unit: str) -> int:
    count = {"a": 1, **NUMBER_WORDS}.get(amount) or int(amount)
    return count * {"day": 1, "week": 7, "month": 30, "year": 365}[unit.rstrip("s")]


def _terms(lowered: str, values: dict) -> dict:
    found = {}
    stuck = re.search(r"\bstuck\b|\bstalled\b|\bstalling\b|\bstale\b|\b(?:haven'?t|hasn'?t|have not|has not|not) "
                      r"(?:moved|budged)\b|\bno movement\b|\bnot moving\b|\bparked\b|\bdormant\b|\bidle\b", lowered)
    if stuck and stuck.group() == "stale" and re.search(r"\bdates?\b.{0,40}\bstale\b|\bstale\s+(?:close\s+|closing\s+)?dates?\b",
                                                        lowered):
        stuck = None  # "some of the close dates in our pipe are clearly stale": the dates are old, not the deals' stages
    longer = re.search(rf"\b(?:more than|over|longer than|at least|for)\s+{DURATION}\b(?! ago)", lowered)
    if longer and re.search(r"\b(?:next|last|past|coming)\s+" + re.escape(longer.group(1)) + r"\s+days\b", lowered):
        longer = None  # "the next 30 days" is a period
    if longer and (stuck or re.search(r"\b(?:been|sitting|sat|stuck|stayed|in (?:the |their )?(?:stage|\w+))\b", lowered[:longer.start()])):
        found["stage_age_min_days"] = _days(longer.group(1), longer.group(2))
    elif stuck:
        found["stage_age_min_days"] = terms.STUCK_DAYS
    if re.search(r"\bat[- ]risk\b|\brisky\b|\bin danger\b|\bslipping\b|\bendangered\b", lowered):
        found["at_risk"] = True
    big = re.search(r"(?<!\bhow )\b(?:big|large|huge|major|sizable|sizeable|whale)\b", lowered)
    if big and values.get("metric") is Metric.average and not re.search(rf"\b{big.group()}\b", _asked_part(lowered)):
        big = None  # "alice swears she only goes after the big fish. whats the average size of an open deal …?": the size asked
    if big and "amount_min" not in values:
        found["amount_min"] = terms.BIG_AMOUNT
    return found


# "which 3 customers carry the most open pipeline", "top 5 accounts by open $", "our biggest accounts by pipeline"
TOP_ACCOUNTS = re.compile(r"\b(?:which|top|the|our)\s+(?:(\d{1,2}|" + "|".join(NUMBER_WORDS) + r")\s+)?(?:biggest\s+|largest\s+)?"
                          r"(?:accounts|customers|companies|clients)\b(?=.{0,60}\b(?:most|biggest|largest|by)\b)")


def _group(lowered: str) -> GroupBy | Declined | None:
    lowered = WEIGHTED_BY.sub(" weighted ", lowered)  # "weight the open pipe by stage probability" groups nothing
    for group, words in GROUP_WORDS.items():
        if re.search(GROUP_LEAD + rf"(?:{words})\b", lowered):
            return group
    if re.search(r"\bmonthly\b|\bmonth by month\b|\bmonth over month\b", lowered):
        return GroupBy.month
    if re.search(r"\bquarterly\b|\bquarter by quarter\b|\bquarter over quarter\b", lowered):
        return GroupBy.quarter
    if re.search(r"\bbreakdown\b.*\bstage\b|\bstage breakdown\b|\beach stage\b|\bevery stage\b", lowered):
        return GroupBy.stage
    if m := re.search(r"\b(?:broken down by|break(?:ing)? down by|split by|grouped by|breakdown by|segmented by)\s+(?:the\s+)?([a-z ]+?)(?:\?| this| last| next| in | for |,| and |$)",
                      lowered):
        return Declined(f'I can\'t group by "{m.group(1).strip()}"; I can group by {DEFINED_GROUPS}')
    return None


WEIGHTED_BY = re.compile(r"\bby (?:the |their |its |each )?(?:deal['’]?s? )?(?:stage['’]?s? )?(?:win |close )?(?:probabilit(?:y|ies)|odds|likelihood)\b")


def _top_groups(lowered: str, group: GroupBy) -> int | None:
    """ "which 3 industries are actually carrying us?", "the top 2 regions": the first N groups, each with its share."""
    number = r"(\d{1,2}|" + "|".join(NUMBER_WORDS) + r")"
    if group in (GroupBy.month, GroupBy.quarter, GroupBy.company) or not (
            said := re.search(rf"\b(?:which|top|the|our)\s+{number}\s+(?:biggest\s+|largest\s+|best\s+)?(?:{GROUP_WORDS[group]})\b", lowered)):
        return None
    return NUMBER_WORDS.get(said.group(1)) or int(said.group(1))


def _group_asked(lowered: str) -> GroupBy | None:
    """ "who on the team has the most in negotiation?", "which industry has the most open pipeline?": one value per
    owner (or industry...), so the answer shows which leads."""
    if re.search(r"\bwho(?:'s| is)?\b(?: on (?:the|my|our) team| of (?:the|my|our) (?:reps|team))?\s+(?:has|have|had|holds|owns|"
                 r"carries|is carrying|carrying|holding|sitting on|got|closed|won|brought in|booked)\b.{0,40}\b(?:most|least|biggest|largest|more|less|"
                 r"highest|lowest|fewest)\b", lowered):
        return GroupBy.owner
    if re.search(r"\b(?:top|best|biggest|leading|star)\s+(?:closer|seller|performer|rep)s?\b", lowered):
        return GroupBy.owner  # "who's the top closer by $"
    for group, words in GROUP_WORDS.items():
        if group not in (GroupBy.month, GroupBy.quarter) and re.search(
                rf"\bwhich\s+(?:{words})\b.{{0,40}}\b(?:most|least|biggest|largest|more|less|highest|lowest|fewest|best|worst)\b|"
                # "top 3 lead sources by open $", "which industries did our 2026 closed-won revenue come from?", "which
                # channels actually feed the open pipe": a value per source (or industry...), so the answer shows which
                rf"\b(?:top|best|biggest|leading)\s+(?:\d{{1,2}}\s+|(?:{'|'.join(NUMBER_WORDS)})\s+)?(?:{words})\b|"
                rf"\bwhich\s+(?:{words})\b.{{0,60}}\b(?:come|came|coming|comes) from\b|"
                # "which 3 industries are actually carrying us?"
                rf"\bwhich\s+(?:\d{{1,2}}\s+|(?:{'|'.join(NUMBER_WORDS)})\s+)?(?:{words})\b.{{0,30}}\b(?:carry|carrying|carries|"
                rf"driving|drive|drives|hold|holding|holds|make up|making up)\b|"
                rf"\bwhich\s+(?:{words})\b.{{0,20}}\b(?:feed|feeds|fed|bring|brings|brought|drive|drives|drove|produce|"
                rf"produced|generate|generated)\b", lowered):
            return group
    return None


# "what % of our total open pipe is that", "as a share of the whole pipeline", "how much of our total pipe is it"
SHARE_OF_ALL = re.compile(r"\b(?:what|which|how big an?|how much of an?)\s+(?:%|percent(?:age)?|share|portion|proportion|"
                          r"fraction|chunk|slice)\s+(?:is (?:that|it|this) )?of\b|"
                          r"(?:%|\bpercent(?:age)?|\bshare)\s+of\s+(?:our|the|my|all|total|overall|everything)\b|"
                          r"\bhow much of (?:our|the|my) (?:total|whole|entire|overall|full)\b")
PART_FILTERS = ("stages", "owner_ids", "regions", "industries", "lead_sources", "company_ids", "contact_ids",
                "amount_min", "amount_max", "stage_age_min_days", "at_risk")


WHICH_DEAL_IS_THE_BIGGEST = (r"\bwhich\s+(?:[\w'’-]+\s+){0,2}?(?:deal|opp|opportunity|one)\s+(?:is|was|'s|’s)\s+(?:the\s+)?"
                             r"(?:single\s+)?(?:biggest|largest|smallest|oldest)\b")
SINGLE = re.compile(r"\b(?:single|one)\s+(?:biggest|largest|fattest|juiciest|oldest|newest|smallest)\b|"
                    # "which was the bigger of those?": one of the deals the question before counted
                    r"\bwhich(?: one)?(?:'s|’s| is| was)\s+(?:the\s+)?(?:bigger|larger|smaller)\b|"
                    r"\b(?:the|my|his|her|our|their|your)\s+(?:biggest|largest|fattest|juiciest|oldest|newest|smallest)\s+"
                    r"(?:open\s+|active\s+|live\s+|won\s+|lost\s+)?(?:deal|opp|opportunity)\b(?!s)|"
                    # "the biggest of those emea ones - whose is it": one of the deals the question before counted
                    r"\bthe\s+(?:biggest|largest|smallest|oldest|newest)\s+(?:one\s+)?of\s+(?:those|them|these)\b|"
                    + WHICH_DEAL_IS_THE_BIGGEST)


FIRST_OF_A_GROUP = (r"\b(?:single\s+)?(?:biggest|largest|fattest|juiciest|smallest|top|oldest|newest)\s+"
                    r"(?:(\d|one|two|three|five)\s+)?(?:open\s+|active\s+|live\s+|won\s+|lost\s+|closed\s+)?"
                    r"(?:deals?|opps?|opportunit(?:y|ies))\b")


def _first_of_each(lowered: str, group: GroupBy) -> int | None:
    """ "the single biggest open deal each rep has", "each rep's largest deal", "top 2 deals per region": how many of
    each group's deals the list shows (the rest of the question says in which order)."""
    words = GROUP_WORDS[group]
    found = re.search(FIRST_OF_A_GROUP + r".{0,30}?" + GROUP_LEAD + rf"(?:{words})\b", lowered) \
        or re.search(rf"\b(?:each|every)\s+(?:{words})['’]s\s+" + FIRST_OF_A_GROUP[2:], lowered)
    if not found:
        return None
    number = found.group(1)
    return (NUMBER_WORDS.get(number) or int(number)) if number else 1


# "how many of my open deals have maya o'brien as the contact", "deals where the contact is jon park"
CONTACT_NAMED = re.compile(r"\b(?:have|has|having|with|where|and)\s+([^\W\d_][\w'’-]*(?:\s+[^\W\d_][\w'’-]*){1,2})\s+"
                           r"(?:is\s+|as\s+)(?:the\s+|their\s+|our\s+|my\s+)?(?:main\s+|primary\s+|deal\s+)?contact\b|"
                           r"\b(?:the\s+)?contact\s+(?:is|being)\s+([^\W\d_][\w'’-]*(?:\s+[^\W\d_][\w'’-]*){1,2}?)(?=[\s,.?!]|$)")


def _contacts(lowered: str, session: Session) -> list[int]:
    """The contacts a question filters the deals on, named in full as the deals' contact (read only when it says so)."""
    if not (m := CONTACT_NAMED.search(lowered)):
        return []
    first, _, last = (m.group(1) or m.group(2)).replace("’", "'").partition(" ")
    return list(session.scalars(select(Contact.id).where(func.lower(Contact.first_name) == first,
                                                         func.lower(Contact.last_name) == last)))


def _listing(lowered: str) -> dict:
    # "whose are they and how much is riding on them in total": each deal's owner, so the deals
    whose = r"\bwhose are (?:they|those|these|them)\b|\bwho owns (?:them|those|these|each)\b|"
    number = r"(\d{1,3}|" + "|".join(NUMBER_WORDS) + r")"
    limit = re.search(rf"\b(?:top|first|biggest|largest|fattest|juiciest|oldest|newest|smallest|latest|best)\s+{number}\b|"
                      rf"\b{number}\s+(?:biggest|largest|fattest|juiciest|oldest|newest|smallest|latest|most|top|deals|best|"
                      rf"(?:open|closed|won|lost) deals)\b", lowered)
    wants_list = re.search(r"\b(?:which|what)\s+(?!is\b|are\b|was\b|were\b)(?:[\w'’]+\s+){0,3}(?:deals?|opps?|opportunit(?:y|ies))\b|"
                           r"\b(?:list|show|name|give me)\b(?: me)?(?: \w+){0,3} (?:deals|opps|opportunities)\b|"
                           r"^\s*list\b|\btop \d|\bany of (?:the|our|my|his|her|their|them|those)\b|\b(?:biggest|largest|fattest|juiciest|oldest|newest|"
                           r"smallest)\b|\bwhich(?: one)?(?:'s|’s| is| was)\s+(?:the\s+)?(?:bigger|larger|smaller)\b|\bwhich (?:of )?(?:[\w'’]+\s+){0,3}?ones\b|\bwhich (?:one )?of (?:his|hers|theirs|them|those|these|mine|ours|yours)\b|"
                           # "what have I got still closing this year?", "what does Bob have in negotiation?": the deals
                           r"\bwhat (?:have|has|do|does) (?:i|we|he|she|they|\w+) (?:still |actually |personally )?(?:got|have)\b|"
                           # "names, amount, stage and whose they are", "list + total"
                           r"\bnames?\b,?\s+(?:amounts?|stages?|owners?|values?)\b|\blist\s*(?:\+|and|&|with|plus)\s*(?:the\s+)?total\b|"
                           # "each deal + amount, and the total"
                           r"\beach (?:deal|one|opp)\s*(?:\+|and|&|with|plus)\s*(?:its\s+|the\s+)?(?:amount|value|owner|close date)s?\b|"
                           # "amounts + whose, and the total", "amounts and close dates"
                           r"\bamounts?\b,?\s*(?:\+|and|&|plus|with)\s*(?:the\s+)?(?:whose|owners?|who owns|(?:close |closing )?dates?|stages?)\b|"
                           # "i want every deal with its amount and owner, plus the total"
                           r"\bevery (?:single )?(?:deal|opp|opportunity)\b|"
                           r"\bwhat(?:'s|’s| is) (?:\w+ )?got\b|"
                           # "what's sitting in negotiation for me right now?"
                           r"\bwhat(?:'s|’s| is| are)\s+(?:still\s+|currently\s+)?(?:sitting|stuck|parked|waiting|hanging)\s+(?:around\s+)?(?:in|at)\b|"
                           # "who closed what": each deal, with whose it is
                           r"\bwho (?:closed|won|signed|landed|booked|brought in|lost|owns|has) what\b|" + whose[:-1],
                           lowered)
    # "how much is each one worth?", "amounts please": each deal's amount, so the deals
    each = re.search(whose + r"\beach (?:one|deal|of them)\b|\bper deal\b|\bamounts\b|"
                     # "alice's biggest one in there, how much is it": that one deal's amount
                     r"\b(?:biggest|largest|smallest|oldest|newest) one\b.*\bhow much is (?:it|that)\b", lowered)
    # "which of our open deals have blown past their close date? how many is that": the deals, under their count
    # ... and "how many deals and how much in total... and which one's the biggest of them": the deals, biggest first
    which = re.search(r"\bwhich (?:of (?:our|my|the|his|her|their) )?(?:[\w'’]+\s+){0,3}(?:deals|opps|opportunities)\b|"
                      r"\bwhich one(?:'s|’s| is)\s+(?:the\s+)?(?:biggest|largest|smallest|oldest)\b|"
                      r"\bwhich(?: one)?(?:'s|’s| is| was)\s+(?:the\s+)?(?:bigger|larger|smaller)\b|"
                      # "total + number of deals, and which is her single biggest one"
                      r"\bwhich(?:'s|’s| is)\s+(?:the|her|his|my|our|their)\s+(?:single\s+)?(?:biggest|largest|smallest|oldest)\b|"
                      # "and which software deal is the biggest?"
                      + WHICH_DEAL_IS_THE_BIGGEST, lowered)
    if not (wants_list or limit) or (re.search(r"\bhow (?:many|much)\b", lowered) and not each and not which):
        return {}
    values: dict = {"list_deals": True, "sort_by": SortBy.amount}
    # "which of our open deals are past their close date? need the list + the total, and who owns the biggest one": the
    # biggest one is picked out of the list, which is still asked for whole
    if limit and (limit.group(1) or limit.group(2)) == "one" and re.search(r"\bwhich of\b|\bthe list\b|\blist (?:them|it)\b|"
                                                                         r"\ball of them\b", lowered):
        limit = None
    if limit:
        raw = limit.group(1) or limit.group(2)
        values["limit"] = max(1, min(100, NUMBER_WORDS.get(raw) or int(raw)))
    elif SINGLE.search(lowered):
        values["limit"] = 1  # "what's my single biggest open deal?": that one deal, not the whole list ranked
    if re.search(r"\boldest\b|\blongest\b|\bbeen sitting\b.*\blongest\b|\bmost days\b", lowered) \
            and re.search(r"\b(?:when|since) (?:they|it|each) (?:was|were|got) (?:first )?(?:created|added|opened|entered)\b|"
                          r"\b(?:by|from) (?:their |its |the )?(?:creation|created)(?: date)?\b", lowered):
        # "which 3 open deals have been in our pipe the longest, going by when they were created?": oldest created first
        values.update(sort_by=SortBy.created, descending=False)
    elif re.search(r"\boldest\b|\blongest\b|\bbeen sitting\b.*\blongest\b|\bmost days\b", lowered):
        values["sort_by"] = SortBy.stage_age
    elif re.search(r"\bsoonest\b|\bnext to close\b|\bclosing (?:first|next|soonest)\b|\bearliest\b", lowered):
        values.update(sort_by=SortBy.close_date, descending=False)
    elif re.search(r"\blatest (?:to )?clos|\bclosing last\b|\bfurthest[- ]?(?:out|away|off)\b|\blast to close\b", lowered):
        values["sort_by"] = SortBy.close_date
    elif re.search(r"\bnewest\b|\bmost recent(?:ly)?\b|\blatest\b|\bjust (?:added|created)\b", lowered):
        values["sort_by"] = SortBy.created
    elif re.search(r"\bsmallest\b|\bcheapest\b|\blowest\b|\bsmaller\b", lowered):
        values["descending"] = False
    return values

