"""Shared fixtures: the spaCy pipeline is loaded once per test session, since it takes seconds."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from reader.core.analysis import Analyzer
from reader.core.loading import article_from_text
from reader.core.model import Analysis


@pytest.fixture(scope="session")
def analyzer() -> Analyzer:
    return Analyzer.load()


@pytest.fixture
def analyze(analyzer: Analyzer):  # type: ignore[no-untyped-def]
    """Analyse a piece of text written for the test, as pasted text."""

    def run(text: str) -> Analysis:
        return analyzer.analyze(article_from_text(text, source="test"))

    return run
