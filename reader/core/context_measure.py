"""What an amount measures: the noun it is an amount of, found from where the number sits in
the dependency parse (CONTEXT_GUIDELINES, "Measure").

The rules follow the few places a number takes in a sentence, so that they hold for articles
never seen: a number's own "of" phrase ("40% of voters", "£5m of purchases"); a number
modifying a noun ("a £30m stadium", "a 4% rise in imports"); a number after a preposition of a
noun ("sales of £2bn", "a fine of £2m"); a number as object or measure of a verb, where the
verb's kind says whether its subject ("sales rose 5%", "the bridge will cost £30m"), its object
("cut its staff by 10%") or what it pays for ("spend £5m on trains") is measured. Nouns that
only count ("the number of", "a total of") and nouns of change ("a rise in") hand the question on
to the noun they are about.

Where the small model's parse loses the number's place, a few patterns of the written words
stand in: an abbreviation right after a percentage ("95% CI"), the noun a threshold bounds
("donations over £5,000"), the noun after a bracketed restatement ("a 5bn dollar ($3.8bn)
bid"). An amount whose place names nothing takes the quantity its sentence is about (a rate,
price, debt... named in its clause), so that amounts listed against their owners ("bonds held by
Norland ($1bn), Vestria ($0.7bn)") say what they are; money a verb only gives, earns or raises
keeps no measure, as the guidelines decide."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader.core.context_tree import (
    AMOUNT_LABELS,
    FOR,
    NAME_LABELS,
    NOT_THINGS,
    NOUNS,
    OF,
    VERBS,
    child,
    pointed,
    prep_object,
    subject_of,
)
from reader.core.lexicon import (
    CHANGE_ADVERBS,
    CHANGE_NOUNS,
    CHANGE_VERB_LEMMAS,
    COMPARING_LEMMAS,
    GENERIC_AMOUNT_NOUNS,
    HOLDER_NOUNS,
    MIDDLE_LEMMAS,
    PAYING_VERB_LEMMAS,
    QUANTITY_NOUNS,
    STATE_VERB_LEMMAS,
    TIME_NOUNS,
    TRANSITIVE_CHANGE_LEMMAS,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# How many times a counting noun, another amount or a list may hand the question on: "a total
# of" inside "the value of" is rare, and a loop in a bad parse must end.
MAX_HOPS = 4
THRESHOLD_WORDS = frozenset({"over", "above", "under", "below", "exceeding", "topping"})
RATE_WORDS = frozenset({"per", "a", "an", "each", "every"})
ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "attr"})
BRACKET_TOKENS = 12  # how far a restatement in brackets may run: "($5.8bn; £3bn)"
AFTER_REACH = 8  # tokens after an amount in which the quantity it is of may still be named
MODIFIER_DEPS = frozenset({"nummod", "compound", "amod", "nmod", "quantmod", "npadvmod"})
OBJECT_DEPS = frozenset({"dobj", "attr", "oprd", "npadvmod", "advmod", "acomp", "nsubjpass"})
CHANGE_PREPS = frozenset({"in", "of", "on"})
CHANGE_DEPS = frozenset({"dobj", "nsubj", "npadvmod", "appos", "attr"})
PURPOSE_PREPS = frozenset({"on", "for", "in", "into"})
# "rose to £3bn", "cut by 10%", "put the cost at $5bn", "down from £2bn": a level or a step.
LEVEL_PREPS = frozenset(
    {"to", "by", "from", "at", "around", "above", "below", "under", "over", "near", "between"}
)
SOURCE_PREPS = frozenset({"from", "off", "in"})
PARTICLE_DEPS = frozenset({"advmod", "prt", "prep"})
NOT_IN_MEASURES = frozenset({"dollar", "euro", "pound", "yen", "term", "price", "currency"})
IN = frozenset({"in"})
DEMONSTRATIVES = frozenset({"this", "that", "these", "those", "which", "what"})
# Verbs whose object amount is a quantity of something the sentence names: "hold 9% of".
MEASURED_VERB_LEMMAS = (
    STATE_VERB_LEMMAS
    | CHANGE_VERB_LEMMAS
    | frozenset("hold own control account represent comprise constitute".split())
)
COMPARATIVES = frozenset({"more", "less", "fewer", "higher", "lower", "above", "below"})


def measure_token(anchor: Token, item: set[int]) -> Token | None:
    """The head noun of what the amount whose root is ``anchor`` measures, or None."""
    return (
        _abbreviation_after(anchor.doc, item)
        or _bounded_noun(anchor.doc, item)
        or _measured_by_parse(anchor, item)
        or _noun_after_restatement(anchor.doc, item)
        or _fronted_of(anchor)
    )


def _abbreviation_after(doc: Doc, item: set[int]) -> Token | None:
    """ "95% CI", "a 20% VAT": an abbreviation right after a percentage is what it sizes, which
    the parser seldom attaches to it."""
    at = max(item) + 1
    if at >= len(doc):
        return None
    token = doc[at]
    if not (token.is_alpha and token.text.isupper() and 2 <= len(token) <= 5):
        return None
    if token.ent_type_ in NAME_LABELS or not doc[at - 1].text.endswith("%"):
        return None  # "a 7.4 psi RVP standard": a unit's abbreviated noun is left to the parse
    return token


def _bounded_noun(doc: Doc, item: set[int]) -> Token | None:
    """ "donations over £5,000", "incomes above £150,000": a threshold measures the noun it
    bounds (CONTEXT_GUIDELINES, thresholds), however the parser attached it."""
    first = min(item)
    if doc[first].lower_ not in THRESHOLD_WORDS:
        first -= 1  # the amount is written without its "over"
    if first < 1 or doc[first].lower_ not in THRESHOLD_WORDS:
        return None
    noun = doc[first - 1]
    if noun.pos_ != "NOUN" or _a_time(noun) or noun.lemma_.lower() in GENERIC_AMOUNT_NOUNS:
        return None
    return noun


def _fronted_of(anchor: Token) -> Token | None:
    """ "Of the districts tested, 45% failed": the whole, written before its share."""
    verb = anchor.head
    if anchor.dep_ not in ("nsubj", "nsubjpass") or verb.pos_ not in VERBS:
        return None
    for prep in verb.children:
        if prep.i < anchor.i and prep.dep_ == "prep" and prep.lower_ == "of":
            return child(prep, frozenset({"pobj"}))
    return None


def _noun_after_restatement(doc: Doc, item: set[int]) -> Token | None:
    """ "a 5.2bn dollar ($3.8bn; £2.9bn) bid": an amount restated in brackets modifies the noun
    after them, which the parser seldom sees across the brackets."""
    at = max(item) + 1
    if at >= len(doc) or doc[at].text != "(":
        return None
    close = next((t.i for t in doc[at : at + BRACKET_TOKENS] if t.text == ")"), None)
    if close is None or close + 1 >= len(doc):
        return None
    noun = doc[close + 1]
    uninflected = noun.pos_ == "VERB" and noun.lower_ == noun.lemma_.lower()  # "bid", "cut"
    if noun.pos_ != "NOUN" and not uninflected:
        return None
    if _a_time(noun) or noun.lemma_.lower() in NOT_IN_MEASURES:
        return None
    following = doc[noun.i + 1] if noun.i + 1 < len(doc) else None
    if following is not None and following.pos_ in NOUNS:
        return None  # "(£3m) rail subsidies": the phrase goes on; its head is not this noun
    return noun


def _measured_by_parse(anchor: Token, item: set[int]) -> Token | None:
    for _ in range(MAX_HOPS):
        whole = _of_object(anchor, item)  # "60% of Dell's unit": a name may be the whole
        found = whole or _by_role(anchor, item) or _money_for(anchor, item)
        if found is None or found.i in item:
            return None
        lemma = found.lemma_.lower()
        if lemma in GENERIC_AMOUNT_NOUNS or _an_amount(found):
            anchor = found  # "the number of visitors", "up 2% to £9bn": what that one is
            continue
        if lemma in CHANGE_NOUNS and found.dep_ == "appos" and _an_amount(found.head):
            anchor = found.head  # "totals $890bn, an increase of 3%": what the $890bn measures
            continue
        if lemma in CHANGE_NOUNS:
            return _what_changed(found, item)
        if whole is None and found.ent_type_ in NAME_LABELS and found.pos_ == "PROPN":
            return _named_by(found)  # an owner, not a quantity: "Norco rose 3%"
        # "passengers could claim €300": whose, not what; but "carried 5m passengers, up 7%"
        if whole is None and lemma in HOLDER_NOUNS and found != _counted_before_change(anchor.head):
            return None
        if found.lower_ in DEMONSTRATIVES:
            return None  # "this is £5m": what it points to is not resolved
        return found
    return None


def of_whole(measure: Token, item: set[int]) -> bool:
    """Whether the measure is the whole the amount is a share of: "40% of voters"."""
    return measure.dep_ == "pobj" and measure.head.lower_ == "of" and measure.head.head.i in item


def _named_by(name: Token) -> Token | None:
    """ "a gift from Ann Lee of £40,000": the noun whose giver the name is."""
    prep = name.head
    if name.dep_ == "pobj" and prep.lower_ in ("from", "by") and prep.head.pos_ == "NOUN":
        return prep.head
    return None


def _an_amount(token: Token) -> bool:
    return token.pos_ == "NUM" or token.ent_type_ in AMOUNT_LABELS


def _of_object(anchor: Token, item: set[int]) -> Token | None:
    """The amount's own phrase: "40% of voters", "£5m of purchases", "£5m in grants"."""
    own = (
        [anchor] if anchor.i not in item else [anchor, *(c for c in anchor.children if c.i in item)]
    )
    for token in own:
        found = prep_object(token, OF)
        if found is not None and found.i not in item:
            return found
    return _in_after(anchor, item)


