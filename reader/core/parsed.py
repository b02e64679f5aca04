"""An article as parsed: its Docs with their character offsets, and fast lookups from positions
in the article to sentences and tokens. Shared by the attribution rules and the speaker
resolver; never holds a whole article as one Doc."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from reader.core.model import Span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


class ParsedArticle:
    """The article's Docs with their offsets, and lookups from character positions to tokens."""

    def __init__(self, text: str, parsed: Sequence[tuple[int, Doc]]) -> None:
        self.text = text
        self.parsed = list(parsed)
        self._starts = [offset for offset, _ in self.parsed]
        self.sentences: list[tuple[int, int]] = [
            (offset + s.start_char, offset + s.end_char)
            for offset, doc in self.parsed
            for s in doc.sents
        ]
        self._sentence_starts = [s for s, _ in self.sentences]
        self._starts_by_doc: dict[int, list[int]] = {}

    def span(self, start: int, end: int) -> Span:
        return Span(start, end, self.text[start:end])

    def token_span(self, offset: int, first: Token, last: Token) -> Span:
        start = offset + first.idx
        end = offset + last.idx + len(last.text)
        return self.span(start, end)

    def sentence_index(self, char: int) -> int:
        return max(0, bisect.bisect_right(self._sentence_starts, char) - 1)

    def sentence_bounds(self, char: int) -> tuple[int, int]:
        """Where the sentence holding ``char`` starts and where the next one starts."""
        index = self.sentence_index(char)
        starts = self._sentence_starts
        end = starts[index + 1] if index + 1 < len(starts) else len(self.text)
        return (starts[index] if starts else 0), end

    def doc_at(self, char: int) -> tuple[int, Doc] | None:
        index = bisect.bisect_right(self._starts, char) - 1
        if index < 0:
            return None
        offset, doc = self.parsed[index]
        return (offset, doc) if char <= offset + _doc_length(doc) else None

    def doc_before(self, offset: int) -> tuple[int, Doc] | None:
        """The Doc (paragraph or headline) before the one that starts at ``offset``."""
        index = bisect.bisect_left(self._starts, offset) - 1
        return self.parsed[index] if index >= 0 else None

    def tokens_between(self, start: int, end: int) -> list[tuple[int, Token]]:
        found: list[tuple[int, Token]] = []
        index = max(0, bisect.bisect_right(self._starts, start) - 1)
        for offset, doc in self.parsed[index:]:
            if offset >= end:
                break
            lo = max(0, start - offset)
            hi = min(_doc_length(doc), end - offset)
            if hi <= lo:
                continue
            # the tokens wholly inside [lo, hi), found by bisection, not by walking the paragraph
            starts = self._token_starts(doc)
            first = bisect.bisect_left(starts, lo)
            last = bisect.bisect_left(starts, hi)
            found.extend((offset, t) for t in doc[first:last] if t.idx + len(t) <= hi)
        return found

    def _token_starts(self, doc: Doc) -> list[int]:
        key = id(doc)
        starts = self._starts_by_doc.get(key)
        if starts is None:
            from spacy.attrs import IDX

            starts = self._starts_by_doc[key] = doc.to_array([IDX]).tolist()
        return starts


def _doc_length(doc: Doc) -> int:
    """Characters in a Doc without ``doc.text``, which joins every token each time."""
    return doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0


class Intervals:
    """Which spans contain a position, in log time: articles hold thousands of quotes."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self._starts = [s for s, _ in self.spans]
        self._reach: list[int] = []  # the furthest end among spans starting at or before i
        furthest = -1
        for _, end in self.spans:
            furthest = max(furthest, end)
            self._reach.append(furthest)

    def contains(self, position: int) -> bool:
        index = bisect.bisect_right(self._starts, position) - 1
        return index >= 0 and self._reach[index] > position

    def overlapping(self, start: int, end: int) -> list[tuple[int, int]]:
        index = bisect.bisect_left(self._starts, end)
        found = []
        for i in range(index - 1, -1, -1):
            if self._reach[i] <= start:
                break
            if self.spans[i][1] > start:
                found.append(self.spans[i])
        return found
