"""What ``factreader batch`` hands a worker and gets back, and how a worker analyses it.

A worker analyses a part of the documents with the same ``Analyzer`` and writes each result with
the same ``analysis_line`` as ``factreader analyze --format jsonl``, so a line is the same
wherever it was made. Nothing here knows of Dask: the cluster only carries these records.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.core.errors import ReaderError
from reader.core.loading import load_article_bytes
from reader.core.logs import log
from reader.core.model import Article, Record
from reader.core.schema import analysis_line

if TYPE_CHECKING:
    from reader.core.analysis import Analyzer


@dataclass(frozen=True)
class FileDocument(Record):
    """A file's bytes as read where the batch runs, loaded into an article where it is analysed:
    a cluster's machines need not see the files, and parsing a PDF or a page is their work."""

    data: bytes
    source: str  # the resolved path, as ``load_article`` gives it
    suffix: str


@dataclass(frozen=True)
class Document(Record):
    """One document to analyse: a JSONL line's id and article, or a file (``id`` None: its
    analysis is named by its text, as ``analyze PATH`` names it)."""

    id: str | None
    item: Article | FileDocument

    @property
    def source(self) -> str:
        return self.item.source

    @property
    def size(self) -> int:
        """Characters or bytes: what a part of the work is measured by."""
        return len(self.item.text) if isinstance(self.item, Article) else len(self.item.data)


@dataclass(frozen=True)
class Done(Record):
    """A document's result: its line of output, or why there is none."""

    source: str
    line: str | None
    error: str | None = None
    warnings: tuple[str, ...] = ()


def analyse_documents(analyzer: Analyzer, part: list[Document]) -> list[Done]:
    return [analyse_document(analyzer, document) for document in part]


def analyse_document(analyzer: Analyzer, document: Document) -> Done:
    """Its line, or the reason it has none: a file that cannot be read, or a bug met on this
    document alone (logged in full where it happened; the others still go on)."""
    item = document.item
    try:
        article = (
            item
            if isinstance(item, Article)
            else load_article_bytes(item.data, item.source, item.suffix)
        )
        line = analysis_line(article, analyzer.analyze(article), document.id)
    except ReaderError as error:
        return Done(document.source, None, str(error))
    except Exception as error:  # a bug: its traceback in the worker's log, one line here
        log.exception("analysing %s failed", document.source)
        what = " ".join(f"{type(error).__name__}: {error}".split())
        return Done(
            document.source,
            None,
            f"{document.source}: analysis failed ({what}); the worker's log has the details",
        )
    return Done(document.source, line, None, article.warnings)
