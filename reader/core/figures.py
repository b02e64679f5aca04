"""Figures an analyst compares: percentages and measured amounts with a unit, each normalised to
``low``, ``high`` and a unit name, with ranges as one item and changes ("rose from 3% to 5%")
kept as written, and the modifier before a figure ("more than", "up to") as its ``qualifier``.

quantulum3 reads numbers and units. Before it reads a sentence, named patterns hide what is never
a figure (citations, section and model numbers, footnote markers) and rewrite forms it misreads
(a fraction slash, a decimal comma, "60 negative metric tons"); the sentence it reads is mapped
back to the written one character by character (``_View``). After it, the rules here decide
spans, units, ranges, lists sharing a unit, rates of speed and what is not a figure (money,
dates and times, durations, ages, counts, codes such as "3G"). quantulum3 is slow and
superlinear, so only sentences that hold a number followed by a unit word reach it, one sentence
at a time.
"""

from __future__ import annotations

import importlib.resources
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from reader.core.logs import log as root_log
from reader.core.model import Figure, Money
from reader.core.money import (
    CHANGE_WORDS,
    QUANTULUM_EXTRA_UNITS,
    qualifier_before,
    quantulum_parser,
    writes_decimal_comma,
)

# Units quantulum3 names differently from the guidelines' names (GUIDELINES.md §4).
UNIT_NAMES = {
    "percentage": "percent",
    "per cent": "percent",
    "pound-mass": "pound",
    "degree angle": "degree",
    "degree fahrenheit": "degree Fahrenheit",
    "cubic centimetre": "millilitre",
    "parts-per-million": "part per million",
    "parts-per-billion": "part per billion",
    "revolutions per minute": "revolution per minute",
}
# Units written with a magnitude (QUANTULUM_EXTRA_UNITS), read as the base unit times it:
# "34 MMT" is 34 million tonnes, "2 Bcf" two billion cubic feet.
SCALED_UNITS: dict[str, tuple[str, float]] = {
    "million tonne": ("tonne", 1e6),
    "thousand cubic foot": ("cubic foot", 1e3),
    "million cubic foot": ("cubic foot", 1e6),
    "billion cubic foot": ("cubic foot", 1e9),
    "trillion cubic foot": ("cubic foot", 1e12),
    "thousand barrel": ("barrel", 1e3),
    "million barrel": ("barrel", 1e6),
    "mega british thermal unit": ("British thermal unit", 1e6),
}
# quantulum3 names "Gt", "Mt" and "kt" as explosive yields in tons; written as symbols or as
# "-tonnes" they are metric ("1.2 Gt" of ice is 1.2 gigatonnes), as "-tons" they stay tons.
METRIC_TON_PREFIXES = {"gigaton": "giga", "megaton": "mega", "kiloton": "kilo"}
# The kinds of quantity a figure measures (GUIDELINES §4 and reports' standard units: mmol, rpm,
# ppm, MPa, knots). The rest are what quantulum3 makes of codes and words: "737 MAX" as a current,
# "one at a time" as an ampere-turn, "5 N" (north) as a force, "3 T" as a field.
FIGURE_ENTITIES = frozenset(
    {
        "length", "area", "volume", "mass", "temperature", "speed", "acceleration", "power",
        "energy", "data storage", "data transfer rate", "pressure", "angle", "frequency",
        "instance frequency", "amount of substance", "volumetric flow", "mass flow", "density",
        "sound level", "electric potential", "typographical element", "dimensionless",
    }
)  # fmt: skip
# Units of those kinds whose symbols are, in reports, nearly always something else: "58.3(b)"
# read as barns, "(c)" as the speed of light, "464 U.S." as atomic mass units, "750K" as kibibytes.
EXCLUDED_UNITS = frozenset(
    {"barn", "inverse femtobarn", "speed of light", "atomic mass unit", "kibibyte"}
)
# Dimensionless units that are figures; every other dimensionless number is a count.
DIMENSIONLESS_FIGURES = frozenset(
    {"percentage", "per cent", "basis point", "parts-per-million", "parts-per-billion"}
)
# A unit written against its number ("15C", "300MW", "20gb") is read only from this list, so that
# codes ("3G", "A380", "13F") are not measures.
ATTACHED_UNITS = frozenset(
    """
    % km m cm mm kg g mg µg μg lb lbs oz ft in mi mph kph kmph kmh km/h c f k mw kw gw kwh mwh gwh
    mb gb tb kb ml l bn m2 km2 m3 t kt mt bpd hz khz mhz ghz kbps mbps gbps kpa mpa ppm ppb db kv
    """.split()
)
# Words after an attached "m" that keep it a length ("a 12m wall is 12m high"); any other word
# makes it a count in millions ("2.6m passengers", "1.4m cash machines").
LENGTH_FOLLOWERS = frozenset(
    """
    long high wide deep tall thick away across offshore inland above below under over of in on at
    to from and or by x per a an the than along up down into beyond off
    """.split()
)
# Words after "in" that keep it an inch ("a 3 in wide slot", "4 in by 6 in"); "9 in St. Louis"
# is a preposition.
INCH_FOLLOWERS = frozenset("long high wide deep tall thick diameter across x by and or".split())
# Words written between a number and its unit that quantulum3 cannot read past: "60 negative
# metric tons", "99 mass %".
BETWEEN_NUMBER_AND_UNIT = frozenset("negative mass wt weight vol volume mol atom".split())

