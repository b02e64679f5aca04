"""The store when the disk is full, the file cannot be written or another program holds it: the
analyst's notes stay where they are, readable, and every failure is one line that says what to do.
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Iterator
from contextlib import ExitStack
from functools import partial
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from reader.core.analysis import Analyzer
from reader.core.loading import article_from_text
from reader.core.schema import PIPELINE_VERSION
from reader.core.store import (
    STORE_FILE,
    Store,
    StoreBusyError,
    StoreError,
    StoreFullError,
    StoreReadOnlyError,
    read_saved_analysis,
)
from reader.core.store.records import now
from reader.gui import app as app_module
from tests.helpers import ANALYSIS_TIMEOUT_MS, factreader, new_window

TEXT = "Quay Plan\nThe port will spend £3m on a new quay, its director said.\nWork starts in May."
QUOTE = "a new quay"
NOBODY = 65534


def store_with_a_note(directory: Path) -> str:
    """A store holding one article and one note; the note's body is returned."""
    store = Store.open(directory)
    stored = store.add_article(article_from_text(TEXT, source="quay.txt"))
    start = TEXT.index(QUOTE)
    store.add_note(stored.id, start, start + len(QUOTE), "ask for the tender")
    store.close()
    return "ask for the tender"


def moved_aside(directory: Path) -> list[Path]:
    return [p for p in directory.iterdir() if ".damaged-" in p.name]


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 1 MB file system, so that the disk really fills up."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small file system needs root")
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount_point)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def fill(disk: Path) -> Path:
    filler = disk / "filler"
    # unbuffered: a buffered file's close would try again to write what did not fit, and fail
    with filler.open("wb", buffering=0) as out:
        for size in (65536, 4096, 512, 1):
            try:
                while out.write(b"\0" * size):
                    pass
            except OSError:
                pass
    return filler


def test_a_full_disk_leaves_the_notes_in_place_and_readable(small_disk: Path) -> None:
    data = small_disk / "data"
    body = store_with_a_note(data)
    filler = fill(small_disk)

    store = Store.open(data)
    assert store.read_only and store.notice is not None and "disk is full" in store.notice
    assert [n.body for n in store.notes()] == [body]
    stored = store.articles()[0]
    with pytest.raises(StoreReadOnlyError, match="nothing was saved"):
        store.add_note(stored.id, 0, 4, "another")
    store.close()
    assert moved_aside(data) == []

    listed = factreader("notes", "list", "--data-dir", str(data))
    assert listed.returncode == 0 and body in listed.stdout
    assert "Traceback" not in listed.stderr and "disk is full" in listed.stderr
    added = factreader("notes", "add", stored.id, "--quote", QUOTE, "--data-dir", str(data))
    assert added.returncode == 1 and "Traceback" not in added.stderr

    filler.unlink()  # space freed: everything is as it was, and writable again
    again = Store.open(data)
    assert not again.read_only and again.notice is None
    again.add_note(stored.id, 0, 4, "after")
    assert sorted(n.body for n in again.notes()) == ["after", body]
    assert moved_aside(data) == []


def test_a_write_that_fills_the_disk_says_so_and_changes_nothing(tmp_path: Path) -> None:
    store_with_a_note(tmp_path)
    store = Store.open(tmp_path)
    stored = store.articles()[0]
    pages = store.connection.execute("PRAGMA page_count").fetchone()[0]
    store.connection.execute(f"PRAGMA max_page_count = {pages}")  # SQLite's own full disk
    with pytest.raises(StoreFullError, match="disk is full"):
        store.add_note(stored.id, 0, 4, "a long note " * 20_000)
    assert len(store.notes()) == 1
    store.connection.execute("PRAGMA max_page_count = 1073741823")
    store.add_note(stored.id, 0, 4, "fits now")
    assert len(store.notes()) == 2


