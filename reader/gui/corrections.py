"""The analyst's corrections in the window: undoable commands over the store, and the small
dialog that asks for a name. What a correction means lives in ``reader.core.corrections``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMenu,
    QVBoxLayout,
    QWidget,
)

from reader.core.corrections import TYPE_LABELS, Correction, CorrectionKind
from reader.core.errors import ReaderError
from reader.core.facts import shorten
from reader.core.store import Note, Store

if TYPE_CHECKING:
    from reader.gui.app import MainWindow


class CorrectionCommand(QUndoCommand):
    """One correction: made (or made again) on redo, taken back on undo."""

    def __init__(
        self,
        store: Store,
        changed: Callable[[], None],
        article_id: str,
        kind: CorrectionKind,
        span: tuple[int, int],
        subject: str,
        value: str,
        text: str,
    ) -> None:
        super().__init__(text)
        self.store, self.changed = store, changed
        self.request = (article_id, kind, span, subject, value)
        self.made: Correction | None = None

    def redo(self) -> None:
        if self.made is None:
            article_id, kind, (start, end), subject, value = self.request
            self.made = self.store.add_correction(article_id, kind, start, end, subject, value)
        else:
            self.store.restore_correction(self.made)
        self.changed()

    def undo(self) -> None:
        if self.made is not None:
            self.store.delete_correction(self.made.id)
        self.changed()


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


class NameDialog(QDialog):
    """Asks for a name, offering the article's people and organisations (or any name typed)."""

    def __init__(
        self, parent: QWidget, title: str, prompt: str, names: Sequence[str], current: str = ""
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.names = QComboBox(editable=True)
        self.names.addItems(list(names))
        self.names.setCurrentText(current)
        editor = self.names.lineEdit()
        if editor is not None:
            editor.selectAll()
        label = QLabel(prompt)
        label.setTextFormat(Qt.TextFormat.PlainText)  # it quotes names from the article
        label.setWordWrap(True)
        label.setBuddy(self.names)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.names)
        layout.addWidget(buttons)

    def value(self) -> str:
        return " ".join(self.names.currentText().split())


