"""The Markdown export as its readers open it: parsed by real YAML and Markdown parsers."""

from __future__ import annotations

import csv
import html
import io
import os
import re
import stat
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from reader.cli import main
from reader.core.analysis import Analyzer
from reader.core.correcting import write_gold
from reader.core.escaping import unescape_note
from reader.core.export import (
    BEGIN_MARK,
    END_MARK,
    ExportError,
    ExportExistsError,
    article_markdown,
    block_quote,
    write_export,
    write_file,
)
from reader.core.loading import article_from_text
from reader.core.model import Analysis
from reader.core.schema import analysis_json, analysis_markdown
from reader.core.store import Store
from tests.helpers import factreader, new_window, store_article, wait_for_writes

TEXT = (
    'Budget: "Year One"\n'
    "The council will spend £12m on the harbour wall, the mayor said.\n"
    "> Quoted lines and `code` and # signs appear in articles too.\n"
    "Critics called the plan rushed."
)

tricky = st.text(alphabet="ab #>-=*_`~<!\\\n ", min_size=1, max_size=60).filter(
    lambda s: s.strip() != ""
)


def export_of(tmp_path: Path, bodies: list[str], title: str = 'Budget: "Year One"') -> str:
    store = Store.open(tmp_path)
    text = TEXT.replace('Budget: "Year One"', title)
    stored = store.add_article(article_from_text(text, source="budget.txt", title=title))
    article = store.article(stored.id)
    assert article is not None
    wall = text.index("the harbour wall")
    tricky_line = text.index("> Quoted")
    for number, body in enumerate(bodies):
        if number % 2:
            store.add_note(stored.id, tricky_line, tricky_line + 40, body, ["odd: tag"])
        else:
            store.add_note(stored.id, wall, wall + 16, body, ["wall"])
    summary = store.article_summary(stored.id)
    assert summary is not None
    markdown = article_markdown(article, summary, store.notes(stored.id))
    store.close()
    return markdown


def front_matter(markdown: str) -> dict[str, object]:
    assert markdown.startswith("---\n")
    loaded = yaml.safe_load(markdown.split("\n---\n", 1)[0].removeprefix("---\n"))
    assert isinstance(loaded, dict)
    return loaded


def without_front_matter(markdown: str) -> str:
    """What a Markdown reader renders: front matter is metadata to Obsidian, Zotero, Readwise."""
    return markdown.split("\n---\n", 1)[1]


def as_read(markdown: str) -> str:
    """Text as CommonMark reads it: a backslash before punctuation and an entity are the
    character they stand for."""
    return html.unescape(re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown))


def note_bodies(markdown: str) -> list[tuple[str, str]]:
    """(quote, body) per note, read back from the parsed Markdown's source lines."""
    markdown = without_front_matter(markdown)
    lines = markdown.split("\n")
    tokens = MarkdownIt("commonmark").parse(markdown)
    found: list[tuple[str, str]] = []
    depth = 0
    for token in tokens:
        if token.type == "blockquote_open":
            if depth == 0 and token.level == 0:  # a quote in a list item is the note's own
                assert token.map is not None
                quote_lines = lines[token.map[0] : token.map[1]]
                end = token.map[1]
                rest: list[str] = []
                for line in lines[end:]:
                    if line.startswith("Paragraph ") and " ^note-" in line:
                        break
                    rest.append(line)
                body = "\n".join(r for r in rest if not r.startswith("Tags: ")).strip()
                quote = "\n".join(q.removeprefix(">").removeprefix(" ") for q in quote_lines)
                found.append((as_read(quote.strip()), unescape_note(body)))
            depth += 1
        elif token.type == "blockquote_close":
            depth -= 1
    return found


