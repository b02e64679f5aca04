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
    EVIDENCE_NOUNS,
    NAME_TITLES,
    ORG_DESCRIPTION_NOUNS,
    ORG_SUFFIXES,
    REPORTING_LEMMAS,
    REPORTING_NOUNS,
    ROLE_NOUNS,
)
from reader.core.model import Entity
from reader.core.names import is_given_name, name_parts, titled_form

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# Labels shown as entities; numbers and money are handled elsewhere.
KEPT_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "DATE", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART"}
)
_NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "PRODUCT", "LOC"})
_MISLABEL_CANDIDATES = frozenset({"FAC", "ORG", "GPE", "PRODUCT", "WORK_OF_ART", "NORP", "LOC"})
# Offices written before a name inside what the model tagged ("President-elect Ana Ruiz").
_LEADING_ROLES = frozenset(w.lower() for w in NAME_TITLES) | ROLE_NOUNS
_TITLE_BEFORE = re.compile(
    rf"\b(?:{'|'.join(sorted(NAME_TITLES, key=len, reverse=True))})\.?[^\S\n]+$"
)
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
    a role noun just before it ("union official Ida Lund"), or "Mr <surname>" elsewhere."""
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
    """Words used after a personal title anywhere in the article ("Mr Okafor")."""
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
            if label in _MISLABEL_CANDIDATES and (
                _looks_like_person(ent, titled) or _has_given_name(ent)
            ):
                label = "PERSON"
            if label not in KEPT_LABELS:
                continue
            start, end = clean_bounds(text, offset + ent.start_char, offset + ent.end_char, label)
            if label == "PERSON":
                start = _with_title(text, start)
            elif label == "ORG":
                start = _without_leading_description(ent, offset, start)
                end = _without_trailing_nouns(ent, offset, start, end)
                if end == offset + ent.end_char:
                    end = _through_cut_words(ent, offset, end)
                end, acronym = _through_acronym_definition(text, start, end)
                if acronym is not None:
                    mentions.extend(_acronym_mention(doc, offset, text, acronym))
            if end <= start:
                continue
            mentions.append(Mention(start, end, text[start:end], label, ent, offset))
        mentions.extend(_unnamed_speakers(doc, offset, text))
        mentions.extend(_lower_case_committees(doc, offset))
    return _outermost(sorted(mentions, key=lambda m: (m.start, -m.end)))


def _with_nationality(mentions: list[Mention], text: str) -> list[Mention]:
    """ "Swiss" + "Re" where the article also names "Norland Re": a nationality word the
    model split from a one-word name that other names end with is part of that name."""
    suffixes = {
        words[-1]
        for m in mentions
        if m.label in {"ORG", "PERSON"}
        and len(words := m.text.split()) >= 2
        and not is_given_name(words[0])
    }
    joined: list[Mention] = []
    for m in mentions:
        last = joined[-1] if joined else None
        if (
            last is not None
            and "NORP" in {last.label, last.span.label_}
            and m.label in {"ORG", "PERSON"}
            and m.text in suffixes
            and text[last.end : m.start] == " "
            and m.offset == last.offset
        ):
            span = last.span.doc[last.span.start : m.span.end]
            joined[-1] = Mention(last.start, m.end, text[last.start : m.end], "ORG", span, m.offset)
            continue
        joined.append(m)
    return joined


def _outermost(mentions: Sequence[Mention]) -> list[Mention]:
    """A name completed over the model's next mention ("Institute of Marine" + "Coastal
    Research") stands alone: mentions inside it are dropped."""
    kept: list[Mention] = []
    for m in mentions:
        if kept and m.start < kept[-1].end:
            continue
        kept.append(m)
    return kept


def _acronym_mention(doc: Doc, offset: int, text: str, where: tuple[int, int]) -> list[Mention]:
    """The acronym in "Harbour Research Institute (HRI)" left untagged: it is a name, so its
    later uses are found too."""
    span = doc.char_span(where[0] - offset, where[1] - offset)
    if span is None or span[0].ent_type_:
        return []
    return [Mention(where[0], where[1], text[where[0] : where[1]], "ORG", span, offset)]


