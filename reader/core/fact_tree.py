"""How the side panel groups the facts: who said what by speaker, then money, then the names.
Built here, without Qt, so that the panel's model only mirrors it and tests can read it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reader.core.facts import shorten
from reader.core.model import Analysis, Attribution, FactKind, Record
from reader.core.quoting import quoted_text, shown_words
from reader.core.review import REVIEW_MARK, needs_review, review_facts, review_reason


@dataclass(frozen=True)
class FactNode(Record):
    label: str
    fact: int | None = None  # index into Analysis.facts; a heading without one only groups
    children: Sequence[FactNode] = ()  # a tuple, or columns in a tree sent by the worker


_GROUPS: tuple[tuple[FactKind, str], ...] = (
    ("money", "Money"),
    ("figure", "Figures"),
    ("person", "People"),
    ("organisation", "Organisations"),
    ("place", "Places"),
    ("date", "Dates"),
    ("other", "Other names"),
)


def build_fact_tree(analysis: Analysis) -> tuple[FactNode, ...]:
    facts = analysis.facts
    roles: dict[str, str] = {}
    for entity in analysis.entities:
        if entity.label == "PERSON" and entity.role and entity.canonical not in roles:
            roles[entity.canonical] = entity.role
    by_speaker: dict[str, list[int]] = {}
    for index, fact in enumerate(facts):
        if fact.kind == "attribution":
            by_speaker.setdefault(fact.subject or "", []).append(index)
    speakers: list[FactNode] = []
    # Most quoted first; ties keep the order in which the article first quotes them.
    for name, indices in sorted(by_speaker.items(), key=lambda item: -len(item[1])):
        role = f" — {roles[name]}" if name in roles else ""
        quotes = tuple(FactNode(_said(analysis, i), i) for i in indices)
        # the speaker's row carries the mark of any quote under it, so a closed group shows it
        mark = next(
            (m for m in (REVIEW_MARK, CORRECTED_MARK) for q in quotes if q.label.startswith(m)),
            "",
        )
        speakers.append(FactNode(f"{mark}{name}{role} ({len(indices)})", indices[0], quotes))
    tree: list[FactNode] = []
    if speakers:
        tree.append(
            FactNode(
                f"Who said what ({sum(len(s.children) for s in speakers)})", None, tuple(speakers)
            )
        )
    corrected_names = {f"entity/{e.label}/{e.canonical}" for e in analysis.entities if e.corrected}
    for kind, title in _GROUPS:
        members = tuple(
            FactNode((CORRECTED_MARK if fact.ref in corrected_names else "") + fact.summary, index)
            for index, fact in enumerate(facts)
            if fact.kind == kind
        )
        if members:
            tree.append(FactNode(f"{title} ({len(members)})", None, members))
    return tuple(tree)


# The mark before a fact the analyst fixed (a guess's is ``REVIEW_MARK``).
CORRECTED_MARK = "✎ "


def _said(analysis: Analysis, index: int) -> str:
    """The words alone, quoted when they were quoted: the speaker is the row above."""
    fact = analysis.facts[index]
    item = analysis.attributions[int(fact.ref.split("/")[1])]
    words = shorten(quoted_text(item), 120)
    return _marked(item, shown_words(item.kind, words))


def _marked(item: Attribution, label: str) -> str:
    if needs_review(item):
        return REVIEW_MARK + label
    return CORRECTED_MARK + label if item.corrected else label


def build_review_tree(analysis: Analysis) -> tuple[FactNode, ...]:
    """Only the facts to check, in reading order, each with its speaker and how it was found."""
    rows = []
    for index in review_facts(analysis):
        fact = analysis.facts[index]
        item = analysis.attributions[int(fact.ref.split("/")[1])]
        words = shorten(quoted_text(item), 90)
        reason = review_reason(item, analysis)
        rows.append(FactNode(f"{fact.subject}: {words} — {reason}", index))
    if not rows:
        return (FactNode("Needs review (0): every speaker is named or corrected", None),)
    return (FactNode(f"Needs review ({len(rows)})", None, tuple(rows)),)
