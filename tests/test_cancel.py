"""A cancelled analysis stops: the reader who opens another article waits for that one only, not
for the rest of the last one, and its parsing helper ends with it."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import textwrap

from reader.core.analysis import processes_for
from reader.core.loading import article_from_text
from reader.core.model import Article
from reader.core.service import Failed, Finished, Message, Progress, Ready, Request, WorkerProcess
from reader.core.thresholds import PARALLEL_FROM_CHARS

SENTENCES = (
    "Dana Whitfield, chief economist at Norvale Bank, said the harbour would cost ${n} million.",
    '"We will not pay for a port nobody uses," said Marcus Oyelaran, who chairs the board.',
    "The council in Bramford approved a grant of £{n}m on Tuesday, according to Lena Sorensen.",
    "Whitfield told reporters that freight volumes had fallen for a {n}th month in a row.",
)
SHORT = "Maria Lopez said the council would spend $2 million on roads."


def report(chars: int) -> Article:
    """Paragraphs of about 2,900 characters, as a PDF's: a batch of them parsed by one process
    is larger than a pipe holds."""
    paragraphs: list[str] = []
    paragraph, n = "", 0
    while sum(len(p) for p in paragraphs) < chars:
        paragraph += " " + SENTENCES[n % len(SENTENCES)].format(n=n + 3)
        n += 1
        if len(paragraph) > 2_900:
            paragraphs.append(paragraph.strip())
            paragraph = ""
    return article_from_text("\n".join(paragraphs), source="report.pdf")


def until(worker: WorkerProcess, wanted: type, request: int | None = None) -> list[Message]:
    """The messages up to the first ``wanted`` one (of ``request``)."""
    received: list[Message] = []
    while True:
        message = worker.receive(timeout=300)
        assert message is not None, "the worker went silent"
        assert not isinstance(message, Failed), message
        received.append(message)
        if isinstance(message, wanted) and getattr(message, "request", request) == request:
            return received


def cancelled_at(worker: WorkerProcess, request: int, long: Article, share: float) -> None:
    """Cancel ``long`` once that share of it is parsed, then analyse a short article: nothing
    more of ``long`` comes before the short one's analysis."""
    worker.submit(Request(request, long))
    while True:
        progress = until(worker, Progress, request)[-1]
        assert isinstance(progress, Progress)
        if progress.done >= share * progress.total:
            break
    worker.cancel(request)
    worker.submit(Request(request + 1, article_from_text(SHORT, source="short.txt")))
    after = until(worker, Finished, request + 1)
    assert [m for m in after if isinstance(m, Finished) and m.request == request] == []


def test_a_cancelled_analysis_sends_nothing_more_and_its_worker_still_ends() -> None:
    """Cancelled once its text was parsed, a long article went on to be analysed, encoded and
    sent whole (20 MB for a 500-page report) before the next article was even started."""
    long = report(PARALLEL_FROM_CHARS + 20_000)
    assert processes_for(len(long.text)) == 2
    worker = WorkerProcess()
    try:
        until(worker, Ready)
        cancelled_at(worker, 1, long, 1 / 3)  # while two processes parse it
        cancelled_at(worker, 3, long, 1.0)  # the last progress comes with the last paragraph
        worker.requests.put(None)
        worker.process.join(60)
        assert not worker.process.is_alive()  # nothing left behind keeps it from ending
    finally:
        worker.stop()


CANCELLED_IN_THIS_PROCESS = """
import multiprocessing
from reader.core.analysis import Analyzer, Cancelled
from tests.test_cancel import report

analyzer = Analyzer.load()
stop = []
def progress(done, total):
    if done >= total // 3:
        stop.append(True)
try:
    analyzer.analyze(report(200_000), progress, lambda: bool(stop), on_section=lambda part: None)
except Cancelled:
    print("cancelled", multiprocessing.active_children(), flush=True)
"""


def test_a_cancelled_analysis_ends_its_parsing_helper_at_once() -> None:
    """Nothing is left parsing, and nothing is waited for: spaCy's own parsing processes, used
    before, blocked sending a batch the cancelled analysis no longer read, and it waited for them
    for ever."""
    with subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(CANCELLED_IN_THIS_PROCESS)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its parsing helper too, if it never ends
    ) as run:
        try:
            out, err = run.communicate(timeout=240)
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(run.pid, signal.SIGKILL)
    assert run.returncode == 0, err
    assert out == "cancelled []\n"
