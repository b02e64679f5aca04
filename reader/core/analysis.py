"""From an article to an ``Analysis``: one entry point for the CLI, the GUI worker and the tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from reader.core.attributions import ParsedArticle, find_attributions
from reader.core.entities import (
    actors_not_places,
    add_untagged_mentions,
    build_entities,
    collect_mentions,
    harmonise_labels,
)
from reader.core.facts import build_facts
from reader.core.model import Analysis, Article, Span
from reader.core.money import extract_money
from reader.core.nlp import ProgressCallback, chunk_text, load_pipeline, parse_chunks

if TYPE_CHECKING:
    from spacy.language import Language

# Bump when extraction rules change, so cached analyses are recomputed.
PIPELINE_VERSION = "1"


class Cancelled(Exception):
    """Raised inside ``analyze`` when the caller's ``should_stop`` says the result is not wanted."""


class Analyzer:
    """Owns the loaded spaCy pipeline; one per process, since loading it takes seconds."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        meta = nlp.meta
        self.model_name = (
            f"{meta.get('lang', 'en')}_{meta.get('name', 'model')}-{meta.get('version', '')}"
        )

    @classmethod
    def load(cls, model: str | None = None) -> Analyzer:
        return cls(load_pipeline(model))

    def analyze(
        self,
        article: Article,
        progress: ProgressCallback | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> Analysis:
        text = article.text
        chunks = chunk_text(text)
        parsed = []
        for chunk, doc in parse_chunks(self.nlp, chunks, progress):
            if should_stop is not None and should_stop():
                raise Cancelled
            parsed.append((chunk.start, doc))
        document = ParsedArticle(text, parsed)
        mentions = actors_not_places(harmonise_labels(collect_mentions(parsed, text)))
        mentions = add_untagged_mentions(parsed, mentions, text)
        entities, _ = build_entities(mentions)
        money_hints = [
            (offset + ent.start_char, offset + ent.end_char)
            for offset, doc in parsed
            for ent in doc.ents
            if ent.label_ == "MONEY"
        ]
        money = extract_money(text, document.sentences, money_hints)
        attributions = find_attributions(document, entities)
        sentences = tuple(Span(s, e, text[s:e]) for s, e in document.sentences)
        facts = build_facts(text, document.sentences, entities, money, attributions)
        return Analysis(
            article_id=article.id,
            model=self.model_name,
            pipeline_version=PIPELINE_VERSION,
            sentences=sentences,
            entities=tuple(entities),
            money=tuple(money),
            attributions=tuple(attributions),
            facts=tuple(facts),
        )
