"""Making corrections: finding what the analyst points at, checking the request, storing it.

The window and the command line both come through here, so a correction made either way is
checked the same and stored the same. The window points at a fact it shows, the command line at
the words of a quote or a name; from there on both call the same function. A correction of an
attribution is stored with the attribution's own identity, the offsets of its words and its cue
(``reader.core.corrections``), never only by words it contains.
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
    CorrectionKind,
    apply_corrections,
    attributions_quoting,
    cue_of,
    entities_named,
    said_as,
)
from reader.core.export import write_file
from reader.core.facts import shorten
from reader.core.model import Analysis, Article, Attribution, Entity, Figure, Money
from reader.core.schema import attribution_json, money_json
from reader.core.store import Store

AnalysisSource = Callable[[Article], Analysis]
"""Returns an article's analysis: the store's cache, or a fresh one."""

NEAR_CHARS = 500  # names mentioned this near a quote are offered first as its speaker
CHOICES_SHOWN = 5  # attributions listed when words fit several
PARAGRAPH_BREAK = "\n\n"


# --- what the analyst points at -------------------------------------------------------------


def quoted_attribution(analysis: Analysis, quote: str, at: int | None = None) -> Attribution:
    """The one attribution whose words hold ``quote`` (its content, or its quoted parts as
    every output shows them). When several do: the one at offset ``at`` (the innermost of
    statements nested there), else the one whose words are ``quote`` and nothing more; none or
    several left is the analyst's to fix."""
    found = [analysis.attributions[i] for i in attributions_quoting(analysis.attributions, quote)]
    if not found:
        raise CorrectionError(f"no attribution's words contain {quote!r}")
    if at is not None:
        there = [a for a in found if a.content.start <= at < a.content.end]
        if not there:
            raise CorrectionError(
                f"no attribution whose words contain {quote!r} is at {at} ({_choices(found)})"
            )
        return min(there, key=lambda a: a.content.end - a.content.start)
    if len(found) > 1:
        whole = [a for a in found if said_as(a, quote)]
        found = whole if len(whole) == 1 else found
    if len(found) > 1:
        raise CorrectionError(
            f"{len(found)} attributions contain {quote!r} ({_choices(found)}); give more of "
            "the words, or the offset of the one meant (--at)"
        )
    return found[0]


def _choices(found: Sequence[Attribution]) -> str:
    return "; ".join(
        f"“{shorten(a.content.text, 50)}” at {a.content.start}" for a in found[:CHOICES_SHOWN]
    )


def named_entity(analysis: Analysis, name: str) -> Entity:
    found = entities_named(analysis.entities, name)
    if not found:
        raise CorrectionError(f"no name {name!r} in this article")
    return found[0]


def speaker_choices(analysis: Analysis, item: Attribution) -> list[str]:
    """Names to offer as the speaker of ``item``: the people and organisations mentioned
    nearest its words and cue first (within ``NEAR_CHARS``, nearest first, a person before an
    organisation as near), then the rest, people first, most mentioned first."""
    spans = [item.content, *(s for s in (item.cue, item.speaker) if s is not None)]
    start, end = min(s.start for s in spans), max(s.end for s in spans)
    nearest: dict[str, tuple[int, bool]] = {}
    counts: dict[str, int] = {}
    for entity in analysis.entities:
        if entity.label not in ("PERSON", "ORG"):
            continue
        name = entity.canonical
        distance = max(0, start - entity.end, entity.start - end)
        key = (distance, entity.label != "PERSON")
        nearest[name] = min(nearest.get(name, key), key)
        counts[name] = counts.get(name, 0) + 1
    near = sorted((n for n in nearest if nearest[n][0] <= NEAR_CHARS), key=nearest.__getitem__)
    rest = sorted(
        (n for n in nearest if nearest[n][0] > NEAR_CHARS),
        key=lambda n: (nearest[n][1], -counts[n]),
    )
    return near + rest


def _as_named(analysis: Analysis, name: str) -> str:
    """A speaker's name as the analyst typed it, or the article's own name for that person
    when the words name one ("ruiz" for Ana Ruiz), so that it is counted with the others."""
    words = " ".join(name.split())
    names = {e.canonical for e in entities_named(analysis.entities, words)}
    return names.pop() if len(names) == 1 else words


# --- corrections of an attribution -----------------------------------------------------------


def reassign_speaker(
    store: Store, article_id: str, analysis: Analysis, item: Attribution, speaker: str
) -> Correction:
    if not speaker.strip():
        raise CorrectionError("the speaker's name is empty")
    return _on_attribution(store, article_id, "speaker", item, _as_named(analysis, speaker))


def not_attribution(store: Store, article_id: str, item: Attribution) -> Correction:
    return _on_attribution(store, article_id, "not_attribution", item)