# How far the rules look, in one place.
CHANGE_LOOKBEHIND_CHARS = 40  # a word of change before "from 3% to 5%" makes it a change
LIST_NOTE_CHARS = 30  # "6.2 (ploughing) and 11.8 L": a note in brackets after a listed number
BETWEEN_LOOKBEHIND_CHARS = 30  # "between one and 100 gigabytes": the bare first bound
YEARS = range(1800, 2101)  # a whole number in this range, written without a comma, may be a year

_NUMBER_WORDS = (
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety "
    "hundred thousand million billion half quarter"
)
_HAS_NUMBER = re.compile(rf"\d|[½¼¾⅓⅔]|\b(?:{'|'.join(_NUMBER_WORDS.split())})\b", re.IGNORECASE)
_CHANGE = frozenset(CHANGE_WORDS.split())
log = root_log.getChild("figures")


# ---- the sentence quantulum3 reads ------------------------------------------------------------


@dataclass(frozen=True)
class _Edit:
    """Text of the sentence [start, end) that quantulum3 reads as ``text`` instead."""

    start: int
    end: int
    text: str
    pattern: str


@dataclass(frozen=True)
class _View:
    """The sentence as quantulum3 reads it, and where each of its characters was written."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The written span of characters [start, end) of ``text``; a rewritten piece is whole."""
        return self.starts[start], self.ends[max(start, end - 1)]


def _view(sentence: str, edits: Iterable[_Edit]) -> _View:
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    at = 0
    for edit in sorted(edits, key=lambda e: e.start):
        pieces.append(sentence[at : edit.start])
        starts.extend(range(at, edit.start))
        ends.extend(range(at + 1, edit.start + 1))
        pieces.append(edit.text)
        starts.extend([edit.start] * len(edit.text))
        ends.extend([edit.end] * len(edit.text))
        at = edit.end
    pieces.append(sentence[at:])
    starts.extend(range(at, len(sentence)))
    ends.extend(range(at + 1, len(sentence) + 1))
    return _View("".join(pieces), tuple(starts), tuple(ends))


def _masked(pattern: re.Pattern[str], sentence: str, name: str, group: int = 0) -> Iterator[_Edit]:
    for match in pattern.finditer(sentence):
        start, end = match.span(group)
        if end > start:
            yield _Edit(start, end, " " * (end - start), name)


def _rewritten(
    pattern: re.Pattern[str], sentence: str, name: str, text: str | Callable[[re.Match[str]], str]
) -> Iterator[_Edit]:
    for match in pattern.finditer(sentence):
        yield _Edit(
            match.start(), match.end(), text if isinstance(text, str) else text(match), name
        )


# -- patterns that hide what is never a figure

_CLOCK_AND_WEB = re.compile(
    r"\b(?:https?://|www\.)\S+"
    r"|\b\d{1,2}(?::\d{2})?\s?(?:am|pm|a\.m\.|p\.m\.)(?![a-z])"
    r"|\b\d{1,2}[:.]\d{2}\b(?=\s*(?:am|pm|GMT|BST|EST|local|hrs|h\b))",
    re.IGNORECASE,
)


def clock_and_web(sentence: str) -> Iterator[_Edit]:
    """Web addresses and times of day, which quantulum3 misreads: "www.port.org/30%25",
    "at 9.30am", "11.45 GMT"."""
    return _masked(_CLOCK_AND_WEB, sentence, "clock_and_web")


_CITATION = re.compile(
    r"\b\d+\s+(?:U\.\s?S\.(?:\s?C\.(?:\s?A\.)?)?|USC|C\.\s?F\.\s?R\.|CFR|FR|Fed\.\s?Reg\.|Stat\."
    r"|S\.\s?Ct\.|L\.\s?Ed\.|F\.\s?(?:Supp\.|[234]d|4th))(?:\s*§*\s*\d[\w.()–-]*)?"
    r"|(?:\bP\.\s?L\.|\bPub\.\s?L\.|\bH\.\s?R\.|\bH\.\s?Res\.|\bS\.\s?Res\.|\b[HS]\.\s?B\.)"
    r"\s*(?:No\.\s*)?\d[\d–-]*"
)


