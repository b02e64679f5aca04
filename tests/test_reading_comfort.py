"""A day of reading: find in the article, the facts filter across articles, a note written
without the mouse, the shortcuts list, light and dark themes, and the fact tree checked as a Qt
model."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from reader.core.analysis import Analyzer
from reader.core.fact_tree import build_fact_tree
from reader.core.highlights import HighlightIndex
from reader.core.kinds import (
    KIND_STYLES,
    MIN_CONTRAST,
    PAGES,
    Theme,
    contrast,
    kind_colour,
    wash_under_text,
)
from reader.core.loading import article_from_text
from reader.gui.app import MainWindow
from reader.gui.fact_panel import FactPanel
from reader.gui.formats import KIND_PROPERTY
from reader.gui.notes import NoteDialog
from tests.helpers import activate, new_window, open_analysed, open_shown, wait_for_writes

QUARRY = (
    "Quarry Plan Approved\n"
    "The county approved a new quarry near Felling on Tuesday. "
    "Councillor Maya Okafor said the quarry would bring 80 jobs.\n"
    '"The quarry will be quiet at night," said Tom Reyes, its manager.\n'
    "Residents of Felling said the road was already too busy for lorries."
)
LIBRARY = (
    "Library Reopens\n"
    "The town library reopened after a £2m refit, the council said.\n"
    '"It is brighter and warmer," said Ana Lind, the librarian.'
)


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    main_window = new_window(qtbot, tmp_path / "data")
    yield main_window
    main_window.close()


@pytest.fixture
def quarry(tmp_path: Path) -> Path:
    path = tmp_path / "quarry.txt"
    path.write_text(QUARRY, encoding="utf-8")
    return path


@pytest.fixture
def library(tmp_path: Path) -> Path:
    path = tmp_path / "library.txt"
    path.write_text(LIBRARY, encoding="utf-8")
    return path


def selected_words(window: MainWindow) -> str:
    return window.view.textCursor().selectedText()


def test_ctrl_f_finds_every_match_with_next_previous_and_a_count(
    qtbot: QtBot, window: MainWindow, quarry: Path, library: Path
) -> None:
    open_shown(qtbot, window, quarry)
    activate(qtbot, window)
    qtbot.keyClick(window.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    bar = window.find_bar
    assert bar.isVisible() and bar.field.hasFocus()
    qtbot.keyClicks(bar.field, "QUARRY")  # case does not matter
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert bar.count.text() == "1 of 4"
    assert selected_words(window) == "Quarry"
    first = window.view.textCursor().selectionStart()
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert bar.count.text() == "2 of 4" and selected_words(window) == "quarry"
    assert window.view.textCursor().selectionStart() > first
    qtbot.keyClick(bar.field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert bar.count.text() == "1 of 4"
    qtbot.keyClick(bar.field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert bar.count.text() == "4 of 4"  # round from the first to the last
    qtbot.keyClick(window, Qt.Key.Key_F3)
    assert bar.count.text() == "1 of 4"
    bar.field.setText("the road was")
    bar.search()
    assert bar.count.text() == "1 of 1" and selected_words(window) == "the road was"
    bar.field.setText("gravel")
    bar.search()
    assert bar.count.text() == "No matches"
    open_shown(qtbot, window, library)  # another article: its own matches
    bar.field.setText("library")
    bar.search()
    assert bar.count.text() == "1 of 2"
    qtbot.keyClick(bar.field, Qt.Key.Key_Escape)
    assert not bar.isVisible()


def test_the_facts_filter_has_its_own_key_counts_what_it_shows_and_is_cleared_by_another_article(
    qtbot: QtBot, window: MainWindow, quarry: Path, library: Path
) -> None:
    open_analysed(qtbot, window, quarry)
    panel = window.panel
    unfiltered = [panel.proxy.index(row, 0).data() for row in range(panel.proxy.rowCount())]
    said_all = next(label for label in unfiltered if label.startswith("Who said what"))
    quotes = int(said_all.rsplit("(", 1)[1].rstrip(")"))
    assert quotes >= 2
    activate(qtbot, window)
    qtbot.keyClick(
        window.view,
        Qt.Key.Key_F,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert panel.filter.hasFocus() and not window.find_bar.isVisible()
    qtbot.keyClicks(panel.filter, "quiet")
    qtbot.keyClick(panel.filter, Qt.Key.Key_Down)  # into the list, at once
    assert panel.tree.hasFocus()
    current = panel.current_fact()
    assert current is not None and window.analysis is not None
    assert "quiet" in window.analysis.facts[current].summary
    top = [panel.proxy.index(row, 0).data() for row in range(panel.proxy.rowCount())]
    said = next(label for label in top if label.startswith("Who said what"))
    assert said == f"Who said what (1 of {quotes})"
    panel.filter.clear()
    panel._apply_filter()
    top = [panel.proxy.index(row, 0) for row in range(panel.proxy.rowCount())]
    assert len(top) > 1 and all(panel.tree.isExpanded(group) for group in top)
    assert said_all in [group.data() for group in top]
    qtbot.keyClicks(panel.filter, "quarry")
    panel._apply_filter()
    open_analysed(qtbot, window, library)
    assert panel.filter.text() == ""
    assert panel.proxy.rowCount() == panel.model.rowCount() > 0


def test_a_note_written_from_the_keyboard_alone(
    qtbot: QtBot, window: MainWindow, quarry: Path
) -> None:
    open_analysed(qtbot, window, quarry)
    start = QUARRY.index("80 jobs")
    window.view.setTextCursor(window.view.cursor_for(start, start + len("80 jobs")))
    activate(qtbot, window)
    qtbot.keyClick(
        window.view,
        Qt.Key.Key_N,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    dialog = next(d for d in window.findChildren(NoteDialog) if d.isVisible())
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.body, timeout=2_000)
    qtbot.keyClicks(dialog.body, "Full-time or seasonal?")
    qtbot.keyClick(dialog.body, Qt.Key.Key_Tab)  # moves on, it does not type a tab
    assert QApplication.focusWidget() is dialog.tags
    assert dialog.body.toPlainText() == "Full-time or seasonal?"
    qtbot.keyClicks(dialog.tags, "jobs, check")
    qtbot.keyClick(dialog.tags, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    wait_for_writes(qtbot, window)
    assert not dialog.isVisible()
    assert window.store is not None and window.article_id is not None
    [note] = window.store.notes(window.article_id)
    assert (note.body, note.tags, note.anchor.exact) == (
        "Full-time or seasonal?",
        ("jobs", "check"),
        "80 jobs",
    )
    window.view.setTextCursor(window.view.cursor_for(start, start + 2))
    cancelled = window.add_note_for_selection()
    assert cancelled is not None
    qtbot.keyClicks(cancelled.body, "not this one")
    qtbot.keyClick(cancelled.body, Qt.Key.Key_Escape)
    assert not cancelled.isVisible() and len(window.store.notes(window.article_id)) == 1


def test_help_lists_the_keys_the_menus_really_have(window: MainWindow) -> None:
    dialog = window.show_shortcuts()
    table = dialog.table
    cells = [[table.item(row, column) for column in (1, 2)] for row in range(table.rowCount())]
    rows = {what.text(): keys.text() for keys, what in cells if keys and what}
    assert rows["Find in Article"] == "Ctrl+F"
    assert rows["Filter Facts"] == "Ctrl+Shift+F"
    assert rows["Save the note"] == "Ctrl+Enter"
    assert rows["Keyboard Shortcuts"] == "F1"
    dialog.close()


def test_the_fact_tree_and_its_filter_are_sound_qt_models(
    qtmodeltester: ModelTester, analyzer: Analyzer
) -> None:
    analysis = analyzer.analyze(article_from_text(QUARRY, source="quarry.txt"))
    panel = FactPanel()
    panel.set_facts(
        build_fact_tree(analysis), analysis.facts, HighlightIndex.from_analysis(analysis).counts
    )
    assert panel.model.rowCount(QModelIndex()) > 1
    qtmodeltester.check(panel.model)
    panel.filter.setText("quarry")
    panel._apply_filter()
    qtmodeltester.check(panel.proxy)


@pytest.fixture
def system_theme_after(window: MainWindow) -> Iterator[None]:
    """The palette is the application's: give it back as the other tests expect it."""
    yield
    window.reading.set_theme("system")


