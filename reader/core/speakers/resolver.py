"""``SpeakerResolver``: the order the speaker rules are tried in, and the speakers the article
names."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from itertools import pairwise

from reader.core.entities import person_canonical
from reader.core.lexicon import (
    EVIDENCE_NOUNS,
    GROUP_PRONOUNS,
    NAME_TITLES,
    ORG_DESCRIPTION_NOUNS,
    PERSON_DESCRIPTION_NOUNS,
    PERSON_PRONOUNS,
    REPORTING_NOUNS,
    THING_PRONOUNS,
)
from reader.core.limits import INTRODUCTION_REACH_CHARS
from reader.core.model import Entity, ResolvedFrom, Span
from reader.core.speakers.descriptions import (
    _SPOKESPERSON_FOR,
    DescriptionResolution,
)
from reader.core.speakers.found import Found, _found_as
from reader.core.speakers.mentions import _ORGANISATIONS
from reader.core.speakers.pronouns import PronounResolution


class SpeakerResolver(PronounResolution, DescriptionResolution):
    """Turns a speaker span into the fullest name the article gives for it.

    ``resolve`` is the order the rules were tuned in: descriptions, names, pronouns, evidence,
    then a bare capitalised word. The rules live in their families, ``PronounResolution`` and
    ``DescriptionResolution``, over the index of ``ArticleMentions``."""

    def resolve(
        self,
        speaker: Span,
        previous: Sequence[Found],
        later: Iterable[Found] = (),
        content: Span | None = None,
    ) -> tuple[str | None, ResolvedFrom]:
        """The fullest name for the speaker span, and how it was found; ``later`` are the
        attributions after it, in order, for a description the article names afterwards;
        ``content`` is what the speaker said, whose names a pronoun never stands for.
        ``certainty`` tells afterwards how sure a pronoun's antecedent is."""
        self.certainty = 1.0
        words = speaker.text.split()
        if not words:
            return None, "none"
        lower = speaker.text.lower()
        head = re.sub(r"['’]s?$", "", words[-1]).lower()
        definite = words[0].lower() in {"the", "this", "that"}
        indefinite = words[0].lower() in {"a", "an"}
        described = self._described_speaker(speaker, words, head, definite, indefinite, later)
        if described is not None:
            return described
        named = self._named_speaker(speaker, words)
        if named is not None:
            return named
        if lower in PERSON_PRONOUNS:
            return self._pronoun_speaker(speaker, lower, previous, content)
        if head in EVIDENCE_NOUNS:
            return self._evidence_source(speaker, words, head, definite, indefinite, later)
        if lower in THING_PRONOUNS:
            organisation, step = self._organisation_for_it(speaker.start, previous)
            self.certainty = self._pronoun_certainty(
                organisation, "it_" + step, speaker.start, previous, "it"
            )
            return _found_as(organisation, "pronoun")
        if lower == "they":
            return _found_as(self._recent_group(previous, speaker.start), "pronoun")
        if lower in GROUP_PRONOUNS:
            return _found_as(self._recent_speaker(previous, speaker.start, person=None), "pronoun")
        if all(w[:1].isupper() for w in words):
            return _found_as(self.full_name(speaker.text), "surname")  # untagged "Ruiz"
        return None, "none"

    def _described_speaker(
        self,
        speaker: Span,
        words: Sequence[str],
        head: str,
        definite: bool,
        indefinite: bool,
        later: Iterable[Found],
    ) -> tuple[str | None, ResolvedFrom] | None:
        """A speaker described rather than named: "the MPs", "the committee", "an all-party
        committee", "the minister"; None when the span is no description. Tried first in
        ``resolve``, before names, so that a role the model took for a name reads as a role."""
        head_entity = self.entity_in(Span(speaker.end - len(words[-1]), speaker.end, words[-1]))
        if head_entity is not None and head_entity.text.lower() == head:
            head_entity = None  # "the MEP": a role the model took for a name
        lower = speaker.text.lower()
        if head == "mps" and (len(words) == 1 or (definite and len(words) == 2)):
            # "the MPs found": the members of the committee the article reports on
            committee = self.organisation_named("committee", speaker.start)
            if committee is not None:
                return committee, "nominal"
        if (definite or indefinite) and head_entity is None and head in ORG_DESCRIPTION_NOUNS:
            # "the committee", "an all-party committee": an organisation named as one, else
            # (for "the") the organisation the article is about
            by_head = self.organisation_named(head, speaker.start) or (
                self.organisation_described([*lower.split()[:-1], head], speaker.start)
            )
            if by_head is not None:
                return by_head, "nominal"
            if indefinite:
                return _found_as(self.organisation_speaking_next(speaker, later), "nominal")
            return _found_as(self.salient_org(speaker.start), "nominal")
        if definite and head_entity is None and head in PERSON_DESCRIPTION_NOUNS:
            by_role = self.person_with_role([*lower.split()[:-1], head], speaker.start)
            if by_role is not None:
                return by_role, "role"
            return _found_as(self.salient(speaker.start, "PERSON"), "nominal")
        return None

    def _named_speaker(
        self, speaker: Span, words: Sequence[str]
    ) -> tuple[str, ResolvedFrom] | None:
        """A speaker the article names: an organisation a spokesperson speaks for, a person
        or organisation the model found, or a titled name."""
        spokesperson = _SPOKESPERSON_FOR.match(speaker.text)
        if spokesperson is not None:
            # "a spokesman for the Harbour Authority" speaks for the authority
            represented = self.entity_in(
                Span(speaker.start + spokesperson.end(), speaker.end, ""), _ORGANISATIONS
            )
            if represented is not None:
                return represented.canonical, "role"
        entity = self.entity_in(speaker)
        if entity is not None:
            if entity.label == "PERSON":
                return entity.canonical, _how_named(entity)
            name = _organisation_name(speaker, entity)
            acronym = entity.text.isupper() and len(entity.text) >= 2 and name != entity.text
            return name, "acronym" if acronym else "named"
        if len(words) >= 2 and words[0].rstrip(".") in NAME_TITLES:
            # "Lord Smith" keeps the title that belongs to the name when no given name is known
            return person_canonical(" ".join(words), self._full_names), "title"
        return None


