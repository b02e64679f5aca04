"""``factreader batch`` on a real Dask cluster: a ``dask scheduler`` and a ``dask worker`` started
as processes of their own, as on an analyst's cluster, and the local cluster of the default."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from importlib.util import find_spec
from pathlib import Path

import pytest

from reader.batch import earlier_results, input_files, part_size, parts
from reader.core.batches import Document
from reader.core.loading import article_from_text

# the "cluster" extra, which the "test" extra includes
needs_dask = pytest.mark.skipif(find_spec("distributed") is None, reason="Dask is not installed")

CLUSTER_TIMEOUT_S = 120
PEOPLE = [
    ("Irene", "Kowalczyk", "Harbour Board"),
    ("Tomasz", "Brandt", "Brandt Logistics"),
    ("Amara", "Okafor", "the water authority"),
    ("Kenji", "Tanaka", "Tanaka Rail"),
    ("Farah", "Haddad", "the schools trust"),
]
PLACES = ["Gdansk", "Leeds", "Lagos", "Osaka", "Tunis", "Porto"]


def invented(number: int) -> str:
    """A short news article of its own: a person quoted by full name and surname, an amount, a
    percentage and a place."""
    first, last, body = PEOPLE[number % len(PEOPLE)]
    place = PLACES[number % len(PLACES)]
    return (
        f"{body.capitalize()} plans new depot in {place}\n\n"
        f"{body.capitalize()} will spend ${10 + number} million on a depot in {place}, "
        f"{first} {last} said on Tuesday. "
        f'"The work starts in spring and ends in {2027 + number % 3}," {last} said. '
        f"Costs rose {number % 9 + 2} per cent last year."
    )


def write_documents(path: Path, count: int) -> list[str]:
    """``count`` invented articles and, third, a damaged document; the good ones' ids."""
    lines = [json.dumps({"id": f"doc-{n}", "text": invented(n)}) for n in range(count)]
    lines.insert(2, '{"id": "damaged", "text": 42}')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [f"doc-{n}" for n in range(count)]


def factreader(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reader", *args], capture_output=True, text=True, timeout=timeout
    )


def by_id(path: Path) -> dict[str, str]:
    """OUT's whole lines by their document's id; every id once."""
    lines = path.read_text(encoding="utf-8").split("\n")[:-1]  # a line cut short: not yet
    found = {json.loads(line)["id"]: line for line in lines}
    assert len(found) == len(lines), "a document written twice"
    return found


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A ``dask scheduler`` on a free port of 127.0.0.1 and one ``dask worker`` process of one
    thread, each a process of its own; the scheduler's address."""
    folder = tmp_path_factory.mktemp("cluster")
    address_file = folder / "scheduler.json"
    dask = [sys.executable, "-m", "dask"]
    listen = ["--host", "127.0.0.1", "--port", "0", "--scheduler-file", str(address_file)]
    one = ["--nworkers", "1", "--nthreads", "1", "--local-directory", str(folder)]
    started: list[subprocess.Popen[bytes]] = []
    try:
        scheduler = [*dask, "scheduler", *listen, "--no-dashboard"]
        started.append(_start(scheduler, folder / "scheduler.log"))
        address = _address(address_file, started[0])
        started.append(_start([*dask, "worker", address, *one, "--no-dashboard"], folder / "w.log"))
        yield address
    finally:
        for process in reversed(started):
            _stop(process)


