"""What the reading view paints and what a click or hover there means: every highlighted span with
its kind and the fact it belongs to, indexed so that one paragraph or one character is a quick
lookup even with tens of thousands of spans."""

from __future__ import annotations

import bisect
import operator
from array import array
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reader.core.columns import Records, field
from reader.core.facts import (
    attribution_holding,
    fact_ref_for_entity,
    format_amount_exact,
    format_figure,
    in_context,
    shorten,
)
from reader.core.kinds import KIND_STYLES, HighlightKind, entity_kind, entity_label_name
from reader.core.model import Analysis, Attribution, Record, Span
from reader.core.quoting import quoted_text, shown_words
from reader.core.review import marked_speaker, needs_review, review_reason


@dataclass(frozen=True)
class Highlight(Record):
    start: int
    end: int
    kind: HighlightKind
    fact: int  # index into Analysis.facts
    item: int  # index into the entities, money or attributions the kind comes from


# When spans overlap at a click, the most specific wins: a speaker or cue before the quote around
# it, a name inside a quote before the quote.
_CLICK_PRIORITY: dict[HighlightKind, int] = {
    "speaker": 0,
    "cue": 0,
    "money": 1,
    "figure": 1,
    "person": 2,
    "organisation": 2,
    "place": 2,
    "date": 2,
    "other": 2,
    "content": 3,
    "review": 0,
    "corrected": 0,
    "note": 4,
}


class HighlightIndex:
    """The highlights in reading order, kept as columns (``Records``): a long report's 300,000
    highlights cross from the worker as a few buffers, and a query makes only the highlights it
    finds."""

    def __init__(self, highlights: Sequence[Highlight], *, in_order: bool = False) -> None:
        """``in_order``: already sorted, as an index's own highlights are."""
        ordered = highlights if in_order else sorted(highlights, key=_reading_order)
        self.highlights: Records[Highlight] = (
            ordered if isinstance(ordered, Records) else Records.of(ordered)
        )
        self.starts: Sequence[int] = self.highlights.column(0) if ordered else array("q")
        self._ends: Sequence[int] = self.highlights.column(1) if ordered else array("q")
        self.longest = max(map(operator.sub, self._ends, self.starts), default=0)
        self.counts: Counter[HighlightKind] = Counter(h.kind for h in ordered)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_restored, (self.highlights, self.longest, self.counts))

    @classmethod
    def from_analysis(cls, analysis: Analysis) -> HighlightIndex:
        fact_by_ref = {fact.ref: i for i, fact in enumerate(analysis.facts)}
        highlights: list[Highlight] = []
        for i, entity in enumerate(analysis.entities):
            fact = fact_by_ref.get(fact_ref_for_entity(entity.label, entity.canonical), -1)
            highlights.append(
                Highlight(entity.start, entity.end, entity_kind(entity.label), fact, i)
            )
        # an equivalent in brackets has no fact of its own: it leads to the amount it converts
        money_facts = _leading_facts(fact_by_ref, "money", len(analysis.money))
        for i, money in enumerate(analysis.money):
            highlights.append(Highlight(money.start, money.end, "money", money_facts[i], i))
        figure_facts = _leading_facts(fact_by_ref, "figure", len(analysis.figures))
        for i, figure in enumerate(analysis.figures):
            highlights.append(Highlight(figure.start, figure.end, "figure", figure_facts[i], i))
        for i, item in enumerate(analysis.attributions):
            fact = fact_by_ref.get(f"attribution/{i}", -1)
            highlights.append(Highlight(item.content.start, item.content.end, "content", fact, i))
            if item.speaker is not None:
                highlights.append(
                    Highlight(item.speaker.start, item.speaker.end, "speaker", fact, i)
                )
            if item.cue is not None:
                highlights.append(Highlight(item.cue.start, item.cue.end, "cue", fact, i))
            # painted after the speaker, so its mark is the one that shows
            marked = item.speaker or _first_word(item.content)
            if needs_review(item):
                highlights.append(Highlight(marked.start, marked.end, "review", fact, i))
            elif item.corrected:
                highlights.append(Highlight(marked.start, marked.end, "corrected", fact, i))
        ordered = sorted((h for h in highlights if h.end > h.start), key=_reading_order)
        index = cls(ordered, in_order=True)
        if analysis.facts:  # a long article's provisional parts have none: their highlights
            index.counts = listed_counts(ordered, analysis)
        return index

    def overlapping(self, start: int, end: int) -> list[Highlight]:
        """Highlights that share at least one character with [start, end)."""
        first = bisect.bisect_left(self.starts, start - self.longest)
        last = bisect.bisect_left(self.starts, end)
        ends, highlights = self._ends, self.highlights
        return [highlights[i] for i in range(first, last) if ends[i] > start]

    def at(self, offset: int) -> list[Highlight]:
        """Highlights over the character at ``offset``, the one a click means first."""
        found = self.overlapping(offset, offset + 1)
        return sorted(found, key=lambda h: (_CLICK_PRIORITY[h.kind], h.end - h.start))


def _restored(
    highlights: Records[Highlight], longest: int, counts: Counter[HighlightKind]
) -> HighlightIndex:
    """An index as it was sent: its columns, and what was computed from them."""
    index = HighlightIndex.__new__(HighlightIndex)
    index.highlights, index.longest, index.counts = highlights, longest, counts
    index.starts = highlights.column(0) if highlights else array("q")
    index._ends = highlights.column(1) if highlights else array("q")
    return index


