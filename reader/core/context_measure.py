"""What an amount measures: the noun it is an amount of, found from where the number sits in
the dependency parse (CONTEXT_GUIDELINES, "Measure").

The rules follow the few places a number takes in a sentence, so that they hold for articles
never seen: a number's own "of" phrase ("40% of voters", "£5m of purchases"); a number
modifying a noun ("a £30m stadium", "a 4% rise in imports"); a number after a preposition of a
noun ("sales of £2bn", "a fine of £2m"); a number as object or measure of a verb, where the
verb's kind says whether its subject ("sales rose 5%", "the bridge will cost £30m"), its object
("cut its staff by 10%") or what it pays for ("spend £5m on trains") is measured. Nouns that
only count ("the number of", "a total of") and nouns of change ("a rise in") hand the question on
to the noun they are about."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader.core.context_tree import NAME_LABELS, NOUNS, VERBS, child, prep_object, subject_of
from reader.core.lexicon import (
    CHANGE_NOUNS,
    CHANGE_VERB_LEMMAS,
    GENERIC_AMOUNT_NOUNS,
    PAYING_VERB_LEMMAS,
    STATE_VERB_LEMMAS,
)

if TYPE_CHECKING:
    from spacy.tokens import Token

# How many times a counting noun or a list may hand the question on: "a total of" inside "the
# value of" is rare, and a loop in a bad parse must end.
MAX_HOPS = 4
MODIFIER_DEPS = frozenset({"nummod", "compound", "amod", "nmod", "quantmod", "npadvmod"})
OBJECT_DEPS = frozenset({"dobj", "attr", "oprd", "npadvmod", "advmod", "acomp", "nsubjpass"})
CHANGE_PREPS = frozenset({"in", "of", "on"})
PURPOSE_PREPS = frozenset({"on", "for"})
OF = frozenset({"of"})


def measure_token(anchor: Token, item: set[int]) -> Token | None:
    """The head noun of what the amount whose root is ``anchor`` measures, or None."""
    for _ in range(MAX_HOPS):
        found = _of_object(anchor, item) or _by_role(anchor, item)
        if found is None or found.i in item:
            return None
        if found.lemma_.lower() in GENERIC_AMOUNT_NOUNS:
            anchor = found  # "the number of visitors": what it counts
            continue
        if found.lemma_.lower() in CHANGE_NOUNS:
            return _what_changed(found, item)
        if found.ent_type_ in NAME_LABELS and found.pos_ == "PROPN":
            return None  # an owner, not a quantity: "Cairn rose 18%"
        return found
    return None


def _of_object(anchor: Token, item: set[int]) -> Token | None:
    """The amount's own "of" phrase: "40% of voters", "£5m of purchases"."""
    for token in (anchor, *anchor.children):
        if token.i not in item:
            continue
        found = prep_object(token, OF)
        if found is not None and found.i not in item:
            return found
    return None


def _by_role(anchor: Token, item: set[int]) -> Token | None:
    """The noun the amount is about, from the amount's dependency on its head."""
    head, dep = anchor.head, anchor.dep_
    if head == anchor:
        return None
    if dep == "conj" and head.i in item:
        return None
    if dep == "conj":
        return _first_conjunct_role(anchor, item)
    if dep == "appos":
        return head if head.pos_ in NOUNS else None
    if dep in MODIFIER_DEPS and head.pos_ in NOUNS:
        return head
    if dep == "pobj":
        return _prep_role(anchor, head, item)
    if head.pos_ in VERBS and dep in OBJECT_DEPS:
        return verb_measure(head, anchor, None)
    if head.pos_ == "ADJ":
        return _adjective_role(head)
    return None


def _first_conjunct_role(anchor: Token, item: set[int]) -> Token | None:
    """A listed amount shares the first one's measure: "€5m in 2003 and €6m in 2004"."""
    first = anchor
    while first.dep_ == "conj" and first.head != first:
        first = first.head
    return _by_role(first, item | {first.i}) if first != anchor else None


def _prep_role(anchor: Token, prep: Token, item: set[int]) -> Token | None:
    owner = prep.head
    if owner.i in item or owner == prep:
        return None
    if owner.pos_ in NOUNS or owner.pos_ == "NUM":
        return owner  # "sales of £2bn", "a price tag under £80,000"
    if owner.pos_ in VERBS:
        return verb_measure(owner, anchor, prep)
    if owner.pos_ == "ADJ":
        return _adjective_role(owner)
    if prep.dep_ == "prep" and owner.dep_ in ("prep", "advmod", "quantmod"):
        return _by_role(owner, item)  # "as much as 19%", "up to £3bn"
    return None


def _adjective_role(adjective: Token) -> Token | None:
    """The adjective's noun or subject: "is worth $3bn", "bonds worth $5m", "16% down"."""
    if adjective.head.pos_ in NOUNS and adjective.dep_ in ("amod", "acl"):
        return adjective.head
    if adjective.head.pos_ in VERBS:
        return subject_of(adjective.head)
    return None


def verb_measure(verb: Token, anchor: Token, prep: Token | None) -> Token | None:
    """What an amount that is the verb's object, or the object of its preposition, measures."""
    lemma = verb.lemma_.lower()
    word = prep.lower_ if prep is not None else None
    thing = _object(verb, anchor)
    if lemma in PAYING_VERB_LEMMAS or word in PURPOSE_PREPS:
        purpose = prep_object(verb, PURPOSE_PREPS)
        if purpose is not None and purpose != anchor and word not in PURPOSE_PREPS:
            return purpose  # "will spend £5m on new trains"
        return thing  # "sold the mill for $9m"
    if lemma in CHANGE_VERB_LEMMAS or lemma in STATE_VERB_LEMMAS:
        if thing is not None and lemma in CHANGE_VERB_LEMMAS:
            return thing  # "cut its staff by 10%"
        return subject_of(verb)  # "sales rose 5%", "the bridge will cost £30m"
    return None


def _object(verb: Token, anchor: Token) -> Token | None:
    found = child(verb, frozenset({"dobj"}))
    return None if found is None or found == anchor else found


def _what_changed(change: Token, item: set[int]) -> Token | None:
    """What changed: "a 4% rise in imports" → imports; with no "in", what the verb says rose."""
    found = prep_object(change, CHANGE_PREPS)
    if found is not None and found.i not in item:
        return found
    if change.head.pos_ in VERBS and change.dep_ in ("dobj", "nsubj"):
        subject = subject_of(change.head)
        if subject is not None and subject != change and subject.ent_type_ not in NAME_LABELS:
            return subject
    return None
