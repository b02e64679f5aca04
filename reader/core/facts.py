"""The facts a reader scans in the side panel, each pointing at its span and source sentence."""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable, Sequence
from typing import TypeVar

from reader.core.kinds import entity_kind
from reader.core.model import Attribution, Entity, Fact, Figure, Money, Span
from reader.core.quoting import quoted_text
from reader.core.review import marked_speaker

UNATTRIBUTED = "Unattributed"
_SYMBOLS = {
    "USD": "US$",
    "GBP": "£",
    "EUR": "€",
    "JPY": "¥",
    "AUD": "A$",
    "HKD": "HK$",
    "CAD": "C$",
}
_SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))
SUMMARY_CHARS = 140


def fact_ref_for_entity(label: str, canonical: str) -> str:
    return f"entity/{label}/{canonical}"


def _number(value: float, scale: float) -> str:
    scaled = value / scale
    return f"{scaled:,.2f}".rstrip("0").rstrip(".")


def format_amount(money: Money) -> str:
    """ "US$300–600 million per million artillery shells": how a reader writes it."""
    symbol = _SYMBOLS.get(money.currency)
    top = max(abs(money.low), abs(money.high))
    scale, word = next(((s, w) for s, w in _SCALES if top >= s), (1.0, ""))
    low, high = _number(money.low, scale), _number(money.high, scale)
    figure = low if money.low == money.high else f"{low}–{high}"
    amount = f"{symbol}{figure}" if symbol else f"{figure} {money.currency}"
    if word:
        amount = f"{amount} {word}" if symbol else f"{figure} {word} {money.currency}"
    if money.qualifier:
        amount = f"{money.qualifier} {amount}"
    if money.per:
        amount = f"{amount} per {money.per}"
    return amount


def format_figure(figure: Figure) -> str:
    """ "5 percent", "5–7 kilometre", "3,000,000 barrel", "3.6 percent (from 3.2)", "up to 12
    nautical mile": the qualifier first, as format_amount writes it."""

    def number(value: float) -> str:
        return f"{value:,.6f}".rstrip("0").rstrip(".")

    low, high = number(figure.low), number(figure.high)
    shown = f"{low} {figure.unit}" if low == high else f"{low}–{high} {figure.unit}"
    if figure.qualifier and figure.qualifier.startswith(("or ", "and ")):
        shown = f"{shown} {figure.qualifier}"  # "30 tonne or more"
    elif figure.qualifier:
        shown = f"{figure.qualifier} {shown}"
    if figure.before is not None:
        shown += f" (from {number(figure.before)})"
    elif figure.change:
        shown += f" ({figure.change})"
    return shown


def context_texts(item: Money | Figure) -> tuple[str | None, str | None, str | None]:
    """The words of an amount's measure, subject and time as written, each on one line; None
    where not found."""
    return (_one_line(item.measure), _one_line(item.subject), _one_line(item.time))


def _one_line(span: Span | None) -> str | None:
    return None if span is None else " ".join(span.text.split())


def context_words(item: Money | Figure) -> str:
    """ "Unemployment rate, Norland, in March": what an amount or figure measures, whose it is
    and when, as the article writes them (issue 33), the first letter a capital; a part not
    found is left out."""
    words = ", ".join(part for part in context_texts(item) if part)
    return words[:1].upper() + words[1:]


def in_context(item: Money | Figure, shown: str) -> str:
    """ "Unemployment rate, Norland, in March: 6.4 percent": ``shown`` (the amount as a listing
    writes it) after its context, or alone when none was found. The tooltip and the panel say
    it so."""
    words = context_words(item)
    return f"{words}: {shown}" if words else shown


def format_amount_exact(money: Money) -> str:
    """ "USD 300,000,000 – 600,000,000": unambiguous, for tooltips."""
    low = f"{money.low:,.2f}".removesuffix(".00")
    high = f"{money.high:,.2f}".removesuffix(".00")
    figure = low if money.low == money.high else f"{low} – {high}"
    text = f"{money.currency} {figure}"
    return f"{text} per {money.per}" if money.per else text


