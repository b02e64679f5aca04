"""Shared fixtures: the spaCy pipeline is loaded once per test session, since it takes seconds.
Every test that uses Qt (``qtbot`` or ``qapp``) is marked ``gui``: ``pytest -m "not gui"`` runs
the rest without a display server."""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from reader.core.analysis import Analyzer
from reader.core.loading import article_from_text
from reader.core.model import Analysis

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
