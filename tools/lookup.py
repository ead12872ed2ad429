"""Turning what someone typed ("Acme", "jane@acme.example", "deal 12") into the records the caller may see."""

from __future__ import annotations

import math
from decimal import Decimal
import re

from rapidfuzz import fuzz, process
from sqlalchemy import or_, select

from crm_core import phrases, records
from crm_core.deals.models import Deal
from crm_core.enums import Role
from crm_core.errors import NotFound, PermissionDenied
from crm_core.kinds import kind_for_collection
from crm_core.tickets.models import Ticket
from knowledge.embeddings import common_words

MAX_RESULTS = 8
# Roles as people shorten them: "the revops one" is the Revenue Operations Manager
ROLE_SHORTHAND = {"revops": "revenue operations", "salesops": "sales operations", "bizops": "business operations",
                  "secops": "security operations", "finops": "financial operations", "mktg": "marketing", "eng": "engineering",
                  "infosec": "information security", "procurement": "procurement", "ops": "operations"}
PHONE_NUMBER = re.compile(r"\+?[\d\s().-]{7,}")
FUZZY_CUTOFF = 70
FUZZY_MAX_WORDS = 4
OPEN_DEAL_STAGES = ("prospecting", "qualification", "proposal", "negotiation")
OPEN_TICKET_STATUSES = ("new", "open", "pending")


def display_name(record) -> str:
    if hasattr(record, "first_name"):  # a contact (whose "title" is a job title, not a name)
        return f"{record.first_name} {record.last_name}".strip() + (f" <{record.email}>" if record.email else "")
    for attribute in ("name", "subject", "title"):
        if getattr(record, attribute, None):
            return getattr(record, attribute)
    return f"record {record.id}"


