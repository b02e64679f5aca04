"""What several test files share: the command line run as a user would, a window on a fresh
data folder, where to click on a character, and real PDFs drawn with Qt."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QPoint, QRectF, Qt
from PySide6.QtGui import QFont, QPageSize, QPainter, QPdfWriter
from pytestqt.qtbot import QtBot

from reader.core.analysis import Analyzer
from reader.core.loading import article_from_text
from reader.core.store import Store
from reader.gui.app import MainWindow, open_window
from reader.gui.notes import NoteDialog

ANALYSIS_TIMEOUT_MS = 120_000
READ_TIMEOUT_MS = 30_000  # a file read off the window's thread


def factreader(
    *args: str, guarded: bool = False, user: int | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m reader ARGS`` in a process of its own, with no display.

    ``guarded``: with a memory cap and a short time limit, so that reading a device or waiting
    on a FIFO fails the test instead of filling the machine's memory or hanging it. ``user``:
    run as that user id (needs root and ``setpriv``)."""
    as_user = [] if user is None else ["setpriv", f"--reuid={user}", f"--regid={user}"]
    return subprocess.run(
        [*as_user, *(["--clear-groups"] if as_user else []), sys.executable, "-m", "reader", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": tempfile.gettempdir()},
        timeout=60 if guarded else 300,
        preexec_fn=_limit_memory if guarded else None,
    )


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


def new_window(qtbot: QtBot, data_dir: Path) -> MainWindow:
    window = open_window(data_dir)
    qtbot.addWidget(window)
    window.resize(1000, 700)
    window.show()
    return window


def wait_for_writes(qtbot: QtBot, window: MainWindow) -> None:
    """Until every write the window asked of the store's writer is answered, and the
    corrections it changed are laid over the analysis shown: the window never waits for
    either, a test that reads the store or the window after a write does."""
    qtbot.waitUntil(
        lambda: window.ops.idle() and window.session.corrections_shown(), timeout=READ_TIMEOUT_MS
    )


def write_note(
    qtbot: QtBot, window: MainWindow, start: int, end: int, body: str, tags: str = ""
) -> NoteDialog:
    """Select a passage, write a note on it as the reader does and save it; once the store's
    writer has answered, the dialog: closed when saved, still open when not."""
    window.view.setTextCursor(window.view.cursor_for(start, end))
    dialog = window.add_note_for_selection()
    assert dialog is not None
    dialog.body.setPlainText(body)
    dialog.tags.setText(tags)
    dialog.accept()
    wait_for_writes(qtbot, window)
    return dialog


def open_analysed(qtbot: QtBot, window: MainWindow, path: Path) -> None:
    with qtbot.waitSignal(window.analysis_shown, timeout=ANALYSIS_TIMEOUT_MS):
        assert window.open_path(path)
    wait_for_writes(qtbot, window)


def open_shown(qtbot: QtBot, window: MainWindow, path: Path) -> None:
    """Open a file as the reader does and wait until its text is on the screen (every file is
    read off the window's thread) and stored (off it too)."""
    with qtbot.waitSignal(window.article_shown, timeout=READ_TIMEOUT_MS):
        assert window.open_path(path)
    wait_for_writes(qtbot, window)


def open_refused(qtbot: QtBot, window: MainWindow, path: Path) -> str:
    """Open a file that cannot be read; the message the reader is then shown."""
    with qtbot.waitSignal(window.opener.problem, timeout=READ_TIMEOUT_MS):
        assert window.open_path(path)
    return window.message.label.text()


def point_of(window: MainWindow, offset: int) -> QPoint:
    """Where a reader would click to hit the character at ``offset``, scrolled into view."""
    view = window.view
    view.setTextCursor(view.cursor_for(offset))
    view.ensureCursorVisible()
    after = view.cursorRect(view.cursor_for(offset + 1))
    before = view.cursorRect(view.cursor_for(offset))
    return QPoint((before.left() + after.left()) // 2, before.center().y())


PDF_HEADER = "Harbour Authority — Annual Report"
PDF_PAGES = (
    [
        "Traffic and dues",
        "The harbour handled more ships than in any year before, and the authority said",
        "dues would fall by two percent-",
        "age points from April. Ana Ruiz, the chair, said the new quay was finished on time.",
        "Dredging continued through the winter.",
    ],
    [
        "Finances",
        "Income rose to a record as container lines returned to the port after the strike,",
        "and the board approved a new crane for the northern quay.",
        "Tomas Berg said the crane would be working by the summer.",
    ],
    [
        "Outlook",
        "The authority expects traffic to grow again next year if the channel stays open and",
        "the weather is kind to the dredgers working in the estuary.",
    ],
)


# A line of text to draw: (left, top, size, text) in points from the page's top-left corner, and
# an optional font family.
PdfText = tuple[float, float, float, str]
PdfItem = PdfText | tuple[float, float, float, str, str]
PDF_SERIF = "DejaVu Serif"


def draw_items(path: Path, pages: Sequence[Sequence[PdfItem]], title: str = "") -> Path:
    """A PDF drawn with Qt's own PDF writer, each line where the test puts it."""
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setResolution(72)
    writer.setTitle(title)
    painter = QPainter(writer)
    for number, items in enumerate(pages):
        if number:
            writer.newPage()
        for item in items:
            left, top, size, text = item[:4]
            painter.setFont(QFont(item[4] if len(item) == 5 else PDF_SERIF, round(size)))
            box = QRectF(left, top, 560 - left, size * 1.6)
            painter.drawText(box, Qt.AlignmentFlag.AlignLeft, text)
    painter.end()
    return path


def draw_pdf(path: Path, pages: Sequence[Sequence[str]], *, header: str | None = PDF_HEADER,
             columns: bool = False, title: str = "Harbour Report") -> Path:  # fmt: skip
    """A report of 10 pt lines, with a running header and a page number on every page."""
    drawn: list[list[PdfItem]] = []
    for number, lines in enumerate(pages, start=1):
        items: list[PdfItem] = [(40, 20, 10, header)] if header else []
        half = len(lines) // 2 if columns else len(lines)
        for column, chunk in enumerate((lines[:half], lines[half:])):
            items += [
                (40 + column * 270, 60 + row * 14, 10, line) for row, line in enumerate(chunk)
            ]
        drawn.append([*items, (280, 800, 10, str(number))])
    return draw_items(path, drawn, title)


# A small library of invented news: one mayor under her full name, her surname and a title; two
# people called Vos; amounts and a percentage.
FERRIES = (
    "Harbour council approves ferry deal\n\n"
    "Mayor Irene Kowalczyk said on Monday that the harbour would get two electric ferries. "
    '"This is the cleanest fleet we have ever had," Kowalczyk told reporters. '
    "The deal is worth $48 million. Fares will rise by 3% next year."
)
COSTS = (
    "Ferry costs climb\n\n"
    "The cost of the ferries has risen to $52 million, according to Kowalczyk. "
    '"We will not cut corners," Ms Kowalczyk said. '
    "Opposition leader Tomasz Brandt said the council had misled voters."
)
INQUIRY = (
    "Brandt calls for inquiry\n\n"
    "Tomasz Brandt said on Friday that an inquiry was needed. "
    '"Voters deserve the truth," Brandt said. Dockers\' leader Johannes Vos backed him. '
    '"We are with Brandt," Johannes Vos said.'
)
DOCKS = (
    "Dockers split over ferries\n\n"
    '"The new boats will cost us jobs," said Jan Vos, who leads the dockers. '
    "Vos said 40 jobs were at risk."
)
# An amount with its equivalent in brackets, a speaker found only through "She" (a guess, with
# an amount), and a quote split by the narration.
QUAY = (
    "Quay repairs approved\n\n"
    "Harbour master Lena Okafor said on Tuesday that repairs to the east quay would cost "
    "£3m (€3.5m). She said the dredging would cost a further £1.2m and take 14 months.\n\n"
    '"We waited through years of appeals," said Ann Holt, a director of the fund. '
    '"The time for patience is over."\n'
)

# A statement nested in another: the auditors' claim is reported inside a former minister's
# statement; a report whose words run on past what was said ("…, and added that…"); a council
# named most, far from the quotes.
DAM = (
    "Dam dispute\n\n"
    "Northfield Council and the Ministry of Water have argued about the dam for a year. "
    "Northfield Council wants it closed; Northfield Council has sued twice.\n\n"
    "Peter Lund, a former minister, said that the auditors claimed the dam was unsafe. "
    "Engineers said the dam would hold.\n\n"
    "Lund said on Monday that the old survey was based on stale data, and added that the "
    "auditors had rushed it.\n\n"
    '"We checked every valve twice," said Mara Quist, the chief engineer. "The dam is sound."'
)
DAM_OUTER, DAM_INNER = "the auditors claimed the dam was unsafe", "the dam was unsafe"
DAM_SURVEY = "the old survey was based on stale data"  # what was said, without "and added…"


def store_article(
    store: Store, analyzer: Analyzer, text: str, name: str, published: str | None = None
) -> str:
    article = replace(article_from_text(text, source=f"/news/{name}.txt"), published=published)
    article_id = store.add_article(article).id
    store.save_analysis(article, analyzer.analyze(article))
    return article_id


def as_older_store(path: Path, version: int) -> None:
    """Leave the store file at ``path`` as Fact Reader of schema ``version`` left it: the
    columns and tables of every later migration gone, ``user_version`` set back."""
    import re
    import sqlite3

    from reader.core.store import MIGRATIONS

    older = sqlite3.connect(path)
    for migration in reversed(MIGRATIONS[version:]):
        for statement in reversed(migration):
            added = re.match(r"ALTER TABLE (\w+) ADD COLUMN (\w+)", statement)
            created = re.match(r"\s*CREATE (?:VIRTUAL )?TABLE (\w+)", statement)
            indexed = re.match(r"\s*CREATE INDEX (\w+)", statement)
            if indexed:
                older.execute(f"DROP INDEX {indexed[1]}")
            elif added:
                older.execute(f"ALTER TABLE {added[1]} DROP COLUMN {added[2]}")
            elif created:
                older.execute(f"DROP TABLE {created[1]}")
    older.execute(f"PRAGMA user_version = {version}")
    older.commit()
    older.close()
