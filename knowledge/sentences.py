"""Quotable sentences of a chunk, embedded at ingest.

A reply quotes the sentences of the retrieved passages that are closest to the question. Their vectors are
computed once, when the chunk is indexed, so choosing them at answer time is a dot product, not a model call
(benchmarks/chat.py: the knowledge-base turn next to the raw search cost).
"""

from __future__ import annotations

import re

MIN_CHARS = 20  # shorter pieces are headings, labels or fragments
# Bumped when the splitting changes: the catalog then drops stored sentences, and they are re-split when read.
QUOTABLE_VERSION = 2
_STEP = re.compile(r"^\s*(?:[-*+]|\d{1,2}[.)])\s+")  # "- item", "1. step", "2) step"


def quotable(text: str) -> list[str]:
    """Whole sentences in the chunk's order: tables, markdown emphasis, fragments and headings out.

    A lead-in ending in ':' is joined with the list after it ("You can get a full refund within 30 days of: your
    first purchase of a paid plan, or an annual renewal."), since neither says anything alone; numbered steps
    ("1. Go to our Trust Center at ...") are sentences of their own.
    """
    lines = [line for line in text.splitlines() if not line.lstrip().startswith(("|", "#"))]  # tables, headings
    plain = re.sub(r"\*\*|__|`", "", "\n".join(lines))
    pieces: list[str] = []
    lead_in = None  # a sentence ending in ':' waiting for its list
    for line in plain.split("\n"):
        step = _STEP.match(line)
        line = _STEP.sub("", line).strip()
        if not line:
            continue
        if lead_in is not None and step:
            lead_in.append(line)
            continue
        if lead_in is not None:
            pieces += _joined(lead_in)
            lead_in = None
        sentences = [s.strip() for s in re.split(r"(?<=[.!?:])\s+", line) if s.strip()]
        if sentences and sentences[-1].endswith(":"):
            lead_in = [sentences.pop()]
        pieces += sentences
    if lead_in is not None:
        pieces += _joined(lead_in)
    return [p for p in pieces if len(p) > MIN_CHARS and p[0].isupper() and not p.endswith(":")]


def _joined(lead_in: list[str]) -> list[str]:
    """ "X within 30 days of:" + ["your first purchase, or", "an annual renewal."] -> one sentence; a list of whole
    sentences ("To get it:" + steps) is those sentences."""
    head, items = lead_in[0], lead_in[1:]
    if not items or all(i[0].isupper() and i.endswith((".", "!", "?")) for i in items):
        return items
    parts = [i.rstrip(" .;,") for i in items]
    glue = ["" if p.endswith((" or", " and")) else ";" for p in parts[:-1]]
    return [f"{head} " + "".join(f"{p}{g} " for p, g in zip(parts, glue)) + f"{parts[-1]}."]
