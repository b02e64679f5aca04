"""A long article parsed on two cores, by the analysing process and a helper, reads exactly as
parsed by one, and a helper that dies on the way only costs time."""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator

from reader.core.analysis import Analyzer
from reader.core.nlp import Chunk, chunk_text, parse_chunks
from reader.core.parallel_parse import BATCH_PARAGRAPHS, BATCHES_AHEAD, HELPER_NAME
from tests.test_progressive import long_article

Reading = list[tuple[str, str, str, int, str, str, bool]]


def reading(docs: Iterator[tuple[Chunk, object]]) -> Reading:
    """What the analysis reads of each token: tag, dependency, head, lemma, entity, sentence."""
    return [
        (t.text, t.tag_, t.dep_, t.head.i, t.lemma_, t.ent_type_, bool(t.is_sent_start))
        for _, doc in docs
        for t in doc  # type: ignore[attr-defined]
    ]


def helpers() -> list[multiprocessing.process.BaseProcess]:
    return [p for p in multiprocessing.active_children() if p.name == HELPER_NAME]


def enough_chunks() -> list[Chunk]:
    """More paragraphs than a helper is given ahead, so this process parses some of them too."""
    chunks = chunk_text(long_article(60_000).text)
    assert len(chunks) > BATCH_PARAGRAPHS * (BATCHES_AHEAD + 2)
    return chunks


def test_two_cores_read_as_one(analyzer: Analyzer) -> None:
    chunks = enough_chunks()
    alone = reading(parse_chunks(analyzer.nlp, chunks))
    together = reading(parse_chunks(analyzer.nlp, chunks, processes=2))
    assert together == alone
    assert helpers() == []  # the helper ended with the parse


def test_a_helper_that_dies_costs_only_time(analyzer: Analyzer) -> None:
    chunks = enough_chunks()
    alone = reading(parse_chunks(analyzer.nlp, chunks))
    docs = parse_chunks(analyzer.nlp, chunks, processes=2)
    first = [next(docs) for _ in range(BATCH_PARAGRAPHS + 1)]  # one of the helper's is back
    [helper] = helpers()
    helper.kill()
    assert reading(iter([*first, *docs])) == alone
    assert helpers() == []
