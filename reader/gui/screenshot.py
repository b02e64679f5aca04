"""``factreader ARTICLE --screenshot OUT``: wait for the highlights, save a picture of the
whole window, quit. Used for the README's pictures and to check the window by eye."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:
    from reader.gui.app import MainWindow

SCREENSHOT_TIMEOUT_MS = 180_000
SETTLE_MS = 400  # the last paint after the highlights arrive


def take_screenshot(app: QApplication, window: MainWindow, out: str) -> int:
    """The exit status: 0 once the picture is saved."""
    status = 1

    def save() -> None:
        nonlocal status
        if window.grab().save(out):
            status = 0
        else:
            print(f"factreader: cannot save the screenshot to {out}", file=sys.stderr)
        window.close()

    def failed(message: str) -> None:
        print(f"factreader: the analysis failed: {message}", file=sys.stderr)
        window.close()

    def not_opened(message: str) -> None:  # the file is read in the background
        print(f"factreader: {message}", file=sys.stderr)
        window.close()

    def timed_out() -> None:
        print("factreader: the analysis did not finish in time", file=sys.stderr)
        window.close()

    window.analysis_shown.connect(lambda: QTimer.singleShot(SETTLE_MS, save))
    window.analysis_failed.connect(failed)
    window.opener.problem.connect(not_opened)
    if window.analysis is not None and window.raw is not None:
        # the store's cache showed it while opening, before anyone listened for it
        QTimer.singleShot(SETTLE_MS, save)
    QTimer.singleShot(SCREENSHOT_TIMEOUT_MS, timed_out)
    app.exec()
    return status