def test_themes_switch_the_whole_window_and_are_remembered(
    qtbot: QtBot, window: MainWindow, quarry: Path, tmp_path: Path, system_theme_after: None
) -> None:
    open_analysed(qtbot, window, quarry)
    person = QUARRY.index("Maya Okafor")
    window.view.show_fact(person, person + 1, person, person + 1)

    def page() -> int:
        return window.view.palette().color(QPalette.ColorRole.Base).lightness()

    def person_colour() -> str:
        """The colour the name is drawn in."""
        position = window.view.position_of(person)
        colours = [
            s.format.foreground().color().name()
            for s in window.view.extraSelections()
            if s.cursor.selectionStart() <= position < s.cursor.selectionEnd()
            and s.format.property(KIND_PROPERTY) == "person"
        ]
        return colours[0]

    window.reading.set_theme("dark")
    qtbot.waitUntil(lambda: page() < 60)  # the palette reaches the widgets by events
    colour = person_colour()
    assert colour == kind_colour("person", "dark")
    assert contrast(colour, PAGES["dark"].base) >= MIN_CONTRAST
    again = new_window(qtbot, tmp_path / "data")  # the next start keeps the choice
    assert [a.data() for a in again.reading.theme_actions.actions() if a.isChecked()] == ["dark"]
    again.close()
    window.reading.set_theme("light")
    qtbot.waitUntil(lambda: page() > 200)
    assert person_colour() == kind_colour("person", "light")


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_every_highlight_reads_on_both_pages(theme: Theme) -> None:
    page = PAGES[theme]
    for kind, style in KIND_STYLES.items():
        if style.background:  # the page's own letters on the wash
            assert contrast(page.text, wash_under_text(kind, theme)) >= MIN_CONTRAST, kind
        else:
            assert contrast(kind_colour(kind, theme), page.base) >= MIN_CONTRAST, kind


