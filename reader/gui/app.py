"""The reading window: lays out the article, the facts and notes panel and the menus, and wires
together the parts that do the work (reader.gui.session, opening, notes_controller, exporting).
``run`` starts it with its store and analysis service."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QIcon,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QProgressBar,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reader import __version__
from reader.core.corrections import Correction
from reader.core.dates import published_day
from reader.core.errors import ReaderError
from reader.core.fetch import is_address
from reader.core.kinds import Theme
from reader.core.library import Opened, open_article, store_failed
from reader.core.loading import page_at
from reader.core.logs import log, setup_logging, stop_logging
from reader.core.memory import give_memory_back_soon
from reader.core.model import Analysis, Article
from reader.core.paths import data_dir
from reader.core.resources import resource_path, sample_article_path
from reader.core.service import Finished, Section, WorkerProcess
from reader.core.store import Store
from reader.core.thresholds import DECODE_HERE_MAX_CHARS, SEARCH_NOW_MAX_CHARS
from reader.gui.article_view import ArticleView
from reader.gui.corrections import Corrector
from reader.gui.crash import CrashReporter
from reader.gui.exporting import ExportController
from reader.gui.fact_navigation import FactNavigator
from reader.gui.fact_panel import FactPanel
from reader.gui.find_bar import FindBar
from reader.gui.library_work import LibraryWork
from reader.gui.menus import MenuParts, build_menus, open_shortcuts_dialog, show_text_menu
from reader.gui.notes import NoteDialog, NotesPanel
from reader.gui.notes_controller import NotesController
from reader.gui.opening import ArticleOpener
from reader.gui.reading_settings import ReadingSettings
from reader.gui.responsiveness import share_the_gil_often
from reader.gui.screenshot import take_screenshot
from reader.gui.session import AnalysisSession, Shown
from reader.gui.shortcuts import ShortcutsDialog
from reader.gui.store_ops import StoreOps
from reader.gui.theme import ThemeManager, theme_manager
from reader.gui.worker import AnalysisService, shared_service

# background, border, text: a warning's red, readable on either theme (contrast over 7:1)
MESSAGE_COLOURS: dict[Theme, tuple[str, str, str]] = {
    "light": ("#fde8e8", "#f5a3a3", "#7a1c1c"),
    "dark": ("#4a2426", "#7d3a3d", "#ffd9d9"),
}


class MessageBar(QFrame):
    """A message in the window itself, never a modal box: the reader keeps reading."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("messageBar")
        self.set_theme("light")
        self.label = QLabel(wordWrap=True)
        # file names and page text come from outside: never read them as markup
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QToolButton(autoRaise=True)
        close.setText("✕")
        close.setToolTip("Dismiss")
        close.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 6, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(close)
        self.hide()

    def show_message(self, text: str) -> None:
        self.label.setText(text)
        self.show()

    def set_theme(self, theme: Theme) -> None:
        background, border, text = MESSAGE_COLOURS[theme]
        self.setStyleSheet(
            f"#messageBar {{ background: {background}; border-bottom: 1px solid {border}; }}"
            f"#messageBar QLabel {{ color: {text}; }}"
        )


# The window waits this long for another program's write, not the command line's 15 s: it waits
# on its own thread, and a frozen window is worse than a note that says to try again.
WINDOW_BUSY_TIMEOUT_S = 2.0
APP_ID = "io.github.factreader.FactReader"  # the .desktop, metainfo and icon names
WELCOME = (  # in the empty window
    "Open an article with File → Open (Ctrl+O), drop a file here, or paste text with Ctrl+Shift+V."
)