def resolve(session, actor, collection: str, reference: str) -> list:
    """Records matching a reference: an id ("12", "#12"), an e-mail, or a (fuzzy) name. Best first; only what
    the caller may read."""
    kind = kind_for_collection(collection)
    reference = reference.strip()
    bare = reference.lstrip("#")
    for prefix in (kind.entity.value, collection):
        if bare.lower().startswith(prefix + " "):
            bare = bare[len(prefix) + 1:].lstrip(" #")
    if collection == "contacts" and PHONE_NUMBER.fullmatch(reference) and len(digits := re.sub(r"\D", "", reference)) >= 7:
        # "missed a call from +61 2 9876 0124 … who's that?": a person by their number, however it is spaced (the
        # last nine digits: "+61 2 …" and "02 …" are one number)
        readable, _ = records.list_records(session=session, actor=actor, kind=kind,
                                           filters=kind.filter_schema(limit=500, sort="-updated_at"))
        return [r for r in readable if r.phone and re.sub(r"\D", "", r.phone).endswith(digits[-9:])][:MAX_RESULTS]
    if bare.isdigit():
        try:
            return [records.get(session=session, actor=actor, kind=kind, record_id=int(bare))]
        except (NotFound, PermissionDenied):
            return []
    exact, _ = records.list_records(session=session, actor=actor, kind=kind,
                                    filters=kind.filter_schema(q=reference, limit=MAX_RESULTS))
    if not exact and collection in ("companies", "contacts") and (named := " ".join(_words(reference))) \
            and named != reference.lower():
        # "the nusantara account": the name without the words that say what kind it is (a deal's "renewal deal" is
        # no name: many deals are renewals)
        exact, _ = records.list_records(session=session, actor=actor, kind=kind,
                                        filters=kind.filter_schema(q=named, limit=MAX_RESULTS))
    if exact:
        return exact
    readable, _ = records.list_records(session=session, actor=actor, kind=kind,
                                       filters=kind.filter_schema(limit=500, sort="-updated_at"))
    names = {record.id: display_name(record) for record in readable}
    # Every word found, in any order ("karoo salesforce add-on", "the 429 ticket from Stackhouse"): a ticket is
    # also known by its company's name.
    # A ticket is named by its company alone too ("mark the Lumière ticket solved").
    if len(words := _words(reference)) > 1 or words and collection == "tickets":
        companies = _company_names(session, actor) if collection in ("tickets", "deals", "contacts") else {}
        # ... and by who raised it ("the date sorting bug Ji-woo reported")
        people = _contact_names(session, actor) if collection == "tickets" else {}
        # ... and by its kind ("umbrella's outage ticket", "the wattlebird billing one")
        texts = {r.id: f"{names[r.id]} {companies.get(getattr(r, 'company_id', None), '')} "
                       f"{people.get(getattr(r, 'contact_id', None), '')} "
                       f"{str(getattr(r, 'category', '') or '').replace('_', ' ')}".lower() for r in readable}
        if collection == "contacts":  # ... and a person by their role ("fatima at prairie wind, the revops one")
            texts = {r.id: f"{texts[r.id]} {r.title or ''}".lower() for r in readable}
        # ("his save-dashboard-as-template ticket": a hyphenated description is found by its words)
        every = [r for r in readable if all(w in texts[r.id] or ROLE_SHORTHAND.get(w, w) in texts[r.id]
                                            or "-" in w and all(part in texts[r.id] for part in w.split("-") if part)
                                            for w in words)]
        if every:
            return sorted(every, key=lambda r: len(names[r.id]))[:MAX_RESULTS]
        if collection in ("companies", "contacts") and (contained := _named_within(readable, reference)):
            return contained  # "I'm seeing Kauri Digital on Tuesday": the name said in full, with words around it
        if collection == "companies" and (leading := _by_leading_word(readable, words)):
            return leading  # "heading to karoo solar's office": Karoo Solar Works, by the word only its name starts with
        if collection == "deals" and _names_another_deal(session, texts, words):
            return []  # and no fuzzy look-alike either
        if collection == "tickets" and _names_anothers_ticket(session, readable, texts, companies, words):
            return []  # "karoo's ticket about their S3 export writing empty files": not Karoo's tax exemption ticket
        if collection in ("deals", "tickets") and (most := _by_most_words(readable, texts, companies, words,
                                                                            _people_named(reference, people))):
            return sorted(most, key=lambda r: len(names[r.id]))[:MAX_RESULTS]
    if collection == "tickets" and (theirs := _of_person(session, actor, "tickets", reference)):
        return theirs  # "Arjun Dubois … bump his ticket": the tickets the person raised, newest first
    # No match by words: fuzzy over what the caller may read (typos, "Acme Corp" for "Acme Corporation"); a long
    # reference is a sentence, not a misspelt name.
    if len(words) > FUZZY_MAX_WORDS or not any(len(re.sub(r"\W", "", w)) >= 4 for w in words):
        return []  # (nor is "i'll" a typo of a name: three letters are part of too many, "Burndown st-ill broken")
    best = process.extract(reference, names, scorer=fuzz.WRatio, limit=MAX_RESULTS, score_cutoff=FUZZY_CUTOFF)
    by_id = {record.id: record for record in readable}
    return [by_id[key] for _, _, key in best]


def _told_apart(record) -> str:
    """What tells look-alike deals apart when their names are the same: stage, amount and close date."""
    if not isinstance(record, Deal):
        return ""
    amount = f", {record.amount:,.0f} {record.currency}" if record.amount is not None else ""
    closing = f", closing {record.expected_close_date.isoformat()}" if record.expected_close_date else ""
    return f" ({record.stage}{amount}{closing})"


def _named_within(readable: list, reference: str) -> list:
    """The records whose whole name (a person's first and last name) the reference says, the longest such name
    only: "Min-jun Iyer left us feedback" is Min-jun Iyer; "Lakeshore County Digital" is not "Kauri Digital"."""
    lowered = reference.lower()
    found = {}
    for record in readable:
        name = (f"{record.first_name} {record.last_name}" if hasattr(record, "first_name") else display_name(record))
        if len(name := name.strip().lower()) >= 4 and re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", lowered):
            found[record.id] = (len(name), record)
    longest = max((length for length, _ in found.values()), default=0)
    return [record for length, record in found.values() if length == longest]


def _person_named(session, actor, reference: str):
    """The one contact the reference names in full (first and last name), if exactly one."""
    contacts = kind_for_collection("contacts")
    people, _ = records.list_records(session=session, actor=actor, kind=contacts,
                                     filters=contacts.filter_schema(limit=500))
    named = _named_within([p for p in people if p.first_name and p.last_name], reference)
    return named[0] if len(named) == 1 else None


