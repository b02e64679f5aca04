"""``factreader import --analyses``: articles analysed elsewhere are stored with their analyses
and answer ``who``, ``figures`` and ``search`` without the model being loaded."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

import reader.store_cli
from reader.cli import main
from reader.core import crossref, schema
from reader.core.loading import article_from_text
from reader.core.model import Analysis, Article, Page
from reader.core.store import Store

COUNCIL = (
    "Harbour plan approved\n\n"
    "The council approved a $40 million harbour plan on Monday, mayor Irene Kowalczyk said. "
    '"The ferries will run every hour," Kowalczyk said. Fares will rise 5 per cent in June.\n\n'
    "She said the work would take two years."
)
DEPOT = (
    "Depot to close\n\n"
    "Brandt Logistics will close its depot in Gdansk, Tomasz Brandt said on Friday. "
    '"We kept it open as long as we could," he said. About 120 jobs will go.'
)


def lines_of(analyze: Callable[[str], Analysis], *texts: str) -> list[str]:
    """What ``analyze --format jsonl --from-jsonl`` prints for these texts, ids t0, t1, ..."""
    found = []
    for number, text in enumerate(texts):
        article = article_from_text(text, source=f"docs.jsonl#t{number}", verbatim=True)
        found.append(schema.analysis_line(article, analyze_article(analyze, article), f"t{number}"))
    return found


def analyze_article(analyze: Callable[[str], Analysis], article: Article) -> Analysis:
    analysis = analyze(article.text)
    assert analysis.article_id == article.id
    return analysis


def test_a_line_reads_back_as_the_article_and_analysis_it_was_written_from(
    analyze: Callable[[str], Analysis],
) -> None:
    article = replace(
        article_from_text(COUNCIL, source="/archive/council.pdf"),
        pages=(Page(1, 0, 100), Page(2, 100, len(COUNCIL))),
        url="https://example.org/council",
        published="2026-03-05",
        warnings=("council.pdf: 1 damaged byte was not UTF-8, shown as �",),
    )
    analysis = analyze(article.text)
    assert analysis.attributions and analysis.money and analysis.figures and analysis.sentences
    line = schema.analysis_line(article, analysis, "c-1")
    back_article, back_analysis = schema.analysis_from_json(json.loads(line))
    assert back_article == replace(article, warnings=())  # loading warnings are not output
    assert back_analysis == analysis
    assert schema.analysis_line(back_article, back_analysis, "c-1") == line


def test_imported_analyses_answer_who_figures_and_search_without_the_model(
    tmp_path: Path,
    analyze: Callable[[str], Analysis],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text("\n".join(lines_of(analyze, COUNCIL, DEPOT)) + "\n", encoding="utf-8")

    def no_model() -> None:
        raise AssertionError("the model was loaded")

    monkeypatch.setattr(reader.store_cli, "_analyzer", no_model)
    data = ["--data-dir", str(tmp_path / "data")]
    assert main(["import", "--analyses", str(out), *data]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert [line.split("\t")[1] for line in printed] == ["Harbour plan approved", "Depot to close"]

    assert main(["who", "Irene Kowalczyk", "--format", "json", *data]) == 0
    said = json.loads(capsys.readouterr().out)
    assert "The ferries will run every hour," in {s["content"] for s in said}
    assert main(["figures", "--all", "--format", "json", *data]) == 0
    amounts = json.loads(capsys.readouterr().out)
    assert {(a["kind"], a["text"]) for a in amounts} >= {("money", "$40 million")}
    assert main(["search", "Gdansk", *data]) == 0
    assert "Depot to close" in capsys.readouterr().out

    # the stored analysis is the one in the line, under its own model and rules
    store = Store.open(tmp_path / "data")
    try:
        article = article_from_text(DEPOT, source="docs.jsonl#t1", verbatim=True)
        assert store.latest_analysis(article) == analyze(DEPOT)
        assert crossref.waiting_articles(store) == []
    finally:
        store.close()


def test_lines_that_are_not_analyses_are_told_and_the_others_stored(
    tmp_path: Path, analyze: Callable[[str], Analysis], capsys: pytest.CaptureFixture[str]
) -> None:
    council, depot = lines_of(analyze, COUNCIL, DEPOT)
    edited = json.loads(depot)
    edited["text"] = edited["text"].replace("Gdansk", "Gdynia and Sopot")  # offsets now wrong
    older = json.loads(depot) | {"schema_version": 8}
    out = tmp_path / "out.jsonl"
    out.write_text(
        "\n".join([depot[: len(depot) // 2], json.dumps(edited), json.dumps(older), council])
        + "\n\n",
        encoding="utf-8",
    )
    data = ["--data-dir", str(tmp_path / "data")]
    assert main(["import", "--analyses", str(out), *data]) == 1
    captured = capsys.readouterr()
    errors = [line for line in captured.err.splitlines() if " line " in line]
    assert [e.split(": ")[1] for e in errors] == [f"{out} line {n}" for n in (1, 2, 3)]
    assert "not JSON" in errors[0] and "cut short" in errors[0]
    assert "not the text's words" in errors[1]
    assert "layout 8" in errors[2] and "analyse the document again" in errors[2]
    assert [line.split("\t")[1] for line in captured.out.splitlines()] == ["Harbour plan approved"]
    assert main(["who", "Irene Kowalczyk", *data]) == 0


def test_an_analysis_by_other_rules_is_stored_and_made_again_by_import(
    tmp_path: Path, analyze: Callable[[str], Analysis], capsys: pytest.CaptureFixture[str]
) -> None:
    (line,) = lines_of(analyze, DEPOT)
    older_rules = json.loads(line) | {"pipeline_version": "0", "model": "en_core_web_old-1.0"}
    out = tmp_path / "out.jsonl"
    out.write_text(json.dumps(older_rules) + "\n", encoding="utf-8")
    data = ["--data-dir", str(tmp_path / "data")]
    assert main(["import", "--analyses", str(out), *data]) == 0
    assert "other rules" in capsys.readouterr().err
    store = Store.open(tmp_path / "data")
    try:
        assert len(crossref.waiting_articles(store)) == 1
        cached = store.connection.execute("SELECT model, pipeline_version FROM analyses")
        assert cached.fetchall() == [("en_core_web_old-1.0", "0")]
    finally:
        store.close()
    assert main(["who", "Tomasz Brandt", *data]) == 1  # not in the views until analysed again
    capsys.readouterr()
    assert main(["import", *data]) == 0
    assert main(["who", "Tomasz Brandt", *data]) == 0
    assert "We kept it open as long as we could" in capsys.readouterr().out
