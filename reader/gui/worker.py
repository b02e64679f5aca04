"""The window's side of the analysis process: submit articles, get results back as Qt signals."""

from __future__ import annotations

import atexit
import itertools
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal

from reader.core.model import Article
from reader.core.service import (
    Failed,
    Finished,
    Message,
    Progress,
    Ready,
    Request,
    Section,
    WorkerProcess,
)

POLL_SECONDS = 0.2


class _Listener(QThread):
    """Blocks on the worker's replies so the GUI thread never has to."""

    received = Signal(object)
    died = Signal(int)

    def __init__(self, worker: WorkerProcess) -> None:
        super().__init__()
        self.worker = worker

    def run(self) -> None:
        while not self.isInterruptionRequested():
            message = self.worker.receive(POLL_SECONDS)
            if message is not None:
                self.received.emit(message)
            elif not self.worker.alive():
                self.died.emit(self.worker.process.exitcode or 0)
                return


class AnalysisService(QObject):
    """One worker process for the whole application: the model loads once, every window shares it.
    Each request has its own id; a window ignores replies to requests it no longer wants."""

    model_ready = Signal(str)
    progress = Signal(int, int, int)  # request, characters done, characters in all
    section = Signal(object)  # reader.core.service.Section
    finished = Signal(object)  # reader.core.service.Finished
    failed = Signal(object, str)  # request id (None: the model), message

    def __init__(self, model: str | None = None, worker: WorkerProcess | None = None) -> None:
        """``worker``: one already started, e.g. before Qt was imported, so the model loads
        while the window is being built."""
        super().__init__()
        self._model = model
        self._ids = itertools.count(1)
        self._pending: set[int] = set()
        self._worker: WorkerProcess | None = worker
        self._listener: _Listener | None = None
        self.model_name: str | None = None

    def start(self) -> None:
        """Start loading the model now, before the first article needs it."""
        if self._listener is not None:
            return
        if self._worker is None:
            self._worker = WorkerProcess(self._model)
        self._listener = _Listener(self._worker)
        self._listener.received.connect(self._dispatch)
        self._listener.died.connect(self._on_died)
        self._listener.start()

    def submit(self, article: Article, saved_in: Path | None = None) -> int:
        """``saved_in``: a store holding an analysis of the article, to be read, not made."""
        self.start()
        assert self._worker is not None
        request = next(self._ids)
        self._pending.add(request)
        self._worker.submit(Request(request, article, saved_in))
        return request

    def cancel(self, request: int) -> None:
        if request in self._pending and self._worker is not None:
            self._pending.discard(request)
            self._worker.cancel(request)

    def _dispatch(self, message: Message) -> None:
        if isinstance(message, Ready):
            self.model_name = message.model
            self.model_ready.emit(message.model)
        elif isinstance(message, Progress):
            if message.request in self._pending:
                self.progress.emit(message.request, message.done, message.total)
        elif isinstance(message, Section):
            if message.request in self._pending:
                self.section.emit(message)
        elif isinstance(message, Finished):
            if message.request in self._pending:
                self._pending.discard(message.request)
                self.finished.emit(message)
        elif isinstance(message, Failed) and (
            message.request is None or message.request in self._pending
        ):
            self._pending.discard(message.request or 0)
            self.failed.emit(message.request, message.message)

    def _on_died(self, exit_code: int) -> None:
        pending, self._pending = self._pending, set()
        self.stop()
        for request in sorted(pending):
            self.failed.emit(
                request, f"the analysis process stopped unexpectedly (exit code {exit_code})"
            )

    def stop(self) -> None:
        if self._listener is not None:
            self._listener.requestInterruption()
            self._listener.wait()
            self._listener = None
        if self._worker is not None:
            self._worker.stop()
            self._worker = None


_shared: AnalysisService | None = None


def shared_service(worker: WorkerProcess | None = None) -> AnalysisService:
    """The application's one service; ``worker``, if given, is the analysis process the
    launcher started early (used only when the service is first made)."""
    global _shared
    if _shared is None:
        _shared = AnalysisService(worker=worker)
        atexit.register(_shared.stop)  # a running QThread at exit would abort the interpreter
    return _shared
