"""PDFs read from their layout, drawn here with Qt's own PDF writer: running headers that
alternate sides, page numbers, a printer's mark, footnotes, margin line numbers, hyphens at line
ends, a title only the first page shows, and text layers whose font encoding is broken."""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from pathlib import Path

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFont, QPageSize, QPainter, QPdfWriter
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from reader.cli import main
from reader.core import pdf
from reader.core.errors import LoadError
from reader.core.loading import load_article
from reader.core.pdf import GarbledPdfError
from tests.helpers import PDF_SERIF, PdfItem, PdfText, draw_items, new_window, open_shown

SANS = "DejaVu Sans"


def body(
    lines: Sequence[str], top: float = 70, left: float = 60, size: float = 11
) -> list[PdfText]:
    return [(left, top + index * size * 1.4, size, line) for index, line in enumerate(lines)]


def break_encoding(path: Path, family: str | None = None) -> Path:
    """Remove a font's map from glyphs to characters, as a broken PDF producer does: pdfium then
    reads the glyph numbers, control codes, instead of letters."""
    data = path.read_bytes()
    if family is None:
        data = data.replace(b"/ToUnicode", b"/ToUnicodX")
    else:
        name = family.replace(" ", "").encode()
        font = re.compile(
            rb"/BaseFont /" + name + rb"\n/Encoding [^\n]*\n/DescendantFonts [^\n]*\n/ToUnicode"
        )
        data = font.sub(lambda m: m[0][:-1] + b"X", data)
    path.write_bytes(data)
    return path


CHAPTER = [
    "The harbour commission met in the old customs house on a wet morning, and its",
    "members heard that the northern channel had silted up faster than any survey had",
    "predicted, so that the larger ferries could now reach the quay only at high tide.",
    "The engineers asked for a dredger of their own, and the treasurer said the gates",
]
CONTINUED = [
    "would stay shut until the spring unless the council found the money before then.",
    "A second survey is planned for the summer, when the river runs low and clear.",
]
OTHER_PAGES = [
    [
        "Fishing crews on the eastern pier complained that the new buoys were placed too",
        "close to the rocks, and the pilots agreed to move two of them before the autumn.",
    ],
    [
        "The lighthouse keeper reported three nights of fog in a row, the longest spell",
        "since records began, and asked for a louder horn on the southern breakwater.",
    ],
    [
        "Visitors to the museum of the port doubled after the ship models were restored,",
        "and the curator wants a room of its own for the charts of the old estuary.",
    ],
    [
        "A ferry from the islands ran aground on a sandbank in the early hours, though",
        "nobody was hurt and the tide lifted it clear before the morning crossing.",
    ],
]


def test_alternating_headers_page_numbers_and_a_printers_mark_are_left_out(
    qapp: QApplication, tmp_path: Path
) -> None:
    mark = "Jkt 0421 PO 00000 Frm 000{} Fmt 6633 Sfmt 6633 E:\\DOCS\\HARBOUR.SGM"
    pages = []
    for number, lines in enumerate([CHAPTER, CONTINUED, *OTHER_PAGES], start=1):
        header = f"{number} THE KEEPER'S LOG" if number % 2 == 0 else f"MORNING WATCH {number}"
        header_left = 60 if number % 2 == 0 else 400
        pages.append(
            [
                (header_left, 30, 9, header),
                *body(lines),
                (60 if number % 2 == 0 else 520, 790, 9, str(number)),
                (40, 815, 6, mark.format(number)),
            ]
        )
    text = load_article(draw_items(tmp_path / "log.pdf", pages)).text
    assert "KEEPER" not in text and "MORNING WATCH" not in text
    assert "Sfmt" not in text and "HARBOUR.SGM" not in text
    assert "the gates would stay shut until the spring" in text  # across the page break
    assert not re.search(r"(?m)^\d+$", text)  # no page number on a line of its own


