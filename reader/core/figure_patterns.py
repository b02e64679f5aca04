"""The sentence quantulum3 reads: named patterns hide what is never a figure (citations, section
and model numbers, footnote markers) and rewrite forms it misreads (a fraction slash, a decimal
comma, "60 negative metric tons"), and the sentence it reads is mapped back to the written one
character by character (``View``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from reader.core.figure_units import known_unit


@dataclass(frozen=True)
class Edit:
    """Text of the sentence [start, end) that quantulum3 reads as ``text`` instead."""

    start: int
    end: int
    text: str
    pattern: str


@dataclass(frozen=True)
class View:
    """The sentence as quantulum3 reads it, and where each of its characters was written."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The written span of characters [start, end) of ``text``; a rewritten piece is whole."""
        return self.starts[start], self.ends[max(start, end - 1)]


def quantulum_view(sentence: str, edits: Iterable[Edit]) -> View:
    """The sentence with the edits made, as quantulum3 reads it."""
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
    return View("".join(pieces), tuple(starts), tuple(ends))


def _masked(pattern: re.Pattern[str], sentence: str, name: str, group: int = 0) -> Iterator[Edit]:
    for match in pattern.finditer(sentence):
        start, end = match.span(group)
        if end > start:
            yield Edit(start, end, " " * (end - start), name)


def _rewritten(
    pattern: re.Pattern[str], sentence: str, name: str, text: str | Callable[[re.Match[str]], str]
) -> Iterator[Edit]:
    for match in pattern.finditer(sentence):
        yield Edit(match.start(), match.end(), text if isinstance(text, str) else text(match), name)


# -- patterns that hide what is never a figure

_CLOCK_AND_WEB = re.compile(
    r"\b(?:https?://|www\.)\S+"
    r"|\b\d{1,2}(?::\d{2})?\s?(?:am|pm|a\.m\.|p\.m\.)(?![a-z])"
    r"|\b\d{1,2}[:.]\d{2}\b(?=\s*(?:am|pm|GMT|BST|EST|local|hrs|h\b))",
    re.IGNORECASE,
)


def clock_and_web(sentence: str) -> Iterator[Edit]:
    """Web addresses and times of day, which quantulum3 misreads: "www.port.org/30%25",
    "at 9.30am", "11.45 GMT"."""
    return _masked(_CLOCK_AND_WEB, sentence, "clock_and_web")


_CITATION = re.compile(
    r"\b\d+\s+(?:U\.\s?S\.(?:\s?C\.(?:\s?A\.)?)?|USC|C\.\s?F\.\s?R\.|CFR|FR|Fed\.\s?Reg\.|Stat\."
    r"|S\.\s?Ct\.|L\.\s?Ed\.|F\.\s?(?:Supp\.|[234]d|4th))(?:\s*§*\s*\d[\w.()–-]*)?"
    r"|(?:\bP\.\s?L\.|\bPub\.\s?L\.|\bH\.\s?R\.|\bH\.\s?Res\.|\bS\.\s?Res\.|\b[HS]\.\s?B\.)"
    r"\s*(?:No\.\s*)?\d[\d–-]*"
)


def legal_citations(sentence: str) -> Iterator[Edit]:
    """Legal citations: a title or volume before a code's abbreviation, a bill or law number
    after one: "33 U.S.C. 1251", "512 U.S. 218", "40 C.F.R. 230.3", "87 FR 40512",
    "P.L. 118-5", "H.R. 2210". "33 U" is not 33 atomic mass units, nor "40 C" a temperature."""
    return _masked(_CITATION, sentence, "legal_citations")


_SECTION_MARK = re.compile(
    r"§{1,2}\s*\d[\w.()–-]*(?:\s*(?:,|and|or|to|through)\s*\([\w]{1,4}\)[\w()]*)*"
)


def section_marks(sentence: str) -> Iterator[Edit]:
    """Sections after a section sign: "§ 58(g)", "§§ 12(b) and (e)(2)"."""
    return _masked(_SECTION_MARK, sentence, "section_marks")


_SUBSECTION = re.compile(r"(?<![\w.])\d+(?:\.\d+)*(?:\((?:[A-Za-z]|[ivxIVX]{1,4}|\d{1,2})\))+")


def subsections(sentence: str) -> Iterator[Edit]:
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


def labelled_numbers(sentence: str) -> Iterator[Edit]:
    """Numbers that name a part of a text or a product: "Table 3", "Figure 7-26", "No. 6",
    "Section 122", "Executive Order 14001", "Model 320–4", "Flight 77", "Class 8". A number
    with a unit after it is a measure still: "put the figure 12% higher", "a table 2 m long"."""
    for edit in _masked(_LABELLED, sentence, "labelled_numbers", group=1):
        unit = re.match(r"\s*([^\W\d_]+|%)", sentence[edit.end :])
        if unit is None or (unit.group(1) != "%" and not known_unit(unit.group(1))):
            yield edit


_FOOTNOTE = re.compile(r"(?<![\w.,])\d{1,3}(?=[A-Z][a-z])|(?<=[a-z][.,;:”\"’)])\d{1,3}(?![\w.,])")


