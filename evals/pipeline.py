"""Plain-language pipeline questions: does the offline parser turn each into the expected structured query, and
does the engine answer that query as an independent reference (evals/pipeline_reference.py) does?

    crm eval pipeline                          # both splits: a per-category table
    python -m evals.pipeline --split heldout -v  # one split, with each failure explained

The questions (evals/datasets/pipeline/questions.jsonl) carry the expected query (the fields that differ from
the defaults; owners by name) or ``"declined": true`` for words the product does not define. They are asked of
one freshly seeded demo database (seed 7, today 2026-08-14, now 12:00 UTC). A question passes when the parser
gives the expected query (labels aside) and the engine's answer to it matches the reference; a declined one
passes when the parser declines (no number), naming one of the ``closest`` metrics when the line lists some.
Parser mismatches and engine-vs-reference mismatches are reported apart: they are different bugs.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from decimal import Decimal
from enum import Enum
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import Engine

from crm_core import migrate
from crm_core.actor import Actor
from crm_core.db import make_engine, session_factory, unit_of_work
from crm_core.demo.seed import seed
from crm_core.enums import Via
from crm_core.pipeline.query import PipelineQuery, SortBy
from crm_core.users.models import User
from evals.kb import DATASETS, read_jsonl
from evals.pipeline_reference import Reference, ReferenceAnswer, owner_ids

QUESTIONS = DATASETS / "pipeline" / "questions.jsonl"
TODAY = date(2026, 8, 14)
NOW = datetime(2026, 8, 14, 12, tzinfo=timezone.utc)
ASKERS = {"manager": "Maria Lopez", "alice": "Alice Chen"}
SET_FIELDS = ("stages", "owner_ids", "regions", "industries", "lead_sources")
SPLITS = ("dev", "heldout")


def questions(split: str | None = None) -> list[dict]:
    return [q for q in read_jsonl(QUESTIONS) if split in (None, "all", q["split"])]


def expected_query(item: dict, users: dict[str, int]) -> PipelineQuery:
    """The line's expected query; owners are written by name, the query holds ids."""
    fields = dict(item["expected"])
    if "owners" in fields:
        fields["owner_ids"] = owner_ids(fields.pop("owners"), users)
    return PipelineQuery.model_validate(fields)


def build_database(path: Path) -> Engine:
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    with unit_of_work(session_factory(engine)) as session:
        seed(session=session, seed=7, scale=1, today=TODAY)
    return engine


# -- comparing queries and answers -------------------------------------------------------------------------

def comparable(query: PipelineQuery) -> dict:
    """The query's fields as the eval compares them: labels left out, lists as sets, amounts as numbers, and a
    list without a sort order sorted by amount (the engine's default, so the same question)."""
    fields = {}
    for name, value in query.model_dump().items():
        if name.endswith("_label"):
            continue
        if name in SET_FIELDS:
            value = frozenset(_plain(v) for v in value)
        fields[name] = _plain(value)
    if fields["list_deals"] and fields["sort_by"] is None:
        fields["sort_by"] = SortBy.amount.value
    return fields


def _plain(value):
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return float(value)
    return value


def query_differences(expected: PipelineQuery, parsed: PipelineQuery, names: dict[int, str]) -> list[str]:
    want, got = comparable(expected), comparable(parsed)

    def shown(key, value):
        if key == "owner_ids":
            return sorted(names.get(i, str(i)) for i in value)
        if isinstance(value, frozenset):
            return sorted(value)
        return value.isoformat() if isinstance(value, date) else value

    return [f"{key}: expected {shown(key, want[key])!r}, parsed {shown(key, got[key])!r}"
            for key in want if want[key] != got[key]]


def _close(actual: float, expected: float) -> bool:
    return abs(actual - expected) <= max(0.01, 1e-6 * max(abs(actual), abs(expected)))


def _day(value) -> str | None:
    return None if value is None else str(value)[:10]


def answer_differences(answer, reference: ReferenceAnswer, query: PipelineQuery) -> list[str]:
    """How the engine's answer departs from the reference (empty: they agree)."""
    problems = []
    if not _close(float(answer.value), reference.value):
        problems.append(f"value {float(answer.value):.4f}, reference {reference.value:.4f}")
    if int(answer.deals) != reference.deals:
        problems.append(f"deals {answer.deals}, reference {reference.deals}")
    if query.group_by is not None:
        got = {str(g["key"]): (float(g["value"]), int(g["deals"])) for g in answer.groups or []}
        for key in sorted(set(got) | set(reference.groups)):
            if key not in got:
                problems.append(f"group {key!r} missing (reference {reference.groups[key]})")
            elif key not in reference.groups:
                problems.append(f"group {key!r} {got[key]} not in the reference")
            elif not _close(got[key][0], reference.groups[key][0]) or got[key][1] != reference.groups[key][1]:
                problems.append(f"group {key!r} {got[key]}, reference {reference.groups[key]}")
    if query.list_deals:
        ids = [int(r["id"]) for r in answer.records or []]
        if ids != reference.ids:
            problems.append(f"deal ids {ids}, reference {reference.ids}")
    if reference.comparison is not None:
        other = answer.comparison
        if not other:
            problems.append(f"no comparison (reference {reference.comparison})")
        else:
            got = (float(other["value"]), int(other["deals"]))
            if not _close(got[0], reference.comparison[0]) or got[1] != reference.comparison[1]:
                problems.append(f"comparison ({got[0]:.4f}, {got[1]}), reference {reference.comparison}")
            span = (_day(other.get("from")), _day(other.get("to")))
            if span != (_day(query.compare_from), _day(query.compare_to)):
                problems.append(f"comparison period {span}, query {(_day(query.compare_from), _day(query.compare_to))}")
    return problems


