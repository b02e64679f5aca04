"""The analysis worker process: loads the spaCy model once and analyses articles on request.

A process rather than a thread because loading and running spaCy in the window's process holds
the GIL long enough to stall painting (measured: up to 130 ms in a thread, about 20 ms from a
separate process). Messages are plain frozen records, so any front end can drive it.
"""

from __future__ import annotations

import contextlib
import itertools
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

from reader.core.errors import ReaderError
from reader.core.fact_tree import FactNode, build_fact_tree, build_review_tree
from reader.core.highlights import HighlightIndex
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
    tree: tuple[FactNode, ...]
    review: tuple[FactNode, ...]  # the facts to check, built here: 40 ms for a long article
    cache_payload: bytes | None = None  # the analysis encoded for the store, when it is new

    @property
    def review_count(self) -> int:
        return sum(len(group.children) for group in self.review)


@dataclass(frozen=True)
class Part:
    """One field of a ``Finished`` or a ``Section`` sent on its own: the analysis of a 5 MB
    article unpickled as one message held the GIL, and so the window, for 190 ms; in parts, the
    window runs between them. ``WorkerProcess.receive`` puts the whole together again."""

    request: int
    # "highlights", "analysis.<field>", "article.text", "cache_payload", "tree" (its groups) and
    # "tree.<group>" (their children), the same for "review"; a large one comes in pieces
    field: str
    value: Any


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


# Items per part. Unpickling holds the GIL, and so the window, for the whole of one message:
# 20,000 items (2.8 MB) took 35 ms while the model ran, and a 2.4 MB part of a long article's
# highlights sent whole up to 90 ms. Parts of 4,000 items (1.1 MB) took 12-30 ms, but once
# 205 ms while the model kept both cores busy: small enough that even that stays short.
PART_ITEMS = 1_000
# Characters or bytes per part of a long text or of the cache's encoding: the 5 MB text and its
# 17 MB encoding sent in the last message held the GIL 38 ms as it was unpickled.
PART_CHARS = 250_000
# The highlights' start offsets: plain numbers, quick to unpickle.
PART_STARTS = 20_000


def in_parts(result: Finished | Section) -> list[Part | Finished | Section]:
    """The result (or a part's highlights) as messages: its large fields in pieces of
    PART_ITEMS (or PART_CHARS), then the rest."""
    analysis, request = result.analysis, result.request
    large = [f.name for f in fields(analysis) if isinstance(getattr(analysis, f.name), tuple)]
    parts: list[Part | Finished | Section] = []
    sliced: list[tuple[str, Sequence[Any], int]] = [
        *((f"analysis.{name}", getattr(analysis, name), PART_ITEMS) for name in large),
        ("highlights", tuple(result.highlights.highlights), PART_ITEMS),
        ("highlights.starts", result.highlights.starts, PART_STARTS),
    ]
    if isinstance(result, Finished):
        sliced.append(("article.text", result.article.text, PART_CHARS))
        if result.cache_payload is not None:
            sliced.append(("cache_payload", result.cache_payload, PART_CHARS))
        for name, tree in (("tree", result.tree), ("review", result.review)):
            # each group without its children, then the children in pieces
            sliced.append((name, tuple(replace(group, children=()) for group in tree), PART_ITEMS))
            sliced += [(f"{name}.{i}", group.children, PART_ITEMS) for i, group in enumerate(tree)]
    for name, items, size in sliced:
        parts += [
            Part(request, name, items[start : start + size]) for start in range(0, len(items), size)
        ]
    nothing: dict[str, Any] = dict.fromkeys(large, ())
    emptied = replace(analysis, **nothing)
    # the index without its lists: what it computed from them comes in the shell
    index = result.highlights
    summary = HighlightIndex.rebuilt([], [], index.longest, index.counts)
    if isinstance(result, Finished):
        shell: Finished | Section = replace(
            result,
            article=replace(result.article, text=""),
            analysis=emptied,
            highlights=summary,
            tree=(),
            review=(),
            cache_payload=None,
        )
    else:
        shell = replace(result, analysis=emptied, highlights=summary)
    return [*parts, shell]


