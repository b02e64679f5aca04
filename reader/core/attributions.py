"""Who said what: direct quotes, reported speech, "according to" and mixed forms.

Rules over spaCy's dependency parse, with quotation marks paired beforehand over the whole
article (quotes cross paragraphs, parses do not). Speakers are resolved to the fullest name in
the article through surnames, titles, pronouns and descriptions ("the company").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import TYPE_CHECKING

from reader.core.lexicon import (
    AGENT_ONLY_LEMMAS,
    CLAUSE_LEMMAS,
    COMMITMENT_LEMMAS,
    EVIDENCE_NOUNS,
    EVIDENCE_VERBS,
    GROUP_NOUNS,
    LEAD_IN_LEMMAS,
    NAME_TITLES,
    NOMINAL_CONTENT_LEMMAS,
    NOT_SPEAKERS,
    OBJECT_CONTENT_LEMMAS,
    OPINION_NOUNS,
    ORG_DESCRIPTION_NOUNS,
    PERSON_DESCRIPTION_NOUNS,
    PERSON_PRONOUNS,
    RELATIVE_PRONOUNS,
    REPORTING_LEMMAS,
    REPORTING_NOUNS,
    SOURCE_NOUNS,
    SPOKESPERSON_NOUNS,
    THING_NOUNS,
    WEAK_REPORTING_LEMMAS,
)
from reader.core.limits import (
    COORDINATION_REACH_CHARS,
    CUE_AFTER_MAX_CHARS,
    FOLLOW_ON_MAX_GAP,
    GOVERNOR_MAX_STEPS,
    HEADLINE_MAX_SPEAKER_WORDS,
    HEADLINE_MAX_WORDS,
    LEAD_IN_MAX_GAP,
    MIN_NOMINAL_CONTENT_WORDS,
    SENTENCE_QUOTE_MIN_WORDS,
    SPEECH_MIN_WORDS,
    SPLIT_QUOTE_MAX_GAP,
)
from reader.core.model import Attribution, AttributionKind, Entity, Span
from reader.core.names import is_given_name
from reader.core.parsed import Intervals, ParsedArticle
from reader.core.quotes import Quotation, find_quotations, word_count
from reader.core.speakers import (
    UNNAMED_DESCRIPTION_CONFIDENCE,
    Found,
    SpeakerResolver,
    name_introduced_speakers,
    names_someone_unresolved,
    speaker_confidence,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_CONTENT_TRIM = " \t\n,;:.—–-"
_DATELINE = re.compile(r"[A-Z][A-Z.,' ]{2,40}(?:\([^)]{1,20}\))?[^\S\n]*(?:[―—–]|--)[^\S\n]*")
_DANGLING_END = re.compile(r"[\s,]+(?:and|but|or|so|while|as|when)$")
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})


# The speaker of a statement the authors make of themselves or put in their reader's mouth,
# unnamed, is a guess at best.
SELF_REFERENCE_CONFIDENCE = 0.6
_DOCUMENT_PART = (
    r"(?:example|section|subsection|chapter|table|figure|fig\.|chart|graph|diagram|map|box"
    r"|appendix|annex|exhibit|equation|eq\.|footnote|paragraph|part|page|list|step)s?"
)
_NOBODY = re.compile(
    rf"(?i)^(?:(?:the\s+(?:following|above|preceding|next|previous|present|accompanying)\s+"
    rf"|this\s+|these\s+|that\s+)(?:\w+\s+)?{_DOCUMENT_PART}"
    rf"|{_DOCUMENT_PART}\s+[\dA-Z][\w.\-]*)$"
)
_SELF = re.compile(
    r"(?i)^(?:we|us|i|you|yourself|yourselves|(?:our|my|your)\b.*"
    r"|(?:this|the\s+present|the\s+current)\s+(?:\w+\s+)?(?:report|paper|study|document"
    r"|notice|rule|article|analysis|review|book|survey|assessment|guidance|letter))$"
)


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


def _subject(verb: Token) -> Token | None:
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


# Clauses a cue reports through a noun: "reminded councillors that", "said in a statement that".
_THAT_CLAUSE_DEPS = frozenset({"acl", "relcl", "ccomp"})
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
# Subjects of a clause above a participle that name nobody: "it is clear, noting that ...".
_NOT_HOLDERS = NOT_SPEAKERS | {"it", "this", "that", "there"}


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


def _is_question(verb: Token, complement: Token) -> bool:
    if verb.lemma_ not in _QUESTION_LEMMAS or complement.i < verb.i:
        return False
    return complement.left_edge.lower_ in _QUESTION_WORDS


def _is_poll_share(subject: Token | None) -> bool:
    if subject is None:
        return False
    words = subject.doc[subject.left_edge.i : subject.right_edge.i + 1]
    return bool(_SHARE.match(words.text)) and any(t.lower_ in _RESPONDENTS for t in words)


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
    lemma = verb.lemma_
    obj = next((c for c in children if c.dep_ == "dobj"), None)
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


# After a closing mark: a dash, then a name of up to five capitalised words ending the line.
_SIGNATURE = re.compile(
    r"[\"”’»]?[^\S\n]*(?P<dash>[―—–]|--)[^\S\n]*"
    r"(?P<name>[A-Z][\w.'’-]*(?:[^\S\n]+(?:[A-Z][\w.'’-]*|de|da|van|von|del|la)){0,4})"
    r"[^\S\n]*[.,]?[^\S\n]*(?:\n|$)"
)


_LEAD_IN_GAP = re.compile(r"[^\S\n]*[:,][^\S\n]*[\"“]?[^\S\n]*")
_ACCORDING_BEFORE = re.compile(r"(?i:according to) ([^,\n]{2,60}),[^\S\n]*[\"“]?[^\S\n]*$")
_CLAUSE_END = re.compile(r"[.!?\n\"“”]")
_HEADLINE_CUES = (
    "Says|Warns|Calls(?: For| On)?|Urges|Vows|Pledges|Promises|Shows|Claims|Insists|Denies|"
    "Admits|Accuses|Blames|Predicts|Tells|Asks|Demands|Reveals|Argues|Suggests|Concedes|Slams"
)
_HEADLINE_SOURCE_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
_HEADLINE_SPEAKER = r"[A-Z0-9][\w.'’-]*(?:[^\S\n]+[A-Z0-9][\w.'’-]*){0,5}"
# "Facing Critics, Mayor Vows ...": a phrase before the source, ended by a comma
_HEADLINE_LEAD_IN = re.compile(r"[A-Z][^\n,:;\"“”‘’']{2,60},[^\S\n]+")
_HEADLINE_FORMS = (
    # "Ruiz: Port Must Stay Open"
    re.compile(rf"(?P<speaker>{_HEADLINE_SPEAKER})(?P<cue>:)[^\S\n]+(?P<content>[^\n]+)"),
    # "Port must stay open, Ruiz says."
    re.compile(
        rf"(?P<content>[^\n]+?),[^\S\n]+(?P<speaker>{_HEADLINE_SPEAKER})[^\S\n]+"
        rf"(?P<cue>(?i:{_HEADLINE_CUES}))[.!]?[^\S\n]*$"
    ),
    # "Mayor Warns Cuts Would Close Libraries", "Ruiz calls for an inquiry"
    re.compile(
        rf"(?P<speaker>{_HEADLINE_SPEAKER}?)[^\S\n]+(?P<cue>(?i:{_HEADLINE_CUES}))[^\S\n]+"
        rf"(?P<content>[^\n]+)"
    ),
)


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


# "asked her to confirm", "leads readers to believe": verbs whose object is only led, asked or
# wanted to say or think something ("forced him to admit" did make him admit it).
_UNFULFILLED_CONTROL = frozenset(
    "lead ask urge want encourage invite tell expect need allow mislead".split()
)


def _opens_quotation(verb: Token) -> bool:
    """'added: "..."', 'says, "..."': a quotation set off from the verb opens right after
    it ('said "these are small"' is a quoted complement, still part of the report)."""
    doc = verb.doc
    after = doc[verb.i + 1 : min(len(doc), verb.i + 3)]
    return len(after) == 2 and after[0].text in {":", ","} and after[1].text in _OPENING_MARKS


_OPENING_MARKS = frozenset({'"', "“", "‘"})

# Subordinators of a clause that belongs to what was said: its condition or reason.
_CONDITIONS = frozenset({"if", "unless", "because", "until", "once"})

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


def _is_nobody(speaker: str) -> bool:
    """A part of the document itself ("The following example shows that ...", "Table 3 shows
    that ..."): nobody is reported."""
    return _NOBODY.match(speaker.strip()) is not None


def _confidence(found: Found) -> float:
    """The speaker's confidence; the authors speaking of themselves ("we argue", "our results
    suggest", "this report finds") or to their reader ("you may think that ...") are never
    certain: the text does not say who they are."""
    confidence = speaker_confidence(
        found.pattern, found.resolved_from, found.speaker is not None, found.certainty
    )
    speaker = found.speaker
    if found.speaker_name is not None or speaker is None:
        return confidence
    if _SELF.match(speaker.text.strip()):
        return min(confidence, SELF_REFERENCE_CONFIDENCE)
    if names_someone_unresolved(speaker.text):
        return min(confidence, UNNAMED_DESCRIPTION_CONFIDENCE)
    return confidence


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


_QUOTE_LIST_GAP = re.compile(r"[,\"”]*\s+(?:and|or)\s+[\"“]|[,\"”]+\s+[\"“]")


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


def _is_agent(subject: Token | None) -> bool:
    """Someone who can speak or promise: a name, a pronoun, a role or a group of people,
    not a thing ("the scheme promises to pay")."""
    if subject is None:
        return False
    if subject.pos_ in {"PROPN", "PRON"} or subject.ent_type_ in {"PERSON", "ORG", "GPE", "NORP"}:
        return True
    lemma = subject.lemma_.lower()
    return lemma in PERSON_DESCRIPTION_NOUNS | ORG_DESCRIPTION_NOUNS | GROUP_NOUNS


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


class AttributionFinder:
    def __init__(self, article: ParsedArticle, entities: Sequence[Entity]) -> None:
        self.article = article
        self.quotes = find_quotations(article.text)
        self.resolver = SpeakerResolver(
            entities, self.quotes, article.sentences, article.text, article
        )
        self._quoted = Intervals((q.start, q.end) for q in self.quotes)
        self.found: list[Found] = []
        # relative pronouns kept as speakers, and the antecedent that names each
        self._antecedents: dict[tuple[int, int], Span] = {}
        # speakers named by their own words: two organisations together ("X and Y"), a name
        # the model missed beside a description ("analysts Everest", taken for a place)
        self._worded_names: dict[tuple[int, int], str] = {}

    # -- direct quotes ----------------------------------------------------------------
    def _is_speech(self, quote: Quotation) -> bool:
        inner = self.article.text[quote.start : quote.end].rstrip()
        words = word_count(inner)
        return words >= SPEECH_MIN_WORDS or (
            words >= SENTENCE_QUOTE_MIN_WORDS and inner[-1:] in ",.?!"
        )

    def _governing_cue(self, start: int, end: int) -> tuple[int, Token] | None:
        """The reporting verb the quotation's words hang from in the parse, when there is one:
        'called on the council to act "as a matter of good faith" and called on ...'."""
        inside = self.article.tokens_between(start, end)
        if not inside:
            return None
        offset, token = inside[0]
        for _ in range(GOVERNOR_MAX_STEPS):
            if token.head.i == token.i:
                return None
            token = token.head
            pos = offset + token.idx
            if start <= pos < end:
                continue
            if self._inside_quote(pos):
                return None
            if token.lemma_ in REPORTING_LEMMAS and token.pos_ == "VERB" and not _is_negated(token):
                return offset, token
            if _goes_on_about(token) and not _is_negated(token):
                return offset, token  # 'as Berg went on about "rigged ferries"'
        return None

    def _cue_near(self, start: int, end: int) -> tuple[int, Token] | None:
        """The reporting verb nearest the span, in its sentence but outside any quotation."""
        governor = self._governing_cue(start, end)
        if governor is not None:
            return governor
        candidates = []
        points = [end, start - 1]
        lead = self.article.text[max(0, start - 3 * CUE_AFTER_MAX_CHARS) : start - 1].rstrip()
        if lead.endswith(":"):
            # 'He said:\n\n"We have ...': the cue ends the paragraph before the quotation
            colon = max(0, start - 3 * CUE_AFTER_MAX_CHARS) + len(lead) - 1
            if "\n" in self.article.text[colon:start]:
                points.append(colon)
        for where in points:
            sentence = self.article.sentences[self.article.sentence_index(max(0, where))]
            lo, hi = sentence
            if where == end:
                # '"...?" Berg asked.': the parser may end the sentence at the closing mark
                lo, hi = end, max(hi, self._clause_after(end))
            else:
                hi = min(start, where + 1)
            for offset, token in self.article.tokens_between(lo, hi):
                pos = offset + token.idx
                if self._inside_quote(pos):
                    continue
                if where == end:
                    lead_in = pos - end <= LEAD_IN_MAX_GAP
                else:
                    gap = _LEAD_IN_GAP.fullmatch(self.article.text, pos + len(token), where + 1)
                    lead_in = gap is not None
                lead_in = lead_in and token.lemma_ in LEAD_IN_LEMMAS
                if where == end and _reports_own_clause(token):
                    continue  # '"..." Berg said the port would close': Berg's own report
                if (
                    (token.lemma_ in REPORTING_LEMMAS or lead_in)
                    and token.pos_ in {"VERB", "AUX"}
                    and not _is_negated(token)
                ):
                    distance = pos - end if where == end else where - pos
                    candidates.append((distance, offset, token))
        if not candidates:
            return None
        candidates.sort(key=lambda c: c[0])
        _, offset, token = candidates[0]
        return offset, token

    def _clause_after(self, end: int) -> int:
        """Where the clause right after a closing mark ends: at the next sentence end or line."""
        match = _CLAUSE_END.search(self.article.text, end + 1, end + CUE_AFTER_MAX_CHARS)
        return match.start() if match else min(len(self.article.text), end + CUE_AFTER_MAX_CHARS)

    def _inside_quote(self, char: int) -> bool:
        return self._quoted.contains(char)

    def _speaker_for(self, offset: int, verb: Token) -> Span | None:
        subject = _subject(verb)
        if subject is not None and verb.tag_ == "VBG" and subject.head.i != verb.i:
            # "followed by a statement from the ministry, asserting that": the source of a
            # statement named between the borrowed subject and the participle is nearer
            source = self._statement_source(offset, subject.right_edge, verb)
            if source is not None:
                return source
        if subject is not None and subject.lower_ in NOT_SPEAKERS:
            return None  # "what finding ...", "this noting ...": no source
        if subject is not None and not self._inside_quote(offset + subject.idx):
            return self._subject_span(offset, subject)
        # inverted or unparsed: a name right after the cue ("said Lankov"), never a word of
        # what was said ("saying he misled members")
        doc = verb.doc
        said = set()
        if verb.tag_ == "VBG" or subject is None:
            # never a word of what was said ("saying he misled members", "said that the
            # port in Lisbon")
            said = {t.i for c in verb.children if c.dep_ == "ccomp" for t in c.subtree}
        if verb.tag_ != "VBG":
            # "..., said Ana Ruiz, the port ...": a name set off right after the cue, which the
            # parser may hang in the clause, is its subject
            after = verb.i + 1
            while after < len(doc) and doc[after].pos_ == "PROPN":
                after += 1
            if after > verb.i + 1 and after < len(doc) and doc[after].is_punct:
                said -= set(range(verb.i + 1, after))
        # "calling Shelby's actions reckless": a name in what the cue acts on is not its source
        said |= {t.i for c in verb.children if c.dep_ in {"dobj", "oprd"} for t in c.subtree}
        for token in doc[verb.i + 1 : verb.i + 8]:
            if token.i in said:
                break
            if token.ent_type_ in {"PERSON", "ORG"} or token.pos_ in {"PROPN", "PRON"}:
                span = self.article.span(offset + token.idx, offset + token.idx + len(token.text))
                # the name that begins here, not a later one in its apposition ("said Ana
                # Ruiz, a Lisbon-based head of the Dockers Union", a union the model calls a
                # person)
                reach = min(len(self.article.text), span.start + 60)
                stop = re.search(r"[,;:()—–]", self.article.text[span.start : reach])
                reach = reach if stop is None else span.start + stop.start()
                entity = self.resolver.entity_in(self.article.span(span.start, reach))
                if entity is not None and entity.start == span.start:
                    return self.article.span(entity.start, entity.end)
                if token.pos_ == "PRON":
                    return span
            if token.is_punct and token.text != "-":
                break
        # a participle with no subject ("..., asserting that"): the subject of a clause it
        # hangs from, outside quotations, else the nearest source before it
        for holder in verb.ancestors:
            above = next((c for c in holder.children if c.dep_ in _SUBJECT_DEPS), None)
            if (
                above is not None
                and above.i < verb.i
                and _is_agent(above)
                and above.lower_ not in _NOT_HOLDERS
                and not self._inside_quote(offset + above.idx)
            ):
                return self._subject_span(offset, above)
        start = offset + verb.idx
        sentence_start = self.article.sentences[self.article.sentence_index(start)][0]
        entity = self.resolver.recent(
            start, frozenset({"PERSON", "ORG"}), window=start - sentence_start
        )
        owner = doc.char_span(entity.start - offset, entity.end - offset) if entity else None
        if verb.tag_ == "VBG" and owner is not None and owner[-1].dep_ == "poss":
            # "Hale dodged, treating Ruiz's remark as a joke -- '...' -- and asserting ...": a
            # clause subject before the participle, not the owner of what a clause acts on
            for token in reversed(doc[verb.sent.start : owner.start]):
                if (
                    token.dep_ in _SUBJECT_DEPS
                    and _is_agent(token)
                    and token.lower_ not in _NOT_HOLDERS
                    and token.head.dep_ != "relcl"
                    and not self._inside_quote(offset + token.idx)
                ):
                    return self._subject_span(offset, token)
        if entity is not None:
            return self.article.span(entity.start, entity.end)
        return None

    def _subject_span(self, offset: int, subject: Token) -> Span:
        """The span that names a subject: the name beside a title, no apposition or clause."""
        named = _named_apposition(subject)
        if named is not None:
            # "His lawyer Maria Lindqvist said", "analysts Brightwater said": the name
            span = self.article.token_span(offset, named[0], named[-1])
            if self.resolver.entity_in(span) is None:
                # a name the model gave no label a speaker has ("analysts Everest" as a place)
                self._worded_names[(span.start, span.end)] = span.text
            return span
        coordinated = _coordinated_organisations(subject)
        if coordinated is not None:
            span = self.article.token_span(offset, *coordinated)
            name = re.sub(r"^(?:[Tt]he)\s+", "", span.text)
            self._worded_names[(span.start, span.end)] = name
            return span
        left, right = _speaker_tokens(subject)
        span = self.article.token_span(offset, left, right)
        # "Ruiz, who said ...": the relative pronoun is the speaker, named by its
        # antecedent when the antecedent is a name
        relative = subject.lower_ in RELATIVE_PRONOUNS and left.i != subject.i
        if relative and self.resolver.entity_in(span) is not None:
            pronoun = self.article.token_span(offset, subject, subject)
            self._antecedents[(pronoun.start, pronoun.end)] = span
            return pronoun
        entity = self.resolver.entity_in(span)
        if entity is not None and (
            entity.label == "PERSON" or _described_before(left, entity.start - offset)
        ):
            return self.article.span(entity.start, entity.end)
        if entity is not None and entity.end > span.end:
            return self.article.span(span.start, entity.end)
        return span

    def _statement_source(self, offset: int, after: Token, verb: Token) -> Span | None:
        """The author of a statement, tweet or report mentioned between a subject and its
        participle: "a statement from the ministry", "the ministry's statement"."""
        for token in verb.doc[after.i + 1 : verb.i]:
            holder = token.head.head if token.dep_ == "pobj" else token.head
            by_source = token.dep_ == "pobj" and token.head.lower_ in {"from", "by"}
            if not (by_source or token.dep_ == "poss"):
                continue
            if holder.lemma_.lower() not in SOURCE_NOUNS:
                continue
            span = self.article.token_span(offset, token.left_edge, token)
            entity = self.resolver.entity_in(span)
            if entity is not None and entity.end > span.end:
                return self.article.span(span.start, entity.end)
            return span
        return None

    def _direct(self) -> list[Found]:
        """Quotations and their cues, in the forms news uses:
        - direct: '"The port stays open," Ruiz said.' / 'Berg said: "We will sell."'
        - split_quote: '"The port stays," Ruiz said. "So do the jobs."' is one item
        - signature: '"The port stays open." ― Ana Ruiz'
        - according_to: 'According to Ruiz, "the port stays open."'
        - follow_on: a quoted sentence right after an attribution, nobody else named between
        """
        speech = [q for q in self.quotes if self._is_speech(q)]
        results: list[Found] = []
        skip: set[int] = set()
        for index, quote in enumerate(speech):
            if index in skip:
                continue
            signed = self._signature(quote)
            if signed is not None:
                results.append(signed)
                continue
            cue_found = self._cue_near(quote.start, quote.end)
            start, end = quote.start, quote.end
            source = self._according_to_before(quote) if cue_found is None else None
            if source is not None:
                cue = self.article.span(source.start - len("according to "), source.start - 1)
                content = self.article.span(start, end)
                results.append(Found("direct", source, cue, content, pattern="according_to"))
            elif cue_found is not None:
                offset, verb = cue_found
                cue = _cue_span(self.article, offset, verb)
                if self._is_fragment(quote, cue, offset, verb):
                    continue  # reported speech quoting a few words: found as "mixed" later
                # '"X," said Lankov. "Y."': the next quote continues this one if it has no cue
                if index + 1 < len(speech) and cue.start > quote.end:
                    following = speech[index + 1]
                    gap = self.article.text[cue.end : following.start]
                    if (
                        len(gap) < SPLIT_QUOTE_MAX_GAP
                        and "\n" not in gap
                        and self._only_cue_sentence_between(cue.end, following.start)
                        and self._cue_near(following.start, following.end) in (None, cue_found)
                        and self._own_cue_after(following) is None
                    ):
                        end = following.end
                        skip.add(index + 1)
                # 'went on about "rigged deals" and "forgotten towns"': the list of quotations
                # the talk ran on about is one thing said
                listed = iter([q for q in self.quotes if q.start > quote.end])
                while _goes_on_about(verb) and cue.end <= quote.start:
                    item = next(listed, None)
                    if item is None or not _QUOTE_LIST_GAP.fullmatch(
                        self.article.text, end, item.start
                    ):
                        break
                    end = item.end
                    skip.update(i for i, q in enumerate(speech) if q is item)
                speaker = self._speaker_for(offset, verb)
                pattern = "split_quote" if end != quote.end else "direct"
                content = self.article.span(start, end)
                results.append(Found("direct", speaker, cue, content, pattern=pattern))
            elif results and self._follows(results[-1], quote):
                prev = results[-1]
                results.append(
                    Found(
                        "direct",
                        prev.speaker,
                        None,
                        self.article.span(start, end),
                        prev.speaker_name,
                        pattern="follow_on",
                    )
                )
        return results

    def _only_cue_sentence_between(self, cue_end: int, quote_start: int) -> bool:
        """Between a cue and a quotation that continues its speaker stands only the rest of
        the cue's sentence (", pointing at the cranes."): no other sentence begins before the
        quotation's own."""
        opening = quote_start - 1
        index = self.article.sentence_index(cue_end)
        for start, _ in self.article.sentences[index + 1 :]:
            if start >= opening - 1:
                return True
            if start > cue_end:
                return False
        return True

    def _is_fragment(self, quote: Quotation, cue: Span, offset: int, verb: Token) -> bool:
        """'Berg called the plan "a disaster for the port"': the quotation finishes a reported
        clause that starts after the cue, so the whole clause is the content."""
        if cue.end >= quote.start or not self.article.text[quote.start : quote.start + 1].islower():
            return False
        gap = self.article.text[cue.end : quote.start - 1]
        subject = _subject(verb)
        if subject is not None:
            left, right = _speaker_tokens(subject)
            speaker = self.article.token_span(offset, left, right)
            if cue.end <= speaker.start < quote.start:
                gap = gap.replace(speaker.text, " ")
        gap = gap.strip()
        return ":" not in gap and not gap.endswith(",") and word_count(gap) >= 2

    def _signature(self, quote: Quotation) -> Found | None:
        """A quotation signed with a dash and a name, as under a pull quote or in a collection
        of readers' comments: "The port must stay open." ― Ana Ruiz"""
        match = _SIGNATURE.match(self.article.text, quote.end)
        if match is None:
            return None
        dash = self.article.span(match.start("dash"), match.end("dash"))
        speaker = self.article.span(match.start("name"), match.end("name"))
        content = self.article.span(quote.start, quote.end)
        return Found("direct", speaker, dash, content, pattern="signature")

    def _own_cue_after(self, quote: Quotation) -> Token | None:
        sentence = self.article.sentences[self.article.sentence_index(quote.end)]
        for _offset, token in self.article.tokens_between(quote.end, max(sentence[1], quote.end)):
            if token.lemma_ in REPORTING_LEMMAS and token.pos_ == "VERB":
                return token
        return None

    def _follows(self, previous: Found, quote: Quotation) -> bool:
        """A quoted sentence right after an attribution, with nobody else named between them,
        continues the same speaker."""
        text = self.article.text
        gap = text[previous.content.end : quote.start]
        if len(gap) > FOLLOW_ON_MAX_GAP or gap.count("\n") > 2:
            return False
        before = text[: max(0, quote.start - 1)].rstrip()
        if before and before[-1] not in '.?!:\n"”’':
            return False  # a fragment inside a sentence of its own, not a quoted sentence
        speaker = previous.speaker
        named = self.resolver.entity_in(speaker) if speaker is not None else None
        who = named.canonical if named is not None else None
        if speaker is not None and speaker.text.lower() in PERSON_PRONOUNS:
            who = self.resolver.person_for_pronoun(speaker.text.lower(), speaker.start)
        for entity in self.resolver.entities_between(previous.content.end, quote.start):
            if entity.label != "PERSON" or self._inside_quote(entity.start):
                continue
            if entity.canonical != who:
                return False  # someone else is named in between
        return True

    def _according_to_before(self, quote: Quotation) -> Span | None:
        """ "According to Ruiz, “The port ...”": the source stands before the quotation."""
        lo = max(0, quote.start - 120)
        match = _ACCORDING_BEFORE.search(self.article.text, lo, quote.start)
        return None if match is None else self.article.span(match.start(1), match.end(1))

    # -- reported speech ----------------------------------------------------------------
    def _reported(self, direct: Sequence[Found]) -> list[Found]:
        """Reported speech around each cue word outside quotations: reporting verbs
        ("Ruiz said the port would close"), "according to", reporting nouns ("Norland's
        announcement that ..."), "as Ruiz put it"; quotations already found are not repeated."""
        results: list[Found] = []
        direct_ranges = Intervals((d.content.start, d.content.end) for d in direct)
        for offset, doc in self.article.parsed:
            for token in _candidate_cues(doc):
                pos = offset + token.idx
                if self._inside_quote(pos) or direct_ranges.contains(pos):
                    continue
                if token.lower_ == "according" and any(c.lower_ == "to" for c in token.children):
                    found = self._according_to(offset, token)
                elif _is_as_clause(token):
                    found = self._as_clause(offset, token)
                elif (
                    token.lemma_ in REPORTING_LEMMAS
                    or (token.lemma_ == "make" and _made_clear(token) is not None)
                ) and (
                    token.pos_ in {"VERB", "AUX"}
                    or token.dep_ == "relcl"
                    or _verb_tagged_noun(token)
                ):
                    found = self._reporting_verb(offset, token)
                elif token.lemma_ in REPORTING_NOUNS and token.pos_ == "NOUN":
                    found = self._reporting_noun(offset, token)
                else:
                    found = None
                if found is None:
                    continue
                content = found.content
                if any(
                    _overlap_share(content, Span(s, e, "")) > 0.6
                    for s, e in direct_ranges.overlapping(content.start, content.end)
                ):
                    continue
                results.append(found)
        return _drop_nested_coordination(results)

    def _reporting_verb(self, offset: int, verb: Token) -> Found | None:
        """ "Ruiz said the port would close", "Berg accused the mayor of lying", "Ruiz called
        the sale a disgrace", "Berg pledged to keep the port", "Polls show a close race"; a
        negated, agentless passive or thing-subject verb reports nothing."""
        if _is_negated(verb):
            return None
        passive = any(c.dep_ == "auxpass" for c in verb.children) or (
            verb.tag_ == "VBN" and any(c.dep_ == "aux" and c.lemma_ == "be" for c in verb.children)
        )
        if passive and not any(c.dep_ == "agent" for c in verb.children):
            return None  # "is expected to", "are said to be": no source
        if _absolute_participle(verb):
            return None  # "with the minister expected to visit": a hedge, as "is expected to"
        if (
            verb.dep_ == "xcomp"
            and verb.head.lemma_ in _UNFULFILLED_CONTROL
            and any(c.dep_ == "dobj" and c.i < verb.i for c in verb.head.children)
        ):
            return None  # "leads them to believe", "asked her to confirm": nobody reports
        complement = _complement(verb)
        if complement is None:
            return self._parenthetical(offset, verb)
        if _is_question(verb, complement) or _is_poll_share(_subject(verb)):
            return None  # a question asked, or a survey's respondents: nobody is reported
        if _asked_in_question(verb):
            return None  # "Would anyone believe that?": asked, not reported
        if verb.lemma_ == "find" and _found_no_claim(complement):
            return None  # "may find it hard to", "finding what we share": no claim is made
        evidence = (subject := _subject(verb)) is not None and (
            subject.lemma_.lower() in EVIDENCE_NOUNS
        )
        if verb.lemma_ in WEAK_REPORTING_LEMMAS and complement.dep_ != "ccomp" and not evidence:
            return None
        if verb.lemma_ in AGENT_ONLY_LEMMAS and not _is_agent(_subject(verb)):
            return None  # "membership demanded that users share": a rule, not a speaker
        if verb.dep_ in {"amod", "acl"} and verb.tag_ == "VBN":
            return None
        subject = _subject(verb)
        if subject is not None and _is_thing(subject):
            return None  # "the result stressed that ...": things do not speak
        if subject is not None and _speechless_antecedent(verb, subject):
            return None  # "a fever, which confirmed what ...": nor do they in a relative clause
        speaker = self._speaker_for(offset, verb)
        if subject is not None and subject.lower_ in NOT_SPEAKERS and speaker is None:
            return None  # "this noting that ...", "you think ...": nobody is reported
        if subject is None and verb.tag_ != "VBG" and (speaker is None or verb.dep_ != "ROOT"):
            return None
        content = self._content_span(offset, verb, complement)
        if content is None:
            return None
        kind: AttributionKind = "indirect"
        if (
            subject is not None
            and subject.lemma_.lower() in EVIDENCE_NOUNS
            and verb.lemma_ in EVIDENCE_VERBS
            and verb.lemma_ != "say"
        ):
            kind = "according_to"
        pattern = "evidence" if kind == "according_to" else "reported"
        cue = _cue_span(self.article, offset, verb)
        return Found(kind, speaker, cue, content, pattern=pattern)

    def _as_clause(self, offset: int, verb: Token) -> Found | None:
        """ "As Ana Ruiz puts it, the port is the heart of the city": the clause the "as"
        clause hangs from is the content."""
        subject = _subject(verb)
        if subject is None:
            return None
        clause = verb.head
        left, right = verb.left_edge, verb.right_edge
        first, last = clause.left_edge, clause.right_edge
        if left.i <= first.i:
            first = verb.doc[min(right.i + 1, last.i)]
        elif right.i >= last.i:
            last = verb.doc[max(left.i - 1, first.i)]
        content = _trim(self.article, offset + first.idx, offset + last.idx + len(last.text))
        if content is None:
            return None
        speaker = self._speaker_for(offset, verb)
        it = next((c for c in verb.children if c.dep_ == "dobj" and c.lower_ == "it"), verb)
        cue = self.article.token_span(offset, verb, it if it.i > verb.i else verb)
        return Found("indirect", speaker, cue, content, pattern="as_clause")

    def _parenthetical(self, offset: int, verb: Token) -> Found | None:
        """A cue set off by commas inside what was said: "The harbour, Ms Ruiz said, would be
        closed for a year." The content is the whole sentence, cue included."""
        doc = verb.doc
        subject = _subject(verb)
        if subject is None or verb.dep_ not in {"parataxis", "ROOT", "ccomp"}:
            return None
        # "..., Ms Ruiz said, ..." or, inverted, "..., said Ms Ruiz, the port's owner, ..."
        opener = subject.left_edge if subject.i < verb.i else verb
        before = doc[opener.i - 1] if opener.i > 0 else None
        if before is None or before.text not in {",", "—", "–", "-"}:
            return None
        if verb.dep_ != "parataxis" and (subject.i < verb.i or opener.i - verb.sent.start < 2):
            return None
        if verb.lemma_ in WEAK_REPORTING_LEMMAS or verb.lemma_ in AGENT_ONLY_LEMMAS:
            return None
        sentence = verb.sent
        content = _trim(
            self.article,
            offset + sentence.start_char,
            offset + sentence.end_char,
        )
        if content is None:
            return None
        speaker = self._speaker_for(offset, verb)
        cue = _cue_span(self.article, offset, verb)
        return Found("indirect", speaker, cue, content, pattern="parenthetical")

    def _content_span(self, offset: int, verb: Token, complement: Token) -> Span | None:
        doc = verb.doc
        if complement.i > verb.i:
            first = _after_cue_adjunct(verb, complement)
            while first.dep_ == "mark" or first.lower_ in {"that", ":", ",", "—"}:
                if first.i + 1 >= len(doc):
                    return None
                first = doc[first.i + 1]
            last = _content_end(verb, complement)
            if complement.dep_ in {"prep", "prt"}:
                first = doc[complement.i + 1] if complement.i + 1 < len(doc) else complement
            last = _before_dashed_report(first, last)
        else:
            first = complement.left_edge
            last = complement.right_edge
        start = offset + first.idx
        end = offset + last.idx + len(last.text)
        return _trim(self.article, start, end)

    def _according_to(self, offset: int, according: Token) -> Found | None:
        """ "According to the harbour authority, dues will rise": the claim beside the phrase,
        or the whole sentence when the phrase sits inside it."""
        to = next(c for c in according.children if c.lower_ == "to")
        objects = [c for c in to.children if c.dep_ == "pobj"]
        if not objects:
            return None
        obj = objects[0]
        last = obj
        for child in obj.rights:
            # "according to Berg, the move reeks": the parser may hang the claim on the name
            if child.dep_ in {"appos", "punct", "relcl", "acl", "cc", "conj"}:
                break
            last = child.right_edge
        speaker = self.article.token_span(offset, obj.left_edge, last)
        named = _named_apposition(obj)
        if named is not None:
            # "according to its Paris lawyer, Anne Dubois": the name, not the title's place
            speaker = self.article.token_span(offset, named[0], named[-1])
        phrase_start = offset + according.idx
        phrase_end = speaker.end
        s_start, s_end = self.article.sentences[self.article.sentence_index(phrase_start)]
        before = self.article.text[s_start:phrase_start].strip(_CONTENT_TRIM)
        after = self.article.text[phrase_end:s_end].strip(_CONTENT_TRIM)
        if word_count(before) < 2:
            content = _trim(self.article, phrase_end, s_end)
        elif word_count(after) < 3:
            content = _trim(self.article, s_start, phrase_start)
        else:
            content = _trim(self.article, s_start, s_end)
        if content is None:
            return None
        cue = self.article.token_span(offset, according, to)
        return Found("according_to", speaker, cue, content, pattern="according_to")

    def _reporting_noun(self, offset: int, noun: Token) -> Found | None:
        """ "Norland's announcement that ...", "a statement from X that ..." """
        clause = next((c for c in noun.children if c.dep_ in {"acl", "ccomp"}), None)
        if clause is None or not any(
            c.dep_ == "mark" and c.lower_ == "that" for c in clause.children
        ):
            return None
        source = next((c for c in noun.children if c.dep_ == "poss"), None)
        if source is None:
            prep = next(
                (c for c in noun.children if c.dep_ == "prep" and c.lower_ in {"from", "by"}), None
            )
            source = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep else None
        if source is None:
            return None
        speaker = self.article.token_span(offset, source.left_edge, source)
        content = self._content_span(offset, noun, clause)
        if content is None:
            return None
        cue = self.article.token_span(offset, noun, noun)
        return Found("indirect", speaker, cue, content, pattern="reporting_noun")

    # -- together ------------------------------------------------------------------------
    def find(self) -> list[Attribution]:
        direct = self._direct()
        reported = self._reported(direct)
        direct += self._following_reports(direct, reported)
        headline = self._headline([*direct, *reported])
        unique = {(f.content.start, f.content.end): f for f in [*direct, *reported, *headline]}
        items = sorted(unique.values(), key=lambda f: f.content.start)
        resolved: list[Found] = []
        for index, item in enumerate(items):
            together = (
                self._worded_names.get((item.speaker.start, item.speaker.end))
                if item.speaker is not None
                else None
            )
            if together is not None and item.speaker_name is None:
                item.speaker_name, item.resolved_from = together, "named"
            if item.speaker_name is None and item.speaker is not None:
                naming = self._antecedents.get((item.speaker.start, item.speaker.end))
                item.speaker_name, item.resolved_from = self.resolver.resolve(
                    naming or item.speaker,
                    resolved,
                    islice(items, index + 1, None),
                    item.content,
                )
                item.certainty = self.resolver.certainty
            if item.kind == "indirect" and self._has_quoted_fragment(item.content):
                item.kind = "mixed"
            resolved.append(item)
        name_introduced_speakers(resolved, self.resolver)
        return [
            Attribution(
                f.kind,
                f.speaker,
                f.speaker_name,
                f.cue,
                f.content,
                f.resolved_from,
                _confidence(f),
                f.pattern,
            )
            for f in resolved
            if f.speaker is None or not _is_nobody(f.speaker.text)
        ]

    def _following_reports(self, direct: Sequence[Found], reported: Sequence[Found]) -> list[Found]:
        """A quoted sentence with no cue of its own right after reported speech continues the
        same speaker, as one after a quotation does: 'Ruiz said the port would close. "We have
        no choice."' Follow-ons of follow-ons come along."""
        taken = Intervals((f.content.start, f.content.end) for f in [*direct, *reported])
        found: list[Found] = []
        previous = sorted(reported, key=lambda f: f.content.end)
        ends = [f.content.end for f in previous]
        for quote in self.quotes:
            if taken.contains(quote.start) or not self._is_speech(quote):
                continue
            at = bisect.bisect_right(ends, quote.start) - 1
            before = found[-1] if found and found[-1].content.end <= quote.start else None
            if at >= 0 and (before is None or previous[at].content.end > before.content.end):
                before = previous[at]
            if before is None or (before.speaker_name is None and before.speaker is None):
                continue
            later = [d for d in direct if before.content.end <= d.content.start < quote.start]
            if later or not self._follows(before, quote):
                continue  # a quotation in between has its own speaker
            span = self.article.span(quote.start, quote.end)
            found.append(
                Found(
                    "direct", before.speaker, None, span, before.speaker_name, pattern="follow_on"
                )
            )
        return found

    def _headline(self, found: Sequence[Found]) -> list[Found]:
        """A headline that names its source, in the forms headlines use: "Ruiz: Port Must Stay
        Open", "Mayor Warns Cuts Would Close Libraries", "Port must stay open, Ruiz says"."""
        text = self.article.text
        end = text.find("\n")
        end = len(text) if end < 0 else end
        if end == 0 or word_count(text[:end]) > HEADLINE_MAX_WORDS:
            return []
        if any(item.content.start < end for item in found):
            return []
        lead_in = _HEADLINE_LEAD_IN.match(text, 0, end)
        starts = (0,) if lead_in is None else (0, lead_in.end())
        matches = (form.match(text, start, end) for form in _HEADLINE_FORMS for start in starts)
        for match in matches:
            if match is None:
                continue
            speaker = self.article.span(match.start("speaker"), match.end("speaker"))
            if not self._names_a_source(speaker):
                continue
            content = _trim(self.article, match.start("content"), match.end("content"))
            if content is None or word_count(content.text) < 2:
                continue
            cue = self.article.span(match.start("cue"), match.end("cue"))
            quoted = content.text[:1] in "'‘\"“" and content.text.rstrip(".")[-1:] in "'’\"”"
            kind: AttributionKind = "direct" if quoted else "indirect"
            return [Found(kind, speaker, cue, content, pattern="headline")]
        return []

    def _names_a_source(self, speaker: Span) -> bool:
        words = speaker.text.split()
        if not 1 <= len(words) <= HEADLINE_MAX_SPEAKER_WORDS:
            return False
        if self.resolver.entity_in(speaker, _HEADLINE_SOURCE_LABELS):
            return True
        if all(w[:1].isupper() for w in words) and self.resolver.full_name(speaker.text):
            return True  # "Ruiz: ..." above an article that names Ana Ruiz
        if any(
            e.text == speaker.text and e.label in _HEADLINE_SOURCE_LABELS
            for e in self.resolver.entities
        ):
            return True  # "Harbourwatch: ..." above an article that names Harbourwatch
        heads = {w.lower().rstrip("s") for w in words}
        return bool(heads & (EVIDENCE_NOUNS | PERSON_DESCRIPTION_NOUNS | GROUP_NOUNS))

    def _has_quoted_fragment(self, content: Span) -> bool:
        return any(
            content.start <= s and e <= content.end + 1
            for s, e in self._quoted.overlapping(content.start, content.end)
        )


def _overlap_share(a: Span, b: Span) -> float:
    overlap = min(a.end, b.end) - max(a.start, b.start)
    shorter = min(a.end - a.start, b.end - b.start) or 1
    return max(0, overlap) / shorter


def _drop_nested_coordination(items: list[Found]) -> list[Found]:
    """ "said X, adding that Y" is one item: drop an item whose cue lies inside another's content
    when both share a speaker and the outer one starts before it."""
    kept: list[Found] = []
    by_start = sorted(items, key=lambda o: o.content.start)
    starts = [o.content.start for o in by_start]
    for item in items:
        if item.cue is None:
            kept.append(item)
            continue
        # only items starting within a sentence-sized reach before the cue can contain it
        lo = bisect.bisect_left(starts, item.cue.start - COORDINATION_REACH_CHARS)
        hi = bisect.bisect_right(starts, item.cue.start)
        outer = next(
            (
                o
                for o in by_start[lo:hi]
                if o is not item
                and o.cue is not None
                and item.cue is not None
                and o.content.start <= item.cue.start < o.content.end
                and o.cue.start < item.cue.start
                and (item.speaker is None or o.speaker == item.speaker)
            ),
            None,
        )
        if outer is None:
            kept.append(item)
    return kept


def find_attributions(article: ParsedArticle, entities: Sequence[Entity]) -> list[Attribution]:
    return AttributionFinder(article, entities).find()
