"""The one thread that writes the store: every write a program with a window makes is an
operation handed to it, run in the order given, with its answer delivered back.

Why one writer: a 5 MB article's text or analysis holds the store for a third of a second, and
two connections that both write must wait for each other. The window's own connection only
reads (``Store.read_here_only``), so it never waits for a lock, and the writes never wait for
each other outside SQLite's order: the writer's queue is the order.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from reader.core.errors import ReaderError
from reader.core.store.connection import BUSY_TIMEOUT_S, connect
from reader.core.store.store import Store

T = TypeVar("T")
# Runs a callable where the answers belong (the window's thread); called on the writer's thread.
Deliver = Callable[[Callable[[], None]], None]
Failure = Callable[[str], object]


class StoreWriter:
    """Owns the store's only writing connection, on a thread of its own.

    An operation's ``ReaderError`` (a full disk, a read-only or damaged store) is an answer: its
    ``on_failure`` hears it. Any other exception is a bug: it is raised again where the answers
    are delivered, so that the program's crash handler reports it, and the writes queued after
    it still run.

    Made for a store that ``Store.open`` has already checked, upgraded and found writable.
    """

    def __init__(
        self,
        path: Path,
        deliver: Deliver,
        on_failure: Failure,
        busy_timeout_s: float = BUSY_TIMEOUT_S,
    ) -> None:
        self.path = path
        self.busy_timeout_s = busy_timeout_s  # how long to wait for another program's write
        self._deliver = deliver
        self._on_failure = on_failure  # for operations given no failure callback of their own
        self._queue: queue.Queue[_Queued | None] = queue.Queue()
        self._unanswered = 0  # submitted and not yet answered; only touched where answers go
        self._thread: threading.Thread | None = None
        self._closed = False

    def submit(
        self,
        operation: Callable[[Store], T],
        on_success: Callable[[T], object] | None = None,
        on_failure: Failure | None = None,
    ) -> None:
        """Run ``operation`` with the writer's store after every operation submitted before it;
        then ``on_success(its result)`` or ``on_failure(why)`` where answers are delivered."""
        if self._closed:
            raise RuntimeError("the store's writer is closed")
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="store-writer", daemon=True)
            self._thread.start()
        self._unanswered += 1
        self._queue.put((operation, on_success, on_failure))

    def idle(self) -> bool:
        """Whether every operation submitted has been answered."""
        return self._unanswered == 0

    def close(self) -> None:
        """Run what is queued, then stop (on closing the window: no write is lost). Answers
        still to be delivered after this are delivered as usual, if anything delivers them."""
        self._closed = True
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join()

    def _run(self) -> None:
        store: Store | None = None
        while (queued := self._queue.get()) is not None:
            operation, on_success, on_failure = queued
            try:
                store = store or Store(
                    connect(self.path, self.busy_timeout_s), self.path, None, read_only=False
                )
                result = operation(store)
            except ReaderError as error:
                self._deliver(_Answer(self, on_failure or self._on_failure, str(error)))
            except Exception as error:  # a bug: raised again where the window will report it
                self._deliver(_Answer(self, _raise, error))
            else:
                self._deliver(_Answer(self, on_success, result))
        if store is not None:
            store.close()


_Queued = tuple[Callable[[Store], Any], Callable[[Any], object] | None, Failure | None]


class _Answer:
    """An operation's answer, called where answers are delivered."""

    def __init__(
        self, writer: StoreWriter, callback: Callable[[Any], object] | None, value: object
    ) -> None:
        self.writer, self.callback, self.value = writer, callback, value

    def __call__(self) -> None:
        self.writer._unanswered -= 1
        if self.callback is not None:
            self.callback(self.value)


def _raise(error: Exception) -> None:
    raise error
