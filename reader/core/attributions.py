"""Who said what: direct quotes, reported speech, "according to" and mixed forms.

Rules over spaCy's dependency parse, with quotation marks paired beforehand over the whole
article (quotes cross paragraphs, parses do not). Speakers are resolved to the fullest name in
the article through surnames, titles, pronouns and descriptions ("the company").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.core.entities import person_canonical
from reader.core.lexicon import (
    CLAUSE_LEMMAS,
    EVIDENCE_NOUNS,
    EVIDENCE_VERBS,
    GROUP_PRONOUNS,
    NAME_TITLES,
    OBJECT_CONTENT_LEMMAS,
    OPINION_NOUNS,
    ORG_DESCRIPTION_NOUNS,
    PERSON_DESCRIPTION_NOUNS,
    PERSON_PRONOUNS,
    REPORTING_LEMMAS,
    REPORTING_NOUNS,
    THING_PRONOUNS,
    WEAK_REPORTING_LEMMAS,
)
from reader.core.model import Attribution, AttributionKind, Entity, Span
from reader.core.quotes import Quotation, find_quotations, word_count

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_CONTENT_TRIM = " \t\n,;:.—–-"
_SPEAKER_ENTITY_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "NORP", "FAC", "PRODUCT", "WORK_OF_ART"}
)
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
# How far back "the company" or "the minister" may reach for the one the text is about.
SALIENCE_WINDOW = 20_000


@dataclass
class _Found:
    kind: AttributionKind
    speaker: Span | None
    cue: Span | None
    content: Span
    speaker_name: str | None = None


class ParsedArticle:
    """The article's Docs with their offsets, and lookups from character positions to tokens."""

    def __init__(self, text: str, parsed: Sequence[tuple[int, Doc]]) -> None:
        self.text = text
        self.parsed = list(parsed)
        self._starts = [offset for offset, _ in self.parsed]
        self.sentences: list[tuple[int, int]] = [
            (offset + s.start_char, offset + s.end_char)
            for offset, doc in self.parsed
            for s in doc.sents
        ]
        self._sentence_starts = [s for s, _ in self.sentences]

    def span(self, start: int, end: int) -> Span:
        return Span(start, end, self.text[start:end])

    def token_span(self, offset: int, first: Token, last: Token) -> Span:
        start = offset + first.idx
        end = offset + last.idx + len(last.text)
        return self.span(start, end)

    def sentence_index(self, char: int) -> int:
        return max(0, bisect.bisect_right(self._sentence_starts, char) - 1)

    def doc_at(self, char: int) -> tuple[int, Doc] | None:
        index = bisect.bisect_right(self._starts, char) - 1
        if index < 0:
            return None
        offset, doc = self.parsed[index]
        return (offset, doc) if char <= offset + len(doc.text) else None

    def tokens_between(self, start: int, end: int) -> list[tuple[int, Token]]:
        found: list[tuple[int, Token]] = []
        index = max(0, bisect.bisect_right(self._starts, start) - 1)
        for offset, doc in self.parsed[index:]:
            if offset >= end:
                break
            found.extend(
                (offset, t)
                for t in doc
                if start <= offset + t.idx and offset + t.idx + len(t) <= end
            )
        return found


