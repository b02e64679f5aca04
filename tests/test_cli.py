"""The command line as a script or a person uses it: output, exit codes, messages, no Qt."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest

from reader.cli import main
from reader.core.logs import record_exception, setup_logging, stop_logging
from reader.core.resources import sample_article_path
from tests.helpers import factreader

ARTICLE = (
    "Mill closure confirmed\n\n"
    "Halvorsen Paper will close its Tromsø mill, the company said on Friday. "
    '"This was the hardest decision we have taken in decades," said chief executive Ingrid Dahl. '
    "Ms Dahl said the closure would save about NOK 450m a year."
)


@pytest.fixture
def article_file(tmp_path: Path) -> Path:
    path = tmp_path / "mill.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_analyze_json_has_the_documented_fields(
    article_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["analyze", str(article_file), "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    text = article_file.read_text(encoding="utf-8")
    assert result["title"] == "Mill closure confirmed"
    for item in result["money"]:
        assert text[item["start"] : item["end"]] == item["text"]
    quote = next(a for a in result["attributions"] if a["kind"] == "direct")
    assert quote["speaker_name"] == "Ingrid Dahl"
    assert set(quote) == {
        "kind",
        "speaker",
        "speaker_name",
        "cue",
        "content",
        "resolved_from",
        "confidence",
        "pattern",
        "needs_review",
        "review_reason",
    }
    assert quote["resolved_from"] in {"named", "surname", "title"}
    assert quote["needs_review"] is False and quote["review_reason"] is None
    assert 0.8 <= quote["confidence"] <= 1.0
    assert text[quote["content"]["start"] : quote["content"]["end"]] == quote["content"]["text"]


def test_from_jsonl_keeps_ids_and_reports_bad_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "docs.jsonl"
    source.write_text(
        json.dumps({"id": "a1", "text": ARTICLE})
        + "\nnot json\n"
        + json.dumps({"id": 7, "text": "Short."}),
        encoding="utf-8",
    )
    assert main(["analyze", "--format", "jsonl", "--from-jsonl", str(source)]) == 1
    captured = capsys.readouterr()
    lines = [json.loads(line) for line in captured.out.splitlines()]
    assert [line["id"] for line in lines] == ["a1", "7"]
    assert "line 2" in captured.err and "Traceback" not in captured.err


def test_bad_file_gets_one_line_and_others_still_run(
    article_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nope.txt"
    assert main(["analyze", str(missing), str(article_file), "--format", "jsonl"]) == 1
    captured = capsys.readouterr()
    assert captured.err.strip() == "factreader: nope.txt: file not found"
    assert len(captured.out.splitlines()) == 1


def test_markdown_report_lists_speakers(
    article_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["analyze", str(article_file), "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Mill closure confirmed")
    assert "**Ingrid Dahl**" in out


def test_sample_article_is_bundled() -> None:
    text = sample_article_path().read_text(encoding="utf-8")
    assert text.startswith("Analyzing the Prospects of North Korea-Russia Military Cooperation")


def test_core_and_cli_never_import_qt(article_file: Path) -> None:
    code = (
        "import sys\n"
        "from reader.cli import main\n"
        f"rc = main(['analyze', {str(article_file)!r}, '--format', 'json'])\n"
        "assert rc == 0, rc\n"
        "loaded = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]\n"
        "assert not loaded, loaded\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-2000:]


def test_python_dash_m_reader_works(article_file: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "reader", "analyze", str(article_file), "--format", "jsonl"],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert json.loads(run.stdout)["title"] == "Mill closure confirmed"


def test_from_jsonl_offsets_refer_to_the_input_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "  Café\r\n\r\n\r\nThe fee was $40m, said Ana Ruiz.  "
    source = tmp_path / "raw.jsonl"
    source.write_text(json.dumps({"id": "raw", "text": text}), encoding="utf-8")
    assert main(["analyze", "--format", "jsonl", "--from-jsonl", str(source)]) == 0
    result = json.loads(capsys.readouterr().out)
    (money,) = result["money"]
    assert text[money["start"] : money["end"]] == "$40m"


def test_control_characters_in_a_file_name_never_reach_the_terminal_raw(tmp_path: Path) -> None:
    hostile = tmp_path / "report\x1b]0;owned\x07\x1b[31m.txt"
    missing = subprocess.run(
        [sys.executable, "-m", "reader", "text", str(hostile)], capture_output=True, text=True
    )
    assert missing.returncode == 1
    assert "\x1b" not in missing.stderr and "\x07" not in missing.stderr
    assert "\\x1b]0;owned\\x07" in missing.stderr  # shown, so the user sees the odd name

    hostile.write_text(ARTICLE, encoding="utf-8")
    controller, terminal = pty.openpty()  # stdout is a real terminal, as for a person
    try:
        run = subprocess.run(
            [sys.executable, "-m", "reader", "analyze", "--format", "markdown", str(hostile)],
            stdout=terminal,
            stderr=subprocess.PIPE,
            timeout=300,
        )
        os.close(terminal)
        shown = b""
        while chunk := _read_some(controller):
            shown += chunk
    finally:
        os.close(controller)
    assert run.returncode == 0, run.stderr
    assert b"Mill closure confirmed" in shown
    assert b"\x1b" not in shown and b"\x07" not in shown
    assert b"\\x1b\\[31m.txt" in shown  # the name as Markdown text: its "[" escaped


def _read_some(descriptor: int) -> bytes:
    try:
        return os.read(descriptor, 65536)
    except OSError:  # EIO: the terminal's other side is closed and drained
        return b""


def test_debug_logs_to_stderr_and_the_data_folder(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "reader", "notes", "list", "--debug", "--data-dir", str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    assert "DEBUG factreader.store: store" in run.stderr
    assert "opened" in (tmp_path / "logs" / "factreader.log").read_text(encoding="utf-8")


@pytest.fixture
def logging_here(tmp_path: Path) -> Iterator[Path]:
    yield setup_logging(tmp_path) or pytest.fail("no log file")
    stop_logging()


def test_an_unexpected_error_is_logged_whole_and_told_in_one_line(
    tmp_path: Path, logging_here: Path
) -> None:
    assert logging_here == tmp_path / "logs" / "factreader.log"
    try:
        dict[str, int]()["missing"]  # a bug, as the program would meet one
    except KeyError as error:
        line = record_exception(type(error), error, error.__traceback__)
    assert "\n" not in line and "KeyError: 'missing'" in line
    assert str(tmp_path / "logs" / "factreader.log") in line
    logged = (tmp_path / "logs" / "factreader.log").read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in logged and "test_cli.py" in logged


def damaged_word_file(path: Path) -> Path:
    """A .docx as Word writes it, but with its document part cut off in the middle."""
    whole = word_file(path.with_suffix(".whole"), "Ferry fares", "Fares stay the same.")
    with zipfile.ZipFile(whole) as source, zipfile.ZipFile(path, "w") as damaged:
        for member in source.namelist():
            data = source.read(member)
            damaged.writestr(
                member, data[: len(data) // 2] if member == "word/document.xml" else data
            )
    return path


def word_file(path: Path, heading: str, text: str) -> Path:
    document = docx.Document()
    document.add_heading(heading, level=1)
    document.add_paragraph(text)
    document.save(str(path))
    return path


def book_missing_a_chapter(path: Path) -> Path:
    """An EPUB whose spine lists a chapter the zip lacks."""
    package = (
        '<package xmlns="http://www.idpf.org/2007/opf" version="3.0">'
        '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Ferry Log</dc:title>'
        '</metadata><manifest><item id="a" href="a.xhtml" media-type="application/xhtml+xml"/>'
        '<item id="b" href="b.xhtml" media-type="application/xhtml+xml"/></manifest>'
        '<spine><itemref idref="a"/><itemref idref="b"/></spine></package>'
    )
    with zipfile.ZipFile(path, "w") as book:
        book.writestr(
            "META-INF/container.xml",
            '<container xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
            '<rootfile full-path="book.opf"/></rootfiles></container>',
        )
        book.writestr("book.opf", package)
        book.writestr("a.xhtml", "<html><body><p>The ferry ran twice a day.</p></body></html>")
    return path


def test_a_damaged_word_file_is_one_line_and_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["text", str(damaged_word_file(tmp_path / "fares.docx"))]) == 1
    err = capsys.readouterr().err
    assert err.startswith("factreader: fares.docx: is damaged or not a Word document (")
    assert len(err.splitlines()) == 1 and "Something went wrong" not in err


def test_import_stores_the_files_around_a_damaged_one_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = word_file(tmp_path / "tolls.docx", "Bridge tolls", "Tolls rise by 5% in June.")
    damaged = damaged_word_file(tmp_path / "fares.docx")
    after = book_missing_a_chapter(tmp_path / "log.epub")
    data = ["--data-dir", str(tmp_path / "data")]
    assert main(["import", "--no-analysis", str(before), str(damaged), str(after), *data]) == 1
    captured = capsys.readouterr()
    assert [line.split("\t")[1] for line in captured.out.splitlines()] == [
        "Bridge tolls",
        "Ferry Log",
    ]
    damage, warning = captured.err.splitlines()
    assert damage.startswith(
        "factreader: fares.docx: is damaged or not a Word document (word/document.xml: "
    )
    assert warning == (
        "factreader: log.epub: chapter 'b.xhtml' is missing from the book; the rest is shown"
    )


def test_analyze_goes_on_past_a_damaged_word_file(
    article_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    damaged = damaged_word_file(tmp_path / "fares.docx")
    after = word_file(tmp_path / "tolls.docx", "Bridge tolls", "Tolls rise by 5% in June.")
    paths = [str(article_file), str(damaged), str(after)]
    assert main(["analyze", *paths, "--format", "jsonl"]) == 1
    captured = capsys.readouterr()
    titles = [json.loads(line)["title"] for line in captured.out.splitlines()]
    assert titles == ["Mill closure confirmed", "Bridge tolls"]
    assert captured.err.startswith("factreader: fares.docx: is damaged or not a Word document")


def test_a_search_that_finds_nothing_says_so_in_one_line(
    article_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = ["--data-dir", str(tmp_path / "data")]
    assert main(["import", "--no-analysis", str(article_file), *data]) == 0
    capsys.readouterr()
    assert main(["search", "hardest", "decision", *data]) == 0
    assert "Mill closure confirmed" in capsys.readouterr().out
    assert main(["search", "hovercraft", "fares", *data]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == "factreader: nothing found for 'hovercraft fares'\n"


@pytest.mark.parametrize(
    "command",
    [
        ["notes", "list", ""],
        ["corrections", "list", ""],
        ["export", "", "--all", "-o", "out"],
        ["figures", ""],
        ["facts", ""],
    ],
)
def test_an_empty_article_is_refused_not_read_as_every_article(
    article_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    command: list[str],
) -> None:
    monkeypatch.chdir(tmp_path)  # where an export would go
    data = ["--data-dir", str(tmp_path / "data")]
    assert main(["import", "--no-analysis", str(article_file), *data]) == 0
    assert main(["notes", "add", str(article_file), "--quote", "mill", *data]) == 0
    capsys.readouterr()
    with pytest.raises(SystemExit) as refused:
        main([*command, *data])
    assert refused.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""  # 'notes list ""' listed every note
    assert "an empty ARTICLE names no article" in captured.err


def no_log_folder(tmp_path: Path) -> Path:
    """A data folder where the log folder cannot be made: a file has its name."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "logs").write_text("not a folder", encoding="utf-8")
    return data


