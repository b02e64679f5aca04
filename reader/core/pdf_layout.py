"""A PDF page read from its layout: where each piece of text stands, not the order it was drawn in.

pdfium gives every character with its box. Characters are gathered into *segments*: text on one
line with no gap wider than about a letter's height, so two columns, a margin's line numbers or a
page number beside a header never share a segment. From the segments' positions across the whole
document, this module finds what is page furniture (running headers and footers, page numbers on
either side, printer's marks, continuation labels, margin line numbers), the columns of each page
(bands of rows that a vertical gutter runs through, with prose on one side: a table's cells stay in
their rows), the lines and the font sizes that tell body text from footnotes and headings. A page
turned on its side is read in its text's own direction.

Positions are in PDF points with y growing upwards, as pdfium gives them. Nothing here joins text
into paragraphs: ``reader.core.pdf`` does that.
"""

from __future__ import annotations

import ctypes
import itertools
import math
import re
import statistics
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

# A gap wider than this many font heights between two characters of a line splits it: word spaces
# are a third of that, a column's gutter or a margin's line number stands further off.
SEGMENT_GAP_HEIGHTS = 0.9
# Glyphs whose boxes are less than this share of their font size high are rules, not letters.
FLAT_SHARE = 0.1
# A paragraph's first letter at this many times the size of the next is a drop cap.
DROP_CAP_SHARE = 1.8
# Characters further apart than this many font heights have a space between them.
WORD_GAP_HEIGHTS = 0.25
# A character whose middle lies this far (in heights) outside a segment's band starts a new line.
ROW_SLACK_HEIGHTS = 0.3
# How many rows at the top and at the bottom of a page may hold a running header or footer.
EDGE_ROWS = 3
# A running line recurs among a page's edge rows on at least this many pages (or on every page of
# a shorter document), at the same height give or take RUNNING_SAME_HEIGHT_PT, or anywhere when it
# carries the page's number ("Annual Report 2023, page 7").
RUNNING_MIN_PAGES = 3
RUNNING_SAME_HEIGHT_PT = 6.0
# A vertical gutter splits a band (with two rows written on both sides of it at least) into
# columns when both sides are prose, their lines usually at least COLUMN_PROSE_HEIGHTS font heights
# wide, as a table's cells are not; or when one side is prose and the other holds real text (a
# segment at least COLUMN_MIN_WIDTH_HEIGHTS wide or COLUMN_MIN_CHARS characters: a list's bullets
# or a footnote's number are no column), and either the prose is on the left and at least
# WIDE_PROSE_HEIGHTS wide (a paragraph beside a table), or fewer than ALIGNED_ROWS_SHARE of the
# rows stand on one baseline (bottoms or tops within SAME_LINE_HEIGHTS of a font height) as a
# list of abbreviations beside their meanings does (a chart beside a paragraph, a sidebar).
COLUMN_PROSE_HEIGHTS = 10.0
WIDE_PROSE_HEIGHTS = 17.0
ALIGNED_ROWS_SHARE = 0.6
SAME_LINE_HEIGHTS = 0.2
COLUMN_MIN_WIDTH_HEIGHTS = 4.0
COLUMN_MIN_CHARS = 40
# A page of dense rows (a large table: this many segments a row, over TABLE_MIN_SEGMENTS in all) is
# read row by row without looking for columns, which would cost seconds.
TABLE_SEGMENTS_A_ROW = 8
TABLE_MIN_SEGMENTS = 2000
# A gutter is at least this wide, in points.
GUTTER_MIN_PT = 4.0
# Lines numbered in the margin (a bill, a transcript): at least this many in a row, most of the
# numbers standing apart from their line's words.
LINE_NUMBERS_MIN = 5
LINE_NUMBERS_APART_SHARE = 0.6
# Text turned this far from the horizontal (the sine of its angle) runs up a margin: a stamp or a
# printer's mark, not body text. Text upside down (an angle of pi) is a mirrored matrix, upright.
ROTATED_SINE = 0.5
# How many characters of a page are looked at to tell whether it is set sideways.
TURN_SAMPLE = 40
# Rotated text is a margin's mark only while it is less than this share of a page's characters.
ROTATED_MARK_SHARE = 0.2
# A character this many heights left of the one before it starts a new line.
BACKWARD_JUMP_HEIGHTS = 2.0
# A continuation label ("Pharmacology (cont.)") is at most this long.
CONTINUED_MAX_CHARS = 60

