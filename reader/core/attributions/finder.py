"""The pattern families put together: every attribution in an article, its speaker resolved."""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import islice

from reader.core.attributions.headline import HeadlineRule
from reader.core.attributions.quotations import QuotationRules
from reader.core.attributions.reported import ReportedSpeechRules
from reader.core.model import Attribution, Entity, Span
from reader.core.parsed import ParsedArticle
from reader.core.speakers import (
    UNNAMED_DESCRIPTION_CONFIDENCE,
    Found,
    name_introduced_speakers,
    names_someone_unresolved,
    speaker_confidence,
)

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


class AttributionFinder(QuotationRules, ReportedSpeechRules, HeadlineRule):
    """Who said what in one article.

    It is the pattern families, one class each (``QuotationRules``, ``ReportedSpeechRules``,
    ``HeadlineRule``), over the state they share (``SpeakerSpans``): in one class the rules
    were more than a reader can hold. What is left here is the order they run in and the
    resolution of the speakers, which needs every attribution found first."""

    def find(self) -> list[Attribution]:
        """Quotations first, since reported speech leaves what they hold and a quoted sentence
        after reported speech goes on with its speaker; the headline when nothing else was
        found in it. Speakers are resolved in the order of the text: a pronoun or a description
        is resolved from the attributions before it, and a few after."""
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

    def _has_quoted_fragment(self, content: Span) -> bool:
        return any(
            content.start <= s and e <= content.end + 1
            for s, e in self._quoted.overlapping(content.start, content.end)
        )


def find_attributions(article: ParsedArticle, entities: Sequence[Entity]) -> list[Attribution]:
    return AttributionFinder(article, entities).find()
