"""The library across articles in the window: its views, opening their rows at the passage, and
analysing stored articles in the background so that the views cover every one of them.

Background analyses go through the same worker process as the article being read, one at a
time and only while it is idle; opening an article cancels the one in flight, which is asked
again later. Their results, and the rows copied into the index, are written by the store's
writer. Articles longer than ``BACKGROUND_MAX_CHARS`` wait until they are opened: the
analysis of a long one arrives as hundreds of thousands of records, which the window's thread
would take too long to receive while the reader is doing something else.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QDialog, QWidget

from reader.core import crossref
from reader.core.changes import article_changes, version_article
from reader.core.errors import ReaderError
from reader.core.model import Analysis, Article
from reader.core.service import Finished
from reader.core.store import Store
from reader.core.thresholds import BACKGROUND_MAX_CHARS
from reader.gui.library_views import ChangesDialog, FiguresDialog, LibraryDialog, SourcesDialog
from reader.gui.session import AnalysisSession
from reader.gui.worker import AnalysisService

IDLE_CHECK_MS = 1000  # how often an idle window looks for a stored article to analyse
INDEX_PER_TICK = 10  # analyses copied into the index per look: a few milliseconds each
View = TypeVar("View", LibraryDialog, SourcesDialog, FiguresDialog)


class LibraryWork(QObject):
    open_requested = Signal(str, int, int)  # article id, passage start and end (-1: none)
    # a source's key and name, and whether guessed speakers are in, for the export controller
    dossier_requested = Signal(str, str, bool)
    problem = Signal(str)
    status = Signal(str)

    def __init__(
        self,
        store: Store | None,
        service: AnalysisService,
        session: AnalysisSession,
        parent_widget: Callable[[], QWidget],
    ) -> None:
        super().__init__(parent_widget())
        self.store = store
        self.service = service
        self.session = session
        self.parent_widget = parent_widget
        self.queue: list[str] | None = None  # stored articles to analyse; None: not looked yet
        self.in_flight: tuple[int, Article, str | None] | None = None  # request, article, id
        self.wanted_versions: dict[str, Article] = {}  # texts the changes view needs analysed
        # their analyses, also when the store cannot keep them (read-only)
        self.version_analyses: dict[str, Analysis] = {}
        self._stopped = False
        self._after_versions: Callable[[], None] | None = None
        self.analysed = 0
        self._too_long: set[str] = set()  # stale in the index, left for a view to copy
        self._catching_up = False
        self.dialogs: list[QDialog] = []
        self._idle = QTimer(self, interval=IDLE_CHECK_MS)
        self._idle.timeout.connect(self.next_job)
        service.finished.connect(self._on_finished)
        service.failed.connect(self._on_failed)

    # --- views ---------------------------------------------------------------------------------

    def _usable_store(self, view: str) -> Store | None:
        if self.store is None:
            self.problem.emit(f"The {view} is unavailable: the note store could not be opened.")
        return self.store

    def _keep(self, dialog: QDialog) -> QDialog:
        """Shown without blocking the window, and deleted once closed (a row is opened by
        ``activated``: a double click, Enter, or a single click where the desktop says so)."""
        self.dialogs.append(dialog)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: self._forget(dialog))
        for name in ("open_requested", "dossier_requested", "problem"):  # passed on as they are
            signal = getattr(dialog, name, None)
            if signal is not None:
                signal.connect(getattr(self, name))
        dialog.show()
        return dialog

    def _forget(self, dialog: QDialog) -> None:
        if dialog in self.dialogs:
            self.dialogs.remove(dialog)

    def show_library(self) -> LibraryDialog | None:
        return self._show("library", LibraryDialog)

    def show_sources(self) -> SourcesDialog | None:
        return self._show("Sources view", SourcesDialog)

    def show_figures(self) -> FiguresDialog | None:
        return self._show("figures table", FiguresDialog)

    def _show(self, view: str, make: Callable[[QWidget, Store], View]) -> View | None:
        store = self._usable_store(view)
        if store is None:
            return None
        try:
            dialog = make(self.parent_widget(), store)
        except ReaderError as error:  # the store is busy, full or cannot be read
            self.problem.emit(f"The {view} cannot be shown: {error}")
            return None
        self._keep(dialog)
        self.refresh_index(lambda: dialog.refresh() if dialog in self.dialogs else None)
        return dialog

    def refresh_index(self, then: Callable[[], object]) -> None:
        """Bring the index across articles up to date on the store's writer (a view shown at
        once lists what it holds until then), then ``then()``."""
        if self.session.ops.can_write:
            self.session.ops.run(lambda store: crossref.refresh(store), lambda _: then())

    def show_changes(self, article_id: str | None) -> bool:
        """The comparison of the article's versions; earlier texts not yet analysed are
        analysed first. False when there is nothing to compare."""
        store = self._usable_store("comparison")
        if store is None:
            return False
        current = store.article(article_id) if article_id else None
        if current is None or article_id is None:
            self.problem.emit("Open an article from the library to see what changed in it.")
            return False
        versions = store.versions(article_id)
        if not versions:
            self.problem.emit(
                "This article has one version: its source has not changed since it was stored."
            )
            return False
        for text in [*(version_article(current, v) for v in versions), current]:
            if self._known_analysis(store, text) is None:  # the current one may be on its way
                self.wanted_versions[text.id] = text
        self._after_versions = lambda: self._compare(store, article_id)
        if self.wanted_versions:
            self.status.emit(f"Analysing {len(self.wanted_versions)} version(s) to compare…")
            self.next_job()
        else:
            self._compare(store, article_id)
        return True

    def _compare(self, store: Store, article_id: str) -> None:
        self._after_versions = None

        def analysis_of(article: Article) -> Analysis:
            found = self._known_analysis(store, article)
            if found is None:
                raise ReaderError(f"no analysis of a version of {article.title!r}")
            return found

        try:
            comparisons = article_changes(store, article_id, analysis_of)
        except ReaderError as error:
            self.problem.emit(f"The versions cannot be compared: {error}")
            return
        changed = sum(len(c.changes) for c in comparisons)
        self.status.emit(f"{changed} facts changed over {len(comparisons)} edit(s)")
        self._keep(ChangesDialog(self.parent_widget(), article_id, comparisons))

    def _known_analysis(self, store: Store, article: Article) -> Analysis | None:
        """The analysis of this text: in the store, on its way there, or on screen."""
        return self._known_here(article) or store.latest_analysis(article)

    def _known_here(self, article: Article) -> Analysis | None:
        """The analysis of this text this window holds: on screen, made for a comparison, or
        shown and not yet cached."""
        shown = self.session.raw
        if shown is not None and shown.article.id == article.id:
            return shown.analysis
        return self.version_analyses.get(article.id) or self.session.pending(article)

    # --- analysing the library in the background -----------------------------------------------

    def start(self) -> None:
        """Look for stored articles to analyse whenever the window is idle."""
        if self.store is not None and not self.store.read_only:
            self._idle.start()

    def stop(self) -> None:
        self._stopped = True
        self._idle.stop()
        self.yield_to_reader()

    def yield_to_reader(self) -> None:
        """The reader opened an article: its analysis goes first; the job in flight is asked
        again later."""
        if self.in_flight is not None:
            request, article, article_id = self.in_flight
            self.service.cancel(request)
            self.in_flight = None
            if article_id is not None and self.queue is not None:
                self.queue.insert(0, article_id)
            elif article_id is None:
                self.wanted_versions[article.id] = article

    def next_job(self) -> None:
        if self._stopped or self.store is None:
            return
        if self.in_flight is not None or self.session.request is not None:
            return
        if not self.service.model_name:
            return  # the model is still loading: nothing would run sooner
        article, article_id = self._next_article(self.store)
        if article is None:
            # Analyses written by the window, or a store from before the index: copied a few
            # at a time (7 s for 10,000 at once would freeze the first view opened).
            self._catch_up()
            return
        self.in_flight = (self.service.submit(article), article, article_id)

    def _catch_up(self) -> None:
        """Copy a few analyses into the index, on the store's writer."""
        if self._catching_up or not self.session.ops.can_write:
            return
        self._catching_up = True
        too_long = self._too_long  # touched on the writer's thread only

        def copy_a_few(store: Store) -> None:
            found = crossref.refresh(
                store, limit=INDEX_PER_TICK, max_chars=BACKGROUND_MAX_CHARS, skip=too_long
            )
            too_long.update(found.too_long)

        def done(_: object = None) -> None:
            self._catching_up = False

        def failed(why: str) -> None:
            done()
            self.problem.emit(why)

        self.session.ops.run(copy_a_few, done, failed)

    def _next_article(self, store: Store) -> tuple[Article | None, str | None]:
        for wanted in list(self.wanted_versions.values()):
            if self._known_analysis(store, wanted) is None:
                return wanted, None
            del self.wanted_versions[wanted.id]  # analysed meanwhile: the article being read
        if self._after_versions is not None:
            self._after_versions()
        if self.queue is None:  # looked up once: the articles stored later are opened anyway
            self.queue = crossref.waiting_articles(store, max_chars=BACKGROUND_MAX_CHARS)
        while self.queue:
            article_id = self.queue.pop(0)
            article = store.article(article_id)
            small = article is not None and len(article.text) <= BACKGROUND_MAX_CHARS
            # asked without decoding it: a long article's analysis is tens of MB; one shown
            # and not yet cached (the reader's article) is not made again
            if (
                small
                and article is not None
                and not store.has_analysis(article)
                and self._known_here(article) is None
            ):
                return article, article_id
        return None, None

    def _on_finished(self, result: Finished) -> None:
        if self.in_flight is None or result.request != self.in_flight[0]:
            return
        _, article, article_id = self.in_flight
        self.in_flight = None
        analysis = result.analysis
        if article_id is None:
            self.version_analyses[article.id] = analysis
        # written by the store's writer, as the article being read is
        self.session.save_later(article, analysis, result.cache_payload)
        if article_id is not None:
            self.session.ops.run(
                lambda store: crossref.index_article(store, article_id, article, analysis)
            )
            self.analysed += 1
            waiting = len(self.queue or ())
            self.status.emit(
                f"Library: {self.analysed} article(s) analysed, {waiting} to go"
                if waiting
                else f"Library: {self.analysed} article(s) analysed; none left to analyse"
            )
        self.wanted_versions.pop(article.id, None)
        if not self.wanted_versions and self._after_versions is not None:
            self._after_versions()
        QTimer.singleShot(0, self.next_job)

    def _on_failed(self, request: int | None, message: str) -> None:
        if self.in_flight is None or request != self.in_flight[0]:
            return
        _, article, _ = self.in_flight
        self.in_flight = None
        if self.wanted_versions.pop(article.id, None) is not None:
            self._after_versions = None
            self.problem.emit(f"An earlier version could not be analysed: {message}")
