"""The local store: articles, the analyst's notes and a cache of analyses, in one SQLite file.

Notes are the analyst's work, so the store never loses them: WAL journal, every write in one
transaction, numbered migrations that roll back as a whole, a newer schema refused untouched, and
a damaged file moved aside (never overwritten) before a fresh one is made.

Only a file SQLite itself calls "not a database" or "corrupt" is damaged. A full disk, a lock held
by another program, a read-only file and a disk error are each their own ``StoreError``, told by
SQLite's error code, so that a healthy store is never moved aside for a passing problem.
"""

from reader.core.store.cache import read_saved_analysis
from reader.core.store.connection import BUSY_TIMEOUT_S, STORE_FILE
from reader.core.store.errors import (
    NewerStoreError,
    StoreBusyError,
    StoreCannotOpenError,
    StoreDamagedError,
    StoreDiskError,
    StoreError,
    StoreFullError,
    StoreReadOnlyError,
    store_error,
    store_problem,
)
from reader.core.store.migrations import MIGRATIONS, SCHEMA_VERSION
from reader.core.store.records import ArticleVersion, Note, StoredArticle, now
from reader.core.store.search import fts_terms
from reader.core.store.store import Store
from reader.core.store.writer import StoreWriter

__all__ = [
    "BUSY_TIMEOUT_S",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "STORE_FILE",
    "ArticleVersion",
    "NewerStoreError",
    "Note",
    "Store",
    "StoreBusyError",
    "StoreCannotOpenError",
    "StoreDamagedError",
    "StoreDiskError",
    "StoreError",
    "StoreFullError",
    "StoreReadOnlyError",
    "StoreWriter",
    "StoredArticle",
    "fts_terms",
    "now",
    "read_saved_analysis",
    "store_error",
    "store_problem",
]
