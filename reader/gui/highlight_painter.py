"""The highlights drawn over the text where the reader looks, the same way for every length.

Only the highlights of the lines on screen and of a screenful either side are drawn, as Qt's
extra selections, and drawn again when the screen moves past them. Drawn over the laid-out text,
they never make Qt lay a paragraph out again: highlights set as a paragraph's formats did, and
moved every line below it, 30-38 ms for a paragraph near the top of a 5 MB text. So a highlight
cannot change the font: a bold kind's letters are drawn a second time, a fraction of a pixel to
the right, which thickens them without widening them. (A text outline does the same, but Qt
then draws every letter of the line as a path: 80 ms a screen instead of 6.)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, QTimer
from PySide6.QtGui import (
    QColor,
    QFontInfo,
    QPainter,
    QRegion,
    QTextBlock,
    QTextCharFormat,
    QTextCursor,
    QTextLayout,
    QTextLine,
)
from PySide6.QtWidgets import QTextEdit

from reader.core.highlights import Highlight
from reader.core.kinds import KIND_STYLES, HighlightKind, Theme
from reader.gui.formats import KIND_PROPERTY, kind_format

if TYPE_CHECKING:
    from reader.gui.article_view import ArticleView

FLASH_MS = 1200
# Screens drawn above and below the one shown, so that a scroll finds its highlights ready;
# past them they are drawn in the same turn of the event loop as the scroll, before it paints.
MARGIN_SCREENS = 1
EMPHASIS = 0.04  # how far a bold kind's second stroke is moved, as a share of the font's height

# Which highlight's colour shows where several overlap: the speaker's beats a name's, the
# analyst's note washes over a quote's.
_PAINT_ORDER: dict[HighlightKind, int] = {
    "content": 0,
    "other": 1,
    "date": 1,
    "place": 1,
    "organisation": 1,
    "person": 1,
    "money": 2,
    "figure": 2,
    "cue": 3,
    "speaker": 3,
    "review": 4,  # over the speaker: a guess must look like one
    "corrected": 4,
    "note": 5,  # the analyst's own mark is the one that must show
}

Highlights = Callable[[int, int], list[Highlight]]


class HighlightPainter:
    """Draws ``highlights(start, end)`` (article offsets) over the view's text near the screen,
    and a flash over them."""

    def __init__(self, view: ArticleView, highlights: Highlights) -> None:
        self._view, self._highlights = view, highlights
        self.theme: Theme = "light"
        self._drawn: list[QTextEdit.ExtraSelection] = []
        self._bold: list[Highlight] = []  # drawn in a bold kind's colour, to be thickened
        self._covered: tuple[int, int] | None = None  # document positions drawn; None: redraw
        self._flash: tuple[int, int] | None = None
        self._underline: tuple[int, int] | None = None  # the hovered amount's measure
        self._flash_timer = QTimer(view, singleShot=True, interval=FLASH_MS)
        self._flash_timer.timeout.connect(self._end_flash)

    def forget(self) -> None:
        """A new text: nothing drawn, nothing flashing."""
        self._drawn, self._bold, self._covered, self._flash = [], [], None, None
        self._underline = None
        self._flash_timer.stop()
        self._view.setExtraSelections([])

    def redraw(self) -> None:
        """What is to be drawn changed: the screen's highlights again, now."""
        self._covered = None
        self.follow_screen()

    def redraw_between(self, start: int, end: int) -> None:
        """The highlights of [start, end) changed: drawn again only if they are near the screen,
        so each part of a long article that arrives costs the same."""
        first, last = self._view.position_of(start), self._view.position_of(end)
        if self._covered is not None and self._covered[0] < last and first < self._covered[1]:
            self._covered = None
        self.follow_screen()

    def follow_screen(self) -> None:
        """The screen may show other lines: draw those near it if it left the ones drawn."""
        top, bottom = self._screen(0, 1)
        covered = self._covered
        if covered is not None and covered[0] <= top and bottom <= covered[1]:
            return
        first, last = self._screen(-MARGIN_SCREENS, 1 + MARGIN_SCREENS)
        document = self._view.document()
        first = document.findBlock(first).position()
        last_block = document.findBlock(last)
        last = last_block.position() + last_block.length() - 1
        found = self._found(first, last)
        self._drawn = [
            self._selection(h.start, h.end, kind_format(h.kind, self.theme)) for h in found
        ]
        self._bold = [h for h in found if KIND_STYLES[h.kind].bold and self._shows(h)]
        self._covered = (first, last)
        self._show()

    def _screen(self, top: float, bottom: float) -> tuple[int, int]:
        """The document positions at the top left and bottom right of the viewport moved by
        ``top`` and ``bottom`` of its heights."""
        viewport = self._view.viewport()
        height = viewport.height()
        first = self._view.cursorForPosition(QPoint(0, int(top * height))).position()
        last = self._view.cursorForPosition(QPoint(viewport.width(), int(bottom * height)))
        return first, last.position()

    def _found(self, first: int, last: int) -> list[Highlight]:
        """What is drawn between two document positions, in the order Qt must draw it."""
        start, end = self._view.offset_of(first), self._view.offset_of(last)
        if start is None or end is None or end <= start:
            return []
        return sorted(self._highlights(start, end), key=_drawing_order)

    def _shows(self, highlight: Highlight) -> bool:
        """Whether a coloured highlight's colour is the one drawn: no coloured one drawn before
        it (the first wins) overlaps it."""
        order = _drawing_order(highlight)
        return all(
            _drawing_order(h) >= order or KIND_STYLES[h.kind].background
            for h in self._highlights(highlight.start, highlight.end)
        )

    def _selection(self, start: int, end: int, fmt: QTextCharFormat) -> QTextEdit.ExtraSelection:
        selection = QTextEdit.ExtraSelection()
        document = self._view.document()
        last = document.characterCount() - 1  # a text still filling ends before the analysis
        cursor = QTextCursor(document)
        cursor.setPosition(min(last, self._view.position_of(start)))
        cursor.setPosition(min(last, self._view.position_of(end)), QTextCursor.MoveMode.KeepAnchor)
        selection.cursor, selection.format = cursor, fmt
        return selection

    def _show(self) -> None:
        shown = list(self._drawn)
        if self._underline is not None:
            shown.append(self._selection(*self._underline, _underline_format(self.theme)))
        if self._flash is not None:
            wash = QColor("#60a5fa")  # not the notes' amber
            wash.setAlpha(90)
            fmt = QTextCharFormat()
            fmt.setBackground(wash)
            shown.append(self._selection(*self._flash, fmt))
        self._view.setExtraSelections(shown)

    def embolden(self, area: QRect) -> None:
        """Draw the bold kinds' letters in ``area`` of the viewport again, moved right by a
        fraction of a pixel and clipped to their own lines, once Qt has painted the text."""
        view = self._view
        document, layout = view.document(), view.document().documentLayout()
        corner = QPointF(-view.horizontalScrollBar().value(), -view.verticalScrollBar().value())
        shift = QPointF(QFontInfo(view.font()).pixelSize() * EMPHASIS, 0)
        painter: QPainter | None = None
        ranges: dict[int, list[QTextLayout.FormatRange]] = {}
        for highlight in self._bold:
            first, after = view.position_of(highlight.start), view.position_of(highlight.end)
            block = document.findBlock(first)
            while block.isValid() and block.position() < after:
                if layout.blockBoundingRect(block).translated(corner).intersects(QRectF(area)):
                    span = QTextLayout.FormatRange()
                    span.start = max(first, block.position()) - block.position()
                    span.length = min(after - block.position(), block.length()) - span.start
                    span.format = kind_format(highlight.kind, self.theme)
                    ranges.setdefault(block.blockNumber(), []).append(span)
                block = block.next()
        for number, spans in ranges.items():
            painter = painter or QPainter(view.viewport())
            block = document.findBlockByNumber(number)
            painter.save()
            painter.setClipRegion(_region(block, spans, corner).intersected(area))
            block.layout().draw(painter, corner + shift, spans, QRectF(area))
            painter.restore()
        if painter is not None:
            painter.end()

    def kinds_at(self, offset: int) -> set[str]:
        """The kinds drawn over the character at ``offset``, or that would be if it were near
        the screen."""
        position = self._view.position_of(offset)
        return {
            str(kind_format(h.kind, self.theme).property(KIND_PROPERTY))
            for h in self._found(position, position + 1)
            if self._view.position_of(h.start) <= position < self._view.position_of(h.end)
        }

    # --- the words a hovered amount or figure measures ---------------------------------------

    def underline(self, span: tuple[int, int] | None) -> None:
        """Underline lightly the words ``span`` (article offsets): what the amount or figure under
        the pointer measures (issue 33); None takes the underline away."""
        if span != self._underline:
            self._underline = span
            self._show()

    def underlined(self) -> tuple[int, int] | None:
        """The span underlined, if any."""
        return self._underline

    # --- the flash that shows the eye where a fact is -------------------------------------------

    def flash(self, start: int, end: int) -> None:
        self._flash = (start, end)
        self._show()
        self._flash_timer.start()

    def _end_flash(self) -> None:
        self._flash = None
        self._show()

    def flashing(self) -> tuple[int, int] | None:
        """The span being flashed, if any."""
        return self._flash


