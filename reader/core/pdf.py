"""PDF reports as articles, with pypdfium2 (pdfium's text layer; Apache-2.0/BSD licensed).

A report wants paragraphs in reading order with nothing of the page's furniture in them, so the
text is rebuilt from the layout (``reader.core.pdf_layout``): furniture found by position across
pages is left out, columns are read in order, lines are joined into paragraphs by their spacing,
indents and font sizes, a paragraph broken by a column or page break is joined again, and
footnotes (smaller text below a page's body) follow, as paragraphs of their own, the paragraph
that runs across their page's end, so that no sentence is cut by them.

pdfium marks a hyphen at a line's end with U+FFFE, whether it breaks a word ("re-port") or
belongs to it ("FAA-approved"); the document's own vocabulary decides, then the shape of the two
halves. A page whose text layer is gibberish (a broken font encoding) is left out with a warning;
a document that is mostly gibberish is refused, as a scanned one is. Each page's ranges of
characters in the text are kept, so a fact can say which page it is on.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

from reader.core.errors import EmptyArticleError, LoadError
from reader.core.lexicon import english_words
from reader.core.pdf_layout import (
    HYPHEN_MARKS,
    Line,
    PageLayout,
    looks_like_page_mark,
    mark_furniture,
    read_page,
    reading_order,
    region_lines,
)

# A document of this many pages is read by two processes, this one taking this share of the pages.
PARALLEL_MIN_PAGES = 60
PARALLEL_OWN_SHARE = 0.6
# Lines of a paragraph: the gap between two lines may exceed the document's usual gap for their
# font size by this share of a line's height before it is a paragraph break.
PARAGRAPH_GAP_HEIGHTS = 0.45
USUAL_GAP_HEIGHTS = 0.3  # when a size has no pair of lines to measure it on
# Two lines further apart than this many heights are not one flow of text; a line is below another
# even when it overlaps it by up to OVERLAP_HEIGHTS (a superscript, a tall letter).
FLOW_GAP_HEIGHTS = 2.5
OVERLAP_HEIGHTS = 0.5
# Font sizes this far apart (as a share) are different kinds of text: heading, body, footnote.
SIZE_CHANGE_SHARE = 0.12
# Text this much smaller than the body, below a page's body text, is a footnote.
FOOTNOTE_SIZE_SHARE = 0.95
# A line ending this many heights short of its column's right edge is a short line.
SHORT_LINE_HEIGHTS = 2.0
# Lines of a page starting within this many heights of each other are one column; the column's
# right edge is where this share of its lines end (not the widest: a heading may run over).
COLUMN_START_HEIGHTS = 2.0
COLUMN_EDGE_SHARE = 0.8
HEADING_MAX_WORDS = 12
# How many lines of a table or figure may stand between the two halves of a sentence.
FLOAT_MAX_LINES = 60
# A first line indented by this many heights (and more than the line before) opens a paragraph.
INDENT_HEIGHTS = 0.8
# Gibberish: a page of at least GARBLED_MIN_CHARS characters with at least GARBLED_CHAR_SHARE
# control, private-use or replacement characters, or with fewer than WORDLIKE_MIN_SHARE of its
# tokens shaped like words. A document mostly of such pages is refused.
GARBLED_MIN_CHARS = 40
GARBLED_CHAR_SHARE = 0.2
WORDLIKE_MIN_SHARE = 0.5
GARBLED_DOCUMENT_SHARE = 0.5
WORDLIKE_MIN_TOKENS = 40
# The largest text on the first page is its title when it is at least this much larger than the
# body, and at most this many lines.
TITLE_SIZE_SHARE = 1.15
PROSE_LINE_CHARS = 30  # the body's size is read from lines this long, not from a table's cells
TITLE_MAX_LINES = 6
# Other display text at least this share of the largest size on the first page, and this much
# larger than the body, may be the title instead, when it holds more words.
TITLE_BLOCK_SHARE = 0.7
TITLE_OTHER_SIZE_SHARE = 1.25

_OPEN_ENDING = re.compile(
    rf"(?:[,\-–—/(]|[{HYPHEN_MARKS}]|\b(?:the|of|and|or|to|in|a|an|for|with|on|at|by|from|that))$"
)
# A line that opens a list's item: a bullet or a dash, or a letter or number in brackets.
_LIST_ITEM = re.compile(r"^(?:[•▪◦‣●○■□➢❖–—]\s|\((?:\d{1,2}|[a-z]|[ivx]{1,4})\)\s)")
_SENTENCE_END = re.compile(r"[.!?:;]['\"’”)\]]*$")
# A token shaped like a word or a number once its brackets and punctuation are set aside, in any
# alphabet: "Word", "WORD", "word's", "U.S.", "ROS-LEHTINEN", "être", "слово", "1,200",
# "12–14", "$1,234", "+5%", "−3", "20m"; not "a12oned" or "-[(pTw".
_WORDLIKE = re.compile(
    r"^[(\[{\"'‘“«¿¡]*[-+−±$€£¥~<>≤≥]?"
    r"(?:[^\W\d_]+(?:['’.\-/][^\W\d_]+)*\.?|[\d.,:/%–-]+[%‰]?(?:[^\W\d_]{1,3})?)"
    r"[)\]}\"'’”».,;:!?*†‡\ufffe\xad]*(?:\.{3,}\d*)?$"
)
_NO_VOWEL = re.compile(r"(?i)^[b-df-hj-np-tv-xz]{5,}$")  # five Latin consonants: no word
_MEANINGLESS_TITLE = re.compile(
    r"(?i)^(?:untitled(?:[-\s]?\d+)?|title|document\d*|slide \d+|layout \d+|book\d+"
    r"|powerpoint presentation|microsoft (?:word|powerpoint)\b.*"
    r"|.*\.(?:docx?|pdf|indd|qxd|qxp|tex|dvi|ps|rtf|odt)|[\d\W_]+)$"
)
_HYPHENATED = re.compile(rf"(\w*)[{HYPHEN_MARKS}]\s*(\w*)")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_LAST_WORD = re.compile(r"\w+$")
_FIRST_WORD = re.compile(r"\w+")


class PdfPasswordError(LoadError):
    """The PDF is encrypted: the window asks for the password; the command line says so."""


class GarbledPdfError(EmptyArticleError):
    """The text layer is gibberish: refused like a scanned PDF."""


@dataclass(frozen=True)
class PdfText:
    title: str | None
    text: str
    pages: tuple[tuple[int, int, int], ...]  # (page number, start, end) in ``text``; a page may
    # have several ranges when its footnotes follow a paragraph that ends on the next page
    author: str | None
    created: str | None = None  # the document's creation date, YYYY-MM-DD
    warnings: tuple[str, ...] = ()


def read_pdf(data: bytes, name: str, password: str | None = None) -> PdfText:
    """The document's text as a reader sees it; a damaged, encrypted, scanned or gibberish PDF
    is refused with a LoadError saying which."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data, password=password)
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower():
            message = "the password is wrong" if password else "is encrypted: it needs a password"
            raise PdfPasswordError(name, message) from error
        raise LoadError(name, f"is damaged or not a PDF ({error})") from error
    try:
        pages = _read_pages(document, data, password)
        metadata = document.get_metadata_dict()
    except pdfium.PdfiumError as error:
        raise LoadError(name, f"is damaged or not a PDF ({error})") from error
    finally:
        document.close()
    if not any(page.segments for page in pages):
        raise EmptyArticleError(name, "has no text: it is scanned images, and OCR is not supported")
    garbled = [page for page in pages if _is_garbled(page)]
    unreadable = {page.index for page in garbled}
    readable = [page for page in pages if page.index not in unreadable]
    garbled_chars = sum(page.characters for page in garbled)
    if garbled_chars >= GARBLED_DOCUMENT_SHARE * sum(page.characters for page in pages):
        raise GarbledPdfError(
            name,
            "has an unreadable text layer (a broken font encoding turns its words into "
            "gibberish), so it cannot be analysed; OCR is not supported",
        )
    warnings: tuple[str, ...] = ()
    if garbled:
        numbers = ", ".join(str(page.index + 1) for page in garbled)
        which = f"page {numbers} has" if len(garbled) == 1 else f"pages {numbers} have"
        was = "was" if len(garbled) == 1 else "were"
        warnings = (
            f"{name}: {which} an unreadable text layer (a broken font encoding) and {was} left "
            "out of the text and the analysis",
        )
    mark_furniture(readable)
    text, ranges, lines, vocabulary = _assemble(readable)
    if not text.strip():
        raise EmptyArticleError(name, "contains no text")
    title = _meaningful(metadata.get("Title") or "") or _largest_text(readable, lines, vocabulary)
    author = _meaningful(metadata.get("Author") or "")
    made = re.match(r"D:(\d{4})(\d{2})(\d{2})", metadata.get("CreationDate") or "")
    created = "-".join(made.groups()) if made else None
    return PdfText(title, text, tuple(ranges), author, created, warnings)