def legal_citations(sentence: str) -> Iterator[_Edit]:
    """Legal citations: a title or volume before a code's abbreviation, a bill or law number
    after one: "33 U.S.C. 1251", "512 U.S. 218", "40 C.F.R. 230.3", "87 FR 40512",
    "P.L. 118-5", "H.R. 2210". "33 U" is not 33 atomic mass units, nor "40 C" a temperature."""
    return _masked(_CITATION, sentence, "legal_citations")


_SECTION_MARK = re.compile(
    r"§{1,2}\s*\d[\w.()–-]*(?:\s*(?:,|and|or|to|through)\s*\([\w]{1,4}\)[\w()]*)*"
)


def section_marks(sentence: str) -> Iterator[_Edit]:
    """Sections after a section sign: "§ 58(g)", "§§ 12(b) and (e)(2)"."""
    return _masked(_SECTION_MARK, sentence, "section_marks")


_SUBSECTION = re.compile(r"(?<![\w.])\d+(?:\.\d+)*(?:\((?:[A-Za-z]|[ivxIVX]{1,4}|\d{1,2})\))+")


def subsections(sentence: str) -> Iterator[_Edit]:
    """Section and rule numbers with a lettered or numbered part glued on: "412(c)",
    "17.2(b)(3)". The letter is no unit: "106(g)" is not 106 grams, nor "58.3(b)" bits. A unit
    in brackets is written apart from its number: "20 (kg)"."""
    return _masked(_SUBSECTION, sentence, "subsections")


_LABELS_ANY_CASE = (
    r"sections?|sec\.|subsections?|paragraphs?|para\.|clauses?|chapters?|ch\.|articles?|art\."
    r"|tables?|figures?|figs?\.|appendix|annex|exhibit|footnotes?|pages?|pp?\.|equations?|eq\."
    r"|examples?"
)
_LABELS_CAPITALISED = (
    r"No\.|Nos\.|Part|Parts|Rule|Rules|Title|Subtitle|Division|Form|Item|Items|Model|Models"
    r"|Flight|Route|Class|Level|Phase|Tier|Stage|Type|Series|Version|Order|Docket|Amendment"
    r"|Volume|Vol\.|Schedule|Note|Notes|Code"
)
_LABELLED = re.compile(
    rf"(?<![\w.])(?:(?i:{_LABELS_ANY_CASE})|{_LABELS_CAPITALISED})\s+(\d[\w.]*(?:[–-]\d[\w.]*)*)"
)


def labelled_numbers(sentence: str) -> Iterator[_Edit]:
    """Numbers that name a part of a text or a product: "Table 3", "Figure 7-26", "No. 6",
    "Section 122", "Executive Order 14001", "Model 320–4", "Flight 77", "Class 8". A number
    with a unit after it is a measure still: "put the figure 12% higher", "a table 2 m long"."""
    for edit in _masked(_LABELLED, sentence, "labelled_numbers", group=1):
        unit = re.match(r"\s*([^\W\d_]+|%)", sentence[edit.end :])
        if unit is None or (unit.group(1) != "%" and not _known_unit(unit.group(1))):
            yield edit


_FOOTNOTE = re.compile(r"(?<![\w.,])\d{1,3}(?=[A-Z][a-z])|(?<=[a-z][.,;:”\"’)])\d{1,3}(?![\w.,])")


_MULTIPLIER = re.compile(r"(?<![\w.])\d+(?:\.\d+)?(?:\s?[-–]\s?\d+(?:\.\d+)?)?[xX×](?!\w)")


def multipliers(sentence: str) -> Iterator[_Edit]:
    """Multipliers and valuation ratios, never figures: "trades at 9x", "EV/EBIT 10-12x". (On
    "9x and $52.7" quantulum3 raises an IndexError.)"""
    return _masked(_MULTIPLIER, sentence, "multipliers")


def footnote_markers(sentence: str) -> Iterator[_Edit]:
    """Footnote numbers glued to the words around them: "4Docking fees are paid", "as the
    quay.12 The board". A unit glued to its number is no word: "50Hz", "10Gbps"."""
    for edit in _masked(_FOOTNOTE, sentence, "footnote_markers"):
        glued = re.match(r"[^\W\d_]+", sentence[edit.end :])
        if glued is None or not _known_unit(glued.group()):
            yield edit


# -- patterns that rewrite what quantulum3 misreads

