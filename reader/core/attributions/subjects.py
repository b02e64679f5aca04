"""Who a cue's subject is in spaCy's parse, and which of its words name the speaker."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader.core.lexicon import (
    EVIDENCE_NOUNS,
    GROUP_NOUNS,
    NAME_TITLES,
    ORG_DESCRIPTION_NOUNS,
    PERSON_DESCRIPTION_NOUNS,
    REPORTING_LEMMAS,
    SOURCE_NOUNS,
    SPOKESPERSON_NOUNS,
)
from reader.core.names import is_given_name

if TYPE_CHECKING:
    from spacy.tokens import Token


_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})


def _subject(verb: Token) -> Token | None:
    """Who speaks through a cue, in the parse: its subject, or that of the clause a
    participle, an infinitive or a joined verb goes on with."""
    subjects = [c for c in verb.children if c.dep_ in _SUBJECT_DEPS and not _is_dateline(c)]
    if not subjects:
        # "LISBON -- Mayor Ana Ruiz, opening the port, said ...": the parser made the dateline
        # the subject and the speaker its apposition
        subjects = [
            a
            for c in verb.children
            if c.dep_ in _SUBJECT_DEPS and c.i < verb.i
            for a in c.children
            if a.dep_ == "appos"
        ]
    if subjects:
        # two subjects are a parse of "The harbour, Ms Ruiz said, ...": the nearest speaks
        before = [c for c in subjects if c.i < verb.i]
        if len(before) >= 2 and _title_after_name(before[-2], before[-1], verb):
            return before[-2]
        return before[-1] if before else subjects[0]
    if verb.dep_ == "pcomp" and verb.head.dep_ == "prep":
        # "by forecasting ...", "stopped short of calling ...": the verb the phrase is on
        holder = verb.head.head
        while holder.pos_ not in {"VERB", "AUX"} and holder.dep_ in {"advmod", "prep", "acomp"}:
            holder = holder.head
        return _subject(holder)
    holder = verb.head
    if (
        verb.dep_ == "acl"
        and verb.tag_ == "VBG"
        and holder.dep_ == "dobj"
        and (holder.lemma_.lower() in SOURCE_NOUNS or not _is_agent(holder))
        and holder.head.i != holder.i
    ):
        # "The union issued a statement saying ...", "Airlines attacked the rules saying ...":
        # the participle hangs from the object, its subject is the clause's
        return _subject(holder.head)
    if (
        verb.dep_ == "conj"
        and verb.tag_ == "VBG"
        and holder.dep_ == "dobj"
        and not _is_agent(holder)
        and holder.head.i != holder.i
    ):
        # "The league issued a paper welcoming the plans, and calling for ...": joined to an
        # object the tagger took for a verb, the participle goes on with the clause's subject
        return _subject(holder.head)
    outer = _outer_report(verb)
    relative = outer if outer is not None else holder
    if (
        verb.tag_ == "VBG"
        and verb.dep_ in {"advcl", "conj"}
        and relative.dep_ == "relcl"
        and relative.lemma_ in REPORTING_LEMMAS
        and any(c.dep_ == "ccomp" for c in relative.children)
    ):
        # "Hale refused to pay a builder who said he was cheated, saying ...": a report after
        # a relative clause that has its own is the clause's whose object the antecedent is
        above = relative.head
        while above.pos_ not in {"VERB", "AUX"} and above.head.i != above.i:
            above = above.head
        if above.pos_ in {"VERB", "AUX"}:
            return _subject(above)
    if outer is not None:
        return _subject(outer)
    if verb.dep_ == "xcomp" and verb.tag_ == "VB" and holder.lemma_ not in {"promise", "vow"}:
        # "The senator forced Berg to admit that ...": the object of the verb the infinitive
        # completes is the one who speaks
        objects = [c for c in holder.children if c.dep_ == "dobj" and c.i < verb.i]
        if objects and _is_agent(objects[-1]):
            return objects[-1]
    if (
        verb.dep_ in {"conj", "advcl", "xcomp"}
        and verb.tag_ in {"VBG", "VBN", "VB", "VBD", "VBZ"}
        and verb.head.i != verb.i
    ):
        return _subject(verb.head)
    return None


def _outer_report(verb: Token) -> Token | None:
    """ "Rowe said the country would leave and suggested that ...", "Hale said he doubted it,
    arguing that ...": a reporting verb without a subject that the parser joined to the
    reported clause continues the report around it, so it is the reporter's."""
    if verb.dep_ not in {"conj", "advcl"} or verb.lemma_ not in REPORTING_LEMMAS:
        return None
    if verb.dep_ == "advcl" and verb.tag_ != "VBG":
        return None
    clause = verb.head
    reporter = clause.head
    if (
        clause.dep_ != "ccomp"
        or clause.i < reporter.i
        or reporter.lemma_ not in REPORTING_LEMMAS
        or reporter.pos_ not in {"VERB", "AUX"}
    ):
        return None
    return reporter


