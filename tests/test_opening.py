"""Every file is read off the window's thread: the window answers while a Word file is read,
paints its text when it arrives, a file still being read never replaces the one the reader
chose after it, and a file or page that breaks the reader is told and ends the wait."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from PySide6.QtCore import QCoreApplication
from pytestqt.qtbot import QtBot

from reader.core.logs import setup_logging, stop_logging
from reader.core.model import Article
from reader.gui import address
from reader.gui.app import MainWindow
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


@pytest.fixture
def logged_window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    """A window whose data folder's log records what went wrong."""
    setup_logging(tmp_path / "data")
    window = new_window(qtbot, tmp_path / "data")
    yield window
    window.close()
    stop_logging()


def a_bug(*_args: object, **_kwargs: object) -> Article:
    """A reader that breaks in a way nobody foresaw (no ReaderError, no OSError)."""
    raise RuntimeError("the reader tripped over its own feet")


def test_a_file_that_breaks_the_reader_is_told_logged_and_ends_the_wait(
    qtbot: QtBot, logged_window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = logged_window
    monkeypatch.setattr(address, "load_article", a_bug)  # a real bug cannot be made on demand
    note = tmp_path / "note.txt"
    note.write_text("Pilot Boat\n\nThe pilot boat is back in service after repairs.\n")
    with qtbot.waitSignal(window.opener.problem, timeout=READ_TIMEOUT_MS):
        assert window.open_path(note)
    told = window.message.label.text()
    assert window.message.isVisible()
    assert "unexpected error while reading note.txt" in told
    assert "RuntimeError: the reader tripped over its own feet" in told
    assert "report it" in told
    assert not window.progress.isVisible() and window.status_text.text() == ""
    assert not window.opener.loader.busy
    logged = (tmp_path / "data" / "logs" / "factreader.log").read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in logged and "a_bug" in logged
    monkeypatch.undo()  # the window reads the next file as usual
    with qtbot.waitSignal(window.article_shown, timeout=READ_TIMEOUT_MS):
        assert window.open_path(note)
    assert window.article is not None and window.article.title == "Pilot Boat"


def test_a_page_that_breaks_the_reader_is_told_logged_and_ends_the_wait(
    qtbot: QtBot, logged_window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = logged_window
    monkeypatch.setattr(address, "fetch_article", a_bug)  # no page is fetched
    with qtbot.waitSignal(window.fetch_failed, timeout=READ_TIMEOUT_MS):
        assert window.open_address("https://news.example/quay")
    told = window.message.label.text()
    assert "unexpected error while fetching https://news.example/quay" in told
    assert "RuntimeError: the reader tripped over its own feet" in told
    assert "report it" in told
    assert not window.progress.isVisible() and window.status_text.text() == ""
    assert not window.opener.fetcher.busy
    logged = (tmp_path / "data" / "logs" / "factreader.log").read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in logged and "a_bug" in logged
