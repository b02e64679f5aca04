"""An amount's context read as keys that compare across articles (issue 33): "The jobless rate
in Norland" and "Norland's unemployment rates" are one measure of one subject; "in March" in an
article of April 2026 and "in March 2026" are one time.

The keys are made when an article's analysis is copied into the index across articles
(``crossref``), stored beside the words as written, and compared by SQLite. A change to the
tables or rules here changes the keys: add a migration that empties ``indexed``, so that every
copy is made again (as migrations 8 and 10 do).

Whether two values of one key agree is ``agree``: after rounding both to the coarser precision
written ("6.4%" and "6.40%" agree, "6.4%" and "6.5%" do not, "6%" and "6.4%" do), with a range or a
bound ("more than 6%") agreeing with any value it holds.
"""

from __future__ import annotations

import datetime
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from reader.core.model import Figure, Money

# --- measures ---------------------------------------------------------------------------------

# Words that open a measure's phrase and say nothing of what is measured.
LEADING_WORDS = frozenset({"the", "a", "an", "this", "these", "that", "those", "its", "their"})
# Words that end in "s" and are not plurals ("gas", "news"), or whose plural is themselves.
NOT_PLURALS = frozenset(
    {"gas", "news", "series", "species", "means", "bus", "plus", "minus", "bonus", "surplus",
     "status", "census", "consensus", "basis", "analysis", "crisis", "thesis", "emphasis",
     "bias", "alias", "atlas", "canvas", "economics", "politics", "physics", "statistics",
     "mathematics", "whereabouts", "headquarters", "lens", "chassis", "always", "overseas",
     "earnings", "savings", "sales", "goods", "arrears", "proceeds", "outskirts"}
)  # fmt: skip
# Two names for one measure, each mapped to the one written most (after the rules above: lower
# case, no leading article, singular). Only pairs a statistics office would publish as one
# figure; what may differ by definition stays apart ("consumer price inflation" and "inflation
# rate": countries head their releases with different price indices; "interest rate" and
# "base rate": not every central bank calls its policy rate so).
SYNONYMS: dict[str, str] = {
    # "jobless" is the headline word for "unemployed": the same labour-force statistic
    "jobless rate": "unemployment rate",
    "rate of unemployment": "unemployment rate",
    # the usual headline rate is the annual one; "monthly inflation" stays apart
    "rate of inflation": "inflation rate",
    "annual inflation": "inflation rate",
    "annual inflation rate": "inflation rate",
    "annual rate of inflation": "inflation rate",
    # the abbreviation and its words
    "cpi": "consumer price inflation",
    "cpi inflation": "consumer price inflation",
    "consumer price index": "consumer price inflation",
    "gross domestic product": "gdp",
    # a change in "the economy" is a change in its output, which GDP measures
    "economy": "gdp",
    "economic output": "gdp",
}
# Measures that, as a percentage, are their rate: "unemployment of 6.4%" is the unemployment
# rate, "inflation was 3%" the inflation rate. Not as a count ("unemployment rose by 20,000").
RATE_OF = {"unemployment": "unemployment rate", "inflation": "inflation rate"}
PERCENT_UNITS = frozenset({"percent"})


def measure_key(text: str, unit: str = "") -> str:
    """ "The jobless rates" → "unemployment rate"; "Unemployment" as a percentage →
    "unemployment rate"."""
    return _measure_key(text, unit in PERCENT_UNITS)


@lru_cache(maxsize=65536)
def _measure_key(text: str, percent: bool) -> str:
    words = _plain(text).replace("-", " ").split()
    while words and words[0] in LEADING_WORDS:
        words = words[1:]
    phrase = " ".join(singular(w) for w in words)
    phrase = SYNONYMS.get(phrase, phrase)
    if percent:
        phrase = RATE_OF.get(phrase, phrase)
    return phrase


