"""How an article's published date is shown, in every listing, export and command.

A page or file gives its date as it likes: ISO 8601 from a page's metadata
("2026-03-05T10:00:00+00:00"), words from a document ("5 March 2026"), or nothing. Cut to ten
characters, the words lose their year ("5 March 20"); shown whole, the ISO stamp drowns the day.
"""

from __future__ import annotations

import re

# An ISO 8601 date, alone or with a time and zone: its day is what a listing shows.
_ISO_STAMP = re.compile(
    r"(\d{4}-\d{2}-\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?",
    re.IGNORECASE,
)
UNDATED = "undated"


def published_day(published: str | None, none: str = UNDATED) -> str:
    """The day of an ISO 8601 date ("2026-03-05T10:00:00+00:00" → "2026-03-05"), any other
    date as the article gives it ("5 March 2026"), and ``none`` when it gives none (a table cell
    passes "": the day it was stored is not the day it was published)."""
    shown = " ".join((published or "").split())
    if not shown:
        return none
    found = _ISO_STAMP.fullmatch(shown)
    return found[1] if found else shown
