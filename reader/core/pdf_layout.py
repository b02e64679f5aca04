"""A PDF page read from its layout: where each piece of text stands, not the order it was drawn in.

pdfium gives every character with its box. Characters are gathered into *segments*: text on one
line with no gap wider than about a letter's height, so two columns, a margin's line numbers or a
page number beside a header never share a segment. From the segments' positions across the whole
document, this module finds what is page furniture (running headers and footers, page numbers on
either side, printer's marks, continuation labels, margin line numbers), the columns of each page
(a recursive XY cut: a vertical gutter that runs through a region splits it, else its widest
horizontal gap does), the lines and the font sizes that tell body text from footnotes and headings.

Positions are in PDF points with y growing upwards, as pdfium gives them. Nothing here joins text
into paragraphs: ``reader.core.pdf`` does that.
"""

from __future__ import annotations

import ctypes
import math
import re
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

# A gap wider than this many font heights between two characters of a line splits it: word spaces
# are a third of that, a column's gutter or a margin's line number stands further off.
SEGMENT_GAP_HEIGHTS = 0.9
# A character whose middle lies this far (in heights) outside a segment's band starts a new line.
ROW_SLACK_HEIGHTS = 0.3
# How many rows at the top and at the bottom of a page may hold a running header or footer.
EDGE_ROWS = 3
# A running line recurs at a page's edge on at least this many pages (two, for a line of at least
# RUNNING_MIN_CHARS characters that stands at the same height each time).
RUNNING_MIN_PAGES = 3
RUNNING_PAIR_MIN_CHARS = 4
RUNNING_SAME_HEIGHT_PT = 3.0
# A vertical gutter splits a region only when both sides hold real text: a segment at least this
# many font heights wide (a list's bullets or a footnote's number are no column).
COLUMN_MIN_WIDTH_HEIGHTS = 4.0
COLUMN_MIN_CHARS = 40
# A gutter is at least this wide, in points.
GUTTER_MIN_PT = 4.0
# Bare numbers in a page's left margin are line numbers when a page has at least this many.
MARGIN_NUMBERS_MIN = 3
# Text turned this far from the horizontal (the sine of its angle) runs up a margin: a stamp or a
# printer's mark, not body text. Text upside down (an angle of pi) is a mirrored matrix, upright.
ROTATED_SINE = 0.5

_PAGE_NUMBER = re.compile(
    r"(?i)^(?:page\s+)?(?:[-–—]\s*)?(?:\d{1,4}|[ivxlcdm]{1,7}|\(\d{1,4}\)|\([ivxlc]{1,6}\))"
    r"(?:\s*[-–—])?(?:\s*(?:of|/)\s*\d{1,4})?$"
)
_MARGIN_NUMBER = re.compile(r"^\d{1,3}$")
_CONTINUED = re.compile(r"(?i)\((?:cont(?:inued|’d|'d|d)?\.?)\)$")
_EDGE_NUMBER = re.compile(
    r"(?i)^(?:page\s+)?(?:#|[ivxlcdm]{1,7}\b)[\s.:]*|[\s.:]*(?:page\s+)?(?:#|\b[ivxlcdm]{1,7})$"
)
HYPHEN_MARKS = "\ufffe\xad\x02"  # pdfium's hyphen at a line's end, and the soft hyphen


@dataclass(slots=True)
class Segment:
    """Text on one line of one page with no wide gap in it."""

    text: str
    x0: float
    x1: float
    y0: float  # bottom
    y1: float  # top
    size: float  # the height of its first character's font box: its font size, near enough
    page: int  # index from 0
    rotated: bool = False

    @property
    def middle(self) -> float:
        return (self.y0 + self.y1) / 2


@dataclass(slots=True)
class PageLayout:
    index: int
    width: float
    height: float
    segments: list[Segment]
    characters: int = 0  # visible characters
    unreadable: int = 0  # control, private-use and replacement characters among them
    furniture: list[Segment] = field(default_factory=list)


_UNREADABLE = re.compile(r"[\x00-\x01\x03-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ue000-\uf8ff\ufffd]")


