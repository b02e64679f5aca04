"""Whom a description names: "the bank", "the foreign secretary", "a report"."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence

from reader.core.lexicon import SPOKESPERSON_NOUNS
from reader.core.limits import DESCRIPTION_LOOKAHEAD_CHARS, SALIENCE_WINDOW
from reader.core.model import Entity, ResolvedFrom, Span
from reader.core.speakers.found import Found, _found_as
from reader.core.speakers.mentions import ArticleMentions

_SPOKESPERSON_FOR = re.compile(
    rf"(?i:(?:an?|the)\s+)?(?:[\w-]+\s+)?(?:{'|'.join(sorted(SPOKESPERSON_NOUNS))})s?\s+"
    r"(?:for|of|at)\s+"
)


class DescriptionResolution(ArticleMentions):
    """Whom a description names: an organisation by its noun ("the bank", "a security
    firm"), a person by their role ("the foreign secretary"), a document by its author ("the
    report").

    A family of its own because a description is matched against the words around each name
    the article gives, before it or, for one named later, after it."""

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

    def _evidence_source(
        self,
        speaker: Span,
        words: Sequence[str],
        head: str,
        definite: bool,
        indefinite: bool,
        later: Iterable[Found],
    ) -> tuple[str | None, ResolvedFrom]:
        """Who publishes the evidence a speaker names: "a report suggests", "the study finds"."""
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
