"""The analyst's notes, anchored to their passage by its quote and context."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence

from reader.core.anchors import make_anchor
from reader.core.store.articles import ArticlesMixin
from reader.core.store.errors import StoreError
from reader.core.store.records import NOTE_QUERY, Note, note_from_row, notes_in, now


class NotesMixin(ArticlesMixin):
    def add_note(
        self,
        article_id: str,
        start: int,
        end: int,
        body: str,
        tags: Sequence[str] = (),
        fact_ref: str | None = None,
    ) -> Note:
        stamp = now()
        uid = uuid.uuid4().hex[:12]
        with self.transaction() as db:
            # read under the write lock: the text the passage is anchored in is the one stored
            article = self.article(article_id)
            if article is None:
                raise StoreError(f"no stored article {article_id}")
            anchor = make_anchor(article.text, start, end)
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
        row = self.connection.execute(f"{NOTE_QUERY} WHERE id = ?", (note_id,)).fetchone()
        return None if row is None else note_from_row(row)

    def notes(self, article_id: str | None = None) -> list[Note]:
        if article_id is None:
            rows = self.connection.execute(f"{NOTE_QUERY} ORDER BY article_id, start, id")
            return [note_from_row(row) for row in rows]
        return notes_in(self.connection, article_id)
