"""Articles, their earlier versions, where the reader left them, and search."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from typing import Any

from reader.core.anchors import place
from reader.core.corrections import Correction
from reader.core.model import Article, Page
from reader.core.store.base import StoreBase
from reader.core.store.errors import StoreReadOnlyError
from reader.core.store.records import (
    ArticleVersion,
    Note,
    StoredArticle,
    corrections_in,
    notes_in,
    now,
)
from reader.core.store.search import fts_terms


class ArticlesMixin(StoreBase):
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
        with self.transaction() as db:
            article_id = self.store_in(db, article, now(), search_text_later)
        found = self.article_summary(article_id)
        assert found is not None
        return found

    def store_in(
        self, db: sqlite3.Connection, article: Article, stamp: str, search_text_later: bool = False
    ) -> str:
        """``add_article``'s work in a transaction already begun, for one that stores many; the
        id it is stored under."""
        row = self._stored_row(db, article)
        if row is None:
            return self._insert(db, article, stamp, search_text_later)
        return self._refresh(db, str(row[0]), article, stamp, search_text_later)

    def _insert(
        self, db: sqlite3.Connection, article: Article, stamp: str, search_text_later: bool
    ) -> str:
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
                pages_json(article),
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
        return article_id

    def _refresh(
        self,
        db: sqlite3.Connection,
        article_id: str,
        article: Article,
        stamp: str,
        search_text_later: bool,
    ) -> str:
        """The article from the same file or with the same text: a changed text is kept as a
        version, and the notes and corrections are placed in the new one."""
        old_title, old_content, old_published = db.execute(
            "SELECT title, content_id, published FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        same_text = old_content == article.id  # the id is the text's hash
        if not same_text:
            forget_index(db, article_id, rows_too=True)
        elif article.published not in (None, old_published):
            forget_index(db, article_id)  # "in March" is read against the article's date
        if not same_text or old_title != article.title:
            # only then: the same 5 MB indexed again at each opening took 0.15 s
            db.execute(
                "UPDATE search SET title = ?, body = ? WHERE article_id = ? AND note_id IS NULL",
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
                pages_json(article),
                article.url,
                article.author,
                article.published,
                article.site,
                article_id,
            ),
        )
        self._replace_anchors(db, "notes", notes_in(db, article_id), article.text)
        self._replace_anchors(db, "corrections", corrections_in(db, article_id), article.text)
        return article_id

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
        if row is None and is_file_source(article.source):
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


def pages_json(article: Article) -> str:
    return json.dumps([[p.number, p.start, p.end] for p in article.pages])


def is_file_source(source: str) -> bool:
    return source not in ("clipboard", "") and "#" not in source


def forget_index(db: sqlite3.Connection, article_id: str, rows_too: bool = False) -> None:
    """The article's copy in the index across articles is out of date (see crossref.refresh).
    ``rows_too``: its rows go at once, since they point into a text that is gone."""
    db.execute("DELETE FROM indexed WHERE article_id = ?", (article_id,))
    if rows_too:
        for table in ("statements", "mentions", "amounts"):
            db.execute(f"DELETE FROM {table} WHERE article_id = ?", (article_id,))
