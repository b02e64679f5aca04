"""What keeps the window's thread answering while other threads share its process.

**Invariant: the window's thread never waits more than about 0.5 ms for the GIL after a Qt
call.** PySide lets go of the GIL during each Qt call, and the window's thread must win it back
afterwards. While another thread runs Python (the store's writer saving and indexing an analysis),
Python hands the GIL over only every 5 ms by default, so each Qt call could wait that long:
painting one paragraph's highlights took 20 ms instead of 9. Every 0.5 ms, the wait is
negligible. Measured with a thread running Python and 300 calls that let go of the GIL: 5.2 ms
of wait per call on average at the default interval, 0.25 ms at this one.

Nothing else is needed here any more: an analysis crosses from the worker as columns
(``reader.core.columns``), tens of objects rather than millions, so nothing is unpickled in
slices, set aside from the garbage collector or freed a slice at a time.
"""

from __future__ import annotations

import sys

SWITCH_INTERVAL_S = 0.0005


def share_the_gil_often() -> None:
    sys.setswitchinterval(SWITCH_INTERVAL_S)
