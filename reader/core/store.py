"""The local store: articles, the analyst's notes and a cache of analyses, in one SQLite file.

Notes are the analyst's work, so the store never loses them: WAL journal, every write in one
transaction, numbered migrations that roll back as a whole, a newer schema refused untouched, and
a damaged file moved aside (never overwritten) before a fresh one is made.

Only a file SQLite itself calls "not a database" or "corrupt" is damaged. A full disk, a lock held
by another program, a read-only file and a disk error are each their own ``StoreError``, told by
SQLite's error code, so that a healthy store is never moved aside for a passing problem.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from reader.core import schema
from reader.core.anchors import Anchor, AnchorStatus, make_anchor, place
from reader.core.corrections import Correction, CorrectionKind
from reader.core.errors import ReaderError
from reader.core.logs import log as root_log
from reader.core.model import Analysis, Article, Page, Record
from reader.core.schema import analysis_from_cache, analysis_to_cache

STORE_FILE = "factreader.sqlite3"
BUSY_TIMEOUT_S = 15.0  # a second app instance waits this long for the other's write
FULL_DISK_BYTES = 64 << 10  # a disk error with less space left than this is a full disk

# Each entry is one migration; PRAGMA user_version counts how many have run. Never edit one that
# has shipped: add the next.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        """CREATE TABLE articles (
            id TEXT PRIMARY KEY,
            content_id TEXT NOT NULL,
            title TEXT NOT NULL,
            source TEXT NOT NULL,
            text TEXT NOT NULL,
            added TEXT NOT NULL,
            last_opened TEXT NOT NULL
        )""",
        "CREATE INDEX articles_content ON articles(content_id)",
        "CREATE INDEX articles_source ON articles(source)",
        """CREATE TABLE notes (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            body TEXT NOT NULL,
            tags TEXT NOT NULL DEFAULT '[]',
            fact_ref TEXT,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            exact TEXT NOT NULL,
            prefix TEXT NOT NULL,
            suffix TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'exact',
            created TEXT NOT NULL,
            updated TEXT NOT NULL
        )""",
        "CREATE INDEX notes_article ON notes(article_id)",
        """CREATE TABLE analyses (
            content_id TEXT NOT NULL,
            model TEXT NOT NULL,
            pipeline_version TEXT NOT NULL,
            payload TEXT NOT NULL,
            created TEXT NOT NULL,
            PRIMARY KEY (content_id, model, pipeline_version)
        )""",
        """CREATE VIRTUAL TABLE search USING fts5(
            article_id UNINDEXED, note_id UNINDEXED, title, body
        )""",
    ),
    (
        """CREATE TABLE corrections (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            subject TEXT NOT NULL DEFAULT '',
            value TEXT NOT NULL DEFAULT '',
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            exact TEXT NOT NULL,
            prefix TEXT NOT NULL,
            suffix TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'exact',
            created TEXT NOT NULL
        )""",
        "CREATE INDEX corrections_article ON corrections(article_id)",
    ),
    # where each page of a PDF stands in the text: [[number, start, end], ...]
    ("ALTER TABLE articles ADD COLUMN pages TEXT NOT NULL DEFAULT '[]'",),
    # where the article came from and who wrote it, when the page or file says
    (
        "ALTER TABLE articles ADD COLUMN url TEXT",
        "ALTER TABLE articles ADD COLUMN author TEXT",
        "ALTER TABLE articles ADD COLUMN published TEXT",
        "ALTER TABLE articles ADD COLUMN site TEXT",
    ),
    # earlier texts of an article, kept when it is reloaded from its source with new text
    (
        """CREATE TABLE versions (
            id INTEGER PRIMARY KEY,
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            title TEXT NOT NULL,
            text TEXT NOT NULL,
            pages TEXT NOT NULL DEFAULT '[]',
            replaced TEXT NOT NULL
        )""",
        "CREATE INDEX versions_article ON versions(article_id)",
    ),
    # where the reader left the article: the offset of the first character on screen
    ("ALTER TABLE articles ADD COLUMN reading_at INTEGER NOT NULL DEFAULT 0",),
    # Across articles: the text searched with the titles and notes, and an index of what each
    # article's analysis found (with the analyst's corrections), kept by reader.core.crossref.
    (
        "UPDATE search SET body = (SELECT text FROM articles a WHERE a.id = search.article_id) "
        "WHERE note_id IS NULL",
        # an article's rows below are its analysis of this text by these rules, corrected; a
        # correction made or undone, or a new text, deletes its row here (and a new text, its
        # rows below: their offsets are into the old text)
        """CREATE TABLE indexed (
            article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            content_id TEXT NOT NULL,
            pipeline_version TEXT NOT NULL
        )""",
        """CREATE TABLE statements (
            id INTEGER PRIMARY KEY,
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            speaker TEXT NOT NULL,
            name_key TEXT NOT NULL,
            kind TEXT NOT NULL,
            cue TEXT NOT NULL,
            content TEXT NOT NULL,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            sentence_start INTEGER NOT NULL,
            sentence_end INTEGER NOT NULL,
            corrected INTEGER NOT NULL
        )""",
        # name first, then what the Sources view counts: answered from the index alone
        "CREATE INDEX statements_name ON statements(name_key, kind, article_id)",
        "CREATE INDEX statements_article ON statements(article_id)",
        """CREATE TABLE mentions (
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            name_key TEXT NOT NULL,
            label TEXT NOT NULL,
            count INTEGER NOT NULL,
            first_start INTEGER NOT NULL
        )""",
        "CREATE INDEX mentions_name ON mentions(name_key, article_id, count)",
        "CREATE INDEX mentions_article ON mentions(article_id)",
        """CREATE TABLE amounts (
            id INTEGER PRIMARY KEY,
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            text TEXT NOT NULL,
            unit TEXT NOT NULL,
            low REAL NOT NULL,
            high REAL NOT NULL,
            per TEXT,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            sentence_start INTEGER NOT NULL,
            sentence_end INTEGER NOT NULL,
            sentence TEXT NOT NULL,
            speaker TEXT
        )""",
        "CREATE INDEX amounts_article ON amounts(article_id)",
    ),
    # The reading place in a row of its own: any change to an article's row rewrites the row
    # with its text, and leaving a 5 MB article wrote 5 MB (30-60 ms on the window's thread).
    # The column ``articles.reading_at`` is left unused: dropping it would rewrite every text.
    (
        """CREATE TABLE reading_places (
            article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            offset INTEGER NOT NULL
        ) WITHOUT ROWID""",
        "INSERT INTO reading_places SELECT id, reading_at FROM articles WHERE reading_at > 0",
    ),
    # An amount's or figure's qualifier ("more than", "up to") in the index across articles, so
    # the Figures view and its CSV say "more than 40%", not "40%"; every copy is made again.
    (
        "ALTER TABLE amounts ADD COLUMN qualifier TEXT",
        "DELETE FROM indexed",
    ),
    # A guess stays a guess across articles: how each statement's speaker was found, whether
    # the analyst should check it and why, and the quoted parts of a split quote ([[start, end],
    # ...]); an amount's speaker likewise, and its equivalents in brackets ("£10m ($12.9m)")
    # on its own row in every case. A correction names the attribution it corrects by
    # its cue as well as its words (a statement nested in another has words inside the other's),
    # and a changed quote extent keeps its new offsets. Every copy is made again.
    (
        "ALTER TABLE statements ADD COLUMN confidence REAL NOT NULL DEFAULT 1",
        "ALTER TABLE statements ADD COLUMN resolved_from TEXT NOT NULL DEFAULT 'named'",
        "ALTER TABLE statements ADD COLUMN needs_review INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE statements ADD COLUMN review_reason TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE statements ADD COLUMN parts TEXT NOT NULL DEFAULT '[]'",
        "ALTER TABLE amounts ADD COLUMN speaker_confidence REAL",
        "ALTER TABLE amounts ADD COLUMN speaker_resolved_from TEXT",
        "ALTER TABLE amounts ADD COLUMN speaker_needs_review INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE amounts ADD COLUMN speaker_review_reason TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE amounts ADD COLUMN conversions TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE corrections ADD COLUMN cue_start INTEGER",
        "ALTER TABLE corrections ADD COLUMN cue_end INTEGER",
        "ALTER TABLE corrections ADD COLUMN extent_start INTEGER",
        "ALTER TABLE corrections ADD COLUMN extent_end INTEGER",
        # rows copied before could not say which speakers are guesses: none is shown as certain
        # until its article is analysed again (the rules changed with this version too)
        "DELETE FROM statements",
        "DELETE FROM amounts",
        "DELETE FROM indexed",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)
# a text's analyses by the current rules; bound to (content id, pipeline version)
_ANALYSES_OF_TEXT = "FROM analyses WHERE content_id = ? AND pipeline_version = ?"
_LATEST_ANALYSIS = f"SELECT payload {_ANALYSES_OF_TEXT} ORDER BY created DESC LIMIT 1"
log = root_log.getChild("store")


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


def store_error(error: sqlite3.Error, path: Path) -> StoreError:
    """The user's version of an SQLite error: what happened to which file, and what to do."""
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
    return StoreError(f"{path}: the store failed ({error})")


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


