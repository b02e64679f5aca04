"""Every file is read off the window's thread: the window answers while a Word file is read,
paints its text when it arrives, and a file still being read never replaces the one the reader
chose after it."""

from __future__ import annotations

from pathlib import Path

import docx
from PySide6.QtCore import QCoreApplication
from pytestqt.qtbot import QtBot

from tests.helpers import READ_TIMEOUT_MS, new_window


def minutes(path: Path, items: int) -> Path:
    """A Word file of many short paragraphs, the kind that held the window for seconds."""
    document = docx.Document()
    document.core_properties.title = "Quay Committee Minutes"
    for n in range(items):
        document.add_paragraph(
            f"Item {n}. The committee noted the tide tables for berth {n % 40} and moved on."
        )
    document.save(str(path))
    return path


def test_a_word_file_is_read_while_the_window_answers(qtbot: QtBot, tmp_path: Path) -> None:
    window = new_window(qtbot, tmp_path / "data")
    path = minutes(tmp_path / "minutes.docx", 300)
    with qtbot.waitSignal(window.article_shown, timeout=READ_TIMEOUT_MS):
        assert window.open_path(path)
        # the call is back before the file is read: the window paints and answers meanwhile
        assert window.article is None
        assert window.status_text.text() == "Reading minutes.docx…"
        assert window.progress.isVisible()
    assert window.article is not None and window.article.title == "Quay Committee Minutes"
    qtbot.waitUntil(window.view.text_complete, timeout=READ_TIMEOUT_MS)
    assert window.view.toPlainText().endswith(
        "Item 299. The committee noted the tide tables for berth 19 and moved on."
    )
    window.close()


def test_a_file_still_being_read_never_replaces_the_one_chosen_after_it(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = new_window(qtbot, tmp_path / "data")
    slow = minutes(tmp_path / "minutes.docx", 300)
    note = tmp_path / "note.txt"
    note.write_text("Pilot Boat\n\nThe pilot boat is back in service after repairs.\n")
    shown: list[str] = []
    window.opener.article_ready.connect(lambda article: shown.append(article.title))
    window.open_path(slow)
    reading = window.opener.loader.last_thread
    assert reading is not None
    with qtbot.waitSignal(window.article_shown, timeout=READ_TIMEOUT_MS):
        window.open_path(note)
    qtbot.waitUntil(lambda: not reading.is_alive(), timeout=READ_TIMEOUT_MS)
    QCoreApplication.processEvents()  # the Word file's last word arrives, and is dropped
    assert shown == ["Pilot Boat"]
    assert window.article is not None and window.article.title == "Pilot Boat"
    window.close()
