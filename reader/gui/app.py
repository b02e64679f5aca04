"""The reading window: the article at once, highlights and facts when the background analysis is
done, and every way an analyst brings an article in (open, recent, drop, paste)."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from PySide6.QtCore import QPoint, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QIcon,
    QKeySequence,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reader import __version__
from reader.core.corrections import Correction, apply_corrections
from reader.core.errors import ReaderError
from reader.core.export import (
    ExportError,
    ExportExistsError,
    article_markdown,
    export_file_name,
    write_export,
)
from reader.core.fact_tree import build_review_tree
from reader.core.fetch import is_address
from reader.core.kinds import HighlightKind
from reader.core.loading import article_from_text, load_article, load_pdf, page_at
from reader.core.logs import log, setup_logging, stop_logging
from reader.core.model import Analysis, Article
from reader.core.paths import data_dir
from reader.core.pdf import PdfPasswordError
from reader.core.resources import resource_path, sample_article_path
from reader.core.review import review_facts
from reader.core.service import Finished, Section, WorkerProcess, result_for
from reader.core.store import CacheWriter, Note, Store
from reader.gui.address import AddressFetcher, BackgroundLoader
from reader.gui.article_view import DEFAULT_POINT_SIZE, ArticleView
from reader.gui.corrections import Corrector, DeleteNoteCommand
from reader.gui.crash import CrashReporter
from reader.gui.fact_panel import FactPanel
from reader.gui.formats import plain_tooltip
from reader.gui.notes import LibraryDialog, NoteDialog, NotesPanel, parse_tags
from reader.gui.worker import AnalysisService, shared_service

MAX_RECENT = 10
# PDFs from this size on are read off the window's thread (a 500-page report is several MB).
BACKGROUND_PDF_BYTES = 1_000_000
OPEN_FILTER = "Articles (*.txt *.md *.markdown *.html *.htm *.pdf *.docx *.epub);;All files (*)"
SCREENSHOT_TIMEOUT_MS = 180_000


class MessageBar(QFrame):
    """A message in the window itself, never a modal box: the reader keeps reading."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("messageBar")
        self.setStyleSheet(
            "#messageBar { background: #fde8e8; border-bottom: 1px solid #f5a3a3; }"
            "#messageBar QLabel { color: #7a1c1c; }"
        )
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


# The window waits this long for another program's write, not the command line's 15 s: it waits
# on its own thread, and a frozen window is worse than a note that says to try again.
WINDOW_BUSY_TIMEOUT_S = 2.0
CACHE_DELAY_MS = 100  # after the highlights are painted, so the two never add up
APP_ID = "io.github.factreader.FactReader"  # the .desktop, metainfo and icon names


