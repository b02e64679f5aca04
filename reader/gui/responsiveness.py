"""What keeps the window's thread answering while other threads and a long report's analysis
share its process.

**The GIL.** PySide lets go of the GIL during each Qt call, and the window's thread must win it
back afterwards. While another thread runs Python (the worker's listener putting a result
together, the cache writer), Python hands it over only every 5 ms by default, so each Qt call
could wait that long: painting one paragraph's highlights took 20 ms instead of 9, and up to
100 ms while a 5 MB article was analysed. Every 0.5 ms, the wait is negligible.

**The garbage collector.** A long report's analysis is millions of small objects. Python's full
collections walk every one of them: 250 ms, once, as a 5 MB article's facts were listed. The
objects of the analysis shown are acyclic and live until the next article, so they are set aside
(``gc.freeze``) once shown and handed back when another article is opened, for the collector to
reclaim any cycle among them.
"""

from __future__ import annotations

import dataclasses
import gc
import sys

from PySide6.QtCore import QObject, QTimer

SWITCH_INTERVAL_S = 0.0005


def share_the_gil_often() -> None:
    sys.setswitchinterval(SWITCH_INTERVAL_S)


def set_aside_what_is_shown() -> None:
    gc.freeze()


def hand_back_to_the_collector() -> None:
    gc.unfreeze()


FREED_PER_TURN = 20_000  # objects: about 5 ms


class Graveyard(QObject):
    """Frees the last article's analysis a few thousand objects per turn of the event loop.

    Dropping a 5 MB article's analysis at once freed millions of objects in one go, which froze
    the window as the next article opened. The graveyard keeps the items of its large parts,
    lets the containers go (cheap: their items are still held), then frees the items in slices;
    only when all are gone are the objects set aside from the collector handed back."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._containers: list[object] = []
        self._items: list[object] = []
        self._timer = QTimer(self, singleShot=True, interval=0)
        self._timer.timeout.connect(self._free_some)

    def bury(self, *things: object) -> None:
        for thing in things:
            if thing is not None:
                self._containers.append(thing)
                self._items += _large_parts(thing, LARGE_PART_DEPTH)
        self._timer.start()

    def _free_some(self) -> None:
        self._containers.clear()  # whatever else still holds them keeps them
        del self._items[-FREED_PER_TURN:]
        if self._items:
            self._timer.start()
        else:
            hand_back_to_the_collector()

    def empty(self) -> bool:
        return not self._items and not self._containers


LARGE_PART_DEPTH = 4  # a result, its analysis, its fact groups, a group's children
LARGE = 100  # items: a sequence this long is freed in slices, a shorter one looked into


def _large_parts(thing: object, depth: int) -> list[object]:
    """The items of the long tuples and lists in ``thing``, ``depth`` levels down."""
    if depth == 0:
        return []
    if isinstance(thing, tuple | list):
        if len(thing) >= LARGE:
            return list(thing)
        children: list[object] = list(thing)
    elif dataclasses.is_dataclass(thing):
        children = [getattr(thing, field.name) for field in dataclasses.fields(thing)]
    elif hasattr(thing, "__dict__"):
        children = list(vars(thing).values())
    else:
        return []
    found: list[object] = []
    for child in children:
        if not isinstance(child, str | bytes | int | float | bool | None):
            found += _large_parts(child, depth - 1)
    return found