def shorten(text: str, limit: int = SUMMARY_CHARS) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit - 1)
    return text[: cut if cut > limit // 2 else limit - 1].rstrip(",;: ") + "…"


# An amount of money or a figure: a listing shows either kind the same way.
MoneyOrFigure = TypeVar("MoneyOrFigure", Money, Figure)
# What may stand between an amount and its equivalent in brackets: "(", "(about ", "[or ",
# and between two equivalents in one bracket: ", ", "; ", " or ".
_CONVERSION_HEDGE = (
    r"(?:(?:about|around|roughly|approximately|approx\.|nearly|almost|some|c\.|~|or)\s*)?"
)
_CONVERSION_OPENS = re.compile(rf"\s*[(\[]\s*{_CONVERSION_HEDGE}$")
_CONVERSION_JOINS = re.compile(rf"\s*(?:[,;/]\s*(?:or\s+|and\s+)?|\s+or\s+){_CONVERSION_HEDGE}$")
_CONVERSION_CLOSES = re.compile(r"\s*[)\];]")
# Units of a figure that measure a share, not a quantity: never one another's conversion.
_SHARES = frozenset({"percent", "percentage point"})


def conversions(text: str, items: Sequence[Money | Figure]) -> dict[int, tuple[int, ...]]:
    """ "$20bn (£15.1bn)", "£10m ($12.9m, €11.6m)", "10 miles (about 16km)": the amounts in
    brackets right after one are it in other units. Maps the index of each amount to those of its
    bracketed equivalents."""
    found: dict[int, tuple[int, ...]] = {}
    taken: set[int] = set()
    for index, first in enumerate(items):
        if index in taken or _unit(first) in _SHARES:
            continue
        chain: list[int] = []
        previous = first
        for later in range(index + 1, len(items)):
            item = items[later]
            gap = text[previous.end : item.start]
            pattern = _CONVERSION_JOINS if chain else _CONVERSION_OPENS
            unit = _unit(item)
            if not pattern.fullmatch(gap) or unit == _unit(first) or unit in _SHARES:
                break
            chain.append(later)
            previous = item
        if chain and _CONVERSION_CLOSES.match(text, previous.end):
            found[index] = tuple(chain)
            taken.update(chain)
    return found


def listed_with_equivalents(
    text: str, items: Sequence[MoneyOrFigure], show: Callable[[MoneyOrFigure], str]
) -> list[tuple[int, str]]:
    """The amounts a listing shows, each with its bracketed equivalents as ``show`` writes them
    ("US$12.9 million; €11.6 million", or ""): every listing shows them so, with the amount,
    and an equivalent gets no row of its own."""
    equivalents = conversions(text, items)
    converted = {i for chain in equivalents.values() for i in chain}
    return [
        (index, "; ".join(show(items[i]) for i in equivalents.get(index, ())))
        for index in range(len(items))
        if index not in converted
    ]


def _unit(item: Money | Figure) -> str:
    return item.currency if isinstance(item, Money) else item.unit


def attribution_holding(attributions: Sequence[Attribution], offset: int) -> Attribution | None:
    """The quote or report with a named speaker whose words hold ``offset``."""
    return next(
        (a for a in attributions if a.speaker_name and a.content.start <= offset < a.content.end),
        None,
    )


_SentenceOf = Callable[[int, int], tuple[int, int]]


def build_facts(
    text: str,
    sentences: Sequence[tuple[int, int]],
    entities: Sequence[Entity],
    money: Sequence[Money],
    attributions: Sequence[Attribution],
    figures: Sequence[Figure] = (),
) -> list[Fact]:
    """The panel's facts in reading order: statements, amounts of money, figures, and each name
    at its first mention."""
    sentence_of = _sentence_finder(sentences)
    facts = [
        *_attribution_facts(attributions, sentence_of),
        *_money_facts(text, money, attributions, sentence_of),
        *_figure_facts(text, figures, sentence_of),
        *_entity_facts(entities, sentence_of),
    ]
    facts.sort(key=lambda f: (f.start, f.kind))
    return facts


def _sentence_finder(sentences: Sequence[tuple[int, int]]) -> _SentenceOf:
    """The span of the sentences a span of the text lies in (the span itself without any)."""
    starts = [s for s, _ in sentences]

    def sentence_of(start: int, end: int) -> tuple[int, int]:
        if not sentences:
            return start, end
        first = max(0, bisect.bisect_right(starts, start) - 1)
        last = max(first, bisect.bisect_right(starts, max(start, end - 1)) - 1)
        return sentences[first][0], sentences[last][1]

    return sentence_of


def _attribution_facts(attributions: Sequence[Attribution], sentence_of: _SentenceOf) -> list[Fact]:
    facts: list[Fact] = []
    for index, item in enumerate(attributions):
        who = item.speaker_name or (item.speaker.text if item.speaker else UNATTRIBUTED)
        start = min(item.content.start, item.speaker.start if item.speaker else item.content.start)
        end = max(item.content.end, item.speaker.end if item.speaker else item.content.end)
        s_start, s_end = sentence_of(start, end)
        summary = shorten(f"{who}: {quoted_text(item)}")
        facts.append(
            Fact("attribution", summary, start, end, s_start, s_end, f"attribution/{index}", who)
        )
    return facts


def _money_facts(
    text: str,
    money: Sequence[Money],
    attributions: Sequence[Attribution],
    sentence_of: _SentenceOf,
) -> list[Fact]:
    facts: list[Fact] = []
    for index, also in listed_with_equivalents(text, money, format_amount):
        amount = money[index]
        s_start, s_end = sentence_of(amount.start, amount.end)
        said_by = attribution_holding(attributions, amount.start)
        speaker = said_by.speaker_name if said_by is not None else None
        shown_speaker = marked_speaker(said_by)  # a guessed speaker marked, as in the window
        context = shorten(text[s_start:s_end], 90)
        shown = in_context(amount, format_amount(amount) + (f" ({also})" if also else ""))
        summary = f"{shown} — {shown_speaker + ': ' if shown_speaker else ''}{context}"
        facts.append(
            Fact(
                "money",
                shorten(summary),
                amount.start,
                amount.end,
                s_start,
                s_end,
                f"money/{index}",
                speaker,
            )
        )
    return facts


def _figure_facts(text: str, figures: Sequence[Figure], sentence_of: _SentenceOf) -> list[Fact]:
    facts: list[Fact] = []
    for index, also in listed_with_equivalents(text, figures, format_figure):
        figure = figures[index]  # "10 miles (16km)": one fact, as money is
        s_start, s_end = sentence_of(figure.start, figure.end)
        context = shorten(text[s_start:s_end], 90)
        shown = in_context(figure, format_figure(figure) + (f" ({also})" if also else ""))
        facts.append(
            Fact(
                "figure",
                shorten(f"{shown} — {context}"),
                figure.start,
                figure.end,
                s_start,
                s_end,
                f"figure/{index}",
                None,
            )
        )
    return facts


def _entity_facts(entities: Sequence[Entity], sentence_of: _SentenceOf) -> list[Fact]:
    """One fact per name, at its first mention, with how often it is mentioned."""
    facts: list[Fact] = []
    counts = Counter((e.label, e.canonical) for e in entities)
    seen: set[tuple[str, str]] = set()
    for entity in entities:
        kind = entity_kind(entity.label)
        key = (entity.label, entity.canonical)
        if key in seen:
            continue
        seen.add(key)
        n = counts[key]
        role = f" — {entity.role}" if entity.role else ""
        mentions = f" ({n} mentions)" if n > 1 else ""
        s_start, s_end = sentence_of(entity.start, entity.end)
        facts.append(
            Fact(
                kind,
                shorten(f"{entity.canonical}{role}{mentions}"),
                entity.start,
                entity.end,
                s_start,
                s_end,
                fact_ref_for_entity(entity.label, entity.canonical),
                entity.canonical,
            )
        )
    return facts
