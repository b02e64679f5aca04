"""The article's names indexed for the speaker rules: who is named where, outside quotations,
in which sentence, and of which gender."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from typing import NamedTuple

from reader.core.entities import person_canonical
from reader.core.limits import DESCRIPTION_LOOKAHEAD_CHARS, RECENT_MENTION_CHARS, SALIENCE_WINDOW
from reader.core.model import Entity, Span
from reader.core.names import given_name_gender
from reader.core.parsed import Intervals, ParsedArticle
from reader.core.quotes import Quotation

_ORGANISATIONS = frozenset({"ORG", "GPE", "NORP"})
_SPEAKER_ENTITY_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "NORP", "FAC", "PRODUCT", "WORK_OF_ART"}
)


class _Subject(NamedTuple):
    """The named subject of a sentence: its name, whether a person, where it is named."""

    name: str
    person: bool
    start: int


class ArticleMentions:
    """Who the article names, where and in which sentence: the index every family of speaker
    rules looks names up in.

    ``SpeakerResolver`` inherits it through ``PronounResolution`` and
    ``DescriptionResolution`` rather than holding it: the attribution finder keeps asking one
    object (``entity_in``, ``full_name``, ``recent``, ``resolve``), and the rules, tuned on the
    dev sets, kept their bodies when the resolver was split. The two families never call each
    other, only this index."""

    def __init__(
        self,
        entities: Sequence[Entity],
        quotes: Sequence[Quotation],
        sentences: Sequence[tuple[int, int]] = (),
        text: str = "",
        parsed: ParsedArticle | None = None,
    ) -> None:
        self._text = text
        self._parsed = parsed
        self._sentences = sorted(sentences)
        self._subjects: dict[int, _Subject | None] = {}
        self.entities = sorted(entities, key=lambda e: e.start)
        self._sentence_ends = sorted(end for _, end in sentences)
        self._sentence_starts = sorted(start for start, _ in sentences)
        self._quoted = Intervals((q.start, q.end) for q in quotes)
        self._starts = [e.start for e in self.entities]
        self._full_names = [
            e.canonical for e in self.entities if e.label == "PERSON" and " " in e.canonical
        ]
        self.full_names = frozenset(self._full_names)
        self._gender = _genders(self.entities)
        self._organisations = {e.canonical for e in self.entities if e.label == "ORG"}
        self._roles = "\n".join(e.role for e in self.entities if e.role)
        # how sure the last ``resolve`` was, from how far back and among how many candidates
        self.certainty = 1.0

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

    def full_name(self, name: str) -> str | None:
        """The full name of a person the article names, for a surname or titled name."""
        found = person_canonical(name, self._full_names)
        return found if found in self._full_names else None

    def entities_between(self, start: int, end: int) -> list[Entity]:
        lo = bisect.bisect_left(self._starts, start)
        hi = bisect.bisect_left(self._starts, end)
        return self.entities[lo:hi]

    def recent(
        self, before: int, labels: frozenset[str], window: int = RECENT_MENTION_CHARS
    ) -> Entity | None:
        index = bisect.bisect_left(self._starts, before)
        for entity in reversed(self.entities[:index]):
            if entity.start < before - window:
                break
            if entity.label in labels and self._outside_quotes(entity):
                return entity
        return None

    def _nearest(self, near: int, fits: Callable[[Entity], bool]) -> str | None:
        """The nearest entity that fits before ``near``, else the nearest after it, within a
        window each way."""
        index = bisect.bisect_left(self._starts, near)
        for entity in reversed(self.entities[:index]):
            if entity.start < near - SALIENCE_WINDOW:
                break
            if fits(entity):
                return entity.canonical
        for entity in self.entities[index:]:
            if entity.start > near + DESCRIPTION_LOOKAHEAD_CHARS:
                break
            if fits(entity):
                return entity.canonical
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

    def _sentence_start(self, char: int) -> int:
        starts = self._sentence_starts
        index = bisect.bisect_right(starts, char) - 1
        return starts[index] if index >= 0 else char

    def _sentence_end(self, char: int) -> int:
        ends = self._sentence_ends
        index = bisect.bisect_right(ends, char)
        return ends[index] if index < len(ends) else char


_MALE_TITLES = frozenset({"Mr", "Sir", "Lord", "King", "Prince"})
_FEMALE_TITLES = frozenset({"Mrs", "Ms", "Miss", "Dame", "Lady", "Queen", "Princess"})


def _genders(entities: Sequence[Entity]) -> dict[str, str]:
    """Gender known from a title used with the name ("Ms Okafor") or from a given name that is
    nearly always one gender's ("Ana Ruiz"), for pronoun resolution."""
    genders: dict[str, str] = {}
    for entity in entities:
        if entity.label != "PERSON":
            continue
        title = entity.text.split()[0].rstrip(".")
        if title in _MALE_TITLES:
            genders[entity.canonical] = "m"
        elif title in _FEMALE_TITLES:
            genders[entity.canonical] = "f"
        elif entity.canonical not in genders and " " in entity.canonical:
            gender = given_name_gender(entity.canonical.split()[0])
            if gender is not None:
                genders[entity.canonical] = gender
    return genders