def _in_after(anchor: Token, item: set[int]) -> Token | None:
    """ "£5m in grants", "$2bn in loans": "in" and a common noun right after the amount."""
    after = max(item) + 1 if anchor.i in item else anchor.i + 1
    if after >= len(anchor.doc) or anchor.doc[after].lower_ != "in":
        return None
    found = child(anchor.doc[after], frozenset({"pobj"}))
    if found is None or found.pos_ != "NOUN" or found.ent_type_ in NOT_THINGS or _a_time(found):
        return None
    if any(t.dep_ in ("det", "poss") and t.lower_ != "a" for t in found.lefts):
        return None  # "61% in the spring survey": where, not what ("£5m in grants")
    if found.lemma_.lower() in NOT_IN_MEASURES:
        return None  # "$5bn in current dollars", "in real terms"
    return found


def _a_time(token: Token) -> bool:
    return token.lemma_.lower() in TIME_NOUNS or token.ent_type_ in NOT_THINGS


def _by_role(anchor: Token, item: set[int]) -> Token | None:
    """The noun the amount is about, from the amount's dependency on its head."""
    head, dep = anchor.head, anchor.dep_
    if head == anchor or (dep == "conj" and head.i in item):
        return None
    if dep == "conj":
        return _first_conjunct_role(anchor, item)
    if dep == "appos":  # "revenue ($5bn)"; a name it is listed with is its owner instead
        return head if head.pos_ == "NOUN" or _an_amount(head) else None
    if dep in MODIFIER_DEPS and (head.pos_ in NOUNS or _an_amount(head)):
        if any(t.lower_ in RATE_WORDS for t in anchor.doc[max(item) + 1 : head.i]):
            return None  # "$3m per million shells": the rate's denominator, never its measure
        return head  # "a £30m stadium"
    if dep == "pobj":
        return _prep_role(anchor, head, item)
    if head.pos_ in VERBS and dep in OBJECT_DEPS:
        return verb_measure(head, anchor, None)
    if head.pos_ == "ADJ":
        return _adjective_role(head)
    if head.pos_ in ("ADV", "ADP") and head.dep_ in PARTICLE_DEPS and head.head.pos_ in VERBS:
        # "jumped up 6%"; "carried 4.2 million passengers, up 7%"
        return verb_measure(head.head, anchor, None) or _counted_before_change(head)
    return None


