"""Which facts the analyst should check, and why: a speaker found through a pronoun or a
description, or one the reader is not sure of, is a guess, and is shown as one."""

from __future__ import annotations

import bisect

from reader.core.columns import field
from reader.core.model import Analysis, Attribution

# The mark before a guess wherever it is shown or exported, in words as well as a sign.
REVIEW_MARK = "⚠ check: "
# Below this confidence a speaker is marked for review whatever way it was found.
REVIEW_CONFIDENCE = 0.8
_GUESSED_FROM = frozenset({"pronoun", "nominal"})
_COUNTS = ("the same sentence", "one sentence earlier", "two sentences earlier")


def needs_review(item: Attribution) -> bool:
    if item.corrected:
        return False
    guessed = item.resolved_from in _GUESSED_FROM and item.speaker_name is not None
    return guessed or item.confidence < REVIEW_CONFIDENCE


def review_reason(item: Attribution, analysis: Analysis) -> str:
    """ "from “she”, named two sentences earlier": how the guess was made, in a reader's words."""
    if item.corrected:
        return "corrected by you"
    said = f"“{item.speaker.text}”" if item.speaker is not None else "no speaker in the text"
    if item.resolved_from in _GUESSED_FROM and item.speaker is not None:
        how = "the pronoun" if item.resolved_from == "pronoun" else "the description"
        where = _where_named(item, analysis)
        return f"from {how} {said}" + (f", named {where}" if where else "")
    return f"not sure of the speaker ({round(item.confidence * 100)}%, {said})"


def _where_named(item: Attribution, analysis: Analysis) -> str:
    """How far back the name the speaker was resolved to stands, in sentences."""
    assert item.speaker is not None
    entities, before = analysis.entities, item.speaker.start
    mentions = [
        start
        for start, end, canonical in zip(
            field(entities, "start"),
            field(entities, "end"),
            field(entities, "canonical"),
            strict=True,
        )
        if canonical == item.speaker_name and end <= before
    ]
    if not mentions or not analysis.sentences:
        return ""
    starts = field(analysis.sentences, "start")
    here = bisect.bisect_right(starts, item.speaker.start) - 1
    there = bisect.bisect_right(starts, max(mentions)) - 1
    back = max(0, here - there)
    return _COUNTS[back] if back < len(_COUNTS) else f"{back} sentences earlier"


def review_facts(analysis: Analysis) -> list[int]:
    """The facts to check, in reading order."""
    found = []
    for index, fact in enumerate(analysis.facts):
        if fact.kind != "attribution":
            continue
        item = analysis.attributions[int(fact.ref.split("/")[1])]
        if needs_review(item):
            found.append(index)
    return sorted(found, key=lambda i: analysis.facts[i].start)


def marked_speaker(item: Attribution | None) -> str | None:
    """The speaker's name as a listing shows it: "⚠ check: Ana Ruiz" when it is a guess."""
    if item is None or item.speaker_name is None:
        return None
    return (REVIEW_MARK if needs_review(item) else "") + item.speaker_name