# A roman numeral as page numbers are written (not "civil", "mild" or "dim").
_ROMAN = r"(?=[ivxlcdm])m{0,3}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})"
_PAGE_NUMBER = re.compile(
    rf"(?i)^(?:page\s+)?(?:[-–—]\s*)?(?:\d{{1,4}}|{_ROMAN}|\(\d{{1,4}}\)|\({_ROMAN}\))"
    r"(?:\s*[-–—])?(?:\s*(?:of|/)\s*\d{1,4})?$"
)
_EDGE_DIGITS = re.compile(r"^\D{0,6}?(\d{1,5})\b|.*?\b(\d{1,5})\D{0,2}$")
_LEADING_NUMBER = re.compile(r"^(\d{1,3})(?:\s+(?=\S)|$)")
_CONTINUED = re.compile(r"(?i)\((?:cont(?:inued|’d|'d|d)?\.?)\)$")
_EDGE_NUMBER = re.compile(
    rf"(?i)^(?:page\s+)?(?:#|{_ROMAN}\b)[\s.:]*|[\s.:]*(?:page\s+)?(?:#|\b{_ROMAN})$"
)
# pdfium's hyphen at a line's end (U+FFFE in its text, U+0002 one character at a time), and the
# soft hyphen
HYPHEN_MARKS = "\ufffe\xad\x02"


@dataclass(slots=True)
class Segment:
    """Text on one line of one page with no wide gap in it."""

    text: str
    x0: float
    x1: float
    y0: float  # bottom
    y1: float  # top
    size: float  # its font size in points (of three of its characters, the middle one)
    page: int  # index from 0
    rotated: bool = False

    @property
    def middle(self) -> float:
        return (self.y0 + self.y1) / 2


@dataclass(slots=True)
class PageLayout:
    """A page's segments, and how much of its text layer is readable."""

    index: int
    segments: list[Segment]
    characters: int = 0  # visible characters
    unreadable: int = 0  # control, private-use and replacement characters among them
    furniture: list[Segment] = field(default_factory=list)


# A word as pdfium gives it: no space inside, and a hyphen at a line's end closes it.
_RUN = re.compile(r"[^\s\ufffe\xad\x02]+[\ufffe\xad\x02]?|[\ufffe\xad\x02]")
_BULLETS = str.maketrans({"\uf0b7": "•", "\uf0a7": "▪", "\uf0d8": "➢", "\uf076": "❖"})
_UNREADABLE = re.compile(r"[\x00-\x01\x03-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ue000-\uf8ff\ufffd]")


def read_page(textpage: object, index: int) -> PageLayout:
    """The page's segments, from pdfium's characters and their boxes. A word's letters stand
    side by side, so only a word's first and last characters are measured (a book's 700,000
    characters take a few hundred thousand calls, not millions); a word whose two ends are
    not on one line is measured letter by letter."""
    characters = _PageCharacters(textpage)
    segments = _segments(characters, index)
    text = characters.text
    visible = len(text) - sum(text.count(c) for c in " \r\n\t\xa0")
    # glyphs as flat as a rule are lines drawn with a font (a root sign's bar), not text
    drawn = [s for s in segments if s.y1 - s.y0 >= FLAT_SHARE * s.size]
    return PageLayout(index, _without_overprint(drawn), visible, characters.unreadable)


