"""When an amount's value holds (CONTEXT_GUIDELINES, "Time").

Candidates are the sentence's dates (spaCy's DATE and TIME entities, fiscal years such as
"FY2025") and its time adverbs ("now", "currently"), each with the preposition that introduces
it ("in March"). A candidate applies to an amount when it is in the amount's clause or in a
clause the amount's clause depends on (or opens the sentence), since English attaches a time to
the clause it dates; of those, the one nearest to the amount in the tree wins. Rates ("a year"),
bare durations ("two years"), baselines ("than a year earlier", "compared with 2003", "the
highest since 1990") and dates of another noun ("its 2031 targets") are not the amount's time.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from reader.core.context_tree import (
    NOUNS,
    VERBS,
    Sentence,
    ancestors,
    clause_head,
    governs,
    subject_of,
)
from reader.core.lexicon import (
    CHANGE_ADVERBS,
    CHANGE_NOUNS,
    GENERIC_AMOUNT_NOUNS,
    QUANTITY_NOUNS,
    SPEECH_LEMMAS,
    TIME_ADVERBS,
)
from reader.core.model import Span

if TYPE_CHECKING:
    from spacy.tokens import Token

TIME_LABELS = frozenset({"DATE", "TIME"})
QUANTITY_SUBJECTS = QUANTITY_NOUNS | GENERIC_AMOUNT_NOUNS
MARKET_TIMES = frozenset({"trading", "session", "morning", "afternoon", "evening"})
# A rate or frequency: "a year", "annually", "each quarter".
RATE_RE = re.compile(
    r"^(?:a|an|per|each|every)\b|^(?:annual|annually|yearly|monthly|weekly|daily|hourly"
    r"|quarterly)$",
    re.IGNORECASE,
)
# What makes a date phrase a point or stretch of time rather than a bare length ("two years").
ANCHORED_RE = re.compile(
    r"\d{4}|'\d\d|\b\d{1,2}/\d{2}\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b"
    r"|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\bq[1-4]\b|\bfy|\bquarter\b|\bhalf\b"
    r"|\b(?:last|next|this|past|coming|current|previous|recent|today|yesterday|tomorrow|ago"
    r"|now|so far|to date|year to|end of|first|second|third|fourth|early|late|mid)\b",
    re.IGNORECASE,
)
FISCAL_RE = re.compile(r"^(?:FY|CY|fy)'?\d{2,4}$|^(?:19|20)\d\d(?:/\d\d(?:\d\d)?)?$")
# Prepositions and heads of a baseline: the value is compared with that time, not of it.
BASELINE_PREPS = frozenset({"than", "since", "against", "versus", "vs", "above", "below"})
BASELINE_HEADS = frozenset({"compare", "compared", "comparison", "relative"})
BASELINE_REACH = 4  # words up from a date to the "compared" that makes it a baseline
BASELINE_WORDS_RE = re.compile(r"\b(?:earlier|before)$", re.IGNORECASE)
# A change "on" a time said relative to another is measured against it: "a 12% rise on the same
# period last year", unlike "a 5% rise on Monday"; "over" is left alone, as "a 5% rise over the
# past year" is the change's own time.
CHANGE_BASE_PREPS = frozenset({"on"})
RELATIVE_RE = re.compile(r"\b(?:last|previous|prior|ago)\b", re.IGNORECASE)
INTRO_PREPS = frozenset(
    {"in", "on", "at", "for", "from", "by", "during", "over", "until", "till", "to", "through",
     "throughout", "within", "of", "between", "as", "after", "since", "before"}
)  # fmt: skip


@dataclass(frozen=True)
class Candidate:
    first: Token  # its first written token, the preposition included
    last: Token
    attached: Token  # the word it is attached to: a verb, a noun or the amount
    adverb: bool = False  # "now", "currently": less than a date


def time_span(
    where: Sentence, anchor: Token, item: set[int], measure: Token | None, old_value: bool
) -> Span | None:
    """The time of the amount whose root is ``anchor``, or None."""
    best: tuple[tuple[bool, int, int], Candidate] | None = None
    for candidate in candidates(where):
        if not _applies(candidate, anchor, item, measure, old_value):
            continue
        rank = (
            candidate.adverb,  # a date says more than "now"
            _distance(candidate.attached, anchor),
            abs(candidate.first.i - anchor.i),
        )
        if best is None or rank < best[0]:
            best = (rank, candidate)
    return None if best is None else where.span(best[1].first, best[1].last)


def candidates(where: Sentence) -> list[Candidate]:
    found: list[Candidate] = []
    taken: set[int] = set()
    for ent in where.sent.ents:
        if ent.label_ in TIME_LABELS and _a_time(ent.text):
            found.append(_introduced(ent[0], ent[-1], ent.root))
            taken.update(range(ent.start, ent.end))
    for token in where.sent:
        if token.i in taken:
            continue
        if token.lower_ in TIME_ADVERBS:
            found.append(replace(_introduced(token, token, token), adverb=True))
        elif FISCAL_RE.match(token.text) or _market_time(token):
            found.append(_introduced(_modified_from(token), token, token))
    return [c for c in found if not _baseline(c)]


def _market_time(token: Token) -> bool:
    """ "in early trading", "in the morning session": a time of day that is no DATE entity."""
    return token.lower_ in MARKET_TIMES and token.dep_ == "pobj"


def _modified_from(token: Token) -> Token:
    """The first word of the token's own modifiers: "early" of "early trading"."""
    first = token
    for left in token.lefts:
        if left.dep_ in ("amod", "det", "compound"):
            first = min(first, left, key=lambda t: t.i)
    return first


