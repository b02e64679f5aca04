"""Giving freed memory back to the system: glibc keeps what a process frees in its arenas, so a
process that once held a long article's analysis stays that big without this."""

from __future__ import annotations

import contextlib
import ctypes
import gc
import threading


def give_memory_back(collect: bool = True) -> None:
    """Collect garbage (unless ``collect`` is false), then return the heap's free pages to the
    system. Without glibc only the collection runs."""
    if collect:
        gc.collect()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


_trimming = threading.Lock()


def give_memory_back_soon() -> None:
    """Return the heap's free pages from a thread of its own, so that a window's thread does not
    wait for it (10-20 ms after a long article; glibc releases the lock of the window thread's
    arena between arenas). No collection: it would hold the GIL for its whole length. A call
    while one runs does nothing: that one returns what is free by then."""
    if _trimming.acquire(blocking=False):

        def trim() -> None:
            try:
                give_memory_back(collect=False)
            finally:
                _trimming.release()

        threading.Thread(target=trim, name="give-memory-back", daemon=True).start()
