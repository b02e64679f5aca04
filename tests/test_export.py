"""The Markdown export as its readers open it: parsed by real YAML and Markdown parsers."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from reader.core.export import (
    BEGIN_MARK,
    END_MARK,
    ExportError,
    article_markdown,
    unescape_block,
    write_export,
)
from reader.core.loading import article_from_text
from reader.core.store import Store

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
                found.append((unescape_block(quote.strip()), unescape_block(body)))
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
    with pytest.raises(ExportError, match="not a Fact Reader export"):
        write_export(out, export_of(tmp_path / "s", ["x"]))
    assert out.read_text(encoding="utf-8") == "# My own file\n"
    write_export(out, export_of(tmp_path / "s2", ["x"]), force=True)
    assert BEGIN_MARK in out.read_text(encoding="utf-8")
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def factreader(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reader", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=300,
    )


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
