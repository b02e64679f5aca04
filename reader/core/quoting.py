"""A quotation as it was quoted: the quoted words only, without the narrator's words between.

The ``content`` of a split quote covers both its pieces and the cue between them ("…years of
appeals," said Ann Holt. "The time…"), as the scoring guidelines define it; what a reader is
shown or copies is only what the speaker said, joined with " … ".
"""

from __future__ import annotations

from collections.abc import Iterable

from reader.core.model import Attribution, Span
from reader.core.quotes import find_quotations

PART_JOINER = " … "
# Marks that can only open or only close, so the pairing reads the content as quoted throughout.
_OPEN, _CLOSE = "“", "”"


def quoted_parts(item: Attribution) -> tuple[Span, ...]:
    """The quoted segments of an attribution's content, in the article's offsets: split where
    the narration holding the cue stands between two pieces, and where the quotation runs on
    into a new paragraph (its reopening mark left out); one part when the quotation is whole,
    or when the content is reported speech."""
    content, cue = item.content, item.cue
    if item.kind != "direct":
        return (content,)
    wrapped = _OPEN + content.text + _CLOSE
    pieces = [(a - 1, b - 1) for q in find_quotations(wrapped) for a, b in q.parts]
    if len(pieces) < 2 or pieces[0][0] != 0 or pieces[-1][1] != len(content.text):
        return (content,)
    cue_at = (cue.start - content.start, cue.end - content.start) if cue is not None else None
    merged = [pieces[0]]
    for start, end in pieces[1:]:
        gap = (merged[-1][1], start)
        narration = cue_at is not None and gap[0] <= cue_at[0] and cue_at[1] <= gap[1]
        if narration or "\n" in content.text[gap[0] : gap[1]]:
            merged.append((start, end))
        else:  # marks of the speaker's own ("it was "mad"") stay inside the part
            merged[-1] = (merged[-1][0], end)
    parts = [_trimmed(content, start, end) for start, end in merged]
    kept = tuple(part for part in parts if part is not None)
    return kept if len(kept) > 1 else (content,)


def _trimmed(content: Span, start: int, end: int) -> Span | None:
    """The piece without the spaces and the comma that lead into the narration."""
    text = content.text
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    if end <= start:
        return None
    return Span(content.start + start, content.start + end, text[start:end])


def quoted_text(item: Attribution) -> str:
    """What the speaker said, on one line: the quoted parts joined with " … "."""
    return joined_parts(quoted_parts(item))


def joined_parts(parts: Iterable[Span]) -> str:
    return PART_JOINER.join(" ".join(part.text.split()) for part in parts)


def shown_words(kind: str, words: str) -> str:
    """What was said as every listing shows it: in quotation marks when the speaker's own words
    are quoted (a direct or mixed statement), bare when reported (indirect, "according to")."""
    return f"“{words}”" if kind in ("direct", "mixed") else words
