"""Where what was said starts and ends: the complement a cue reports, its last word, and
the cue's own extent."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from reader.core.attributions.cues import _QUESTION_LEMMAS, _goes_on_about
from reader.core.attributions.subjects import _SUBJECT_DEPS, _is_agent, _subject
from reader.core.lexicon import (
    CLAUSE_LEMMAS,
    COMMITMENT_LEMMAS,
    EVIDENCE_NOUNS,
    EVIDENCE_VERBS,
    NOMINAL_CONTENT_LEMMAS,
    OBJECT_CONTENT_LEMMAS,
    OPINION_NOUNS,
    PERSON_PRONOUNS,
    REPORTING_LEMMAS,
    REPORTING_NOUNS,
)
from reader.core.limits import MIN_NOMINAL_CONTENT_WORDS
from reader.core.model import Span
from reader.core.parsed import ParsedArticle
from reader.core.quotes import word_count

if TYPE_CHECKING:
    from spacy.tokens import Token


_CONTENT_TRIM = " \t\n,;:.—–-"
_DATELINE = re.compile(r"[A-Z][A-Z.,' ]{2,40}(?:\([^)]{1,20}\))?[^\S\n]*(?:[―—–]|--)[^\S\n]*")
_DANGLING_END = re.compile(r"[\s,]+(?:and|but|or|so|while|as|when)$")


def _trim(article: ParsedArticle, start: int, end: int) -> Span | None:
    text = article.text
    while start < end and text[start] in _CONTENT_TRIM:
        start += 1
    dateline = _DATELINE.match(text, start, end)
    if dateline is not None:
        start = dateline.end()  # "PORTSMOUTH — The harbour ..."
    while end > start:
        while end > start and text[end - 1] in _CONTENT_TRIM:
            end -= 1
        dangling = _DANGLING_END.search(text, start, end)
        if dangling is None:
            break
        end = dangling.start()  # "..., but" left by a clause cut short
    if word_count(text[start:end]) < 2:
        return None
    return article.span(start, end)


# Clauses a cue reports through a noun: "reminded councillors that", "said in a statement that".
_THAT_CLAUSE_DEPS = frozenset({"acl", "relcl", "ccomp"})


def _that_clause_after(verb: Token, obj: Token | None) -> Token | None:
    """A "that" clause the parser hung from the cue's object or from the noun after its
    preposition: the reported content all the same."""
    holders = [obj] if obj is not None else []
    # "asked about claims that the port would close": the claim is not the asker's words
    asked = verb.lemma_ in _QUESTION_LEMMAS
    holders += [
        pobj
        for prep in verb.children
        if prep.dep_ == "prep" and prep.i > verb.i and not asked
        for pobj in prep.children
        if pobj.dep_ == "pobj"
    ]
    for holder in holders:
        for clause in holder.children:
            if (
                clause.dep_ in _THAT_CLAUSE_DEPS
                and clause.i > holder.i
                and any(
                    c.dep_ == "mark" and c.lower_ == "that" and c.i == clause.left_edge.i
                    for c in clause.children
                )
            ):
                return clause
    return None


def _that_adverbial(verb: Token) -> Token | None:
    """ "continues to insist, most recently in an interview, that he ...": a "that" clause set
    off after the cue, which the parser hung as an adverbial of the cue or of the verb it
    depends on. "so that", "now that" and "such that" are adverbials indeed."""
    holders = [verb]
    if verb.dep_ == "xcomp":
        holders.append(verb.head)
    for holder in holders:
        for clause in holder.rights:
            if clause.dep_ != "advcl" or clause.i < verb.i:
                continue
            first = clause.left_edge
            while first.is_punct and first.i < clause.i:
                first = first.doc[first.i + 1]
            if first.lower_ != "that" or not any(c.i == first.i for c in clause.children):
                continue
            before = first.doc[first.i - 1] if first.i > 0 else None
            if before is not None and before.lower_ in {"so", "now", "such", "given"}:
                continue
            return clause
    return None


def _after_cue_adjunct(verb: Token, clause: Token) -> Token:
    """Where a clause right after its cue (and whom it was told) starts: "said on Monday he
    would go", "told voters this weekend he would go": the time or occasion between the cue
    and the clause's subject, which the parser may hang from the clause, tells when it was
    said, not what."""
    first = clause.left_edge
    subject = next((c for c in clause.children if c.dep_ in _SUBJECT_DEPS), None)
    told = [c.right_edge.i for c in verb.rights if c.dep_ in {"dobj", "dative"}]
    after_cue = first.i == verb.i + 1 or (bool(told) and first.i == max(told) + 1)
    if subject is None or not after_cue or subject.i <= first.i:
        return first
    lead = [t for t in clause.children if t.i < subject.i]
    adjunct = all(
        t.dep_ in {"prep", "npadvmod"} and (t.dep_ == "prep" or t.ent_type_ in _WHEN) for t in lead
    )
    between = first.doc[first.i : subject.left_edge.i]
    if lead and adjunct and not any(t.is_punct for t in between):
        return subject.left_edge
    return first


_WHEN = frozenset({"DATE", "TIME"})


def _made_clear(verb: Token) -> Token | None:
    """ "made it clear that the pier would stay": the clause under "clear" (or "plain")."""
    for child in verb.children:
        if child.lemma_ in {"clear", "plain"} and any(c.lower_ == "it" for c in child.children):
            for clause in child.children:
                if clause.dep_ in {"advcl", "ccomp"} and any(
                    c.dep_ == "mark" and c.lower_ == "that" for c in clause.children
                ):
                    return clause
    return None


def _after_cue(verb: Token, child: Token) -> bool:
    """The word right after the cue, or after a day or time only ("called Friday for")."""
    between = verb.doc[verb.i + 1 : child.i]
    return child.i > verb.i and all(t.ent_type_ in _WHEN for t in between)


# what a shown thing is shown as: "shows Ruiz with a lead", "ahead", "in front"
_STATE_DEPS = frozenset({"prep", "advmod", "acomp", "oprd"})


def _complement(verb: Token) -> Token | None:
    """Where the reported content starts: a clause, or the object of "accuse X of", "urge X to",
    "describe X as", or what an opinion is "expressed about"."""
    if verb.lemma_ == "make":
        return _made_clear(verb)  # "made it clear that …"
    children = list(verb.children)
    clause = _clause_complement(verb, children)
    if clause is not None:
        return clause
    obj = next((c for c in children if c.dep_ == "dobj"), None)
    for rule in (_object_complement, _call_complement, _complement_by_kind):
        found = rule(verb, children, obj)
        if found is not None:
            return found
    return None


def _clause_complement(verb: Token, children: list[Token]) -> Token | None:
    """A clause the cue reports: after it, set off by "that" after it, taken for an adverbial
    right after it, or before it."""
    clauses = [c for c in children if c.dep_ == "ccomp"]
    # a clause after the cue is what was said; one before it only when a comma or a quotation
    # mark joins them ("The port will close, Ruiz said"), not a semicolon or a colon
    after = [c for c in clauses if c.i > verb.i]
    if after:
        return after[0]
    that_clause = _that_adverbial(verb)
    if that_clause is not None:
        return that_clause
    if verb.lemma_ in CLAUSE_LEMMAS:
        for clause in verb.rights:
            # "said after the meeting he would go": the parser took the clause for an adverbial
            if (
                clause.dep_ == "advcl"
                and clause.left_edge.i == verb.i + 1
                and clause.left_edge.dep_ == "prep"
                and not any(c.dep_ == "mark" for c in clause.children)
                and _has_finite_verb([clause, *clause.children])
                and _after_cue_adjunct(verb, clause).i != clause.left_edge.i
            ):
                return clause
    for clause in clauses:
        between = clause.doc[clause.right_edge.i + 1 : verb.i]
        if not any(t.text in {";", ":"} for t in between):
            return clause
    return None


def _object_complement(verb: Token, children: list[Token], obj: Token | None) -> Token | None:
    """What the cue's object holds or completes: "refuted suggestions that …", "reminded
    councillors that …", "accused X of", "urged X to", "said Thursday's report reinforced …"."""
    lemma = verb.lemma_
    told = _that_clause_after(verb, obj)
    reported_noun = obj is not None and (
        obj.lemma_ in REPORTING_NOUNS or obj.lower_ in REPORTING_NOUNS
    )
    if told is not None and obj is not None and told.head.i == obj.i and reported_noun:
        return obj  # "refuted suggestions that …": the suggestion is what is reported
    if told is not None:
        return told  # "reminded councillors that …", "confirmed in a statement that …"
    preps = {c.lower_ for c in children if c.dep_ == "prep"}
    if obj is not None:
        # "accused its rival, led by its founder, of fraud": the parser may hang the
        # preposition on any word after the object in the cue's phrase
        following = obj.doc[obj.i + 1 : verb.right_edge.i + 1]
        preps |= {t.lower_ for t in following if t.dep_ == "prep"}
    if obj is not None and lemma in OBJECT_CONTENT_LEMMAS:
        wants = OBJECT_CONTENT_LEMMAS[lemma]
        if (
            ("to" in wants and any(c.dep_ == "xcomp" for c in children))
            or wants & preps
            or not wants
        ):
            return obj
    for child in children:
        if child.dep_ == "xcomp" and lemma in {"say", "expect", "predict", "claim"}:
            return child
        if child.dep_ == "xcomp" and child.tag_ == "VBG" and lemma in {"deny", "admit"}:
            return child  # "denied wanting to lead"
    if (
        obj is not None
        and lemma in CLAUSE_LEMMAS
        and _has_finite_verb(obj.doc[verb.i + 1 : verb.right_edge.i + 1])
    ):
        # "said Thursday's report reinforced stability": a clause the parser took for an object
        return obj.doc[verb.i + 1]
    return None


