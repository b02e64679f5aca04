"""Word documents and EPUB books built in the tests: paragraphs and headings kept, the reading
order of a book's spine, and damaged files refused with one clear line."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.errors import FileTooLargeError, LoadError
from reader.core.loading import load_article, load_article_bytes


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


# --- Word documents written as Word writes them: tracked changes, notes, tables, text boxes ---

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CHANGE = 'w:author="Ana Ruiz" w:date="2024-03-01T09:00:00Z"'
# what a body with drawings declares besides Word's own namespace
DRAWING_NAMESPACES = (
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)


def para(text: str, style: str | None = None, inside: str = "") -> str:
    """A paragraph of one run (``inside`` adds more runs, notes or changes after it)."""
    properties = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    run = f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>' if text else ""
    return f"<w:p>{properties}{run}{inside}</w:p>"


def notes_part(kind: str, notes: dict[int, str]) -> str:
    separator = (
        f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{kind}>'
    )
    bodies = "".join(
        f'<w:{kind} w:id="{key}"><w:p><w:r><w:{kind}Ref/></w:r>'
        f'<w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:{kind}>'
        for key, text in notes.items()
    )
    return f'<w:{kind}s xmlns:w="{W}">{separator}{bodies}</w:{kind}s>'


def word_file(
    path: Path,
    body: str,
    *,
    footnotes: dict[int, str] | None = None,
    endnotes: dict[int, str] | None = None,
    parts: dict[str, str] | None = None,
) -> Path:
    """A .docx zipped from the body's XML, as Word lays one out; ``parts`` adds or replaces
    members, so that a test can damage one."""
    related = {"styles": "styles.xml"}
    members = {
        "word/styles.xml": f'<w:styles xmlns:w="{W}"><w:style w:type="paragraph" '
        'w:styleId="Heading1"><w:name w:val="heading 1"/></w:style></w:styles>',
        "word/document.xml": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:document xmlns:w="{W}" {DRAWING_NAMESPACES}><w:body>{body}<w:sectPr/></w:body>'
        "</w:document>",
    }
    for kind, notes in (("footnote", footnotes), ("endnote", endnotes)):
        if notes is not None:
            related[f"{kind}s"] = f"{kind}s.xml"
            members[f"word/{kind}s.xml"] = notes_part(kind, notes)
    links = "".join(
        f'<Relationship Id="rId{n}" Type="{OFFICE}/{kind}" Target="{target}"/>'
        for n, (kind, target) in enumerate(related.items(), 1)
    )
    members["word/_rels/document.xml.rels"] = (
        f'<Relationships xmlns="{RELATIONSHIPS}">{links}</Relationships>'
    )
    members["_rels/.rels"] = (
        f'<Relationships xmlns="{RELATIONSHIPS}"><Relationship Id="rId1" '
        f'Type="{OFFICE}/officeDocument" Target="word/document.xml"/></Relationships>'
    )
    word = "application/vnd.openxmlformats-officedocument.wordprocessingml"
    overrides = "".join(
        f'<Override PartName="/word/{part}.xml" ContentType="{word}.{kind}+xml"/>'
        for part, kind in (
            ("document", "document.main"),
            ("styles", "styles"),
            ("footnotes", "footnotes"),
            ("endnotes", "endnotes"),
        )
    )
    members["[Content_Types].xml"] = (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        f'<Default Extension="xml" ContentType="application/xml"/>{overrides}</Types>'
    )
    members.update(parts or {})
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for member, text in members.items():
            package.writestr(member, text)
    return path


def paragraphs(path: Path, **options: int) -> list[str]:
    return load_article(path, **options).text.split("\n\n")


def test_tracked_changes_read_as_if_accepted(tmp_path: Path) -> None:
    body = (
        para(
            "The council approved ",
            inside=f'<w:ins w:id="1" {CHANGE}><w:r><w:t>a rise of 12%</w:t></w:r></w:ins>'
            f'<w:del w:id="2" {CHANGE}><w:r><w:delText>a freeze</w:delText></w:r></w:del>'
            '<w:r><w:t xml:space="preserve"> in harbour dues.</w:t></w:r>',
        )
        + para(
            "Pilots ",
            inside=f'<w:moveFrom w:id="3" {CHANGE}><w:r><w:t>welcomed it.</w:t></w:r>'
            "</w:moveFrom><w:r><w:t>objected.</w:t></w:r>",
        )
        + para(
            "Ferry operators ",
            inside=f'<w:moveTo w:id="4" {CHANGE}><w:r><w:t>welcomed it.</w:t></w:r></w:moveTo>',
        )
        + f'<w:p><w:del w:id="5" {CHANGE}><w:r><w:delText>A whole paragraph struck out.'
        "</w:delText></w:r></w:del></w:p>"
        # a deleted paragraph mark: the paragraph runs on into the next
         + f'<w:p><w:pPr><w:rPr><w:del w:id="6" {CHANGE}/></w:rPr></w:pPr>'
        "<w:r><w:t>The vote was</w:t></w:r></w:p>" + para("unanimous.")
    )
    assert paragraphs(word_file(tmp_path / "dues.docx", body)) == [
        "The council approved a rise of 12% in harbour dues.",
        "Pilots objected.",
        "Ferry operators welcomed it.",
        "The vote was unanimous.",
    ]


def test_a_deleted_table_row_is_gone_and_the_rest_are_rows_of_cells(tmp_path: Path) -> None:
    def row(*cells: str, properties: str = "") -> str:
        return f"<w:tr>{properties}" + "".join(f"<w:tc>{para(c)}</w:tc>" for c in cells) + "</w:tr>"

    table = (
        "<w:tbl>"
        + row("Port", "Tonnes")
        + row("Aldmouth", "4.2m")
        + row("Brennick", "1.9m", properties=f'<w:trPr><w:del w:id="7" {CHANGE}/></w:trPr>')
        # two paragraphs in one cell; an empty cell, left out at the end of a row
        + f"<w:tr><w:tc>{para('Carrow')}{para('(estimate)')}</w:tc><w:tc>{para('')}</w:tc></w:tr>"
        + row("", "6.1m")
        + "</w:tbl>"
    )
    # a deleted paragraph mark before a table: the paragraph cannot run on into it
    mark_deleted = f'<w:pPr><w:rPr><w:del w:id="8" {CHANGE}/></w:rPr></w:pPr>'
    body = para("Cargo by port:").replace("<w:p>", f"<w:p>{mark_deleted}") + table
    body += para("Totals are rounded.")
    assert paragraphs(word_file(tmp_path / "cargo.docx", body)) == [
        "Cargo by port:",
        "Port | Tonnes",
        "Aldmouth | 4.2m",
        "Carrow (estimate)",
        "| 6.1m",
        "Totals are rounded.",
    ]


def test_footnotes_follow_their_paragraph_and_endnotes_come_last(tmp_path: Path) -> None:
    def cite(kind: str, key: int) -> str:
        return f'<w:r><w:{kind}Reference w:id="{key}"/></w:r>'

    body = (
        para("Dues rose 4% last year.", inside=cite("footnote", 2))
        + para("The new quay opens in May.", inside=cite("endnote", 1))
        + para("Dredging costs doubled.", inside=cite("footnote", 1) + cite("endnote", 2))
        + para("Tolls stay unchanged.")
    )
    path = word_file(
        tmp_path / "notes.docx",
        body,
        footnotes={1: "Dredging contract, clause 9.", 2: "Port authority accounts."},
        endnotes={1: "Opening date as announced.", 2: "See the tender papers."},
    )
    assert paragraphs(path) == [
        "Dues rose 4% last year.[1]",
        "[1] Port authority accounts.",
        "The new quay opens in May.[i]",
        "Dredging costs doubled.[2][ii]",
        "[2] Dredging contract, clause 9.",
        "Tolls stay unchanged.",
        "[i] Opening date as announced.",
        "[ii] See the tender papers.",
    ]


def test_a_text_box_follows_its_paragraph_once_and_the_first_heading_titles(
    tmp_path: Path,
) -> None:
    box = (
        '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx>'
        f"<w:txbxContent>{para('Harbour master: we need more pilots.')}</w:txbxContent>"
        "</wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox>"
        f"<w:txbxContent>{para('Harbour master: we need more pilots.')}</w:txbxContent>"
        "</v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )
    body = para("Pilot shortage", style="Heading1") + para("Waits grew longer.", inside=box)
    article = load_article(word_file(tmp_path / "pilots.docx", body))
    assert article.title == "Pilot shortage"
    assert article.text.split("\n\n") == [
        "Pilot shortage",
        "Waits grew longer.",
        "Harbour master: we need more pilots.",
    ]


def test_a_document_saved_as_strict_open_xml_reads_the_same(tmp_path: Path) -> None:
    body = para("Lock repairs", style="Heading1") + para("The lower gate reopens in July.")
    path = word_file(tmp_path / "locks.docx", body)
    with zipfile.ZipFile(path) as transitional:
        members = {name: transitional.read(name).decode() for name in transitional.namelist()}
    strict = {
        W: "http://purl.oclc.org/ooxml/wordprocessingml/main",
        OFFICE: "http://purl.oclc.org/ooxml/officeDocument/relationships",
    }
    for old, new in strict.items():
        members = {name: text.replace(old, new) for name, text in members.items()}
    article = load_article(word_file(path, "", parts=members))
    assert article.title == "Lock repairs"
    assert article.text.split("\n\n") == ["Lock repairs", "The lower gate reopens in July."]


# --- limits on what is unpacked, and damaged packages ---------------------------------------


def test_a_word_file_that_unpacks_past_the_limit_is_refused(tmp_path: Path) -> None:
    body = para("Freight volumes were flat. " * 40) * 2_000  # about 2 MB of XML, zipped to KB
    path = word_file(tmp_path / "flat.docx", body)
    assert path.stat().st_size < 100_000
    with pytest.raises(FileTooLargeError, match=r"^flat\.docx: its text is over the 1 MB limit"):
        load_article(path, max_bytes=1 << 20)


def spine_book(path: Path, spine: list[str], chapters: dict[str, str]) -> Path:
    """A book whose spine lists the manifest's ids in the given order (an id may repeat)."""
    items = "".join(
        f'<item id="{key}" href="{href}" media-type="application/xhtml+xml"/>'
        for key, href in (item.split("=", 1) for item in dict.fromkeys(spine))
    )
    refs = "".join(f'<itemref idref="{item.split("=", 1)[0]}"/>' for item in spine)
    package = (
        '<package xmlns="http://www.idpf.org/2007/opf" version="3.0">'
        '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Quay Notes</dc:title>'
        f"</metadata><manifest>{items}</manifest><spine>{refs}</spine></package>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("mimetype", "application/epub+zip")
        book.writestr("META-INF/container.xml", CONTAINER)
        book.writestr("OEBPS/book.opf", package)
        for member, text in chapters.items():
            book.writestr(member, text)
    return path


def test_a_chapter_listed_many_times_counts_each_time_against_the_limit(tmp_path: Path) -> None:
    long_chapter = chapter("Tides", "High water came at noon. " * 4_000)  # about 100 KB
    path = spine_book(
        tmp_path / "tides.epub",
        ["c=text/tides.xhtml"] * 30,
        {"OEBPS/text/tides.xhtml": long_chapter},
    )
    assert path.stat().st_size < 10_000
    with pytest.raises(FileTooLargeError, match=r"^tides\.epub: its text is over the 2 MB limit"):
        load_article(path, max_bytes=2 << 20)


def test_every_chapter_is_read_even_with_an_escaped_name(tmp_path: Path) -> None:
    path = spine_book(
        tmp_path / "quay.epub",
        ["a=text/chapter%20one.xhtml", "b=text/two.xhtml#start"],
        {
            "OEBPS/text/chapter one.xhtml": chapter("Arrival", "The ferry docked at six."),
            "OEBPS/text/two.xhtml": chapter("Departure", "It left again at nine."),
        },
    )
    assert paragraphs(path) == [
        "Arrival",
        "The ferry docked at six.",
        "Departure",
        "It left again at nine.",
    ]


def test_a_missing_chapter_is_reported_and_the_rest_is_shown(tmp_path: Path) -> None:
    path = spine_book(
        tmp_path / "book.epub",
        ["a=ch1.xhtml", "b=ch2.xhtml", "c=ch3.xhtml", "d=ch4.xhtml"],
        {
            "OEBPS/ch1.xhtml": chapter("One", "The lighthouse was repainted."),
            "OEBPS/ch2.xhtml": "",  # a blank page does not stop the book
            "OEBPS/ch4.xhtml": chapter("Four", "The keeper retired in March."),
        },
    )
    article = load_article(path)
    assert article.text.split("\n\n") == [
        "One",
        "The lighthouse was repainted.",
        "Four",
        "The keeper retired in March.",
    ]
    assert article.warnings == (
        "book.epub: chapter 'OEBPS/ch3.xhtml' is missing from the book; the rest is shown",
    )


def corrupted(path: Path, member: str, how: str) -> Path:
    """Damage one member of a zip in place: the checksum it is read against ("crc"), the middle
    of its compressed stream ("stream"), or its compression method, set to one zipfile lacks
    ("method")."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as package:
        info = package.getinfo(member)
    local = info.header_offset
    central = next(
        at
        for at in range(len(data) - 46)
        if data[at : at + 4] == b"PK\x01\x02"
        and int.from_bytes(data[at + 42 : at + 46], "little") == local
    )
    if how == "crc":
        data[central + 16] ^= 0xFF
    elif how == "method":
        data[local + 8 : local + 10] = data[central + 10 : central + 12] = b"\x63\x00"
    else:
        name_length = int.from_bytes(data[local + 26 : local + 28], "little")
        extra_length = int.from_bytes(data[local + 28 : local + 30], "little")
        middle = local + 30 + name_length + extra_length + info.compress_size // 3
        data[middle : middle + 16] = b"\xff" * 16
    path.write_bytes(bytes(data))
    return path


def good_docx(path: Path) -> Path:
    body = para("Quarterly figures", style="Heading1") + para("Imports rose 3%. " * 50)
    return word_file(path, body, footnotes={1: "Customs data."})


def good_epub(path: Path) -> Path:
    return make_epub(path)


def log_epub(path: Path) -> Path:
    """A book of one chapter long enough for its compressed stream to be damaged in the middle."""
    log = " ".join(f"Ship {number} left at {number % 24}:00." for number in range(800))
    return spine_book(path, ["a=log.xhtml"], {"OEBPS/log.xhtml": chapter("Log", log)})


BROKEN_XML = f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>Imports rose</w:body>'


@pytest.mark.parametrize(
    ("suffix", "damage", "detail"),
    [
        (".docx", lambda p: corrupted(good_docx(p), "word/document.xml", "crc"), "Bad CRC-32"),
        (".docx", lambda p: corrupted(good_docx(p), "word/document.xml", "stream"), "document"),
        (".docx", lambda p: corrupted(good_docx(p), "word/footnotes.xml", "method"), "compress"),
        (
            ".docx",
            lambda p: word_file(p, "", parts={"word/document.xml": BROKEN_XML}),
            "word/document.xml: ",
        ),
        (
            ".docx",
            lambda p: word_file(p, para("Imports"), parts={"word/styles.xml": "<w:styles"}),
            "word/styles.xml: ",
        ),
        (".docx", lambda p: make_epub(p), "it has no word/document.xml"),
        (".epub", lambda p: corrupted(good_epub(p), "OEBPS/text/two.xhtml", "crc"), "Bad CRC"),
        (".epub", lambda p: corrupted(good_epub(p), "OEBPS/text/one.xhtml", "method"), "compr"),
        (".epub", lambda p: corrupted(log_epub(p), "OEBPS/log.xhtml", "stream"), "log.xhtml"),
        (".epub", lambda p: good_docx(p), "it has no META-INF/container.xml"),
    ],
    ids=[
        "docx-bad-crc",
        "docx-broken-stream",
        "docx-unknown-compression",
        "docx-broken-xml",
        "docx-broken-styles",
        "docx-without-document",
        "epub-bad-crc",
        "epub-unknown-compression",
        "epub-broken-stream",
        "epub-without-container",
    ],
)
def test_a_damaged_package_is_one_clear_line(
    tmp_path: Path, suffix: str, damage: Callable[[Path], Path], detail: str
) -> None:
    path = damage(tmp_path / f"damaged{suffix}")
    what = "a Word document" if suffix == ".docx" else "an EPUB book"
    with pytest.raises(LoadError) as raised:
        load_article(path)
    message = str(raised.value)
    assert message.startswith(f"damaged{suffix}: is damaged or not {what} (")
    assert detail in message and "\n" not in message


def test_a_password_protected_word_file_says_so(tmp_path: Path) -> None:
    path = tmp_path / "locked.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096))
    with pytest.raises(
        LoadError, match=r"^locked\.docx: is a password-protected or old-style Word"
    ):
        load_article(path)


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    folder = tmp_path_factory.mktemp("packages")
    cite = '<w:r><w:footnoteReference w:id="1"/></w:r>'
    body = para("Quarterly figures", style="Heading1") + para("Imports rose 3%.", inside=cite)
    body += f"<w:tbl><w:tr><w:tc>{para('Oil')}</w:tc><w:tc>{para('2.1m')}</w:tc></w:tr></w:tbl>"
    word = word_file(folder / "a.docx", body, footnotes={1: "Customs data."})
    return {".docx": word.read_bytes(), ".epub": log_epub(folder / "b.epub").read_bytes()}


@settings(max_examples=300, deadline=None)
@given(
    suffix=st.sampled_from([".docx", ".epub"]),
    changes=st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)), max_size=4),
    cut=st.floats(0.05, 1),
)
def test_whatever_the_damage_a_package_is_read_or_refused_in_one_line(
    packages: dict[str, bytes], suffix: str, changes: list[tuple[float, int]], cut: float
) -> None:
    data = bytearray(packages[suffix][: max(1, int(len(packages[suffix]) * cut))])
    for where, value in changes:
        data[int(where * len(data))] = value
    try:
        article = load_article_bytes(bytes(data), f"damaged{suffix}", suffix)
    except LoadError as error:
        assert "\n" not in str(error)
    else:
        assert article.text