def _title_after_name(name: Token, title: Token, verb: Token) -> bool:
    """ "Ana Ruiz, harbour and docks secretary, said": a parse that makes the title set
    between commas a second subject. The name speaks, not the nearer title."""
    doc = verb.doc
    return (
        (name.pos_ == "PROPN" or name.ent_type_ in {"PERSON", "ORG"})
        and title.pos_ == "NOUN"
        and not title.ent_type_
        and name.right_edge.i + 2 == title.left_edge.i
        and doc[name.right_edge.i + 1].text == ","
        and doc[verb.i - 1].text == ","
        and title.right_edge.i < verb.i
    )


def _coordinated_organisations(subject: Token) -> tuple[Token, Token] | None:
    """ "Norland Re and Swiss Re said", "Labour and the Greens claim": two organisations or
    parties that speak together, as the first and last word of their names. Never people
    ("Ruiz and Berg"), whom the model often takes for organisations."""
    conjuncts = [c for c in subject.children if c.dep_ == "conj" and c.i > subject.i]
    joined = [c for c in subject.children if c.dep_ == "cc" and c.lower_ == "and"]
    if len(conjuncts) != 1 or len(joined) != 1 or not (subject.i < joined[0].i < conjuncts[0].i):
        return None
    other = conjuncts[0]
    if any(c.dep_ == "conj" for c in other.children):
        return None  # a list of three or more
    first = subject.doc[subject.left_edge.i : subject.i + 1]
    second = subject.doc[joined[0].i + 1 : other.i + 1]
    words = [t for t in [*first, *second] if t.pos_ != "DET"]
    if any(not (t.ent_type_ or t.pos_ == "PROPN") or t.text[:1].islower() for t in words):
        return None
    if any(is_given_name(t.text) or t.text.rstrip(".") in NAME_TITLES for t in words):
        return None
    if not any(t.ent_type_ in {"ORG", "NORP"} for t in words):
        return None
    return first[0], other


def _is_dateline(token: Token) -> bool:
    """ "WASHINGTON — ...": the place a story was filed from, never its speaker."""
    doc = token.doc
    after = doc[token.i + 1] if token.i + 1 < len(doc) else None
    return (
        token.text.isupper()
        and len(token.text) > 3
        and after is not None
        and after.text in {"—", "―", "–", "-", "--"}
    )


def _speaker_tokens(subject: Token) -> tuple[Token, Token]:
    """The naming part of a subject: no appositions, relative clauses or trailing commas."""
    if subject.lower_ in {"who", "which", "that"} and subject.head.dep_ == "relcl":
        subject = subject.head.head
    left = subject.left_edge
    right = subject
    if subject.lemma_.lower() in EVIDENCE_NOUNS:
        # "A survey of 90 ports by Harlow Partners": the source is inside
        return left, subject.right_edge
    for child in subject.rights:
        if (
            child.dep_ == "prep"
            and child.lower_ in {"for", "of", "at"}
            and subject.lemma_.lower() in SPOKESPERSON_NOUNS
        ):
            right = child.right_edge  # "a spokesman for the port authority"
            break
        if child.dep_ in {"appos", "relcl", "punct", "acl", "cc", "conj", "prep"}:
            break
        right = child.right_edge
    doc = subject.doc
    while left.i < right.i and (
        doc[left.i].is_punct
        or doc[left.i].lower_ in {"but", "and"}
        or (doc[left.i].dep_ == "advmod" and doc[left.i].head.i == subject.i)
    ):
        left = doc[left.i + 1]  # "Even Norland said": a focus adverb names nobody
    return left, right