def _call_complement(verb: Token, children: list[Token], obj: Token | None) -> Token | None:
    """What "call", "ask", "dub" and "brand" report: "called on X to", "asked for X", "is
    calling for the rules to be changed", "called the plan a giveaway"."""
    lemma = verb.lemma_
    if lemma in {"call", "ask"}:
        for child in children:
            # "called on X to", "called for X", "asked for X": the particle right after the verb
            wanted = {"on", "for"} if lemma == "call" else {"for"}
            # the parser reads "on" as either a preposition or a particle ("has called on")
            if (
                child.dep_ in {"prep", "prt"}
                and child.lower_ in wanted
                and _after_cue(verb, child)
                and (child.dep_ == "prep" or any(c.dep_ == "pobj" for c in child.children))
            ):
                return child
            if (
                lemma == "call"
                and child.dep_ == "advcl"
                and _is_agent(_subject(verb))
                and child.i > verb.i
                and any(
                    c.dep_ == "mark" and c.lower_ == "for" and _after_cue(verb, c)
                    for c in child.children
                )
            ):
                return child  # "is calling for the rules to be changed"
    if lemma in {"call", "dub", "brand"}:
        # "called the plan a giveaway": the named thing and its label are the content
        predicate = next((c for c in children if c.dep_ == "oprd"), None)
        reflexive = obj is not None and obj.lower_.endswith(("self", "selves"))
        naming = predicate is not None and predicate.lemma_ == "home"  # "calls the town home"
        if predicate is not None and not reflexive and not naming:
            return obj if obj is not None and obj.i < predicate.i else predicate
    return None


