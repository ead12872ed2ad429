"""Quotable sentences: embedded at ingest, scored against a question without calling the model for them."""

from __future__ import annotations

from knowledge.sentences import quotable

ARTICLE = """# Refunds

## Annual plans
Annual plans can be refunded in full within 30 days of purchase. After 30 days, we refund the unused months
as account credit. Refunds go back to the card that paid.

## Monthly plans
Monthly plans are not refunded, but you can cancel at any time from Settings > Billing.

| plan | refund |
|---|---|
| annual | 30 days |
"""


def test_quotable_keeps_whole_sentences_and_leaves_out_tables_and_fragments():
    found = quotable("**Note:** see below:\n| a | b |\nShort one.\nRefunds go back to the card that paid for the plan.")
    assert found == ["Refunds go back to the card that paid for the plan."]


def test_ingest_stores_every_chunks_sentences_with_vectors(kb):
    kb.ingest_text(title="Refunds", text=ARTICLE, source="refunds.md")
    chunks = kb.chunks(kb.documents()[0].id)
    stored = kb.catalog.sentences_of([c.id for c in chunks])
    assert sum(len(v) for v in stored.values()) == sum(len(quotable(c.text)) for c in chunks) > 0
    for chunk in chunks:
        for text, vector in stored.get(chunk.id, []):
            assert text in quotable(chunk.text)
            assert vector.shape == (kb.embedder.dimension,)
            assert abs(float(vector @ vector) - 1.0) < 1e-3  # normalised, like the question vectors


def test_the_sentence_that_answers_scores_highest_without_encoding_sentences(kb, monkeypatch):
    kb.ingest_text(title="Refunds", text=ARTICLE, source="refunds.md")
    chunks = kb.chunks(kb.documents()[0].id)
    encoded = []
    original = kb.embedder.encode
    monkeypatch.setattr(kb.embedder, "encode", lambda texts: encoded.append(list(texts)) or original(texts))
    scored = [pair for per_chunk in kb.quotes("can I get my money back on a monthly plan", chunks) for pair in per_chunk]
    best = max(scored, key=lambda pair: pair[1])[0]
    assert best.startswith("Monthly plans are not refunded")
    assert all(len(batch) == 1 for batch in encoded)  # at most the question itself


def test_chunks_indexed_before_sentences_were_kept_are_backfilled_once(kb, monkeypatch):
    kb.ingest_text(title="Refunds", text=ARTICLE, source="refunds.md")
    chunks = kb.chunks(kb.documents()[0].id)
    kb.catalog._connection.execute("DELETE FROM sentences")  # as a store built by an earlier version
    first = kb.quotes("refund for annual plans", chunks)
    assert kb.catalog.sentences_of([c.id for c in chunks])  # kept now
    encoded = []
    original = kb.embedder.encode
    monkeypatch.setattr(kb.embedder, "encode", lambda texts: encoded.append(list(texts)) or original(texts))
    assert kb.quotes("refund for annual plans", chunks) == first
    assert all(len(batch) == 1 for batch in encoded)


def test_removing_a_document_removes_its_sentences(kb):
    kb.ingest_text(title="Refunds", text=ARTICLE, source="refunds.md")
    kb.remove(kb.documents()[0].id)
    assert kb.catalog._connection.execute("SELECT COUNT(*) FROM sentences").fetchone()[0] == 0
