"""The reading window: the article at once, highlights when the background analysis is done."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal, Slot
from PySide6.QtGui import QColor, QFont, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QTextEdit,
)

from reader.core.analysis import Analyzer
from reader.core.errors import ReaderError
from reader.core.loading import load_article
from reader.core.model import Analysis, Article
from reader.core.resources import sample_article_path
from reader.gui.styles import KIND_STYLES, KindStyle, entity_kind

SPANS_PER_SLICE = 1000
_UNDERLINES = {
    "single": QTextCharFormat.UnderlineStyle.SingleUnderline,
    "dash": QTextCharFormat.UnderlineStyle.DashUnderline,
    "dot": QTextCharFormat.UnderlineStyle.DotLine,
    "wave": QTextCharFormat.UnderlineStyle.WaveUnderline,
}


def char_format(style: KindStyle, background: bool = False) -> QTextCharFormat:
    fmt = QTextCharFormat()
    colour = QColor(style.colour)
    if background:
        colour.setAlpha(45)
        fmt.setBackground(colour)
    else:
        fmt.setForeground(colour)
    if style.underline:
        fmt.setUnderlineStyle(_UNDERLINES[style.underline])
        fmt.setUnderlineColor(QColor(style.colour))
    if style.bold:
        fmt.setFontWeight(QFont.Weight.DemiBold)
    return fmt


class AnalysisWorker(QObject):
    """Owns the spaCy pipeline in its own thread; never touches a widget."""

    analysed = Signal(object, int)
    failed = Signal(str, int)

    def __init__(self) -> None:
        super().__init__()
        self._analyzer: Analyzer | None = None

    @Slot(object, int)
    def analyse(self, article: Article, generation: int) -> None:
        try:
            if self._analyzer is None:
                self._analyzer = Analyzer.load()
            self.analysed.emit(self._analyzer.analyze(article), generation)
        except ReaderError as error:
            self.failed.emit(str(error), generation)


class MainWindow(QMainWindow):
    request_analysis = Signal(object, int)
    highlights_applied = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle("Fact Reader")
        self.view = QTextEdit(readOnly=True)
        self.view.setUndoRedoEnabled(False)
        self.view.setFont(QFont("Serif", 12))
        self.setCentralWidget(self.view)
        self.facts = QListWidget()
        self.facts.itemActivated.connect(self._jump)
        self.facts.itemClicked.connect(self._jump)
        dock = QDockWidget("Facts", self)
        dock.setWidget(self.facts)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        self.generation = 0
        self.analysis: Analysis | None = None
        self._thread = QThread(self)
        self._worker = AnalysisWorker()
        self._worker.moveToThread(self._thread)
        self.request_analysis.connect(self._worker.analyse)
        self._worker.analysed.connect(self._on_analysed)
        self._worker.failed.connect(self._on_failed)
        self._thread.start()
        self._pending: list[tuple[int, int, QTextCharFormat]] = []

    def open_path(self, path: Path) -> None:
        try:
            article = load_article(path)
        except ReaderError as error:
            QMessageBox.warning(self, "Cannot open the article", str(error))
            return
        self.show_article(article)

    def show_article(self, article: Article) -> None:
        self.generation += 1
        self.analysis = None
        self.view.setPlainText(article.text)
        self.facts.clear()
        self.setWindowTitle(f"{article.title} — Fact Reader")
        self.statusBar().showMessage("Analysing…")
        self.request_analysis.emit(article, self.generation)

    @Slot(object, int)
    def _on_analysed(self, analysis: Analysis, generation: int) -> None:
        if generation != self.generation:
            return
        self.analysis = analysis
        spans: list[tuple[int, int, QTextCharFormat]] = []
        for entity in analysis.entities:
            spans.append(
                (entity.start, entity.end, char_format(KIND_STYLES[entity_kind(entity.label)]))
            )
        for item in analysis.attributions:
            spans.append(
                (item.content.start, item.content.end, char_format(KIND_STYLES["content"], True))
            )
            if item.speaker is not None:
                spans.append(
                    (item.speaker.start, item.speaker.end, char_format(KIND_STYLES["speaker"]))
                )
            if item.cue is not None:
                spans.append((item.cue.start, item.cue.end, char_format(KIND_STYLES["cue"])))
        for money in analysis.money:
            spans.append((money.start, money.end, char_format(KIND_STYLES["money"])))
        self._pending = spans
        for fact in analysis.facts:
            entry = QListWidgetItem(fact.summary)
            entry.setData(Qt.ItemDataRole.UserRole, (fact.start, fact.end))
            entry.setToolTip(fact.summary)
            self.facts.addItem(entry)
        self.statusBar().showMessage(
            f"{len(analysis.attributions)} attributions, {len(analysis.money)} amounts, "
            f"{len(analysis.entities)} names — {analysis.model}"
        )
        QTimer.singleShot(0, self._apply_slice)

    def _apply_slice(self) -> None:
        cursor = QTextCursor(self.view.document())
        batch, self._pending = self._pending[:SPANS_PER_SLICE], self._pending[SPANS_PER_SLICE:]
        cursor.beginEditBlock()  # one layout pass per slice, not one per span
        for start, end, fmt in batch:
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(fmt)
        cursor.endEditBlock()
        if self._pending:
            QTimer.singleShot(0, self._apply_slice)
        else:
            self.highlights_applied.emit()

    @Slot(str, int)
    def _on_failed(self, message: str, generation: int) -> None:
        if generation == self.generation:
            self.statusBar().showMessage(f"Analysis failed: {message}")

    def _jump(self, item: QListWidgetItem) -> None:
        start, end = item.data(Qt.ItemDataRole.UserRole)
        cursor = self.view.textCursor()
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self.view.setTextCursor(cursor)
        self.view.ensureCursorVisible()

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self._thread.quit()
        self._thread.wait()
        super().closeEvent(event)


def run(args: argparse.Namespace) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = MainWindow()
    width, _, height = str(args.size).partition("x")
    window.resize(int(width), int(height))
    try:
        article = load_article(Path(args.path) if args.path else sample_article_path())
    except ReaderError as error:
        print(f"factreader: {error}", file=sys.stderr)
        return 1
    window.show()
    window.show_article(article)
    status = 0
    if args.screenshot:

        def save() -> None:
            nonlocal status
            if not window.grab().save(args.screenshot):
                print(f"factreader: cannot save {args.screenshot}", file=sys.stderr)
                status = 1
            window.close()

        window.highlights_applied.connect(lambda: QTimer.singleShot(200, save))
    app.exec()
    return status
