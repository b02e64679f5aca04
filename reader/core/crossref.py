"""Across articles: every statement, name, amount and figure in the analyst's library.

Each article's analysis, with the analyst's corrections laid over it, is copied into plain
tables (migration 7 in ``store.py``), so that a question across 10,000 articles is one indexed
query instead of 10,000 analyses decoded. ``refresh`` keeps the copy current: an article whose
text, rules or corrections changed since it was copied is copied again once an analysis of its
current text exists; until then its old rows stand, and it is listed as waiting.

People are matched across articles by a key made of their name without titles ("Sen.", "Dr"),
case or accents, by the analyst's "same as" and "rename" corrections (which then hold across
the library), and a surname used alone joins the one full name in the library that ends with it.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import unicodedata
import weakref
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import asdict, dataclass, replace
from typing import TYPE_CHECKING, Any, Literal

from reader.core import schema
from reader.core.corrections import Correction, apply_corrections
from reader.core.escaping import spreadsheet_cell
from reader.core.facts import (
    attribution_holding,
    context_texts,
    format_amount,
    format_figure,
    listed_with_equivalents,
)
from reader.core.measures import index_keys
from reader.core.model import Analysis, Article, Figure, Money, Record, Span
from reader.core.names import name_parts
from reader.core.quoting import joined_parts, quoted_parts
from reader.core.review import needs_review, review_reason
from reader.core.store import Store

if TYPE_CHECKING:
    from reader.core.library_search import Hit

AnalysisOf = Callable[[Article], Analysis | None]
# The labels of the names a source can have: a person or an organisation.
SOURCE_LABELS = {"PERSON": "person", "ORG": "organisation"}
UNKNOWN_LABEL = "person"  # a speaker the analysis found no name type for: most are people


@dataclass(frozen=True)
class Statement(Record):
    article_id: str
    title: str
    published: str  # the article's date as it gives it; empty when unknown (never the import)
    speaker: str
    kind: str  # "direct", "reported", ...
    cue: str
    content: str  # the span the guidelines score: a split quote's narration included
    start: int  # of the content, in the article's text
    end: int
    sentence_start: int
    sentence_end: int
    corrected: bool  # the analyst set its speaker or added it
    confidence: float = 1.0
    resolved_from: str = "named"  # how the speaker's name was found (``ResolvedFrom``)
    needs_review: bool = False  # a guess: shown with "⚠ check:" and its reason
    review_reason: str = ""
    parts: tuple[Span, ...] = ()  # the quoted words alone, as ``content.parts`` in the JSON
    quoted: str = ""  # the quoted parts joined with " … ": what every output shows


@dataclass(frozen=True)
class Source(Record):
    name: str  # the fullest form the library uses
    label: str  # "person" or "organisation"
    key: str
    statements: int
    direct: int
    articles: int  # that quote or name it
    mentions: int
    forms: tuple[str, ...] = ()  # the other names it goes by
    guesses: int = 0  # of its statements, those whose speaker is a guess to check


@dataclass(frozen=True)
class Amount(Record):
    article_id: str
    title: str
    published: str  # the article's date as it gives it; empty when unknown
    kind: str  # "money" or "figure"
    text: str
    unit: str  # a currency code or a unit's name
    low: float
    high: float
    per: str | None
    start: int
    end: int
    sentence_start: int
    sentence_end: int
    sentence: str
    speaker: str | None
    qualifier: str | None = None  # "more than", "up to", "or more", as the text says
    speaker_confidence: float | None = None
    speaker_resolved_from: str | None = None
    speaker_needs_review: bool = False  # the speaker is a guess to check
    speaker_review_reason: str = ""
    conversions: str = ""  # its equivalents in brackets, "US$12.9 million; €11.6 million"
    measure: str | None = None  # what it is an amount of, whose and when, as written (issue 33)
    subject: str | None = None
    time: str | None = None


@dataclass(frozen=True)
class Refreshed(Record):
    copied: int  # articles whose rows were replaced
    too_long: tuple[str, ...] = ()  # left for a view to copy (see ``refresh``)


def name_key(name: str, label: str = "PERSON") -> str:
    """ "Sen. Élise Dupont Jr." → "elise dupont": the same person however an article writes it."""
    # accents go ("Élise" is "Elise"); letters of other scripts stay ("Путин", "习近平")
    decomposed = unicodedata.normalize("NFKD", name)
    plain = " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())
    if label in ("PERSON", ""):
        words = name_parts(plain).words or plain.split()
    else:
        words = plain.split()
        if words and words[0].lower() == "the":
            words = words[1:]
    return " ".join(w.strip(".,'’\"").casefold() for w in words if w.strip(".,'’\""))


# --- keeping the copy current --------------------------------------------------------------


def refresh(
    store: Store,
    analysis_of: AnalysisOf | None = None,
    limit: int | None = None,
    max_chars: int | None = None,
    skip: Collection[str] = (),
) -> Refreshed:
    """Copy again every article whose copy is out of date and whose current analysis exists.

    Costs nothing when the store has not changed since the last call, and one query when it
    has, so every view across articles calls it first. A window catching up while idle copies
    at most ``limit`` at a time, leaves articles over ``max_chars`` (and those in ``skip``)
    for a view to copy: their analysis alone takes the window's thread too long to read.

    Nothing on a store that cannot be written, nor on one that only reads because a
    ``StoreWriter`` makes its writes: the window has the writer refresh, then reads."""
    if store.read_only or store.writes_elsewhere:
        return Refreshed(0)
    last = _REFRESHED.get(store)
    if last is not None and last[0] == state(store) and last[1] <= set(skip):
        return Refreshed(0)  # nothing changed, and nothing left out then is wanted now
    analysis_of = analysis_of or store.latest_analysis
    rows = store.connection.execute(
        # never copied, or copied from another text or rules (a correction made or undone
        # deletes the article's row in ``indexed``), once an analysis of its text exists
        "SELECT a.id FROM articles a LEFT JOIN indexed i ON i.article_id = a.id "
        "WHERE (i.article_id IS NULL OR i.content_id != a.content_id "
        "OR i.pipeline_version != ?) "
        "AND EXISTS (SELECT 1 FROM analyses n WHERE n.content_id = a.content_id "
        "AND n.pipeline_version = ?)",
        (schema.PIPELINE_VERSION, schema.PIPELINE_VERSION),
    ).fetchall()
    stale = [row[0] for row in rows if row[0] not in skip]
    done, too_long = 0, []
    for article_id in stale[:limit]:
        article = store.article(article_id)
        if article is not None and max_chars is not None and len(article.text) > max_chars:
            too_long.append(article_id)
            continue
        analysis = analysis_of(article) if article is not None else None
        if article is not None and analysis is not None:
            index_article(store, article_id, article, analysis)
            done += 1
        elif article is not None:
            store.forget_unreadable_analysis(article)  # so that it is analysed again
    if limit is None or len(stale) <= limit:
        left_out = {row[0] for row in rows} - set(stale) | set(too_long)
        _REFRESHED[store] = (state(store), frozenset(left_out))
    return Refreshed(done, tuple(too_long))


# For each open store, its state after the last refresh and the stale articles it left out.
_REFRESHED: weakref.WeakKeyDictionary[Store, tuple[tuple[int, int], frozenset[str]]] = (
    weakref.WeakKeyDictionary()
)


def waiting_articles(store: Store, max_chars: int | None = None) -> list[str]:
    """Stored articles with no analysis of their current text by the current rules; with
    ``max_chars``, only those that short (measured by SQLite: loading a 5 MB text to learn its
    length held the window 40 ms)."""
    rows = store.connection.execute(
        "SELECT a.id FROM articles a WHERE NOT EXISTS (SELECT 1 FROM analyses n "
        "WHERE n.content_id = a.content_id AND n.pipeline_version = ?) "
        "AND (? IS NULL OR length(a.text) <= ?) ORDER BY a.added",
        (schema.PIPELINE_VERSION, max_chars, max_chars),
    )
    return [row[0] for row in rows]


def index_article(store: Store, article_id: str, article: Article, analysis: Analysis) -> None:
    """Replace the article's rows with those of ``analysis``, corrected."""
    corrections = store.corrections(article_id)
    rows = index_rows(article_id, article, analysis, corrections)
    with store.transaction() as db:
        corrected_since = db.execute(
            "SELECT count(*) FROM corrections WHERE article_id = ?", (article_id,)
        ).fetchone()[0] != len(corrections)
        if corrected_since:
            return  # by another window meanwhile: the next refresh copies it again
        write_index(db, article_id, article.id, analysis.pipeline_version, rows)


