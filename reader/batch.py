"""``factreader batch``: an archive analysed on a Dask cluster, a local one by default.

Each document's result is the line ``factreader analyze --format jsonl`` prints for it, written
to OUT as soon as its part of the documents is done, in the order parts finish. A document that
cannot be read or analysed is told on stderr in one line, as ``analyze`` tells it, and the rest
go on; ``--resume`` skips the documents OUT already holds, so a stopped run goes on where it
stopped. ``factreader import --analyses OUT`` then stores them without analysing again.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from reader.core.batches import Document, Done, FileDocument
from reader.core.errors import ReaderError
from reader.core.loading import READ_SUFFIXES, jsonl_documents, read_file

# Documents in one task, at most: a short article takes 0.2-0.5 s, so a part is seconds of
# work against a few milliseconds of the scheduler's (``python -m reader.bench_batch``).
PART_DOCUMENTS = 32
PART_CHARS = 1_000_000  # and at most this much text (a longer document goes alone)
PARTS_PER_THREAD_AT_LEAST = 4  # few documents: smaller parts, so that every worker has some
PROGRESS_EVERY_S = 2.0


def batch_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="factreader batch",
        description="Analyse many documents on a Dask cluster (a local one by default) and write "
        "one line per document to OUT, the same line 'analyze --format jsonl' prints. "
        "'factreader import --analyses OUT' then stores them without analysing again.",
    )
    parser.add_argument(
        "inputs",
        nargs="+",
        metavar="INPUT",
        help='a .jsonl of documents {"id", "text"} one per line, a file, or a folder of them',
    )
    parser.add_argument("-o", "--output", required=True, metavar="OUT.jsonl")
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--workers",
        type=_positive,
        metavar="N",
        help="worker processes of the local cluster (default: one per core, as memory allows)",
    )
    where.add_argument(
        "--scheduler",
        metavar="tcp://HOST:PORT",
        help="an existing cluster's scheduler; its workers need Fact Reader installed",
    )
    parser.add_argument(
        "--resume", action="store_true", help="skip the documents OUT already holds; add the rest"
    )
    parser.add_argument(
        "--part",
        type=_positive,
        metavar="N",
        help=f"documents in one task (default: up to {PART_DOCUMENTS})",
    )
    parser.add_argument("--model", help="spaCy model package to use (default: the best installed)")
    return parser


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def run_batch(argv: Sequence[str]) -> int:
    args = batch_parser().parse_args(argv)
    try:
        from reader import batch_cluster as cluster
    except ImportError as error:
        print(
            f"factreader: batch needs Dask ({error}); install it with "
            "pip install 'factreader[cluster]'",
            file=sys.stderr,
        )
        return 1
    from reader.core.nlp import choose_model

    out = Path(args.output)
    inputs = input_files(args.inputs)
    progress = Progress(count_documents(inputs), sys.stderr)
    try:
        before = earlier_results(out) if args.resume else _fresh(out)
        model = choose_model(args.model)
        with (
            cluster.connected(args.scheduler, args.workers or cluster.default_workers()) as client,
            out.open("a", encoding="utf-8", newline="\n") as output,
        ):
            plugin = cluster.start_analysis(client, model)
            size = args.part or part_size(progress.total - len(before), cluster.threads(client))
            documents = progress.to_analyse(documents_in(inputs), before)
            progress.start()
            cluster.run_parts(client, plugin, parts(documents, size), Writer(output, progress))
    except ReaderError as error:
        print(f"factreader: {error}", file=sys.stderr)
        return 1
    except OSError as error:  # the cluster lost, or OUT's disk failing: what is in OUT stays
        progress.say(
            f"stopped: {' '.join(str(error).split())}; {progress.earlier + progress.analysed:,} "
            f"documents are in {out}, and --resume goes on from there"
        )
        return 1
    progress.finish()
    return 1 if progress.failed else 0


def _fresh(out: Path) -> Earlier:
    if out.exists() and out.stat().st_size > 0:
        raise ReaderError(
            f"{out} already holds results: --resume adds the documents it lacks, or remove it"
        )
    try:
        out.write_bytes(b"")
    except OSError as error:
        raise ReaderError(f"{out}: cannot be written ({error.strerror or error})") from error
    return Earlier()


# --- what OUT already holds ---------------------------------------------------------------


@dataclass
class Earlier:
    """The documents OUT holds: JSONL documents by their id, files by their source (a file's
    id is the hash of its text, known only once it is read)."""

    ids: set[str] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)

    def __len__(self) -> int:
        return len(self.ids)

    def holds(self, document: Document) -> bool:
        if document.id is not None:
            return document.id in self.ids
        return document.source in self.sources


# The start of every line ``analysis_line`` writes: read without decoding the whole line.
_HEAD = re.compile(
    r'\{"schema_version": \d+, "id": ("(?:[^"\\]|\\.)*"), "title": "(?:[^"\\]|\\.)*", '
    r'"source": ("(?:[^"\\]|\\.)*")'
)


def earlier_results(out: Path) -> Earlier:
    """The ids and sources of the lines in OUT. A last line without its end, cut short when a
    run was stopped while writing it, is removed: its document is analysed again."""
    found = Earlier()
    if not out.exists():
        return found
    try:
        _read_earlier(out, found)
    except OSError as error:
        raise ReaderError(f"{out}: cannot be read ({error.strerror or error})") from error
    return found


def _read_earlier(out: Path, found: Earlier) -> None:
    kept = 0
    with out.open("rb+") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.endswith(b"\n"):
                print(
                    f"factreader: {out} line {number} was cut short; its document is "
                    "analysed again",
                    file=sys.stderr,
                )
                handle.truncate(kept)
                break
            kept += len(raw)
            head = _head(raw.decode("utf-8", "replace"))
            if head is None:
                print(
                    f"factreader: {out} line {number} is not a result; left as it is",
                    file=sys.stderr,
                )
                continue
            found.ids.add(head[0])
            found.sources.add(head[1])


def _head(line: str) -> tuple[str, str] | None:
    match = _HEAD.match(line)
    try:
        if match is not None:
            return json.loads(match[1]), json.loads(match[2])
        data = json.loads(line)
        return str(data["id"]), str(data["source"])
    except (ValueError, KeyError, TypeError):
        return None


# --- the documents ------------------------------------------------------------------------


def input_files(inputs: Sequence[str]) -> list[Path]:
    """Each INPUT, a folder replaced by the files in it the reader reads (and .jsonl), in
    name order, hidden ones left out."""
    files: list[Path] = []
    for given in inputs:
        path = Path(given)
        if not path.is_dir():
            files.append(path)
            continue
        for found in sorted(path.rglob("*")):
            hidden = any(part.startswith(".") for part in found.relative_to(path).parts)
            wanted = found.suffix.lower() in READ_SUFFIXES or found.suffix.lower() == ".jsonl"
            if wanted and not hidden and found.is_file():
                files.append(found)
    return files


def count_documents(files: Iterable[Path]) -> int:
    """How many documents there are to do: a JSONL file's lines that are not blank."""
    total = 0
    for path in files:
        if path.suffix.lower() != ".jsonl":
            total += 1
            continue
        try:
            with path.open("rb") as handle:
                total += sum(1 for line in handle if line.strip())
        except OSError:
            total += 1  # told when it is read
    return total


