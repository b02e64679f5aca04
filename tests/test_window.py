"""The reading window, offscreen but real: what a reader sees and does in it."""

from __future__ import annotations

import statistics
import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QFont, QGuiApplication, QImage, QTextCursor, QTextDocument
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from reader.core.analysis import Analyzer
from reader.core.kinds import KIND_STYLES
from reader.core.loading import article_from_text, load_article
from reader.core.model import Analysis, Article
from reader.core.resources import sample_article_path
from reader.core.store import Store
from reader.gui import app as app_module
from reader.gui.app import MainWindow, open_window
from reader.gui.article_view import ArticleView
from reader.gui.formats import KIND_PROPERTY
from reader.gui.launch import debian_package
from tests.helpers import (
    ANALYSIS_TIMEOUT_MS,
    QUAY,
    READ_TIMEOUT_MS,
    activate,
    factreader,
    open_analysed,
    open_refused,
    open_shown,
    point_of,
    wait_for_writes,
    write_note,
)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def window(qtbot: QtBot, data_dir: Path) -> Iterator[MainWindow]:
    main_window = open_window(data_dir)
    qtbot.addWidget(main_window)
    main_window.resize(1100, 700)
    main_window.show()
    yield main_window
    main_window.close()


@pytest.fixture
def sample() -> Article:
    return load_article(sample_article_path())


def open_and_wait(qtbot: QtBot, window: MainWindow, article: Article) -> Analysis:
    with qtbot.waitSignal(window.analysis_shown, timeout=ANALYSIS_TIMEOUT_MS):
        window.show_article(article)
    assert window.analysis is not None
    return window.analysis


def test_text_first_then_highlights_at_exact_offsets(
    qtbot: QtBot, window: MainWindow, sample: Article
) -> None:
    with qtbot.waitSignal(window.analysis_shown, timeout=ANALYSIS_TIMEOUT_MS):
        window.show_article(sample)
        assert window.view.toPlainText() == sample.text  # readable before any analysis
        assert window.view.kinds_at(sample.text.index("Troy Stangarone")) == set()
    text, view = sample.text, window.view
    name = text.index("Troy Stangarone")
    assert "person" in view.kinds_at(name)
    assert "person" in view.kinds_at(name + len("Troy Stangarone") - 1)
    assert "person" not in view.kinds_at(name + len("Troy Stangarone"))
    assert "person" not in view.kinds_at(name - 1)
    money = text.index("US$300 million to $600 million")
    assert "money" in view.kinds_at(money)
    assert "money" in view.kinds_at(money + len("US$300 million to $600 million") - 1)
    quote = text.index("A new era has begun")
    assert "content" in view.kinds_at(quote)
    assert "content" not in view.kinds_at(quote - 1)  # the quotation mark is not the content
    said = text.index("said Lankov")
    assert "cue" in view.kinds_at(said)
    assert "speaker" in view.kinds_at(text.index("Lankov", said))
    assert view.kinds_at(text.index("In return for its contributions")) == set()