def _complement_by_kind(verb: Token, children: list[Token], obj: Token | None) -> Token | None:
    """What a cue of a particular kind reports: what evidence shows, what an agent pledges, a
    noun phrase said, what an opinion is "expressed about"."""
    lemma = verb.lemma_
    subject = _subject(verb)
    if (
        obj is not None
        and lemma in EVIDENCE_VERBS
        and subject is not None
        and subject.lemma_.lower() in EVIDENCE_NOUNS
        and (
            word_count(obj.doc[obj.left_edge.i : obj.right_edge.i + 1].text) >= 2
            or any(c.i == obj.right_edge.i + 1 and c.dep_ in _STATE_DEPS for c in children)
        )
    ):
        # "polls show a close contest", "the video shows him raising his hands", "averages
        # show Ruiz with a lead": what is shown, with the state the parser hangs on the verb
        return obj
    if lemma in COMMITMENT_LEMMAS and _is_agent(subject):
        commitment = next((c for c in children if c.dep_ == "xcomp"), None)
        if commitment is not None and any(c.lower_ == "to" for c in commitment.children):
            return commitment
    if (
        obj is not None
        and lemma in NOMINAL_CONTENT_LEMMAS
        and word_count(obj.doc[obj.left_edge.i : obj.right_edge.i + 1].text)
        >= MIN_NOMINAL_CONTENT_WORDS
    ):
        return obj
    if obj is not None and lemma in {"express", "voice"} and obj.lemma_ in OPINION_NOUNS:
        for holder in (obj, verb):
            for prep in holder.children:
                if prep.dep_ == "prep" and prep.lower_ in {"about", "over", "at", "in", "on"}:
                    return prep
    return None