def _has_given_name(ent: Span) -> bool:
    """ "President-elect Ana Ruiz" tagged as an organisation: a known given name followed by
    capitalised words, none of them an organisation's suffix, is a person."""
    words = [t for t in ent if not t.is_punct]
    if any(t.lower_ in ORG_SUFFIXES or not t.text[:1].isupper() for t in words):
        return False
    while words and not is_given_name(words[0].text) and "-" in words[0].text + "-":
        if words[0].lower_.split("-")[0] not in _LEADING_ROLES:
            break
        words = words[1:]  # "President-elect Ana Ruiz"
    return (
        2 <= len(words) <= 4
        and is_given_name(words[0].text)
        and all(t.pos_ == "PROPN" for t in words)
    )


def _with_title(text: str, start: int) -> int:
    """Extend a person's mention over the title before it: "Lord Smith", "Ms Ruiz"."""
    match = _TITLE_BEFORE.search(text, max(0, start - 20), start)
    return match.start() if match else start


def _without_trailing_nouns(ent: Span, offset: int, start: int, end: int) -> int:
    """ "Harlow Partners report", "NHA figures": common nouns the model ran into the name."""
    tokens = list(ent)
    while (
        len(tokens) > 1
        and tokens[-1].lower_ in EVIDENCE_NOUNS | REPORTING_NOUNS
        and not _names_a_field(tokens[-1], tokens)
    ):
        tokens.pop()
    return min(end, offset + tokens[-1].idx + len(tokens[-1].text))


def _without_leading_description(ent: Span, offset: int, start: int) -> int:
    """ "Drinks maker Halcyon": the description the model ran into the name is left out."""
    for token in reversed(ent[:-1]):
        if token.is_lower and token.lower_ in ORG_DESCRIPTION_NOUNS:
            after = ent[token.i - ent.start + 1 :]
            if all(t.text[:1].isupper() for t in after):
                return max(start, offset + after.start_char)
            break
    return start


def _names_a_field(word: Token, name: Sequence[Token]) -> bool:
    """ "Society for Tidal Research": a capitalised "Research" after "of"/"for" is the field
    the organisation's name gives, not a report the sentence speaks of."""
    return word.text[:1].isupper() and any(t.lower_ in {"of", "for"} for t in name)


def _through_cut_words(ent: Span, offset: int, end: int) -> int:
    """ "Federation of Welsh" for "Federation of Welsh hauliers": the model stopped inside
    a name whose words after "of"/"for" hang from a noun just past its end."""
    doc = ent.doc
    if not any(t.lower_ in {"of", "for"} for t in ent[:-1]):
        return end
    last = ent.end
    while last < len(doc):
        following = doc[last]
        if following.pos_ not in {"NOUN", "PROPN"} or not following.is_alpha:
            break
        if following.is_lower and doc[last - 1].pos_ != "ADJ" and doc[last - 1].dep_ != "amod":
            break  # "Acme Affairs spokeswoman": a name may end on a noun, not on "Welsh"
        if following.lower_ in EVIDENCE_NOUNS | REPORTING_NOUNS and not _names_a_field(
            following, list(ent)
        ):
            break
        inside = range(ent.start, last)
        if not any(doc[i].head.i == following.i and doc[i].i != ent.root.i for i in inside):
            break
        last += 1
    if last == ent.end:
        return end
    return max(end, offset + doc[last - 1].idx + len(doc[last - 1].text))


_CONNECTORS = frozenset({"of", "for", "and", "the", "on", "in", "&"})
_ACRONYM_AFTER = re.compile(r"((?:[^\S\n]+[\w&'’-]+){0,4}?)[^\S\n]+\(([A-Z][A-Za-z&]{1,9})\)")


def _through_acronym_definition(
    text: str, start: int, end: int
) -> tuple[int, tuple[int, int] | None]:
    """ "National Institute of Harbour (NIHR)" cut before "Research": the words up to an
    acronym in brackets join the name when its letters are the initials of the whole. Also
    where the acronym stands, when it is one."""
    match = _ACRONYM_AFTER.match(text, end)
    if match is None:
        return end, None
    words = match.group(1).split()
    if not all(w[:1].isupper() or w.lower() in _CONNECTORS for w in words):
        return end, None
    if _initials(text[start : end + len(match.group(1))]) != match.group(2):
        return end, None
    return end + len(match.group(1)), match.span(2)


