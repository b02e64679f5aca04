"""Word documents and EPUB books built in the tests: paragraphs and headings kept, the reading
order of a book's spine, and damaged files refused with one clear line."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest

from reader.core.errors import LoadError
from reader.core.loading import load_article


def make_docx(path: Path) -> Path:
    document = docx.Document()
    document.core_properties.title = "Harbour Review"
    document.core_properties.author = "Ana Ruiz"
    document.add_heading("Traffic", level=1)
    document.add_paragraph("Container traffic rose 8% last year, the authority said.")
    document.add_paragraph("")
    document.add_heading("Dues", level=1)
    document.add_paragraph("Dues will fall by two percentage points from April.")
    document.save(str(path))
    return path


def test_a_word_document_keeps_headings_and_paragraphs(tmp_path: Path) -> None:
    article = load_article(make_docx(tmp_path / "review.docx"))
    assert article.title == "Harbour Review"
    assert article.text.split("\n\n") == [
        "Traffic",
        "Container traffic rose 8% last year, the authority said.",
        "Dues",
        "Dues will fall by two percentage points from April.",
    ]


CONTAINER = """<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles><rootfile full-path="OEBPS/book.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>"""
PACKAGE = """<?xml version="1.0"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:title>The Harbour Year</dc:title><dc:creator>Tomas Berg</dc:creator>
  </metadata>
  <manifest>
    <item id="one" href="text/one.xhtml" media-type="application/xhtml+xml"/>
    <item id="two" href="text/two.xhtml" media-type="application/xhtml+xml"/>
    <item id="notes" href="text/notes.xhtml" media-type="application/xhtml+xml"/>
  </manifest>
  <spine><itemref idref="two"/><itemref idref="one"/><itemref idref="notes" linear="no"/></spine>
</package>"""


def chapter(heading: str, body: str) -> str:
    return (
        '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>x</title>'
        f"<style>p {{ color: red }}</style></head><body><h1>{heading}</h1><p>{body}</p>"
        "</body></html>"
    )


def make_epub(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as book:
        book.writestr("mimetype", "application/epub+zip")
        book.writestr("META-INF/container.xml", CONTAINER)
        book.writestr("OEBPS/book.opf", PACKAGE)
        book.writestr("OEBPS/text/one.xhtml", chapter("Winter", "The quay froze in January."))
        book.writestr("OEBPS/text/two.xhtml", chapter("Spring", "Ships came back in May."))
        book.writestr("OEBPS/text/notes.xhtml", chapter("Notes", "Not part of the reading."))
    return path


def test_an_epub_reads_in_spine_order(tmp_path: Path) -> None:
    article = load_article(make_epub(tmp_path / "year.epub"))
    assert article.title == "The Harbour Year"
    assert article.text.split("\n\n") == [
        "Spring",
        "Ships came back in May.",
        "Winter",
        "The quay froze in January.",
    ]


@pytest.mark.parametrize(("suffix", "what"), [(".docx", "Word document"), (".epub", "EPUB")])
def test_damaged_packages_are_one_clear_line(tmp_path: Path, suffix: str, what: str) -> None:
    path = tmp_path / f"broken{suffix}"
    path.write_bytes(b"PK\x03\x04 not really a zip file at all")
    with pytest.raises(LoadError, match=f"is damaged or not a.* {what}|damaged or not an {what}"):
        load_article(path)
