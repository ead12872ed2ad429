"""Knowledge-base fixtures: the real bundled model (loaded once), a real Chroma store per test."""

from __future__ import annotations

import pytest

from knowledge.base import KnowledgeBase
from knowledge.config import KnowledgeConfig


@pytest.fixture
def kb(tmp_path, embedder):
    base = KnowledgeBase(KnowledgeConfig(data_dir=tmp_path / "data"), embedder=embedder)
    yield base
    base.close()


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def make_pdf(path, title, pages):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_title(title)
    pdf.set_font("Helvetica", size=12)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 8, text)
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))
    return path