class _PageCharacters:
    """A page's characters as pdfium gives them, measured in their text's own frame (turned back
    when the page is set sideways)."""

    def __init__(self, textpage: object) -> None:
        import pypdfium2.raw as pdfium_c

        self.handle = handle = textpage.raw  # type: ignore[attr-defined]
        count = pdfium_c.FPDFText_CountChars(handle)
        text: str = textpage.get_text_range()  # type: ignore[attr-defined]
        if len(text) != count:  # it leaves out characters it cannot map: then one at a time
            text = "".join(
                map(chr, map(pdfium_c.FPDFText_GetUnicode, [handle] * count, range(count)))
            )
        self.text = text
        self.quarter = _quarter_turn(handle, text)
        # control or private-use characters, to drop
        self.unreadable = len(_UNREADABLE.findall(text))
        self._left, self._right, self._bottom, self._top = (ctypes.c_double() for _ in range(4))
        self._get_box = pdfium_c.FPDFText_GetCharBox
        self._get_angle = pdfium_c.FPDFText_GetCharAngle
        self._get_matrix = pdfium_c.FPDFText_GetMatrix
        self._get_font_size = pdfium_c.FPDFText_GetFontSize
        self._get_loose_box = pdfium_c.FPDFText_GetLooseCharBox
        self._matrix = pdfium_c.FS_MATRIX()
        self._loose = pdfium_c.FS_RECTF()

    def font_size(self, k: int) -> float:
        """The character's size in points: its font's size as the text matrix draws it."""
        matrix = self._matrix
        self._get_matrix(self.handle, k, matrix)
        scale = math.hypot(matrix.c, matrix.d) or 1.0
        return abs(float(self._get_font_size(self.handle, k))) * scale

    def rotated(self, k: int) -> bool:
        """Whether the character runs up or down the page's text (a margin's stamp)."""
        angle = self._get_angle(self.handle, k) - self.quarter * math.pi / 2
        return abs(math.sin(angle)) > ROTATED_SINE

    def box(self, k: int) -> tuple[float, float, float, float]:
        """A character's box in its text's own frame (turned back when the page is sideways)."""
        left, right, bottom, top = self._left, self._right, self._bottom, self._top
        self._get_box(self.handle, k, left, right, bottom, top)
        if self.quarter == 3:  # read bottom to top
            return bottom.value, top.value, -right.value, -left.value
        if self.quarter == 1:  # read top to bottom
            return -top.value, -bottom.value, left.value, right.value
        return left.value, right.value, bottom.value, top.value

    def apart(self, before: int, after: int) -> float:
        """The space between two characters' advances (their loose boxes), in points."""
        loose, quarter = self._loose, self.quarter
        self._get_loose_box(self.handle, before, loose)
        edge = loose.top if quarter == 3 else -loose.bottom if quarter == 1 else loose.right
        self._get_loose_box(self.handle, after, loose)
        start = loose.bottom if quarter == 3 else -loose.top if quarter == 1 else loose.left
        return float(start - edge)

    def pieces(self) -> Iterator[tuple[int, int, float, float, float, float]]:
        """Words with their boxes, or letters where a word's ends are not on one line. This loop
        runs for every word of a book, so it keeps what it uses in local variables."""
        text, handle, quarter = self.text, self.handle, self.quarter
        box, get_box = self.box, self._get_box
        left, right, bottom, top = self._left, self._right, self._bottom, self._top
        for run in _RUN.finditer(text):
            start, end = run.span()
            end -= 1
            if quarter:
                ax0, ax1, ay0, ay1 = box(start)
                bx0, bx1, by0, by1 = box(end)
            else:  # upright, as nearly every page is: the call inlined
                get_box(handle, start, left, right, bottom, top)
                ax0, ax1, ay0, ay1 = left.value, right.value, bottom.value, top.value
                get_box(handle, end, left, right, bottom, top)
                bx0, bx1, by0, by1 = left.value, right.value, bottom.value, top.value
            # the word's ends side by side and overlapping in height (a comma sits low and a
            # quotation mark high, but both touch the letters beside them), and no drop cap
            if (
                ax1 > ax0
                and bx1 > bx0
                and bx0 >= ax0
                and ay0 <= by1
                and by0 <= ay1
                and (ay1 - ay0 < DROP_CAP_SHARE * (by1 - by0) or not text[end].isalnum())
            ):
                yield start, end, ax0, bx1, min(ay0, by0), max(ay1, by1)
                continue
            for k in range(start, end + 1):
                x0, x1, y0, y1 = box(k)
                if x1 > x0 or y1 > y0:
                    yield k, k, x0, x1, y0, y1


