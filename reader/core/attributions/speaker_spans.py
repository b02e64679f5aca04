"""What every pattern family of the finder shares, and how a cue becomes a speaker span."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from reader.core.attributions.subjects import (
    _SUBJECT_DEPS,
    _coordinated_organisations,
    _described_before,
    _is_agent,
    _named_apposition,
    _speaker_tokens,
    _subject,
)
from reader.core.lexicon import NOT_SPEAKERS, RELATIVE_PRONOUNS, SOURCE_NOUNS
from reader.core.model import Entity, Span
from reader.core.parsed import Intervals, ParsedArticle
from reader.core.quotes import find_quotations
from reader.core.speakers import SpeakerResolver

if TYPE_CHECKING:
    from spacy.tokens import Token


# Subjects of a clause above a participle that name nobody: "it is clear, noting that ...".
_NOT_HOLDERS = NOT_SPEAKERS | {"it", "this", "that", "there"}


class SpeakerSpans:
    """The state the pattern families share, and the one way each finds a cue's speaker.

    The families (``QuotationRules``, ``ReportedSpeechRules``, ``HeadlineRule``) subclass it
    rather than being handed it: each asks for a speaker the same way (``_speaker_for``), and
    ``AttributionFinder.find`` reads what ``_subject_span`` noted on the way (a relative
    pronoun's antecedent, a name the model missed) without the families passing it along. So
    the rules, tuned on the dev sets, kept their bodies when the finder was split."""

    def __init__(self, article: ParsedArticle, entities: Sequence[Entity]) -> None:
        self.article = article
        self.quotes = find_quotations(article.text)
        self.resolver = SpeakerResolver(
            entities, self.quotes, article.sentences, article.text, article
        )
        self._quoted = Intervals((q.start, q.end) for q in self.quotes)
        # relative pronouns kept as speakers, and the antecedent that names each
        self._antecedents: dict[tuple[int, int], Span] = {}
        # speakers named by their own words: two organisations together ("X and Y"), a name
        # the model missed beside a description ("analysts Everest", taken for a place)
        self._worded_names: dict[tuple[int, int], str] = {}

    def _inside_quote(self, char: int) -> bool:
        return self._quoted.contains(char)

    def _speaker_for(self, offset: int, verb: Token) -> Span | None:
        """The span that names who speaks through a cue: its subject, a name right after an
        inverted cue, the subject of a clause it hangs from, else the nearest source."""
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
        named = self._named_after_cue(offset, verb, subject)
        if named is not None:
            return named
        return self._speaker_above(offset, verb)

    def _named_after_cue(self, offset: int, verb: Token, subject: Token | None) -> Span | None:
        """An inverted or unparsed cue's speaker: a name right after the cue ("said Lankov"),
        never a word of what was said ("saying he misled members")."""
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
        return None

    def _speaker_above(self, offset: int, verb: Token) -> Span | None:
        """A participle with no subject ("..., asserting that"): the subject of a clause it
        hangs from, outside quotations, else the nearest source before it."""
        doc = verb.doc
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
