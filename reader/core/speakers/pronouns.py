"""Who "he", "she", "it" and "they" are, and how sure that is."""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from reader.core.lexicon import (
    ORG_DESCRIPTION_NOUNS,
    PERSON_DESCRIPTION_NOUNS,
    PERSON_PRONOUNS,
    SPOKESPERSON_NOUNS,
    THING_PRONOUNS,
)
from reader.core.limits import (
    COORDINATION_REACH_CHARS,
    PRONOUN_CONTINUITY_CHARS,
    RECENT_MENTION_CHARS,
    RECENT_SPEAKER_CHARS,
)
from reader.core.model import Entity, ResolvedFrom, Span
from reader.core.names import given_name_gender
from reader.core.speakers.confidence import (
    COMPETITION_SENTENCES,
    FAR_SENTENCES,
    PRONOUN_CERTAINTY,
    PRONOUN_DISTANCE_PENALTY,
    PRONOUN_NEAR_SENTENCES,
    PRONOUN_RIVALS,
    PRONOUN_RIVALS_FACTOR,
)
from reader.core.speakers.found import Found, _found_as
from reader.core.speakers.mentions import _ORGANISATIONS, ArticleMentions, _Subject

_NAMED = frozenset({"PERSON", "ORG"})
_SUBORDINATE = frozenset({"advcl", "relcl", "acl", "pcomp"})

# How many attributions before a speaker are checked for one whose content holds it.
NESTED_LOOKBACK = 3
# How many attributions back a pronoun subject's resolution is looked for.
SUBJECT_LOOKBACK = 6
# How far up the parse a name is followed to the clause it stands in.
CLAUSE_MAX_STEPS = 12
# How much punctuation and space may stand between the content and an inverted cue's speaker.
INVERTED_GAP_CHARS = 4


