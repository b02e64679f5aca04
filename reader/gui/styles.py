"""One table for how each kind of fact looks: colour, underline, display name. Everything that
paints or lists a kind reads it here."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class KindStyle:
    name: str
    colour: str  # a mid-tone that reads on light and dark backgrounds
    underline: str  # "single", "dash", "wave", "dot" or "" so kinds differ without colour
    bold: bool = False


KIND_STYLES: dict[str, KindStyle] = {
    "person": KindStyle("People", "#3b82f6", "single", bold=True),
    "organisation": KindStyle("Organisations", "#8b5cf6", "dash"),
    "place": KindStyle("Places", "#10b981", "dot"),
    "date": KindStyle("Dates", "#f59e0b", "dot"),
    "other": KindStyle("Other names", "#64748b", "dot"),
    "money": KindStyle("Money", "#16a34a", "wave", bold=True),
    "speaker": KindStyle("Speakers", "#db2777", "single", bold=True),
    "cue": KindStyle("Reporting cues", "#db2777", "dash"),
    "content": KindStyle("Quoted or reported content", "#f472b6", ""),
}

ENTITY_KINDS: dict[str, str] = {
    "PERSON": "person",
    "ORG": "organisation",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "DATE": "date",
}


def entity_kind(label: str) -> str:
    return ENTITY_KINDS.get(label, "other")