class MainWindow(QMainWindow):
    analysis_shown = Signal()  # highlights and facts of the current article are on screen
    section_shown = Signal(int)  # provisional highlights up to this offset of a long article
    analysis_failed = Signal(str)
    fetch_failed = Signal(str)
    article_shown = Signal()  # an article's text is on screen (its highlights come later)
    cache_failed = Signal(str)  # from the cache writer's thread

    def __init__(self, settings_dir: Path, service: AnalysisService | None = None) -> None:
        super().__init__()
        settings_dir.mkdir(parents=True, exist_ok=True)
        self.settings = QSettings(
            str(settings_dir / "settings.ini"), QSettings.Format.IniFormat, self
        )
        self.service = service or shared_service()
        self.article: Article | None = None
        self.article_id: str | None = None  # in the store
        self.analysis: Analysis | None = None
        self._request: int | None = None
        self._uncached: list[Finished] = []  # shown, not yet written to the store's cache
        self.raw: Finished | None = None  # the analysis as the rules found it, before corrections
        self.undo_stack = QUndoStack(self)  # notes deleted and corrections made, undone in order
        self.corrector = Corrector(self)
        self.fetcher = AddressFetcher()
        self.fetcher.fetched.connect(self._on_fetched)
        self.fetcher.failed.connect(self._on_fetch_failed)
        self.address_dialog: QInputDialog | None = None
        self.loader = BackgroundLoader()
        self.loader.loaded.connect(self._on_loaded)
        self.loader.failed.connect(self._on_load_failed)
        self.loader.locked.connect(self._on_locked)
        self.background_from_bytes = BACKGROUND_PDF_BYTES
        self.store: Store | None = None
        self.store_problem = ""
        self.cache_writer: CacheWriter | None = None
        try:
            self.store = Store.open(settings_dir, busy_timeout_s=WINDOW_BUSY_TIMEOUT_S)
            if not self.store.read_only:
                self.cache_writer = CacheWriter(self.store, self.cache_failed.emit)
            self.store_problem = self.store.notice or ""
        except ReaderError as error:
            self.store_problem = f"Notes are unavailable: {error}"

        self.view = ArticleView()
        self.view.setPlaceholderText(
            "Open an article with File → Open (Ctrl+O), drop a file here, "
            "or paste text with Ctrl+Shift+V."
        )
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
        column.addWidget(self.view, 1)
        self.setCentralWidget(central)

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

        self.status_text = QLabel(textFormat=Qt.TextFormat.PlainText)
        self.progress = QProgressBar(textVisible=False)
        self.progress.setMaximumWidth(160)
        self.progress.setRange(0, 100)
        self.progress.hide()
        self.model_label = QLabel("Loading the language model…", textFormat=Qt.TextFormat.PlainText)
        # "page 12" for a PDF, where the cursor is
        self.page_label = QLabel(textFormat=Qt.TextFormat.PlainText)
        self.password_dialog: QInputDialog | None = None
        self.statusBar().addWidget(self.status_text, 1)
        self.statusBar().addPermanentWidget(self.page_label)
        self.statusBar().addPermanentWidget(self.progress)
        self.statusBar().addPermanentWidget(self.model_label)

        self._build_menus()
        self.setAcceptDrops(True)
        self.setWindowTitle("Fact Reader")
        size = self.settings.value("view/point_size", DEFAULT_POINT_SIZE)
        self.view.set_point_size(float(size))  # type: ignore[arg-type]

        self.panel.fact_chosen.connect(self.show_fact)
        self.view.cursorPositionChanged.connect(self._show_page)
        self.panel.legend.toggled.connect(self.view.set_kind_visible)
        self.view.highlight_clicked.connect(self._highlight_clicked)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.panel.note_requested.connect(self.add_note_for_fact)
        self.panel.menu_filler = lambda menu, fact: self.corrector.fill_menu(menu, fact, None)
        self.notes_panel.note_chosen.connect(self.show_note)
        self.notes_panel.edit_requested.connect(self.edit_note)
        self.notes_panel.delete_requested.connect(self.delete_note)
        if self.store_problem:
            self.store_notice.show_message(self.store_problem)
            log.warning("%s", self.store_problem)
        self.cache_failed.connect(self._on_cache_failed)
        self.service.model_ready.connect(self._on_model_ready)
        self.service.progress.connect(self._on_progress)
        self.service.section.connect(self._on_section)
        self.service.finished.connect(self._on_finished)
        self.service.failed.connect(self._on_failed)
        if self.service.model_name:
            self._on_model_ready(self.service.model_name)
        self.service.start()

    # --- menus --------------------------------------------------------------------------------

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        open_action = self._action(
            file_menu, "&Open…", QKeySequence.StandardKey.Open, self.choose_file
        )
        self._action(file_menu, "Open &Address…", "Ctrl+Shift+O", self.ask_address)
        self._action(
            file_menu, "Re&load from Source", QKeySequence.StandardKey.Refresh, self.reload_source
        )
        self._action(file_menu, "Cancel Fetching", "Esc", self.cancel_fetch)
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self._action(file_menu, "New Article from &Clipboard", "Ctrl+Shift+V", self.open_clipboard)
        self._action(file_menu, "Open the &Sample Article", None, self.open_sample)
        library = self._action(file_menu, "&Library…", "Ctrl+L", self.show_library)
        file_menu.addSeparator()
        export = self._action(file_menu, "&Export Notes…", "Ctrl+E", self.export_notes)
        self._action(file_menu, "Export &All Notes to a Folder…", None, self.export_all_notes)
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", QKeySequence.StandardKey.Quit, self.close)

        edit_menu = self.menuBar().addMenu("&Edit")
        add_note = self._action(
            edit_menu, "Add &Note…", "Ctrl+Shift+N", self.add_note_for_selection
        )
        toolbar = self.addToolBar("Main")
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (open_action, library, add_note, export):
            toolbar.addAction(action)
        edit_menu.addSeparator()
        undo = self.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcuts(QKeySequence.StandardKey.Undo)
        redo = self.undo_stack.createRedoAction(self, "&Redo")
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        for action in (undo, redo):
            edit_menu.addAction(action)
            self.addAction(action)

        view_menu = self.menuBar().addMenu("&View")
        larger = self._action(view_menu, "&Larger Text", QKeySequence.StandardKey.ZoomIn, None)
        larger.setShortcuts([QKeySequence("Ctrl++"), QKeySequence("Ctrl+=")])
        larger.triggered.connect(lambda: self.change_text_size(+1))
        smaller = self._action(view_menu, "&Smaller Text", QKeySequence.StandardKey.ZoomOut, None)
        smaller.triggered.connect(lambda: self.change_text_size(-1))
        self._action(view_menu, "&Actual Size", "Ctrl+0", lambda: self.change_text_size(0))
        view_menu.addSeparator()
        view_menu.addAction(self.dock.toggleViewAction())

        go_menu = self.menuBar().addMenu("&Go")
        self._action(go_menu, "&Next Fact", "F8", lambda: self.step_fact(+1))
        self._action(go_menu, "&Previous Fact", "Shift+F8", lambda: self.step_fact(-1))
        self._action(go_menu, "&Filter Facts", QKeySequence.StandardKey.Find, self._focus_filter)
        go_menu.addSeparator()
        self._action(go_menu, "Next Fact to &Review", "F9", lambda: self.step_review(+1))
        self._action(go_menu, "Previous Fact to R&eview", "Shift+F9", lambda: self.step_review(-1))

    def _action(
        self,
        menu: QWidget,
        text: str,
        shortcut: QKeySequence.StandardKey | str | None,
        slot: object,
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if callable(slot):
            action.triggered.connect(lambda _checked=False: slot())
        if shortcut is not None:
            action.setToolTip(
                f"{text.replace('&', '').rstrip('…')} ({action.shortcut().toString()})"
            )
        menu.addAction(action)
        self.addAction(action)  # shortcuts work even when the menu bar is hidden
        return action

    def _focus_filter(self) -> None:
        self.dock.show()
        self.panel.filter.setFocus()
        self.panel.filter.selectAll()

    # --- opening articles ---------------------------------------------------------------------

    def choose_file(self) -> None:
        start = str(self.settings.value("open/last_dir", str(Path.home())))
        path, _ = QFileDialog.getOpenFileName(self, "Open an article", start, OPEN_FILTER)
        if path:
            self.settings.setValue("open/last_dir", str(Path(path).parent))
            self.open_path(Path(path))

    def open_path(self, path: Path, password: str | None = None) -> bool:
        """Open a file; on failure say why in the window and keep what is shown. An encrypted
        PDF asks for its password."""
        if password is None and _is_big_pdf(path, self.background_from_bytes):
            # a long report is read off the window's thread: the window keeps answering
            self._set_status(f"Reading {path.name}…")
            self.progress.setRange(0, 0)
            self.progress.show()
            self.loader.start(path)
            return True
        try:
            article = load_pdf(path, password) if password is not None else load_article(path)
        except PdfPasswordError as error:
            self._ask_password(path, str(error))
            return False
        except ReaderError as error:
            self.message.show_message(f"Cannot open this article. {error}")
            return False
        except OSError as error:  # anything the loader did not foresee still gets a message
            self.message.show_message(f"Cannot open {path}: {error.strerror or error}")
            return False
        self._remember(path)
        self.show_article(article)
        return True

    def _on_loaded(self, article: Article, path: Path) -> None:
        self._fetch_done()
        self._remember(path)
        self.show_article(article)

    def _on_locked(self, path: Path, reason: str) -> None:
        self._fetch_done()
        self._set_status("")
        self._ask_password(path, reason)

    def _on_load_failed(self, message: str) -> None:
        self._fetch_done()
        self._set_status("")
        self.message.show_message(message)

    def _show_page(self) -> None:
        offset = self.view.offset_of(self.view.textCursor().position())
        page = page_at(self.article, offset) if self.article and offset is not None else None
        self.page_label.setText(f"page {page}" if page is not None else "")

    def _ask_password(self, path: Path, reason: str) -> None:
        dialog = QInputDialog(self)
        dialog.setWindowTitle("Password")
        dialog.setLabelText(f"{reason}. Password for {path.name}:")
        dialog.setTextEchoMode(QLineEdit.EchoMode.Password)
        dialog.textValueSelected.connect(lambda value: self.open_path(path, value))
        dialog.open()
        self.password_dialog = dialog

    def open_sample(self) -> None:
        self.open_path(sample_article_path())

    def ask_address(self) -> QInputDialog:
        """File → Open Address: a web page, fetched in the background."""
        dialog = QInputDialog(self)
        dialog.setWindowTitle("Open Address")
        dialog.setLabelText("Web address of the article (http:// or https://):")
        text = QGuiApplication.clipboard().text().strip()
        if is_address(text):
            dialog.setTextValue(text)
        dialog.textValueSelected.connect(self.open_address)
        dialog.open()
        self.address_dialog = dialog
        return dialog

    def open_address(self, url: str) -> bool:
        url = url.strip()
        if not is_address(url):
            self.message.show_message(f"“{url}” is not a web address (http:// or https://).")
            return False
        self.fetcher.fetch(url)
        self._set_status(f"Fetching {url}… (Esc cancels)")
        self.progress.setRange(0, 0)
        self.progress.show()
        return True

    def reload_source(self) -> bool:
        """Read the article again from its address or file; the old text is kept as an
        earlier version, and notes and corrections move with their passages."""
        article = self.article
        if article is None:
            return False
        if article.url:
            return self.open_address(article.url)
        path = Path(article.source)
        if article.source in ("", "clipboard") or not path.is_file():
            self.message.show_message("This article has no file or address to reload from.")
            return False
        return self.open_path(path)

    def cancel_fetch(self) -> None:
        if self.fetcher.busy:
            self.fetcher.cancel()
            self._fetch_done()
            self._set_status("Fetching cancelled")

    def _fetch_done(self) -> None:
        self.progress.hide()
        self.progress.setRange(0, 100)

    def _on_fetched(self, article: Article) -> None:
        self.fetcher.busy = False
        self._fetch_done()
        self.show_article(article)

    def _on_fetch_failed(self, message: str) -> None:
        self.fetcher.busy = False
        self._fetch_done()
        self._set_status("")
        self.message.show_message(f"Cannot open this address. {message}")
        self.fetch_failed.emit(message)

    def open_clipboard(self) -> None:
        text = QGuiApplication.clipboard().text()
        if is_address(text.strip()):
            self.open_address(text)
            return
        try:
            article = article_from_text(text, source="clipboard")
        except ReaderError:
            self.message.show_message("The clipboard holds no text to read.")
            return
        self.show_article(article)

    def show_article(self, article: Article) -> None:
        if self._request is not None:
            self.service.cancel(self._request)  # its result would only be thrown away
        self.message.hide()
        self.article, self.analysis, self.raw = article, None, None
        self.undo_stack.clear()  # corrections of another article are not undone from here
        self.view.show_article(article)
        parts = [article.site, article.author, article.published, article.url]
        self.byline.setText(" · ".join(p for p in parts if p))
        self.byline.setVisible(any(parts))
        if article.warnings:
            self.message.show_message(" ".join(article.warnings))
        self.article_shown.emit()
        self.panel.clear("Analysing…")
        self.setWindowTitle(f"{article.title} — Fact Reader")
        self.article_id = None
        if self.store is not None:
            try:
                # looked up before the article is written: the first read after writing a long
                # text waits for SQLite's log (70 ms for 5 MB)
                cached = None if self.cache_writer is None else self.cache_writer.waiting(article)
                cached = cached or self.store.latest_analysis(article)
                self.article_id = self.store.add_article(article).id
                self._refresh_notes()
            except ReaderError as error:
                self.message.show_message(f"The note store failed: {error}")
                cached = None
            if cached is not None:  # analysed before: no need for the model
                self._show_result(result_for(-1, article, cached))
                return
        self._set_status("Analysing…")
        self.progress.setValue(0)
        self.progress.show()
        self._request = self.service.submit(article)

    def _remember(self, path: Path) -> None:
        if path.resolve() == sample_article_path().resolve():
            return
        recent = [str(path.resolve())] + [
            p for p in self.recent_files() if p != str(path.resolve())
        ]
        self.settings.setValue("open/recent", recent[:MAX_RECENT])

    def recent_files(self) -> list[str]:
        value = self.settings.value("open/recent", [])
        if isinstance(value, str):  # QSettings gives one value back as a plain string
            return [value]
        return [str(v) for v in value] if isinstance(value, list) else []

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = self.recent_files()
        for path in recent:
            action = self.recent_menu.addAction(Path(path).name)
            action.setToolTip(plain_tooltip(path))
            action.setStatusTip(path)
            action.triggered.connect(lambda _checked=False, p=path: self.open_path(Path(p)))
        if not recent:
            self.recent_menu.addAction("No recent articles").setEnabled(False)
        else:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction("Clear the List", self._clear_recent)

    def _clear_recent(self) -> None:
        self.settings.setValue("open/recent", [])

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        urls = event.mimeData().urls()
        files = [url.toLocalFile() for url in urls if url.isLocalFile()]
        pages = [url.toString() for url in urls if url.scheme() in ("http", "https")]
        if files:
            event.acceptProposedAction()
            self.open_path(Path(files[0]))
        elif pages or is_address(event.mimeData().text().strip()):
            event.acceptProposedAction()
            self.open_address(pages[0] if pages else event.mimeData().text())

    # --- analysis results ---------------------------------------------------------------------

    def _on_model_ready(self, model: str) -> None:
        self.model_label.setText(f"Model: {model}")

    def _on_progress(self, request: int, done: int, total: int) -> None:
        if request == self._request:
            self.progress.setValue(int(100 * done / max(total, 1)))
            self._set_status(f"Analysing… {100 * done // max(total, 1)}%")

    def _on_section(self, part: Section) -> None:
        if part.request != self._request:
            return
        self.view.add_section(part.start, part.end, part.analysis, part.highlights)
        counts: Counter[HighlightKind] = Counter()
        for section in self.view.sections:
            counts += section.index.counts
        self.panel.legend.set_counts(counts)
        self.panel.legend.set_count("note", len(self.view.notes))
        self.section_shown.emit(part.end)

    def _on_finished(self, result: Finished) -> None:
        if result.request != self._request or self.article is None:
            return
        self._request = None
        # Cached in a later turn of the event loop: painting and caching a long analysis each
        # take tens of milliseconds, and together they would freeze the window past 100 ms.
        # Queued first, since showing it may close the window (and closing caches the queue).
        self._uncached.append(result)
        QTimer.singleShot(CACHE_DELAY_MS, self._cache)
        self._show_result(result)

    def _cache(self) -> None:
        """Store the analyses waiting to be cached (also on closing, so none is lost)."""
        while self._uncached:
            self._cache_one(self._uncached.pop(0))

    def _cache_one(self, result: Finished) -> None:
        if self.cache_writer is not None:
            self.cache_writer.submit(result.article, result.analysis, result.cache_payload)

    def _on_cache_failed(self, message: str) -> None:
        self.message.show_message(f"The analysis could not be cached: {message}")

    def _show_result(self, result: Finished) -> None:
        self.raw = result
        self.progress.hide()
        self.reapply_corrections()
        self.analysis_shown.emit()

    def reapply_corrections(self) -> None:
        """Show the analysis with the analyst's corrections laid over it (after every analysis
        and every correction, undo or redo)."""
        if self.raw is None or self.article is None:
            return
        shown = self.raw
        corrections = []
        if self.store is not None and self.article_id is not None:
            try:
                corrections = self.store.corrections(self.article_id)
            except ReaderError as error:
                self.message.show_message(f"Corrections are unavailable: {error}")
        lost: tuple[Correction, ...] = ()
        if corrections:
            result = apply_corrections(self.article.text, shown.analysis, corrections)
            shown, lost = result_for(-1, self.article, result.analysis), result.lost
        analysis = shown.analysis
        self.analysis = analysis
        self.view.set_analysis(analysis, shown.highlights)
        self.panel.set_facts(
            shown.tree, analysis.facts, shown.highlights.counts, build_review_tree(analysis)
        )
        self.panel.legend.set_count("note", len(self.view.notes))
        review = len(review_facts(analysis))
        self._set_status(
            f"{_count(len(analysis.attributions), 'attribution')} · "
            f"{_count(len(analysis.money), 'amount')} of money · "
            f"{_count(len(analysis.figures), 'figure')} · "
            f"{_count(len(analysis.entities), 'name')} · "
            f"{review} to review" + (f" · {len(corrections)} corrected" if corrections else "")
        )
        if lost:
            listed = "; ".join(c.describe() for c in lost[:3])
            self.message.show_message(
                f"{_count(len(lost), 'correction')} no longer find their passage and are "
                f"kept aside: {listed}"
            )

    def _on_failed(self, request: int | None, message: str) -> None:
        log.error("analysis failed: %s", message)
        if request is None:
            self.model_label.setText("No language model")
        if request is not None and request != self._request:
            return
        self._request = None
        self.progress.hide()
        self.panel.clear("No facts: the analysis failed.")
        self._set_status("Analysis failed")
        self.message.show_message(f"The article is shown without highlights. {message}")
        self.analysis_failed.emit(message)

    def _set_status(self, text: str) -> None:
        self.status_text.setText(text)

    # --- notes --------------------------------------------------------------------------------

    def _refresh_notes(self) -> None:
        notes = self.store.notes(self.article_id) if self.store and self.article_id else []
        self.notes_panel.set_notes(notes)
        self.view.set_notes(notes)
        self.tabs.setTabText(1, f"Notes ({len(notes)})" if notes else "Notes")
        if self.analysis is not None:
            self.panel.legend.set_count("note", len(notes))

    def _selection(self) -> tuple[int, int] | None:
        cursor = self.view.textCursor()
        start = self.view.offset_of(cursor.selectionStart())
        end = self.view.offset_of(cursor.selectionEnd())
        if start is None or end is None or end <= start:
            return None
        return start, end

    def add_note_for_selection(self) -> NoteDialog | None:
        """Open the note editor for the selected passage (not modal: the text stays readable)."""
        selection = self._selection()
        if self.article is None or selection is None:
            self.message.show_message("Select a passage of the article first, then add a note.")
            return None
        if self.store is None:
            self.message.show_message(self.store_problem or "Notes are unavailable.")
            return None
        start, end = selection
        dialog = NoteDialog(self, self.article.text[start:end])
        dialog.accepted.connect(
            lambda: self.add_note(
                start, end, dialog.body.toPlainText(), parse_tags(dialog.tags.text())
            )
        )
        dialog.open()
        return dialog

    def add_note_for_fact(self, index: int) -> NoteDialog | None:
        """A note on a fact is anchored to the fact's span and remembers which fact it was."""
        if self.analysis is None or self.article is None or self.store is None:
            return None
        fact = self.analysis.facts[index]
        dialog = NoteDialog(self, self.article.text[fact.start : fact.end])
        dialog.accepted.connect(
            lambda: self.add_note(
                fact.start,
                fact.end,
                dialog.body.toPlainText(),
                parse_tags(dialog.tags.text()),
                fact.ref,
            )
        )
        dialog.open()
        return dialog

    def add_note(
        self, start: int, end: int, body: str, tags: list[str], fact_ref: str | None = None
    ) -> Note | None:
        if self.store is None or self.article_id is None:
            return None
        try:
            note = self.store.add_note(self.article_id, start, end, body, tags, fact_ref)
        except (ReaderError, ValueError) as error:
            self.message.show_message(f"The note was not saved: {error}")
            return None
        self._refresh_notes()
        self.tabs.setCurrentWidget(self.notes_panel)
        self.notes_panel.select_note(note.id)
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
        dialog = NoteDialog(self, note.anchor.exact, note.body, ", ".join(note.tags))
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
            self.message.show_message(f"The note was not saved: {error}")
        self._refresh_notes()
        self.notes_panel.select_note(note_id)

    def delete_note(self, note_id: int) -> None:
        note = self.store.note(note_id) if self.store is not None else None
        if self.store is None or note is None:
            return
        try:
            self.undo_stack.push(DeleteNoteCommand(self.store, self._refresh_notes, note))
        except ReaderError as error:
            self.message.show_message(f"The note was not deleted: {error}")
            return
        self._set_status("Note deleted — Ctrl+Z brings it back")

    def _highlight_clicked(self, highlight: object) -> None:
        kind, fact, item = (getattr(highlight, name) for name in ("kind", "fact", "item"))
        if kind == "note":
            self.tabs.setCurrentWidget(self.notes_panel)
            self.notes_panel.select_note(item)
        else:
            self.tabs.setCurrentWidget(self.panel)
            self.panel.select_fact(fact)

    def _context_menu(self, point: QPoint) -> None:
        menu = self.view.createStandardContextMenu(point)
        menu.addSeparator()
        add = menu.addAction("Add Note…", self.add_note_for_selection)
        add.setEnabled(self._selection() is not None)
        offset = self.view.offset_at(point)
        found = self.view.visible_highlights_at(offset) if offset is not None else []
        facts = [h.fact for h in found if h.kind != "note" and h.fact >= 0]
        menu.addSeparator()
        self.corrector.fill_menu(menu, facts[0] if facts else None, self._selection())
        menu.exec(self.view.viewport().mapToGlobal(point))

    def step_review(self, step: int) -> None:
        """The next or previous fact marked for review, in reading order (F9, Shift+F9)."""
        if self.analysis is None:
            return
        todo = review_facts(self.analysis)
        if not todo:
            self._set_status("Nothing to review: every speaker is named or corrected")
            return
        facts = self.analysis.facts
        here = self.view.offset_of(self.view.textCursor().selectionStart()) or 0
        if step > 0:
            target = next((i for i in todo if facts[i].start > here), todo[0])
        else:
            target = next((i for i in reversed(todo) if facts[i].start < here), todo[-1])
        self.panel.select_fact(target)
        self.show_fact(target)

    # --- library and export -------------------------------------------------------------------

    def show_library(self) -> LibraryDialog | None:
        if self.store is None:
            self.message.show_message(self.store_problem or "The library is unavailable.")
            return None
        dialog = LibraryDialog(self, self.store.search)
        dialog.article_chosen.connect(self.open_stored)
        dialog.open()
        return dialog

    def open_stored(self, article_id: str) -> None:
        article = self.store.article(article_id) if self.store else None
        if article is None:
            self.message.show_message("That article is no longer in the library.")
            return
        self.show_article(article)

    def export_notes(self, path: Path | None = None) -> bool:
        if self.store is None or self.article_id is None or self.article is None:
            self.message.show_message("Open an article first; its notes are what is exported.")
            return False
        summary = self.store.article_summary(self.article_id)
        assert summary is not None
        if path is None:
            start = str(self.settings.value("export/last_dir", str(Path.home())))
            chosen, _ = QFileDialog.getSaveFileName(
                self,
                "Export notes",
                str(Path(start) / export_file_name(summary)),
                "Markdown (*.md)",
            )
            if not chosen:
                return False
            path = Path(chosen)
            self.settings.setValue("export/last_dir", str(path.parent))
        content = article_markdown(
            self.article, summary, self.store.notes(self.article_id), self.analysis
        )
        return self._write(path, content)

    def _write(self, path: Path, content: str) -> bool:
        """Export to ``path``, asking before replacing a file Fact Reader did not write; any
        failure, of the forced write too, is reported in the window."""
        try:
            try:
                write_export(path, content)
            except ExportExistsError:
                question = QMessageBox(
                    QMessageBox.Icon.Question,
                    "Replace the file?",
                    f"{path.name} exists and was not written by Fact "
                    "Reader. Replace it with the exported notes?",
                    QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                    self,
                )
                question.setTextFormat(Qt.TextFormat.PlainText)  # a file name is never markup
                if question.exec() != QMessageBox.StandardButton.Yes:
                    return False
                write_export(path, content, force=True)
        except (ExportError, OSError) as error:
            self.message.show_message(f"The notes were not exported: {error}")
            return False
        self._set_status(f"Notes exported to {path}")
        return True

    def export_all_notes(self) -> None:
        if self.store is None:
            return
        folder = QFileDialog.getExistingDirectory(self, "Export all notes into a folder")
        if not folder:
            return
        for summary in self.store.articles():
            article = self.store.article(summary.id)
            assert article is not None
            content = article_markdown(article, summary, self.store.notes(summary.id))
            if not self._write(Path(folder) / export_file_name(summary), content):
                return

    # --- moving between facts -----------------------------------------------------------------

    def show_fact(self, index: int) -> None:
        if self.analysis is None or not 0 <= index < len(self.analysis.facts):
            return
        fact = self.analysis.facts[index]
        self.view.show_fact(fact.start, fact.end, fact.sentence_start, fact.sentence_end)

    def step_fact(self, step: int) -> None:
        """The next or previous fact in reading order from the fact or place being read."""
        if self.analysis is None or not self.analysis.facts:
            return
        facts = self.analysis.facts
        current = self.panel.current_fact()
        here = self.view.offset_of(self.view.textCursor().selectionStart()) or 0
        if current is not None and facts[current].start == here:
            target = current + step
        elif step > 0:
            target = next((i for i, f in enumerate(facts) if f.start > here), len(facts))
        else:
            target = next((i for i in reversed(range(len(facts))) if facts[i].start < here), -1)
        if 0 <= target < len(facts):
            self.panel.select_fact(target)
            self.show_fact(target)

    # --- text size and closing ------------------------------------------------------------------

    def change_text_size(self, step: int) -> None:
        size = self.view.font().pointSizeF() + step if step else DEFAULT_POINT_SIZE
        self.settings.setValue("view/point_size", self.view.set_point_size(size))

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._request is not None:
            self.service.cancel(self._request)
            self._request = None
        self._cache()
        if self.cache_writer is not None:
            self.cache_writer.close()
        self.settings.sync()
        super().closeEvent(event)


def _is_big_pdf(path: Path, threshold: int) -> bool:
    try:
        return path.suffix.lower() == ".pdf" and path.stat().st_size >= threshold
    except OSError:
        return False


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
    window = MainWindow(folder, service)
    reporter = CrashReporter(window.crash_notice.show_message)
    reporter.install()
    app.aboutToQuit.connect(reporter.uninstall)
    app.aboutToQuit.connect(stop_logging)
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
    return _screenshot(app, window, args.screenshot)


def _screenshot(app: QApplication, window: MainWindow, out: str) -> int:
    """Wait for the highlights, save a picture of the whole window, quit."""
    status = 1

    def save() -> None:
        nonlocal status
        if window.grab().save(out):
            status = 0
        else:
            print(f"factreader: cannot save the screenshot to {out}", file=sys.stderr)
        window.close()

    def failed(message: str) -> None:
        print(f"factreader: the analysis failed: {message}", file=sys.stderr)
        window.close()

    def timed_out() -> None:
        print("factreader: the analysis did not finish in time", file=sys.stderr)
        window.close()

    window.analysis_shown.connect(lambda: QTimer.singleShot(400, save))
    window.analysis_failed.connect(failed)
    if window.analysis is not None and window.raw is not None:
        # the store's cache showed it while opening, before anyone listened for it
        QTimer.singleShot(400, save)
    QTimer.singleShot(SCREENSHOT_TIMEOUT_MS, timed_out)
    app.exec()
    return status