def test_unticking_a_kind_hides_its_highlights_at_once(
    qtbot: QtBot, window: MainWindow, sample: Article
) -> None:
    open_and_wait(qtbot, window, sample)
    money = sample.text.index("US$300 million")
    box = window.panel.legend.boxes["money"]
    assert box.text() == "Money 1"
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(4, box.height() // 2))
    assert not box.isChecked()
    assert "money" not in window.view.kinds_at(money)
    assert "person" in window.view.kinds_at(sample.text.index("Troy Stangarone"))
    box.setChecked(True)
    assert "money" in window.view.kinds_at(money)


def test_the_legend_counts_what_the_panel_lists(qtbot: QtBot, window: MainWindow) -> None:
    """An amount and its equivalent in brackets are one amount in the panel, so one in the
    legend; a person named twice is one person, a speaker quoted twice one speaker (issue 28:
    "Money 7" over "Money (6)")."""
    open_and_wait(qtbot, window, article_from_text(QUAY))
    panel = window.panel
    groups = {}
    for row in range(panel.proxy.rowCount()):
        title, _, count = str(panel.proxy.index(row, 0).data()).rpartition(" (")
        groups[title] = int(count.rstrip(")"))
    assert groups["Money"] == 2 and groups["People"] == 2
    legend = {kind: box.text() for kind, box in panel.legend.boxes.items()}
    assert legend["money"] == "Money 2"
    assert legend["person"] == f"People {groups['People']}"
    assert legend["date"] == f"Dates {groups['Dates']}"
    assert legend["content"] == f"Quoted or reported words {groups['Who said what']}"
    speakers = panel.proxy.rowCount(panel.proxy.index(0, 0))
    assert speakers == 2 and legend["speaker"] == "Speakers 2"
    assert legend["review"] == "Needs review 1"
    names = sum(groups[g] for g in ("People", "Organisations", "Places", "Dates", "Other names"))
    assert window.status_text.text().startswith(
        f"3 attributions · 2 amounts of money · 0 figures · {names} names · 1 to review"
    )


def test_a_tooltip_tells_each_fact_once_and_a_quote_by_its_quoted_words(
    qtbot: QtBot, window: MainWindow
) -> None:
    open_and_wait(qtbot, window, article_from_text(QUAY))
    text = window.view.toPlainText()
    over_holt = window.view.tooltip_at(point_of(window, text.index("Ann Holt") + 1))
    words = "We waited through years of appeals … The time for patience is over."
    assert over_holt.count("Speaker: Ann Holt") == 1  # not once for the name, once for the quote
    assert f"Words: “{words}”" in over_holt
    assert "said Ann Holt" not in over_holt and "director of the fund." not in over_holt
    assert "Person: Ann Holt" in over_holt  # the name itself is another fact
    over_she = window.view.tooltip_at(point_of(window, text.index("She said")))
    assert over_she.count("Speaker: Lena Okafor") == 1 and over_she.count("Needs review") == 1
    assert "Words: the dredging would cost a further £1.2m and take 14 months" in over_she
    over_amount = window.view.tooltip_at(point_of(window, text.index("£1.2m") + 1))
    assert over_amount.startswith("Money: The dredging: GBP 1,200,000")  # with its context
    assert over_amount.count("Speaker: Lena Okafor") == 1


def test_clicking_a_fact_scrolls_to_selects_and_flashes_its_sentence(
    qtbot: QtBot, window: MainWindow, sample: Article
) -> None:
    analysis = open_and_wait(qtbot, window, sample)
    fact_index = next(i for i, f in enumerate(analysis.facts) if f.kind == "money")
    fact = analysis.facts[fact_index]
    view, panel = window.view, window.panel
    assert view.verticalScrollBar().value() == 0
    index = panel.proxy.mapFromSource(panel.model.index_of_fact(fact_index))
    panel.tree.scrollTo(index)
    qtbot.mouseClick(
        panel.tree.viewport(), Qt.MouseButton.LeftButton, pos=panel.tree.visualRect(index).center()
    )
    assert view.textCursor().selectedText() == sample.text[fact.start : fact.end]
    assert view.verticalScrollBar().value() > 0
    span_rect = view.cursorRect(view.cursor_for(fact.start))
    assert view.viewport().rect().contains(span_rect.center())
    assert view.flashing() == (fact.sentence_start, fact.sentence_end)


def test_arrow_keys_and_enter_walk_through_the_facts(
    qtbot: QtBot, window: MainWindow, sample: Article
) -> None:
    analysis = open_and_wait(qtbot, window, sample)
    tree = window.panel.tree
    activate(qtbot, window)
    tree.setFocus()
    money_group = next(
        r for r in range(tree.model().rowCount()) if "Money" in tree.model().index(r, 0).data()
    )
    tree.setCurrentIndex(tree.model().index(money_group, 0))
    qtbot.keyClick(tree, Qt.Key.Key_Down)  # onto the first amount: the text follows
    current = window.panel.current_fact()
    assert current is not None and analysis.facts[current].kind == "money"
    fact = analysis.facts[current]
    assert window.view.textCursor().selectedText() == sample.text[fact.start : fact.end]
    window.view.setTextCursor(window.view.cursor_for(0))
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    assert window.view.textCursor().selectionStart() == window.view.position_of(fact.start)


def test_next_and_previous_fact_follow_reading_order(
    qtbot: QtBot, window: MainWindow, sample: Article
) -> None:
    analysis = open_and_wait(qtbot, window, sample)
    starts = sorted({f.start for f in analysis.facts})
    window.view.setTextCursor(window.view.cursor_for(0))
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_F8)
    first = window.view.offset_of(window.view.textCursor().selectionStart())
    assert first == starts[0]
    qtbot.keyClick(window, Qt.Key.Key_F8)
    second = window.view.offset_of(window.view.textCursor().selectionStart())
    assert second is not None and second > first
    qtbot.keyClick(window, Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)
    assert window.view.offset_of(window.view.textCursor().selectionStart()) == first


