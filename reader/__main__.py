"""``python -m reader`` and the ``factreader`` console script."""

from __future__ import annotations

import multiprocessing
import sys

from reader.cli import main

if __name__ == "__main__":
    # In the frozen bundle this script is the executable, and the analysis worker (spawned) is
    # the same executable again: freeze_support runs the worker there and exits.
    multiprocessing.freeze_support()
    sys.exit(main())
