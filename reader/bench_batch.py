"""``python -m reader.bench_batch``: what an archive costs.

- Throughput on news-sized articles: ``factreader batch`` with one local worker and with two,
  against ``factreader analyze --from-jsonl`` on the same documents, each a command run whole.
- What would limit a larger cluster, at 10,000 small documents: the same parts, tasks, transfers
  and output, with a worker plugin whose "analysis" finds nothing, so that only the cost of
  coordinating is left (the scheduler's per task, the client's per document), and writing OUT.
- From the per-document cost, the time for 200,000 articles on 1, 8 and 64 worker processes.
- ``factreader import --analyses`` of 10,000 analysed articles, and ``who`` and the Sources view
  on the library it makes (targets: under 0.3 s, as in ``--library``).

Needs the ``cluster`` extra. The figures are for the machine it runs on: on two cores the client,
the scheduler and the workers share them.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from reader.batch import Progress, Writer, parts
from reader.batch_cluster import AnalyzerPlugin, connected, run_parts
from reader.bench import machine, report, stage, test_document
from reader.bench_library import _fresh, median_seconds
from reader.core import crossref
from reader.core.batches import Document, Done
from reader.core.loading import article_from_text
from reader.core.model import Analysis, Article
from reader.core.schema import PIPELINE_VERSION, analysis_line
from reader.core.store import Store

if TYPE_CHECKING:
    from distributed import Worker

NEWS_CHARS = 3_000  # a news article: the sample's paragraphs, each document different
ARCHIVE = 200_000
SMALL = 10_000
PART_SIZES = (1, 8, 32)
_SUMMARY = re.compile(r"([\d,]+) documents analysed in [\d:]+ \(([\d.]+) a second\)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m reader.bench_batch", description=__doc__)
    parser.add_argument("--documents", type=int, default=60, help="news articles to analyse")
    parser.add_argument("--small", type=int, default=SMALL, help="small documents, for overhead")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args(argv)
    print(f"Fact Reader batch benchmark — {machine()} — load {_load()}")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        figures = throughput(folder, args.documents)
        figures |= overhead(folder, args.small)
        figures |= projection(figures)
        figures |= imported(folder, args.small)
    print(f"load afterwards {_load()}")
    return report(figures, args.json)


def _load() -> str:
    return " ".join(f"{n:.2f}" for n in os.getloadavg())


def _command(*args: str) -> tuple[float, float, str]:
    """A Fact Reader command run whole, as a user runs it: seconds, CPU seconds of its whole
    process tree (the local cluster's workers too), and its stderr."""
    before = _children_cpu()
    started = time.perf_counter()
    run = subprocess.run(
        [sys.executable, "-m", "reader", *args], capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - started
    if run.returncode != 0:
        raise RuntimeError(f"factreader {' '.join(args)} failed: {run.stderr[-2000:]}")
    return elapsed, _children_cpu() - before, run.stderr


def _children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def throughput(folder: Path, count: int) -> dict[str, float]:
    """Documents a second: analyze in one process, batch with one and two local workers; and
    what a document costs in CPU, which other programs on the machine do not change."""
    stage(f"{count} news articles: analyze, batch with 1 and 2 workers")
    docs = folder / "news.jsonl"
    lines = [
        json.dumps({"id": f"news-{n}", "text": test_document(NEWS_CHARS, n + 1).text})
        for n in range(count)
    ]
    docs.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "one.jsonl").write_text(lines[0] + "\n", encoding="utf-8")
    figures: dict[str, float] = {"news_documents": count}
    analyze = ("analyze", "--format", "jsonl", "--from-jsonl")
    one_s, one_cpu, _ = _command(*analyze, str(folder / "one.jsonl"))
    figures["analyze_s"], all_cpu, _ = _command(*analyze, str(docs))
    figures["analyze_docs_per_s"] = (count - 1) / (figures["analyze_s"] - one_s)
    figures["analyze_cpu_per_doc_s"] = (all_cpu - one_cpu) / (count - 1)
    for workers in (1, 2):
        out = folder / f"out-{workers}.jsonl"
        elapsed, cpu, said = _command("batch", str(docs), "-o", str(out), "--workers", str(workers))
        match = _SUMMARY.search(said)
        assert match is not None, said
        figures[f"batch_{workers}w_s"] = elapsed
        figures[f"batch_{workers}w_docs_per_s"] = float(match[2])
        figures[f"batch_{workers}w_start_s"] = elapsed - count / float(match[2])
        figures[f"batch_{workers}w_cores_used"] = cpu / elapsed
    figures["out_line_kb"] = (folder / "out-1.jsonl").stat().st_size / count / 1000
    return figures


class NothingFound:
    """An analyser that finds nothing at once: what is left is the cost of coordinating."""

    model_name = "none"

    def analyze(self, article: Article) -> Analysis:
        return Analysis(article.id, self.model_name, PIPELINE_VERSION)


def overhead(folder: Path, count: int) -> dict[str, float]:
    """``count`` small documents through the cluster with the analysis taken out, in parts of
    1, 8 and 32: per task and per document, what the scheduler and the client cost; then
    OUT's writing alone, at the size of a real line."""

    stage(f"{count:,} small documents through a local cluster of 2, analysis taken out")
    documents = [
        Document(f"s{n}", article_from_text(f"Item {n}: the council met on Monday.", f"s#{n}"))
        for n in range(count)
    ]
    figures: dict[str, float] = {}
    with connected(None, 2) as client, open(os.devnull, "w") as quiet:
        plugin = NothingPlugin("none")
        client.register_plugin(plugin, name=plugin.name)
        for size in PART_SIZES:
            with (folder / f"small-{size}.jsonl").open("w", encoding="utf-8") as output:
                started = time.perf_counter()
                writer = Writer(output, Progress(count, quiet))
                run_parts(client, plugin.name, parts(documents, size), writer)
                figures[f"small_part{size}_s"] = time.perf_counter() - started
    first, last = figures[f"small_part{PART_SIZES[0]}_s"], figures[f"small_part{PART_SIZES[-1]}_s"]
    tasks = count / PART_SIZES[0] - count / PART_SIZES[-1]
    figures["per_task_ms"] = (first - last) / tasks * 1000
    figures["per_document_ms"] = last / count * 1000
    figures |= _writing(folder, count)
    return figures


def _writing(folder: Path, count: int) -> dict[str, float]:
    """OUT written as batch writes it (a part at a time, flushed) with real lines."""

    real = (folder / "out-1.jsonl").read_text(encoding="utf-8").splitlines()
    done = [Done("x", real[n % len(real)]) for n in range(count)]
    with open(os.devnull, "w") as quiet, (folder / "written.jsonl").open("w") as output:
        writer = Writer(output, Progress(count, quiet))
        started = time.perf_counter()
        for start in range(0, count, 32):
            writer(done[start : start + 32])
        elapsed = time.perf_counter() - started
    size = (folder / "written.jsonl").stat().st_size
    return {"write_docs_per_s": count / elapsed, "write_mb_per_s": size / elapsed / 1e6}


def projection(figures: dict[str, float]) -> dict[str, float]:
    """200,000 articles at a document's CPU cost, each worker process on a core of its own,
    plus a worker's start; and how many workers one client, one scheduler and OUT's writing
    keep busy before they become the limit."""
    per_doc = figures["analyze_cpu_per_doc_s"]
    start = figures["batch_1w_start_s"]
    found = {f"archive_{w}w_h": (ARCHIVE * per_doc / w + start) / 3600 for w in (1, 8, 64)}
    found["workers_client_keeps_busy"] = per_doc / (figures["per_document_ms"] / 1000)
    found["workers_scheduler_keeps_busy"] = per_doc * 32 / (figures["per_task_ms"] / 1000)
    found["workers_output_keeps_busy"] = per_doc * figures["write_docs_per_s"]
    return found


def imported(folder: Path, count: int) -> dict[str, float]:
    """``import --analyses`` of ``count`` analysed articles twice: the batch's real lines (each
    copy's text made different at its end: 60 news articles' names and statements over and
    over), and ``--library``'s invented articles (1,200 people), on which ``who`` and the
    Sources view have their targets. Each library then asked, on a store just opened."""
    from reader.bench_library import analysis_of, build_article

    stage(f"import --analyses of {count:,} analysed articles, twice; who and Sources on them")
    real = (folder / "out-1.jsonl").read_text(encoding="utf-8").splitlines()
    news = folder / "news-analyses.jsonl"
    with news.open("w", encoding="utf-8") as output:
        for n in range(count):
            line = json.loads(real[n % len(real)])
            line["id"], line["text"] = f"copy-{n}", line["text"] + f"\n\nCopy {n}."
            output.write(json.dumps(line, ensure_ascii=False) + "\n")
    invented = folder / "invented-analyses.jsonl"
    rng = random.Random(16)  # the library --library builds
    with invented.open("w", encoding="utf-8") as output:
        for n in range(count):
            text, people = build_article(n, rng)
            article = article_from_text(text, source=f"/library/report-{n}.txt")
            article = replace(article, published=f"{2024 + n % 3}-{1 + n // 28 % 12:02d}-01")
            analysis = analysis_of(article.text, article.id, people)
            output.write(analysis_line(article, analysis) + "\n")
    figures = _imported(folder / "news-library", news, "news", None)
    return figures | _imported(folder / "invented-library", invented, "invented", "Irene Kowalczyk")


def _imported(data: Path, analyses: Path, label: str, who: str | None) -> dict[str, float]:
    """The import's time, then the Sources view and ``who`` (of ``who``, else of the source
    with most statements) on a store just opened, median of three."""
    elapsed, _, _ = _command("import", "--analyses", str(analyses), "--data-dir", str(data))
    store = Store.open(data)
    try:
        found = crossref.sources(store)
        statements = store.connection.execute("SELECT count(*) FROM statements").fetchone()[0]
    finally:
        store.close()
    name = who or max(found, key=lambda source: source.statements).name
    source = next(s for s in found if s.name == name)
    return {
        f"import_{label}_s": elapsed,
        f"{label}_statements": statements,
        f"{label}_sources_view_s": median_seconds(3, lambda: _fresh(data, crossref.sources)),
        f"{label}_who_s": median_seconds(3, lambda: _fresh(data, _who(name))),
        f"{label}_who_statements": source.statements,
    }


def _who(name: str) -> Callable[[Store], object]:
    return lambda store: crossref.statements_by(store, name)


class NothingPlugin(AnalyzerPlugin):
    """Every worker gets ``NothingFound`` instead of the model."""

    async def setup(self, worker: Worker) -> None:
        self.analyzer = NothingFound()  # type: ignore[assignment]
        self.lock = threading.Lock()


if __name__ == "__main__":
    sys.exit(main())
