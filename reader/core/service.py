"""The analysis worker process: loads the spaCy model once and analyses articles on request.

A process rather than a thread because loading and running spaCy in the window's process holds
the GIL long enough to stall painting (measured: up to 130 ms in a thread, about 20 ms from a
separate process). Messages are plain frozen records, so any front end can drive it.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import queue
import signal
import threading
import time
import traceback
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from multiprocessing.context import SpawnProcess
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.core.columns import Records
from reader.core.errors import ReaderError
from reader.core.fact_tree import FactNode, build_fact_tree, build_review_tree
from reader.core.highlights import HighlightIndex
from reader.core.memory import give_memory_back
from reader.core.model import Analysis, Article
from reader.core.schema import analysis_to_cache
from reader.core.store import read_saved_analysis

if TYPE_CHECKING:
    from reader.core.analysis import Analyzer

PROGRESS_INTERVAL_S = 0.1
WORKER_NICENESS = 10


@dataclass(frozen=True)
class Request:
    id: int
    article: Article
    # a store holding an analysis of this text: read here rather than analysed again
    saved_in: Path | None = None


@dataclass(frozen=True)
class Ready:
    model: str


@dataclass(frozen=True)
class Progress:
    request: int
    done: int
    total: int


@dataclass(frozen=True)
class Section:
    """Provisional highlights for the next part of a long article, in reading order; the
    ``Finished`` analysis of the whole article replaces them all."""

    request: int
    start: int
    end: int
    analysis: Analysis
    highlights: HighlightIndex


@dataclass(frozen=True)
class Finished:
    request: int
    article: Article
    analysis: Analysis
    highlights: HighlightIndex
    tree: Sequence[FactNode]
    review: Sequence[FactNode]  # the facts to check, built here: 40 ms for a long article
    cache_payload: bytes | None = None  # the analysis encoded for the store, when it is new

    @property
    def review_count(self) -> int:
        return sum(len(group.children) for group in self.review)


@dataclass(frozen=True)
class Failed:
    request: int | None  # None: the model itself could not be loaded
    message: str


Message = Ready | Progress | Section | Finished | Failed


def result_for(
    request: int, article: Article, analysis: Analysis, cache_payload: bytes | None = None
) -> Finished:
    """Everything a reading view needs, computed off the window's thread."""
    return Finished(
        request,
        article,
        analysis,
        HighlightIndex.from_analysis(analysis),
        build_fact_tree(analysis),
        build_review_tree(analysis),
        cache_payload,
    )


def sendable(result: Finished | Section) -> Finished | Section:
    """The result as it crosses to the window: the analysis's records and the fact trees as
    columns. The window's listener unpickles a 5 MB report's result in about 16 ms as a few
    hundred objects; sent as records, it was 2.5 million allocations and 350 ms of unpickling,
    in 365 parts so that the window got the GIL between them."""
    analysis = result.analysis
    columns: dict[str, Any] = {
        f.name: Records.of(getattr(analysis, f.name))
        for f in fields(analysis)
        if isinstance(getattr(analysis, f.name), tuple)
    }
    packed = replace(analysis, **columns)
    if isinstance(result, Finished):
        return replace(
            result, analysis=packed, tree=Records.of(result.tree), review=Records.of(result.review)
        )
    return replace(result, analysis=packed)


def section_for(request: int, provisional: Analysis) -> Section:
    """A part's highlights, without the sentences and facts only the whole analysis needs."""
    start = provisional.sentences[0].start if provisional.sentences else 0
    end = provisional.sentences[-1].end if provisional.sentences else 0
    light = replace(provisional, sentences=(), facts=())
    return Section(request, start, end, light, HighlightIndex.from_analysis(light))


def _end_with_parent() -> None:
    """Daemon processes may not start children, but the helper that parses a long article
    with the worker is its child: so the worker drops its own daemon mark, watches the
    window's process itself and ends with it, taking its children along, even when the window
    was killed and could not end it."""
    multiprocessing.current_process().daemon = False

    def end(*_args: object) -> None:
        for child in multiprocessing.active_children():
            child.terminate()
        os._exit(0)

    parent = multiprocessing.parent_process()

    def watch() -> None:
        if parent is not None:
            parent.join()  # returns when the parent's process has ended
            end()

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()
    signal.signal(signal.SIGTERM, end)


def serve(requests: Any, responses: Any, cancels: Any, model: str | None) -> None:
    """The worker's main loop; ``None`` on the request queue ends it."""
    _end_with_parent()
    with contextlib.suppress(OSError, AttributeError):  # AttributeError: no nice on Windows
        # The worker and its parsing helper keep both cores busy on a long article; at a
        # lower priority they leave the window's thread the time it needs to paint and scroll.
        os.nice(WORKER_NICENESS)
    server = _Server(responses, cancels, model)
    while (request := requests.get()) is not None:
        # What a long analysis freed stays in glibc's arenas unless given back (after a
        # 1M-character article the worker held 304 MB, 183 MB once given back). Before each
        # request too, without collecting again: the last result was still being pickled and
        # sent by the queue's feeder thread when the trim after it ran (after a 500-page report
        # the worker held 245 MB, 204 MB once trimmed again).
        give_memory_back(collect=False)
        server.answer(request)
        give_memory_back()


