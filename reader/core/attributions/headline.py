"""A headline that names its source: "Ruiz: Port Must Stay Open"."""

from __future__ import annotations

import re
from collections.abc import Sequence

from reader.core.attributions.content import _trim
from reader.core.attributions.speaker_spans import SpeakerSpans
from reader.core.lexicon import EVIDENCE_NOUNS, GROUP_NOUNS, PERSON_DESCRIPTION_NOUNS
from reader.core.limits import HEADLINE_MAX_SPEAKER_WORDS, HEADLINE_MAX_WORDS
from reader.core.model import AttributionKind, Span
from reader.core.quotes import word_count
from reader.core.speakers import Found

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


class HeadlineRule(SpeakerSpans):
    """The headline's attribution. Apart from the other families because a headline is read
    with patterns of its own, not the parse (headlines drop words and capitalise the rest),
    and only when no other rule found anything in it."""

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
