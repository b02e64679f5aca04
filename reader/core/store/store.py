"""The store as one object: each part of it lives in its own module."""

from __future__ import annotations

from reader.core.store.cache import CacheMixin
from reader.core.store.corrections import CorrectionsMixin
from reader.core.store.notes import NotesMixin


class Store(NotesMixin, CorrectionsMixin, CacheMixin):
    """Articles, notes, corrections and cached analyses in one SQLite file. The command line
    uses it as it is; the window reads through one and writes through ``StoreWriter``'s."""