def _of_person(session, actor, collection: str, reference: str) -> list:
    """The tickets (or deals) whose contact is the one person the reference names in full, newest first: "Arjun
    Dubois … bump his ticket", "Mariam Silva got back to me … the deal is now 25,125"."""
    if (person := _person_named(session, actor, reference)) is None:
        return []
    kind = kind_for_collection(collection)
    found, _ = records.list_records(session=session, actor=actor, kind=kind, filters=kind.filter_schema(
        contact_id=person.id, sort="-updated_at", limit=MAX_RESULTS))
    return found


def deals_of_person(session, actor, reference: str) -> list:
    """The deals of the one person the reference names in full, open first: "andrés müller … the karoo salesforce
    add-on" (with words the deal's name has not) is his deal. Of several, those whose name shares the most of the
    reference's telling words."""
    found = _of_person(session, actor, "deals", reference)
    if len(found) > 1:
        companies = _company_names(session, actor)
        texts = {d.id: f"{display_name(d)} {companies.get(d.company_id, '')}".lower() for d in found}
        found = _most_shared_words(found, texts, _words(reference)) or found
    return sorted(found, key=lambda deal: deal.stage not in OPEN_DEAL_STAGES)


def company_of_person(session, actor, reference: str):
    """The company of the one contact the reference names in full ("Seeing Diego Novak on Thursday": Nordvik), for
    a question about an account asked by a person's name; None when no one (or no readable company) fits."""
    if (person := _person_named(session, actor, reference)) is None or person.company_id is None:
        return None
    try:
        return records.get(session=session, actor=actor, kind=kind_for_collection("companies"),
                           record_id=person.company_id)
    except (NotFound, PermissionDenied):
        return None


def _by_leading_word(readable: list, words: list[str]) -> list:
    """The one company whose name starts with a rare word the reference says ("ombu" for Ombú Finanzas, "ironbark"
    for Ironbark Freight), when nothing matched the reference whole."""
    said = {phrases.plain(w) for w in words}
    leading: dict[str, list] = {}
    for record in readable:
        first = phrases.plain(display_name(record)).split()[0] if display_name(record).strip() else ""
        leading.setdefault(first, []).append(record)
    found = [records_[0] for first, records_ in leading.items()
             if first in said and len(records_) == 1 and len(first) >= 4 and first not in common_words()]
    return found if len(found) == 1 else []


def _names_another_deal(session, texts: dict[int, str], words: list[str]) -> bool:
    """A word of the reference that is in no readable deal but in some deal's name means another deal, perhaps one
    the caller may not see: "polderlink PMO rollout" never becomes Straitspoint's PMO rollout. Checked against every
    deal, readable or not; only "no match" can come of it, which says nothing."""
    unmatched = [w for w in words if not any(re.search(rf"(?<![\w]){re.escape(w)}", text) for text in texts.values())]
    if not unmatched:
        return False
    # The database finds the names containing the word anywhere ("late" in "template"); a name counts when the
    # word starts one of its words.
    names = session.scalars(select(Deal.name).where(or_(*(Deal.name.ilike(f"%{w}%") for w in unmatched))).limit(50))
    return any(re.search(rf"(?<![\w]){re.escape(w)}", name.lower()) for name in names for w in unmatched)


def _names_anothers_ticket(session, readable: list, texts: dict[int, str], companies: dict[int, str], words: list[str]) -> bool:
    """The reference describes a ticket of the company it names that the caller may not read ("karoo's ticket about
    their S3 export writing empty files", unassigned): its subject shares at least two of the reference's words, more
    than any readable ticket does. Only "no match" can come of it, so a near look-alike is never changed instead."""
    named = {cid for cid, name in companies.items()
             if any(re.search(rf"(?<![\w]){re.escape(w)}", name.lower()) for w in words)}
    if not named:
        return False
    described = [w for w in words if len(w) >= 3 and not any(re.search(rf"(?<![\w]){re.escape(w)}", companies[c].lower())
                                                            for c in named)]
    shared = lambda text: sum(1 for w in described if re.search(rf"(?<![\w]){re.escape(w)}", text.lower()))
    readable_best = max((shared(texts[r.id]) for r in readable if r.company_id in named), default=0)
    others = session.scalars(select(Ticket.subject).where(Ticket.company_id.in_(named),
                                                          Ticket.id.not_in([r.id for r in readable])).limit(200))
    return any(shared(subject) >= 2 and shared(subject) > readable_best for subject in others)