def test_clicking_a_highlight_selects_its_fact(
    qtbot: QtBot, window: MainWindow, sample: Article
) -> None:
    analysis = open_and_wait(qtbot, window, sample)
    amount = sample.text.index("US$300 million")
    qtbot.mouseClick(
        window.view.viewport(), Qt.MouseButton.LeftButton, pos=point_of(window, amount + 2)
    )
    current = window.panel.current_fact()
    assert current is not None
    assert analysis.facts[current].kind == "money"
    lankov = sample.text.index("Lankov", sample.text.index("said Lankov"))
    qtbot.mouseClick(
        window.view.viewport(), Qt.MouseButton.LeftButton, pos=point_of(window, lankov + 1)
    )
    current = window.panel.current_fact()
    assert current is not None
    assert analysis.facts[current].kind == "attribution"
    assert analysis.facts[current].subject == "Andrei Lankov"


def test_hovering_explains_a_highlight(qtbot: QtBot, window: MainWindow, sample: Article) -> None:
    open_and_wait(qtbot, window, sample)
    amount = sample.text.index("US$300 million")
    tip = window.view.tooltip_at(point_of(window, amount + 3))
    assert "USD 300,000,000 – 600,000,000 per million artillery shell" in tip
    kim = sample.text.index("Kim also")
    tip = window.view.tooltip_at(point_of(window, kim + 1))
    assert "Kim Byeong-yeon" in tip
    assert "economics professor at Seoul National University" in tip
    # how the speaker was found, and how sure the reader is of it
    assert "How sure:" in tip
    assert "from the surname “Kim”" in tip


def test_panel_groups_speakers_and_filters_as_you_type(
    qtbot: QtBot, window: MainWindow, sample: Article
) -> None:
    open_and_wait(qtbot, window, sample)
    proxy = window.panel.proxy
    groups = [proxy.index(r, 0).data() for r in range(proxy.rowCount())]
    assert groups[0].startswith("Who said what")
    assert any(g.startswith("Money (") for g in groups)
    speakers = [
        proxy.index(r, 0, proxy.index(0, 0)).data()
        for r in range(proxy.rowCount(proxy.index(0, 0)))
    ]
    assert any(
        s.startswith("Troy Stangarone — senior director") and s.endswith("(3)") for s in speakers
    )
    qtbot.keyClicks(window.panel.filter, "lankov")
    window.panel.filter.returnPressed.emit()
    groups = [proxy.index(r, 0).data() for r in range(proxy.rowCount())]
    assert [g.split(" (")[0] for g in groups] == ["Who said what", "People"]
    assert proxy.rowCount(proxy.index(0, 0)) == 1  # one speaker left: Andrei Lankov