class Intervals:
    """Which spans contain a position, in log time: articles hold thousands of quotes."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self._starts = [s for s, _ in self.spans]
        self._reach: list[int] = []  # the furthest end among spans starting at or before i
        furthest = -1
        for _, end in self.spans:
            furthest = max(furthest, end)
            self._reach.append(furthest)

    def contains(self, position: int) -> bool:
        index = bisect.bisect_right(self._starts, position) - 1
        return index >= 0 and self._reach[index] > position

    def overlapping(self, start: int, end: int) -> list[tuple[int, int]]:
        index = bisect.bisect_left(self._starts, end)
        found = []
        for i in range(index - 1, -1, -1):
            if self._reach[i] <= start:
                break
            if self.spans[i][1] > start:
                found.append(self.spans[i])
        return found


class SpeakerResolver:
    """Turns a speaker span into the fullest name the article gives for it."""

    def __init__(self, entities: Sequence[Entity], quotes: Sequence[Quotation]) -> None:
        self.entities = sorted(entities, key=lambda e: e.start)
        self._quoted = Intervals((q.start, q.end) for q in quotes)
        self._starts = [e.start for e in self.entities]
        self._full_names = [
            e.canonical for e in self.entities if e.label == "PERSON" and " " in e.canonical
        ]
        self._gender = _genders(self.entities)

    def _outside_quotes(self, entity: Entity) -> bool:
        return not self._quoted.contains(entity.start)

    def entity_in(
        self, span: Span, labels: frozenset[str] = _SPEAKER_ENTITY_LABELS
    ) -> Entity | None:
        lo = max(0, bisect.bisect_left(self._starts, span.start) - 1)
        hi = bisect.bisect_left(self._starts, span.end)
        inside = [e for e in self.entities[lo:hi] if e.end > span.start and e.label in labels]
        people = [e for e in inside if e.label == "PERSON"]
        return (people or inside)[-1] if inside else None

    def recent(self, before: int, labels: frozenset[str], window: int = 1500) -> Entity | None:
        index = bisect.bisect_left(self._starts, before)
        for entity in reversed(self.entities[:index]):
            if entity.start < before - window:
                break
            if entity.label in labels and self._outside_quotes(entity):
                return entity
        return None

    def salient_org(self, before: int) -> str | None:
        return self.salient(before, "ORG")

    def salient(self, before: int, label: str) -> str | None:
        """Whom the article is about so far: most mentioned, then most recent."""
        counts: dict[str, tuple[int, int]] = {}
        first = bisect.bisect_left(self._starts, before - SALIENCE_WINDOW)
        for entity in self.entities[first : bisect.bisect_left(self._starts, before)]:
            if entity.label == label and self._outside_quotes(entity):
                n, _ = counts.get(entity.canonical, (0, 0))
                counts[entity.canonical] = (n + 1, entity.start)
        if not counts:
            return None
        return max(counts.items(), key=lambda item: item[1])[0]

    def person_for_pronoun(self, pronoun: str, before: int) -> str | None:
        """The latest person mentioned, skipping those whose title says another gender."""
        wanted = "f" if pronoun in {"she", "her"} else "m"
        unknown: str | None = None
        index = bisect.bisect_left(self._starts, before)
        for entity in reversed(self.entities[:index]):
            if entity.start < before - 1500:
                break
            if entity.label != "PERSON" or not self._outside_quotes(entity):
                continue
            gender = self._gender.get(entity.canonical)
            if gender == wanted:
                return entity.canonical
            if gender is None and unknown is None:
                unknown = entity.canonical
        return unknown

    def person_with_role(self, noun: str, before: int) -> str | None:
        first = bisect.bisect_left(self._starts, before - SALIENCE_WINDOW)
        for entity in reversed(self.entities[first : bisect.bisect_left(self._starts, before)]):
            if entity.label != "PERSON":
                continue
            role = entity.role.lower().split() if entity.role else []
            if noun in role and not {"deputy", "vice", "former", "assistant"} & set(role):
                return entity.canonical
        return None

    def resolve(self, speaker: Span, previous: Sequence[_Found]) -> str | None:
        words = speaker.text.split()
        if not words:
            return None
        lower = speaker.text.lower()
        head = re.sub(r"['’]s?$", "", words[-1]).lower()
        definite = words[0].lower() in {"the", "this", "that"}
        head_entity = self.entity_in(Span(speaker.end - len(words[-1]), speaker.end, words[-1]))
        if head_entity is not None and head_entity.text.lower() == head:
            head_entity = None  # "the MEP": a role the model took for a name
        if definite and head_entity is None and head in ORG_DESCRIPTION_NOUNS:
            return self.salient_org(speaker.start)
        if definite and head_entity is None and head in PERSON_DESCRIPTION_NOUNS:
            return self.person_with_role(head, speaker.start) or self.salient(
                speaker.start, "PERSON"
            )
        entity = self.entity_in(speaker)
        if entity is not None:
            if entity.label == "PERSON":
                return entity.canonical
            return _organisation_name(speaker, entity)
        if len(words) >= 2 and words[0].rstrip(".") in NAME_TITLES:
            return person_canonical(" ".join(words[1:]), self._full_names)
        if lower in PERSON_PRONOUNS:
            return self.person_for_pronoun(lower, speaker.start)
        if head in EVIDENCE_NOUNS:
            return self.salient_org(speaker.start)
        if lower in THING_PRONOUNS:
            return self._recent_speaker(previous, speaker.start, person=False) or self.salient_org(
                speaker.start
            )
        if lower in GROUP_PRONOUNS:
            return self._recent_speaker(previous, speaker.start, person=None)
        return None

    def _recent_speaker(
        self, previous: Sequence[_Found], before: int, person: bool | None
    ) -> str | None:
        for item in reversed(previous):
            if item.content.start > before + 2000 or item.speaker_name is None:
                continue
            if before - item.content.end > 1200:
                break
            is_person = item.speaker_name in self._full_names
            if person is None or is_person == person:
                return item.speaker_name
        return None


_MALE_TITLES = frozenset({"Mr", "Sir", "Lord", "King", "Prince"})
_FEMALE_TITLES = frozenset({"Mrs", "Ms", "Miss", "Dame", "Lady", "Queen", "Princess"})


def _genders(entities: Sequence[Entity]) -> dict[str, str]:
    """Gender known from a title used with the name ("Ms Gavron"), for pronoun resolution."""
    genders: dict[str, str] = {}
    for entity in entities:
        if entity.label != "PERSON":
            continue
        title = entity.text.split()[0].rstrip(".")
        if title in _MALE_TITLES:
            genders[entity.canonical] = "m"
        elif title in _FEMALE_TITLES:
            genders[entity.canonical] = "f"
    return genders


def _organisation_name(speaker: Span, entity: Entity) -> str:
    """ "Britain's defense ministry" names the source better than its entity "defense ministry"."""
    text = speaker.text
    text = re.sub(r"^(?:the|a|an)\s+", "", text, flags=re.IGNORECASE)
    text = re.sub(r"['’]s?$", "", text).strip()
    if entity.text in text and len(text.split()) <= 6 and text[:1].isupper():
        return text if text != entity.text else entity.canonical
    return entity.canonical


def _trim(article: ParsedArticle, start: int, end: int) -> Span | None:
    text = article.text
    while start < end and text[start] in _CONTENT_TRIM:
        start += 1
    while end > start and text[end - 1] in _CONTENT_TRIM:
        end -= 1
    if word_count(text[start:end]) < 2:
        return None
    return article.span(start, end)


def _subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in _SUBJECT_DEPS:
            return child
    if verb.dep_ == "pcomp" and verb.head.dep_ == "prep":
        return _subject(verb.head.head)  # "by forecasting ..."
    if (
        verb.dep_ in {"conj", "advcl", "xcomp"}
        and verb.tag_ in {"VBG", "VBN", "VB", "VBD", "VBZ"}
        and verb.head.i != verb.i
    ):
        return _subject(verb.head)
    return None


def _speaker_tokens(subject: Token) -> tuple[Token, Token]:
    """The naming part of a subject: no appositions, relative clauses or trailing commas."""
    if subject.lower_ in {"who", "which", "that"} and subject.head.dep_ == "relcl":
        subject = subject.head.head
    left = subject.left_edge
    right = subject
    if subject.lemma_.lower() in EVIDENCE_NOUNS:
        # "A survey of 280 schemes by Incomes Data Services": the source is inside
        return left, subject.right_edge
    for child in subject.rights:
        if child.dep_ in {"appos", "relcl", "punct", "acl", "cc", "conj", "prep"}:
            break
        right = child.right_edge
    doc = subject.doc
    while left.i < right.i and (doc[left.i].is_punct or doc[left.i].lower_ in {"but", "and"}):
        left = doc[left.i + 1]
    return left, right


def _is_negated(verb: Token) -> bool:
    return any(c.dep_ == "neg" for c in verb.children)


def _complement(verb: Token) -> Token | None:
    """Where the reported content starts: a clause, or the object of "accuse X of", "urge X to",
    "describe X as", or what an opinion is "expressed about"."""
    children = list(verb.children)
    for child in children:
        if child.dep_ == "ccomp":
            return child
    lemma = verb.lemma_
    obj = next((c for c in children if c.dep_ == "dobj"), None)
    preps = {c.lower_ for c in children if c.dep_ == "prep"}
    if obj is not None:
        preps |= {c.lower_ for c in obj.children if c.dep_ == "prep"}
    if obj is not None and lemma in OBJECT_CONTENT_LEMMAS:
        wants = OBJECT_CONTENT_LEMMAS[lemma]
        if (
            (wants == "to" and any(c.dep_ == "xcomp" for c in children))
            or wants in preps
            or (wants == "")
        ):
            return obj
    for child in children:
        if child.dep_ == "xcomp" and lemma in {"say", "expect", "predict", "claim"}:
            return child
    if (
        obj is not None
        and lemma in CLAUSE_LEMMAS
        and _has_finite_verb(obj.doc[verb.i + 1 : verb.right_edge.i + 1])
    ):
        # "said Thursday's report reinforced stability": a clause the parser took for an object
        return obj.doc[verb.i + 1]
    if lemma == "call":
        for child in children:
            if child.dep_ == "prep" and child.lower_ in {"on", "for"}:
                return child
    if obj is not None and lemma in {"express", "voice"} and obj.lemma_ in OPINION_NOUNS:
        for holder in (obj, verb):
            for prep in holder.children:
                if prep.dep_ == "prep" and prep.lower_ in {"about", "over", "at", "in", "on"}:
                    return prep
    return None


def _has_finite_verb(tokens: Iterable[Token]) -> bool:
    return any(t.tag_ in {"VBD", "VBZ", "VBP", "MD"} for t in tokens)


def _cue_span(article: ParsedArticle, offset: int, verb: Token) -> Span:
    last = verb
    for child in verb.children:
        if child.dep_ == "prt" or (
            child.dep_ == "prep" and verb.lemma_ == "call" and child.lower_ in {"on", "for"}
        ):
            last = child if child.i > last.i else last
        if verb.lemma_ in {"express", "voice"} and child.dep_ == "dobj":
            last = child
    return article.token_span(offset, verb, last)


class AttributionFinder:
    def __init__(self, article: ParsedArticle, entities: Sequence[Entity]) -> None:
        self.article = article
        self.quotes = find_quotations(article.text)
        self.resolver = SpeakerResolver(entities, self.quotes)
        self._quoted = Intervals((q.start, q.end) for q in self.quotes)
        self.found: list[_Found] = []

    # -- direct quotes ----------------------------------------------------------------
    def _is_speech(self, quote: Quotation) -> bool:
        inner = self.article.text[quote.start : quote.end].rstrip()
        words = word_count(inner)
        return words >= 6 or (words >= 3 and inner[-1:] in ",.?!")

    def _cue_near(self, start: int, end: int) -> tuple[int, Token] | None:
        """The reporting verb nearest the span, in its sentence but outside any quotation."""
        candidates = []
        for where in (end, start - 1):
            sentence = self.article.sentences[self.article.sentence_index(max(0, where))]
            lo, hi = sentence
            if where == end:
                lo, hi = end, max(hi, end)
            else:
                hi = start
            for offset, token in self.article.tokens_between(lo, hi):
                pos = offset + token.idx
                if self._inside_quote(pos):
                    continue
                if (
                    token.lemma_ in REPORTING_LEMMAS
                    and token.pos_ in {"VERB", "AUX"}
                    and not _is_negated(token)
                ):
                    distance = pos - end if where == end else start - pos
                    candidates.append((distance, offset, token))
        if not candidates:
            return None
        candidates.sort(key=lambda c: c[0])
        _, offset, token = candidates[0]
        return offset, token

    def _inside_quote(self, char: int) -> bool:
        return self._quoted.contains(char)

    def _entity_between(self, start: int, end: int) -> Span | None:
        entity = self.resolver.recent(end, frozenset({"PERSON", "ORG"}), window=end - start - 1)
        if entity is None or entity.start <= start:
            return None
        # "Britain's defense ministry": a possessor belongs to the naming
        before = self.article.text[max(0, entity.start - 40) : entity.start]
        owner = re.search(r"\b([A-Z][\w.-]*(?: [A-Z][\w.-]*)*)['’]s $", before)
        begin = entity.start - len(owner.group()) if owner else entity.start
        return self.article.span(begin, entity.end)

    def _speaker_for(self, offset: int, verb: Token) -> Span | None:
        subject = _subject(verb)
        if subject is not None and verb.tag_ == "VBG" and subject.head.i != verb.i:
            # "followed by a statement from the ministry, asserting that": the source named
            # between the borrowed subject and the participle is nearer than the subject
            right = subject.right_edge
            source = self._entity_between(offset + right.idx + len(right), offset + verb.idx)
            if source is not None:
                return source
        if subject is not None and not self._inside_quote(offset + subject.idx):
            left, right = _speaker_tokens(subject)
            span = self.article.token_span(offset, left, right)
            entity = self.resolver.entity_in(span)
            if entity is not None and entity.label == "PERSON":
                return self.article.span(entity.start, entity.end)
            if entity is not None and entity.end > span.end:
                return self.article.span(span.start, entity.end)
            return span
        # inverted or unparsed: a name right after the cue ("said Lankov")
        doc = verb.doc
        for token in doc[verb.i + 1 : verb.i + 8]:
            if token.ent_type_ in {"PERSON", "ORG"} or token.pos_ in {"PROPN", "PRON"}:
                span = self.article.span(offset + token.idx, offset + token.idx + len(token.text))
                entity = self.resolver.entity_in(
                    self.article.span(span.start, min(len(self.article.text), span.start + 60))
                )
                if entity is not None and entity.start == span.start:
                    return self.article.span(entity.start, entity.end)
                if token.pos_ == "PRON":
                    return span
            if token.is_punct and token.text != "-":
                break
        # a participle with no subject ("..., asserting that"): the nearest source before it
        start = offset + verb.idx
        sentence_start = self.article.sentences[self.article.sentence_index(start)][0]
        entity = self.resolver.recent(
            start, frozenset({"PERSON", "ORG"}), window=start - sentence_start
        )
        if entity is not None:
            return self.article.span(entity.start, entity.end)
        return None

    def _direct(self) -> list[_Found]:
        speech = [q for q in self.quotes if self._is_speech(q)]
        results: list[_Found] = []
        skip: set[int] = set()
        for index, quote in enumerate(speech):
            if index in skip:
                continue
            cue_found = self._cue_near(quote.start, quote.end)
            start, end = quote.start, quote.end
            if cue_found is not None:
                offset, verb = cue_found
                cue = _cue_span(self.article, offset, verb)
                # '"X," said Lankov. "Y."': the next quote continues this one if it has no cue
                if index + 1 < len(speech) and cue.start > quote.end:
                    following = speech[index + 1]
                    gap = self.article.text[cue.end : following.start]
                    if (
                        len(gap) < 80
                        and "\n" not in gap
                        and self._cue_near(following.start, following.end) in (None, cue_found)
                        and self._own_cue_after(following) is None
                    ):
                        end = following.end
                        skip.add(index + 1)
                speaker = self._speaker_for(offset, verb)
                results.append(_Found("direct", speaker, cue, self.article.span(start, end)))
            elif results and self._follows(results[-1], quote):
                prev = results[-1]
                results.append(
                    _Found(
                        "direct",
                        prev.speaker,
                        None,
                        self.article.span(start, end),
                        prev.speaker_name,
                    )
                )
        return results

    def _own_cue_after(self, quote: Quotation) -> Token | None:
        sentence = self.article.sentences[self.article.sentence_index(quote.end)]
        for _offset, token in self.article.tokens_between(quote.end, max(sentence[1], quote.end)):
            if token.lemma_ in REPORTING_LEMMAS and token.pos_ == "VERB":
                return token
        return None

    def _follows(self, previous: _Found, quote: Quotation) -> bool:
        gap = self.article.text[previous.content.end : quote.start]
        return len(gap) < 400 and gap.count("\n") <= 2

    # -- reported speech ----------------------------------------------------------------
    def _reported(self, direct: Sequence[_Found]) -> list[_Found]:
        results: list[_Found] = []
        direct_ranges = Intervals((d.content.start, d.content.end) for d in direct)
        for offset, doc in self.article.parsed:
            for token in doc:
                pos = offset + token.idx
                if self._inside_quote(pos) or direct_ranges.contains(pos):
                    continue
                if token.lower_ == "according" and any(c.lower_ == "to" for c in token.children):
                    found = self._according_to(offset, token)
                elif token.lemma_ in REPORTING_LEMMAS and (
                    token.pos_ in {"VERB", "AUX"} or token.dep_ == "relcl"
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

    def _reporting_verb(self, offset: int, verb: Token) -> _Found | None:
        if _is_negated(verb):
            return None
        if any(c.dep_ == "auxpass" for c in verb.children) and not any(
            c.dep_ == "agent" for c in verb.children
        ):
            return None
        complement = _complement(verb)
        if complement is None:
            return None
        if verb.lemma_ in WEAK_REPORTING_LEMMAS and complement.dep_ != "ccomp":
            return None
        if verb.dep_ in {"amod", "acl"} and verb.tag_ == "VBN":
            return None
        subject = _subject(verb)
        speaker = self._speaker_for(offset, verb)
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
        return _Found(kind, speaker, _cue_span(self.article, offset, verb), content)

    def _content_span(self, offset: int, verb: Token, complement: Token) -> Span | None:
        doc = verb.doc
        if complement.i > verb.i:
            first = complement.left_edge
            while first.dep_ == "mark" or first.lower_ in {"that", ":"}:
                if first.i + 1 >= len(doc):
                    return None
                first = doc[first.i + 1]
            last = verb.right_edge
            if complement.dep_ == "prep":
                first = doc[complement.i + 1] if complement.i + 1 < len(doc) else complement
        else:
            first = complement.left_edge
            last = complement.right_edge
        start = offset + first.idx
        end = offset + last.idx + len(last.text)
        return _trim(self.article, start, end)

    def _according_to(self, offset: int, according: Token) -> _Found | None:
        to = next(c for c in according.children if c.lower_ == "to")
        objects = [c for c in to.children if c.dep_ == "pobj"]
        if not objects:
            return None
        obj = objects[0]
        speaker = self.article.token_span(offset, obj.left_edge, obj.right_edge)
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
        return _Found("according_to", speaker, cue, content)

    def _reporting_noun(self, offset: int, noun: Token) -> _Found | None:
        """ "Electrolux's announcement that ...", "a statement from X that ..." """
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
        return _Found("indirect", speaker, self.article.token_span(offset, noun, noun), content)

    # -- together ------------------------------------------------------------------------
    def find(self) -> list[Attribution]:
        direct = self._direct()
        reported = self._reported(direct)
        items = sorted(direct + reported, key=lambda f: f.content.start)
        resolved: list[_Found] = []
        for item in items:
            if item.speaker_name is None and item.speaker is not None:
                item.speaker_name = self.resolver.resolve(item.speaker, resolved)
            if item.kind == "indirect" and self._has_quoted_fragment(item.content):
                item.kind = "mixed"
            resolved.append(item)
        return [Attribution(f.kind, f.speaker, f.speaker_name, f.cue, f.content) for f in resolved]

    def _has_quoted_fragment(self, content: Span) -> bool:
        return any(
            content.start <= s and e <= content.end + 1
            for s, e in self._quoted.overlapping(content.start, content.end)
        )


def _overlap_share(a: Span, b: Span) -> float:
    overlap = min(a.end, b.end) - max(a.start, b.start)
    shorter = min(a.end - a.start, b.end - b.start) or 1
    return max(0, overlap) / shorter


def _drop_nested_coordination(items: list[_Found]) -> list[_Found]:
    """ "said X, adding that Y" is one item: drop an item whose cue lies inside another's content
    when both share a speaker and the outer one starts before it."""
    kept: list[_Found] = []
    by_start = sorted(items, key=lambda o: o.content.start)
    starts = [o.content.start for o in by_start]
    for item in items:
        if item.cue is None:
            kept.append(item)
            continue
        # only items starting within a sentence-sized reach before the cue can contain it
        lo = bisect.bisect_left(starts, item.cue.start - 2000)
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