def _region(block: QTextBlock, spans: list[QTextLayout.FormatRange], corner: QPointF) -> QRegion:
    """Where the spans' letters are in the viewport, whose top left is at ``corner`` of the
    document: a rectangle for each line of each."""
    region = QRegion()
    layout = block.layout()
    top_left = corner + layout.position()
    for span in spans:
        end = span.start + span.length
        line = layout.lineForTextPosition(span.start)
        while line.isValid() and line.textStart() < end:
            left = _x(line, max(span.start, line.textStart()))
            right = _x(line, min(end, line.textStart() + line.textLength()))
            box = QRectF(left, line.y(), right - left, line.height()).translated(top_left)
            region += box.toAlignedRect()
            line = layout.lineAt(line.lineNumber() + 1)
    return region


def _x(line: QTextLine, position: int) -> float:
    """Where a position in the block is on its line (PySide gives it with the position)."""
    found = line.cursorToX(position)
    assert isinstance(found, tuple)
    return float(found[0])


def _underline_format(theme: Theme) -> QTextCharFormat:
    """A thin, faint line under the words: seen when looked for, not read as a highlight."""
    colour = QColor("#9ca3af" if theme == "dark" else "#6b7280")
    colour.setAlpha(170)
    fmt = QTextCharFormat()
    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
    fmt.setUnderlineColor(colour)
    return fmt


def _drawing_order(highlight: Highlight) -> tuple[bool, int]:
    """Washes first, each over the last; then coloured words, where the first drawn wins (Qt
    draws no second colour over a word already coloured)."""
    order = _PAINT_ORDER[highlight.kind]
    return (True, -order) if not KIND_STYLES[highlight.kind].background else (False, order)
