"""Shared fixtures: the spaCy pipeline is loaded once per test session, since it takes seconds.
Every test that uses Qt (``qtbot`` or ``qapp``) is marked ``gui``: ``pytest -m "not gui"`` runs
the rest without a display server.

The windows are offscreen unless QT_QPA_PLATFORM names a platform, or DISPLAY names an X server
outside a desktop session (neither XDG_CURRENT_DESKTOP nor WAYLAND_DISPLAY set), as CI's Xvfb:
there a window is active, and has the keys, only once the X server says so, as on a desktop,
where offscreen makes every window active at once. A desktop session stays offscreen, so that
the suite never takes its focus; QT_QPA_PLATFORM=xcb puts the windows on it."""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest

from reader.core.analysis import Analyzer
from reader.core.loading import article_from_text
from reader.core.model import Analysis


def _bare_x_server() -> bool:
    return bool(os.environ.get("DISPLAY")) and not (
        os.environ.get("XDG_CURRENT_DESKTOP") or os.environ.get("WAYLAND_DISPLAY")
    )


if not _bare_x_server():
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

QT_FIXTURES = {"qtbot", "qapp"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if QT_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.gui)


@pytest.fixture(scope="session")
def analyzer() -> Analyzer:
    return Analyzer.load()


@pytest.fixture
def analyze(analyzer: Analyzer) -> Callable[[str], Analysis]:
    """Analyse a piece of text written for the test, as pasted text."""

    def run(text: str) -> Analysis:
        return analyzer.analyze(article_from_text(text, source="test"))

    return run
