"""Figures an analyst compares: percentages and measured amounts with a unit, each normalised to
``low``, ``high`` and a unit name, with ranges as one item and changes ("rose from 3% to 5%")
kept as written, and the modifier before a figure ("more than", "up to") as its ``qualifier``.

quantulum3 reads numbers and units. Before it reads a sentence, named patterns hide what is never
a figure (citations, section and model numbers, footnote markers) and rewrite forms it misreads
(a fraction slash, a decimal comma, "60 negative metric tons"); the sentence it reads is mapped
back to the written one character by character (``figure_patterns``). After it, rules decide
spans, units, rates of speed and what is not a figure (money, dates and times, durations, ages,
counts, codes such as "3G": ``figure_reading``), then ranges, changes and lists sharing a unit
(here). quantulum3 is slow and superlinear, so only sentences that hold a number followed by a
unit word reach it (``figure_units``), one sentence at a time.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from reader.core.figure_patterns import View, pattern_edits, quantulum_view
from reader.core.figure_reading import BareNumber, clean_value, quantities_in, read_quantity
from reader.core.figure_units import (
    CHANGE_LOOKBEHIND_CHARS,
    LIST_NOTE_CHARS,
    YEARS,
    may_hold_figure,
)
from reader.core.model import Figure, Money
from reader.core.money import CHANGE_WORDS, qualifier_before, writes_decimal_comma

_CHANGE = frozenset(CHANGE_WORDS.split())
_BRACKETED_UNIT = re.compile(r"(\d[\d,.]*)\s*([(<\[])\s*([A-Za-z°%µμ/]{1,6})\s*([)>\]])")


def extract_figures(
    text: str, sentences: Sequence[tuple[int, int]], money: Sequence[Money] = ()
) -> list[Figure]:
    """Figures in reading order; none overlaps an amount of money."""
    found: list[Figure] = []
    money_spans = [(m.start, m.end) for m in money]
    decimal_comma = writes_decimal_comma(text)
    for start, end in sentences:
        sentence = text[start:end]
        if not may_hold_figure(sentence):
            continue
        for figure in _sentence_figures(sentence, decimal_comma):
            figure_start, figure_end = start + figure.start, start + figure.end
            if any(s < figure_end and figure_start < e for s, e in money_spans):
                continue
            found.append(
                Figure(
                    figure_start,
                    figure_end,
                    text[figure_start:figure_end],
                    figure.unit,
                    figure.low,
                    figure.high,
                    figure.change,
                    figure.before,
                    figure.qualifier,
                )
            )
    return found


def pattern_counts(text: str, sentences: Sequence[tuple[int, int]]) -> Counter[str]:
    """How often each pattern changed what quantulum3 reads, over the sentences that can hold a
    figure: to find and measure a wrong pattern on its own."""
    decimal_comma = writes_decimal_comma(text)
    return Counter(
        edit.pattern
        for start, end in sentences
        if may_hold_figure(text[start:end])
        for edit in pattern_edits(text[start:end], decimal_comma)
    )


def _sentence_figures(sentence: str, decimal_comma: bool = False) -> list[Figure]:
    view = quantulum_view(sentence, pattern_edits(sentence, decimal_comma))
    bracketed = [(m.start(), m.start() + len(m.group(1)), m.end()) for m in
                 _BRACKETED_UNIT.finditer(view.text)]  # fmt: skip
    view = View(_BRACKETED_UNIT.sub(_unbracket, view.text), view.starts, view.ends)
    items: list[Figure] = []
    bares: list[BareNumber] = []
    for quantity in quantities_in(view.text):
        start, end = quantity.span
        for first, number_end, last in bracketed:
            if first <= start < number_end < end <= last:  # "20 (kg)": the bracket is the unit's
                quantity.span = (start, last)
        read = read_quantity(sentence, view, quantity)
        if isinstance(read, BareNumber):
            bares.append(read)
        elif read is not None:
            items.extend(_split_change(sentence, read))
    items = _ranges(sentence, _compounds(sentence, items))
    items = _shared_unit(sentence, items, bares)
    return _qualified(sentence, _changes(sentence, items))


def _is_change(sentence: str, start: int) -> bool:
    """Whether a word of change governs the figure at ``start`` in its clause: "rose from",
    "was cut by 2% to"; "ranging from", "doses are from" are not."""
    before = sentence[max(0, start - CHANGE_LOOKBEHIND_CHARS) : start]
    clause = re.split(r"[,;:()]", before)[-1]
    return any(word.lower() in _CHANGE for word in re.findall(r"[^\W\d_]+", clause))


_PAST_CHANGE_BEFORE = re.compile(
    r"\b(?:rose|risen|fell|fallen|grew|grown|increased|decreased|declined|dropped|climbed|jumped"
    r"|slipped|slid|shrank|shrunk|gained|lost|surged|soared|plunged|tumbled|edged|dipped|sank"
    r"|(?:was|were)\s+(?:up|down))\s+(?:by\s+)?$",
    re.IGNORECASE,
)


def _a_change(sentence: str, start: int) -> bool:
    """Whether "X to Y" at ``start`` tells a change, two figures, rather than a range: "rose from
    3% to 5%" and "fell 2% to 48%" (a past change, then the level it reached) are changes;
    "ranging from 5% to 25%", "doses are from 0.02 to 3 kg" and "could rise 5% to 10%" (a
    spread of estimates) are ranges."""
    before = sentence[max(0, start - CHANGE_LOOKBEHIND_CHARS) : start]
    if before.rstrip().lower().endswith("from"):
        return _is_change(sentence, start)
    return _PAST_CHANGE_BEFORE.search(before) is not None


def _split_change(sentence: str, figure: Figure) -> list[Figure]:
    """ "rose from 3.2% to 3.6%" and "fell 0.3% to 4.1%", read by quantulum3 as one range, are a
    change: two figures."""
    parts = re.fullmatch(r"(.+?)(\s+to\s+)(.+)", figure.text)
    if figure.low == figure.high or parts is None or not _a_change(sentence, figure.start):
        return [figure]
    first_end = figure.start + len(parts.group(1))
    second_start = first_end + len(parts.group(2))
    # the range is ordered low to high; a fall runs the other way, so read each end as written
    first = _leading_number(parts.group(1), figure.low)
    second = _leading_number(parts.group(3), figure.high if first == figure.low else figure.low)
    return [
        Figure(figure.start, first_end, sentence[figure.start : first_end], figure.unit,
               first, first),
        Figure(second_start, figure.end, sentence[second_start : figure.end], figure.unit,
               second, second),
    ]  # fmt: skip


def _leading_number(text: str, fallback: float) -> float:
    match = re.match(r"[-+−]?\d[\d,]*(?:\.\d+)?", text.strip())
    if match is None:
        return fallback
    return float(match.group().replace(",", "").replace("−", "-"))


def _unbracket(match: re.Match[str]) -> str:
    """ "20 (kg)" → "20 kg  ": the unit read as if unbracketed, one space after the number (with
    two, quantulum3's reading depends on the order of a set, so on the run), the length kept."""
    number, unit = match.group(1), match.group(3)
    return f"{number} {unit}".ljust(len(match.group()))


def _compounds(sentence: str, items: list[Figure]) -> list[Figure]:
    """ "5 feet and 2 inches", "6 ft 2 in": one measure in two units, valued in the first.
    "33 and 1/3%": a whole number and a fraction, one figure."""
    merged: list[Figure] = []
    for item in items:
        if merged and merged[-1].unit == item.unit and _FRACTION.fullmatch(item.text):
            first = merged[-1]
            whole = first.low == first.high and first.low == int(first.low) and item.low < 1
            if whole and re.fullmatch(r"\s+and\s+", sentence[first.end : item.start]):
                value = clean_value(first.low + item.low)
                text = sentence[first.start : item.end]
                merged[-1] = Figure(first.start, item.end, text, item.unit, value, value)
                continue
        if merged and merged[-1].unit == "foot" and item.unit == "inch":
            between = sentence[merged[-1].end : item.start]
            if re.fullmatch(r"\s*(?:and\s+)?", between):
                first = merged.pop()
                value = first.low + item.low / 12
                merged.append(
                    Figure(
                        first.start,
                        item.end,
                        sentence[first.start : item.end],
                        "foot",
                        clean_value(value),
                        clean_value(value),
                    )
                )
                continue
        merged.append(item)
    return merged


_FRACTION = re.compile(r"\d+\s?[/⁄]\s?\d+\s?(?:%|[^\W\d_][\w ]*)")
_INTERVAL_JOINT = re.compile(
    r"(?P<note>\s*\([^()]{1,12}\))?"  # "30 terawatt-hours (TWh) to 55 TWh"
    r"(?P<open>\s+(?:or|and)\s+(?:more|greater|higher|above|over|up))?"
    r"\.?\s*(?:,\s*)?"
    r"(?P<word>-|–|—|to|and|or|but)"
    r"(?P<close>\s+(?:(?:less|lower|fewer)\s+than|not\s+(?:more\s+than|exceeding|over|above)"
    r"|not|below|under|up\s+to))?"
    r"\s*",
    re.IGNORECASE,
)


def _ranges(sentence: str, items: list[Figure]) -> list[Figure]:
    """One item from the first number to the last unit for an interval: "between 3% and 3.5%",
    "4 or 5 km", "2.5 to 3 tonnes", "410 nm or more and 520 nm", "200 rpm and above, but less
    than 900 rpm", "80 mm, but not exceeding 120 mm". A change ("rose 2% to 5%") stays two
    items."""
    merged: list[Figure] = []
    for item in items:
        if merged and (previous := merged[-1]).unit == item.unit and previous.low == previous.high:
            joint = _INTERVAL_JOINT.fullmatch(sentence, previous.end, item.start)
            ranged = False
            if joint is not None:
                word = joint.group("word").lower()
                wording = bool(joint.group("open") or joint.group("close"))
                before = sentence[max(0, previous.start - 12) : previous.start].lower()
                ranged = (
                    word in ("-", "–", "—")
                    or (word == "or" and not wording)
                    or (word == "and" and (before.rstrip().endswith("between") or wording))
                    or (word == "to" and (wording or not _a_change(sentence, previous.start)))
                    or (word == "but" and joint.group("close") is not None)
                )
            if ranged and previous.low < item.high:
                merged[-1] = Figure(
                    previous.start,
                    item.end,
                    sentence[previous.start : item.end],
                    item.unit,
                    previous.low,
                    item.high,
                )
                continue
        merged.append(item)
    return merged


_LIST_JOINT = re.compile(
    rf"(?:\s*\([^()\d]{{1,{LIST_NOTE_CHARS}}}\))?\s*(?:,\s+(?:and\s+|or\s+)?|and\s+|or\s+)",
    re.IGNORECASE,
)


def _shared_unit(sentence: str, items: list[Figure], bares: list[BareNumber]) -> list[Figure]:
    """Numbers listed before a figure take its unit, each its own item with the number as its
    span: "80, and 60%" → 80 and 60 percent; "both 70 and 40%"; "6.2 (ploughing) and 11.8 L".
    Years ("in 2019 and 2020, 40%") and counts ("12 boats and 30%") take none."""
    result = sorted(items, key=lambda f: f.start)
    for bare in sorted(bares, key=lambda b: b.start, reverse=True):  # "5, 10 and 15%": leftwards
        written = sentence[bare.start : bare.end]
        if any(f.start < bare.end and bare.start < f.end for f in result):
            continue
        if re.fullmatch(r"\d{4}", written) and int(written) in YEARS:
            continue
        following = next((f for f in result if f.start >= bare.end), None)
        if following is None or not _LIST_JOINT.fullmatch(sentence, bare.end, following.start):
            continue
        value = clean_value(bare.value)
        result.append(Figure(bare.start, bare.end, written, following.unit, value, value))
        result.sort(key=lambda f: f.start)
    return result


_CHANGE_BEFORE = re.compile(
    r"\b(rose|rise|rising|risen|increased|grew|climbed|jumped|up|fell|fall|falling|fallen|"
    r"dropped|declined|decreased|slipped|down|slid|cut|lowered|raised)\s+(?:by\s+)?(?:from\s+)?$",
    re.IGNORECASE,
)
_FALLS = frozenset(
    "fell fall falling fallen dropped declined decreased slipped down slid cut lowered".split()
)


def _changes(sentence: str, items: list[Figure]) -> list[Figure]:
    """Say what the text says of a change: "fell by 2 points" → a fall; "rose from 3.2% to
    3.6%" → the second figure rose, from 3.2."""
    result: list[Figure] = []
    for index, item in enumerate(items):
        lead = _CHANGE_BEFORE.search(sentence[max(0, item.start - 30) : item.start])
        change, before = None, None
        if lead is not None and not lead.group().rstrip().lower().endswith("from"):
            # "fell from 7.2% to 6.4%": the change belongs to where it went, not where it was
            change = "fall" if lead.group(1).lower() in _FALLS else "rise"
        if index > 0:
            previous = items[index - 1]
            joint = sentence[previous.end : item.start].strip().lower()
            opener = sentence[max(0, previous.start - 8) : previous.start].lower()
            if joint == "to" and opener.rstrip().endswith("from") and previous.unit == item.unit:
                before = previous.low
                went = _CHANGE_BEFORE.search(sentence[max(0, previous.start - 40) : previous.start])
                if went is not None:
                    change = "fall" if went.group(1).lower() in _FALLS else "rise"
        result.append(
            Figure(item.start, item.end, item.text, item.unit, item.low, item.high, change, before)
            if change or before is not None
            else item
        )
    return result


_TRAILING_QUALIFIER = re.compile(
    r"\s*,?\s*(or\s+(?:more|less|greater|higher|lower|fewer|above|below|over|under)"
    r"|and\s+(?:above|over|below|under|up|more|less))\b",
    re.IGNORECASE,
)


def _qualified(sentence: str, items: list[Figure]) -> list[Figure]:
    """Each figure with the modifier written before it, as money keeps it ("more than 5 knots",
    "up to 12 nautical miles"), or else an open bound after a single value ("50% or more")."""
    result: list[Figure] = []
    for item in items:
        qualifier = qualifier_before(sentence, item.start)
        if qualifier is None and item.low == item.high:
            trailing = _TRAILING_QUALIFIER.match(sentence, item.end)
            qualifier = " ".join(trailing.group(1).lower().split()) if trailing else None
        result.append(
            Figure(
                item.start,
                item.end,
                item.text,
                item.unit,
                item.low,
                item.high,
                item.change,
                item.before,
                qualifier,
            )
        )
    return result
