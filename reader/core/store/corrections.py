"""The analyst's corrections of the analysis, anchored like notes."""

from __future__ import annotations

import uuid
from dataclasses import replace

from reader.core.anchors import make_anchor
from reader.core.corrections import Correction, CorrectionKind
from reader.core.store.articles import ArticlesMixin, forget_index
from reader.core.store.errors import StoreError
from reader.core.store.records import (
    CORRECTION_QUERY,
    correction_from_row,
    corrections_in,
    now_precise,
)


class CorrectionsMixin(ArticlesMixin):
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
            forget_index(db, article_id)
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
            forget_index(db, found.article_id)
        return found

    def restore_correction(self, correction: Correction) -> Correction:
        """Put a correction back as it was (an undone removal, a redone correction) and return
        it as stored. Its id is its own again unless another correction took it meanwhile (ids
        are reused: the command line may have made one), and then it gets a new one; one with
        its uid still stored is left as it is."""
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
            forget_index(db, correction.article_id)
        return (
            correction if correction_id == correction.id else replace(correction, id=correction_id)
        )

    def _has_article(self, article_id: str) -> bool:
        row = self.connection.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,))
        return row.fetchone() is not None

    def correction_with_uid(self, uid: str) -> Correction | None:
        """A correction by its uid, which is never reused (its id may be, once it is deleted)."""
        row = self.connection.execute(f"{CORRECTION_QUERY} WHERE uid = ?", (uid,)).fetchone()
        return None if row is None else correction_from_row(row)

    def correction(self, correction_id: int) -> Correction | None:
        row = self.connection.execute(
            f"{CORRECTION_QUERY} WHERE id = ?", (correction_id,)
        ).fetchone()
        return None if row is None else correction_from_row(row)

    def corrections(self, article_id: str | None = None) -> list[Correction]:
        if article_id is None:
            rows = self.connection.execute(f"{CORRECTION_QUERY} ORDER BY article_id, id")
            return [correction_from_row(row) for row in rows]
        return corrections_in(self.connection, article_id)