_KMPH = re.compile(r"(?<=\d)\s?kmph\b", re.IGNORECASE)
_MICROGRAM = re.compile(r"(?<=\d)\s?[µμ]g\b")
_KM_HR = re.compile(r"(?<=\d)\s?km/hr\b", re.IGNORECASE)


def unit_spellings(sentence: str) -> Iterator[_Edit]:
    """Spellings of units quantulum3 does not read: "10kmph", "120 μg", "10km/hr"."""
    yield from _rewritten(_KMPH, sentence, "unit_spellings", lambda m: m.group()[:-4] + "km/h")
    yield from _rewritten(_MICROGRAM, sentence, "unit_spellings", lambda m: m.group()[:-2] + "mcg")
    yield from _rewritten(_KM_HR, sentence, "unit_spellings", lambda m: m.group()[:-5] + "km/h")


_FRACTION_SLASH = re.compile(r"(?<=\d)⁄(?=\d)")
_ORDINAL_DEGREE = re.compile(r"(?<=\d)[º˚]|(?<=\d\s)[º˚]")
_WATT_HOURS = re.compile(r"(?i)(?<=watt)-(?=hours?\b)")


def typography(sentence: str) -> Iterator[_Edit]:
    """Characters print and PDFs use where quantulum3 expects plain ones: the fraction slash
    ("3⁄16 inch"), an ordinal sign or ring for a degree ("11.5ºC"), "terawatt-hours"."""
    yield from _rewritten(_FRACTION_SLASH, sentence, "typography", "/")
    yield from _rewritten(_ORDINAL_DEGREE, sentence, "typography", "°")
    yield from _rewritten(_WATT_HOURS, sentence, "typography", " ")


_PERCENT_OF_WHAT = re.compile(
    r"(?<=\d)\s*(?:mass|wt\.?|weight|vol\.?|volume|mol|mole|atom|at\.)\s*(?=%)", re.IGNORECASE
)
_GLUED_SUBSTANCE = re.compile(
    r"(?<=\d)(\s?(?:MMT|MMt|Mt|Gt|kt|t|kg|g))(CO2e|CO2eq|CO2-eq|CO2|CO₂e|CO₂|CH4|N2O)(?![\w-])"
)
SUBSTANCE_AFTER = re.compile(r"(?:CO2e|CO2eq|CO2-eq|CO2|CO₂e|CO₂|CH4|N2O)(?![\w-])")


def what_is_measured(sentence: str) -> Iterator[_Edit]:
    """What a percentage or a mass is of, written against its unit: "99 mass %", "5 wt%",
    "12 MMTCO2e", "3 tCO2". quantulum3 reads the unit without it; the span keeps it."""
    yield from _rewritten(_PERCENT_OF_WHAT, sentence, "what_is_measured", "")
    for match in _GLUED_SUBSTANCE.finditer(sentence):
        start, end = match.span(2)
        yield _Edit(start, end, " " * (end - start), "what_is_measured")


_SIGN_BEFORE = re.compile(r"(?<!plus or )\b(minus|negative|positive)\s+(?=\d)", re.IGNORECASE)
_SIGN_AFTER = re.compile(r"(?<![\w.,])(\d[\d,.]*)\s+negative(?=\s+[^\W\d_])", re.IGNORECASE)


def sign_words(sentence: str) -> Iterator[_Edit]:
    """A sign written as a word, before or after the number: "negative 40 metric tons",
    "minus 18 degrees", "positive 25 metric tons", "60 negative metric tons"."""
    yield from _rewritten(
        _SIGN_BEFORE,
        sentence,
        "sign_words",
        lambda m: "+" if m.group(1).lower() == "positive" else "-",
    )
    yield from _rewritten(_SIGN_AFTER, sentence, "sign_words", lambda m: "-" + m.group(1))


_UNIT_DASH = re.compile(r"(?<=\d)(\s?(?:%|°|[^\W\d_]{1,6}))(\s?[-–—]\s?)(?=\d)")


def dashes_between_units(sentence: str) -> Iterator[_Edit]:
    """A range with the unit at both ends: "12%–18%", "5 km–10 km". quantulum3 reads the dash as
    "per"; read apart, the two are joined again as a range."""
    for match in _UNIT_DASH.finditer(sentence):
        unit = match.group(1).strip()
        if unit in ("%", "°") or _known_unit(unit):
            yield _Edit(match.start(2), match.end(2), " ", "dashes_between_units")


_DECIMAL_NUMBER = re.compile(r"(?<![\d.,])(?:\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+,\d+)(?![\d.,]*\d)")


