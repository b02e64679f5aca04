"""The one table of highlight kinds: display name, colour and underline. The window paints from it,
the legend lists it, and facts take their kind from its entity-label map."""

from __future__ import annotations

import colorsys
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
    colour: str  # the kind's hue; each theme darkens or lightens it to a readable contrast
    underline: Underline  # differs between kinds so that colour is never the only cue
    bold: bool = False
    background: bool = False  # a soft wash behind the text instead of coloured letters
    wash: int = 40  # the wash's opacity, 0–255: soft for quotes, stronger for the analyst's notes


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
    # a guessed speaker: painted over the speaker's bold letters, its dotted line replacing the
    # speaker's single one, so it reads as a guess in grey too (highlights are drawn over the
    # laid-out text, which cannot be slanted)
    "review": KindStyle("Needs review", "#e0561b", "dot"),
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


# --- themes: the same hues, readable on a light and on a dark page -----------------------------

Theme = Literal["light", "dark"]


@dataclass(frozen=True)
class Page:
    base: str  # the page behind the article
    text: str  # the article's own letters


PAGES: dict[Theme, Page] = {
    "light": Page("#ffffff", "#1b1b1b"),
    "dark": Page("#1e1f22", "#e6e6e6"),
}
MIN_CONTRAST = 4.5  # WCAG AA for body text: coloured letters must read as well as plain ones


def kind_colour(kind: HighlightKind, theme: Theme) -> str:
    """The colour a kind paints in ``theme``: its hue made dark or light enough to read on the
    page (coloured letters), or the hue itself for a wash behind the page's own letters."""
    style = KIND_STYLES[kind]
    if style.background:
        return style.colour
    return readable(style.colour, PAGES[theme].base)


def readable(colour: str, background: str, minimum: float = MIN_CONTRAST) -> str:
    """``colour`` with its lightness moved away from ``background``'s, in small steps, until the
    two reach ``minimum`` contrast; hue and saturation are kept."""
    red, green, blue = _rgb(colour)
    hue, lightness, saturation = colorsys.rgb_to_hls(red, green, blue)
    darker = relative_luminance(background) > 0.18
    step = -0.01 if darker else 0.01
    while contrast(colour, background) < minimum and 0.0 < lightness < 1.0:
        lightness = min(1.0, max(0.0, lightness + step))
        colour = _hex(colorsys.hls_to_rgb(hue, lightness, saturation))
    return colour


def wash_under_text(kind: HighlightKind, theme: Theme) -> str:
    """The colour a wash kind makes of the page, where the page's own letters sit on it."""
    style = KIND_STYLES[kind]
    alpha = style.wash / 255
    top, page = _rgb(style.colour), _rgb(PAGES[theme].base)
    return _hex(tuple(alpha * t + (1 - alpha) * p for t, p in zip(top, page, strict=True)))


def contrast(first: str, second: str) -> float:
    """The WCAG contrast ratio of two colours, 1 to 21."""
    high, low = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def relative_luminance(colour: str) -> float:
    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(c) for c in _rgb(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def _rgb(colour: str) -> tuple[float, float, float]:
    value = colour.lstrip("#")
    return (int(value[0:2], 16) / 255, int(value[2:4], 16) / 255, int(value[4:6], 16) / 255)


def _hex(rgb: tuple[float, ...]) -> str:
    return "#" + "".join(f"{round(max(0.0, min(1.0, c)) * 255):02x}" for c in rgb)