# An amount or a rate in a decline would be a guessed answer; plain numbers may be definitions ("30 days").
NUMBER = re.compile(r"[$€£]\s?\d[\d,.]*k?|\d[\d,.]*\s?(?:%|percent\b|k\b|usd\b)", re.IGNORECASE)


def declined_failures(item: dict, reason: str) -> list[str]:
    failures = []
    invented = [n for n in NUMBER.findall(reason) if n.strip(".,") not in item["question"]]
    if invented:
        failures.append(f"the decline carries numbers {invented}: {reason!r}")
    closest = item.get("closest") or []
    lowered = reason.lower()
    if closest and not any(c.lower() in lowered or c.lower().replace("_", " ") in lowered for c in closest):
        failures.append(f"the decline offers none of {closest}: {reason!r}")
    return failures


# -- one question ------------------------------------------------------------------------------------------

@dataclass
class Outcome:
    id: str
    split: str
    category: str
    question: str
    parser_failures: list[str] = field(default_factory=list)  # the parsed query (or decline) is not the expected one
    engine_failures: list[str] = field(default_factory=list)  # the engine's answer to the EXPECTED query is wrong
    notes: list[str] = field(default_factory=list)  # what the parsed query answers instead (shown with -v)

    @property
    def passed(self) -> bool:
        return not self.parser_failures and not self.engine_failures


class Suite:
    """One seeded database, its reference, and the parser and engine under test."""

    def __init__(self, engine: Engine):
        from crm_core.pipeline import engine as pipeline_engine
        from crm_core.pipeline.parse import Declined, parse

        self.parse, self.Declined, self.run = parse, Declined, pipeline_engine.run
        self.session = session_factory(engine)()
        self.reference = Reference.load(self.session.connection())
        self.names = {i: n for n, i in self.reference.users.items()}
        self.actors = {}
        for asker, name in ASKERS.items():
            user = self.session.scalar(select(User).where(User.name == name))
            self.actors[asker] = Actor.for_user(user, Via.agent)

    def close(self):
        self.session.close()

    def scope(self, asker: str) -> int | None:
        """A rep's numbers cover their own deals; the manager's cover everyone's."""
        return None if asker == "manager" else self.reference.users[ASKERS[asker]]

    def ask(self, item: dict) -> Outcome:
        outcome = Outcome(item["id"], item["split"], item["category"], item["question"])
        actor, scope = self.actors[item["asker"]], self.scope(item["asker"])
        expected = None if item.get("declined") else expected_query(item, self.reference.users)
        wanted = self.reference.answer(expected, now=NOW, scope_owner_id=scope) if expected else None
        if expected is not None:
            outcome.engine_failures = self._engine(expected, actor, wanted)
        try:
            parsed = self.parse(item["question"], session=self.session, actor=actor, today=TODAY)
        except Exception as exc:  # a crash is a wrong parse, reported, not a stopped run
            outcome.parser_failures.append(f"parser crashed: {type(exc).__name__}: {exc}")
            return outcome
        finally:
            self.session.rollback()
        if isinstance(parsed, self.Declined):
            if expected is None:
                outcome.parser_failures += declined_failures(item, parsed.reason)
            else:
                outcome.parser_failures.append(f"declined ({parsed.reason!r}) instead of answering")
            return outcome
        if expected is None:
            outcome.parser_failures.append(f"answered instead of declining: {_shown(parsed, self.names)}")
            outcome.notes += self._value_of(parsed, actor, scope, None)
            return outcome
        differences = query_differences(expected, parsed, self.names)
        if differences:
            outcome.parser_failures += differences
            outcome.notes += self._value_of(parsed, actor, scope, wanted)
        return outcome

    def _engine(self, query: PipelineQuery, actor: Actor, wanted: ReferenceAnswer) -> list[str]:
        try:
            answer = self.run(session=self.session, actor=actor, query=query, now=NOW)
        except Exception as exc:
            return [f"engine crashed: {type(exc).__name__}: {exc}"]
        finally:
            self.session.rollback()
        return answer_differences(answer, wanted, query)

    def _value_of(self, parsed: PipelineQuery, actor: Actor, scope: int | None,
                  wanted: ReferenceAnswer | None) -> list[str]:
        """What the user would have been told instead (the engine's number, or the reference's if it fails)."""
        try:
            got, source = float(self.run(session=self.session, actor=actor, query=parsed, now=NOW).value), "engine"
        except Exception as exc:
            got = self.reference.answer(parsed, now=NOW, scope_owner_id=scope).value
            source = f"reference (engine crashed: {type(exc).__name__})"
        finally:
            self.session.rollback()
        expected = f", expected {wanted.value:,.2f}" if wanted is not None else ""
        return [f"the parsed query answers {got:,.2f} ({source}){expected}"]


