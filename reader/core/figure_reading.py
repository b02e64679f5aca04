"""One of quantulum3's quantities read as a figure, as a bare number a list may give a unit, or as
nothing: the rules that decide its span and its unit, and what is not a figure (money, dates and
times, durations, ages, counts, codes such as "3G").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from reader.core.figure_patterns import SUBSTANCE_AFTER, View
from reader.core.figure_units import (
    ATTACHED_UNITS,
    BETWEEN_LOOKBEHIND_CHARS,
    DIMENSIONLESS_FIGURES,
    HAS_NUMBER,
    INCH_FOLLOWERS,
    LENGTH_FOLLOWERS,
    METRIC_TON_PREFIXES,
    SCALED_UNITS,
    UNIT_NAMES,
    WRITTEN_NUMBERS,
    YEARS,
    is_figure_unit,
    known_unit,
    unit_kind,
)
from reader.core.logs import log as root_log
from reader.core.model import Figure
from reader.core.money import quantulum_parser

log = root_log.getChild("figures")

# A scale written after "degrees" ("98.6 degrees f", "6 deg c", "8° C."): the point stays out.
_SCALE_AFTER = re.compile(r"[^\S\n]*(?:°[^\S\n]*)?(celsius|fahrenheit|c|f)\b", re.IGNORECASE)
# "13F filing" is a code; "15C" is a temperature only where the sentence speaks of one.
_TEMPERATURE_WORDS = re.compile(
    r"temperat|degree|°|warm|cold|heat|hot\b|cool|freez|weather|forecast|celsius|fahrenheit"
    r"|kelvin|cryogen|thermal",
    re.IGNORECASE,
)
_BETWEEN_BARE = re.compile(r"\bbetween\s+(\S+)\s+and\s+$", re.IGNORECASE)
_SPEED_AFTER = re.compile(r"\s+(?:an|a|per)\s+hour\b", re.IGNORECASE)
_POINTS_AFTER = re.compile(r"\s+points?\b", re.IGNORECASE)
# A rate phrase after a unit, which stays outside as for money ("3 million barrels per day" is
# barrels); a unit per hour, minute or second is a speed or a flow and keeps it.
_RATE_PHRASE = re.compile(r"\s+per\s+(?:day|week|month|year|annum|capita|person|head)\b", re.I)
_DENOMINATOR_BEFORE = re.compile(r"(?:(?<=\S)/|\bper\s+)$", re.IGNORECASE)
_PLUS_MINUS_BEFORE = re.compile(r"(?:±|\+/-|\+/−|\bplus\s+or\s+minus|\bplus/minus)\s?$", re.I)
_LEADING_NUMBER = re.compile(
    rf"(?i)^(?:between\s+)?(?:[-+−±~]|\d[\d,.]*|[½¼¾⅓⅔⅛⅜⅝⅞]|[/⁄]|[\s–—-]+|(?:{'|'.join(WRITTEN_NUMBERS.split())}"
    r"|a|an|and|to|or|point|dozen|trillion|bn|mn|minus|negative|positive|plus)\b)*"
)
_UNIT_TOKEN = re.compile(r"[(<\[]*([^\s/()<>\[\].,;:-]+)")
_WORD_AFTER = re.compile(r"\s+([^\W\d_]+)")


@dataclass(frozen=True)
class BareNumber:
    """A number with no unit, which a list may give the unit of its last member ("75, and 50%")."""

    start: int
    end: int
    value: float


def _unit_token(surface: str) -> str:
    """The first word or symbol of the unit, after the number: "kg" of "0.02 to 3 kg per ha"."""
    rest = surface[_LEADING_NUMBER.match(surface).end() :]  # type: ignore[union-attr]
    token = _UNIT_TOKEN.match(rest)
    return token.group(1) if token else rest.strip()


@dataclass
class _Reading:
    """A quantity being read, as each step of ``read_quantity`` narrows it down."""

    name: str  # its unit's name, as quantulum3 gives it and then as the rules correct it
    entity: str  # the kind of quantity the unit measures
    start: int  # its written span in the sentence
    end: int
    readable: str  # the text quantulum3 read it from
    value: float
    spread: float  # "±0.5": quantulum3's uncertainty
    derived_whole: bool  # "48 TWh": a symbol the table builds, not lists
    letter: str = ""  # a unit written against the number: "C" of "15C"
    token: str = ""  # the unit's first word or symbol as written
    unit: str = ""  # the unit's name as the guidelines write it


def read_quantity(sentence: str, view: View, quantity: Any) -> Figure | BareNumber | None:
    """One of quantulum3's quantities as a figure, or as a bare number, or as nothing."""
    reading = _first_reading(sentence, view, quantity)
    if not isinstance(reading, _Reading):
        return reading
    if not (
        _written_as_measure(sentence, reading)
        and _unit_written(sentence, reading)
        and _unit_named(sentence, reading)
    ):
        return None
    return _bounded(sentence, reading)


