"""``python -m reader`` and the ``factreader`` console script."""

from __future__ import annotations

import sys

from reader.cli import main

if __name__ == "__main__":
    sys.exit(main())
