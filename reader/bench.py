"""``python -m reader.bench``: how fast Fact Reader is, in figures anyone can rerun.

Each figure is the median of several runs. Test documents are built from the texts in
``resources/`` up to about 10k, 100k and 1M characters; every copied paragraph is made different,
so no cache can serve a repeat while throughput is measured. The last line repeats the figures as
``name=value`` pairs for scripts. ``--quick`` measures a reduced set in under a minute.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from reader.core.loading import article_from_text, load_article
from reader.core.model import Article
from reader.core.resources import sample_article_path

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from reader.gui.app import MainWindow

SIZES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000}
STALL_TICK_MS = 10


def test_document(chars: int, variant: int = 0) -> Article:
    """The bundled texts' paragraphs, repeated with a numbered difference until long enough;
    each ``variant`` is a different text of the same make-up."""
    sources = sorted(sample_article_path().parent.glob("*.txt"))
    paragraphs = [
        p for path in sources for p in load_article(path).text.split("\n") if len(p.strip()) > 40
    ]
    built: list[str] = []
    size = 0
    number = 0
    while size < chars:
        paragraph = paragraphs[number % len(paragraphs)]
        copy = number // len(paragraphs)
        report = f"{copy + 1}-{variant}" if variant else f"{copy + 1}"
        numbered = copy or variant
        line = f"{paragraph} (Report {report}, item {number + 1}.)" if numbered else paragraph
        built.append(line)
        size += len(line) + 1
        number += 1
    return article_from_text("\n".join(built), source=f"bench-{chars}-{variant}")


def median_of(runs: int, measure: Callable[[], float]) -> float:
    return statistics.median(measure() for _ in range(runs))


# --- analysis throughput against raw spaCy ----------------------------------------------------


def throughput(sizes: list[str], runs: int) -> dict[str, float]:
    """Our analysis as the window's worker runs it (parts sent as they are done) against raw
    ``nlp.pipe`` with the same model, the same components and the same number of processes."""
    from reader.core.analysis import Analyzer, processes_for
    from reader.core.model import Analysis
    from reader.core.money import warm_up
    from reader.core.nlp import chunk_text
    from reader.core.service import section_for

    analyzer = Analyzer.load()
    warm_up()  # quantulum3's first parse, which the window's worker also pays apart
    analyzer.analyze(test_document(2_000))  # spaCy's first-call costs
    figures: dict[str, float] = {}

    def send(provisional: Analysis) -> None:
        section_for(0, provisional)

    for name in sizes:
        article = test_document(SIZES[name])
        chunks = [c.text for c in chunk_text(article.text)]
        processes = processes_for(len(article.text))

        def raw(chunks: list[str] = chunks, processes: int = processes) -> float:
            start = time.perf_counter()
            for _ in analyzer.nlp.pipe(chunks, batch_size=32, n_process=processes):
                pass
            return time.perf_counter() - start

        def ours(article: Article = article) -> float:
            start = time.perf_counter()
            analyzer.analyze(article, on_section=send)
            return time.perf_counter() - start

        # In pairs, so that a slow spell of a shared machine weighs on both sides of a ratio.
        pairs = [(raw(), ours()) for _ in range(runs)]
        chars = len(article.text)
        figures[f"processes_{name}"] = processes
        figures[f"throughput_chars_s_{name}"] = chars / statistics.median(o for _, o in pairs)
        figures[f"raw_pipe_chars_s_{name}"] = chars / statistics.median(r for r, _ in pairs)
        figures[f"throughput_ratio_{name}"] = statistics.median(r / o for r, o in pairs)
    return figures


# --- the window: cold start, reopen, stalls ---------------------------------------------------

COLD_START = """
import sys, time
started = float(sys.argv[1])
from pathlib import Path
from reader.core.service import WorkerProcess
worker = WorkerProcess()  # in the launcher's order: the model loads while Qt starts
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication([])
from reader.gui.app import open_window
from reader.gui.worker import shared_service
window = open_window(Path(sys.argv[2]), shared_service(worker))
window.resize(1400, 900)
window.show()
shown = []
def done():
    print("highlighted", time.time() - started, flush=True)
    shown.append(True)
    app.quit()
