"""Opening the SQLite file: every statement's failure a ``StoreError``, WAL, checks."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import reader.core.store.migrations as migrations
from reader.core.store.errors import NewerStoreError, StoreError, store_error, store_problem

STORE_FILE = "factreader.sqlite3"
BUSY_TIMEOUT_S = 15.0  # a second app instance waits this long for the other's write


class Connection(sqlite3.Connection):
    """A connection whose statements fail with a ``StoreError`` when the store is the cause (a
    full disk, a lock, a read-only or damaged file); any other sqlite3 error is a bug and is
    raised as it is, for the crash handler to report."""

    store_path = Path()

    def execute(self, sql: str, parameters: Any = (), /) -> sqlite3.Cursor:
        try:
            return super().execute(sql, parameters)
        except sqlite3.Error as error:
            if (problem := store_problem(error, self.store_path)) is None:
                raise
            raise problem from error

    def executemany(self, sql: str, parameters: Iterable[Any], /) -> sqlite3.Cursor:
        try:
            return super().executemany(sql, parameters)
        except sqlite3.Error as error:
            if (problem := store_problem(error, self.store_path)) is None:
                raise
            raise problem from error


def connect(path: Path, busy_timeout_s: float = BUSY_TIMEOUT_S) -> sqlite3.Connection:
    try:
        connection = sqlite3.connect(
            path, timeout=busy_timeout_s, isolation_level=None, factory=Connection
        )
    except sqlite3.Error as error:
        raise store_error(error, path) from error
    assert isinstance(connection, Connection)
    connection.store_path = path
    try:
        connection.execute("PRAGMA foreign_keys = ON")
        # Reading the version first turns "not a database" into an error, and refuses a newer
        # store, before anything (even the journal mode) is written to the file.
        migrations.refuse_newer(connection, path)
        mode = connection.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise StoreError(f"{path}: its file system cannot keep a write-ahead log ({mode})")
        connection.execute("PRAGMA synchronous = NORMAL")  # WAL + NORMAL survives a killed process
    except BaseException:
        connection.close()
        raise
    return connection


def open_checked(path: Path, busy_timeout_s: float = BUSY_TIMEOUT_S) -> sqlite3.Connection:
    connection = connect(path, busy_timeout_s)
    try:
        check(connection)
        migrations.migrate(connection)
    except BaseException:
        connection.close()
        raise
    return connection


def connect_read_only(
    path: Path, why: StoreError, busy_timeout_s: float = BUSY_TIMEOUT_S
) -> sqlite3.Connection:
    """The store for reading, when it cannot be written; else the reason it cannot be written.

    ``immutable`` (no lock, no -shm file) is the way to read a WAL store in a folder that cannot
    be written, but it ignores the write-ahead log: only used when there is none to miss.
    """
    if not path.is_file():
        raise why
    wal = path.with_name(path.name + "-wal")
    options = ["mode=ro"]
    if not wal.exists() or wal.stat().st_size == 0:
        options.append("immutable=1")
    for option in options:
        try:
            connection = sqlite3.connect(
                f"{path.resolve().as_uri()}?{option}",
                uri=True,
                timeout=busy_timeout_s,
                isolation_level=None,
                factory=Connection,
            )
        except sqlite3.Error:
            continue
        assert isinstance(connection, Connection)
        connection.store_path = path
        try:
            migrations.refuse_newer(connection, path)
            check(connection)
        except NewerStoreError:
            raise
        except StoreError:
            connection.close()
            continue
        return connection
    raise why


def check(connection: sqlite3.Connection) -> None:
    """The file's header and schema can be read: a check whose cost does not grow with the
    library (``PRAGMA quick_check`` reads every page: seconds at every start for a large one).
    Damage further in is reported by SQLite as corrupt when its page is read."""
    connection.execute("SELECT count(*) FROM sqlite_master").fetchone()


def move_aside(path: Path) -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.damaged-{stamp}")
    counter = 1
    while aside.exists():
        aside = path.with_name(f"{path.name}.damaged-{stamp}-{counter}")
        counter += 1
    os.replace(path, aside)
    for suffix in ("-wal", "-shm"):
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            os.replace(companion, aside.with_name(aside.name + suffix))
    return aside
