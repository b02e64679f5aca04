"""The article as a reader sees it: a title, comfortable lines, and highlights drawn where the
reader is looking (highlight_painter.py), the same way for every length.

Highlights never change the document. A long text goes in by slices, so that the window keeps
answering while it fills.
"""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import QEvent, QMimeData, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import (
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QMouseEvent,
    QPaintEvent,
    QResizeEvent,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextFormat,
)
from PySide6.QtWidgets import QTextEdit, QToolTip, QWidget

from reader.core.facts import shorten
from reader.core.highlights import Highlight, HighlightIndex, ProvisionalSection, describe_all
from reader.core.kinds import HighlightKind, Theme
from reader.core.loading import markdown_text, page_at
from reader.core.model import Analysis, Article
from reader.core.nlp import display_slices
from reader.core.offsets import Utf16Offsets
from reader.core.store import Note
from reader.core.thresholds import TEXT_SLICE_CHARS, UNSHAPED_FROM_CHARS
from reader.gui.formats import plain_tooltip
from reader.gui.highlight_painter import HighlightPainter

READING_FONTS = ["Charter", "Georgia", "Source Serif Pro", "Noto Serif", "DejaVu Serif", "Serif"]
DEFAULT_POINT_SIZE = 13.0
MIN_POINT_SIZE, MAX_POINT_SIZE = 8.0, 32.0
MEASURE_CHARS = 70  # a comfortable line length
MIN_SIDE_MARGIN = 24.0
CLICK_SLOP = 4  # pixels a press may move and still be a click, not a selection


