"""The note store on a real SQLite file: notes are never lost, old and new stores are handled."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from reader.core import crossref
from reader.core.library import Opened, open_article
from reader.core.loading import article_from_text
from reader.core.model import Analysis
from reader.core.store import (
    MIGRATIONS,
    STORE_FILE,
    NewerStoreError,
    Note,
    Store,
    StoreError,
    StoreWriter,
    read_saved_analysis,
)
from reader.core.store import migrations as store_migrations
from tests.helpers import as_older_store, factreader

TEXT = (
    "Harbour Plan\n"
    "The council will spend £12m on the harbour wall, the mayor said on Monday.\n"
    "Critics called the plan rushed."
)


def file_article(path: Path, text: str = TEXT) -> object:
    path.write_text(text, encoding="utf-8")
    return path


def test_notes_survive_closing_and_reopening(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    stored = store.add_article(article_from_text(TEXT, source=str(tmp_path / "a.txt")))
    start = TEXT.index("£12m")
    note = store.add_note(stored.id, start, start + 4, "Check the budget line", ["budget"])
    store.close()
    again = Store.open(tmp_path)
    notes = again.notes(stored.id)
    assert [(n.uid, n.body, n.tags, n.anchor.exact) for n in notes] == [
        (note.uid, "Check the budget line", ("budget",), "£12m")
    ]
    assert again.articles()[0].note_count == 1
    assert again.connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert again.connection.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_reimported_text_moves_notes_and_keeps_orphans(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    source = str(tmp_path / "harbour.txt")
    stored = store.add_article(article_from_text(TEXT, source=source))
    wall = TEXT.index("the harbour wall")
    moved = store.add_note(stored.id, wall, wall + len("the harbour wall"), "Which wall?")
    rushed = TEXT.index("Critics called the plan rushed.")
    gone = store.add_note(stored.id, rushed, rushed + len("Critics called the plan rushed."), "")
    edited = TEXT.replace("Harbour Plan\n", "Harbour Plan\nUpdated at noon.\n").replace(
        "Critics called the plan rushed.", "No one objected."
    )
    again = store.add_article(article_from_text(edited, source=source))
    assert again.id == stored.id  # the same article, refreshed
    notes = {n.uid: n for n in store.notes(stored.id)}
    assert notes[moved.uid].status == "exact"
    start = notes[moved.uid].anchor.start
    assert edited[start : start + len("the harbour wall")] == "the harbour wall"
    assert notes[gone.uid].status == "orphan"  # kept, listed, never dropped


def test_cached_analysis_comes_back_whole(
    tmp_path: Path, analyze: Callable[[str], Analysis]
) -> None:
    article = article_from_text(TEXT)
    analysis = analyze(TEXT)
    store = Store.open(tmp_path)
    store.add_article(article)
    store.save_analysis(article, analysis)
    assert store.cached_analysis(article, analysis.model, analysis.pipeline_version) == analysis
    assert store.cached_analysis(article, "another_model", analysis.pipeline_version) is None


def test_search_finds_titles_and_note_text(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    harbour = store.add_article(article_from_text(TEXT, source="h.txt"))
    other = store.add_article(article_from_text("Rail Review\nTrains were late.", source="r.txt"))
    store.add_note(other.id, 12, 18, "compare with the ferry timetable")
    assert [a.id for a in store.search("harbour")] == [harbour.id]
    assert [a.id for a in store.search("ferry")] == [other.id]
    assert store.search("nothing-like-this") == []


def test_deleting_a_note_can_be_undone(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    stored = store.add_article(article_from_text(TEXT))
    note = store.add_note(stored.id, 0, 7, "title note", ["t"])
    removed = store.delete_note(note.id)
    assert store.notes(stored.id) == []
    store.restore_note(removed)
    assert store.notes(stored.id) == [note]
    assert [a.id for a in store.search("title note")] == [stored.id]


def test_damaged_file_is_moved_aside_not_overwritten(tmp_path: Path) -> None:
    damaged = b"this is not a database, but it is someone's file" * 100
    (tmp_path / STORE_FILE).write_bytes(damaged)
    store = Store.open(tmp_path)
    assert store.notice is not None and "damaged" in store.notice
    aside = [p for p in tmp_path.iterdir() if ".damaged-" in p.name]
    assert len(aside) == 1 and aside[0].read_bytes() == damaged
    stored = store.add_article(article_from_text(TEXT))
    assert store.article(stored.id) is not None


def test_store_from_a_newer_version_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / STORE_FILE
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE future (x)")
    connection.execute("PRAGMA user_version = 99")
    connection.commit()
    connection.close()
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(NewerStoreError, match="newer version"):
        Store.open(tmp_path)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_failed_migration_leaves_no_half_schema(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = ((*store_migrations.MIGRATIONS[0], "CREATE TABLE oops (syntax error here"),)
    monkeypatch.setattr(store_migrations, "MIGRATIONS", broken)
    monkeypatch.setattr(store_migrations, "SCHEMA_VERSION", 1)
    with pytest.raises(sqlite3.OperationalError):  # a bug of the program, not of the store
        Store.open(tmp_path)
    connection = sqlite3.connect(tmp_path / STORE_FILE)
    assert connection.execute("PRAGMA user_version").fetchone()[0] == 0
    assert connection.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0] == 0


WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from reader.core.loading import article_from_text
    from reader.core.store import Store
    store = Store.open(Path(sys.argv[1]))
    text = "Burst\\n" + "A sentence to annotate. " * 50
    article = store.add_article(article_from_text(text, source="burst.txt"))
    for number in range(100_000):
        note = store.add_note(article.id, 6, 16, f"note {number} " + "x" * 500, ["burst"])
        print(note.uid, flush=True)
    """
)


