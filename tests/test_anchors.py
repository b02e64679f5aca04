"""Notes stay on their words when the article's text changes around and inside them."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.anchors import make_anchor, place

QUOTE = "the ministry will spend «£40m» on flood defences"
filler = st.text(alphabet="abcdefghij .,\n", max_size=300)


@given(before=filler, after=filler, new_before=filler, new_after=filler)
@settings(max_examples=200, deadline=None)
def test_unchanged_quote_is_always_found_where_it_now_is(
    before: str, after: str, new_before: str, new_after: str
) -> None:
    old = before + QUOTE + after
    anchor = make_anchor(old, len(before), len(before) + len(QUOTE))
    new = new_before + QUOTE + new_after
    placed = place(anchor, new)
    assert (placed.start, placed.end) == (len(new_before), len(new_before) + len(QUOTE))
    assert placed.status in ("exact", "moved")


def test_repeated_quote_goes_to_the_copy_with_the_same_context() -> None:
    old = "Intro. The board said yes. Later, the mayor said yes. End."
    start = old.index("said yes", old.index("mayor"))
    anchor = make_anchor(old, start, start + len("said yes"))
    new = "A new first line. " + old.replace("Intro.", "Intro, longer now.")
    placed = place(anchor, new)
    assert placed.start == new.index("said yes", new.index("mayor"))
    assert placed.status == "moved"


def test_edited_quote_is_placed_fuzzily_and_marked_for_checking() -> None:
    old = "Some context first. " + QUOTE + ". And more text after it."
    start = old.index(QUOTE)
    anchor = make_anchor(old, start, start + len(QUOTE))
    edited = QUOTE.replace("will spend", "is to spend")
    new = "Inserted sentence at the top. Some context first. " + edited + ". And more text."
    placed = place(anchor, new)
    assert placed.status == "check"
    target = new.index(edited)
    assert abs(placed.start - target) <= 3
    assert abs(placed.end - (target + len(edited))) <= 6


def test_quote_that_is_gone_is_an_orphan_not_a_loss() -> None:
    old = "Some context first. " + QUOTE + ". And more."
    start = old.index(QUOTE)
    anchor = make_anchor(old, start, start + len(QUOTE))
    placed = place(anchor, "A completely different article about rail timetables.")
    assert placed.status == "orphan"


def test_quote_edited_far_below_a_long_insertion_is_still_found() -> None:
    passage = "The harbour authority expects 4,000 ships to call at the new quay next year"
    old = "Opening line.\n" + passage + ".\nClosing line."
    start = old.index(passage)
    anchor = make_anchor(old, start, start + len(passage))
    insertion = "An added paragraph about something else entirely. " * 200  # ~10,000 characters
    new = "Opening line.\n" + insertion + passage.replace("4,000", "4,500") + ".\nClosing line."
    placed = place(anchor, new)
    assert placed.status == "check"
    assert new[placed.start : placed.end] == passage.replace("4,000", "4,500")


def test_an_approximate_match_never_cuts_a_word() -> None:
    passage = "officials counted twelve thousand visitors over the weekend"
    old = f"Report. The {passage} at the fair. More."
    start = old.index(passage)
    anchor = make_anchor(old, start, start + len(passage))
    new = old.replace("counted", "tallied").replace("over", "across")
    placed = place(anchor, new)
    assert placed.status == "check"
    matched = new[placed.start : placed.end]
    assert new[placed.start - 1] == " " and new[placed.end] == " ", matched
    assert matched.startswith("officials") and matched.endswith("weekend")
