"""The analyst's corrections in the window: menus, dialogs and undoable commands. What a
correction means lives in ``reader.core.corrections``; checking, storing and taking one back
(undo and redo too) in ``reader.core.correcting``, which the command line uses too."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reader.core import correcting
from reader.core.columns import field
from reader.core.corrections import NAME_CORRECTIONS, TYPE_LABELS, Correction
from reader.core.errors import ReaderError
from reader.core.model import Analysis, Attribution, Figure, Money
from reader.core.quoting import quoted_text
from reader.core.store import Store
from reader.gui.article_view import ArticleView
from reader.gui.session import AnalysisSession
from reader.gui.store_ops import StoreOps

QUOTED_CHARS = 80  # of a quote, in a dialog's question
Make = Callable[[Store, str], Correction]  # makes a correction in the store for an article


class CorrectionCommand(QUndoCommand):
    """A correction made (``removing``: taken back) before it was pushed; undo puts the store
    back as it was, redo does it again."""

    def __init__(
        self,
        ops: StoreOps,
        changed: Callable[[], None],
        told: Callable[[str], None],
        correction: Correction,
        text: str,
        removing: bool = False,
    ) -> None:
        super().__init__(text)
        self.ops, self.changed, self.told = ops, changed, told
        self.correction, self.removing = correction, removing
        self.done = True  # by the caller, where a refusal can still be told

    def redo(self) -> None:
        if self.done:
            self.done = False
            self.changed()
            return
        self._keep(not self.removing)

    def undo(self) -> None:
        self._keep(self.removing)

    def _keep(self, present: bool) -> None:
        """On the store's writer, after what was asked before. Found by its uid, never by its
        id alone: once it is deleted, its id may be given to another correction (made by the
        command line meanwhile), and it may come back with a new one."""

        def keep(store: Store) -> None:
            if present:
                if store.correction_with_uid(self.correction.uid) is None:
                    self.correction = correcting.restore_correction(store, self.correction)
                return
            taken = correcting.delete_correction_with_uid(store, self.correction.uid)
            if taken is not None:  # else taken back elsewhere meanwhile: nothing left to take
                self.correction = taken

        def failed(why: str) -> None:
            self.told(f"The correction was not {'restored' if present else 'taken back'}: {why}")
            self.changed()

        self.ops.run(keep, lambda _: self.changed(), failed)


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


class CorrectionsDialog(QDialog):
    """Edit → Corrections…: the article's corrections, newest last, each one deletable (and
    the deletion undoable, like the rest)."""

    def __init__(self, parent: QWidget, corrector: Corrector) -> None:
        super().__init__(parent)
        self.corrector = corrector
        self.setWindowTitle("Corrections")
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.delete = QPushButton("&Delete")
        self.delete.clicked.connect(self.delete_current)
        remove = QAction("Delete", self)
        remove.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        remove.triggered.connect(self.delete_current)
        self.addAction(remove)
        stack = corrector.undo_stack  # Ctrl+Z here too, since it is a window of its own
        for keys, step in (
            (QKeySequence.StandardKey.Undo, stack.undo),
            ("Ctrl+Shift+Z", stack.redo),
        ):
            action = QAction(self)
            action.setShortcut(QKeySequence(keys))
            action.triggered.connect(step)
            self.addAction(action)
        self.list.currentRowChanged.connect(lambda row: self.delete.setEnabled(row >= 0))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.delete, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self.resize(560, 320)
        self.refresh()

    def refresh(self) -> None:
        row = self.list.currentRow()
        self.list.clear()
        found_nothing = {c.uid for c in self.corrector.session.lost}
        for correction in self.corrector.corrections():
            lost = (
                " (lost: its passage is gone)"
                if correction.status == "orphan"
                else " (lost: what it corrected is no longer found)"
                if correction.uid in found_nothing
                else ""
            )
            item = QListWidgetItem(f"{correction.describe()}{lost}")
            item.setData(Qt.ItemDataRole.UserRole, correction.uid)
            self.list.addItem(item)
        if self.list.count() == 0:
            self.list.addItem(QListWidgetItem("No corrections of this article."))
            self.list.item(0).setFlags(Qt.ItemFlag.NoItemFlags)
            row = -1
        self.list.setCurrentRow(min(row, self.list.count() - 1))
        self.delete.setEnabled(self.list.currentRow() >= 0)

    def delete_current(self) -> None:
        item = self.list.currentItem()
        uid = None if item is None else item.data(Qt.ItemDataRole.UserRole)
        if isinstance(uid, str):
            self.corrector.remove_correction(uid)


class Corrector(QObject):
    """The window's correction actions: menus for a fact or a place in the text, dialogs, and
    the undoable commands around ``reader.core.correcting``. The session lays the corrections
    over the analysis again after each one, undo and redo."""

    problem = Signal(str)  # a correction refused or not stored: said in the message bar
    told = Signal(str)  # how to go on (move the selected quote's ends), for the message bar

    def __init__(
        self,
        store: Store | None,
        store_problem: str,
        ops: StoreOps,
        session: AnalysisSession,
        view: ArticleView,
        undo_stack: QUndoStack,
        dialog_parent: Callable[[], QWidget],
    ) -> None:
        super().__init__(view)
        self.store, self.store_problem, self.session = store, store_problem, session
        self.ops = ops
        self.view, self.undo_stack = view, undo_stack
        self._dialog_parent = dialog_parent
        self.dialog: CorrectionsDialog | None = None

    # --- what there is to correct ---------------------------------------------------------

    def names(self) -> list[str]:
        """People and organisations of the article, most mentioned first."""
        analysis = self.session.analysis
        if analysis is None:
            return []
        entities = analysis.entities
        counts = Counter(
            canonical
            for label, canonical in zip(
                field(entities, "label"), field(entities, "canonical"), strict=True
            )
            if label in ("PERSON", "ORG")
        )
        return sorted(counts, key=lambda name: -counts[name])

    def corrections(self) -> list[Correction]:
        """The article's corrections, in the order they were made."""
        store, article_id = self.store, self.session.article_id
        if store is None or article_id is None:
            return []
        try:
            return store.corrections(article_id)
        except ReaderError as error:
            self.problem.emit(f"Corrections are unavailable: {error}")
            return []

    def corrections_of_fact(self, fact: int) -> list[Correction]:
        """The corrections that made a fact what it shows: those that changed an attribution,
        or the name corrections that end in a name."""
        analysis = self.session.analysis
        if analysis is None or not 0 <= fact < len(analysis.facts):
            return []
        kind, _, rest = analysis.facts[fact].ref.partition("/")
        if kind == "attribution":
            made = self.session.corrected_by
            index = int(rest)
            return list(made[index]) if index < len(made) else []
        if kind == "entity":
            name = rest.partition("/")[2]
            return [
                c
                for c in self.corrections()
                if c.kind in NAME_CORRECTIONS and name in (c.subject, c.value)
            ]
        return []

    def fill_menu(self, menu: QMenu, fact: int | None, selection: tuple[int, int] | None) -> None:
        """Correction entries for a fact (from the panel or under the mouse) and a selection."""
        analysis = self.session.analysis
        if analysis is None or self.store is None or self.session.article_id is None:
            return
        if fact is not None and 0 <= fact < len(analysis.facts):
            kind, _, rest = analysis.facts[fact].ref.partition("/")
            if kind == "attribution":
                self._fill_attribution_menu(menu, analysis, int(rest), selection)
            elif kind == "money":
                index = int(rest)
                menu.addAction("Not an Amount", lambda: self.reject_amount(index))
            elif kind == "figure":
                index = int(rest)
                menu.addAction("Not a Figure", lambda: self.reject_figure(index))
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
            made = self.corrections_of_fact(fact)
            if made:
                remove = menu.addMenu("Remove My Correction")
                for correction in made:
                    remove.addAction(correction.describe(), self._remover(correction.uid))
        if selection is not None:
            menu.addAction("Add Attribution from Selection…", lambda: self.ask_added(selection))

    def _fill_attribution_menu(
        self, menu: QMenu, analysis: Analysis, index: int, selected: tuple[int, int] | None
    ) -> None:
        """Its entries; "Set Quote to Selection" when the text's selection shares some of the
        quote's words and is not just them (only in the text: the panel selects facts there)."""
        menu.addAction("Reassign Speaker…", lambda: self.ask_speaker(index))
        menu.addAction("Not an Attribution", lambda: self.not_attribution(index))
        menu.addAction("Change Quote Extent…", lambda: self.start_extent(index))
        content = analysis.attributions[index].content
        if selected is not None and selected != (content.start, content.end):
            start, end = selected
            if min(end, content.end) > max(start, content.start):
                menu.addAction(
                    "Set Quote to Selection", lambda: self.change_extent(index, *selected)
                )

    def _type_setter(self, name: str, kind: str) -> Callable[[], bool]:
        return lambda: self.change_type(name, kind)

    def _remover(self, uid: str) -> Callable[[], bool]:
        return lambda: self.remove_correction(uid)

    def _mention_at_fact(self, fact: int) -> int | None:
        analysis = self.session.analysis
        assert analysis is not None
        here = self.view.offset_of(self.view.textCursor().position())
        target, entities = analysis.facts[fact], analysis.entities
        if here is None:
            return None
        found = zip(
            field(entities, "start"),
            field(entities, "end"),
            field(entities, "label"),
            field(entities, "canonical"),
            strict=True,
        )
        for i, (start, end, label, canonical) in enumerate(found):
            if start <= here <= end and f"entity/{label}/{canonical}" == target.ref:
                return i
        return None

    # --- dialogs --------------------------------------------------------------------------

    def ask_speaker(self, index: int) -> NameDialog | None:
        """Who said it: the names mentioned nearest the quote first; the speaker as the fact
        shows it filled in (the nearest name when none was found)."""
        analysis = self.session.analysis
        if analysis is None:
            return None
        item = analysis.attributions[index]
        choices = correcting.speaker_choices(analysis, item)
        said = quoted_text(item)
        if len(said) > QUOTED_CHARS:
            said = said[: QUOTED_CHARS - 1].rstrip() + "…"
        dialog = NameDialog(
            self._dialog_parent(),
            "Reassign Speaker",
            f"Who said “{said}”? Pick a name or type one.",
            choices,
            item.speaker_name
            or (" ".join(item.speaker.text.split()) if item.speaker is not None else "")
            or (choices[0] if choices else ""),
        )
        dialog.accepted.connect(lambda: self.reassign_speaker(index, dialog.value()))
        dialog.open()
        return dialog

    def ask_same_as(self, name: str) -> NameDialog:
        others = [n for n in self.names() if n != name]
        dialog = NameDialog(self._dialog_parent(), "Same As", f"{name} is the same as:", others)
        dialog.accepted.connect(lambda: self.same_as(name, dialog.value()))
        dialog.open()
        return dialog

    def ask_rename(self, name: str) -> NameDialog:
        dialog = NameDialog(self._dialog_parent(), "Rename", f"Show {name} as:", [name], name)
        dialog.accepted.connect(lambda: self.rename(name, dialog.value()))
        dialog.open()
        return dialog

    def ask_added(self, selection: tuple[int, int]) -> NameDialog:
        dialog = NameDialog(
            self._dialog_parent(), "Add Attribution", "Who said the selected words?", self.names()
        )
        dialog.accepted.connect(lambda: self.add_attribution(*selection, dialog.value()))
        dialog.open()
        return dialog

    def start_extent(self, index: int) -> bool:
        """Select the quote's words, for the analyst to move the selection's ends (Shift+click,
        Shift+arrows) and set the quote to it: the words themselves show where a quote starts
        and ends, better than offsets in a dialog could."""
        analysis, view = self.session.analysis, self.view
        if analysis is None:
            return False
        content = analysis.attributions[index].content
        view.setTextCursor(view.cursor_for(content.start, content.end))
        view.ensureCursorVisible()
        view.setFocus()
        self.told.emit(
            "The quote's words are selected. Move the selection's ends to where the quote "
            "starts and ends (Shift+click or Shift+arrow keys), then right-click it and choose "
            "Set Quote to Selection."
        )
        return True

    def show_corrections(self) -> CorrectionsDialog:
        """Edit → Corrections…: one window, kept current as corrections are made and undone."""
        if self.dialog is None:
            self.dialog = CorrectionsDialog(self._dialog_parent(), self)
            dialog = self.dialog
            self.session.shown.connect(lambda _shown: dialog.refresh())
        self.dialog.refresh()
        if self.dialog.isVisible():
            self.dialog.raise_()
        self.dialog.show()
        self.dialog.activateWindow()  # its keys (Delete, Ctrl+Z) work at once
        return self.dialog

    # --- the corrections themselves -------------------------------------------------------

    def reassign_speaker(self, index: int, name: str) -> bool:
        item = self._attribution(index)
        analysis = self.session.analysis
        if item is None or analysis is None or not name:
            return False
        return self._make(
            f"Speaker: {name}",
            lambda store, article_id: correcting.reassign_speaker(
                store, article_id, analysis, item, name
            ),
        )

    def not_attribution(self, index: int) -> bool:
        item = self._attribution(index)
        return item is not None and self._make(
            "Not an Attribution",
            lambda store, article_id: correcting.not_attribution(store, article_id, item),
        )

    def change_extent(self, index: int, start: int, end: int) -> bool:
        item = self._attribution(index)
        text = self._text()
        return item is not None and self._make(
            "Change Quote Extent",
            lambda store, article_id: correcting.change_extent(
                store, article_id, item, start, end, text
            ),
        )

    def reject_amount(self, index: int) -> bool:
        analysis = self.session.analysis
        return analysis is not None and self._reject("Not an Amount", analysis.money[index])

    def reject_figure(self, index: int) -> bool:
        """ "Not a figure": gone from the panel and from any group where sources disagree."""
        analysis = self.session.analysis
        return analysis is not None and self._reject("Not a Figure", analysis.figures[index])

    def _reject(self, label: str, amount: Money | Figure) -> bool:
        return self._make(
            label, lambda store, article_id: correcting.reject_amount(store, article_id, amount)
        )

    def change_type(self, name: str, kind: str) -> bool:
        return self._on_name(f"{name} is a {kind}", correcting.correct_type, name, kind)

    def same_as(self, name: str, other: str) -> bool:
        return bool(other) and self._on_name(
            f"{name} = {other}", correcting.correct_same_as, name, other
        )

    def rename(self, name: str, new_name: str) -> bool:
        return bool(new_name) and self._on_name(
            f"Rename {name}", correcting.correct_rename, name, new_name
        )

    def split_mention(self, index: int) -> bool:
        analysis = self.session.analysis
        if analysis is None:
            return False
        entity = analysis.entities[index]
        return self._make(
            f"Split {entity.text}",
            lambda store, article_id: correcting.split_mention(store, article_id, entity),
        )

    def add_attribution(self, start: int, end: int, speaker: str) -> bool:
        analysis = self.session.analysis
        if analysis is None or not speaker:
            return False
        text = self._text()
        return self._make(
            f"Attribution: {speaker}",
            lambda store, article_id: correcting.add_attribution(
                store, article_id, analysis, start, end, speaker, text
            ),
        )

    def remove_correction(self, uid: str) -> bool:
        """Take one of the analyst's corrections back (undoable). It is named by its uid: the
        list may be older than a correction the command line made with a freed id."""
        if self.store is None:
            return False

        def removed(taken: Correction | None) -> None:
            if taken is None:
                self.problem.emit("That correction was already taken back elsewhere.")
                self._changed()  # what was listed is older than the store
                return
            self.undo_stack.push(self._command(taken, "Remove Correction", removing=True))

        self.ops.run(
            lambda store: correcting.delete_correction_with_uid(store, uid),
            removed,
            lambda why: self.problem.emit(f"The correction was not removed: {why}"),
        )
        return True

    def _text(self) -> str | None:
        """The article's text as the window shows it (the offsets of its facts are in it), so
        that no correction reads it again from the store on the window's thread."""
        article = self.session.article
        return None if article is None else article.text

    def _attribution(self, index: int) -> Attribution | None:
        analysis = self.session.analysis
        if analysis is None or not 0 <= index < len(analysis.attributions):
            return None
        return analysis.attributions[index]

    def _on_name(
        self,
        text: str,
        correct: Callable[[Store, str, Analysis, str, str], Correction],
        name: str,
        value: str,
    ) -> bool:
        analysis = self.session.analysis
        return analysis is not None and self._make(
            text, lambda store, article_id: correct(store, article_id, analysis, name, value)
        )

    def _make(self, text: str, make: Make) -> bool:
        """Make a correction through the core, which checks it as it does for the command line,
        on the store's writer; a refusal is told in the message bar and nothing is stored.
        True once asked."""
        store, article_id = self.store, self.session.article_id
        if store is None or article_id is None:
            self.problem.emit(self.store_problem or "Corrections are unavailable.")
            return False
        self.ops.run(
            lambda writer_store: make(writer_store, article_id),
            lambda made: self.undo_stack.push(self._command(made, text)),
            lambda why: self.problem.emit(f"The correction was not saved: {why}"),
        )
        return True

    def _command(self, correction: Correction, text: str, removing: bool = False) -> QUndoCommand:
        return CorrectionCommand(
            self.ops, self._changed, self.problem.emit, correction, text, removing
        )

    def _changed(self) -> None:
        self.session.reapply_corrections()