def test_notes_committed_before_a_kill_are_all_there(tmp_path: Path) -> None:
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(tmp_path)], stdout=subprocess.PIPE, text=True
    )
    assert writer.stdout is not None
    committed = [writer.stdout.readline().strip() for _ in range(200)]
    writer.kill()  # SIGKILL in the middle of the burst
    writer.wait()
    committed += [line.strip() for line in writer.stdout if line.strip()]
    writer.stdout.close()
    store = Store.open(tmp_path)
    assert store.connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    kept = {note.uid for note in store.notes()}
    assert set(committed) <= kept
    assert store.notice is None


def test_a_changed_source_keeps_the_earlier_text_as_a_version(tmp_path: Path) -> None:
    from reader.core.loading import load_article

    source = tmp_path / "dues.txt"
    source.write_text("Harbour dues\n\nDues will fall by two points.", encoding="utf-8")
    store = Store.open(tmp_path / "data")
    first = store.add_article(load_article(source))
    store.add_article(load_article(source))  # the same text again: no new version
    assert store.versions(first.id) == []
    source.write_text("Harbour dues\n\nDues will fall by three points.", encoding="utf-8")
    again = store.add_article(load_article(source))
    assert again.id == first.id
    versions = store.versions(first.id)
    assert [v.text for v in versions] == ["Harbour dues\n\nDues will fall by two points."]
    current = store.article(first.id)
    assert current is not None and "three points" in current.text
    store.close()


def test_imports_at_once_into_a_new_folder_all_succeed(tmp_path: Path) -> None:
    data = tmp_path / "fresh"
    articles = []
    for n in range(4):
        path = tmp_path / f"a{n}.txt"
        path.write_text(f"Harbour item {n}\n\nThe port handled ship number {n}.", encoding="utf-8")
        articles.append(path)
    runs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "reader",
                "import",
                "--no-analysis",
                str(path),
                "--data-dir",
                str(data),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for path in articles
    ]
    results = [(*run.communicate(timeout=120), run.returncode) for run in runs]
    assert [code for _, _, code in results] == [0, 0, 0, 0], [err for _, err, _ in results]
    store = Store.open(data)
    assert len(store.articles()) == 4
    store.close()