def _first_reading(sentence: str, view: View, quantity: Any) -> _Reading | BareNumber | None:
    """The quantity's unit and span as quantulum3 reads them, less a rate phrase or a
    denominator after the unit; a count is a bare number, and a unit with no number, or digits
    in a code, nothing."""
    name: str = quantity.unit.name
    entity: str = quantity.unit.entity.name
    view_start, view_end = quantity.span
    readable = view.text[view_start:view_end]
    start, end = view.span(view_start, view_end)
    if not HAS_NUMBER.search(readable) or re.match(r"(?i)an?\s", readable):
        return None  # "a percentage", "a tonne of coal": a unit with no number
    if start and sentence[start - 1].isalpha():
        return None  # "c01p0002", "H800": digits inside an id or a code
    if _DENOMINATOR_BEFORE.search(sentence, 0, start):
        return None  # "(mg/100 g)", "8 litres per 100 km": a unit used as a denominator
    if entity == "dimensionless" and name not in DIMENSIONLESS_FIGURES:
        plain = re.fullmatch(r"\d[\d,]*(?:[.,]\d+)?", sentence[start:end])
        return BareNumber(start, end, float(quantity.value)) if plain else None
    if name in DIMENSIONLESS_FIGURES:
        entity = "dimensionless"  # quantulum3 has "per cent" of no kind
    rate = _RATE_PHRASE.search(readable)
    if rate is not None and (shorter := _reread(readable, rate.start())) is not None:
        (name, entity), readable = shorter, readable[: rate.start()]  # "barrels per day"
        end = view.span(view_start, view_start + rate.start())[1]
    derived_whole = entity == "unknown"  # "48 TWh": a symbol the table builds, not lists
    if entity == "unknown":
        derived = _derived(quantity, readable)
        if derived is None:
            return None
        name, entity, cut = derived
        if cut is not None:
            derived_whole, readable = False, readable[:cut]
            end = view.span(view_start, view_start + cut)[1]
    value, spread = float(quantity.value), float(getattr(quantity, "uncertainty", 0.0) or 0.0)
    return _Reading(name, entity, start, end, readable, value, spread, derived_whole)


def _written_as_measure(sentence: str, reading: _Reading) -> bool:
    """Whether a letter written against the number makes it a measure, not a code or a count
    ("3G", "18M sentences", "2.6m passengers"); a kelvin only where temperatures are spoken of."""
    if re.search(r"\d[A-Za-z]{1,2}\.$", sentence[reading.start : reading.end]):
        reading.end -= 1  # "-4C." at a sentence's end: the full stop is not the unit's
        reading.readable = reading.readable[:-1]
    attached = re.search(r"\d([A-Za-z%µμ/]+\d?)$", reading.readable.strip())
    if attached and attached.group(1).lower() not in ATTACHED_UNITS:
        return False  # "3G", "13F": codes, not measures
    letter = reading.letter = attached.group(1) if attached else ""
    temperature = _TEMPERATURE_WORDS.search(sentence) is not None
    if letter in ("M", "k", "B") or (letter == "K" and not temperature):
        return False  # "18M sentences", "640K hours", "5k run": counts in millions, thousands
    follower = _WORD_AFTER.match(sentence, reading.end)
    if letter == "m" and follower is not None and follower.group(1) not in LENGTH_FOLLOWERS:
        return False  # "2.6m passengers": a count in millions; "12m high" is a length
    return reading.name != "kelvin" or _TEMPERATURE_WORDS.search(sentence) is not None