# The rows of the tables ``statements``, ``mentions`` and ``amounts`` for one article.
IndexRows = tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], list[tuple[Any, ...]]]


def index_rows(
    article_id: str, article: Article, analysis: Analysis, corrections: Sequence[Correction]
) -> IndexRows:
    result = apply_corrections(article.text, analysis, corrections).analysis
    sentence_of = {fact.ref: (fact.sentence_start, fact.sentence_end) for fact in result.facts}
    return (
        _statement_rows(article_id, result, sentence_of),
        _mention_rows(article_id, result),
        _amount_rows(article_id, article.text, result, sentence_of, article.published),
    )


def write_index(
    db: sqlite3.Connection, article_id: str, content_id: str, pipeline: str, rows: IndexRows
) -> None:
    """The article's rows replaced, in a transaction begun; the copy marked current."""
    statements, mentions, amounts = rows
    for table in ("statements", "mentions", "amounts"):
        db.execute(f"DELETE FROM {table} WHERE article_id = ?", (article_id,))
    db.executemany(
        "INSERT INTO statements (article_id, speaker, name_key, kind, cue, content, start, "
        "end, sentence_start, sentence_end, corrected, confidence, resolved_from, "
        "needs_review, review_reason, parts) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        statements,
    )
    db.executemany("INSERT INTO mentions VALUES (?, ?, ?, ?, ?, ?)", mentions)
    db.executemany(
        "INSERT INTO amounts (article_id, kind, text, unit, low, high, per, start, end, "
        "sentence_start, sentence_end, sentence, speaker, qualifier, speaker_confidence, "
        "speaker_resolved_from, speaker_needs_review, speaker_review_reason, conversions, "
        "measure, subject, time, measure_key, subject_key, time_key, change, before) "
        f"VALUES ({','.join('?' * 27)})",
        amounts,
    )
    marked = (article_id, content_id, pipeline)
    db.execute("INSERT OR REPLACE INTO indexed VALUES (?, ?, ?)", marked)


