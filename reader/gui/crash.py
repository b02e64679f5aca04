"""The window's last line of defence: an exception nobody caught is logged with its traceback and
told to the analyst in the window, which keeps running; nothing dies silently."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from types import TracebackType

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QMessageBox

from reader.core.logs import record_exception

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


class CrashReporter(QObject):
    """Turns an uncaught exception, from any thread, into one line shown on the window's thread."""

    reported = Signal(str)  # queued to the window's thread when emitted from another

    def __init__(self, show: Callable[[str], None]) -> None:
        super().__init__()
        self.show = show
        self.reported.connect(self._show)
        self.previous: tuple[ExceptHook, Callable[[threading.ExceptHookArgs], object]] = (
            sys.excepthook,
            threading.excepthook,
        )

    def install(self) -> None:
        sys.excepthook = self.report
        threading.excepthook = self._report_thread

    def uninstall(self) -> None:
        sys.excepthook, threading.excepthook = self.previous

    def report(
        self, kind: type[BaseException], error: BaseException, trace: TracebackType | None
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            QApplication.quit()
            return
        message = record_exception(kind, error, trace)
        print(f"factreader: {message}", file=sys.stderr)
        self.reported.emit(message)

    def _report_thread(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            self.report(args.exc_type, args.exc_value, args.exc_traceback)

    def _show(self, message: str) -> None:
        try:
            self.show(message)
        except Exception:  # the window itself is broken: a box still tells the user
            box = QMessageBox(QMessageBox.Icon.Critical, "Fact Reader", message)
            box.setTextFormat(Qt.TextFormat.PlainText)
            box.exec()
