"""Across articles: the library's text search, over the titles and texts of its articles and
the analysts' notes (SQLite's full-text index, kept by the store)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from reader.core.crossref import ARTICLE_DATE
from reader.core.find import find_all
from reader.core.model import Record
from reader.core.store import Store, fts_terms


@dataclass(frozen=True)
class Hit(Record):
    """A place a search found: in an article's title or text, or in a note."""

    article_id: str
    title: str
    date: str
    where: Literal["text", "note"]
    note_id: int | None
    start: int  # the first match in the article's text (the note's passage, for a note)
    end: int
    snippet: str  # the words around the match


MAX_HITS = 200
SNIPPET_WORDS = 16


def search(store: Store, words: str, limit: int = MAX_HITS) -> list[Hit]:
    """Articles and notes holding all the words (in any case or accent), best first."""
    terms = fts_terms(words)
    if not terms:
        return []
    rows = store.connection.execute(
        f"SELECT search.article_id, search.note_id, a.title, {ARTICLE_DATE}, "
        f"snippet(search, 3, '', '', '…', {SNIPPET_WORDS}), n.start, n.end "
        "FROM search JOIN articles a ON a.id = search.article_id "
        "LEFT JOIN notes n ON n.id = search.note_id "
        "WHERE search MATCH ? ORDER BY rank LIMIT ?",
        (terms, limit),
    ).fetchall()
    hits = []
    for article_id, note_id, title, date, snippet, note_start, note_end in rows:
        if note_id is not None:
            hits.append(
                Hit(article_id, title, date, "note", note_id, note_start, note_end, snippet)
            )
            continue
        text = store.connection.execute(
            "SELECT text FROM articles WHERE id = ?", (article_id,)
        ).fetchone()[0]
        start, end = first_match(text, words)
        hits.append(Hit(article_id, title, date, "text", None, start, end, snippet))
    return hits


def first_match(text: str, words: str) -> tuple[int, int]:
    """Where a search's words are first found in ``text``: the phrase, else its first word
    at the start of a word; (0, 0) when only the title or another spelling matched."""
    found = find_all(text, words, limit=1)
    if found:
        return found[0]
    for word in words.split():
        match = re.search(rf"(?<!\w){re.escape(word)}", text, re.IGNORECASE)
        if match:
            return match.span()
    return 0, 0
