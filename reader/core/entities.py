"""Named entities: spaCy's mentions, cleaned, corrected and tied to the fullest name in the article.

A reader wants "Kim" and "Mr Kim" to lead to "Kim Byeong-yeon", and a person the small model
mistakes for a building to still be a person, so this works on the whole article at once, after
every paragraph has been parsed.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from reader.core.lexicon import (
    NAME_TITLES,
    ORG_SUFFIXES,
    REPORTING_LEMMAS,
    ROLE_NOUNS,
)
from reader.core.model import Entity

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# Labels shown as entities; numbers and money are handled elsewhere.
KEPT_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "DATE", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART"}
)
_NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "PRODUCT", "LOC"})
_MISLABEL_CANDIDATES = frozenset({"FAC", "ORG", "GPE", "PRODUCT", "WORK_OF_ART", "NORP", "LOC"})
_TRAILING_JUNK = re.compile(r"(?:['’]s|['’]|[\s\-–—,.;:])+$")
_LEADING_JUNK = re.compile(r"^(?:[\s\-–—,.;:\"“”]+|(?:the|The|THE)\s+)")


@dataclass(frozen=True)
class Mention:
    """An entity mention before canonical names are known; keeps the spaCy span for context."""

    start: int
    end: int
    text: str
    label: str
    span: Span
    offset: int


def clean_bounds(text: str, start: int, end: int, label: str) -> tuple[int, int]:
    """Trim possessives, hyphens and punctuation ("North Korea-" → "North Korea")."""
    piece = text[start:end]
    trailing = _TRAILING_JUNK.search(piece)
    if trailing:
        end -= len(trailing.group())
        piece = text[start:end]
    if label in {"ORG", "GPE", "LOC", "FAC", "EVENT", "LAW", "WORK_OF_ART", "PRODUCT"}:
        leading = _LEADING_JUNK.match(piece)
        if leading and leading.end() < len(piece):
            start += leading.end()
    else:
        leading = re.match(r"^[\s\-–—,.;:\"“”]+", piece)
        if leading:
            start += leading.end()
    return start, end


def _looks_like_person(ent: Span, titled: frozenset[str]) -> bool:
    """A name-shaped span in a person's context: subject of a reporting verb, a role apposition,
    a role noun just before it ("union official Ulf Carlsson"), or "Mr <surname>" elsewhere."""
    tokens = [t for t in ent if not t.is_punct]
    if not 2 <= len(tokens) <= 3 or not all(t.text[:1].isupper() for t in tokens):
        return False
    if any(t.lower_ in ORG_SUFFIXES or t.pos_ not in {"PROPN", "NOUN"} for t in tokens):
        return False
    if tokens[-1].text in titled:
        return True
    root = ent.root
    if root.dep_ in {"nsubj", "nsubjpass"} and root.head.lemma_ in REPORTING_LEMMAS:
        return True
    before = ent.doc[ent.start - 1] if ent.start > 0 else None
    if (
        before is not None
        and before.lemma_.lower() in ROLE_NOUNS
        and before.head.i in range(ent.start, ent.end)
    ):
        return True
    return _has_role_apposition(root)


def titled_surnames(text: str) -> frozenset[str]:
    """Words used after a personal title anywhere in the article ("Mr Cable")."""
    titles = "|".join(sorted(NAME_TITLES, key=len, reverse=True))
    return frozenset(re.findall(rf"\b(?:{titles})\.? ([A-Z][\w'’-]+)", text))


def _has_role_apposition(root: Token) -> bool:
    return any(c.dep_ == "appos" and c.lemma_.lower() in ROLE_NOUNS for c in root.children) or any(
        c.dep_ == "appos" and any(t.lemma_.lower() in ROLE_NOUNS for t in c.subtree)
        for c in root.children
    )


def collect_mentions(parsed: Iterable[tuple[int, Doc]], text: str) -> list[Mention]:
    """Every kept entity mention with clean bounds, and persons the model mislabelled fixed."""
    mentions: list[Mention] = []
    titled = titled_surnames(text)
    for offset, doc in parsed:
        for ent in doc.ents:
            label = ent.label_
            if label in _MISLABEL_CANDIDATES and _looks_like_person(ent, titled):
                label = "PERSON"
            if label not in KEPT_LABELS:
                continue
            start, end = clean_bounds(text, offset + ent.start_char, offset + ent.end_char, label)
            if end <= start:
                continue
            mentions.append(Mention(start, end, text[start:end], label, ent, offset))
    return mentions


def harmonise_labels(mentions: Sequence[Mention]) -> list[Mention]:
    """One name, one label: the small model calls "Multiplex" a person in one paragraph and a
    company in the next, so short forms follow the full name and the rest follow the majority."""
    name_parts: set[str] = set()
    for m in mentions:
        tokens = _name_tokens(m.text) if m.label == "PERSON" else []
        if len(tokens) >= 2:
            name_parts.update(tokens)
            name_parts.update(tokens[-1].split("-"))
    org_prefixes = {
        " ".join(words[:i])
        for m in mentions
        if m.label == "ORG" and (words := m.text.split())[-1].lower() in ORG_SUFFIXES
        for i in range(1, len(words))
    }
    votes: dict[str, Counter[str]] = {}
    for m in mentions:
        if m.label in _NAME_LABELS:
            votes.setdefault(m.text, Counter())[m.label] += 1
    result: list[Mention] = []
    for m in mentions:
        label = m.label
        if label in _NAME_LABELS:
            words = _name_tokens(m.text)
            if m.text in org_prefixes:
                label = "ORG"
            elif len(words) == 1 and words[0] in name_parts:
                label = "PERSON"
            else:
                (top, n), *rest = votes[m.text].most_common()
                if not rest or n > rest[0][1]:
                    label = top
        result.append(m if label == m.label else replace(m, label=label))
    return result


_PLACE_PREPOSITIONS = frozenset(
    [
        "in",
        "at",
        "to",
        "from",
        "into",
        "across",
        "throughout",
        "near",
        "outside",
        "inside",
        "within",
        "of",
        "between",
        "with",
        "against",
        "on",
        "around",
        "via",
    ]
)


def actors_not_places(mentions: Sequence[Mention]) -> list[Mention]:
    """A "place" that only ever acts (says, owns, is the subject) and is never somewhere one goes
    or is, is an organisation the small model mistook: "Electrolux said"."""
    located: set[str] = set()
    acting: Counter[str] = Counter()
    for m in mentions:
        if m.label != "GPE":
            continue
        span = m.span
        before = span.doc[span.start - 1] if span.start > 0 else None
        if before is not None and before.lower_ in _PLACE_PREPOSITIONS:
            located.add(m.text)
        elif span.root.dep_ in {"nsubj", "nsubjpass", "poss"}:
            acting[m.text] += 1
    return [
        replace(m, label="ORG")
        if m.label == "GPE"
        and m.text not in located
        and acting[m.text] >= 2
        and not (m.text.isupper() and len(m.text) <= 3)  # "UK", "US": countries stay places
        else m
        for m in mentions
    ]


def add_untagged_mentions(
    parsed: Iterable[tuple[int, Doc]], mentions: list[Mention], text: str
) -> list[Mention]:
    """Occurrences the model left untagged ("Stangarone estimated") of a name it tagged elsewhere,
    and bare surnames of people named in full."""
    known: dict[str, str] = {}
    for m in mentions:
        if m.label in _NAME_LABELS:
            words = _name_tokens(m.text)
            if len(words) == 1:
                known.setdefault(m.text, m.label)
            if m.label == "PERSON" and len(words) >= 2:
                known[words[-1]] = "PERSON"
    taken = sorted((m.start, m.end) for m in mentions)
    starts = [s for s, _ in taken]
    extra: list[Mention] = []
    for offset, doc in parsed:
        for token in doc:
            label = known.get(token.text)
            if label is None or token.pos_ != "PROPN" or token.ent_type_:
                continue
            start = offset + token.idx
            index = bisect.bisect_right(starts, start) - 1
            if index >= 0 and taken[index][0] <= start < taken[index][1]:
                continue
            span = doc[token.i : token.i + 1]
            extra.append(Mention(start, start + len(token.text), token.text, label, span, offset))
    return sorted([*mentions, *extra], key=lambda m: m.start)


def _name_tokens(name: str) -> list[str]:
    words = [w for w in re.split(r"\s+", name.strip()) if w]
    while len(words) > 1 and words[0].rstrip(".") in NAME_TITLES:
        words = words[1:]
    return words


def canonical_names(mentions: Sequence[Mention]) -> dict[tuple[int, int], str]:
    """Map each mention to the fullest form of its name found in the article."""
    full_people = list(
        dict.fromkeys(
            m.text for m in mentions if m.label == "PERSON" and len(_name_tokens(m.text)) >= 2
        )
    )
    orgs = list(dict.fromkeys(m.text for m in mentions if m.label == "ORG"))
    known: dict[tuple[str, str], str] = {}  # long reports repeat the same names thousands of times
    result: dict[tuple[int, int], str] = {}
    for m in mentions:
        key = (m.label, m.text)
        if key not in known:
            if m.label == "PERSON":
                known[key] = person_canonical(m.text, full_people)
            elif m.label == "ORG":
                known[key] = org_canonical(m.text, orgs)
            else:
                known[key] = m.text
        result[(m.start, m.end)] = known[key]
    return result


def person_canonical(name: str, full_names: Sequence[str]) -> str:
    words = _name_tokens(name)
    if len(words) >= 2:
        best = " ".join(words)
        for full in full_names:
            tokens = _name_tokens(full)
            if len(tokens) > len(words) and _is_subsequence(words, tokens):
                best = " ".join(tokens)
                break
        return best
    word = words[0] if words else name
    for position in (-1, 0):
        for full in full_names:
            tokens = _name_tokens(full)
            if len(tokens) >= 2 and (
                tokens[position] == word or (position == -1 and word in tokens[-1].split("-"))
            ):
                return " ".join(tokens)
    if len(word) >= 6:
        # a misspelt surname ("Barrioneuvo" for "Barrionuevo") still names the same person
        for full in full_names:
            tokens = _name_tokens(full)
            if len(tokens) >= 2 and _near(tokens[-1], word):
                return " ".join(tokens)
    return word


def _near(a: str, b: str) -> bool:
    """At most two letters differ or swap, same first letter: a typo, not another name."""
    if a[0] != b[0] or abs(len(a) - len(b)) > 1 or a == b:
        return a == b
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return (len(diff) <= 2 and sorted(a) == sorted(b)) or len(diff) == 1
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    return any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))


def _is_subsequence(short: Sequence[str], long: Sequence[str]) -> bool:
    n = len(short)
    return any(list(long[i : i + n]) == list(short) for i in range(len(long) - n + 1))


def _initials(name: str) -> str:
    return "".join(w[0] for w in re.findall(r"[A-Za-z][\w'-]*", name) if w[0].isupper())


def org_canonical(name: str, orgs: Sequence[str]) -> str:
    """A short form or acronym of an organisation named in full elsewhere."""
    best = name
    for other in orgs:
        if len(other) <= len(best):
            continue
        if (name.isupper() and len(name) >= 2 and _initials(other) == name) or (
            other.startswith(name + " ") and other.split()[-1].rstrip(".").lower() in ORG_SUFFIXES
        ):
            best = other
        elif other.endswith(" " + name) and len(name.split()) >= 2:
            # "Department of Justice" for "US Department of Justice"
            best = other
    return best


def find_role(mention: Mention) -> str | None:
    """A person's role from an apposition (", an economics professor at ...") or a title."""
    span = mention.span
    root = span.root
    for child in root.children:
        if child.dep_ == "appos" and child.i > root.i:
            role = _role_text(child)
            if role:
                return role
    doc = span.doc
    i = span.start - 1
    words: list[Token] = []
    while i >= 0 and doc[i].pos_ in {"NOUN", "PROPN", "ADJ"} and doc[i].head.i >= span.start:
        if doc[i].ent_type_ == "PERSON":
            break
        words.insert(0, doc[i])
        i -= 1
    if words and any(w.lemma_.lower() in ROLE_NOUNS for w in words):
        return " ".join(w.text for w in words)
    return None


_ROLE_STOP = frozenset(
    {"who", "which", "during", "while", "when", "after", "before", "said", "says"}
)


def _role_text(appos: Token) -> str | None:
    tokens = list(appos.subtree)
    kept: list[Token] = []
    for token in tokens:
        if token.lower_ in _ROLE_STOP or token.text in {",", ";", "(", ")", "—", "–"}:
            if kept:
                break
            continue
        kept.append(token)
    if not kept or not any(t.lemma_.lower() in ROLE_NOUNS for t in kept):
        return None
    doc = appos.doc
    return doc[kept[0].i : kept[-1].i + 1].text


def build_entities(mentions: Sequence[Mention]) -> tuple[list[Entity], dict[tuple[int, int], str]]:
    canon = canonical_names(mentions)
    roles: dict[str, str] = {}
    for m in mentions:
        if m.label == "PERSON":
            name = canon[(m.start, m.end)]
            if name not in roles:
                role = find_role(m)
                if role:
                    roles[name] = role
    entities = [
        Entity(
            m.start,
            m.end,
            m.text,
            m.label,
            canon[(m.start, m.end)],
            roles.get(canon[(m.start, m.end)]) if m.label == "PERSON" else None,
        )
        for m in mentions
    ]
    return entities, canon
