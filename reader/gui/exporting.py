"""File → Export and a source's dossier: the dialogs and the question before replacing a file.
Writing is the core's ``export_article`` and ``export_dossier``, the same as the command line's."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from reader.core import crossref
from reader.core.errors import ReaderError
from reader.core.export import (
    Dossier,
    ExportError,
    ExportExistsError,
    dossier_file_name,
    export_article,
    export_dossier,
    export_file_name,
    library_targets,
)
from reader.core.store import Store
from reader.gui.session import AnalysisSession


class ExportController(QObject):
    problem = Signal(str)
    status = Signal(str)
    told = Signal(str)  # what an export left out, for the message bar

    def __init__(
        self,
        store: Store | None,
        session: AnalysisSession,
        settings: QSettings,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.store, self.session, self.settings, self.parent_widget = (
            store,
            session,
            settings,
            parent,
        )

    def export_notes(self, path: Path | None = None) -> bool:
        """The article shown, with its facts as corrected; asks where unless given ``path``."""
        article_id = self.session.article_id
        if self.store is None or article_id is None or self.session.article is None:
            self.problem.emit("Open an article first; its notes are what is exported.")
            return False
        try:
            summary = self.store.article_summary(article_id)
        except ReaderError as error:
            self.problem.emit(f"The notes cannot be exported: {error}")
            return False
        if summary is None:  # storing it failed as it opened: the window says why
            self.problem.emit("This article is not in the note store: it has no notes to export.")
            return False
        path = path or self._ask_where("Export notes", export_file_name(summary))
        if path is None:
            return False
        store, analysis, target = self.store, self.session.analysis, path
        return self.write(
            target, lambda force: export_article(store, article_id, target, analysis, force)
        )

    def export_dossier(
        self, key: str, name: str, path: Path | None = None, *, guesses: bool = False
    ) -> bool:
        """Everything the source said across the library; asks where unless given ``path``.
        True once asked: it is written once the store's writer has the index up to date.
        Statements whose speaker is a guess are left out unless ``guesses``, and the message bar
        says how many, since an analyst quotes from a dossier."""
        if self.store is None:
            self.problem.emit("The note store could not be opened: there is nothing to export.")
            return False
        path = path or self._ask_where("Export dossier", dossier_file_name(name))
        if path is None:
            return False
        store, target = self.store, path

        def export_now(_: object = None) -> None:
            made: list[Dossier] = []

            def export(force: bool) -> None:
                made.append(export_dossier(store, key, target, force, guesses=guesses))

            if self.write(target, export, what="dossier"):
                self.told.emit(dossier_told(made[-1], name, target, guesses))

        if self.session.ops.can_write:  # the index across articles brought up to date first
            self.session.ops.run(lambda writer_store: crossref.refresh(writer_store), export_now)
        else:
            export_now()
        return True

    def _ask_where(self, title: str, file_name: str) -> Path | None:
        start = str(self.settings.value("export/last_dir", str(Path.home())))
        chosen, _ = QFileDialog.getSaveFileName(
            self.parent_widget, title, str(Path(start) / file_name), "Markdown (*.md)"
        )
        if not chosen:
            return None
        self.settings.setValue("export/last_dir", str(Path(chosen).parent))
        return Path(chosen)

    def export_all_notes(self, folder: Path | None = None) -> bool:
        if self.store is None:
            return False
        if folder is None:
            chosen = QFileDialog.getExistingDirectory(
                self.parent_widget, "Export all notes into a folder"
            )
            if not chosen:
                return False
            folder = Path(chosen)
        store = self.store

        def exporter(article_id: str, path: Path) -> Callable[[bool], None]:
            return lambda force: export_article(store, article_id, path, force=force)

        return all(
            self.write(path, exporter(article_id, path))
            for article_id, path in library_targets(store, folder)
        )

    def write(self, path: Path, export: Callable[[bool], object], what: str = "notes") -> bool:
        """Export ``what`` to ``path``, asking before replacing a file Fact Reader did not
        write; any failure, of the forced write too, is reported in the window."""
        try:
            try:
                export(False)
            except ExportExistsError:
                if not self.may_replace(path, what):
                    return False
                export(True)
        except (ExportError, OSError) as error:
            self.problem.emit(f"The {what} could not be exported: {error}")
            return False
        self.status.emit(f"{what.capitalize()} exported to {path}")
        return True

    def may_replace(self, path: Path, what: str = "notes") -> bool:
        question = QMessageBox(
            QMessageBox.Icon.Question,
            "Replace the file?",
            f"{path.name} exists and was not written by Fact Reader. "
            f"Replace it with the exported {what}?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self.parent_widget,
        )
        question.setTextFormat(Qt.TextFormat.PlainText)  # a file name is never markup
        return question.exec() == QMessageBox.StandardButton.Yes


def dossier_told(dossier: Dossier, name: str, path: Path, guesses: bool) -> str:
    """What a dossier holds and what it left out, in the words of the message bar."""
    said = f"{dossier.statements} statement{'s' if dossier.statements != 1 else ''}"
    done = f"The dossier of {name} ({said}) is in {path}."
    if guesses:
        return f"{done} Statements with a guessed speaker are in it, each marked “⚠ check:”."
    left = dossier.guesses_left_out
    if not left:
        return f"{done} None of {name}'s statements has a guessed speaker."
    return (
        f"{done} {left} statement{'s' if left != 1 else ''} with a guessed speaker "
        f"{'were' if left != 1 else 'was'} left out: Export Dossier with Guesses… in the Sources "
        "view includes them, marked “⚠ check:”."
    )
