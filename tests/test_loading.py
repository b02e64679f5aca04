"""Loading real files from disk: formats, encodings, clean-up, ids and every kind of bad input."""

from __future__ import annotations

import hashlib
import os
import random
from pathlib import Path

import pytest

from reader.core.errors import (
    BinaryFileError,
    DecodeError,
    EmptyArticleError,
    FileMissingError,
    FileTooLargeError,
    LoadError,
    NotAFileError,
    ReaderError,
    UnreadableFileError,
)
from reader.core.loading import (
    MAX_FILE_BYTES,
    MAX_TITLE_CHARS,
    article_from_text,
    load_article,
    load_article_bytes,
)

QUOTED = "“Café prices rose by £3,” she said — a naïve rise, the owner’s reply was curt."

SAVED_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Council approves £2m budget for new library | Example News</title>
<script>window.dataLayer = [{"page": "story"}];</script>
<style>body { font-family: sans-serif; }</style>
</head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/weather">Weather</a></li></ul></nav>
<header><div class="logo">Example News</div><form><input name="q"> Search</form></header>
<main><article>
<h1>Council approves £2m budget for new library</h1>
<p>The city council on Tuesday approved a £2 million budget for a new central library,
ending a debate that had lasted more than two years.</p>
<p>"This is a great day for readers," said Jane Smith, the council leader, after the vote.
She said construction would begin in the spring.</p>
<p>Opponents argued that the money should have been spent on road repairs, according to a
statement from the opposition group.</p>
</article></main>
<aside><h2>Most read</h2><ul><li><a href="/a">Celebrity chef opens restaurant</a></li></ul></aside>
<footer><p>Copyright 2024 Example News. All rights reserved.</p>
<a href="/privacy">Privacy policy</a> <a href="/cookies">Cookie settings</a></footer>
</body></html>
"""


def write(directory: Path, name: str, content: str | bytes) -> Path:
    path = directory / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


# --- plain text ----------------------------------------------------------------------------


def test_txt_keeps_headline_lines_and_paragraphs(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "story.txt",
        "\n\n  Council approves budget  \n\nThe council met on Tuesday.\nIt voted 7-2.\t\n"
        "\n\n\n\nMs Smith said:\n\tIt is a great day.\n\n",
    )
    article = load_article(path)
    assert article.text == (
        "Council approves budget\n\nThe council met on Tuesday.\nIt voted 7-2.\n\n"
        "Ms Smith said:\n\tIt is a great day."
    )
    assert article.title == "Council approves budget"
    assert article.source == str(path.resolve())


def test_source_is_absolute_even_for_a_relative_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, "story.txt", "Headline\n\nBody.")
    monkeypatch.chdir(tmp_path)
    assert load_article("story.txt").source == str(tmp_path.resolve() / "story.txt")


def test_crlf_and_old_mac_newlines_become_lf(tmp_path: Path) -> None:
    path = write(tmp_path, "windows.txt", b"Headline\r\n\r\nLine one\r\nLine two\rLine three\r\n")
    assert load_article(path).text == "Headline\n\nLine one\nLine two\nLine three"


def test_control_characters_are_removed_but_tabs_kept(tmp_path: Path) -> None:
    path = write(tmp_path, "ctl.txt", "Head\x07line\n\nA\tB\x1b done.\x0cNext page.\x1a")
    assert load_article(path).text == "Headline\n\nA\tB done.\nNext page."


def test_text_is_nfc_normalised(tmp_path: Path) -> None:
    path = write(tmp_path, "nfd.txt", "Cafe\u0301 owner speaks")
    assert load_article(path).text == "Caf\u00e9 owner speaks"


def test_long_first_line_gives_a_capped_title_but_stays_in_the_text(tmp_path: Path) -> None:
    first_line = " ".join(["word"] * 100)
    article = load_article(write(tmp_path, "long.txt", first_line + "\n\nBody."))
    assert len(article.title) <= MAX_TITLE_CHARS
    assert article.title.endswith("word…")
    assert article.text.startswith(first_line + "\n\nBody.")


def test_unknown_extension_is_read_as_text(tmp_path: Path) -> None:
    article = load_article(write(tmp_path, "NOTES.log", "Headline\n\nSome notes."))
    assert (article.title, article.text) == ("Headline", "Headline\n\nSome notes.")


def test_unknown_extension_holding_a_web_page_is_extracted(tmp_path: Path) -> None:
    article = load_article(write(tmp_path, "saved-story", SAVED_PAGE))
    assert article.title == "Council approves £2m budget for new library"
    assert "Privacy policy" not in article.text


# --- markdown ------------------------------------------------------------------------------

MARKDOWN = """<!-- draft: do not publish
     until the vote -->
