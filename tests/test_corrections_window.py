"""Corrections in the window, on a real store: a guess is marked, a fix shows everywhere, lasts,
and can be undone. The article is invented."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QLabel, QMenu
from pytestqt.qtbot import QtBot

from reader.cli import main
from reader.core.corrections import Correction
from reader.core.export import article_markdown
from reader.core.review import REVIEW_MARK
from reader.core.store import Store
from reader.gui.app import MainWindow
from reader.gui.fact_panel import FACT_ROLE
from tests.helpers import (
    ANALYSIS_TIMEOUT_MS,
    DAM,
    DAM_INNER,
    DAM_OUTER,
    DAM_SURVEY,
    activate,
    new_window,
    open_analysed,
    point_of,
    wait_for_writes,
)

TEXT = (
    "Harbour row deepens\n\n"
    "Ana Ruiz accused the mayor of neglecting the harbour on Monday. Tomas Berg denied it. "
    '"We have always backed the harbour and we always will," he said.\n\n'
    "The Harbour Trust gave £2m to the dockers. Ana Ruiz met the Trust's board.\n\n"
    "Later Ruiz spoke to dockers at the gates."
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


def quote_index(window: MainWindow, words: str) -> int:
    assert window.analysis is not None
    found = [i for i, a in enumerate(window.analysis.attributions) if words in a.content.text]
    assert len(found) == 1
    return found[0]


def panel_rows(window: MainWindow) -> list[str]:
    proxy = window.panel.proxy
    rows: list[str] = []

    def walk(parent: object) -> None:
        for row in range(proxy.rowCount(parent)):  # type: ignore[arg-type]
            index = proxy.index(row, 0, parent)  # type: ignore[arg-type]
            rows.append(str(index.data()))
            walk(index)

    from PySide6.QtCore import QModelIndex

    walk(QModelIndex())
    return rows


def group(window: MainWindow, title: str) -> list[str]:
    proxy = window.panel.proxy
    for row in range(proxy.rowCount()):
        heading = proxy.index(row, 0)
        if str(heading.data()).startswith(title):
            return [str(proxy.index(r, 0, heading).data()) for r in range(proxy.rowCount(heading))]
    return []


def tooltip_at_words(window: MainWindow, words: str) -> str:
    return window.view.tooltip_at(point_of(window, TEXT.index(words) + 1))


def test_a_pronoun_speaker_is_marked_and_listed_for_review(
    qtbot: QtBot, window: MainWindow, article: Path
) -> None:
    open_analysed(qtbot, window, article)
    he = TEXT.index(" he said") + 1
    assert "review" in window.view.kinds_at(he)
    assert any(row.startswith(REVIEW_MARK) for row in panel_rows(window))
    tip = tooltip_at_words(window, "he said")
    assert "Needs review: from the pronoun “he”" in tip
    window.panel.review_only.setChecked(True)
    rows = panel_rows(window)
    assert rows[0].startswith("Needs review (1)")
    assert "we always will" in rows[1] and "from the pronoun “he”" in rows[1]
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_F9)
    current = window.panel.current_fact()
    assert current is not None and window.analysis is not None
    assert window.analysis.facts[current].subject == "Tomas Berg"


def test_reassigning_shows_in_panel_tooltip_export_and_lasts(
    qtbot: QtBot, window: MainWindow, article: Path, tmp_path: Path
) -> None:
    open_analysed(qtbot, window, article)
    assert window.corrector.reassign_speaker(quote_index(window, "always will"), "Lena Holm")
    wait_for_writes(qtbot, window)
    assert any(row.startswith("✎ Lena Holm") for row in panel_rows(window))
    assert "✎ " in " ".join(panel_rows(window))
    tip = tooltip_at_words(window, "he said")
    assert "Speaker: Lena Holm" in tip and "Corrected by you" in tip
    assert "review" not in window.view.kinds_at(TEXT.index(" he said") + 1)
    assert "corrected" in window.view.kinds_at(TEXT.index(" he said") + 1)
    # the export with facts uses the corrected speaker and says so
    assert window.store is not None and window.article_id is not None and window.article
    summary = window.store.article_summary(window.article_id)
    assert summary is not None
    markdown = article_markdown(window.article, summary, [], window.analysis)
    line = next(x for x in markdown.splitlines() if "always will" in x)
    assert "Lena Holm" in line and "corrected by you" in line
    window.close()

    # closing and reopening the app
    again = new_window(qtbot, tmp_path / "data")
    open_analysed(qtbot, again, article)
    assert again.analysis is not None
    item = again.analysis.attributions[quote_index(again, "always will")]
    assert item.speaker_name == "Lena Holm" and item.corrected
    again.close()


def test_correction_survives_an_edited_source_analysed_again(
    qtbot: QtBot, window: MainWindow, article: Path, tmp_path: Path
) -> None:
    open_analysed(qtbot, window, article)
    assert window.corrector.reassign_speaker(quote_index(window, "always will"), "Lena Holm")
    wait_for_writes(qtbot, window)
    window.close()
    # a new text has no cached analysis: it is analysed again, offsets moved
    article.write_text("Breaking: a new first line.\n\n" + TEXT, encoding="utf-8")
    again = new_window(qtbot, tmp_path / "data")
    open_analysed(qtbot, again, article)
    assert again.session.raw is not None and again.session.raw.cache_payload is not None
    assert again.analysis is not None
    item = again.analysis.attributions[quote_index(again, "always will")]
    assert item.speaker_name == "Lena Holm"
    again.close()


def test_undo_and_redo_a_correction(qtbot: QtBot, window: MainWindow, article: Path) -> None:
    open_analysed(qtbot, window, article)
    index = quote_index(window, "always will")
    assert window.corrector.reassign_speaker(index, "Lena Holm")
    wait_for_writes(qtbot, window)
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    wait_for_writes(qtbot, window)
    assert window.analysis is not None
    assert window.analysis.attributions[index].speaker_name == "Tomas Berg"
    assert window.store is not None and window.article_id is not None
    assert window.store.corrections(window.article_id) == []
    qtbot.keyClick(
        window,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    wait_for_writes(qtbot, window)
    assert window.analysis.attributions[index].speaker_name == "Lena Holm"
    assert len(window.store.corrections(window.article_id)) == 1


def test_not_an_attribution_removes_it_everywhere(
    qtbot: QtBot, window: MainWindow, article: Path
) -> None:
    open_analysed(qtbot, window, article)
    before = len(window.analysis.attributions) if window.analysis else 0
    assert window.corrector.not_attribution(quote_index(window, "always will"))
    wait_for_writes(qtbot, window)
    assert window.analysis is not None
    assert len(window.analysis.attributions) == before - 1
    assert "content" not in window.view.kinds_at(TEXT.index("always will"))
    assert not any("always will" in row for row in panel_rows(window))


def test_merge_and_type_change_move_names_between_groups(
    qtbot: QtBot, window: MainWindow, article: Path
) -> None:
    open_analysed(qtbot, window, article)
    people = group(window, "People")
    assert any("Ana Ruiz" in row for row in people)
    organisations = group(window, "Organisations")
    trust = next(row for row in organisations if "Harbour Trust" in row)
    assert window.corrector.change_type("Harbour Trust", "person")
    wait_for_writes(qtbot, window)
    assert any("Harbour Trust" in row for row in group(window, "People"))
    assert trust not in group(window, "Organisations")
    assert window.corrector.same_as("Tomas Berg", "Ana Ruiz")
    wait_for_writes(qtbot, window)
    people = group(window, "People")
    assert not any(row.startswith(("Tomas Berg", "✎ Tomas Berg")) for row in people)
    merged = next(row for row in people if "Ana Ruiz" in row)
    assert merged.startswith("✎ ")


def test_store_keeps_the_correction_for_the_command_line(
    qtbot: QtBot, window: MainWindow, article: Path, tmp_path: Path
) -> None:
    open_analysed(qtbot, window, article)
    index = quote_index(window, "always will")
    window.panel.select_fact(
        next(
            i
            for i, f in enumerate(window.analysis.facts if window.analysis else ())
            if f.ref == f"attribution/{index}"
        )
    )
    current = window.panel.tree.currentIndex()
    assert isinstance(current.data(FACT_ROLE), int)
    assert window.corrector.reassign_speaker(index, "Lena Holm")
    wait_for_writes(qtbot, window)
    window.close()
    store = Store.open(tmp_path / "data")
    corrections = store.corrections()
    assert [c.kind for c in corrections] == ["speaker"]
    assert corrections[0].value == "Lena Holm"
    store.close()


NESTED, OUTER, INNER, SURVEY = DAM, DAM_OUTER, DAM_INNER, DAM_SURVEY


@pytest.fixture
def nested(tmp_path: Path) -> Path:
    path = tmp_path / "dam.txt"
    path.write_text(NESTED, encoding="utf-8")
    return path


def contents(window: MainWindow) -> list[str]:
    assert window.analysis is not None
    return [a.content.text for a in window.analysis.attributions]


def fact_of(window: MainWindow, words: str) -> int:
    """The panel's fact for the attribution whose words are exactly ``words``."""
    assert window.analysis is not None
    index = contents(window).index(words)
    return next(i for i, f in enumerate(window.analysis.facts) if f.ref == f"attribution/{index}")