def _by_most_words(readable: list, texts: dict[int, str], companies: dict[int, str], words: list[str],
                   people: dict[int, str] | None = None) -> list:
    """A deal or ticket named in passing ("juniper ridge wants to add their radiology team — bump the rollout deal",
    "we received Karoo's tax exemption certificate, so that ticket…"): the records sharing the most telling words,
    but only of a company the reference names (or, for a ticket, of the person who raised it)."""
    words = list(dict.fromkeys([*words, *(part for w in words if "-" in w for part in w.split("-") if part)]))
    of_named = [r for r in readable if _owner_named(r, companies, people or {}, words)]
    return _most_shared_words(readable, texts, words, among=of_named) if of_named else []


def _people_named(reference: str, people: dict[int, str]) -> dict[int, str]:
    """The people a reference names by first name ("the bug Ji-woo reported"), unless a capitalised word after it
    says it is someone else ("Arjun Smith" is not Arjun Dubois), or another person's last name does, typed in lower
    case ("sebastián petrov's ticket" is not Sebastián Gupta's)."""
    named = {}
    last_names = {name.partition(" ")[2].lower() for name in people.values()}
    for contact_id, name in people.items():
        first, _, last = name.partition(" ")
        said = re.search(rf"(?<![\w-]){re.escape(first)}(?![\w-])(?:\s+([\w'’-]+))?", reference, re.IGNORECASE) if first else None
        after = re.sub(r"['’]s$", "", said.group(1) or "") if said else ""  # "Gabriel Rahman's ticket"
        if said and not (after and (after[0].isupper() or after.lower() in last_names) and after.lower() != last.lower()):
            named[contact_id] = name
    return named


def _owner_named(record, companies: dict[int, str], people: dict[int, str], words: list[str]) -> bool:
    """The reference names the record's company (by a word's start: "fernhollow" in "fernhollow's") or the person
    who raised it (by a whole word: "Ji-woo")."""
    company = companies.get(record.company_id, "").lower()
    person = people.get(getattr(record, "contact_id", None), "").lower()
    return any(company and re.search(rf"(?<![\w]){re.escape(w)}", company)
               or person and re.search(rf"(?<![\w]){re.escape(w)}(?![\w])", person) for w in words)


