"""Reading a file and fetching a web address for the window, each on a thread of its own, so
that the window stays usable; a fetch can be cancelled, and a file or page the reader no longer
waits for is dropped. The result or the failure comes back as a signal, whatever went wrong: a
bug in reading is a failure too (logged with its traceback), never a window left waiting."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from reader.core.errors import ReaderError
from reader.core.fetch import TIMEOUT_S, fetch_article
from reader.core.loading import load_article, load_pdf
from reader.core.logs import unexpected_error
from reader.core.model import Article
from reader.core.pdf import PdfPasswordError


@dataclass(frozen=True)
class _Failed:
    message: str


@dataclass(frozen=True)
class _Locked:
    reason: str


class BackgroundLoader(QObject):
    """Reads every file off the window's thread, each on a thread of its own: a Word file of
    10,000 paragraphs held the window 9.7 s. Only the file asked for last is delivered: one
    still being read when another is asked for, or when the reader turns to something else
    (``cancel``), is dropped when it ends, since reading cannot be interrupted."""

    loaded = Signal(object, object)  # the Article, and the Path it came from
    failed = Signal(str)
    locked = Signal(object, str)  # an encrypted PDF's Path, and why it could not be read
    _done = Signal(int, object, object)  # the request's number, its Path, what came of it

    def __init__(self) -> None:
        super().__init__()
        self._latest = 0
        self.busy = False
        self.last_thread: threading.Thread | None = None
        self._done.connect(self._deliver)  # queued: emitted on the reading thread

    def start(self, path: Path, password: str | None = None) -> None:
        self._latest += 1
        self.busy = True
        self.last_thread = threading.Thread(
            target=self._run, args=(self._latest, path, password), daemon=True, name="load"
        )
        self.last_thread.start()

    def cancel(self) -> bool:
        """Drop the file being read; whether one was."""
        was_busy, self.busy = self.busy, False
        self._latest += 1
        return was_busy

    def _run(self, request: int, path: Path, password: str | None) -> None:
        outcome: Article | _Failed | _Locked
        try:
            outcome = load_pdf(path, password) if password is not None else load_article(path)
        except PdfPasswordError as error:
            outcome = _Locked(str(error))
        except ReaderError as error:
            outcome = _Failed(f"Cannot open this article. {error}")
        except OSError as error:  # anything the loader did not foresee still gets a message
            outcome = _Failed(f"Cannot open {path}: {error.strerror or error}")
        except Exception as error:  # a bug: logged and told, and the window stops waiting
            outcome = _Failed(unexpected_error(f"reading {path.name}", error))
        self._done.emit(request, path, outcome)

    def _deliver(self, request: int, path: Path, outcome: Article | _Failed | _Locked) -> None:
        if request != self._latest:  # the reader asked for something else meanwhile
            return
        self.busy = False
        if isinstance(outcome, _Locked):
            self.locked.emit(path, outcome.reason)
        elif isinstance(outcome, _Failed):
            self.failed.emit(outcome.message)
        else:
            self.loaded.emit(outcome, path)


class AddressFetcher(QObject):
    fetched = Signal(object)  # reader.core.model.Article
    failed = Signal(str)
    _done = Signal(object, object)  # the fetch's stop event, and its Article or why it failed

    def __init__(self, timeout: float | None = None) -> None:
        super().__init__()
        self.timeout = timeout
        self._stop = threading.Event()
        self.busy = False
        self.last_thread: threading.Thread | None = None
        self._done.connect(self._deliver)  # queued: emitted on the fetching thread

    def fetch(self, url: str) -> None:
        """Start fetching; a fetch already under way is cancelled."""
        self.cancel()
        self._stop = threading.Event()
        self.busy = True
        self.last_thread = threading.Thread(
            target=self._run, args=(url, self._stop), daemon=True, name="fetch"
        )
        self.last_thread.start()

    def cancel(self) -> bool:
        """End the fetch under way, within ``fetch.POLL_S``; whether there was one."""
        was_busy, self.busy = self.busy, False
        self._stop.set()
        return was_busy

    def _run(self, url: str, stop: threading.Event) -> None:
        outcome: Article | str
        try:
            timeout = TIMEOUT_S if self.timeout is None else self.timeout
            outcome = fetch_article(url, timeout=timeout, should_stop=stop.is_set)
        except ReaderError as error:
            outcome = str(error)
        except Exception as error:  # a bug: logged and told, and the window stops waiting
            outcome = unexpected_error(f"fetching {url}", error)
        self._done.emit(stop, outcome)

    def _deliver(self, stop: threading.Event, outcome: Article | str) -> None:
        if stop is not self._stop or stop.is_set():  # cancelled, or another fetch since
            return
        self.busy = False
        if isinstance(outcome, str):
            self.failed.emit(outcome)
        else:
            self.fetched.emit(outcome)
