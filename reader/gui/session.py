"""One window's analysis of the article it shows: asked of the worker process (or found in the
store's cache), the analyst's corrections laid over it, and cached once on screen.

It owns no widget. The window listens to its signals and paints what they carry, so the
request's lifecycle can be followed (and tested) apart from the layout of the window.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from reader.core.corrections import CorrectedAnalysis, Correction, apply_corrections
from reader.core.errors import ReaderError
from reader.core.logs import log
from reader.core.model import Analysis, Article
from reader.core.service import Finished, Section, result_for
from reader.core.store import Store
from reader.gui.store_ops import StoreOps
from reader.gui.worker import AnalysisService

# The store's writer is handed a new analysis this long after it is shown: saving a 5 MB article's
# analysis and indexing its text kept both cores busy, and painting the highlights around the
# screen meanwhile took five times as long (stalls of 100 ms). Closing the window writes at once.
CACHE_DELAY_MS = 1_500


@dataclass(frozen=True)
class Shown:
    """What the window shows: the analysis with the analyst's corrections laid over it."""

    result: Finished  # highlights, fact tree and review list of the corrected analysis
    corrections: int  # how many the analyst made on this article
    lost: tuple[Correction, ...]  # those whose passage or statement is no longer found
    problem: str = ""  # why the corrections could not be read, if they could not
    fresh: bool = True  # a new analysis, not the same one after a correction, undo or redo

    @property
    def analysis(self) -> Analysis:
        return self.result.analysis


