"""Opening an article in the library: the one sequence the window and scripts follow, so that
the order that matters (look the analysis up before writing the text) is kept in one place."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reader.core.errors import ReaderError
from reader.core.logs import log
from reader.core.model import Analysis, Article
from reader.core.store import Store


@dataclass(frozen=True)
class Opened:
    # None: the store failed, and ``problem`` says how (``open_article_elsewhere`` may also
    # say so later, in ``Stored``)
    article_id: str | None
    cached: Analysis | None  # the analysis of this very text, if one was made before
    reading_at: int  # where the reader left it, 0 for the top
    problem: str = ""
    # instead of ``cached``, for a text longer than ``decode_max_chars``: the store that holds
    # its analysis, for another process to read (``store.read_saved_analysis``)
    saved_in: Path | None = None


def open_article(
    store: Store,
    article: Article,
    pending: Analysis | None = None,
    search_text_later: bool = False,
    decode_max_chars: int | None = None,
) -> Opened:
    """Store ``article`` (or refresh the stored one, moving its notes) and find what is known of
    it. ``pending``: an analysis of it still waiting to be written by a cache writer.

    ``search_text_later``: see ``Store.add_article``. ``decode_max_chars``: the analysis of a
    longer text is left in the store, for another process to read (see ``Opened.saved_in``).

    All or nothing: when the store fails, the article is not half opened; the caller shows it
    without notes and says why."""
    try:
        # Looked up before the article is written: the first read after writing a long text
        # waits for SQLite's log (70 ms for 5 MB).
        cached, saved_in = _known_analysis(store, article, pending, decode_max_chars)
        article_id = store.add_article(article, search_text_later).id
        return Opened(article_id, cached, store.reading_position(article_id), saved_in=saved_in)
    except ReaderError as error:
        return Opened(None, None, 0, _store_failed(error))


@dataclass(frozen=True)
class Stored:
    """How storing an article on another thread ended (``open_article_elsewhere``)."""

    article_id: str  # the id it was opened under
    stored_id: str | None  # the id it is stored under; None: it could not be stored
    problem: str  # why not, as said to the reader
    # its notes and corrections may stand elsewhere than when it was opened: it was stored under
    # another id, not at all, or with a new text (they were placed in it anew)
    moved: bool


def open_article_elsewhere(
    store: Store,
    article: Article,
    write: Callable[[Callable[[Store], object], Callable[[str], None]], bool],
    on_stored: Callable[[Stored], None],
    pending: Analysis | None = None,
    search_text_later: bool = False,
    decode_max_chars: int | None = None,
) -> Opened:
    """``open_article``, with the article written by ``write(job, if_not_run)`` (on a writer's
    thread, with its own store): writing 5 MB held the window's thread up to 160 ms when the
    disk was slow.

    The id is the one it will be stored under (``Store.stored_under``, else the text's hash).
    ``on_stored`` is called on the writer's thread once written, or once it failed. Until then,
    writes through ``store`` and its reads of that article wait for it. Without a writer
    (``write`` returns False), it is ``open_article``."""
    try:
        cached, saved_in = _known_analysis(store, article, pending, decode_max_chars)
        found = store.stored_under(article)
        reading_at = 0 if found is None else store.reading_position(found[0])
    except ReaderError as error:
        return Opened(None, None, 0, _store_failed(error))
    article_id, same_text = found or (article.id, True)  # a new article's id: its text's hash
    stored = threading.Event()

    def failed(why: str) -> None:
        on_stored(Stored(article_id, None, _store_failed(why), moved=True))
        stored.set()

    def store_it(writer_store: Store) -> None:
        try:
            stored_id = writer_store.add_article(article, search_text_later).id
            moved = not same_text or stored_id != article_id
            on_stored(Stored(article_id, stored_id, "", moved))
        except ReaderError as error:
            failed(str(error))
        except Exception as error:  # the window must hear of it, and stop waiting
            log.exception("storing %s failed", article.source)
            failed(f"an unexpected error: {error}")
        finally:
            stored.set()

    if not write(store_it, failed):
        return open_article(store, article, pending, search_text_later, decode_max_chars)
    store.arriving(article_id, stored)
    return Opened(article_id, cached, reading_at, saved_in=saved_in)


def _known_analysis(
    store: Store, article: Article, pending: Analysis | None, decode_max_chars: int | None
) -> tuple[Analysis | None, Path | None]:
    if decode_max_chars is not None and len(article.text) > decode_max_chars:
        # Read by the worker once written, even while the writer still holds a copy: the
        # copy would be made into highlights and facts here (0.8 s for 5 MB).
        return (None, store.path) if store.has_analysis(article) else (pending, None)
    return (pending if pending is not None else store.latest_analysis(article)), None


def _store_failed(error: ReaderError | str) -> str:
    return f"The note store failed: {error}"
