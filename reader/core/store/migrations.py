"""The SQLite schema, as numbered migrations counted by ``PRAGMA user_version``."""

from __future__ import annotations

import sqlite3
from contextlib import suppress
from pathlib import Path

from reader.core.store.errors import NewerStoreError, StoreError

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
    # What each amount or figure measures, whose it is and when (issue 33), as written. Rows
    # copied before have none until their article is analysed by the new rules, which
    # ``PIPELINE_VERSION`` asks for.
    (
        "ALTER TABLE amounts ADD COLUMN measure TEXT",
        "ALTER TABLE amounts ADD COLUMN subject TEXT",
        "ALTER TABLE amounts ADD COLUMN time TEXT",
    ),
    # The Sources view answered from indexes alone again: since statements carry whether their
    # speaker is a guess, counting them per name read every row (0.17 s of 0.4 s on a library
    # of 10,000 news articles). Name and article first, for the articles each source is in.
    (
        "CREATE INDEX statements_sources ON statements(name_key, article_id, kind, needs_review)",
        "DROP INDEX IF EXISTS statements_name",
    ),
    # Where sources disagree (issue 33): the keys of each amount's measure, subject and time
    # (``core/measures.py``: "the jobless rate" is the unemployment rate, "in March" of an article
    # of April 2026 is 2026-03), and a figure's change when it is one by itself ("rose 5%":
    # "rise"; a level reached, "rose from 5% to 6%", has none but its value ``before``). One
    # index answers which figures of one measure, subject, time and unit differ between
    # articles, and every figure of a measure, without reading the table. Every copy is made again.
    (
        "ALTER TABLE amounts ADD COLUMN measure_key TEXT",
        "ALTER TABLE amounts ADD COLUMN subject_key TEXT",
        "ALTER TABLE amounts ADD COLUMN time_key TEXT",
        "ALTER TABLE amounts ADD COLUMN change TEXT",
        "ALTER TABLE amounts ADD COLUMN before REAL",
        "CREATE INDEX amounts_measure ON amounts(measure_key, subject_key, time_key, unit, per, "
        "change, article_id, low, high) WHERE measure_key IS NOT NULL",
        "DELETE FROM indexed",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)


def refuse_newer(connection: sqlite3.Connection, path: Path) -> None:
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        connection.close()
        raise NewerStoreError(
            f"{path} was written by a newer version of Fact Reader (store version {version}, "
            f"this version reads up to {SCHEMA_VERSION}); it was left untouched"
        )


def migrate(connection: sqlite3.Connection) -> None:
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
