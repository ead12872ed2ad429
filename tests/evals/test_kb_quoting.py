"""The labels and the coverage measure that the quoting weights are fitted and judged by."""

from evals.kb_quoting import Turn
from knowledge.quoting import QuoteWeights


def _turn(texts, facts):
    candidates = [{"source": 1, "text": t, "score": 0.0, "chunk": 1, "ordinal": i, "signals": (float(i),)}
                  for i, t in enumerate(texts)]
    return Turn("c", "how long do retries go on?", facts, candidates)


def test_a_fact_most_candidates_hold_labels_nothing_and_a_telling_one_labels_its_sentence():
    texts = ["Business plan: retries for 3 days.", "Business plan: 10 second timeout.", "Business plan: HMAC signed.",
             "Business plan: JSON body.", "Business plan: one event per request.", "Business plan: sent from EU."]
    turn = _turn(texts, [["business"], ["3 days"]])
    assert [turn.label(c) for c in turn.candidates] == [1.0, 0.0, 0.0, 0.0, 0.0, 0.0]


def test_a_turn_is_covered_only_when_the_chosen_sentences_hold_every_findable_fact():
    texts = [f"Filler sentence number {i}." for i in range(8)] + ["Retries go on for 3 days.", "Timeout is 10 seconds."]
    turn = _turn(texts, [["3 days"], ["10 seconds"], ["not in any sentence"]])
    later_first = [c["signals"][0] for c in turn.candidates]  # the last two score highest
    assert turn.covered(later_first) is True
    assert turn.covered([-s for s in later_first]) is False  # the fillers fill the five quoted sentences
    assert _turn(texts, [["absent"]]).covered(later_first) is None
    assert QuoteWeights(weights=(2.0,), bias=-1.0).score([3.0]) == 5.0
