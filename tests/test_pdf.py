"""PDF reports, drawn in the tests with Qt's own PDF writer: pages, running headers, page numbers,
hyphenated words, two columns, a scanned (image-only) file and a damaged one."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QPainter, QPdfWriter
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from reader.cli import main
from reader.core.errors import EmptyArticleError, LoadError
from reader.core.loading import load_article, load_pdf, page_at
from reader.core.pdf import PdfPasswordError
from reader.core.store import Store
from tests.helpers import PDF_HEADER, PDF_PAGES, draw_pdf, new_window, open_analysed, point_of


@pytest.fixture
def report(qapp: QApplication, tmp_path: Path) -> Path:
    return draw_pdf(tmp_path / "report.pdf", PDF_PAGES)


def test_a_report_reads_as_paragraphs_without_headers_or_page_numbers(report: Path) -> None:
    article = load_article(report)
    text = article.text
    assert article.title == "Harbour Report"
    assert PDF_HEADER not in text
    assert "two percentage points" in text  # the hyphenated word is whole again
    assert "\n2\n" not in text and not text.rstrip().endswith("3")
    assert "Traffic and dues\n\nThe harbour handled" in text
    assert "said\ndues" not in text  # lines of one paragraph are joined
    assert [p.number for p in article.pages] == [1, 2, 3]
    second = article.pages[1]
    assert text[second.start : second.end].startswith("Finances")
    assert page_at(article, text.index("Tomas Berg")) == 2


def test_two_columns_read_one_after_the_other(qapp: QApplication, tmp_path: Path) -> None:
    left = ["Left column starts here and runs", "on down the page to its end."]
    right = ["Right column begins after it and", "finishes the page's story."]
    path = draw_pdf(tmp_path / "columns.pdf", [left + right], header=None, columns=True)
    text = load_article(path).text
    assert text.index("Left column") < text.index("its end") < text.index("Right column")


def test_a_scanned_pdf_says_so(qapp: QApplication, tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    writer = QPdfWriter(str(path))
    painter = QPainter(writer)
    painter.fillRect(QRectF(50, 50, 300, 200), QColor("#888"))
    painter.end()
    with pytest.raises(EmptyArticleError, match="scanned images, and OCR is not supported"):
        load_article(path)


def test_a_damaged_pdf_is_one_clear_line(report: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(report.read_bytes()[:400])
    with pytest.raises(LoadError, match="damaged or not a PDF"):
        load_article(broken)


def test_text_and_analyze_on_the_command_line(
    report: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["text", str(report)]) == 0
    printed = capsys.readouterr().out
    assert printed == load_article(report).text + "\n"
    assert main(["analyze", str(report), "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert [p["number"] for p in result["pages"]] == [1, 2, 3]
    for page in result["pages"]:
        assert 0 <= page["start"] < page["end"] <= len(printed)


def test_the_store_keeps_the_pages(report: Path, tmp_path: Path) -> None:
    store = Store.open(tmp_path / "data")
    stored = store.add_article(load_article(report))
    again = store.article(stored.id)
    assert again is not None and [p.number for p in again.pages] == [1, 2, 3]
    store.close()


def test_the_window_says_which_page_a_fact_is_on(
    qtbot: QtBot, report: Path, tmp_path: Path
) -> None:
    window = new_window(qtbot, tmp_path / "data")
    open_analysed(qtbot, window, report)
    text = load_article(report).text
    berg = text.index("Tomas Berg")
    window.view.setTextCursor(window.view.cursor_for(berg))
    assert window.page_label.text() == "page 2"
    assert "Page 2" in window.view.tooltip_at(point_of(window, berg + 1))
    window.close()


@pytest.mark.skipif(
    shutil.which("qpdf") is None, reason="qpdf (which encrypts the test PDF) is missing"
)
def test_an_encrypted_pdf_needs_its_password(report: Path, tmp_path: Path) -> None:
    locked = tmp_path / "locked.pdf"
    subprocess.run(
        ["qpdf", "--encrypt", "harbour", "owner-secret", "256", "--", str(report), str(locked)],
        check=True,
    )
    with pytest.raises(PdfPasswordError, match="is encrypted: it needs a password"):
        load_article(locked)
    with pytest.raises(PdfPasswordError, match="the password is wrong"):
        load_pdf(locked, "wrong")
    assert "two percentage points" in load_pdf(locked, "harbour").text


@pytest.mark.skipif(
    shutil.which("qpdf") is None, reason="qpdf (which encrypts the test PDF) is missing"
)
def test_the_window_asks_for_the_password(qtbot: QtBot, report: Path, tmp_path: Path) -> None:
    locked = tmp_path / "locked.pdf"
    subprocess.run(
        ["qpdf", "--encrypt", "harbour", "owner-secret", "256", "--", str(report), str(locked)],
        check=True,
    )
    window = new_window(qtbot, tmp_path / "data")
    window.open_path(locked)
    qtbot.waitUntil(lambda: window.opener.password_dialog is not None)
    dialog = window.opener.password_dialog
    assert dialog is not None and "needs a password" in dialog.labelText()
    dialog.setTextValue("wrong")
    dialog.accept()  # read off the window's thread too: a wrong one asks again
    qtbot.waitUntil(lambda: window.opener.password_dialog is not dialog)
    dialog = window.opener.password_dialog
    assert dialog is not None and "the password is wrong" in dialog.labelText()
    with qtbot.waitSignal(window.analysis_shown, timeout=120_000):
        dialog.setTextValue("harbour")
        dialog.accept()
    assert window.article is not None and window.article.pages
    window.close()


def test_a_report_is_read_off_the_windows_thread(
    qtbot: QtBot, report: Path, tmp_path: Path
) -> None:
    window = new_window(qtbot, tmp_path / "data")
    with qtbot.waitSignal(window.analysis_shown, timeout=120_000):
        assert window.open_path(report)
        assert window.article is None or window.article.source != str(report.resolve())
    assert window.article is not None and len(window.article.pages) == 3
    window.close()
