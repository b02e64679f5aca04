"""Where sources disagree (issue 33): figures of one measure, subject and time across the library
whose values differ by more than their rounding, each listed with its article, speaker and
sentence; and every figure of one measure, for a dossier or the Figures view.

Figures are the same thing when the keys of their measure, subject and time (``measures``),
their unit (a currency or a unit's name), their rate ("per share") and their nature agree: a
change by itself ("rose 5%") is compared with changes, a level ("was 6.4%", "rose to 6.4%")
with levels. A figure without a measure, subject or time is compared with none: "6.4%" of no
named country, or of no stated month, may be any. An increment ("an extra £5m") is no value of
its measure and is not compared either. A figure the analyst marked "not an amount" has no row
in the index, so it is in no group.

The index answers in two steps: SQLite groups the rows by their keys from the index alone and
keeps the keys that more than one article gives with more than one value; only their rows are
read, and compared here with ``measures.agree``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from itertools import combinations
from typing import Any

from reader.core import crossref
from reader.core.measures import Value, agree, measure_key, subject_key
from reader.core.model import Record
from reader.core.store import Store

DISAGREE = "Sources disagree"  # what a group is called wherever it shows
NO_MEASURE = ""  # the measure of the Figures view's group of figures with none


@dataclass(frozen=True)
class MeasuredFigure(Record):
    """An amount of money or a figure with what it measures, whose it is and when: as written,
    and as the keys that compare across articles."""

    row: int  # its row in the index
    article_id: str
    title: str
    published: str  # the article's date as it gives it; empty when unknown
    kind: str  # "money" or "figure"
    text: str
    unit: str  # a currency code or a unit's name
    low: float
    high: float
    per: str | None
    qualifier: str | None  # "more than", "up to"
    change: str | None  # "rise" or "fall" for a change by itself ("rose 5%"), else None
    before: float | None  # "fell from 7.2% to 6.4%": 7.2 on the 6.4% figure
    measure: str | None  # as written
    subject: str | None
    time: str | None
    measure_key: str | None  # "unemployment rate" for "the jobless rate"
    subject_key: str | None
    time_key: str | None  # "2026-03" for "in March" in an article of April 2026
    speaker: str | None  # of the statement whose words hold it
    speaker_needs_review: bool
    speaker_review_reason: str
    start: int
    end: int
    sentence_start: int
    sentence_end: int
    sentence: str
    disputed: bool = False  # in a group where sources disagree

    @property
    def value(self) -> Value | None:
        """Its value to compare; None for an increment."""
        fall = self.change == "fall"
        return Value.of(self.text, self.low, self.high, self.qualifier, fall)

    def when(self) -> str:
        """The time as written, with how it was read when that says more: "in March
        (2026-03)"; the words alone when they were not read as a date."""
        read = self.time_key or ""
        if not self.time or not read or read in self.time.casefold() or "@" in read:
            return self.time or ""
        return f"{self.time} ({read})"

    def shown(self) -> str:
        """ "more than 6%", "5% (fall)": the value as written, with its qualifier and change."""
        qualifier = f"{self.qualifier} " if self.qualifier else ""
        change = f" ({self.change})" if self.change else ""
        return f"{qualifier}{self.text}{change}"


@dataclass(frozen=True)
class ConflictGroup(Record):
    """Figures of one measure, subject and time on which articles disagree."""

    measure: str  # the measure's key: "unemployment rate"
    subject: str  # the subject as the articles write it most: "Norland"
    time: str  # the time's key: "2026-03", "3 months to 2026-06", or the words
    unit: str
    per: str | None
    changes: bool  # changes compared ("rose 5%", "fell 3%"), not levels
    figures: tuple[MeasuredFigure, ...]  # every figure of it, lowest value first

    @property
    def articles(self) -> int:
        return len({f.article_id for f in self.figures})


@dataclass(frozen=True)
class MeasureGroup(Record):
    """The Figures view's group of one measure: its figures in date order, and whether sources
    disagree on any of them (those figures are ``disputed``)."""

    measure: str  # its key; NO_MEASURE for the figures whose measure was not found
    conflict: bool
    figures: tuple[MeasuredFigure, ...]