# A fact's ref ("attribution/3", "money/0") -> the span of its sentence.
_SentenceOf = dict[str, tuple[int, int]]
# An amount of money or a figure, before its row is made: kind, its number among its kind,
# text, unit, low, high, per, start, end, qualifier, its equivalents in brackets, and the text
# of its measure, subject and time.
_Context = tuple[str | None, str | None, str | None]
_AmountPiece = tuple[
    str, int, str, str, float, float, str | None, int, int, str | None, str, _Context
]


def _statement_rows(
    article_id: str, result: Analysis, sentence_of: _SentenceOf
) -> list[tuple[Any, ...]]:
    """The rows of the table ``statements``: each statement with a named speaker."""
    labels = {e.canonical: e.label for e in result.entities}
    statements = []
    for number, item in enumerate(result.attributions):
        if not item.speaker_name:
            continue
        start, end = sentence_of.get(
            f"attribution/{number}", (item.content.start, item.content.end)
        )
        label = labels.get(item.speaker_name, "")
        guess = needs_review(item)
        statements.append(
            (
                article_id,
                item.speaker_name,
                name_key(item.speaker_name, label),
                item.kind,
                item.cue.text if item.cue else "",
                item.content.text,
                item.content.start,
                item.content.end,
                start,
                end,
                int(item.corrected),
                item.confidence,
                item.resolved_from,
                int(guess),
                review_reason(item, result) if guess else "",
                json.dumps([[p.start, p.end] for p in quoted_parts(item)]),
            )
        )
    return statements


