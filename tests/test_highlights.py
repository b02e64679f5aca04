"""What the window relies on from the core: offsets Qt understands, clicks that mean the most
specific thing, and a fact tree grouped the way the panel shows it."""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import given
from hypothesis import strategies as st

from reader.core.fact_tree import build_fact_tree
from reader.core.highlights import HighlightIndex, describe
from reader.core.model import Analysis
from reader.core.offsets import Utf16Offsets

Analyze = Callable[[str], Analysis]


@given(st.text())
def test_utf16_positions_round_trip(text: str) -> None:
    offsets = Utf16Offsets(text)
    for offset in range(len(text) + 1):
        position = offsets.to_utf16(offset)
        assert position == len(text[:offset].encode("utf-16-le")) // 2
        assert offsets.from_utf16(position) == offset


def test_click_on_a_speaker_inside_a_quote_means_the_attribution(analyze: Analyze) -> None:
    text = 'Officials were cautious. "We will pay $40 million," said Priya Raman, a minister.'
    analysis = analyze(text)
    index = HighlightIndex.from_analysis(analysis)
    speaker = index.at(text.index("Raman"))[0]
    assert speaker.kind == "speaker"
    assert analysis.facts[speaker.fact].kind == "attribution"
    money = index.at(text.index("$40"))[0]
    assert money.kind == "money"
    assert describe(money, analysis) == "Money: Officials: USD 40,000,000\nSaid by: Priya Raman"


def test_fact_tree_groups_quotes_by_speaker_with_counts_and_roles(analyze: Analyze) -> None:
    text = (
        "Priya Raman, the finance minister, said the budget was balanced.\n"
        '"Growth will return," Raman said.\n'
        "Tom Eke, a union leader, said wages must rise."
    )
    tree = build_fact_tree(analyze(text))
    who = tree[0]
    assert who.label == "Who said what (3)"
    assert who.children[0].label == "Priya Raman — the finance minister (2)"
    assert [c.label for c in who.children[0].children][1] == "“Growth will return,”"