def test_bad_file_shows_a_message_and_keeps_the_article(
    qtbot: QtBot, window: MainWindow, sample: Article, tmp_path: Path
) -> None:
    open_and_wait(qtbot, window, sample)
    binary = tmp_path / "photo.txt"
    binary.write_bytes(bytes(range(256)) * 40)
    assert "photo.txt" in open_refused(qtbot, window, binary)
    assert window.message.isVisible()
    assert window.view.toPlainText() == sample.text
    assert "missing.txt" in open_refused(qtbot, window, tmp_path / "missing.txt")
    assert window.isVisible()


def test_opening_another_article_discards_the_first_analysis(
    qtbot: QtBot, window: MainWindow, sample: Article
) -> None:
    other = article_from_text("Maria Lopez said the council would spend $2 million on roads.")
    window.show_article(sample)
    with qtbot.waitSignal(window.analysis_shown, timeout=ANALYSIS_TIMEOUT_MS):
        window.show_article(other)
    assert window.analysis is not None and window.analysis.article_id == other.id
    assert window.view.toPlainText() == other.text


def test_counts_growing_never_narrow_the_article(window: MainWindow) -> None:
    """A long report's counts grow by thousands as its parts arrive: a panel that widened with
    them made the window lay the whole text out again each time."""
    width = window.view.viewport().width()
    for count in (3, 4_500, 88_000, 2_340_000):
        window.panel.legend.set_counts(Counter({kind: count for kind in KIND_STYLES}))
        QApplication.processEvents()
        assert window.view.viewport().width() == width, count
    assert window.panel.legend.boxes["money"].text().endswith(" 2,340k")


