"""Long articles: highlights arrive part by part in reading order, the whole analysis replaces
them, and the analysis process never outlives the window."""

from __future__ import annotations

import gc
import itertools
import os
import pickle
import signal
import subprocess
import sys
import time
import weakref
from types import FrameType
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from reader.core import service
from reader.core.analysis import Analyzer
from reader.core.loading import article_from_text
from reader.core.model import Analysis, Article
from reader.core.service import (
    Finished,
    Part,
    Section,
    assembled,
    in_parts,
    result_for,
    section_for,
)
from reader.core.thresholds import FIRST_SECTION_CHARS, PROGRESSIVE_FROM_CHARS
from reader.gui.app import open_window

PARAGRAPHS = (
    "Dana Whitfield, chief economist at Norvale Bank, said the harbour would cost ${n} million.",
    '"We will not pay for a port nobody uses," said Marcus Oyelaran, who chairs the board.',
    "The council in Bramford approved a grant of £{n}m on Tuesday, according to Lena Sorensen.",
    "Whitfield told reporters that freight volumes had fallen for a {n}th month in a row.",
)


def long_article(chars: int) -> Article:
    lines, size, n = [], 0, 0
    while size < chars:
        line = PARAGRAPHS[n % len(PARAGRAPHS)].format(n=n + 3)
        lines.append(line)
        size, n = size + len(line) + 1, n + 1
    return article_from_text("\n".join(lines), source="test")


def test_long_article_arrives_in_parts_in_reading_order(analyzer: Analyzer) -> None:
    article = long_article(PROGRESSIVE_FROM_CHARS + 20_000)
    parts: list[Analysis] = []
    whole = analyzer.analyze(article, on_section=parts.append)
    assert len(parts) >= 2
    assert parts[0].sentences[-1].end < FIRST_SECTION_CHARS + 200  # the first screen comes first
    for before, after in itertools.pairwise(parts):
        assert before.sentences[-1].end <= after.sentences[0].start
    found_early = [m for part in parts for m in part.money]
    assert found_early and set(found_early) <= set(whole.money)
    assert whole == analyzer.analyze(article)  # parts change nothing in the final analysis


def test_short_article_comes_whole(analyzer: Analyzer) -> None:
    parts: list[Analysis] = []
    analyzer.analyze(long_article(5_000), on_section=parts.append)
    assert parts == []


