"""Where the files of ``resources/`` are: a checkout, an installed wheel, or a frozen bundle."""

from __future__ import annotations

import sys
from pathlib import Path

SAMPLE_ARTICLE = "samples/north-korea-russia.txt"


def resources_dir() -> Path:
    package = Path(__file__).resolve().parent.parent
    candidates = [
        Path(getattr(sys, "_MEIPASS", "")) / "resources" if hasattr(sys, "_MEIPASS") else None,
        package / "_resources",  # installed wheel (hatch force-include)
        package.parent / "resources",  # source checkout or editable install
    ]
    for candidate in candidates:
        if candidate is not None and candidate.is_dir():
            return candidate
    raise FileNotFoundError("Fact Reader's resources folder is missing from this installation")


def resource_path(relative: str) -> Path:
    return resources_dir() / relative


def sample_article_path() -> Path:
    return resource_path(SAMPLE_ARTICLE)