@given(bodies=st.lists(tricky, min_size=1, max_size=3))
@settings(max_examples=60, deadline=None)
def test_any_note_keeps_the_layout_and_round_trips(
    tmp_path_factory: pytest.TempPathFactory, bodies: list[str]
) -> None:
    markdown = export_of(tmp_path_factory.mktemp("store"), bodies)
    tokens = MarkdownIt("commonmark").parse(without_front_matter(markdown))
    headings = [t.tag for t in tokens if t.type == "heading_open" and t.level == 0]
    assert headings == ["h1", "h2"]  # the title and "Notes": no note adds a heading
    notes = note_bodies(markdown)
    # Notes are listed in reading order: those on the harbour wall, then those on the "> " line.
    in_order = bodies[0::2] + bodies[1::2]
    assert [body for _, body in notes] == [b.strip() for b in in_order]
    quotes = ["the harbour wall"] * len(bodies[0::2])
    quotes += [TEXT[TEXT.index("> Quoted") :][:40].strip()] * len(bodies[1::2])
    assert [quote for quote, _ in notes] == quotes
    assert markdown.count(" ^note-") == len(bodies)


passages = st.text(alphabet="ab1 #>-+=*_`~<&!\\[]()|.:/\n", min_size=1, max_size=80)


@given(passage=passages)
@settings(max_examples=200, deadline=None)
def test_a_passage_is_shown_as_written_in_a_block_quote(passage: str) -> None:
    """Whatever Markdown an article's words hold, quoted in an export they are one block quote of
    plain paragraphs: no link, image, emphasis, code, heading, list or HTML, and every line's
    words as the article has them."""
    quote = "\n".join(block_quote(passage))
    tokens = MarkdownIt("commonmark").parse(quote)
    blocks = {t.type for t in tokens}
    assert blocks <= {"blockquote_open", "blockquote_close", "paragraph_open", "paragraph_close",
                      "inline"}  # fmt: skip
    paragraphs = [t.children or [] for t in tokens if t.type == "inline"]
    assert {child.type for children in paragraphs for child in children} <= {"text", "softbreak"}
    read = "\n".join(
        "".join("\n" if child.type == "softbreak" else child.content for child in children)
        for children in paragraphs
    )
    lines = [" ".join(line.split()) for line in passage.strip().split("\n")]
    assert read == "\n".join(line for line in lines if line)


def test_front_matter_is_valid_yaml_with_awkward_titles(tmp_path: Path) -> None:
    title = 'Budget: "Year One" # draft — \\ part 2'
    meta = front_matter(export_of(tmp_path, ["body"], title=title))
    assert meta["title"] == title
    assert meta["source"] == "budget.txt"
    assert meta["tags"] == ["wall"]
    assert {"created", "exported"} <= set(meta)


def test_reexport_keeps_what_the_user_wrote_around_it(tmp_path: Path) -> None:
    out = tmp_path / "notes.md"
    write_export(out, export_of(tmp_path / "a", ["first"]))
    user_text = out.read_text(encoding="utf-8") + "\n## My own thoughts\n\nKeep this.\n"
    out.write_text(user_text, encoding="utf-8")
    write_export(out, export_of(tmp_path / "b", ["first", "second"]))
    again = out.read_text(encoding="utf-8")
    assert "Keep this." in again
    assert again.count(BEGIN_MARK) == 1 and again.count(END_MARK) == 1
    assert [b for _, b in note_bodies(again)] == ["first", "second"]
    front_matter(again)


def test_foreign_file_is_not_overwritten_without_force(tmp_path: Path) -> None:
    out = tmp_path / "mine.md"
    out.write_text("# My own file\n", encoding="utf-8")
    with pytest.raises(ExportExistsError, match="not a Fact Reader export"):
        write_export(out, export_of(tmp_path / "s", ["x"]))
    assert out.read_text(encoding="utf-8") == "# My own file\n"
    write_export(out, export_of(tmp_path / "s2", ["x"]), force=True)
    assert BEGIN_MARK in out.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.md", "s", "s2"]  # no temp file