def note_on(tmp_path: Path, quote: str) -> tuple[Store, str, str, Note]:
    """A store with the harbour article from a file and a note on ``quote``."""
    store = Store.open(tmp_path)
    source = str(tmp_path / "harbour.txt")
    stored = store.add_article(article_from_text(TEXT, source=source))
    note = store.add_note(stored.id, TEXT.index(quote), TEXT.index(quote) + len(quote), "why?")
    return store, source, stored.id, note


def test_an_orphaned_note_comes_back_with_its_passage(tmp_path: Path) -> None:
    quote = "Critics called the plan rushed."
    store, source, article_id, note = note_on(tmp_path, quote)
    store.add_article(article_from_text(TEXT.replace(quote, "No one objected."), source=source))
    assert store.notes(article_id)[0].status == "orphan"
    store.add_article(article_from_text(TEXT, source=source))  # the passage is back, unchanged
    back = store.notes(article_id)[0]
    assert back.status == "exact"
    assert TEXT[back.anchor.start : back.anchor.end] == quote
    assert back.anchor == note.anchor


def test_an_approximate_match_keeps_the_words_the_note_was_made_on(tmp_path: Path) -> None:
    quote = "The council will spend £12m on the harbour wall"
    store, source, article_id, note = note_on(tmp_path, quote)
    edited = TEXT.replace("£12m", "£14m")
    store.add_article(article_from_text(edited, source=source))
    placed = store.notes(article_id)[0]
    assert placed.status == "check"
    assert placed.anchor.exact == quote  # the original words, for the analyst to compare
    assert (placed.anchor.prefix, placed.anchor.suffix) == (note.anchor.prefix, note.anchor.suffix)
    assert edited[placed.anchor.start : placed.anchor.end] == quote.replace("£12m", "£14m")
    store.add_article(article_from_text(TEXT, source=source))  # the edit is undone
    assert store.notes(article_id)[0].status == "exact"


def test_leaving_a_long_article_writes_its_place_not_its_text(tmp_path: Path) -> None:
    """The place is written as the reader leaves an article, on the window's thread: rewriting
    a 5 MB text with it held the window 30-60 ms."""
    paragraph = "The harbour board met again on Tuesday to weigh the cost of the new pier. "
    article = article_from_text("Pier Costs\n" + paragraph * 30_000, source="pier.txt")
    store = Store.open(tmp_path / "data")
    article_id = open_article(store, article).article_id
    assert article_id is not None
    store.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.set_reading_position(article_id, 1_200_000)
    written = (tmp_path / "data" / f"{STORE_FILE}-wal").stat().st_size
    assert written < 100_000 < len(article.text)
    store.set_reading_position(article_id, 40)
    assert Store.open(tmp_path / "data").reading_position(article_id) == 40


def test_opening_a_long_article_again_leaves_its_stored_text_alone(tmp_path: Path) -> None:
    """Opening is on the window's thread: comparing and writing a 5 MB text again at each
    opening held the window 20-60 ms."""
    paragraph = "The harbour board met again on Tuesday to weigh the cost of the new pier. "
    article = article_from_text("Pier Costs\n" + paragraph * 30_000, source="pier.txt")
    store = Store.open(tmp_path / "data")
    article_id = open_article(store, article).article_id
    assert article_id is not None
    statements: list[str] = []
    store.connection.set_trace_callback(statements.append)  # with their values written out
    assert open_article(store, article).article_id == article_id
    assert statements and max(len(s) for s in statements) < 10_000 < len(article.text)
    edited = article_from_text(article.text.replace("Tuesday", "Friday", 1), source="pier.txt")
    assert open_article(store, edited).article_id == article_id  # a new text is still kept
    assert max(len(s) for s in statements) > len(edited.text)
    stored = store.article(article_id)
    assert stored is not None and stored.text == edited.text
    assert [version.text for version in store.versions(article_id)] == [article.text]