def _named_apposition(subject: Token) -> list[Token] | None:
    """The name set beside a title or description that is the subject: "His lawyer Maria
    Lindqvist", "Shipping analysts Brightwater", "the union's leader, Ana Ruiz,", "The new
    Chancellor, Ana Ruiz,", and a name given to one of a group: "One of the bidders, Oslo
    firm Norland,"."""
    holder = subject
    if subject.lower_ == "one" and subject.ent_type_ != "PERSON":
        of = next((c for c in subject.rights if c.dep_ == "prep" and c.lower_ == "of"), None)
        holder = next((c for c in of.children if c.dep_ == "pobj"), subject) if of else subject
    if holder.pos_ == "PROPN":
        # "The new President, ...": a title written as a name, with no name of its own
        if holder.ent_type_ or holder.lemma_.lower() not in PERSON_DESCRIPTION_NOUNS:
            return None
    elif holder.ent_type_ or holder.pos_ != "NOUN":
        return None
    appositions = [*holder.rights, *(subject.rights if holder is not subject else ())]
    for child in appositions:
        if child.dep_ != "appos":
            continue
        entity = next((e for e in child.doc.ents if e.start <= child.i < e.end), None)
        first = child.left_edge
        if entity is not None and entity.label_ in {"PERSON", "ORG"} and entity.end - 1 == child.i:
            name = [t for t in entity if t.i >= first.i]
            if name:
                return name
        elif child.pos_ == "PROPN" and first.text.rstrip(".") in NAME_TITLES and first.i < child.i:
            # "the Lord Chancellor, Lord Fairfax,": a title opens a name the model may miss
            return list(child.doc[first.i : child.i + 1])
        elif _close_apposition(holder, child):
            return list(child.doc[first.i : child.i + 1])
    return None


_NOT_NAME_LABELS = frozenset(
    {"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "PERCENT", "MONEY"}
)


def _close_apposition(description: Token, child: Token) -> bool:
    """ "Telecom analysts Everest", "regulator Ofwave": a proper noun right after a noun that
    describes a speaker, with no comma, is its name whatever label the model gave it."""
    words = child.doc[child.left_edge.i : child.i + 1]
    return (
        child.left_edge.i == description.i + 1
        and all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in words)
        and child.ent_type_ not in _NOT_NAME_LABELS
        and description.lemma_.lower()
        in (PERSON_DESCRIPTION_NOUNS | ORG_DESCRIPTION_NOUNS | GROUP_NOUNS)
    )


def _described_before(left: Token, entity_idx: int) -> bool:
    """ "Software giant Quillon", "telecom regulator Norland": an organisation's name after
    common words that describe it (no owner's "'s", no other name) is the name alone."""
    before = []
    for token in left.doc[left.i :]:
        if token.idx >= entity_idx:
            break
        before.append(token)
    return any(t.pos_ == "NOUN" for t in before) and all(
        t.pos_ in {"NOUN", "ADJ", "DET"} and not t.ent_type_ for t in before
    )


def _is_agent(subject: Token | None) -> bool:
    """Someone who can speak or promise: a name, a pronoun, a role or a group of people,
    not a thing ("the scheme promises to pay")."""
    if subject is None:
        return False
    if subject.pos_ in {"PROPN", "PRON"} or subject.ent_type_ in {"PERSON", "ORG", "GPE", "NORP"}:
        return True
    lemma = subject.lemma_.lower()
    return lemma in PERSON_DESCRIPTION_NOUNS | ORG_DESCRIPTION_NOUNS | GROUP_NOUNS