class MainWindow(QMainWindow):
    """Lays the window out and wires its parts together; each part does one job: the session
    the analysis, the opener every way in, the notes controller the notes, the exporter the
    export dialogs."""

    analysis_shown = Signal()  # highlights and facts of the current article are on screen
    section_shown = Signal(int)  # provisional highlights up to this offset of a long article
    analysis_failed = Signal(str)
    fetch_failed = Signal(str)
    article_shown = Signal()  # an article's text is on screen (its highlights come later)

    def __init__(
        self,
        settings_dir: Path,
        service: AnalysisService,
        store: Store | None,
        store_problem: str = "",
        themes: ThemeManager | None = None,
    ) -> None:
        super().__init__()
        share_the_gil_often()  # the store's writer thread shares this process
        settings_dir.mkdir(parents=True, exist_ok=True)
        self.settings = QSettings(
            str(settings_dir / "settings.ini"), QSettings.Format.IniFormat, self
        )
        self.service, self.store, self.store_problem = service, store, store_problem
        # every write to the store, on its one writer thread; this window's connection reads
        self.ops = StoreOps(store, store_problem, self)
        self.session = AnalysisSession(service, store, self.ops, self)
        self.undo_stack = QUndoStack(self)  # notes deleted and corrections made, undone in order
        self._opening: object | None = None  # the opening whose storing is still to answer
        self._passage_wanted: tuple[str, int, int] | None = None  # article id, start, end
        self.opener = ArticleOpener(self.settings, self)

        self._lay_out_article()
        self._lay_out_facts_and_notes()
        self._make_controllers(themes or theme_manager())
        self._make_status_bar()
        build_menus(self, self._menu_parts())
        self.setAcceptDrops(True)
        self.setWindowTitle("Fact Reader")
        self.reading.restore()
        self._connect()
        self._start()

    def _lay_out_article(self) -> None:
        """The article's column: the message bars over the byline, the find bar and the text."""
        self.view = ArticleView()
        self.view.setPlaceholderText(WELCOME)
        self.message = MessageBar()
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        # the store's own warnings stay until the reader dismisses them, whatever opens next
        self.store_notice = MessageBar()
        column.addWidget(self.store_notice)
        self.crash_notice = MessageBar()  # an unexpected error: stays until dismissed, too
        column.addWidget(self.crash_notice)
        column.addWidget(self.message)
        # where the article came from, under its title: site, author, date, address
        self.byline = QLabel()
        self.byline.setTextFormat(Qt.TextFormat.PlainText)
        self.byline.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.byline.setContentsMargins(12, 4, 12, 4)
        self.byline.hide()
        column.addWidget(self.byline)
        self.find_bar = FindBar(self.view)
        column.addWidget(self.find_bar)
        column.addWidget(self.view, 1)
        self.setCentralWidget(central)

    def _lay_out_facts_and_notes(self) -> None:
        """The dock beside the text, with the Facts and Notes tabs."""
        self.panel = FactPanel()
        self.notes_panel = NotesPanel()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.panel, "Facts")
        self.tabs.addTab(self.notes_panel, "Notes")
        self.dock = QDockWidget("Facts and notes", self)
        self.dock.setObjectName("factsDock")
        self.dock.setWidget(self.tabs)
        self.dock.setMinimumWidth(340)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)

    def _make_controllers(self, themes: ThemeManager) -> None:
        """The parts that do the work, each handed the widgets and the store it acts on."""
        store, problem, session = self.store, self.store_problem, self.session
        view, panel, tabs, undo_stack = self.view, self.panel, self.tabs, self.undo_stack
        ops = self.ops
        self.notes = NotesController(
            store, problem, ops, session, view, self.notes_panel, tabs, undo_stack, lambda: self
        )
        self.corrector = Corrector(store, problem, ops, session, view, undo_stack, lambda: self)
        self.exporter = ExportController(store, session, self.settings, self)
        bars = (self.store_notice, self.crash_notice, self.message)
        themed = [bar.set_theme for bar in bars]
        self.reading = ReadingSettings(self.settings, themes, view, panel, tabs, themed)
        self.navigator = FactNavigator(session, view, panel, tabs, self.notes)
        self.library = LibraryWork(store, self.service, session, lambda: self)

    def _make_status_bar(self) -> None:
        self.status_text = QLabel(textFormat=Qt.TextFormat.PlainText)
        self.progress = QProgressBar(textVisible=False)
        self.progress.setMaximumWidth(160)
        self.progress.setRange(0, 100)
        self.progress.hide()
        self.model_label = QLabel("Loading the language model…", textFormat=Qt.TextFormat.PlainText)
        # "page 12" for a PDF, where the cursor is
        self.page_label = QLabel(textFormat=Qt.TextFormat.PlainText)
        self.statusBar().addWidget(self.status_text, 1)
        for widget in (self.page_label, self.progress, self.model_label):
            self.statusBar().addPermanentWidget(widget)

    def _menu_parts(self) -> MenuParts:
        return MenuParts(
            opener=self.opener,
            exporter=self.exporter,
            notes=self.notes,
            corrector=self.corrector,
            library=self.library,
            find_bar=self.find_bar,
            reading=self.reading,
            navigator=self.navigator,
            undo_stack=self.undo_stack,
            facts_dock=self.dock,
            article_id=lambda: self.article_id,
            reload_source=self.reload_source,
            focus_filter=self._focus_filter,
        )

    def _start(self) -> None:
        """Tell what is wrong with the store, if anything; start the analysis and library work."""
        if self.store_problem:
            self.store_notice.show_message(self.store_problem)
            log.warning("%s", self.store_problem)
        if self.service.model_name:
            self._on_model_ready(self.service.model_name)
        self.service.start()
        self.library.start()

    def _connect(self) -> None:
        self.view.cursorPositionChanged.connect(self._show_page)
        self.panel.legend.toggled.connect(self.view.set_kind_visible)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(
            lambda point: show_text_menu(self.view, self.notes, self.corrector, point)
        )
        self.panel.note_requested.connect(self.notes.add_for_fact)
        self.panel.menu_filler = lambda menu, fact: self.corrector.fill_menu(menu, fact, None)
        parts = (self.notes, self.exporter, self.library, self.opener, self.corrector)
        for said in [part.problem for part in parts] + [self.exporter.told, self.corrector.told]:
            said.connect(self.message.show_message)
        for part in (self.notes, self.exporter, self.navigator, self.library, self.opener):
            part.status.connect(self._set_status)
        self.notes.notes_changed.connect(self._on_notes_changed)
        self.opener.article_ready.connect(self.show_article)
        self.library.open_requested.connect(self.open_stored_at)
        self.library.dossier_requested.connect(
            lambda key, name, guesses: self.exporter.export_dossier(key, name, guesses=guesses)
        )
        self.opener.waiting.connect(self._waiting)
        self.opener.fetch_failed.connect(self.fetch_failed)
        self.session.cache_failed.connect(self._on_cache_failed)
        self.ops.failed.connect(self.message.show_message)
        self.session.model_ready.connect(self._on_model_ready)
        self.session.model_failed.connect(lambda: self.model_label.setText("No language model"))
        self.session.progressed.connect(self._on_progress)
        self.session.section_ready.connect(self._on_section)
        self.session.shown.connect(self._on_shown)
        self.session.failed.connect(self._on_failed)

    # --- what the rest of the app reads -------------------------------------------------------

    @property
    def article(self) -> Article | None:
        return self.session.article

    @property
    def article_id(self) -> str | None:
        return self.session.article_id

    @property
    def analysis(self) -> Analysis | None:
        return self.session.analysis

    @property
    def raw(self) -> Finished | None:
        return self.session.raw

    # --- menus --------------------------------------------------------------------------------

    def show_shortcuts(self) -> ShortcutsDialog:
        return open_shortcuts_dialog(self)

    def _focus_filter(self) -> None:
        self.dock.show()
        self.tabs.setCurrentWidget(self.panel)
        self.panel.filter.setFocus()
        self.panel.filter.selectAll()

    # --- opening articles ---------------------------------------------------------------------

    def open_path(self, path: Path, password: str | None = None) -> bool:
        return self.opener.open_path(path, password)

    def open_address(self, url: str) -> bool:
        return self.opener.open_address(url)

    def reload_source(self) -> bool:
        return self.opener.reload(self.article)

    def open_stored_at(self, article_id: str, start: int = -1, end: int = -1) -> None:
        """An article from the library, with the passage a view chose selected."""
        if self.store is None:
            return
        if article_id != self.article_id:
            self._passage_wanted = (article_id, start, end)  # selected once it is opened
            self.opener.open_stored(self.store, article_id)
        elif 0 <= start < end:
            self._select_passage(start, end)

    def _select_passage(self, start: int, end: int) -> None:
        self.view.select_range(start, end)
        self.activateWindow()  # over the view that asked, whose list stays open beside it

    def _waiting(self, busy: bool) -> None:
        self.progress.setRange(0, 0 if busy else 100)
        self.progress.setVisible(busy)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.opener.accepts(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        if self.opener.drop(event.mimeData()):
            event.acceptProposedAction()

    def show_article(self, article: Article) -> None:
        """The text at once; the analysis from the store's cache, else from the worker.
        All or nothing: a store that fails leaves the article shown, with a message."""
        self.reading.remember_place(self.ops, self.session)
        self.session.cancel()
        self.message.hide()
        self.undo_stack.clear()  # corrections of another article are not undone from here
        self.view.show_article(article)
        parts = [article.site, article.author, published_day(article.published, ""), article.url]
        self.byline.setText(" · ".join(p for p in parts if p))
        self.byline.setVisible(any(parts))
        if article.warnings:
            self.message.show_message(" ".join(article.warnings))
        self.article_shown.emit()
        self.panel.clear("Analysing…")
        self.setWindowTitle(f"{article.title} — Fact Reader")
        self.session.open(article, None)  # the last article's id is not this one's
        self.notes.refresh()  # none until it is stored: the last article's are not this one's
        # The last article's document and analysis are let go: glibc would keep their pages
        # (after a 500-page PDF the window stayed at 250 MB through a 1M-character report).
        give_memory_back_soon()
        opening = self._opening = object()
        if self.store is None:
            self._opened(article, opening, Opened(None, None, 0))
        elif not self.ops.can_write:  # read-only: nothing to write, so read it here
            self._opened(article, opening, open_article(self.store, article))
        else:
            # A long text is indexed for search once its analysis is in: sooner, it takes a
            # core from the analysis and the window for 0.1 s.
            later = len(article.text) > SEARCH_NOW_MAX_CHARS
            pending = self.session.pending(article)
            self.ops.run(
                lambda store: open_article(store, article, pending, later, DECODE_HERE_MAX_CHARS),
                lambda opened: self._opened(article, opening, opened),
                # open_article answers the store's failures itself: this is the writer's
                lambda why: self._opened(
                    article, opening, Opened(None, None, 0, store_failed(why))
                ),
            )

    def _opened(self, article: Article, opening: object, opened: Opened) -> None:
        """The article stored, its cached analysis and reading place found: analyse it."""
        if opening is not self._opening:  # another article was opened meanwhile
            return
        self._opening = None
        if opened.problem:
            self.message.show_message(opened.problem)
        self.view.reveal(opened.reading_at)  # where the reader left it
        article_id, cached = opened.article_id, opened.cached
        if opened.saved_in is not None:
            self._set_status("Reading the saved analysis…")
            self._waiting(True)
        elif cached is None:
            self._set_status("Analysing…")
            self.progress.setRange(0, 100)
            self.progress.setValue(0)
            self.progress.show()
        self.library.yield_to_reader()  # the reader's article before the library's
        self.session.open(article, article_id)
        self._show_page()  # the new article's page, not the last one's
        self.find_bar.refresh()
        self.notes.refresh()
        wanted, self._passage_wanted = self._passage_wanted, None
        if wanted is not None and wanted[0] == article_id and 0 <= wanted[1] < wanted[2]:
            self._select_passage(wanted[1], wanted[2])
        self.session.analyse(cached, opened.saved_in)

    # --- analysis results ---------------------------------------------------------------------

    def _on_model_ready(self, model: str) -> None:
        self.model_label.setText(f"Model: {model}")

    def _on_progress(self, percent: int) -> None:
        self.progress.setRange(0, 100)  # busy until now if a saved analysis could not be read
        self.progress.setValue(percent)
        self._set_status(f"Analysing… {percent}%")

    def _on_section(self, part: Section) -> None:
        self.view.add_section(part.start, part.end, part.analysis, part.highlights)
        counts = sum((section.index.counts for section in self.view.sections), Counter())
        self.panel.legend.set_counts(counts)
        self.panel.legend.set_count("note", len(self.view.notes))
        self.section_shown.emit(part.end)

    def _on_shown(self, shown: Shown) -> None:
        if shown.fresh:
            self.progress.hide()
            article_id, text = self.article_id, self.article.text if self.article else ""
            if article_id is not None and len(text) > SEARCH_NOW_MAX_CHARS:
                # left for now by show_article; a no-op once done
                self.session.write_after_cache(lambda store: store.make_text_searchable(article_id))
        result, analysis = shown.result, shown.analysis
        self.view.set_analysis(analysis, result.highlights)
        self.panel.set_facts(result.tree, analysis.facts, result.highlights.counts, result.review)
        self.panel.legend.set_count("note", len(self.view.notes))
        if shown.problem:
            self.message.show_message(shown.problem)
        self._set_status(summary_of(shown))
        if shown.lost:
            self.message.show_message(kept_aside(shown.lost))
        if shown.fresh:
            self.analysis_shown.emit()
            give_memory_back_soon()  # the parts it replaces, and the messages that carried it

    def _on_cache_failed(self, message: str) -> None:
        self.message.show_message(f"The analysis could not be cached: {message}")

    def _on_failed(self, message: str) -> None:
        self.progress.hide()
        self.panel.clear("No facts: the analysis failed.")
        self._set_status("Analysis failed")
        self.message.show_message(f"The article is shown without highlights. {message}")
        self.analysis_failed.emit(message)

    def _set_status(self, text: str) -> None:
        self.status_text.setText(text)

    def _show_page(self) -> None:
        offset = self.view.offset_of(self.view.textCursor().position())
        page = page_at(self.article, offset) if self.article and offset is not None else None
        self.page_label.setText(f"page {page}" if page is not None else "")

    # --- notes, the library -------------------------------------------------------------------

    def _on_notes_changed(self, count: int) -> None:
        if self.analysis is not None:
            self.panel.legend.set_count("note", count)

    def add_note_for_selection(self) -> NoteDialog | None:
        return self.notes.add_for_selection()

    def change_text_size(self, step: int) -> None:
        self.reading.change_text_size(step)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.reading.remember_place(self.ops, self.session)
        self.library.stop()
        self.session.close()
        self.ops.close()  # writes what is queued: no note, place or analysis is lost
        self.settings.sync()
        super().closeEvent(event)


def open_store(folder: Path) -> tuple[Store | None, str]:
    """The window's store and, if it could not be opened as usual, why: the window still opens
    (read-only, or without notes) and says so."""
    try:
        store = Store.open(folder, busy_timeout_s=WINDOW_BUSY_TIMEOUT_S)
    except ReaderError as error:
        return None, f"Notes are unavailable: {error}"
    return store, store.notice or ""


def open_window(folder: Path, service: AnalysisService | None = None) -> MainWindow:
    """A window on the data folder ``folder``, with the application's analysis service."""
    store, problem = open_store(folder)
    return MainWindow(folder, service or shared_service(), store, problem)


def summary_of(shown: Shown) -> str:
    """The status line once an analysis is shown: what the panel lists, as the legend counts it."""
    result, counts = shown.result, shown.result.highlights.counts
    names = sum(counts[kind] for kind in ("person", "organisation", "place", "date", "other"))
    return (
        f"{_count(counts['content'], 'attribution')} · "
        f"{_count(counts['money'], 'amount')} of money · "
        f"{_count(counts['figure'], 'figure')} · "
        f"{_count(names, 'name')} · "
        f"{result.review_count} to review"
        + (f" · {shown.corrections} corrected" if shown.corrections else "")
    )


def kept_aside(lost: Sequence[Correction]) -> str:
    """The message for corrections that no longer find what they corrected (the first three)."""
    listed = "; ".join(c.describe() for c in lost[:3])
    finds = (
        "finds what it corrected and is" if len(lost) == 1 else "find what they corrected and are"
    )
    return f"{_count(len(lost), 'correction')} no longer {finds} kept aside: {listed}"


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def run(args: argparse.Namespace, worker: WorkerProcess | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Fact Reader")
    app.setDesktopFileName(APP_ID)  # ties the window to its .desktop entry (Wayland app id)
    app.setWindowIcon(QIcon(str(resource_path(f"icons/{APP_ID}.svg"))))
    folder = data_dir(args.data_dir)
    setup_logging(folder, debug=getattr(args, "debug", False))
    log.info("Fact Reader %s starting", __version__)
    service = shared_service(worker)
    app.aboutToQuit.connect(service.stop)
    window = open_window(folder, service)
    reporter = CrashReporter(window.crash_notice.show_message)
    reporter.install()
    app.aboutToQuit.connect(reporter.uninstall)
    app.aboutToQuit.connect(stop_logging)
    if getattr(args, "theme", None):
        window.reading.set_theme(args.theme, remember=False)
    width, _, height = str(args.size).partition("x")
    window.resize(int(width), int(height))
    window.show()
    if args.path and is_address(args.path):
        opened = window.open_address(args.path)
    else:
        opened = window.open_path(Path(args.path) if args.path else sample_article_path())
    if not args.screenshot:
        app.exec()
        return 0
    if not opened:
        print(f"factreader: {window.message.label.text()}", file=sys.stderr)
        return 1
    return take_screenshot(app, window, args.screenshot)
