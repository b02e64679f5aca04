"""The structure of people's names, and the gender a given name usually carries.

Titles ("Lord", "Dr", "President"), suffixes ("QC", "Jr") and the given name and surname come from
nameparser, a maintained library for human names, instead of hand-written lists. Given names and
their gender come from the US Census Bureau's 1990 name frequency lists (public domain), shipped
in the MIT-licensed ``names`` package: a name counts as female or male when it is at least
``GENDER_RATIO`` times more common for one than for the other.
"""

from __future__ import annotations

import importlib.resources
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from nameparser import HumanName

Gender = Literal["f", "m"]
# How much more common a given name must be for one gender before a pronoun may follow it.
GENDER_RATIO = 4.0
# Titles that stay part of a name when the article never gives the given name ("Lord Smith").
KEPT_TITLES = frozenset(
    "lord lady baroness baron sir dame mr mrs ms miss dr prof professor".split()
)


@dataclass(frozen=True)
class NameParts:
    title: str
    first: str
    middle: str
    last: str
    suffix: str

    @property
    def words(self) -> list[str]:
        """The name without title or suffix: "Jane Roe QC" → ["Jane", "Roe"]."""
        return " ".join(p for p in (self.first, self.middle, self.last) if p).split()


@lru_cache(maxsize=20_000)
def name_parts(name: str) -> NameParts:
    parsed = HumanName(" ".join(name.split()))
    return NameParts(parsed.title, parsed.first, parsed.middle, parsed.last, parsed.suffix)


def titled_form(name: str) -> str:
    """ "General Lord Smith" → "Lord Smith": the courtesy title that belongs to the name, kept
    when the article gives no given name; ranks and offices are roles, not names."""
    parts = name_parts(name)
    kept = [t for t in parts.title.split() if t.rstrip(".").lower() in KEPT_TITLES]
    return " ".join([*kept[-1:], *parts.words])


@lru_cache(maxsize=1)
def _given_names() -> dict[str, tuple[float, float]]:
    """Upper-case given name → (share among women, share among men), in percent."""
    table: dict[str, list[float]] = {}
    root = importlib.resources.files("names")
    for column, resource in ((0, "dist.female.first"), (1, "dist.male.first")):
        for line in (root / resource).read_text(encoding="ascii").splitlines():
            fields = line.split()
            if len(fields) >= 2:
                table.setdefault(fields[0], [0.0, 0.0])[column] = float(fields[1])
    return {name: (shares[0], shares[1]) for name, shares in table.items()}


def is_given_name(word: str) -> bool:
    return word.upper() in _given_names()


def given_name_gender(word: str) -> Gender | None:
    shares = _given_names().get(word.upper())
    if shares is None:
        return None
    female, male = shares
    if female >= GENDER_RATIO * male:
        return "f"
    if male >= GENDER_RATIO * female:
        return "m"
    return None