def test_a_footnote_follows_the_paragraph_that_runs_across_its_page(
    qapp: QApplication, tmp_path: Path
) -> None:
    first = [*body(CHAPTER), (60, 760, 8, "1 The survey covered forty ports along the coast.")]
    pages = [first, body(CONTINUED)]
    text = load_article(draw_items(tmp_path / "notes.pdf", pages)).text
    assert "the treasurer said the gates would stay shut" in text
    paragraphs = text.split("\n\n")
    note = next(i for i, p in enumerate(paragraphs) if p.startswith("1 The survey covered"))
    assert paragraphs[note - 1].endswith("when the river runs low and clear.")


def test_a_hyphen_at_a_lines_end_is_kept_in_compounds_and_dropped_in_broken_words(
    qapp: QApplication, tmp_path: Path
) -> None:
    lines = [
        "The inspectors said the plan was FAA-",
        "approved, and the report on the quay was a docu-",
        "ment the council had asked for; every non-",
        "user of the ferry was asked, and the survey re-",
        "port was sent to the board a week later.",
    ]
    text = load_article(draw_items(tmp_path / "hyphens.pdf", [body(lines)])).text
    assert "FAA-approved" in text
    assert "a document the council" in text
    assert "every non-user of the ferry" in text
    assert "the survey report was sent" in text


def test_line_numbers_in_the_margin_are_left_out(qapp: QApplication, tmp_path: Path) -> None:
    lines = CHAPTER + CONTINUED
    numbered: list[PdfText] = [(30.0, 70 + i * 15.4, 11.0, str(i + 1)) for i in range(len(lines))]
    text = load_article(draw_items(tmp_path / "bill.pdf", [numbered + body(lines)])).text
    assert text.startswith("The harbour commission met")
    assert "its members heard" in text and "the treasurer said the gates would stay" in text
    assert not re.search(r"\b[1-6] (?=[a-zA-Z])", text)


def test_the_title_is_the_first_pages_largest_text_when_the_metadata_says_nothing(
    qapp: QApplication, tmp_path: Path
) -> None:
    pages = [[(60, 60, 24, "Silt in the Northern Channel"), *body(CHAPTER, top=120)]]
    article = load_article(draw_items(tmp_path / "untitled.pdf", pages, title="untitled"))
    assert article.title == "Silt in the Northern Channel"