def change_extent(
    store: Store,
    article_id: str,
    item: Attribution,
    start: int,
    end: int,
    text: str | None = None,
) -> Correction:
    """The quote's words are ``start``–``end`` instead (spaces at either end left out): they
    must overlap its words now and stay within their paragraph. ``text``: the article's, when
    the caller holds it (the window), else it is read from the store."""
    text = _text_of(store, article_id) if text is None else text
    if not 0 <= start < end <= len(text):
        raise CorrectionError(
            f"the quote's new words must be within the text (0–{len(text)}), start before end; "
            f"not {start}–{end}"
        )
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    content = item.content
    shown = f"“{shorten(content.text, 50)}” ({content.start}–{content.end})"
    if end <= start:
        raise CorrectionError("the quote's new words are only spaces")
    if (start, end) == (content.start, content.end):
        raise CorrectionError(f"the quote already reads {shown}")
    if min(end, content.end) <= max(start, content.start):
        raise CorrectionError(
            f"{start}–{end} is not part of the quote {shown}; its new words "
            "must share some of its words"
        )
    low = text.rfind(PARAGRAPH_BREAK, 0, content.start) + 1
    found = text.find(PARAGRAPH_BREAK, content.end)
    high = len(text) if found < 0 else found
    if start < low or end > high:
        raise CorrectionError(
            f"{start}–{end} reaches beyond the paragraph of the quote {shown} ({low}–{high})"
        )
    return store.add_correction(
        article_id,
        "extent",
        item.content.start,
        item.content.end,
        value=text[start:end],
        cue=cue_of(item),
        extent=(start, end),
        text=text,
    )


def _on_attribution(
    store: Store, article_id: str, kind: CorrectionKind, item: Attribution, value: str = ""
) -> Correction:
    """Stored by the attribution's identity: its words and its cue."""
    content = item.content
    return store.add_correction(
        article_id, kind, content.start, content.end, value=value, cue=cue_of(item)
    )


def _text_of(store: Store, article_id: str) -> str:
    article = store.article(article_id)
    if article is None:
        raise CorrectionError(f"no stored article {article_id}")
    return article.text


def correct_speaker(
    store: Store,
    article_id: str,
    analysis: Analysis,
    quote: str,
    speaker: str,
    at: int | None = None,
) -> Correction:
    if not speaker.strip():
        raise CorrectionError("the speaker's name is empty")
    item = quoted_attribution(analysis, quote, at)
    return reassign_speaker(store, article_id, analysis, item, speaker)


def correct_not_attribution(
    store: Store, article_id: str, analysis: Analysis, quote: str, at: int | None = None
) -> Correction:
    return not_attribution(store, article_id, quoted_attribution(analysis, quote, at))


def correct_extent(
    store: Store,
    article_id: str,
    analysis: Analysis,
    quote: str,
    extent: tuple[int, int],
    at: int | None = None,
) -> Correction:
    item = quoted_attribution(analysis, quote, at)
    return change_extent(store, article_id, item, *extent)


def add_attribution(
    store: Store,
    article_id: str,
    analysis: Analysis,
    start: int,
    end: int,
    speaker: str,
    text: str | None = None,
) -> Correction:
    """The words ``start``–``end`` were said by ``speaker``: an attribution the analysis missed.
    ``text``: as for ``change_extent``."""
    if not speaker.strip():
        raise CorrectionError("the speaker's name is empty")
    text = _text_of(store, article_id) if text is None else text
    if not 0 <= start < end <= len(text) or not text[start:end].strip():
        raise CorrectionError("select the words that were said first")
    value = _as_named(analysis, speaker)
    return store.add_correction(article_id, "add_attribution", start, end, value=value, text=text)


# --- corrections of a name, a mention, an amount ---------------------------------------------


def correct_type(
    store: Store, article_id: str, analysis: Analysis, name: str, kind: str
) -> Correction:
    if kind not in TYPE_LABELS:
        raise CorrectionError(f"the type must be one of {', '.join(TYPE_LABELS)}, not {kind!r}")
    entity = named_entity(analysis, name)
    mentions = [e for e in analysis.entities if e.canonical == entity.canonical]
    if all(e.label == TYPE_LABELS[kind] for e in mentions):
        raise CorrectionError(f"{entity.canonical!r} is already a {kind}")
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
    new_name = " ".join(new_name.split())
    if not new_name:
        raise CorrectionError("the new name is empty")
    entity = named_entity(analysis, name)
    if new_name == entity.canonical:
        raise CorrectionError(f"{entity.canonical!r} is already called so")
    return store.add_correction(
        article_id, "rename", entity.start, entity.end, entity.canonical, new_name
    )


def split_mention(store: Store, article_id: str, entity: Entity) -> Correction:
    """This mention is someone of its own, not the person its name was merged into."""
    if entity.text == entity.canonical:
        raise CorrectionError(f"“{entity.text}” here already stands for itself")
    return store.add_correction(article_id, "split", entity.start, entity.end, entity.canonical)


def reject_amount(store: Store, article_id: str, amount: Money | Figure) -> Correction:
    """ "Not an amount" (or figure): gone from the analysis, the index across articles and so
    from any group where sources disagree."""
    return store.add_correction(article_id, "reject", amount.start, amount.end)


# --- taking one back -------------------------------------------------------------------------


def delete_correction(store: Store, correction_id: int) -> Correction:
    """Take a correction back; the record returned puts it back as it was (undo)."""
    if store.correction(correction_id) is None:
        raise CorrectionError(
            f"no correction {correction_id}; 'factreader corrections list' gives their ids"
        )
    return store.delete_correction(correction_id)


def delete_correction_with_uid(store: Store, uid: str) -> Correction | None:
    """Take back the correction with this uid, or None when it is no longer stored (taken back
    elsewhere). The window names a correction by its uid: once one is deleted, its id may be
    given to another (the command line's), and an undone one may come back with a new id."""
    stored = store.correction_with_uid(uid)
    return None if stored is None else delete_correction(store, stored.id)


def restore_correction(store: Store, correction: Correction) -> Correction:
    """Put a correction taken back (or undone) back as it was; the record as stored, whose id
    may be new (see ``Store.restore_correction``)."""
    return store.restore_correction(correction)


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
    """Through ``write_file``, as every export: never through a dangling link or into a folder
    the user did not make."""
    lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    write_file(path, lines)
