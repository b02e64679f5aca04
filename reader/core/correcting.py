"""Making corrections: finding what the analyst points at, checking the request, storing it.

The window and the command line both come through here, so a correction made either way is
checked the same and stored the same.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path

from reader.core.corrections import (
    TYPE_LABELS,
    CorrectedAnalysis,
    Correction,
    CorrectionError,
    apply_corrections,
    attributions_quoting,
    entities_named,
)
from reader.core.facts import shorten
from reader.core.model import Analysis, Article, Attribution, Entity, Money
from reader.core.schema import attribution_json, money_json
from reader.core.store import Store

AnalysisSource = Callable[[Article], Analysis]
"""Returns an article's analysis: the store's cache, or a fresh one."""


def quoted_attribution(analysis: Analysis, quote: str) -> Attribution:
    """The one attribution whose words hold ``quote``; none or several is the analyst's to fix."""
    found = attributions_quoting(analysis.attributions, quote)
    if not found:
        raise CorrectionError(f"no attribution's words contain {quote!r}")
    if len(found) > 1:
        choices = "; ".join(
            f"“{shorten(analysis.attributions[i].content.text, 50)}”" for i in found[:5]
        )
        raise CorrectionError(
            f"{len(found)} attributions contain {quote!r} ({choices}); give more of the words"
        )
    return analysis.attributions[found[0]]


def named_entity(analysis: Analysis, name: str) -> Entity:
    found = entities_named(analysis.entities, name)
    if not found:
        raise CorrectionError(f"no name {name!r} in this article")
    return found[0]


def correct_speaker(
    store: Store, article_id: str, analysis: Analysis, quote: str, speaker: str
) -> Correction:
    if not speaker.strip():
        raise CorrectionError("the speaker's name is empty")
    item = quoted_attribution(analysis, quote)
    content = item.content
    return store.add_correction(
        article_id, "speaker", content.start, content.end, value=speaker.strip()
    )


def correct_not_attribution(
    store: Store, article_id: str, analysis: Analysis, quote: str
) -> Correction:
    content = quoted_attribution(analysis, quote).content
    return store.add_correction(article_id, "not_attribution", content.start, content.end)


def correct_type(
    store: Store, article_id: str, analysis: Analysis, name: str, kind: str
) -> Correction:
    if kind not in TYPE_LABELS:
        raise CorrectionError(f"the type must be one of {', '.join(TYPE_LABELS)}, not {kind!r}")
    entity = named_entity(analysis, name)
    return store.add_correction(
        article_id, "entity_type", entity.start, entity.end, entity.canonical, kind
    )


def correct_same_as(
    store: Store, article_id: str, analysis: Analysis, name: str, other: str
) -> Correction:
    entity = named_entity(analysis, name)
    target = named_entity(analysis, other)
    if entity.canonical == target.canonical:
        raise CorrectionError(f"{name!r} and {other!r} are already one name")
    return store.add_correction(
        article_id, "same_as", entity.start, entity.end, entity.canonical, target.canonical
    )


def correct_rename(
    store: Store, article_id: str, analysis: Analysis, name: str, new_name: str
) -> Correction:
    if not new_name.strip():
        raise CorrectionError("the new name is empty")
    entity = named_entity(analysis, name)
    return store.add_correction(
        article_id, "rename", entity.start, entity.end, entity.canonical, new_name.strip()
    )


def corrected(store: Store, article_id: str, analysis: Analysis) -> CorrectedAnalysis:
    article = store.article(article_id)
    if article is None:
        raise CorrectionError(f"no stored article {article_id}")
    return apply_corrections(article.text, analysis, store.corrections(article_id))


def gold_records(
    store: Store, analysis_of: AnalysisSource, article_ids: Sequence[str]
) -> list[dict[str, object]]:
    """Corrected articles in the evaluation's gold layout (GUIDELINES.md §1), so the extractor
    can be scored on the analyst's own reading."""
    records: list[dict[str, object]] = []
    for article_id in article_ids:
        article = store.article(article_id)
        if article is None:
            continue
        result = corrected(store, article_id, analysis_of(article)).analysis
        records.append(
            {
                "id": article_id,
                "source": article.source,
                "text": article.text,
                "money": [_gold_money(m) for m in result.money],
                "attributions": [_gold_attribution(a) for a in result.attributions],
            }
        )
    return records


def _gold_money(money: Money) -> dict[str, object]:
    """The public item without what only Fact Reader adds (qualifier, display)."""
    full = money_json(money)
    return {key: full[key] for key in ("start", "end", "text", "currency", "low", "high", "per")}


def _gold_attribution(item: Attribution) -> dict[str, object]:
    """The public item without what only Fact Reader adds (how sure, which rule)."""
    full = attribution_json(item)
    return {key: full[key] for key in ("kind", "speaker", "speaker_name", "cue", "content")}


def write_gold(path: Path, records: Sequence[dict[str, object]]) -> None:
    lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    path.write_text(lines, encoding="utf-8")
