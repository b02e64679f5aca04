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

import gc
import sys

SWITCH_INTERVAL_S = 0.0005


def share_the_gil_often() -> None:
    sys.setswitchinterval(SWITCH_INTERVAL_S)


def set_aside_what_is_shown() -> None:
    gc.freeze()


def hand_back_to_the_collector() -> None:
    gc.unfreeze()
