"""Python counts code points, Qt counts UTF-16 units: one map between them per text, so that an
emoji or a rare CJK character before a highlight does not shift it."""

from __future__ import annotations

import bisect
import re
import sys

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class Utf16Offsets:
    def __init__(self, text: str) -> None:
        # CPython stores a text with no character beyond U+FFFF in at most two bytes each, so
        # its size rules out astral characters at once; a scan of 5 MB took 40 ms.
        self._astral = (
            [m.start() for m in _ASTRAL.finditer(text)]
            if sys.getsizeof(text) >= 4 * len(text)
            else []
        )
        # UTF-16 position of each astral character's first unit, for the way back.
        self._astral_utf16 = [i + n for n, i in enumerate(self._astral)]

    def to_utf16(self, offset: int) -> int:
        if not self._astral:
            return offset
        return offset + bisect.bisect_left(self._astral, offset)

    def from_utf16(self, position: int) -> int:
        if not self._astral:
            return position
        return position - bisect.bisect_left(self._astral_utf16, position)
