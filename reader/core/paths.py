"""Where Fact Reader keeps the user's settings and notes, and how scripts and tests point it
elsewhere so that they never touch the user's own data."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

DATA_DIR_ENV_VAR = "FACTREADER_DATA_DIR"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """``--data-dir`` first, then ``FACTREADER_DATA_DIR``, then the platform's user data folder."""
    chosen = override or os.environ.get(DATA_DIR_ENV_VAR)
    path = Path(chosen) if chosen else Path(platformdirs.user_data_dir("factreader", False))
    return path.expanduser()