def test_a_damaged_store_without_a_log_is_told_in_factreader_lines_only(
    tmp_path: Path, article_file: Path
) -> None:
    data = no_log_folder(tmp_path)
    (data / "factreader.sqlite3").write_bytes(b"not a database at all")
    shot = tmp_path / "shot.png"
    shown = factreader("--data-dir", str(data), "--screenshot", str(shot), str(article_file))
    assert shown.returncode == 0 and shot.exists(), shown.stderr
    assert "was damaged" in shown.stderr
    # the store's log line came raw too: 'store …/factreader.sqlite3 damaged (…), kept as …'
    ours = [line for line in shown.stderr.splitlines() if "propagateSizeHints" not in line]
    assert all(line.startswith("factreader: ") for line in ours)  # Qt's offscreen plugin aside


def test_a_bug_without_a_log_is_one_factreader_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader import store_cli

    def bug(argv: object) -> int:
        raise RuntimeError("a bug")

    monkeypatch.setitem(store_cli.COMMANDS, "who", bug)
    assert main(["who", "--data-dir", str(no_log_folder(tmp_path))]) == 70
    err = capsys.readouterr().err
    assert "Traceback" not in err  # the log's traceback came raw onto the terminal
    assert all(line.startswith("factreader: ") for line in err.splitlines())
    assert "RuntimeError: a bug" in err