class ArticleView(QTextEdit):
    highlight_clicked = Signal(object)  # reader.core.highlights.Highlight

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setFrameShape(QTextEdit.Shape.NoFrame)
        font = QFont()
        font.setFamilies(READING_FONTS)
        font.setPointSizeF(DEFAULT_POINT_SIZE)
        self.setFont(font)
        self.article: Article | None = None
        self.analysis: Analysis | None = None
        self.index: HighlightIndex | None = None
        self.sections: list[ProvisionalSection] = []  # parts of a long article, before the whole
        self.hidden_kinds: set[HighlightKind] = set()
        self.notes_index = HighlightIndex([])
        self.notes: dict[int, Note] = {}
        self._offsets = Utf16Offsets("")
        self._offsets_text = ""
        self._text_start = 0  # where the article's text begins, after the title block
        self.painter = HighlightPainter(self, self._highlights_between)
        self._press: QPoint | None = None
        self._slices: Iterator[str] | None = None  # the text still to go in, slice by slice
        self._unfilled = 0
        self._reveal_at: int | None = None  # an offset to bring to the top once it is filled
        # the reader went somewhere since the article was shown: its old place is not restored
        self._reader_moved = False
        self._select_when_filled: tuple[int, int] | None = None  # a match past the filled text
        # the reader scrolled: a place still waiting to be restored must not pull them back
        self.verticalScrollBar().actionTriggered.connect(self._forget_reveal)
        self._fill_timer = QTimer(self, singleShot=True, interval=0)
        self._fill_timer.timeout.connect(self._append_slice)
        # drawn in the same turn as the scroll, before the lines it brings are painted
        self.verticalScrollBar().valueChanged.connect(lambda _value: self.painter.follow_screen())
        self.viewport().installEventFilter(self)
        self.viewport().setMouseTracking(True)  # a hovered amount underlines what it measures

    # --- the text -------------------------------------------------------------------------

    def show_article(self, article: Article) -> None:
        """Paint the plain text at once; highlights come later with ``set_analysis``.

        Formats are set before the text goes in, so no pass over the whole document follows;
        a long text goes in by slices so that the window keeps answering while it fills."""
        self.article, self.analysis, self.index = article, None, None
        self._reveal_at = self._select_when_filled = None
        self._reader_moved = False
        self.sections = []
        self._offsets = Utf16Offsets(article.text)
        self._offsets_text = article.text
        self.notes, self.notes_index = {}, HighlightIndex([])
        self._slices = None
        self.painter.forget()
        self.clear()
        font = self.font()
        font.setStyleStrategy(
            QFont.StyleStrategy.PreferNoShaping
            if len(article.text) >= UNSHAPED_FROM_CHARS
            else QFont.StyleStrategy.PreferDefault
        )
        self.setFont(font)
        self._apply_measure(force=True)
        line_height = QFontMetricsF(self.font()).height()
        heading = QTextCharFormat()
        heading.setFontWeight(QFont.Weight.Bold)
        heading.setProperty(QTextFormat.Property.FontSizeAdjustment, 2)
        heading_block = QTextBlockFormat()
        heading_block.setBottomMargin(line_height)
        heading_block.setLineHeight(115, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        body = QTextBlockFormat()
        body.setLineHeight(140, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        if "\n\n" not in article.text:  # paragraphs one per line: space them
            body.setBottomMargin(line_height * 0.6)
        cursor = QTextCursor(self.document())
        cursor.setBlockFormat(heading_block)
        first_line, newline, rest = article.text.partition("\n")
        # No copies of the text: joining a newline to 5 MB took 13 ms.
        if first_line.strip() == article.title:  # the text opens with its title: the heading
            self._text_start = 0
            cursor.insertText(first_line, heading)
            text, has_body = rest, bool(newline)
        else:
            cursor.insertText(article.title, heading)
            self._text_start = cursor.position() + 1
            text, has_body = article.text, True
        if has_body:
            cursor.insertBlock(body, QTextCharFormat())
        # Qt lays out and re-highlights a paragraph as a whole: a 5 MB line froze the window for
        # seconds. A long line is shown as paragraphs of a few thousand characters, broken where
        # the analysis cuts it, at a space, so every offset stays the same.
        self._slices = display_slices(text, slice_chars=TEXT_SLICE_CHARS)
        self._unfilled = len(text)
        self._append_slice()
        self.moveCursor(QTextCursor.MoveOperation.Start)

    def _append_slice(self) -> None:
        head = next(self._slices, "") if self._slices is not None else ""
        cursor = QTextCursor(self.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertText(head)
        self._unfilled -= len(head)
        if self._reveal_at is not None and self._filled_up_to() > self._reveal_at:
            self._scroll_to_top(self._reveal_at)
        if self._select_when_filled and self._filled_up_to() > self._select_when_filled[1]:
            self.select_range(*self._select_when_filled)
        if self._unfilled > 0 and head:
            self._fill_timer.start()
        else:
            self._slices = None
        self.painter.follow_screen()  # the screen may show the new lines

    def first_offset_on_screen(self) -> int:
        """The article's offset at the top left of the view: where the reader is (or is about to
        be taken, while a long text is still filling)."""
        if self._reveal_at is not None:
            return self._reveal_at
        position = self.cursorForPosition(QPoint(0, 0)).position()
        return self.offset_of(position) or 0

    def _forget_reveal(self, _action: int = 0) -> None:
        """The reader's own move: a place still to be restored must not pull them back."""
        self._reveal_at, self._reader_moved = None, True

    def select_range(self, start: int, end: int) -> None:
        """Select and show a passage, once the text there is in; the reader's own move, so a
        place still waiting to be restored is dropped."""
        self._forget_reveal()
        if self._filled_up_to() <= end:
            self._select_when_filled = (start, end)
            return
        self._select_when_filled = None
        self.setTextCursor(self.cursor_for(start, end))
        self.ensureCursorVisible()

    def reveal(self, offset: int) -> None:
        """Scroll so that ``offset`` is at the top, once the text there is in (a long text fills
        slice by slice), unless the reader has already gone somewhere."""
        if self._reader_moved or self.article is None or not 0 < offset < len(self.article.text):
            return
        if self._filled_up_to() > offset:
            self._scroll_to_top(offset)
        else:
            self._reveal_at = offset

    def _filled_up_to(self) -> int:
        return len(self.article.text) - self._unfilled if self.article is not None else 0

    def _scroll_to_top(self, offset: int) -> None:
        self._reveal_at = None
        cursor = self.cursor_for(offset)
        self.setTextCursor(cursor)
        bar = self.verticalScrollBar()
        bar.setValue(bar.value() + self.cursorRect(cursor).top())

    def text_complete(self) -> bool:
        return self._slices is None

    def set_analysis(self, analysis: Analysis, index: HighlightIndex) -> None:
        self.analysis, self.index = analysis, index
        self.sections = []  # columns, not records: let go of at once
        self.refresh_highlights()

    def add_section(self, start: int, end: int, analysis: Analysis, index: HighlightIndex) -> None:
        """Provisional highlights of one part of a long article, shown until the whole analysis
        arrives. Only paragraphs on screen are repainted, so each part costs the same."""
        if self.index is not None:
            return
        self.sections.append(ProvisionalSection(start, end, analysis, index))
        self.painter.redraw_between(start, min(end, len(self._offsets_text)))

    def _highlights_between(self, start: int, end: int) -> list[Highlight]:
        """The highlights shown over [start, end): of every kind not hidden, and the notes."""
        found = self.notes_index.overlapping(start, end)
        for _, index in self._indexes(start, end):
            found += index.overlapping(start, end)
        return [h for h in found if h.kind not in self.hidden_kinds]

    def _indexes(self, start: int, end: int) -> list[tuple[Analysis, HighlightIndex]]:
        """The analyses that cover [start, end): the whole one, or the parts analysed so far."""
        if self.index is not None and self.analysis is not None:
            return [(self.analysis, self.index)]
        return [(p.analysis, p.index) for p in self.sections if p.start < end and p.end > start]

    def set_notes(self, notes: list[Note]) -> None:
        """The analyst's notes, marked like a highlighter over their passages."""
        self.notes = {note.id: note for note in notes}
        self.notes_index = HighlightIndex(
            [
                Highlight(n.anchor.start, n.anchor.end, "note", -1, n.id)
                for n in notes
                if n.status != "orphan" and n.anchor.end <= len(self._offsets_text)
            ]
        )
        self.refresh_highlights()

    def set_kind_visible(self, kind: HighlightKind, visible: bool) -> None:
        if visible:
            self.hidden_kinds.discard(kind)
        else:
            self.hidden_kinds.add(kind)
        self.refresh_highlights()

    def set_theme(self, theme: Theme) -> None:
        """The same highlights in the colours that read on the new page."""
        if theme != self.painter.theme:
            self.painter.theme = theme
            self.refresh_highlights()

    def refresh_highlights(self) -> None:
        """Those near the screen now, the others when they scroll into view."""
        self.painter.redraw()

    def set_point_size(self, size: float) -> float:
        size = max(MIN_POINT_SIZE, min(MAX_POINT_SIZE, size))
        font = self.font()
        font.setPointSizeF(size)
        self.setFont(font)
        self._apply_measure(force=True)
        self.painter.redraw()  # the lines moved
        return size

    # --- positions: article offsets (code points) <-> document positions (UTF-16) ----------

    def position_of(self, offset: int) -> int:
        return self._text_start + self._offsets.to_utf16(offset)

    def offset_of(self, position: int) -> int | None:
        if position < self._text_start:
            return None
        return self._offsets.from_utf16(position - self._text_start)

    def cursor_for(self, start: int, end: int | None = None) -> QTextCursor:
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.position_of(start))
        if end is not None:
            cursor.setPosition(self.position_of(end), QTextCursor.MoveMode.KeepAnchor)
        return cursor

    def offset_at(self, point: QPoint) -> int | None:
        """The article offset of the character under a viewport point, or None off the text."""
        cursor = self.cursorForPosition(point)
        rect = self.cursorRect(cursor)
        if not rect.top() - 2 <= point.y() <= rect.bottom() + 2:
            return None
        position = cursor.position()
        if point.x() < rect.left() and position > 0:
            position -= 1  # the cursor sits after the character the point is on
        if position >= self.document().characterCount() - 1:
            return None
        return self.offset_of(position)

    # --- moving the reader's eye -------------------------------------------------------------

    def show_fact(self, start: int, end: int, sentence_start: int, sentence_end: int) -> None:
        """Scroll the sentence to the upper part of the screen, select the span, flash the
        sentence so the eye finds it."""
        self._forget_reveal()  # the reader went somewhere: no jump back to the old place
        sentence = self.cursor_for(sentence_start)
        bar = self.verticalScrollBar()
        top = self.cursorRect(sentence).top()
        bar.setValue(bar.value() + top - self.viewport().height() // 4)
        self.setTextCursor(self.cursor_for(start, end))
        self.ensureCursorVisible()
        self.flash(sentence_start, sentence_end)

    def flash(self, start: int, end: int) -> None:
        self.painter.flash(start, end)

    def flashing(self) -> tuple[int, int] | None:
        """The span being flashed, if any."""
        return self.painter.flashing()

    def kinds_at(self, offset: int) -> set[str]:
        """The kinds drawn over the character at an offset (or that would be, off screen)."""
        return self.painter.kinds_at(offset)

    # --- copying ----------------------------------------------------------------------------

    def createMimeDataFromSelection(self) -> QMimeData:
        """The article's own words, as plain text: not the line breaks a long line is shown
        with, nor the highlights' formatting."""
        cursor = self.textCursor()
        mime = QMimeData()
        start = self.offset_of(cursor.selectionStart())
        end = self.offset_of(cursor.selectionEnd())
        if start is None or end is None:  # from a title shown above the text
            mime.setText(cursor.selection().toPlainText())
        else:
            mime.setText(self._offsets_text[start:end])
        return mime

    # --- clicks, hovers, size ----------------------------------------------------------------

    def visible_highlights_at(self, offset: int) -> list[Highlight]:
        return [h for h, _ in self._described_at(offset)]

    def _described_at(self, offset: int) -> list[tuple[Highlight, Analysis | None]]:
        """Highlights at an offset, the one a click means first, each with its analysis."""
        found: list[tuple[Highlight, Analysis | None]] = [
            (h, analysis)
            for analysis, index in self._indexes(offset, offset + 1)
            for h in index.at(offset)
        ]
        found += [(h, None) for h in self.notes_index.at(offset)]
        return [(h, a) for h, a in found if h.kind not in self.hidden_kinds]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.viewport():
            if event.type() == QEvent.Type.MouseButtonPress:
                assert isinstance(event, QMouseEvent)
                self._press = event.position().toPoint()
            elif event.type() == QEvent.Type.MouseButtonRelease and self._press is not None:
                assert isinstance(event, QMouseEvent)
                point = event.position().toPoint()
                moved = (point - self._press).manhattanLength()
                self._press = None
                if moved <= CLICK_SLOP:
                    self._clicked(point)
            elif event.type() == QEvent.Type.MouseMove:
                assert isinstance(event, QMouseEvent)
                self.hover_at(self.offset_at(event.position().toPoint()))
            elif event.type() == QEvent.Type.Leave:
                self.hover_at(None)
            elif event.type() == QEvent.Type.ToolTip:
                assert isinstance(event, QHelpEvent)
                self._show_tooltip(event)
                return True
        return super().eventFilter(watched, event)

    def _clicked(self, point: QPoint) -> None:
        offset = self.offset_at(point)
        found = self.visible_highlights_at(offset) if offset is not None else []
        if found:
            self.highlight_clicked.emit(found[0])

    def hover_at(self, offset: int | None) -> None:
        """The pointer is over ``offset`` (None: off the text): the words the amount or figure
        there measures are underlined, and nothing when it is over anything else."""
        self.painter.underline(self._measure_at(offset) if offset is not None else None)

    def _measure_at(self, offset: int) -> tuple[int, int] | None:
        for highlight, analysis in self._described_at(offset):
            if analysis is None or highlight.kind not in ("money", "figure"):
                continue
            items = analysis.money if highlight.kind == "money" else analysis.figures
            measure = items[highlight.item].measure
            if measure is not None:
                return measure.start, measure.end
        return None

    def tooltip_at(self, point: QPoint) -> str:
        offset = self.offset_at(point)
        if offset is None:
            return ""
        page = page_at(self.article, offset) if self.article is not None else None
        return _tooltip(self._described_at(offset), self.notes, page)

    def _show_tooltip(self, event: QHelpEvent) -> None:
        text = self.tooltip_at(event.pos())
        if text:
            QToolTip.showText(event.globalPos(), plain_tooltip(text), self.viewport())
        else:
            QToolTip.hideText()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        self.painter.embolden(event.rect())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._apply_measure()
        self.painter.follow_screen()

    def _apply_measure(self, force: bool = False) -> None:
        """Keep lines near 70 characters, centred, however wide the window."""
        measure = QFontMetricsF(self.font()).averageCharWidth() * MEASURE_CHARS
        side = max(MIN_SIDE_MARGIN, (self.viewport().width() - measure) / 2)
        root = self.document().rootFrame()
        fmt = root.frameFormat()
        if not force and abs(fmt.leftMargin() - side) < 1:
            return
        fmt.setLeftMargin(side)
        fmt.setRightMargin(side)
        fmt.setTopMargin(MIN_SIDE_MARGIN * 1.5)
        fmt.setBottomMargin(MIN_SIDE_MARGIN * 3)
        root.setFrameFormat(fmt)


def _tooltip(
    described: list[tuple[Highlight, Analysis | None]], notes: dict[int, Note], page: int | None
) -> str:
    """What the highlights at one place mean: each analysis's together, so that a fact several
    of them mark is told once, then the analyst's notes, then the page."""
    found: list[tuple[Analysis, list[Highlight]]] = []
    told: list[str] = []
    for highlight, analysis in described:
        if analysis is None:  # the analyst's note
            note = notes[highlight.item]
            tags = f"\nTags: {', '.join(note.tags)}" if note.tags else ""
            body = shorten(markdown_text(note.body), 300) or "(no text)"
            told.append(f"Your note: {body}{tags}")
        elif found and found[-1][0] is analysis:
            found[-1][1].append(highlight)
        else:
            found.append((analysis, [highlight]))
    tips = [tip for analysis, marked in found for tip in describe_all(marked, analysis)]
    tips += told
    if tips and page is not None:
        tips.append(f"Page {page}")
    return "\n\n".join(tips)
