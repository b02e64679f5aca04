"""Quotation marks paired over the whole article, before any parsing.

News text is messy: straight and curly marks mix, a quotation that runs into a new paragraph
reopens without closing ("A. "B."), and a stray mark must not flip every later quote inside out.
So marks are paired paragraph by paragraph, and a quote left open at a paragraph's end either
continues (the next paragraph opens a quote) or is closed there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPENING_ONLY = frozenset("“«„")
CLOSING_ONLY = frozenset("”»")
# Two apostrophes stand for a double quotation mark in some wire and archive text (''Yes'').
_MARK = re.compile(r"''|[\"“”«»„]")
_OPEN_BEFORE = frozenset(" \t\n([{—–-:/")


@dataclass(frozen=True)
class Quotation:
    """Text between quotation marks; ``parts`` are the pieces when it runs over paragraphs."""

    start: int
    end: int
    parts: tuple[tuple[int, int], ...]
    closed: bool

    @property
    def text_range(self) -> tuple[int, int]:
        return self.start, self.end


def _is_opening(text: str, i: int, width: int = 1) -> bool:
    mark = text[i]
    if mark in OPENING_ONLY:
        return True
    if mark in CLOSING_ONLY:
        return False
    before = text[i - 1] if i > 0 else "\n"
    after = text[i + width] if i + width < len(text) else "\n"
    return before in _OPEN_BEFORE and not after.isspace()


def find_quotations(text: str) -> list[Quotation]:
    quotes: list[Quotation] = []
    pending: list[tuple[int, int]] = []  # parts of a quotation continued over paragraphs
    paragraphs = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    for p_index, (p_start, p_end) in enumerate(paragraphs):
        open_at: int | None = None
        inside_from = 0  # where the open quotation's words start, after its mark
        marks = [(m.start(), len(m.group())) for m in _MARK.finditer(text, p_start, p_end)]
        for i, width in marks:
            opening = _is_opening(text, i, width)
            if open_at is None:
                if text[i] in CLOSING_ONLY and not pending:
                    continue  # a stray closing mark
                if pending and p_start == i:
                    pass  # continuation mark at the paragraph start
                elif pending:
                    quotes.append(_join(pending, closed=False))
                    pending = []
                open_at, inside_from = i, i + width
            elif opening and (text[i] not in "\"'" or _is_strongly_opening(text, i, width)):
                # a second opening mark inside a quote: the quotation runs on ("A. "B.")
                pending.append((inside_from, _rstrip(text, inside_from, i)))
                open_at, inside_from = i, i + width
            else:
                pending.append((inside_from, i))
                quotes.append(_join(pending, closed=True))
                pending = []
                open_at = None
        if open_at is not None:
            part = (inside_from, _rstrip(text, inside_from, p_end))
            next_opens = p_index + 1 < len(paragraphs) and _MARK.match(
                text, paragraphs[p_index + 1][0]
            )
            if next_opens and part[1] > part[0]:
                pending.append(part)
            else:
                pending.append(part)
                quotes.append(_join(pending, closed=False))
                pending = []
        elif pending:
            quotes.append(_join(pending, closed=False))
            pending = []
    if pending:
        quotes.append(_join(pending, closed=False))
    return [q for q in quotes if q.end > q.start]


def _is_strongly_opening(text: str, i: int, width: int = 1) -> bool:
    """A straight mark after a sentence end and a space reads as a new quotation, not a close."""
    j = i - 1
    while j >= 0 and text[j] == " ":
        j -= 1
    after = i + width
    return j >= 0 and j < i - 1 and text[j] in ".?!" and after < len(text) and text[after].isupper()


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _join(parts: list[tuple[int, int]], closed: bool) -> Quotation:
    return Quotation(parts[0][0], parts[-1][1], tuple(parts), closed)


def word_count(text: str) -> int:
    return len(re.findall(r"\w+", text))
