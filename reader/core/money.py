"""Monetary amounts in news text.

The core is a small tokeniser plus hand-written rules (symbols, codes, currency words, magnitudes,
ranges, rates, number words), because the general-purpose parsers miss the forms news uses most
(``£600m``, ``$1.13bn``, ``a $ 1 billion``). quantulum3 only reads spaCy MONEY spans that the rules
did not cover, and is imported lazily: its first parse costs seconds.
"""

from __future__ import annotations

import bisect
import re
import sys
import threading
import warnings
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any, NamedTuple

from reader.core.currencies import CENT_CURRENCIES, CODES, LOWER_CODES, MINOR, SYMBOLS, WORDS
from reader.core.model import Money

MAGNITUDES: dict[str, float] = {
    "k": 1e3, "K": 1e3, "thousand": 1e3, "m": 1e6, "M": 1e6, "mn": 1e6, "mln": 1e6,
    "million": 1e6, "b": 1e9, "B": 1e9, "bn": 1e9, "bln": 1e9, "billion": 1e9,
    "tn": 1e12, "trn": 1e12, "trillion": 1e12, "lakh": 1e5, "lakhs": 1e5, "lac": 1e5,
    "crore": 1e7, "crores": 1e7,
}  # fmt: skip
# Abbreviations that must touch the number ("£600m"): "5 m" is a length.
ATTACHED_ONLY = "k K m M b B"
ONES = """zero one two three four five six seven eight nine ten eleven twelve thirteen
    fourteen fifteen sixteen seventeen eighteen nineteen"""
TENS = "twenty thirty forty fifty sixty seventy eighty ninety"
# Kept outside the span and reported as ``qualifier``.
QUALIFIERS = (
    "more than", "less than", "fewer than", "up to", "about", "around", "nearly", "almost",
    "just over", "just under", "well over", "at least", "at most", "over", "under", "an extra",
    "an additional", "a further", "another", "approximately", "roughly", "some", "as much as",
    "as little as", "in excess of", "close to", "an estimated", "upwards of", "below", "above",
    "a mere", "only", "just", "circa", "exactly", "greater than", "higher than", "lower than",
    "no more than", "not more than", "no less than", "not less than", "not exceeding", "exceeding",
    "a maximum of", "a minimum of", "≤", "≥", "<", ">", "~",
)  # fmt: skip
# Words of change: "rose from £5bn to £8bn" is two amounts, not a range.
CHANGE_WORDS = """rose rise rises risen rising fell fall falls fallen falling increased increase
    increases decreased decrease grew grow grows grown growing cut cuts cutting raised raise
    raising lowered lower reduced reduce dropped drop drops climbed climb jumped jump slumped slid
    soared surged doubled tripled halved up down boosted boost hiked trimmed shrank shrunk widened
    narrowed improved revised went gone moved changed swelled plunged tumbled declined slipped
    dipped edged leapt leaped rocketed expanded ballooned recovered rallied growth hike change"""
# Nouns read as a rate after "a"/"an"/"every" ("$98 a share"); "per" takes any noun phrase.
RATE_UNITS = """year month week day hour night quarter share head person barrel tonne ton ounce
    gallon litre pint bottle packet kilo kg unit seat ticket copy game match episode visit call
    minute passenger employee worker household family customer pupil student patient user
    subscriber car vehicle flight room page"""
# Codes with a magnitude glued before them, as reports write them: "42 MEUR", "640 kEUR".
CODE_MAGNITUDES: dict[str, float] = {"k": 1e3, "K": 1e3, "M": 1e6, "MM": 1e6, "Mn": 1e6, "Bn": 1e9}
# Context in which "pounds" is a weight: "he lost 10 pounds".
WEIGHT_RE = re.compile(
    r"\b(?:weigh\w*|weight|heav(?:y|ier)|light(?:er)?|stones?|ounces?|lbs?|kg|kilos?|"
    r"overweight|obese|diet\w*|slim\w*|tons?|tonnes?|(?:kilo)?grams?|bab(?:y|ies))\b",
    re.IGNORECASE,
)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_LOWER_CODES = _words(LOWER_CODES)
_CENT_CURRENCIES = _words(CENT_CURRENCIES)
_ATTACHED_ONLY = _words(ATTACHED_ONLY)
_CHANGE = _words(CHANGE_WORDS)
_STOP = _words(
    "to in for of from by with on at and or than that which who is was are were will would has "
    "have had but as if when while after before over under into this the its their"
)
_ARTICLE_NEXT = _words("a an per each for to in on and or is was of more less than from")
_SINGLE_QUALIFIERS = frozenset(q for q in QUALIFIERS if " " not in q)
_MINOR_TOKENS = _words("cent cents c ¢ pence penny p")
NUMBER_WORDS = {word: n for n, word in enumerate(ONES.split())} | {
    word: 20 + 10 * n for n, word in enumerate(TENS.split())
}
_FRACTIONS = {"quarter": 0.25, "quarters": 0.25, "third": 1 / 3, "thirds": 1 / 3}
# Lower-case words that can open an amount; any other word is skipped at once.
_LONG_MAGNITUDES = frozenset(m for m in MAGNITUDES if len(m) > 3)
_OPENERS = {*NUMBER_WORDS, "a", "an", "half", *(word.split()[0] for word in WORDS if " " in word)}