def menu_entries(menu: QMenu) -> dict[str, QAction]:
    """A context menu's entries by their text, those of its submenus too."""
    found: dict[str, QAction] = {}
    for action in menu.actions():
        sub = action.menu()
        if isinstance(sub, QMenu):
            found.update(menu_entries(sub))
        found[action.text()] = action
    return found


def panel_menu(window: MainWindow, fact: int) -> dict[str, QAction]:
    """The entries a right-click on the fact in the panel offers."""
    menu = QMenu(window)
    assert window.panel.menu_filler is not None
    window.panel.menu_filler(menu, fact)
    return menu_entries(menu)


def text_menu(window: MainWindow, fact: int) -> dict[str, QAction]:
    """The entries a right-click on the fact in the text offers, with the text's selection."""
    menu = QMenu(window)
    window.corrector.fill_menu(menu, fact, window.notes.selection())
    return menu_entries(menu)


def right_click_menu(window: MainWindow, point: QPoint) -> dict[str, QAction]:
    """The entries the text's own right-click menu offers at ``point``, read while it is open
    and then closed, as the reader would dismiss it."""
    shown: list[QMenu] = []

    def read_and_close() -> None:
        menu = QApplication.activePopupWidget()
        if isinstance(menu, QMenu):
            shown.append(menu)
            menu.close()

    QTimer.singleShot(0, read_and_close)  # runs in the menu's own event loop
    window.view.customContextMenuRequested.emit(point)
    assert len(shown) == 1
    return menu_entries(shown[0])