def test_a_pdf_whose_text_is_gibberish_is_refused_in_one_line(
    qapp: QApplication, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = break_encoding(draw_items(tmp_path / "garbled.pdf", [body(CHAPTER), body(CONTINUED)]))
    with pytest.raises(GarbledPdfError, match="unreadable text layer"):
        load_article(path)
    assert main(["text", str(path)]) == 1
    printed = capsys.readouterr()
    assert printed.out == "" and len(printed.err.strip().splitlines()) == 1


def test_a_pdf_whose_glyphs_map_to_the_wrong_characters_is_refused(
    qapp: QApplication, tmp_path: Path
) -> None:
    """A font whose map points each glyph at another character reads as symbol soup."""
    soup = random.Random(3)
    characters = "bcdfghjklmnpqrstvwxzBCDFGHJKLMNPQRSTVWXZ0123456789#$%&@!?;:<>+=*^~"
    lines = [
        " ".join("".join(soup.choices(characters, k=soup.randint(2, 7))) for _ in range(9))
        for _ in range(30)
    ]
    with pytest.raises(GarbledPdfError):
        load_article(draw_items(tmp_path / "soup.pdf", [body(lines[:15]), body(lines[15:])]))


def test_a_partly_garbled_page_is_named_and_left_out(
    qapp: QApplication, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = [(x, y, size, text, SANS) for x, y, size, text in body(CONTINUED * 3)]
    path = draw_items(tmp_path / "partly.pdf", [body(CHAPTER), broken, body(OTHER_PAGES[0])])
    article = load_article(break_encoding(path, SANS))
    assert article.warnings and "page 2 has an unreadable text layer" in article.warnings[0]
    assert "spring" not in article.text and "\x0b" not in article.text
    assert [page.number for page in article.pages] == [1, 3]
    assert main(["text", str(path)]) == 0
    assert "page 2 has an unreadable text layer" in capsys.readouterr().err


def test_no_false_alarm_on_tables_of_figures(qapp: QApplication, tmp_path: Path) -> None:
    rows = [f"{2010 + i}   {1200 + 37 * i:,}   ({4.5 + i / 10:.1f})   +{i}%" for i in range(30)]
    article = load_article(draw_items(tmp_path / "table.pdf", [body(rows, size=9)]))
    assert article.warnings == () and "(4.5)" in article.text


def test_a_pdf_that_claims_more_pages_than_it_has_is_damaged(
    qapp: QApplication, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = draw_items(tmp_path / "short.pdf", [body(CHAPTER), body(CONTINUED)])
    path.write_bytes(path.read_bytes().replace(b"/Count 2", b"/Count 9"))
    try:
        article = load_article(path)
    except LoadError as error:
        assert "is damaged or not a PDF" in str(error)
    else:  # pdfium may repair the page count from the page tree: then the text must be whole
        assert "would stay shut" in article.text
    assert main(["text", str(path)]) in (0, 1)
    assert "Something went wrong" not in capsys.readouterr().err


def test_each_pages_range_holds_that_pages_text(qapp: QApplication, tmp_path: Path) -> None:
    second = [
        "would stay shut until the spring unless the coun-",
        "cil found the money, and the har-",
        "bour master said the sur-",
        "vey boats would wait in the ba-",
        "sin until the weather cleared.",
    ]
    article = load_article(draw_items(tmp_path / "ranges.pdf", [body(CHAPTER), body(second)]))
    text, pages = article.text, article.pages
    assert [page.number for page in pages] == [1, 2]
    assert pages[0].start == 0 and pages[0].end <= pages[1].start <= pages[1].end == len(text)
    assert text[pages[1].start :].startswith("would stay shut")
    assert text[pages[0].start : pages[0].end].endswith("said the gates ")


def test_a_page_set_sideways_reads_in_its_texts_direction(
    qapp: QApplication, tmp_path: Path
) -> None:
    path = tmp_path / "landscape.pdf"
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setResolution(72)
    painter = QPainter(writer)
    painter.setFont(QFont(PDF_SERIF, 11))
    for row, line in enumerate(CHAPTER):
        painter.drawText(QRectF(60, 70 + row * 15.4, 500, 18), Qt.AlignmentFlag.AlignLeft, line)
    writer.newPage()
    painter.translate(80, 780)
    painter.rotate(-90)  # a table page set sideways, read from the bottom up
    for row, line in enumerate(OTHER_PAGES[0] + OTHER_PAGES[1]):
        painter.drawText(QRectF(0, row * 15.4, 700, 18), Qt.AlignmentFlag.AlignLeft, line)
    painter.end()
    text = load_article(path).text
    assert "Fishing crews on the eastern pier complained that the new buoys" in text
    assert "louder horn on the southern breakwater." in text


def test_a_table_and_a_list_of_abbreviations_are_read_row_by_row(
    qapp: QApplication, tmp_path: Path
) -> None:
    rows = [f"{2010 + i}   {1200 + 37 * i:,}   ({4.5 + i / 10:.1f})   +{i}%" for i in range(12)]
    meanings = [("FAA", "Federal Aviation Administration"), ("GAO", "General Audit Office")]
    meanings += [("NTSB", "National Transport Safety Board"), ("DOT", "Department of Transport")]
    items: list[PdfItem] = [(60, 60, 14, "Abbreviations")]
    for row, (short, meaning) in enumerate(meanings):
        items += [(60, 90 + row * 15, 11, short), (140, 90 + row * 15, 11, meaning)]
    pages: list[list[PdfItem]] = [[*body(rows, size=9)], [*items, *body(CHAPTER, top=200)]]
    text = load_article(draw_items(tmp_path / "table.pdf", pages)).text
    assert "2011 1,237 (4.6) +1%" in text and "2012 1,274 (4.7) +2%" in text
    assert "FAA Federal Aviation Administration" in text
    assert "NTSB National Transport Safety Board" in text


def test_footnotes_a_point_smaller_than_the_body_are_footnotes(
    qapp: QApplication, tmp_path: Path
) -> None:
    first = [*body(CHAPTER), (60, 760, 10, "1 The survey covered forty ports along the coast.")]
    text = load_article(draw_items(tmp_path / "wordnotes.pdf", [first, body(CONTINUED)])).text
    assert "the treasurer said the gates would stay shut" in text
    assert "\n\n1 The survey covered forty ports along the coast." in text


def test_no_false_alarm_on_money_tables_or_other_alphabets(
    qapp: QApplication, tmp_path: Path
) -> None:
    money = [f"Dues {i}   $1,{200 + i:03}   +{i}.5%   −{i}   €{i}0m" for i in range(30)]
    russian = ["Портовая комиссия собралась в старой таможне дождливым утром,"] * 20
    pages = [body(CHAPTER), body(money, size=9), body(russian, top=70)]
    article = load_article(draw_items(tmp_path / "readable.pdf", pages))
    assert article.warnings == () and [p.number for p in article.pages] == [1, 2, 3]


def test_items_of_a_list_are_paragraphs_and_contents_keep_their_numbers(
    qapp: QApplication, tmp_path: Path
) -> None:
    items = ["• Irene Kowalczyk, mayor", "• Tomas Berg, treasurer", "• Anna Vos, harbour master"]
    contents = ["1 Introduction", "2 The northern channel", "3 Dredging", "4 Ferries", "5 Budget"]
    pages = [
        body([*CHAPTER[:3], "Members who spoke", *items]),
        body(contents) + body(CHAPTER, top=200),
    ]
    paragraphs = load_article(draw_items(tmp_path / "lists.pdf", pages)).text.split("\n\n")
    assert "• Tomas Berg, treasurer" in paragraphs
    assert "1 Introduction" in paragraphs and "3 Dredging" in paragraphs


def test_words_that_look_like_roman_numerals_alone_at_a_pages_edge_are_kept(
    qapp: QApplication, tmp_path: Path
) -> None:
    page: list[PdfItem] = [
        (60, 50, 14, "Civil"),
        *body(OTHER_PAGES[0], top=80),
        (60, 780, 11, "Mild"),
    ]
    text = load_article(draw_items(tmp_path / "civil.pdf", [page, body(OTHER_PAGES[1])])).text
    assert text.startswith("Civil") and "\n\nMild\n\n" in text


def test_the_window_names_the_garbled_page_in_its_message_bar(
    qtbot: QtBot, qapp: QApplication, tmp_path: Path
) -> None:
    broken = [(x, y, size, text, SANS) for x, y, size, text in body(CONTINUED)]
    readable = body(OTHER_PAGES[0] + OTHER_PAGES[1] + OTHER_PAGES[2])
    path = break_encoding(
        draw_items(tmp_path / "partly.pdf", [body(CHAPTER), broken, readable]), SANS
    )
    window = new_window(qtbot, tmp_path / "data")
    open_shown(qtbot, window, path)
    assert "page 2 has an unreadable text layer" in window.message.label.text()
    assert window.article is not None and "lighthouse keeper" in window.article.text
    assert "said the gates\n\nFishing crews" in window.article.text  # no sentence across the gap
    window.close()


def test_a_long_document_read_by_two_processes_reads_as_by_one(
    qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = CHAPTER + CONTINUED + [line for page in OTHER_PAGES for line in page]
    pages = [
        [(60, 30, 8, f"THE HARBOUR LOG {n}"), *body(lines[n % 5 :] + lines[: n % 5])]
        for n in range(1, pdf.PARALLEL_MIN_PAGES + 5)
    ]
    data = draw_items(tmp_path / "long.pdf", pages).read_bytes()
    together = pdf.read_pdf(data, "long.pdf")
    monkeypatch.setattr(pdf, "PARALLEL_MIN_PAGES", len(pages) + 1)
    alone = pdf.read_pdf(data, "long.pdf")
    assert together == alone and len(together.pages) == len(pages)
    assert "HARBOUR LOG" not in together.text