class Corrector:
    """The window's correction actions: menus for a fact or a place in the text, dialogs, and
    the undoable commands that store them. The window re-applies the corrections when told."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window

    # --- what there is to correct ---------------------------------------------------------

    def names(self) -> list[str]:
        """People and organisations of the article, most mentioned first."""
        analysis = self.window.analysis
        if analysis is None:
            return []
        counts: dict[str, int] = {}
        for entity in analysis.entities:
            if entity.label in ("PERSON", "ORG"):
                counts[entity.canonical] = counts.get(entity.canonical, 0) + 1
        return sorted(counts, key=lambda name: -counts[name])

    def fill_menu(self, menu: QMenu, fact: int | None, selection: tuple[int, int] | None) -> None:
        """Correction entries for a fact (from the panel or under the mouse) and a selection."""
        analysis = self.window.analysis
        if analysis is None or self.window.store is None or self.window.article_id is None:
            return
        if fact is not None and 0 <= fact < len(analysis.facts):
            kind, _, rest = analysis.facts[fact].ref.partition("/")
            if kind == "attribution":
                index = int(rest)
                menu.addAction("Reassign Speaker…", lambda: self.ask_speaker(index))
                menu.addAction("Not an Attribution", lambda: self.not_attribution(index))
            elif kind == "money":
                index = int(rest)
                menu.addAction("Not an Amount", lambda: self.reject_amount(index))
            elif kind == "entity":
                name = rest.partition("/")[2]
                types = menu.addMenu("Change Type")
                for label in TYPE_LABELS:
                    types.addAction(label.capitalize(), self._type_setter(name, label))
                menu.addAction("Same As…", lambda: self.ask_same_as(name))
                menu.addAction("Rename…", lambda: self.ask_rename(name))
                mention = self._mention_at_fact(fact)
                if mention is not None and analysis.entities[mention].text != name:
                    menu.addAction(f"Not {name} Here (Split)", lambda: self.split_mention(mention))
        if selection is not None:
            menu.addAction("Add Attribution from Selection…", lambda: self.ask_added(selection))

    def _type_setter(self, name: str, kind: str) -> Callable[[], bool]:
        return lambda: self.change_type(name, kind)

    def _mention_at_fact(self, fact: int) -> int | None:
        analysis = self.window.analysis
        assert analysis is not None
        here = self.window.view.offset_of(self.window.view.textCursor().position())
        target = analysis.facts[fact]
        for i, entity in enumerate(analysis.entities):
            if f"entity/{entity.label}/{entity.canonical}" == target.ref and (
                here is not None and entity.start <= here <= entity.end
            ):
                return i
        return None

    # --- dialogs --------------------------------------------------------------------------

    def ask_speaker(self, index: int) -> NameDialog | None:
        analysis = self.window.analysis
        if analysis is None:
            return None
        item = analysis.attributions[index]
        dialog = NameDialog(
            self.window,
            "Reassign Speaker",
            f"Who said “{shorten(item.content.text, 80)}”? Pick a name or type one.",
            self.names(),
            item.speaker_name or "",
        )
        dialog.accepted.connect(lambda: self.reassign_speaker(index, dialog.value()))
        dialog.open()
        return dialog

    def ask_same_as(self, name: str) -> NameDialog:
        others = [n for n in self.names() if n != name]
        dialog = NameDialog(self.window, "Same As", f"{name} is the same as:", others)
        dialog.accepted.connect(lambda: self.same_as(name, dialog.value()))
        dialog.open()
        return dialog

    def ask_rename(self, name: str) -> NameDialog:
        dialog = NameDialog(self.window, "Rename", f"Show {name} as:", [name], name)
        dialog.accepted.connect(lambda: self.rename(name, dialog.value()))
        dialog.open()
        return dialog

    def ask_added(self, selection: tuple[int, int]) -> NameDialog:
        dialog = NameDialog(
            self.window, "Add Attribution", "Who said the selected words?", self.names()
        )
        dialog.accepted.connect(lambda: self.add_attribution(*selection, dialog.value()))
        dialog.open()
        return dialog

    # --- the corrections themselves -------------------------------------------------------

    def reassign_speaker(self, index: int, name: str) -> bool:
        analysis = self.window.analysis
        if analysis is None or not name:
            return False
        content = analysis.attributions[index].content
        return self._push("speaker", (content.start, content.end), "", name, f"Speaker: {name}")

    def not_attribution(self, index: int) -> bool:
        analysis = self.window.analysis
        if analysis is None:
            return False
        content = analysis.attributions[index].content
        return self._push(
            "not_attribution", (content.start, content.end), "", "", "Not an Attribution"
        )

    def reject_amount(self, index: int) -> bool:
        analysis = self.window.analysis
        if analysis is None:
            return False
        money = analysis.money[index]
        return self._push("reject", (money.start, money.end), "", "", "Not an Amount")

    def change_type(self, name: str, kind: str) -> bool:
        span = self._span_of_name(name)
        return span is not None and self._push(
            "entity_type", span, name, kind, f"{name} is a {kind}"
        )

    def same_as(self, name: str, other: str) -> bool:
        span = self._span_of_name(name)
        if span is None or not other or other == name:
            return False
        return self._push("same_as", span, name, other, f"{name} = {other}")

    def rename(self, name: str, new_name: str) -> bool:
        span = self._span_of_name(name)
        if span is None or not new_name or new_name == name:
            return False
        return self._push("rename", span, name, new_name, f"Rename {name}")

    def split_mention(self, index: int) -> bool:
        analysis = self.window.analysis
        if analysis is None:
            return False
        entity = analysis.entities[index]
        return self._push(
            "split", (entity.start, entity.end), entity.canonical, "", f"Split {entity.text}"
        )

    def add_attribution(self, start: int, end: int, speaker: str) -> bool:
        if not speaker or end <= start:
            return False
        return self._push("add_attribution", (start, end), "", speaker, f"Attribution: {speaker}")

    def _span_of_name(self, name: str) -> tuple[int, int] | None:
        analysis = self.window.analysis
        if analysis is None:
            return None
        entity = next((e for e in analysis.entities if e.canonical == name), None)
        return None if entity is None else (entity.start, entity.end)

    def _push(
        self, kind: CorrectionKind, span: tuple[int, int], subject: str, value: str, text: str
    ) -> bool:
        window = self.window
        if window.store is None or window.article_id is None:
            window.message.show_message(window.store_problem or "Corrections are unavailable.")
            return False
        command = CorrectionCommand(
            window.store,
            window.session.reapply_corrections,
            window.article_id,
            kind,
            span,
            subject,
            value,
            text,
        )
        try:
            window.undo_stack.push(command)
        except (ReaderError, ValueError) as error:
            window.message.show_message(f"The correction was not saved: {error}")
            return False
        return True
