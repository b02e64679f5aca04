"""Analyses made elsewhere (``factreader batch``, ``analyze --format jsonl``) stored with their
articles and copied across articles, without analysing again: ``factreader import --analyses``.

Each line is read back into its article and ``Analysis`` by ``schema.analysis_from_json`` and
cached under the model and rules that made it, so an analysis by other rules is analysed again
as any cached one would be. Lines are stored ``BATCH_LINES`` to a transaction: 10,000 one by
one would wait on the disk 10,000 times.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from reader.core import crossref, schema
from reader.core.errors import ReaderError
from reader.core.model import Analysis, Article, Record
from reader.core.store import Store
from reader.core.store.records import corrections_in

BATCH_LINES = 500

Analysed = tuple[Article, Analysis]


@dataclass(frozen=True)
class Stored(Record):
    """An article stored with its analysis."""

    article_id: str
    title: str
    indexed: bool  # False: made by other rules, so analysed again before the views use it
    pipeline_version: str


def read_analyses(paths: Iterable[str | Path]) -> Iterator[Analysed | ReaderError]:
    """Each line's article and analysis; a line that is not one, and why, as an error that
    names the file and line."""
    for path in paths:
        try:
            handle = open(path, encoding="utf-8")  # noqa: SIM115 - closed below, errors told
        except OSError as error:
            yield ReaderError(f"{path}: cannot be read ({error.strerror or error})")
            continue
        with handle:
            for number, line in enumerate(handle, start=1):
                if line.strip():
                    yield _decoded(line, f"{path} line {number}")


def _decoded(line: str, where: str) -> Analysed | ReaderError:
    try:
        data = json.loads(line)
    except ValueError as error:
        return ReaderError(f"{where}: not JSON ({error}); a line cut short?")
    try:
        return schema.analysis_from_json(data)
    except ValueError as error:
        return ReaderError(f"{where}: not an analysis Fact Reader can store: {error}")


def store_analyses(
    store: Store, analysed: Iterable[Analysed], batch: int = BATCH_LINES
) -> Iterator[list[Stored]]:
    """Store them, ``batch`` to a transaction, each batch told once it is stored."""
    items = iter(analysed)
    while chunk := list(islice(items, batch)):
        ids = store.add_analysed(chunk, _index)
        yield [
            Stored(article_id, article.title, _current(analysis), analysis.pipeline_version)
            for article_id, (article, analysis) in zip(ids, chunk, strict=True)
        ]


def _current(analysis: Analysis) -> bool:
    return analysis.pipeline_version == schema.PIPELINE_VERSION


def _index(db: sqlite3.Connection, article_id: str, article: Article, analysis: Analysis) -> None:
    """Copied across articles with the analyst's corrections, as ``crossref.refresh`` would;
    an analysis by other rules is left for a new one to replace."""
    if not _current(analysis):
        return
    rows = crossref.index_rows(article_id, article, analysis, corrections_in(db, article_id))
    crossref.write_index(db, article_id, article.id, analysis.pipeline_version, rows)
