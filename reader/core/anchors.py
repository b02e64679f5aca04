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
FUZZY_SEARCH_CHARS = 5_000  # how far from the old place the quote's longest piece is looked for
PIECES = 8  # a quote is also looked for anywhere as this many pieces
MIN_PIECE_CHARS = 12  # shorter pieces match too much by chance
MAX_GUESSES = 24  # places tried per quote, so that a common phrase costs little

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
    for position in _occurrences(text, anchor.exact):
        before = text[max(0, position - CONTEXT_CHARS) : position]
        after = text[position + len(anchor.exact) : position + len(anchor.exact) + CONTEXT_CHARS]
        context = _common_suffix(before, anchor.prefix) + _common_prefix(after, anchor.suffix)
        key = (-context, abs(position - anchor.start), position)
        if best is None or key < best:
            best = key
    return None if best is None else best[2]


def _fuzzy(anchor: Anchor, text: str) -> tuple[int, int] | None:
    """The best approximate match near where the quote's surviving pieces or its context are now
    (anywhere in the text: a long insertion above a passage moves it far), snapped to whole words.
    """
    if not text or not anchor.exact.strip():
        return None
    best: tuple[float, int, int, int] | None = None  # ratio, -distance, start, end
    for guess in _guesses(anchor, text):
        found = _settle(anchor.exact, text, guess)
        if found is None:
            continue
        ratio, start, end = found
        key = (ratio, -abs(start - anchor.start), start, end)
        if best is None or key[:2] > best[:2]:
            best = key
    if best is None or best[0] < FUZZY_THRESHOLD:
        return None
    return _whole_words(text, best[2], best[3])


def _guesses(anchor: Anchor, text: str) -> list[int]:
    """Where the quote may start now, most likely first: lined up on its longest piece near the
    old place, then on pieces of it and on its old context found anywhere."""
    exact, length = anchor.exact, len(anchor.exact)
    first: list[int] = []
    guesses: list[int] = []
    low = max(0, anchor.start - FUZZY_SEARCH_CHARS)
    window = text[low : anchor.end + FUZZY_SEARCH_CHARS]
    matcher = difflib.SequenceMatcher(None, window, exact, autojunk=False)
    seed = matcher.find_longest_match(0, len(window), 0, length)
    if seed.size:
        first.append(low + seed.a - seed.b)
    votes: dict[int, int] = {}
    piece = max(MIN_PIECE_CHARS, length // PIECES)
    for offset in range(0, max(1, length - piece + 1), piece):
        chunk = exact[offset : offset + piece]
        if len(chunk.strip()) < MIN_PIECE_CHARS // 2:
            continue
        for position in _occurrences(text, chunk, MAX_GUESSES):
            bucket = (position - offset) // max(1, length // 8)
            votes[bucket] = votes.get(bucket, 0) + 1
            guesses.append(position - offset)
    for context, shift in ((anchor.prefix, len(anchor.prefix)), (anchor.suffix, -length)):
        if len(context.strip()) >= MIN_PIECE_CHARS:
            guesses += [p + shift for p in _occurrences(text, context, MAX_GUESSES)]
    # most-voted places first; the same place once
    ranked = sorted(dict.fromkeys(guesses), key=lambda g: -votes.get(g // max(1, length // 8), 0))
    return [g for g in dict.fromkeys(first + ranked) if -length < g < len(text)][:MAX_GUESSES]


def _occurrences(text: str, part: str, limit: int | None = None) -> list[int]:
    """Where ``part`` stands in ``text``, overlaps included; the first ``limit`` of them."""
    found: list[int] = []
    position = text.find(part)
    while position >= 0 and (limit is None or len(found) < limit):
        found.append(position)
        position = text.find(part, position + 1)
    return found


def _settle(exact: str, text: str, guess: int) -> tuple[float, int, int] | None:
    """Let the edges of a match lined up at ``guess`` settle where it resembles the quote most."""
    length = len(exact)
    best: tuple[float, int, int] | None = None
    step = max(1, length // 50)  # a long quote need not be tried at every character
    for start in range(max(0, guess - length // 4), min(len(text), guess + length // 4) + 1, step):
        for end in {start + length, start + length - length // 8, start + length + length // 8}:
            candidate = text[start : max(start + 1, end)]
            ratio = difflib.SequenceMatcher(None, candidate, exact, autojunk=False).ratio()
            if best is None or ratio > best[0]:
                best = (ratio, start, start + len(candidate))
    return best


def _whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """A match that cuts a word takes the whole word when it holds most of it, else drops it;
    spaces at its edges go too."""
    low, high = start, end
    if 0 < low < len(text) and text[low - 1].isalnum() and text[low].isalnum():
        word_start, word_end = _word_around(text, low)
        low = word_start if low - word_start <= word_end - low else word_end
    if 0 < high < len(text) and text[high - 1].isalnum() and text[high].isalnum():
        word_start, word_end = _word_around(text, high)
        high = word_end if high - word_start >= word_end - high else word_start
    while low < high and text[low].isspace():
        low += 1
    while high > low and text[high - 1].isspace():
        high -= 1
    return (low, high) if high > low else (start, end)


def _word_around(text: str, position: int) -> tuple[int, int]:
    start = end = position
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return start, end


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _common_suffix(a: str, b: str) -> int:
    return _common_prefix(a[::-1], b[::-1])