def test_the_saved_analysis_of_a_long_article_is_read_off_the_windows_thread(
    qtbot: QtBot,
    window: MainWindow,
    sample: Article,
    analyzer: Analyzer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(app_module, "DECODE_HERE_MAX_CHARS", 1_000)  # the sample counts as long
    saved = analyzer.analyze(sample)
    window.ops.run(lambda store: store.save_analysis(sample, saved))
    asked: list[Path | None] = []  # what the worker was asked: to read it, not to analyse
    submit = window.service.submit

    def asking(article: Article, saved_in: Path | None = None) -> int:
        asked.append(saved_in)
        return submit(article, saved_in)

    monkeypatch.setattr(window.service, "submit", asking)
    with qtbot.waitSignal(window.analysis_shown, timeout=ANALYSIS_TIMEOUT_MS):
        window.show_article(sample)
        assert window.view.toPlainText() == sample.text
    # reading a 5 MB article's saved analysis here froze the window for 1.6 s
    assert window.store is not None and asked == [window.store.path]
    assert window.analysis is not None
    assert window.analysis.attributions == saved.attributions
    assert window.analysis.money == saved.money
    assert "money" in window.view.kinds_at(sample.text.index("US$300 million"))


def test_an_article_is_painted_first_and_stored_by_the_writer(
    qtbot: QtBot, window: MainWindow, sample: Article
) -> None:
    store = window.store
    assert store is not None
    gate = threading.Event()  # the writer is busy with an earlier write
    window.ops.run(lambda _store: gate.wait())
    with qtbot.waitSignal(window.analysis_shown, timeout=ANALYSIS_TIMEOUT_MS):
        try:
            window.show_article(sample)
            # the text is on screen at once, whatever the writer is doing
            assert window.view.toPlainText() == sample.text
            assert window.article_id is None and store.stored_under(sample) is None
        finally:
            gate.set()
    wait_for_writes(qtbot, window)
    assert window.article_id == sample.id and store.article(sample.id) == sample
    assert window.analysis is not None and window.analysis.article_id == sample.id
    # left before it was stored: the article opened next is the one shown and analysed
    other = article_from_text("Maria Lopez said the council would spend $2 million on roads.")
    with qtbot.waitSignal(window.analysis_shown, timeout=ANALYSIS_TIMEOUT_MS):
        window.show_article(sample)
        window.show_article(other)
    wait_for_writes(qtbot, window)
    assert window.article is other and window.article_id == other.id
    assert window.analysis is not None and window.analysis.article_id == other.id
    assert window.view.toPlainText() == other.text


def test_a_note_on_an_article_the_store_failed_to_keep_is_saved_with_it(
    qtbot: QtBot, window: MainWindow, sample: Article
) -> None:
    """The store failed while the article opened (a full disk): it is shown and analysed
    without notes, and says why; a note written once there is room again keeps the article
    too, instead of vanishing."""
    store = window.store
    assert store is not None
    window.session.flush_cache()
    wait_for_writes(qtbot, window)
    pages = store.connection.execute("PRAGMA page_count").fetchone()[0]
    window.ops.run(lambda mine: mine.connection.execute(f"PRAGMA max_page_count = {pages}"))
    longer = article_from_text(sample.text + "\n\nThe harbour board met again." * 500)
    with qtbot.waitSignal(window.analysis_shown, timeout=ANALYSIS_TIMEOUT_MS):
        window.show_article(longer)
    wait_for_writes(qtbot, window)
    assert window.article is longer and window.article_id is None
    said = window.message.label.text()
    assert "The note store failed" in said and "full" in said and window.message.isVisible()
    assert store.stored_under(longer) is None
    assert window.analysis is not None and window.analysis.article_id == longer.id
    window.ops.run(lambda mine: mine.connection.execute("PRAGMA max_page_count = 1073741823"))
    start = longer.text.index("harbour board")
    dialog = write_note(qtbot, window, start, start + len("harbour board"), "Which board?")
    assert not dialog.isVisible()
    assert window.article_id == longer.id and store.article(longer.id) == longer
    assert [n.body for n in store.notes(longer.id)] == ["Which board?"]
    assert window.notes_panel.list.count() == 1


def test_a_note_that_cannot_be_saved_stays_in_its_editor_with_why(
    qtbot: QtBot, window: MainWindow, sample: Article
) -> None:
    with qtbot.waitSignal(window.analysis_shown, timeout=ANALYSIS_TIMEOUT_MS):
        window.show_article(sample)
    wait_for_writes(qtbot, window)
    window.ops.run(lambda mine: mine.connection.execute("PRAGMA query_only = 1"))
    start = sample.text.index("US$300 million")
    end = start + len("US$300 million")
    dialog = write_note(
        qtbot, window, start, end, "Two hours of work on the sources of this figure"
    )
    assert dialog.isVisible() and not dialog.problem.isHidden()
    assert dialog.problem.text().startswith("The note was not saved:")
    assert "cannot be written" in dialog.problem.text()
    assert dialog.body.toPlainText() == "Two hours of work on the sources of this figure"
    assert window.notes_panel.list.count() == 0
    window.ops.run(lambda mine: mine.connection.execute("PRAGMA query_only = 0"))
    dialog.accept()  # saved again, as it was written
    wait_for_writes(qtbot, window)
    assert not dialog.isVisible() and window.notes_panel.list.count() == 1


def test_an_edited_file_shows_its_notes_where_its_passages_moved(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    """The writer places the notes anew in an edited text: the window lists them once it has,
    never where they stood in the old text."""
    path = tmp_path / "ferry.txt"
    path.write_text(
        "Ferry Fares\n\nThe operator said fares would rise by 4% in June.\n\n"
        + "Passengers on the early crossing said the timetable had slipped again.\n\n" * 30,
        encoding="utf-8",
    )
    open_analysed(qtbot, window, path)
    assert window.store is not None and window.article is not None
    quote = "fares would rise"
    start = window.article.text.index(quote)
    write_note(qtbot, window, start, start + len(quote), "check the June rise")
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "Ferry Fares\n\n", "Ferry Fares\n\nA storm closed the harbour for two days.\n\n"
        ),
        encoding="utf-8",
    )
    gate = threading.Event()  # the writer is busy: nothing is listed before it places them
    window.ops.run(lambda _store: gate.wait())
    try:
        with qtbot.waitSignal(window.article_shown, timeout=READ_TIMEOUT_MS):
            assert window.open_path(path)
        assert window.article_id is None and window.view.notes == {}
    finally:
        gate.set()  # else closing the window would wait for the writer for ever
    wait_for_writes(qtbot, window)
    moved = window.article.text.index(quote)
    assert moved > start
    [note] = window.view.notes.values()
    assert (note.anchor.start, note.anchor.end) == (moved, moved + len(quote))