def singular(word: str) -> str:
    """ "rates" → "rate", "companies" → "company", "taxes" → "tax"; "gas", "sales" kept."""
    if len(word) <= 3 or word in NOT_PLURALS or not word.endswith("s"):
        return word
    if word.endswith(("ss", "us", "is", "ics")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zzes")):
        return word[:-2]
    return word[:-1]


def _plain(text: str) -> str:
    """Lower case, accents and punctuation gone (a hyphen kept), spaces single."""
    decomposed = unicodedata.normalize("NFKD", text)
    letters = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    letters = re.sub(r"['’](?:s\b)?", "", letters)  # "Norland's" → "norland"
    return " ".join(re.sub(r"[^\w\s/-]", " ", letters).split())


# --- subjects ---------------------------------------------------------------------------------


@lru_cache(maxsize=65536)
def subject_key(text: str) -> str:
    """ "the U.K.'s" → "uk", "Élise Dupont" → "elise dupont": a name however it is written;
    never made singular ("Wales")."""
    words = _plain(text.replace(".", "")).replace("-", " ").split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


# --- times ------------------------------------------------------------------------------------

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ),
        1,
    )
    for name in names
}  # fmt: skip
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3}
ORDINALS |= {"4th": 4}
COUNTS = {"three": 3, "six": 6, "nine": 9, "twelve": 12, "3": 3, "6": 6, "9": 9, "12": 12}
# Words that open a time phrase and do not change the time: "in March", "as of June".
TIME_OPENERS = (
    "as of ", "as at ", "in ", "on ", "at ", "for ", "during ", "over ", "of ", "throughout ",
    "the ",
)  # fmt: skip
# Words that date a time whatever day the article was written: a year ("by 2030", "during the
# 2008 crisis"). Words without one ("for the third month running", "in the quarter", "this
# week", "during the harvest") are read against the article's date.
ANCHORED_RE = re.compile(r"\b(?:19|20)\d\d\b")
_MONTH = "(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"((?:19|20)\d\d)"
DAY_MONTH_RE = re.compile(rf"^(?:{_DAY} )?{_MONTH}(?: {_DAY})?(?:,? (?:of )?{_YEAR})?$")
YEAR_RE = re.compile(rf"^(?:calendar year |calendar |year )?{_YEAR}$")
FISCAL_RE = re.compile(r"^(?:fy|fiscal(?: year)?) ?(\d{4}|\d\d)$")
SPLIT_YEAR_RE = re.compile(
    rf"^(?:fiscal (?:year )?|financial year |fy ?)?{_YEAR}[/-](\d\d|\d{{4}})$"
)
PERIOD_TO_RE = re.compile(
    rf"^(?:(\w+) months?|(year|quarter|half year|half)) (?:to|ending|ended|through|until)"
    rf" (?:the end of )?{_MONTH}(?: {_YEAR})?$"
)
QUARTER_RE = re.compile(
    rf"^(?:(first|second|third|fourth|1st|2nd|3rd|4th) quarter|q([1-4]))(?:,? (?:of )?{_YEAR})?$"
    rf"|^{_YEAR} q([1-4])$"
)
HALF_RE = re.compile(rf"^(?:(first|second) half|h([12]))(?:,? (?:of )?{_YEAR})?$")
RELATIVE_RE = re.compile(r"^(last|this|next|previous|current) (year|month)$")
NOW_WORDS = frozenset({"now", "currently", "today", "present", "the moment", "moment"})


@dataclass(frozen=True)
class Published:
    """The article's date, as far as it gives it."""

    year: int
    month: int | None = None
    day: int | None = None


_ISO_RE = re.compile(r"^((?:19|20)\d\d)(?:-(\d\d)(?:-(\d\d))?)?")


@lru_cache(maxsize=4096)
def published_parts(published: str | None) -> Published | None:
    """ "2026-04-05T10:00:00Z" and "5 April 2026" → 2026, 4, 5; None when no year is written."""
    shown = " ".join((published or "").split())
    iso = _ISO_RE.match(shown)
    if iso:
        month, day = iso[2], iso[3]
        return Published(int(iso[1]), int(month) if month else None, int(day) if day else None)
    words = _plain(shown).replace(",", " ")
    year = re.search(_YEAR, words)
    if year is None:
        return None
    month = re.search(r"\b" + _MONTH, words)
    day = re.search(r"\b(\d{1,2})(?:st|nd|rd|th)?\b", words.replace(year[0], ""))
    if month is None:
        return Published(int(year[0]))
    return Published(int(year[0]), MONTHS[month[1]], int(day[1]) if day else None)