def _mention_rows(article_id: str, result: Analysis) -> list[tuple[Any, ...]]:
    """The rows of the table ``mentions``: each person's or organisation's name, how often the
    article names it, and where first."""
    counts = Counter((e.canonical, e.label) for e in result.entities if e.label in SOURCE_LABELS)
    firsts: dict[tuple[str, str], int] = {}
    for entity in result.entities:
        firsts.setdefault((entity.canonical, entity.label), entity.start)
    return [
        (article_id, name, name_key(name, label), label, count, firsts[(name, label)])
        for (name, label), count in counts.items()
    ]


def _amount_pieces(text: str, result: Analysis) -> list[_AmountPiece]:
    """The amounts of money, then the figures, each with its equivalents in brackets."""
    # a conversion has no fact and so no row: its amount's row lists it
    money_in = dict(listed_with_equivalents(text, result.money, format_amount))
    figures_in = dict(listed_with_equivalents(text, result.figures, format_figure))
    pieces: list[_AmountPiece]
    pieces = [
        (
            "money",
            n,
            m.text,
            m.currency,
            m.low,
            m.high,
            m.per,
            m.start,
            m.end,
            m.qualifier,
            money_in.get(n, ""),
            context_texts(m),
        )
        for n, m in enumerate(result.money)
    ]
    pieces += [
        (
            "figure",
            n,
            f.text,
            f.unit,
            f.low,
            f.high,
            None,
            f.start,
            f.end,
            f.qualifier,
            figures_in.get(n, ""),
            context_texts(f),
        )
        for n, f in enumerate(result.figures)
    ]
    return pieces


def _amount_rows(
    article_id: str, text: str, result: Analysis, sentence_of: _SentenceOf, published: str | None
) -> list[tuple[Any, ...]]:
    """The rows of the table ``amounts``: each amount of money and figure that has a fact, with
    its sentence and the speaker of the statement that holds it."""
    items: dict[str, Sequence[Money | Figure]] = {"money": result.money, "figure": result.figures}
    amounts = []
    for piece in _amount_pieces(text, result):
        kind, number, written, unit, low, high, per, start, end, qualifier, converted, context = (
            piece
        )
        where = sentence_of.get(f"{kind}/{number}")
        if where is None:
            continue  # a conversion shown with the amount it converts: counted once
        said = attribution_holding(result.attributions, start)
        guess = said is not None and needs_review(said)
        amounts.append(
            (
                article_id,
                kind,
                written,
                unit,
                low,
                high,
                per,
                start,
                end,
                *where,
                " ".join(text[where[0] : where[1]].split()),
                said.speaker_name if said is not None else None,
                qualifier,
                said.confidence if said is not None else None,
                said.resolved_from if said is not None else None,
                int(guess),
                review_reason(said, result) if said is not None and guess else "",
                converted,
                *context,
                *index_keys(items[kind][number], published),
            )
        )
    return amounts


# --- who is who across articles ------------------------------------------------------------


@dataclass(frozen=True)
class Directory:
    """Every name in the library, grouped into the people and organisations they stand for."""

    group_of: dict[str, str]  # a name's key -> the key of its group
    members: dict[str, tuple[str, ...]]  # a group's key -> the keys in it
    names: dict[str, str]  # a key -> the fullest form written for it
    labels: dict[str, str]  # a group's key -> "person" or "organisation"

    def keys_for(self, name: str) -> tuple[str, ...]:
        """The keys of the one source ``name`` stands for; empty when the library never names
        it or ``name`` fits several (see ``matches``)."""
        found = self.matches(name)
        return self.members[found[0]] if len(found) == 1 else ()

    def matches(self, name: str) -> list[str]:
        """The groups ``name`` may stand for: the one with its very key, else those with a name
        holding all its words ("Brandt", "irene kowalczyk", "Mayor Kowalczyk")."""
        if name in self.members:  # a source's own key, as ``Source.key`` gives it
            return [name]
        for key in (name_key(name), name_key(name, "ORG")):
            if key in self.group_of:
                return [self.group_of[key]]
        words = set(name_key(name).split())
        if not words:
            return []
        return sorted({head for key, head in self.group_of.items() if words <= set(key.split())})


