"""Structure-following chunks: split on headings, then by size with overlap at sentence boundaries.

Each chunk carries its heading path ("Billing > Refunds") and its position in the document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.loaders import LoadedDocument

MAX_CHARS = 900
OVERLAP_CHARS = 150
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n{2,}")


@dataclass(frozen=True)
class Chunk:
    position: int
    heading_path: str
    text: str


def chunk_document(document: LoadedDocument, *, max_chars: int = MAX_CHARS, overlap: int = OVERLAP_CHARS) -> list[Chunk]:
    chunks: list[Chunk] = []
    for path, body in _sections(document):
        for piece in _split(body, max_chars, overlap):
            chunks.append(Chunk(position=len(chunks), heading_path=path, text=piece))
    return chunks


def _sections(document: LoadedDocument) -> list[tuple[str, str]]:
    """(heading path, body) per section; the document title is the root of every path."""
    stack: list[tuple[int, str]] = []
    sections: list[tuple[str, list[str]]] = [(document.title, [])]
    for line in document.text.splitlines():
        match = _HEADING.match(line)
        if match:
            level, heading = len(match.group(1)), match.group(2).strip()
            if level == 1 and heading == document.title and not stack:
                continue  # the title heading itself
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, heading))
            sections.append((" > ".join([document.title, *(h for _, h in stack)]), []))
        else:
            sections[-1][1].append(line)
    return [(path, "\n".join(lines).strip()) for path, lines in sections if "\n".join(lines).strip()]


def _split(text: str, max_chars: int, overlap: int) -> list[str]:
    if len(text) <= max_chars:
        return [text]
    sentences = [s for s in _SENTENCE_END.split(text) if s and s.strip()]
    pieces: list[str] = []
    current = ""
    for sentence in sentences:
        while len(sentence) > max_chars:  # a single huge "sentence" (a table, a log): cut it hard
            head, sentence = sentence[:max_chars], sentence[max_chars - overlap:]
            if current:
                pieces.append(current)
                current = ""
            pieces.append(head)
        if current and len(current) + 1 + len(sentence) > max_chars:
            pieces.append(current)
            tail = current[-overlap:]
            current = tail[tail.find(" ") + 1:] if " " in tail else tail
        current = f"{current} {sentence}".strip() if current else sentence
    if current:
        pieces.append(current)
    return pieces
