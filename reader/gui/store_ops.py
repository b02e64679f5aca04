"""The window's way to write the store: an operation handed to the store's one writer thread,
its answer delivered back on the window's thread (Anki's ``CollectionOp`` is the model).

The window's thread never waits for a write: it says what to do with the store and what to do
once done, and paints meanwhile. Reads stay on the window's own connection, which only reads.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QObject, Qt, Signal

from reader.core.store import Store, StoreWriter

T = TypeVar("T")


class StoreOps(QObject):
    """``run(operation, success, failure)``: ``operation(store)`` on the writer's thread, then
    ``success(result)`` or ``failure(why)`` here. Without a failure callback, ``failed`` says
    why. A store that cannot be written (``unavailable``) answers every operation with a failure
    at once, in a later turn of the event loop, as a write would."""

    failed = Signal(str)  # an operation without a failure callback of its own failed: why
    _delivered = Signal(object)  # a callable from the writer's thread, to be called here

    def __init__(self, store: Store | None, unavailable: str, parent: QObject) -> None:
        super().__init__(parent)
        self._delivered.connect(self._call, Qt.ConnectionType.QueuedConnection)
        self.unavailable = unavailable or "Notes are unavailable."
        self.writer: StoreWriter | None = None
        if store is not None and not store.read_only:
            self.writer = StoreWriter(
                store.path, self._delivered.emit, self.failed.emit, store.busy_timeout_s
            )
            store.read_here_only()
        else:
            self.unavailable = (store.notice if store is not None else None) or self.unavailable
        self._refused = 0  # answered with ``unavailable``, not yet delivered

    @property
    def can_write(self) -> bool:
        return self.writer is not None

    def run(
        self,
        operation: Callable[[Store], T],
        success: Callable[[T], object] | None = None,
        failure: Callable[[str], object] | None = None,
    ) -> None:
        if self.writer is not None:
            self.writer.submit(operation, success, failure)
            return
        told = failure or self.failed.emit
        self._refused += 1

        def refuse() -> None:
            self._refused -= 1
            told(self.unavailable)

        self._delivered.emit(refuse)

    def idle(self) -> bool:
        """Every operation answered: what tests and closing wait for."""
        return self._refused == 0 and (self.writer is None or self.writer.idle())

    def close(self) -> None:
        """Write everything queued (on closing the window); later answers are dropped."""
        if self.writer is not None:
            self.writer.close()

    @staticmethod
    def _call(callback: Callable[[], None]) -> None:
        callback()