def test_command_line_import_note_list_export(tmp_path: Path) -> None:
    article = tmp_path / "harbour.txt"
    article.write_text(TEXT, encoding="utf-8")
    data = ["--data-dir", str(tmp_path / "data")]
    imported = factreader("import", str(article), *data)
    assert imported.returncode == 0, imported.stderr
    article_id = imported.stdout.split("\t")[0]
    added = factreader(
        "notes",
        "add",
        article_id,
        "--quote",
        "harbour wall",
        "--body",
        "# not a heading",
        "--tag",
        "infra",
        *data,
    )
    assert added.returncode == 0, added.stderr
    missing = factreader("notes", "add", article_id, "--quote", "no such words", *data)
    assert missing.returncode == 1 and "not in" in missing.stderr
    listed = factreader("notes", "list", *data)
    assert "harbour wall" in listed.stdout and "#infra" in listed.stdout
    out = tmp_path / "out.md"
    exported = factreader("export", article_id, "-o", str(out), *data)
    assert exported.returncode == 0, exported.stderr
    assert [b for _, b in note_bodies(out.read_text(encoding="utf-8"))] == ["# not a heading"]
    (tmp_path / "other.md").write_text("mine\n", encoding="utf-8")
    refused = factreader("export", article_id, "-o", str(tmp_path / "other.md"), *data)
    assert refused.returncode == 1 and "--force" in refused.stderr
    with_facts = factreader("export", article_id, "-o", str(out), "--with-facts", *data)
    assert with_facts.returncode == 0, with_facts.stderr
    exported_text = out.read_text(encoding="utf-8")
    assert "## Who said what" in exported_text
    assert "**£12 million**" in exported_text  # the amount, with its sentence
    everything = factreader("export", "--all", "-o", str(tmp_path / "all"), *data)
    assert everything.returncode == 0, everything.stderr
    assert len(list((tmp_path / "all").glob("*.md"))) == 1


def test_markup_in_a_quoted_passage_stays_text(tmp_path: Path) -> None:
    hostile = (
        "Harbour\n\nThe mayor said <script>alert(1)</script> and "
        '<img src=x onerror="alert(2)"> & more.'
    )
    store = Store.open(tmp_path)
    stored = store.add_article(article_from_text(hostile, source="hostile.txt"))
    article = store.article(stored.id)
    assert article is not None
    start = hostile.index("The mayor")
    store.add_note(stored.id, start, len(hostile), "Check this", [])
    summary = store.article_summary(stored.id)
    assert summary is not None
    markdown = article_markdown(article, summary, store.notes(stored.id))
    store.close()
    html = MarkdownIt().render(without_front_matter(markdown))
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # shown, as words


# --- marker text that comes from the article or a note (issue 14, fault 3) ----------------------

BEFORE = "My intro, kept above the notes.\n\n"
AFTER = "\n## My own thoughts\n\nKeep this, and <!-- my own comment --> too.\n"


def with_user_text(export: str, before: str = BEFORE, after: str = AFTER) -> str:
    """The export as a user edits it: their text between the front matter and the marked part,
    and after it."""
    at = export.index("\n" + BEGIN_MARK + "\n") + 1
    return export[:at] + before + export[at:] + after


def reexported_three_times(out: Path, fresh: str, edited: str) -> list[str]:
    out.write_text(edited, encoding="utf-8")
    found = []
    for _ in range(3):
        write_export(out, fresh)
        found.append(out.read_text(encoding="utf-8"))
    return found


@pytest.mark.parametrize("mark", [BEGIN_MARK, END_MARK], ids=["begin", "end"])
def test_a_title_holding_a_marker_keeps_the_users_text(tmp_path: Path, mark: str) -> None:
    title = f"Leaked {mark} comment"
    fresh = export_of(tmp_path / "store", ["first"], title=title)
    out = tmp_path / "notes.md"
    write_export(out, fresh)
    for again in reexported_three_times(out, fresh, with_user_text(fresh)):
        assert again == with_user_text(fresh)  # the user's text exactly, our part once
    assert front_matter(fresh)["title"] == title  # still the title, to a YAML reader
    html = MarkdownIt("commonmark").render(without_front_matter(fresh))
    assert "<h1>Leaked &lt;!-- factreader:" in html  # and to a Markdown reader, as text