def time_key(text: str, published: str | None) -> str | None:
    """ "in March" of an article of April 2026 → "2026-03"; "last year" → "2025"; "in the three
    months to June" → "3 months to 2026-06"; "the first quarter" → "3 months to 2026-03";
    "now" → the article's day. Unreadable words are compared as written, in lower case, when
    they name a year ("by 2030"); else with the article's date ("for the third month running @
    2026-04-02": the same words in an article of another day are another time), and they are
    no time when it gives none."""
    return _time_key(text, published_parts(published))


@lru_cache(maxsize=65536)
def _time_key(text: str, when: Published | None) -> str | None:
    words = _plain(text).replace(",", " ")
    words = " ".join(words.split())
    stripped = True
    while stripped:
        stripped = False
        for opener in TIME_OPENERS:
            if words.startswith(opener) and len(words) > len(opener):
                words, stripped = words[len(opener) :], True
    for reader in (_calendar, _period, _relative):
        found = reader(words, when)
        if found is not None:
            return found or None  # "": a month or quarter of no year the article gives
    if ANCHORED_RE.search(words):
        return words
    return None if when is None else f"{words} @ {_day_of(when) or _month_of(when)}"


def _calendar(words: str, when: Published | None) -> str | None:
    """A year, a fiscal year, a month or a day."""
    if found := YEAR_RE.match(words):
        return found[1]
    if found := FISCAL_RE.match(words):
        return f"FY{_full_year(found[1])}"
    if found := SPLIT_YEAR_RE.match(words):
        return f"{found[1]}/{found[2][-2:]}"
    if found := DAY_MONTH_RE.match(words):
        day = found[1] or found[3]
        month = MONTHS[found[2]]
        year = int(found[4]) if found[4] else _year_of_month(month, when)
        if year is None:
            return ""
        return f"{year}-{month:02d}" + (f"-{int(day):02d}" if day else "")
    return None


def _period(words: str, when: Published | None) -> str | None:
    """Months to a month, a quarter, a half."""
    if found := PERIOD_TO_RE.match(words):
        count = COUNTS.get(found[1] or "") or {"year": 12, "quarter": 3}.get(found[2] or "", 6)
        if found[1] and found[1] not in COUNTS:
            return None
        month = MONTHS[found[3]]
        year = int(found[4]) if found[4] else _year_of_month(month, when)
        return "" if year is None else f"{count} months to {year}-{month:02d}"
    if found := QUARTER_RE.match(words):
        number = ORDINALS.get(found[1] or "") or int(found[2] or found[5] or 0)
        return _months_to(3, 3 * number, found[3] or found[4], when)
    if found := HALF_RE.match(words):
        number = 1 if found[1] == "first" or found[2] == "1" else 2
        return _months_to(6, 6 * number, found[3], when)
    return None


def _months_to(count: int, month: int, written_year: str | None, when: Published | None) -> str:
    year = int(written_year) if written_year else _year_of_month(month, when)
    return "" if year is None else f"{count} months to {year}-{month:02d}"


def _relative(words: str, when: Published | None) -> str | None:
    """ "last year", "this month", "now", "yesterday", "on Tuesday": read from the article's
    date."""
    if when is None:
        return None
    if found := RELATIVE_RE.match(words):
        step = {"last": -1, "previous": -1, "next": 1}.get(found[1], 0)
        if found[2] == "year":
            return str(when.year + step)
        if when.month is None:
            return None
        months = when.year * 12 + when.month - 1 + step
        return f"{months // 12}-{months % 12 + 1:02d}"
    day = _date_of(when)
    if day is None:
        return None
    if words in NOW_WORDS:
        return day.isoformat()
    if words == "yesterday":
        return (day - datetime.timedelta(days=1)).isoformat()
    if words in WEEKDAYS:  # the last such day up to the article's
        back = (day.weekday() - WEEKDAYS.index(words)) % 7
        return (day - datetime.timedelta(days=back)).isoformat()
    return None


def _year_of_month(month: int, when: Published | None) -> int | None:
    """The year of a month written without one: the article's, or the year before when the
    month is still to come (a figure for "December" in an article of January is last year's)."""
    if when is None:
        return None
    if when.month is not None and month > when.month:
        return when.year - 1
    return when.year