def painted():
    print("first_paint", time.time() - started, flush=True)
window.article_shown.connect(painted)  # the sample is read off the window's thread
window.analysis_shown.connect(done)
window.opener.open_sample()
QTimer.singleShot(180_000, app.quit)
app.exec()
window.close()
window.service.stop()
"""


def cold_start(runs: int) -> dict[str, float]:
    """From process start to the sample's text, then its highlights; a fresh store each time,
    then again on the store the first run filled (the analysis cache)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    fresh: list[tuple[float, float]] = []
    cached: list[tuple[float, float]] = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as data:
            for bucket in (fresh, cached):
                started = time.time()
                out = subprocess.run(
                    [sys.executable, "-c", COLD_START, repr(started), data],
                    capture_output=True,
                    text=True,
                    env=env,
                    timeout=300,
                    check=True,
                ).stdout
                values = dict(line.split() for line in out.splitlines() if line.count(" ") == 1)
                bucket.append((float(values["first_paint"]), float(values["highlighted"])))
    return {
        "first_paint_s": statistics.median(f for f, _ in fresh),
        "highlighted_s": statistics.median(h for _, h in fresh),
        "highlighted_cached_s": statistics.median(h for _, h in cached),
    }


WORD_PARAGRAPHS = 200_000
WORD_NAMESPACE = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def word_document(runs: int) -> dict[str, float]:
    """``python -m reader text`` on a Word file of 200,000 paragraphs (the bundled texts' opening
    words, numbered; a heading every 25): seconds from process start to all its text written."""
    from xml.sax.saxutils import escape

    sources = sorted(sample_article_path().parent.glob("*.txt"))
    openings = [
        escape(textwrap.shorten(p, 120, placeholder=""))
        for path in sources
        for p in load_article(path).text.split("\n")
        if len(p.strip()) > 40
    ]
    body = "".join(
        f'<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Part {n}</w:t></w:r></w:p>'
        if n % 25 == 0
        else f"<w:p><w:r><w:t>{openings[n % len(openings)]} ({n})</w:t></w:r></w:p>"
        for n in range(WORD_PARAGRAPHS)
    )
    seconds: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "long.docx"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
            package.writestr(
                "word/document.xml",
                f'<w:document xmlns:w="{WORD_NAMESPACE}"><w:body>{body}</w:body></w:document>',
            )
        for _ in range(runs):
            started = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "reader", "text", str(path)],
                stdout=subprocess.DEVNULL,
                timeout=300,
                check=True,
            )
            seconds.append(time.perf_counter() - started)
    return {"docx_200k_paragraphs_text_s": statistics.median(seconds)}


# What a run measures, in order; ``--only`` picks some. The window's rows share one window.
STAGES = (
    *("cold-start", "word", "pdf-book", "reopen", "pdf-book-window", "pdf-report", "1m"),
    "throughput",
)
WINDOW_ROWS = ("reopen", "pdf-book-window", "pdf-report", "1m", "one-line")


