"""The one definition of Fact Reader's JSON output (``factreader analyze --format json|jsonl``).

Field names for money and attributions follow the evaluation guidelines, so that the output can
be scored as it is. Every change here is a change of ``SCHEMA_VERSION``.
"""

from __future__ import annotations

from typing import Any

from reader.core.facts import format_amount
from reader.core.model import Analysis, Article, Attribution, Entity, Fact, Money, Span

SCHEMA_VERSION = 1

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
    }


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
    }


def attribution_json(item: Attribution) -> JsonObject:
    return {
        "kind": item.kind,
        "speaker": span_json(item.speaker),
        "speaker_name": item.speaker_name,
        "cue": span_json(item.cue),
        "content": span_json(item.content),
    }


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
        "attributions": [attribution_json(a) for a in analysis.attributions],
        "facts": [fact_json(f) for f in analysis.facts],
    }


def analysis_markdown(article: Article, analysis: Analysis) -> str:
    """A report a person reads: who said what, then the money, then the names."""
    lines = [f"# {article.title}", "", f"Source: {article.source}", ""]
    lines += ["## Who said what", ""]
    for item in analysis.attributions:
        who = item.speaker_name or (item.speaker.text if item.speaker else "unattributed")
        cue = f" ({item.cue.text})" if item.cue else ""
        content = " ".join(item.content.text.split())
        lines.append(
            f"- **{_md_escape(who)}**{_md_escape(cue)} [{item.kind}]: {_md_escape(content)}"
        )
    lines += ["", "## Money", ""]
    for money in analysis.money:
        lines.append(f"- {_md_escape(format_amount(money))}: “{_md_escape(money.text)}”")
    lines += ["", "## Names", ""]
    seen: set[tuple[str, str]] = set()
    for entity in analysis.entities:
        key = (entity.label, entity.canonical)
        if key in seen:
            continue
        seen.add(key)
        role = f" — {entity.role}" if entity.role else ""
        lines.append(f"- {_md_escape(entity.canonical)} ({entity.label}){_md_escape(role)}")
    return "\n".join(lines) + "\n"


def _md_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("*", "\\*").replace("_", "\\_").replace("`", "\\`")
