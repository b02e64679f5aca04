"""Opening a web address from the window: fetched on a thread of its own, so the window stays
usable, with a way to cancel; the result or the failure comes back as a signal."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal

from reader.core.errors import ReaderError
from reader.core.fetch import TIMEOUT_S, fetch_article
from reader.core.model import Article


class AddressFetcher(QObject):
    fetched = Signal(object)  # reader.core.model.Article
    failed = Signal(str)

    def __init__(self, timeout: float | None = None) -> None:
        super().__init__()
        self.timeout = timeout
        self._stop = threading.Event()
        self.busy = False

    def fetch(self, url: str) -> None:
        """Start fetching; a fetch already under way is cancelled."""
        self.cancel()
        self._stop = threading.Event()
        self.busy = True
        stop = self._stop
        threading.Thread(target=self._run, args=(url, stop), daemon=True, name="fetch").start()

    def cancel(self) -> None:
        self._stop.set()
        self.busy = False

    def _run(self, url: str, stop: threading.Event) -> None:
        try:
            timeout = TIMEOUT_S if self.timeout is None else self.timeout
            article: Article = fetch_article(url, timeout=timeout, should_stop=stop.is_set)
        except ReaderError as error:
            if not stop.is_set():
                self.failed.emit(str(error))
            return
        if not stop.is_set():
            self.fetched.emit(article)