def test_a_read_only_disk_opens_the_store_for_reading(small_disk: Path) -> None:
    data = small_disk / "data"
    body = store_with_a_note(data)
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    store = Store.open(data)
    assert store.read_only and store.notice is not None and "cannot be written" in store.notice
    assert [n.body for n in store.notes()] == [body]
    with pytest.raises(StoreReadOnlyError):
        store.add_note(store.articles()[0].id, 0, 4, "another")


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A folder another user can reach (pytest's own temp folders are private to root)."""
    with tempfile.TemporaryDirectory() as name:
        os.chmod(name, 0o755)
        yield Path(name)


def other_user() -> int | None:
    """Run as nobody when the tests run as root, who could write anything anyway."""
    if os.geteuid() != 0:
        return None
    if shutil.which("setpriv") is None:
        pytest.skip("setpriv is needed to run as another user")
    return NOBODY


def test_a_read_only_store_is_read_and_never_taken_for_damage(shared_dir: Path) -> None:
    data = shared_dir / "data"
    body = store_with_a_note(data)
    (data / STORE_FILE).chmod(0o444)
    data.chmod(0o555)
    listed = factreader("notes", "list", "--data-dir", str(data), user=other_user())
    assert listed.returncode == 0, listed.stderr
    assert body in listed.stdout
    assert "cannot be written" in listed.stderr and "Traceback" not in listed.stderr
    added = factreader(
        "notes", "add", "quay.txt", "--quote", QUOTE, "--data-dir", str(data), user=other_user()
    )
    assert added.returncode == 1 and "can only be read" in added.stderr
    assert "Traceback" not in added.stderr
    data.chmod(0o755)
    assert moved_aside(data) == []


def test_a_store_file_left_by_another_user_is_read_not_moved(shared_dir: Path) -> None:
    data = shared_dir / "data"
    body = store_with_a_note(data)
    (data / STORE_FILE).chmod(0o644)
    user = other_user()
    if user is not None:
        os.chown(data, user, user)  # the folder is theirs, the file is not
    listed = factreader("notes", "list", "--data-dir", str(data), user=user)
    added = factreader(
        "notes",
        "add",
        "quay.txt",
        "--quote",
        QUOTE,
        "--body",
        "mine",
        "--data-dir",
        str(data),
        user=user,
    )
    if user is None and os.access(data / STORE_FILE, os.W_OK):
        pytest.skip("this user can write the file")
    assert listed.returncode == 0 and body in listed.stdout, listed.stderr
    assert added.returncode == 1 and "can only be read" in added.stderr
    assert "Traceback" not in listed.stderr + added.stderr
    assert moved_aside(data) == []


def test_a_data_folder_under_a_file_is_one_clear_line(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    with pytest.raises(StoreError, match="data folder cannot be made"):
        Store.open(blocker / "data")
    listed = factreader("notes", "list", "--data-dir", str(blocker / "data"))
    assert listed.returncode == 1
    assert listed.stderr.count("\n") == 1 and "data folder cannot be made" in listed.stderr
    assert blocker.read_text() == "a file where the data folder should be"


def test_a_store_locked_too_long_by_another_program_says_it_is_busy(tmp_path: Path) -> None:
    store_with_a_note(tmp_path)
    other = sqlite3.connect(tmp_path / STORE_FILE, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    store = Store.open(tmp_path, busy_timeout_s=0.2)
    stored = store.articles()[0]
    with pytest.raises(StoreBusyError, match="in use by another program"):
        store.add_note(stored.id, 0, 4, "waiting")
    other.execute("ROLLBACK")
    other.close()
    store.add_note(stored.id, 0, 4, "now")  # the same store works once the lock is gone
    assert len(store.notes()) == 2


WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from reader.core.store import Store
    store = Store.open(Path(sys.argv[1]))
    article = store.articles()[0]
    print("ready", flush=True)
    sys.stdin.readline()  # start together
    for number in range(100):
        store.add_note(article.id, 0, 4, f"{sys.argv[2]} {number}")
    """
)


def test_two_processes_writing_at_once_lose_no_note(tmp_path: Path) -> None:
    store_with_a_note(tmp_path)
    with ExitStack() as running:
        writers = [
            running.enter_context(
                subprocess.Popen(
                    [sys.executable, "-c", WRITER, str(tmp_path), name],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                )
            )
            for name in ("first", "second")
        ]
        for writer in writers:
            assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
        for writer in writers:
            assert writer.stdin is not None
            writer.stdin.write("go\n")
            writer.stdin.close()
        for writer in writers:
            assert writer.wait(timeout=120) == 0
            assert writer.stderr is not None and writer.stderr.read() == ""
    bodies = {n.body for n in Store.open(tmp_path).notes()}
    assert {f"{who} {n}" for who in ("first", "second") for n in range(100)} <= bodies


def test_a_damaged_store_is_one_line_on_the_terminal_and_the_detail_in_the_log(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / STORE_FILE).write_bytes(b"not a database at all")
    listed = factreader("notes", "list", "--data-dir", str(data))
    lines = listed.stderr.splitlines()
    assert (
        listed.returncode == 0 and lines and all(line.startswith("factreader:") for line in lines)
    )
    assert "was damaged" in listed.stderr and len(moved_aside(data)) == 1
    assert "damaged" in (data / "logs" / "factreader.log").read_text(encoding="utf-8")


@pytest.mark.parametrize("read_by_the_worker", [False, True])
def test_a_cached_analysis_that_does_not_decode_is_analysed_again_and_replaced(
    qtbot: QtBot,
    tmp_path: Path,
    analyzer: Analyzer,
    monkeypatch: pytest.MonkeyPatch,
    read_by_the_worker: bool,
) -> None:
    """A damaged row went to the crash handler and left the article 'Analysing…'."""
    article = article_from_text(TEXT, source="quay.txt")
    store = Store.open(tmp_path / "data")
    store.add_article(article)
    key = (article.id, analyzer.model_name, PIPELINE_VERSION)
    store.connection.execute("INSERT INTO analyses VALUES (?, ?, ?, '[]', ?)", (*key, now()))
    store.connection.commit()
    store.close()
    if read_by_the_worker:  # a long text's analysis is read by the worker, not the window
        monkeypatch.setattr(app_module, "DECODE_HERE_MAX_CHARS", 10)
    window = new_window(qtbot, tmp_path / "data")
    with qtbot.waitSignal(window.analysis_shown, timeout=ANALYSIS_TIMEOUT_MS):
        window.show_article(article)
    assert "money" in window.view.kinds_at(TEXT.index("£3m"))
    window.session.flush_cache()
    stored = window.store
    assert stored is not None
    qtbot.waitUntil(lambda: stored.latest_analysis(article) is not None)
    payloads = stored.connection.execute(
        "SELECT payload FROM analyses WHERE content_id = ?", (article.id,)
    ).fetchall()
    assert len(payloads) == 1 and payloads[0][0] != "[]"  # the new analysis took its place


def test_a_cached_analysis_that_does_not_decode_is_named_in_the_log(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    article = article_from_text(TEXT, source="quay.txt")
    store = Store.open(tmp_path / "data")
    store.add_article(article)
    key = (article.id, "a model", PIPELINE_VERSION)
    store.connection.execute("INSERT INTO analyses VALUES (?, ?, ?, 'garbage', ?)", (*key, now()))
    store.connection.commit()
    logger = logging.getLogger("factreader")
    if not logger.propagate:  # once the log file is set up, the root's handlers hear nothing
        logger.addHandler(caplog.handler)
    try:
        for read in (store.latest_analysis, partial(read_saved_analysis, store.path)):
            caplog.clear()
            assert read(article) is None
            said = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
            assert said and all(article.id in s and "analysed again" in s for s in said)
    finally:
        logger.removeHandler(caplog.handler)
        store.close()
