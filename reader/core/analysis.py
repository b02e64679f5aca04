"""From an article to an ``Analysis``: one entry point for the CLI, the GUI worker and the tests."""

from __future__ import annotations

import os
from collections.abc import Callable, Generator, Sequence
from contextlib import closing
from typing import TYPE_CHECKING

from reader.core.attributions import find_attributions
from reader.core.context import add_context
from reader.core.entities import (
    actors_not_places,
    add_untagged_mentions,
    build_entities,
    collect_mentions,
    harmonise_labels,
)
from reader.core.facts import build_facts
from reader.core.figures import extract_figures
from reader.core.model import Analysis, Article, Money, Span
from reader.core.money import extract_money
from reader.core.nlp import Chunk, ProgressCallback, chunk_text, load_pipeline, parse_chunks
from reader.core.parsed import ParsedArticle
from reader.core.schema import PIPELINE_VERSION
from reader.core.thresholds import (
    FIRST_SECTION_CHARS,
    PARALLEL_FROM_CHARS,
    PROGRESSIVE_FROM_CHARS,
    SECTION_CHARS,
)

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

SectionCallback = Callable[[Analysis], None]
"""Called with a provisional analysis of the next part of a long article, in reading order."""


class Cancelled(Exception):
    """Raised inside ``analyze`` when the caller's ``should_stop`` says the result is not wanted."""


class Analyzer:
    """Owns the loaded spaCy pipeline; one per process, since loading it takes seconds."""

    def __init__(self, nlp: Language, processes: int = 2) -> None:
        self.nlp = nlp
        # at most this many parsing processes for a long article; 1 where a process may not
        # start others (a Dask worker), or where documents are already analysed side by side
        self.processes = processes
        meta = nlp.meta
        self.model_name = (
            f"{meta.get('lang', 'en')}_{meta.get('name', 'model')}-{meta.get('version', '')}"
        )

    @classmethod
    def load(cls, model: str | None = None, processes: int = 2) -> Analyzer:
        return cls(load_pipeline(model), processes)

    def analyze(
        self,
        article: Article,
        progress: ProgressCallback | None = None,
        should_stop: Callable[[], bool] | None = None,
        on_section: SectionCallback | None = None,
    ) -> Analysis:
        """The whole article's analysis. With ``on_section``, a long article also yields
        provisional analyses of its parts in reading order while the rest is still being parsed,
        so a reader sees highlights on the first screen long before the last page is done."""
        text = article.text
        chunks = chunk_text(text)
        sections = on_section is not None and len(text) >= PROGRESSIVE_FROM_CHARS
        parsed: list[tuple[int, Doc]] = []
        money: list[Money] = []
        section: list[tuple[int, Doc]] = []
        section_chars, target = 0, FIRST_SECTION_CHARS
        stop = _stopper(should_stop)
        docs_in_order = (
            self._first_section_here(chunks, progress)
            if sections
            else parse_chunks(self.nlp, chunks, progress, self._processes(len(text)))
        )
        with closing(docs_in_order) as docs:
            for chunk, doc in docs:
                stop()
                parsed.append((chunk.start, doc))
                if not sections:
                    continue
                section.append((chunk.start, doc))
                section_chars += len(chunk.text)
                if section_chars >= target:
                    assert on_section is not None
                    provisional = self._post_parse(article, section, stop=stop)
                    money += provisional.money
                    on_section(provisional)
                    section, section_chars, target = [], 0, SECTION_CHARS
        if sections and section:  # the last part's money; everything else comes with the whole
            money += extract_money(text, ParsedArticle(text, section).sentences, _hints(section))
        return self._post_parse(article, parsed, money if sections else None, stop)

    def _first_section_here(
        self, chunks: Sequence[Chunk], progress: ProgressCallback | None
    ) -> Generator[tuple[Chunk, Doc], None, None]:
        """A long article's Docs in order, its first screenful parsed in this process alone:
        the parsing helper takes about a second to start, and the rest's second batch is its."""
        first = 0
        first_chars = 0
        while first < len(chunks) and first_chars < FIRST_SECTION_CHARS:
            first_chars += len(chunks[first].text)
            first += 1
        total = sum(len(c.text) for c in chunks) or 1

        def overall(offset: int) -> ProgressCallback | None:
            if progress is None:
                return None
            return lambda done, _part: progress(offset + done, total)

        yield from parse_chunks(self.nlp, chunks[:first], overall(0))
        rest = chunks[first:]
        yield from parse_chunks(
            self.nlp, rest, overall(first_chars), self._processes(total - first_chars)
        )

    def _processes(self, chars: int) -> int:
        return min(self.processes, processes_for(chars))

    def _post_parse(
        self,
        article: Article,
        parsed: list[tuple[int, Doc]],
        money: list[Money] | None = None,
        stop: Callable[[], None] = lambda: None,
    ) -> Analysis:
        """Names, money, attributions and facts of parsed paragraphs. Money is read sentence by
        sentence, so amounts found part by part can be passed in instead of being read again.
        ``stop`` raises ``Cancelled`` between steps: a long article's take seconds each."""
        text = article.text
        document = ParsedArticle(text, parsed)
        mentions = actors_not_places(harmonise_labels(collect_mentions(parsed, text)))
        mentions = add_untagged_mentions(parsed, mentions, text)
        entities, _ = build_entities(mentions)
        stop()
        if money is None:
            money = extract_money(text, document.sentences, _hints(parsed))
            stop()
        attributions = find_attributions(document, entities)
        stop()
        figures = extract_figures(text, document.sentences, money)
        money, figures = add_context(document, money, figures)
        stop()
        sentences = tuple(Span(s, e, text[s:e]) for s, e in document.sentences)
        facts = build_facts(text, document.sentences, entities, money, attributions, figures)
        stop()
        return Analysis(
            article_id=article.id,
            model=self.model_name,
            pipeline_version=PIPELINE_VERSION,
            sentences=sentences,
            entities=tuple(entities),
            money=tuple(money),
            attributions=tuple(attributions),
            facts=tuple(facts),
            figures=tuple(figures),
        )


def _stopper(should_stop: Callable[[], bool] | None) -> Callable[[], None]:
    """Raises ``Cancelled`` once ``should_stop`` says so."""

    def stop() -> None:
        if should_stop is not None and should_stop():
            raise Cancelled

    return stop


def _hints(parsed: list[tuple[int, Doc]]) -> list[tuple[int, int]]:
    """spaCy's MONEY spans, for the amounts the rules do not read."""
    return [
        (offset + ent.start_char, offset + ent.end_char)
        for offset, doc in parsed
        for ent in doc.ents
        if ent.label_ == "MONEY"
    ]


def processes_for(chars: int) -> int:
    """Two processes parse a long article on a machine with two cores or more: starting the
    helper costs about a second, which pays off from a few hundred thousand characters."""
    return 2 if chars >= PARALLEL_FROM_CHARS and (os.cpu_count() or 1) >= 2 else 1