def _unnamed_speakers(doc: Doc, offset: int, text: str) -> list[Mention]:
    """Proper names the model left untagged ("Ana Ruiz lamented that ..."): a chain of
    capitalised proper nouns that starts with a known given name, after any office before it
    ("President-elect Ana Ruiz")."""
    found: list[Mention] = []
    for token in doc:
        if token.pos_ != "PROPN" or token.ent_type_ or token.dep_ == "compound":
            continue
        words = [t for t in token.lefts if t.dep_ == "compound" and t.pos_ == "PROPN"]
        words.append(token)
        while words and not is_given_name(words[0].text):
            words = words[1:]
        if not 2 <= len(words) <= 4 or any(t.ent_type_ for t in words):
            continue
        if not all(t.text[:1].isupper() and t.text[1:2].islower() for t in words):
            continue
        if any(t.lower_ in ORG_SUFFIXES for t in words):
            continue
        span = doc[words[0].i : token.i + 1]
        start = _with_title(text, offset + span.start_char)
        end = offset + span.end_char
        found.append(Mention(start, end, text[start:end], "PERSON", span, offset))
    return found


# "the Commons harbours and docks committee": a parliament's committee written in lower case,
# which the model does not take for a name.
_LOWER_CASE_COMMITTEE = re.compile(
    r"\b(?:Commons|Lords|Senate|Assembly|Parliament['’]s|Congressional)"
    r"(?:[^\S\n]+(?:and|[a-z][a-z-]+|[A-Z][a-z]+)){1,5}?[^\S\n]+(?:select[^\S\n]+)?committee\b"
)


def _lower_case_committees(doc: Doc, offset: int) -> list[Mention]:
    found: list[Mention] = []
    for match in _LOWER_CASE_COMMITTEE.finditer(doc.text):
        span = doc.char_span(match.start(), match.end())
        if span is None:
            continue
        start, end = offset + match.start(), offset + match.end()
        found.append(Mention(start, end, match.group(), "ORG", span, offset))
    return found


