"""Whose an amount is, or where it applies (CONTEXT_GUIDELINES, "Subject").

The owner is looked for first on the measured noun itself, where English writes it: a
possessive ("Tesco's sales"), a proper name before it ("Tesco shares"), or "at"/"in" after it
("profits at Tesco Bank", "prices in Spain"). Then on the clause: the subject of the verb that
carries the amount ("Tesco reported sales of £2bn"), never that of a verb of saying, which is a
source. A pronoun is resolved to the nearest subject before it in its sentence, else to the
subject of the sentence before; a chain of pronouns is not followed.

Also owners: the name an amount is listed with ("Arlow (down $4m)", "Brenn: $10m"), the noun
that has the measure ("districts with an elevation of 350 m"), the giver on the participle
that carries the amount ("donations totalling £5m from Acme"), the people a rate or aid is for,
a place the amount's verb happens in, and the owner of the same measure in the sentence before.
Never owners: sources (verbs of saying, reporting, finding, estimating, rating), a policy or
process that sets or yields an amount, who imposes a levy on others, and an unresolved pronoun.
An owner is named, not described: the names a description stands in apposition to."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader.core.context_time import FISCAL_RE
from reader.core.context_tree import (
    AMOUNT_LABELS,
    FOR,
    NAME_LABELS,
    NOT_THINGS,
    NOUNS,
    OF,
    PRONOUNS,
    SUBJECT_DEPS,
    VERBS,
    Sentence,
    ancestors,
    child,
    clause_head,
    entity_of,
    left_phrase,
    pointed,
    prep_object,
    subject_of,
)
from reader.core.lexicon import (
    ACTING_NOUNS,
    BEARING_LEMMAS,
    BENEFIT_NOUNS,
    CAUSE_VERB_LEMMAS,
    CHANGE_NOUNS,
    CHANGE_VERB_LEMMAS,
    FINDING_FORMS,
    FINDING_LEMMAS,
    FLOW_LEMMAS,
    GENERIC_AMOUNT_NOUNS,
    HOLDER_NOUNS,
    HOLDING_LEMMAS,
    IMPOSING_LEMMAS,
    LEVY_NOUNS,
    NOT_BEARERS,
    PLACE_KIND_NOUNS,
    QUANTITY_NOUNS,
    REPORTING_LEMMAS,
    SINGULAR_PRONOUNS,
    SOURCE_NOUNS,
    SPEECH_LEMMAS,
)
from reader.core.model import Span

if TYPE_CHECKING:
    from spacy.tokens import Span as Sent
    from spacy.tokens import Token

OWNER_PREPS = frozenset({"at", "in", "of"})
AGENT_PREPS = frozenset({"by", "from"})
BY = frozenset({"by"})
PLACE_LABELS = frozenset({"GPE", "LOC"})
PLACE_PREPS = frozenset({"in", "at"})
SCOPE_PREPS = frozenset({"for", "on", "in", "among", "across"})
NOT_SCOPES = frozenset({"example", "instance", "comparison", "contrast", "addition"})
OWNER_COMPOUND_LABELS = NAME_LABELS - {"NORP"}  # "French wine exports": an adjective of place
# Words between a listed name's bracket or colon and its amount: "Arlow (down $4m)".
LEAD_WORDS = frozenset(
    "up down about approximately around nearly almost some roughly over under just".split()
)
SUBJECT_PHRASE_DEPS = frozenset({"compound", "amod", "nmod", "det", "poss", "case", "punct"})


def owner_token(measure: Token, item: set[int]) -> Token | None:
    """The owner written on the measured noun: "Tesco's", "Tesco shares", "profits at Tesco"."""
    owner = child(measure, frozenset({"poss"}))
    if owner is not None:
        return owner
    for token in measure.lefts:
        if token.dep_ == "compound" and token.ent_type_ in OWNER_COMPOUND_LABELS:
            return token
    named = _name_among_modifiers(measure, item)
    if named is not None:
        return named  # "total U.S. publicly held debt"
    preps = OWNER_PREPS - {"of"} | ({"for"} if measure.lemma_.lower() in BENEFIT_NOUNS else set())
    found = prep_object(measure, frozenset(preps))
    if found is None and "for" in preps:  # "(the amount of) aid needed for poor countries"
        for noun in (measure, _counted_by(measure)):
            participle = child(noun, frozenset({"acl"})) if noun is not None else None
            found = found or (prep_object(participle, FOR) if participle is not None else None)
    if found is not None and found.i not in item and _a_thing(found):
        return found  # "profits at Tesco Bank", "a £3,000 grant for carers"
    found = prep_object(measure, FOR)
    holders = found is not None and (_owner_name(found) or found.lemma_.lower() in HOLDER_NOUNS)
    if found is not None and found.i not in item and holders and _a_thing(found):
        return found  # "maintenance costs for Arlow and Brenn", "the jobless rate for young people"
    found = prep_object(measure, AGENT_PREPS)
    if found is not None and found.i not in item and _a_thing(found):
        return found  # "a bid by Asda"
    return _paid_by(measure, item) or _bearer(measure, item)


def repeated_owner(measure: Token, before: Sent) -> Token | None:
    """The owner of the same measure in the sentence before, which this one leaves out: "Pension
    contributions made by firms have grown. In 2019, contributions rose by 4.5%"; "The seeding
    rates of the new wheat vary. The seeding rates are 100 to 150 kg per ha"."""
    lemma = measure.lemma_.lower()
    if measure.pos_ != "NOUN" or lemma in GENERIC_AMOUNT_NOUNS:
        return None
    for token in before:
        if token.pos_ != "NOUN" or token.lemma_.lower() != lemma:
            continue
        owner = owner_token(token, set()) or _of_owner(token)
        if owner is not None:
            return owner
    return None