def _content_end(verb: Token, complement: Token) -> Token:
    """The last word of what was said: the end of the verb's phrase, but not a clause joined
    to the verb that has a subject of its own (", and when pressed she laughed"); a further
    reporting verb ("..., adding that ...") stays in."""
    last = max(verb.right_edge, complement.right_edge, key=lambda t: t.i)
    joined = sorted([*verb.rights, *complement.rights], key=lambda t: t.i)
    for child in joined:
        if child.dep_ not in {"conj", "advcl"} or child.i <= complement.i:
            continue
        if child.head.i == verb.i and child.i <= complement.right_edge.i:
            continue
        subjects = [c for c in child.children if c.dep_ in _SUBJECT_DEPS]
        if child.lemma_ in REPORTING_LEMMAS and _opens_quotation(child):
            subjects = [child]  # "doubted it would work, but added: "...": the quote's own item
        elif child.head.i == complement.i:
            # "said the port would close, and when pressed she laughed": a clause joined to
            # what was said is narrative again when a person is its subject
            subjects = [c for c in subjects if c.lower_ in PERSON_PRONOUNS | {"i", "we", "they"}]
            if any(c.dep_ == "mark" and c.lower_ in _CONDITIONS for c in child.children):
                subjects = []  # "... would be an insult if they did not vote": still said
        if subjects and (child.lemma_ not in REPORTING_LEMMAS or subjects == [child]):
            last = child.left_edge
            if last.i == child.i:
                last = last.doc[last.i - 1]  # ", but added: ..." starts at the cue itself
            while last.i > complement.i and (
                last.is_punct or last.dep_ in {"cc", "mark", "advmod"}
            ):
                last = last.doc[last.i - 1]
            break
    return last


def _opens_quotation(verb: Token) -> bool:
    """'added: "..."', 'says, "..."': a quotation set off from the verb opens right after
    it ('said "these are small"' is a quoted complement, still part of the report)."""
    doc = verb.doc
    after = doc[verb.i + 1 : min(len(doc), verb.i + 3)]
    return len(after) == 2 and after[0].text in {":", ","} and after[1].text in _OPENING_MARKS


_OPENING_MARKS = frozenset({'"', "“", "‘"})

# Subordinators of a clause that belongs to what was said: its condition or reason.
_CONDITIONS = frozenset({"if", "unless", "because", "until", "once"})


def _before_dashed_report(first: Token, last: Token) -> Token:
    """The content's last word before a dash that sets off someone's own report: "urged the
    board to sell the yard -- a sale the mayor said would ruin the town" ends at "yard"."""
    doc = first.doc
    for dash in doc[first.i + 1 : last.i]:
        if dash.text not in {"--", "—", "–"}:
            continue
        tail = doc[dash.i + 1 : last.i + 1]
        if any(t.text in {"--", "—", "–"} for t in tail):
            return last  # "that Berg -- even as he says ... -- has sold": an aside inside it
        if any(
            t.lemma_ in REPORTING_LEMMAS and any(c.dep_ == "nsubj" for c in t.children)
            for t in tail
        ):
            return doc[dash.i - 1]
    return last


def _has_finite_verb(tokens: Iterable[Token]) -> bool:
    return any(t.tag_ in {"VBD", "VBZ", "VBP", "MD"} for t in tokens)


def _cue_span(article: ParsedArticle, offset: int, verb: Token) -> Span:
    last = verb
    for child in verb.children:
        if child.dep_ == "prt" or (
            child.dep_ == "prep"
            and verb.lemma_ == "call"
            and child.lower_ in {"on", "for"}
            and _after_cue(verb, child)
        ):
            last = child if child.i > last.i else last
        if _goes_on_about(verb) and child.dep_ == "prep" and child.lower_ == "about":
            last = child if child.i > last.i else last
        if verb.lemma_ == "call" and child.dep_ == "advcl":
            mark = next((c for c in child.children if c.dep_ == "mark"), None)
            if mark is not None and mark.lower_ == "for" and _after_cue(verb, mark):
                last = mark if mark.i > last.i else last  # "calling for"
        if verb.lemma_ in {"express", "voice"} and child.dep_ == "dobj":
            last = child
        if verb.lemma_ == "make" and child.lemma_ in {"clear", "plain"}:
            last = child  # "made it clear"
    return article.token_span(offset, verb, last)
