"""Plain-language pipeline questions (evals/datasets/pipeline): the offline parser's accuracy per split, the
engine against an independent reference on every expected query, and declines for undefined words.

Measured with `crm eval pipeline`. The reference itself is checked first against totals written as SQL by hand.
"""

from datetime import date

import pytest
from sqlalchemy import text

from crm_core.pipeline.query import PipelineQuery
from evals.pipeline import NOW, SPLITS, answer_differences, build_database, evaluate, expected_query, questions
from evals.pipeline_reference import Reference, ReferenceAnswer

# The requirement: held-out >= 0.95. Dev is what the parser is tuned on; its floor only catches regressions.
DEV_FLOOR = 0.97
HELDOUT_FLOOR = 0.95

OPEN = "JOIN pipeline_stages s ON s.key = d.stage WHERE NOT s.is_closed"


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    engine = build_database(tmp_path_factory.mktemp("pipeline") / "demo.sqlite3")
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def reference(database):
    with database.connect() as connection:
        return Reference.load(connection)


@pytest.fixture(scope="module")
def report(database):
    return evaluate(engine=database)


def _sql(database, statement: str, **params):
    with database.connect() as connection:
        return connection.execute(text(statement), params).one()


def test_the_dataset_is_large_varied_and_valid(reference):
    items = questions()
    assert len(items) >= 170
    assert len({q["id"] for q in items}) == len(items)
    counts = {s: sum(q["split"] == s for q in items) for s in SPLITS}
    assert counts["dev"] >= 90 and counts["heldout"] >= 60, counts
    assert sum(bool(q.get("declined")) for q in items) >= 15
    dev = {" ".join(q["question"].lower().split()) for q in items if q["split"] == "dev"}
    copied = [q["id"] for q in items if q["split"] == "heldout" and " ".join(q["question"].lower().split()) in dev]
    assert copied == [], "held-out questions must be worded differently from the dev ones"
    for item in items:
        if not item.get("declined"):
            expected_query(item, reference.users)  # every expected query is a valid PipelineQuery


def test_the_reference_agrees_with_totals_written_as_sql(database, reference):
    count, total = _sql(database, f"SELECT COUNT(*), SUM(d.amount) FROM deals d {OPEN}")
    answer = reference.answer(PipelineQuery(), now=NOW)
    assert (answer.deals, answer.value) == (count, float(total))

    negotiation = _sql(database, f"SELECT SUM(d.amount) FROM deals d {OPEN} AND d.stage = 'negotiation'")[0]
    assert reference.answer(PipelineQuery(stages=["negotiation"]), now=NOW).value == float(negotiation)

    # Won this year: closed_at is stored as UTC text on SQLite, so the year is a string range.
    won = _sql(database, "SELECT COUNT(*), SUM(d.amount) FROM deals d JOIN pipeline_stages s ON s.key = d.stage "
                         "WHERE s.is_won AND d.closed_at >= '2026-01-01' AND d.closed_at < '2027-01-01'")
    answer = reference.answer(PipelineQuery(state="won", period_from=date(2026, 1, 1), period_to=date(2026, 12, 31)), now=NOW)
    assert (answer.deals, answer.value) == (won[0], float(won[1]))

    decided, wins = _sql(database, "SELECT COUNT(*), SUM(CASE WHEN s.is_won THEN 1 ELSE 0 END) FROM deals d "
                                   "JOIN pipeline_stages s ON s.key = d.stage WHERE s.is_closed")
    answer = reference.answer(PipelineQuery(metric="win_rate"), now=NOW)
    assert answer.deals == decided and answer.value == pytest.approx(100 * wins / decided)

    alice = reference.users["Alice Chen"]
    mine = _sql(database, f"SELECT SUM(d.amount) FROM deals d {OPEN} AND d.owner_id = :owner", owner=alice)[0]
    assert reference.answer(PipelineQuery(), now=NOW, scope_owner_id=alice).value == float(mine)

    by_owner = dict(_sql_rows(database, f"SELECT u.name, SUM(d.amount) FROM deals d JOIN users u ON u.id = d.owner_id "
                                        f"{OPEN} GROUP BY u.name"))
    groups = reference.answer(PipelineQuery(group_by="owner"), now=NOW).groups
    assert {k: v for k, (v, _) in groups.items()} == {k: float(v) for k, v in by_owner.items()}

    # At risk: open, and past the expected close date or more than 30 days in the stage (now is 2026-08-14 12:00).
    at_risk = _sql(database, f"SELECT COUNT(*) FROM deals d {OPEN} AND (d.expected_close_date < '2026-08-14' "
                             "OR d.stage_changed_at < '2026-07-15 12:00:00')")[0]
    assert reference.answer(PipelineQuery(metric="count", at_risk=True), now=NOW).deals == at_risk
    assert 0 < at_risk < count


def _sql_rows(database, statement: str):
    with database.connect() as connection:
        return [tuple(row) for row in connection.execute(text(statement))]


def test_a_wrong_engine_answer_is_caught():
    class Answer:
        value, deals = 10.0, 2
        groups = [{"key": "emea", "value": 10.0, "deals": 2}]
        records = [{"id": 2}, {"id": 1}]
        comparison = {"value": 4.0, "deals": 1, "from": date(2026, 6, 1), "to": date(2026, 6, 30)}

    query = PipelineQuery(group_by="region", list_deals=True, period_from=date(2026, 7, 1), period_to=date(2026, 7, 31),
                          compare_from=date(2026, 6, 1), compare_to=date(2026, 6, 30))
    right = ReferenceAnswer(10.0, 2, {"emea": (10.0, 2)}, [2, 1], (4.0, 1))
    assert answer_differences(Answer(), right, query) == []
    for wrong in (ReferenceAnswer(11.0, 2, {"emea": (10.0, 2)}, [2, 1], (4.0, 1)),
                  ReferenceAnswer(10.0, 2, {"emea": (10.0, 2), "apac": (1.0, 1)}, [2, 1], (4.0, 1)),
                  ReferenceAnswer(10.0, 2, {"emea": (10.0, 2)}, [1, 2], (4.0, 1)),
                  ReferenceAnswer(10.0, 2, {"emea": (10.0, 2)}, [2, 1], (5.0, 1))):
        assert answer_differences(Answer(), wrong, query)


def test_the_engine_answers_every_expected_query_as_the_reference_does(report):
    answered = report.answered
    assert len(answered) >= 150
    mismatches = report.engine_mismatches
    assert (len(answered) - len(mismatches)) / len(answered) >= 1.0, "\n" + report.failures()


def test_parser_accuracy_does_not_regress(report):
    print("\n" + report.table())
    assert report.accuracy("dev") >= DEV_FLOOR
    assert report.accuracy("heldout") >= HELDOUT_FLOOR


def test_undefined_words_are_declined_never_guessed(report):
    declined = [o for o in report.outcomes if o.category == "declined"]
    assert len(declined) >= 15
    # Declining without naming the expected alternative still counts against accuracy, not here.
    guessed = [f"{o.id} {o.question!r}: {'; '.join(f)}" for o in declined
               if (f := [x for x in o.parser_failures if not x.startswith("the decline offers none")])]
    assert guessed == [], "\n".join(guessed)
