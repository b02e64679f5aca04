"""A long report's records cross from the worker as columns: every value comes back exactly as it
was, a missing one as None, an amount written 5 as 5 and not 5.0."""

from __future__ import annotations

import pickle
from typing import TypeVar

from reader.core.columns import Records, field
from reader.core.fact_tree import FactNode
from reader.core.model import Attribution, Figure, Money, Span

T = TypeVar("T")


def crossed(items: tuple[T, ...]) -> Records[T]:
    back = pickle.loads(pickle.dumps(Records.of(items), protocol=pickle.HIGHEST_PROTOCOL))
    assert isinstance(back, Records)
    return back


def test_every_value_comes_back_as_it_was() -> None:
    money = (
        Money(0, 4, "$5m", "USD", 5_000_000.0, 5_000_000.0, per=None, qualifier="about"),
        Money(10, 14, "€5", "EUR", 5, 7.5, per="year", qualifier=None),  # an int stays an int
        Money(20, 24, "£0", "GBP", -0.0, float("inf"), per="", qualifier="über ✓"),
    )
    back = crossed(money)
    assert back == money and list(back) == list(money)
    assert [repr(m) for m in back] == [repr(m) for m in money]
    assert back[1] == money[1] and back[-1] == money[-1] and len(back) == 3
    figures = (Figure(1, 3, "5%", "percent", 5.0, 5.0, change="rise", before=None),)
    assert crossed(figures)[0] == figures[0]


def test_spans_and_children_come_back_without_making_the_rest() -> None:
    said = (
        Attribution("direct", Span(0, 3, "Kim"), "Kim Lee", None, Span(5, 20, "“We build.”")),
        Attribution("indirect", None, None, Span(30, 34, "said"), Span(35, 50, "it would rain")),
    )
    assert crossed(said) == said
    leaves = tuple(FactNode(f"quote {i}", i) for i in range(5))
    tree = (
        FactNode("Who said what", None, (FactNode("Kim Lee (5)", 0, leaves),)),
        FactNode("Money (0)", None, ()),
    )
    back = crossed(tree)
    assert back == tree
    assert back[0].children[0].children[1:3] == leaves[1:3]


def test_nothing_and_other_things_cross_too() -> None:
    assert crossed(()) == () and list(crossed(())) == []
    assert crossed(("a", None, 3)) == ("a", None, 3)


def test_a_field_is_read_from_its_column_without_making_the_records() -> None:
    money = tuple(Money(i, i + 3, f"${i}", "USD", float(i), float(i)) for i in range(50))
    back = crossed(money)
    assert list(field(back, "text")) == [m.text for m in money]
    assert list(field(back, "low")) == [m.low for m in money]
    assert list(field(back, "per")) == [None] * 50
    assert back._all is None  # no record was made for it
    assert list(field(money, "text")) == list(field(back, "text"))  # a tuple answers alike
