"""One window's analysis of the article it shows: asked of the worker process (or found in the
store's cache), the analyst's corrections laid over it, and cached once on screen.

It owns no widget. The window listens to its signals and paints what they carry, so the
request's lifecycle can be followed (and tested) apart from the layout of the window.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from reader.core.corrections import Correction, apply_corrections
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
        """After every analysis (``fresh``) and every correction, undo or redo."""
        if self.raw is None or self.article is None:
            return
        corrections: list[Correction] = []
        problem = ""
        if self.store is not None and self.article_id is not None:
            try:
                corrections = self.store.corrections(self.article_id)
            except ReaderError as error:
                problem = f"Corrections are unavailable: {error}"
        shown, lost = self.raw, tuple[Correction, ...]()
        self.corrected_by = ()
        if corrections:
            result = apply_corrections(self.article.text, shown.analysis, corrections)
            shown, lost = result_for(-1, self.article, result.analysis), result.lost
            self.corrected_by = result.by_attribution
        self.analysis, self.lost = shown.analysis, tuple(lost)
        self.shown.emit(Shown(shown, len(corrections), tuple(lost), problem, fresh))

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
