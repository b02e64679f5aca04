"""Plain frozen records that cross every boundary: core → CLI, core → GUI, core → store.

Offsets are Python ``str`` indices into ``Article.text`` (code points, end exclusive), so that
``article.text[span.start:span.end] == span.text`` always holds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

AttributionKind = Literal["direct", "indirect", "mixed", "according_to"]
# How a speaker's name was found: the span names it, or it was resolved through a surname, a
# title, a pronoun, a description ("the company"), an acronym or a role; "none" when unresolved.
ResolvedFrom = Literal["named", "surname", "title", "pronoun", "nominal", "acronym", "role", "none"]
FactKind = Literal[
    "attribution", "money", "figure", "person", "organisation", "place", "date", "other"
]


class Record:
    """Base of the records that cross a boundary: frozen, compared by value. A long report's many
    records cross from the worker as columns (``reader.core.columns``), not one by one."""

    __slots__ = ()


@dataclass(frozen=True)
class Span(Record):
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Page(Record):
    """Where a page of a paged document (a PDF) stands in the article's text."""

    number: int
    start: int
    end: int


@dataclass(frozen=True)
class Article(Record):
    title: str
    text: str
    source: str
    id: str
    pages: tuple[Page, ...] = ()  # empty for documents without pages
    url: str | None = None  # the web address it came from
    author: str | None = None
    published: str | None = None  # as the page or file gives it, ISO 8601 when it can
    site: str | None = None  # the site's name
    warnings: tuple[str, ...] = ()  # what the reader should know about how it was read


@dataclass(frozen=True)
class Entity(Record):
    start: int
    end: int
    text: str
    label: str
    canonical: str
    role: str | None = None
    corrected: bool = False  # the analyst changed its type or name


@dataclass(frozen=True)
class Money(Record):
    start: int
    end: int
    text: str
    currency: str
    low: float
    high: float
    per: str | None = None
    qualifier: str | None = None
    # its context (``core/context.py``): what it is an amount of, whose or where, and when
    measure: Span | None = None
    subject: Span | None = None
    time: Span | None = None


@dataclass(frozen=True)
class Figure(Record):
    """A percentage or a measured amount: "5 per cent", "between 5 and 7 km", "300MW"."""

    start: int
    end: int
    text: str
    unit: str  # a name, singular: "percent", "kilometre", "degree Celsius"
    low: float
    high: float  # equal to low for a single figure
    change: str | None = None  # "rise" or "fall", when the text says so
    before: float | None = None  # "rose from 3.2% to 3.6%": 3.2 on the 3.6% figure
    qualifier: str | None = None  # "more than", "up to", "or more": kept outside the span
    measure: Span | None = None  # "sales" in "Tesco's sales rose 5%"
    subject: Span | None = None  # "Tesco"
    time: Span | None = None  # "in the year to February"


@dataclass(frozen=True)
class Attribution(Record):
    kind: AttributionKind
    speaker: Span | None
    speaker_name: str | None
    cue: Span | None
    content: Span
    resolved_from: ResolvedFrom = "none"
    confidence: float = 0.0  # how likely the speaker and its full name are right (calibrated)
    pattern: str = ""  # the rule that found it: "direct", "reported", "headline", ...
    corrected: bool = False  # the analyst set its speaker or added it


@dataclass(frozen=True)
class Fact(Record):
    kind: FactKind
    summary: str
    start: int
    end: int
    sentence_start: int
    sentence_end: int
    ref: str = ""  # what it derives from: "attribution/3", "money/0", "entity/PERSON/Kim Jong Un"
    subject: str | None = None  # whom it is about: the speaker's full name, the entity's name


@dataclass(frozen=True)
class Analysis(Record):
    article_id: str
    model: str
    pipeline_version: str
    # tuples, or columns (``reader.core.columns.Records``) in an analysis sent by the worker
    sentences: Sequence[Span] = field(default=())
    entities: Sequence[Entity] = field(default=())
    money: Sequence[Money] = field(default=())
    attributions: Sequence[Attribution] = field(default=())
    facts: Sequence[Fact] = field(default=())
    figures: Sequence[Figure] = field(default=())
