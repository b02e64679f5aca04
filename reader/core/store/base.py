"""The store's connection, how it is opened and its transactions; the parts in the modules beside
it (articles, cache, notes, corrections) add what is stored."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Self

import reader.core.store.migrations as migrations
from reader.core.logs import log as root_log
from reader.core.store.connection import (
    BUSY_TIMEOUT_S,
    STORE_FILE,
    connect_read_only,
    move_aside,
    open_checked,
)
from reader.core.store.errors import (
    StoreCannotOpenError,
    StoreDamagedError,
    StoreDiskError,
    StoreError,
    StoreFullError,
    StoreReadOnlyError,
    _read_only_disk,
)

log = root_log.getChild("store")


class StoreBase:
    def __init__(
        self,
        connection: sqlite3.Connection,
        path: Path,
        notice: str | None,
        read_only: bool,
        busy_timeout_s: float = BUSY_TIMEOUT_S,
    ) -> None:
        self.connection = connection
        self.path = path
        self.notice = notice  # what the user should know about the store: kept aside, read-only
        self.read_only = read_only
        self.busy_timeout_s = busy_timeout_s
        self.writes_elsewhere = False  # see ``read_here_only``

    @classmethod
    def open(cls, directory: Path, busy_timeout_s: float = BUSY_TIMEOUT_S) -> Self:
        path = directory / STORE_FILE
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(
                f"{directory}: the data folder cannot be made ({error.strerror or error}); "
                "choose another with --data-dir or fix its parent folder"
            ) from error
        notice = None
        try:
            if path.exists() and not os.access(path, os.W_OK):
                # SQLite would open it quietly for reading and fail only at the first write
                raise StoreReadOnlyError(
                    f"{path} cannot be written: its disk is mounted read-only"
                    if _read_only_disk(path)
                    else f"{path} cannot be written (it belongs to another user or is "
                    "read-only); check the permissions of the file and its folder"
                )
            connection = open_checked(path, busy_timeout_s)
        except StoreDamagedError as error:
            aside = move_aside(path)
            log.warning("store %s damaged (%s), kept as %s", path, error, aside.name)
            notice = (
                f"The note store {path.name} was damaged ({error.__cause__ or error}); it was "
                f"kept as {aside.name} and a new, empty store was started."
            )
            connection = open_checked(path, busy_timeout_s)
        except (StoreReadOnlyError, StoreFullError, StoreDiskError, StoreCannotOpenError) as error:
            # Notes that cannot be written can still be read: open the file for reading only.
            connection = connect_read_only(path, error, busy_timeout_s)
            if connection.execute("PRAGMA user_version").fetchone()[0] != migrations.SCHEMA_VERSION:
                connection.close()
                raise StoreReadOnlyError(
                    f"{error}; it is from an older Fact Reader and cannot be upgraded until it "
                    "can be written"
                ) from error
            notice = f"Notes can be read but not added or changed: {error}"
            log.warning("store %s opened for reading only: %s", path, error)
            return cls(connection, path, notice, read_only=True, busy_timeout_s=busy_timeout_s)
        log.debug("store %s opened (version %d)", path, migrations.SCHEMA_VERSION)
        return cls(connection, path, notice, read_only=False, busy_timeout_s=busy_timeout_s)

    def close(self) -> None:
        self.connection.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        if self.writes_elsewhere:
            raise RuntimeError("this connection only reads: writes go through the StoreWriter")
        if self.read_only:
            raise StoreReadOnlyError(f"{self.path} can only be read; nothing was saved")
        self.connection.execute("BEGIN IMMEDIATE")
        try:
            yield self.connection
            self.connection.execute("COMMIT")
        except BaseException:
            # SQLite has already rolled back after a full disk or an I/O error; rolling back
            # again would hide the real error behind "no transaction is active".
            if self.connection.in_transaction:
                with suppress(StoreError):
                    self.connection.execute("ROLLBACK")
            raise

    def read_here_only(self) -> None:
        """From now on this connection only reads; a ``StoreWriter`` makes the writes. SQLite
        refuses any write here too (``query_only``), so a write that slipped past the writer
        is a bug found at once, not a lock between the program's own two connections."""
        self.writes_elsewhere = True
        self.connection.execute("PRAGMA query_only = 1")
