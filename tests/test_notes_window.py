"""Notes in the window, on a real store in a temporary folder: they last, and they can be undone."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QToolBar
from pytestqt.qtbot import QtBot

from reader.gui.app import MainWindow
from reader.gui.notes import NoteDialog
from tests.helpers import (
    ANALYSIS_TIMEOUT_MS,
    READ_TIMEOUT_MS,
    activate,
    new_window,
    open_analysed,
    open_refused,
    open_shown,
    point_of,
    wait_for_writes,
    write_note,
)

TEXT = (
    "Harbour Plan\n"
    "The council will spend £12m on the harbour wall, Mayor Ines Duarte said on Monday.\n"
    '"We cannot wait another winter," Duarte said.\n'
    "Critics called the plan rushed."
)


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "harbour.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    main_window = new_window(qtbot, tmp_path / "data")
    yield main_window
    main_window.close()


def add_note_by_hand(qtbot: QtBot, window: MainWindow, quote: str, body: str, tags: str) -> None:
    start = TEXT.index(quote)
    dialog = write_note(qtbot, window, start, start + len(quote), body, tags)
    assert not dialog.isVisible()  # saved


def test_notes_and_analysis_last_across_app_restarts(
    qtbot: QtBot, window: MainWindow, article: Path, tmp_path: Path
) -> None:
    open_analysed(qtbot, window, article)
    add_note_by_hand(
        qtbot, window, "the harbour wall", "Which wall? Ask for the map.", "infra, #budget"
    )
    assert window.notes_panel.list.count() == 1
    assert "note" in window.view.kinds_at(TEXT.index("harbour wall"))
    assert window.panel.legend.boxes["note"].text() == "Your notes 1"
    window.close()

    again = new_window(qtbot, tmp_path / "data")
    with qtbot.waitSignal(again.analysis_shown, timeout=2_000):  # from the cache: no model
        assert again.open_path(article)
    assert again.session.request is None
    assert "money" in again.view.kinds_at(TEXT.index("£12m"))
    assert again.notes_panel.list.count() == 1
    note = next(iter(again.view.notes.values()))
    assert (note.body, note.tags) == ("Which wall? Ask for the map.", ("infra", "budget"))
    assert "note" in again.view.kinds_at(TEXT.index("harbour wall"))
    again.close()


def test_deleting_a_note_is_undone_with_ctrl_z(
    qtbot: QtBot, window: MainWindow, article: Path
) -> None:
    open_analysed(qtbot, window, article)
    add_note_by_hand(qtbot, window, "rushed", "Whose view?", "")
    note_id = window.notes_panel.current_note()
    assert note_id is not None
    window.notes.delete_note(note_id)
    wait_for_writes(qtbot, window)
    assert window.notes_panel.list.count() == 0
    assert "note" not in window.view.kinds_at(TEXT.index("rushed"))
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    wait_for_writes(qtbot, window)
    assert window.notes_panel.list.count() == 1
    assert "note" in window.view.kinds_at(TEXT.index("rushed"))


def test_clicking_a_noted_passage_selects_its_note(
    qtbot: QtBot, window: MainWindow, article: Path
) -> None:
    open_analysed(qtbot, window, article)
    add_note_by_hand(qtbot, window, "Critics called", "first", "")
    add_note_by_hand(qtbot, window, "another winter", "second", "")
    window.notes_panel.list.setCurrentRow(-1)
    offset = TEXT.index("Critics called") + 2
    qtbot.mouseClick(
        window.view.viewport(), Qt.MouseButton.LeftButton, pos=point_of(window, offset)
    )
    current = window.notes_panel.current_note()
    assert current is not None and window.view.notes[current].body == "first"
    assert "first" in window.view.tooltip_at(point_of(window, offset))


def test_the_notes_list_shows_a_note_as_it_reads_not_its_markdown(
    qtbot: QtBot, window: MainWindow, article: Path
) -> None:
    open_analysed(qtbot, window, article)
    body = "**Ask** the _council_ for [the map](https://example.org/map), see `clause 4`"
    add_note_by_hand(qtbot, window, "Critics called", body, "follow-up")
    row = window.notes_panel.list.item(0)
    readable = "Ask the council for the map, see clause 4"
    assert row.text() == f"“Critics called”\n{readable}  #follow-up"
    assert readable in row.toolTip() and "**" not in row.toolTip()
    hover = window.view.tooltip_at(point_of(window, TEXT.index("Critics called") + 2))
    assert f"Your note: {readable}" in hover and "example.org" not in hover
    note = next(iter(window.view.notes.values()))
    assert note.body == body  # the Markdown itself is kept: the editor and exports use it
    dialog = window.notes.edit_note(note.id)
    assert dialog is not None and dialog.body.toPlainText() == body
    dialog.reject()


def test_adding_a_note_without_a_selection_explains_itself(
    qtbot: QtBot, window: MainWindow, article: Path
) -> None:
    open_shown(qtbot, window, article)
    window.view.setTextCursor(window.view.cursor_for(3))
    assert window.add_note_for_selection() is None
    assert "Select a passage" in window.message.label.text()


def test_library_opens_a_stored_article_without_its_file(
    qtbot: QtBot, window: MainWindow, article: Path
) -> None:
    open_analysed(qtbot, window, article)
    add_note_by_hand(qtbot, window, "harbour wall", "ferry terminal too?", "")
    with qtbot.waitSignal(window.article_shown, timeout=READ_TIMEOUT_MS):
        window.opener.open_sample()
    article.unlink()
    library = window.library.show_library()
    assert library is not None
    library.query.setText("ferry")  # note text is searchable
    library.refresh()
    assert library.proxy.rowCount() == 1
    library.table.activated.emit(library.proxy.index(0, 0))
    wait_for_writes(qtbot, window)
    assert window.article is not None and window.article.text == TEXT
    assert window.notes_panel.list.count() == 1


def test_export_from_the_window_writes_markdown(
    qtbot: QtBot, window: MainWindow, article: Path, tmp_path: Path
) -> None:
    open_analysed(qtbot, window, article)
    add_note_by_hand(qtbot, window, "harbour wall", "# check the budget", "infra")
    out = tmp_path / "export.md"
    assert window.exporter.export_notes(out)
    text = out.read_text(encoding="utf-8")
    assert "> harbour wall" in text and "\\# check the budget" in text
    assert "## Who said what" in text  # the window's analysis goes along


def test_a_note_can_be_attached_to_a_fact(qtbot: QtBot, window: MainWindow, article: Path) -> None:
    open_analysed(qtbot, window, article)
    assert window.analysis is not None
    money = next(i for i, f in enumerate(window.analysis.facts) if f.kind == "money")
    dialog = window.notes.add_for_fact(money)
    assert dialog is not None
    dialog.body.setPlainText("Is this the whole budget?")
    dialog.accept()
    wait_for_writes(qtbot, window)
    note = next(iter(window.view.notes.values()))
    assert note.anchor.exact == "£12m"
    assert note.fact_ref == window.analysis.facts[money].ref


def test_toolbar_add_note_opens_the_editor_for_the_selection(
    qtbot: QtBot, window: MainWindow, article: Path
) -> None:
    open_shown(qtbot, window, article)
    start = TEXT.index("harbour wall")
    window.view.setTextCursor(window.view.cursor_for(start, start + len("harbour wall")))
    toolbar = window.findChild(QToolBar, "mainToolbar")
    assert toolbar is not None
    add = next(a for a in toolbar.actions() if a.text() == "Add &Note…")
    button = toolbar.widgetForAction(add)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialogs = [d for d in window.findChildren(NoteDialog) if d.isVisible()]
    assert len(dialogs) == 1
    dialogs[0].body.setPlainText("from the toolbar")
    dialogs[0].accept()
    wait_for_writes(qtbot, window)
    assert [n.body for n in window.view.notes.values()] == ["from the toolbar"]


def test_reload_from_source_reads_the_changed_file(
    qtbot: QtBot, window: MainWindow, article: Path
) -> None:
    open_analysed(qtbot, window, article)
    article.write_text(TEXT.replace("£12m", "£15m"), encoding="utf-8")
    with qtbot.waitSignal(window.analysis_shown, timeout=ANALYSIS_TIMEOUT_MS):
        assert window.reload_source()
    assert window.article is not None and "£15m" in window.article.text
    assert window.store is not None and window.article_id is not None
    assert ["£12m" in v.text for v in window.store.versions(window.article_id)] == [True]


def test_a_store_warning_stays_until_dismissed(qtbot: QtBot, tmp_path: Path, article: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "factreader.sqlite3").write_bytes(b"this is not a database, just some bytes " * 50)
    window = new_window(qtbot, data)
    assert window.store_notice.isVisible()
    assert "was damaged" in window.store_notice.label.text()
    open_analysed(qtbot, window, article)  # opening an article does not hide it
    assert window.store_notice.isVisible()
    window.close()


def test_markup_in_a_file_name_is_shown_as_text(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    odd = tmp_path / "<b>bold<b><img src=x onerror=alert(1)>.txt"
    odd.write_text("", encoding="utf-8")
    open_refused(qtbot, window, odd)
    label = window.message.label
    assert label.textFormat() == Qt.TextFormat.PlainText
    assert "<b>bold<b><img src=x" in label.text()


def test_a_store_held_by_another_program_still_opens_the_whole_article(
    qtbot: QtBot, window: MainWindow, article: Path
) -> None:
    assert window.store is not None
    other = sqlite3.connect(window.store.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    try:
        open_analysed(qtbot, window, article)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert window.view.toPlainText() == TEXT
    assert window.analysis is not None and window.analysis.attributions
    assert window.message.isVisible()
    assert "in use by another program" in window.message.label.text()
    assert window.status_text.text() != "Analysing…"


HOSTILE = (
    "Port <b>deal</b> <img src=x onerror=alert(1)>\n"
    "The council will spend £12m on the <i>wall</i>, Mayor Ines Duarte said. It must not wait "
    "another winter, she said."
)


def test_markup_from_an_article_or_a_note_is_shown_as_text_everywhere(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    path = tmp_path / "<b>port<i>.txt"
    path.write_text(HOSTILE, encoding="utf-8")
    open_analysed(qtbot, window, path)
    start = HOSTILE.index("another")
    window.view.setTextCursor(window.view.cursor_for(start, start + len("another")))
    dialog = window.add_note_for_selection()
    assert dialog is not None
    dialog.body.setPlainText("<u>check</u> this")
    dialog.accept()
    wait_for_writes(qtbot, window)
    window.view.setTextCursor(window.view.cursor_for(start, start + len("another")))
    shown = window.add_note_for_selection()
    assert shown is not None
    labels = window.findChildren(QLabel) + shown.findChildren(QLabel)
    assert labels and all(label.textFormat() == Qt.TextFormat.PlainText for label in labels)
    shown.reject()
    tooltips = [window.notes_panel.list.item(0).toolTip()]
    model = window.panel.model
    tooltips += [
        str(model.data(model.index(row, 0, model.index(group, 0)), Qt.ItemDataRole.ToolTipRole))
        for group in range(model.rowCount())
        for row in range(model.rowCount(model.index(group, 0)))
    ]
    assert "&lt;u&gt;check&lt;/u&gt;" in tooltips[0]
    assert any("&lt;i&gt;wall&lt;/i&gt;" in tip for tip in tooltips), tooltips
    assert not any(tag in tip for tip in tooltips for tag in ("<i>", "<u>", "<img", "<b>"))