def reloaded(qtbot: QtBot, window: MainWindow, path: Path, text: str) -> None:
    """The source file edited and reloaded (F5): its text is analysed again."""
    path.write_text(text, encoding="utf-8")
    activate(qtbot, window)
    with qtbot.waitSignal(window.analysis_shown, timeout=ANALYSIS_TIMEOUT_MS):
        qtbot.keyClick(window, Qt.Key.Key_F5)
    assert window.article is not None and window.article.text == text
    assert window.session.raw is not None and window.session.raw.cache_payload is not None


# a popup menu asks for what the offscreen platform cannot do; harmless there, as in pyproject
@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing the keyboard)")
def test_a_right_click_on_a_quote_offers_a_note_and_its_corrections(
    qtbot: QtBot, window: MainWindow, article: Path
) -> None:
    open_analysed(qtbot, window, article)
    offered = right_click_menu(window, point_of(window, TEXT.index("always will")))
    assert {"Reassign Speaker…", "Not an Attribution", "Change Quote Extent…"} <= set(offered)
    assert not offered["Add Note…"].isEnabled()  # nothing is selected
    assert "Add Attribution from Selection…" not in offered
    start = TEXT.index("Later Ruiz")
    on_selection = point_of(window, start + 2)  # (this moves the cursor: select after it)
    window.view.setTextCursor(window.view.cursor_for(start, start + len("Later Ruiz spoke")))
    offered = right_click_menu(window, on_selection)
    assert offered["Add Note…"].isEnabled()
    assert "Add Attribution from Selection…" in offered


