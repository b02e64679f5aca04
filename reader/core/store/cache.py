"""The cache of analyses, one per text, model and version of the rules."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path

from reader.core import schema
from reader.core.logs import log
from reader.core.model import Analysis, Article
from reader.core.schema import analysis_from_cache, analysis_to_cache
from reader.core.store.articles import ArticlesMixin
from reader.core.store.records import now

# a text's analyses by the current rules; bound to (content id, pipeline version)
_ANALYSES_OF_TEXT = "FROM analyses WHERE content_id = ? AND pipeline_version = ?"
_LATEST_ANALYSIS = f"SELECT payload {_ANALYSES_OF_TEXT} ORDER BY created DESC LIMIT 1"


# Copies an analysis into the index across articles, in the transaction that stores it:
# (transaction, stored article's id, article, analysis).
IndexWriter = Callable[[sqlite3.Connection, str, Article, Analysis], None]


class CacheMixin(ArticlesMixin):
    def cached_analysis(self, article: Article, model: str, pipeline: str) -> Analysis | None:
        row = self.connection.execute(
            "SELECT payload FROM analyses WHERE content_id = ? AND model = ? "
            "AND pipeline_version = ?",
            (article.id, model, pipeline),
        ).fetchone()
        return None if row is None else _decoded(row[0], article)

    def latest_analysis(self, article: Article) -> Analysis | None:
        """The newest cached analysis by the current rules, whichever model made it."""
        row = self.connection.execute(
            _LATEST_ANALYSIS, (article.id, schema.PIPELINE_VERSION)
        ).fetchone()
        return None if row is None else _decoded(row[0], article)

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
            _cache_in(db, article, analysis, payload, now())

    def add_analysed(
        self, analysed: Sequence[tuple[Article, Analysis]], index: IndexWriter
    ) -> list[str]:
        """Articles with analyses made elsewhere, in one transaction: each article stored (or
        the one already stored with its text found), its analysis cached under the model and
        rules that made it, and ``index`` called to copy it across articles. Their ids."""
        stamp = now()
        stored = []
        with self.transaction() as db:
            for article, analysis in analysed:
                article_id = self.store_in(db, article, stamp)
                _cache_in(db, article, analysis, None, stamp)
                index(db, article_id, article, analysis)
                stored.append(article_id)
        return stored


def _cache_in(
    db: sqlite3.Connection, article: Article, analysis: Analysis, payload: bytes | None, stamp: str
) -> None:
    db.execute(
        "INSERT OR REPLACE INTO analyses VALUES (?, ?, ?, ?, ?)",
        (
            article.id,
            analysis.model,
            analysis.pipeline_version,
            payload if payload is not None else analysis_to_cache(analysis),
            stamp,
        ),
    )


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
    return None if row is None else _decoded(row[0], article)


def _decoded(payload: str | bytes, article: Article) -> Analysis | None:
    """The cached analysis, or None, said in the log, when it does not decode: another layout
    or a damaged row is analysed again, and the new analysis replaces it."""
    analysis = analysis_from_cache(payload, article.text)
    if analysis is None:
        log.warning("cached analysis of %s does not decode: analysed again", article.id)
    return analysis