def _of_owner(measure: Token) -> Token | None:
    found = prep_object(measure, OF)
    if found is None or not _a_thing(found) or found.lemma_.lower() in GENERIC_AMOUNT_NOUNS:
        return None
    counted = any(c.dep_ in ("nummod", "quantmod") for c in found.children)
    if found.ent_type_ in AMOUNT_LABELS or counted:
        return None  # "sales of 2.6bn euros": an amount, not an owner
    return found


def _counted_by(measure: Token) -> Token | None:
    """ "the amount of aid": the counting noun whose "of" the measure is."""
    head = measure.head
    if measure.dep_ == "pobj" and head.lower_ == "of":
        counter = head.head
        return counter if counter.lemma_.lower() in GENERIC_AMOUNT_NOUNS else None
    return None


def _paid_by(measure: Token, item: set[int]) -> Token | None:
    """ "contributions made by firms", "donations totalling £5m from Acme": the agent of the
    participle on the measure ("from" only on the participle that carries the amount, not
    "claims resulting from hurricanes")."""
    for participle in measure.children:
        if participle.dep_ != "acl":
            continue
        carries = any(c.i in item for c in participle.children)
        if not carries and participle.lemma_.lower() not in FLOW_LEMMAS:
            continue  # "damage caused by hurricanes": a cause, not a payer
        found = prep_object(participle, AGENT_PREPS if carries else BY)
        if found is not None and _a_thing(found):
            return found
    return None


def _bearer(measure: Token, item: set[int]) -> Token | None:
    """The noun that has the measure: "districts with an elevation below 350 m", "blends
    containing 10% ethanol"."""
    link = measure.head
    bearer = link.head
    with_phrase = measure.dep_ == "pobj" and link.lower_ == "with" and link.dep_ == "prep"
    bearing = link.dep_ == "acl" and link.lemma_.lower() in BEARING_LEMMAS
    if not with_phrase and not (measure.dep_ == "dobj" and bearing):
        return None
    if bearer.i in item or bearer.pos_ not in NOUNS or not _a_thing(bearer):
        return None
    return None if bearer.lemma_.lower() in NOT_BEARERS else bearer


def _name_among_modifiers(measure: Token, item: set[int]) -> Token | None:
    """A name deeper among the measure's left modifiers: "the U.S. publicly held debt"."""
    for left in measure.lefts:
        if left.dep_ in ("amod", "compound", "nmod"):
            for token in left.subtree:
                if token.i not in item and token.pos_ == "PROPN" and _owner_name(token):
                    return token
    return None


def _owner_name(token: Token) -> bool:
    return token.ent_type_ in OWNER_COMPOUND_LABELS


