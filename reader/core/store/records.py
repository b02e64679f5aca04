"""What the store hands out: plain frozen records, and the rows they are read from."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from reader.core.anchors import Anchor, AnchorStatus
from reader.core.corrections import Correction
from reader.core.model import Record


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


def now_precise() -> str:
    """A timestamp that orders corrections made within one second."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


CORRECTION_QUERY = (
    "SELECT id, uid, article_id, kind, start, end, exact, prefix, suffix, status, subject, "
    "value, created, cue_start, cue_end, extent_start, extent_end FROM corrections"
)


def correction_from_row(row: tuple[Any, ...]) -> Correction:
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


NOTE_QUERY = (
    "SELECT id, uid, article_id, body, tags, start, end, exact, prefix, suffix, status, "
    "created, updated, fact_ref FROM notes"
)


def note_from_row(row: tuple[Any, ...]) -> Note:
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


def notes_in(db: sqlite3.Connection, article_id: str) -> list[Note]:
    rows = db.execute(f"{NOTE_QUERY} WHERE article_id = ? ORDER BY start, id", (article_id,))
    return [note_from_row(row) for row in rows]


def corrections_in(db: sqlite3.Connection, article_id: str) -> list[Correction]:
    rows = db.execute(f"{CORRECTION_QUERY} WHERE article_id = ? ORDER BY id", (article_id,))
    return [correction_from_row(row) for row in rows]