def decimal_commas(sentence: str) -> Iterator[_Edit]:
    """In a document that writes decimals with a comma (money.writes_decimal_comma): "0,4 MPa",
    "1.250,5 t" read as 0.4 and 1250.5."""
    return _rewritten(
        _DECIMAL_NUMBER,
        sentence,
        "decimal_commas",
        lambda m: m.group().replace(".", "").replace(",", "."),
    )


_ZERO_COMMA = re.compile(r"(?<![\d.,])0,\d+(?![\d.,]*\d)")


def zero_commas(sentence: str) -> Iterator[_Edit]:
    """A decimal comma after a zero, in any document: no thousands are grouped after a zero, so
    "0,4 MPa" is 0.4 (quantulum3 reads 0 and 4 MPa)."""
    return _rewritten(_ZERO_COMMA, sentence, "zero_commas", lambda m: m.group().replace(",", "."))


# In order: an earlier pattern's edit wins over a later one it overlaps.
PATTERNS: tuple[Callable[[str], Iterator[_Edit]], ...] = (
    clock_and_web,
    legal_citations,
    section_marks,
    subsections,
    labelled_numbers,
    multipliers,
    footnote_markers,
    unit_spellings,
    typography,
    what_is_measured,
    sign_words,
    dashes_between_units,
    zero_commas,
)


def _edits(sentence: str, decimal_comma: bool) -> list[_Edit]:
    patterns = (*PATTERNS, decimal_commas) if decimal_comma else PATTERNS
    kept: list[_Edit] = []
    for pattern in patterns:
        for edit in pattern(sentence):
            if not any(k.start < edit.end and edit.start < k.end for k in kept):
                kept.append(edit)
    return kept


def pattern_counts(text: str, sentences: Sequence[tuple[int, int]]) -> Counter[str]:
    """How often each pattern changed what quantulum3 reads, over the sentences that can hold a
    figure: to find and measure a wrong pattern on its own."""
    decimal_comma = writes_decimal_comma(text)
    return Counter(
        edit.pattern
        for start, end in sentences
        if _may_hold_figure(text[start:end])
        for edit in _edits(text[start:end], decimal_comma)
    )


# ---- quantulum3's units -----------------------------------------------------------------------

_SI_PREFIXES = {
    "k": "kilo", "M": "mega", "G": "giga", "T": "tera", "m": "milli", "c": "centi",
    "µ": "micro", "n": "nano", "d": "deci", "h": "hecto",
}  # fmt: skip


@dataclass(frozen=True)
class _Units:
    """quantulum3's unit table, as far as figures use it."""

    entity: dict[str, str]  # unit name → kind of quantity
    words: frozenset[str]  # words of figure units, lower case, and their symbols of 2+ letters
    symbols: frozenset[str]  # symbols of figure units as written, with their SI prefixes


def _is_figure_unit(name: str, entity: str) -> bool:
    if entity == "dimensionless":
        return name in DIMENSIONLESS_FIGURES
    return entity in FIGURE_ENTITIES and name not in EXCLUDED_UNITS


@lru_cache(maxsize=1)
def _units() -> _Units:
    """Read from quantulum3's unit file (loading its parser's tables costs two seconds; this
    file, milliseconds), with the units money.py adds to it."""
    table = json.loads(
        (importlib.resources.files("quantulum3") / "units.json").read_text(encoding="utf-8")
    )
    table.update(QUANTULUM_EXTRA_UNITS)
    entity_of: dict[str, str] = {}
    words: set[str] = {"percentage", "deg", "kmph", "mcg", "feet", "kph"}
    symbols: set[str] = {"%", "°", "μg", "µg", '"', "ºC", "ºF"}
    for name, unit in table.items():
        entity = unit.get("entity", "")
        entity_of[name] = entity
        if not _is_figure_unit(name, entity):
            continue
        prefixes = [p for p in unit.get("prefixes", []) if p in _SI_PREFIXES]
        for surface in [name, *unit.get("surfaces", [])]:
            for word in re.split(r"[\s-]+", surface.lower()):
                words.update({word, word + "s", word + "es"})
                words.update(_SI_PREFIXES[p] + word for p in prefixes)
                words.update(_SI_PREFIXES[p] + word + "s" for p in prefixes)
        for symbol in unit.get("symbols", []):
            written_forms = [symbol, *(p + symbol for p in prefixes)]
            if entity == "power":  # "TWh": quantulum3 builds energy from power and hours
                written_forms += [form + "h" for form in written_forms]
            for written in written_forms:
                symbols.add(written)
                if len(written) > 1:
                    words.add(written.lower())
                    words.add(re.split(r"[\s.]", written.lower())[0])  # "sq" of "sq mi"
    words -= {"per", "a", "an", "of", "the", "at", "in", "to"}  # "per mille", "inch of water"
    words.add("in")  # "6 in", but only where a number is right before it (_known_unit's callers)
    return _Units(entity_of, frozenset(words), frozenset(symbols))