class _Connection(sqlite3.Connection):
    """A connection whose every statement fails with a ``StoreError``, never a raw sqlite3 one."""

    store_path = Path()

    def execute(self, sql: str, parameters: Any = (), /) -> sqlite3.Cursor:
        try:
            return super().execute(sql, parameters)
        except sqlite3.Error as error:
            raise store_error(error, self.store_path) from error

    def executemany(self, sql: str, parameters: Iterable[Any], /) -> sqlite3.Cursor:
        try:
            return super().executemany(sql, parameters)
        except sqlite3.Error as error:
            raise store_error(error, self.store_path) from error


@dataclass(frozen=True)
class StoredArticle(Record):
    id: str
    title: str
    source: str
    added: str
    last_opened: str
    note_count: int
    version_count: int = 0  # earlier texts kept: the article changed at its source


@dataclass(frozen=True)
class ArticleVersion(Record):
    """An earlier text of an article, kept when a reload from its source changed it."""

    id: int
    title: str
    text: str
    replaced: str  # when the newer text took its place


@dataclass(frozen=True)
class Note(Record):
    id: int
    uid: str
    article_id: str
    body: str
    tags: tuple[str, ...]
    anchor: Anchor
    status: AnchorStatus
    created: str
    updated: str
    fact_ref: str | None = None


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Store:
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
    def open(cls, directory: Path, busy_timeout_s: float = BUSY_TIMEOUT_S) -> Store:
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
            connection = _open_checked(path, busy_timeout_s)
        except StoreDamagedError as error:
            aside = _move_aside(path)
            log.warning("store %s damaged (%s), kept as %s", path, error, aside.name)
            notice = (
                f"The note store {path.name} was damaged ({error.__cause__ or error}); it was "
                f"kept as {aside.name} and a new, empty store was started."
            )
            connection = _open_checked(path, busy_timeout_s)
        except (StoreReadOnlyError, StoreFullError, StoreDiskError, StoreCannotOpenError) as error:
            # Notes that cannot be written can still be read: open the file for reading only.
            connection = _connect_read_only(path, error, busy_timeout_s)
            if connection.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
                connection.close()
                raise StoreReadOnlyError(
                    f"{error}; it is from an older Fact Reader and cannot be upgraded until it "
                    "can be written"
                ) from error
            notice = f"Notes can be read but not added or changed: {error}"
            log.warning("store %s opened for reading only: %s", path, error)
            return cls(connection, path, notice, read_only=True, busy_timeout_s=busy_timeout_s)
        log.debug("store %s opened (version %d)", path, SCHEMA_VERSION)
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

    # --- articles -------------------------------------------------------------------------

    def add_article(self, article: Article, search_text_later: bool = False) -> StoredArticle:
        """Store an article, or refresh the one from the same file, re-placing its notes.

        ``search_text_later``: a new text is made searchable by ``make_text_searchable``, on
        another thread: indexing 5 MB for search takes 0.15 s, too long for a window's."""
        if self.read_only:  # the notes of an article already there can still be read
            row = self._stored_row(self.connection, article)
            found = None if row is None else self.article_summary(row[0])
            if found is None:
                raise StoreReadOnlyError(f"{self.path} can only be read; the article is not in it")
            return found
        stamp = now()
        with self.transaction() as db:
            row = self._stored_row(db, article)
            if row is None:
                article_id = article.id
                db.execute(
                    "INSERT INTO articles (id, content_id, title, source, text, added, "
                    "last_opened, pages, url, author, published, site) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        article_id,
                        article.id,
                        article.title,
                        article.source,
                        article.text,
                        stamp,
                        stamp,
                        _pages_json(article),
                        article.url,
                        article.author,
                        article.published,
                        article.site,
                    ),
                )
                db.execute(
                    "INSERT INTO search (article_id, note_id, title, body) VALUES (?, NULL, ?, ?)",
                    (article_id, article.title, "" if search_text_later else article.text),
                )
            else:
                article_id = row[0]
                old_title, old_content = db.execute(
                    "SELECT title, content_id FROM articles WHERE id = ?", (article_id,)
                ).fetchone()
                same_text = old_content == article.id  # the id is the text's hash
                if not same_text:
                    _forget_index(db, article_id, rows_too=True)
                if not same_text or old_title != article.title:
                    # only then: the same 5 MB indexed again at each opening took 0.15 s
                    db.execute(
                        "UPDATE search SET title = ?, body = ? "
                        "WHERE article_id = ? AND note_id IS NULL",
                        (article.title, "" if search_text_later else article.text, article_id),
                    )
                if not same_text:
                    db.execute(
                        "INSERT INTO versions (article_id, title, text, pages, replaced) "
                        "SELECT id, title, text, pages, ? FROM articles WHERE id = ? AND text != ?",
                        (stamp, article_id, article.text),
                    )
                # The text only when it changed: comparing and writing 5 MB again at each
                # opening held the window 20-60 ms.
                new_text = () if same_text else (article.text,)
                db.execute(
                    f"UPDATE articles SET {'' if same_text else 'text = ?, '}content_id = ?, "
                    "title = ?, last_opened = ?, pages = ?, url = coalesce(?, url), "
                    "author = coalesce(?, author), published = coalesce(?, published), "
                    "site = coalesce(?, site) WHERE id = ?",
                    (
                        *new_text,
                        article.id,
                        article.title,
                        stamp,
                        _pages_json(article),
                        article.url,
                        article.author,
                        article.published,
                        article.site,
                        article_id,
                    ),
                )
                self._replace_anchors(db, "notes", self._notes(db, article_id), article.text)
                self._replace_anchors(
                    db, "corrections", self._corrections(db, article_id), article.text
                )
        found = self.article_summary(article_id)
        assert found is not None
        return found

    def stored_under(self, article: Article) -> tuple[str, bool] | None:
        """The id ``add_article`` would store ``article`` under if it is already stored, and
        whether that row holds this very text (else its notes will be placed anew)."""
        row = self._stored_row(self.connection, article)
        return None if row is None else (str(row[0]), row[1] == article.id)

    def _stored_row(self, db: sqlite3.Connection, article: Article) -> tuple[Any, ...] | None:
        """The stored article with the same text, else the one from the same file: its id and
        the id of the text it holds."""
        row = db.execute(
            "SELECT id, content_id FROM articles WHERE content_id = ? ORDER BY added LIMIT 1",
            (article.id,),
        ).fetchone()
        if row is None and _is_file_source(article.source):
            row = db.execute(
                "SELECT id, content_id FROM articles WHERE source = ? ORDER BY added LIMIT 1",
                (article.source,),
            ).fetchone()
        return None if row is None else tuple(row)

    def _replace_anchors(
        self,
        db: sqlite3.Connection,
        table: str,
        anchored: Sequence[Note | Correction],
        text: str,
    ) -> None:
        """Find each note's or correction's passage in a new text of the article.

        The quote and context it was made on are never rewritten: they are what is looked for at
        every reload, so a passage that was orphaned or changed is found again when it is back.
        Only where it stands now (its current match) and how sure that is are updated.
        """
        for item in anchored:
            placement = place(item.anchor, text)
            status = "exact" if placement.status == "moved" else placement.status
            if status == "orphan":  # stay at the old place: it is where to look first next time
                where = (item.anchor.start, item.anchor.end)
            else:
                where = (placement.start, placement.end)
            if where == (item.anchor.start, item.anchor.end) and status == item.status:
                continue
            db.execute(
                f"UPDATE {table} SET start = ?, end = ?, status = ? WHERE id = ?",
                (*where, status, item.id),
            )
            if table == "corrections":  # its cue and a quote's new words move with it
                moved = where[0] - item.anchor.start
                db.execute(
                    "UPDATE corrections SET cue_start = cue_start + ?, cue_end = cue_end + ?, "
                    "extent_start = extent_start + ?, extent_end = extent_end + ? WHERE id = ?",
                    (moved, moved, moved, moved, item.id),
                )

    def make_text_searchable(self, article_id: str) -> None:
        """Index the article's text for search, if ``add_article`` left it for later."""
        with self.transaction() as db:
            db.execute(
                "UPDATE search SET body = (SELECT text FROM articles WHERE id = ?) "
                "WHERE article_id = ? AND note_id IS NULL AND body = ''",
                (article_id, article_id),
            )

    def article(self, article_id: str) -> Article | None:
        self._wait_for_arrivals(article_id)  # notes are anchored in the text read here
        row = self.connection.execute(
            "SELECT title, text, source, content_id, pages, url, author, published, site "
            "FROM articles WHERE id = ?",
            (article_id,),
        ).fetchone()
        if row is None:
            return None
        pages = tuple(Page(*page) for page in json.loads(row[4]))
        return Article(row[0], row[1], row[2], row[3], pages, *row[5:9])

    def reading_position(self, article_id: str) -> int:
        """Where the reader left the article (0: never read, or from the top)."""
        row = self.connection.execute(
            "SELECT offset FROM reading_places WHERE article_id = ?", (article_id,)
        ).fetchone()
        return int(row[0]) if row else 0

    def set_reading_position(self, article_id: str, offset: int) -> None:
        if self.read_only:
            return  # a store that can only be read forgets the place, and says so elsewhere
        with self.transaction() as db:
            db.execute(
                "INSERT INTO reading_places (article_id, offset) "
                "SELECT id, ? FROM articles WHERE id = ? "
                "ON CONFLICT (article_id) DO UPDATE SET offset = excluded.offset",
                (offset, article_id),
            )

    def versions(self, article_id: str) -> list[ArticleVersion]:
        """The article's earlier texts, oldest first."""
        rows = self.connection.execute(
            "SELECT id, title, text, replaced FROM versions WHERE article_id = ? ORDER BY id",
            (article_id,),
        )
        return [ArticleVersion(int(r[0]), str(r[1]), str(r[2]), str(r[3])) for r in rows]

    def find_article(self, reference: str) -> str | None:
        """An article id from an id, a unique id prefix or a source path. The prefix is
        compared as text, not as a LIKE pattern: "", "%" or "_" name no article."""
        if not reference:
            return None
        rows = self.connection.execute(
            "SELECT id FROM articles WHERE substr(id, 1, length(?1)) = ?1 OR source = ?1 LIMIT 2",
            (reference,),
        ).fetchall()
        return rows[0][0] if len(rows) == 1 else None

    def article_summary(self, article_id: str) -> StoredArticle | None:
        self._wait_for_arrivals(article_id)
        rows = self._summaries("WHERE a.id = ?", (article_id,))
        return rows[0] if rows else None

    def articles(self) -> list[StoredArticle]:
        return self._summaries("", ())

    def _summaries(self, where: str, args: Sequence[object]) -> list[StoredArticle]:
        query = (
            "SELECT a.id, a.title, a.source, a.added, a.last_opened, "
            "(SELECT COUNT(*) FROM notes n WHERE n.article_id = a.id), "
            "(SELECT COUNT(*) FROM versions v WHERE v.article_id = a.id) "
            f"FROM articles a {where} ORDER BY a.last_opened DESC"
        )
        return [StoredArticle(*row) for row in self.connection.execute(query, args)]

    def search(self, words: str) -> list[StoredArticle]:
        """Articles whose title, text or one note holds all the words (SQLite FTS5)."""
        terms = fts_terms(words)
        if not terms:
            return self.articles()
        ids = {
            row[0]
            for row in self.connection.execute(
                "SELECT article_id FROM search WHERE search MATCH ?", (terms,)
            )
        }
        return [a for a in self.articles() if a.id in ids]

    # --- analyses -------------------------------------------------------------------------

    def cached_analysis(self, article: Article, model: str, pipeline: str) -> Analysis | None:
        row = self.connection.execute(
            "SELECT payload FROM analyses WHERE content_id = ? AND model = ? "
            "AND pipeline_version = ?",
            (article.id, model, pipeline),
        ).fetchone()
        return None if row is None else analysis_from_cache(row[0], article.text)

    def latest_analysis(self, article: Article) -> Analysis | None:
        """The newest cached analysis by the current rules, whichever model made it."""
        row = self.connection.execute(
            _LATEST_ANALYSIS, (article.id, schema.PIPELINE_VERSION)
        ).fetchone()
        return None if row is None else analysis_from_cache(row[0], article.text)

    def has_analysis(self, article: Article) -> bool:
        """Whether ``latest_analysis`` may find one, asked without reading it: a 5 MB article's
        is 17 MB, read in 150 ms and decoded in 1.6 s (see ``read_saved_analysis``)."""
        row = self.connection.execute(
            f"SELECT 1 {_ANALYSES_OF_TEXT} LIMIT 1", (article.id, schema.PIPELINE_VERSION)
        ).fetchone()
        return row is not None

    def forget_unreadable_analysis(self, article: Article) -> None:
        """Drop cached analyses of this text by the current rules that this version cannot read
        (another cache layout): kept, they would make the article look analysed for ever."""
        if self.latest_analysis(article) is None and not self.read_only:
            with self.transaction() as db:
                db.execute(
                    "DELETE FROM analyses WHERE content_id = ? AND pipeline_version = ?",
                    (article.id, schema.PIPELINE_VERSION),
                )

    def save_analysis(
        self, article: Article, analysis: Analysis, payload: bytes | None = None
    ) -> None:
        """``payload``: the analysis already encoded by ``analysis_to_cache``, e.g. by the worker
        process, so that the window's thread only writes it."""
        with self.transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO analyses VALUES (?, ?, ?, ?, ?)",
                (
                    article.id,
                    analysis.model,
                    analysis.pipeline_version,
                    payload if payload is not None else analysis_to_cache(analysis),
                    now(),
                ),
            )

    # --- notes ----------------------------------------------------------------------------

    def add_note(
        self,
        article_id: str,
        start: int,
        end: int,
        body: str,
        tags: Sequence[str] = (),
        fact_ref: str | None = None,
    ) -> Note:
        article = self.article(article_id)
        if article is None:
            raise StoreError(f"no stored article {article_id}")
        anchor = make_anchor(article.text, start, end)
        stamp = now()
        uid = uuid.uuid4().hex[:12]
        with self.transaction() as db:
            cursor = db.execute(
                "INSERT INTO notes (uid, article_id, body, tags, fact_ref, start, end, exact, "
                "prefix, suffix, status, created, updated) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'exact', ?, ?)",
                (
                    uid,
                    article_id,
                    body,
                    json.dumps(list(tags)),
                    fact_ref,
                    anchor.start,
                    anchor.end,
                    anchor.exact,
                    anchor.prefix,
                    anchor.suffix,
                    stamp,
                    stamp,
                ),
            )
            note_id = cursor.lastrowid
            db.execute(
                "INSERT INTO search (article_id, note_id, title, body) VALUES (?, ?, '', ?)",
                (article_id, note_id, f"{body} {anchor.exact} {' '.join(tags)}"),
            )
        note = self.note(int(note_id or 0))
        assert note is not None
        return note

    def update_note(self, note_id: int, body: str, tags: Sequence[str]) -> Note:
        with self.transaction() as db:
            changed = db.execute(
                "UPDATE notes SET body = ?, tags = ?, updated = ? WHERE id = ?",
                (body, json.dumps(list(tags)), now(), note_id),
            ).rowcount
            if not changed:
                raise StoreError(f"no note {note_id}")
            db.execute(
                "UPDATE search SET body = ? || ' ' || (SELECT exact FROM notes WHERE id = ?) "
                "|| ' ' || ? WHERE note_id = ?",
                (body, note_id, " ".join(tags), note_id),
            )
        note = self.note(note_id)
        assert note is not None
        return note

    def delete_note(self, note_id: int) -> Note:
        """Delete and return the note, so that the caller can offer to undo."""
        self._wait_for_arrivals()  # an article being stored may place the note anew: undo there
        note = self.note(note_id)
        if note is None:
            raise StoreError(f"no note {note_id}")
        with self.transaction() as db:
            db.execute("DELETE FROM notes WHERE id = ?", (note_id,))
            db.execute("DELETE FROM search WHERE note_id = ?", (note_id,))
        return note

    def restore_note(self, note: Note) -> Note:
        """Put a deleted note back as it was (undo)."""
        anchor = note.anchor
        with self.transaction() as db:
            db.execute(
                "INSERT INTO notes (id, uid, article_id, body, tags, fact_ref, start, end, exact, "
                "prefix, suffix, status, created, updated) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    note.id,
                    note.uid,
                    note.article_id,
                    note.body,
                    json.dumps(list(note.tags)),
                    note.fact_ref,
                    anchor.start,
                    anchor.end,
                    anchor.exact,
                    anchor.prefix,
                    anchor.suffix,
                    note.status,
                    note.created,
                    note.updated,
                ),
            )
            db.execute(
                "INSERT INTO search (article_id, note_id, title, body) VALUES (?, ?, '', ?)",
                (note.article_id, note.id, f"{note.body} {anchor.exact} {' '.join(note.tags)}"),
            )
        return note

    def note(self, note_id: int) -> Note | None:
        row = self.connection.execute(f"{_NOTE_QUERY} WHERE id = ?", (note_id,)).fetchone()
        return None if row is None else _note(row)

    def notes(self, article_id: str | None = None) -> list[Note]:
        if article_id is None:
            rows = self.connection.execute(f"{_NOTE_QUERY} ORDER BY article_id, start, id")
            return [_note(row) for row in rows]
        return self._notes(self.connection, article_id)

    def _notes(self, db: sqlite3.Connection, article_id: str) -> list[Note]:
        rows = db.execute(f"{_NOTE_QUERY} WHERE article_id = ? ORDER BY start, id", (article_id,))
        return [_note(row) for row in rows]

    # --- corrections ----------------------------------------------------------------------

    def add_correction(
        self,
        article_id: str,
        kind: CorrectionKind,
        start: int,
        end: int,
        subject: str = "",
        value: str = "",
        *,
        cue: tuple[int, int] | None = None,
        extent: tuple[int, int] | None = None,
        text: str | None = None,
    ) -> Correction:
        """Store a correction of the passage ``start``–``end``; ``cue`` names the attribution
        corrected by its cue as well (see ``Correction``), ``extent`` is a quote's new words.
        ``text``: the article's text the offsets are in, when the caller holds it (the window
        does), else it is read from the store."""
        if text is None:
            article = self.article(article_id)
            if article is None:
                raise StoreError(f"no stored article {article_id}")
            text = article.text
        elif not self._has_article(article_id):
            raise StoreError(f"no stored article {article_id}")
        anchor = make_anchor(text, start, end)
        with self.transaction() as db:
            cursor = db.execute(
                "INSERT INTO corrections (uid, article_id, kind, subject, value, start, end, "
                "exact, prefix, suffix, status, created, cue_start, cue_end, extent_start, "
                "extent_end) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'exact', ?, ?, ?, ?, ?)",
                (
                    uuid.uuid4().hex[:12],
                    article_id,
                    kind,
                    subject,
                    value,
                    anchor.start,
                    anchor.end,
                    anchor.exact,
                    anchor.prefix,
                    anchor.suffix,
                    now_precise(),
                    *(cue or (None, None)),
                    *(extent or (None, None)),
                ),
            )
            correction_id = int(cursor.lastrowid or 0)
            _forget_index(db, article_id)
        found = self.correction(correction_id)
        assert found is not None
        return found

    def delete_correction(self, correction_id: int) -> Correction:
        """Take a correction back and return it, so that the caller can redo it."""
        self._wait_for_arrivals()  # see delete_note
        found = self.correction(correction_id)
        if found is None:
            raise StoreError(f"no correction {correction_id}")
        with self.transaction() as db:
            db.execute("DELETE FROM corrections WHERE id = ?", (correction_id,))
            _forget_index(db, found.article_id)
        return found

    def restore_correction(self, correction: Correction) -> Correction:
        """Put a correction back as it was (an undone removal, a redone correction) and return
        it as stored. Its id is its own again unless another correction took it meanwhile (ids
        are reused: the command line may have made one), and then it gets a new one; one with
        its uid still stored is left as it is."""
        self._wait_for_arrivals(correction.article_id)  # a write that refers to its row
        kept = self.correction_with_uid(correction.uid)
        if kept is not None:
            return kept
        anchor = correction.anchor
        with self.transaction() as db:
            taken = db.execute(
                "SELECT 1 FROM corrections WHERE id = ?", (correction.id,)
            ).fetchone()
            cursor = db.execute(
                "INSERT INTO corrections (id, uid, article_id, kind, subject, value, start, end, "
                "exact, prefix, suffix, status, created, cue_start, cue_end, extent_start, "
                "extent_end) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    None if taken else correction.id,
                    correction.uid,
                    correction.article_id,
                    correction.kind,
                    correction.subject,
                    correction.value,
                    anchor.start,
                    anchor.end,
                    anchor.exact,
                    anchor.prefix,
                    anchor.suffix,
                    correction.status,
                    correction.created,
                    *(correction.cue or (None, None)),
                    *(correction.extent or (None, None)),
                ),
            )
            correction_id = int(cursor.lastrowid or 0)
            _forget_index(db, correction.article_id)
        return (
            correction if correction_id == correction.id else replace(correction, id=correction_id)
        )

    def _has_article(self, article_id: str) -> bool:
        self._wait_for_arrivals(article_id)  # as ``article`` does
        row = self.connection.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,))
        return row.fetchone() is not None

    def correction_with_uid(self, uid: str) -> Correction | None:
        """A correction by its uid, which is never reused (its id may be, once it is deleted)."""
        row = self.connection.execute(f"{_CORRECTION_QUERY} WHERE uid = ?", (uid,)).fetchone()
        return None if row is None else _correction(row)

    def correction(self, correction_id: int) -> Correction | None:
        row = self.connection.execute(
            f"{_CORRECTION_QUERY} WHERE id = ?", (correction_id,)
        ).fetchone()
        return None if row is None else _correction(row)

    def corrections(self, article_id: str | None = None) -> list[Correction]:
        if article_id is None:
            rows = self.connection.execute(f"{_CORRECTION_QUERY} ORDER BY article_id, id")
            return [_correction(row) for row in rows]
        return self._corrections(self.connection, article_id)

    def _corrections(self, db: sqlite3.Connection, article_id: str) -> list[Correction]:
        rows = db.execute(f"{_CORRECTION_QUERY} WHERE article_id = ? ORDER BY id", (article_id,))
        return [_correction(row) for row in rows]


