from knowledge.chunking import chunk_document
from knowledge.loaders import html_to_markdown, load_text


def test_chunks_follow_headings_and_carry_their_path():
    doc = load_text(
        "# Billing\n\nIntro text.\n\n## Refunds\n\nRefund rules.\n\n### Annual plans\n\nAnnual rules.\n\n## Invoices\n\nPDFs.",
        source="billing.md",
    )
    chunks = chunk_document(doc)
    assert [(c.position, c.heading_path) for c in chunks] == [
        (0, "Billing"), (1, "Billing > Refunds"), (2, "Billing > Refunds > Annual plans"), (3, "Billing > Invoices")
    ]
    assert chunks[2].text == "Annual rules."


def test_long_sections_are_split_with_overlap_at_sentence_boundaries():
    sentences = " ".join(f"Sentence number {i} explains one more detail of the export." for i in range(60))
    chunks = chunk_document(load_text(f"# Export\n\n{sentences}", source="x.md"), max_chars=400, overlap=100)
    assert len(chunks) > 5
    assert all(len(c.text) <= 400 for c in chunks)
    for before, after in zip(chunks, chunks[1:]):
        assert after.text.split(".")[0] in before.text  # the next chunk starts inside the previous one's tail
    assert all(c.text.rstrip().endswith(".") for c in chunks)


def test_html_keeps_headings_and_drops_navigation():
    html = """<html><head><title>Site | Reset password</title></head><body>
    <nav><a href="/">Home</a><a href="/pricing">Pricing</a></nav>
    <div class="cookie-banner">We use cookies</div>
    <main><h1>Reset your password</h1><p>Click <b>Forgot password</b> on the sign-in page.</p>
    <h2>Link expired</h2><ul><li>Links are valid for 60 minutes.</li></ul></main>
    <footer>© Orbitly</footer><script>track()</script></body></html>"""
    markdown, title = html_to_markdown(html)
    assert title == "Reset your password"
    assert "## Link expired" in markdown and "- Links are valid for 60 minutes." in markdown
    for boilerplate in ("Pricing", "cookies", "©", "track()"):
        assert boilerplate not in markdown
