"""The units a figure may have, and the words around them: the guidelines' names for units, the
kinds of quantity that are figures, quantulum3's unit table read as the words and symbols of those
units, and whether a sentence may hold a figure at all (quantulum3 is slow: only sentences with a
number followed by a unit word reach it). Also how far the rules of ``figures`` look, in one place.
"""

from __future__ import annotations

import importlib.resources
import json
import re
from dataclasses import dataclass
from functools import lru_cache

from reader.core.money import QUANTULUM_EXTRA_UNITS

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

WRITTEN_NUMBERS = (
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety "
    "hundred thousand million billion half quarter"
)
HAS_NUMBER = re.compile(rf"\d|[½¼¾⅓⅔]|\b(?:{'|'.join(WRITTEN_NUMBERS.split())})\b", re.IGNORECASE)


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


def is_figure_unit(name: str, entity: str) -> bool:
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
        if not is_figure_unit(name, entity):
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
    words.add("in")  # "6 in", but only where a number is right before it (known_unit's callers)
    return _Units(entity_of, frozenset(words), frozenset(symbols))


def known_unit(token: str) -> bool:
    """Whether a written unit is one of a figure: a word in any case ("Kilometers"), a symbol of
    two letters or more in any case ("gb", "KWh"), a one-letter symbol only as written ("m" is a
    metre, "M" is not; "u" is an atomic mass unit, "U" in "464 U.S." is not)."""
    units = _units()
    bare = re.sub(r"(?:\^?-?\d+|[²³⁻¹])+$", "", token) or token  # "m2", "km²", "ha-1"
    return bare in units.symbols or bare.lower() in units.words or bare.lower() == "per"


_NUMBER_WORD = rf"\b(?:{'|'.join(WRITTEN_NUMBERS.split())})\b"
_NUMBER_THEN_WORD = re.compile(
    rf"(?:\d[\d,.]*|[½¼¾⅓⅔]|{_NUMBER_WORD})(?:[\s-]+(?:{_NUMBER_WORD}|bn\b))*"
    r"[\s(<\[-]*([^\W\d_]+|%|°|\")?(?:\.?\s*([^\W\d_]+|%))?",
    re.IGNORECASE,
)


def may_hold_figure(sentence: str) -> bool:
    """Whether any number in the sentence is followed by a unit quantulum3 knows: most
    numbers in news are years, dates, counts and money, and reading them costs milliseconds
    each."""
    if not HAS_NUMBER.search(sentence):
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
    """Whether a word after a number may be a unit, in any case: a wider net than known_unit."""
    word = re.sub(r"(?<=[A-Za-z])(?:CO|CH|N)$", "", word) or word  # "MMTCO2e", "tCH4"
    return word.lower() in _prefilter_words() or word.startswith(("º", "˚"))


@lru_cache(maxsize=1)
def _prefilter_words() -> frozenset[str]:
    units = _units()
    return units.words | {symbol.lower() for symbol in units.symbols}


def unit_kind(name: str) -> str:
    """The kind of quantity of a unit name, also with an SI prefix: "terawatt" is a power."""
    entity_of = _units().entity
    if name in entity_of:
        return entity_of[name]
    for prefix in _SI_PREFIXES.values():
        if name.startswith(prefix) and name[len(prefix) :] in entity_of:
            return entity_of[name[len(prefix) :]]
    return ""
