"""The analyst's corrections from the command line: every form, its bad inputs, and corrections
that last through re-analysis and an edited source. Articles here are invented."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from reader.cli import main
from reader.core.analysis import Analyzer
from reader.core.correcting import (
    add_attribution,
    change_extent,
    correct_rename,
    correct_same_as,
    not_attribution,
    reassign_speaker,
    speaker_choices,
    split_mention,
)
from reader.core.corrections import apply_corrections
from reader.core.loading import article_from_text
from reader.core.model import Analysis
from reader.core.store import Store, StoreError
from tests.helpers import DAM, DAM_INNER, DAM_OUTER, DAM_SURVEY

ARTICLE = (
    "Harbour row deepens\n\n"
    "Ana Ruiz accused the mayor of neglecting the harbour on Monday. Tomas Berg denied it. "
    '"We have always backed the harbour," he said.\n\n'
    "The Harbour Trust gave £2m to the dockers. Later Ruiz spoke to dockers at the gates. "
    '"The mayor has let every one of you down," she said.'
)


@pytest.fixture
def stored(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, Path, str]:
    return imported(tmp_path, capsys, "harbour.txt", ARTICLE)


def imported(
    folder: Path, capsys: pytest.CaptureFixture[str], name: str, text: str
) -> tuple[Path, Path, str]:
    """An article written to a file and imported: the file, the data folder, the article id."""
    path = folder / name
    path.write_text(text, encoding="utf-8")
    data = folder / "data"
    assert main(["import", str(path), "--data-dir", str(data)]) == 0
    article_id = capsys.readouterr().out.split("\t")[0]
    return path, data, article_id


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def facts(capsys: pytest.CaptureFixture[str], data: Path, article_id: str) -> dict[str, Any]:
    code, out, err = run(capsys, "facts", article_id, "--data-dir", str(data))
    assert code == 0, err
    result: dict[str, object] = json.loads(out)
    return result


def attribution(result: dict[str, Any], words: str) -> dict[str, Any]:
    items = [a for a in result["attributions"] if words in a["content"]["text"]]
    assert len(items) == 1
    found: dict[str, Any] = items[0]
    return found


def test_reassigning_a_speaker_shows_in_facts_and_says_it_was_corrected(
    stored: tuple[Path, Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    _, data, article_id = stored
    code, out, err = run(
        capsys,
        "correct", article_id, "--quote", "always backed", "--speaker", "Lena Holm",
        "--data-dir", str(data),
    )  # fmt: skip
    assert code == 0, err
    assert "Lena Holm" in out
    item = attribution(facts(capsys, data, article_id), "always backed")
    assert item["speaker_name"] == "Lena Holm"
    assert item["corrected"] is True
    assert item["confidence"] == 1.0
    untouched = attribution(facts(capsys, data, article_id), "let every one")
    assert "corrected" not in untouched


def test_not_an_attribution_removes_it(
    stored: tuple[Path, Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    _, data, article_id = stored
    before = facts(capsys, data, article_id)["attributions"]
    code, _, err = run(
        capsys, "correct", article_id, "--quote", "let every one", "--not-attribution",
        "--data-dir", str(data),
    )  # fmt: skip
    assert code == 0, err
    after = facts(capsys, data, article_id)["attributions"]
    assert len(after) == len(before) - 1
    assert not any("let every one" in a["content"]["text"] for a in after)


def test_type_same_as_and_rename_follow_the_name(
    stored: tuple[Path, Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    _, data, article_id = stored
    for argv in (
        ("--name", "Harbour Trust", "--type", "person"),
        ("--name", "Tomas Berg", "--rename", "Mayor Tomas Berg"),
    ):
        code, _, err = run(capsys, "correct", article_id, *argv, "--data-dir", str(data))
        assert code == 0, err
    result = facts(capsys, data, article_id)
    trust = [e for e in result["entities"] if e["text"] == "Harbour Trust"]
    assert trust and all(e["label"] == "PERSON" and e["corrected"] for e in trust)
    assert attribution(result, "always backed")["speaker_name"] == "Mayor Tomas Berg"

    code, _, err = run(
        capsys, "correct", article_id, "--name", "Ruiz", "--same-as", "Tomas Berg",
        "--data-dir", str(data),
    )  # fmt: skip
    assert code == 0, err
    merged = facts(capsys, data, article_id)
    names = {e["canonical"] for e in merged["entities"] if e["text"] in ("Ruiz", "Ana Ruiz")}
    assert names == {"Mayor Tomas Berg"}


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("--quote", "words nobody wrote", "--speaker", "X"), "no attribution's words contain"),
        (("--quote", "the", "--speaker", "X"), "attributions contain"),
        (("--quote", "always backed", "--speaker", "  "), "name is empty"),
        (("--name", "Nobody Here", "--type", "person"), "no name 'Nobody Here'"),
        (("--name", "Ana Ruiz", "--same-as", "Nobody Here"), "no name 'Nobody Here'"),
        (("--name", "Ruiz", "--same-as", "Ana Ruiz"), "already one name"),
    ],
)
def test_bad_corrections_are_one_clear_line(
    stored: tuple[Path, Path, str],
    capsys: pytest.CaptureFixture[str],
    argv: tuple[str, ...],
    message: str,
) -> None:
    _, data, article_id = stored
    code, out, err = run(capsys, "correct", article_id, *argv, "--data-dir", str(data))
    assert code == 1
    assert message in err
    assert err.count("\n") == 1 and "Traceback" not in err
    code, out, _ = run(capsys, "corrections", "list", article_id, "--data-dir", str(data))
    assert out == ""  # nothing was stored


@pytest.mark.parametrize(
    "argv",
    [
        ("--quote", "always backed"),  # neither speaker nor not-attribution
        ("--name", "Ana Ruiz"),  # no change given
        ("--name", "Ana Ruiz", "--type", "planet"),
    ],
)
def test_incomplete_requests_are_usage_errors(
    stored: tuple[Path, Path, str], capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]
) -> None:
    _, data, article_id = stored
    with pytest.raises(SystemExit) as exit_info:
        main(["correct", article_id, *argv, "--data-dir", str(data)])
    assert exit_info.value.code == 2


def test_unknown_article_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(
        capsys, "correct", "nope", "--quote", "x", "--speaker", "Y", "--data-dir", str(tmp_path)
    )
    assert code == 1
    assert "no single stored article matches 'nope'" in err


def test_corrections_survive_an_edited_source_and_list_what_was_lost(
    stored: tuple[Path, Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    path, data, article_id = stored
    run(capsys, "correct", article_id, "--quote", "always backed", "--speaker", "Lena Holm",
        "--data-dir", str(data))  # fmt: skip
    run(capsys, "correct", article_id, "--quote", "let every one", "--speaker", "Ana Ruiz",
        "--data-dir", str(data))  # fmt: skip
    edited = ARTICLE.replace("Harbour row deepens\n\n", "Harbour row deepens\n\nA new lead.\n\n")
    edited = edited.replace('"The mayor has let every one of you down," she said.', "")
    path.write_text(edited, encoding="utf-8")
    assert main(["import", str(path), "--data-dir", str(data)]) == 0
    capsys.readouterr()
    code, out, err = run(capsys, "facts", article_id, "--data-dir", str(data))
    assert code == 0
    result = json.loads(out)
    moved = attribution(result, "always backed")
    assert moved["speaker_name"] == "Lena Holm"
    assert edited[moved["content"]["start"] : moved["content"]["end"]] == moved["content"]["text"]
    assert "lost its passage" in err  # the correction of the removed quote is kept and listed
    code, out, _ = run(capsys, "corrections", "list", article_id, "--data-dir", str(data))
    assert out.count("\n") == 2 and "orphan" in out


def test_corrections_apply_to_an_analysis_by_other_rules(
    tmp_path: Path, analyzer: Analyzer
) -> None:
    store = Store.open(tmp_path)
    stored = store.add_article(article_from_text(ARTICLE, source="test"))
    article = store.article(stored.id)
    assert article is not None
    analysis = analyzer.analyze(article)
    content = next(a.content for a in analysis.attributions if "always backed" in a.content.text)
    store.add_correction(stored.id, "speaker", content.start, content.end, value="Lena Holm")
    newer_rules = analysis.__class__(**{**analysis.__dict__, "pipeline_version": "99"})
    result = apply_corrections(article.text, newer_rules, store.corrections(stored.id))
    assert result.analysis.pipeline_version == "99"
    item = next(a for a in result.analysis.attributions if "always backed" in a.content.text)
    assert item.speaker_name == "Lena Holm"
    fact = next(f for f in result.analysis.facts if f.subject == "Lena Holm")
    assert fact.kind == "attribution"
    store.close()


def test_export_to_gold_layout_scores_as_the_analyst_read(
    stored: tuple[Path, Path, str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _, data, article_id = stored
    run(capsys, "correct", article_id, "--quote", "always backed", "--speaker", "Lena Holm",
        "--data-dir", str(data))  # fmt: skip
    out_file = tmp_path / "gold.jsonl"
    code, _, err = run(
        capsys, "corrections", "export", "--all", "-o", str(out_file), "--data-dir", str(data)
    )
    assert code == 0, err
    records = [json.loads(line) for line in out_file.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == [article_id]
    record = records[0]
    assert record["text"] == ARTICLE
    assert {"money", "attributions"} <= set(record)
    item = next(a for a in record["attributions"] if "always backed" in a["content"]["text"])
    assert item["speaker_name"] == "Lena Holm"
    for a in record["attributions"]:
        span = a["content"]
        assert record["text"][span["start"] : span["end"]] == span["text"]


def test_markdown_export_with_facts_marks_what_you_corrected(
    stored: tuple[Path, Path, str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _, data, article_id = stored
    run(capsys, "correct", article_id, "--quote", "always backed", "--speaker", "Lena Holm",
        "--data-dir", str(data))  # fmt: skip
    target = tmp_path / "out.md"
    code, _, err = run(
        capsys, "export", article_id, "-o", str(target), "--with-facts", "--data-dir", str(data)
    )
    assert code == 0, err
    text = target.read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if "always backed" in x)
    assert "Lena Holm" in line and "corrected by you" in line


def test_split_reject_and_add_from_a_selection(tmp_path: Path, analyzer: Analyzer) -> None:
    text = (
        "Dock strike\n\n"
        "Carl Anderson leads the union. Anderson, a lawyer for the port, said the strike was "
        "illegal. The port lost £3m. Dockers will march on Friday, the union's bulletin says."
    )
    store = Store.open(tmp_path)
    stored = store.add_article(article_from_text(text, source="test"))
    analysis = analyzer.analyze(article_from_text(text, source="test"))
    lawyer = text.index("Anderson, a lawyer")
    pound = text.index("£3m")
    march = text.index("Dockers will march")
    store.add_correction(stored.id, "split", lawyer, lawyer + len("Anderson"), "Carl Anderson")
    store.add_correction(stored.id, "reject", pound, pound + 3)
    store.add_correction(
        stored.id, "add_attribution", march, march + len("Dockers will march on Friday"),
        value="Dockers' Union",
    )  # fmt: skip
    result = apply_corrections(text, analysis, store.corrections(stored.id)).analysis
    mention = next(e for e in result.entities if e.start == lawyer)
    assert mention.canonical == "Anderson" and mention.corrected
    assert not any(m.start == pound for m in result.money)
    added = next(a for a in result.attributions if a.content.start == march)
    assert added.speaker_name == "Dockers' Union" and added.pattern == "analyst"
    assert any(f.subject == "Dockers' Union" for f in result.facts)
    store.close()


NESTED, OUTER, INNER, SURVEY = DAM, DAM_OUTER, DAM_INNER, DAM_SURVEY


@pytest.fixture
def nested(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, Path, str]:
    return imported(tmp_path, capsys, "dam.txt", NESTED)


def said_by(
    capsys: pytest.CaptureFixture[str], data: Path, article_id: str, quote: str, speaker: str
) -> str:
    """``correct --quote QUOTE --speaker SPEAKER``, which must succeed; what it prints."""
    code, out, err = run(
        capsys, "correct", article_id, "--quote", quote, "--speaker", speaker,
        "--data-dir", str(data),
    )  # fmt: skip
    assert code == 0, err
    return out


def contents(result: dict[str, Any]) -> list[str]:
    return [a["content"]["text"] for a in result["attributions"]]


def test_not_an_attribution_on_a_nested_statement_removes_that_one_and_lasts(
    nested: tuple[Path, Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    path, data, article_id = nested
    assert {OUTER, INNER} <= set(contents(facts(capsys, data, article_id)))
    # the words are all of the inner statement's: that one is meant, not the one around it
    code, out, err = run(
        capsys, "correct", article_id, "--quote", INNER, "--not-attribution",
        "--data-dir", str(data),
    )  # fmt: skip
    assert code == 0, err
    assert f"“{INNER}” is not an attribution" in out
    left = contents(facts(capsys, data, article_id))
    assert OUTER in left and INNER not in left
    # a new first paragraph moves every offset; the correction still names the inner one
    path.write_text(NESTED.replace("\n\n", "\n\nAn update at noon.\n\n", 1), encoding="utf-8")
    assert main(["import", str(path), "--data-dir", str(data)]) == 0
    capsys.readouterr()
    left = contents(facts(capsys, data, article_id))
    assert OUTER in left and INNER not in left


def test_words_several_statements_hold_are_told_apart_by_offset(
    nested: tuple[Path, Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    _, data, article_id = nested
    argv = ("correct", article_id, "--quote", "dam was unsafe", "--speaker", "Eva Stone")
    code, _, err = run(capsys, *argv, "--data-dir", str(data))
    assert code == 1
    outer, inner = NESTED.index(OUTER), NESTED.index(INNER)
    assert "2 attributions contain 'dam was unsafe'" in err
    assert f"at {outer}" in err and f"at {inner}" in err and "--at" in err
    code, _, err = run(capsys, *argv, "--at", str(inner + 4), "--data-dir", str(data))
    assert code == 0, err
    said = {
        a["content"]["text"]: a["speaker_name"]
        for a in facts(capsys, data, article_id)["attributions"]
    }
    assert said[INNER] == "Eva Stone" and said[OUTER] == "Peter Lund"
    code, _, err = run(capsys, *argv, "--at", "3", "--data-dir", str(data))
    assert code == 1 and "is at 3" in err


def test_a_quote_can_be_made_to_end_earlier(
    nested: tuple[Path, Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    path, data, article_id = nested
    start = NESTED.index(SURVEY)
    code, out, err = run(
        capsys, "correct", article_id, "--quote", "stale data",
        "--content-start", str(start), "--content-end", str(start + len(SURVEY)),
        "--data-dir", str(data),
    )  # fmt: skip
    assert code == 0, err
    assert f"now reads “{SURVEY}”" in out
    item = attribution(facts(capsys, data, article_id), "stale data")
    assert (item["content"]["start"], item["content"]["text"]) == (start, SURVEY)
    assert item["corrected"] is True and item["speaker_name"] == "Peter Lund"
    # it lasts through an edited source, at its new place
    edited = NESTED.replace("\n\n", "\n\nAn update at noon.\n\n", 1)
    path.write_text(edited, encoding="utf-8")
    assert main(["import", str(path), "--data-dir", str(data)]) == 0
    capsys.readouterr()
    item = attribution(facts(capsys, data, article_id), "stale data")
    assert (item["content"]["start"], item["content"]["text"]) == (edited.index(SURVEY), SURVEY)


def _extent_cases() -> list[tuple[int, int, str]]:
    survey = NESTED.index("the old survey")
    quist = NESTED.index("We checked")
    engineers = NESTED.index("Engineers said")
    gap = NESTED.index(" was based")
    return [
        (survey, len(NESTED) + 5, "within the text"),
        (survey + 10, survey, "start before end"),
        (quist, quist + 10, "is not part of the quote"),
        (engineers, survey + 20, "reaches beyond the paragraph"),
        (gap, gap + 1, "only spaces"),
        (survey, NESTED.index("rushed it") + len("rushed it"), "already reads"),
    ]


@pytest.mark.parametrize(("start", "end", "message"), _extent_cases())
def test_a_quote_extent_that_cannot_be_is_one_clear_line(
    nested: tuple[Path, Path, str],
    capsys: pytest.CaptureFixture[str],
    start: int,
    end: int,
    message: str,
) -> None:
    _, data, article_id = nested
    code, _, err = run(
        capsys, "correct", article_id, "--quote", "stale data",
        "--content-start", str(start), "--content-end", str(end), "--data-dir", str(data),
    )  # fmt: skip
    assert code == 1
    assert message in err and err.count("\n") == 1
    code, out, _ = run(capsys, "corrections", "list", article_id, "--data-dir", str(data))
    assert out == ""  # nothing was stored


@pytest.mark.parametrize(
    "argv",
    [
        ("--quote", "stale data", "--content-start", "5"),  # no end
        ("--quote", "stale data", "--content-start", "5", "--content-end", "9", "--speaker", "X"),
        ("--name", "Peter Lund", "--type", "person", "--at", "5"),
    ],
)
def test_incomplete_extent_requests_are_usage_errors(
    nested: tuple[Path, Path, str], argv: tuple[str, ...]
) -> None:
    _, data, article_id = nested
    with pytest.raises(SystemExit) as exit_info:
        main(["correct", article_id, *argv, "--data-dir", str(data)])
    assert exit_info.value.code == 2


def test_a_correction_can_be_deleted(
    stored: tuple[Path, Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    _, data, article_id = stored
    made = said_by(capsys, data, article_id, "always backed", "Lena Holm").split("\t")[0]
    code, out, err = run(capsys, "corrections", "delete", made, "--data-dir", str(data))
    assert code == 0, err
    assert out.startswith(f"{made}\tdeleted: ") and "Lena Holm" in out
    assert attribution(facts(capsys, data, article_id), "always backed")["speaker_name"] == (
        "Tomas Berg"
    )
    code, out, _ = run(capsys, "corrections", "list", "--data-dir", str(data))
    assert out == ""
    code, _, err = run(capsys, "corrections", "delete", made, "--data-dir", str(data))
    assert code == 1
    assert f"no correction {made}" in err and err.count("\n") == 1


def test_the_names_nearest_a_quote_are_offered_first(analyze: Callable[[str], Analysis]) -> None:
    analysis = analyze(NESTED)
    inner = next(a for a in analysis.attributions if a.content.text == INNER)
    choices = speaker_choices(analysis, inner)
    # the council is named most, but the former minister is named by the quote
    assert choices[0] == "Peter Lund"
    assert set(choices) >= {"Northfield Council", "Ministry of Water", "Mara Quist"}
    last = next(a for a in analysis.attributions if "valve" in a.content.text)
    assert speaker_choices(analysis, last)[0] == "Mara Quist"


def test_a_correction_names_its_statement_by_its_cue_and_words(
    tmp_path: Path, analyze: Callable[[str], Analysis]
) -> None:
    store = Store.open(tmp_path)
    stored = store.add_article(article_from_text(NESTED, source="test"))
    analysis = analyze(NESTED)
    inner = next(a for a in analysis.attributions if a.content.text == INNER)
    assert inner.cue is not None
    made = not_attribution(store, stored.id, inner)
    assert made.anchor.exact == INNER and made.cue == (inner.cue.start, inner.cue.end)
    # the same, made before cues were kept: its words alone still find the inner statement
    old = replace(made, cue=None)
    for correction in (made, old):
        left = apply_corrections(NESTED, analysis, [correction]).analysis.attributions
        assert [a.content.text for a in left].count(OUTER) == 1
        assert INNER not in [a.content.text for a in left]
    # laid over another text of the article (an earlier version): cue and new words move along
    survey = next(a for a in analysis.attributions if SURVEY in a.content.text)
    start = NESTED.index(SURVEY)
    shorter = change_extent(store, stored.id, survey, start, start + len(SURVEY))
    edited = NESTED.replace("Dam dispute", "Dam dispute, day two")
    result = apply_corrections(edited, analyze(edited), [made, shorter]).analysis
    assert INNER not in [a.content.text for a in result.attributions]
    moved = next(a for a in result.attributions if SURVEY in a.content.text)
    assert (moved.content.start, moved.content.text) == (edited.index(SURVEY), SURVEY)
    store.close()


def test_a_speaker_typed_as_the_article_names_someone_is_that_person(
    stored: tuple[Path, Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    _, data, article_id = stored
    out = said_by(capsys, data, article_id, "always backed", " ruiz ")
    assert out.rstrip().endswith("is Ana Ruiz")
    assert attribution(facts(capsys, data, article_id), "always backed")["speaker_name"] == (
        "Ana Ruiz"
    )


# The nested statement is no longer found: its cue is not a cue any more, its words are still
# within the statement around it. And the other way round: the statement around it is gone.
INNER_GONE = NESTED.replace("the auditors claimed", "the auditors' view was that")
OUTER_GONE = NESTED.replace(
    "Peter Lund, a former minister, said that the auditors claimed",
    "In a letter to Peter Lund, a former minister, the auditors claimed",
)


def test_a_correction_of_a_statement_no_longer_found_is_lost_not_laid_over_its_neighbour(
    tmp_path: Path, analyze: Callable[[str], Analysis]
) -> None:
    store = Store.open(tmp_path)
    article_id = store.add_article(article_from_text(NESTED, source="test")).id
    analysis = analyze(NESTED)
    inner = next(a for a in analysis.attributions if a.content.text == INNER)
    outer = next(a for a in analysis.attributions if a.content.text == OUTER)
    trimmed = NESTED.index(INNER) + len("the ")
    on_inner = [
        not_attribution(store, article_id, inner),
        reassign_speaker(store, article_id, analysis, inner, "Eva Stone"),
        change_extent(store, article_id, inner, trimmed, trimmed + len("dam was unsafe")),
    ]
    on_outer = [
        not_attribution(store, article_id, outer),
        reassign_speaker(store, article_id, analysis, outer, "Eva Stone"),
    ]
    store.close()
    for edited, made, gone, kept_words in (
        (INNER_GONE, on_inner, INNER, "the auditors' view was that the dam was unsafe"),
        (OUTER_GONE, on_outer, OUTER, INNER),
    ):
        again = analyze(edited)
        found = [a.content.text for a in again.attributions if "dam was unsafe" in a.content.text]
        assert found == [kept_words]  # the re-analysis finds the one statement left
        kept = next(a for a in again.attributions if a.content.text == kept_words)
        assert gone not in found
        for correction in (*made, *(replace(c, cue=None) for c in made)):  # cues not kept
            result = apply_corrections(edited, again, [correction])
            assert (result.applied, result.lost) == ((), (correction,)), correction.describe()
            assert kept in result.analysis.attributions  # untouched: its words and speaker


def test_a_correction_is_listed_with_the_statement_it_changed_when_names_change(
    tmp_path: Path, analyze: Callable[[str], Analysis]
) -> None:
    text = (
        "Ferry fares\n\n"
        "Rosa Lind said the ferry would stop. Omar Hale said it would not. Ida Berg said the "
        "fares would rise. Jon Vik said nothing would change. Kai Moss said the council was "
        "wrong. Later Lind left the quay."
    )
    store = Store.open(tmp_path)
    article_id = store.add_article(article_from_text(text, source="test")).id
    analysis = analyze(text)
    first = next(a for a in analysis.attributions if a.content.text == "the ferry would stop")
    reassign_speaker(store, article_id, analysis, first, "Omar Hale")
    shown = apply_corrections(text, analysis, store.corrections(article_id)).analysis
    lind = next(e for e in shown.entities if e.text == "Lind")
    # each of these replaces the statements it renames: none may take another's correction
    for correct in (
        lambda: correct_rename(store, article_id, shown, "Omar Hale", "Omar Hale Jr"),
        lambda: correct_same_as(store, article_id, shown, "Kai Moss", "Jon Vik"),
        lambda: split_mention(store, article_id, lind),
    ):
        correct()
        result = apply_corrections(text, analysis, store.corrections(article_id))
        made = dict(
            zip(
                [a.content.text for a in result.analysis.attributions],
                [[c.kind for c in by] for by in result.by_attribution],
                strict=True,
            )
        )
        assert made == {
            "the ferry would stop": ["speaker"],
            "it would not": [],
            "the fares would rise": [],
            "nothing would change": [],
            "the council was wrong": [],
        }
    assert result.analysis.attributions[0].speaker_name == "Omar Hale Jr"
    store.close()


def test_a_split_quote_is_named_by_its_quoted_words_as_every_output_shows_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (
        "Lock gates\n\n"
        '"We have mended these gates for forty years," said Ola Brun, who keeps the lock. '
        '"Nobody ever asked us how."\n\n'
        "Ola Brun said the gates were safe."
    )
    _, data, article_id = imported(tmp_path, capsys, "lock.txt", text)
    shown = "We have mended these gates for forty years … Nobody ever asked us how."
    said = [
        " … ".join(part["text"] for part in a["content"]["parts"])
        for a in facts(capsys, data, article_id)["attributions"]
    ]
    assert shown in said  # its parts, as every output shows them
    for quote, speaker in (
        (shown, "Eva Stone"),  # copied whole
        ("forty years ... nobody ever", "Ida Berg"),  # across the parts, typed
        ("Nobody ever asked us how.", "Kai Moss"),  # one part
    ):
        assert said_by(capsys, data, article_id, quote, speaker).rstrip().endswith(speaker)
        item = attribution(facts(capsys, data, article_id), "forty years")
        assert item["speaker_name"] == speaker
    code, _, err = run(
        capsys, "correct", article_id, "--quote", "forty years … said Ola", "--speaker", "X",
        "--data-dir", str(data),
    )  # fmt: skip
    assert code == 1 and "no attribution's words contain" in err


def test_a_correction_put_back_after_its_id_was_taken_gets_a_new_one(tmp_path: Path) -> None:
    window = Store.open(tmp_path)  # say, a window that took a correction back
    article_id = window.add_article(article_from_text(ARTICLE, source="test")).id
    pound = ARTICLE.index("£2m")
    made = window.add_correction(article_id, "reject", pound, pound + 3)
    removed = window.delete_correction(made.id)
    command_line = Store.open(tmp_path)  # meanwhile, in the same file: the freed id is reused
    berg = ARTICLE.index("Tomas Berg")
    other = command_line.add_correction(
        article_id, "rename", berg, berg + 10, "Tomas Berg", "Tom Berg"
    )
    assert other.id == removed.id
    command_line.close()
    back = window.restore_correction(removed)  # undo the removal
    assert back.id not in (removed.id, 0) and back == replace(removed, id=back.id)
    assert {(c.id, c.uid) for c in window.corrections(article_id)} == {
        (other.id, other.uid),
        (back.id, removed.uid),
    }
    assert window.restore_correction(removed) == back  # stored already: left as it is
    assert len(window.corrections(article_id)) == 2
    # its own id again when it is free
    window.delete_correction(back.id)
    assert window.restore_correction(back) == back
    window.close()


def test_the_window_hands_in_the_text_it_holds_and_the_same_is_stored(
    tmp_path: Path, analyze: Callable[[str], Analysis]
) -> None:
    store = Store.open(tmp_path)
    article_id = store.add_article(article_from_text(NESTED, source="test")).id
    analysis = analyze(NESTED)
    survey = next(a for a in analysis.attributions if SURVEY in a.content.text)
    start = NESTED.index(SURVEY)
    shorter = change_extent(store, article_id, survey, start, start + len(SURVEY), NESTED)
    words = NESTED.index("Engineers said")
    added = add_attribution(store, article_id, analysis, words, words + 9, "Mara Quist", NESTED)
    read = Store.open(tmp_path)  # as the command line, which reads the text from the store
    assert read.corrections(article_id) == [shorter, added]
    assert (shorter.value, added.anchor.exact) == (SURVEY, "Engineers")
    with pytest.raises(StoreError, match="no stored article"):
        store.add_correction("0" * 16, "reject", 0, 4, text=NESTED)
    read.close()
    store.close()
