"""A guess stays a guess wherever a fact goes: one invented article with a speaker found
through a pronoun, a split quote and "more than 40%", through every output an analyst copies
from: the window's panel, the Sources and Figures views, `who`, `facts`, `export --with-facts`,
`dossier` and `figures`. Each asserts the mark, the reason, the quoted parts and the qualifier."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from pytestqt.qtbot import QtBot

from reader.cli import main
from reader.core.review import REVIEW_MARK
from reader.gui.app import MainWindow
from tests.helpers import new_window, open_analysed, point_of

TEXT = (
    "Pier levy splits the harbour council\n\n"
    "Mayor Ana Ruiz said on Monday that the council would spend up to £820,000 ($1m) on the "
    "pier. She said more than 40% of residents backed the levy, which would raise £2m a year."
    "\n\n"
    '"We waited through years of appeals," said Tom Hale, a director of the harbour fund. '
    '"The time for patience is over."\n'
)
GUESSED = "more than 40% of residents backed the levy, which would raise £2m a year"
REASON = "from the pronoun “She”, named one sentence earlier"
QUOTED = "We waited through years of appeals … The time for patience is over."
NARRATION = "a director of the harbour fund"


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The article imported and analysed through the command line; its data folder and id."""
    folder = tmp_path_factory.mktemp("guesses")
    path = folder / "pier.txt"
    path.write_text(TEXT, encoding="utf-8")
    data = str(folder / "data")
    assert main(["import", str(path), "--data-dir", data]) == 0
    return folder / "data", str(path)


def run(capsys: pytest.CaptureFixture[str], *args: str, data: Path) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main([*args, "--data-dir", str(data)])
    out, err = capsys.readouterr()
    return code, out, err


