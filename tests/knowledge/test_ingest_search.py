"""Ingest, search, re-ingest, update and remove real files of every supported type on the embedded store."""

import pytest

from knowledge.loaders import load_text
from tests.knowledge.conftest import make_pdf, write

REFUNDS = "# Request a refund\n\n## Who can get one\n\nA full refund is possible within 30 days of the first purchase.\n\n## How\n\nOpen Settings > Billing and choose Request refund."
SSO = "# Set up single sign-on\n\nSAML SSO works with Okta and Azure AD on the Business plan."


@pytest.fixture
def library(tmp_path):
    root = tmp_path / "help"
    write(root / "billing" / "refunds.md", REFUNDS)
    write(root / "security" / "sso.md", SSO)
    write(root / "notes" / "status-page.txt", "Outages are announced on status.orbitly.example with live updates every 30 minutes.")
    write(root / "api" / "rate-limits.html", "<html><body><nav>Docs Home</nav><main><h1>API rate limits</h1><p>The API allows 600 requests per minute; over that you get HTTP 429 with Retry-After.</p></main></body></html>")
    make_pdf(root / "legal" / "dpa.pdf", "Data processing agreement", ["Data processing agreement", "Customer data is stored in Frankfurt for EU workspaces and in Virginia for US workspaces."])
    write(root / ".drafts" / "secret.md", "# Not published\n\nHidden draft.")
    write(root / "image.png", "not really an image")
    return root


def _sources(kb):
    return {d.source.rsplit("/", 1)[-1] for d in kb.documents()}


def test_every_supported_type_is_ingested_and_found(kb, library):
    report = kb.ingest_paths([library])
    assert sorted(p.rsplit("/", 1)[-1] for p in report.added) == ["dpa.pdf", "rate-limits.html", "refunds.md", "sso.md", "status-page.txt"]
    assert report.failed == [] and report.chunks >= 6
    titles = {d.title for d in kb.documents()}
    assert {"Request a refund", "Set up single sign-on", "API rate limits", "Data processing agreement", "Status page"} <= titles

    cases = {
        "can i get my money back": "refunds.md",
        "too many requests error from the api": "rate-limits.html",
        "where is my data hosted in europe": "dpa.pdf",
        "is the service down right now": "status-page.txt",
        "login with okta": "sso.md",
    }
    for question, expected in cases.items():
        top = kb.search(question).hits[0]
        assert top.source.endswith(expected), (question, top)
    refund = kb.search("how do I ask for a refund").hits[0]
    assert refund.heading_path == "Request a refund > How" and refund.title == "Request a refund"
    pdf_hit = kb.search("Frankfurt data storage").hits[0]
    assert pdf_hit.heading_path.endswith("Page 2")


def test_one_hit_per_document(kb, library):
    kb.ingest_paths([library])
    hits = kb.search("refund", k=5).hits
    assert len({h.document_id for h in hits}) == len(hits)


def test_reingesting_unchanged_files_is_a_no_op(kb, library):
    first = kb.ingest_paths([library])
    vectors = kb.vectors.count()
    again = kb.ingest_paths([library])
    assert again.added == [] and again.updated == [] and len(again.unchanged) == len(first.added)
    assert again.chunks == 0 and kb.vectors.count() == vectors
    assert [d.revision for d in kb.documents()] == [1] * len(first.added)


def test_a_changed_file_replaces_its_chunks(kb, library):
    kb.ingest_paths([library])
    write(library / "billing" / "refunds.md", "# Request a refund\n\nRefunds are now possible within 60 days, credited as account balance.")
    report = kb.ingest_paths([library])
    assert [p.rsplit("/", 1)[-1] for p in report.updated] == ["refunds.md"] and len(report.unchanged) == 4
    doc = next(d for d in kb.documents() if d.source.endswith("refunds.md"))
    assert doc.revision == 2 and doc.chunk_count == 1
    top = kb.search("refund window").hits[0]
    assert "60 days" in top.chunk
    assert kb.vectors.count() == kb.catalog.chunk_total()  # no vectors of the old revision left