def clause_owner(word: Token, measure: Token | None, item: set[int]) -> Token | None:
    """The subject of the clause that carries the amount, unless it is the measure itself or
    the clause reports speech."""
    verb = clause_head(word)
    if verb.dep_ == "acl" and measure is not None and verb.head == measure:
        verb = clause_head(measure)  # "a club with debts totalling £4m"
    if verb.pos_ not in VERBS or _reports(verb) or _causes(verb) or _imposes(verb, measure):
        return None
    place = _place_of(word, verb)
    if place is not None:
        return place  # "the euro was buying 131.2 yen in Frankfurt"
    subject = subject_of(verb)
    if subject is None or subject.i in item or subject == measure or not _a_thing(subject):
        return None
    if measure is not None and subject in measure.ancestors and not _had_by(subject, verb, measure):
        return None
    if subject.lemma_.lower() in SOURCE_NOUNS | GENERIC_AMOUNT_NOUNS:
        return None  # "a survey put the cost at $5bn": a source; "the portion varied": no owner
    if subject.lemma_.lower() in ACTING_NOUNS and subject.pos_ == "NOUN":
        return None  # "new rules set compensation at €250": a policy or process owns nothing
    place = prep_object(subject, PLACE_PREPS)
    if place is not None and place.ent_type_ in OWNER_COMPOUND_LABELS:
        return place  # "the trade in Norland grew, with exports of €2bn"
    if subject.lemma_.lower() in QUANTITY_NOUNS | CHANGE_NOUNS:
        return owner_token(subject, item)  # "Norland's trade gap narrowed, helped by a 5% rise"
    return subject


def _had_by(noun: Token, verb: Token, measure: Token) -> bool:
    """A noun owns what its relative clause says it has: "The bank, which made a profit of
    £1.3bn". Not what it changes ("the reform, which cut aid by $5bn") nor a share of a whole
    it is ("white voters, who make up 65% of the state's population": the state's)."""
    return (
        verb.dep_ == "relcl"
        and verb.head == noun
        and measure.head == verb
        and measure.dep_ == "dobj"
        and verb.lemma_.lower() not in CHANGE_VERB_LEMMAS
    )


def points_back(anchor: Token) -> bool:
    """Whether the amount's clause is about a quantity named before: "The portion varied:
    NPS $4m, FS $2m", "The figure rose to 5%"."""
    if _the_other(anchor) or _of_the_whole(anchor):
        return True
    subject = subject_of(clause_head(anchor))
    if subject is None or subject.lemma_.lower() not in GENERIC_AMOUNT_NOUNS:
        return False
    return pointed(subject)


def _the_other(anchor: Token) -> bool:
    """ "Pension funds hold the other 58%": the rest of a whole named before."""
    words = {t.lower_ for t in anchor.lefts}
    return "the" in words and bool(words & {"other", "remaining"})


def _of_the_whole(anchor: Token) -> bool:
    """ "another 9% of the total": a share of the whole named before."""
    whole = prep_object(anchor, OF)
    if whole is None or whole.lemma_.lower() not in GENERIC_AMOUNT_NOUNS:
        return False
    return pointed(whole)


def holder(anchor: Token, measure: Token, item: set[int]) -> Token | None:
    """Who holds a share of a whole: "Norway holds 9% of the fund", "it bought 60% of X"."""
    verb = clause_head(anchor)
    if verb.lemma_.lower() not in HOLDING_LEMMAS:
        return None
    return clause_owner(anchor, measure, item)


def share_is_for(anchor: Token) -> Token | None:
    """What a share of a whole is, or is for: "25% of the loans were for homes" → homes;
    "about 40% of the fuel sold is diesel" → diesel."""
    share = anchor
    while share.dep_ == "appos" or (share.dep_ == "pobj" and share.head.lower_ == "of"):
        share = share.head if share.dep_ == "appos" else share.head.head
    verb = share.head
    if share.dep_ != "nsubj" or verb.lemma_.lower() != "be":
        return None
    found = prep_object(verb, FOR) or child(verb, frozenset({"attr"}))
    return found if found is not None and _a_thing(found) else None