def test_a_result_sent_in_parts_comes_back_whole(
    analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(service, "PART_CHARS", 3_000)  # a 5 MB text's pieces, made smaller
    monkeypatch.setattr(service, "PART_ITEMS", 40)
    article = long_article(20_000)
    payload = bytes(range(256)) * 50
    result = result_for(7, article, analyzer.analyze(article), payload)
    *parts, shell = in_parts(result)
    assert isinstance(shell, Finished) and shell.analysis.attributions == ()
    # the last message carries neither the text nor the cache's encoding: alone, unpickling
    # them held the window
    assert len(pickle.dumps(shell)) < 3_000
    assert max(len(pickle.dumps(part)) for part in parts) < 40_000
    assert all(isinstance(part, Part) for part in parts) and len(parts) >= 5
    pieces: dict[str, list[object]] = {}
    for part in parts:
        assert isinstance(part, Part)
        pieces.setdefault(part.field, []).append(part.value)
    back = assembled(shell, pieces)
    assert isinstance(back, Finished)
    assert back.analysis == result.analysis and back.tree == result.tree
    assert back.review == result.review and back.review_count == result.review_count
    assert back.highlights.highlights == result.highlights.highlights
    assert back.highlights.counts == result.highlights.counts
    assert back.article == article and back.cache_payload == payload
    # a click anywhere finds what it found before the trip
    for offset in range(0, len(article.text), 89):
        assert back.highlights.at(offset) == result.highlights.at(offset)


def test_a_result_is_put_back_together_without_a_loop_over_its_items(
    analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The listener that assembles a result shares the GIL with the window: a Python loop over
    a long article's highlights there stretched the window's stalls."""
    monkeypatch.setattr(service, "PART_ITEMS", 50)
    monkeypatch.setattr(service, "PART_STARTS", 50)

    def lines_run_to_assemble(chars: int) -> int:
        article = long_article(chars)
        *parts, shell = in_parts(result_for(1, article, analyzer.analyze(article)))
        assert isinstance(shell, Finished)
        pieces: dict[str, list[object]] = {}
        for part in parts:
            assert isinstance(part, Part)
            pieces.setdefault(part.field, []).append(part.value)
        lines = 0

        def count(frame: FrameType, event: str, _arg: Any) -> Any:
            nonlocal lines
            lines += event == "line"
            return count

        sys.settrace(count)
        try:
            back = assembled(shell, pieces)
        finally:
            sys.settrace(None)
        assert isinstance(back, Finished) and back.highlights.highlights
        return lines

    small, large = lines_run_to_assemble(2_000), lines_run_to_assemble(20_000)
    assert large < small + 50  # ten times the highlights, not ten times the Python


def test_a_part_of_a_long_article_sent_in_pieces_comes_back_whole(analyzer: Analyzer) -> None:
    article = long_article(PROGRESSIVE_FROM_CHARS + 20_000)
    sections: list[Analysis] = []
    analyzer.analyze(article, on_section=sections.append)
    section = section_for(3, sections[0])
    *parts, shell = in_parts(section)
    assert isinstance(shell, Section) and shell.highlights.highlights == []
    assert parts and all(isinstance(part, Part) for part in parts)
    pieces: dict[str, list[object]] = {}
    for part in parts:
        assert isinstance(part, Part)
        pieces.setdefault(part.field, []).append(part.value)
    back = assembled(shell, pieces)
    assert isinstance(back, Section) and back.analysis == section.analysis
    assert (back.start, back.end) == (section.start, section.end)
    assert back.highlights.highlights == section.highlights.highlights
    assert back.highlights.at(section.start + 5) == section.highlights.at(section.start + 5)


def test_window_highlights_the_first_screen_before_the_rest(qtbot: QtBot, tmp_path: object) -> None:
    window = open_window(tmp_path / "data")  # type: ignore[operator]
    qtbot.addWidget(window)
    window.resize(1100, 700)
    window.show()
    article = long_article(PROGRESSIVE_FROM_CHARS + 20_000)
    with qtbot.waitSignal(window.section_shown, timeout=120_000):
        window.show_article(article)
    assert window.analysis is None  # the whole analysis is still to come
    part = weakref.ref(window.view.sections[0].analysis)
    first_amount = article.text.index("$3 million")
    assert "money" in window.view.kinds_at(first_amount + 1)
    assert "speaker" in window.view.kinds_at(article.text.index("Marcus Oyelaran"))
    assert "Money" in window.view.tooltip_at(
        window.view.cursorRect(window.view.cursor_for(first_amount + 2)).center()
    )
    with qtbot.waitSignal(window.analysis_shown, timeout=120_000):
        pass
    assert window.view.sections == []
    assert "money" in window.view.kinds_at(first_amount + 1)
    qtbot.waitUntil(lambda: part() is None)  # the parts are freed, a slice at a time
    assert gc.get_freeze_count() > 0  # and the whole analysis stays set aside from the collector
    window.close()


WORKER_UNDER_A_PARENT = """
import time
import weakref
from reader.core.service import WorkerProcess
if __name__ == "__main__":
    worker = WorkerProcess()
    print(worker.process.pid, flush=True)
    time.sleep(600)
"""


def test_analysis_process_ends_when_the_window_process_is_killed() -> None:
    with subprocess.Popen(
        [sys.executable, "-c", WORKER_UNDER_A_PARENT], stdout=subprocess.PIPE, text=True
    ) as parent:
        assert parent.stdout is not None
        worker = int(parent.stdout.readline())
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            os.kill(worker, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    os.kill(worker, signal.SIGKILL)
    raise AssertionError("the analysis process outlived the window's process")