_COLUMNS = (
    "m.id, m.article_id, a.title, coalesce(a.published, ''), m.kind, m.text, m.unit, m.low, "
    "m.high, m.per, m.qualifier, m.change, m.before, m.measure, m.subject, m.time, "
    "m.measure_key, m.subject_key, m.time_key, m.speaker, m.speaker_needs_review, "
    "m.speaker_review_reason, m.start, m.end, m.sentence_start, m.sentence_end, m.sentence"
)
_KEYS = "measure_key, subject_key, time_key, unit, per"
_KEYED = "measure_key IS NOT NULL AND subject_key IS NOT NULL AND time_key IS NOT NULL"
# The keys that more than one article gives with more than one value (or change): read from
# the index ``amounts_measure`` alone, in its order.
_CANDIDATES = (
    f"SELECT {_KEYS} FROM amounts WHERE {_KEYED} GROUP BY {_KEYS} "
    "HAVING count(DISTINCT article_id) > 1 AND (min(low) < max(low) OR min(high) < max(high) "
    "OR count(DISTINCT coalesce(change, '')) > 1)"
)
_DATE_ORDER = "ORDER BY coalesce(a.published, a.added), a.rowid, m.start"


def _figure(row: Sequence[Any]) -> MeasuredFigure:
    fields = list(row)
    fields[20] = bool(fields[20])  # speaker_needs_review, stored as 0 or 1
    return MeasuredFigure(*fields)


def conflicts(
    store: Store, kind: str | None = None, article_ids: Iterable[str] | None = None
) -> list[ConflictGroup]:
    """Every group of figures of one measure, subject and time on which articles disagree, by
    measure, subject and time; only of ``kind`` ("money" or "figure"), or only those in which
    one of ``article_ids`` takes part, when given."""
    crossref.refresh(store)
    rows = store.connection.execute(
        f"WITH c AS ({_CANDIDATES}) SELECT {_COLUMNS} FROM c "
        "JOIN amounts m ON m.measure_key = c.measure_key AND m.subject_key = c.subject_key "
        "AND m.time_key = c.time_key AND m.unit = c.unit AND m.per IS c.per "
        f"JOIN articles a ON a.id = m.article_id {_DATE_ORDER}"
    )
    same: dict[tuple[Any, ...], list[MeasuredFigure]] = defaultdict(list)
    for row in rows:
        figure = _figure(row)
        key = (figure.measure_key, figure.subject_key, figure.time_key, figure.unit)
        same[(*key, figure.per, figure.change is not None)].append(figure)
    only = None if article_ids is None else set(article_ids)
    found = []
    for (measure, _, time, unit, per, changes), figures in same.items():
        compared = _compared(figures)
        if not _disagree(compared):
            continue
        if kind is not None and compared[0].kind != kind:
            continue
        if only is not None and not only & {f.article_id for f in compared}:
            continue
        compared.sort(key=lambda f: (f.value.low if f.value else 0.0, f.published, f.start))
        subject = _most_written([f.subject or "" for f in compared])
        shown = tuple(replace(f, disputed=True) for f in compared)
        found.append(ConflictGroup(measure, subject, time, unit, per, changes, shown))
    found.sort(key=lambda g: (g.measure, g.subject.casefold(), g.time))
    return found


def _compared(figures: Sequence[MeasuredFigure]) -> list[MeasuredFigure]:
    """The figures with a value to compare: no increment ("an extra 5%"), and no old value of
    a change that took the change's time ("fell from 7.2% to 6.4% in March": 7.2% was not
    March's)."""
    befores = {(f.article_id, f.sentence_start, f.before, f.start) for f in figures if f.before}
    kept = []
    for figure in figures:
        if figure.value is None:
            continue
        old = any(
            (article, sentence) == (figure.article_id, figure.sentence_start)
            and before == figure.low
            and start > figure.start
            for article, sentence, before, start in befores
        )
        if not old:
            kept.append(figure)
    return kept