def delivered_here() -> tuple[list[Callable[[], None]], Callable[[Callable[[], None]], None]]:
    """Answers kept in a list, to be called on the test's thread as a window calls them."""
    answers: list[Callable[[], None]] = []
    return answers, answers.append


def test_the_writer_runs_operations_in_order_and_answers_each(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "data")
    answers, deliver = delivered_here()
    told: list[object] = []
    writer = StoreWriter(store.path, deliver, lambda why: told.append(("unasked", why)))
    article = article_from_text(TEXT, source=str(tmp_path / "harbour.txt"))
    writer.submit(lambda mine: open_article(mine, article), lambda opened: told.append(opened))
    start = TEXT.index("£12m")
    writer.submit(
        lambda mine: mine.add_note(article.id, start, start + 4, "Check the budget", []),
        lambda note: told.append(note.body),
    )
    writer.submit(lambda mine: mine.set_reading_position(article.id, 40))
    pages = store.connection.execute("PRAGMA page_count").fetchone()[0]
    writer.submit(lambda mine: mine.connection.execute(f"PRAGMA max_page_count = {pages + 1}"))
    longer = article_from_text(TEXT + "\nThe quay is next." * 2_000, source="quay.txt")
    writer.submit(
        lambda mine: mine.add_article(longer), None, lambda why: told.append(("failed", why))
    )
    assert not writer.idle()
    writer.close()
    assert len(answers) == 5 and told == []  # nothing is told until answers are delivered
    for answer in answers:
        answer()
    assert writer.idle()
    opened, body, failed = told
    assert isinstance(opened, Opened) and opened.article_id == article.id
    assert body == "Check the budget" and isinstance(failed, tuple) and failed[0] == "failed"
    assert "full" in str(failed[1])
    # the window's own connection reads what the writer wrote
    assert [n.body for n in store.notes(article.id)] == ["Check the budget"]
    assert store.reading_position(article.id) == 40 and store.article(longer.id) is None


def test_a_bug_in_an_operation_is_raised_where_answers_are_delivered(tmp_path: Path) -> None:
    """A bug is not a failing store: it reaches the crash handler on the window's thread, and
    the writes queued after it are still made."""
    store = Store.open(tmp_path / "data")
    answers, deliver = delivered_here()
    told: list[str] = []
    writer = StoreWriter(store.path, deliver, told.append)
    writer.submit(lambda mine: mine.connection.execute("SELECT no_such_column FROM notes"))
    article = article_from_text(TEXT, source="harbour.txt")
    writer.submit(lambda mine: mine.add_article(article))
    writer.close()
    with pytest.raises(sqlite3.OperationalError, match="no_such_column"):
        answers[0]()
    answers[1]()
    assert told == [] and writer.idle() and store.article(article.id) == article


def test_a_connection_that_only_reads_refuses_writes_as_a_bug(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "data")
    store.read_here_only()
    with pytest.raises(RuntimeError, match="only reads"):
        store.add_article(article_from_text(TEXT, source="harbour.txt"))
    assert store.articles() == []


def test_an_sqlite_error_that_is_a_bug_is_not_told_as_the_store_failing(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "data")
    with pytest.raises(sqlite3.OperationalError) as raised:
        store.connection.execute("SELECT no_such_column FROM notes")
    assert not isinstance(raised.value, StoreError)


def test_places_kept_in_a_store_of_an_older_version_survive_the_upgrade(tmp_path: Path) -> None:
    article = article_from_text("Ferry Fares\nFares rise in June, the operator said.", "f.txt")
    store = Store.open(tmp_path / "data")
    article_id = open_article(store, article).article_id
    store.connection.close()
    # as the version before reading places left it: the place kept with the article
    reading_places = next(i for i, m in enumerate(MIGRATIONS) if "reading_places" in m[0])
    as_older_store(tmp_path / "data" / STORE_FILE, reading_places)
    older = sqlite3.connect(tmp_path / "data" / STORE_FILE)
    older.execute("UPDATE articles SET reading_at = 25")
    older.commit()
    older.close()
    assert article_id is not None
    assert Store.open(tmp_path / "data").reading_position(article_id) == 25


