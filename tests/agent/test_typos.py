"""Slips in request words are put right before routing; names, real words and other forms of a word are not."""

from __future__ import annotations

import pytest

from agent.local.typos import corrected


@pytest.mark.parametrize("typed, meant", [
    ("drfat a folow up to Amara", "draft a follow up to Amara"),  # swapped letters, a dropped letter
    ("whats in the pipleine this quarter", "whats in the pipeline this quarter"),
    ("remnid me on friday", "remind me on friday"),
    ("move Hooli to negotation", "move Hooli to negotiation"),
])
def test_a_slip_in_a_request_word_is_corrected(typed, meant):
    assert corrected(typed) == meant


@pytest.mark.parametrize("text", [
    "Can the invoices be sent to our AP inbox?",  # a plural is not a slip
    "my fellow admins drafted the updates",  # real words, other forms
    "Straitspoint and Fernhollow want the Kesselwerk terms",  # names
    'log it: "pls drfat nothing"',  # pasted text stays as written
])
def test_names_real_words_and_pasted_text_are_left_alone(text):
    assert corrected(text) == text


def test_a_capitalised_word_inside_a_sentence_is_a_name_not_a_slip():
    assert corrected("we'd really like native Discord support, pls drfat") == \
        "we'd really like native Discord support, pls draft"


def test_chat_shorthand_for_small_words_is_spelt_out():
    assert corrected("calling acme tomorrow abt the renewal") == "calling acme tomorrow about the renewal"
    assert corrected("just got off a call w/ marta, w/o the deck") == "just got off a call with marta, without the deck"
    assert corrected('log "abt w/ x" as said') == 'log "abt w/ x" as said'  # pasted text is kept
    assert corrected("the abtest dashboard and a w/b date") == "the abtest dashboard and a w/b date"