def test_a_marker_in_a_note_passage_or_fact_does_not_grow_the_file(
    tmp_path: Path, analyzer: Analyzer
) -> None:
    text = (
        "Harbour\n"
        f'"The wall {END_MARK} must be built," Mayor Ines Duarte said on Monday.\n'
        "The council will spend £12m on the harbour wall.\n"
    )
    store = Store.open(tmp_path / "store")
    stored = store.add_article(article_from_text(text, source="wall.txt"))
    article = store.article(stored.id)
    assert article is not None
    start = text.index("The wall")
    passage_end = text.index(END_MARK) + len(END_MARK)
    store.add_note(stored.id, start, passage_end, f"Odd:\n{END_MARK}\n{BEGIN_MARK}\nend", ["x"])
    summary = store.article_summary(stored.id)
    assert summary is not None
    analysis = analyzer.analyze(article)
    fresh = article_markdown(article, summary, store.notes(stored.id), analysis)
    store.close()
    assert "## Who said what" in fresh and "must be built" in fresh  # the fact is in the export
    out = tmp_path / "notes.md"
    write_export(out, fresh)
    for again in reexported_three_times(out, fresh, with_user_text(fresh)):
        assert again == with_user_text(fresh)
    (quote, body), *_ = note_bodies(fresh)
    assert END_MARK in quote and body == f"Odd:\n{END_MARK}\n{BEGIN_MARK}\nend"  # shown as is


def test_markers_the_user_quotes_or_indents_are_their_own_text(tmp_path: Path) -> None:
    fresh = export_of(tmp_path / "store", ["first"])
    out = tmp_path / "notes.md"
    before = f"How an export looks:\n\n> {BEGIN_MARK}\n\n    {END_MARK}\n\n"
    after = f"\n> {END_MARK}\n"
    write_export(out, fresh)
    edited = with_user_text(fresh, before, after)
    for again in reexported_three_times(out, fresh, edited):
        assert again == edited


# --- what an export may be written to (issue 14, fault 4) ----------------------------------------


def stored_article(data: Path) -> str:
    store = Store.open(data)
    stored = store.add_article(article_from_text(TEXT, source="budget.txt"))
    store.close()
    return stored.id


@pytest.mark.parametrize("kind", ["device", "fifo"])
def test_a_device_or_fifo_is_refused_even_with_force(tmp_path: Path, kind: str) -> None:
    if kind == "device":
        target = Path("/dev/full")
        if not target.exists() or not stat.S_ISCHR(target.stat().st_mode):
            pytest.skip("no /dev/full here")
        is_still = stat.S_ISCHR
    else:
        target = tmp_path / "pipe.md"
        os.mkfifo(target)
        is_still = stat.S_ISFIFO
    data = tmp_path / "data"
    article_id = stored_article(data)
    for force in ([], ["--force"]):
        refused = factreader(
            "export", article_id, "-o", str(target), *force, "--data-dir", str(data), guarded=True
        )
        assert refused.returncode == 1
        assert refused.stderr.count("\n") == 1 and "not a regular file" in refused.stderr
        assert is_still(os.lstat(target).st_mode)


def test_force_does_not_replace_a_device_node(tmp_path: Path) -> None:
    node = tmp_path / "null.md"
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # what /dev/null is
    except PermissionError:
        pytest.skip("device nodes cannot be made here")
    with pytest.raises(ExportError, match="not a regular file"):
        write_export(node, export_of(tmp_path / "store", ["x"]), force=True)
    assert stat.S_ISCHR(os.lstat(node).st_mode)


