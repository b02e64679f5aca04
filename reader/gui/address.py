"""Opening a web address from the window: fetched on a thread of its own, so the window stays
usable, with a way to cancel; the result or the failure comes back as a signal."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from reader.core.errors import ReaderError
from reader.core.fetch import TIMEOUT_S, fetch_article
from reader.core.loading import load_article
from reader.core.model import Article
from reader.core.pdf import PdfPasswordError


class BackgroundLoader(QObject):
    """Reads a big file (a long PDF) off the window's thread."""

    loaded = Signal(object, object)  # the Article, and the Path it came from
    failed = Signal(str)
    locked = Signal(object, str)  # an encrypted PDF's Path, and why it could not be read

    def start(self, path: Path) -> None:
        threading.Thread(target=self._run, args=(path,), daemon=True, name="load").start()

    def _run(self, path: Path) -> None:
        try:
            article = load_article(path)
        except PdfPasswordError as error:
            self.locked.emit(path, str(error))
            return
        except ReaderError as error:
            self.failed.emit(f"Cannot open this article. {error}")
            return
        except OSError as error:
            self.failed.emit(f"Cannot open {path}: {error.strerror or error}")
            return
        self.loaded.emit(article, path)


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