def _known_unit(token: str) -> bool:
    """Whether a written unit is one of a figure: a word in any case ("Kilometers"), a symbol of
    two letters or more in any case ("gb", "KWh"), a one-letter symbol only as written ("m" is a
    metre, "M" is not; "u" is an atomic mass unit, "U" in "464 U.S." is not)."""
    units = _units()
    bare = re.sub(r"(?:\^?-?\d+|[²³⁻¹])+$", "", token) or token  # "m2", "km²", "ha-1"
    return bare in units.symbols or bare.lower() in units.words or bare.lower() == "per"


_NUMBER_WORD = rf"\b(?:{'|'.join(_NUMBER_WORDS.split())})\b"
_NUMBER_THEN_WORD = re.compile(
    rf"(?:\d[\d,.]*|[½¼¾⅓⅔]|{_NUMBER_WORD})(?:[\s-]+(?:{_NUMBER_WORD}|bn\b))*"
    r"[\s(<\[-]*([^\W\d_]+|%|°|\")?(?:\.?\s*([^\W\d_]+|%))?",
    re.IGNORECASE,
)


def _may_hold_figure(sentence: str) -> bool:
    """Whether any number in the sentence is followed by a unit quantulum3 knows: most
    numbers in news are years, dates, counts and money, and reading them costs milliseconds
    each."""
    if not _HAS_NUMBER.search(sentence):
        return False
    for match in _NUMBER_THEN_WORD.finditer(sentence):
        word, second = match.group(1), match.group(2)
        if word is None:
            continue
        if _prefilter_unit(word):
            return True
        if word.lower() == "per" and second and second.lower() == "cent":
            return True  # "5 per cent"
        if word.lower() in BETWEEN_NUMBER_AND_UNIT and second and _prefilter_unit(second):
            return True  # "60 negative metric tons", "99 mass %"
    return False


def _prefilter_unit(word: str) -> bool:
    """Whether a word after a number may be a unit, in any case: a wider net than _known_unit."""
    word = re.sub(r"(?<=[A-Za-z])(?:CO|CH|N)$", "", word) or word  # "MMTCO2e", "tCH4"
    return word.lower() in _prefilter_words() or word.startswith(("º", "˚"))


@lru_cache(maxsize=1)
def _prefilter_words() -> frozenset[str]:
    units = _units()
    return units.words | {symbol.lower() for symbol in units.symbols}


# ---- reading one quantity ---------------------------------------------------------------------

# A scale written after "degrees" ("98.6 degrees f", "6 deg c", "8° C."): the point stays out.
_SCALE_AFTER = re.compile(r"[^\S\n]*(?:°[^\S\n]*)?(celsius|fahrenheit|c|f)\b", re.IGNORECASE)
# "13F filing" is a code; "15C" is a temperature only where the sentence speaks of one.
_TEMPERATURE_WORDS = re.compile(
    r"temperat|degree|°|warm|cold|heat|hot\b|cool|freez|weather|forecast|celsius|fahrenheit"
    r"|kelvin|cryogen|thermal",
    re.IGNORECASE,
)
_BETWEEN_BARE = re.compile(r"\bbetween\s+(\S+)\s+and\s+$", re.IGNORECASE)
_BRACKETED_UNIT = re.compile(r"(\d[\d,.]*)\s*([(<\[])\s*([A-Za-z°%µμ/]{1,6})\s*([)>\]])")
_SPEED_AFTER = re.compile(r"\s+(?:an|a|per)\s+hour\b", re.IGNORECASE)
_POINTS_AFTER = re.compile(r"\s+points?\b", re.IGNORECASE)
# A rate phrase after a unit, which stays outside as for money ("3 million barrels per day" is
# barrels); a unit per hour, minute or second is a speed or a flow and keeps it.
_RATE_PHRASE = re.compile(r"\s+per\s+(?:day|week|month|year|annum|capita|person|head)\b", re.I)
_DENOMINATOR_BEFORE = re.compile(r"(?:(?<=\S)/|\bper\s+)$", re.IGNORECASE)
_PLUS_MINUS_BEFORE = re.compile(r"(?:±|\+/-|\+/−|\bplus\s+or\s+minus|\bplus/minus)\s?$", re.I)
_LEADING_NUMBER = re.compile(
    rf"(?i)^(?:between\s+)?(?:[-+−±~]|\d[\d,.]*|[½¼¾⅓⅔⅛⅜⅝⅞]|[/⁄]|[\s–—-]+|(?:{'|'.join(_NUMBER_WORDS.split())}"
    r"|a|an|and|to|or|point|dozen|trillion|bn|mn|minus|negative|positive|plus)\b)*"
)
_UNIT_TOKEN = re.compile(r"[(<\[]*([^\s/()<>\[\].,;:-]+)")
_WORD_AFTER = re.compile(r"\s+([^\W\d_]+)")