def test_opening_an_article_finds_its_analysis_and_place_and_is_all_or_nothing(
    tmp_path: Path, analyze: Callable[[str], Analysis]
) -> None:
    text = "Pier Repairs\nThe harbour board said the pier would reopen in May."
    article = article_from_text(text, source="pier.txt")
    store = Store.open(tmp_path / "data")
    first = open_article(store, article)
    assert first.article_id is not None and first.cached is None and first.reading_at == 0
    assert open_article(store, article, decode_max_chars=10).saved_in is None  # none to read
    store.save_analysis(article, analyze(text))
    store.set_reading_position(first.article_id, 30)
    again = open_article(store, article)
    assert again.article_id == first.article_id and again.reading_at == 30
    assert again.cached is not None and again.cached.sentences
    # a long text's analysis is left in the store, for the worker's process to read
    long = open_article(store, article, decode_max_chars=10)
    assert long.cached is None and long.saved_in == store.path
    # written, but the store's writer has not yet let go of its copy: still read by the worker
    still_held = open_article(store, article, again.cached, decode_max_chars=10)
    assert still_held.cached is None and still_held.saved_in == store.path
    assert read_saved_analysis(store.path, article) == again.cached
    assert read_saved_analysis(tmp_path / "elsewhere" / STORE_FILE, article) is None
    holder = sqlite3.connect(tmp_path / "data" / STORE_FILE)
    holder.execute("BEGIN EXCLUSIVE")  # another program writes and does not let go
    busy = Store.open(tmp_path / "data", busy_timeout_s=0)
    other = article_from_text("Ferry Fares\nFares rise in June, the operator said.", source="f.txt")
    failed = open_article(busy, other)
    assert failed.article_id is None and failed.cached is None
    assert failed.problem.startswith("The note store failed:")
    assert "in use by another program" in failed.problem
    holder.rollback()
    holder.close()
    busy.close()
    store.close()


def test_an_article_is_named_by_its_id_a_prefix_or_its_source_never_a_pattern(
    tmp_path: Path,
) -> None:
    store = Store.open(tmp_path / "data")
    article = article_from_text("Pier Levy\nThe council met on Monday.", "/news/pier.txt")
    article_id = store.add_article(article).id
    assert store.find_article(article_id) == article_id
    assert store.find_article(article_id[:4]) == article_id
    assert store.find_article("/news/pier.txt") == article_id
    for pattern in ("", "%", "_", "_" * 4, article_id[:2] + "%"):
        assert store.find_article(pattern) is None  # one article stored: a pattern matched it
    store.close()
    refused = factreader("facts", "%", "--data-dir", str(tmp_path / "data"))
    assert refused.returncode == 1 and "%" in refused.stderr


@pytest.mark.parametrize(
    "payload", ["[]", "null", "7", '"text"', '{"layout": 4, "sentences": [[0]]}']
)
def test_a_cached_analysis_that_does_not_decode_is_made_again_not_a_crash(
    tmp_path: Path, analyze: Callable[[str], Analysis], payload: str
) -> None:
    article = article_from_text("Pier Levy\nThe council said the pier would close.", "pier.txt")
    store = Store.open(tmp_path / "data")
    store.add_article(article)
    store.save_analysis(article, analyze(article.text))
    assert store.latest_analysis(article) is not None
    store.connection.execute("UPDATE analyses SET payload = ?", (payload,))
    store.connection.commit()
    assert store.latest_analysis(article) is None  # read as missing, not raised
    crossref.refresh(store)  # what every view across articles does first
    assert not store.has_analysis(article)  # forgotten, so it is analysed again
    store.close()