_MULTIPLIER = re.compile(r"(?<![\w.])\d+(?:\.\d+)?(?:\s?[-–]\s?\d+(?:\.\d+)?)?[xX×](?!\w)")


def multipliers(sentence: str) -> Iterator[Edit]:
    """Multipliers and valuation ratios, never figures: "trades at 9x", "EV/EBIT 10-12x". (On
    "9x and $52.7" quantulum3 raises an IndexError.)"""
    return _masked(_MULTIPLIER, sentence, "multipliers")


def footnote_markers(sentence: str) -> Iterator[Edit]:
    """Footnote numbers glued to the words around them: "4Docking fees are paid", "as the
    quay.12 The board". A unit glued to its number is no word: "50Hz", "10Gbps"."""
    for edit in _masked(_FOOTNOTE, sentence, "footnote_markers"):
        glued = re.match(r"[^\W\d_]+", sentence[edit.end :])
        if glued is None or not known_unit(glued.group()):
            yield edit


# -- patterns that rewrite what quantulum3 misreads

_KMPH = re.compile(r"(?<=\d)\s?kmph\b", re.IGNORECASE)
_MICROGRAM = re.compile(r"(?<=\d)\s?[µμ]g\b")
_KM_HR = re.compile(r"(?<=\d)\s?km/hr\b", re.IGNORECASE)


def unit_spellings(sentence: str) -> Iterator[Edit]:
    """Spellings of units quantulum3 does not read: "10kmph", "120 μg", "10km/hr"."""
    yield from _rewritten(_KMPH, sentence, "unit_spellings", lambda m: m.group()[:-4] + "km/h")
    yield from _rewritten(_MICROGRAM, sentence, "unit_spellings", lambda m: m.group()[:-2] + "mcg")
    yield from _rewritten(_KM_HR, sentence, "unit_spellings", lambda m: m.group()[:-5] + "km/h")


_FRACTION_SLASH = re.compile(r"(?<=\d)⁄(?=\d)")
_ORDINAL_DEGREE = re.compile(r"(?<=\d)[º˚]|(?<=\d\s)[º˚]")
_WATT_HOURS = re.compile(r"(?i)(?<=watt)-(?=hours?\b)")


def typography(sentence: str) -> Iterator[Edit]:
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


def what_is_measured(sentence: str) -> Iterator[Edit]:
    """What a percentage or a mass is of, written against its unit: "99 mass %", "5 wt%",
    "12 MMTCO2e", "3 tCO2". quantulum3 reads the unit without it; the span keeps it."""
    yield from _rewritten(_PERCENT_OF_WHAT, sentence, "what_is_measured", "")
    for match in _GLUED_SUBSTANCE.finditer(sentence):
        start, end = match.span(2)
        yield Edit(start, end, " " * (end - start), "what_is_measured")


_SIGN_BEFORE = re.compile(r"(?<!plus or )\b(minus|negative|positive)\s+(?=\d)", re.IGNORECASE)
_SIGN_AFTER = re.compile(r"(?<![\w.,])(\d[\d,.]*)\s+negative(?=\s+[^\W\d_])", re.IGNORECASE)


def sign_words(sentence: str) -> Iterator[Edit]:
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


def dashes_between_units(sentence: str) -> Iterator[Edit]:
    """A range with the unit at both ends: "12%–18%", "5 km–10 km". quantulum3 reads the dash as
    "per"; read apart, the two are joined again as a range."""
    for match in _UNIT_DASH.finditer(sentence):
        unit = match.group(1).strip()
        if unit in ("%", "°") or known_unit(unit):
            yield Edit(match.start(2), match.end(2), " ", "dashes_between_units")


_DECIMAL_NUMBER = re.compile(r"(?<![\d.,])(?:\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+,\d+)(?![\d.,]*\d)")


def decimal_commas(sentence: str) -> Iterator[Edit]:
    """In a document that writes decimals with a comma (money.writes_decimal_comma): "0,4 MPa",
    "1.250,5 t" read as 0.4 and 1250.5."""
    return _rewritten(
        _DECIMAL_NUMBER,
        sentence,
        "decimal_commas",
        lambda m: m.group().replace(".", "").replace(",", "."),
    )


_ZERO_COMMA = re.compile(r"(?<![\d.,])0,\d+(?![\d.,]*\d)")


def zero_commas(sentence: str) -> Iterator[Edit]:
    """A decimal comma after a zero, in any document: no thousands are grouped after a zero, so
    "0,4 MPa" is 0.4 (quantulum3 reads 0 and 4 MPa)."""
    return _rewritten(_ZERO_COMMA, sentence, "zero_commas", lambda m: m.group().replace(",", "."))


# In order: an earlier pattern's edit wins over a later one it overlaps.
PATTERNS: tuple[Callable[[str], Iterator[Edit]], ...] = (
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


def pattern_edits(sentence: str, decimal_comma: bool) -> list[Edit]:
    """The patterns' edits of a sentence; of two that overlap, the earlier pattern's."""
    patterns = (*PATTERNS, decimal_commas) if decimal_comma else PATTERNS
    kept: list[Edit] = []
    for pattern in patterns:
        for edit in pattern(sentence):
            if not any(k.start < edit.end and edit.start < k.end for k in kept):
                kept.append(edit)
    return kept