def test_who_json_and_text_mark_the_guess_and_show_only_the_quoted_words(
    library: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    data, _ = library
    code, out, _ = run(capsys, "who", "Ana Ruiz", "--format", "json", data=data)
    said = {s["content"]: s for s in json.loads(out)}
    assert code == 0 and said[GUESSED]["needs_review"] is True
    assert said[GUESSED]["review_reason"] == REASON
    assert said[GUESSED]["resolved_from"] == "pronoun" and said[GUESSED]["confidence"] < 1
    named = next(s for s in said.values() if s["content"] != GUESSED)
    assert named["needs_review"] is False and named["review_reason"] == ""
    code, out, err = run(capsys, "who", "Ana Ruiz", data=data)
    guessed_line = next(line for line in out.splitlines() if GUESSED in line)
    assert f"{REVIEW_MARK}Ana Ruiz" in guessed_line and REASON in guessed_line
    assert "1 of 2 statements have a guessed speaker" in err
    code, out, _ = run(capsys, "who", "Tom Hale", "--format", "json", data=data)
    (split,) = json.loads(out)
    assert split["quoted"] == QUOTED
    assert [p["text"] for p in split["parts"]] == QUOTED.split(" … ")  # as in the JSON
    code, out, _ = run(capsys, "who", "Tom Hale", data=data)
    assert f"“{QUOTED}”" in out and NARRATION not in out


def test_facts_json_and_markdown_mark_the_guess_and_the_parts(
    library: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    data, path = library
    code, out, _ = run(capsys, "facts", path, data=data)
    result = json.loads(out)
    by_content = {a["content"]["text"]: a for a in result["attributions"]}
    assert by_content[GUESSED]["needs_review"] and by_content[GUESSED]["review_reason"] == REASON
    split = next(a for a in result["attributions"] if a["speaker_name"] == "Tom Hale")
    assert NARRATION in split["content"]["text"]  # the scored span keeps the narration
    parts = [p["text"] for p in split["content"]["parts"]]
    assert parts == ["We waited through years of appeals", "The time for patience is over."]
    for part in split["content"]["parts"]:
        assert TEXT[part["start"] : part["end"]] == part["text"]
    assert {(f["text"], f["qualifier"]) for f in result["figures"]} == {("40%", "more than")}
    code, out, _ = run(capsys, "facts", path, "--format", "markdown", data=data)
    line = next(line for line in out.splitlines() if GUESSED in line)
    assert code == 0 and line.startswith("- ⚠ check: **Ana Ruiz**") and REASON in line
    assert QUOTED in out and NARRATION not in out.split("## Who said what")[1].split("##")[0]
    assert "more than 40 percent" in out


def test_export_with_facts_marks_the_guess(
    library: tuple[Path, str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data, path = library
    target = tmp_path / "pier.md"
    code, _, _ = run(capsys, "export", path, "--with-facts", "-o", str(target), data=data)
    text = target.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if GUESSED in line)
    assert code == 0 and line.startswith("- ⚠ check: **Ana Ruiz**") and REASON in line
    assert QUOTED in text
    assert "more than 40 percent" in text and "up to £820,000" in text


def test_a_dossier_leaves_guesses_out_unless_asked_and_then_marks_them(
    library: tuple[Path, str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data, _ = library
    target = tmp_path / "ruiz.md"
    code, out, err = run(capsys, "dossier", "Ana Ruiz", "-o", str(target), data=data)
    text = target.read_text(encoding="utf-8")
    assert code == 0 and out.endswith("1 statements\n")
    assert "1 statements with a guessed speaker left out" in err and "--with-guesses" in err
    assert GUESSED not in text and "1 more with a guessed speaker are left out" in text
    code, out, _ = run(
        capsys, "dossier", "Ana Ruiz", "-o", str(target), "--with-guesses", data=data
    )
    text = target.read_text(encoding="utf-8")
    assert code == 0 and out.endswith("2 statements\n") and f"> {GUESSED}" in text
    assert f"— ⚠ check: Ana Ruiz, indirect (said) *({REASON})*" in text
    code, _, _ = run(capsys, "dossier", "Tom Hale", "-o", str(tmp_path / "hale.md"), data=data)
    hale = (tmp_path / "hale.md").read_text(encoding="utf-8")
    assert f"> {QUOTED}" in hale and NARRATION not in hale
    assert "## undated · Pier levy splits the harbour council" in hale  # never the import time


def test_figures_csv_and_json_keep_the_qualifier_and_mark_a_guessed_speaker(
    library: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    data, _ = library
    code, out, _ = run(capsys, "figures", "--all", data=data)
    rows = {row["text"]: row for row in csv.DictReader(io.StringIO(out))}
    share = rows["40%"]
    assert (share["qualifier"], share["low"], share["speaker"]) == ("more than", "40.0", "Ana Ruiz")
    assert share["speaker_needs_review"] == "True" and share["speaker_review_reason"] == REASON
    pier = rows["£820,000"]
    assert (pier["qualifier"], pier["conversions"], pier["speaker_needs_review"]) == (
        "up to",
        "US$1 million",
        "False",
    )
    assert "$1m" not in rows and share["published"] == ""  # no date in a text file: none shown
    code, out, _ = run(capsys, "figures", "--all", "--format", "json", data=data)
    share_json = next(a for a in json.loads(out) if a["text"] == "40%")
    assert (
        code == 0
        and share_json["speaker_needs_review"] is True
        and share_json["qualifier"] == "more than"
    )
    assert share_json["speaker_resolved_from"] == "pronoun"


@pytest.fixture
def window(qtbot: QtBot, library: tuple[Path, str]) -> Iterator[MainWindow]:
    main_window = new_window(qtbot, library[0])
    yield main_window
    main_window.close()


def _rows(model: object, parent: QModelIndex | QPersistentModelIndex) -> list[str]:
    rows: list[str] = []
    for row in range(model.rowCount(parent)):  # type: ignore[attr-defined]
        index = model.index(row, 0, parent)  # type: ignore[attr-defined]
        rows += [str(index.data()), *_rows(model, index)]
    return rows


def test_the_window_panel_marks_the_guess_and_shows_the_quoted_parts(
    qtbot: QtBot, window: MainWindow, library: tuple[Path, str]
) -> None:
    open_analysed(qtbot, window, Path(library[1]))
    rows = _rows(window.panel.proxy, QModelIndex())
    assert any(row.startswith(REVIEW_MARK) and GUESSED in row for row in rows)
    assert any(QUOTED in row for row in rows)
    assert not any(NARRATION in row and "We waited" in row for row in rows)
    assert any("more than 40 percent —" in row for row in rows)  # after its context, if any
    levy = next(row for row in rows if "£2 million per year —" in row)
    assert f"— {REVIEW_MARK}Ana Ruiz: She said" in levy  # the amount's guessed speaker too
    tip = window.view.tooltip_at(point_of(window, TEXT.index("£2m") + 1))
    assert f"Said by: {REVIEW_MARK}Ana Ruiz ({REASON})" in tip


def test_the_sources_view_counts_and_marks_guesses(window: MainWindow) -> None:
    sources = window.library.show_sources()
    assert sources is not None
    ruiz = next(s for s in sources.sources_model.records if s.name == "Ana Ruiz")
    assert (ruiz.statements, ruiz.guesses) == (2, 1)
    assert sources.choose("Ana Ruiz")
    model = sources.statements_model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    shown = [
        [str(model.index(r, c).data()) for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]
    guessed = next(row for row in shown if GUESSED in " ".join(row))
    statement = guessed[headers.index("Statement")]
    assert statement.startswith(f"{REVIEW_MARK}Ana Ruiz") and guessed[-1] == REASON
    assert sources.choose("Tom Hale")
    (hale,) = [str(model.index(r, headers.index("Statement")).data()) for r in range(1)]
    assert hale == f"Tom Hale: “{QUOTED}”"


def test_the_figures_view_shows_qualifier_published_and_a_guessed_speaker(
    window: MainWindow,
) -> None:
    figures = window.library.show_figures()
    assert figures is not None
    model = figures.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    rows = [
        {headers[c]: model.index(r, c).data() for c in range(model.columnCount())}
        for r in range(model.rowCount())
    ]
    share = next(row for row in rows if row["As written"] == "40%")
    assert share["Qualifier"] == "more than" and share["Speaker"] == f"{REVIEW_MARK}Ana Ruiz"
    assert share["Check because"] == REASON
    assert share["Published"] in ("", None)
    pier = next(row for row in rows if row["As written"] == "£820,000")
    assert pier["Also given as"] == "US$1 million" and pier["Speaker"] == "Ana Ruiz"