def harmonise_labels(mentions: Sequence[Mention]) -> list[Mention]:
    """One name, one label: the small model calls "Brightwell" a person in one paragraph and a
    company in the next, so short forms follow the full name and the rest follow the majority."""
    person_parts: set[str] = set()
    for m in mentions:
        tokens = _name_tokens(m.text) if m.label == "PERSON" else []
        if len(tokens) >= 2:
            person_parts.update(tokens)
            person_parts.update(tokens[-1].split("-"))
    org_prefixes = {
        " ".join(words[:i])
        for m in mentions
        if m.label == "ORG" and (words := m.text.split())[-1].lower() in ORG_SUFFIXES
        for i in range(1, len(words))
    }
    # "Brackwell" after "Brackwell Energy": a company's short form, whatever its suffix
    org_first_words = {
        words[0]
        for m in mentions
        if m.label == "ORG" and len(words := m.text.split()) >= 2 and words[0][:1].isupper()
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
            if len(words) == 1 and words[0] in person_parts:
                label = "PERSON"  # "Ruiz" is Ana Ruiz even beside the "Ruiz Foundation"
            elif m.text in org_prefixes or (
                label == "PERSON" and m.text in org_first_words and not is_given_name(m.text)
            ):
                label = "ORG"
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
    or is, is an organisation the small model mistook: "Norland said"."""
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
    from spacy.attrs import ORTH

    for offset, doc in parsed:
        wanted = {doc.vocab.strings.add(word) for word in known}
        hits = [i for i, orth in enumerate(doc.to_array([ORTH]).tolist()) if orth in wanted]
        for token in (doc[i] for i in hits):
            label = known[token.text]
            if token.pos_ != "PROPN" or token.ent_type_:
                continue
            start = offset + token.idx
            index = bisect.bisect_right(starts, start) - 1
            if index >= 0 and taken[index][0] <= start < taken[index][1]:
                continue
            span = doc[token.i : token.i + 1]
            extra.append(Mention(start, start + len(token.text), token.text, label, span, offset))
    return _with_nationality(sorted([*mentions, *extra], key=lambda m: m.start), text)


def _name_tokens(name: str) -> list[str]:
    """A person's name without titles or suffixes ("Lord Smith" → ["Smith"])."""
    words = [w for w in re.split(r"\s+", name.strip()) if w]
    while len(words) > 1 and words[0].rstrip(".") in NAME_TITLES:
        words = words[1:]
    if len(words) > 1:
        parsed = name_parts(" ".join(words)).words
        if parsed and all(w in words for w in parsed):
            return parsed
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
        # a misspelt surname ("Montaelegre" for "Montealegre") still names the same person
        for full in full_names:
            tokens = _name_tokens(full)
            if len(tokens) >= 2 and _near(tokens[-1], word):
                return " ".join(tokens)
    return titled_form(name) if name.split()[0].rstrip(".") in NAME_TITLES else word


def _near(a: str, b: str) -> bool:
    """Two neighbouring letters swapped ("Montaelegre" for "Montealegre"): a typo. A letter
    changed, added or dropped ("Andersen", "Anderson") is another name, not a typo."""
    if a == b:
        return True
    if len(a) != len(b) or a[0] != b[0]:
        return False
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    return len(diff) == 2 and diff[1] == diff[0] + 1 and sorted(a) == sorted(b)


def _is_subsequence(short: Sequence[str], long: Sequence[str]) -> bool:
    n = len(short)
    return any(list(long[i : i + n]) == list(short) for i in range(len(long) - n + 1))


def _initials(name: str) -> str:
    return "".join(w[0] for w in re.findall(r"[A-Za-z][\w'-]*", name) if w[0].isupper())


def org_canonical(name: str, orgs: Sequence[str]) -> str:
    """A short form or acronym of an organisation named in full elsewhere; of names that
    differ only in case ("Acmecorp", "AcmeCorp"), the one with the most capitals."""
    best = max(
        (o for o in orgs if o.casefold() == name.casefold()),
        key=lambda o: sum(c.isupper() for c in o),
        default=name,
    )
    for other in orgs:
        if len(other) > len(best) and _abbreviates(best, other):
            best = other
            continue
        if len(other) <= len(best):
            continue
        if (name.isupper() and len(name) >= 2 and _initials(other) == name) or (
            other.startswith(name + " ") and other.split()[-1].rstrip(".").lower() in ORG_SUFFIXES
        ):
            best = other
        elif other.endswith(" " + name) and len(name.split()) >= 2:
            # "Harbour Authority" for "National Harbour Authority"
            best = other
    if best == name:
        return _first_word_of(name, orgs) or name
    return best


# "Senate Committee on ...", "Acme Research Office": a unit of the organisation, not its full name.
_UNIT_NOUNS = frozenset(
    "committee subcommittee office service department division unit board panel branch".split()
)


def _first_word_of(name: str, orgs: Sequence[str]) -> str | None:
    """ "Brackwell" for "Brackwell Energy", "the Institute" for the one institute named in full: a
    single word that starts one longer name in the article (its variants aside). An acronym
    alone is often the parent of a unit named after it ("UN" and "UN Office"), so it stays."""
    if " " in name or name.isupper() or not name[:1].isupper():
        return None
    longer = sorted(
        {
            o
            for o in orgs
            if " " in o and o.split()[0] == name and o.split()[1].lower() not in _UNIT_NOUNS
        },
        key=len,
    )
    if longer and all(longer[-1].startswith(o) for o in longer):
        return longer[-1]
    return None


def _abbreviates(short: str, full: str) -> bool:
    """ "Ind Dems" for "Independent Democrats": each word starts its counterpart."""
    short_words, full_words = short.split(), full.split()
    return (
        len(short_words) == len(full_words) >= 2
        and short_words != full_words
        and all(
            f.lower().startswith(w.rstrip(".").lower()) and len(w.rstrip(".")) >= 2
            for w, f in zip(short_words, full_words, strict=True)
        )
    )


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
    inside = set(range(span.start, span.end))
    while i >= 0 and doc[i].pos_ in {"NOUN", "PROPN", "ADJ"} and doc[i].head.i in inside:
        if doc[i].ent_type_ == "PERSON":
            break
        words.insert(0, doc[i])
        inside.add(i)  # "Home Secretary Ana Ruiz": "Home" hangs from "Secretary"
        i -= 1
    if words and any(w.lemma_.lower() in ROLE_NOUNS for w in words):
        return " ".join(w.text for w in words)
    if i >= 1 and doc[i].text in {"'s", "’s"} and doc[i - 1].ent_type_ == "ORG":
        # "AcmeCorp's Jonas Berg": the organisation is the affiliation
        owner = doc[i - 1]
        first = owner.i
        while first > 0 and doc[first - 1].ent_type_ == "ORG" and doc[first - 1].ent_iob_ != "B":
            first -= 1
        if owner.ent_iob_ != "B":
            while first > 0 and doc[first].ent_iob_ != "B":
                first -= 1
        return doc[first : owner.i + 1].text
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