def _symbol_pattern(sym: str) -> str:
    """Regex for one symbol: letter prefixes are case-insensitive and must start a word."""
    if sym.endswith("$") and len(sym) > 1:
        space = "" if sym == "A$" else r"\s?"
        return rf"(?<![\w'’.])(?i:{re.escape(sym[:-1])}){space}\$"
    if sym.startswith("$") and len(sym) > 1:
        return rf"\${sym[1:]}(?=\s?\d)"
    return f"(?i:{re.escape(sym)})"  # "&pound;"


_TOKEN_RE = re.compile(
    "(?P<sym>"
    + "|".join(_symbol_pattern(s) for s in sorted(SYMBOLS, key=len, reverse=True))
    + r"|¢)|(?P<num>\d{1,3}(?:[\u00a0\u202f]\d{3})+(?!\d)|\d+(?:[.,]\d+)*)"
    + r"|(?P<word>[^\W\d_]+(?:\.[^\W\d_]\.)?)|(?P<other>\S)"
)
_SIGNS = "".join(s for s in SYMBOLS if len(s) == 1)
_NAMES = "|".join(sorted({word.split()[-1] for word in WORDS if word[-1].isalpha()}))
_CAN_HOLD_MONEY = re.compile(rf"\d|[$¢{_SIGNS}]|\b(?:{_NAMES})\b", re.IGNORECASE)
_QUALIFIER_RE = re.compile(
    r"(?<![\w-])(" + "|".join(q.replace(" ", r"\s+") for q in QUALIFIERS) + r")\s*$",
    re.IGNORECASE,
)
_RATE_RE = re.compile(
    rf"""^[\s,-]*(?:
      (?:a|an|per|every)[\s-]+(?P<unit>{"|".join(RATE_UNITS.split())})\b
        (?!\s+(?:earlier|ago|before|later|previously|back|after|on\s+year))
    | (?P<year>annually|yearly|per\s+annum)\b
    | (?P<month>monthly)\b | (?P<week>weekly)\b | (?P<day>daily)\b | (?P<hour>hourly)\b
    | per\s+(?P<phrase>[^\W\d_][\w'-]*(?:\s+[^\W\d_][\w'-]*){{0,3}})
    | (?P<each>each|apiece|a\s+piece)\b
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_PLURAL_RE = re.compile(r"\b([a-z]{2,}?)(ies|s)\b")
_NOT_PLURAL = _words("its this his has was does goes is as us less news business yes always")
_YEARISH = re.compile(r"(?:19|20)\d\d")
_PREFIXED_CODE = re.compile(rf"({'|'.join(CODE_MAGNITUDES)})([A-Z]{{3}})")
_MEASURE_AFTER_PER = _words("square cubic sq cu")  # "pounds per square inch" is a pressure
_OPENING_QUOTES = "“‘"
_STERLING = re.compile(r"£|&pound;|&#163;|\bGBP\b|\bsterling\b|\bpence\b|\bquid\b|\d\s?p\b", re.I)
# Numbers a document writes with a decimal comma, and the forms that tell it does so: one digit
# after the comma ("1,5"), a leading zero ("0,75"), or points grouping thousands before it
# ("1.250,50"). Two or three digits after a comma ("72,00", "1,500") say nothing on their own.
_COMMA_DECIMAL = re.compile(
    r"(?<![\d.,])(?:\d+,\d(?![\d,.])|0,\d+(?![\d,])|\d{1,3}(?:\.\d{3})+,\d+(?![\d,]))"
)
_POINT_DECIMAL = re.compile(r"(?<![\d.,])(?:\d+\.\d{1,2}|0\.\d+|\d+\.\d{4,})(?![\d.,])")
_THOUSANDS_COMMA = re.compile(r"(?<![\d.,])[1-9]\d{0,2}(?:,\d{3})+(?![\d,])")

# How far the rules look, in one place.
MAX_OPEN_RANGE_RATIO = 1000  # "5 to $8,000": a range with one bare end spans less than this
RATE_LOOKAHEAD_CHARS = 200  # a rate phrase after the amount ("a year", "per share")
BRACKET_LOOKBEHIND_CHARS = 120  # is the amount inside a conversion in brackets?
QUALIFIER_LOOKBEHIND_CHARS = 30  # "about", "more than" before the amount
NEAREST_AMOUNTS = 9  # cents take the currency of the nearest dollar-like amount among these


class _Token(NamedTuple):
    kind: str  # "sym" | "num" | "word" | "other"
    text: str
    start: int
    end: int
    space: bool  # whitespace right before the token


@dataclass
class _Amount:
    """An amount over tokens [first, past); ``currency`` is None for a bare number opening a
    range."""

    first: int
    past: int
    value: float
    currency: str | None
    magnitude: float = 1.0
    integer: bool = True
    minor: bool = False
    high: float | None = None  # set for a range


def writes_decimal_comma(text: str) -> bool:
    """Whether the document writes decimals with a comma ("0,4 MPa", "2,5 MEUR"): more numbers
    show a decimal comma than a decimal point or a thousands comma. Read once per document,
    since one number alone ("1,500") does not tell."""
    commas = len(_COMMA_DECIMAL.findall(text))
    if not commas:
        return False
    return commas > len(_POINT_DECIMAL.findall(text)) + len(_THOUSANDS_COMMA.findall(text))


def read_number(written: str, decimal_comma: bool = False) -> tuple[float, bool]:
    """(value, whole?) of a number as written: "1,250.5"; "1.250,5" and "0,4" where decimals take
    a comma; a misplaced thousands comma is dropped ("72,00" reads 7200, GUIDELINES §2)."""
    digits = re.sub(r"[\u00a0\u202f\s]", "", written)
    separators = (".", ",") if decimal_comma else (",", ".")  # (thousands, decimal)
    digits = digits.replace(separators[0], "").replace(separators[1], ".")
    if digits.count(".") > 1:
        digits = digits.replace(".", "")
    return float(digits), "." not in digits


class _Parser:
    """The rules, over the tokens of one chunk of text (a sentence, or a few wrongly split)."""

    def __init__(self, text: str, decimal_comma: bool = False) -> None:
        self.tokens: list[_Token] = []
        self.weighty = WEIGHT_RE.search(text) is not None
        self.decimal_comma = decimal_comma
        self.text = text
        prev_end = 0
        for m in _TOKEN_RE.finditer(text):
            self.tokens.append(_Token(m.lastgroup or "other", m.group(), m.start(), m.end(),
                                  m.start() > prev_end))  # fmt: skip
            prev_end = m.end()

    def _word(self, at: int) -> str:
        token = self.tokens[at] if at < len(self.tokens) else None
        return token.text.lower() if token and token.kind == "word" else ""

    def _is(self, at: int, *texts: str) -> bool:
        return at < len(self.tokens) and self.tokens[at].text.lower() in texts

    def _ends_here(self, at: int) -> bool:
        """At the end of the chunk or before closing punctuation."""
        return at >= len(self.tokens) or self.tokens[at].text in ".,;:!?)\"'”’"

    def _code(self, at: int) -> str | None:
        if at >= len(self.tokens) or self.tokens[at].kind != "word":
            return None
        t = self.tokens[at].text
        return CODES.get(t) or (CODES.get(t.upper()) if t in _LOWER_CODES else None)

    def _currency_words(self, at: int) -> tuple[str, int] | None:
        """(ISO, end) of the longest currency phrase (up to three words) at token ``at``."""
        for n in (3, 2, 1):
            tokens = self.tokens[at : at + n]
            glued = any(t.start > tokens[0].start and not t.space for t in tokens)
            if len(tokens) < n or glued or any(t.kind != "word" for t in tokens):
                continue
            iso = WORDS.get(" ".join(t.text.lower() for t in tokens))
            if iso is not None and tokens[-1].text not in ("Cent", "Cents"):  # "50 Cent", a rapper
                return iso, at + n
        return None

    def _number(self, at: int) -> tuple[float, int, bool, bool] | None:
        """(value, next index, integer?, in words?) of a number at token ``at``."""
        if at >= len(self.tokens):
            return None
        if self.tokens[at].kind == "num":
            value, whole = read_number(self.tokens[at].text, self.decimal_comma)
            return value, at + 1, whole, False
        return self._number_words(at)

    def _number_words(self, at: int) -> tuple[float, int, bool, bool] | None:
        """Number words: "forty-five", "two thousand five hundred", "three and a half", "half a",
        and "a"/"an" before a magnitude or currency word."""
        word, next_word, *after = (self._word(at + n) for n in range(5))
        if word == "half" and next_word in ("a", "an") and after[0] in MAGNITUDES:
            return 0.5, at + 2, False, True
        of_a = after[:2] == ["of", "a"] and after[2] in MAGNITUDES  # "a quarter of a million"
        if word in ("a", "one", "three") and next_word in _FRACTIONS and of_a:
            return _FRACTIONS[next_word] * (3 if word == "three" else 1), at + 4, False, True
        total, group, frac, last, past = 0, 0, 0.0, "", at
        if word in ("a", "an"):
            if not (
                next_word in MAGNITUDES or next_word == "hundred" or self._currency_words(at + 1)
            ):
                return None
            group, last, past = 1, "unit", at + 1
        while past < len(self.tokens):
            word = self._word(past)
            n = NUMBER_WORDS.get(word)
            if n is not None and (last in ("", "hundred", "scale") or (last == "ten" and n < 10)):
                group, last, past = group + n, "ten" if n >= 20 else "unit", past + 1
                unit_next = NUMBER_WORDS.get(self._word(past + 1), 10) < 10
                past += last == "ten" and self._is(past, "-") and unit_next  # "forty-five"
            elif word == "hundred" and last in ("unit", "ten") and group < 100:
                group, last, past = group * 100, "hundred", past + 1
            elif word == "thousand" and last in ("unit", "ten", "hundred"):
                total, group, last, past = total + group * 1000, 0, "scale", past + 1
            elif (
                word == "and"
                and last in ("hundred", "scale")
                and self._word(past + 1) in NUMBER_WORDS
            ):
                past += 1
            elif [word, *map(self._word, (past + 1, past + 2))] == [
                "and",
                "a",
                "half",
            ] and last != "":
                frac, past = 0.5, past + 3  # "three and a half billion"
                break
            else:
                break
        return (total + group + frac, past, not frac, True) if last else None

    def amount(self, first: int) -> _Amount | None:
        """One amount at token ``first``: [symbol|code] number [magnitude] [code|symbol|words]."""
        tokens, at, currency = self.tokens, first, None
        token = tokens[first]
        if token.kind == "num" and not token.space and first and tokens[first - 1].kind == "word":
            return None  # "p2p", "c01p0002": digits inside a word or an id
        if token.kind == "sym" and token.text != "¢":
            currency, at = SYMBOLS["".join(token.text.split()).upper()], first + 1
        elif (code := self._code(first)) is not None:
            currency, at = code, first + 1
            if token.text == "Rs" and self._is(at, ".") and not tokens[at].space:
                at += 1
        elif (words := self._currency_words(first)) is not None and words[1] - first >= 2:
            # "malaysia ringgit 42": a name of two words or more, before digits ending the phrase.
            n = words[1]
            if n < len(tokens) and tokens[n].kind == "num" and self._ends_here(n + 1):
                currency, at = words[0], n
        if at >= len(tokens) or (currency is not None and tokens[at].kind != "num"):
            return None
        number = self._number(at)
        if number is None:
            return None
        value, at, integer, in_words = number
        if value <= 0 or (currency is None and self._is(at, "%", "per")):
            return None
        if (
            currency is None
            and self._word(first - 1) == "in"
            and _YEARISH.fullmatch(tokens[first].text)
        ):
            return None  # "in 2004 dollars": a year
        magnitude = 1.0
        hyphen = (
            self._is(at, "-") and not tokens[at].space and self._word(at + 1) in _LONG_MAGNITUDES
        )
        at += hyphen and not tokens[at + 1].space  # "$5.5-billion"
        magnitude_word = tokens[at].text if at < len(tokens) and tokens[at].kind == "word" else ""
        magnitude_word = (
            magnitude_word
            if magnitude_word in MAGNITUDES or len(magnitude_word) < 2
            else magnitude_word.lower()
        )
        if magnitude_word in MAGNITUDES and not (
            magnitude_word in _ATTACHED_ONLY and tokens[at].space
        ):
            magnitude, at = MAGNITUDES[magnitude_word], at + 1
        parsed = _Amount(first, at, value * magnitude, currency, magnitude, integer)
        if currency is None and not self._suffix(parsed, in_words):
            return None
        if parsed.currency is None and in_words:
            return None  # a bare number in words is too vague to open a range
        return parsed

    def _suffix(self, parsed: _Amount, in_words: bool) -> bool:
        """Read a currency after the number ("20€", "42MYR", "5.65bn euros", "45p"); False when
        the phrase is no amount at all ("a billion-dollar deal", "10 pounds in weight")."""
        tokens, at = self.tokens, parsed.past
        if at >= len(tokens):
            return True
        hyphen = tokens[at].text == "-" and not tokens[at].space and at + 1 < len(tokens)
        if hyphen:
            if tokens[at + 1].space:
                return True
            at += 1
            if self._vague_compound(parsed, at, in_words):
                return False
        elif self._symbol_or_code(parsed, at):
            return True
        token = tokens[at]
        words = self._currency_words(at)
        if words is None:
            word = token.text
            spaced = token.space and (word == "p" or not self._ends_here(at + 1))
            if word not in ("p", "c") or hyphen or spaced:
                return True  # "45p" and "10c" touch the number; a spaced "10 c" ends a phrase
            words = (MINOR[word], at + 1)
        iso, end = words
        name = " ".join(t.text.lower() for t in tokens[at:end])
        if parsed.magnitude == 1.0:
            pressure = self._is(end, "per") and self._word(end + 1) in _MEASURE_AFTER_PER
            if name in ("pound", "pounds") and (self.weighty or self._is(end, "of") or pressure):
                return False  # a weight, or a pressure ("pounds per square inch")
            if name in ("won", "dong") and parsed.value < 100:
                return False  # "3 won and 2 lost"
            free = self._ends_here(end) or self._word(end) in _ARTICLE_NEXT
            if in_words and self._word(parsed.first) in ("a", "an") and not free:
                return True  # "a euro zone country", "a dollar bill"
            if name == "yen" and self._is(end, "for"):
                return False  # "a yen for travel"
        if name in MINOR:
            parsed.minor, parsed.value = True, parsed.value / 100
        parsed.currency, parsed.past = iso, end
        return True

    def _vague_compound(self, parsed: _Amount, at: int, in_words: bool) -> bool:
        """Whether a number in words joined by a hyphen to what follows (token ``at``) names
        no amount: "a billion-dollar deal", the "one-pound waiver"."""
        if in_words and parsed.magnitude != 1.0 and self._currency_words(at):
            return True  # "a billion-dollar deal": vague
        # the "one-pound waiver": a name in quotation marks
        return in_words and self._opens_quote(parsed.first - 1)

    def _symbol_or_code(self, parsed: _Amount, at: int) -> bool:
        """Read a symbol or a code right after the number into ``parsed`` ("20€", "5¢",
        "42MYR", "42 MEUR"); whether token ``at`` was one, which ends the suffix. A spaced "$",
        "£" or "¥" ends it with no currency read: those stand before an amount, not after."""
        token = self.tokens[at]
        if token.kind == "sym":
            if token.space and token.text in ("$", "£", "¥"):
                return True
            if token.text == "¢":
                parsed.minor, parsed.value, parsed.currency, parsed.past = (
                    True,
                    parsed.value / 100,
                    "*",
                    at + 1,
                )
            else:
                parsed.currency, parsed.past = SYMBOLS[token.text.upper()], at + 1
            return True
        if (code := self._code(at)) is not None:
            parsed.currency, parsed.past = code, at + 1
            return True
        prefixed = _PREFIXED_CODE.fullmatch(token.text) if token.kind == "word" else None
        if prefixed and prefixed.group(2) in CODES and parsed.magnitude == 1.0:
            scale = CODE_MAGNITUDES[prefixed.group(1)]  # "42 MEUR": 42 million euros
            parsed.currency, parsed.past = CODES[prefixed.group(2)], at + 1
            parsed.value, parsed.magnitude = parsed.value * scale, scale
            return True
        return False

    def _opens_quote(self, at: int) -> bool:
        """Whether token ``at`` opens a quotation: a curly opening mark, or a straight one with
        an even number of straight marks before it."""
        if at < 0 or self.tokens[at].text not in ('"', *_OPENING_QUOTES):
            return False
        before = sum(t.text == '"' for t in self.tokens[:at])
        return self.tokens[at].text != '"' or before % 2 == 0

    def cents(self, parsed: _Amount) -> None:
        """Add the cents of "$20 and 43c", "thirteen dollars forty-five", "3 GBP 1 pence"."""
        if parsed.minor or parsed.magnitude != 1.0 or not parsed.integer or parsed.currency is None:
            return
        at = parsed.past + (self._word(parsed.past) == "and")
        number = self._number(at) if self._word(at) not in ("a", "an", "half") else None
        if number is None:
            return
        value, end, integer, in_words = number
        if not integer or not 1 <= value < 100:
            return
        spaced_pc = self._word(end) in ("p", "c") and self.tokens[end].space
        if self._is(end, *_MINOR_TOKENS) and not spaced_pc:
            end += 1  # "43c", "45 cents"; a spaced "p" or "c" is no unit here
        elif not self._ends_here(end) or not (in_words or len(self.tokens[at].text) == 2):
            return  # "$20 43" and "15 dollars 50." end their phrase; "$4.25 and 32 is" does not
        parsed.value += value / 100
        parsed.past = end

    def _before(self, a: _Amount) -> int:
        """Index of the token before amount a and its qualifiers ("between about $3m")."""
        at = a.first - 1
        while at >= 0 and self._word(at) in _SINGLE_QUALIFIERS:
            at -= 1
        return at

    def _change_context(self, a: _Amount) -> bool:
        """A word of change governs "X to Y": "rose from £5bn to £8bn", "cut by $2m to $5m"."""
        at = self._before(a)
        if self._word(at) == "by":
            return True
        if self._word(at) == "from":  # "grew last year, from £5m to £8m, and costs from ..."
            if self._word(at - 1).startswith(("rang", "var")):
                return False  # "prices ranging from £100 to £5,000"
            return any(self._word(back) in _CHANGE for back in range(max(0, at - 40), at))
        for back in range(at, max(-1, at - 6), -1):
            if self.tokens[back].text in ",;:":
                break
            if self._word(back) in _CHANGE:
                return True
        return False

    def range_from(self, a: _Amount) -> tuple[_Amount, list[_Amount]] | None:
        """ "$3-5bn", "between £190m and £265m", "10 to 20 dollars" as one item, with any
        conversion in brackets after the low end ("$50,000 (£26,000) and $90,000")."""
        tokens, at, inner = self.tokens, a.past, []
        if self._is(at, "(") and a.currency is not None:
            closing = (c for c in range(at + 1, min(at + 12, len(tokens))) if tokens[c].text == ")")
            close = next(closing, 0)
            inner = self.scan(at + 1, close) if close else []
            at = close + 1 if inner else at
        conn = tokens[at].text.lower() if at + 1 < len(tokens) else ""
        if conn == "to":
            joined = not self._change_context(a)
        else:
            joined = conn in ("-", "–", "—") or (
                conn == "and" and self._word(self._before(a)) == "between"
            )
        if not joined:
            return None
        b = self.amount(at + 1)
        if b is None or (b.currency is None and a.currency is None):
            return None
        if (
            a.currency is not None
            and b.currency is not None
            and (a.currency != b.currency or a.minor != b.minor)
        ):
            return None
        bare = a if a.currency is None else b if b.currency is None else None
        if bare is not None and _YEARISH.fullmatch(tokens[bare.first].text):
            return None  # "2004 to $5bn", "$5m-2005"
        low, high = a.value, b.value
        if a.magnitude == 1.0 and b.magnitude != 1.0 and low * b.magnitude <= high:
            low *= b.magnitude  # "$3-5bn"
        elif (
            b.magnitude == 1.0
            and a.magnitude != 1.0
            and b.currency is None
            and high * a.magnitude >= low
        ):
            high *= a.magnitude
        if b.minor and a.currency is None:
            low /= 100  # "10-15 cents"
        if not 0 < low < high or (
            (a.currency is None or b.currency is None) and high / low > MAX_OPEN_RANGE_RATIO
        ):
            return None
        return _Amount(
            a.first, b.past, low, a.currency or b.currency, minor=a.minor or b.minor, high=high
        ), inner

    def scan(self, start: int = 0, stop: int | None = None) -> list[_Amount]:
        """All amounts in tokens [start, stop), a range as one item."""
        stop = len(self.tokens) if stop is None else stop
        out: list[_Amount] = []
        first = start
        while first < stop:
            token = self.tokens[first]
            opens = (
                token.kind in ("sym", "num") or token.text.lower() in _OPENERS or self._code(first)
            )
            a = self.amount(first) if opens else None
            if a is None or a.past > stop:
                first += 1
                continue
            rng = self.range_from(a) if a.past < stop else None
            if rng is not None and rng[0].past <= stop:
                out += [rng[0], *rng[1]]
                first = rng[0].past
            elif a.currency is None:
                first += 1
            else:
                self.cents(a)
                out.append(a)
                first = a.past
        return out


def _rate(text: str, start: int, end: int) -> str | None:
    """The denominator of a rate phrase right after an amount ("a year", "per share", "each")."""
    after = text[end : end + RATE_LOOKAHEAD_CHARS]
    before = text[max(0, start - BRACKET_LOOKBEHIND_CHARS) : start]
    if before.count("(") > before.count(")"):
        close = after.find(")")  # inside a conversion: the rate follows the brackets
        after = after[close + 1 :] if 0 <= close < 80 else after
    m = _RATE_RE.match(re.sub(r"^\s*\([^()]{0,80}\)", "", after))
    if m is None:
        return None
    for period in ("year", "month", "week", "day", "hour", "unit"):
        if m.group(period):
            return period if period != "unit" else m.group(period).lower()
    if m.group("phrase"):
        words: list[str] = []
        for word in m.group("phrase").split():
            if word.lower() in _STOP or (words and re.search(r"(?:ed|ing)$", word)):
                break
            words.append(word)
        return " ".join(words) or None
    # "each": the noun it distributes over, the nearest plural before the amount.
    nouns = [g for g in _PLURAL_RE.findall(before.lower())
             if "".join(g) not in _NOT_PLURAL]  # fmt: skip
    if not nouns:
        return None
    stem, ending = map(str, nouns[-1])
    return stem + "y" if ending == "ies" else stem


def _cent_currency(chunks: Iterable[Sequence[_Amount]]) -> str:
    """The currency that cents with no dollar-like amount in their sentence belong to: the one
    the document writes most often among those with cents (EUR in a euro report), else USD."""
    counts = Counter(
        a.currency for amounts in chunks for a in amounts
        if a.currency in _CENT_CURRENCIES and not a.minor
    )  # fmt: skip
    return counts.most_common(1)[0][0] if counts else "USD"


def qualifier_before(text: str, start: int) -> str | None:
    """The modifier right before an amount or a figure that starts at ``start``: "more than",
    "up to", "about" (QUALIFIERS), lower-cased."""
    m = _QUALIFIER_RE.search(text[max(0, start - QUALIFIER_LOOKBEHIND_CHARS) : start])
    return " ".join(m.group(1).lower().split()) if m else None


def _chunks(text: str, sentences: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentences that can hold money, joined to the previous one where spaCy split mid-phrase
    ("Rs. | 20"). Without sentences, lines are used."""
    spans = sorted(sentences) or [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    merged: list[list[int]] = []
    for s, e in spans:
        if merged:
            gap, head = text[merged[-1][1] : s], text[s : s + 1]
            if "\n" not in gap and not (gap and (head.isupper() or head in "\"“'‘")):
                merged[-1][1] = max(merged[-1][1], e)
                continue
        merged.append([s, e])
    return [(s, e) for s, e in merged if _CAN_HOLD_MONEY.search(text, s, e)]


def _clean(x: float) -> float:
    """Drop float noise: 8.2 * 1e9 is 8199999999.999999."""
    return float(f"{x:.12g}")


def extract_money(
    text: str, sentences: Sequence[tuple[int, int]], hints: Sequence[tuple[int, int]] = ()
) -> list[Money]:
    """Money items of ``text``, sorted by start.

    ``sentences`` are spaCy's sentence spans (only those that can hold money are read); ``hints``
    are spaCy MONEY spans, read with quantulum3 only where the rules found nothing.
    """
    items: list[Money] = []
    decimal_comma = writes_decimal_comma(text)
    chunks = []
    for chunk_start, chunk_end in _chunks(text, sentences):
        parser = _Parser(text[chunk_start:chunk_end], decimal_comma)
        chunks.append((chunk_start, parser, parser.scan()))
    cent_currency = _cent_currency(amounts for _, _, amounts in chunks)
    for chunk_start, parser, amounts in chunks:
        chunk = parser.text
        outer: tuple[_Amount, str | None] | None = None  # the last range and its rate
        for n, a in enumerate(amounts):
            currency = a.currency or "*"
            if currency == "*":  # cents: of the nearest dollar-like amount in the sentence
                around = amounts[max(0, n - NEAREST_AMOUNTS) : n + NEAREST_AMOUNTS]
                near = sorted(
                    (abs(b.first - a.first), b.currency)
                    for b in around
                    if b.currency in _CENT_CURRENCIES and not b.minor
                )
                currency = near[0][1] if near else cent_currency
            s, e = parser.tokens[a.first].start, parser.tokens[a.past - 1].end
            per = _rate(chunk, s, e)
            if a.high is not None:
                outer = a, per
            elif outer and outer[0].first < a.first and a.past < outer[0].past:
                per = per or outer[1]  # a conversion nested in a range shares its rate
            high = a.value if a.high is None else a.high
            items.append(
                Money(
                    chunk_start + s,
                    chunk_start + e,
                    chunk[s:e],
                    currency,
                    _clean(a.value),
                    _clean(high),
                    per,
                    qualifier_before(chunk, s),
                )
            )
    for n in range(len(items) - 2, -1, -1):  # "from £2.1bn to £3.4bn a month": both are rates
        x, y = items[n], items[n + 1]
        if x.per is None and y.per and re.fullmatch(r"\s+(?:to|and|or)\s+", text[x.end : y.start]):
            items[n] = replace(x, per=y.per)
    items += _from_hints(text, hints, items)
    return sorted(_pounds_of_weight(text, items), key=lambda m: (m.start, -m.end))


def _pounds_of_weight(text: str, items: list[Money]) -> list[Money]:
    """Without "£", "GBP", "sterling" or pence anywhere, and with money in another currency, a
    document counts money in that currency, and its "pounds" are weights: "trucks over 80,000
    pounds pay a $300 fee" (a US report) holds one amount."""
    if _STERLING.search(text) or not any(m.currency != "GBP" for m in items):
        return items
    return [m for m in items if not (m.currency == "GBP" and "pound" in m.text.lower())]


# ---- quantulum3, for spaCy MONEY spans the rules missed ---------------------------------------
_QUANTULUM_LOCK = threading.Lock()
_quantulum: Any = None
# Units that reports write and quantulum3's table lacks, added to it before its first parse (each
# later addition reloads the table, 0.25 s). Names with a magnitude ("million tonne") are read as
# the base unit times the magnitude in figures.py (SCALED_UNITS).
QUANTULUM_EXTRA_UNITS: dict[str, dict[str, Any]] = {
    "nautical mile": {"entity": "length", "surfaces": ["nautical mile"], "symbols": ["nmi"]},
    "millimole": {"entity": "amount of substance", "surfaces": ["millimole"], "symbols": ["mmol"]},
    "micromole": {
        "entity": "amount of substance",
        "surfaces": ["micromole"],
        "symbols": ["µmol", "μmol", "umol"],
    },
    "nanomole": {"entity": "amount of substance", "surfaces": ["nanomole"], "symbols": ["nmol"]},
    # energy statistics' magnitudes: MM is a million, a leading M a thousand (EIA's usage)
    "million tonne": {"entity": "mass", "surfaces": [], "symbols": ["MMT", "MMt"]},
    "thousand cubic foot": {"entity": "volume", "surfaces": [], "symbols": ["Mcf", "MCF"]},
    "million cubic foot": {"entity": "volume", "surfaces": [], "symbols": ["MMcf", "MMCF"]},
    "billion cubic foot": {"entity": "volume", "surfaces": [], "symbols": ["Bcf", "BCF"]},
    "trillion cubic foot": {"entity": "volume", "surfaces": [], "symbols": ["Tcf", "TCF"]},
    "thousand barrel": {"entity": "volume", "surfaces": [], "symbols": ["Mbbl", "MBbl"]},
    "million barrel": {"entity": "volume", "surfaces": [], "symbols": ["MMbbl", "MMBbl"]},
}


def quantulum_parser() -> Any:
    global _quantulum
    with _QUANTULUM_LOCK:
        if _quantulum is None:
            _import_inflect_unchecked()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # "classifier dependencies not installed"
                from quantulum3 import load, parser

                for name, unit in QUANTULUM_EXTRA_UNITS.items():
                    load.add_custom_unit(name, **unit)
                parser.parse("$1")  # loads the unit tables and inflect once
            _quantulum = parser
    return _quantulum


def _import_inflect_unchecked() -> None:
    """quantulum3 imports inflect, whose ``@typechecked`` methods typeguard recompiles at import
    to check argument types on each call: 1.6 s of a cold start (3.6 s under a profiler), against
    0.1 s without. quantulum3 passes it plain strings, so inflect is imported with typeguard's
    decorator left out; typeguard itself is put back at once (nothing else here uses it)."""
    if "inflect" in sys.modules:
        return
    import typeguard

    checked = typeguard.typechecked
    typeguard.typechecked = _unchecked
    try:
        import inflect  # noqa: F401
    finally:
        typeguard.typechecked = checked


def _unchecked(target: Any = None, **_options: Any) -> Any:
    """typeguard's ``typechecked``, used bare or with options, checking nothing."""
    return target if target is not None else _unchecked


def warm_up() -> None:
    """Pay quantulum3's first-parse cost (~0.4 s: its unit tables, inflect) once, e.g. from a
    background thread, so that the article that needs it does not."""
    quantulum_parser()


def _from_hints(text: str, hints: Sequence[tuple[int, int]], found: list[Money]) -> list[Money]:
    """spaCy MONEY spans with a digit that no rule covered, kept where quantulum3 reads a
    currency with an ISO code (it never sees more than the span)."""
    out: list[Money] = []
    found = sorted(found, key=lambda m: m.start)
    starts = [m.start for m in found]
    for hint_start, hint_end in hints:
        span, before = (
            text[hint_start:hint_end],
            bisect.bisect_left(starts, hint_end),
        )  # items starting before he
        if not re.search(r"\d", span) or any(
            hint_start < m.end for m in found[max(0, before - 4) : before]
        ):
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                quantities = quantulum_parser().parse(span)
            except (IndexError, KeyError, ValueError, ZeroDivisionError):
                continue  # quantulum3 raises on some spans ("9x $52.7"): no amount read there
        for q in quantities:
            code = getattr(q.unit, "currency_code", None)
            quantity_start, quantity_end = q.span
            if (
                q.unit.entity.name == "currency"
                and code
                and re.search(r"\d", span[quantity_start:quantity_end])
            ):
                value = _clean(float(q.value))
                out.append(
                    Money(
                        hint_start + quantity_start,
                        hint_start + quantity_end,
                        span[quantity_start:quantity_end],
                        str(code),
                        value,
                        value,
                    )
                )
    return out
