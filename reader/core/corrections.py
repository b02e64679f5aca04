"""The analyst's corrections, laid over any analysis of an article.

A correction is stored like a note: anchored to its passage by the exact words, their context
and their position, so it finds its place again after a re-analysis, a new version of the rules
or an edit of the source file. Corrections about a name (its type, "same as", a new name) apply
wherever the article uses that name. One that no longer finds its passage is kept and listed as
lost, never dropped. Nothing here changes the analysis: ``apply_corrections`` returns a new one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from reader.core.anchors import Anchor, AnchorStatus, Placement, place
from reader.core.errors import ReaderError
from reader.core.facts import build_facts
from reader.core.model import Analysis, Attribution, AttributionKind, Entity, Record, Span

CorrectionKind = Literal[
    "speaker",  # value: the speaker's name
    "not_attribution",
    "add_attribution",  # value: the speaker's name
    "entity_type",  # subject: the name; value: person, organisation, place or other
    "same_as",  # subject: the name; value: the name it is the same as
    "rename",  # subject: the name; value: the new name
    "split",  # the mention at the anchor is not the person it was merged with
    "reject",  # the amount or figure at the anchor is not one
]
CORRECTION_KINDS: tuple[CorrectionKind, ...] = (
    "speaker",
    "not_attribution",
    "add_attribution",
    "entity_type",
    "same_as",
    "rename",
    "split",
    "reject",
)
# The analyst's words for a type, and the label the analysis uses for it.
TYPE_LABELS: dict[str, str] = {
    "person": "PERSON",
    "organisation": "ORG",
    "place": "GPE",
    "other": "MISC",
}
NAME_CORRECTIONS = frozenset({"entity_type", "same_as", "rename"})
ANALYST_PATTERN = "analyst"


class CorrectionError(ReaderError):
    """A correction that cannot be made as asked: nothing matches, or too much does."""


@dataclass(frozen=True)
class Correction(Record):
    id: int
    uid: str
    article_id: str
    kind: CorrectionKind
    anchor: Anchor
    status: AnchorStatus
    subject: str
    value: str
    created: str

    def describe(self) -> str:
        """One line for a list of corrections."""
        words = " ".join(self.anchor.exact.split())
        quote = f"“{words[:60]}{'…' if len(words) > 60 else ''}”"
        return {
            "speaker": f"speaker of {quote} is {self.value}",
            "not_attribution": f"{quote} is not an attribution",
            "add_attribution": f"{quote} was said by {self.value}",
            "entity_type": f"{self.subject} is a {self.value}",
            "same_as": f"{self.subject} is the same as {self.value}",
            "rename": f"{self.subject} is called {self.value}",
            "split": f"{quote} is not {self.subject}",
            "reject": f"{quote} is not an amount or figure",
        }[self.kind]


@dataclass(frozen=True)
class CorrectedAnalysis(Record):
    analysis: Analysis
    applied: tuple[Correction, ...]
    lost: tuple[Correction, ...]  # their passage or name is gone from the text


def apply_corrections(
    text: str, analysis: Analysis, corrections: Sequence[Correction]
) -> CorrectedAnalysis:
    """The analysis as the analyst corrected it, in the order the corrections were made."""
    entities = list(analysis.entities)
    attributions = list(analysis.attributions)
    money = list(analysis.money)
    figures = list(analysis.figures)
    applied: list[Correction] = []
    lost: list[Correction] = []
    for correction in sorted(corrections, key=lambda c: (c.created, c.id)):
        placement = place(correction.anchor, text)
        if correction.kind in NAME_CORRECTIONS:
            found = _apply_to_name(correction, entities, attributions)
        elif placement.status == "orphan":
            found = False
        elif correction.kind == "split":
            found = _split(correction, placement, entities, attributions)
        elif correction.kind == "reject":
            before = len(money) + len(figures)
            money = [m for m in money if not _overlaps(m.start, m.end, placement)]
            figures = [f for f in figures if not _overlaps(f.start, f.end, placement)]
            found = len(money) + len(figures) < before
        elif correction.kind == "add_attribution":
            attributions.append(_added(text, placement, correction.value))
            found = True
        else:
            index = attribution_at(attributions, placement.start, placement.end)
            found = index is not None
            if index is not None and correction.kind == "not_attribution":
                del attributions[index]
            elif index is not None:
                attributions[index] = replace(
                    attributions[index],
                    speaker_name=correction.value,
                    resolved_from="named",
                    confidence=1.0,
                    corrected=True,
                )
        (applied if found else lost).append(correction)
    attributions.sort(key=lambda a: a.content.start)
    sentences = [(s.start, s.end) for s in analysis.sentences]
    facts = build_facts(text, sentences, entities, money, attributions, figures)
    corrected = replace(
        analysis,
        entities=tuple(entities),
        money=tuple(money),
        figures=tuple(figures),
        attributions=tuple(attributions),
        facts=tuple(facts),
    )
    return CorrectedAnalysis(corrected, tuple(applied), tuple(lost))


def attribution_at(attributions: Sequence[Attribution], start: int, end: int) -> int | None:
    """The attribution whose words overlap the passage most, by at least half of the shorter."""
    best: tuple[int, int] | None = None
    for index, item in enumerate(attributions):
        shared = min(end, item.content.end) - max(start, item.content.start)
        shorter = min(end - start, item.content.end - item.content.start)
        if shared > 0 and shared * 2 >= shorter and (best is None or shared > best[0]):
            best = (shared, index)
    return None if best is None else best[1]


def attributions_quoting(attributions: Sequence[Attribution], words: str) -> list[int]:
    """The attributions whose content holds ``words`` (spacing and case ignored)."""
    wanted = " ".join(words.split()).casefold()
    return [
        i
        for i, item in enumerate(attributions)
        if wanted and wanted in " ".join(item.content.text.split()).casefold()
    ]


def entities_named(entities: Sequence[Entity], name: str) -> list[Entity]:
    """Mentions written as ``name`` or resolved to it (case ignored)."""
    wanted = name.casefold().strip()
    return [e for e in entities if wanted in (e.text.casefold(), e.canonical.casefold())]


def _apply_to_name(
    correction: Correction, entities: list[Entity], attributions: list[Attribution]
) -> bool:
    subject = correction.subject.casefold()
    hits = [i for i, e in enumerate(entities) if e.canonical.casefold() == subject]
    if not hits:
        return False
    if correction.kind == "entity_type":
        label = TYPE_LABELS[correction.value]
        for i in hits:
            entities[i] = replace(entities[i], label=label, corrected=True)
        return True
    target = correction.value
    same = [e for e in entities if e.canonical.casefold() == target.casefold()]
    merged_label = same[0].label if same and correction.kind == "same_as" else None
    for i in hits:
        entities[i] = replace(
            entities[i],
            canonical=same[0].canonical if same else target,
            label=merged_label or entities[i].label,
            corrected=True,
        )
    new_name = same[0].canonical if same else target
    for i, item in enumerate(attributions):
        if item.speaker_name is not None and item.speaker_name.casefold() == subject:
            attributions[i] = replace(item, speaker_name=new_name, corrected=True)
    return True


def _split(
    correction: Correction,
    placement: Placement,
    entities: list[Entity],
    attributions: list[Attribution],
) -> bool:
    """The mention stands for someone of its own: its name is the words written there."""
    found = False
    for i, entity in enumerate(entities):
        if _overlaps(entity.start, entity.end, placement):
            entities[i] = replace(entity, canonical=entity.text, role=None, corrected=True)
            found = True
            for j, item in enumerate(attributions):
                speaker = item.speaker
                if speaker is not None and _overlaps(speaker.start, speaker.end, placement):
                    attributions[j] = replace(item, speaker_name=entity.text, corrected=True)
    return found


def _added(text: str, placement: Placement, speaker: str) -> Attribution:
    start, end = placement.start, placement.end
    quoted = text[start - 1 : start] in "\"“'‘" and text[end : end + 1] in "\"”'’,"
    kind: AttributionKind = "direct" if start > 0 and quoted else "indirect"
    return Attribution(
        kind,
        None,
        speaker,
        None,
        Span(start, end, text[start:end]),
        "named",
        1.0,
        ANALYST_PATTERN,
        True,
    )


def _overlaps(start: int, end: int, placement: Placement) -> bool:
    return min(end, placement.end) > max(start, placement.start)
