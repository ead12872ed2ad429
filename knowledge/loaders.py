"""Read Markdown, plain text, HTML and PDF files into titled Markdown-like text.

HTML keeps its headings (as Markdown '#' lines) and drops navigation and boilerplate; PDF text is read with
pypdf, one '## Page N' section per page so a citation can point at the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

SUPPORTED = {".md": "markdown", ".markdown": "markdown", ".txt": "text", ".html": "html", ".htm": "html", ".pdf": "pdf"}
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$", re.MULTILINE)


class UnreadableDocument(ValueError):
    """The file could not be parsed; the message says why."""


@dataclass(frozen=True)
class LoadedDocument:
    title: str
    source: str
    kind: str
    text: str  # Markdown-like: '#' headings, paragraphs


def is_supported(path: Path) -> bool:
    return path.suffix.lower() in SUPPORTED


def load_file(path: Path) -> LoadedDocument:
    kind = SUPPORTED.get(path.suffix.lower())
    if kind is None:
        raise UnreadableDocument(f"unsupported file type {path.suffix!r} (supported: {', '.join(sorted(SUPPORTED))})")
    if kind == "pdf":
        text, pdf_title = _pdf_text(path)
        return LoadedDocument(title=pdf_title or _title_from_name(path), source=str(path), kind=kind, text=text)
    raw = _read_text(path)
    if kind == "html":
        text, html_title = html_to_markdown(raw)
        return LoadedDocument(title=html_title or first_heading(text) or _title_from_name(path), source=str(path), kind=kind, text=text)
    return load_text(raw, source=str(path), kind=kind, fallback_title=_title_from_name(path))


def load_text(text: str, *, source: str, kind: str = "markdown", title: str | None = None, fallback_title: str = "Untitled") -> LoadedDocument:
    text = text.replace("\r\n", "\n").strip()
    if not text:
        raise UnreadableDocument("the document is empty")
    heading = first_heading(text) if kind == "markdown" else None
    return LoadedDocument(title=title or heading or fallback_title, source=source, kind=kind, text=text)


def first_heading(text: str) -> str | None:
    match = _HEADING.search(text)
    return match.group(2).strip() if match else None


def _title_from_name(path: Path) -> str:
    return re.sub(r"[-_]+", " ", path.stem).strip().capitalize() or path.name


def _read_text(path: Path) -> str:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableDocument("the file is neither UTF-8 nor Windows-1252 text")


_BOILERPLATE = ["nav", "header", "footer", "aside", "script", "style", "noscript", "form", "button", "svg", "iframe"]
_BOILERPLATE_HINTS = re.compile(r"(^|[-_ ])(nav|navbar|menu|breadcrumbs?|footer|sidebar|cookie|banner|skip)([-_ ]|$)", re.I)


def html_to_markdown(html: str) -> tuple[str, str | None]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "lxml")
    title = soup.title.get_text(strip=True) if soup.title else None
    for tag in soup(_BOILERPLATE):
        tag.decompose()
    for tag in soup.find_all(attrs={"class": _BOILERPLATE_HINTS}):
        tag.decompose()
    for tag in soup.find_all(attrs={"role": re.compile("navigation|banner|contentinfo")}):
        tag.decompose()
    root = soup.find("main") or soup.find("article") or soup.body or soup
    lines: list[str] = []
    for element in root.find_all(["h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "pre", "td", "th", "blockquote"]):
        if element.find_parent(["li", "td", "th", "blockquote"]) is not None and element.name in ("p", "li"):
            continue  # nested: the parent's text already holds it
        text = " ".join(element.get_text(" ", strip=True).split())
        if not text:
            continue
        if element.name.startswith("h"):
            lines.append(f"\n{'#' * int(element.name[1])} {text}\n")
        elif element.name == "li":
            lines.append(f"- {text}")
        else:
            lines.append(text + "\n")
    markdown = "\n".join(lines).strip()
    if not markdown:
        raise UnreadableDocument("no readable text in the HTML page")
    h1 = first_heading(markdown)
    return markdown, (h1 or title)


def _pdf_text(path: Path) -> tuple[str, str | None]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        pages = [(page.extract_text() or "").strip() for page in reader.pages]
        meta_title = (reader.metadata.title if reader.metadata else None) or None
    except (PdfReadError, ValueError, OSError) as exc:
        raise UnreadableDocument(f"not a readable PDF: {exc}") from None
    if not any(pages):
        raise UnreadableDocument("the PDF has no extractable text (scanned images need OCR first)")
    first_line = next((line.strip() for page in pages for line in page.splitlines() if line.strip()), None)
    sections = [f"## Page {number}\n\n{text}" for number, text in enumerate(pages, start=1) if text]
    return "\n\n".join(sections), (meta_title or first_line)