# Council approves **£2m** budget #

![photo of the library](img/library_(new).jpg)

The *city council* voted on [Tuesday](https://example.com/news_(2024)?id=1) to spend
__£2 million__ on a new library, the `finance_office` said.

> "This is a great day," said Jane Smith.
> > Nested reply.

- First point
* Second point
+ Third point

1. Numbered stays

```python
code **stays** as it is
# not a heading
```

***
An escaped \\*star\\*, 5 * 3 * 2 and snake_case_name.
See <https://example.org> or [the report][rep].

[rep]: https://example.org/report
"""


def test_markdown_markup_is_stripped_and_paragraphs_kept(tmp_path: Path) -> None:
    article = load_article(write(tmp_path, "story.md", MARKDOWN))
    assert article.title == "Council approves £2m budget"
    assert article.text == (
        "Council approves £2m budget\n\n"
        "The city council voted on Tuesday to spend\n"
        "£2 million on a new library, the finance_office said.\n\n"
        '"This is a great day," said Jane Smith.\nNested reply.\n\n'
        "First point\nSecond point\nThird point\n\n"
        "1. Numbered stays\n\n"
        "code **stays** as it is\n# not a heading\n\n"
        "An escaped *star*, 5 * 3 * 2 and snake_case_name.\n"
        "See https://example.org or the report."
    )


def test_markdown_setext_heading_is_the_title_even_after_a_preamble(tmp_path: Path) -> None:
    text = "*Published Tuesday*\n\nBudget day\n==========\nThe council met.\n"
    article = load_article(write(tmp_path, "story.markdown", text))
    assert article.title == "Budget day"
    assert article.text == "Published Tuesday\n\nBudget day\n\nThe council met."


def test_markdown_front_matter_is_the_notes_data_not_its_text(tmp_path: Path) -> None:
    path = tmp_path / "pier.md"
    path.write_text(
        "---\n"
        'title: "Pier levy: \\"a rushed vote\\""\n'
        "author: Lena Okafor\n"
        "date: 2026-03-05\n"
        "source: https://news.example/pier\n"
        "tags: [harbour, levy]\n"
        "---\n\n"
        "# Notes on the pier\n\nSee <file:///notes/pier.txt> for the text.\n",
        encoding="utf-8",
    )
    article = load_article(path)
    assert article.title == 'Pier levy: "a rushed vote"'
    assert (article.author, article.published, article.url) == (
        "Lena Okafor",
        "2026-03-05",
        "https://news.example/pier",
    )
    assert article.text == "Notes on the pier\n\nSee file:///notes/pier.txt for the text."
    ruled = load_article(write(tmp_path, "ruled.md", "---\nThe council met.\n---\nIt voted."))
    assert ruled.text == "The council met.\n\nIt voted."  # rules around prose: its text


def test_markdown_without_heading_takes_the_first_line_as_title(tmp_path: Path) -> None:
    article = load_article(write(tmp_path, "NOTE.MD", "**Breaking:** rates rise\n\nMore soon."))
    assert article.title == "Breaking: rates rise"


# --- html ----------------------------------------------------------------------------------


def test_saved_web_page_gives_article_text_without_boilerplate(tmp_path: Path) -> None:
    article = load_article(write(tmp_path, "story.html", SAVED_PAGE))
    assert article.title == "Council approves £2m budget for new library"
    paragraphs = article.text.split("\n\n")
    assert paragraphs[0] == "Council approves £2m budget for new library"
    assert paragraphs[1].startswith("The city council on Tuesday approved a £2 million budget")
    assert paragraphs[2].startswith('"This is a great day for readers," said Jane Smith')
    assert paragraphs[3].startswith("Opponents argued")
    assert len(paragraphs) == 4
    for boilerplate in ("Weather", "Search", "Most read", "Celebrity", "Copyright", "Cookie"):
        assert boilerplate not in article.text
    assert "dataLayer" not in article.text


def test_saved_page_title_comes_from_the_title_tag_without_an_h1(tmp_path: Path) -> None:
    page = SAVED_PAGE.replace("<h1>Council approves £2m budget for new library</h1>", "")
    article = load_article(write(tmp_path, "story.htm", page))
    assert article.title.startswith("Council approves £2m budget for new library")
    assert article.text.startswith("The city council on Tuesday")


def test_page_trafilatura_rejects_falls_back_to_the_body_text(tmp_path: Path) -> None:
    page = (
        "<html><head><title>Rota</title><style>td {color: red}</style></head><body>"
        "<table><tr><td>Monday: Alice &amp; Bob</td></tr><tr><td>Tuesday: Carol</td></tr>"
        "</table><script>track()</script></body></html>"
    )
    article = load_article(write(tmp_path, "rota.html", page))
    assert article.title == "Rota"
    assert article.text == "Monday: Alice & Bob\n\nTuesday: Carol"


def test_page_declared_as_windows_1252_decodes_its_pound_signs(tmp_path: Path) -> None:
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'
        "<title>Fares</title></head><body><p>Fares rise to £5 “today”.</p></body></html>"
    )
    article = load_article(write(tmp_path, "fares.html", page.encode("cp1252")))
    assert "Fares rise to £5 “today”." in article.text


def test_page_without_any_text_is_empty(tmp_path: Path) -> None:
    page = "<html><head><title>Loading…</title><script>boot()</script></head><body></body></html>"
    with pytest.raises(EmptyArticleError, match=r"^app\.html: no article text found"):
        load_article(write(tmp_path, "app.html", page))


# --- encodings -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [
        ("utf-8", b""),
        ("utf-8", b"\xef\xbb\xbf"),
        ("utf-16-le", b"\xff\xfe"),
        ("utf-16-be", b"\xfe\xff"),
        ("utf-16-le", b""),
        ("utf-16-be", b""),
        ("cp1252", b""),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "utf16le", "utf16be", "cp1252"],
)
def test_encodings_are_detected(tmp_path: Path, encoding: str, prefix: bytes) -> None:
    text = f"Prices\r\n\r\n{QUOTED}\r\nThe £3 rise is the café’s first."
    article = load_article(write(tmp_path, "enc.txt", prefix + text.encode(encoding)))
    assert article.text == f"Prices\n\n{QUOTED}\nThe £3 rise is the café’s first."
    assert not article.text.startswith("\ufeff")


@pytest.mark.parametrize(
    "text",
    [
        "£5 café",
        "Price: £5 “quoted”",
        "Ça coûte 5 euros à Paris",
        "Café … €5 million",  # é is 0xE9, … 0x85 and € 0x80: once read as the Baltic cp775
        "The Café Rouge will spend €5 million… on a new terrace.",
    ],
)
def test_short_legacy_text_is_read_as_windows_1252(tmp_path: Path, text: str) -> None:
    assert load_article(write(tmp_path, "short.txt", text.encode("cp1252"))).text == text


def test_a_cyrillic_code_page_is_not_taken_for_windows_1252(tmp_path: Path) -> None:
    text = "Мэр сказал в понедельник, что портовые сборы снизятся на два пункта с апреля."
    assert load_article(write(tmp_path, "dues.txt", text.encode("cp1251"))).text == text


PRICES = "Café prices: €5 million for the new terrace, the owner said."


def test_the_encoding_a_server_names_is_used() -> None:
    data = PRICES.encode("iso-8859-15")  # Latin-9: € is 0xA4, ¤ in Windows-1252
    assert load_article_bytes(data, "prices", "", declared_charset="ISO-8859-15").text == PRICES


def test_a_latin_1_label_means_windows_1252_and_goes_before_the_pages_own() -> None:
    data = "The Café Rouge said its €5 million terrace opens in May.".encode("cp1252")
    head = b'<html><head><meta charset="iso-8859-2"><title>Terrace</title></head>'
    page = head + b"<body><p>" + data + b"</p></body></html>"
    article = load_article_bytes(page, "terrace.html", ".html", declared_charset="iso-8859-1")
    assert "its €5 million terrace" in article.text


# --- ids and pasted text -------------------------------------------------------------------


def test_id_is_a_hash_of_the_normalised_text(tmp_path: Path) -> None:
    lf = load_article(write(tmp_path, "a.txt", "Headline\n\nBody text."))
    crlf = load_article(write(tmp_path, "b.txt", "Headline\r\n\r\nBody text.\r\n".encode("utf-16")))
    pasted = article_from_text("  Headline\n\n\n\nBody text.  ")
    other = load_article(write(tmp_path, "c.txt", "Headline\n\nBody text!"))
    assert lf.id == crlf.id == pasted.id
    assert lf.id == hashlib.sha256(b"Headline\n\nBody text.").hexdigest()[:16]
    assert other.id != lf.id


def test_pasted_text_keeps_its_source_and_given_title() -> None:
    article = article_from_text("First line\nsecond", title="  My\n title ")
    assert (article.source, article.title) == ("clipboard", "My title")
    assert article_from_text("First line\nsecond", source="drop").title == "First line"


def test_bytes_are_loaded_like_a_file_of_that_suffix() -> None:
    article = load_article_bytes(b"# Title\n\n*Body*", "/tmp/x/dropped.md", "MD")
    assert (article.title, article.text, article.source) == (
        "Title",
        "Title\n\nBody",
        "/tmp/x/dropped.md",
    )


# --- bad input -----------------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FileMissingError) as caught:
        load_article(tmp_path / "report.txt")
    assert str(caught.value) == "report.txt: file not found"


def test_missing_parent_is_a_missing_file(tmp_path: Path) -> None:
    write(tmp_path, "notes.txt", "x")
    with pytest.raises(FileMissingError, match=r"^inner\.txt: file not found$"):
        load_article(tmp_path / "notes.txt" / "inner.txt")


def test_directory(tmp_path: Path) -> None:
    (tmp_path / "notes").mkdir()
    with pytest.raises(NotAFileError) as caught:
        load_article(tmp_path / "notes")
    assert str(caught.value) == "notes: is a directory, not a file"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_named_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    with pytest.raises(NotAFileError, match=r"^pipe: is not a regular file$"):
        load_article(tmp_path / "pipe")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can read anything")
def test_unreadable_file(tmp_path: Path) -> None:
    path = write(tmp_path, "secret.txt", "Top secret")
    path.chmod(0)
    with pytest.raises(UnreadableFileError, match=r"^secret\.txt: permission denied$"):
        load_article(path)


def test_empty_file(tmp_path: Path) -> None:
    with pytest.raises(EmptyArticleError, match=r"^empty\.txt: file is empty$"):
        load_article(write(tmp_path, "empty.txt", b""))


@pytest.mark.parametrize(
    "content", [" \n\t\r\n  \n", "\t  \r\n".encode("utf-16"), b"\xef\xbb\xbf "]
)
def test_whitespace_only_file(tmp_path: Path, content: str | bytes) -> None:
    with pytest.raises(EmptyArticleError, match=r"^blank\.txt: contains only whitespace$"):
        load_article(write(tmp_path, "blank.txt", content))


def test_markdown_with_nothing_but_an_image_is_empty(tmp_path: Path) -> None:
    with pytest.raises(EmptyArticleError, match=r"^pic\.md: contains no text$"):
        load_article(write(tmp_path, "pic.md", "![chart](chart.png)\n"))


def test_pasted_whitespace_is_empty() -> None:
    with pytest.raises(EmptyArticleError, match=r"^clipboard: contains only whitespace$"):
        article_from_text("  \n\n ")


@pytest.mark.parametrize(
    ("header", "kind"),
    [(b"\x89PNG\r\n\x1a\n", "PNG"), (b"PK\x03\x04", "ZIP")],
)
def test_binary_file_with_known_magic_number(tmp_path: Path, header: bytes, kind: str) -> None:
    data = header + random.Random(7).randbytes(2000)
    with pytest.raises(BinaryFileError) as caught:
        load_article(write(tmp_path, "story.txt", data))
    assert str(caught.value) == f"story.txt: looks like a binary file ({kind}), not text"


def test_a_pdf_by_its_magic_number_is_read_as_a_pdf(tmp_path: Path) -> None:
    data = b"%PDF-1.7\n" + random.Random(7).randbytes(2000)
    with pytest.raises(LoadError) as caught:
        load_article(write(tmp_path, "story.txt", data))
    assert str(caught.value).startswith("story.txt: is damaged or not a PDF")


def test_file_with_nul_bytes_is_binary(tmp_path: Path) -> None:
    data = b"Headline\n\nSome text\x00\x00\x01\x02 then \x00 more \xff\xfe\x00 data " * 20
    with pytest.raises(BinaryFileError, match=r"^data\.txt: looks like a binary file"):
        load_article(write(tmp_path, "data.txt", data))


def test_control_character_soup_without_nuls_is_binary(tmp_path: Path) -> None:
    rng = random.Random(3)
    data = bytes(rng.randrange(1, 32) for _ in range(3000))
    with pytest.raises(BinaryFileError, match=r"^blob: looks like a binary file"):
        load_article(write(tmp_path, "blob", data))


def test_sparse_file_over_the_default_limit_is_too_large(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(FileTooLargeError) as caught:
        load_article(path)
    assert str(caught.value) == "huge.txt: file is 50.1 MB, over the 50 MB limit"


def test_size_limit_is_a_parameter(tmp_path: Path) -> None:
    path = write(tmp_path, "story.txt", "Headline\n\n" + "word " * 300)
    assert load_article(path, max_bytes=2000).title == "Headline"
    with pytest.raises(FileTooLargeError, match=r"^story\.txt: file is 1\.5 KB, over the 1000"):
        load_article(path, max_bytes=1000)
    with pytest.raises(FileTooLargeError, match=r"^drop\.txt: file is"):
        load_article_bytes(path.read_bytes(), "drop.txt", ".txt", max_bytes=1000)


def test_random_high_bytes_are_undecodable(tmp_path: Path) -> None:
    rng = random.Random(11)
    data = bytes(rng.randrange(0x80, 0x100) for _ in range(4000))  # no NULs, no magic
    with pytest.raises(DecodeError) as caught:
        load_article(write(tmp_path, "mystery.txt", data))
    assert str(caught.value) == "mystery.txt: cannot be decoded as text in any known encoding"


def test_broken_utf16_after_its_bom_is_undecodable(tmp_path: Path) -> None:
    data = b"\xff\xfe" + "Headline".encode("utf-16-le") + b"\x00\xd8\x41\x00"  # lone surrogate
    with pytest.raises(DecodeError, match=r"^bad\.txt: is not valid UTF-16-LE text$"):
        load_article(write(tmp_path, "bad.txt", data))


def test_every_load_error_is_a_reader_error_with_a_one_line_message() -> None:
    error = FileMissingError("two\nlines.txt")
    assert isinstance(error, LoadError)
    assert isinstance(error, ReaderError)
    assert str(error) == "two lines.txt: file not found"


def test_utf8_with_one_damaged_byte_stays_utf8(tmp_path: Path) -> None:
    good = "Harbour dues\n\nThe mayor — and the dockers — said “no” to the plan.\n" * 20
    data = good.encode("utf-8")
    data = data[:100] + b"\xff" + data[101:]  # one byte of the file is damaged
    article = load_article(write(tmp_path, "dues.txt", data))
    assert "—" in article.text and "“no”" in article.text
    assert "тАФ" not in article.text
    assert 1 <= article.text.count("\ufffd") <= 3  # the damaged character only
    assert article.warnings and "not UTF-8, shown as �" in article.warnings[0]
    clean = load_article(write(tmp_path, "clean.txt", good.encode("utf-8")))
    assert clean.warnings == ()
