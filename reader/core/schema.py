"""The one definition of Fact Reader's JSON output (``factreader analyze --format json|jsonl``).

Field names for money and attributions follow the evaluation guidelines, so that the output can
be scored as it is. Every change here is a change of ``SCHEMA_VERSION``. A line carries the text
its offsets point into and the analysis' sentences, so that ``analysis_from_json`` makes the
article and its ``Analysis`` again from the line alone (``factreader import --analyses``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from reader.core.escaping import escape_inline, markdown_link
from reader.core.facts import (
    MoneyOrFigure,
    attribution_holding,
    format_amount,
    format_figure,
    listed_with_equivalents,
)
from reader.core.model import (
    Analysis,
    Article,
    Attribution,
    Entity,
    Fact,
    Figure,
    Money,
    Page,
    Span,
)
from reader.core.quoting import quoted_parts, quoted_text, shown_words
from reader.core.review import REVIEW_MARK, needs_review, review_reason

if TYPE_CHECKING:
    from reader.core.conflicts import ConflictGroup, MeasuredFigure

SCHEMA_VERSION = 9
# Bump when extraction rules change, so cached analyses are recomputed. Kept here, not with the
# rules, so that the window can look a cached analysis up without importing them (0.12 s).
PIPELINE_VERSION = "12"

JsonObject = dict[str, Any]


def span_json(span: Span | None) -> JsonObject | None:
    if span is None:
        return None
    return {"start": span.start, "end": span.end, "text": span.text}


def entity_json(entity: Entity) -> JsonObject:
    return {
        "start": entity.start,
        "end": entity.end,
        "text": entity.text,
        "label": entity.label,
        "canonical": entity.canonical,
        "role": entity.role,
    } | ({"corrected": True} if entity.corrected else {})


def money_json(money: Money) -> JsonObject:
    return {
        "start": money.start,
        "end": money.end,
        "text": money.text,
        "currency": money.currency,
        "low": money.low,
        "high": money.high,
        "per": money.per,
        "qualifier": money.qualifier,
        "display": format_amount(money),
        **context_json(money),
    }


def figure_json(figure: Figure) -> JsonObject:
    return {
        "start": figure.start,
        "end": figure.end,
        "text": figure.text,
        "unit": figure.unit,
        "low": figure.low,
        "high": figure.high,
        "change": figure.change,
        "before": figure.before,
        "qualifier": figure.qualifier,
        "display": format_figure(figure),
        **context_json(figure),
    }


def context_json(item: Money | Figure) -> JsonObject:
    """What an amount or figure measures, whose it is and when: spans or null (issue 33)."""
    return {
        "measure": span_json(item.measure),
        "subject": span_json(item.subject),
        "time": span_json(item.time),
    }


def measured_figure_json(figure: MeasuredFigure) -> JsonObject:
    """A figure across the library (``factreader figures --conflicts``): its article, value,
    speaker and sentence, and its measure, subject and time as written and as compared."""
    return {
        "article_id": figure.article_id,
        "title": figure.title,
        "published": figure.published,
        "kind": figure.kind,
        "text": figure.text,
        "qualifier": figure.qualifier,
        "low": figure.low,
        "high": figure.high,
        "unit": figure.unit,
        "per": figure.per,
        "change": figure.change,
        "measure": figure.measure,
        "subject": figure.subject,
        "time": figure.time,
        "time_key": figure.time_key,
        "speaker": figure.speaker,
        "speaker_needs_review": figure.speaker_needs_review,
        "speaker_review_reason": figure.speaker_review_reason,
        "start": figure.start,
        "end": figure.end,
        "sentence": figure.sentence,
    }


def conflict_json(group: ConflictGroup) -> JsonObject:
    """Figures of one measure, subject and time on which sources disagree: the measure and time
    as compared ("unemployment rate", "2026-03"), the subject as most written."""
    return {
        "measure": group.measure,
        "subject": group.subject,
        "time": group.time,
        "unit": group.unit,
        "per": group.per,
        "compared": "change" if group.changes else "level",
        "articles": group.articles,
        "figures": [measured_figure_json(figure) for figure in group.figures],
    }


def attribution_json(item: Attribution, analysis: Analysis | None = None) -> JsonObject:
    """An attribution; a guessed speaker says so (``needs_review``) wherever it goes, with the
    reason when the analysis it belongs to is given."""
    guess = needs_review(item)
    reason = review_reason(item, analysis) if guess and analysis is not None else None
    return {
        "kind": item.kind,
        "speaker": span_json(item.speaker),
        "speaker_name": item.speaker_name,
        "cue": span_json(item.cue),
        "content": content_json(item),
        "resolved_from": item.resolved_from,
        "confidence": item.confidence,
        "pattern": item.pattern,
        "needs_review": guess,
        "review_reason": reason,
    } | ({"corrected": True} if item.corrected else {})


def content_json(item: Attribution) -> JsonObject:
    """The scored span (a split quote's narration included) and its quoted ``parts``."""
    parts = [span_json(part) for part in quoted_parts(item)]
    return {**(span_json(item.content) or {}), "parts": parts}


def fact_json(fact: Fact) -> JsonObject:
    return {
        "kind": fact.kind,
        "summary": fact.summary,
        "start": fact.start,
        "end": fact.end,
        "sentence": {"start": fact.sentence_start, "end": fact.sentence_end},
        "ref": fact.ref,
        "subject": fact.subject,
    }


def analysis_json(article: Article, analysis: Analysis, doc_id: str | None = None) -> JsonObject:
    return {
        "schema_version": SCHEMA_VERSION,
        "id": doc_id if doc_id is not None else article.id,
        "title": article.title,
        "source": article.source,
        "model": analysis.model,
        "pipeline_version": analysis.pipeline_version,
        "entities": [entity_json(e) for e in analysis.entities],
        "money": [money_json(m) for m in analysis.money],
        "attributions": [attribution_json(a, analysis) for a in analysis.attributions],
        "figures": [figure_json(f) for f in analysis.figures],
        "pages": [{"number": p.number, "start": p.start, "end": p.end} for p in article.pages],
        "url": article.url,
        "author": article.author,
        "published": article.published,
        "site": article.site,
        "facts": [fact_json(f) for f in analysis.facts],
        "sentences": [[s.start, s.end] for s in analysis.sentences],
        "text": article.text,
    }


def analysis_line(article: Article, analysis: Analysis, doc_id: str | None = None) -> str:
    """One line of ``analyze --format jsonl``, and of ``factreader batch``'s output alike."""
    return json.dumps(analysis_json(article, analysis, doc_id), ensure_ascii=False)


def analysis_from_json(data: object) -> tuple[Article, Analysis]:
    """The article and the analysis an ``analysis_json`` object was made from (the article's
    loading warnings aside), so that analyses made elsewhere are stored without analysing again.

    Raises ``ValueError`` saying what is wrong: another layout, a missing field, or an offset
    whose words are not the text's there (a line cut short, or edited by hand)."""
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    version = data.get("schema_version")
    if version is None:
        raise ValueError("it has no 'schema_version': not a line that analyze or batch wrote")
    if version != SCHEMA_VERSION:
        raise ValueError(
            f"written in layout {version}, and this Fact Reader reads layout {SCHEMA_VERSION}: "
            "analyse the document again"
        )
    try:
        return _from_json(data)
    except KeyError as error:
        raise ValueError(f"it has no {error} field") from error
    except (TypeError, IndexError, AttributeError) as error:
        raise ValueError(f"a field is not as analyze writes it ({error})") from error


def _from_json(data: JsonObject) -> tuple[Article, Analysis]:
    # here, not at the top: the window's processes read the cache through this module
    from reader.core.loading import content_id

    text = data["text"]
    if not isinstance(text, str) or not text:
        raise TypeError("'text' is not a non-empty string")
    at = _Offsets(text)
    article = Article(
        str(data["title"]),
        text,
        str(data["source"]),
        content_id(text),
        tuple(Page(p["number"], *at.bounds(p["start"], p["end"])) for p in data["pages"]),
        *(data[name] for name in ("url", "author", "published", "site")),
    )
    return article, Analysis(
        article.id,
        str(data["model"]),
        str(data["pipeline_version"]),
        tuple(Span(*at.bounds(s, e), text[s:e]) for s, e in data["sentences"]),
        tuple(
            Entity(*at.fields(e), e["label"], e["canonical"], e["role"], e.get("corrected", False))
            for e in data["entities"]
        ),
        tuple(
            Money(*at.fields(m), *_values(m, _MONEY_FIELDS), *_context(m, at))
            for m in data["money"]
        ),
        tuple(_attribution(a, at) for a in data["attributions"]),
        tuple(_fact(f, at) for f in data["facts"]),
        tuple(
            Figure(*at.fields(f), *_values(f, _FIGURE_FIELDS), *_context(f, at))
            for f in data["figures"]
        ),
    )


_MONEY_FIELDS = ("currency", "low", "high", "per", "qualifier")
_FIGURE_FIELDS = ("unit", "low", "high", "change", "before", "qualifier")


def _values(item: JsonObject, names: Sequence[str]) -> list[Any]:
    return [item[name] for name in names]


def _context(item: JsonObject, at: _Offsets) -> tuple[Span | None, ...]:
    """An amount's measure, subject and time, as ``context_json`` wrote them."""
    return tuple(
        None if item[name] is None else at.span(item[name])
        for name in ("measure", "subject", "time")
    )


def _attribution(item: JsonObject, at: _Offsets) -> Attribution:
    return Attribution(
        item["kind"],
        None if item["speaker"] is None else at.span(item["speaker"]),
        item["speaker_name"],
        None if item["cue"] is None else at.span(item["cue"]),
        at.span(item["content"]),
        item["resolved_from"],
        item["confidence"],
        item["pattern"],
        item.get("corrected", False),
    )


def _fact(item: JsonObject, at: _Offsets) -> Fact:
    sentence = item["sentence"]
    return Fact(
        item["kind"],
        item["summary"],
        *at.bounds(item["start"], item["end"]),
        *at.bounds(sentence["start"], sentence["end"]),
        item["ref"],
        item["subject"],
    )


class _Offsets:
    """Checks each offset read back against the text: a span's words must be the text's."""

    def __init__(self, text: str) -> None:
        self.text = text

    def bounds(self, start: object, end: object) -> tuple[int, int]:
        if not (isinstance(start, int) and isinstance(end, int)):
            raise TypeError(f"offsets {start!r}, {end!r} are not whole numbers")
        if not 0 <= start <= end <= len(self.text):
            raise IndexError(f"offsets {start}-{end} are outside the text")
        return start, end

    def fields(self, item: JsonObject) -> tuple[int, int, str]:
        start, end = self.bounds(item["start"], item["end"])
        if self.text[start:end] != item["text"]:
            raise IndexError(f"{item['text']!r} is not the text's words at {start}-{end}")
        return start, end, item["text"]

    def span(self, item: JsonObject) -> Span:
        return Span(*self.fields(item))


def who_said_what_markdown(analysis: Analysis) -> list[str]:
    """The "Who said what" section, shared by the analysis report and the notes export. Every
    name, cue, quotation and reason is the article's text, written with ``escape_inline``."""
    lines = ["## Who said what", ""]
    for item in analysis.attributions:
        who = item.speaker_name or (item.speaker.text if item.speaker else "unattributed")
        cue = f" ({escape_inline(item.cue.text)})" if item.cue else ""
        said = shown_words(item.kind, escape_inline(quoted_text(item)))
        mark = " *(corrected by you)*" if item.corrected else ""
        check, why = _guess_marks(item, analysis)
        lines.append(f"- {check}**{escape_inline(who)}**{cue} [{item.kind}]{mark}{why}: {said}")
    return lines


def _guess_marks(item: Attribution, analysis: Analysis) -> tuple[str, str]:
    """The mark before a guessed speaker and the reason after it, in Markdown; empty when the
    speaker is not a guess."""
    if not needs_review(item):
        return "", ""
    return REVIEW_MARK, f" *({escape_inline(review_reason(item, analysis))})*"


def amounts_markdown(article: Article, analysis: Analysis) -> list[str]:
    """The "Money" and "Figures" sections of every Markdown report and export. Each amount is
    shown with its bracketed equivalents, as the panel and the Figures view show it ("up to
    £820,000 (US$1 million)"), and they get no row of their own; then whose words hold it (a
    guess marked) and its sentence."""
    sentences = {fact.ref: (fact.sentence_start, fact.sentence_end) for fact in analysis.facts}
    text = article.text
    money = _listed(text, analysis, sentences, "money", analysis.money, format_amount)
    figures = _listed(text, analysis, sentences, "figure", analysis.figures, format_figure)
    return ["## Money", "", *money, "", "## Figures", "", *figures]


def _listed(
    text: str,
    analysis: Analysis,
    sentences: dict[str, tuple[int, int]],
    kind: str,
    items: Sequence[MoneyOrFigure],
    show: Callable[[MoneyOrFigure], str],
) -> list[str]:
    lines = []
    for index, also in listed_with_equivalents(text, items, show):
        item = items[index]
        shown = show(item) + (f" ({also})" if also else "")
        start, end = sentences.get(f"{kind}/{index}", (item.start, item.end))
        sentence = escape_inline(text[start:end])
        said = attribution_holding(analysis.attributions, item.start)
        who = ""
        if said is not None and said.speaker_name:
            check, why = _guess_marks(said, analysis)
            who = f" — {check}{escape_inline(said.speaker_name)}{why}"
        lines.append(f"- **{escape_inline(shown)}**{who}: “{sentence}”")
    return lines


def analysis_markdown(article: Article, analysis: Analysis) -> str:
    """A report a person reads: who said what, then the money, then the names."""
    title, source = escape_inline(article.title), markdown_link(article.source)
    lines = [f"# {title}", "", f"Source: {source}", ""]
    lines += [*who_said_what_markdown(analysis), "", *amounts_markdown(article, analysis)]
    lines += ["", "## Names", ""]
    seen: set[tuple[str, str]] = set()
    for entity in analysis.entities:
        key = (entity.label, entity.canonical)
        if key in seen:
            continue
        seen.add(key)
        role = f" — {escape_inline(entity.role)}" if entity.role else ""
        lines.append(f"- {escape_inline(entity.canonical)} ({entity.label}){role}")
    return "\n".join(lines) + "\n"


# --- the analysis cache in the store: compact rows of field values, not the public layout ------

CACHE_LAYOUT = 4  # bump with any change to the records below; old cache rows are then ignored


def _span_row(span: Span | None) -> list[Any] | None:
    return None if span is None else [span.start, span.end, span.text]


def _span_of(row: list[Any] | None) -> Span | None:
    return None if row is None else Span(*row)


# An amount's context spans, last among its fields: a row cached before them has none.
_CONTEXT_FIELDS = 3


def _amount_row(item: Money | Figure) -> list[Any]:
    values = list(item.__dict__.values())
    plain = values[:-_CONTEXT_FIELDS]
    return [*plain, *(_span_row(span) for span in values[-_CONTEXT_FIELDS:])]


def _amount_fields(kind: type[Money] | type[Figure], row: list[Any]) -> list[Any]:
    """A cached row's fields; a row cached before amounts had a context leaves it None."""
    plain = len(kind.__dataclass_fields__) - _CONTEXT_FIELDS
    return [*row[:plain], *(_span_of(span) for span in row[plain:])]


def analysis_to_cache(analysis: Analysis) -> bytes:
    """UTF-8 bytes, not a str: a str of a long analysis is encoded by SQLite's binding, and
    decoded when it crosses from the worker, each time holding the GIL (120 ms at 5 MB)."""
    return json.dumps(
        {
            "layout": CACHE_LAYOUT,
            "article_id": analysis.article_id,
            "model": analysis.model,
            "pipeline_version": analysis.pipeline_version,
            "sentences": [[s.start, s.end] for s in analysis.sentences],
            "entities": [list(e.__dict__.values()) for e in analysis.entities],
            "money": [_amount_row(m) for m in analysis.money],
            "attributions": [
                [
                    a.kind,
                    _span_row(a.speaker),
                    a.speaker_name,
                    _span_row(a.cue),
                    _span_row(a.content),
                    a.resolved_from,
                    a.confidence,
                    a.pattern,
                    a.corrected,
                ]
                for a in analysis.attributions
            ],
            "facts": [list(f.__dict__.values()) for f in analysis.facts],
            "figures": [_amount_row(f) for f in analysis.figures],
        },
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode()


def analysis_from_cache(payload: str | bytes, text: str) -> Analysis | None:
    """The cached analysis, or None when it was written in another layout or is damaged."""
    try:
        data = json.loads(payload)
        if not isinstance(data, dict) or data.get("layout") != CACHE_LAYOUT:
            return None  # "[]", "null", another layout: made again
        return Analysis(
            article_id=data["article_id"],
            model=data["model"],
            pipeline_version=data["pipeline_version"],
            sentences=tuple(Span(s, e, text[s:e]) for s, e in data["sentences"]),
            entities=tuple(Entity(*row) for row in data["entities"]),
            money=tuple(Money(*_amount_fields(Money, row)) for row in data["money"]),
            attributions=tuple(
                Attribution(kind, _span_of(speaker), name, _span_of(cue), Span(*content), *rest)
                for kind, speaker, name, cue, content, *rest in data["attributions"]
            ),
            facts=tuple(Fact(*row) for row in data["facts"]),
            figures=tuple(Figure(*_amount_fields(Figure, row)) for row in data.get("figures", [])),
        )
    except (ValueError, TypeError, KeyError, IndexError, AttributeError):
        return None  # a damaged row is analysed again, never a crash