def documents_in(files: Iterable[Path]) -> Iterator[Document | ReaderError]:
    """The documents, read here as ``analyze`` reads them: a JSONL line into its article, a
    file into its bytes (loaded where it is analysed)."""
    for path in files:
        if path.suffix.lower() == ".jsonl":
            for doc_id, item in jsonl_documents(str(path)):
                yield item if isinstance(item, ReaderError) else Document(doc_id, item)
            continue
        try:
            yield Document(None, FileDocument(*read_file(path)))
        except ReaderError as error:
            yield error


def part_size(documents: int, threads: int) -> int:
    """Up to ``PART_DOCUMENTS``, fewer when there are too few documents for every thread to
    have several parts."""
    fair = math.ceil(documents / (threads * PARTS_PER_THREAD_AT_LEAST)) if documents else 1
    return max(1, min(PART_DOCUMENTS, fair))


def parts(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    part: list[Document] = []
    chars = 0
    for document in documents:
        if part and (len(part) >= size or chars + document.size > PART_CHARS):
            yield part
            part, chars = [], 0
        part.append(document)
        chars += document.size
    if part:
        yield part


# --- progress and output ------------------------------------------------------------------


class Progress:
    """Done/total, the rate and the time left on stderr every few seconds; each failure and
    warning on a line of its own, as it happens."""

    def __init__(self, total: int, stream: IO[str]) -> None:
        self.total = total
        self.stream = stream
        self.earlier = 0  # in OUT before this run
        self.analysed = 0
        self.failed = 0
        self.started = self.shown = time.monotonic()

    def to_analyse(
        self, documents: Iterable[Document | ReaderError], before: Earlier
    ) -> Iterator[Document]:
        for document in documents:
            if isinstance(document, ReaderError):
                self.fail(str(document))
            elif before.holds(document):
                self.earlier += 1
            else:
                yield document

    def start(self) -> None:
        self.started = self.shown = time.monotonic()

    def fail(self, message: str) -> None:
        self.failed += 1
        self.say(message)

    def say(self, message: str) -> None:
        print(f"factreader: {message}", file=self.stream, flush=True)

    def finished(self, results: Sequence[Done]) -> None:
        for result in results:
            for warning in result.warnings:
                self.say(warning)
            if result.error is not None:
                self.fail(result.error)
            else:
                self.analysed += 1
        if time.monotonic() - self.shown >= PROGRESS_EVERY_S:
            self.shown = time.monotonic()
            self.say(self.line())

    def line(self) -> str:
        done = self.earlier + self.analysed
        elapsed = max(time.monotonic() - self.started, 1e-9)
        rate = self.analysed / elapsed
        left = max(0, self.total - done - self.failed)
        eta = _clock(left / rate) if rate > 0 else "?"
        failed = f" ({self.failed:,} failed)" if self.failed else ""
        return f"{done:,}/{self.total:,} documents{failed}, {rate:.1f} a second, {eta} left"

    def finish(self) -> None:
        elapsed = time.monotonic() - self.started
        earlier = f", {self.earlier:,} were done before" if self.earlier else ""
        failed = f", {self.failed:,} failed" if self.failed else ""
        self.say(
            f"{self.analysed:,} documents analysed in {_clock(elapsed)} "
            f"({self.analysed / max(elapsed, 1e-9):.2f} a second){earlier}{failed}"
        )


def _clock(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 3600}:{whole // 60 % 60:02d}:{whole % 60:02d}"


class Writer:
    """Writes a finished part's lines to OUT at once, each part in one write, flushed: a run
    stopped at any moment leaves whole lines, and at most the last one cut short."""

    def __init__(self, output: IO[str], progress: Progress) -> None:
        self.output = output
        self.progress = progress

    def __call__(self, results: Sequence[Done]) -> None:
        lines = [result.line for result in results if result.line is not None]
        if lines:
            self.output.write("".join(line + "\n" for line in lines))
            self.output.flush()
        self.progress.finished(results)
