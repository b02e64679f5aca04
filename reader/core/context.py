"""The context of every amount of money and figure: what it measures, whose it is or where it
applies, and when it holds (CONTEXT_GUIDELINES.md), each a span of the article or None, so that
amounts of the same thing, holder and period can be compared across articles.

Each is read from the dependency parse the analysis already has, by rules named after the
grammar they follow, never after an article: ``context_measure`` (the noun the amount is an
amount of), ``context_subject`` (its owner, and pronouns resolved), ``context_time`` (the date
of its clause). This module finds each amount in its parse and hands an amount in brackets
after another ("€5m ($6m)") the context of the one it restates."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, TypeVar

from reader.core.context_measure import (
    a_change_pointing_back,
    elliptical_share,
    measure_token,
    of_whole,
    sentence_quantity,
)
from reader.core.context_subject import (
    OWNER_COMPOUND_LABELS,
    clause_owner,
    holder,
    listed_owner,
    owner_token,
    points_back,
    repeated_owner,
    resolve,
    scope_owner,
    share_is_for,
    subject_span,
)
from reader.core.context_time import time_span
from reader.core.context_tree import NAME_LABELS, PRONOUNS, Sentence, left_phrase
from reader.core.lexicon import GENERIC_AMOUNT_NOUNS
from reader.core.model import Figure, Money, Span
from reader.core.parsed import ParsedArticle

if TYPE_CHECKING:
    from spacy.tokens import Token

Item = TypeVar("Item", Money, Figure)
# What lies between an amount and its restatement: "€5m ($6m)", "(£7m; $9m)", "$6m for
# 2025 (20%)".
RESTATEMENT_RE = re.compile(r"(?:\s+(?:for|in)\s+[^,;()\n]{1,20}?)?\s*[(\[]\s*")
NEXT_RESTATEMENT_RE = re.compile(r"\s*[;,/]\s*")
LEADING_THE_RE = re.compile(r"^(?:the|The)\s+")
BRACKET_REACH = 40  # how far back a bracket still holds an amount and its restatement
# What lies between amounts listed with one measure: a comma or "and", after a short phrase
# of their own ("in 2024", "per ton").
LISTED_RE = re.compile(
    r"(?:\s+(?:in|for|on|at|by|during|per|a|an)\s+[^,;()\n]{1,30}?)?\s*(?:,\s*(?:and|or)?|and|or)\s*"
)
# Owners a sentence may carry to the next: names, not descriptions ("the surcharge").
CARRIED_LABELS = frozenset({"ORG", "GPE", "PERSON", "NORP", "LOC", "FAC"})
MEASURE_DEPS = frozenset({"compound", "amod", "nmod", "det", "punct", "npadvmod"})


@dataclass(frozen=True)
class Context:
    measure: Span | None = None
    subject: Span | None = None
    time: Span | None = None
    named: bool = False  # the subject is a name, which the next sentence may carry
    points_back: bool = False  # "the portion", "the figure": the measure of the sentence before
    # The quantity the sentence is about, for an amount whose own place names no measure and
    # which shares none with the amount before it.
    quantity: Span | None = None


NO_CONTEXT = Context()


def add_context(
    document: ParsedArticle, money: Sequence[Money], figures: Sequence[Figure]
) -> tuple[list[Money], list[Figure]]:
    """The amounts and figures with their ``measure``, ``subject`` and ``time``."""
    text = document.text
    order = sorted(
        [(m.start, m.end, "money", i) for i, m in enumerate(money)]
        + [(f.start, f.end, "figure", i) for i, f in enumerate(figures)]
    )
    found: dict[tuple[str, int], Context] = {}
    before: tuple[int, Context, bool] | None = None  # end, context, itself a restatement
    for start, end, kind, index in order:
        restates = before is not None and _restates(
            text[before[0] : start], before[2] or _in_brackets(text, before[0])
        )
        context = before[1] if restates and before else context_at(document, start, end)
        found[(kind, index)] = context
        before = (end, context, restates)
    _share_measures(document, order, found)
    for key, context in found.items():
        if context.measure is None and context.quantity is not None:
            found[key] = replace(context, measure=context.quantity)
    _share_measures(document, order, found)  # and the sentence's quantity, once found
    _carry_subjects(document, order, found)
    for start, _, kind, index in order:
        _mention_here(document, start, found, (kind, index))
    return (
        [_with(m, found[("money", i)]) for i, m in enumerate(money)],
        [_with(f, found[("figure", i)]) for i, f in enumerate(figures)],
    )


def _share_measures(
    document: ParsedArticle,
    order: list[tuple[int, int, str, int]],
    found: dict[tuple[str, int], Context],
) -> None:
    """An amount whose own place names no measure shares the measure of the amount before it:
    listed ("rates of 31%, 26% and 46%") or elliptical in the same sentence ("donations of
    £5m, while the Greens received £1m"; "funding would fall from $9m to $7m")."""
    text = document.text
    for (_, end, kind, index), (start, _, later_kind, later) in itertools.pairwise(order):
        earlier, context = found[(kind, index)], found[(later_kind, later)]
        if context.measure or not earlier.measure:
            continue
        gap = text[end:start]
        listed = LISTED_RE.fullmatch(gap) is not None
        if not listed and document.sentence_index(end - 1) != document.sentence_index(start):
            continue
        if _semicolon_between(gap) and not _in_brackets(text, end) and not context.points_back:
            continue  # "Arco would owe $65bn in taxes; Belmar holds $28bn": another clause
        subject = context.subject or earlier.subject  # its own, when it names one
        found[(later_kind, later)] = replace(
            context, measure=earlier.measure, subject=subject, named=context.named or earlier.named
        )


def _carry_subjects(
    document: ParsedArticle,
    order: list[tuple[int, int, str, int]],
    found: dict[tuple[str, int], Context],
) -> None:
    """An amount whose sentence names no owner ("Turnover rose 9%." after a sentence on
    Tesco's year) takes the owner of the amounts of the sentence before; one whose sentence
    points back ("The portion varied") takes its measure too."""
    owners: dict[int, Span] = {}  # a sentence's number -> the last owner found in it
    measures: dict[int, Span] = {}  # and the last measure
    for start, _, kind, index in order:
        sentence = document.sentence_index(start)
        context = found[(kind, index)]
        if context.points_back and sentence - 1 in measures:
            context = found[(kind, index)] = replace(context, measure=measures[sentence - 1])
        if context.measure is not None:
            measures[sentence] = context.measure
        if context.subject is None and context.measure is not None:
            carried = owners.get(sentence - 1)
            if carried is not None:
                found[(kind, index)] = replace(context, subject=carried)
                continue
        if context.subject is not None and context.named:
            owners[sentence] = context.subject


def _mention_here(
    document: ParsedArticle, start: int, found: dict[tuple[str, int], Context], key: tuple[str, int]
) -> None:
    """An owner carried from the sentence before is named by its mention in the amount's own
    sentence when it has one ("Norland's exports rose 4%. Imports rose 2%, as Norland bought
    more fuel")."""
    subject = found[key].subject
    if subject is None:
        return
    first, last = document.sentence_bounds(start)
    if first <= subject.start < last:
        return
    name = LEADING_THE_RE.sub("", subject.text)
    match = re.search(rf"(?<!\w){re.escape(name)}(?!\w)", document.text[first:last])
    if match is not None and name:
        at = first + match.start()
        found[key] = replace(found[key], subject=Span(at, at + len(name), name))


def _semicolon_between(gap: str) -> bool:
    """A semicolon outside brackets: "(down $4m; -2%)" is one bracket, "$4m; $2m" two clauses."""
    depth = 0
    for char in gap:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == ";" and depth == 0:
            return True
    return False


def _restates(gap: str, after_restatement: bool) -> bool:
    if RESTATEMENT_RE.fullmatch(gap):
        return True
    return after_restatement and bool(NEXT_RESTATEMENT_RE.fullmatch(gap))


def _in_brackets(text: str, at: int) -> bool:
    """Whether ``at`` is inside a short bracket: "Arlow (down $4m; -2%)"."""
    opened = text.rfind("(", max(0, at - BRACKET_REACH), at)
    return opened >= 0 and ")" not in text[opened:at]


def _with(item: Item, context: Context) -> Item:
    return replace(item, measure=context.measure, subject=context.subject, time=context.time)


def context_at(document: ParsedArticle, start: int, end: int) -> Context:
    """The context of the amount written at ``start:end``."""
    located = document.doc_at(start)
    if located is None:
        return NO_CONTEXT
    offset, doc = located
    span = doc.char_span(start - offset, end - offset, alignment_mode="expand")
    if span is None or not len(span):
        return NO_CONTEXT
    item = set(range(span.start, span.end))
    anchor = span.root
    here = Sentence(offset, anchor.sent)
    before = sentence_before(document, here)
    measure = measure_token(anchor, item)
    owner: Token | None = None
    listed = listed_owner(anchor, item)
    if measure is not None and measure == listed:
        measure, owner = None, listed  # "Arlow ($4m)": the name it is listed with owns it
    if measure is not None and measure.lower_ in PRONOUNS:
        measure, owner = _pronoun_measure(measure, here, before)
    pointing = measure is not None and a_change_pointing_back(measure, item)
    if pointing:
        measure = None  # "$2m of the reduction": what was reduced, named before
    if owner is None and measure is not None:
        owner = _owner(measure, anchor, item)
    owner = owner or listed or share_is_for(anchor) or scope_owner(anchor)
    if owner is None:
        owner = clause_owner(anchor, measure, item)
    resolved = resolve(owner, here, before) if owner is not None else None
    if resolved is not None and resolved[1].pos_ == "PRON":
        resolved = None  # "your youth", "their pay": a pronoun left unresolved is no subject
    if resolved is None and measure is not None and before is not None:
        repeated = repeated_owner(measure, before.sent)
        resolved = (before, repeated) if repeated is not None else None
    return Context(
        measure=_measure_span(here, measure, item) if measure is not None else None,
        subject=subject_span(*resolved) if resolved is not None else None,
        time=time_span(here, anchor, item, measure, _old_value(anchor)),
        named=resolved is not None and resolved[1].ent_type_ in CARRIED_LABELS,
        points_back=pointing
        or (measure is None and (points_back(anchor) or elliptical_share(anchor, item))),
        quantity=None if measure or pointing else _sentence_quantity(here, anchor, item),
    )


def _sentence_quantity(here: Sentence, anchor: Token, item: set[int]) -> Span | None:
    if points_back(anchor):
        return None
    quantity = sentence_quantity(anchor, item)
    return None if quantity is None else _measure_span(here, quantity, item)


def _owner(measure: Token, anchor: Token, item: set[int]) -> Token | None:
    """The owner written on the measure; for a share of a whole ("Norway holds 9% of the
    fund"), the holder comes first and the whole's owner only after."""
    if of_whole(measure, item) or measure.lemma_.lower() in GENERIC_AMOUNT_NOUNS:
        found = holder(anchor, measure, item) or share_is_for(anchor)
        return found or owner_token(measure, item)
    return owner_token(measure, item)


def _pronoun_measure(
    pronoun: Token, here: Sentence, before: Sentence | None
) -> tuple[Token | None, Token | None]:
    """A pronoun as what is measured ("It rose 5%"): one that stands for a name is the owner,
    not the measure; one that stands for anything else is dropped."""
    resolved = resolve(pronoun, here, before)
    if resolved is None:
        return None, None
    token = resolved[1]
    if token.ent_type_ in NAME_LABELS:
        return None, pronoun
    return None, None


def _measure_span(here: Sentence, measure: Token, item: set[int]) -> Span:
    owners = {
        t.i
        for left in measure.lefts
        if left.dep_ == "poss"
        or (left.dep_ == "compound" and left.ent_type_ in OWNER_COMPOUND_LABELS)
        for t in left.subtree
    }
    first = left_phrase(measure, MEASURE_DEPS, item | owners)
    return here.span(first, measure)


def _old_value(anchor: Token) -> bool:
    """In "fell from £5bn to £3bn", the amount after "from" in a change with a "to"."""
    prep = anchor.head
    if anchor.dep_ != "pobj" or prep.lower_ != "from":
        return False
    return any(c.dep_ == "prep" and c.lower_ == "to" for c in prep.head.children)


def sentence_before(document: ParsedArticle, here: Sentence) -> Sentence | None:
    """The sentence before, in the same paragraph or the last of the paragraph (or headline)
    before it."""
    sent = here.sent
    if sent.start > 0:
        return Sentence(here.offset, sent.doc[sent.start - 1].sent)
    located = document.doc_before(here.offset)
    if located is None:
        return None
    offset, doc = located
    if not len(doc):
        return None
    return Sentence(offset, doc[-1].sent)
