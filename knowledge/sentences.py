"""Quotable sentences of a chunk, embedded at ingest.

A reply quotes the sentences of the retrieved passages that are closest to the question. Their vectors are
computed once, when the chunk is indexed, so choosing them at answer time is a dot product, not a model call
(benchmarks/chat.py: the knowledge-base turn next to the raw search cost).
"""

from __future__ import annotations

import re

MIN_CHARS = 20  # shorter pieces are headings, labels or fragments


def quotable(text: str) -> list[str]:
    """Whole sentences in the chunk's order: tables, markdown emphasis, fragments and lead-ins ending in ':' out."""
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("|")]  # tables do not quote well
    plain = re.sub(r"\*\*|__|`", "", "\n".join(lines))
    parts = [p.strip(" -*#") for p in re.split(r"(?<=[.!?:])\s+|\n+", plain)]
    return [p for p in parts if len(p) > MIN_CHARS and p[0].isupper() and not p.endswith(":")]
