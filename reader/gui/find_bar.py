"""Find in the article (Ctrl+F): a bar over the text with the phrase, the match count and
next and previous. The facts panel has its own filter; this searches the words on the page."""

from __future__ import annotations

import bisect

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QLineEdit, QToolButton

from reader.core.find import MAX_MATCHES, find_all
from reader.gui.article_view import ArticleView

FIND_DELAY_MS = 150  # typing is not slowed by searching a long report at every key


class FindBar(QFrame):
    def __init__(self, view: ArticleView) -> None:
        super().__init__()
        self.setObjectName("findBar")
        self.view = view
        self.matches: list[tuple[int, int]] = []
        self._more = False  # more matches than MAX_MATCHES
        self.current = -1
        self.field = QLineEdit(placeholderText="Find in the article", clearButtonEnabled=True)
        self.field.setAccessibleName("Find in the article")
        self.count = QLabel(textFormat=Qt.TextFormat.PlainText)
        self.count.setMinimumWidth(110)
        previous = _button("▲")
        previous.setToolTip("Previous match (Shift+F3, Shift+Enter)")
        previous.clicked.connect(lambda: self.step(-1))
        following = _button("▼")
        following.setToolTip("Next match (F3, Enter)")
        following.clicked.connect(lambda: self.step(+1))
        close = _button("✕")
        close.setToolTip("Close (Esc)")
        close.clicked.connect(self.close_bar)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 4, 6, 4)
        layout.addWidget(self.field, 1)
        layout.addWidget(self.count)
        layout.addWidget(previous)
        layout.addWidget(following)
        layout.addWidget(close)
        self._timer = QTimer(self, singleShot=True, interval=FIND_DELAY_MS)
        self._timer.timeout.connect(self.search)
        self.field.textChanged.connect(lambda _text: self._timer.start())
        self.field.installEventFilter(self)
        self.hide()

    def open_bar(self) -> None:
        """Show the bar with the phrase selected, or the words selected in the text."""
        selected = self.view.textCursor().selectedText().strip()
        if selected and "\u2029" not in selected and len(selected) <= 100:
            self.field.setText(selected)
        self.show()
        self.field.setFocus()
        self.field.selectAll()
        self.search()

    def close_bar(self) -> None:
        self.hide()
        self.view.setFocus()

    def search(self) -> None:
        """All matches of the phrase; the current one is the first from where the reader is."""
        self._timer.stop()
        article = self.view.article
        phrase = self.field.text()
        # one past the limit, to know that there are more
        found = find_all(article.text, phrase, MAX_MATCHES + 1) if article is not None else []
        self.matches, self._more = found[:MAX_MATCHES], len(found) > MAX_MATCHES
        if not self.matches:
            self.current = -1
            self.count.setText("No matches" if phrase.strip() else "")
            return
        here = self.view.offset_of(self.view.textCursor().selectionStart()) or 0
        starts = [start for start, _ in self.matches]
        self.current = bisect.bisect_left(starts, here) % len(self.matches)
        self._show_current()

    def step(self, step: int) -> None:
        if self._timer.isActive() or not self.matches:
            self.search()
            if not self.matches or step > 0:
                return
        self.current = (self.current + step) % len(self.matches)
        self._show_current()

    def find_next(self, step: int = +1) -> None:
        """F3 and Shift+F3: the next or previous match, or the bar opened if it is closed."""
        if self.isHidden():
            self.open_bar()
        else:
            self.step(step)

    def refresh(self) -> None:
        """Another article is shown: its own matches, or none."""
        self.matches, self.current = [], -1
        if self.isVisible():
            self.search()

    def _show_current(self) -> None:
        self.view.select_range(*self.matches[self.current])
        more = "+" if self._more else ""
        self.count.setText(f"{self.current + 1:,} of {len(self.matches):,}{more}")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.field and isinstance(event, QKeyEvent):
            key, shift = event.key(), event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            if event.type() == QEvent.Type.ShortcutOverride and key == Qt.Key.Key_Escape:
                event.accept()  # Esc closes the bar, not the window's "cancel fetching"
                return True
            if event.type() == QEvent.Type.KeyPress:
                if key == Qt.Key.Key_Escape:
                    self.close_bar()
                    return True
                if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                    self.step(-1 if shift else +1)
                    return True
                if event.matches(QKeySequence.StandardKey.FindNext):
                    self.step(+1)
                    return True
                if event.matches(QKeySequence.StandardKey.FindPrevious):
                    self.step(-1)
                    return True
        return super().eventFilter(watched, event)


def _button(text: str) -> QToolButton:
    button = QToolButton(autoRaise=True)
    button.setText(text)
    return button
