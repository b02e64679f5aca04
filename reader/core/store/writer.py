"""The thread that writes analyses into the store."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable

from reader.core.errors import ReaderError
from reader.core.logs import log
from reader.core.model import Analysis, Article
from reader.core.store.connection import connect
from reader.core.store.store import Store

NotRun = Callable[[str], None]  # told why a queued write could not even start


class CacheWriter:
    """Writes analyses into the store's cache on a thread of its own, with its own connection:
    a 5 MB article's analysis took a third of a second to write on the window's thread. Until
    written, an analysis is still found here, so reopening the article never misses it.

    Made for a store that ``Store.open`` has already checked, upgraded and found writable: the
    writer only connects to its file.
    """

    def __init__(self, store: Store, on_error: Callable[[str], None]) -> None:
        self.path = store.path
        self.on_error = on_error  # called on the writer's thread
        # what to do with the writer's store, in order; None: stop
        self._queue: queue.Queue[tuple[Callable[[Store], object], NotRun | None] | None] = (
            queue.Queue()
        )
        self._waiting: dict[str, Analysis] = {}
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None  # started by the first analysis to write

    def submit(self, article: Article, analysis: Analysis, payload: bytes | None) -> None:
        with self._lock:
            self._waiting[article.id] = analysis

        def save(store: Store) -> None:
            try:
                store.save_analysis(article, analysis, payload)
            finally:
                with self._lock:
                    if self._waiting.get(article.id) is analysis:
                        del self._waiting[article.id]

        self.run(save)

    def run(self, job: Callable[[Store], object], if_not_run: NotRun | None = None) -> None:
        """Any other write, after those queued before it: a write on the window's thread
        would wait for this thread's (a 5 MB analysis holds the store for 0.3 s).

        ``if_not_run(why)`` instead of ``on_error`` when the store cannot even be opened."""
        self._start()
        self._queue.put((job, if_not_run))

    def _start(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._run, name="cache-writer", daemon=True)
            self._thread.start()

    def waiting(self, article: Article) -> Analysis | None:
        """The analysis of this text that is queued but not yet written, if any."""
        with self._lock:
            return self._waiting.get(article.id)

    def close(self) -> None:
        """Write what is queued, then stop (on closing the window: no analysis is lost)."""
        if self._thread is not None and self._thread.is_alive():
            self._queue.put(None)
            self._thread.join()

    def _run(self) -> None:
        store: Store | None = None
        while (queued := self._queue.get()) is not None:
            job, if_not_run = queued
            try:
                try:
                    store = store or Store(connect(self.path), self.path, None, read_only=False)
                except ReaderError as error:
                    (if_not_run or self.on_error)(str(error))
                    continue
                job(store)
            except ReaderError as error:
                self.on_error(str(error))
            except Exception as error:  # a bug in one job must not stop the writes after it
                log.exception("a write on the cache writer's thread failed")
                self.on_error(f"an unexpected error while writing: {error}")
        if store is not None:
            store.close()
