"""PDF reports as articles, with pypdfium2 (pdfium's text layer; Apache-2.0/BSD licensed).

pdfium gives each page's text as lines in reading order. A report wants paragraphs, so lines
are joined back into them; a word hyphenated at a line's end (which pdfium returns with U+FFFE in
place of the hyphen) is joined whole; lines that repeat at the top or bottom of most pages
(running headers and footers) and bare page numbers are left out. Each page's range of
characters in the text is kept, so a fact can say which page it is on.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass

from reader.core.errors import EmptyArticleError, LoadError

# A line this much shorter than the page's usual line, ending a sentence, ends its paragraph.
SHORT_LINE_SHARE = 0.8
# A line at a page's top or bottom that recurs on at least this share of pages is furniture.
RUNNING_SHARE = 0.5
EDGE_LINES = 2  # how many lines at each end of a page may be a running header or footer
_PAGE_NUMBER = re.compile(r"(?i)^(?:page\s+)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$")
_SENTENCE_END = re.compile(r"[.!?:;”\"')\]]$")


class PdfPasswordError(LoadError):
    """The PDF is encrypted: the window asks for the password; the command line says so."""


@dataclass(frozen=True)
class PdfText:
    title: str | None
    text: str
    pages: tuple[tuple[int, int, int], ...]  # (page number, start, end) in ``text``
    author: str | None
    created: str | None = None  # the document's creation date, YYYY-MM-DD


def read_pdf(data: bytes, name: str, password: str | None = None) -> PdfText:
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data, password=password)
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower():
            message = "the password is wrong" if password else "is encrypted: it needs a password"
            raise PdfPasswordError(name, message) from error
        raise LoadError(name, f"is damaged or not a PDF ({error})") from error
    try:
        pages = [_page_lines(document[i]) for i in range(len(document))]
        metadata = document.get_metadata_dict()
    finally:
        document.close()
    if not any(lines for lines in pages):
        raise EmptyArticleError(name, "has no text: it is scanned images, and OCR is not supported")
    furniture = _running_lines(pages)
    text_parts: list[str] = []
    ranges: list[tuple[int, int, int]] = []
    position = 0
    for number, lines in enumerate(pages, start=1):
        kept = [line for index, line in enumerate(lines) if not _is_furniture(
            line, index, len(lines), furniture)]  # fmt: skip
        paragraphs = _paragraphs(kept)
        if not paragraphs:
            continue
        if text_parts:
            text_parts.append("\n\n")
            position += 2
        page_text = "\n\n".join(paragraphs)
        text_parts.append(page_text)
        ranges.append((number, position, position + len(page_text)))
        position += len(page_text)
    title = (metadata.get("Title") or "").strip() or None
    author = (metadata.get("Author") or "").strip() or None
    made = re.match(r"D:(\d{4})(\d{2})(\d{2})", metadata.get("CreationDate") or "")
    created = "-".join(made.groups()) if made else None
    return PdfText(title, "".join(text_parts), tuple(ranges), author, created)


def _page_lines(page: object) -> list[str]:
    textpage = page.get_textpage()  # type: ignore[attr-defined]
    try:
        raw = textpage.get_text_range()
    finally:
        textpage.close()
    raw = raw.replace("\ufffe", "").replace("\xad", "")  # hyphens at a line's end: one word
    return [" ".join(line.split()) for line in re.split(r"\r\n|\r|\n", raw) if line.strip()]


def _key(line: str) -> str:
    """Running lines differ only in their numbers ("Annual Report — page 4")."""
    return re.sub(r"\d+", "#", line.casefold())


def _running_lines(pages: list[list[str]]) -> frozenset[str]:
    """Lines at the top or bottom of most pages (of two pages at least)."""
    if len(pages) < 2:
        return frozenset()
    counts: Counter[str] = Counter()
    for lines in pages:
        counts.update({_key(line) for line in lines[:EDGE_LINES] + lines[-EDGE_LINES:]})
    needed = max(2.0, RUNNING_SHARE * len(pages))
    return frozenset(key for key, n in counts.items() if n >= needed)


def _is_furniture(line: str, index: int, count: int, running: frozenset[str]) -> bool:
    at_edge = index < EDGE_LINES or index >= count - EDGE_LINES
    return at_edge and (_PAGE_NUMBER.match(line) is not None or _key(line) in running)


def _paragraphs(lines: list[str]) -> list[str]:
    """Lines joined into paragraphs: a short line that ends a sentence, or a heading (a short
    line with no full stop, followed by a longer one), ends a paragraph."""
    if not lines:
        return []
    usual = statistics.median(len(line) for line in lines)
    paragraphs: list[list[str]] = [[]]
    for index, line in enumerate(lines):
        paragraphs[-1].append(line)
        short = len(line) < SHORT_LINE_SHARE * usual
        following = lines[index + 1] if index + 1 < len(lines) else ""
        heading = short and not _SENTENCE_END.search(line) and len(following) > len(line)
        if (short and _SENTENCE_END.search(line)) or heading:
            paragraphs.append([])
    return [" ".join(p) for p in paragraphs if p]
