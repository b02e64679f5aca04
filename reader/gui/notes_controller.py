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
from reader.gui.store_ops import StoreOps


class DeleteNoteCommand(QUndoCommand):
    """Deleting a note, undone by putting it back as it was. Both are the writer's operations,
    run in the order asked: the note they act on is passed from one to the next there."""

    def __init__(
        self,
        ops: StoreOps,
        changed: Callable[[], None],
        told: Callable[[str], None],
        note: Note,
    ) -> None:
        super().__init__("Delete Note")
        self.ops, self.changed, self.told, self.note = ops, changed, told, note

    def redo(self) -> None:
        def delete(store: Store) -> None:
            if store.note(self.note.id) is not None:  # not if deleting failed before an undo
                self.note = store.delete_note(self.note.id)

        self.ops.run(delete, lambda _: self.changed(), self._failed("deleted"))

    def undo(self) -> None:
        def restore(store: Store) -> None:
            if store.note(self.note.id) is None:
                self.note = store.restore_note(self.note)

        self.ops.run(restore, lambda _: self.changed(), self._failed("brought back"))

    def _failed(self, done: str) -> Callable[[str], None]:
        def failed(why: str) -> None:
            self.told(f"The note was not {done}: {why}")
            self.changed()

        return failed


class NotesController(QObject):
    notes_changed = Signal(int)  # how many notes the article shown has now
    problem = Signal(str)  # a note could not be written or read: say so in the window
    status = Signal(str)

    def __init__(
        self,
        store: Store | None,
        store_problem: str,
        ops: StoreOps,
        session: AnalysisSession,
        view: ArticleView,
        panel: NotesPanel,
        tabs: QTabWidget,
        undo_stack: QUndoStack,
        dialog_parent: Callable[[], QWidget],
    ) -> None:
        super().__init__(panel)
        self.store, self.store_problem, self.session = store, store_problem, session
        self.ops = ops
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
        dialog.save_requested.connect(lambda: self._add(dialog, start, end))
        dialog.open()
        return dialog

    def add_for_fact(self, index: int) -> NoteDialog | None:
        """A note on a fact is anchored to the fact's span and remembers which fact it was."""
        analysis, article = self.session.analysis, self.session.article
        if analysis is None or article is None or self.store is None:
            return None
        fact = analysis.facts[index]
        dialog = NoteDialog(self._dialog_parent(), article.text[fact.start : fact.end])
        dialog.save_requested.connect(lambda: self._add(dialog, fact.start, fact.end, fact.ref))
        dialog.open()
        return dialog

    def _add(self, dialog: NoteDialog, start: int, end: int, fact_ref: str | None = None) -> None:
        """Save the dialog's note; the dialog closes once it is saved, or says why not."""
        article, article_id = self.session.article, self.session.article_id
        if article is None:
            dialog.not_saved("no article is open")
            return
        body, tags = dialog.body.toPlainText(), parse_tags(dialog.tags.text())

        def add(store: Store) -> tuple[str, Note]:
            # an article the store failed to keep as it opened is stored now: the note needs it
            stored_id = article_id or store.add_article(article).id
            return stored_id, _add_note(store, stored_id, start, end, body, tags, fact_ref)

        def added(result: tuple[str, Note]) -> None:
            stored_id, note = result
            dialog.saved()
            if self.session.article is not article:
                return  # another article is shown now; the note is kept with its own
            self.session.article_id = self.session.article_id or stored_id
            self.refresh()
            self.tabs.setCurrentWidget(self.panel)
            self.panel.select_note(note.id)

        self.ops.run(add, added, dialog.not_saved)

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
        dialog.save_requested.connect(lambda: self._save_edit(note_id, dialog))
        dialog.open()
        return dialog

    def _save_edit(self, note_id: int, dialog: NoteDialog) -> None:
        body, tags = dialog.body.toPlainText(), parse_tags(dialog.tags.text())

        def edited(_: Note) -> None:
            dialog.saved()
            self.refresh()
            self.panel.select_note(note_id)

        self.ops.run(lambda store: store.update_note(note_id, body, tags), edited, dialog.not_saved)

    def delete_note(self, note_id: int) -> None:
        note = self.store.note(note_id) if self.store is not None else None
        if self.store is None or note is None:
            return
        self.undo_stack.push(DeleteNoteCommand(self.ops, self.refresh, self.problem.emit, note))
        self.status.emit("Note deleted — Ctrl+Z brings it back")

    def select(self, note_id: int) -> None:
        self.tabs.setCurrentWidget(self.panel)
        self.panel.select_note(note_id)


def _add_note(
    store: Store,
    article_id: str,
    start: int,
    end: int,
    body: str,
    tags: list[str],
    fact_ref: str | None,
) -> Note:
    try:
        return store.add_note(article_id, start, end, body, tags, fact_ref)
    except ValueError as error:  # a passage the stored text no longer has
        raise ReaderError(str(error)) from error