def test_a_search_during_an_update_sees_the_old_or_the_new_document_never_half(kb, library, monkeypatch):
    kb.ingest_paths([library])
    write(library / "billing" / "refunds.md", "# Request a refund\n\n## New policy\n\nRefunds within 60 days.\n\n## Store credit\n\nCredit instead of cash.")
    real_publish = kb.catalog.publish
    seen = []

    def publish_after_looking(**kwargs):
        seen.append([h.chunk for h in kb.search("refund policy days", k=5).hits if h.source.endswith("refunds.md")])
        real_publish(**kwargs)

    monkeypatch.setattr(kb.catalog, "publish", publish_after_looking)
    kb.ingest_paths([library / "billing"])
    assert seen and all("30 days" in c or "Settings > Billing" in c for c in seen[0])  # only the old revision
    assert any("60 days" in h.chunk for h in kb.search("refund policy days").hits)


def test_removed_document_leaves_nothing_behind(kb, library):
    kb.ingest_paths([library])
    doc = next(d for d in kb.documents() if d.source.endswith("sso.md"))
    kb.remove(doc.id)
    assert "sso.md" not in _sources(kb)
    assert all(not h.source.endswith("sso.md") for h in kb.search("okta single sign-on").hits)
    assert kb.vectors.count() == kb.catalog.chunk_total()
    assert kb.catalog.chunks_of(doc.id) == []


def test_unreadable_files_are_reported_and_do_not_stop_the_others(kb, tmp_path):
    root = tmp_path / "mixed"
    write(root / "good.md", "# Good\n\nThis one is fine.")
    write(root / "empty.md", "   \n")
    (root / "broken.pdf").write_bytes(b"%PDF-1.4 this is not really a pdf")
    report = kb.ingest_paths([root, tmp_path / "missing.md"])
    assert [p.rsplit("/", 1)[-1] for p in report.added] == ["good.md"]
    failed = {p.rsplit("/", 1)[-1]: reason for p, reason in report.failed}
    assert set(failed) == {"empty.md", "broken.pdf", "missing.md"}
    assert "empty" in failed["empty.md"] and "PDF" in failed["broken.pdf"] and "no such file" in failed["missing.md"]


def test_text_documents_from_the_api_path(kb):
    report = kb.ingest_text(title="Holiday hours", text="Support is closed on 25 December.", source="https://help.example/holidays")
    assert len(report.added) == 1
    hit = kb.search("are you open on christmas day").hits[0]
    assert hit.title == "Holiday hours" and hit.source == "https://help.example/holidays"
    again = kb.ingest_text(title="Holiday hours", text="Support is closed on 25 December.", source="https://help.example/holidays")
    assert again.unchanged == ["https://help.example/holidays"]
    assert load_text("x", source="s").title == "Untitled"


def test_scores_separate_answerable_from_unrelated_questions(kb, library):
    kb.ingest_paths([library])
    assert kb.search("how do I get a refund").answerable
    assert not kb.search("what is the capital of peru").answerable


def test_an_article_sends_the_reader_to_another_by_its_title(kb):
    kb.ingest_text(title="Cancel your subscription", source="cancel.md",
                   text="Cancelling stops renewals. Within 30 days of a renewal you can ask for a full refund; see the refund policy.")
    kb.ingest_text(title="Refund policy and how to request a refund", source="refunds.md",
                   text="Card refunds usually show up within 5 to 10 business days.")
    kb.ingest_text(title="Set up outgoing webhooks", source="webhooks.md",
                   text="Click an endpoint to see the last 30 days of deliveries, including the request body.")
    documents = {d.title.split()[0]: d.id for d in kb.documents()}
    assert kb.cross_references(kb.chunks(documents["Cancel"])) == [documents["Refund"]]
    assert kb.cross_references(kb.chunks(documents["Set"])) == []  # "see the last 30 days" names no article


def test_a_phrase_the_question_quotes_finds_the_articles_that_have_it_word_for_word(kb):
    kb.ingest_text(title="Set up two-factor authentication", source="2fa.md",
                   text="You can tick Trust this device for 30 days to skip the code on your own computer.")
    kb.ingest_text(title="Lost your phone", source="lost.md", text="Ask an admin to reset 2FA if this device is lost.")
    kb.ingest_text(title="Guests", source="guests.md", text="Guests are free. Trust is earned.")
    documents = {d.title.split()[0]: d.id for d in kb.documents()}
    assert kb.quoting("how long does the 'trust this device' option keep me signed in?") == [documents["Set"]]
    assert kb.quoting("does this device need 2FA? we don't trust it") == []  # no phrase quoted: an apostrophe isn't
    assert kb.quoting('what does "reset the universe" do?') == []  # quoted, but in no article