def _disagree(figures: Sequence[MeasuredFigure]) -> bool:
    """Two articles give values that do not agree after rounding (one article contradicting
    itself is not a disagreement between sources)."""
    by_value: dict[Value, set[str]] = defaultdict(set)
    for figure in figures:
        if figure.value is not None:
            by_value[figure.value].add(figure.article_id)
    return any(
        len(in_first | in_second) > 1 and not agree(first, second)
        for (first, in_first), (second, in_second) in combinations(by_value.items(), 2)
    )


def _most_written(forms: Sequence[str]) -> str:
    counts: dict[str, int] = defaultdict(int)
    for form in forms:
        if form:
            counts[form] += 1
    return max(counts, key=lambda f: (counts[f], f)) if counts else ""


def measure_keys(measure: str) -> tuple[str, ...]:
    """The keys the words ``measure`` stand for: "unemployment" is its rate as a percentage."""
    return tuple(dict.fromkeys((measure_key(measure), measure_key(measure, "percent"))))


def figures_of_measure(
    store: Store, measure: str, subject: str | None = None
) -> list[MeasuredFigure]:
    """Every figure of ``measure`` ("the jobless rates" finds the unemployment rate) across the
    library, article by article in date order; only those of ``subject`` when given. Those on
    which sources disagree are ``disputed``."""
    crossref.refresh(store)
    keys = measure_keys(measure)
    query = (
        f"SELECT {_COLUMNS} FROM amounts m JOIN articles a ON a.id = m.article_id "
        f"WHERE m.measure_key IN ({','.join('?' * len(keys))})"
    )
    arguments: list[object] = list(keys)
    if subject:
        query += " AND m.subject_key = ?"
        arguments.append(subject_key(subject))
    found = [_figure(row) for row in store.connection.execute(f"{query} {_DATE_ORDER}", arguments)]
    return _marked(found, conflicts(store))


def _marked(
    figures: Sequence[MeasuredFigure], groups: Sequence[ConflictGroup]
) -> list[MeasuredFigure]:
    disputed = {f.row for group in groups for f in group.figures}
    return [replace(f, disputed=True) if f.row in disputed else f for f in figures]


def figures_by_measure(store: Store) -> list[MeasureGroup]:
    """Every amount and figure of the library, grouped by what it measures (the key, so "the
    jobless rate" and "unemployment rates" are one group), each group in date order and
    flagged when sources disagree on any of its figures; groups by measure, the figures whose
    measure was not found last."""
    crossref.refresh(store)
    groups = conflicts(store)
    rows = store.connection.execute(
        f"SELECT {_COLUMNS} FROM amounts m JOIN articles a ON a.id = m.article_id {_DATE_ORDER}"
    )
    by_measure: dict[str, list[MeasuredFigure]] = defaultdict(list)
    for figure in _marked([_figure(row) for row in rows], groups):
        by_measure[figure.measure_key or NO_MEASURE].append(figure)
    disputed = {group.measure for group in groups}
    order = sorted(by_measure, key=lambda m: (m == NO_MEASURE, m))
    return [MeasureGroup(m, m in disputed, tuple(by_measure[m])) for m in order]


@dataclass(frozen=True)
class GroupedAmount(Record):
    """A row of the Figures view: an amount as the index lists it, in its measure's group."""

    amount: crossref.Amount
    measure: str  # the group's key; NO_MEASURE when its measure was not found
    disputed: bool  # sources disagree on it (its group is then marked)


def amounts_by_measure(store: Store) -> list[GroupedAmount]:
    """Every amount and figure, grouped as ``figures_by_measure`` groups them; in a group, those
    on which sources disagree come first, side by side by subject and time, then the rest in
    date order. The index must be current (the window's writer refreshes it first)."""
    amounts = {(a.article_id, a.kind, a.start, a.end): a for a in crossref.amounts(store)}
    rows = []
    for group in figures_by_measure(store):
        for figure in sorted(group.figures, key=_side_by_side):
            amount = amounts.get((figure.article_id, figure.kind, figure.start, figure.end))
            if amount is not None:
                rows.append(GroupedAmount(amount, group.measure, figure.disputed))
    return rows


def _side_by_side(figure: MeasuredFigure) -> tuple[bool, str, str]:
    if not figure.disputed:
        return True, "", ""  # the rest keep their date order
    return False, figure.subject_key or "", figure.time_key or ""
