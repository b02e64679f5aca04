"""The local store: articles, the analyst's notes and a cache of analyses, in one SQLite file.

Notes are the analyst's work, so the store never loses them: WAL journal, every write in one
transaction, numbered migrations that roll back as a whole, a newer schema refused untouched, and
a damaged file moved aside (never overwritten) before a fresh one is made.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from reader.core.anchors import Anchor, AnchorStatus, make_anchor, place
from reader.core.corrections import Correction, CorrectionKind
from reader.core.errors import ReaderError
from reader.core.model import Analysis, Article, Page, Record
from reader.core.schema import analysis_from_cache, analysis_to_cache

STORE_FILE = "factreader.sqlite3"
BUSY_TIMEOUT_S = 15.0  # a second app instance waits this long for the other's write

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
)
SCHEMA_VERSION = len(MIGRATIONS)


class StoreError(ReaderError):
    """The store cannot be used as it is."""


class NewerStoreError(StoreError):
    """The file was written by a newer Fact Reader; it is left exactly as it is."""


@dataclass(frozen=True)
class StoredArticle(Record):
    id: str
    title: str
    source: str
    added: str
    last_opened: str
    note_count: int


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
    def __init__(self, connection: sqlite3.Connection, path: Path, recovered: str | None) -> None:
        self.connection = connection
        self.path = path
        self.recovered = recovered  # what happened to a damaged file, for the user to read

    @classmethod
    def open(cls, directory: Path) -> Store:
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / STORE_FILE
        recovered = None
        try:
            connection = _connect(path)
            _check(connection)
        except sqlite3.DatabaseError as error:
            if isinstance(error, sqlite3.OperationalError) and "locked" in str(error):
                raise StoreError(f"{path}: the store is busy in another program") from error
            aside = _move_aside(path)
            recovered = (
                f"The note store {path.name} was damaged ({error}); it was kept as {aside.name} "
                "and a new, empty store was started."
            )
            connection = _connect(path)
        try:
            _migrate(connection)
        except sqlite3.Error as error:
            connection.close()
            raise StoreError(
                f"{path}: the store could not be upgraded ({error}); it was left as it was"
            ) from error
        return cls(connection, path, recovered)

    def close(self) -> None:
        self.connection.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.connection.execute("BEGIN IMMEDIATE")
        try:
            yield self.connection
        except BaseException:
            self.connection.execute("ROLLBACK")
            raise
        self.connection.execute("COMMIT")

    # --- articles -------------------------------------------------------------------------

    def add_article(self, article: Article) -> StoredArticle:
        """Store an article, or refresh the one from the same file, re-placing its notes."""
        stamp = now()
        with self.transaction() as db:
            row = db.execute(
                "SELECT id FROM articles WHERE content_id = ? ORDER BY added LIMIT 1",
                (article.id,),
            ).fetchone()
            if row is None and _is_file_source(article.source):
                row = db.execute(
                    "SELECT id FROM articles WHERE source = ? ORDER BY added LIMIT 1",
                    (article.source,),
                ).fetchone()
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
                    "INSERT INTO search (article_id, note_id, title, body) VALUES (?, NULL, ?, '')",
                    (article_id, article.title),
                )
            else:
                article_id = row[0]
                db.execute(
                    "INSERT INTO versions (article_id, title, text, pages, replaced) "
                    "SELECT id, title, text, pages, ? FROM articles WHERE id = ? AND text != ?",
                    (stamp, article_id, article.text),
                )
                db.execute(
                    "UPDATE articles SET content_id = ?, title = ?, text = ?, last_opened = ?, "
                    "pages = ?, url = coalesce(?, url), author = coalesce(?, author), "
                    "published = coalesce(?, published), site = coalesce(?, site) WHERE id = ?",
                    (
                        article.id,
                        article.title,
                        article.text,
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

    def _replace_anchors(
        self,
        db: sqlite3.Connection,
        table: str,
        anchored: Sequence[Note | Correction],
        text: str,
    ) -> None:
        """Move notes or corrections with their passage in a new text of the article."""
        for item in anchored:
            placement = place(item.anchor, text)
            if placement.status == "exact":
                continue
            if placement.status == "orphan":
                db.execute(f"UPDATE {table} SET status = 'orphan' WHERE id = ?", (item.id,))
                continue
            anchor = make_anchor(text, placement.start, placement.end)
            db.execute(
                f"UPDATE {table} SET start = ?, end = ?, exact = ?, prefix = ?, suffix = ?, "
                "status = ? WHERE id = ?",
                (
                    anchor.start,
                    anchor.end,
                    anchor.exact,
                    anchor.prefix,
                    anchor.suffix,
                    "exact" if placement.status == "moved" else "check",
                    item.id,
                ),
            )

    def article(self, article_id: str) -> Article | None:
        row = self.connection.execute(
            "SELECT title, text, source, content_id, pages, url, author, published, site "
            "FROM articles WHERE id = ?",
            (article_id,),
        ).fetchone()
        if row is None:
            return None
        pages = tuple(Page(*page) for page in json.loads(row[4]))
        return Article(row[0], row[1], row[2], row[3], pages, *row[5:9])

    def versions(self, article_id: str) -> list[ArticleVersion]:
        """The article's earlier texts, oldest first."""
        rows = self.connection.execute(
            "SELECT id, title, text, replaced FROM versions WHERE article_id = ? ORDER BY id",
            (article_id,),
        )
        return [ArticleVersion(int(r[0]), str(r[1]), str(r[2]), str(r[3])) for r in rows]

    def find_article(self, reference: str) -> str | None:
        """An article id from an id, a unique id prefix or a source path."""
        rows = self.connection.execute(
            "SELECT id FROM articles WHERE id LIKE ? || '%' OR source = ? LIMIT 2",
            (reference, reference),
        ).fetchall()
        return rows[0][0] if len(rows) == 1 else None

    def article_summary(self, article_id: str) -> StoredArticle | None:
        rows = self._summaries("WHERE a.id = ?", (article_id,))
        return rows[0] if rows else None

    def articles(self) -> list[StoredArticle]:
        return self._summaries("", ())

    def _summaries(self, where: str, args: Sequence[object]) -> list[StoredArticle]:
        query = (
            "SELECT a.id, a.title, a.source, a.added, a.last_opened, "
            "(SELECT COUNT(*) FROM notes n WHERE n.article_id = a.id) "
            f"FROM articles a {where} ORDER BY a.last_opened DESC"
        )
        return [StoredArticle(*row) for row in self.connection.execute(query, args)]

    def search(self, words: str) -> list[StoredArticle]:
        """Articles whose title or note text holds all the words (SQLite FTS5)."""
        terms = " ".join('"' + w.replace('"', '""') + '"' for w in words.split())
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
        from reader.core.analysis import PIPELINE_VERSION

        row = self.connection.execute(
            "SELECT payload FROM analyses WHERE content_id = ? AND pipeline_version = ? "
            "ORDER BY created DESC LIMIT 1",
            (article.id, PIPELINE_VERSION),
        ).fetchone()
        return None if row is None else analysis_from_cache(row[0], article.text)

    def save_analysis(
        self, article: Article, analysis: Analysis, payload: str | None = None
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
    ) -> Correction:
        article = self.article(article_id)
        if article is None:
            raise StoreError(f"no stored article {article_id}")
        anchor = make_anchor(article.text, start, end)
        with self.transaction() as db:
            cursor = db.execute(
                "INSERT INTO corrections (uid, article_id, kind, subject, value, start, end, "
                "exact, prefix, suffix, status, created) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'exact', ?)",
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
                ),
            )
            correction_id = int(cursor.lastrowid or 0)
        found = self.correction(correction_id)
        assert found is not None
        return found

    def delete_correction(self, correction_id: int) -> Correction:
        """Take a correction back and return it, so that the caller can redo it."""
        found = self.correction(correction_id)
        if found is None:
            raise StoreError(f"no correction {correction_id}")
        with self.transaction() as db:
            db.execute("DELETE FROM corrections WHERE id = ?", (correction_id,))
        return found

    def restore_correction(self, correction: Correction) -> Correction:
        """Put a correction back as it was (redo after undo)."""
        anchor = correction.anchor
        with self.transaction() as db:
            db.execute(
                "INSERT INTO corrections (id, uid, article_id, kind, subject, value, start, end, "
                "exact, prefix, suffix, status, created) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    correction.id,
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
                ),
            )
        return correction

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
    "value, created FROM corrections"
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
    )


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


def _connect(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    connection.execute("PRAGMA foreign_keys = ON")
    # Reading the version first turns "not a database" into an error, and refuses a newer store,
    # before anything (even the journal mode) is written to the file.
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        connection.close()
        raise NewerStoreError(
            f"{path} was written by a newer version of Fact Reader (store version {version}, "
            f"this version reads up to {SCHEMA_VERSION}); it was left untouched"
        )
    mode = connection.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if str(mode).lower() != "wal":
        raise sqlite3.DatabaseError(f"cannot switch to WAL (journal mode {mode})")
    connection.execute("PRAGMA synchronous = NORMAL")  # WAL + NORMAL survives a killed process
    return connection


def _check(connection: sqlite3.Connection) -> None:
    quick = connection.execute("PRAGMA quick_check").fetchone()[0]
    if quick != "ok":
        connection.close()
        raise sqlite3.DatabaseError(f"integrity check failed: {quick}")


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
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


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