def _counted_before_change(change: Token) -> Token | None:
    """A change written after a clause ("carried 4.2 million passengers in May, up 7%") is a
    change of the count the clause gives."""
    return _counted_object(change.head, change) if change.lower_ in CHANGE_ADVERBS else None


def _counted_object(verb: Token, change: Token) -> Token | None:
    """The verb's object before the change, when it is counted ("84,000 cars")."""
    counted = child(verb, frozenset({"dobj"}))
    if counted is None or counted.i >= change.i:
        return None
    return counted if child(counted, frozenset({"nummod"})) is not None else None


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
    if owner.pos_ in NOUNS or owner.pos_ == "NUM" or owner.dep_ in ("pobj", "dobj", "nsubj"):
        return owner  # "sales of £2bn", "a bill under £8,000", "a peak of £5bn"
    if owner.pos_ in VERBS:
        return verb_measure(owner, anchor, prep)
    if owner.pos_ == "ADJ":
        return _adjective_role(owner)
    if owner.pos_ in ("ADV", "ADP") and _an_amount(owner.head):
        return owner.head  # "£4bn, down from £5bn": the other amount's measure
    if prep.lower_ == "from" and owner.lower_ in CHANGE_ADVERBS and owner.head.pos_ in VERBS:
        new = _verbs_amount(owner.head, anchor)
        if new is not None:
            return new  # "includes $45bn for X, up from $38bn": the new amount's measure
    if owner.pos_ == "ADP" and owner.dep_ == "prep":
        return _prep_role(anchor, owner, item)  # "from 20 ships to 25 ships"
    if prep.dep_ == "prep" and owner.dep_ in ("prep", "advmod", "quantmod"):
        return _by_role(owner, item)  # "as much as 7%", "up to £3bn"
    return None