def test_paste_and_drop_bring_articles_in(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    QGuiApplication.clipboard().setText("Pasted report.\n\nThe mayor said taxes will rise.")
    activate(qtbot, window)
    qtbot.keyClick(
        window,
        Qt.Key.Key_V,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert window.article is not None and window.article.source == "clipboard"
    dropped = tmp_path / "dropped.md"
    dropped.write_text("# Dropped\n\nA *short* note about **budgets**.\n", encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(dropped))])
    event = QDropEvent(
        QPointF(50, 50),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(window.article_shown, timeout=READ_TIMEOUT_MS):
        window.dropEvent(event)
    assert window.article.title == "Dropped"
    assert str(dropped.resolve()) == window.opener.recent_files()[0]


def test_text_size_and_recent_files_are_remembered(
    qtbot: QtBot, window: MainWindow, data_dir: Path, tmp_path: Path
) -> None:
    size = window.view.font().pointSizeF()
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert window.view.font().pointSizeF() == size + 1
    article = tmp_path / "kept.txt"
    article.write_text("Kept article.\n\nSome words.\n", encoding="utf-8")
    open_shown(qtbot, window, article)
    window.close()
    again = open_window(data_dir)
    qtbot.addWidget(again)
    assert again.view.font().pointSizeF() == size + 1
    assert again.opener.recent_files() == [str(article.resolve())]
    again.close()


def test_long_document_highlights_where_the_reader_looks(qtbot: QtBot, window: MainWindow) -> None:
    paragraph = (
        "Dana Whitfield, chief economist at Norvale Bank, said the port would cost $45 million. "
        "The harbour board disagreed."
    )
    article = article_from_text("\n".join([paragraph] * 400))
    analysis = open_and_wait(qtbot, window, article)
    assert len(analysis.money) == 400
    last = article.text.rindex("$45 million")
    assert "money" not in drawn_at(window.view, last)  # off screen: not drawn yet
    window.view.verticalScrollBar().setValue(window.view.verticalScrollBar().maximum())
    assert "money" in drawn_at(window.view, last)  # drawn before the scroll shows it


def drawn_at(view: ArticleView, offset: int) -> set[str]:
    """The kinds drawn over the character at ``offset`` now."""
    position = view.position_of(offset)
    return {
        str(s.format.property(KIND_PROPERTY))
        for s in view.extraSelections()
        if s.cursor.selectionStart() <= position < s.cursor.selectionEnd()
    }


def test_a_very_long_document_gives_up_kerning_to_scroll_smoothly(
    window: MainWindow, sample: Article
) -> None:
    shaped = QFont.StyleStrategy.PreferDefault
    long_text = "\n".join(
        f"Paragraph {n}: the board met and the port was discussed." for n in range(4000)
    )
    window.view.show_article(article_from_text(long_text))
    assert window.view.font().styleStrategy() == QFont.StyleStrategy.PreferNoShaping
    window.view.show_article(sample)  # an article of ordinary length is shaped as before
    assert window.view.font().styleStrategy() == shaped


@pytest.mark.parametrize("paragraphs", [60, 9_000])  # 3,500 and 530,000 characters
def test_highlights_are_drawn_near_the_screen_and_never_lay_the_text_out_again(
    qtbot: QtBot, tmp_path: Path, paragraphs: int
) -> None:
    text = "\n".join(
        f"Paragraph {n}: the board met and the port was discussed." for n in range(paragraphs)
    )
    article = article_from_text(text)
    store = Store.open(tmp_path)
    stored = store.add_article(article)
    near_top, near_end = text.index("the port"), text.rindex("the port")
    for start in (near_top, near_end):
        store.add_note(stored.id, start, start + len("the port"), "check the port")
    view = ArticleView()
    qtbot.addWidget(view)
    view.resize(800, 600)
    view.show()
    view.show_article(article)
    qtbot.waitUntil(view.text_complete)
    laid_out_again: list[bool] = []
    view.document().documentLayout().update.connect(lambda *_area: laid_out_again.append(True))
    view.set_notes(store.notes(stored.id))
    assert "note" in drawn_at(view, near_top)
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum())
    assert "note" in drawn_at(view, near_end)
    assert "note" not in drawn_at(view, near_top)  # only what is near the screen is drawn
    assert view.kinds_at(near_top) == {"note"}  # but what is there is known everywhere
    view.flash(near_end, near_end + 3)  # the flash goes over the highlights, not instead
    assert view.flashing() == (near_end, near_end + 3) and "note" in drawn_at(view, near_end)
    qtbot.waitUntil(lambda: view.flashing() is None)
    assert "note" in drawn_at(view, near_end)
    bar.setValue(0)  # back at the top, its highlights are drawn again
    assert "note" in drawn_at(view, near_top)
    assert laid_out_again == []
    store.close()