def test_not_an_attribution_on_a_nested_statement_removes_that_one(
    qtbot: QtBot, window: MainWindow, nested: Path, tmp_path: Path
) -> None:
    open_analysed(qtbot, window, nested)
    assert {OUTER, INNER} <= set(contents(window))
    inner = window.analysis.attributions[contents(window).index(INNER)] if window.analysis else None
    assert inner is not None and inner.cue is not None
    panel_menu(window, fact_of(window, INNER))["Not an Attribution"].trigger()
    wait_for_writes(qtbot, window)
    assert OUTER in contents(window) and INNER not in contents(window)
    assert any(OUTER in row for row in panel_rows(window))
    assert not any(INNER in row and OUTER not in row for row in panel_rows(window))
    # the store names the inner statement by its words and its cue
    assert window.store is not None and window.article_id is not None
    (made,) = window.store.corrections(window.article_id)
    assert made.kind == "not_attribution" and made.anchor.exact == INNER
    assert made.cue == (inner.cue.start, inner.cue.end)

    # a new first paragraph in the source, reloaded: analysed again, the same one removed
    edited = NESTED.replace("\n\n", "\n\nAn update at noon.\n\n", 1)
    reloaded(qtbot, window, nested, edited)
    assert OUTER in contents(window) and INNER not in contents(window)
    (kept,) = window.store.corrections(window.article_id)
    cue = edited.index("claimed")
    assert kept.anchor.start == edited.index(INNER) and kept.cue == (cue, cue + len("claimed"))
    window.close()

    # and so after reopening
    again = new_window(qtbot, tmp_path / "data")
    open_analysed(qtbot, again, nested)
    assert OUTER in contents(again) and INNER not in contents(again)
    again.close()


def test_a_nested_statement_no_longer_found_keeps_its_correction_aside(
    qtbot: QtBot, window: MainWindow, nested: Path
) -> None:
    open_analysed(qtbot, window, nested)
    panel_menu(window, fact_of(window, INNER))["Not an Attribution"].trigger()
    wait_for_writes(qtbot, window)
    assert OUTER in contents(window) and INNER not in contents(window)
    # the source is edited so that the nested statement is no longer found: its correction
    # finds nothing to correct, and the statement around it stays
    around = "the auditors' view was that the dam was unsafe"
    reloaded(qtbot, window, nested, NESTED.replace(OUTER, around))
    assert around in contents(window)
    message = window.message.label.text()
    assert "1 correction no longer finds what it corrected" in message
    assert f"“{INNER}” is not an attribution" in message
    assert window.store is not None and window.article_id is not None
    kept = window.store.corrections(window.article_id)
    assert [c.kind for c in kept] == ["not_attribution"]  # kept, never dropped
    dialog = window.corrector.show_corrections()
    assert dialog.list.item(0).text() == (
        f"“{INNER}” is not an attribution (lost: what it corrected is no longer found)"
    )
    dialog.close()


def test_a_quote_set_to_the_selection_ends_earlier_and_undoes(
    qtbot: QtBot, window: MainWindow, nested: Path
) -> None:
    open_analysed(qtbot, window, nested)
    long_quote = next(words for words in contents(window) if SURVEY in words)
    fact = fact_of(window, long_quote)
    # Change Quote Extent… selects the quote's words for the analyst to move their ends
    text_menu(window, fact)["Change Quote Extent…"].trigger()
    wait_for_writes(qtbot, window)
    assert window.notes.selection() == (
        NESTED.index(long_quote),
        NESTED.index(long_quote) + len(long_quote),
    )
    assert "Set Quote to Selection" not in text_menu(window, fact)
    start = NESTED.index(SURVEY)
    window.view.setTextCursor(window.view.cursor_for(start, start + len(SURVEY)))
    text_menu(window, fact)["Set Quote to Selection"].trigger()
    wait_for_writes(qtbot, window)
    assert SURVEY in contents(window) and long_quote not in contents(window)
    assert "content" not in window.view.kinds_at(NESTED.index("rushed it"))
    assert "content" in window.view.kinds_at(NESTED.index("stale data"))
    assert window.store is not None and window.article_id is not None
    (made,) = window.store.corrections(window.article_id)
    assert made.kind == "extent" and made.value == SURVEY
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    wait_for_writes(qtbot, window)
    assert long_quote in contents(window)
    assert window.store.corrections(window.article_id) == []


