"""Retrieval quality on the held-out questions of the demo help centre, with thresholds set from measurement
(`python -m evals.kb`: held-out top-1 0.815, MRR 0.864, recall@5 0.926, out-of-scope refused 0.889,
answered from the right article 0.630)."""

import pytest

from evals.kb import build_help_centre, measure, observe, questions


@pytest.fixture(scope="module")
def heldout(tmp_path_factory, embedder):
    kb = build_help_centre(tmp_path_factory.mktemp("kb"), embedder=embedder)
    observations = observe(kb, *questions("heldout"))
    yield measure(observations, kb.calibration.threshold)
    kb.close()


def test_the_right_article_comes_first(heldout):
    assert heldout.counts["in_scope"] >= 50
    assert heldout.top1 >= 0.75
    assert heldout.mrr >= 0.80
    assert heldout.recall_at_5 >= 0.90


def test_out_of_scope_questions_are_refused(heldout):
    assert heldout.counts["out_of_scope"] >= 30
    assert heldout.abstention >= 0.80


def test_in_scope_questions_are_mostly_answered_from_the_right_article(heldout):
    assert heldout.answered_correctly >= 0.70
