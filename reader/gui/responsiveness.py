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
(``gc.freeze``) once shown, and handed back once the ``Graveyard`` has freed the last article's
after another opened, for the collector to reclaim any cycle among them.
"""

from __future__ import annotations

import dataclasses
import gc
import sys
import time

from PySide6.QtCore import QObject, QTimer

SWITCH_INTERVAL_S = 0.0005


def share_the_gil_often() -> None:
    sys.setswitchinterval(SWITCH_INTERVAL_S)


def set_aside_what_is_shown() -> None:
    gc.freeze()


def hand_back_to_the_collector() -> None:
    gc.unfreeze()


# Work per turn of the event loop, by the clock: a count of objects chosen to take 5 ms took
# 10-33 ms while the model kept both cores busy (20,000 objects freed, 200,000 items copied).
TURN_BUDGET_S = 0.004
FREED_PER_STEP = 2_000  # objects freed between two looks at the clock
DROPPED_PER_STEP = 100  # containers let go between two looks at the clock


class Graveyard(QObject):
    """Frees the last article's analysis a few milliseconds per turn of the event loop.

    Dropping a 5 MB article's analysis at once freed millions of objects in one go: 107 ms on
    the window's thread as the next article opened. The graveyard holds the old objects, copies
    out the items of their long tuples, lets the containers go (cheap: their items are still
    held), then frees the items in slices; only when all are gone are the
    objects set aside from the collector handed back."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._containers: list[object] = []
        self._unread: list[tuple[object, int]] = []  # containers still to look into, and depth
        self._items: list[object] = []
        self._hand_back = False
        self._timer = QTimer(self, singleShot=True, interval=0)
        self._timer.timeout.connect(self._free_some)

    def bury(self, *things: object, then_hand_back: bool = True) -> None:
        """``then_hand_back``: once all is freed, hand the objects set aside back to the
        collector; not when the parts of a long article go as its whole analysis, set aside
        too, is shown."""
        self._hand_back = self._hand_back or then_hand_back
        for thing in things:
            if thing is not None:
                self._containers.append(thing)
                self._unread.append((thing, LARGE_PART_DEPTH))
        self._timer.start()

    def _free_some(self) -> None:
        deadline = time.perf_counter() + TURN_BUDGET_S
        while self._unread or self._containers or self._items:
            if self._unread:
                self._look_into(self._unread.pop())
            elif self._containers:  # whatever else still holds them keeps them
                del self._containers[-DROPPED_PER_STEP:]
            else:
                del self._items[-FREED_PER_STEP:]
            if time.perf_counter() >= deadline:
                self._timer.start()
                return
        if self._hand_back:
            self._hand_back = False
            hand_back_to_the_collector()

    def _look_into(self, unread: tuple[object, int]) -> None:
        thing, depth = unread
        if isinstance(thing, tuple | list) and len(thing) >= LARGE:
            self._items += thing  # a 5 MB article's longest tuple: 1-2 ms
        elif depth > 0:
            self._containers.append(thing)
            self._unread += [(child, depth - 1) for child in _children(thing)]

    def empty(self) -> bool:
        return not self._items and not self._containers and not self._unread


LARGE_PART_DEPTH = 4  # a result, its analysis, its fact groups, a group's children
LARGE = 100  # items: a sequence this long is freed in slices, a shorter one looked into


def _children(thing: object) -> list[object]:
    """What ``thing`` holds that may hold more: not strings or numbers."""
    if isinstance(thing, tuple | list):
        children: list[object] = list(thing)
    elif dataclasses.is_dataclass(thing):
        children = [getattr(thing, field.name) for field in dataclasses.fields(thing)]
    elif hasattr(thing, "__dict__"):
        children = list(vars(thing).values())
    else:
        return []
    return [c for c in children if not isinstance(c, str | bytes | int | float | bool | None)]
