"""Figures an analyst compares: percentages and measured amounts with a unit, each normalised to
``low``, ``high`` and a unit name, with ranges as one item and changes ("rose from 3% to 5%")
kept as written.

quantulum3 reads numbers and units; the rules here decide spans, ranges, rates of speed and
what is not a figure (money, dates and times, durations, ages, counts, codes such as "3G").
quantulum3 is slow and superlinear, so only sentences that hold a digit or a number word reach
it, one sentence at a time.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from reader.core.model import Figure, Money
from reader.core.money import quantulum_parser

# Units quantulum3 names differently from the guidelines' names (GUIDELINES.md §4).
UNIT_NAMES = {
    "percentage": "percent",
    "per cent": "percent",
    "pound-mass": "pound",
    "degree angle": "degree",
    "degree fahrenheit": "degree Fahrenheit",
    "cubic centimetre": "millilitre",
}
# Kinds of quantity that are never figures here: money has its own layer, time is a duration or
# a date, and the rest are what quantulum3 makes of codes and times of day ("3G", "11pm").
SKIPPED_ENTITIES = frozenset(
    {"currency", "time", "unknown", "magnetic field", "charge", "capacitance"}
)
# Dimensionless units that are figures; every other dimensionless number is a count.
DIMENSIONLESS_FIGURES = frozenset({"percentage", "per cent", "basis point"})
# A unit written against its number ("15C", "300MW", "20gb") is read only from this list, so that
# codes ("3G", "A380", "13F") are not measures.
ATTACHED_UNITS = frozenset(
    """
    % km m cm mm kg g mg µg μg lb lbs oz ft in mi mph kph kmph kmh km/h c f k mw kw gw kwh mwh gwh
    mb gb tb kb ml l bn m2 km2 m3 t kt mt bpd
    """.split()
)
_NUMBER_WORDS = (
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety "
    "hundred thousand million billion half quarter"
)
_HAS_NUMBER = re.compile(rf"\d|[½¼¾⅓⅔]|\b(?:{'|'.join(_NUMBER_WORDS.split())})\b", re.IGNORECASE)
# Text that quantulum3 misreads and that is never a figure: web addresses, times of day.
_MASKED = re.compile(
    r"\b(?:https?://|www\.)\S+"
    r"|\b\d{1,2}(?::\d{2})?\s?(?:am|pm|a\.m\.|p\.m\.)(?![a-z])"
    r"|\b\d{1,2}[:.]\d{2}\b(?=\s*(?:am|pm|GMT|BST|EST|local|hrs|h\b))",
    re.IGNORECASE,
)
# Written forms quantulum3 does not read, rewritten (same length) before it reads them.
_REWRITES = (
    (re.compile(r"(?<=\d)\s?kmph\b", re.IGNORECASE), lambda m: m.group()[:-4] + "km/h"),
    (re.compile(r"(?<=\d)\s?[µμ]g\b"), lambda m: m.group()[:-2] + "mcg"),
    (re.compile(r"(?<=\d)\s?km/hr\b", re.IGNORECASE), lambda m: m.group()[:-5] + "km/h "),
)
# A scale written after "degrees" ("98.6 degrees f", "6 deg c").
_SCALE_AFTER = re.compile(r"[^\S\n]*(?:°[^\S\n]*)?(celsius|fahrenheit|c|f)\b\.?", re.IGNORECASE)
# "13F filing" is a code; "15C" is a temperature only where the sentence speaks of one.
_TEMPERATURE_WORDS = re.compile(
    r"temperat|degree|°|warm|cold|heat|hot\b|cool|freez|weather|forecast|celsius|fahrenheit",
    re.IGNORECASE,
)
_BETWEEN_BARE = re.compile(r"\bbetween\s+(\S+)\s+and\s+$", re.IGNORECASE)
_BRACKETED_UNIT = re.compile(r"(\d[\d,.]*)\s*([(<\[])\s*([A-Za-z°%µμ/]{1,6})\s*([)>\]])")
_SPEED_AFTER = re.compile(r"\s+(?:an|a|per)\s+hour\b", re.IGNORECASE)
_POINTS_AFTER = re.compile(r"\s+points?\b", re.IGNORECASE)
_RANGE_JOIN = re.compile(r"\s*(?:-|–|to|and|or)\s*", re.IGNORECASE)
_CHANGE_BEFORE = re.compile(
    r"\b(rose|rise|rising|risen|increased|grew|climbed|jumped|up|fell|fall|falling|fallen|"
    r"dropped|declined|decreased|slipped|down|slid|cut|lowered|raised)\s+(?:by\s+)?(?:from\s+)?$",
    re.IGNORECASE,
)
_FALLS = frozenset(
    "fell fall falling fallen dropped declined decreased slipped down slid cut lowered".split()
)


def _quantities(sentence: str) -> list[Any]:
    return list(quantulum_parser().parse(sentence))


def extract_figures(
    text: str, sentences: Sequence[tuple[int, int]], money: Sequence[Money] = ()
) -> list[Figure]:
    """Figures in reading order; none overlaps an amount of money."""
    found: list[Figure] = []
    money_spans = [(m.start, m.end) for m in money]
    for start, end in sentences:
        sentence = text[start:end]
        if not _may_hold_figure(sentence):
            continue
        for figure in _sentence_figures(sentence):
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
                )
            )
    return found


# A number, then perhaps a magnitude or a hyphen, then the word or symbol that may be its unit.
_NUMBER_WORD = rf"\b(?:{'|'.join(_NUMBER_WORDS.split())})\b"
_NUMBER_THEN_WORD = re.compile(
    rf"(?:\d[\d,.]*|[½¼¾⅓⅔]|{_NUMBER_WORD})(?:[\s-]+(?:{_NUMBER_WORD}|bn\b))*"
    r"[\s(<\[-]*([^\W\d_]+|%|°|\")?",
    re.IGNORECASE,
)


def _may_hold_figure(sentence: str) -> bool:
    """Whether any number in the sentence is followed by a unit quantulum3 knows: most
    numbers in news are years, dates, counts and money, and reading them costs milliseconds
    each."""
    if not _HAS_NUMBER.search(sentence):
        return False
    units = _unit_words()
    for match in _NUMBER_THEN_WORD.finditer(sentence):
        word = match.group(1)
        if word is not None and (word.lower() in units or word in units):
            return True
        per_cent = sentence[match.end() :].lstrip().lower().startswith("cent")
        if word is not None and word.lower() == "per" and per_cent:
            return True  # "5 per cent"
    return False


_SI_PREFIXES = {
    "k": "kilo", "M": "mega", "G": "giga", "T": "tera", "m": "milli", "c": "centi",
    "µ": "micro", "n": "nano", "d": "deci", "h": "hecto",
}  # fmt: skip


@lru_cache(maxsize=1)
def _unit_words() -> frozenset[str]:
    """The words and symbols of quantulum3's units that can be figures here, read from its
    unit table (loading its parser's tables costs two seconds; this file, milliseconds)."""
    import importlib.resources
    import json

    table = json.loads(
        (importlib.resources.files("quantulum3") / "units.json").read_text(encoding="utf-8")
    )
    words: set[str] = {"percentage", "deg", "kmph", "μg", "µg", "mcg", "feet"}
    for name, unit in table.items():
        entity = unit.get("entity", "")
        wanted = name in DIMENSIONLESS_FIGURES or (
            entity not in SKIPPED_ENTITIES and entity != "dimensionless"
        )
        if not wanted:
            continue
        prefixes = [p for p in unit.get("prefixes", []) if p in _SI_PREFIXES]
        for surface in [name, *unit.get("surfaces", [])]:
            # the word a number is followed by: "miles" of "square miles" is "square"
            first = surface.split()[0].split("-")[0].lower()
            words.update({first, first + "s", first + "es"})
            words.update(_SI_PREFIXES[p] + first for p in prefixes)
            words.update(_SI_PREFIXES[p] + first + "s" for p in prefixes)
        for symbol in unit.get("symbols", []):
            words.update({symbol, symbol.lower()})
            words.update(p + symbol for p in prefixes)
            words.update((p + symbol).lower() for p in prefixes)
    return frozenset(words - {"per", "a", "an", "of", "the"})  # "per mille" starts with "per"


def _sentence_figures(sentence: str) -> list[Figure]:
    readable = _MASKED.sub(lambda m: " " * len(m.group()), sentence)
    for pattern, rewrite in _REWRITES:
        readable = pattern.sub(rewrite, readable)
    bracketed = [(m.start(), m.start() + len(m.group(1)), m.end()) for m in
                 _BRACKETED_UNIT.finditer(readable)]  # fmt: skip
    readable = _BRACKETED_UNIT.sub(_unbracket, readable)
    items: list[Figure] = []
    for quantity in _quantities(readable):
        start, end = quantity.span
        for first, number_end, last in bracketed:
            if first <= start < number_end < end <= last:  # "20 (kg)": the bracket is the unit's
                quantity.span = (start, last)
        figure = _figure(sentence, readable, quantity)
        if figure is not None:
            items.extend(_split_change(sentence, figure))
    return _changes(sentence, _ranges(sentence, _compounds(sentence, items)))


def _split_change(sentence: str, figure: Figure) -> list[Figure]:
    """ "from 3.2% to 3.6%", read by quantulum3 as one range, is a change: two figures."""
    opener = sentence[max(0, figure.start - 6) : figure.start].lower()
    parts = re.fullmatch(r"(.+?)(\s+to\s+)(.+)", figure.text)
    if figure.low == figure.high or parts is None or not opener.rstrip().endswith("from"):
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


def _figure(sentence: str, readable: str, quantity: Any) -> Figure | None:
    name: str = quantity.unit.name
    entity: str = quantity.unit.entity.name
    start, end = quantity.span
    surface = sentence[start:end]
    if not _HAS_NUMBER.search(surface) or re.match(r"(?i)an?\s", surface):
        return None  # "a percentage", "a tonne of coal": a unit with no number
    if re.search(r"\d[A-Za-z]{1,2}\.$", surface):
        end -= 1  # "-4C." at a sentence's end: the full stop is not the unit's
        surface = sentence[start:end]
    attached = re.search(r"\d([A-Za-z%µμ/]+\d?)$", readable[start:end].strip())
    if attached and attached.group(1).lower() not in ATTACHED_UNITS:
        return None  # "3G", "13F": codes, not measures
    if name.startswith("degree angle "):
        # "98.6 degrees f", "6 deg c": quantulum3 reads the scale's letter as another unit
        last = surface.rstrip(". ").split()[-1].lower()
        if last in ("f", "fahrenheit", "c", "celsius"):
            name, entity = ("degree Celsius" if last[0] == "c" else "degree Fahrenheit"), "t"
    if attached and attached.group(1) in ("C", "F", "c", "f"):
        if not _TEMPERATURE_WORDS.search(sentence) and not surface.startswith(("-", "+", "−")):
            return None
        name, entity = ("degree Celsius" if attached.group(1) in "Cc" else "degree Fahrenheit"), "t"
    if surface.rstrip().endswith('"') and name == "second of arc":
        name, entity = "inch", "length"  # a 10" pen
    if entity == "dimensionless" and name not in DIMENSIONLESS_FIGURES:
        return None
    if entity in SKIPPED_ENTITIES and name not in DIMENSIONLESS_FIGURES:
        return None
    if entity == "typographical element" and name != "megapixel":
        return None  # "50 points" is a score
    if entity == "angle" and name not in ("degree angle",):
        return None  # "20 minutes" read as minutes of arc is a duration
    if name == "cubic centimetre" and "cc" in surface.lower():
        name = "cubic centimetre (cc)"
    unit = UNIT_NAMES.get(name, name)
    if unit == "cubic centimetre (cc)":
        unit = "cubic centimetre"
    after = sentence[end:]
    if unit == "percent":
        points = _POINTS_AFTER.match(after)
        if points and surface.lower().endswith(("percentage", "percent")):
            unit, end = "percentage point", end + points.end()
    if unit == "degree":
        scale = _SCALE_AFTER.match(after)
        if scale is not None:
            celsius = scale.group(1).lower().startswith("c")
            unit = "degree Celsius" if celsius else "degree Fahrenheit"
            end += scale.end()
    speed = _SPEED_AFTER.match(after) if entity == "length" else None
    if speed is not None:
        unit, end = f"{unit} per hour", end + speed.end()
    value = float(quantity.value)
    spread = float(getattr(quantity, "uncertainty", 0.0) or 0.0)
    low, high = (value - spread, value + spread) if spread else (value, value)
    between = re.match(r"(?i)between\s+", surface)
    if between is not None:
        start += between.end()  # "between" is a modifier and stays outside
    bare = _BETWEEN_BARE.search(sentence[max(0, start - 30) : start])
    first = _number_value(bare.group(1)) if bare is not None else None
    if bare is not None and first is not None and first < low:
        # "between one and 100 gigabytes": the first bound has no unit of its own
        start, low = start - len(bare.group()) + bare.start(1), first
    return Figure(start, end, sentence[start:end], unit, _clean(low), _clean(high))


_SMALL_NUMBERS = {w: float(i) for i, w in enumerate(_NUMBER_WORDS.split()[:19], start=1)}


def _number_value(word: str) -> float | None:
    """A bound written alone: "5", "2.5", "one" … "nineteen"."""
    try:
        return float(word.replace(",", ""))
    except ValueError:
        return _SMALL_NUMBERS.get(word.lower())


def _compounds(sentence: str, items: list[Figure]) -> list[Figure]:
    """ "5 feet and 2 inches", "6 ft 2 in": one measure in two units, valued in the first."""
    merged: list[Figure] = []
    for item in items:
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
                        _clean(value),
                        _clean(value),
                    )
                )
                continue
        merged.append(item)
    return merged


def _ranges(sentence: str, items: list[Figure]) -> list[Figure]:
    """ "between 3% and 3.5%", "4 or 5 km", "2.5 to 3 tonnes": one item from the first number to
    the last unit. A change ("from 3% to 5%") stays two items."""
    merged: list[Figure] = []
    for item in items:
        if merged and (previous := merged[-1]).unit == item.unit and previous.low == previous.high:
            joint = _RANGE_JOIN.fullmatch(sentence, previous.end, item.start)
            before = sentence[max(0, previous.start - 12) : previous.start].lower()
            word = sentence[previous.end : item.start].strip().lower()
            ranged = joint is not None and (
                (word == "and" and before.rstrip().endswith("between"))
                or (word in ("-", "–", "or"))
                or (word == "to" and not before.rstrip().endswith("from"))
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


def _clean(value: float) -> float:
    return float(round(value, 6))