def _most_shared_words(readable: list, texts: dict[int, str], words: list[str], among: list | None = None) -> list:
    """The records sharing the most telling words with the reference, when it says more than a name ("juniper
    ridge radiology rollout" -> "Juniper Ridge Clinics - engineering-wide rollout"). A word found in few records
    tells more (IDF); at least one shared word must be rare enough to be part of a name."""
    found = {w: {r.id for r in readable if re.search(rf"(?<![\w]){re.escape(w)}", texts[r.id])} for w in words}
    total = len(readable)
    weight = {w: math.log(1 + total / len(ids)) for w, ids in found.items() if ids}
    among = readable if among is None else among  # the candidates; a word's weight is over all readable records
    scores = {r.id: sum(weight[w] for w in weight if r.id in found[w]) for r in among}
    best = max(scores.values(), default=0.0)
    named = [w for w in weight if len(found[w]) <= max(5, total // 20)]
    if best <= 0 or not named:
        return []
    return [r for r in among if scores[r.id] == best and any(r.id in found[w] for w in named)]


# Words that say what kind of record it is, not which one.
_KIND_WORDS = {"the", "a", "an", "of", "from", "for", "at", "with", "and", "deal", "deals", "ticket", "tickets",
               "company", "contact", "account", "one"}


def _words(reference: str) -> list[str]:
    """The reference's words that may name a record; "fernhollow's" is "fernhollow"."""
    words = (re.sub(r"['’]s$", "", w) for w in re.findall(r"[\w&'’.-]+", reference.lower()))
    return [w for w in words if w not in _KIND_WORDS and w.strip(".-")]


def _contact_names(session, actor) -> dict[int, str]:
    contacts = kind_for_collection("contacts")
    readable, _ = records.list_records(session=session, actor=actor, kind=contacts, filters=contacts.filter_schema(limit=500))
    return {c.id: f"{c.first_name or ''} {c.last_name or ''}".strip() for c in readable}


def _company_names(session, actor) -> dict[int, str]:
    companies = kind_for_collection("companies")
    readable, _ = records.list_records(session=session, actor=actor, kind=companies,
                                       filters=companies.filter_schema(limit=500))
    return {c.id: c.name for c in readable}


def deals_of(session, actor, reference: str) -> list:
    """Deals by name, or the deals of a company by that name ("the Acme deal"): open ones first. A deal named with
    its amount ("the 27.5k kesselwerk expansion") is the look-alike of that amount."""
    said, named = phrases.without_amount(reference)
    if said is None and (whole := re.search(r"\s(\d{1,3}(?:,\d{3})+)$", reference)):
        said, named = Decimal(whole.group(1).replace(",", "")), reference[:whole.start()].strip()  # "… pilot 12,700"
    if said is not None and named:
        found = deals_of(session, actor, named)
        return [d for d in found if d.amount is not None and abs(d.amount - said) <= said * Decimal("0.005")] or found
    matches = resolve(session, actor, "deals", reference)
    if not matches:
        deals = kind_for_collection("deals")
        words = _words(reference)
        # Only a reference that is the company's name (or a short misspelling of it): "hooli enterprise upgrade"
        # is a deal the caller may not see, not a request for Hooli's other deals.
        for company in [c for c in resolve(session, actor, "companies", reference)[:1]
                        if len(words) <= 2 or all(w in c.name.lower() for w in words)]:
            matches, _ = records.list_records(session=session, actor=actor, kind=deals, filters=deals.filter_schema(
                company_id=company.id, sort="-updated_at", limit=MAX_RESULTS))
    return sorted(matches, key=lambda deal: deal.stage not in OPEN_DEAL_STAGES)  # stable: keeps best-first


QUOTED = re.compile(r"(?<!\w)['‘\"“]([^'’\"”]{3,60})['’\"”](?!\w)")


def nothing_found(actor, collection: str, said: str) -> str:
    """What a read says when nothing matches (`said`). A rep, who sees only their own deals and tickets, is told so
    (without saying whether a colleague's matches), so "maria asked me to keep an eye on her globex deal" is not
    answered as if no such deal existed."""
    kind = kind_for_collection(collection)
    if actor.role is Role.rep and not actor.is_visitor and not kind.readable_by_reps:
        said += f" A rep sees only their own {kind.plural}; if it is a colleague's, they or a manager can look it up."
    return said


def one(session, actor, collection: str, reference: str, by_contact: bool = False) -> tuple[object | None, str | None]:
    """Exactly one record for a change, or the question to ask: a write never picks among look-alikes. With
    `by_contact`, a deal may be named by its contact (where only a deal can be meant)."""
    found = deals_of(session, actor, reference) if collection == "deals" else resolve(session, actor, collection, reference)
    if not found and by_contact and collection == "deals":
        found = deals_of_person(session, actor, reference)
    if collection == "deals":
        open_ones = [d for d in found if d.stage in OPEN_DEAL_STAGES]
        found = open_ones if len(open_ones) == 1 else found
    if collection == "tickets":
        open_ones = [t for t in found if t.status in OPEN_TICKET_STATUSES]
        found = open_ones if len(open_ones) == 1 else found
    singular = kind_for_collection(collection).entity.value
    if not found:
        return None, f"No {singular} matches {reference!r} (or none you may see)."
    exact = [r for r in found if display_name(r).lower() == reference.strip().lower()]
    # "the wattlebird 'charged twice' ticket": the words quoted are the one record's own
    quoted = [q.lower() for q in QUOTED.findall(reference)]
    exact = exact or [r for r in found if quoted and all(q in display_name(r).lower() for q in quoted)]
    if len(found) == 1 or len(exact) == 1:
        return (exact or found)[0], None
    options = "; ".join(f"{singular} {r.id}: {display_name(r)}{_told_apart(r)}" for r in found[:5])
    return None, f"Several {collection} match {reference!r}: {options}. Which one (give the id)?"
