"""File → Export: the dialogs and the question before replacing a file. Writing is the core's
``export_article``, the same as ``factreader export``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from reader.core.export import (
    ExportError,
    ExportExistsError,
    export_article,
    export_file_name,
    library_targets,
)
from reader.core.store import Store
from reader.gui.session import AnalysisSession


class ExportController(QObject):
    problem = Signal(str)
    status = Signal(str)

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
        summary = self.store.article_summary(article_id)
        assert summary is not None
        if path is None:
            start = str(self.settings.value("export/last_dir", str(Path.home())))
            chosen, _ = QFileDialog.getSaveFileName(
                self.parent_widget,
                "Export notes",
                str(Path(start) / export_file_name(summary)),
                "Markdown (*.md)",
            )
            if not chosen:
                return False
            path = Path(chosen)
            self.settings.setValue("export/last_dir", str(path.parent))
        store, analysis, target = self.store, self.session.analysis, path
        return self.write(
            target, lambda force: export_article(store, article_id, target, analysis, force)
        )

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

    def write(self, path: Path, export: Callable[[bool], None]) -> bool:
        """Export to ``path``, asking before replacing a file Fact Reader did not write; any
        failure, of the forced write too, is reported in the window."""
        try:
            try:
                export(False)
            except ExportExistsError:
                if not self.may_replace(path):
                    return False
                export(True)
        except (ExportError, OSError) as error:
            self.problem.emit(f"The notes were not exported: {error}")
            return False
        self.status.emit(f"Notes exported to {path}")
        return True

    def may_replace(self, path: Path) -> bool:
        question = QMessageBox(
            QMessageBox.Icon.Question,
            "Replace the file?",
            f"{path.name} exists and was not written by Fact Reader. "
            "Replace it with the exported notes?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self.parent_widget,
        )
        question.setTextFormat(Qt.TextFormat.PlainText)  # a file name is never markup
        return question.exec() == QMessageBox.StandardButton.Yes
