"""A quotation as it was quoted: the quoted words only, without the narrator's words between.

The ``content`` of a split quote covers both its pieces and the cue between them ("…years of
appeals," said Ann Holt. "The time…"), as the scoring guidelines define it; what a reader is
shown or copies is only what the speaker said, joined with " … ".
"""

from __future__ import annotations

from reader.core.model import Attribution, Span
from reader.core.quotes import find_quotations

PART_JOINER = " … "
# Marks that can only open or only close, so the pairing reads the content as quoted throughout.
_OPEN, _CLOSE = "“", "”"


def quoted_parts(item: Attribution) -> tuple[Span, ...]:
    """The quoted segments of an attribution's content, in the article's offsets; one part when
    the quotation is whole, or when the content is reported speech."""
    content, cue = item.content, item.cue
    inside = cue is not None and content.start < cue.start and cue.end < content.end
    if item.kind != "direct" or cue is None or not inside:
        return (content,)
    # the narration holding the cue splits the quotation; marks elsewhere ("it was "mad"")
    # are the speaker's own
    wrapped = _OPEN + content.text + _CLOSE
    pieces = [(q.start - 1, q.end - 1) for q in find_quotations(wrapped)]
    cue_start, cue_end = cue.start - content.start, cue.end - content.start
    before = [p for p in pieces if p[1] <= cue_start]
    after = [p for p in pieces if p[0] >= cue_end]
    if not before or not after or before[0][0] != 0 or after[-1][1] != len(content.text):
        return (content,)
    first = _trimmed(content, 0, before[-1][1])
    second = _trimmed(content, after[0][0], len(content.text))
    if first is None or second is None:
        return (content,)
    return (first, second)


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
    return PART_JOINER.join(" ".join(part.text.split()) for part in quoted_parts(item))