def _read_pages(document: object, data: bytes, password: str | None) -> list[PageLayout]:
    """Every page's layout. A long document's last pages are read by a second process while
    this one reads the first: pdfium and the layout take about 4 ms a page, so a 350-page book
    takes 1.3 s alone and 0.8 s on two cores (a spawned process needs about 0.3 s to start,
    hence the uneven split)."""
    count = len(document)  # type: ignore[arg-type]
    if count < PARALLEL_MIN_PAGES or (os.cpu_count() or 1) < 2:
        return [_layout(document, index) for index in range(count)]
    split = int(count * PARALLEL_OWN_SHARE)
    context = multiprocessing.get_context("spawn")  # never fork a process that may run Qt
    try:
        pool = ProcessPoolExecutor(1, mp_context=context)
        theirs = pool.submit(_read_range, data, password, split, count)
    except (OSError, RuntimeError):  # no process to be had: read them all here
        return [_layout(document, index) for index in range(count)]
    try:
        mine = [_layout(document, index) for index in range(split)]
        try:
            return mine + theirs.result()
        except (BrokenProcessPool, OSError):
            return mine + [_layout(document, index) for index in range(split, count)]
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def _read_range(data: bytes, password: str | None, start: int, end: int) -> list[PageLayout]:
    """Pages ``start`` to ``end`` of a document, in the second reading process."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data, password=password)
    try:
        return [_layout(document, index) for index in range(start, end)]
    finally:
        document.close()


def _layout(document: object, index: int) -> PageLayout:
    page = document[index]  # type: ignore[index]
    try:
        textpage = page.get_textpage()
        try:
            return read_page(textpage, index)
        finally:
            textpage.close()
    finally:
        page.close()


def _is_garbled(page: PageLayout) -> bool:
    """A text layer a broken font encoding has made gibberish: many control or private-use
    characters, or few tokens shaped like words or numbers in any alphabet."""
    if page.characters < GARBLED_MIN_CHARS:
        return False
    if page.unreadable >= GARBLED_CHAR_SHARE * page.characters:
        return True
    tokens = [t for s in page.segments for t in s.text.split() if any(c.isalnum() for c in t)]
    if len(tokens) < WORDLIKE_MIN_TOKENS:
        return False
    wordlike = sum(1 for t in tokens if _WORDLIKE.match(t) and not _NO_VOWEL.match(t))
    return wordlike < WORDLIKE_MIN_SHARE * len(tokens)


def _meaningful(value: str) -> str | None:
    """Metadata worth showing: not "untitled", a file name, a number or a made-up word."""
    value = " ".join(value.split())
    if len(value) < 3 or _MEANINGLESS_TITLE.match(value) or not re.search(r"[A-Za-z]{3}", value):
        return None
    return value


# -- paragraphs --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Flow:
    """What the document's body text looks like: its font size and its usual gap between lines
    (as a share of the line's height), for each font size."""

    body_size: float
    usual_gap: dict[float, float]


def _assemble(
    pages: Sequence[PageLayout],
) -> tuple[str, list[tuple[int, int, int]], list[Line], _Vocabulary]:
    """The document's text from its pages' lines in reading order: paragraphs joined across
    columns and pages, tables and figures beside a sentence set after it, footnotes after the
    paragraph that runs across their page's end."""
    body_lines: list[list[Line]] = []
    for page in pages:
        regions = reading_order(page.segments)
        body_lines.append(region_lines(regions))
    every = [line for lines in body_lines for line in lines]
    if not every:
        return "", [], [], _Vocabulary([])
    flow = _flow(every)
    column_right = _column_edges(every)
    vocabulary = _Vocabulary(every)
    paragraphs: list[list[Line]] = []
    waiting_notes: list[list[Line]] = []
    current: list[Line] = []

    def close() -> None:
        nonlocal current
        if current:
            paragraphs.append(current)
            current = []
        paragraphs.extend(waiting_notes)
        waiting_notes.clear()

    for page_lines in body_lines:
        notes = _footnotes(page_lines, flow)
        lines = [line for line in page_lines if id(line) not in notes]
        index = 0
        while index < len(lines):
            line = lines[index]
            if current and _continues(current[-1], line, flow, column_right):
                current.append(line)
            else:
                resumed = _resumption(current, lines, index, flow)
                if resumed is None:
                    close()
                    current = [line]
                else:  # a table or a figure beside an unfinished sentence: it waits
                    waiting_notes.extend(
                        _split_paragraphs(lines[index:resumed], flow, column_right)
                    )
                    current.append(lines[resumed])
                    index = resumed
            index += 1
        note_paragraphs = _split_paragraphs(
            [line for line in page_lines if id(line) in notes], flow, column_right
        )
        if current:
            waiting_notes.extend(note_paragraphs)
        else:
            paragraphs.extend(note_paragraphs)
    close()
    return (*_text(paragraphs, vocabulary), every, vocabulary)


def _resumption(current: list[Line], lines: list[Line], index: int, flow: _Flow) -> int | None:
    """Where a sentence cut off by a table, a figure or a caption beside it goes on: past lines
    of another type size (the interruption, at most FLOAT_MAX_LINES), the first line in the
    sentence's own size, when it starts in lower case."""
    if (
        not current
        or _SENTENCE_END.search(current[-1].text)
        or _looks_like_heading(current[-1].text)
    ):
        return None
    last = current[-1]
    for ahead in range(index, min(len(lines), index + FLOAT_MAX_LINES)):
        candidate = lines[ahead]
        if _same_kind(last, candidate):
            return ahead if ahead > index and candidate.text[:1].islower() else None
    return None


def _split_paragraphs(
    lines: list[Line], flow: _Flow, column_right: dict[int, float]
) -> list[list[Line]]:
    paragraphs: list[list[Line]] = []
    for line in lines:
        if paragraphs and _continues(paragraphs[-1][-1], line, flow, column_right):
            paragraphs[-1].append(line)
        else:
            paragraphs.append([line])
    return paragraphs


def _flow(lines: list[Line]) -> _Flow:
    weights: Counter[float] = Counter()
    gaps: dict[float, list[float]] = defaultdict(list)
    for line in lines:
        weights[_size_class(line.size)] += len(line.text)
    for before, after in itertools.pairwise(lines):
        if _in_flow(before, after) and abs(before.size - after.size) <= 0.5:
            gaps[_size_class(before.size)].append((before.y0 - after.y1) / before.size)
    usual = {size: statistics.median(values) for size, values in gaps.items() if values}
    return _Flow(weights.most_common(1)[0][0], usual)


def _column_edges(lines: list[Line]) -> dict[int, float]:
    """Where each line's column ends on the right: lines of a page that start at about the same
    place (a first line's indent included) form a column, and most of its lines reach its edge."""
    by_page: dict[int, list[Line]] = defaultdict(list)
    for line in lines:
        by_page[line.page].append(line)
    edges: dict[int, float] = {}
    for page_lines in by_page.values():
        page_lines.sort(key=lambda line: line.x0)
        columns: list[list[Line]] = []
        for line in page_lines:
            if columns and line.x0 - columns[-1][-1].x0 <= COLUMN_START_HEIGHTS * line.size:
                columns[-1].append(line)
            else:
                columns.append([line])
        for column in columns:
            rights = sorted(member.x1 for member in column)
            edge = rights[int(COLUMN_EDGE_SHARE * (len(rights) - 1))]
            edges.update((id(member), edge) for member in column)
    return edges


def _in_flow(before: Line, after: Line) -> bool:
    """The next line in the same column, below the one before and not far off."""
    return _below(before, after) and before.y0 - after.y1 <= FLOW_GAP_HEIGHTS * before.size


def _size_class(size: float) -> float:
    """Font sizes to the nearest half point, as lines are grouped by size."""
    return round(size * 2) / 2


def _below(before: Line, after: Line) -> bool:
    """Further down the same column of the same page, however far."""
    return (
        before.page == after.page
        and after.y1 <= before.y0 + OVERLAP_HEIGHTS * before.size
        and after.x0 < before.x1
        and before.x0 < after.x1
    )


def _same_kind(before: Line, after: Line) -> bool:
    return abs(before.size - after.size) <= SIZE_CHANGE_SHARE * max(before.size, after.size)


def _continues(before: Line, after: Line, flow: _Flow, column_right: dict[int, float]) -> bool:
    """Whether ``after`` goes on with the paragraph that ``before`` ends."""
    if before.text[-1:] in HYPHEN_MARKS and _same_kind(before, after):
        return True
    ends_sentence = _SENTENCE_END.search(before.text) is not None
    right = column_right.get(id(before), before.x1)
    short = before.x1 < right - SHORT_LINE_HEIGHTS * before.size
    if not _same_kind(before, after) or _LIST_ITEM.match(after.text):
        return False  # another type size, or the next item of a list
    usual = flow.usual_gap.get(_size_class(before.size), USUAL_GAP_HEIGHTS)
    if _below(before, after) and (before.y0 - after.y1) / before.size > usual + (
        PARAGRAPH_GAP_HEIGHTS
    ):
        return False  # space between them on the page: a new paragraph
    if _in_flow(before, after):
        heading = _looks_like_heading(before.text) and not after.text[:1].islower()
        if short and (ends_sentence or heading):
            return False  # the last line of a paragraph, or a heading
        indented = after.x0 - before.x0 > INDENT_HEIGHTS * after.size
        return not (indented and (ends_sentence or short))
    # another column or the next page: a sentence that did not end goes on (not across a page
    # left out, whose words are missing)
    if after.page - before.page > 1:
        return False
    if ends_sentence or short:
        return after.text[:1].islower()
    return True


def _looks_like_heading(text: str) -> bool:
    """A short line that starts like a title and does not break off mid-phrase ("Methods",
    "2.1 Storage zone"), unlike the line of a paragraph cut short by a table beside it."""
    words = text.split()
    return (
        bool(words)
        and len(words) <= HEADING_MAX_WORDS
        and (words[0][:1].isupper() or words[0][:1].isdigit())
        and _OPEN_ENDING.search(text) is None
    )


def _footnotes(lines: list[Line], flow: _Flow) -> set[int]:
    """Small text below every line of body text above it on the page (a footnote area)."""
    body = [line for line in lines if line.size >= FOOTNOTE_SIZE_SHARE * flow.body_size]
    notes: set[int] = set()
    for line in lines:
        if line.size >= FOOTNOTE_SIZE_SHARE * flow.body_size:
            continue
        below = [b for b in body if b.y1 <= line.y0 and b.x0 < line.x1 and line.x0 < b.x1]
        above = [b for b in body if b.y0 >= line.y1 and b.x0 < line.x1 and line.x0 < b.x1]
        if above and not below:
            notes.add(id(line))
    return notes


class _Vocabulary:
    """The words a document writes whole, and the compounds it writes with a hyphen."""

    def __init__(self, lines: list[Line]) -> None:
        text = _HYPHENATED.sub(" ", " ".join(line.text for line in lines))
        found = {word.casefold() for word in _WORD.findall(text)}
        self.compounds = {word for word in found if "-" in word}
        self.words = {part for word in found for part in word.split("-")}

    def keep_hyphen(self, left: str, right: str) -> bool:
        """Whether a hyphen at a line's end belongs to the word ("FAA-approved", "high-risk")
        rather than breaking it ("re-port")."""
        if not left or not right:
            return False
        whole, compound = (left + right).casefold(), f"{left}-{right}".casefold()
        if compound in self.compounds:
            return True
        if whole in self.words:
            return False
        if left[-1].isdigit() or right[0].isdigit():
            return True
        if not (left.isupper() and right.isupper()) and (
            right[0].isupper() or (left.isupper() and len(left) > 1)
        ):
            return True
        english = english_words()
        if whole in english:
            return False
        halves = (left.casefold(), right.casefold())
        return all(half in self.words or half in english for half in halves)


def _text(
    paragraphs: list[list[Line]], vocabulary: _Vocabulary
) -> tuple[str, list[tuple[int, int, int]]]:
    """The paragraphs as text, and each page's ranges in it: every line's hyphens are settled
    as the line is added, so each page's characters are counted exactly."""
    parts: list[str] = []
    ranges: list[tuple[int, int, int]] = []
    position = 0
    for paragraph in paragraphs:
        if parts:
            parts.append("\n\n")
            position += 2
        broken = False  # the line before ended with a hyphen at the line's end
        for index, line in enumerate(paragraph):
            body = line.text
            ends_hyphenated = body[-1:] in HYPHEN_MARKS
            body = _resolve_hyphens(body[:-1] if ends_hyphenated else body, vocabulary)
            joiner = ""
            if index and broken:
                left = _LAST_WORD.search(parts[-1])
                right = _FIRST_WORD.match(body)
                kept = vocabulary.keep_hyphen(left[0] if left else "", right[0] if right else "")
                joiner = "-" if kept else ""
            elif index:
                joiner = " "
            if ends_hyphenated and index == len(paragraph) - 1:
                body += "-"
            broken = ends_hyphenated
            if joiner:  # the space or hyphen between two lines ends the line before
                parts.append(joiner)
                position += len(joiner)
                ranges[-1] = (ranges[-1][0], ranges[-1][1], position)
            page = line.page + 1
            if ranges and ranges[-1][0] == page and ranges[-1][2] >= position - 2:
                ranges[-1] = (page, ranges[-1][1], position + len(body))
            else:
                ranges.append((page, position, position + len(body)))
            parts.append(body)
            position += len(body)
    return "".join(parts), ranges


def _resolve_hyphens(text: str, vocabulary: _Vocabulary) -> str:
    def decide(match: re.Match[str]) -> str:
        left, right = match[1], match[2]
        return f"{left}-{right}" if vocabulary.keep_hyphen(left, right) else left + right

    if not any(mark in text for mark in HYPHEN_MARKS):
        return text
    return _HYPHENATED.sub(decide, text)


def _largest_text(
    pages: Sequence[PageLayout], lines: list[Line], vocabulary: _Vocabulary
) -> str | None:
    """The title a reader sees on the first page with text: its largest text when that stands
    out from the body's (a running header of that page counts too), unless that is a one-word
    label ("MARKUP" over a hearing's title): then the longest block of display text near it."""
    first = next((page for page in pages if page.segments), None)
    if first is None or not lines:
        return None
    prose = [line for line in lines if len(line.text) >= PROSE_LINE_CHARS] or lines
    sizes: Counter[float] = Counter()
    for line in prose:
        sizes[round(line.size)] += len(line.text)
    body = sizes.most_common(1)[0][0]
    shown = [s for s in first.furniture if not looks_like_page_mark(s.text)] + first.segments
    candidates = [
        line
        for line in region_lines(reading_order(shown))
        if sum(c.isalpha() for c in line.text) >= 2
    ]
    if not candidates:
        return None
    largest = max(line.size for line in candidates)
    if largest < TITLE_SIZE_SHARE * body:
        return None
    smallest = min(largest, max(TITLE_BLOCK_SHARE * largest, TITLE_OTHER_SIZE_SHARE * body))
    blocks: list[list[Line]] = []
    for line in candidates:
        if line.size < smallest:
            if blocks and blocks[-1]:
                blocks.append([])
            continue
        block = blocks[-1] if blocks else None
        if (
            block
            and len(block) < TITLE_MAX_LINES
            and _same_kind(block[-1], line)
            and block[-1].y0 - line.y1 <= block[-1].size
        ):
            block.append(line)
        else:
            blocks.append([line])
    blocks = [block for block in blocks if block]
    title = next(block for block in blocks if any(line.size == largest for line in block))
    if len(" ".join(line.text for line in title).split()) < 2:  # a label such as "MARKUP"
        title = max(blocks, key=lambda block: sum(c.isalpha() for ln in block for c in ln.text))
    joined = _resolve_hyphens(
        "".join(
            (" " if i and title[i - 1].text[-1:] not in HYPHEN_MARKS else "") + line.text
            for i, line in enumerate(title)
        ),
        vocabulary,
    )
    return " ".join(joined.split()) or None