def read_page(textpage: object, index: int, width: float, height: float) -> PageLayout:
    """The page's segments, from pdfium's characters and their boxes."""
    import pypdfium2.raw as pdfium_c

    handle = textpage.raw  # type: ignore[attr-defined]
    # one character at a time: get_text_range's text can drift from the character indices
    count = pdfium_c.FPDFText_CountChars(handle)
    get_unicode = pdfium_c.FPDFText_GetUnicode
    text = "".join(map(chr, map(get_unicode, [handle] * count, range(count))))
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    loose = pdfium_c.FS_RECTF()
    get_box = pdfium_c.FPDFText_GetCharBox
    segments: list[Segment] = []
    parts: list[str] = []
    current: Segment | None = None
    space = False
    visible = 0

    def finish() -> None:
        if current is not None:
            current.text = "".join(parts)

    for k, char in enumerate(text):
        if char == "\r" or char == "\n":
            finish()
            current, space = None, False
            continue
        if char.isspace():
            space = current is not None
            continue
        visible += 1
        get_box(handle, k, left, right, bottom, top)
        x0, x1, y0, y1 = left.value, right.value, bottom.value, top.value
        if x1 <= x0 and y1 <= y0:  # no box: a character pdfium made up
            if current is not None:
                parts.append(char)
            continue
        if current is not None:
            band = current.y1 - current.y0
            middle = (y0 + y1) / 2
            slack = ROW_SLACK_HEIGHTS * band
            if (
                middle < current.y0 - slack
                or middle > current.y1 + slack
                or x0 - current.x1 > SEGMENT_GAP_HEIGHTS * current.size
                or x0 < current.x1 - 2 * current.size
            ):
                finish()
                current = None
        if current is None:
            pdfium_c.FPDFText_GetLooseCharBox(handle, k, loose)
            size = abs(loose.top - loose.bottom) or (y1 - y0)
            angle = pdfium_c.FPDFText_GetCharAngle(handle, k)
            rotated = abs(math.sin(angle)) > ROTATED_SINE
            current = Segment("", x0, x1, y0, y1, size, index, rotated)
            segments.append(current)
            parts = [char]
        else:
            parts.append(" " + char if space else char)
            current.x0 = min(current.x0, x0)
            current.x1 = max(current.x1, x1)
            current.y0 = min(current.y0, y0)
            current.y1 = max(current.y1, y1)
        space = False
    finish()
    unreadable = len(_UNREADABLE.findall(text))
    page = PageLayout(index, width, height, _without_overprint(segments), visible, unreadable)
    return page


def _without_overprint(segments: list[Segment]) -> list[Segment]:
    """Text drawn twice in the same place (a fake bold, a header repeated in the text layer)."""
    seen: set[tuple[str, int, int]] = set()
    kept: list[Segment] = []
    for segment in segments:
        key = (segment.text, round(segment.x0), round(segment.y0))
        if key not in seen:
            seen.add(key)
            kept.append(segment)
    return kept


# -- furniture ---------------------------------------------------------------------------------


def rows(segments: Iterable[Segment]) -> list[list[Segment]]:
    """Segments grouped by line, top to bottom, each line left to right."""
    ordered = sorted(segments, key=lambda s: -s.middle)
    grouped: list[list[Segment]] = []
    low = high = 0.0
    for segment in ordered:
        if grouped and low <= segment.middle <= high:
            grouped[-1].append(segment)
            continue
        grouped.append([segment])
        slack = ROW_SLACK_HEIGHTS * (segment.y1 - segment.y0)
        low, high = segment.y0 - slack, segment.y1 + slack
    for row in grouped:
        row.sort(key=lambda s: s.x0)
    return grouped


def running_key(text: str) -> str:
    """Running lines differ only in their page numbers ("28 FREE CULTURE", "Page 4 of 9")."""
    key = re.sub(r"\d+", "#", " ".join(text.casefold().split()))
    for _ in range(2):
        key = _EDGE_NUMBER.sub("", key).strip()
    return key


def mark_furniture(pages: Sequence[PageLayout]) -> None:
    """Move each page's furniture from ``segments`` to ``furniture``."""
    seen_on: dict[tuple[str, bool], dict[int, float]] = defaultdict(dict)
    for page in pages:
        page_rows = rows(s for s in page.segments if not s.rotated)
        for position, row in enumerate(page_rows):
            at_top = position < EDGE_ROWS
            if not (at_top or position >= len(page_rows) - EDGE_ROWS):
                continue
            for segment in row:
                key = running_key(segment.text)
                if key:
                    seen_on[(key, at_top)].setdefault(page.index, segment.middle)
    certain = {where for where, heights in seen_on.items() if len(heights) >= min_pages(len(pages))}
    paired = {
        where
        for where, heights in seen_on.items()
        if len(heights) >= 2
        and len(where[0]) >= RUNNING_PAIR_MIN_CHARS
        and max(heights.values()) - min(heights.values()) <= RUNNING_SAME_HEIGHT_PT
    }
    for page in pages:
        furniture: set[int] = set()
        page_rows = rows(s for s in page.segments if not s.rotated)
        for position, row in enumerate(page_rows):
            if not (position < EDGE_ROWS or position >= len(page_rows) - EDGE_ROWS):
                continue
            at_top = position < EDGE_ROWS
            keys = [(running_key(s.text), at_top) for s in row]
            marks = [_looks_like_page_mark(s.text) for s in row]
            alone = all(k in certain or k in paired or m for k, m in zip(keys, marks, strict=True))
            for segment, where in zip(row, keys, strict=True):
                # a header recurring on two pages only counts when nothing else shares its line
                # (a table's title recurs too, beside other words)
                if len(pages) > 1 and (where in certain or (where in paired and alone)):
                    furniture.add(id(segment))
            rest = [s for s in row if id(s) not in furniture]
            if len(rest) == 1 and _looks_like_page_mark(rest[0].text):
                furniture.add(id(rest[0]))
        furniture |= {
            id(s) for s in page.segments if _CONTINUED.search(s.text) and len(s.text) < 60
        }
        furniture |= _margin_numbers(page)
        if any(not s.rotated for s in page.segments):
            furniture |= {id(s) for s in page.segments if s.rotated}
        page.furniture = [s for s in page.segments if id(s) in furniture]
        page.segments = [s for s in page.segments if id(s) not in furniture]


