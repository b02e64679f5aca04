"""The views across articles in the window: Library search over the text, Sources, Figures and
money with its CSV, what changed between versions, and stored articles analysed in the
background. A real window on a real store; the articles are invented."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog
from pytestqt.qtbot import QtBot

from reader.core import crossref, library_search
from reader.core.analysis import Analyzer
from reader.core.conflicts import DISAGREE
from reader.core.loading import article_from_text
from reader.core.review import REVIEW_MARK
from reader.core.store import Store
from reader.core.thresholds import SEARCH_NOW_MAX_CHARS
from reader.gui import session as session_module
from reader.gui.app import MainWindow
from reader.gui.library_views import ChangesDialog, RecordModel
from tests.helpers import (
    ANALYSIS_TIMEOUT_MS,
    COSTS,
    FERRIES,
    INQUIRY,
    QUAY,
    new_window,
    open_analysed,
    store_article,
    wait_for_writes,
)


@pytest.fixture
def data(tmp_path: Path, analyzer: Analyzer) -> Path:
    """A data folder with three analysed articles."""
    folder = tmp_path / "data"
    store = Store.open(folder)
    for name, text in (("ferries", FERRIES), ("costs", COSTS), ("inquiry", INQUIRY)):
        store_article(store, analyzer, text, name)
    store.close()
    return folder


@pytest.fixture
def window(qtbot: QtBot, data: Path) -> Iterator[MainWindow]:
    main_window = new_window(qtbot, data)
    yield main_window
    main_window.close()


def test_sources_lists_each_person_once_and_opens_a_statement_at_its_place(
    qtbot: QtBot,
    window: MainWindow,
) -> None:
    sources = window.library.show_sources()
    wait_for_writes(qtbot, window)
    assert sources is not None
    names = [sources.sources_model.records[r].name for r in range(sources.sources_model.rowCount())]
    assert "Irene Kowalczyk" in names and "Kowalczyk" not in names
    assert sources.choose("Kowalczyk")  # a surname finds the person
    assert "Irene Kowalczyk: 4 statements in 2 articles" in sources.heading.text()
    sources.kind_choice.setCurrentText("In their own words")
    quotes = [s.content for s in sources.statements_model.records]
    assert quotes == ["This is the cleanest fleet we have ever had,", "We will not cut corners,"]
    sources.statements_table.activated.emit(sources.statements_proxy.index(1, 0))
    wait_for_writes(qtbot, window)
    assert window.article is not None and window.article.title == "Ferry costs climb"
    assert window.view.textCursor().selectedText() == "We will not cut corners,"


def test_a_dossier_is_exported_from_the_sources_view(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    sources = window.library.show_sources()
    wait_for_writes(qtbot, window)
    assert sources is not None and sources.choose("Tomasz Brandt")
    assert sources.dossier_button.isEnabled() and sources.source is not None
    path = tmp_path / "brandt.md"
    assert window.exporter.export_dossier(sources.source.key, sources.source.name, path)
    wait_for_writes(qtbot, window)
    text = path.read_text(encoding="utf-8")
    assert "# Tomasz Brandt" in text and "> Voters deserve the truth," in text


@pytest.fixture
def guessing(qtbot: QtBot, tmp_path: Path, analyzer: Analyzer) -> Iterator[MainWindow]:
    """A window on a library where one speaker is found only through "She", in a dated
    article, beside an undated one."""
    folder = tmp_path / "guessing"
    store = Store.open(folder)
    store_article(store, analyzer, QUAY, "quay", published="2026-03-10")
    store_article(store, analyzer, FERRIES, "ferries")
    store.close()
    main_window = new_window(qtbot, folder)
    yield main_window
    main_window.close()


@contextmanager
def saving_as(path: Path) -> Iterator[None]:
    """Answer the next file dialog the window opens with ``path``, as a reader types it."""

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            timer.start(10)  # not open yet
            return
        dialog.selectFile(str(path))
        dialog.accept()

    timer = QTimer(singleShot=True)
    timer.timeout.connect(answer)
    timer.start(0)
    try:
        yield
    finally:
        timer.stop()


def test_a_dossier_leaves_guesses_out_and_says_how_many_or_takes_them_in_marked(
    qtbot: QtBot, guessing: MainWindow, tmp_path: Path
) -> None:
    sources = guessing.library.show_sources()
    wait_for_writes(qtbot, guessing)
    assert sources is not None and sources.choose("Lena Okafor")
    assert sources.dossier_button.isEnabled() and sources.guesses_button.isEnabled()
    plain = tmp_path / "okafor.md"
    with saving_as(plain):
        qtbot.mouseClick(sources.dossier_button, Qt.MouseButton.LeftButton)
        wait_for_writes(qtbot, guessing)
    text = plain.read_text(encoding="utf-8")
    assert "repairs to the east quay" in text and "the dredging" not in text
    told = guessing.message.label.text()
    assert guessing.message.isVisible() and str(plain) in told
    assert "1 statement with a guessed speaker was left out" in told
    assert "Export Dossier with Guesses" in told
    everything = tmp_path / "okafor-with-guesses.md"
    with saving_as(everything):
        qtbot.mouseClick(sources.guesses_button, Qt.MouseButton.LeftButton)
        wait_for_writes(qtbot, guessing)
    text = everything.read_text(encoding="utf-8")
    assert "the dredging would cost a further £1.2m" in text
    assert "— ⚠ check: Lena Okafor" in text
    assert "each marked “⚠ check:”" in guessing.message.label.text()
    assert sources.choose("Ann Holt")  # no guess among hers: nothing more to include
    assert sources.dossier_button.isEnabled() and not sources.guesses_button.isEnabled()


def test_figures_show_the_published_date_and_mark_a_guessed_speaker(
    qtbot: QtBot, guessing: MainWindow
) -> None:
    figures = guessing.library.show_figures()
    wait_for_writes(qtbot, guessing)
    assert figures is not None
    model = figures.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    rows = {
        model.index(r, headers.index("As written")).data(): {
            header: model.index(r, c).data() for c, header in enumerate(headers)
        }
        for r in range(model.rowCount())
    }
    guessed, named, undated = rows["£1.2m"], rows["£3m"], rows["$48 million"]
    assert guessed["Published"] == named["Published"] == "2026-03-10"
    assert guessed["Speaker"] == f"{REVIEW_MARK}Lena Okafor" and named["Speaker"] == "Lena Okafor"
    assert undated["Published"] == ""  # the day it was stored is not the day it was published


def cells(model: RecordModel, column: str) -> list[str]:
    """What one column of a view shows, row by row."""
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    return [str(model.index(r, headers.index(column)).data()) for r in range(model.rowCount())]


def test_the_views_show_a_published_date_as_given_and_reported_words_unquoted(
    qtbot: QtBot, tmp_path: Path, analyzer: Analyzer
) -> None:
    folder = tmp_path / "dated"
    store = Store.open(folder)
    store_article(store, analyzer, FERRIES, "ferries", published="2026-03-04T09:30:00+00:00")
    store_article(store, analyzer, COSTS, "costs", published="5 March 2026")
    store_article(store, analyzer, INQUIRY, "inquiry")
    store.close()
    window = new_window(qtbot, folder)
    sources = window.library.show_sources()
    wait_for_writes(qtbot, window)
    assert sources is not None and sources.choose("Kowalczyk")
    model = sources.statements_model
    published = dict(zip(cells(model, "Statement"), cells(model, "Published"), strict=True))
    assert published == {
        "Irene Kowalczyk: the harbour would get two electric ferries": "2026-03-04",
        "Irene Kowalczyk: “This is the cleanest fleet we have ever had,”": "2026-03-04",
        "Kowalczyk: The cost of the ferries has risen to $52 million": "5 March 2026",
        "Ms Kowalczyk: “We will not cut corners,”": "5 March 2026",
    }
    assert sources.choose("Tomasz Brandt")
    assert "" in cells(sources.statements_model, "Published")  # undated: no import time
    figures = window.library.show_figures()
    wait_for_writes(qtbot, window)
    assert figures is not None
    shown = dict(
        zip(cells(figures.model, "As written"), cells(figures.model, "Published"), strict=True)
    )
    assert shown["$48 million"] == "2026-03-04" and shown["$52 million"] == "5 March 2026"
    window.close()


def test_figures_sort_filter_and_export_what_is_shown(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    figures = window.library.show_figures()
    wait_for_writes(qtbot, window)
    assert figures is not None
    value = [c[0] for c in figures.model.columns].index("Value")
    figures.table.sortByColumn(value, Qt.SortOrder.DescendingOrder)
    values = [a.low for a in figures.shown()]
    assert values == sorted(values, reverse=True) and values[0] == 52e6
    figures.filter.setText("USD")
    assert {a.unit for a in figures.shown()} == {"USD"}
    assert figures.summary.text().startswith(
        f"{len(figures.shown())} of {figures.model.rowCount()} shown"
    )
    path = figures.write_csv(tmp_path / "money.csv")
    assert path is not None
    with path.open(encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    assert [r["text"] for r in rows] == [a.text for a in figures.shown()]
    assert rows[0]["speaker"] == "Kowalczyk" and rows[0]["title"] == "Ferry costs climb"


KESTRIA_MARCH = (
    "Jobs in Kestria\n\nKestria's unemployment rate was 5.2% in March, the statistics office said."
)
KESTRIA_BANK = (
    "A bank's view of Kestria\n\nThe jobless rate in Kestria rose to 5.8% in March, according to "
    "Omar Felle, an economist at Kestbank."
)
VALMORA_MARCH = (
    "Jobs in Valmora\n\nValmora's unemployment rate was 4.9% in March, the statistics office said."
)


def test_figures_are_grouped_by_measure_and_a_disagreement_is_marked_side_by_side(
    qtbot: QtBot, tmp_path: Path, analyzer: Analyzer
) -> None:
    """Issue 33: the Figures view says what each figure measures, whose and when, groups them
    by measure, and puts the figures on which sources disagree side by side, marked."""
    folder = tmp_path / "rates"
    store = Store.open(folder)
    store_article(store, analyzer, KESTRIA_MARCH, "kestria", "2026-04-02")
    store_article(store, analyzer, VALMORA_MARCH, "valmora", "2026-04-02")
    store_article(store, analyzer, KESTRIA_BANK, "kestbank", "2026-04-03")
    store.close()
    window = new_window(qtbot, folder)
    figures = window.library.show_figures()
    wait_for_writes(qtbot, window)
    assert figures is not None
    model = figures.model
    rows = list(
        zip(
            cells(model, "Group"),
            cells(model, "As written"),
            cells(model, "Measure"),
            cells(model, "Subject"),
            cells(model, "Time"),
            cells(model, "Sources"),
            cells(model, "Article"),
            cells(model, "Speaker"),
            strict=True,
        )
    )
    rates = [row[1:] for row in rows if row[0] == "unemployment rate"]
    disagree = f"⚠ {DISAGREE}"
    assert rates[:2] == [  # the two that disagree first, side by side, with article and speaker
        ("5.2%", "unemployment rate", "Kestria", "in March", disagree, "Jobs in Kestria", ""),
        (
            "5.8%",
            "The jobless rate",
            "Kestria",
            "in March",
            disagree,
            "A bank's view of Kestria",
            "Omar Felle",
        ),
    ]
    assert rates[2][:5] == ("4.9%", "unemployment rate", "Valmora", "in March", "")  # no dispute
    measures = [row[0] for row in rows]
    assert measures == sorted(measures, key=lambda m: (m == "", m))  # each group together
    assert figures.summary.text().endswith(f"{DISAGREE.lower()} on unemployment rate")
    window.close()


def test_library_search_finds_words_in_the_text_and_opens_at_them(
    qtbot: QtBot, window: MainWindow
) -> None:
    library = window.library.show_library()
    wait_for_writes(qtbot, window)
    assert library is not None
    assert library.proxy.rowCount() == 3
    library.query.setText("misled voters")
    library.refresh()
    assert library.summary.text() == "1 places hold “misled voters”"
    library.table.activated.emit(library.proxy.index(0, 0))
    wait_for_writes(qtbot, window)
    assert window.article is not None and window.article.title == "Ferry costs climb"
    assert window.view.textCursor().selectedText() == "misled voters"


def test_what_changed_lists_a_reworded_quote_and_a_revised_amount(
    qtbot: QtBot, tmp_path: Path
) -> None:
    path = tmp_path / "ferries.txt"
    path.write_text(FERRIES, encoding="utf-8")
    window = new_window(qtbot, tmp_path / "fresh")
    try:
        open_analysed(qtbot, window, path)
        assert not window.library.show_changes(window.article_id)  # one version so far
        assert "has one version" in window.message.label.text()
        path.write_text(
            FERRIES.replace("we have ever had", "this city has had").replace("$48", "$51"),
            encoding="utf-8",
        )
        with qtbot.waitSignal(window.analysis_shown, timeout=ANALYSIS_TIMEOUT_MS):
            assert window.reload_source()
        assert window.library.show_changes(window.article_id)
        qtbot.waitUntil(lambda: bool(window.library.dialogs), timeout=ANALYSIS_TIMEOUT_MS)
        dialog = window.library.dialogs[-1]
        assert isinstance(dialog, ChangesDialog)
        rows = [(c.kind, c.before, c.after) for _, c, _ in dialog.model.records]
        assert ("revised", "US$48 million", "US$51 million") in rows
        assert (
            "reworded",
            "This is the cleanest fleet we have ever had,",
            "This is the cleanest fleet this city has had,",
        ) in rows
        revised = next(n for n, (kind, _, _) in enumerate(rows) if kind == "revised")
        dialog.table.activated.emit(dialog.proxy.index(revised, 0))
        wait_for_writes(qtbot, window)
        assert window.view.textCursor().selectedText() == "$51 million"
        library = window.library.show_library()
        wait_for_writes(qtbot, window)
        assert library is not None and library.model.records[0].version_count == 1
    finally:
        window.close()


def test_stored_articles_without_an_analysis_are_analysed_in_the_background(
    qtbot: QtBot, tmp_path: Path
) -> None:
    folder = tmp_path / "data"
    store = Store.open(folder)
    for name, text in (("costs", COSTS), ("inquiry", INQUIRY)):
        store.add_article(article_from_text(text, source=f"/news/{name}.txt"))
    assert len(crossref.waiting_articles(store)) == 2
    window = new_window(qtbot, folder)
    try:
        qtbot.waitUntil(lambda: not crossref.waiting_articles(store), timeout=ANALYSIS_TIMEOUT_MS)
        qtbot.waitUntil(lambda: window.library.in_flight is None, timeout=ANALYSIS_TIMEOUT_MS)
        assert "2 article(s) analysed; none left to analyse" in window.status_text.text()
        assert "Tomasz Brandt" in {s.name for s in crossref.sources(store)}
    finally:
        window.close()
        store.close()


def test_analyses_made_before_the_index_are_copied_into_it_while_the_window_is_idle(
    qtbot: QtBot, window: MainWindow, data: Path
) -> None:
    store = Store.open(data)  # three analysed articles, none in the index yet
    try:

        def indexed() -> int:
            return int(store.connection.execute("SELECT count(*) FROM indexed").fetchone()[0])

        assert indexed() == 0
        qtbot.waitUntil(lambda: indexed() == 3, timeout=ANALYSIS_TIMEOUT_MS)  # no view opened
    finally:
        store.close()


def test_a_double_click_opens_the_row_once(qtbot: QtBot, window: MainWindow) -> None:
    library = window.library.show_library()
    wait_for_writes(qtbot, window)
    assert library is not None
    qtbot.waitExposed(library)
    opened: list[tuple[str, int, int]] = []
    library.open_requested.connect(lambda *row: opened.append(row))
    where = library.table.visualRect(library.proxy.index(0, 0)).center()
    # as the system delivers a double click: a click, then the second press as a double click
    qtbot.mouseClick(library.table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.mouseDClick(library.table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert len(opened) == 1 and window.article is not None
    qtbot.waitUntil(lambda: not window.library.dialogs)  # closed, and let go of


def test_a_long_article_becomes_searchable_without_the_window_indexing_it(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    path = tmp_path / "long.txt"
    paragraphs = [f"Paragraph {n} of the harbour review, on berths and tides." for n in range(2500)]
    path.write_text("Harbour review\n\n" + "\n\n".join([*paragraphs, "The word zanzibarite."]))
    assert path.stat().st_size > SEARCH_NOW_MAX_CHARS
    window.open_path(path)
    store = window.store
    assert store is not None
    qtbot.waitUntil(
        lambda: bool(library_search.search(store, "zanzibarite")), timeout=ANALYSIS_TIMEOUT_MS
    )


def test_the_article_being_read_is_not_analysed_again_in_the_background(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Shown, its analysis waits a moment before it is cached: the library's background work
    must not take the stored article for one never analysed and make it again."""
    monkeypatch.setattr(session_module, "CACHE_DELAY_MS", 600_000)
    window = new_window(qtbot, tmp_path / "data")
    path = tmp_path / "pier.txt"
    path.write_text("Pier Repairs\nThe council will spend £2m on the pier, Ana Lind said.")
    open_analysed(qtbot, window, path)
    window.library.next_job()
    assert window.library.in_flight is None
    window.close()
