"""A quotation as it was quoted: what every listing and export shows of it is the quoted words
alone, never the narrator's words between its pieces nor a paragraph's reopening mark."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from reader.core.model import Analysis, Attribution
from reader.core.quoting import quoted_parts, quoted_text

Analyze = Callable[[str], Analysis]


def one_quote(analysis: Analysis, words: str) -> Attribution:
    (found,) = [a for a in analysis.attributions if words in a.content.text]
    return found


@pytest.mark.parametrize(
    ("text", "words", "shown"),
    [
        (
            '"We waited through years of appeals," said Tom Hale, a director of the fund. '
            '"The time for patience is over."',
            "We waited",
            "We waited through years of appeals … The time for patience is over.",
        ),
        (
            "Tom Hale said: “We are done waiting for the council.\n\n"
            "“Nobody listens to the port any more.”",
            "We are done",
            "We are done waiting for the council. … Nobody listens to the port any more.",
        ),
        (
            '"The plan is "mad" and wrong," Tom Hale said on Monday.',
            "The plan",
            'The plan is "mad" and wrong',
        ),
    ],
    ids=["split by narration", "continued in a new paragraph", "marks of its own"],
)
def test_only_the_quoted_words_are_shown(
    analyze: Analyze, text: str, words: str, shown: str
) -> None:
    article = "Harbour\n\n" + text
    item = one_quote(analyze(article), words)
    assert quoted_text(item) == shown
    for part in quoted_parts(item):
        assert article[part.start : part.end] == part.text


def test_reported_speech_is_one_part(analyze: Analyze) -> None:
    item = one_quote(analyze("Harbour\n\nTom Hale said the port would close in May."), "port")
    assert quoted_parts(item) == (item.content,)