# What was worked out from each open store, with the state of the store it came from: grouping
# and counting the names of 10,000 articles takes a tenth of a second or two, and most questions
# follow no change.
_WORKED_OUT: weakref.WeakKeyDictionary[Store, dict[str, tuple[tuple[int, int], Any]]] = (
    weakref.WeakKeyDictionary()
)


def state(store: Store) -> tuple[int, int]:
    """Changes whenever the store does: data_version when another connection commits,
    total_changes when this one writes."""
    return (
        int(store.connection.execute("PRAGMA data_version").fetchone()[0]),
        store.connection.total_changes,
    )


def _remembered(store: Store, what: str, make: Callable[[], Any]) -> Any:
    now = state(store)
    known = _WORKED_OUT.setdefault(store, {})
    if what in known and known[what][0] == now:
        return known[what][1]
    made = make()
    known[what] = (now, made)
    return made


def directory(store: Store) -> Directory:
    """Group the library's names: same key, the analyst's "same as" and renames, a lone surname
    into the only full name ending with it."""
    found: Directory = _remembered(store, "directory", lambda: _make_directory(store))
    return found


def _make_directory(store: Store) -> Directory:
    forms, label_votes = _written_forms(store)
    parent: dict[str, str] = {key: key for key in forms if key}

    def root(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    def join(key: str, into: str) -> None:
        parent.setdefault(key, key)
        parent.setdefault(into, into)
        first, second = root(key), root(into)
        if first != second:
            parent[first] = second

    for subject, value in store.connection.execute(
        "SELECT subject, value FROM corrections WHERE kind IN ('same_as', 'rename')"
    ):
        if name_key(subject) and name_key(value):
            join(name_key(subject), name_key(value))
    full_by_surname: dict[str, set[str]] = defaultdict(set)
    for key in list(parent):
        words = key.split()
        top = label_votes[key].most_common(1)
        if len(words) > 1 and not (top and top[0][0] == "organisation"):
            full_by_surname[words[-1]].add(key)
    for key in list(parent):
        top = label_votes[key].most_common(1)
        a_person = not (top and top[0][0] == "organisation")  # "Ford" the company stays apart
        if " " not in key and a_person and len(full_by_surname.get(key, ())) == 1:
            join(key, next(iter(full_by_surname[key])))
    members: dict[str, list[str]] = defaultdict(list)
    for key in parent:
        members[root(key)].append(key)
    return _named_groups(members, forms, label_votes)


def _written_forms(store: Store) -> tuple[dict[str, Counter[str]], dict[str, Counter[str]]]:
    """How often each name key is written in each form, and how often its mentions carry each
    source label: counted apart from the grouping, which only reads them."""
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    label_votes: dict[str, Counter[str]] = defaultdict(Counter)
    rows = store.connection.execute(
        "SELECT name, name_key, label, sum(count) FROM mentions GROUP BY name, name_key, label"
    )
    for name, key, label, count in rows:
        forms[key][name] += count
        label_votes[key][SOURCE_LABELS.get(label, UNKNOWN_LABEL)] += count
    for name, key, count in store.connection.execute(
        "SELECT speaker, name_key, count(*) FROM statements GROUP BY speaker, name_key"
    ):
        forms[key][name] += count
    return forms, label_votes


def _named_groups(
    members: dict[str, list[str]],
    forms: dict[str, Counter[str]],
    label_votes: dict[str, Counter[str]],
) -> Directory:
    """The directory of groups already joined: each group's head, each key's most written
    form and each group's label by vote. Apart from the joining, which decides who is one."""
    group_of: dict[str, str] = {}
    names: dict[str, str] = {}
    labels: dict[str, str] = {}
    for keys in members.values():
        # the group is known by its longest key's most written form
        head = max(keys, key=lambda k: (len(k.split()), sum(forms[k].values()), k))
        for key in keys:
            group_of[key] = head
            if forms[key]:
                names[key] = forms[key].most_common(1)[0][0]
        votes = sum((label_votes[k] for k in keys), Counter())
        labels[head] = votes.most_common(1)[0][0] if votes else UNKNOWN_LABEL
    names = {k: names.get(k, k) for k in group_of}
    return Directory(group_of, {h: tuple(ks) for h, ks in members.items()}, names, labels)


# --- questions across articles -------------------------------------------------------------

ARTICLE_DATE = "coalesce(a.published, a.added)"


def sources(store: Store, label: str | None = None) -> list[Source]:
    """Everyone the library quotes or names, with how often: most quoted first."""
    refresh(store)
    everyone: list[Source] = _remembered(store, "sources", lambda: _sources(store))
    return [s for s in everyone if label is None or s.label == label]


def _sources(store: Store) -> list[Source]:
    people = directory(store)
    statements: Counter[str] = Counter()
    direct: Counter[str] = Counter()
    guesses: Counter[str] = Counter()
    mentions: Counter[str] = Counter()
    articles: Counter[str] = Counter()
    # counted by SQLite per name, not row by row here: 60,000 rows for 10,000 articles
    for key, count, in_own_words, guessed in store.connection.execute(
        "SELECT name_key, count(*), total(kind = 'direct'), total(needs_review) FROM statements "
        "GROUP BY name_key"
    ):
        statements[people.group_of.get(key, key)] += count
        direct[people.group_of.get(key, key)] += int(in_own_words)
        guesses[people.group_of.get(key, key)] += int(guessed)
    for key, count in store.connection.execute(
        "SELECT name_key, sum(count) FROM mentions GROUP BY name_key"
    ):
        mentions[people.group_of.get(key, key)] += count
    # named, plus quoted where not named: a union of both tables took 0.1 s at 10,000 articles
    for key, count in store.connection.execute(_NAMED_IN + " UNION ALL " + _QUOTED_NOT_NAMED_IN):
        articles[people.group_of.get(key, key)] += count
    found = []
    for head, keys in people.members.items():
        if len(keys) > 1:  # an article may use two of its names: count it once
            marks = ",".join("?" * len(keys))
            articles[head] = store.connection.execute(
                f"SELECT count(DISTINCT article_id) FROM ({_QUOTED_OR_NAMED}) "
                f"WHERE name_key IN ({marks})",
                keys,
            ).fetchone()[0]
        name = people.names.get(head, head)
        found.append(
            Source(
                name,
                people.labels.get(head, UNKNOWN_LABEL),
                head,
                statements[head],
                direct[head],
                articles[head],
                mentions[head],
                tuple(sorted({people.names[k] for k in keys} - {name})),
                guesses[head],
            )
        )
    found.sort(key=lambda s: (-s.statements, -s.articles, s.name.casefold()))
    return found


_QUOTED = "SELECT name_key, article_id FROM statements"
_NAMED = "SELECT name_key, article_id FROM mentions"
_QUOTED_OR_NAMED = f"{_QUOTED} UNION ALL {_NAMED}"
_NAMED_IN = "SELECT name_key, count(DISTINCT article_id) FROM mentions GROUP BY name_key"
_QUOTED_NOT_NAMED_IN = (
    "SELECT s.name_key, count(DISTINCT s.article_id) FROM statements s WHERE NOT EXISTS "
    "(SELECT 1 FROM mentions m WHERE m.name_key = s.name_key AND m.article_id = s.article_id) "
    "GROUP BY s.name_key"
)


def statements_by(
    store: Store,
    name: str,
    kind: Literal["direct", "reported"] | None = None,
    with_guesses: bool = True,
) -> list[Statement]:
    """Every statement by the source ``name`` stands for, article by article in date order;
    without ``with_guesses``, only those whose speaker is not a guess to check."""
    refresh(store)
    keys = directory(store).keys_for(name)
    if not keys:
        return []
    marks = ",".join("?" * len(keys))
    query = (
        "SELECT s.article_id, a.title, coalesce(a.published, ''), s.speaker, s.kind, s.cue, "
        "s.content, s.start, s.end, s.sentence_start, s.sentence_end, s.corrected, "
        "s.confidence, s.resolved_from, s.needs_review, s.review_reason, s.parts "
        f"FROM statements s JOIN articles a ON a.id = s.article_id WHERE s.name_key IN ({marks})"
    )
    arguments: list[object] = list(keys)
    if kind == "direct":
        query += " AND s.kind = 'direct'"
    elif kind == "reported":  # in the speaker's words or not: indirect, mixed, "according to"
        query += " AND s.kind != 'direct'"
    if not with_guesses:
        query += " AND NOT s.needs_review"
    query += f" ORDER BY {ARTICLE_DATE}, a.rowid, s.start"
    return [_statement(row) for row in store.connection.execute(query, arguments)]


def no_statements(store: Store, name: str) -> str:
    """Why ``statements_by`` found nothing for ``name``, in the words ``who`` and ``dossier``
    both say it: the sources it may stand for when it fits several ("'Kim' is ambiguous: Ana
    Kim, Ben Kim"), else that the library holds no statement by it."""
    found = directory(store)
    matches = found.matches(name)
    if len(matches) > 1:
        shown = ", ".join(sorted(found.names.get(m, m) for m in matches))
        return f"{name!r} is ambiguous: {shown}"
    return f"no statement by {name!r} in the library"


def _statement(row: Sequence[Any]) -> Statement:
    confidence, resolved_from, guess, reason, parts_json = row[12:]
    content, start, end = row[6:9]
    offsets = [(int(a), int(b)) for a, b in json.loads(parts_json)] or [(start, end)]
    parts = tuple(Span(a, b, content[a - start : b - start]) for a, b in offsets)
    return replace(
        Statement(*row[:12]),
        corrected=bool(row[11]),
        confidence=float(confidence),
        resolved_from=str(resolved_from),
        needs_review=bool(guess),
        review_reason=str(reason),
        parts=parts,
        quoted=joined_parts(parts),
    )


def amounts(store: Store, article_ids: Sequence[str] | None = None) -> list[Amount]:
    """Every amount of money and figure, article by article in date order."""
    refresh(store)
    query = (
        "SELECT m.article_id, a.title, coalesce(a.published, ''), m.kind, m.text, m.unit, m.low, "
        "m.high, m.per, m.start, m.end, m.sentence_start, m.sentence_end, m.sentence, m.speaker, "
        "m.qualifier, m.speaker_confidence, m.speaker_resolved_from, m.speaker_needs_review, "
        "m.speaker_review_reason, m.conversions, m.measure, m.subject, m.time "
        "FROM amounts m JOIN articles a ON a.id = m.article_id"
    )
    arguments: list[object] = []
    if article_ids is not None:
        query += f" WHERE m.article_id IN ({','.join('?' * len(article_ids))})"
        arguments = list(article_ids)
    query += f" ORDER BY {ARTICLE_DATE}, a.rowid, m.start"
    return [_amount(row) for row in store.connection.execute(query, arguments)]


def _amount(row: Sequence[Any]) -> Amount:
    *fields, guess, reason, converted, measure, subject, time = row
    return replace(
        Amount(*fields),
        speaker_needs_review=bool(guess),
        speaker_review_reason=str(reason),
        conversions=str(converted),
        measure=measure,
        subject=subject,
        time=time,
    )


AMOUNT_COLUMNS = (
    "article_id",
    "title",
    "published",
    "kind",
    "text",
    "qualifier",
    "low",
    "high",
    "unit",
    "per",
    "conversions",
    "measure",
    "subject",
    "time",
    "speaker",
    "speaker_needs_review",
    "speaker_review_reason",
    "start",
    "end",
    "sentence",
)


def amounts_csv(found: Iterable[Amount]) -> str:
    """Amounts as CSV, one row each: what a spreadsheet opens, with no text taken for a formula
    (a sentence starting "=" or "-" gets a leading apostrophe, see ``spreadsheet_cell``)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(AMOUNT_COLUMNS)
    for amount in found:
        writer.writerow([spreadsheet_cell(getattr(amount, column)) for column in AMOUNT_COLUMNS])
    return out.getvalue()


def as_json(records: Iterable[Statement | Source | Amount | Hit]) -> str:
    return json.dumps([asdict(record) for record in records], ensure_ascii=False, indent=2)
