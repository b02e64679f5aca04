"""A generated library of 10,000 articles for ``python -m reader.bench --library``: how quickly
the views across articles answer, and that opening the store does not slow down as it grows.

The articles are invented from a few templates, with 1,200 people quoted by full name and by
surname, amounts and percentages, and a country's unemployment rate in the month before the
article's, which about one article in fifty gives 0.3 points off the others (issue 33: where
sources disagree); their analyses are built directly (the model would take hours
over 10,000 articles), through the same ``build_facts`` as real ones, so the store holds what a
real library would.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from reader.core import conflicts, crossref, library_search, schema
from reader.core.facts import build_facts
from reader.core.loading import article_from_text
from reader.core.model import Analysis, Attribution, Entity, Figure, Money, Span
from reader.core.store import STORE_FILE, Store

FIRST_NAMES = (
    "Irene Tomasz Jan Amara Lucia Kenji Farah Pieter Selin Dmitri Aoife Bruno Chiara Dev Elif "
    "Femi Greta Hugo Ines Jonas Kaia Lars Mira Nadia Oskar Priya Quentin Rosa Sami Talia"
).split()
SURNAMES = (
    "Kowalczyk Brandt Vos Okafor Moreau Tanaka Haddad Jansen Aydin Volkov Byrne Costa Ricci "
    "Mehta Demir Adeyemi Lindqvist Laurent Silva Weber Nystrom Berg Farouk Novak Petrov Rao "
    "Quist Romero Saleh Toivonen Ueda Varga Walsh Xu Yilmaz Zeller Abbas Bauer Castro Dahl"
).split()
TOPICS = ("harbour", "ferries", "budget", "schools", "housing", "rail", "water", "energy")
COUNTRIES = (
    "Norland Sudland Ostmark Westria Valdora Kestria Marovia Lindora Pellam Ardennia Corvia Tamsk"
).split()
MONTHS = (
    "January February March April May June July August September October November December"
).split()
RATE_SENTENCE = "{country}'s unemployment rate was {rate}% in {month}, the statistics office said."
SENTENCES = (
    "The {topic} plan was first put forward in the spring.",
    "Officials met twice in the week before the vote on the {topic} scheme.",
    "Residents near the {topic} site have asked for more detail.",
    "A report on the {topic} costs is due before the end of the year.",
)


def published_on(number: int) -> str:
    day = 1 + number % 28
    month = 1 + (number // 28) % 12
    return f"{2024 + number % 3}-{month:02d}-{day:02d}"


def unemployment_line(number: int, rng: random.Random) -> str:
    """A country's unemployment rate in the month before the article's: the same for every
    article on that country and month, but for one in fifty, 0.3 points higher."""
    country = rng.choice(COUNTRIES)
    year, month = (int(part) for part in published_on(number).split("-")[:2])
    before = 12 if month == 1 else month - 1
    rate = 4 + (sum(map(ord, country)) * 7 + year * 13 + before * 29) % 40 / 10
    if rng.random() < 0.02:
        rate += 0.3
    return RATE_SENTENCE.format(country=country, rate=f"{rate:.1f}", month=MONTHS[before - 1])


def build_article(number: int, rng: random.Random) -> tuple[str, list[tuple[str, str]]]:
    """The text of one article and the people it quotes."""
    people = [(rng.choice(FIRST_NAMES), rng.choice(SURNAMES)) for _ in range(2)]
    topic = rng.choice(TOPICS)
    lines = [f"Report {number}: the {topic} question"]
    for first, last in people:
        filler = " ".join(s.format(topic=topic) for s in rng.sample(SENTENCES, 2))
        amount = rng.randint(2, 900)
        share = rng.randint(1, 60)
        lines.append(
            f"{filler} {first} {last} said that the {topic} work would take {share}% of the "
            f'budget. "We have set aside ${amount} million for it," {last} said.'
        )
    lines.append(unemployment_line(number, rng))
    return "\n\n".join(lines), people


def analysis_of(text: str, article_id: str, people: list[tuple[str, str]]) -> Analysis:
    """What the analysis would find in a text from ``build_article``."""
    entities: list[Entity] = []
    attributions: list[Attribution] = []
    money: list[Money] = []
    figures: list[Figure] = []
    sentences: list[tuple[int, int]] = []
    at = 0
    for piece in text.split(". "):
        sentences.append((at, min(at + len(piece) + 1, len(text))))  # the last ends the text
        at += len(piece) + 2
    cursor = 0
    for first, last in people:
        full = f"{first} {last}"
        start = text.index(full, cursor)
        entities.append(Entity(start, start + len(full), full, "PERSON", full))
        said = text.index("said that", start)
        content_start = said + len("said that ")
        content_end = text.index(" of the budget", content_start) + len(" of the budget")
        attributions.append(
            Attribution(
                "indirect",
                Span(start, start + len(full), full),
                full,
                Span(said, said + 4, "said"),
                Span(content_start, content_end, text[content_start:content_end]),
                "named",
                0.9,
                "reported",
            )
        )
        share_end = text.index("%", content_start) + 1
        share_start = text.rindex(" ", 0, share_end) + 1
        value = float(text[share_start : share_end - 1])
        figures.append(
            Figure(share_start, share_end, text[share_start:share_end], "percent", value, value)
        )
        quote_start = text.index('"', content_end) + 1
        quote_end = text.index('"', quote_start)
        dollars = text.index("$", quote_start)
        dollars_end = text.index(" million", dollars) + len(" million")
        amount = float(text[dollars + 1 : text.index(" ", dollars)]) * 1e6
        money.append(Money(dollars, dollars_end, text[dollars:dollars_end], "USD", amount, amount))
        surname = text.index(last, quote_end)
        entities.append(Entity(surname, surname + len(last), last, "PERSON", full))
        attributions.append(
            Attribution(
                "direct",
                Span(surname, surname + len(last), last),
                full,
                Span(surname + len(last) + 1, surname + len(last) + 5, "said"),
                Span(quote_start, quote_end, text[quote_start:quote_end]),
                "surname",
                0.9,
                "direct",
            )
        )
        cursor = quote_end
    figures.append(_unemployment_rate(text))
    facts = build_facts(text, sentences, entities, money, attributions, figures)
    return Analysis(
        article_id,
        "generated",
        schema.PIPELINE_VERSION,
        tuple(Span(s, e, text[s:e]) for s, e in sentences),
        tuple(entities),
        tuple(money),
        tuple(attributions),
        tuple(facts),
        tuple(figures),
    )


def _unemployment_rate(text: str) -> Figure:
    """The unemployment rate of ``RATE_SENTENCE`` with its measure, subject and time, as the
    context rules find them."""
    measure = text.index("unemployment rate")
    subject = text.rindex("\n", 0, measure) + 1
    value = text.index(" ", measure + len("unemployment rate was")) + 1
    percent = text.index("%", value) + 1
    time_end = text.index(",", percent)

    def span(start: int, end: int) -> Span:
        return Span(start, end, text[start:end])

    rate = float(text[value : percent - 1])
    return Figure(
        value,
        percent,
        text[value:percent],
        "percent",
        rate,
        rate,
        measure=span(measure, measure + len("unemployment rate")),
        subject=span(subject, text.index("'s", subject)),
        time=span(percent + 1, time_end),
    )


def generate(folder: Path, articles: int, seed: int = 16) -> float:
    """A store of ``articles`` analysed and indexed articles in ``folder``; seconds it took."""
    rng = random.Random(seed)
    started = time.perf_counter()
    store = Store.open(folder)
    try:
        for number in range(articles):
            text, people = build_article(number, rng)
            article = article_from_text(text, source=f"/library/report-{number}.txt")
            article = replace(article, published=published_on(number))
            article_id = store.add_article(article).id
            analysis = analysis_of(article.text, article.id, people)
            store.save_analysis(article, analysis)
            crossref.index_article(store, article_id, article, analysis)
    finally:
        store.close()
    return time.perf_counter() - started


def median_seconds(runs: int, measure: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        measure()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def library_figures(folder: Path, sizes: tuple[int, ...] = (100, 10_000)) -> dict[str, float]:
    """For each library size: opening the store, the Library's list, a search, the Sources view
    and ``who``; the one-off indexing of the largest."""
    figures: dict[str, float] = {}
    for size in sizes:
        label = f"{size // 1000}k" if size >= 1000 else str(size)
        place = folder / f"library-{size}"
        figures[f"library_generate_{label}_s"] = generate(place, size)
        for name, value in _queries(place, reindex=size == max(sizes)).items():
            figures[name.format(label)] = value
    return figures


def _fresh(place: Path, question: Callable[[Store], object]) -> object:
    store = Store.open(place)
    try:
        return question(store)
    finally:
        store.close()


def _dialogs(place: Path) -> dict[str, float]:
    """The window's Library and Sources dialogs made and filled, on a store just opened."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication, QWidget

    from reader.gui.library_views import LibraryDialog, SourcesDialog

    app = QApplication.instance() or QApplication([])
    parent = QWidget()

    def shown(make: Callable[[QWidget, Store], QWidget]) -> None:
        store = Store.open(place)
        dialog = make(parent, store)
        dialog.show()
        app.processEvents()
        dialog.close()
        store.close()

    return {
        "library_dialog_{}_s": median_seconds(3, lambda: shown(LibraryDialog)),
        "sources_dialog_{}_s": median_seconds(3, lambda: shown(SourcesDialog)),
    }