def scope_owner(anchor: Token) -> Token | None:
    """Where a whole sentence applies, said before its clause: "For joint filers, the rate is
    15%", "In Norland, prices rose 4%", "For example, on a single return, ..."."""
    root = anchor.sent.root
    subject = child(root, SUBJECT_DEPS)
    end = subject.i if subject is not None else root.i
    for prep in root.children:
        if prep.i >= end or prep.dep_ != "prep" or prep.lower_ not in SCOPE_PREPS:
            continue
        found = child(prep, frozenset({"pobj"}))
        if found is None or not _a_thing(found) or found.lower_ in NOT_SCOPES:
            continue
        if prep.lower_ != "in" or found.ent_type_ in OWNER_COMPOUND_LABELS:
            return found  # not "In general", "In this scenario": no place
    return None


def listed_owner(anchor: Token, item: set[int]) -> Token | None:
    """A name an amount is listed with, in brackets or after a colon: "Norland ($1.2 billion),
    Vestria (...)", "Arlow (down $4 million; -2%)", "Arlow: $24 million, Brenn: $10 million"."""
    doc = anchor.doc
    before = min(item) - 1
    while before > 0 and (doc[before].lower_ in LEAD_WORDS or doc[before].pos_ == "SYM"):
        before -= 1
    if before < 1 or doc[before].text not in ("(", ":"):
        return _appositive_name(anchor)
    name = doc[before - 1]
    capitalised = name.pos_ in NOUNS and name.text[:1].isupper()
    listed = capitalised or name.ent_type_ in OWNER_COMPOUND_LABELS
    if not listed or name.ent_type_ in NOT_THINGS or FISCAL_RE.match(name.text):
        return _appositive_name(anchor)
    return name


def _appositive_name(anchor: Token) -> Token | None:
    head = anchor.head
    if anchor.dep_ == "appos" and head.pos_ == "PROPN" and head.ent_type_ not in NOT_THINGS:
        return head
    return None


def _reports(verb: Token) -> bool:
    """A verb of saying with what was said ("Ann said it was £5m"), not one whose object is the
    money itself ("passengers can claim €300")."""
    if verb.lemma_.lower() in FINDING_LEMMAS or verb.lower_ in FINDING_FORMS:
        return True  # "researchers found 64%", "the bank estimated the cost at $5bn": sources
    lemma = verb.lemma_.lower()
    if lemma not in REPORTING_LEMMAS:  # the verbs of saying are among them
        return False
    said = any(c.dep_ in ("ccomp", "xcomp") for c in verb.children)
    if lemma not in SPEECH_LEMMAS:
        return said  # "announced that profits fell 5%", but "announced profits of £5m"
    return said or not any(c.dep_ in ("dobj", "prep") for c in verb.children)


def _place_of(word: Token, verb: Token) -> Token | None:
    """A place the amount's own verb is said to happen in ("traded at $2 in Tokyo"), which
    CONTEXT_GUIDELINES ranks before the verb's subject."""
    for step in ancestors(word):
        for prep in step.children:
            if prep.dep_ == "prep" and prep.lower_ in PLACE_PREPS:
                place = child(prep, frozenset({"pobj"}))
                if place is not None and place.ent_type_ in PLACE_LABELS:
                    return place
        if step == verb:
            return None
    return None


def _imposes(verb: Token, measure: Token | None) -> bool:
    """ "The party would impose a 50% top rate": who proposes a levy on others does not pay it
    (CONTEXT_GUIDELINES: the proposer of a policy is no subject)."""
    lemma = verb.lemma_.lower()
    if lemma in IMPOSING_LEMMAS:
        return True
    levied = measure is not None and measure.lemma_.lower() in LEVY_NOUNS
    return lemma == "set" and levied


def _causes(verb: Token) -> bool:
    """ "A weak pound drove a 2% rise in sales": the subject causes the change, owns nothing."""
    if verb.lemma_.lower() not in CAUSE_VERB_LEMMAS:
        return False
    changed = child(verb, frozenset({"dobj"}))
    return changed is not None and changed.lemma_.lower() in CHANGE_NOUNS


def _a_thing(token: Token) -> bool:
    """A noun or pronoun that can own an amount, not a date or a number."""
    if token.ent_type_ in NOT_THINGS or FISCAL_RE.match(token.text):
        return False  # "FY2026" is a time, even untagged
    return token.pos_ in NOUNS or token.lower_ in PRONOUNS