def _verbs_amount(verb: Token, other: Token) -> Token | None:
    """The amount a verb has as its object or reaches "to", other than ``other``."""
    for found in verb.children:
        if found.dep_ == "dobj" and _an_amount(found) and found != other:
            return found
    level = prep_object(verb, frozenset({"to"}))
    return level if level is not None and _an_amount(level) and level != other else None


def _money_for(anchor: Token, item: set[int]) -> Token | None:
    """Money "for" a purpose measures it: "the bill includes $45bn for border security". Not
    a time ("$5m for 2024"), the people it is for ("€300 for each passenger"), nor a name."""
    if not any(anchor.doc[i].is_currency for i in item):
        return None
    found = prep_object(anchor, FOR)
    if found is None or found.i in item or _a_time(found) or found.ent_type_:
        return None
    return None if found.lemma_.lower() in HOLDER_NOUNS else found


def _adjective_role(adjective: Token) -> Token | None:
    """The adjective's noun or subject: "is worth $3bn", "bonds worth $5m", "£2m lower"."""
    head = adjective.head
    if adjective.dep_ in ("amod", "acl") and (head.pos_ in NOUNS or _an_amount(head)):
        return head
    if head.pos_ in VERBS:
        return subject_of(head)
    return None


def verb_measure(verb: Token, anchor: Token, prep: Token | None) -> Token | None:
    """What an amount that is the verb's object, or the object of its preposition, measures."""
    lemma = verb.lemma_.lower()
    word = prep.lower_ if prep is not None else None
    thing = _object(verb, anchor)
    if lemma in PAYING_VERB_LEMMAS or word in PURPOSE_PREPS:
        purpose = prep_object(verb, PURPOSE_PREPS) or _infinitive_object(verb)
        if purpose is not None and purpose != anchor and word not in PURPOSE_PREPS:
            return None if _a_time(purpose) else purpose  # "spend £5m on X", "to repair X"
        if thing is None and lemma in MIDDLE_LEMMAS and anchor.dep_ != "dobj":
            return subject_of(verb)  # "the house sold for £300,000": the house
        return thing  # "sold the mill for $9m"
    if word in LEVEL_PREPS or lemma in CHANGE_VERB_LEMMAS or lemma in STATE_VERB_LEMMAS:
        return _changed_by_verb(verb, lemma, thing, anchor)
    return None


def _changed_by_verb(verb: Token, lemma: str, thing: Token | None, anchor: Token) -> Token | None:
    """What a change measures: "cut its staff by 10%" → staff; "sales rose 5%" → sales; "cut £5m
    from targets" → targets; "raised £5m" → nothing said of what; "emissions exceed the limit
    by 5%" → emissions."""
    if lemma in COMPARING_LEMMAS and anchor.dep_ != "dobj":
        return subject_of(verb)
    if thing is not None:
        return thing
    if lemma in TRANSITIVE_CHANGE_LEMMAS and anchor.dep_ == "dobj":
        source = prep_object(verb, SOURCE_PREPS)
        return source if source is not None and not _a_time(source) else None
    return subject_of(verb)


def _infinitive_object(verb: Token) -> Token | None:
    """ "paid £5m to repair the roof": the object of the purpose the money serves."""
    purpose = child(verb, frozenset({"advcl", "xcomp"}))
    return None if purpose is None else child(purpose, frozenset({"dobj"}))


def _object(verb: Token, anchor: Token) -> Token | None:
    found = child(verb, frozenset({"dobj"}))
    if found is None or found == anchor or _an_amount(found) or _per_unit(found, anchor):
        return None
    return found