def _segments(characters: _PageCharacters, index: int) -> list[Segment]:
    """The page's words and letters gathered into segments: a new one starts where the next
    piece is off the line or a gap wider than a letter's height away. This loop runs for every
    word of a book, so it keeps the segment being built in local variables."""
    text, unreadable = characters.text, characters.unreadable
    font_size, apart = characters.font_size, characters.apart
    segments: list[Segment] = []
    # the segment being built: its parts, box, size and first and last characters
    parts: list[str] = []
    sx0 = sx1 = sy0 = sy1 = size = 0.0
    first = last = previous_end = -1
    rotated = False

    def close() -> None:
        if not parts:
            return
        final = size
        if last > first + 1:  # a symbol's own font at the start must not set the size
            final = sorted((size, font_size((first + last) // 2), font_size(last)))[1] or size
        text = _clean("".join(parts)) if unreadable else "".join(parts)
        if text:
            segments.append(Segment(text, sx0, sx1, sy0, sy1, final, index, rotated))

    for start, end, x0, x1, y0, y1 in characters.pieces():
        between = text[previous_end + 1 : start]
        before, previous_end = previous_end, end
        if parts:
            slack = ROW_SLACK_HEIGHTS * (sy1 - sy0)
            middle = (y0 + y1) / 2
            if (
                middle < sy0 - slack
                or middle > sy1 + slack
                or x0 - sx1 > SEGMENT_GAP_HEIGHTS * size
                or x0 < sx1 - BACKWARD_JUMP_HEIGHTS * size
            ):
                close()
                parts = []
        if not parts:
            first = start
            rotated = characters.rotated(start)
            size = font_size(start) or (y1 - y0)
            sx0, sx1, sy0, sy1 = x0, x1, y0, y1
            parts = [text[start : end + 1]]
        else:
            # a space pdfium put, or where it broke the line (between a table's digits too)
            # and the characters' advances stand apart
            spaced = between == " " or (
                between != ""
                and (
                    " " in between
                    or "\t" in between
                    or apart(before, start) > WORD_GAP_HEIGHTS * size
                )
            )
            parts.append(" " + text[start : end + 1] if spaced else text[start : end + 1])
            if len(parts) == 2 and len(parts[0]) == 1:
                following = font_size(start)
                if size >= DROP_CAP_SHARE * following:  # a drop cap: the line is its own
                    sy0, sy1, size = y0, y1, following
            if x0 < sx0:
                sx0 = x0
            if x1 > sx1:
                sx1 = x1
            if y0 < sy0:
                sy0 = y0
            if y1 > sy1:
                sy1 = y1
        last = end
    close()
    return segments


def _quarter_turn(handle: object, text: str) -> int:
    """How many quarter turns most of the page's text is turned by, as pdfium measures its angle
    (clockwise on the page): 1 or 3 for a page set sideways (a landscape table), else 0
    (upright, or mirrored by its matrix)."""
    import pypdfium2.raw as pdfium_c

    step = max(1, len(text) // TURN_SAMPLE)
    sample = [k for k in range(0, len(text), step) if not text[k].isspace()]
    if not sample:
        return 0
    turns = [round(pdfium_c.FPDFText_GetCharAngle(handle, k) / (math.pi / 2)) % 4 for k in sample]
    sideways = max((1, 3), key=turns.count)
    return sideways if turns.count(sideways) > len(turns) / 2 else 0


def _clean(text: str) -> str:
    """A symbol font's bullets as bullets; control and other private-use characters dropped."""
    return _UNREADABLE.sub("", text.translate(_BULLETS)).strip()


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
    upright = {page.index: rows(s for s in page.segments if not s.rotated) for page in pages}
    running = _running_lines(pages, upright)
    for page in pages:
        furniture = _furniture(page, upright[page.index], running)
        page.furniture = [s for s in page.segments if id(s) in furniture]
        page.segments = [s for s in page.segments if id(s) not in furniture and s.text]


def _running_lines(
    pages: Sequence[PageLayout], upright: dict[int, list[list[Segment]]]
) -> dict[str, float | None]:
    """The document's running lines: each line's key, and the height it stands at (None for
    one that counts the pages, a running line wherever it stands). Found over all pages before
    any page's furniture is marked, since a line is running only by recurring."""
    seen_on: dict[str, dict[int, float]] = defaultdict(dict)
    # how far a running line's number runs ahead of the page's index, on each page it carries one
    counted: dict[str, list[int]] = defaultdict(list)
    for page in pages:
        for row in _edge_rows(upright[page.index], short=len(pages) < RUNNING_MIN_PAGES):
            for text, middle in _pieces(row):
                key = running_key(text)
                if key:
                    seen_on[key].setdefault(page.index, middle)
                    number = _edge_number(text)
                    if number:
                        counted[key].append(int(number) - page.index)
    running: dict[str, float | None] = {}  # a running line's key, and the height it stands at
    for key, heights in seen_on.items() if len(pages) > 1 else ():
        height, count = _usual_height(list(heights.values()))
        if count >= min_pages(len(pages)):
            running[key] = height
        elif len(heights) >= min_pages(len(pages)) and _counts_pages(counted[key]):
            running[key] = None  # it counts the pages: a running line wherever it stands
    return running


def _furniture(
    page: PageLayout, upright: list[list[Segment]], running: dict[str, float | None]
) -> set[int]:
    """The ids of one page's furniture: running lines and page marks at its edges, ornaments,
    "continued" notes, line numbers, and turned text when there is little of it."""
    furniture: set[int] = set()
    for row in _edge_rows(upright):
        whole = running_key(" ".join(s.text for s in row))
        for segment in row:
            if _running(whole, segment.middle, running) or _running(
                running_key(segment.text), segment.middle, running
            ):
                furniture.add(id(segment))
        rest = [s for s in row if id(s) not in furniture]
        if len(rest) == 1 and looks_like_page_mark(rest[0].text):
            furniture.add(id(rest[0]))
    page_rows = rows(page.segments)
    for row in page_rows:
        if len(row) == 1 and _is_ornament(row[0].text):
            furniture.add(id(row[0]))
    furniture |= {
        id(s)
        for s in page.segments
        if _CONTINUED.search(s.text) and len(s.text) <= CONTINUED_MAX_CHARS
    }
    furniture |= _line_numbers(page_rows)
    turned = [s for s in page.segments if s.rotated]
    if sum(len(s.text) for s in turned) < ROTATED_MARK_SHARE * max(1, page.characters):
        furniture |= {id(s) for s in turned}
    return furniture


def min_pages(pages: int) -> int:
    """On how many pages a line must recur at the edge to be a running header for certain."""
    return min(RUNNING_MIN_PAGES, pages)


def _edge_rows(page_rows: list[list[Segment]], short: bool = False) -> list[list[Segment]]:
    """The rows at the top and bottom of a page; of a short document's, only the outermost (two
    pages starting with the same heading is not enough to make it a running header)."""
    edge = 1 if short else EDGE_ROWS
    if len(page_rows) <= 2 * edge:
        return page_rows
    return page_rows[:edge] + page_rows[-edge:]


def _counts_pages(leads: list[int]) -> bool:
    """Whether a line's numbers count the pages: they differ, and most run the same distance
    ahead of the page's index ("Report, page 7" on the seventh page, not "Chapter 2" twice)."""
    if len(leads) < 2:
        return False
    usual = max(set(leads), key=leads.count)
    return leads.count(usual) >= 2 and leads.count(usual) > len(leads) / 2


def _usual_height(heights: list[float]) -> tuple[float, int]:
    """The height most of a line's occurrences stand at, and on how many pages: a window of
    RUNNING_SAME_HEIGHT_PT slid over the sorted heights."""
    ordered = sorted(heights)
    best = (ordered[0], 0)
    low = 0
    for high, height in enumerate(ordered):
        while height - ordered[low] > 2 * RUNNING_SAME_HEIGHT_PT:
            low += 1
        if high - low + 1 > best[1]:
            best = (ordered[(low + high) // 2], high - low + 1)
    return best


def _pieces(row: list[Segment]) -> list[tuple[str, float]]:
    """A row's segments, and the row as a whole ("Annual Report" and its page number apart)."""
    pieces = [(s.text, s.middle) for s in row]
    if len(row) > 1:
        pieces.append((" ".join(s.text for s in row), statistics.median(s.middle for s in row)))
    return pieces


def _running(key: str, middle: float, running: dict[str, float | None]) -> bool:
    """Whether text of this running key, standing at this height, is a running line."""
    if key not in running:
        return False
    height = running[key]
    return height is None or abs(middle - height) <= RUNNING_SAME_HEIGHT_PT


def _is_ornament(text: str) -> bool:
    """A single character alone on its line that is no letter or digit of the alphabet: an end
    mark, a dingbat (a font's own glyph may read as "Æ"), a bullet with nothing after it."""
    text = text.strip()
    return len(text) == 1 and not (text.isascii() and text.isalnum())


def _edge_number(text: str) -> str:
    """The number at either end of a line ("28" of "28 FREE CULTURE"), or ""."""
    match = _EDGE_DIGITS.match(text.strip())
    return (match[1] or match[2]) if match else ""


def looks_like_page_mark(text: str) -> bool:
    """A page number alone on its line ("12", "iv", "Page 3 of 9", "- 4 -", "(1)"), or a lone
    mark of at most two characters with no small letter (a printer's "Æ")."""
    text = text.strip()
    if _PAGE_NUMBER.match(text):
        return True
    return len(text) <= 2 and not any(c.islower() for c in text) and not text.isalpha()


def _line_numbers(page_rows: list[list[Segment]]) -> set[int]:
    """Line numbers printed before the lines of a bill or a transcript: a run of at least
    LINE_NUMBERS_MIN lines that begin with consecutive numbers. A number standing apart is
    furniture (its id is returned); one glued to its line's first word is cut off the text."""
    leading: list[tuple[int, int, Segment, int]] = []  # row, number, segment, characters
    for index, row in enumerate(page_rows):
        match = _LEADING_NUMBER.match(row[0].text)
        if match:
            leading.append((index, int(match[1]), row[0], match.end()))
    runs: list[list[tuple[int, int, Segment, int]]] = []
    for item in leading:
        last = runs[-1][-1] if runs else None
        if last is not None and item[1] == last[1] + 1 and item[0] - last[0] <= 2:
            runs[-1].append(item)
        else:
            runs.append([item])
    apart: set[int] = set()
    for run in runs:
        alone = sum(1 for _, _, segment, length in run if length >= len(segment.text))
        if len(run) < LINE_NUMBERS_MIN or alone < LINE_NUMBERS_APART_SHARE * len(run):
            continue  # a numbered list or a table of contents: its numbers are its own
        for _, _, segment, length in run:
            if length >= len(segment.text):
                apart.add(id(segment))
            else:
                segment.text = segment.text[length:]
    return apart


# -- reading order -----------------------------------------------------------------------------


def reading_order(segments: list[Segment]) -> list[list[Segment]]:
    """The page's regions in reading order: columns left to right, each top to bottom."""
    regions: list[list[Segment]] = []
    _cut(segments, regions)
    return regions


def _cut(segments: list[Segment], out: list[list[Segment]]) -> None:
    """Regions in reading order: the rows above the page's clearest band of columns, that band's
    columns left to right, then the rows below, each cut again the same way."""
    page_rows = rows(segments)
    band = _column_band(page_rows)
    if band is None:
        if segments:
            out.append(segments)
        return
    first, last, gutter = band
    inside = [s for row in page_rows[first : last + 1] for s in row]
    _cut([s for row in page_rows[:first] for s in row], out)
    _cut([s for s in inside if s.x1 <= gutter], out)
    _cut([s for s in inside if s.x1 > gutter], out)
    _cut([s for row in page_rows[last + 1 :] for s in row], out)


def _column_band(page_rows: list[list[Segment]]) -> tuple[int, int, float] | None:
    """The run of rows (first, last) that a vertical gutter at x runs through, with columns on
    both of its sides (``_are_columns``); of several, the one with the most rows written on both
    sides. A gap between two segments of a row is where a gutter may run; it runs on through the
    rows above and below while they leave a strip of at least GUTTER_MIN_PT free around it.
    A page of many dense rows is a large table, read row by row: no band."""
    if not page_rows:
        return None
    if sum(len(r) for r in page_rows) > TABLE_MIN_SEGMENTS and (
        statistics.median(len(r) for r in page_rows) >= TABLE_SEGMENTS_A_ROW
    ):
        return None
    best: tuple[tuple[int, int], tuple[int, int, float]] | None = None
    explored: list[tuple[int, int, float, float]] = []
    for index, row in enumerate(page_rows):
        for before, after in itertools.pairwise(row):
            low, high = before.x1, after.x0
            if high - low < GUTTER_MIN_PT or any(
                first <= index <= last and low < right and high > left
                for first, last, left, right in explored
            ):
                continue
            first = last = index
            while first > 0 and (free := _free(page_rows[first - 1], low, high)) is not None:
                (low, high), first = free, first - 1
            while (
                last + 1 < len(page_rows)
                and (free := _free(page_rows[last + 1], low, high)) is not None
            ):
                (low, high), last = free, last + 1
            explored.append((first, last, low, high))
            gutter = (low + high) / 2
            band = page_rows[first : last + 1]
            both = sum(1 for r in band if r[0].x1 <= gutter and r[-1].x0 >= gutter)
            if both >= 2 and _are_columns(band, gutter):
                score = (last - first, both)
                if best is None or score > best[0]:
                    best = (score, (first, last, gutter))
    return best[1] if best else None


def _are_columns(band: list[list[Segment]], gutter: float) -> bool:
    """Prose on both sides of the gutter (two columns of text, even narrow ones); or wide prose
    on the left and real text on the right (a paragraph beside a table); or prose on one side
    and text on the other whose lines do not keep to the prose's (a chart beside a paragraph, a
    sidebar). Not a table's rows, nor abbreviations or labels each beside its meaning."""
    left = [[s for s in row if s.x1 <= gutter] for row in band]
    right = [[s for s in row if s.x0 >= gutter] for row in band]
    left_width, right_width = _prose_width(left), _prose_width(right)
    if left_width >= COLUMN_PROSE_HEIGHTS and right_width >= COLUMN_PROSE_HEIGHTS:
        return True
    left_column = _is_column([s for row in left for s in row])
    right_column = _is_column([s for row in right for s in row])
    if left_width >= WIDE_PROSE_HEIGHTS and right_column:
        return True
    level = sum(
        1
        for row_left, row_right in zip(left, right, strict=True)
        if row_left and row_right and _level(row_left[-1], row_right[0])
    )
    aligned = level >= ALIGNED_ROWS_SHARE * len(band)
    prose_beside_text = (left_width >= COLUMN_PROSE_HEIGHTS and right_column) or (
        right_width >= COLUMN_PROSE_HEIGHTS and left_column
    )
    return prose_beside_text and not aligned


def _level(a: Segment, b: Segment) -> bool:
    """Two segments on one baseline: their bottoms or their tops level (a descender or a
    bracket moves one of them)."""
    slack = SAME_LINE_HEIGHTS * min(a.size, b.size)
    return abs(a.y0 - b.y0) <= slack or abs(a.y1 - b.y1) <= slack


def _prose_width(side: list[list[Segment]]) -> float:
    """How wide the side's lines usually are, in font heights: each row's widest segment (a
    line of prose is one segment, a table's row is many narrow cells)."""
    widths = [max((s.x1 - s.x0) / max(0.1, s.size) for s in row) for row in side if row]
    return statistics.median(widths) if widths else 0.0


def _free(row: list[Segment], low: float, high: float) -> tuple[float, float] | None:
    """What is left of the strip from ``low`` to ``high`` where the row's segments do not stand,
    when at least GUTTER_MIN_PT wide."""
    for segment in row:
        if segment.x1 <= low or segment.x0 >= high:
            continue
        if segment.x0 <= low and segment.x1 >= high:
            return None
        if segment.x0 <= low:
            low = segment.x1
        elif segment.x1 >= high or segment.x0 - low >= high - segment.x1:
            high = segment.x0
        else:
            low = segment.x1
    return (low, high) if high - low >= GUTTER_MIN_PT else None


def _is_column(segments: Sequence[Segment]) -> bool:
    """Real text, or a table's worth of it: not a list's bullets or a row of footnote numbers."""
    wide = any(s.x1 - s.x0 >= COLUMN_MIN_WIDTH_HEIGHTS * s.size for s in segments)
    return wide or sum(len(s.text) for s in segments) >= COLUMN_MIN_CHARS


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
    """The regions' rows as lines, in reading order, each knowing its region."""
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
