"""The analyst's corrections, laid over any analysis of an article.

A correction is stored like a note: anchored to its passage by the exact words, their context
and their position, so it finds its place again after a re-analysis, a new version of the rules
or an edit of the source file. A correction of an attribution also names it by its own identity,
the offsets of its cue and its words when it was made, so that a statement nested in another
(its words inside the other's) is never taken for the other. Corrections about a name (its type,
"same as", a new name) apply wherever the article uses that name. One that no longer finds its
passage is kept and listed as lost, never dropped. Nothing here changes the analysis:
``apply_corrections`` returns a new one."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from reader.core.anchors import Anchor, AnchorStatus, Placement, place
from reader.core.errors import ReaderError
from reader.core.facts import build_facts, shorten
from reader.core.model import Analysis, Attribution, AttributionKind, Entity, Record, Span
from reader.core.quoting import quoted_text

CorrectionKind = Literal[
    "speaker",  # value: the speaker's name
    "not_attribution",
    "add_attribution",  # value: the speaker's name
    "entity_type",  # subject: the name; value: person, organisation, place or other
    "same_as",  # subject: the name; value: the name it is the same as
    "rename",  # subject: the name; value: the new name
    "split",  # the mention at the anchor is not the person it was merged with
    "reject",  # the amount or figure at the anchor is not one
    "extent",  # value: the quote's new words, at ``Correction.extent``
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
    "extent",
)
# The analyst's words for a type, and the label the analysis uses for it.
TYPE_LABELS: dict[str, str] = {
    "person": "PERSON",
    "organisation": "ORG",
    "place": "GPE",
    "other": "MISC",
}
NAME_CORRECTIONS = frozenset({"entity_type", "same_as", "rename"})
QUOTED_CHARS = 60  # of a passage, in a correction's one line
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
    # the attribution's cue (start, end) when the correction was made; None for other kinds,
    # for an attribution without a cue, and for corrections made before cues were kept
    cue: tuple[int, int] | None = None
    extent: tuple[int, int] | None = None  # "extent": where the quote's new words were

    def describe(self) -> str:
        """One line for a list of corrections."""
        quote = f"“{shorten(self.anchor.exact, QUOTED_CHARS)}”"
        return {
            "speaker": f"speaker of {quote} is {self.value}",
            "not_attribution": f"{quote} is not an attribution",
            "add_attribution": f"{quote} was said by {self.value}",
            "entity_type": f"{self.subject} is a {self.value}",
            "same_as": f"{self.subject} is the same as {self.value}",
            "rename": f"{self.subject} is called {self.value}",
            "split": f"{quote} is not {self.subject}",
            "reject": f"{quote} is not an amount or figure",
            "extent": f"{quote} now reads “{shorten(self.value, QUOTED_CHARS)}”",
        }[self.kind]


@dataclass(frozen=True)
class CorrectedAnalysis(Record):
    analysis: Analysis
    applied: tuple[Correction, ...]
    lost: tuple[Correction, ...]  # what they correct is no longer found: passage, statement, name
    # for each attribution of ``analysis``, the corrections that made it what it is: one that
    # added it, changed its speaker or its extent
    by_attribution: tuple[tuple[Correction, ...], ...] = ()


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
    # parallel to ``attributions``, moved with them (never keyed by ``id()``: corrections replace
    # the records, and a record's id is then another's)
    made_by: list[list[Correction]] = [[] for _ in attributions]
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
            made_by.append([correction])
            found = True
        else:
            found = _apply_to_attribution(correction, placement, text, attributions, made_by)
        (applied if found else lost).append(correction)
    order = sorted(range(len(attributions)), key=lambda i: attributions[i].content.start)
    attributions = [attributions[i] for i in order]
    by_attribution = tuple(tuple(made_by[i]) for i in order)
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
    return CorrectedAnalysis(corrected, tuple(applied), tuple(lost), by_attribution)


def _apply_to_attribution(
    correction: Correction,
    placement: Placement,
    text: str,
    attributions: list[Attribution],
    made_by: list[list[Correction]],
) -> bool:
    """A speaker, "not an attribution" or extent correction laid over the attribution it names;
    its cue and new words move with its passage in an edited text."""
    delta = placement.start - correction.anchor.start
    cue = _shifted(correction.cue, delta)
    index = attribution_at(attributions, placement.start, placement.end, cue)
    if index is None:
        return False
    item = attributions[index]
    if correction.kind == "not_attribution":
        del attributions[index]
        del made_by[index]
        return True
    if correction.kind == "extent":
        words = _new_words(correction, text, delta)
        if words is None:
            return False
        changed = replace(item, content=words, corrected=True)
    else:
        changed = replace(
            item,
            speaker_name=correction.value,
            resolved_from="named",
            confidence=1.0,
            corrected=True,
        )
    attributions[index] = changed
    made_by[index].append(correction)
    return True


def _shifted(span: tuple[int, int] | None, delta: int) -> tuple[int, int] | None:
    return None if span is None else (span[0] + delta, span[1] + delta)


def _new_words(correction: Correction, text: str, delta: int) -> Span | None:
    """Where a changed quote's new words are now: where they were, moved with the quote, else
    placed like a passage of their own (the same words nearest there, or much the same)."""
    extent = _shifted(correction.extent, delta)
    if extent is None or not correction.value:
        return None
    found = place(Anchor(*extent, correction.value, "", ""), text)
    if found.status == "orphan":
        return None
    return Span(found.start, found.end, text[found.start : found.end])


def cue_of(item: Attribution) -> tuple[int, int] | None:
    return None if item.cue is None else (item.cue.start, item.cue.end)


def attribution_at(
    attributions: Sequence[Attribution],
    start: int,
    end: int,
    cue: tuple[int, int] | None = None,
) -> int | None:
    """The attribution a correction names: the one with these very words and this cue, else
    one with these very words; else (the analysis by other rules, or a text edited) the one
    whose words overlap the passage by at least half of the shorter, its cue first, then the
    one whose words are most nearly the passage's.

    A statement nested in another, or around another, is another statement: one whose words
    hold the passage and more, or only part of it, is taken only with the correction's cue.
    With no cue to tell (a correction made before cues were kept), it must share at least half
    of the longer. So when a nested statement is no longer found, its correction is lost rather
    than laid over the statement around it, and the other way round."""
    exact = [
        i for i, a in enumerate(attributions) if (a.content.start, a.content.end) == (start, end)
    ]
    if exact:
        return next((i for i in exact if cue_of(attributions[i]) == cue), exact[0])
    best: tuple[tuple[bool, float], int] | None = None
    for index, item in enumerate(attributions):
        words = item.content
        shared = min(end, words.end) - max(start, words.start)
        shorter = min(end - start, words.end - words.start)
        if shared <= 0 or shared * 2 < shorter:
            continue
        same_cue = cue is not None and cue_of(item) == cue
        nested = (words.start <= start and end <= words.end) or (
            start <= words.start and words.end <= end
        )
        if nested and not same_cue:
            longer = max(end - start, words.end - words.start)
            if cue is not None or shared * 2 < longer:
                continue
        union = max(end, words.end) - min(start, words.start)
        key = (same_cue, shared / union)
        if best is None or key > best[0]:
            best = (key, index)
    return None if best is None else best[1]


def attributions_quoting(attributions: Sequence[Attribution], words: str) -> list[int]:
    """The attributions whose words hold ``words`` (spacing, case and "..." for "…" ignored):
    their content, or what they are shown to say, a split quote's parts joined with " … " as
    every output shows it (``quoting.quoted_text``), so that what is copied from one can be
    given back."""
    wanted = _comparable(words)
    if not wanted:
        return []
    return [
        i
        for i, item in enumerate(attributions)
        if any(wanted in _comparable(said) for said in (item.content.text, quoted_text(item)))
    ]


def said_as(item: Attribution, words: str) -> bool:
    """Whether ``words`` are all the attribution says: its content, or its quoted parts."""
    wanted = _comparable(words)
    return wanted in (_comparable(item.content.text), _comparable(quoted_text(item)))


def _comparable(text: str) -> str:
    return " ".join(text.replace("...", "…").split()).casefold()


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
