"""The analyst's own work in the window: the note editor and the notes list."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reader.core.facts import shorten
from reader.core.loading import markdown_text
from reader.core.store import Note
from reader.gui.formats import plain_tooltip

NOTE_ROLE = Qt.ItemDataRole.UserRole + 2
ARTICLE_ROLE = Qt.ItemDataRole.UserRole + 3
_STATUS_MARKS = {"check": " ⚠ check the position", "orphan": " ⚠ passage no longer in the text"}


def parse_tags(text: str) -> list[str]:
    return [tag.strip().lstrip("#") for tag in text.split(",") if tag.strip().lstrip("#")]


class NoteDialog(QDialog):
    """Write or edit a note: Markdown body and comma-separated tags. Saving asks
    (``save_requested``) and the dialog closes only once told the note is ``saved``: a note
    whose save failed stays on screen, with why, to be saved again or copied."""

    save_requested = Signal()

    def __init__(self, parent: QWidget, quote: str, body: str = "", tags: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("Note")
        self.setMinimumWidth(480)
        passage = QLabel(f"“{shorten(quote, 240)}”")
        passage.setTextFormat(Qt.TextFormat.PlainText)  # the article's words, never markup
        passage.setWordWrap(True)
        self.body = QPlainTextEdit(body)
        self.body.setPlaceholderText("Your note (Markdown) — Ctrl+Enter saves, Esc cancels")
        self.body.setTabChangesFocus(True)  # Tab moves on to the tags, as in every form
        self.tags = QLineEdit(tags, placeholderText="tags, separated by commas")
        self.problem = QLabel(textFormat=Qt.TextFormat.PlainText, wordWrap=True)
        self.problem.setStyleSheet("color: #b3261e")
        self.problem.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        # Enter in the body starts a new line: Ctrl+Enter saves from anywhere in the dialog
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.accept)
        form = QFormLayout()
        form.addRow(QLabel("Tags", textFormat=Qt.TextFormat.PlainText), self.tags)
        layout = QVBoxLayout(self)
        layout.addWidget(passage)
        layout.addWidget(self.body, 1)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.body.setFocus()
        self._saving = False

    def accept(self) -> None:
        """Save: ask, and wait for the answer (``saved`` or ``not_saved``)."""
        if self._saving:  # asked already; a second Ctrl+Enter must not save twice
            return
        self._saving = True
        self.problem.hide()
        self.save_requested.emit()

    def saved(self) -> None:
        self._saving = False
        super().accept()
        parent = self.parentWidget()
        if parent is not None:  # closed from an answer, not a key: the window takes the keys
            parent.activateWindow()

    def not_saved(self, why: str) -> None:
        """The text stays as written: the analyst tries again, or copies it."""
        self._saving = False
        self.problem.setText(f"The note was not saved: {why}")
        self.problem.show()


class NotesPanel(QWidget):
    note_chosen = Signal(int)
    edit_requested = Signal(int)
    delete_requested = Signal(int)

    def __init__(self) -> None:
        super().__init__()
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.itemClicked.connect(self._chosen)
        self.list.itemActivated.connect(self._chosen)
        self.empty = QLabel(
            "No notes yet. Select a passage and press Ctrl+Shift+N to add one.", wordWrap=True
        )
        self.empty.setTextFormat(Qt.TextFormat.PlainText)
        self.empty.setEnabled(False)
        edit = QPushButton("Edit…")
        edit.clicked.connect(lambda: self._request(self.edit_requested))
        delete = QPushButton("Delete")
        delete.clicked.connect(lambda: self._request(self.delete_requested))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(edit)
        buttons.addWidget(delete)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty)
        layout.addLayout(buttons)

    def set_notes(self, notes: list[Note]) -> None:
        self.list.clear()
        for note in notes:
            quote = shorten(note.anchor.exact, 90)
            body = shorten(markdown_text(note.body), 160)  # as it reads, not its markup
            tags = "  " + " ".join(f"#{t}" for t in note.tags) if note.tags else ""
            item = QListWidgetItem(f"“{quote}”\n{body}{tags}{_STATUS_MARKS.get(note.status, '')}")
            item.setData(NOTE_ROLE, note.id)
            item.setToolTip(plain_tooltip(markdown_text(note.body)))
            self.list.addItem(item)
        self.empty.setVisible(not notes)

    def select_note(self, note_id: int) -> None:
        for row in range(self.list.count()):
            if self.list.item(row).data(NOTE_ROLE) == note_id:
                self.list.setCurrentRow(row)
                return

    def current_note(self) -> int | None:
        item = self.list.currentItem()
        return None if item is None else int(item.data(NOTE_ROLE))

    def _chosen(self, item: QListWidgetItem) -> None:
        self.note_chosen.emit(int(item.data(NOTE_ROLE)))

    def _request(self, signal: SignalInstance) -> None:
        note = self.current_note()
        if note is not None:
            signal.emit(note)
