"""An attribution while it is being found and its speaker resolved."""

from __future__ import annotations

from dataclasses import dataclass

from reader.core.model import AttributionKind, ResolvedFrom, Span


@dataclass
class Found:
    """An attribution while it is being found and its speaker resolved."""

    kind: AttributionKind
    speaker: Span | None
    cue: Span | None
    content: Span
    speaker_name: str | None = None
    pattern: str = ""
    resolved_from: ResolvedFrom = "none"
    certainty: float = 1.0  # how sure the resolution is, beyond how it was found


def _found_as(name: str | None, how: ResolvedFrom) -> tuple[str | None, ResolvedFrom]:
    return (name, how) if name is not None else (None, "none")
