"""The first window, offscreen: text at once, highlights after the background analysis."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QTextCharFormat, QTextCursor, QTextDocument
from pytestqt.qtbot import QtBot

from reader.core.loading import load_article
from reader.core.resources import sample_article_path
from reader.gui.app import MainWindow
from reader.gui.launch import debian_package


@pytest.fixture
def window(qtbot: QtBot) -> Iterator[MainWindow]:
    """A real window whose analysis thread is stopped before it is destroyed."""
    main_window = MainWindow()
    qtbot.addWidget(main_window)
    yield main_window
    main_window.close()


def format_at(window: MainWindow, position: int) -> tuple[str, bool]:
    cursor = QTextCursor(window.view.document())
    cursor.setPosition(position + 1)
    fmt = cursor.charFormat()
    return (
        fmt.foreground().color().name(),
        fmt.underlineStyle() != QTextCharFormat.UnderlineStyle.NoUnderline,
    )


def test_sample_is_shown_then_highlighted(qtbot: QtBot, window: MainWindow) -> None:
    article = load_article(sample_article_path())
    with qtbot.waitSignal(window.highlights_applied, timeout=60_000):
        window.show_article(article)
        assert window.view.toPlainText() == article.text  # the text is there before analysis
    assert window.analysis is not None
    text = article.text
    name = text.index("Troy Stangarone")
    _, underlined = format_at(window, name)
    assert underlined
    plain = text.index("In return for its contributions")
    assert format_at(window, plain) == ("#000000", False)
    assert window.facts.count() == len(window.analysis.facts)


def test_clicking_a_fact_selects_its_span(qtbot: QtBot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.highlights_applied, timeout=60_000):
        window.show_article(load_article(sample_article_path()))
    assert window.analysis is not None
    money_row = next(i for i, f in enumerate(window.analysis.facts) if f.kind == "money")
    item = window.facts.item(money_row)
    window.facts.itemClicked.emit(item)
    assert window.view.textCursor().selectedText() == "US$300 million to $600 million"


def test_many_none_returning_qt_calls_do_not_abort(qtbot: QtBot) -> None:
    """PySide6 6.12.0 on Python 3.11 aborts after ~5,000 such calls (PYSIDE-3474): 60,000 here."""
    document = QTextDocument("\n".join(["word " * 20] * 1_000))
    cursor = QTextCursor(document)
    fmt = cursor.charFormat()
    fmt.setFontUnderline(True)
    for i in range(20_000):
        cursor.setPosition(i * 5)
        cursor.setPosition(i * 5 + 4, QTextCursor.MoveMode.KeepAnchor)
        cursor.mergeCharFormat(fmt)
    cursor.setPosition(99_995 + 1)
    assert cursor.charFormat().fontUnderline()


def test_missing_library_names_its_debian_package() -> None:
    assert debian_package("libxcb-icccm.so.4") == "libxcb-icccm4"
    assert debian_package("libxkbcommon-x11.so.0") == "libxkbcommon-x11-0"
    assert debian_package("libEGL.so.1") == "libegl1"