class PronounResolution(ArticleMentions):
    """Who a pronoun stands for: "he" or "she" (``_person_for_pronoun``), "it"
    (``_organisation_for_it``), "they", and how sure each is (``_pronoun_certainty``).

    A family of its own because it reads what the pronoun's context says, the attributions
    before it and the parse of its sentence and the one before, where descriptions and names
    are looked up among the article's names alone."""

    def person_for_pronoun(
        self,
        pronoun: str,
        before: int,
        previous: Sequence[Found] = (),
        content: Span | None = None,
    ) -> str | None:
        """Who "he" or "she" is (see ``_person_for_pronoun``)."""
        return self._person_for_pronoun(pronoun, before, previous, content)[0]

    def _pronoun_speaker(
        self, speaker: Span, lower: str, previous: Sequence[Found], content: Span | None
    ) -> tuple[str | None, ResolvedFrom]:
        """Who "he", "she" or the like is, and how sure that is (``certainty``)."""
        if (
            content is not None
            and content.end <= speaker.start
            and _inverted(self._text[content.end : speaker.start])
        ):
            # '… they could see Novak "take the seat", he added': the sentence before an
            # inverted cue is what was said
            start = min(content.start, self._sentence_start(speaker.start))
            content = Span(start, speaker.start, "")
        person, step = self._person_for_pronoun(lower, speaker.start, previous, content)
        wanted = "f" if lower in {"she", "her"} else "m"
        self.certainty = self._pronoun_certainty(person, step, speaker.start, previous, wanted)
        return _found_as(person, "pronoun")

    def _person_for_pronoun(
        self, pronoun: str, before: int, previous: Sequence[Found], content: Span | None
    ) -> tuple[str | None, str]:
        """Who "he" or "she" is, in this order: the speaker of the attribution just before, when
        nobody else of that gender is named in between; the subject of the pronoun's own
        sentence, or a person of that gender named in its main clause; the subject of the
        sentence before, or its owner ("Vale's plan ..."), over names in its other clauses;
        else the latest person of that gender named outside quotations (gender from a title or
        a given name); else the latest person whose gender is unknown. Nobody named in the
        pronoun's own content is its antecedent ("Novak would lose, he said": not Novak)."""
        wanted = "f" if pronoun in {"she", "her"} else "m"
        continued = self._continued(wanted, before, previous, content)
        if continued is not None:
            return continued.speaker_name, "continues"
        compatible = {wanted, None}
        mentions = self._people_before(before, content)
        sentence_start = self._sentence_start(before)
        own = self.subject_before(before, previous)
        if own is not None and own.person and self._name_gender(own.name) == wanted:
            return own.name, "subject"  # "Vale praised the plan, which he said ..."
        own_sentence = [e for e in mentions if e.start >= sentence_start]
        subordinate = [e for e in own_sentence if self._in_subordinate_clause(e, before)]
        mentions = [e for e in mentions if e not in subordinate]
        for entity in own_sentence:  # a man named earlier in his own sentence
            if entity not in subordinate and self._gender.get(entity.canonical) == wanted:
                return entity.canonical, "main_clause"
        for entity in own_sentence:  # else one of unknown gender there ("Vell's pills ...")
            if entity not in subordinate and self._gender.get(entity.canonical) is None:
                return entity.canonical, "main_clause"
        subject = self.previous_subject(before, previous)
        if subject is not None and subject.person and self._name_gender(subject.name) in compatible:
            # the sentence before is about them ("Vale, whose rival Mendez ..., said no. He
            # ..."), unless their gender is unknown and someone of the pronoun's is named since
            later = [e for e in mentions if e.start > subject.start]
            if self._name_gender(subject.name) == wanted or not any(
                self._gender.get(e.canonical) == wanted for e in later
            ):
                return subject.name, "previous_subject"
        unknown: str | None = None
        for entity in mentions:
            gender = self._gender.get(entity.canonical)
            if gender == wanted:
                return entity.canonical, "nearest"
            if gender is None and unknown is None:
                unknown = entity.canonical
        return unknown, "unknown_gender"

    def _continued(
        self, wanted: str, before: int, previous: Sequence[Found], content: Span | None
    ) -> Found | None:
        """The attribution just before, when the pronoun goes on with its speaker: a person
        the article names or an unnamed one, near enough, of the pronoun's gender or of none
        known, and nobody else who could be meant named since. The first rule of
        ``_person_for_pronoun``; its speaker may be unnamed ("a spokesman"), so the attribution
        is returned, not the name."""
        last = _outer_latest(previous)
        if last is None or last.speaker is None or last.cue is None:
            return None
        # only a person the article names, or an unnamed one ("a spokesman"), continues
        words = last.speaker.text.lower().split()
        head = words[-1]
        described = bool(set(words[:3]) & (PERSON_DESCRIPTION_NOUNS | SPOKESPERSON_NOUNS)) and (
            head in PERSON_DESCRIPTION_NOUNS or last.resolved_from == "role"
        )
        named = self._is_person(last) or head in PERSON_PRONOUNS
        if not (described or (named and last.speaker_name is not None)):
            return None
        near = before - last.speaker.end <= PRONOUN_CONTINUITY_CHARS
        if not near or self._gender_of(last) not in {wanted, None}:
            return None
        # people named after the speaker's sentence take over; those named inside it
        # ("after criticism from the minister Pavel Novak") do not
        sentence_end = self._sentence_end(max(last.speaker.end, last.cue.end))
        between = [
            e
            for e in self.entities_between(sentence_end, before)
            if e.label == "PERSON"
            and self._outside_quotes(e)
            and not _within(e, content)
            and e.canonical != last.speaker_name
            and self._gender.get(e.canonical) in {wanted, None}
        ]
        return None if between else last

    def _pronoun_certainty(
        self, name: str | None, step: str, before: int, previous: Sequence[Found], kind: str
    ) -> float:
        """How sure a pronoun's antecedent is: by the rule that found it, less for each
        sentence back past the second, and less when others of the same kind compete."""
        if name is None:
            return 1.0
        here = bisect.bisect_right(self._sentence_starts, before) - 1
        latest = max(
            [
                f.speaker.start
                for f in previous[-SUBJECT_LOOKBACK:]
                if f.speaker is not None and f.speaker_name == name
            ]
            + [e.start for e in self._named_before(before) if e.canonical == name],
            default=-1,
        )
        back = (
            here - bisect.bisect_right(self._sentence_starts, latest) + 1
            if latest >= 0
            else FAR_SENTENCES
        )
        window = self._sentence_starts[max(0, here - COMPETITION_SENTENCES)] if here >= 0 else 0
        labels = _ORGANISATIONS if kind == "it" else frozenset({"PERSON"})
        rivals = {
            e.canonical
            for e in self._named_before(before)
            if e.start >= window
            and e.label in labels
            and e.canonical != name
            and (kind == "it" or self._gender.get(e.canonical) in {kind, None})
        }
        certainty = PRONOUN_CERTAINTY.get(step, PRONOUN_CERTAINTY["unknown_gender"])
        certainty -= PRONOUN_DISTANCE_PENALTY * max(
            0, min(back, FAR_SENTENCES) - PRONOUN_NEAR_SENTENCES
        )
        if len(rivals) >= PRONOUN_RIVALS:
            certainty *= PRONOUN_RIVALS_FACTOR
        return certainty

    def _named_before(self, before: int) -> list[Entity]:
        """Entities named outside quotations in the window before a position, latest first."""
        index = bisect.bisect_left(self._starts, before)
        found: list[Entity] = []
        for entity in reversed(self.entities[:index]):
            if entity.start < before - RECENT_MENTION_CHARS:
                break
            if self._outside_quotes(entity):
                found.append(entity)
        return found

    def _in_subordinate_clause(self, entity: Entity, pronoun: int) -> bool:
        """Named inside a clause of its own ("after meeting Novak, he said"), one that does not
        hold the pronoun too, not in the main clause the pronoun's sentence is about."""
        if self._parsed is None:
            return False
        tokens = self._parsed.tokens_between(entity.start, entity.end)
        if not tokens:
            return False
        offset, token = tokens[-1]
        for _ in range(CLAUSE_MAX_STEPS):
            if token.dep_ in _SUBORDINATE:
                first, last = token.left_edge, token.right_edge
                return not offset + first.idx <= pronoun < offset + last.idx + len(last)
            if token.head.i == token.i:
                return False
            token = token.head
        return False

    def _people_before(self, before: int, content: Span | None) -> list[Entity]:
        """People named outside quotations and outside the pronoun's content, latest first."""
        named = self._named_before(before)
        return [e for e in named if e.label == "PERSON" and not _within(e, content)]

    def _name_gender(self, name: str) -> str | None:
        if name in self._gender:
            return self._gender[name]
        return given_name_gender(name) if " " not in name else None

    def _is_person(self, item: Found) -> bool:
        """A speaker the article names as a person: in full, by a titled name ("Lord Vale", no
        full name given), or by a given name alone ("Marta", which the model may take for an
        organisation)."""
        name = item.speaker_name
        if name is None:
            return False
        if name in self._full_names or name in self._gender or item.resolved_from == "title":
            return True
        return " " not in name and given_name_gender(name) is not None

    def subject_before(self, before: int, previous: Sequence[Found]) -> _Subject | None:
        """The subject of the pronoun's own sentence when it stands before the pronoun ("Vale
        praised the plan, which he said ...")."""
        index = bisect.bisect_right(self._sentence_starts, before) - 1
        if index < 0 or self._parsed is None:
            return None
        start, end = self._sentences[index]
        return self._subject_of(start, end, previous, before)

    def previous_subject(self, before: int, previous: Sequence[Found]) -> _Subject | None:
        """Whom the sentence before is about, when the article names them: the subject of its
        main clause, or the subject's owner ("Vale's plan was ..."), with whether a person. A
        name in a clause of its own ("Vale, whose rival Mendez ...") or in a quotation is not."""
        index = bisect.bisect_right(self._sentence_starts, before) - 1
        if index < 1 or self._parsed is None:
            return None
        if index not in self._subjects:
            self._subjects[index] = self._subject_of(*self._sentences[index - 1], previous)
        return self._subjects[index]

    def _subject_of(
        self, start: int, end: int, previous: Sequence[Found], before: int | None = None
    ) -> _Subject | None:
        """The named subject of a sentence's main clause, or (for a sentence before the
        pronoun's, ``before`` None) the subject's owner; a pronoun subject is whom it was
        resolved to."""
        assert self._parsed is not None
        tokens = self._parsed.tokens_between(start, end)
        if not tokens:
            return None
        offset, first = tokens[0]
        root = first.sent.root
        if self._quoted.contains(offset + root.idx):
            return None
        subjects = [c for c in root.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if not subjects:
            return None
        owners = [c for c in subjects[0].children if c.dep_ == "poss" and c.pos_ == "PROPN"]
        for token in (subjects[0], *(owners if before is None else ())):
            at = offset + token.idx
            if before is not None and at >= before:
                return None
            if token.lower_ in PERSON_PRONOUNS | THING_PRONOUNS:
                said = [
                    f
                    for f in previous[-SUBJECT_LOOKBACK:]
                    if f.speaker is not None and f.speaker.start == at
                ]
                if said and said[-1].speaker_name is not None:
                    return _Subject(said[-1].speaker_name, token.lower_ in PERSON_PRONOUNS, at)
                continue
            entity = self.entity_in(Span(at, at + len(token.text), token.text), _NAMED)
            if entity is not None:
                return _Subject(entity.canonical, entity.label == "PERSON", entity.start)
        return None

    def _gender_of(self, item: Found) -> str | None:
        if item.speaker_name is not None and item.speaker_name in self._gender:
            return self._gender[item.speaker_name]
        if item.speaker_name is not None and " " not in item.speaker_name:
            gender = given_name_gender(item.speaker_name)  # "Marta", named by her given name
            if gender is not None:
                return gender
        words = item.speaker.text.lower().split() if item.speaker is not None else []
        roles = [w for w in words if w in PERSON_DESCRIPTION_NOUNS | SPOKESPERSON_NOUNS]
        head = roles[0] if roles else words[-1] if words else ""
        if head in {"she", "her"} or head.endswith("woman"):
            return "f"
        if head in {"he", "him"} or head.endswith("man"):
            return "m"
        return None

    def _organisation_for_it(
        self, before: int, previous: Sequence[Found]
    ) -> tuple[str | None, str]:
        """What "it" is: the organisation that spoke in this sentence or the one before, else
        the organisation the sentence before is about ("Norland has cut its fares. It said ..."),
        else the one that spoke last, else the one the article is about."""
        index = bisect.bisect_right(self._sentence_starts, before) - 1
        since = self._sentence_starts[index - 1] if index >= 1 else 0
        earlier = self._recent_speaker(previous, before, person=False)
        spoke_since = any(
            f.speaker_name == earlier and f.speaker is not None and f.speaker.start >= since
            for f in previous[-NESTED_LOOKBACK:]
        )
        if earlier is not None and spoke_since:
            return earlier, "continues"
        subject = self.previous_subject(before, previous)
        if subject is not None and self._organisation_like(subject):
            return subject.name, "previous_subject"
        if earlier is not None:
            return earlier, "spoke_last"
        return self.salient_org(before), "salient"

    def _organisation_like(self, subject: _Subject) -> bool:
        """An organisation, or one the model took for a person: named after an organisation's
        noun ("the accountancy firm Harlow & Reed") or as someone's employer ("Harlow & Reed's
        head of tax")."""
        if not subject.person:
            return subject.name in self._organisations
        words = self._text[max(0, subject.start - 40) : subject.start].lower().split()
        return bool(words and words[-1] in ORG_DESCRIPTION_NOUNS) or subject.name in self._roles

    def _recent_group(self, previous: Sequence[Found], before: int) -> str | None:
        """Who "they" are: the organisation that spoke last, unless a speaker the article never
        names stands between ("Opposition councillors said … They accused her …"): they are
        that group. One named person is never "they"."""
        for item in reversed(previous):
            if item.content.start > before + COORDINATION_REACH_CHARS:
                continue
            if before - item.content.end > RECENT_SPEAKER_CHARS:
                break
            if item.speaker_name is None:
                if item.speaker is not None:
                    return None
                continue
            if item.speaker_name in self._organisations:
                return item.speaker_name
        return None

    def _recent_speaker(
        self, previous: Sequence[Found], before: int, person: bool | None
    ) -> str | None:
        for item in reversed(previous):
            if item.content.start > before + COORDINATION_REACH_CHARS or item.speaker_name is None:
                continue
            if before - item.content.end > RECENT_SPEAKER_CHARS:
                break
            is_person = item.speaker_name in self._full_names
            if person is False and item.speaker_name not in self._organisations:
                continue  # "it" stands for an organisation, not a group of people ("MPs")
            if person is None or is_person == person:
                return item.speaker_name
        return None


def _outer_latest(previous: Sequence[Found]) -> Found | None:
    """The latest attribution that is not reported inside an earlier one's content: after
    "Vale said the figures from the port office showed a fall", the next "he" continues Vale,
    not the port office."""
    for index in range(len(previous) - 1, -1, -1):
        item = previous[index]
        speaker = item.speaker
        nested = speaker is not None and any(
            outer.content.start <= speaker.start < outer.content.end
            for outer in previous[max(0, index - NESTED_LOOKBACK) : index]
        )
        if not nested:
            return item
    return None


def _inverted(gap: str) -> bool:
    """Only punctuation stands between what was said and its speaker: '"…", he added'."""
    return not any(c.isalnum() for c in gap) and len(gap) <= INVERTED_GAP_CHARS


def _within(entity: Entity, span: Span | None) -> bool:
    return span is not None and span.start <= entity.start < span.end