def test_an_article_reopens_where_the_reader_left_it(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, library: Path
) -> None:
    long = tmp_path / "ferries.txt"
    paragraphs = [
        f"Paragraph {n}. The ferry to the island left at {n % 12 + 1} o'clock, and the "
        "timetable on the pier said nothing about the winter crossings at all."
        for n in range(300)
    ]
    long.write_text("Ferry Timetables\n" + "\n".join(paragraphs), encoding="utf-8")
    open_shown(qtbot, window, long)
    qtbot.waitUntil(window.view.text_complete)
    bar = window.view.verticalScrollBar()
    bar.setValue(bar.maximum() * 2 // 3)  # the reader scrolls two thirds down
    left_at = window.view.first_offset_on_screen()
    assert left_at > 1_000
    open_shown(qtbot, window, library)
    assert window.view.first_offset_on_screen() < 100  # another article opens at its top
    open_shown(qtbot, window, long)
    qtbot.waitUntil(lambda: abs(window.view.first_offset_on_screen() - left_at) < 200)
    window.close()  # the place is kept for the next start too
    again = new_window(qtbot, tmp_path / "data")
    open_shown(qtbot, again, long)
    qtbot.waitUntil(lambda: abs(again.view.first_offset_on_screen() - left_at) < 200)
    again.close()


def test_the_panel_follows_the_text_size(window: MainWindow) -> None:
    before = window.panel.tree.font().pointSizeF()
    window.change_text_size(+4)
    assert window.panel.tree.font().pointSizeF() > before
    assert window.notes_panel.list.font().pointSizeF() > before
    window.change_text_size(0)
    assert window.panel.tree.font().pointSizeF() == pytest.approx(before)


def long_report(tmp_path: Path, paragraphs: int) -> Path:
    path = tmp_path / "report.txt"
    lines = [
        f"Section {n}. The ferry to the island left at {n % 12 + 1} o'clock, and the timetable "
        "on the pier said nothing about the winter crossings, the fares or the new quay."
        for n in range(paragraphs)
    ]
    path.write_text("Island Ferries\n" + "\n".join(lines) + "\nThe last word: gannets.", "utf-8")
    return path


def test_a_long_article_still_filling_finds_its_last_words_and_keeps_the_readers_move(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, library: Path
) -> None:
    report = long_report(tmp_path, 6_000)  # a megabyte: the text goes in slice by slice
    open_shown(qtbot, window, report)
    assert not window.view.text_complete()
    window.find_bar.open_bar()
    window.find_bar.field.setText("gannets")
    window.find_bar.search()  # the match is not in the document yet
    assert window.find_bar.count.text() == "1 of 1"
    qtbot.waitUntil(window.view.text_complete, timeout=60_000)
    assert selected_words(window) == "gannets"
    window.find_bar.close_bar()
    open_shown(qtbot, window, library)  # leave the report at its end…
    open_shown(qtbot, window, report)  # …and come back: the place is restored once filled, but
    window.view.show_fact(0, 6, 0, 6)  # the reader goes to the top before it is
    qtbot.waitUntil(window.view.text_complete, timeout=60_000)
    assert window.view.first_offset_on_screen() < 200


def test_a_correction_is_not_a_new_analysis(qtbot: QtBot, window: MainWindow, quarry: Path) -> None:
    open_analysed(qtbot, window, quarry)
    assert window.analysis is not None
    attributions = window.analysis.attributions
    index = next(i for i, item in enumerate(attributions) if "quiet" in item.content.text)
    with qtbot.assertNotEmitted(window.analysis_shown):
        assert window.corrector.reassign_speaker(index, "Maya Okafor")
        wait_for_writes(qtbot, window)
    assert window.analysis is not None and "1 corrected" in window.status_text.text()


@pytest.mark.parametrize("one_line", [False, True])
def test_a_long_text_keeps_every_offset_and_copies_as_its_own_words(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, one_line: bool
) -> None:
    path = long_report(tmp_path, 2_000)  # 300,000 characters; on one line, shown in paragraphs
    if one_line:
        path.write_text(path.read_text(encoding="utf-8").replace("\n", " "), encoding="utf-8")
    open_shown(qtbot, window, path)
    qtbot.waitUntil(window.view.text_complete, timeout=60_000)
    view, article = window.view, window.article
    assert article is not None
    document = view.document()
    text = article.text
    for offset in [*range(0, len(text), 797), len(text) - 1]:
        position = view.position_of(offset)
        assert view.offset_of(position) == offset
        if not text[offset].isspace():
            assert document.characterAt(position) == text[offset], offset
    start = text.index("Section 1500.")
    view.setTextCursor(view.cursor_for(start, start + len("Section 1500.")))
    assert view.textCursor().selectedText() == "Section 1500."
    view.setTextCursor(view.cursor_for(start, len(text) - 2))  # across the breaks it is shown with
    view.copy()
    assert QApplication.clipboard().text() == text[start : len(text) - 2]
