"""How sure the reader is of a speaker, by the rule that found it and how it was resolved:
measured on the development sets."""

from __future__ import annotations

import re

from reader.core.lexicon import SPOKESPERSON_NOUNS
from reader.core.model import ResolvedFrom
from reader.core.speakers.descriptions import _DETERMINERS

# How often a speaker is right, by how it was found: measured on the development sets
# (see ``python -m reader.calibrate``) and rounded down, so a reader can trust what
# scores high. The pattern's own reliability and the resolution's multiply.
PATTERN_CONFIDENCE: dict[str, float] = {
    "direct": 0.95,
    "split_quote": 0.98,
    "signature": 0.95,
    "follow_on": 0.7,
    "reported": 0.93,
    "parenthetical": 0.95,
    "as_clause": 0.8,
    "evidence": 0.9,
    "according_to": 0.95,
    "reporting_noun": 0.9,
    "headline": 0.9,
}
# Relative to a speaker named in full (1.0): a pronoun or a description is a little less sure.
RESOLUTION_CONFIDENCE: dict[str, float] = {
    "named": 1.0,
    "title": 1.0,
    "surname": 1.0,
    "acronym": 1.0,
    "role": 0.97,
    "pronoun": 0.97,
    # a description ("the firm", "the watchdog") names the right source about five times in
    # six on the dev sets once its name counts too: below "certain" in a report
    "nominal": 0.85,
    "none": 0.88,
}


def speaker_confidence(
    pattern: str, how: ResolvedFrom, has_speaker: bool, certainty: float = 1.0
) -> float:
    """How sure the reader is of the speaker, from 0 to 1 (see the tables above); ``certainty``
    is how sure the resolution itself was (a pronoun's antecedent far back or among rivals)."""
    if not has_speaker:
        return 0.2
    score = PATTERN_CONFIDENCE.get(pattern, 0.7) * RESOLUTION_CONFIDENCE.get(how, 0.7)
    score *= certainty
    return round(score, 2)


# How sure a pronoun's antecedent is, by the rule that found it, relative to the table above:
# measured on the development sets (``python -m reader.calibrate``). "he" and "she" are right
# nearly always when nearby; "it" only about two times in three, since organisations are
# named in many ways and several are often in play, so its guesses stay below "certain".
PRONOUN_CERTAINTY: dict[str, float] = {
    "continues": 1.0,
    "subject": 1.0,
    "main_clause": 1.0,
    "previous_subject": 1.0,
    "nearest": 1.0,
    "unknown_gender": 0.9,
    "it_continues": 0.85,
    "it_previous_subject": 0.85,
    "it_spoke_last": 0.82,
    "it_salient": 0.78,
}
# Sentences back an antecedent may stand before it counts as far, how much each further one
# costs, and where counting stops.
PRONOUN_NEAR_SENTENCES = 3
PRONOUN_DISTANCE_PENALTY = 0.03
FAR_SENTENCES = 8
# Others of the pronoun's kind named in the sentence and the two before it: from this many
# on, the antecedent competes with them.
COMPETITION_SENTENCES = 2
PRONOUN_RIVALS = 2
PRONOUN_RIVALS_FACTOR = 0.95


# An unresolved speaker described as one someone ("the former monopoly", "a charity", "His
# lawyer") is nearly always someone the article names, whose name was missed: not certain.
# Groups ("analysts"), a spokesperson and "the government" are rightly left unnamed.
UNNAMED_DESCRIPTION_CONFIDENCE = 0.75


_NEVER_NAMED = frozenset({"government"})


def names_someone_unresolved(speaker: str) -> bool:
    """A description such as "the new chairman" or "a security firm" left without a name."""
    words = [re.sub(r"['’]s?$", "", w) for w in speaker.lower().split()]
    if len(words) < 2 or words[0] not in _DETERMINERS:
        return False
    return not set(words) & (SPOKESPERSON_NOUNS | _NEVER_NAMED)