def _queries(place: Path, reindex: bool) -> dict[str, float]:
    found = {"store_open_{}_s": median_seconds(5, lambda: Store.open(place).close())}
    store = Store.open(place)
    try:
        found["library_list_{}_s"] = median_seconds(3, store.articles)
        found["search_common_{}_s"] = median_seconds(
            3, lambda: library_search.search(store, "budget")
        )
        found["search_rare_{}_s"] = median_seconds(
            3, lambda: library_search.search(store, "Report 77")
        )
        # on a store just opened: nothing worked out before (a second look is quicker)
        found["sources_view_{}_s"] = median_seconds(3, lambda: _fresh(place, crossref.sources))
        found["who_{}_s"] = median_seconds(
            3, lambda: _fresh(place, lambda s: crossref.statements_by(s, "Irene Kowalczyk"))
        )
        found["sources_view_again_{}_s"] = median_seconds(3, lambda: crossref.sources(store))
        found |= _dialogs(place)
        found["figures_all_{}_s"] = median_seconds(3, lambda: crossref.amounts(store))
        found["conflicts_{}_s"] = median_seconds(3, lambda: _fresh(place, conflicts.conflicts))
        found["figures_by_measure_{}_s"] = median_seconds(
            3, lambda: conflicts.figures_by_measure(store)
        )
        if reindex:
            with store.transaction() as db:
                db.execute("DELETE FROM indexed")
            start = time.perf_counter()
            crossref.refresh(store)
            found["index_all_{}_s"] = time.perf_counter() - start
        found["store_size_{}_mb"] = (place / STORE_FILE).stat().st_size / 1e6
    finally:
        store.close()
    return found