@dataclass(frozen=True)
class _Bare:
    """A number with no unit, which a list may give the unit of its last member ("75, and 50%")."""

    start: int
    end: int
    value: float


def _unit_token(surface: str) -> str:
    """The first word or symbol of the unit, after the number: "kg" of "0.02 to 3 kg per ha"."""
    rest = surface[_LEADING_NUMBER.match(surface).end() :]  # type: ignore[union-attr]
    token = _UNIT_TOKEN.match(rest)
    return token.group(1) if token else rest.strip()


def _read(sentence: str, view: _View, quantity: Any) -> Figure | _Bare | None:
    """One of quantulum3's quantities as a figure, or as a bare number, or as nothing."""
    name: str = quantity.unit.name
    entity: str = quantity.unit.entity.name
    view_start, view_end = quantity.span
    readable = view.text[view_start:view_end]
    start, end = view.span(view_start, view_end)
    if not _HAS_NUMBER.search(readable) or re.match(r"(?i)an?\s", readable):
        return None  # "a percentage", "a tonne of coal": a unit with no number
    if start and sentence[start - 1].isalpha():
        return None  # "c01p0002", "H800": digits inside an id or a code
    if _DENOMINATOR_BEFORE.search(sentence, 0, start):
        return None  # "(mg/100 g)", "8 litres per 100 km": a unit used as a denominator
    if entity == "dimensionless" and name not in DIMENSIONLESS_FIGURES:
        plain = re.fullmatch(r"\d[\d,]*(?:[.,]\d+)?", sentence[start:end])
        return _Bare(start, end, float(quantity.value)) if plain else None
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
    if re.search(r"\d[A-Za-z]{1,2}\.$", sentence[start:end]):
        end -= 1  # "-4C." at a sentence's end: the full stop is not the unit's
        readable = readable[:-1]
    attached = re.search(r"\d([A-Za-z%µμ/]+\d?)$", readable.strip())
    if attached and attached.group(1).lower() not in ATTACHED_UNITS:
        return None  # "3G", "13F": codes, not measures
    letter = attached.group(1) if attached else ""
    temperature = _TEMPERATURE_WORDS.search(sentence) is not None
    if letter in ("M", "k", "B") or (letter == "K" and not temperature):
        return None  # "18M sentences", "640K hours", "5k run": counts in millions, thousands
    follower = _WORD_AFTER.match(sentence, end)
    if letter == "m" and follower is not None and follower.group(1) not in LENGTH_FOLLOWERS:
        return None  # "2.6m passengers": a count in millions; "12m high" is a length
    if name == "kelvin" and not _TEMPERATURE_WORDS.search(sentence):
        return None
    token = _unit_token(readable)
    if substance := SUBSTANCE_AFTER.match(sentence, end):
        end = substance.end()  # "12 MMTCO2e": the gas is part of the written unit
    after_word = re.match(r"[^\W\d_]+", sentence[end:])
    if after_word and token:  # the unit is part of a longer word: read the word, or nothing
        token += after_word.group()  # "Ninety percen|t", as quantulum3 sometimes cuts it
        if not _known_unit(token):
            return None
        end += after_word.end()
    if token and not _known_unit(token) and not derived_whole:
        return None  # "787 MAX" read as megaamperes: the word is no unit's
    if re.match(r"\.[^\W\d_]", sentence[end : end + 2]):
        return None  # "464 U.S.", "5 C.F.R.": an abbreviation, not a unit symbol
    next_word = _WORD_AFTER.match(sentence, end)
    if token == "in" and next_word is not None and next_word.group(1).lower() not in INCH_FOLLOWERS:
        return None  # "Oct. 9 in St. Louis": "in" is a preposition
    number = re.match(r"[-+−]?(\d+)(?!\d|[.,]\d)", sentence[start:end])
    yearish = number is not None and int(number.group(1)) in YEARS and token[:1].isupper()
    if yearish and (len(token) == 1 or (next_word and next_word.group(1)[:1].isupper())):
        return None  # "By 1962 U.S. ports", "in 2020 GW Pharma": a year
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
            return None
        name, entity = ("degree Celsius" if letter in "Cc" else "degree Fahrenheit"), "t"
    if readable.rstrip().endswith('"') and name == "second of arc":
        name, entity = "inch", "length"  # a 10" pen
    if entity == "t":
        entity = "temperature"
    if not _is_figure_unit(name, entity):
        return None
    if entity == "angle" and name != "degree angle":
        return None  # "20 minutes" read as minutes of arc is a duration
    if entity == "typographical element" and name != "megapixel":
        return None  # "50 points" is a score
    if name == "cubic centimetre" and "cc" in sentence[start:end].lower():
        name = "cubic centimetre (cc)"
    unit = _unit_name(name, token)
    if name in SCALED_UNITS:
        unit, scale = SCALED_UNITS[name]
        value, spread = value * scale, spread * scale
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
    speed = _SPEED_AFTER.match(after) if entity == "length" else None
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
    return Figure(start, end, sentence[start:end], unit, _clean(low), _clean(high))


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
    shorter = _quantities(readable[:cut])
    if len(shorter) != 1 or shorter[0].span[1] != cut:
        return None
    name, entity = shorter[0].unit.name, shorter[0].unit.entity.name
    if entity == "unknown":
        name, entity = _whole_unit(shorter[0].unit) or (name, entity)
    return (name, entity) if entity != "unknown" and _is_figure_unit(name, entity) else None