def _a_time(text: str) -> bool:
    return not RATE_RE.search(text.strip()) and bool(ANCHORED_RE.search(text))


def _introduced(first: Token, last: Token, root: Token) -> Candidate:
    """The phrase with the preposition that introduces it ("in March", "as of June"), and the
    word it is attached to."""
    prep = _preposition_before(first, last)
    if prep is None and root.dep_ == "pobj" and root.head.lower_ in INTRO_PREPS:
        prep = root.head if root.head.i < first.i else None
    if prep is None:
        return Candidate(first, last, root.head if root.dep_ != "ROOT" else root)
    start = prep if first.i - 2 <= prep.i else first
    if prep.i > 0 and prep.lower_ == "of" and prep.nbor(-1).lower_ == "as":
        start = prep.nbor(-1)
    return Candidate(start, last, prep.head)


def _preposition_before(first: Token, last: Token) -> Token | None:
    """The preposition right before the phrase whose object is in it: "in" of "in the year to
    February", whatever the phrase's own root is."""
    if first.i == first.sent.start:
        return None
    prep = first.nbor(-1)
    if prep.lower_ not in INTRO_PREPS or prep.dep_ not in ("prep", "agent"):
        return None
    holds = any(t.dep_ == "pobj" and t.head == prep for t in first.doc[first.i : last.i + 1])
    return prep if holds else None


def _baseline(candidate: Candidate) -> bool:
    first, attached = candidate.first, candidate.attached
    if attached.lower_ in BASELINE_PREPS and attached.dep_ in ("prep", "quantmod"):
        return True  # "3% above FY2025": its preposition was not kept in the phrase
    if first.lower_ in BASELINE_PREPS:
        return first.lower_ != "since" or attached.pos_ in ("ADJ", "ADV")
    for step in itertools.islice(ancestors(attached), BASELINE_REACH):
        if step.lemma_.lower() in BASELINE_HEADS or step.lower_ in BASELINE_HEADS:
            return True  # "compared with FY2025 levels", "in comparison with 2003"
        if step.pos_ in VERBS:
            break
    text = first.doc[first.i : candidate.last.i + 1].text
    if first.lower_ in CHANGE_BASE_PREPS and _a_change(attached) and RELATIVE_RE.search(text):
        return True  # "a 12% increase on the same period last year", "up 3% on last month"
    return bool(BASELINE_WORDS_RE.search(text)) and not ANCHORED_RE.search(text.split()[-1])


