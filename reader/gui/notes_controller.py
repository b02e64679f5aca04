"""The analyst's notes on the article shown: written, edited, deleted (and undone), listed in
the Notes tab and marked in the text. The store does the work; this only asks and shows."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QTabWidget, QWidget

from reader.core.errors import ReaderError
from reader.core.store import Note, Store
from reader.gui.article_view import ArticleView
from reader.gui.notes import NoteDialog, NotesPanel, parse_tags
from reader.gui.session import AnalysisSession


class DeleteNoteCommand(QUndoCommand):
    """Deleting a note, undone by putting it back as it was."""

    def __init__(self, store: Store, changed: Callable[[], None], note: Note) -> None:
        super().__init__("Delete Note")
        self.store, self.changed, self.note = store, changed, note

    def redo(self) -> None:
        self.note = self.store.delete_note(self.note.id)
        self.changed()

    def undo(self) -> None:
        self.store.restore_note(self.note)
        self.changed()


class NotesController(QObject):
    notes_changed = Signal(int)  # how many notes the article shown has now
    problem = Signal(str)  # a note could not be written or read: say so in the window
    status = Signal(str)

    def __init__(
        self,
        store: Store | None,
        store_problem: str,
        session: AnalysisSession,
        view: ArticleView,
        panel: NotesPanel,
        tabs: QTabWidget,
        undo_stack: QUndoStack,
        dialog_parent: Callable[[], QWidget],
    ) -> None:
        super().__init__(panel)
        self.store, self.store_problem, self.session = store, store_problem, session
        self.view, self.panel, self.tabs, self.undo_stack = view, panel, tabs, undo_stack
        self._dialog_parent = dialog_parent
        panel.note_chosen.connect(self.show_note)
        panel.edit_requested.connect(self.edit_note)
        panel.delete_requested.connect(self.delete_note)

    def refresh(self) -> None:
        article_id = self.session.article_id
        notes = self.store.notes(article_id) if self.store and article_id else []
        self.panel.set_notes(notes)
        self.view.set_notes(notes)
        self.tabs.setTabText(
            self.tabs.indexOf(self.panel), f"Notes ({len(notes)})" if notes else "Notes"
        )
        self.notes_changed.emit(len(notes))

    def selection(self) -> tuple[int, int] | None:
        cursor = self.view.textCursor()
        start = self.view.offset_of(cursor.selectionStart())
        end = self.view.offset_of(cursor.selectionEnd())
        if start is None or end is None or end <= start:
            return None
        return start, end

    def add_for_selection(self) -> NoteDialog | None:
        """Open the note editor for the selected passage (not modal: the text stays readable)."""
        selection = self.selection()
        article = self.session.article
        if article is None or selection is None:
            self.problem.emit("Select a passage of the article first, then add a note.")
            return None
        if self.store is None:
            self.problem.emit(self.store_problem or "Notes are unavailable.")
            return None
        start, end = selection
        dialog = NoteDialog(self._dialog_parent(), article.text[start:end])
        dialog.accepted.connect(
            lambda: self.add(start, end, dialog.body.toPlainText(), parse_tags(dialog.tags.text()))
        )
        dialog.open()
        return dialog

    def add_for_fact(self, index: int) -> NoteDialog | None:
        """A note on a fact is anchored to the fact's span and remembers which fact it was."""
        analysis, article = self.session.analysis, self.session.article
        if analysis is None or article is None or self.store is None:
            return None
        fact = analysis.facts[index]
        dialog = NoteDialog(self._dialog_parent(), article.text[fact.start : fact.end])
        dialog.accepted.connect(
            lambda: self.add(
                fact.start,
                fact.end,
                dialog.body.toPlainText(),
                parse_tags(dialog.tags.text()),
                fact.ref,
            )
        )
        dialog.open()
        return dialog

    def add(
        self, start: int, end: int, body: str, tags: list[str], fact_ref: str | None = None
    ) -> Note | None:
        article_id = self.session.article_id
        if self.store is None or article_id is None:
            return None
        try:
            note = self.store.add_note(article_id, start, end, body, tags, fact_ref)
        except (ReaderError, ValueError) as error:
            self.problem.emit(f"The note was not saved: {error}")
            return None
        self.refresh()
        self.tabs.setCurrentWidget(self.panel)
        self.panel.select_note(note.id)
        return note

    def show_note(self, note_id: int) -> None:
        note = self.view.notes.get(note_id)
        if note is not None:
            start, end = note.anchor.start, note.anchor.end
            self.view.show_fact(start, end, start, end)

    def edit_note(self, note_id: int) -> NoteDialog | None:
        note = self.view.notes.get(note_id)
        if note is None or self.store is None:
            return None
        dialog = NoteDialog(
            self._dialog_parent(), note.anchor.exact, note.body, ", ".join(note.tags)
        )
        dialog.accepted.connect(lambda: self._save_edit(note_id, dialog))
        dialog.open()
        return dialog

    def _save_edit(self, note_id: int, dialog: NoteDialog) -> None:
        assert self.store is not None
        try:
            self.store.update_note(
                note_id, dialog.body.toPlainText(), parse_tags(dialog.tags.text())
            )
        except ReaderError as error:
            self.problem.emit(f"The note was not saved: {error}")
        self.refresh()
        self.panel.select_note(note_id)

    def delete_note(self, note_id: int) -> None:
        note = self.store.note(note_id) if self.store is not None else None
        if self.store is None or note is None:
            return
        try:
            self.undo_stack.push(DeleteNoteCommand(self.store, self.refresh, note))
        except ReaderError as error:
            self.problem.emit(f"The note was not deleted: {error}")
            return
        self.status.emit("Note deleted — Ctrl+Z brings it back")

    def select(self, note_id: int) -> None:
        self.tabs.setCurrentWidget(self.panel)
        self.panel.select_note(note_id)