class _Server:
    """What the worker keeps between requests: the model, the requests cancelled, the warm-up."""

    def __init__(self, responses: Any, cancels: Any, model: str | None) -> None:
        # Imported here: the window's process imports this module only to start the worker.
        from reader.core.analysis import Analyzer

        self.responses, self.cancels = responses, cancels
        self.analyzer: Analyzer | None = None
        self.warming: threading.Thread | None = None
        self.load_error = ""
        self.cancelled: set[int] = set()
        try:
            self.analyzer = Analyzer.load(model)
            responses.put(Ready(self.analyzer.model_name))
        except ReaderError as error:
            self.load_error = str(error)
            responses.put(Failed(None, self.load_error))

    def drain_cancels(self) -> None:
        while True:
            try:
                self.cancelled.add(self.cancels.get_nowait())
            except queue.Empty:
                return

    def answer(self, request: Request) -> None:
        """The request's analysis, read from its store or made, or why not."""
        from reader.core.analysis import Cancelled

        self.drain_cancels()
        if request.id in self.cancelled:
            return
        saved = (
            None
            if request.saved_in is None
            else read_saved_analysis(request.saved_in, request.article)
        )
        if saved is not None:  # no cache payload: it is cached already
            self.responses.put(sendable(result_for(request.id, request.article, saved)))
            return
        if self.analyzer is None:
            self.responses.put(Failed(request.id, self.load_error))
            return
        try:
            self.analyse(self.analyzer, request)
        except Cancelled:
            return
        except ReaderError as error:
            self.responses.put(Failed(request.id, str(error)))
        except Exception as error:  # a bug must not end the worker that other articles need
            where = traceback.extract_tb(error.__traceback__)[-1]
            self.responses.put(
                Failed(
                    request.id,
                    f"internal error while analysing: {error!r} "
                    f"({Path(where.filename).name}, line {where.lineno}); please report it",
                )
            )

    def analyse(self, analyzer: Analyzer, request: Request) -> None:
        """Analyse the article, sending its progress and parts as they come, then the whole."""
        from reader.core.money import warm_up

        last_report = 0.0

        def report(done: int, total: int) -> None:
            nonlocal last_report
            now = time.monotonic()
            if now - last_report >= PROGRESS_INTERVAL_S or done >= total:
                last_report = now
                self.responses.put(Progress(request.id, done, total))

        def should_stop() -> bool:
            self.drain_cancels()
            return request.id in self.cancelled

        def section(provisional: Analysis) -> None:
            self.responses.put(sendable(section_for(request.id, provisional)))

        analysis = analyzer.analyze(request.article, report, should_stop, section)
        payload = analysis_to_cache(analysis)  # here, not on the window's thread
        self.responses.put(sendable(result_for(request.id, request.article, analysis, payload)))
        if self.warming is None:
            # quantulum3's first parse costs ~0.4 s (its unit tables and inflect): paid once
            # the first article is shown, so a later one does not wait for it.
            self.warming = threading.Thread(target=warm_up, name="quantulum-warm-up", daemon=True)
            self.warming.start()


class WorkerProcess:
    """The parent's handle: start, send, cancel, receive, stop."""

    def __init__(self, model: str | None = None) -> None:
        context = multiprocessing.get_context("spawn")  # never fork a process that runs Qt
        self.requests = context.Queue()
        self.responses = context.Queue()
        self.cancels = context.Queue()
        self.process: SpawnProcess = context.Process(
            target=serve,
            args=(self.requests, self.responses, self.cancels, model),
            name="factreader-analysis",
            daemon=True,  # ended with the window's process, however that ends
        )
        self.process.start()

    def submit(self, request: Request) -> None:
        self.requests.put(request)

    def cancel(self, request_id: int) -> None:
        self.cancels.put(request_id)

    def receive(self, timeout: float) -> Message | None:
        """The next message, or None if none came within ``timeout`` seconds."""
        try:
            message: Message = self.responses.get(timeout=timeout)
        except queue.Empty:
            return None
        return message

    def alive(self) -> bool:
        return self.process.is_alive()

    def stop(self, timeout: float = 2.0) -> None:
        if self.process.is_alive():
            self.requests.put(None)
            self.process.join(timeout)
            if self.process.is_alive():
                self.process.terminate()
                self.process.join(timeout)
        for channel in (self.requests, self.responses, self.cancels):
            channel.close()
            channel.cancel_join_thread()
