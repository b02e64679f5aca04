"""Where Fact Reader writes down what went wrong, so that a failure is never silent and a user who
reports one can send its details without ever having seen a traceback.

One rotating log in the data folder (``logs/factreader.log``, at most four files of 1 MB), and
``faulthandler`` writing a crash of the interpreter itself (a segfault in Qt, an abort) beside it.
"""

from __future__ import annotations

import faulthandler
import logging
import logging.handlers
import sys
from pathlib import Path
from types import TracebackType
from typing import IO

LOG_FILE = "factreader.log"
CRASH_FILE = "crash.log"
LOG_BYTES = 1_000_000
LOG_BACKUPS = 3

log = logging.getLogger("factreader")
_fault_file: IO[str] | None = None  # kept open: faulthandler writes to its descriptor at a crash


class _QuietFileHandler(logging.handlers.RotatingFileHandler):
    """A log that cannot be written (a full or read-only disk) is skipped: the message the user
    needs is shown anyway, and a logging traceback on the terminal is not it."""

    def handleError(self, record: logging.LogRecord) -> None:
        return


class _TerminalLines(logging.Formatter):
    """Without a log file, a warning or error is one line like the commands' own: ``factreader:``
    and the message, without the traceback (``--debug`` shows it)."""

    def format(self, record: logging.LogRecord) -> str:
        return f"factreader: {' '.join(record.getMessage().split())}"


def setup_logging(data_folder: Path, debug: bool = False) -> Path | None:
    """Log to the data folder (and, with ``debug``, everything to stderr too); the log's path, or
    None when the folder cannot be written (the program then runs without a log file)."""
    global _fault_file
    log.setLevel(logging.DEBUG if debug else logging.INFO)
    _close_handlers()
    if debug:
        loud = logging.StreamHandler(sys.stderr)
        loud.setFormatter(logging.Formatter("factreader %(levelname)s %(name)s: %(message)s"))
        log.addHandler(loud)
    folder = data_folder / "logs"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = _QuietFileHandler(
            folder / LOG_FILE, maxBytes=LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8"
        )
        if _fault_file is None:
            _fault_file = open(folder / CRASH_FILE, "a", encoding="utf-8")  # noqa: SIM115
            faulthandler.enable(_fault_file)
    except OSError:
        if not faulthandler.is_enabled():
            faulthandler.enable()  # to stderr: better than nothing
        if not debug:  # else Python's last resort prints them raw, without "factreader:"
            terminal = logging.StreamHandler(sys.stderr)
            terminal.setLevel(logging.WARNING)
            terminal.setFormatter(_TerminalLines())
            log.addHandler(terminal)
        log.propagate = False
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.propagate = False
    return folder / LOG_FILE


def setup_command_logging(data_folder: Path) -> None:
    """A command's log: the data folder's log file only (a command's bug is reported by
    ``main``), or nothing when the folder cannot be written; never the terminal."""
    log.setLevel(logging.INFO)
    _close_handlers()
    log.propagate = False
    try:
        (data_folder / "logs").mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = _QuietFileHandler(
            data_folder / "logs" / LOG_FILE,
            maxBytes=LOG_BYTES,
            backupCount=LOG_BACKUPS,
            encoding="utf-8",
        )
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)


def log_path() -> Path | None:
    for handler in log.handlers:
        if isinstance(handler, logging.FileHandler):
            return Path(handler.baseFilename)
    return None


def record_exception(
    kind: type[BaseException], error: BaseException, trace: TracebackType | None
) -> str:
    """Log an unexpected exception with its traceback; one line for the user that says what
    happened and where the details are."""
    log.error("unexpected error", exc_info=(kind, error, trace))
    return _told("Something went wrong", kind, error)


def unexpected_error(doing: str, error: Exception) -> str:
    """Log a bug met while ``doing`` something ("reading report.pdf") with its traceback; one
    line for the user, for a job that reports its own failures and so must report this one."""
    log.exception("unexpected error while %s", doing, exc_info=error)
    return _told(f"An unexpected error while {doing}", type(error), error)


def _told(happened: str, kind: type[BaseException], error: BaseException) -> str:
    """The user's one line: what happened, the error on one line, where the details are."""
    what = " ".join(f"{kind.__name__}: {error}".split())
    where = log_path()
    details = f"the details are in {where}" if where else "run with --debug to see the details"
    return f"{happened} ({what}); {details}. Please report it."


def stop_logging() -> None:
    """Close the log files (at quit); a crash after this goes to stderr."""
    global _fault_file
    _close_handlers()
    if _fault_file is not None:
        faulthandler.enable(sys.stderr)
        _fault_file.close()
        _fault_file = None


def _close_handlers() -> None:
    for handler in list(log.handlers):
        log.removeHandler(handler)
        handler.close()
