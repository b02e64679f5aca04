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

from pytestqt.qtbot import QtBot

from reader.core import service
from reader.core.analysis import Analyzer
from reader.core.loading import article_from_text
from reader.core.model import Analysis, Article
from reader.core.nlp import chunk_text, parse_chunks
from reader.core.service import Finished, Section, result_for, section_for
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


def test_parsed_paragraphs_keep_no_tensors(analyzer: Analyzer) -> None:
    """Nothing reads spaCy's tensors: kept, they were 70% of a long article's parsed Docs,
    which the worker holds until the whole is analysed."""
    text = long_article(6_000).text
    docs = [doc for _, doc in parse_chunks(analyzer.nlp, chunk_text(text))]
    assert docs and all(doc.tensor.size == 0 for doc in docs)
    assert all(doc.ents and doc.has_annotation("DEP") for doc in docs)  # parsed all the same


def test_short_article_comes_whole(analyzer: Analyzer) -> None:
    parts: list[Analysis] = []
    analyzer.analyze(long_article(5_000), on_section=parts.append)
    assert parts == []


def received(message: Finished | Section) -> tuple[Finished | Section, int]:
    """The message as the window's listener gets it, and how many objects the collector
    tracks once it has (what a full collection walks, and what freeing it frees)."""
    sent = pickle.dumps(service.sendable(message), protocol=pickle.HIGHEST_PROTOCOL)
    gc.collect()
    gc.disable()
    try:
        before = len(gc.get_objects())
        back = pickle.loads(sent)
        return back, len(gc.get_objects()) - before
    finally:
        gc.enable()


def test_a_result_crosses_to_the_window_whole_as_a_few_objects(analyzer: Analyzer) -> None:
    payload = bytes(range(256)) * 50
    small = long_article(2_000)
    _, objects_small = received(result_for(1, small, analyzer.analyze(small), payload))
    article = long_article(20_000)
    result = result_for(7, article, analyzer.analyze(article), payload)
    back, objects = received(result)
    # ten times the text, not ten times the objects: a 5 MB report is not millions of them
    assert objects < objects_small + 20, (objects_small, objects)
    assert isinstance(back, Finished)
    assert back.analysis == result.analysis and back.tree == result.tree
    assert back.review == result.review and back.review_count == result.review_count
    assert back.highlights.highlights == result.highlights.highlights
    assert back.highlights.counts == result.highlights.counts
    assert back.article == article and back.cache_payload == payload
    # a click anywhere finds what it found before the trip
    for offset in range(0, len(article.text), 89):
        assert back.highlights.at(offset) == result.highlights.at(offset)


def test_a_part_of_a_long_article_crosses_whole(analyzer: Analyzer) -> None:
    article = long_article(PROGRESSIVE_FROM_CHARS + 20_000)
    sections: list[Analysis] = []
    analyzer.analyze(article, on_section=sections.append)
    section = section_for(3, sections[0])
    back, _ = received(section)
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
    qtbot.waitUntil(lambda: part() is None)  # the parts are let go of
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