def _start(command: list[str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as output:
        return subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)


def _address(address_file: Path, process: subprocess.Popen[bytes]) -> str:
    """The address the scheduler wrote once it listens."""
    deadline = time.monotonic() + CLUSTER_TIMEOUT_S
    while time.monotonic() < deadline:
        assert process.poll() is None, "the scheduler stopped"
        if address_file.exists():
            try:
                return str(json.loads(address_file.read_text())["address"])
            except ValueError:
                pass  # being written
        time.sleep(0.05)
    raise AssertionError("the scheduler wrote no address")


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@needs_dask
def test_batch_on_a_cluster_writes_what_analyze_writes_and_tells_a_damaged_document(
    tmp_path: Path, scheduler: str
) -> None:
    docs = tmp_path / "docs.jsonl"
    ids = write_documents(docs, 30)
    out = tmp_path / "out.jsonl"
    run = factreader("batch", str(docs), "-o", str(out), "--scheduler", scheduler)
    assert run.returncode == 1, run.stderr  # one document failed
    assert f"{docs} line 3: not a document (text is not a string)" in run.stderr
    assert "30 documents analysed" in run.stderr and "1 failed" in run.stderr
    analyzed = factreader("analyze", "--format", "jsonl", "--from-jsonl", str(docs))
    expected = {json.loads(line)["id"]: line for line in analyzed.stdout.splitlines()}
    written = by_id(out)
    assert sorted(written) == sorted(ids) == sorted(expected)
    for doc_id in ids:  # byte for byte, document by document
        assert written[doc_id] == expected[doc_id], doc_id
    assert "Irene Kowalczyk" in {
        a["speaker_name"] for a in json.loads(written["doc-0"])["attributions"]
    }


@needs_dask
def test_a_run_killed_halfway_and_resumed_writes_each_document_once(
    tmp_path: Path, scheduler: str
) -> None:
    docs = tmp_path / "docs.jsonl"
    ids = write_documents(docs, 30)
    out = tmp_path / "out.jsonl"
    command = [sys.executable, "-m", "reader", "batch", str(docs), "-o", str(out)]
    command += ["--scheduler", scheduler, "--part", "2"]
    first = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + CLUSTER_TIMEOUT_S
    while _lines(out) < 6 and first.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert first.poll() is None, "the run ended before it could be stopped"
    first.kill()  # as a machine going down would: no chance to tidy up
    first.wait()
    assert first.stderr is not None
    first.stderr.close()
    halfway = by_id(out)
    assert 6 <= len(halfway) < 30
    with out.open("a", encoding="utf-8") as output:  # and a line cut short as it was written
        output.write(next(iter(halfway.values()))[:200].replace('"doc-', '"cut-'))

    again = factreader("batch", str(docs), "-o", str(out), "--scheduler", scheduler, "--resume")
    assert again.returncode == 1, again.stderr  # the damaged document, told again
    assert "was cut short; its document is analysed again" in again.stderr
    assert f"{len(halfway)} were done before" in again.stderr
    written = by_id(out)
    assert sorted(written) == sorted(ids)
    assert all(written[doc_id] == line for doc_id, line in halfway.items())


def _lines(path: Path) -> int:
    return path.read_bytes().count(b"\n") if path.exists() else 0


@needs_dask
def test_a_local_cluster_reads_a_folders_files_and_writes_what_analyze_writes(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "archive"
    (folder / "2026").mkdir(parents=True)
    (folder / "2026" / "depot.txt").write_text(invented(1), encoding="utf-8")
    (folder / "harbour.md").write_text("# " + invented(0), encoding="utf-8")
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 not a zip")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff")  # not a format the reader reads
    (folder / ".hidden.txt").write_text(invented(2), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    run = factreader("batch", str(folder), "-o", str(out), "--workers", "1")
    assert run.returncode == 1, run.stderr
    assert "broken.docx" in run.stderr and "2 documents analysed" in run.stderr
    files = [folder / "2026" / "depot.txt", folder / "harbour.md"]
    analyzed = factreader("analyze", "--format", "jsonl", *map(str, files))
    assert sorted(out.read_text(encoding="utf-8").splitlines()) == sorted(
        analyzed.stdout.splitlines()
    )
    again = factreader("batch", str(folder), "-o", str(out), "--workers", "1")
    assert again.returncode == 1 and "--resume" in again.stderr  # never written over


def test_resuming_keeps_whole_lines_and_drops_one_cut_short(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    whole = [
        json.dumps({"schema_version": 9, "id": "a", "title": 'say "hi"', "source": "x#a", "n": 1}),
        json.dumps({"schema_version": 9, "id": "b", "title": "", "source": "/f/b.txt"}),
    ]
    out.write_text("\n".join(whole) + '\n{"schema_version": 9, "id": "c", "ti', encoding="utf-8")
    found = earlier_results(out)
    assert found.ids == {"a", "b"} and found.sources == {"x#a", "/f/b.txt"}
    assert out.read_text(encoding="utf-8") == "\n".join(whole) + "\n"


def test_documents_go_in_parts_every_worker_gets_several_of(tmp_path: Path) -> None:
    assert part_size(200_000, 64) == 32
    assert part_size(30, 1) == 8 and part_size(30, 2) == 4 and part_size(3, 8) == 1
    short = Document("s", article_from_text("Short.", source="s"))
    long = Document("l", article_from_text("Long. " * 200_000, source="l"))
    sizes = [[d.id for d in part] for part in parts([short, short, long, short, short], 3)]
    assert sizes == [["s", "s"], ["l"], ["s", "s"]]  # a document of 1.2M characters goes alone
    (tmp_path / "b.pdf").write_bytes(b"%PDF-")
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "docs.jsonl").write_text("", encoding="utf-8")
    (tmp_path / "notes.odt").write_bytes(b"")
    assert input_files([str(tmp_path)]) == [tmp_path / "a" / "docs.jsonl", tmp_path / "b.pdf"]