def test_an_extent_outside_the_quote_is_refused_with_a_message(
    qtbot: QtBot, window: MainWindow, nested: Path
) -> None:
    open_analysed(qtbot, window, nested)
    index = contents(window).index(INNER)
    engineers = NESTED.index("Engineers")
    window.corrector.change_extent(index, engineers, engineers + 9)
    wait_for_writes(qtbot, window)
    assert "is not part of the quote" in window.message.label.text()
    assert window.store is not None and window.article_id is not None
    assert window.store.corrections(window.article_id) == []
    assert INNER in contents(window)


def test_my_correction_is_removed_from_the_fact_or_the_list_and_undone(
    qtbot: QtBot, window: MainWindow, nested: Path
) -> None:
    open_analysed(qtbot, window, nested)
    assert window.corrector.reassign_speaker(contents(window).index(INNER), "Eva Stone")
    wait_for_writes(qtbot, window)
    assert window.corrector.not_attribution(contents(window).index(OUTER))
    wait_for_writes(qtbot, window)
    entries = panel_menu(window, fact_of(window, INNER))
    remove = entries[f"speaker of “{INNER}” is Eva Stone"]
    remove.trigger()
    wait_for_writes(qtbot, window)
    assert window.analysis is not None
    assert window.analysis.attributions[contents(window).index(INNER)].speaker_name is None
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    wait_for_writes(qtbot, window)
    speaker = window.analysis.attributions[contents(window).index(INNER)].speaker_name
    assert speaker == "Eva Stone"

    # the outer statement is gone from the panel: its correction is taken back from the list
    dialog = window.corrector.show_corrections()
    qtbot.waitUntil(dialog.isActiveWindow)  # its keys work at once
    rows = [dialog.list.item(row).text() for row in range(dialog.list.count())]
    assert rows == [f"speaker of “{INNER}” is Eva Stone", f"“{OUTER}” is not an attribution"]
    dialog.list.setCurrentRow(1)
    qtbot.mouseClick(dialog.delete, Qt.MouseButton.LeftButton)
    wait_for_writes(qtbot, window)
    assert OUTER in contents(window)
    assert dialog.list.count() == 1
    qtbot.keyClick(dialog.list, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    wait_for_writes(qtbot, window)
    assert OUTER not in contents(window)
    assert dialog.list.count() == 2
    # the Delete key takes back the one chosen
    dialog.list.setCurrentRow(0)
    qtbot.keyClick(dialog.list, Qt.Key.Key_Delete)
    wait_for_writes(qtbot, window)
    assert window.analysis is not None
    assert window.analysis.attributions[contents(window).index(INNER)].speaker_name is None
    assert [c.kind for c in window.corrector.corrections()] == ["not_attribution"]
    dialog.close()


def test_reassign_offers_the_names_nearest_the_quote_first(
    qtbot: QtBot, window: MainWindow, nested: Path
) -> None:
    open_analysed(qtbot, window, nested)
    dialog = window.corrector.ask_speaker(contents(window).index(OUTER))
    assert dialog is not None
    names = [dialog.names.itemText(i) for i in range(dialog.names.count())]
    # the council is named three times, but the former minister is named by the quote
    assert names[0] == "Peter Lund" and "Northfield Council" in names[1:]
    assert dialog.names.currentText() == "Peter Lund"
    question = dialog.findChild(QLabel)
    assert question is not None and f"“{OUTER}”" in question.text()
    dialog.names.setCurrentText("Eva Stone")
    dialog.accept()
    wait_for_writes(qtbot, window)
    assert window.analysis is not None
    assert window.analysis.attributions[contents(window).index(OUTER)].speaker_name == "Eva Stone"
    # a speaker the analysis found but could not name is filled in as the panel shows it
    other = window.corrector.ask_speaker(contents(window).index(INNER))
    assert other is not None and other.names.currentText() == "the auditors"
    assert [other.names.itemText(i) for i in range(2)] == names[:2]
    other.reject()


def test_the_window_refuses_what_the_command_line_refuses(
    qtbot: QtBot, window: MainWindow, article: Path
) -> None:
    open_analysed(qtbot, window, article)
    # "Ruiz" is the display name of Ana Ruiz: judged on the article's names, as the CLI does
    window.corrector.same_as("Ana Ruiz", "Ruiz")
    wait_for_writes(qtbot, window)
    assert "already one name" in window.message.label.text()
    window.corrector.same_as("Ana Ruiz", "Nobody Here")
    wait_for_writes(qtbot, window)
    assert "no name 'Nobody Here'" in window.message.label.text()
    assert window.store is not None and window.article_id is not None
    assert window.store.corrections(window.article_id) == []


FERRY = (
    "Ferry fares\n\n"
    "Rosa Lind said the ferry would stop. Omar Hale said it would not. Ida Berg said the fares "
    "would rise. Jon Vik said nothing would change. Kai Moss said the council was wrong."
)


def removable(window: MainWindow, words: str) -> list[str]:
    """What Remove My Correction offers on the statement whose words are ``words``."""
    entries = panel_menu(window, fact_of(window, words))
    return [text for text in entries if text.startswith(("speaker of", "“"))]


def test_remove_my_correction_stays_with_its_statement_when_a_name_changes(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    path = tmp_path / "ferry.txt"
    path.write_text(FERRY, encoding="utf-8")
    open_analysed(qtbot, window, path)
    first = contents(window).index("the ferry would stop")
    assert window.corrector.reassign_speaker(first, "Omar Hale")
    wait_for_writes(qtbot, window)
    assert window.corrector.rename("Omar Hale", "Omar Hale Jr")
    wait_for_writes(qtbot, window)
    assert window.corrector.same_as("Kai Moss", "Jon Vik")
    wait_for_writes(qtbot, window)
    offered = {words: removable(window, words) for words in contents(window)}
    assert offered == {
        "the ferry would stop": ["speaker of “the ferry would stop” is Omar Hale"],
        "it would not": [],
        "the fares would rise": [],
        "nothing would change": [],
        "the council was wrong": [],
    }


def test_a_statement_i_added_is_removed_from_its_menu(
    qtbot: QtBot, window: MainWindow, nested: Path
) -> None:
    open_analysed(qtbot, window, nested)
    words = "Northfield Council wants it closed"
    assert words not in contents(window)
    start = NESTED.index(words)
    window.view.setTextCursor(window.view.cursor_for(start, start + len(words)))
    selection = window.notes.selection()
    assert selection is not None
    dialog = window.corrector.ask_added(selection)
    dialog.names.setCurrentText("Northfield Council")
    dialog.accept()
    wait_for_writes(qtbot, window)
    assert words in contents(window)
    added = f"“{words}” was said by Northfield Council"
    assert removable(window, words) == [added]
    assert removable(window, OUTER) == []
    panel_menu(window, fact_of(window, words))[added].trigger()
    wait_for_writes(qtbot, window)
    assert words not in contents(window)
    assert window.corrector.corrections() == []
    activate(qtbot, window)  # as a desktop does once a dialog closes (offscreen has none)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    wait_for_writes(qtbot, window)
    assert words in contents(window)
    assert removable(window, words) == [added]


def test_undo_puts_back_a_removed_correction_whose_id_the_command_line_took(
    qtbot: QtBot, window: MainWindow, nested: Path, tmp_path: Path
) -> None:
    made = inner_said_by_eva_stone(qtbot, window, nested)
    panel_menu(window, fact_of(window, INNER))[f"speaker of “{INNER}” is Eva Stone"].trigger()
    wait_for_writes(qtbot, window)
    assert window.corrector.corrections() == []
    # meanwhile the command line corrects the article, and its correction gets the freed id
    (other,) = valve_said_by_ida_berg(window, tmp_path)
    assert other.id == made.id
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    wait_for_writes(qtbot, window)
    assert speakers(window) == {INNER: "Eva Stone", VALVE: "Ida Berg"}
    back = {c.uid: c.id for c in window.corrector.corrections()}
    assert back[other.uid] == other.id and back[made.uid] != made.id
    # redone and undone again: the one taken back is the window's own, whatever its id now
    qtbot.keyClick(window, Qt.Key.Key_Z, SHIFT_CONTROL)
    wait_for_writes(qtbot, window)
    assert [c.uid for c in window.corrector.corrections()] == [other.uid]
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    wait_for_writes(qtbot, window)
    assert speakers(window) == {INNER: "Eva Stone", VALVE: "Ida Berg"}


def test_undo_never_takes_back_a_correction_the_command_line_made(
    qtbot: QtBot, window: MainWindow, nested: Path, tmp_path: Path
) -> None:
    made = inner_said_by_eva_stone(qtbot, window, nested)
    # the command line takes it back and makes another, which gets its id
    assert main(["corrections", "delete", str(made.id), "--data-dir", str(tmp_path / "data")]) == 0
    (other,) = valve_said_by_ida_berg(window, tmp_path)
    assert other.id == made.id
    # undoing the window's correction finds nothing of its own left to take back
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    wait_for_writes(qtbot, window)
    assert [c.uid for c in window.corrector.corrections()] == [other.uid]
    assert speakers(window) == {INNER: None, VALVE: "Ida Berg"}
    qtbot.keyClick(window, Qt.Key.Key_Z, SHIFT_CONTROL)
    wait_for_writes(qtbot, window)
    assert speakers(window) == {INNER: "Eva Stone", VALVE: "Ida Berg"}


VALVE = "We checked every valve twice"


def inner_said_by_eva_stone(qtbot: QtBot, window: MainWindow, nested: Path) -> Correction:
    """The window's correction of the nested statement's speaker."""
    open_analysed(qtbot, window, nested)
    assert window.corrector.reassign_speaker(contents(window).index(INNER), "Eva Stone")
    wait_for_writes(qtbot, window)
    (made,) = window.corrector.corrections()
    return made


def valve_said_by_ida_berg(window: MainWindow, tmp_path: Path) -> list[Correction]:
    """The command line corrects the engineer's quote meanwhile; the article's corrections."""
    assert window.article_id is not None
    argv = ["correct", window.article_id, "--quote", "valve", "--speaker", "Ida Berg"]
    assert main([*argv, "--data-dir", str(tmp_path / "data")]) == 0
    return window.corrector.corrections()


SHIFT_CONTROL = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def speakers(window: MainWindow) -> dict[str, str | None]:
    """The speakers of the nested statement and of the engineer's quote, as shown."""
    assert window.analysis is not None
    return {
        words: next(
            a.speaker_name for a in window.analysis.attributions if a.content.text.startswith(words)
        )
        for words in (INNER, VALVE)
    }


def test_not_a_figure_takes_a_figure_out_of_the_panel_and_lasts(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    path = tmp_path / "jobs.txt"
    path.write_text(
        "Jobs in Norland\n\nNorland's unemployment rate was 6.4% in March, the office said.",
        encoding="utf-8",
    )
    open_analysed(qtbot, window, path)
    assert window.analysis is not None
    assert [f.text for f in window.analysis.figures] == ["6.4%"]
    assert any("6.4" in row for row in group(window, "Figures"))
    fact = next(i for i, f in enumerate(window.analysis.facts) if f.ref == "figure/0")
    panel_menu(window, fact)["Not a Figure"].trigger()
    wait_for_writes(qtbot, window)
    assert window.analysis.figures == ()
    assert group(window, "Figures") == []
    assert window.store is not None and window.article_id is not None
    (made,) = window.store.corrections(window.article_id)
    assert made.kind == "reject" and made.anchor.exact == "6.4%"