def _per_unit(noun: Token, anchor: Token) -> bool:
    """ "sold for £1.45 a litre": the noun after "a" or "per" right behind an amount is the
    rate's unit, which the parser may take for the verb's object."""
    if noun.i < 2 or noun.doc[noun.i - 1].lower_ not in RATE_WORDS:
        return False
    before = noun.doc[noun.i - 2]
    return before == anchor or _an_amount(before)


def _what_changed(change: Token, item: set[int]) -> Token | None:
    """What changed: "a 4% rise in imports" → imports, not "a 4% rise on last year"; with no
    "in", the count the clause gives before it ("sold 84,000 cars, a 12% increase"), else what
    the verb says rose."""
    found = prep_object(change, CHANGE_PREPS)
    if found is not None and found.i not in item and not _a_time(found):
        return found
    if change.head.pos_ in VERBS and change.dep_ in CHANGE_DEPS:
        counted = _counted_object(change.head, change)
        if counted is not None:
            return counted
        subject = subject_of(change.head)
        if subject is not None and subject != change and subject.ent_type_ not in NAME_LABELS:
            return subject
    return change  # "growth of 3%": the change is what is measured


def sentence_quantity(anchor: Token, item: set[int]) -> Token | None:
    """The quantity the sentence is about, for an amount whose own place names none: the
    nearest quantity noun before it ("bonds held by Norland ($1bn), Vestria ($0.7bn)"), else after
    it. Not for money a verb gives, earns or takes with no noun of its own ("gave £1m to the
    party": CONTEXT_GUIDELINES has no measure), nor a comparison ("30% more than the bid")."""
    if anchor.dep_ == "dobj" and anchor.head.lemma_.lower() not in MEASURED_VERB_LEMMAS:
        return None
    following = max(item) + 1
    if following < len(anchor.doc) and anchor.doc[following].lower_ in COMPARATIVES:
        return None
    sent = anchor.sent
    if sent.start > 0 and anchor.doc[sent.start - 1].text == ":":
        sent = anchor.doc[anchor.doc[sent.start - 1].sent.start : sent.end]  # a list after a colon
    first, last = _clause_bounds(sent, item)
    before = [t for t in sent if first <= t.i < min(item) and _a_quantity(t)]
    argued = [t for t in before if t.dep_ in ARGUMENT_DEPS]
    if before:
        return (argued or before)[-1]  # "received research funding through appropriations"
    near = min(last, max(item) + AFTER_REACH)  # "41.9% ($3.9tn) of foreign holdings"
    after = [t for t in sent if max(item) < t.i <= near and _a_quantity(t)]
    return after[0] if after else None


def _clause_bounds(sent: Span, item: set[int]) -> tuple[int, int]:
    """The tokens between the semicolons around the amount, outside brackets: "Arco would owe
    $65bn in taxes; Belmar holds $28bn offshore" keeps the taxes out of Belmar's clause,
    "Arlow (down $4m; -2%)" keeps its bracket whole."""
    doc = sent.doc
    first, depth = sent.start, 0
    for i in range(min(item) - 1, sent.start - 1, -1):
        depth += {")": 1, "(": -1}.get(doc[i].text, 0)
        if doc[i].text == ";" and depth <= 0:
            first = i + 1
            break
    last, depth = sent.end - 1, 0
    for i in range(max(item) + 1, sent.end):
        depth += {"(": 1, ")": -1}.get(doc[i].text, 0)
        if doc[i].text == ";" and depth <= 0:
            last = i - 1
            break
    return first, last


def _a_quantity(token: Token) -> bool:
    return (
        token.pos_ == "NOUN"
        and (token.lemma_.lower() in QUANTITY_NOUNS or token.lower_ in QUANTITY_NOUNS)
        and not token.ent_type_
        and token.dep_ != "compound"
    )


def a_change_pointing_back(measure: Token, item: set[int]) -> bool:
    """ "$2m of the reduction", "most of this increase": a change named before, with no "in"
    phrase of its own to say what changed."""
    if measure.lemma_.lower() not in CHANGE_NOUNS or prep_object(measure, CHANGE_PREPS):
        return False
    return pointed(measure)


def elliptical_share(anchor: Token, item: set[int]) -> bool:
    """ "52% of voters agreed. However, 63% said ...": a bare percentage as the subject of its
    clause is a share of the whole named before it."""
    doc = anchor.doc
    percentage = doc[max(item)].lower_ in ("%", "percent", "per cent") or doc[
        max(item)
    ].text.endswith("%")
    if not percentage or anchor.dep_ not in ("nsubj", "nsubjpass"):
        return False
    return prep_object(anchor, OF) is None