def _whole_unit(unit: Any) -> tuple[str, str] | None:
    """(name, kind) of a unit quantulum3 built from parts that is one unit of a figure: the square
    or cube of a length ("240 cm2"), a power times hours ("48 TWh")."""
    parts: list[dict[str, Any]] = list(unit.dimensions)
    if not parts or any(p["power"] <= 0 for p in parts):
        return None
    first_entity = _entity_of(parts[0]["base"])
    if len(parts) == 1 and parts[0]["power"] in (2, 3) and first_entity == "length":
        return unit.name, ("area" if parts[0]["power"] == 2 else "volume")
    if len(parts) == 2 and first_entity == "power" and parts[1]["base"] == "hour":
        return unit.name, "energy"
    return None


def _entity_of(name: str) -> str:
    """The kind of quantity of a unit name, also with an SI prefix: "terawatt" is a power."""
    entity_of = _units().entity
    if name in entity_of:
        return entity_of[name]
    for prefix in _SI_PREFIXES.values():
        if name.startswith(prefix) and name[len(prefix) :] in entity_of:
            return entity_of[name[len(prefix) :]]
    return ""


_SMALL_NUMBERS = {w: float(i) for i, w in enumerate(_NUMBER_WORDS.split()[:19], start=1)}


def _number_value(word: str) -> float | None:
    """A bound written alone: "5", "2.5", "one" … "nineteen"."""
    try:
        return float(word.replace(",", ""))
    except ValueError:
        return _SMALL_NUMBERS.get(word.lower())


# ---- a sentence's figures ---------------------------------------------------------------------


def _quantities(sentence: str) -> list[Any]:
    """quantulum3's quantities; none where it fails on a sentence (its parser raises on some
    token sequences), so that one sentence does not cost the article its analysis."""
    try:
        return list(quantulum_parser().parse(sentence))
    except (IndexError, KeyError, ValueError, ZeroDivisionError):
        log.warning("quantulum3 could not read a sentence of %d characters", len(sentence))
        return []


def extract_figures(
    text: str, sentences: Sequence[tuple[int, int]], money: Sequence[Money] = ()
) -> list[Figure]:
    """Figures in reading order; none overlaps an amount of money."""
    found: list[Figure] = []
    money_spans = [(m.start, m.end) for m in money]
    decimal_comma = writes_decimal_comma(text)
    for start, end in sentences:
        sentence = text[start:end]
        if not _may_hold_figure(sentence):
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


def _sentence_figures(sentence: str, decimal_comma: bool = False) -> list[Figure]:
    view = _view(sentence, _edits(sentence, decimal_comma))
    bracketed = [(m.start(), m.start() + len(m.group(1)), m.end()) for m in
                 _BRACKETED_UNIT.finditer(view.text)]  # fmt: skip
    view = _View(_BRACKETED_UNIT.sub(_unbracket, view.text), view.starts, view.ends)
    items: list[Figure] = []
    bares: list[_Bare] = []
    for quantity in _quantities(view.text):
        start, end = quantity.span
        for first, number_end, last in bracketed:
            if first <= start < number_end < end <= last:  # "20 (kg)": the bracket is the unit's
                quantity.span = (start, last)
        read = _read(sentence, view, quantity)
        if isinstance(read, _Bare):
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
                value = _clean(first.low + item.low)
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
                        _clean(value),
                        _clean(value),
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


def _shared_unit(sentence: str, items: list[Figure], bares: list[_Bare]) -> list[Figure]:
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
        value = _clean(bare.value)
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


def _clean(value: float) -> float:
    return float(round(value, 6))