def _unit_written(sentence: str, reading: _Reading) -> bool:
    """Whether the word after the number is a unit's, read to the end of the word and of a gas
    after it ("MMTCO2e"); not an abbreviation, a preposition or a name after a year."""
    token, end = _unit_token(reading.readable), reading.end
    if substance := SUBSTANCE_AFTER.match(sentence, end):
        end = substance.end()  # "12 MMTCO2e": the gas is part of the written unit
    after_word = re.match(r"[^\W\d_]+", sentence[end:])
    if after_word and token:  # the unit is part of a longer word: read the word, or nothing
        token += after_word.group()  # "Ninety percen|t", as quantulum3 sometimes cuts it
        if not known_unit(token):
            return False
        end += after_word.end()
    if token and not known_unit(token) and not reading.derived_whole:
        return False  # "787 MAX" read as megaamperes: the word is no unit's
    if re.match(r"\.[^\W\d_]", sentence[end : end + 2]):
        return False  # "464 U.S.", "5 C.F.R.": an abbreviation, not a unit symbol
    next_word = _WORD_AFTER.match(sentence, end)
    if token == "in" and next_word is not None and next_word.group(1).lower() not in INCH_FOLLOWERS:
        return False  # "Oct. 9 in St. Louis": "in" is a preposition
    number = re.match(r"[-+−]?(\d+)(?!\d|[.,]\d)", sentence[reading.start : end])
    yearish = number is not None and int(number.group(1)) in YEARS and token[:1].isupper()
    if yearish and (len(token) == 1 or (next_word and next_word.group(1)[:1].isupper())):
        return False  # "By 1962 U.S. ports", "in 2020 GW Pharma": a year
    reading.token, reading.end = token, end
    return True


def _unit_named(sentence: str, reading: _Reading) -> bool:
    """Whether the unit is one of a figure, once what quantulum3 misnames is corrected (a
    temperature's scale, "kt" of a mass, a 10" pen); names it as the guidelines do, and scales
    the value of a unit written with a magnitude."""
    name, entity, start, end = reading.name, reading.entity, reading.start, reading.end
    token, letter = reading.token, reading.letter
    next_word = _WORD_AFTER.match(sentence, end)
    if name == "knot" and token == "kt" and next_word is not None and next_word.group(1) == "of":
        name, entity = "kilotonne", "mass"  # "12 kt of rice"; "250 kt" of airspeed is knots
    if name.startswith("degree angle "):
        # "98.6 degrees f", "6 deg c": quantulum3 reads the scale's letter as another unit
        last = sentence[start:end].rstrip(". ").split()[-1].lower()
        if last in ("f", "fahrenheit", "c", "celsius"):
            name, entity = ("degree Celsius" if last[0] == "c" else "degree Fahrenheit"), "t"
    if letter in ("C", "F", "c", "f"):
        signed = sentence[start:end].startswith(("-", "+", "−"))
        if not _TEMPERATURE_WORDS.search(sentence) and not signed:
            return False
        name, entity = ("degree Celsius" if letter in "Cc" else "degree Fahrenheit"), "t"
    if reading.readable.rstrip().endswith('"') and name == "second of arc":
        name, entity = "inch", "length"  # a 10" pen
    if entity == "t":
        entity = "temperature"
    if not is_figure_unit(name, entity):
        return False
    if entity == "angle" and name != "degree angle":
        return False  # "20 minutes" read as minutes of arc is a duration
    if entity == "typographical element" and name != "megapixel":
        return False  # "50 points" is a score
    if name == "cubic centimetre" and "cc" in sentence[start:end].lower():
        name = "cubic centimetre (cc)"
    unit = _unit_name(name, token)
    if name in SCALED_UNITS:
        unit, scale = SCALED_UNITS[name]
        reading.value, reading.spread = reading.value * scale, reading.spread * scale
    reading.name, reading.entity, reading.unit = name, entity, unit
    return True


def _bounded(sentence: str, reading: _Reading) -> Figure:
    """The figure, with what follows its unit ("percentage points", "degrees C", "miles an
    hour") and a first bound or a "±" before it."""
    start, end, unit = reading.start, reading.end, reading.unit
    value, spread = reading.value, reading.spread
    after = sentence[end:]
    if unit == "percent":
        points = _POINTS_AFTER.match(after)
        if points and sentence[start:end].lower().endswith(("percentage", "percent")):
            unit, end = "percentage point", end + points.end()
    if unit == "degree":
        scale_after = _SCALE_AFTER.match(after)
        if scale_after is not None:
            celsius = scale_after.group(1).lower().startswith("c")
            unit = "degree Celsius" if celsius else "degree Fahrenheit"
            end += scale_after.end()
    speed = _SPEED_AFTER.match(after) if reading.entity == "length" else None
    if speed is not None:
        unit, end = f"{unit} per hour", end + speed.end()
    low, high = (value - spread, value + spread) if spread else (value, value)
    between = re.match(r"(?i)between\s+", sentence[start:end])
    if between is not None:
        start += between.end()  # "between" is a modifier and stays outside
    window = max(0, start - BETWEEN_LOOKBEHIND_CHARS)
    bare = _BETWEEN_BARE.search(sentence[window:start])
    first = _number_value(bare.group(1)) if bare is not None else None
    if bare is not None and first is not None and first < low:
        # "between one and 100 gigabytes": the first bound has no unit of its own
        start, low = window + bare.start(1), first
    plus_minus = _PLUS_MINUS_BEFORE.search(sentence, 0, start)
    if plus_minus is not None and low == high:
        start, low, high = plus_minus.start(), -abs(low), abs(low)  # "±3%"
    return Figure(start, end, sentence[start:end], unit, clean_value(low), clean_value(high))


