"""Which words are cues, and which cues report nothing: a question, a poll's share, a
negation, a passive with no agent, a thing for a subject."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from reader.core.attributions.subjects import _is_agent, _subject
from reader.core.lexicon import (
    AGENT_ONLY_LEMMAS,
    GROUP_NOUNS,
    ORG_DESCRIPTION_NOUNS,
    PERSON_DESCRIPTION_NOUNS,
    REPORTING_LEMMAS,
    REPORTING_NOUNS,
    SOURCE_NOUNS,
    THING_NOUNS,
    WEAK_REPORTING_LEMMAS,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


# Cues whose clause is a question, not a claim: "asked whether the levy was legal".
_QUESTION_LEMMAS = frozenset({"ask", "question", "wonder", "query", "inquire", "enquire"})
_QUESTION_WORDS = frozenset({"whether", "if", "why", "how", "what", "when", "where", "who"})
# "40% of those polled said …", "four in ten respondents believe …": a share of a survey's
# respondents is the survey's finding, not a speaker.
_SHARE = re.compile(
    r"^(?:some |about |around |nearly |almost |over |more than |just )?"
    r"(?:\d[\d.,]*\s?(?:%|per ?cent)|\w+ in (?:\w+|\d+)|half|a (?:third|quarter|fifth|majority)"
    r"|(?:two|three)[- ](?:thirds|quarters)|most|the majority|a minority)(?!\w)",
    re.IGNORECASE,
)
_RESPONDENTS = frozenset(
    """respondent respondents poll polled survey surveyed asked questioned interviewed
    sampled participant participants""".split()
)


def _reports_own_clause(verb: Token) -> bool:
    """A cue after a quotation with a clause of its own after it ('"We lost." Berg said the
    port would close'): it reports that clause, not the quotation before it."""
    doc = verb.doc
    return any(
        c.dep_ == "ccomp"
        and c.i > verb.i
        and not any(t.is_punct for t in doc[verb.i + 1 : c.left_edge.i + 1])
        for c in verb.children
    )


def _verb_tagged_noun(token: Token) -> bool:
    """ "Ruiz claims that he ...": a cue the tagger took for a plural noun although the parser
    gave it a subject and a clause, as it gives a verb."""
    if token.tag_ != "NNS":
        return False
    deps = {c.dep_ for c in token.children if c.i != token.i}
    return "nsubj" in deps and "ccomp" in deps


def _is_question(verb: Token, complement: Token) -> bool:
    if verb.lemma_ not in _QUESTION_LEMMAS or complement.i < verb.i:
        return False
    return complement.left_edge.lower_ in _QUESTION_WORDS


def _is_poll_share(subject: Token | None) -> bool:
    if subject is None:
        return False
    words = subject.doc[subject.left_edge.i : subject.right_edge.i + 1]
    return bool(_SHARE.match(words.text)) and any(t.lower_ in _RESPONDENTS for t in words)


def _is_negated(verb: Token) -> bool:
    return any(c.dep_ == "neg" for c in verb.children)


def _asked_in_question(verb: Token) -> bool:
    """A cue in a hypothetical question, its modal before its subject: "Would anyone believe
    the ferries run on time?", "Could Ruiz claim the port is safe?". ("Has he called for it?"
    is left alone: the writer may be pointing at a report.)"""
    subject = _subject(verb)
    if subject is None or not verb.sent.text.rstrip().endswith("?"):
        return False
    return any(
        c.dep_ == "aux" and c.tag_ == "MD" and c.i < subject.left_edge.i for c in verb.children
    )


def _found_no_claim(complement: Token) -> bool:
    """What "find" takes when it reports no finding: "find it hard to ...", a verdict on a
    task, or "finding what we have in common", a thing looked for."""
    first = complement.left_edge
    if first.tag_ in {"WP", "WRB", "WDT"} and first.lower_ != "that":
        return True
    children = list(complement.children)
    return (
        complement.pos_ == "ADJ"
        and any(c.dep_ == "nsubj" and c.lower_ == "it" for c in children)
        # "found it likely that the fire was arson" is a finding
        and any(any(g.lower_ == "to" and g.dep_ == "aux" for g in c.children) for c in children)
    )


def _absolute_participle(verb: Token) -> bool:
    """ "with the minister expected to visit", "with talks said to be close": after "with" a
    cue has no tense of its own, so a form in -ed is a passive participle with no source."""
    return (
        verb.head.lower_ == "with"
        and verb.dep_ in {"pcomp", "pobj", "acl"}
        and verb.tag_ in {"VBD", "VBN"}
        and not any(c.dep_ in {"aux", "auxpass", "agent"} for c in verb.children)
    )


# "asked her to confirm", "leads readers to believe": verbs whose object is only led, asked or
# wanted to say or think something ("forced him to admit" did make him admit it).
_UNFULFILLED_CONTROL = frozenset(
    "lead ask urge want encourage invite tell expect need allow mislead".split()
)


_CUE_WORDS = REPORTING_LEMMAS | REPORTING_NOUNS | {"according", "put", "make"}


def _candidate_cues(doc: Doc) -> Iterator[Token]:
    """Tokens that may be a cue, picked by lemma from the Doc's arrays: long reports hold
    hundreds of thousands of tokens, and making a Python object for each costs more than the
    rules that follow."""
    from spacy.attrs import LEMMA, LOWER

    strings = doc.vocab.strings
    wanted = {strings.add(word) for word in _CUE_WORDS}
    values = doc.to_array([LEMMA, LOWER])
    for i, (lemma, lower) in enumerate(values.tolist()):
        if lemma in wanted or lower in wanted:
            yield doc[i]


def _is_thing(subject: Token) -> bool:
    """A common noun that is neither a speaker, a group of people, a body nor a document, and
    names nobody: "the result", "the move", "the system"."""
    if subject.pos_ != "NOUN" or subject.ent_type_:
        return False
    lemma = subject.lemma_.lower()
    if lemma in PERSON_DESCRIPTION_NOUNS | ORG_DESCRIPTION_NOUNS | GROUP_NOUNS | SOURCE_NOUNS:
        return False
    named = any(t.ent_type_ or t.pos_ in {"PROPN", "PRON"} for t in subject.subtree)
    return not named and lemma in THING_NOUNS


def _goes_on_about(verb: Token) -> bool:
    """ "went on about", "rambled on about": talk, the words quoted after it are what was said."""
    children = {(c.dep_, c.lower_) for c in verb.children}
    return (
        verb.lemma_ in {"go", "ramble", "rant", "drone"}
        and ("prt", "on") in children
        and ("prep", "about") in children
    )


def _speechless_antecedent(verb: Token, subject: Token) -> bool:
    """A relative clause's pronoun standing for a common noun that can neither speak nor be a
    document: "the illness, which confirmed ...", "a gesture that described ..."."""
    if verb.dep_ != "relcl" or subject.lower_ not in {"which", "that"}:
        return False
    antecedent = verb.head
    if antecedent.pos_ != "NOUN" or antecedent.ent_type_ or _is_agent(antecedent):
        return False
    if antecedent.lemma_.lower() in SOURCE_NOUNS:
        return False
    return not any(t.ent_type_ or t.pos_ in {"PROPN", "PRON"} for t in antecedent.lefts)


def _is_as_clause(verb: Token) -> bool:
    """ "as Ruiz puts it", "as Berg said": a reporting clause introduced by "as"."""
    if verb.dep_ != "advcl" or not any(
        c.dep_ == "mark" and c.lower_ == "as" for c in verb.children
    ):
        return False
    objects = [c for c in verb.children if c.dep_ in {"dobj", "ccomp", "xcomp", "oprd"}]
    if verb.lemma_ == "put":
        cue_ok = [c.lower_ for c in objects] == ["it"]
    else:
        cue_ok = (
            verb.lemma_ in REPORTING_LEMMAS
            and verb.lemma_ not in WEAK_REPORTING_LEMMAS | AGENT_ONLY_LEMMAS
            and not objects
        )
    # set off by commas or the sentence's edges: "As Ruiz put it, ...", "..., as Berg noted."
    doc = verb.doc
    left, right = verb.left_edge, verb.right_edge
    opens = left.i == verb.sent.start or doc[left.i - 1].text in {",", "—", "–", "("}
    after = doc[right.i + 1] if right.i + 1 < len(doc) else None
    closes = after is None or after.text in {",", ".", "—", "–", ")", ";"}
    return cue_ok and opens and closes