def _full_year(written: str) -> int:
    return int(written) if len(written) == 4 else 2000 + int(written)


def _date_of(when: Published) -> datetime.date | None:
    if when.month is None or when.day is None:
        return None
    try:
        return datetime.date(when.year, when.month, when.day)
    except ValueError:
        return None


def _day_of(when: Published) -> str | None:
    day = _date_of(when)
    return None if day is None else day.isoformat()


def _month_of(when: Published) -> str:
    return f"{when.year}" + (f"-{when.month:02d}" if when.month else "")


# --- values -----------------------------------------------------------------------------------

LOWER_BOUNDS = frozenset(
    {"more than", "over", "at least", "well over", "in excess of", "upwards of", "above",
     "greater than", "higher than", "no less than", "not less than", "a minimum of", "≥", ">",
     "exceeding", "or more", "and above", "or above", "or higher"}
)  # fmt: skip
UPPER_BOUNDS = frozenset(
    {"less than", "fewer than", "up to", "under", "at most", "as much as", "below",
     "lower than", "no more than", "not more than", "not exceeding", "a maximum of", "≤", "<",
     "or less", "or below", "and below", "or lower", "or fewer"}
)  # fmt: skip
# Not the value of the measure but an amount added to it ("an extra £5m"): never compared.
INCREMENTS = frozenset({"an extra", "an additional", "a further", "another"})
_NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)*")


@dataclass(frozen=True)
class Value:
    """A value as written, for comparing: its bounds (a change's sign applied; an open bound
    infinite) and the step of its last written digit."""

    low: float
    high: float
    step: float

    @staticmethod
    def of(
        text: str, low: float, high: float, qualifier: str | None = None, fall: bool = False
    ) -> Value | None:
        """None for an increment ("an extra 5%"), which is no value of its measure."""
        if qualifier in INCREMENTS:
            return None
        step = written_step(text, low if low else high)
        if fall:
            low, high = -high, -low
        if qualifier in LOWER_BOUNDS:
            high = math.inf
        elif qualifier in UPPER_BOUNDS:
            low = -math.inf
        return Value(low, high, step)


def written_step(text: str, value: float) -> float:
    """What the last written digit counts: 0.1 for "6.4%", 0.01 for "6.40%", 100 million for
    "$5.2bn", 1 for "500,000"; 1 when no digit is written ("five per cent")."""
    found = _NUMBER_RE.search(text)
    if found is None:
        return 1.0
    digits = found[0]
    decimals = 0
    last = max(digits.rfind("."), digits.rfind(","))
    if last >= 0 and (digits[last] == "." or len(digits) - last - 1 != 3):
        decimals = len(digits) - last - 1  # "6.4", or "6,4" with a decimal comma
        whole = digits[:last].replace(",", "").replace(".", "") + "." + digits[last + 1 :]
    else:
        whole = digits.replace(",", "").replace(".", "")
    number = float(whole)
    scale = abs(value / number) if number and value else 1.0
    return scale * 10.0**-decimals


def agree(first: Value, second: Value) -> bool:
    """The two values say the same once both are rounded to the coarser step; a range or a
    bound agrees with every value it holds."""
    step = max(first.step, second.step)

    def rounded(x: float) -> float:
        return x if math.isinf(x) else math.floor(x / step + 0.5 + 1e-9)

    return rounded(first.low) <= rounded(second.high) and rounded(second.low) <= rounded(first.high)


IndexKeys = tuple[str | None, str | None, str | None, str | None, float | None]


def index_keys(item: Money | Figure, published: str | None) -> IndexKeys:
    """What the index across articles keeps of an amount beside its words: the keys of its
    measure, subject and time (each None where the words are), its change when it is one by
    itself ("rose 5%": "rise"; "rose from 5% to 6%" is a level, 6%, with its value ``before``)."""
    unit = item.currency if isinstance(item, Money) else item.unit
    measure, subject, time = item.measure, item.subject, item.time
    change = before = None
    if isinstance(item, Figure):
        change, before = (item.change if item.before is None else None), item.before
    return (
        measure_key(measure.text, unit) if measure else None,
        subject_key(subject.text) if subject else None,
        time_key(time.text, published) if time else None,
        change,
        before,
    )
