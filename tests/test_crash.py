"""An error nobody expected: the window says what happened and where the log is, and goes on."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from reader.core.logs import setup_logging, stop_logging
from reader.gui.app import MainWindow, open_window
from reader.gui.crash import CrashReporter


@pytest.fixture
def reporting_window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    setup_logging(tmp_path)
    window = open_window(tmp_path)
    qtbot.addWidget(window)
    window.show()
    reporter = CrashReporter(window.crash_notice.show_message)
    reporter.install()
    yield window
    reporter.uninstall()
    stop_logging()
    window.close()


def broken_slot() -> None:
    raise ZeroDivisionError("the share of nothing")


@pytest.mark.qt_no_exception_capture
def test_an_error_in_the_window_is_shown_logged_and_survived(
    qtbot: QtBot, reporting_window: MainWindow, tmp_path: Path
) -> None:
    QTimer.singleShot(0, broken_slot)
    qtbot.waitUntil(reporting_window.crash_notice.isVisible)
    shown = reporting_window.crash_notice.label.text()
    log_file = tmp_path / "logs" / "factreader.log"
    assert "ZeroDivisionError: the share of nothing" in shown and str(log_file) in shown
    assert "Traceback" not in shown
    logged = log_file.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in logged and "broken_slot" in logged
    reporting_window.opener.open_clipboard()  # the window still answers
    assert reporting_window.isVisible()


@pytest.mark.qt_no_exception_capture
def test_an_error_in_a_background_thread_reaches_the_window(
    qtbot: QtBot, reporting_window: MainWindow
) -> None:
    worker = threading.Thread(target=broken_slot, name="helper")
    worker.start()
    worker.join()
    qtbot.waitUntil(reporting_window.crash_notice.isVisible)
    assert "ZeroDivisionError" in reporting_window.crash_notice.label.text()