def assembled(shell: Finished | Section, parts: dict[str, list[Any]]) -> Finished | Section:
    """A result from its shell and its parts, each field's pieces in the order they were sent.
    Only joins, no loop in Python: this runs on the window's listener, and any Python loop there
    takes the GIL from the window in turns."""
    text = "".join(parts.pop("article.text", []))
    payload = b"".join(parts.pop("cache_payload", [])) if "cache_payload" in parts else None
    starts = list(itertools.chain.from_iterable(parts.pop("highlights.starts", [])))
    whole = {name: tuple(itertools.chain.from_iterable(pieces)) for name, pieces in parts.items()}
    analysis_fields: dict[str, Any] = {
        name.removeprefix("analysis."): value
        for name, value in whole.items()
        if name.startswith("analysis.")
    }
    analysis = replace(shell.analysis, **analysis_fields)
    highlights, summary = whole.get("highlights", ()), shell.highlights
    index = HighlightIndex.rebuilt(list(highlights), starts, summary.longest, summary.counts)
    if isinstance(shell, Finished):

        def tree(name: str) -> tuple[FactNode, ...]:
            return tuple(
                replace(group, children=whole.get(f"{name}.{i}", ()))
                for i, group in enumerate(whole.get(name, ()))
            )

        return replace(
            shell,
            article=replace(shell.article, text=text),
            analysis=analysis,
            highlights=index,
            tree=tree("tree"),
            review=tree("review"),
            cache_payload=payload,
        )
    return replace(shell, analysis=analysis, highlights=index)


def section_for(request: int, provisional: Analysis) -> Section:
    """A part's highlights, without the sentences and facts only the whole analysis needs."""
    start = provisional.sentences[0].start if provisional.sentences else 0
    end = provisional.sentences[-1].end if provisional.sentences else 0
    light = replace(provisional, sentences=(), facts=())
    return Section(request, start, end, light, HighlightIndex.from_analysis(light))


def _end_with_parent() -> None:
    """Daemon processes may not start children, but spaCy's parsing processes for a long
    article are children of the worker: so the worker drops its own daemon mark, watches the
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
        # The model and its parsing processes keep both cores busy on a long article; at a
        # lower priority they leave the window's thread the time it needs to paint and scroll.
        os.nice(WORKER_NICENESS)
    server = _Server(responses, cancels, model)
    while (request := requests.get()) is not None:
        server.answer(request)


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
            for message in in_parts(result_for(request.id, request.article, saved)):
                self.responses.put(message)
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
        from reader.core.analysis import processes_for
        from reader.core.money import warm_up

        if self.warming is not None and processes_for(len(request.article.text)) > 1:
            self.warming.join()  # spaCy forks its parsing processes: not in the middle of an import
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
            for message in in_parts(section_for(request.id, provisional)):
                self.responses.put(message)

        analysis = analyzer.analyze(request.article, report, should_stop, section)
        payload = analysis_to_cache(analysis)  # here, not on the window's thread
        for message in in_parts(result_for(request.id, request.article, analysis, payload)):
            self.responses.put(message)
        if self.warming is None:
            # quantulum3's first parse costs ~3 s (import inflect): paid once the first
            # article is shown, so neither it nor a later one waits for it.
            self.warming = threading.Thread(target=warm_up, name="quantulum-warm-up", daemon=True)
            self.warming.start()


class WorkerProcess:
    """The parent's handle: start, send, cancel, receive, stop."""

    def __init__(self, model: str | None = None) -> None:
        context = multiprocessing.get_context("spawn")  # never fork a process that runs Qt
        self.requests = context.Queue()
        self.responses = context.Queue()
        self.cancels = context.Queue()
        # pieces of the results still arriving: request → field → pieces in order
        self._parts: dict[int, dict[str, list[Any]]] = {}
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
        """The next message; a result sent in parts comes back whole."""
        while True:
            try:
                message: Message | Part = self.responses.get(timeout=timeout)
            except queue.Empty:
                return None
            if isinstance(message, Part):
                pieces = self._parts.setdefault(message.request, {})
                pieces.setdefault(message.field, []).append(message.value)
                continue
            if isinstance(message, Finished | Section):
                return assembled(message, self._parts.pop(message.request, {}))
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