def resolve(token: Token, here: Sentence, before: Sentence | None) -> tuple[Sentence, Token] | None:
    """A pronoun's mention: the nearest subject before it in its sentence, else the main
    subject of the sentence before; anything else as it is. A name, not its description."""
    if token.lower_ not in PRONOUNS:
        return here, _named_in_apposition(token)
    earlier = here.sent.doc[here.sent.start : token.i]
    found = _antecedent(earlier, token)
    if found is not None:
        return here, _named_in_apposition(found)
    if before is None:
        return None
    subject = subject_of(before.sent.root)
    if subject is not None and _named(subject) and _agrees(token, subject):
        return before, _named_in_apposition(subject)
    found = _antecedent(before.sent, token)
    return (before, _named_in_apposition(found)) if found is not None else None


def _antecedent(words: Sent, pronoun: Token) -> Token | None:
    """The mention a pronoun after ``words`` stands for: the last name among their subjects and
    possessors ("The UK's deficit fell, while its ..."), else their last subject noun."""
    subjects = [
        t for t in words if t.dep_ in SUBJECT_DEPS | {"poss"} and _named(t) and _agrees(pronoun, t)
    ]
    names = [t for t in subjects if t.ent_type_ in OWNER_COMPOUND_LABELS]
    if names:
        return names[-1]
    nouns = [t for t in subjects if t.dep_ != "poss"]
    return nouns[-1] if nouns else None


def _agrees(pronoun: Token, mention: Token) -> bool:
    """Whether a pronoun can stand for the mention: "its", "his" or "her" never for a plural
    noun ("Officials said its deficit grew"). Only the number of common nouns is trusted: the
    model's entity labels are too often wrong for a person's or a firm's "his" or "its"."""
    plural = mention.tag_ == "NNS" and not mention.ent_type_
    return not (plural and pronoun.lower_ in SINGULAR_PRONOUNS)


def _named_in_apposition(token: Token) -> Token:
    """ "from IT giant Norco", "the town of Elsby": the name, not its description."""
    if token.ent_type_ in NAME_LABELS:
        return token
    if token.lemma_.lower() in PLACE_KIND_NOUNS:
        place = prep_object(token, OF)
        if place is not None and place.ent_type_ in OWNER_COMPOUND_LABELS:
            return place
    for appos in token.children:
        if appos.dep_ == "appos" and appos.ent_type_ in OWNER_COMPOUND_LABELS:
            return appos
    if token.dep_ == "appos" and token.head.ent_type_ in OWNER_COMPOUND_LABELS:
        return token.head  # "Arlow and Brenn—the two ports—": the names
    bare = token.pos_ == "NOUN" and not any(c.dep_ == "det" for c in token.children)
    if bare:  # a description without an article runs on into its name
        for conjunct in token.conjuncts:  # "businessman and philanthropist Sir Ann Lee"
            named = [t for t in conjunct.subtree if t.ent_type_ == "PERSON"]
            if conjunct.i > token.i and named:
                return named[-1]
    return token


def _named(token: Token) -> bool:
    return (
        token.pos_ in NOUNS and token.lower_ not in PRONOUNS and token.ent_type_ not in NOT_THINGS
    )


def subject_span(where: Sentence, token: Token) -> Span:
    """The mention as written: a name whole, else the noun with its modifiers and possessor."""
    entity = entity_of(token)
    if entity is not None and entity.label_ in NAME_LABELS:
        last = entity[-1]
        if last.dep_ == "case":
            last = entity[-2] if len(entity) > 1 else last
        return where.span(entity[0], _through_conjuncts(last))
    pronouns = {t.i for t in token.lefts if t.dep_ == "poss" and t.lower_ in PRONOUNS}
    first = left_phrase(token, SUBJECT_PHRASE_DEPS, pronouns)
    return where.span(first, _through_conjuncts(token))


def _through_conjuncts(last: Token) -> Token:
    """Coordinated owners are one span: "Chile and Peru", "Ann, Bo and Cy"."""
    head = last.head if last.dep_ == "compound" else last
    end = last
    for conjunct in sorted(head.conjuncts, key=lambda t: t.i):
        between = last.doc[end.i + 1 : conjunct.i]
        if conjunct.i < end.i or any(t.text in "()[];" or t.like_num for t in between):
            continue  # "Ann (£5m), Bo": each name with its own amount
        if conjunct.pos_ == "PROPN" and head.pos_ == "PROPN":
            end = conjunct
    return end