def test_an_article_on_one_line_is_laid_out_in_paragraphs_it_can_afford(
    qtbot: QtBot, window: MainWindow
) -> None:
    sentence = (
        "Dana Whitfield, chief economist at Norvale Bank, said the port would cost $45 million. "
        "The harbour board disagreed. "
    )
    text = "Port costs\n" + (sentence * 400).strip()  # one 46,000-character line
    article = article_from_text(text)
    analysis = open_and_wait(qtbot, window, article)
    assert len(analysis.money) == 400
    document = window.view.document()
    longest = max(document.findBlockByNumber(n).length() for n in range(document.blockCount()))
    assert document.blockCount() > 10 and longest <= 3_001
    shown = window.view.toPlainText()
    assert len(shown) == len(text)  # every offset the same: only spaces became line breaks
    assert shown.replace("\n", " ") == text.replace("\n", " ")
    last = text.rindex("$45 million")
    window.view.verticalScrollBar().setValue(window.view.verticalScrollBar().maximum())
    assert "money" in window.view.kinds_at(last)
    assert "money" not in window.view.kinds_at(last - 1)
    assert "person" in window.view.kinds_at(text.rindex("Dana Whitfield"))


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


def test_screenshot_of_the_sample_then_exit(tmp_path: Path) -> None:
    out = tmp_path / "shot.png"
    result = factreader(
        "--data-dir", str(tmp_path / "d"), "--screenshot", str(out), "--size", "900x600"
    )
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"\x89PNG")
    assert page_lightness(out) > 200  # no desktop to follow here: the light theme
    # a second time with the same data folder: the analysis is cached and shown at once; and
    # in the dark theme for this run only
    again = tmp_path / "again.png"
    result = factreader(
        "--data-dir", str(tmp_path / "d"), "--screenshot", str(again), "--size", "900x600",
        "--theme", "dark",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert page_lightness(again) < 60


def page_lightness(png: Path) -> float:
    """How light the article's page is in a screenshot: the median over a grid of its points
    (the letters on it are few against the page)."""
    image = QImage(str(png))
    assert not image.isNull()
    points = [
        image.pixelColor(image.width() * x // 20, image.height() * y // 20).lightness()
        for x in range(2, 11)
        for y in range(5, 16)
    ]
    return float(statistics.median(points))


def test_screenshot_of_a_bad_file_fails_with_a_message(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = factreader(
        "--data-dir", str(tmp_path / "d"), str(empty), "--screenshot", str(tmp_path / "x.png")
    )
    assert result.returncode == 1
    assert "empty.txt" in result.stderr
    assert not (tmp_path / "x.png").exists()


def test_highlights_stay_on_their_words_after_emoji(qtbot: QtBot, window: MainWindow) -> None:
    article = article_from_text("Fans cheered 🎉🎉 as Maria Lopez said the club paid $3 million.")
    analysis = open_and_wait(qtbot, window, article)
    start = article.text.index("$3 million")
    end = start + len("$3 million")
    assert "money" in window.view.kinds_at(start)
    assert "money" in window.view.kinds_at(end - 1)
    assert "money" not in window.view.kinds_at(end)
    fact = next(i for i, f in enumerate(analysis.facts) if f.kind == "money")
    window.navigator.show_fact(fact)
    assert window.view.textCursor().selectedText() == "$3 million"


def test_asking_what_is_highlighted_off_screen_leaves_the_screen_as_it_was(
    qtbot: QtBot, window: MainWindow
) -> None:
    paragraph = (
        "Dana Whitfield, chief economist at Norvale Bank, said the port would cost $45 million. "
        "The harbour board disagreed."
    )
    article = article_from_text("\n".join([paragraph] * 200))
    open_and_wait(qtbot, window, article)
    view = window.view
    before = view.viewport().grab().toImage()
    assert "person" in view.kinds_at(article.text.rindex("Dana Whitfield"))  # far below
    view.viewport().repaint()
    assert view.viewport().grab().toImage() == before


NORLAND = "Norland's unemployment rate fell to 6.4% in March from 7.2%, the statistics office said."


def test_a_figure_says_what_it_measures_and_hovering_it_underlines_the_measure(
    qtbot: QtBot, window: MainWindow
) -> None:
    """Issue 33: the panel and the tooltip say a figure's context in words, and the words it
    measures are underlined while the pointer is over it, not after."""
    open_and_wait(qtbot, window, article_from_text(NORLAND))
    view, proxy = window.view, window.panel.proxy
    group = next(
        proxy.index(r, 0) for r in range(proxy.rowCount()) if "Figures" in proxy.index(r, 0).data()
    )
    rows = [str(proxy.index(r, 0, group).data()) for r in range(proxy.rowCount(group))]
    assert rows[0].startswith("Unemployment rate, Norland, in March: 6.4 percent — Norland's")
    over_rate = view.tooltip_at(point_of(window, NORLAND.index("6.4%") + 1))
    assert over_rate.startswith("Figure: Unemployment rate, Norland, in March: 6.4 percent")
    measure = (NORLAND.index("unemployment"), NORLAND.index(" fell"))
    drawn = Counter(underlines(view))  # highlights of kinds drawn underlined
    qtbot.mouseMove(view.viewport(), point_of(window, NORLAND.index("6.4%") + 1))
    assert view.painter.underlined() == measure
    added = Counter(underlines(view)) - drawn
    assert list(added) == [(view.position_of(measure[0]), view.position_of(measure[1]))]
    qtbot.mouseMove(view.viewport(), point_of(window, NORLAND.index("statistics") + 1))
    assert view.painter.underlined() is None and Counter(underlines(view)) == drawn
    view.hover_at(NORLAND.index("7.2%"))  # the old rate measures the same
    assert view.painter.underlined() == measure
    view.hover_at(None)  # the pointer left the text
    assert Counter(underlines(view)) == drawn


def underlines(view: ArticleView) -> list[tuple[int, int]]:
    """The document positions of the extra selections drawn with an underline."""
    return [
        (s.cursor.selectionStart(), s.cursor.selectionEnd())
        for s in view.extraSelections()
        if s.format.underlineStyle() != s.format.UnderlineStyle.NoUnderline
    ]