def _unit_name(name: str, token: str) -> str:
    if name == "cubic centimetre (cc)":
        return "cubic centimetre"
    if name in METRIC_TON_PREFIXES:
        metric = token in ("Gt", "Mt", "kt") or token.lower().endswith(("tonne", "tonnes"))
        return METRIC_TON_PREFIXES[name] + ("tonne" if metric else "ton")
    return UNIT_NAMES.get(name, name)


def _derived(quantity: Any, readable: str) -> tuple[str, str, int | None] | None:
    """(name, kind, where the unit ends in ``readable`` if it is cut) of a unit quantulum3 built
    from parts and cannot name the kind of:
    - a square or cube of a length, "240 cm2"; a power times hours, "48 TWh": kept whole;
    - otherwise its first part, when that is a unit of a figure: "0.8 t ha-1" and "3 kg per ha"
      are tonnes and kilograms (a denominator stays outside, as a rate phrase does), and
      "60 metric tons at" is tonnes ("at" is no ampere-turn here)."""
    parts: list[dict[str, Any]] = list(quantity.unit.dimensions)
    whole = _whole_unit(quantity.unit)
    if whole is not None:
        return (*whole, None)
    if not parts or parts[0]["power"] < 1:
        return None
    ends: list[int] = []  # where each part is written
    at = _LEADING_NUMBER.match(readable).end()  # type: ignore[union-attr]
    for part in parts:
        found = readable.find(part.get("surface") or "\0", at)
        if found < 0:
            break
        at = found + len(part["surface"])
        at += len(re.match(r"(?:[-^]?[0-9²³⁻¹]+)?", readable[at:]).group())  # type: ignore[union-attr]
        ends.append(at)
    for cut in reversed(ends[: len(parts) - 1]):  # "40 GB/s at": gigabytes per second
        if (shorter := _reread(readable, cut)) is not None:
            return (*shorter, cut)
    return None


def _reread(readable: str, cut: int) -> tuple[str, str] | None:
    """(name, kind) of the unit of ``readable[:cut]`` when quantulum3 reads it as one figure."""
    shorter = quantities_in(readable[:cut])
    if len(shorter) != 1 or shorter[0].span[1] != cut:
        return None
    name, entity = shorter[0].unit.name, shorter[0].unit.entity.name
    if entity == "unknown":
        name, entity = _whole_unit(shorter[0].unit) or (name, entity)
    return (name, entity) if entity != "unknown" and is_figure_unit(name, entity) else None


def _whole_unit(unit: Any) -> tuple[str, str] | None:
    """(name, kind) of a unit quantulum3 built from parts that is one unit of a figure: the square
    or cube of a length ("240 cm2"), a power times hours ("48 TWh")."""
    parts: list[dict[str, Any]] = list(unit.dimensions)
    if not parts or any(p["power"] <= 0 for p in parts):
        return None
    first_entity = unit_kind(parts[0]["base"])
    if len(parts) == 1 and parts[0]["power"] in (2, 3) and first_entity == "length":
        return unit.name, ("area" if parts[0]["power"] == 2 else "volume")
    if len(parts) == 2 and first_entity == "power" and parts[1]["base"] == "hour":
        return unit.name, "energy"
    return None


_SMALL_NUMBERS = {w: float(i) for i, w in enumerate(WRITTEN_NUMBERS.split()[:19], start=1)}


def _number_value(word: str) -> float | None:
    """A bound written alone: "5", "2.5", "one" … "nineteen"."""
    try:
        return float(word.replace(",", ""))
    except ValueError:
        return _SMALL_NUMBERS.get(word.lower())


def quantities_in(sentence: str) -> list[Any]:
    """quantulum3's quantities; none where it fails on a sentence (its parser raises on some
    token sequences), so that one sentence does not cost the article its analysis."""
    try:
        return list(quantulum_parser().parse(sentence))
    except (IndexError, KeyError, ValueError, ZeroDivisionError):
        log.warning("quantulum3 could not read a sentence of %d characters", len(sentence))
        return []


def clean_value(value: float) -> float:
    return float(round(value, 6))