_CORRECTION_QUERY = (
    "SELECT id, uid, article_id, kind, start, end, exact, prefix, suffix, status, subject, "
    "value, created, cue_start, cue_end, extent_start, extent_end FROM corrections"
)


def _correction(row: tuple[Any, ...]) -> Correction:
    (
        cid,
        uid,
        article_id,
        kind,
        start,
        end,
        exact,
        prefix,
        suffix,
        status,
        subject,
        value,
        made,
        cue_start,
        cue_end,
        extent_start,
        extent_end,
    ) = row
    return Correction(
        int(cid),
        str(uid),
        str(article_id),
        kind,
        Anchor(int(start), int(end), str(exact), str(prefix), str(suffix)),
        status,
        str(subject),
        str(value),
        str(made),
        _offsets(cue_start, cue_end),
        _offsets(extent_start, extent_end),
    )


def _offsets(start: int | None, end: int | None) -> tuple[int, int] | None:
    return None if start is None or end is None else (int(start), int(end))


def now_precise() -> str:
    """A timestamp that orders corrections made within one second."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


_NOTE_QUERY = (
    "SELECT id, uid, article_id, body, tags, start, end, exact, prefix, suffix, status, "
    "created, updated, fact_ref FROM notes"
)


def _note(row: tuple[Any, ...]) -> Note:
    (
        note_id,
        uid,
        article_id,
        body,
        tags,
        start,
        end,
        exact,
        prefix,
        suffix,
        status,
        created,
        updated,
        fact_ref,
    ) = row
    return Note(
        int(note_id),
        str(uid),
        str(article_id),
        str(body),
        tuple(json.loads(str(tags))),
        Anchor(int(start), int(end), str(exact), str(prefix), str(suffix)),
        status,
        str(created),
        str(updated),
        None if fact_ref is None else str(fact_ref),
    )


def _pages_json(article: Article) -> str:
    return json.dumps([[p.number, p.start, p.end] for p in article.pages])


def _is_file_source(source: str) -> bool:
    return source not in ("clipboard", "") and "#" not in source


def _connect(path: Path, busy_timeout_s: float = BUSY_TIMEOUT_S) -> sqlite3.Connection:
    try:
        connection = sqlite3.connect(
            path, timeout=busy_timeout_s, isolation_level=None, factory=_Connection
        )
    except sqlite3.Error as error:
        raise store_error(error, path) from error
    assert isinstance(connection, _Connection)
    connection.store_path = path
    try:
        connection.execute("PRAGMA foreign_keys = ON")
        # Reading the version first turns "not a database" into an error, and refuses a newer
        # store, before anything (even the journal mode) is written to the file.
        _refuse_newer(connection, path)
        mode = connection.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise StoreError(f"{path}: its file system cannot keep a write-ahead log ({mode})")
        connection.execute("PRAGMA synchronous = NORMAL")  # WAL + NORMAL survives a killed process
    except BaseException:
        connection.close()
        raise
    return connection


def _open_checked(path: Path, busy_timeout_s: float = BUSY_TIMEOUT_S) -> sqlite3.Connection:
    connection = _connect(path, busy_timeout_s)
    try:
        _check(connection)
        _migrate(connection)
    except BaseException:
        connection.close()
        raise
    return connection


def _connect_read_only(
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
                factory=_Connection,
            )
        except sqlite3.Error:
            continue
        assert isinstance(connection, _Connection)
        connection.store_path = path
        try:
            _refuse_newer(connection, path)
            _check(connection)
        except NewerStoreError:
            raise
        except StoreError:
            connection.close()
            continue
        return connection
    raise why


def _refuse_newer(connection: sqlite3.Connection, path: Path) -> None:
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        connection.close()
        raise NewerStoreError(
            f"{path} was written by a newer version of Fact Reader (store version {version}, "
            f"this version reads up to {SCHEMA_VERSION}); it was left untouched"
        )


def _check(connection: sqlite3.Connection) -> None:
    """The file's header and schema can be read: a check whose cost does not grow with the
    library (``PRAGMA quick_check`` reads every page: seconds at every start for a large one).
    Damage further in is reported by SQLite as corrupt when its page is read."""
    connection.execute("SELECT count(*) FROM sqlite_master").fetchone()


def _migrate(connection: sqlite3.Connection) -> None:
    if connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION:
        return
    connection.execute("BEGIN IMMEDIATE")
    try:
        # read again under the write lock: another process may have migrated meanwhile
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        for number in range(version, SCHEMA_VERSION):
            for statement in MIGRATIONS[number]:
                connection.execute(statement)
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        connection.execute("COMMIT")
    except BaseException:
        if connection.in_transaction:
            with suppress(StoreError):
                connection.execute("ROLLBACK")
        raise


def fts_terms(words: str) -> str:
    """An FTS5 query for all the words, each quoted: the user's words are never query syntax
    ("NEAR", "-", "*" and quotes are text)."""
    return " ".join('"' + w.replace('"', '""') + '"' for w in words.split())


def _forget_index(db: sqlite3.Connection, article_id: str, rows_too: bool = False) -> None:
    """The article's copy in the index across articles is out of date (see crossref.refresh).
    ``rows_too``: its rows go at once, since they point into a text that is gone."""
    db.execute("DELETE FROM indexed WHERE article_id = ?", (article_id,))
    if rows_too:
        for table in ("statements", "mentions", "amounts"):
            db.execute(f"DELETE FROM {table} WHERE article_id = ?", (article_id,))


def _move_aside(path: Path) -> Path:
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


NotRun = Callable[[str], None]  # told why a queued write could not even start


class CacheWriter:
    """Writes analyses into the store's cache on a thread of its own, with its own connection:
    a 5 MB article's analysis took a third of a second to write on the window's thread. Until
    written, an analysis is still found here, so reopening the article never misses it.

    Made for a store that ``Store.open`` has already checked, upgraded and found writable: the
    writer only connects to its file.
    """

    def __init__(self, store: Store, on_error: Callable[[str], None]) -> None:
        self.path = store.path
        self.on_error = on_error  # called on the writer's thread
        # what to do with the writer's store, in order; None: stop
        self._queue: queue.Queue[tuple[Callable[[Store], object], NotRun | None] | None] = (
            queue.Queue()
        )
        self._waiting: dict[str, Analysis] = {}
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None  # started by the first analysis to write

    def submit(self, article: Article, analysis: Analysis, payload: bytes | None) -> None:
        with self._lock:
            self._waiting[article.id] = analysis

        def save(store: Store) -> None:
            try:
                store.save_analysis(article, analysis, payload)
            finally:
                with self._lock:
                    if self._waiting.get(article.id) is analysis:
                        del self._waiting[article.id]

        self.run(save)

    def run(self, job: Callable[[Store], object], if_not_run: NotRun | None = None) -> None:
        """Any other write, after those queued before it: a write on the window's thread
        would wait for this thread's (a 5 MB analysis holds the store for 0.3 s).

        ``if_not_run(why)`` instead of ``on_error`` when the store cannot even be opened."""
        self._start()
        self._queue.put((job, if_not_run))

    def _start(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._run, name="cache-writer", daemon=True)
            self._thread.start()

    def waiting(self, article: Article) -> Analysis | None:
        """The analysis of this text that is queued but not yet written, if any."""
        with self._lock:
            return self._waiting.get(article.id)

    def close(self) -> None:
        """Write what is queued, then stop (on closing the window: no analysis is lost)."""
        if self._thread is not None and self._thread.is_alive():
            self._queue.put(None)
            self._thread.join()

    def _run(self) -> None:
        store: Store | None = None
        while (queued := self._queue.get()) is not None:
            job, if_not_run = queued
            try:
                try:
                    store = store or Store(_connect(self.path), self.path, None, read_only=False)
                except ReaderError as error:
                    (if_not_run or self.on_error)(str(error))
                    continue
                job(store)
            except ReaderError as error:
                self.on_error(str(error))
            except Exception as error:  # a bug in one job must not stop the writes after it
                log.exception("a write on the cache writer's thread failed")
                self.on_error(f"an unexpected error while writing: {error}")
        if store is not None:
            store.close()


def read_saved_analysis(path: Path, article: Article) -> Analysis | None:
    """``Store.latest_analysis`` for a process without a ``Store``: the analysis worker reads a
    long article's here, so that the window's thread does not (1.8 s for 5 MB). None when it
    cannot: the worker then analyses the article again."""
    try:
        connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=5)
        try:
            row = connection.execute(
                _LATEST_ANALYSIS, (article.id, schema.PIPELINE_VERSION)
            ).fetchone()
        finally:
            connection.close()
    except sqlite3.Error as error:
        log.warning("saved analysis of %s unreadable in %s: %s", article.id, path, error)
        return None
    return None if row is None else analysis_from_cache(row[0], article.text)