def listed_counts(highlights: Sequence[Highlight], analysis: Analysis) -> Counter[HighlightKind]:
    """How many facts of each kind the panel lists, which is what the legend counts: an amount
    and its equivalent in brackets ("£10m (€11.6m)") are one, a person named five times is one,
    and so is a speaker quoted three times."""
    listed = {(h.kind, h.fact) for h in highlights if h.fact >= 0}
    counts: Counter[HighlightKind] = Counter(kind for kind, _ in listed if kind != "speaker")
    speakers = {analysis.facts[fact].subject for kind, fact in listed if kind == "speaker"}
    if speakers:
        counts["speaker"] = len(speakers)
    return counts


# The highlights of one attribution; a tooltip describes the attribution once.
_ATTRIBUTION_PARTS: frozenset[HighlightKind] = frozenset(
    {"speaker", "cue", "content", "review", "corrected"}
)
TOOLTIP_WORDS = 240  # characters of the quoted words a tooltip shows


@dataclass(frozen=True)
class ProvisionalSection:
    """The highlights of one part of a long article, found before the whole was analysed."""

    start: int
    end: int
    analysis: Analysis
    index: HighlightIndex


def describe(highlight: Highlight, analysis: Analysis) -> str:
    """What the core knows about a highlight, in the words of a tooltip."""
    if highlight.kind == "money":
        money = analysis.money[highlight.item]
        qualifier = f" ({money.qualifier})" if money.qualifier else ""
        shown = in_context(money, f"{format_amount_exact(money)}{qualifier}")
        return f"Money: {shown}" + _said_by(money.start, analysis)
    if highlight.kind == "figure":
        figure = analysis.figures[highlight.item]
        shown = in_context(figure, format_figure(figure))
        return f"Figure: {shown}" + _said_by(figure.start, analysis)
    if highlight.kind in _ATTRIBUTION_PARTS:
        item = analysis.attributions[highlight.item]
        who = item.speaker_name or (item.speaker.text if item.speaker else "not named")
        role = _role_of(analysis, item.speaker_name)
        words = shorten(quoted_text(item), TOOLTIP_WORDS)
        lines = [f"{KIND_STYLES[highlight.kind].name}: {_ATTRIBUTION_KINDS[item.kind]}"]
        lines.append(f"Speaker: {who}" + (f", {role}" if role else ""))
        lines.append(f"Words: {shown_words(item.kind, words)}")
        if item.speaker is not None and item.speaker.text != who:
            lines.append(f"Named here as: {item.speaker.text}")
        if item.cue is not None:
            lines.append(f"Cue: {item.cue.text}")
        lines.append(f"How sure: {round(item.confidence * 100)}%, {how_resolved(item)}")
        if needs_review(item):
            lines.append(f"Needs review: {review_reason(item, analysis)}")
        if item.corrected:
            lines.append("Corrected by you")
        return "\n".join(lines)
    entity = analysis.entities[highlight.item]
    lines = [f"{entity_label_name(entity.label)}: {entity.canonical}"]
    if entity.corrected:
        lines.append("Corrected by you")
    if entity.canonical != entity.text:
        lines.append(f"Named here as: {entity.text}")
    role = entity.role or _role_of(analysis, entity.canonical if entity.label == "PERSON" else None)
    if role:
        lines.append(f"Role: {role}")
    return "\n".join(lines)


def _said_by(offset: int, analysis: Analysis) -> str:
    """The line under an amount or figure that says whose words hold it, a guess marked."""
    item = attribution_holding(analysis.attributions, offset)
    if item is None:
        return ""
    why = f" ({review_reason(item, analysis)})" if needs_review(item) else ""
    return f"\nSaid by: {marked_speaker(item)}{why}"


def describe_all(found: Sequence[Highlight], analysis: Analysis) -> list[str]:
    """One block per fact among ``found`` (highlights at one place, the most specific first): a
    speaker, its cue and the words around them are one attribution, described once."""
    blocks: list[str] = []
    seen: set[tuple[str, int]] = set()
    for highlight in found:
        group = "attribution" if highlight.kind in _ATTRIBUTION_PARTS else highlight.kind
        key = (group, highlight.item)
        if key not in seen:
            seen.add(key)
            blocks.append(describe(highlight, analysis))
    return blocks


def _first_word(content: Span) -> Span:
    words = content.text.split()
    first = words[0] if words else content.text
    start = content.start + content.text.find(first)
    return Span(start, start + len(first), first)


def how_resolved(item: Attribution) -> str:
    """How the speaker's name was found, in a reader's words: "from 'she'"."""
    said = f"“{item.speaker.text}”" if item.speaker is not None else ""
    return {
        "named": "named in the text",
        "surname": f"from the surname {said}",
        "title": f"from the title and name {said}",
        "pronoun": f"from the pronoun {said}",
        "nominal": f"from the description {said}",
        "acronym": f"from the acronym {said}",
        "role": f"from the role {said}",
    }.get(item.resolved_from, "no name found in the article")


_ATTRIBUTION_KINDS = {
    "direct": "direct quote",
    "indirect": "reported speech",
    "mixed": "reported speech with quoted words",
    "according_to": "attributed source",
}


def _role_of(analysis: Analysis, name: str | None) -> str | None:
    if not name:
        return None
    entities = analysis.entities
    found = zip(
        field(entities, "label"), field(entities, "canonical"), field(entities, "role"), strict=True
    )
    return next(
        (
            role
            for label, canonical, role in found
            if canonical == name and label == "PERSON" and role
        ),
        None,
    )


def _reading_order(highlight: Highlight) -> tuple[int, int]:
    return highlight.start, highlight.end


def _leading_facts(fact_by_ref: dict[str, int], kind: str, count: int) -> list[int]:
    """The fact of each amount or figure: its own, or, for a conversion in brackets, the one of
    the amount before it that it converts (-1 when there is none)."""
    facts, last = [], -1
    for i in range(count):
        last = fact_by_ref.get(f"{kind}/{i}", last)
        facts.append(last)
    return facts
