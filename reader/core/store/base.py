"""The store's connection, how it is opened and its transactions; the parts in the modules beside
it (articles, cache, notes, corrections) add what is stored."""

from __future__ import annotations

import os
import sqlite3
import threading
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
    StoreBusyError,
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
        # (id, set once written): articles being stored by another thread (see ``arriving``)
        self._arrivals: list[tuple[str, threading.Event]] = []

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
        if self.read_only:
            raise StoreReadOnlyError(f"{self.path} can only be read; nothing was saved")
        self._wait_for_arrivals()
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

    def arriving(self, article_id: str, stored: threading.Event) -> None:
        """Article ``article_id`` is being stored by another connection until ``stored`` is set.
        Writes through this one wait for it first, since notes, corrections and reading places
        refer to its row, and so do ``article`` and ``article_summary`` of that id. Other reads
        do not wait: the notes listed meanwhile are those from before the write."""
        self._arrivals.append((article_id, stored))

    def _wait_for_arrivals(self, article_id: str | None = None) -> None:
        """Wait for the article being stored (any, if ``article_id`` is None), as long as for
        another program's write: a window must not freeze behind a writer that is stuck."""
        for arrival in list(self._arrivals):
            if article_id is not None and arrival[0] != article_id:
                continue
            if not arrival[1].wait(self.busy_timeout_s):
                raise StoreBusyError(
                    f"{self.path} is busy: an article is still being stored. Try again in a "
                    "moment (nothing was changed)"
                )
            self._arrivals.remove(arrival)
