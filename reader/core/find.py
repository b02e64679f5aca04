"""Find in the article: every place a phrase occurs, as offsets into the text."""

from __future__ import annotations

import re

MAX_MATCHES = 10_000  # "the" in a 5 MB report: a count past this says only "10,000+"


def find_all(text: str, phrase: str, limit: int = MAX_MATCHES) -> list[tuple[int, int]]:
    """Where ``phrase`` occurs, ignoring case, in reading order; runs of white space in the
    phrase match any white space, so a phrase copied across a line break is still found."""
    words = phrase.split()
    if not words:
        return []
    pattern = re.compile(r"\s+".join(re.escape(word) for word in words), re.IGNORECASE)
    found: list[tuple[int, int]] = []
    for match in pattern.finditer(text):
        found.append(match.span())
        if len(found) >= limit:
            break
    return found
