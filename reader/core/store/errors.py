"""The store's errors, each told by SQLite's error code: only a file SQLite calls "not a
database" or "corrupt" is damaged, so a healthy store is never moved aside for a passing problem."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

from reader.core.errors import ReaderError

FULL_DISK_BYTES = 64 << 10  # a disk error with less space left than this is a full disk


class StoreError(ReaderError):
    """The store cannot be used as it is."""


class NewerStoreError(StoreError):
    """The file was written by a newer Fact Reader; it is left exactly as it is."""


class StoreDamagedError(StoreError):
    """SQLite says the file is not a database or is corrupt: the one case for moving it aside."""


class StoreFullError(StoreError):
    """The disk (or the store's size limit) is full; nothing was written."""


class StoreBusyError(StoreError):
    """Another program holds the store's lock for longer than the busy timeout."""


class StoreReadOnlyError(StoreError):
    """The store, its folder or its disk cannot be written."""


class StoreDiskError(StoreError):
    """The operating system failed to read or write the file."""


class StoreCannotOpenError(StoreError):
    """The file cannot be opened at all: a missing or unwritable folder, a folder by its name."""


# SQLite's primary result codes (the low byte of an extended code), https://sqlite.org/rescode.html
_SQLITE_PERM, _SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_NOMEM, _SQLITE_READONLY = 3, 5, 6, 7, 8
_SQLITE_IOERR, _SQLITE_CORRUPT, _SQLITE_FULL, _SQLITE_CANTOPEN, _SQLITE_NOTADB = 10, 11, 13, 14, 26


def store_problem(error: sqlite3.Error, path: Path) -> StoreError | None:
    """The user's version of an SQLite error: what happened to which file, and what to do. None
    for an error that is the program's own fault ("no such column", a connection used on the
    wrong thread, a misuse): a bug, to be reported as one, not told as a failing store."""
    code = (getattr(error, "sqlite_errorcode", None) or 0) & 0xFF
    if code in (_SQLITE_NOTADB, _SQLITE_CORRUPT):
        return StoreDamagedError(f"{path} is damaged ({error})")
    if code in (_SQLITE_READONLY, _SQLITE_PERM, _SQLITE_IOERR, _SQLITE_CANTOPEN) and (
        _read_only_disk(path)
    ):
        return StoreReadOnlyError(f"{path} cannot be written: its disk is mounted read-only")
    # A full disk often reaches SQLite as a failed open or write of its journal, not as "full".
    if code == _SQLITE_FULL or (
        code in (_SQLITE_IOERR, _SQLITE_CANTOPEN) and _free_bytes(path) < FULL_DISK_BYTES
    ):
        return StoreFullError(
            f"{path}: the disk is full. Free some space and try again (nothing was changed)"
        )
    if code in (_SQLITE_BUSY, _SQLITE_LOCKED):
        return StoreBusyError(
            f"{path} is in use by another program; close the other Fact Reader and try again"
        )
    if code in (_SQLITE_READONLY, _SQLITE_PERM):
        return StoreReadOnlyError(
            f"{path} cannot be written ({error}); check the permissions of the file and its folder"
        )
    if code == _SQLITE_IOERR:
        return StoreDiskError(
            f"{path}: a disk error ({error}). Nothing was changed; check the disk and try again"
        )
    if code == _SQLITE_CANTOPEN:
        return StoreCannotOpenError(
            f"{path} cannot be opened ({error}); check that it and its folder can be written"
        )
    if code == _SQLITE_NOMEM:
        return StoreError(f"{path}: out of memory while using the store")
    return None


def store_error(error: sqlite3.Error, path: Path) -> StoreError:
    """``store_problem``, for an error met while opening the file, where any failure is the
    store's: no other part of the program has touched it yet."""
    return store_problem(error, path) or StoreError(f"{path}: the store failed ({error})")


def _read_only_disk(path: Path) -> bool:
    try:
        return bool(os.statvfs(path.parent).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def _free_bytes(path: Path) -> int:
    try:
        return shutil.disk_usage(path.parent).free
    except OSError:
        return FULL_DISK_BYTES  # unknown: do not claim the disk is full
