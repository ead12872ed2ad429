"""The eval report's "why" table: failed conversations counted by the kind of check they failed, per split."""

from evals.agent import Outcome, Report, failure_kind


def test_each_failure_message_is_counted_under_its_check():
    assert failure_kind("turn 1: create_ticket was not called (called: nothing)") == "tool not called"
    assert failure_kind("turn 2: handoff_to_human was called") == "forbidden tool called"
    assert failure_kind("turn 1: reply lacks '40'") == "fact missing"
    assert failure_kind("unintended new row: tickets [...]") == "unintended write"
    assert failure_kind("deals 8.stage is 'proposal', expected 'negotiation'") == "intended write missing"
    assert failure_kind("turn 1: the reply was 'hello'") is None  # context, not a check


def test_a_conversation_counts_once_per_kind_and_per_split():
    report = Report([
        Outcome("a", "rep", "update", "dev", failures=["turn 1: reply lacks 'x'", "turn 2: reply lacks 'y'",
                                                       "turn 2: the reply was '...'"]),
        Outcome("b", "rep", "update", "heldout", failures=["turn 1: update_deal was not called (called: nothing)"]),
        Outcome("c", "rep", "find", "heldout", violations=1),
        Outcome("d", "rep", "find", "dev"),
    ])
    rows = report.reasons().splitlines()
    assert "| fact missing | 1 | 0 |" in rows and "| tool not called | 0 | 1 |" in rows
    assert "| permission violation | 0 | 1 |" in rows and len(rows) == 5


def test_a_fact_counts_only_in_the_answer_not_in_the_titles_of_its_sources():
    from agent.build import ChatReply
    from evals.agent import turn_failures

    reply = ChatReply(conversation_id="c1", reply="Orbitly retries the card three times. [1]\n\nSources: [1] Failed payments and read-only mode",
                      tool_calls=[], citations=[], handoff=False)
    assert turn_failures(1, {"reply_has": ["three times"]}, reply, []) == []
    assert any("reply lacks 'read-only'" in f for f in turn_failures(1, {"reply_has": ["read-only"]}, reply, []))
    assert any("reply contains 'read-only'" in f for f in turn_failures(1, {"reply_lacks": ["read-only"]}, reply, []))