def window_figures(runs: int, rows: Sequence[str]) -> dict[str, float]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from reader.gui.app import open_window

    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as data:
        window = open_window(Path(data))
        window.resize(1400, 900)
        window.show()

        def open_and_wait(open_article: Callable[[], object]) -> None:
            """Opens an article and returns once its analysis is shown, also when the store's
            cache shows it before ``open_article`` returns."""
            shown: list[bool] = []
            loop = QEventLoop()

            def done() -> None:
                shown.append(True)
                loop.quit()

            window.analysis_shown.connect(done)
            open_article()
            if not shown:
                QTimer.singleShot(600_000, loop.quit)
                loop.exec()
            window.analysis_shown.disconnect(done)

        sample = load_article(sample_article_path())
        open_and_wait(lambda: window.show_article(sample))  # analysed once, now in the cache

        def reopen() -> float:
            window.show_article(test_document(3_000))
            app.processEvents()
            start = time.perf_counter()
            window.show_article(sample)  # from the cache: shown synchronously
            app.processEvents()
            return time.perf_counter() - start

        if "reopen" in rows:
            figures["reopen_s"] = median_of(runs, reopen)
        if "pdf-book-window" in rows:
            figures |= pdf_book_window(app, window, Path(data))
        if "pdf-report" in rows:
            figures |= pdf_report(window, Path(data))
        if "1m" in rows:
            runs_1m = [long_document(app, window, open_and_wait, run) for run in range(runs)]
            for name in runs_1m[0]:
                pick = max if name in ("peak_rss_mb", "peak_pss_mb") else statistics.median
                figures[name] = pick(run[name] for run in runs_1m)
        if "one-line" in rows:
            figures |= one_line(app, window, open_and_wait)
        window.close()
        window.service.stop()
    if "1m" in rows:
        figures["peak_rss_window_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return figures


PDF_PAGES = 500


def pdf_report(window: MainWindow, folder: Path) -> dict[str, float]:
    """A 500-page report drawn with Qt's PDF writer (a running header and page numbers on each
    page): seconds until its text is on screen, and until all its highlights are."""
    from PySide6.QtCore import QEventLoop, QRectF, Qt, QTimer
    from PySide6.QtGui import QFont, QPageSize, QPainter, QPdfWriter

    path = folder / "report.pdf"
    lines = [
        line
        for paragraph in sample_article_path().read_text(encoding="utf-8").split("\n")
        for line in textwrap.wrap(paragraph, 95)
    ]
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setResolution(72)
    painter = QPainter(writer)
    painter.setFont(QFont("DejaVu Serif", 9))
    for page in range(PDF_PAGES):
        if page:
            writer.newPage()
        painter.drawText(QRectF(40, 20, 500, 14), Qt.AlignmentFlag.AlignLeft, "Annual Report")
        for row in range(48):
            line = lines[(page * 48 + row) % len(lines)]
            text = f"{line} [{page}]" if row == 0 else line  # every page a little different
            painter.drawText(QRectF(40, 50 + row * 15, 520, 14), Qt.AlignmentFlag.AlignLeft, text)
        painter.drawText(QRectF(290, 800, 40, 14), Qt.AlignmentFlag.AlignLeft, str(page + 1))
    painter.end()
    start = time.perf_counter()
    visible: list[float] = []
    highlighted: list[float] = []
    loop = QEventLoop()

    def shown() -> None:
        if not visible:
            visible.append(time.perf_counter() - start)

    def analysed() -> None:
        # Only once the report is on screen: until then the highlights shown are those of the
        # article before it, whose analysis may end while the report is read (an IndexError).
        if visible and not highlighted:
            highlighted.append(time.perf_counter() - start)
            loop.quit()

    window.article_shown.connect(shown)  # the report is read off the window's thread
    window.analysis_shown.connect(analysed)
    window.open_path(path)
    QTimer.singleShot(1_800_000, loop.quit)
    loop.exec()
    window.article_shown.disconnect(shown)
    window.analysis_shown.disconnect(analysed)
    if not highlighted:
        raise SystemExit("the 500-page report was not highlighted within 30 minutes")
    return {"pdf_500_text_visible_s": visible[0], "pdf_500_highlighted_s": highlighted[0]}


BOOK_PAGES = 352  # the size of a book analysts open: about 700,000 characters
BOOK_LINES = 44
BOOK_WORDS_A_LINE = 7


def draw_book(path: Path) -> int:
    """A 352-page book drawn with Qt's PDF writer, its lines made of the sample article's words
    in a seeded order (no two pages alike): running headers that alternate sides and carry the
    page number, page numbers at the foot, a footnote every fifth page. Returns its characters."""
    import random

    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QFont, QPageSize, QPainter, QPdfWriter

    words = sample_article_path().read_text(encoding="utf-8").split()
    shuffle = random.Random(27)
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setResolution(72)
    painter = QPainter(writer)
    small, body = QFont("DejaVu Serif", 8), QFont("DejaVu Serif", 10)
    left = Qt.AlignmentFlag.AlignLeft
    characters = 0
    for page in range(1, BOOK_PAGES + 1):
        if page > 1:
            writer.newPage()
        painter.setFont(small)
        header = f"{page} THE HARBOUR BOOK" if page % 2 == 0 else f"CHAPTER {page // 20 + 1} {page}"
        painter.drawText(QRectF(60 if page % 2 == 0 else 380, 30, 200, 12), left, header)
        painter.drawText(QRectF(290, 800, 40, 12), left, str(page))
        painter.setFont(body)
        for row in range(BOOK_LINES):
            line = " ".join(shuffle.choice(words) for _ in range(BOOK_WORDS_A_LINE))
            characters += len(line)
            painter.drawText(QRectF(60, 60 + row * 15.5, 480, 14), left, line)
        if page % 5 == 0:
            painter.setFont(small)
            painter.drawText(QRectF(60, 770, 480, 12), left, "1 A note at the foot of the page.")
    painter.end()
    return characters


def pdf_book(runs: int) -> dict[str, float]:
    """Reading the book's text from its layout, in this process (no window)."""
    from PySide6.QtWidgets import QApplication

    from reader.core.pdf import read_pdf

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    QApplication.instance() or QApplication([])  # the book is drawn with Qt's PDF writer
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "book.pdf"
        characters = draw_book(path)
        data = path.read_bytes()

        def read() -> float:
            started = time.perf_counter()
            read_pdf(data, path.name)
            return time.perf_counter() - started

        return {"pdf_book_chars": float(characters), "pdf_book_read_s": median_of(runs, read)}


def pdf_book_window(app: QApplication, window: MainWindow, folder: Path) -> dict[str, float]:
    """The book opened in the window: seconds until its text is on screen, and the longest gap
    between 10 ms ticks of the window's event loop until then (it is read off that thread)."""
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer

    path = folder / "book.pdf"
    draw_book(path)
    gaps: list[int] = []
    clock = QElapsedTimer()
    last = [0]

    def tick() -> None:
        now = clock.elapsed()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.setInterval(STALL_TICK_MS)
    timer.timeout.connect(tick)
    loop = QEventLoop()
    window.article_shown.connect(loop.quit)
    clock.start()
    timer.start()
    started = time.perf_counter()
    window.open_path(path)
    QTimer.singleShot(120_000, loop.quit)
    loop.exec()
    visible = time.perf_counter() - started
    timer.stop()
    window.article_shown.disconnect(loop.quit)
    # Its highlights are not measured: left running, the book's analysis would go on into the
    # rows after this one and slow them.
    window.session.cancel()
    return {"pdf_book_text_visible_s": visible, "pdf_book_max_stall_ms": float(max(gaps or [0]))}


def long_document(
    app: QApplication,
    window: MainWindow,
    open_and_wait: Callable[[Callable[[], object]], None],
    run: int,
) -> dict[str, float]:
    """One opening of a 1M-character report (a new text each run: no cache serves it)."""
    article = test_document(SIZES["1m"], variant=run)
    figures = opening(app, window, open_and_wait, article)
    names = {"text_visible_s": "text_visible_1m_s", "first_highlights_s": "first_highlights_1m_s"}
    names |= {"highlighted_s": "highlighted_1m_s", "cpu_steal_s": "cpu_steal_1m_s"}
    return {names.get(name, name): value for name, value in figures.items()}


ONE_LINE_CHARS = 5_000_000


def one_line(
    app: QApplication, window: MainWindow, open_and_wait: Callable[[Callable[[], object]], None]
) -> dict[str, float]:
    """A 5 MB article all on one line against the same text in paragraphs: the window must stay
    as responsive and highlight it all as fast; then the one line again, from the cache."""
    paragraphs = test_document(ONE_LINE_CHARS, variant=7)
    flat = article_from_text(paragraphs.text.replace("\n", " "), source="bench-one-line")
    figures: dict[str, float] = {}
    for label, article in (("paragraphs_5m", paragraphs), ("one_line_5m", flat)):
        found = opening(app, window, open_and_wait, article)
        for name in ("text_visible_s", "highlighted_s", "max_stall_ms", "stalls_over_100ms"):
            figures[f"{label}_{name}"] = found[name]
        figures[f"{label}_max_stall_unstolen_ms"] = found["max_stall_unstolen_ms"]
    # Opened again, its analysis now read from the store's cache by the worker.
    window.session.flush_cache()
    store = window.store
    deadline = time.monotonic() + 300
    while store is not None and not store.has_analysis(flat):
        if time.monotonic() > deadline:
            raise SystemExit("the one-line article's analysis was never cached")
        app.processEvents()
        time.sleep(0.05)
    open_and_wait(lambda: window.show_article(test_document(3_000)))
    found = opening(app, window, open_and_wait, flat)
    for name in ("highlighted_s", "max_stall_ms"):
        figures[f"one_line_5m_reopened_{name}"] = found[name]
    figures["one_line_5m_reopened_max_stall_unstolen_ms"] = found["max_stall_unstolen_ms"]
    return figures


def opening(
    app: QApplication,
    window: MainWindow,
    open_and_wait: Callable[[Callable[[], object]], None],
    article: Article,
) -> dict[str, float]:
    """One opening of a long article: text, first part, all highlights, the longest gap between
    10 ms ticks (analysis, painting, then a drag through it all), memory of the tree."""
    from PySide6.QtCore import QElapsedTimer, QTimer

    gaps: list[int] = []
    clock = QElapsedTimer()
    last = [0]
    own_gaps: list[int] = []  # the gaps during which the host took no CPU time from us
    steal_at_start = cpu_steal_ticks()
    steal = [steal_at_start]

    def tick() -> None:
        now = clock.elapsed()
        gaps.append(now - last[0])
        last[0] = now
        stolen, steal[0] = steal[0], cpu_steal_ticks()
        if all(after == before for before, after in zip(stolen, steal[0], strict=True)):
            own_gaps.append(gaps[-1])

    first_part: list[float] = []

    def part_shown(_end: int) -> None:
        if not first_part:
            first_part.append(time.perf_counter())

    timer = QTimer()
    timer.setInterval(STALL_TICK_MS)
    timer.timeout.connect(tick)
    window.section_shown.connect(part_shown)
    clock.start()
    timer.start()
    figures: dict[str, float] = {}
    memory = PeakMemory(os.getpid())
    start = time.perf_counter()

    def open_article() -> None:
        window.show_article(article)
        figures["text_visible_s"] = time.perf_counter() - start

    open_and_wait(open_article)
    figures["first_highlights_s"] = first_part[0] - start if first_part else -1.0
    figures["highlighted_s"] = time.perf_counter() - start
    bar = window.view.verticalScrollBar()
    for step in range(20):  # the reader drags through the whole report
        bar.setValue(bar.maximum() * step // 19)
        app.processEvents()
    timer.stop()
    memory.stop()
    window.section_shown.disconnect(part_shown)
    figures["max_stall_ms"] = float(max(gaps))
    figures["stalls_over_100ms"] = float(sum(gap > 100 for gap in gaps))
    # On a virtual machine the host can take a core away for a moment while both are busy: a
    # stall no program inside can prevent. The time it took is shown, and the longest gap during
    # which it took nothing.
    stolen_ticks = sum(steal[0]) - sum(steal_at_start)
    figures["cpu_steal_s"] = stolen_ticks / os.sysconf("SC_CLK_TCK")
    figures["max_stall_unstolen_ms"] = float(max(own_gaps, default=0))
    figures["peak_rss_mb"] = memory.peak_kb / 1024
    figures["peak_pss_mb"] = memory.peak_pss_kb / 1024
    return figures


def cpu_steal_ticks() -> tuple[int, ...]:
    """Per CPU, the clock ticks the hypervisor has taken from this machine since boot (Linux's
    /proc/stat); empty where there is no such file."""
    try:
        lines = Path("/proc/stat").read_text().splitlines()
    except OSError:
        return ()
    return tuple(
        int(line.split()[8]) for line in lines if line.startswith("cpu") and line[3].isdigit()
    )


class PeakMemory:
    """The highest memory of a process tree, sampled every quarter second by a thread of its
    own: reading all of /proc takes ~10 ms, which on the window's thread would show up as the
    very stalls being measured. Both sums are kept: resident memory counts the pages the
    processes share (the libraries' code) once per process, proportional memory (PSS) divides
    each shared page among its sharers, so it is what the tree takes."""

    def __init__(self, root: int, interval_s: float = 0.25) -> None:
        self.peak_kb = 0
        self.peak_pss_kb = 0
        self._stopped = threading.Event()

        def sample() -> None:
            while not self._stopped.wait(interval_s):
                rss, pss = tree_memory_kb(root)
                self.peak_kb = max(self.peak_kb, rss)
                self.peak_pss_kb = max(self.peak_pss_kb, pss)

        self._thread = threading.Thread(target=sample, name="peak-memory", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stopped.set()
        self._thread.join()


def tree_memory_kb(root: int) -> tuple[int, int]:
    """Resident and proportional memory of a process and all its descendants (the analysis
    worker and its parsing helper), summed, from /proc; 0 where there is no /proc."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent and pid not in tree]
        tree.update(children)
        frontier.extend(children)
    rss = pss = 0
    for pid in tree:
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        for line in rollup.splitlines():
            if line.startswith("Rss:"):
                rss += int(line.split()[1])
            elif line.startswith("Pss:"):
                pss += int(line.split()[1])
    return rss, pss


def stage(name: str) -> None:
    """What is being measured, on stderr, so a long run shows it is alive."""
    print(f"… {name}", file=sys.stderr, flush=True)


def machine() -> str:
    system = f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores"
    return f"{system}, Python {platform.python_version()}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m reader.bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a reduced run, under a minute")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    parser.add_argument(
        "--one-line",
        action="store_true",
        help="only the window on a 5 MB article on one line against the same in paragraphs, "
        "then reopened (about ten minutes)",
    )
    parser.add_argument(
        "--library",
        action="store_true",
        help="only the views across articles on generated libraries of 100 and 10,000 articles "
        "(about a minute)",
    )
    parser.add_argument(
        "--only",
        action="append",
        choices=STAGES,
        metavar="ROW",
        help=f"only this part of the run (repeat for more): {', '.join(STAGES)}",
    )
    args = parser.parse_args(argv)
    if args.library:
        from reader.bench_library import library_figures

        print(f"Fact Reader benchmark — {machine()} — libraries of 100 and 10,000 articles")
        with tempfile.TemporaryDirectory() as folder:
            return report(library_figures(Path(folder)), args.json)
    if args.one_line:
        print(f"Fact Reader benchmark — {machine()} — 5 MB on one line")
        return report(window_figures(1, ["one-line"]), args.json)
    runs = 1 if args.quick else 3
    sizes = ["10k", "100k"] if args.quick else ["10k", "100k", "1m"]
    wanted = args.only or [s for s in STAGES if not (args.quick and s in ("pdf-report", "1m"))]
    figures: dict[str, float] = {}
    run = "quick" if args.quick else "full"
    print(f"Fact Reader benchmark — {machine()} — {run} run{' of ' if args.only else ''}"
          f"{', '.join(args.only or ())}")  # fmt: skip
    if "cold-start" in wanted:
        stage("cold start")
        figures |= cold_start(runs)
    if "word" in wanted:
        stage("a Word file of 200,000 paragraphs")
        figures |= word_document(runs)
    if "pdf-book" in wanted:
        stage("a 352-page book in PDF")
        figures |= pdf_book(runs)
    rows = [row for row in WINDOW_ROWS if row in wanted]
    if rows:
        stage(f"the window: {', '.join(rows)}")
        figures |= window_figures(runs, rows)  # before this process loads spaCy
    if "throughput" in wanted:
        stage("throughput against raw nlp.pipe")
        figures |= throughput(sizes, 1 if args.quick else 3)
    return report(figures, args.json)


def report(figures: dict[str, float], json_file: str | None) -> int:
    width = max(len(name) for name in figures)
    for name, value in figures.items():
        print(f"{name:<{width}}  {value:>14,.3f}")
    if json_file:
        Path(json_file).write_text(json.dumps(figures, indent=2), encoding="utf-8")
    print(" ".join(f"{name}={value:.3f}" for name, value in figures.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
