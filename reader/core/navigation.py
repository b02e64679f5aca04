"""Moving between facts in reading order (F8 and F9 in the window), kept apart from Qt so the
rule is the same wherever it is used."""

from __future__ import annotations

from collections.abc import Sequence

from reader.core.model import Analysis, Fact
from reader.core.review import review_facts


def next_fact(facts: Sequence[Fact], here: int, step: int, current: int | None) -> int | None:
    """The fact after (``step`` > 0) or before the one being read, else after or before the
    offset ``here``; None past either end."""
    if current is not None and 0 <= current < len(facts) and facts[current].start == here:
        target = current + step
    elif step > 0:
        target = next((i for i, f in enumerate(facts) if f.start > here), len(facts))
    else:
        target = next((i for i in reversed(range(len(facts))) if facts[i].start < here), -1)
    return target if 0 <= target < len(facts) else None


def next_review(analysis: Analysis, here: int, step: int) -> int | None:
    """The next or previous fact to review from ``here``, going round at either end."""
    todo = review_facts(analysis)
    if not todo:
        return None
    facts = analysis.facts
    if step > 0:
        return next((i for i in todo if facts[i].start > here), todo[0])
    return next((i for i in reversed(todo) if facts[i].start < here), todo[-1])
