"""The one table of highlight kinds: display name, colour and underline. The window paints from it,
the legend lists it, and facts take their kind from its entity-label map."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

EntityKind = Literal["person", "organisation", "place", "date", "other"]
HighlightKind = (
    EntityKind
    | Literal["money", "figure", "speaker", "cue", "content", "review", "corrected", "note"]
)
Underline = Literal["single", "dash", "dot", "dashdot", "wave", ""]


@dataclass(frozen=True)
class KindStyle:
    name: str
    colour: str  # a mid-tone that reads on light and dark backgrounds
    underline: Underline  # differs between kinds so that colour is never the only cue
    bold: bool = False
    background: bool = False  # a soft wash behind the text instead of coloured letters
    wash: int = 40  # the wash's opacity, 0–255: soft for quotes, stronger for the analyst's notes
    italic: bool = False


KIND_STYLES: dict[HighlightKind, KindStyle] = {
    "person": KindStyle("People", "#2f7fe0", "single", bold=True),
    "organisation": KindStyle("Organisations", "#8a5cf0", "dash"),
    "place": KindStyle("Places", "#0f9f78", "dot"),
    "date": KindStyle("Dates", "#c77c02", "dot"),
    "other": KindStyle("Other names", "#6b7a90", "dot"),
    "money": KindStyle("Money", "#1f9d3a", "wave", bold=True),
    "figure": KindStyle("Figures", "#0e7fa6", "wave"),
    "speaker": KindStyle("Speakers", "#d62f7f", "single", bold=True),
    "cue": KindStyle("Reporting cues", "#d62f7f", "dash"),
    "content": KindStyle("Quoted or reported words", "#f06aa8", "", background=True),
    # a guessed speaker: slanted, with a dotted line under it, so it reads as a guess in grey too
    "review": KindStyle("Needs review", "#e0561b", "dot", italic=True),
    "corrected": KindStyle("Corrected by you", "#0b8a8a", "dashdot", bold=True),
    "note": KindStyle("Your notes", "#e0a800", "single", background=True, wash=96),
}

ENTITY_KINDS: dict[str, EntityKind] = {
    "PERSON": "person",
    "ORG": "organisation",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "DATE": "date",
}

ENTITY_LABEL_NAMES: dict[str, str] = {
    "PERSON": "Person",
    "ORG": "Organisation",
    "GPE": "Place (country, city, state)",
    "LOC": "Place",
    "FAC": "Building or facility",
    "DATE": "Date",
    "NORP": "Nationality or group",
    "EVENT": "Event",
    "LAW": "Law",
    "PRODUCT": "Product",
    "WORK_OF_ART": "Title of a work",
    "LANGUAGE": "Language",
    "MISC": "Other name",
}


def entity_kind(label: str) -> EntityKind:
    return ENTITY_KINDS.get(label, "other")


def entity_label_name(label: str) -> str:
    return ENTITY_LABEL_NAMES.get(label, label.replace("_", " ").capitalize())
