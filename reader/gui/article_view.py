"""The article as a reader sees it: a title, comfortable lines, and highlights painted only where
the reader is looking.

Highlights never change the document. They are layout formats set block by block (the way
QSyntaxHighlighter works) for the paragraphs on screen, so a million-character report with tens
of thousands of spans shows at once, scrolls smoothly and toggles a kind instantly. Past
DRAWN_FROM_CHARS they are not even formats but drawn over the text, so that Qt never lays a
multi-megabyte text out again for them.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator

from PySide6.QtCore import QEvent, QMimeData, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QMouseEvent,
    QResizeEvent,
    QTextBlock,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextFormat,
    QTextLayout,
)
from PySide6.QtWidgets import QTextEdit, QToolTip, QWidget

from reader.core.facts import shorten
from reader.core.highlights import Highlight, HighlightIndex, ProvisionalSection, describe_all
from reader.core.kinds import KIND_STYLES, HighlightKind, Theme
from reader.core.loading import markdown_text, page_at
from reader.core.model import Analysis, Article
from reader.core.nlp import display_slices
from reader.core.offsets import Utf16Offsets
from reader.core.store import Note
from reader.gui.formats import KIND_PROPERTY, kind_format, plain_tooltip

READING_FONTS = ["Charter", "Georgia", "Source Serif Pro", "Noto Serif", "DejaVu Serif", "Serif"]
DEFAULT_POINT_SIZE = 13.0
MIN_POINT_SIZE, MAX_POINT_SIZE = 8.0, 32.0
MEASURE_CHARS = 70  # a comfortable line length
MIN_SIDE_MARGIN = 24.0
# Paragraphs highlighted beyond the screen, so scrolling shows them ready: this many, and at most
# this many characters (an article on one line is shown in paragraphs of 3,000), one turn of the
# event loop after the screen itself.
PREFETCH_BLOCKS = 8
PREFETCH_CHARS = 6_000
FLASH_MS = 1200
TEXT_SLICE_CHARS = 20_000  # under 20 ms of Qt's time per slice of a long text
# Qt lays a long document out in the background in steps that grow to 200,000 characters; with
# text shaping such a step froze the window ~100 ms, without it ~35 ms. Latin text only loses
# kerning and ligatures, so long documents give them up and articles keep them.
UNSHAPED_FROM_CHARS = 150_000
CLICK_SLOP = 4  # pixels a press may move and still be a click, not a selection
# Past this length highlights are drawn over the text (Qt's extra selections) instead of being set
# as the paragraphs' formats. New formats make Qt lay their paragraph out again and then move every
# line below it: 30-38 ms for a paragraph near the top of a 5 MB text even with nothing else
# running, and a scroll step paints two. Drawn highlights cannot change the font, so long
# documents give up bold and italic in them, as they give up kerning.
DRAWN_FROM_CHARS = 500_000

# Paint order: later ranges win where properties clash, so the speaker's colour beats a name's
# and a note's wash beats a quote's.
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
        self._version = 0  # bumped whenever what a block should show changes
        self.theme: Theme = "light"
        self._press: QPoint | None = None
        self._paint_timer = QTimer(self, singleShot=True, interval=0)
        self._paint_timer.timeout.connect(self._highlight_visible_blocks)
        self._prefetch_timer = QTimer(self, singleShot=True, interval=0)
        self._prefetch_timer.timeout.connect(self._highlight_nearby_blocks)
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
        # a long document's highlights, by paragraph number: drawn, not set as formats
        self._drawn: dict[int, list[QTextEdit.ExtraSelection]] | None = None
        self._flash: QTextEdit.ExtraSelection | None = None
        self._flash_timer = QTimer(self, singleShot=True, interval=FLASH_MS)
        self._flash_timer.timeout.connect(self._end_flash)
        # not connected to start() directly: start(int) would take the scroll value as its interval
        self.verticalScrollBar().valueChanged.connect(lambda _value: self._paint_timer.start())
        self.viewport().installEventFilter(self)

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
        self._flash = None
        self._drawn = {} if len(article.text) >= DRAWN_FROM_CHARS else None
        self.setExtraSelections([])
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
            self._paint_timer.start()

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
        # Only the paragraphs of this part change: the screen is repainted only if it shows
        # them (repainting it for every part of a 5 MB article stalled the window each time).
        block = self.document().findBlock(self.position_of(start))
        last = self.position_of(min(end, len(self._offsets_text)))
        while block.isValid() and block.position() <= last:
            block.setUserState(-1)
            block = block.next()
        self._highlight_visible_blocks()

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
        if theme != self.theme:
            self.theme = theme
            self.refresh_highlights()

    def refresh_highlights(self) -> None:
        """Paragraphs on screen now, the others when they scroll into view."""
        self._version += 1
        self._highlight_visible_blocks()

    def set_point_size(self, size: float) -> float:
        size = max(MIN_POINT_SIZE, min(MAX_POINT_SIZE, size))
        font = self.font()
        font.setPointSizeF(size)
        self.setFont(font)
        self._apply_measure(force=True)
        self._paint_timer.start()
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
        self._highlight_visible_blocks()

    def flash(self, start: int, end: int) -> None:
        wash = QColor("#60a5fa")  # not the notes' amber
        wash.setAlpha(90)
        fmt = QTextCharFormat()
        fmt.setBackground(wash)
        self._flash = self._selection(self.position_of(start), self.position_of(end), fmt)
        self._show_selections()
        self._flash_timer.start()

    def _end_flash(self) -> None:
        self._flash = None
        self._show_selections()

    def flashing(self) -> tuple[int, int] | None:
        """The span being flashed, if any."""
        if self._flash is None:
            return None
        start = self.offset_of(self._flash.cursor.selectionStart())
        end = self.offset_of(self._flash.cursor.selectionEnd())
        return None if start is None or end is None else (start, end)

    def _selection(self, first: int, after: int, fmt: QTextCharFormat) -> QTextEdit.ExtraSelection:
        selection = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.document())
        cursor.setPosition(first)
        cursor.setPosition(after, QTextCursor.MoveMode.KeepAnchor)
        selection.cursor, selection.format = cursor, fmt
        return selection

    def _show_selections(self) -> None:
        """What is drawn over the text: a long document's highlights on and near the screen, then
        the flash over them."""
        drawn: list[QTextEdit.ExtraSelection] = []
        screen = self._screen_blocks() if self._drawn else None
        if self._drawn and screen is not None:
            document = self.document()
            near = range(
                max(0, screen[0].blockNumber() - PREFETCH_BLOCKS),
                screen[1].blockNumber() + PREFETCH_BLOCKS + 1,
            )
            # Each drawn highlight holds a cursor the document keeps up to date: only those
            # near the screen are kept, and the paragraphs left behind are made again if seen.
            for number in [n for n in self._drawn if n not in near]:
                del self._drawn[number]
                document.findBlockByNumber(number).setUserState(-1)
            for number in near:
                found = self._drawn.get(number)
                if found and document.findBlockByNumber(number).userState() == self._version:
                    drawn += found
        self.setExtraSelections(drawn + ([self._flash] if self._flash is not None else []))

    # --- highlights, block by block -------------------------------------------------------------

    def kinds_at(self, offset: int) -> set[str]:
        """The kinds whose formats the layout holds (or that are drawn) at an offset: what is
        painted there."""
        position = self.position_of(offset)
        block = self.document().findBlock(position)
        if self._drawn is not None:
            self._set_block_formats(block)  # made now, also off screen: drawing would drop it
            return {
                str(s.format.property(KIND_PROPERTY))
                for s in self._drawn.get(block.blockNumber(), [])
                if s.cursor.selectionStart() <= position < s.cursor.selectionEnd()
            }
        self._highlight_block(block)
        within = position - block.position()
        return {
            str(r.format.property(KIND_PROPERTY))
            for r in block.layout().formats()
            if r.start <= within < r.start + r.length
        }

    def _highlight_visible_blocks(self) -> None:
        """The paragraphs on screen now; those around them at the next turn of the event loop,
        once the whole analysis is in. Until then the model keeps both cores busy, and each
        paragraph painted near the top of a 5 MB text, which moves every line below it, took
        up to 100 ms: those scrolled to are painted as they come into view."""
        screen = self._screen_blocks()
        if screen is not None:
            self._paint_blocks(screen[0], screen[1].blockNumber())
            if self.index is not None or not self.sections:
                self._prefetch_timer.start()

    def _screen_blocks(self) -> tuple[QTextBlock, QTextBlock] | None:
        """The first and last paragraphs on screen; None when there is nothing to paint."""
        if self.index is None and not self.sections and not self.notes:
            return None
        viewport = self.viewport()
        first = self.cursorForPosition(QPoint(0, 0)).block()
        return first, self.cursorForPosition(QPoint(viewport.width(), viewport.height())).block()

    def _highlight_nearby_blocks(self) -> None:
        """One paragraph near the screen per turn of the event loop, until those within reach
        of a scroll are done: at once, they held the window 115 ms while a long article was
        being analysed."""
        screen = self._screen_blocks()
        if screen is None:
            return
        first, last = screen
        for block in itertools.chain(
            _walk(last, QTextBlock.next), _walk(first, QTextBlock.previous)
        ):
            if block.userState() != self._version:
                self._highlight_block(block)
                self._prefetch_timer.start()
                return

    def _paint_blocks(self, block: QTextBlock, stop: int) -> None:
        """Set the formats of the blocks from ``block`` to number ``stop`` that lack the current
        ones, then have them laid out again in one go (one call per block costs ms each)."""
        dirty_from = dirty_to = -1
        while block.isValid() and block.blockNumber() <= stop:
            if block.userState() != self._version:
                self._set_block_formats(block)
                if dirty_from < 0:
                    dirty_from = block.position()
                dirty_to = block.position() + block.length()
            block = block.next()
        if self._drawn is not None:
            self._show_selections()  # the screen moved, or what it shows changed
        elif dirty_from >= 0:
            self.document().markContentsDirty(dirty_from, dirty_to - dirty_from)

    def _highlight_block(self, block: QTextBlock) -> None:
        self._set_block_formats(block)
        if self._drawn is not None:
            self._show_selections()
        else:
            self.document().markContentsDirty(block.position(), block.length())

    def _set_block_formats(self, block: QTextBlock) -> None:
        position, length = block.position(), block.length()
        ranges: list[QTextLayout.FormatRange] = []
        start, end = self.offset_of(position), self.offset_of(position + length - 1)
        if start is not None and end is not None and end > start:
            found = self.notes_index.overlapping(start, end)
            for _, index in self._indexes(start, end):
                found += index.overlapping(start, end)
            found = [h for h in found if h.kind not in self.hidden_kinds]
            found.sort(key=_drawing_order if self._drawn is not None else _painting_order)
            for highlight in found:
                first = max(self.position_of(highlight.start), position)
                after = min(self.position_of(highlight.end), position + length - 1)
                if after <= first:
                    continue
                span = QTextLayout.FormatRange()
                span.start, span.length = first - position, after - first
                span.format = kind_format(highlight.kind, self.theme)
                ranges.append(span)
        if self._drawn is not None:
            self._drawn[block.blockNumber()] = [
                self._selection(position + r.start, position + r.start + r.length, r.format)
                for r in ranges
            ]
        else:
            block.layout().setFormats(ranges)
        block.setUserState(self._version)

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

    def tooltip_at(self, point: QPoint) -> str:
        offset = self.offset_at(point)
        if offset is None:
            return ""
        page = page_at(self.article, offset) if self.article is not None else None
        # each analysis's highlights together, so that a fact several of them mark is told once
        found: list[tuple[Analysis, list[Highlight]]] = []
        notes: list[str] = []
        for highlight, analysis in self._described_at(offset):
            if analysis is None:  # the analyst's note
                note = self.notes[highlight.item]
                tags = f"\nTags: {', '.join(note.tags)}" if note.tags else ""
                body = shorten(markdown_text(note.body), 300) or "(no text)"
                notes.append(f"Your note: {body}{tags}")
            elif found and found[-1][0] is analysis:
                found[-1][1].append(highlight)
            else:
                found.append((analysis, [highlight]))
        tips = [tip for analysis, marked in found for tip in describe_all(marked, analysis)]
        tips += notes
        if tips and page is not None:
            tips.append(f"Page {page}")
        return "\n\n".join(tips)

    def _show_tooltip(self, event: QHelpEvent) -> None:
        text = self.tooltip_at(event.pos())
        if text:
            QToolTip.showText(event.globalPos(), plain_tooltip(text), self.viewport())
        else:
            QToolTip.hideText()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._apply_measure()
        self._paint_timer.start()

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


def _painting_order(highlight: Highlight) -> int:
    return _PAINT_ORDER[highlight.kind]


def _drawing_order(highlight: Highlight) -> tuple[bool, int]:
    """Drawn highlights: washes first, each over the last; then coloured words, where the first
    drawn wins (Qt draws no second colour over a word already coloured)."""
    order = _PAINT_ORDER[highlight.kind]
    return (True, -order) if not KIND_STYLES[highlight.kind].background else (False, order)


def _walk(start: QTextBlock, step: Callable[[QTextBlock], QTextBlock]) -> Iterator[QTextBlock]:
    """The paragraphs next to ``start`` in one direction, up to PREFETCH_BLOCKS of them or
    PREFETCH_CHARS of text."""
    block, chars = step(start), 0
    for _ in range(PREFETCH_BLOCKS):
        if not block.isValid() or chars >= PREFETCH_CHARS:
            return
        yield block
        chars += block.length()
        block = step(block)