class AnalysisSession(QObject):
    progressed = Signal(int)  # percent of the current article analysed
    section_ready = Signal(object)  # reader.core.service.Section of the current article
    shown = Signal(object)  # Shown: the whole analysis, corrected
    failed = Signal(str)  # the current article's analysis failed
    model_ready = Signal(str)
    model_failed = Signal()
    cache_failed = Signal(str)  # an analysis could not be cached: why
    _corrected = Signal(object)  # from the corrections' thread: see ``reapply_corrections``

    def __init__(
        self, service: AnalysisService, store: Store | None, ops: StoreOps, parent: QObject
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.store = store  # for reading; writes go through ``ops``
        self.ops = ops
        self.article: Article | None = None
        self.article_id: str | None = None  # in the store
        self.raw: Finished | None = None  # the analysis as the rules found it
        self.analysis: Analysis | None = None  # with the corrections laid over it
        # for each of its attributions, the corrections that changed it
        self.corrected_by: tuple[tuple[Correction, ...], ...] = ()
        self.lost: tuple[Correction, ...] = ()  # corrections that found nothing to correct
        self.request: int | None = None
        self._uncached: list[Finished] = []  # shown, not yet handed to the store's writer
        self._saving: dict[str, Analysis] = {}  # handed to it, not yet written: by text id
        self._after_cache: list[Callable[[Store], object]] = []  # writes that follow them
        # corrections laid over an analysis off the window's thread, one at a time
        self._corrector = ThreadPoolExecutor(1, thread_name_prefix="corrections")
        self._asked = 0  # the last time corrections were asked to be laid over: only it is shown
        self._correcting = 0  # asked and not yet answered
        self._corrected.connect(self._on_corrected, Qt.ConnectionType.QueuedConnection)
        service.model_ready.connect(self.model_ready)
        service.progress.connect(self._on_progress)
        service.section.connect(self._on_section)
        service.finished.connect(self._on_finished)
        service.failed.connect(self._on_failed)

    def save_later(self, article: Article, analysis: Analysis, payload: bytes | None) -> None:
        if not self.ops.can_write:
            return
        self._saving[article.id] = analysis

        def saved(_: object = None) -> None:
            if self._saving.get(article.id) is analysis:
                del self._saving[article.id]

        def not_saved(why: str) -> None:
            saved()
            self.cache_failed.emit(why)

        self.ops.run(
            lambda store: store.save_analysis(article, analysis, payload), saved, not_saved
        )

    def pending(self, article: Article) -> Analysis | None:
        """An analysis of this text shown but not yet written to the store."""
        for result in self._uncached:
            if result.article.id == article.id:
                return result.analysis
        return self._saving.get(article.id)

    def open(self, article: Article, article_id: str | None) -> None:
        """A new article: the request still running for the last one is dropped."""
        self.cancel()
        self.article, self.article_id, self.raw, self.analysis = article, article_id, None, None

    def analyse(self, cached: Analysis | None, saved_in: Path | None = None) -> None:
        """Show ``cached`` at once, else ask the worker: to read the analysis ``saved_in`` a
        store, or to analyse."""
        if self.article is None:
            return
        if cached is not None:  # analysed before: no need for the model
            self._show(result_for(-1, self.article, cached))
        else:
            self.request = self.service.submit(self.article, saved_in)

    def cancel(self) -> None:
        if self.request is not None:
            self.service.cancel(self.request)  # its result would only be thrown away
            self.request = None

    def _on_progress(self, request: int, done: int, total: int) -> None:
        if request == self.request:
            self.progressed.emit(100 * done // max(total, 1))

    def _on_section(self, part: Section) -> None:
        if part.request == self.request:
            self.section_ready.emit(part)

    def _on_finished(self, result: Finished) -> None:
        if result.request != self.request or self.article is None:
            return
        self.request = None
        # Cached in a later turn of the event loop: painting and caching a long analysis each
        # take tens of milliseconds, and together they would freeze the window past 100 ms.
        # Queued first, since showing it may close the window (and closing caches the queue).
        if result.cache_payload is not None:  # else it was read from the cache
            self._uncached.append(result)
            QTimer.singleShot(CACHE_DELAY_MS, self.flush_cache)
        self._show(result)

    def _on_failed(self, request: int | None, message: str) -> None:
        log.error("analysis failed: %s", message)
        if request is None:
            self.model_failed.emit()
        if request is not None and request != self.request:
            return  # a reply to an article no longer shown
        self.request = None
        self.failed.emit(message)

    def _show(self, result: Finished) -> None:
        self.raw = result
        self.reapply_corrections(fresh=True)

    def reapply_corrections(self, fresh: bool = False) -> None:
        """After every analysis (``fresh``) and every correction, undo or redo. Laying
        corrections over a long analysis and indexing the result takes a third of a second for
        a 1M-character report: done on a thread of its own, the window answers meanwhile, and
        only the latest asked is shown."""
        if self.raw is None or self.article is None:
            return
        corrections: list[Correction] = []
        problem = ""
        if self.store is not None and self.article_id is not None:
            try:
                corrections = self.store.corrections(self.article_id)
            except ReaderError as error:
                problem = f"Corrections are unavailable: {error}"
        self._asked += 1
        if not corrections:  # nothing to lay over it: shown as it came
            self._show_corrected(self.raw, None, 0, problem, fresh)
            return
        asked, raw, article = self._asked, self.raw, self.article

        def correct() -> None:
            try:
                result = apply_corrections(article.text, raw.analysis, corrections)
                shown = result_for(-1, article, result.analysis)
            except BaseException as error:  # a bug: raised where the window reports it
                self._corrected.emit((asked, raw, error, len(corrections), problem, fresh))
                return
            self._corrected.emit((asked, raw, (shown, result), len(corrections), problem, fresh))

        self._correcting += 1
        self._corrector.submit(correct)

    def _on_corrected(self, answer: tuple[int, Finished, object, int, str, bool]) -> None:
        self._correcting -= 1
        asked, raw, made, count, problem, fresh = answer
        if isinstance(made, BaseException):
            raise made
        if asked == self._asked and raw is self.raw:  # else a later one is on its way
            assert isinstance(made, tuple)
            self._show_corrected(made[0], made[1], count, problem, fresh)

    def _show_corrected(
        self,
        shown: Finished,
        result: CorrectedAnalysis | None,
        count: int,
        problem: str,
        fresh: bool,
    ) -> None:
        lost = tuple(result.lost) if result is not None else ()
        self.corrected_by = result.by_attribution if result is not None else ()
        self.analysis, self.lost = shown.analysis, lost
        self.shown.emit(Shown(shown, count, lost, problem, fresh))

    def corrections_shown(self) -> bool:
        """Every time corrections were asked to be laid over the analysis has been answered."""
        return self._correcting == 0

    def write_after_cache(self, job: Callable[[Store], object]) -> None:
        """Run ``job`` on the store's writer once the analyses shown are handed to it."""
        self._after_cache.append(job)
        if not self._uncached:
            self.flush_cache()

    def flush_cache(self) -> None:
        """Hand the analyses shown to the store's writer, and the writes that wait for them
        (also on closing, so none is lost)."""
        while self._uncached:
            result = self._uncached.pop(0)
            self.save_later(result.article, result.analysis, result.cache_payload)
        while self._after_cache:
            self.ops.run(self._after_cache.pop(0))

    def close(self) -> None:
        """Stop asking for analyses; hand what is to be cached to the writer (the window then
        closes the writer, which writes it)."""
        self.cancel()
        self.flush_cache()
        self._corrector.shutdown(wait=True, cancel_futures=True)