def _shown(query: PipelineQuery, names: dict[int, str]) -> dict:
    defaults = comparable(PipelineQuery())
    fields = {k: v for k, v in comparable(query).items() if v != defaults[k]}
    if "owner_ids" in fields:
        fields["owners"] = sorted(names.get(i, str(i)) for i in fields.pop("owner_ids"))
    return {k: sorted(v) if isinstance(v, frozenset) else (v.isoformat() if isinstance(v, date) else v)
            for k, v in fields.items()}


# -- the report --------------------------------------------------------------------------------------------

@dataclass
class Report:
    outcomes: list[Outcome]

    def accuracy(self, split: str | None = None, category: str | None = None) -> float:
        chosen = [o for o in self.outcomes if split in (None, o.split) and category in (None, o.category)]
        return sum(o.passed for o in chosen) / len(chosen) if chosen else 0.0

    def parser_accuracy(self, split: str | None = None) -> float:
        chosen = [o for o in self.outcomes if split in (None, o.split)]
        return sum(not o.parser_failures for o in chosen) / len(chosen) if chosen else 0.0

    @property
    def engine_mismatches(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.engine_failures]

    @property
    def answered(self) -> list[Outcome]:
        """Questions with an expected query (the engine is checked on each)."""
        return [o for o in self.outcomes if o.category != "declined"]

    def table(self) -> str:
        cells = defaultdict(lambda: {s: [0, 0] for s in SPLITS})
        for o in self.outcomes:
            cell = cells[o.category][o.split]
            cell[0] += o.passed
            cell[1] += 1
        lines = ["| category | dev | held-out |", "|---|---:|---:|"]

        def shown(passed, total):
            return f"{passed}/{total} ({passed / total:.2f})" if total else "–"

        for category in sorted(cells):
            lines.append(f"| {category} | {shown(*cells[category]['dev'])} | {shown(*cells[category]['heldout'])} |")
        totals = {s: [sum(c[s][0] for c in cells.values()), sum(c[s][1] for c in cells.values())] for s in SPLITS}
        lines.append(f"| **all** | {shown(*totals['dev'])} | {shown(*totals['heldout'])} |")
        answered = self.answered
        present = [s for s in SPLITS if totals[s][1]]
        lines += ["",
                  "accuracy: " + ", ".join(f"{s} {self.accuracy(s):.3f}" for s in present)
                  + f", all {self.accuracy():.3f} over {len(self.outcomes)} questions",
                  "parser (query or decline as expected): " + ", ".join(f"{s} {self.parser_accuracy(s):.3f}" for s in present),
                  f"engine vs reference on the expected queries: {len(answered) - len(self.engine_mismatches)}"
                  f"/{len(answered)} agree"]
        return "\n".join(lines)

    def failures(self) -> str:
        parser = [o for o in self.outcomes if o.parser_failures]
        lines = [f"parser failures ({len(parser)}):"]
        for o in parser:
            lines.append(f"  {o.id} [{o.category}] {o.question!r}")
            lines += [f"      {f}" for f in o.parser_failures + o.notes]
        lines.append(f"engine vs reference mismatches ({len(self.engine_mismatches)}):")
        for o in self.engine_mismatches:
            lines.append(f"  {o.id} [{o.category}] {o.question!r}")
            lines += [f"      {f}" for f in o.engine_failures]
        return "\n".join(lines)


def evaluate(split: str | None = None, engine: Engine | None = None, progress=lambda _: None) -> Report:
    """Ask every question of the split; a database is seeded unless an already seeded engine is given."""
    chosen = questions(split)
    with tempfile.TemporaryDirectory(prefix="crm-eval-pipeline-") as workdir:
        own = engine is None
        engine = build_database(Path(workdir) / "demo.sqlite3") if own else engine
        suite = Suite(engine)
        try:
            outcomes = []
            for item in chosen:
                outcomes.append(suite.ask(item))
                progress(outcomes[-1])
            return Report(outcomes)
        finally:
            suite.close()
            if own:
                engine.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=["dev", "heldout", "all"], default="all")
    parser.add_argument("-v", "--verbose", action="store_true", help="explain each failure")
    args = parser.parse_args(argv)
    report = evaluate(args.split, progress=lambda o: print("." if o.passed else "F", end="", flush=True, file=sys.stderr))
    print(file=sys.stderr)
    print(report.table())
    if args.verbose:
        print("\n" + report.failures())
    return 0  # thresholds live in tests/evals/test_pipeline_quality.py


if __name__ == "__main__":
    raise SystemExit(main())
