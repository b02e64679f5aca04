"""Walking spaCy's dependency tree for the context of an amount (``core/context.py``): where a
clause starts, who its subject is, what a pronoun stands for, and the written phrase around a
head word. Shared by the measure, subject and time rules, which differ in what they look for
but not in how they walk."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.core.lexicon import RELATIVE_PRONOUNS
from reader.core.model import Span

if TYPE_CHECKING:
    from spacy.tokens import Span as Sent
    from spacy.tokens import Token

NOUNS = frozenset({"NOUN", "PROPN"})
VERBS = frozenset({"VERB", "AUX"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
# Entity labels that name an owner or a place: a subject, never a measure.
NAME_LABELS = frozenset({"ORG", "PERSON", "GPE", "LOC", "FAC", "PRODUCT", "NORP", "WORK_OF_ART"})
# Entity labels that are never a subject or a measure: they are amounts or times themselves.
NOT_THINGS = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "CARDINAL", "QUANTITY", "ORDINAL"})
AMOUNT_LABELS = frozenset({"MONEY", "PERCENT", "QUANTITY", "CARDINAL"})
OF = frozenset({"of"})
FOR = frozenset({"for"})
# Determiners that point to something named before: "the portion", "this increase".
POINTING = frozenset({"the", "this", "that", "these", "those"})
# Dependencies that start a clause of their own: a time or subject does not cross them upward.
CLAUSE_DEPS = frozenset(
    {"ROOT", "ccomp", "advcl", "relcl", "xcomp", "conj", "acl", "pcomp", "csubj", "parataxis"}
)
# Pronouns resolved to the mention they stand for; "we" and "our" too, in a quotation.
PRONOUNS = frozenset(
    "it its they their them theirs he his him she her we our us itself themselves".split()
)
# Left modifiers kept in a noun's phrase ("pre-tax profits", "the oil price").
PHRASE_DEPS = frozenset({"compound", "amod", "nmod", "det", "poss", "case", "punct", "npadvmod"})
KEPT_DETERMINERS = frozenset({"the", "this", "these", "that", "those"})


@dataclass(frozen=True)
class Sentence:
    """A parsed sentence and where its Doc starts in the article's text."""

    offset: int
    sent: Sent

    def span(self, first: Token, last: Token) -> Span:
        start = self.offset + first.idx
        end = self.offset + last.idx + len(last.text)
        return Span(start, end, first.doc[first.i : last.i + 1].text)  # not doc.text: all of it

    def holds(self, token: Token) -> bool:
        return token.doc is self.sent.doc and self.sent.start <= token.i < self.sent.end


MAX_CLAUSE_STEPS = 12  # a parse is a tree, but a bound keeps a bad one from looping


def pointed(noun: Token) -> bool:
    """Whether a pointing determiner stands before the noun: "the total", "this rise"."""
    return any(t.dep_ == "det" and t.lower_ in POINTING for t in noun.lefts)


def ancestors(token: Token) -> Iterator[Token]:
    """The token and its heads up to the root."""
    yield token
    while token.head != token:
        token = token.head
        yield token


def clause_head(token: Token) -> Token:
    """The head of the clause the token belongs to: the nearest verb that starts a clause."""
    for step in ancestors(token):
        if step.pos_ in VERBS and (step.dep_ in CLAUSE_DEPS or step.head == step):
            return step
    return token.sent.root


def governs(upper: Token, lower: Token) -> bool:
    """Whether clause ``upper`` is ``lower``'s clause or one it is subordinate to; a clause
    joined by "and" is a sibling, not subordinate ("rose 5% in May and fell 2%")."""
    for step in ancestors(lower):
        if step == upper:
            return True
        if step.dep_ == "conj" and step.pos_ in VERBS:
            return False
    return False


def subject_of(verb: Token) -> Token | None:
    """The verb's subject, looked for up the clauses that share it: "plans to pay" and "rose and
    then fell" take the first verb's subject; a relative "which" stands for its noun."""
    step = verb
    for _ in range(MAX_CLAUSE_STEPS):
        for child in step.children:
            if child.dep_ in SUBJECT_DEPS:
                return _relative(child)
        if _infinitive_of_object(step):
            step = step.head.head  # "the firm unveiled plans to cut prices 8%": the firm's
            continue
        if step.dep_ in ("relcl", "acl"):  # "debts totalling £5m"
            return step.head if step.head.pos_ in NOUNS else None
        if (
            step.dep_ not in ("xcomp", "conj", "advcl", "pcomp", "prep", "acomp")
            or step == step.head
        ):
            return None
        step = step.head
    return None


def _infinitive_of_object(step: Token) -> bool:
    """ "plans to cut": an infinitive on the object of a verb, which shares that verb's subject."""
    if step.dep_ != "acl" or step.head.dep_ not in ("dobj", "attr"):
        return False
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in step.children)


def _relative(subject: Token) -> Token:
    """A relative pronoun stands for the noun its clause is about: "the plan, which cost"."""
    if subject.lower_ not in RELATIVE_PRONOUNS:
        return subject
    for step in ancestors(subject.head):
        if step.dep_ == "relcl":
            return step.head
    return subject


def child(
    token: Token, deps: frozenset[str] | str, words: frozenset[str] | None = None
) -> Token | None:
    """The first child with one of ``deps`` (and, with ``words``, one of those lower-case words)."""
    for candidate in token.children:
        if candidate.dep_ in deps and (words is None or candidate.lower_ in words):
            return candidate
    return None


def prep_object(token: Token, words: frozenset[str]) -> Token | None:
    """The object of a preposition among ``words`` attached to ``token``: "in" → "imports"."""
    for prep in token.children:
        if prep.dep_ in ("prep", "agent") and prep.lower_ in words:
            found = child(prep, frozenset({"pobj"}))
            if found is not None:
                return found
    return None


def entity_of(token: Token) -> Sent | None:
    """The named entity the token is part of, if any."""
    if not token.ent_type_:
        return None
    for ent in token.sent.ents:
        if ent.start <= token.i < ent.end:
            return ent
    return None


# Words that say how much, not what: dropped from the front of a phrase (CONTEXT_GUIDELINES,
# "Span form").
QUANTIFIERS = frozenset("more less fewer other further additional extra another".split())


def left_phrase(head: Token, keep: frozenset[str], stop: set[int]) -> Token:
    """The first token of the head's phrase: the unbroken run of left modifiers with a
    dependency in ``keep`` whose path to the head stays among them; never a token of ``stop``."""
    first = head
    for i in range(head.i - 1, head.sent.start - 1, -1):
        token = head.doc[i]
        if i in stop or not _modifies(token, head, keep):
            break
        first = token
    while first != head and (first.dep_ in ("punct", "case") or first.pos_ == "PUNCT"):
        first = first.nbor()
    if first != head and first.dep_ == "det" and first.lower_ not in KEPT_DETERMINERS:
        first = first.nbor()
    while first != head and first.lower_ in QUANTIFIERS:
        first = first.nbor()  # "more harbour funding", "other significant donations"
    return first


def _modifies(token: Token, head: Token, keep: frozenset[str]) -> bool:
    step = token
    while step != head:
        if step.dep_ not in keep or (step.head.i <= step.i and step.head != head):
            return False
        step = step.head
    return True