def test_export_keeps_the_files_permissions(tmp_path: Path) -> None:
    fresh = export_of(tmp_path / "store", ["x"])
    out = tmp_path / "notes.md"
    umask = os.umask(0o022)
    try:
        write_export(out, fresh)
    finally:
        os.umask(umask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o644  # a new file, as any program makes one
    out.chmod(0o640)
    write_export(out, fresh)
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    mine = tmp_path / "mine.md"
    mine.write_text("mine\n", encoding="utf-8")
    mine.chmod(0o604)
    write_export(mine, fresh, force=True)
    assert stat.S_IMODE(mine.stat().st_mode) == 0o604


def test_export_through_a_symlink_writes_its_target(tmp_path: Path) -> None:
    fresh = export_of(tmp_path / "store", ["x"])
    (tmp_path / "vault").mkdir()
    target = tmp_path / "vault" / "notes.md"
    link = tmp_path / "notes.md"
    link.symlink_to(Path("vault") / "notes.md")
    write_export(target, fresh)
    target.write_text(with_user_text(target.read_text(encoding="utf-8")), encoding="utf-8")
    write_export(link, fresh)
    assert link.is_symlink() and os.readlink(link) == str(Path("vault") / "notes.md")
    assert target.read_text(encoding="utf-8") == with_user_text(fresh)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.md", "store", "vault"]
    assert [p.name for p in target.parent.iterdir()] == ["notes.md"]


def test_a_dangling_symlink_is_refused_and_nothing_is_made_where_it_points(
    tmp_path: Path,
) -> None:
    fresh = export_of(tmp_path / "store", ["x"])
    (tmp_path / "vault").mkdir()
    link = tmp_path / "notes.md"
    link.symlink_to(Path("vault") / "deleted.md")  # the note was deleted from the vault
    into_nowhere = tmp_path / "old-notes.md"
    into_nowhere.symlink_to(tmp_path / "unmounted" / "drive" / "notes.md")
    for path in (link, into_nowhere):
        for force in (False, True):
            with pytest.raises(ExportError, match=r"symbolic link to .*, which does not exist"):
                write_export(path, fresh, force=force)
        with pytest.raises(ExportError, match="which does not exist"):
            write_file(path, "title,low\n")
        assert path.is_symlink()
    assert list((tmp_path / "vault").iterdir()) == [] and not (tmp_path / "unmounted").exists()
    data = tmp_path / "data"
    refused = factreader("export", stored_article(data), "-o", str(link), "--data-dir", str(data))
    assert refused.returncode == 1 and refused.stderr.count("\n") == 1
    assert "which does not exist" in refused.stderr and not (tmp_path / "vault/deleted.md").exists()
    with pytest.raises(ExportError, match="which does not exist"):
        write_gold(link, [{"id": "x", "text": "t"}])  # `corrections export -o`, the same care


def test_an_export_into_a_missing_folder_says_so_and_makes_none(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fresh = export_of(tmp_path / "store", ["x"])
    typo = tmp_path / "Vualt" / "2026" / "notes.md"  # the vault's name mistyped
    said = re.escape(f"the folder {typo.parent} does not exist")
    for write in (lambda: write_export(typo, fresh), lambda: write_file(typo, "title\n")):
        with pytest.raises(ExportError, match=said):
            write()
    assert not (tmp_path / "Vualt").exists()
    data = str(tmp_path / "data")
    article_id = stored_article(Path(data))
    for command in (["export", article_id], ["export", "--all"]):
        assert main([*command, "-o", str(typo.parent), "--data-dir", data]) == 1
        assert "does not exist" in capsys.readouterr().err
        assert not (tmp_path / "Vualt").exists()
    # --all -o FOLDER names a folder to export into: that folder is made, and the reader told.
    folder = tmp_path / "exports"
    assert main(["export", "--all", "-o", str(folder), "--data-dir", data]) == 0
    out, err = capsys.readouterr()
    assert err == f"factreader: made the folder {folder}\n"
    assert [Path(line).parent for line in out.splitlines()] == [folder]
    assert main(["export", "--all", "-o", str(folder), "--data-dir", data]) == 0
    assert capsys.readouterr().err == ""  # there already: nothing to say
    (tmp_path / "a-file").write_text("mine\n", encoding="utf-8")
    assert main(["export", "--all", "-o", str(tmp_path / "a-file"), "--data-dir", data]) == 1
    assert "is not a folder" in capsys.readouterr().err


def test_reexport_keeps_hard_links_shared(tmp_path: Path) -> None:
    out = tmp_path / "notes.md"
    write_export(out, export_of(tmp_path / "a", ["first"]))
    other = tmp_path / "also-in-my-vault.md"
    os.link(out, other)
    second = export_of(tmp_path / "b", ["first", "second"])
    write_export(out, second)
    assert out.read_text(encoding="utf-8") == other.read_text(encoding="utf-8") == second
    assert out.stat().st_ino == other.stat().st_ino and out.stat().st_nlink == 2


def test_a_killed_exports_temporary_file_does_not_stay(tmp_path: Path) -> None:
    out = tmp_path / "notes.md"
    # What an export killed while writing leaves: its temporary file beside the target.
    stale = tmp_path / ".notes.md.dead0000dead0000.factreader-tmp"
    stale.write_text("half an exp", encoding="utf-8")
    two_hours_ago = time.time() - 2 * 3600
    os.utime(stale, (two_hours_ago, two_hours_ago))
    # Another export to the same file, writing right now: its file is young.
    in_progress = tmp_path / ".notes.md.b0b0b0b0b0b0b0b0.factreader-tmp"
    in_progress.write_text("being written", encoding="utf-8")
    # Left by exports to other files: not this export's to remove.
    other_files = [
        tmp_path / ".other.md.dead0000dead0000.factreader-tmp",
        tmp_path / ".notes.md.backup.dead0000dead0000.factreader-tmp",
    ]
    for other in other_files:
        other.write_text("half an exp", encoding="utf-8")
        os.utime(other, (two_hours_ago, two_hours_ago))
    write_export(out, export_of(tmp_path / "store", ["x"]))
    assert not stale.exists()
    assert in_progress.exists() and all(other.exists() for other in other_files)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["notes.md", "store", in_progress.name, *(other.name for other in other_files)]
    )


def test_a_huge_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    huge = tmp_path / "huge.md"
    with huge.open("wb") as handle:
        handle.truncate(60 * 1024 * 1024)  # sparse: no disk space, no time
    fresh = export_of(tmp_path / "store", ["x"])
    for force in (False, True):
        with pytest.raises(ExportError, match="too large"):
            write_export(huge, fresh, force=force)
    assert huge.stat().st_size == 60 * 1024 * 1024


@contextmanager
def answering(button: QMessageBox.StandardButton) -> Iterator[list[str]]:
    """Answer the question the window asks next with ``button``; yields what it asked."""
    asked: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            asked.append(box.text())
            box.button(button).click()

    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(answer)
    timer.start(0)
    try:
        yield asked
    finally:
        timer.stop()


def test_the_window_asks_only_about_a_file_that_is_not_an_export(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = new_window(qtbot, tmp_path / "data")
    fresh = export_of(tmp_path / "store", ["x"])
    folder = tmp_path / "notes --force.md"  # an error that happens to mention --force
    folder.mkdir()

    def exporting(path: Path) -> Callable[[bool], None]:
        return lambda force: write_export(path, fresh, force=force)

    with answering(QMessageBox.StandardButton.Yes) as asked:
        assert not window.exporter.write(folder, exporting(folder))
    assert asked == [] and "is a folder" in window.message.label.text()
    mine = tmp_path / "mine.md"
    mine.write_text("mine\n", encoding="utf-8")
    with answering(QMessageBox.StandardButton.No) as asked:
        assert not window.exporter.write(mine, exporting(mine))
    assert len(asked) == 1 and mine.read_text(encoding="utf-8") == "mine\n"
    with answering(QMessageBox.StandardButton.Yes) as asked:
        assert window.exporter.write(mine, exporting(mine))
    assert len(asked) == 1 and mine.read_text(encoding="utf-8") == fresh
    window.close()


GUESSED = (
    "Ferry fares\n\n"
    "Mayor Irene Kowalczyk opened the new quay on Monday. "
    "She said the ferries would return to the harbour by the spring."
)


def test_a_guessed_speaker_is_marked_in_the_json_and_the_markdown(
    analyze: Callable[[str], Analysis], tmp_path: Path
) -> None:
    article = article_from_text(GUESSED)
    analysis = analyze(GUESSED)
    record = analysis_json(article, analysis)
    item = next(a for a in record["attributions"] if "ferries would return" in a["content"]["text"])
    assert item["needs_review"] is True and "pronoun" in item["review_reason"]
    report = analysis_markdown(article, analysis)
    line = next(x for x in report.splitlines() if "ferries would return" in x)
    assert line.startswith("- ⚠ check: **Irene Kowalczyk**") and "pronoun" in line
    store = Store.open(tmp_path / "data")
    export = article_markdown(article, store.add_article(article), [], analysis)
    store.close()
    line = next(x for x in export.splitlines() if "ferries would return" in x)
    assert "⚠ check:" in line and "she" in line.lower()


FERRY_LINK = (
    "Ferry link for Skerrin\n\n"
    "Councillor Maud Ferrant said the island would get up to £820,000 ($1m) for a ferry "
    "link of 10 miles (16km). She said fares would fall by 30%, saving £40 (€46) a trip.\n"
)


def test_markdown_lists_an_amount_with_its_bracketed_equivalent_and_its_speaker(
    analyze: Callable[[str], Analysis], tmp_path: Path
) -> None:
    """As the panel, the Figures view and the CSV show them: "up to £820,000 (US$1 million)"
    on one row, no row of its own for the equivalent; whose words hold it, a guess marked."""
    article = article_from_text(FERRY_LINK, source="ferry.txt")
    analysis = analyze(FERRY_LINK)
    store = Store.open(tmp_path / "data")
    export = article_markdown(article, store.add_article(article), [], analysis)
    store.close()
    guess = "⚠ check: Maud Ferrant *(from the pronoun “She”, named one sentence earlier)*"
    for report in (analysis_markdown(article, analysis), export):
        money = report.split("## Money\n\n")[1].split("\n\n")[0].splitlines()
        figures = report.split("## Figures\n\n")[1].split("\n\n")[0].splitlines()
        assert len(money) == 2  # "$1m" and "€46" are no amounts of their own
        assert money[0].startswith(
            "- **up to £820,000 (US$1 million)** — Maud Ferrant: “Councillor"
        )
        assert money[1].startswith(f"- **£40 (€46)** — {guess}: “She said fares")
        assert [line.split(" — ")[0] for line in figures] == [
            "- **10 mile (16 kilometre)**",
            "- **30 percent (fall)**",
        ]


# --- text from an article or the user that holds HTML or a formula (issue 28) ------------------

HOSTILE = "<img src=x onerror=alert(1)>"
SHOWN = "&lt;img src=x onerror=alert(1)&gt;"  # the same, as words on the page
# Markdown in an article's words: a live link, a remote image (a tracker) and bold in an export.
MARKED = (
    "[the new deck](http://evil.example/x), _at last_ and **£5m** ![](http://tracker.example/p)"
)
PIER = (
    f"Pier repairs {HOSTILE} approved\n\n"
    f"The town will spend £3m {HOSTILE} on the pier, the treasurer said on Tuesday. "
    f'"We have waited long enough for {MARKED}," said Harbourmaster Odile Brannigan. '
    "Visitor numbers rose by 12% last summer."
)
SPEAKER = f"Odile {HOSTILE} Brannigan"  # an analyst's correction, pasted from a web page


def hostile_library(data: Path, analyzer: Analyzer) -> str:
    """A store holding PIER, analysed, with a tagged note and a corrected speaker."""
    store = Store.open(data)
    article_id = store_article(store, analyzer, PIER, "pier")
    at = PIER.index("the pier")
    store.add_note(article_id, at, at + len("the pier"), "Check the sum", [HOSTILE, "to check"])
    at = PIER.index(MARKED)
    store.add_note(article_id, at, at + len(MARKED), "Which deck?", [])
    store.close()
    speaker = ["--quote", "waited", "--speaker", SPEAKER]
    assert main(["correct", article_id, *speaker, "--data-dir", str(data)]) == 0
    return article_id


def rendered(markdown: str) -> str:
    """The HTML a Markdown viewer makes of an export (raw HTML allowed, as CommonMark does)."""
    body = without_front_matter(markdown) if markdown.startswith("---\n") else markdown
    assert "<img" not in body
    return str(MarkdownIt("commonmark").render(body))


def assert_markdown_is_words(html: str, name: str) -> None:
    """The article's link, image and emphasis are shown as written: no link to the address,
    no image loaded, nothing bold or slanted that the article did not make so."""
    assert "evil.example" in html and "tracker.example" in html, name
    assert "<a " not in html.replace('<a href="file://', ""), name  # the article's own source
    assert "<img" not in html and "<em>at last</em>" not in html, name
    assert "<strong>£5m</strong>" not in html and "**£5m**" in html, name
    assert "[the new deck](http://evil.example/x)" in html, name
    assert "![](http://tracker.example/p)" in html and "_at last_" in html, name


def test_html_and_markdown_in_a_title_sentence_quote_tag_or_name_are_escaped_everywhere(
    tmp_path: Path, analyzer: Analyzer, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    article_id = hostile_library(data, analyzer)
    store = ["--data-dir", str(data)]
    notes, with_facts, dossier = tmp_path / "n.md", tmp_path / "f.md", tmp_path / "d.md"
    assert main(["export", article_id, "-o", str(notes), *store]) == 0
    assert main(["export", article_id, "-o", str(with_facts), "--with-facts", *store]) == 0
    assert main(["dossier", SPEAKER, "-o", str(dossier), *store]) == 0
    capsys.readouterr()
    assert main(["facts", article_id, "--format", "markdown", *store]) == 0
    facts = capsys.readouterr().out
    article = article_from_text(PIER, source="pier.txt")
    analyzed = analysis_markdown(article, analyzer.analyze(article))  # analyze --format markdown
    title, tag = f"Pier repairs {SHOWN} approved", "#&lt;img-src=x-onerror=alert(1)&gt;"
    speaker, sentence = f"Odile {SHOWN} Brannigan", f"£3m {SHOWN} on the pier"
    expected = {
        "export": (notes.read_text(encoding="utf-8"), [f"<h1>{title}</h1>", tag, "#to-check"]),
        "export --with-facts": (
            with_facts.read_text(encoding="utf-8"),
            [f"<h1>{title}</h1>", tag, f"<strong>{speaker}</strong>", sentence],
        ),
        "dossier": (dossier.read_text(encoding="utf-8"), [f"<h1>{speaker}</h1>", title]),
        "facts": (facts, [f"<h1>{title}</h1>", f"<strong>{speaker}</strong>", sentence]),
        "analyze": (analyzed, [f"<h1>{title}</h1>", sentence]),
    }
    for name, (markdown, shown) in expected.items():
        html = rendered(markdown)
        assert "<img" not in html, name
        assert all(text in html for text in shown), (name, [t for t in shown if t not in html])
        assert_markdown_is_words(html, name)
    assert front_matter(notes.read_text(encoding="utf-8"))["tags"] == [HOSTILE, "to check"]


def test_the_windows_exports_escape_html_too(
    qtbot: QtBot, tmp_path: Path, analyzer: Analyzer
) -> None:
    data = tmp_path / "data"
    hostile_library(data, analyzer)
    window = new_window(qtbot, data)
    folder = tmp_path / "vault"
    folder.mkdir()
    assert window.exporter.export_all_notes(folder)
    assert window.exporter.export_dossier(SPEAKER, SPEAKER, tmp_path / "dossier.md")
    wait_for_writes(qtbot, window)
    (notes,) = folder.iterdir()
    html = rendered(notes.read_text(encoding="utf-8"))
    assert f"<h1>Pier repairs {SHOWN} approved</h1>" in html
    assert_markdown_is_words(html, "notes")
    html = rendered((tmp_path / "dossier.md").read_text(encoding="utf-8"))
    assert f"<h1>Odile {SHOWN} Brannigan</h1>" in html
    assert_markdown_is_words(html, "dossier")
    window.close()


DUES = (
    '=HYPERLINK("https://example.invalid/x","Harbour dues")\n\n'
    "Harbour dues will rise to £40 a tonne in May, the board's chair said on Monday. "
    "Cargo fell by 6% last year."
)


def test_text_a_spreadsheet_would_run_as_a_formula_is_shown_as_text_in_the_csv(
    qtbot: QtBot, tmp_path: Path, analyzer: Analyzer, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    store = Store.open(data)
    article_id = store_article(store, analyzer, DUES, "dues")
    store.close()
    speaker = ["--quote", "Harbour dues will", "--speaker", "@chair Ilse Marr"]
    assert main(["correct", article_id, *speaker, "--data-dir", str(data)]) == 0
    capsys.readouterr()
    assert main(["figures", "--all", "--data-dir", str(data)]) == 0
    from_command = capsys.readouterr().out
    window = new_window(qtbot, data)
    figures = window.library.show_figures()
    assert figures is not None
    path = figures.write_csv(tmp_path / "figures.csv")
    assert path is not None
    for table in (from_command, path.read_text(encoding="utf-8")):
        rows = {row["text"]: row for row in csv.DictReader(io.StringIO(table))}
        assert rows["£40"]["title"] == "'" + DUES.split("\n")[0]  # shown, never computed
        assert rows["£40"]["speaker"] == "'@chair Ilse Marr"
        assert (rows["£40"]["low"], rows["6%"]["low"]) == ("40.0", "6.0")  # numbers stay numbers
        assert rows["6%"]["sentence"] == "Cargo fell by 6% last year."
    window.close()