def _a_change(word: Token) -> bool:
    """A change written as a noun or "up"/"down", not a verb: "fell 3% on the day before" is
    dated by its day."""
    noun = word.pos_ == "NOUN" and word.lemma_.lower() in CHANGE_NOUNS
    return noun or word.lower_ in CHANGE_ADVERBS


def _applies(
    candidate: Candidate, anchor: Token, item: set[int], measure: Token | None, old_value: bool
) -> bool:
    attached = candidate.attached
    if candidate.first.i in item or candidate.last.i in item:
        return False
    if old_value:  # "down from £3bn in April": only a time of its own
        return _follows(candidate, item) or any(step.i in item for step in ancestors(attached))
    if attached.i in item or (attached.pos_ not in VERBS and attached in anchor.ancestors):
        return True  # on the amount or the phrase it is in; a verb's clause is checked below
    if _after_old_value(candidate):
        return False
    if measure is not None and (attached == measure or measure in attached.ancestors):
        return not candidate.adverb  # in the measure's phrase: "interest paid in 2025 was $3bn"
    if _dates_quantity_subject(attached, anchor):
        return True  # "Sales in 2023 rose 5%", "Amounts paid for FY2024 fell by £2m"
    if attached.pos_ in NOUNS or attached.pos_ == "NUM":
        return _opens_sentence(candidate)  # not "its 2031 targets", "May's £5bn"
    own = clause_head(attached)
    if own.lemma_.lower() in SPEECH_LEMMAS and own != clause_head(anchor):
        return False  # "said on Monday that it had cut 10%": the time of the saying
    return governs(own, anchor) or _opens_sentence(candidate)


def _dates_quantity_subject(attached: Token, anchor: Token) -> bool:
    """Whether the time is on the subject of the amount's clause, itself a quantity, or on a
    participle of it: a quantity's date is its value's ("Profits for 2023 were £5m")."""
    subject = subject_of(clause_head(anchor))
    if subject is None or subject.lemma_.lower() not in QUANTITY_SUBJECTS:
        return False
    return attached == subject or (attached.dep_ == "acl" and attached.head == subject)


def _follows(candidate: Candidate, item: set[int]) -> bool:
    return candidate.first.i == max(item) + 1


def _after_old_value(candidate: Candidate) -> bool:
    """ "fell to £2bn from £3bn in April": the time right after the old value is the old one's."""
    if candidate.first.i == candidate.first.sent.start:
        return False
    before = candidate.first.nbor(-1)
    for step in ancestors(before):
        if step.dep_ == "pobj" and step.head.lower_ == "from":
            return step.like_num or step.ent_type_ in ("MONEY", "PERCENT", "QUANTITY")
        if step.i < before.i - 3:
            break
    return False


def _opens_sentence(candidate: Candidate) -> bool:
    """A time that opens the sentence ("In 2019, ...", "For single filers in 2019, ...")
    applies to all of it."""
    sent = candidate.first.sent
    before = [t for t in sent[: candidate.first.i - sent.start] if not t.is_punct]
    if not before:
        return candidate.attached.pos_ in VERBS | {"ADP"}
    opening = before[0]
    if opening.dep_ != "prep" or opening.head.pos_ not in VERBS:
        return False
    return opening in candidate.attached.ancestors or opening == candidate.attached


def _distance(a: Token, b: Token) -> int:
    """Edges between two tokens of one sentence in the tree."""
    up = {t.i: n for n, t in enumerate(ancestors(a))}
    for n, t in enumerate(ancestors(b)):
        if t.i in up:
            return n + up[t.i]
    return 99
