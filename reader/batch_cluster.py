"""The Dask side of ``factreader batch``: a worker plugin that loads the model once per worker,
the task that analyses a part of the documents with it, and the cluster to run them on.

Imported only by ``factreader batch``: Dask is an optional extra (``factreader[cluster]``),
never needed by the window.
"""

from __future__ import annotations

import asyncio
import os
import threading
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

# Before distributed is imported, here and in the local cluster's worker processes: its
# INFO lines would bury the progress and the failures on stderr.
os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "error")

from distributed import Client, LocalCluster, Worker, as_completed, get_worker
from distributed.diagnostics.plugin import WorkerPlugin

from reader import __version__
from reader.core.batches import Document, Done, analyse_documents
from reader.core.errors import ReaderError
from reader.core.schema import PIPELINE_VERSION, SCHEMA_VERSION

if TYPE_CHECKING:
    from reader.core.analysis import Analyzer

# What a worker's Fact Reader must be for its lines to be the ones this one would write.
VERSIONS = (__version__, SCHEMA_VERSION, PIPELINE_VERSION)
WORKERS_TIMEOUT_S = 120  # for a cluster's first worker to join
CONNECT_TIMEOUT_S = 30


class AnalyzerPlugin(WorkerPlugin):
    """Loads the spaCy model once on each worker, present and future, and checks that the
    worker's Fact Reader writes what this one would."""

    idempotent = True  # a second run on the same cluster keeps the model each worker loaded

    def __init__(self, model: str) -> None:
        self.model = model
        self.versions = VERSIONS
        self.name = f"factreader-{'-'.join(map(str, VERSIONS))}-{model}"
        self.analyzer: Analyzer | None = None
        self.lock: threading.Lock | None = None

    async def setup(self, worker: Worker) -> None:
        if self.versions != VERSIONS:
            raise ReaderError(
                f"the worker at {worker.address} has Fact Reader {_named(VERSIONS)}, and this "
                f"one is {_named(self.versions)}: install the same version on every worker"
            )
        # off the worker's event loop, which keeps answering the scheduler meanwhile
        self.analyzer = await asyncio.to_thread(_ready_analyzer, self.model)
        self.lock = threading.Lock()  # a worker with several threads analyses one at a time


def _ready_analyzer(model: str) -> Analyzer:
    """The model loaded, with one parsing process (a worker's process may not start others),
    and quantulum3's first-parse cost paid (~0.4 s), so that no part waits for it."""
    from reader.core.analysis import Analyzer
    from reader.core.money import warm_up

    analyzer = Analyzer.load(model, processes=1)
    warm_up()
    return analyzer


def _named(versions: tuple[object, ...]) -> str:
    version, schema, rules = versions
    return f"{version} (output layout {schema}, rules {rules})"


def analyse_part(plugin_name: str, part: list[Document]) -> list[Done]:
    """The task: a part of the documents, analysed by the model this worker loaded."""
    plugin = get_worker().plugins.get(plugin_name)
    if not isinstance(plugin, AnalyzerPlugin) or plugin.analyzer is None or plugin.lock is None:
        raise ReaderError("this worker has not loaded the model (its plugin failed to start)")
    with plugin.lock:
        return analyse_documents(plugin.analyzer, part)


@contextmanager
def connected(scheduler: str | None, workers: int) -> Iterator[Client]:
    """A client of the cluster at ``scheduler``, or of a local one of ``workers`` processes."""
    # a part of the documents travels inside its task: large, by design
    warnings.filterwarnings("ignore", message=".*[Ll]arge graph.*")
    if scheduler is not None:
        try:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT_S)
        except OSError as error:  # refused, timed out, no such host
            raise ReaderError(f"cannot reach the scheduler at {scheduler} ({error})") from error
        with client:
            yield client
        return
    with (
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def start_analysis(client: Client, model: str) -> str:
    """Wait for a worker, have every worker load the model; the plugin's name for the tasks."""
    try:
        client.wait_for_workers(1, timeout=WORKERS_TIMEOUT_S)
    except TimeoutError as error:
        address = getattr(client.scheduler, "address", "the scheduler's address")
        raise ReaderError(
            f"no worker joined the scheduler at {address} within {WORKERS_TIMEOUT_S} s; "
            f"start them with 'dask worker {address}'"
        ) from error
    plugin = AnalyzerPlugin(model)
    try:
        client.register_plugin(plugin, name=plugin.name)
    except ReaderError:
        raise
    except Exception as error:
        raise ReaderError(
            f"the workers could not start Fact Reader's analysis ({type(error).__name__}: "
            f"{error}); each needs Fact Reader installed, with the model {model}"
        ) from error
    return plugin.name


def threads(client: Client) -> int:
    """How many tasks the cluster runs at once, now: workers may join or leave."""
    return max(1, int(sum(client.nthreads().values())))


PARTS_PER_THREAD = 2  # queued for each worker thread, so none waits for its next part
WORKER_MEMORY = 1 << 30  # a worker with the small model analysing news stays well under this


def default_workers() -> int:
    """One worker process per core this process may use, as far as memory allows."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    try:
        memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):  # not a POSIX system: cores alone
        memory = WORKER_MEMORY * (cores or 1)
    return max(1, min(cores or 1, memory // WORKER_MEMORY))


def run_parts(
    client: Client,
    plugin: str,
    parts: Iterator[list[Document]],
    finished: Callable[[list[Done]], None],
) -> None:
    """Send the parts as tasks, a few per worker thread at a time (so that a huge archive is
    never all in memory), and hand each part's results to ``finished`` as soon as it is done.
    A part whose task failed as a whole (its worker died, say) is a failure of each document."""
    pending = as_completed()
    sources: dict[object, list[str]] = {}

    def fill() -> None:
        wanted = threads(client) * PARTS_PER_THREAD
        while pending.count() < wanted:
            part = next(parts, None)
            if part is None:
                return
            future = client.submit(analyse_part, plugin, part, pure=False)
            sources[future.key] = [document.source for document in part]
            pending.add(future)

    fill()
    for future in pending:
        try:
            results = future.result()
        except Exception as error:  # told for each of its documents
            what = " ".join(f"{type(error).__name__}: {error}".split())
            results = [Done(s, None, f"{s}: not analysed ({what})") for s in sources[future.key]]
        del sources[future.key]
        future.release()
        finished(results)
        fill()
