"""Opening an article in the library: the one sequence the window and scripts follow, so that
the order that matters (look the analysis up before writing the text) is kept in one place."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reader.core.errors import ReaderError
from reader.core.model import Analysis, Article
from reader.core.store import Store


@dataclass(frozen=True)
class Opened:
    # None: the store failed, and ``problem`` says how
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
    it. ``pending``: an analysis of it still waiting to be written by the store's writer.

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
        return Opened(None, None, 0, store_failed(error))


def _known_analysis(
    store: Store, article: Article, pending: Analysis | None, decode_max_chars: int | None
) -> tuple[Analysis | None, Path | None]:
    if decode_max_chars is not None and len(article.text) > decode_max_chars:
        # Read by the worker once written, even while the writer still holds a copy: the
        # copy would be made into highlights and facts here (0.8 s for 5 MB).
        return (None, store.path) if store.has_analysis(article) else (pending, None)
    return (pending if pending is not None else store.latest_analysis(article)), None


def store_failed(error: ReaderError | str) -> str:
    """How the window says the store failed as an article opened, whichever thread found it."""
    return f"The note store failed: {error}"
