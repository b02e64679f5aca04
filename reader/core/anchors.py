"""Where a note belongs when the text under it changes.

An anchor keeps what W3C Web Annotation calls a TextQuoteSelector (the exact words with some
context before and after) and a TextPositionSelector (where they were). Placing it again tries, in
order: the old position, the exact words where their context fits best and nearest the old place,
then a fuzzy match (marked for the reader to check). A note that fits nowhere is an orphan: kept
and listed, never dropped.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Literal

from reader.core.model import Record

CONTEXT_CHARS = 32
FUZZY_THRESHOLD = 0.75  # share of the quote's characters that must match, in order
FUZZY_SEARCH_CHARS = 5_000  # how far from the old place a fuzzy match is looked for

AnchorStatus = Literal["exact", "moved", "check", "orphan"]


@dataclass(frozen=True)
class Anchor(Record):
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str


@dataclass(frozen=True)
class Placement(Record):
    start: int
    end: int
    status: AnchorStatus


def make_anchor(text: str, start: int, end: int) -> Anchor:
    if not 0 <= start < end <= len(text):
        raise ValueError(f"no passage at {start}–{end} in a text of {len(text)} characters")
    return Anchor(
        start,
        end,
        text[start:end],
        text[max(0, start - CONTEXT_CHARS) : start],
        text[end : end + CONTEXT_CHARS],
    )


def place(anchor: Anchor, text: str) -> Placement:
    length = len(anchor.exact)
    if text[anchor.start : anchor.end] == anchor.exact:
        return Placement(anchor.start, anchor.end, "exact")
    found = _best_exact(anchor, text)
    if found is not None:
        return Placement(found, found + length, "moved")
    fuzzy = _fuzzy(anchor, text)
    if fuzzy is not None:
        return Placement(fuzzy[0], fuzzy[1], "check")
    start = min(anchor.start, len(text))
    return Placement(start, min(start + length, len(text)), "orphan")


def _best_exact(anchor: Anchor, text: str) -> int | None:
    """The occurrence whose surroundings match the old ones best; nearest the old place on a tie."""
    best: tuple[int, int, int] | None = None
    position = text.find(anchor.exact)
    while position >= 0:
        before = text[max(0, position - CONTEXT_CHARS) : position]
        after = text[position + len(anchor.exact) : position + len(anchor.exact) + CONTEXT_CHARS]
        context = _common_suffix(before, anchor.prefix) + _common_prefix(after, anchor.suffix)
        key = (-context, abs(position - anchor.start), position)
        if best is None or key < best:
            best = key
        position = text.find(anchor.exact, position + 1)
    return None if best is None else best[2]


def _fuzzy(anchor: Anchor, text: str) -> tuple[int, int] | None:
    length = len(anchor.exact)
    low = max(0, anchor.start - FUZZY_SEARCH_CHARS)
    window = text[low : anchor.end + FUZZY_SEARCH_CHARS]
    if not window or not anchor.exact.strip():
        return None
    matcher = difflib.SequenceMatcher(None, window, anchor.exact, autojunk=False)
    seed = matcher.find_longest_match(0, len(window), 0, length)
    if seed.size == 0:
        return None
    # Line the quote up on its longest surviving piece, then let the edges settle.
    guess = seed.a - seed.b
    best: tuple[float, int, int] | None = None
    step = max(1, length // 50)  # a long quote need not be tried at every character
    for start in range(
        max(0, guess - length // 4), min(len(window), guess + length // 4) + 1, step
    ):
        for end in {start + length, start + length - length // 8, start + length + length // 8}:
            candidate = window[start : max(start + 1, end)]
            ratio = difflib.SequenceMatcher(None, candidate, anchor.exact).ratio()
            if best is None or ratio > best[0]:
                best = (ratio, start, start + len(candidate))
    if best is None or best[0] < FUZZY_THRESHOLD:
        return None
    return low + best[1], low + best[2]


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _common_suffix(a: str, b: str) -> int:
    return _common_prefix(a[::-1], b[::-1])
