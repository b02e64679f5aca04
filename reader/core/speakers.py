"""Who a speaker is: the fullest name the article gives for a speaker span, how it was found
(named, surname, title, pronoun, description, acronym, role) and how sure that is."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import NamedTuple

from reader.core.entities import person_canonical
from reader.core.lexicon import (
    EVIDENCE_NOUNS,
    GROUP_PRONOUNS,
    NAME_TITLES,
    ORG_DESCRIPTION_NOUNS,
    PERSON_DESCRIPTION_NOUNS,
    PERSON_PRONOUNS,
    REPORTING_NOUNS,
    SPOKESPERSON_NOUNS,
    THING_PRONOUNS,
)
from reader.core.limits import (
    COORDINATION_REACH_CHARS,
    DESCRIPTION_LOOKAHEAD_CHARS,
    INTRODUCTION_REACH_CHARS,
    PRONOUN_CONTINUITY_CHARS,
    RECENT_MENTION_CHARS,
    RECENT_SPEAKER_CHARS,
    SALIENCE_WINDOW,
)
from reader.core.model import AttributionKind, Entity, ResolvedFrom, Span
from reader.core.names import given_name_gender
from reader.core.parsed import Intervals, ParsedArticle
from reader.core.quotes import Quotation

_SPOKESPERSON_FOR = re.compile(
    rf"(?i:(?:an?|the)\s+)?(?:[\w-]+\s+)?(?:{'|'.join(sorted(SPOKESPERSON_NOUNS))})s?\s+"
    r"(?:for|of|at)\s+"
)

_ORGANISATIONS = frozenset({"ORG", "GPE", "NORP"})
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

_SPEAKER_ENTITY_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "NORP", "FAC", "PRODUCT", "WORK_OF_ART"}
)


class _Subject(NamedTuple):
    """The named subject of a sentence: its name, whether a person, where it is named."""

    name: str
    person: bool
    start: int


@dataclass
class Found:
    """An attribution while it is being found and its speaker resolved."""

    kind: AttributionKind
    speaker: Span | None
    cue: Span | None
    content: Span
    speaker_name: str | None = None
    pattern: str = ""
    resolved_from: ResolvedFrom = "none"
    certainty: float = 1.0  # how sure the resolution is, beyond how it was found


class SpeakerResolver:
    """Turns a speaker span into the fullest name the article gives for it."""

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
        self._text = text
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

    def organisation_named(self, head: str, near: int) -> str | None:
        """The organisation whose name ends with the description's noun ("the bank" →
        "Norland Bank"): the nearest before, else the nearest after, within a window."""

        def fits(entity: Entity) -> bool:
            last = entity.canonical.split()[-1].lower() if entity.canonical else ""
            return entity.label == "ORG" and last in {head, head + "s", head.rstrip("s")}

        return self._nearest(near, fits)

    def organisation_described(self, words: Sequence[str], near: int) -> str | None:
        """The organisation the article calls by the description's noun and its modifiers:
        "software firm Quillon Systems", "Harbour Aid, a charity, ...": the nearest before,
        else the nearest after, within a window."""
        head = words[-1]
        modifiers = {w for w in words[1:-1] if w not in {"former", "new", "leading", "big"}}
        noun = "|".join(sorted(_SYNONYMS.get(head, frozenset({head}))))
        before_it = re.compile(rf"(?i)\b((?:[\w-]+\s+){{0,3}})(?:{noun})s?\s+(?:the\s+)?$")
        after_it = re.compile(
            rf"(?i)^\s*,\s+(?:an?|the|its|their)\s+((?:[\w-]+\s+){{0,3}})(?:{noun})\b"
        )

        def fits(entity: Entity) -> bool:
            if entity.label != "ORG" or not self._outside_quotes(entity):
                return False
            lead = self._text[max(0, entity.start - 60) : entity.start]
            tail = self._text[entity.end : entity.end + 80]
            match = before_it.search(lead) or after_it.match(tail)
            if match is None:
                return False
            # "a security firm" is not "financial analysis firm Harlow Research"
            return not modifiers or bool(modifiers & set(match.group(1).lower().split()))

        return self._nearest(near, fits)

    def author_of(self, document: str, near: int) -> str | None:
        """Who wrote the document "the report" stands for: the organisation named as its
        author ("a report by the Harbour Institute", "the Harbour Institute's report"), the
        nearest before, else the nearest after, within a window."""
        by = re.compile(rf"(?i)\b{document}s?\s+(?:by|from)\s+(?:the\s+)?$")
        owns = re.compile(rf"(?i)^['’]s?\s+(?:(?:new|latest|own|annual|final)\s+)?{document}\b")

        def fits(entity: Entity) -> bool:
            if entity.label != "ORG" or not self._outside_quotes(entity):
                return False
            lead = self._text[max(0, entity.start - 40) : entity.start]
            return bool(by.search(lead) or owns.match(self._text[entity.end : entity.end + 40]))

        return self._nearest(near, fits)

    def organisation_speaking_next(self, speaker: Span, later: Iterable[Found]) -> str | None:
        """ "A charity has warned ... Harbour Watch said ...": the first organisation named
        as a speaker after an indefinite description, within a window."""
        for item in later:
            if item.speaker is None or item.speaker.start <= speaker.end:
                continue
            if item.speaker.start > speaker.end + DESCRIPTION_LOOKAHEAD_CHARS:
                break
            spokesperson = _SPOKESPERSON_FOR.match(item.speaker.text)
            where = item.speaker
            if spokesperson is not None:
                where = Span(item.speaker.start + spokesperson.end(), item.speaker.end, "")
            entity = self.entity_in(where)
            if entity is not None:
                # the first source named after it, when that is an organisation
                return entity.canonical if entity.label == "ORG" else None
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

    def person_for_pronoun(
        self,
        pronoun: str,
        before: int,
        previous: Sequence[Found] = (),
        content: Span | None = None,
    ) -> str | None:
        """Who "he" or "she" is (see ``_person_for_pronoun``)."""
        return self._person_for_pronoun(pronoun, before, previous, content)[0]

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
        last = _outer_latest(previous)
        if last is not None and last.speaker is not None and last.cue is not None:
            # only a person the article names, or an unnamed one ("a spokesman"), continues
            words = last.speaker.text.lower().split()
            head = words[-1]
            described = bool(set(words[:3]) & (PERSON_DESCRIPTION_NOUNS | SPOKESPERSON_NOUNS)) and (
                head in PERSON_DESCRIPTION_NOUNS or last.resolved_from == "role"
            )
            named = self._is_person(last) or head in PERSON_PRONOUNS
            if not (described or (named and last.speaker_name is not None)):
                last = None
        if last is not None and last.speaker is not None and last.cue is not None:
            near = before - last.speaker.end <= PRONOUN_CONTINUITY_CHARS
            if near and self._gender_of(last) in {wanted, None}:
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
                if not between:
                    return last.speaker_name, "continues"
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

    def _sentence_start(self, char: int) -> int:
        starts = self._sentence_starts
        index = bisect.bisect_right(starts, char) - 1
        return starts[index] if index >= 0 else char

    def _sentence_end(self, char: int) -> int:
        ends = self._sentence_ends
        index = bisect.bisect_right(ends, char)
        return ends[index] if index < len(ends) else char

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

    def person_with_role(self, words: Sequence[str], before: int) -> str | None:
        """Who holds the role a description names ("the foreign secretary"): a person the
        article gives that whole role, before or after it, then one whose role has its noun.
        A shadow, deputy or former holder is never the holder."""
        head = words[-1]
        modifiers = {
            w for w in words[:-1] if w not in _DETERMINERS and not w.endswith(("'s", "’s"))
        }
        index = bisect.bisect_left(self._starts, before)
        first = bisect.bisect_left(self._starts, before - SALIENCE_WINDOW)
        last = bisect.bisect_right(self._starts, before + DESCRIPTION_LOOKAHEAD_CHARS)
        earlier = list(reversed(self.entities[first:index]))
        later = self.entities[index:last]

        def holds(entity: Entity, whole: bool) -> bool:
            if entity.label != "PERSON" or not entity.role:
                return False
            role = set(entity.role.lower().replace("-", " ").split())
            if head not in role or (_NOT_THE_HOLDER & role) - modifiers:
                return False
            return not whole or modifiers <= role

        if modifiers:
            for entity in [*earlier, *later]:
                if holds(entity, whole=True):
                    return entity.canonical
        for entity in earlier:
            if holds(entity, whole=False):
                return entity.canonical
        return None

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
        head_entity = self.entity_in(Span(speaker.end - len(words[-1]), speaker.end, words[-1]))
        if head_entity is not None and head_entity.text.lower() == head:
            head_entity = None  # "the MEP": a role the model took for a name
        indefinite = words[0].lower() in {"a", "an"}
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
        if lower in PERSON_PRONOUNS:
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
        if head in EVIDENCE_NOUNS:
            # "research suggests", "new figures show": no determiner is indefinite too
            bare = not definite and words[0].lower() not in _DETERMINERS
            if (indefinite or bare) and head in _DOCUMENT_NOUNS:
                # "a report suggests ... The Harbour Institute claims": named next
                named_next = self.organisation_speaking_next(speaker, later)
                if named_next is not None:
                    return named_next, "nominal"
            if definite and head in _DOCUMENT_NOUNS:
                author = self.author_of(head, speaker.start)
                if author is not None:
                    return author, "nominal"
            return _found_as(self.salient_org(speaker.start), "nominal")
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


# Description nouns that name the same kind of body: "a security company" is the article's
# "software firm Quillon Systems".
_FIRMS = frozenset({"firm", "company", "business", "group", "corporation"})
_SYNONYMS: dict[str, frozenset[str]] = dict.fromkeys(_FIRMS, _FIRMS)

_DETERMINERS = frozenset({"the", "this", "that", "a", "an", "its", "his", "her", "their"})
# Who stands beside a role's holder and is not them: "the shadow foreign secretary".
_NOT_THE_HOLDER = frozenset({"shadow", "deputy", "vice", "former", "assistant", "acting", "junior"})

# Evidence that an author publishes: "a report suggests" is named by whoever speaks next.
_DOCUMENT_NOUNS = frozenset(
    "report study survey poll analysis review paper audit research memo".split()
)

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
_DETERMINERS = frozenset({"the", "a", "an", "his", "her", "its", "their", "this", "that"})
_NEVER_NAMED = frozenset({"government"})


def names_someone_unresolved(speaker: str) -> bool:
    """A description such as "the new chairman" or "a security firm" left without a name."""
    words = [re.sub(r"['’]s?$", "", w) for w in speaker.lower().split()]
    if len(words) < 2 or words[0] not in _DETERMINERS:
        return False
    return not set(words) & (SPOKESPERSON_NOUNS | _NEVER_NAMED)


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


def _found_as(name: str | None, how: ResolvedFrom) -> tuple[str | None, ResolvedFrom]:
    return (name, how) if name is not None else (None, "none")


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
