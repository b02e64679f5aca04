"""What changed between two versions of an article: facts added, removed and changed.

A news article is edited after it is first published: a quote is reworded, a figure revised,
a statement given to someone else. Comparing the texts line by line buries those few changes
under moved paragraphs and typo fixes, so the two analyses are compared instead. A fact is
unchanged when the same speaker says the same words, or the same amount stands in the same
words; what is left is paired by how alike the sentences around it are.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from typing import Literal

from reader.core.corrections import apply_corrections
from reader.core.crossref import name_key
from reader.core.facts import format_amount, format_figure
from reader.core.loading import content_id
from reader.core.model import Analysis, Article, Record
from reader.core.store import ArticleVersion, Store

ChangeKind = Literal["added", "removed", "reworded", "revised", "speaker"]
# How alike two sentences must be (0..1, difflib's ratio) to be the same fact edited.
SAME_PASSAGE_RATIO = 0.6
# How alike two quotes must be to be the same quote reworded rather than another one.
SAME_QUOTE_RATIO = 0.5


@dataclass(frozen=True)
class Change(Record):
    kind: ChangeKind
    fact: Literal["statement", "money", "figure"]
    before: str  # the fact as the older version had it ("" when added)
    after: str  # as the newer one has it ("" when removed)
    speaker: str
    start: int  # where it stands in the newer text, or stood in the older one when removed
    end: int
    in_newer: bool  # whether start and end are offsets into the newer text

    def describe(self) -> str:
        what = {"statement": "quote", "money": "amount", "figure": "figure"}[self.fact]
        who = f"{self.speaker}: " if self.speaker else ""
        if self.kind == "added":
            return f"{what} added — {who}{self.after}"
        if self.kind == "removed":
            return f"{what} removed — {who}{self.before}"
        if self.kind == "speaker":
            return f"speaker changed — {self.before} → {self.after}"
        return f"{what} {self.kind} — {who}{self.before} → {self.after}"


@dataclass(frozen=True)
class Comparison(Record):
    older: str  # when each text was replaced, or "current"
    newer: str
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class _Fact:
    fact: Literal["statement", "money", "figure"]
    shown: str  # the quote, or the amount as written in full
    identity: str  # what must be equal for the fact to be unchanged
    speaker: str
    sentence: str
    start: int
    end: int


def _facts(text: str, analysis: Analysis) -> list[_Fact]:
    sentences = {fact.ref: (fact.sentence_start, fact.sentence_end) for fact in analysis.facts}

    def sentence(ref: str, start: int, end: int) -> str:
        first, last = sentences.get(ref, (start, end))
        return " ".join(text[first:last].split())

    found = [
        _Fact(
            "statement",
            " ".join(a.content.text.split()),
            " ".join(a.content.text.split()).casefold(),
            a.speaker_name or (a.speaker.text if a.speaker else ""),  # "the council"
            sentence(f"attribution/{n}", a.content.start, a.content.end),
            a.content.start,
            a.content.end,
        )
        for n, a in enumerate(analysis.attributions)
    ]
    for n, money in enumerate(analysis.money):
        if f"money/{n}" in sentences:  # a conversion is compared with the amount it converts
            shown = format_amount(money)
            where = sentence(f"money/{n}", money.start, money.end)
            found.append(_Fact("money", shown, shown, "", where, money.start, money.end))
    for n, figure in enumerate(analysis.figures):
        shown = format_figure(figure)
        where = sentence(f"figure/{n}", figure.start, figure.end)
        found.append(_Fact("figure", shown, shown, "", where, figure.start, figure.end))
    return found


def compare(
    older_text: str, older: Analysis, newer_text: str, newer: Analysis
) -> tuple[Change, ...]:
    """The facts of ``newer`` that differ from those of ``older``, in the newer text's order
    (removed facts last, in the older text's order)."""
    before, after = _facts(older_text, older), _facts(newer_text, newer)
    unmatched_before = list(before)
    unmatched_after: list[_Fact] = []
    for fact in after:  # the same fact, unchanged: the same words, by the same speaker
        same = next(
            (
                b
                for b in unmatched_before
                if b.fact == fact.fact
                and b.identity == fact.identity
                and name_key(b.speaker) == name_key(fact.speaker)
            ),
            None,
        )
        if same is None:
            unmatched_after.append(fact)
        else:
            unmatched_before.remove(same)
    changes: list[Change] = []
    for fact in unmatched_after:
        edited = _edited(fact, unmatched_before)
        if edited is None:
            changes.append(
                Change("added", fact.fact, "", fact.shown, fact.speaker, fact.start, fact.end, True)
            )
            continue
        unmatched_before.remove(edited)
        if fact.fact == "statement" and edited.identity == fact.identity:
            changes.append(
                Change(
                    "speaker",
                    "statement",
                    edited.speaker or "no one",
                    fact.speaker or "no one",
                    fact.speaker,
                    fact.start,
                    fact.end,
                    True,
                )
            )
        else:
            kind: ChangeKind = "reworded" if fact.fact == "statement" else "revised"
            changes.append(
                Change(
                    kind,
                    fact.fact,
                    edited.shown,
                    fact.shown,
                    fact.speaker,
                    fact.start,
                    fact.end,
                    True,
                )
            )
    changes += [
        Change("removed", b.fact, b.shown, "", b.speaker, b.start, b.end, False)
        for b in unmatched_before
    ]
    return tuple(changes)


def _edited(fact: _Fact, candidates: Sequence[_Fact]) -> _Fact | None:
    """The older fact ``fact`` is an edit of: the same kind in the most alike sentence, for a
    quote by the same speaker (or the same words given to another)."""
    best, best_ratio = None, SAME_PASSAGE_RATIO
    for candidate in candidates:
        if candidate.fact != fact.fact:
            continue
        if fact.fact == "statement":
            same_words = candidate.identity == fact.identity
            same_speaker = name_key(candidate.speaker) == name_key(fact.speaker)
            quote_ratio = SequenceMatcher(None, candidate.identity, fact.identity).ratio()
            if not same_words and not (same_speaker and quote_ratio >= SAME_QUOTE_RATIO):
                continue
            ratio = max(quote_ratio, _ratio(candidate.sentence, fact.sentence))
        else:
            ratio = _ratio(candidate.sentence, fact.sentence)
        if ratio >= best_ratio:
            best, best_ratio = candidate, ratio
    return best


def _ratio(first: str, second: str) -> float:
    return SequenceMatcher(None, first, second, autojunk=False).ratio()


AnalysisOf = Callable[[Article], Analysis]


def version_article(current: Article, version: ArticleVersion) -> Article:
    """An earlier text of a stored article, as an article of its own (for its analysis)."""
    return replace(current, title=version.title, text=version.text, id=content_id(version.text))


def article_changes(store: Store, article_id: str, analysis_of: AnalysisOf) -> list[Comparison]:
    """Each edit of the article, newest first: what changed from one version to the next, with
    the analyst's corrections laid over each."""
    current = store.article(article_id)
    if current is None:
        return []
    corrections = store.corrections(article_id)
    versions = store.versions(article_id)
    texts = [version_article(current, v) for v in versions] + [current]
    stamps = [v.replaced for v in versions] + ["current"]

    def facts_of(article: Article) -> Analysis:
        return apply_corrections(article.text, analysis_of(article), corrections).analysis

    analyses = [facts_of(article) for article in texts]
    comparisons = [
        Comparison(
            stamps[n],
            stamps[n + 1],
            compare(texts[n].text, analyses[n], texts[n + 1].text, analyses[n + 1]),
        )
        for n in range(len(texts) - 1)
    ]
    return comparisons[::-1]