def _how_named(entity: Entity) -> ResolvedFrom:
    """A person's mention names them in full, by a titled surname, or by a bare surname."""
    words = entity.text.split()
    if words and words[0].rstrip(".") in NAME_TITLES:
        return "title"
    if len(words) == 1 and entity.canonical != entity.text:
        return "surname"
    return "named"


# Words that make what comes before a name a phrase of its own ("polls in Acme and Borland").
_LINKING_WORDS = frozenset("in of for and or at by from on with to".split())


def _organisation_name(speaker: Span, entity: Entity) -> str:
    """ "Britain's defense ministry" names the source better than its entity "defense ministry"."""
    text = speaker.text
    text = re.sub(r"^(?:the|a|an)\s+", "", text, flags=re.IGNORECASE)
    text = re.sub(r"['’]s?$", "", text).strip()
    while text.split() and text.split()[-1] in EVIDENCE_NOUNS | REPORTING_NOUNS:
        text = text.rsplit(" ", 1)[0] if " " in text else ""  # "the Harlow Partners report"
    before = text[: -len(entity.text)].split() if text.endswith(entity.text) else []
    if any(w.islower() for w in before) and not set(before) & _LINKING_WORDS:
        return entity.canonical  # "Software giant Acme": a description glued to the name
    if entity.text in text and len(text.split()) <= 6 and text[:1].isupper():
        return text if text != entity.text else entity.canonical
    return entity.canonical


def name_introduced_speakers(items: Sequence[Found], resolver: SpeakerResolver) -> None:
    """ "A leading port economist says the dues are too high. 'It cannot last,' says Ana
    Ruiz, head of research at ...": an unnamed person introduced by "a"/"an" is the person
    named in the attribution right after."""
    for item, after in pairwise(items):
        if item.speaker_name is not None or item.speaker is None or after.speaker is None:
            continue
        words = item.speaker.text.lower().split()
        if len(words) < 2 or words[0] not in {"a", "an"}:
            continue
        if not set(words[1:4]) & PERSON_DESCRIPTION_NOUNS:
            continue
        near = after.content.start - item.content.end <= INTRODUCTION_REACH_CHARS
        named = after.resolved_from in {"named", "title"} and after.speaker_name in (
            resolver.full_names
        )
        if near and named:
            item.speaker_name, item.resolved_from = after.speaker_name, "nominal"