def min_pages(pages: int) -> int:
    """On how many pages a line must recur at the edge to be a running header for certain."""
    return min(RUNNING_MIN_PAGES, pages)


def _looks_like_page_mark(text: str) -> bool:
    """A page number alone on its line ("12", "iv", "Page 3 of 9", "- 4 -", "(1)"), or a lone
    mark of at most two characters with no small letter (a printer's "Æ")."""
    text = text.strip()
    if _PAGE_NUMBER.match(text):
        return True
    return len(text) <= 2 and not any(c.islower() for c in text) and not text.isalpha()


def _margin_numbers(page: PageLayout) -> set[int]:
    """Line numbers printed in the left margin of a bill or a transcript."""
    wide = [s.x0 for s in page.segments if len(s.text) > 20]
    if not wide:
        return set()
    body_left = min(wide)
    numbers = [
        s for s in page.segments if _MARGIN_NUMBER.match(s.text) and s.x1 < body_left - 0.5 * s.size
    ]
    return {id(s) for s in numbers} if len(numbers) >= MARGIN_NUMBERS_MIN else set()


# -- reading order -----------------------------------------------------------------------------


def reading_order(segments: list[Segment]) -> list[list[Segment]]:
    """The page's regions in reading order: columns left to right, each top to bottom."""
    regions: list[list[Segment]] = []
    _cut(segments, regions)
    return regions


def _cut(segments: list[Segment], out: list[list[Segment]]) -> None:
    while True:
        if len(segments) <= 1:
            if segments:
                out.append(segments)
            return
        gutter = _gutter(segments)
        if gutter is not None:
            left = [s for s in segments if s.x1 <= gutter]
            right = [s for s in segments if s.x1 > gutter]
            _cut(left, out)
            segments = right
            continue
        gap = _widest_gap(segments)
        if gap is None:
            out.append(segments)
            return
        upper = [s for s in segments if s.middle > gap]
        lower = [s for s in segments if s.middle <= gap]
        _cut(upper, out)
        segments = lower


def _gutter(segments: list[Segment]) -> float | None:
    """The middle of the widest vertical strip no segment crosses, with text on both sides."""
    ordered = sorted(segments, key=lambda s: s.x0)
    best: tuple[float, float] | None = None
    reach = ordered[0].x1
    for index in range(1, len(ordered)):
        segment = ordered[index]
        gap = segment.x0 - reach
        wider = gap >= GUTTER_MIN_PT and (best is None or gap > best[0])
        if wider and _is_column(ordered[:index]) and _is_column(ordered[index:]):
            best = (gap, reach + gap / 2)
        reach = max(reach, segment.x1)
    return best[1] if best else None


def _is_column(segments: Sequence[Segment]) -> bool:
    """Real text, or a table's worth of it: not a list's bullets or a row of footnote numbers."""
    return (
        any(s.x1 - s.x0 >= COLUMN_MIN_WIDTH_HEIGHTS * s.size for s in segments)
        or sum(len(s.text) for s in segments) >= COLUMN_MIN_CHARS
    )


def _widest_gap(segments: list[Segment]) -> float | None:
    """The height in the middle of the widest horizontal strip no segment crosses."""
    ordered = sorted(segments, key=lambda s: -s.y1)
    best: tuple[float, float] | None = None
    floor = ordered[0].y0
    for segment in ordered[1:]:
        gap = floor - segment.y1
        if gap > 0 and (best is None or gap > best[0]):
            best = (gap, segment.y1 + gap / 2)
        floor = min(floor, segment.y0)
    return best[1] if best else None


@dataclass(slots=True)
class Line:
    """One printed line of a region, its segments joined."""

    text: str
    x0: float
    x1: float
    y0: float
    y1: float
    size: float
    page: int
    region: int  # which region of its page, in reading order


def region_lines(regions: list[list[Segment]], first_region: int = 0) -> list[Line]:
    lines: list[Line] = []
    for number, region in enumerate(regions, start=first_region):
        for row in rows(region):
            text = " ".join(s.text for s in row)
            size = statistics.median(s.size for s in row)
            lines.append(
                Line(
                    text,
                    min(s.x0 for s in row),
                    max(s.x1 for s in row),
                    min(s.y0 for s in row),
                    max(s.y1 for s in row),
                    size,
                    row[0].page,
                    number,
                )
            )
    return lines
