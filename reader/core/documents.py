"""Word (.docx) files and EPUB books as articles.

Both are zip packages, read with a budget: the bytes inflated from the members read, each read
counted (a chapter the spine lists twice counts twice), may not pass the limit a file on disk
has. No member is trusted for the size its header declares: at most the budget left plus one
byte is inflated. A package that cannot be unzipped or parsed (a bad CRC, an unknown compression
method, broken XML, a missing part) is refused in one line, "is damaged or not a Word document
(…)" or "… not an EPUB book (…)".

Word: the main part (``word/document.xml``) is read with lxml directly, in chunks of body blocks
so that memory stays small: python-docx's objects took 9.7 s for 10,000 paragraphs. An analyst
gets the text as it reads once every change is accepted:

- tracked insertions are kept; deletions, text moved away and deleted table rows are dropped,
  and a deleted paragraph mark joins its paragraph to the next;
- each paragraph, headings included, is a paragraph of the text; the title is the document's
  own (its properties) or else the first Heading or Title paragraph;
- a table row is one paragraph, its cells separated by " | " (a visible separator that survives
  the text's whitespace clean-up and that no name or sentence runs across); several paragraphs
  in one cell are joined by spaces, and a table in a cell is flattened into its cell;
- a footnote is marked [1], [2]… where it is cited, and its text follows as a paragraph of its own,
  "[1] …", right after the paragraph or table row citing it, as a printed page has it below;
  endnotes are marked [i], [ii]… and come at the end of the text, as in print;
- a text box's paragraphs follow the paragraph it is anchored in;
- headers, footers, comments and field codes are left out.

EPUB: a zip of XHTML chapters; the reading order is the package's spine (items marked
``linear="no"``, such as pop-up notes, are left out), and each chapter goes through the same
plain-HTML reading as a saved page (ebooklib, the usual library, is AGPL). A chapter the spine
lists but the book lacks, or that cannot be read, is named in the article's warnings.
"""

from __future__ import annotations

import io
import lzma
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from lxml import etree

from reader.core.decoding import html_text
from reader.core.errors import EmptyArticleError, FileTooLargeError, LoadError, readable_size

_CONTAINER = "META-INF/container.xml"
_NS = {
    "c": "urn:oasis:names:tc:opendocument:xmlns:container",
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
}
# Word's main namespace, in the usual (transitional) form and in "Strict Open XML".
_WORD_NAMESPACES = (
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
)
_RELATIONSHIP = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_DC = "{http://purl.org/dc/elements/1.1/}"
_OLE = b"\xd0\xcf\x11\xe0"  # a password-protected .docx, or an old .doc, is an OLE file
_ZIP_ERRORS = (
    zipfile.BadZipFile,  # a bad CRC, a header that does not match the directory
    NotImplementedError,  # a compression method zipfile lacks
    RuntimeError,  # an encrypted member
    EOFError,
    OSError,
    ValueError,
    zlib.error,
    lzma.LZMAError,
)
# Noncharacters, which Unicode keeps for a program's own use, mark the text's structure while
# it is gathered: where a paragraph (or table row) begins, where a cell begins, a paragraph whose
# mark was deleted, and a note cited.
_PARA, _CELL, _JOIN, _NOTE, _NOTE_END = "\ufdd0", "\ufdd1", "\ufdd2", "\ufdd3", "\ufdd4"
_CITED = re.compile(f"{_NOTE}([fe])([^{_NOTE_END}]*){_NOTE_END}")
# Top-level blocks of a Word body parsed before they are turned into text and freed.
_CHUNK_BLOCKS = 2_000


@dataclass(frozen=True)
class DocumentText:
    title: str | None
    text: str
    author: str | None
    warnings: tuple[str, ...] = ()  # what the reader should know, each naming the file


class _Damaged(Exception):
    """What is wrong with a package, said in the parentheses of its LoadError."""


def read_docx(data: bytes, name: str, limit: int) -> DocumentText:
    """A Word document's text with tracked changes accepted, notes and tables kept."""
    if data.startswith(_OLE):
        raise LoadError(
            name,
            "is a password-protected or old-style Word file, not a .docx: "
            "save it as .docx without a password",
        )
    try:
        return _WordDocument(_Package(data, name, limit)).read()
    except _Damaged as error:
        raise LoadError(name, f"is damaged or not a Word document ({error})") from error


def read_epub(data: bytes, name: str, limit: int) -> DocumentText:
    """A book's chapters in the order of its spine; those it lacks are named in the warnings."""
    try:
        return _read_book(_Package(data, name, limit), name)
    except _Damaged as error:
        raise LoadError(name, f"is damaged or not an EPUB book ({error})") from error


class _Package:
    """A zip whose members are read within a budget of inflated bytes."""

    def __init__(self, data: bytes, name: str, limit: int) -> None:
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            self._members = frozenset(self._zip.namelist())
        except _ZIP_ERRORS as error:
            raise _Damaged(str(error) or type(error).__name__) from error
        self._name = name
        self._limit = limit
        self._left = limit

    def has(self, member: str) -> bool:
        return member in self._members

    def read(self, member: str) -> bytes:
        if member not in self._members:
            raise _Damaged(f"it has no {member}")
        try:
            with self._zip.open(member) as handle:
                data = handle.read(self._left + 1)
        except _ZIP_ERRORS as error:
            raise _Damaged(_problem(member, error)) from error
        if len(data) > self._left:
            raise FileTooLargeError(
                self._name, f"its text is over the {readable_size(self._limit)} limit once unpacked"
            )
        self._left -= len(data)
        return data

    def xml(self, member: str) -> Any:
        """The member parsed; an lxml element."""
        data = self.read(member)
        try:
            return etree.fromstring(data, _parser())
        except etree.LxmlError as error:
            raise _Damaged(_problem(member, error)) from error


def _parser() -> Any:
    """No entities resolved, no DTD or network read; a parser of its own for each use, as lxml
    parsers are not to be shared between threads."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def _problem(member: str, error: Exception) -> str:
    """What went wrong with a member, naming it once ("word/document.xml: Bad CRC-32 …")."""
    # lxml's messages end with where the parser read from: "(<string>, line 1)"
    said = getattr(error, "msg", None) or str(error) or type(error).__name__
    return said if member in said else f"{member}: {said}"


def _collapse(text: str) -> str:
    return " ".join(text.split())


# --- Word -------------------------------------------------------------------------------------


class _Tags:
    """Word's element and attribute names in the namespace a document uses."""

    def __init__(self, ns: str) -> None:
        w = "{" + ns + "}"
        self.body, self.p, self.ppr, self.rpr, self.pstyle = (
            w + tag for tag in ("body", "p", "pPr", "rPr", "pStyle")
        )
        self.tbl, self.tr, self.trpr, self.tc, self.cell_del = (
            w + tag for tag in ("tbl", "tr", "trPr", "tc", "cellDel")
        )
        self.t, self.tab, self.ptab, self.br, self.cr, self.no_break_hyphen = (
            w + tag for tag in ("t", "tab", "ptab", "br", "cr", "noBreakHyphen")
        )
        self.deleted, self.moved_from, self.textbox, self.sdt, self.custom_xml = (
            w + tag for tag in ("del", "moveFrom", "txbxContent", "sdt", "customXml")
        )
        self.footnote_ref, self.endnote_ref, self.footnote, self.endnote = (
            w + tag for tag in ("footnoteReference", "endnoteReference", "footnote", "endnote")
        )
        self.style, self.name = w + "style", w + "name"
        self.val, self.id, self.type, self.style_id = (
            w + attribute for attribute in ("val", "id", "type", "styleId")
        )
        # what a paragraph's words are in, and what the gathered text is made of
        self.words = (self.t, self.tab, self.ptab, self.br, self.cr, self.no_break_hyphen)
        self.text = (
            *self.words,
            self.p,
            self.ppr,
            self.tr,
            self.tc,
            self.footnote_ref,
            self.endnote_ref,
        )


class _WordDocument:
    def __init__(self, package: _Package) -> None:
        self.package = package
        self.title: str | None = None
        self.headings: frozenset[str] = frozenset()
        self.tags = _Tags(_WORD_NAMESPACES[0])
        # a note's paragraphs by kind ("f" footnote, "e" endnote) and id
        self.notes: dict[str, dict[str, list[str]]] = {"f": {}, "e": {}}

    def read(self) -> DocumentText:
        package = self.package
        parts = _relations(package, "")
        main = parts.get("officeDocument", "word/document.xml")
        if not package.has(main):
            raise _Damaged(f"it has no {main}")
        body = package.read(main)  # the largest part first: an over-long document stops here
        self.tags = _Tags(_word_namespace(body, main))
        related = _relations(package, main)
        folder = posixpath.dirname(main)
        author = None
        core = parts.get("core-properties", "docProps/core.xml")
        if package.has(core):
            properties = package.xml(core)
            self.title = _collapse(properties.findtext(_DC + "title") or "") or None
            author = _collapse(properties.findtext(_DC + "creator") or "") or None
        if self.title is None:
            self.headings = self._heading_styles(related.get("styles", f"{folder}/styles.xml"))
        for kind, word in (("f", "footnotes"), ("e", "endnotes")):
            part = related.get(word, f"{folder}/{word}.xml")
            if package.has(part):
                self._read_notes(kind, package.xml(part))
        stream = self._body_stream(body, main)
        blocks = _blocks(stream)
        if _NOTE in stream:
            blocks = list(self._cite_notes(blocks))
        return DocumentText(self.title, "\n\n".join(blocks), author)

    def _heading_styles(self, part: str) -> frozenset[str]:
        """The ids of the paragraph styles named Heading… or Title (ids differ by language)."""
        tags = self.tags
        found = {f"Heading{level}" for level in range(1, 10)} | {"Title"}
        if self.package.has(part):
            for style in self.package.xml(part).iter(tags.style):
                name = style.find(tags.name)
                label = name.get(tags.val, "") if name is not None else ""
                if _is_heading(label):
                    found.add(style.get(tags.style_id, ""))
        return frozenset(found)

    def _read_notes(self, kind: str, root: Any) -> None:
        tags = self.tags
        notes = self.notes[kind]
        for note in root.iter(tags.footnote, tags.endnote):
            if note.get(tags.type, "normal") == "normal":  # not a separator line
                text = _CITED.sub("", self._stream(note, titled=False))
                notes[note.get(tags.id, "")] = _blocks(text)

    def _body_stream(self, data: bytes, member: str) -> str:
        """The body's text with its structure marked, parsed a chunk of blocks at a time."""
        tags = self.tags
        pieces: list[str] = []
        blocks = 0
        parsing = etree.iterparse(
            io.BytesIO(data),
            events=("end",),
            tag=(tags.p, tags.tbl, tags.sdt, tags.custom_xml),
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
        )
        try:
            for _event, element in parsing:
                parent = element.getparent()
                if parent is None or parent.tag != tags.body:
                    continue  # a paragraph in a table or a box: part of its block
                blocks += 1
                if blocks == _CHUNK_BLOCKS:
                    pieces.append(self._stream(parent))
                    del parent[:]
                    blocks = 0
            root = parsing.root
        except etree.LxmlError as error:
            raise _Damaged(_problem(member, error)) from error
        body = root.find(tags.body)
        if body is None:
            raise _Damaged(f"{member} has no document body")
        pieces.append(self._stream(body))
        return "".join(pieces)

    def _stream(self, container: Any, titled: bool = True) -> str:
        """The text of a part of the document, its changes accepted, with structure marks;
        ``titled``: the first heading found in it may be the document's title."""
        tags = self.tags
        _accept_changes(container, tags)
        _mark_characters(container, tags)
        if titled and self.title is None:
            self.title = self._first_heading(container)
        _mark_blocks(container, tags)
        return "".join(container.itertext(*tags.text, with_tail=False))

    def _first_heading(self, container: Any) -> str | None:
        tags = self.tags
        for style in container.iter(tags.pstyle):
            properties = style.getparent()
            paragraph = properties.getparent() if properties is not None else None
            if (
                paragraph is not None
                and paragraph.tag == tags.p
                and properties.tag == tags.ppr
                and style.get(tags.val) in self.headings
            ):
                text = _collapse("".join(paragraph.itertext(*tags.words, with_tail=False)))
                if text:
                    return text
        return None

    def _cite_notes(self, blocks: list[str]) -> Iterator[str]:
        """Notes numbered as cited; a footnote after the paragraph citing it, endnotes last."""
        numbers: dict[tuple[str, str], str] = {}
        endnotes: list[str] = []
        for block in blocks:
            if _NOTE not in block:
                yield block
                continue
            cited: list[tuple[str, str]] = []

            def number(match: re.Match[str], cited: list[tuple[str, str]] = cited) -> str:
                key = (match[1], match[2])
                if not self.notes[match[1]].get(match[2]):
                    return ""  # a note the document lacks, or an empty one
                if key not in numbers:
                    count = sum(1 for kind, _ in numbers if kind == match[1]) + 1
                    numbers[key] = str(count) if match[1] == "f" else _roman(count)
                    cited.append(key)
                return f"[{numbers[key]}]"

            text = _CITED.sub(number, block).strip()
            if text:
                yield text
            for kind, key in cited:
                note = self.notes[kind][key]
                paragraphs = [f"[{numbers[kind, key]}] {note[0]}", *note[1:]]
                if kind == "f":
                    yield from paragraphs
                else:
                    endnotes += paragraphs
        yield from endnotes


def _accept_changes(container: Any, tags: _Tags) -> None:
    """Drop what the tracked changes deleted or moved away (text, paragraph marks, table rows
    and cells), and a drawing's second copy for older readers: the text is as accepted."""
    doomed = []
    for mark in container.iter(tags.deleted, tags.moved_from, tags.cell_del):
        parent = mark.getparent()
        holder = parent.getparent() if parent is not None else None
        if holder is None:
            continue
        if mark.tag == tags.cell_del:
            doomed.append(holder)  # tcPr's cell
        elif parent.tag == tags.rpr and holder.tag == tags.ppr:
            if next(holder.iterancestors(tags.tc), None) is None:
                holder.text = _JOIN  # a deleted paragraph mark: joined to the next
        elif parent.tag == tags.trpr:
            doomed.append(holder)  # a deleted table row
    for element in doomed:
        if element.getparent() is not None:
            element.getparent().remove(element)
    # What was deleted or moved away, and a drawing's second copy for older readers.
    etree.strip_elements(container, tags.deleted, tags.moved_from, _FALLBACK, with_tail=False)


def _mark_characters(container: Any, tags: _Tags) -> None:
    """Text boxes' paragraphs moved after the paragraph anchoring them, and the characters
    Word keeps as elements written out: tabs and breaks as spaces, a hard hyphen, note marks.
    Before the title is looked for, so that a heading reads as the reader sees it."""
    for box in list(container.iter(tags.textbox)):
        anchor = next(box.iterancestors(tags.p), None)
        if anchor is not None:
            for paragraph in reversed(list(box)):
                anchor.addnext(paragraph)
    for mark in container.iter(tags.tab, tags.ptab, tags.br, tags.cr):
        mark.text = " "
    for mark in container.iter(tags.no_break_hyphen):
        mark.text = "-"
    for mark in container.iter(tags.footnote_ref, tags.endnote_ref):
        kind = "f" if mark.tag == tags.footnote_ref else "e"
        mark.text = f"{_NOTE}{kind}{mark.get(tags.id, '')}{_NOTE_END}"


def _mark_blocks(container: Any, tags: _Tags) -> None:
    """Paragraph, row and cell marks, which ``_blocks`` splits the text at; a nested table's
    rows and cells run on as words of the cell holding it."""
    for paragraph in container.iter(tags.p):
        paragraph.text = _PARA
    for row in container.iter(tags.tr):
        nested = next(row.iterancestors(tags.tc), None) is not None
        row.text = " " if nested else _PARA
        for cell in row.iter(tags.tc):  # a nested table's cells are set again by its rows
            cell.text = " " if nested else _CELL
            for paragraph in cell.iter(tags.p):
                paragraph.text = " "


def _blocks(stream: str) -> list[str]:
    """The paragraphs of marked text: a row's cells joined by " | ", empty ones dropped."""
    pieces = stream.split(_PARA)
    if _JOIN not in stream and _CELL not in stream:  # most documents: no Python per paragraph
        return [text for piece in pieces if (text := _collapse(piece))]
    blocks: list[str] = []
    carried = ""
    for piece in pieces:
        if carried and _CELL in piece:  # a paragraph does not run on into a table
            blocks += [text] if (text := _collapse(carried)) else []
        elif carried:
            piece = f"{carried} {piece}"
        carried = ""
        if _JOIN in piece:
            carried = piece.replace(_JOIN, "")
            continue
        if _CELL in piece:
            cells = [_collapse(cell) for cell in piece.split(_CELL)[1:]]
            while cells and not cells[-1]:
                cells.pop()
            text = _collapse(" | ".join(cells))  # an empty cell as "| |"
        else:
            text = _collapse(piece)
        if text:
            blocks.append(text)
    if _collapse(carried):
        blocks.append(_collapse(carried))
    return blocks


def _word_namespace(data: bytes, member: str) -> str:
    try:
        for _event, root in etree.iterparse(
            io.BytesIO(data), events=("start",), resolve_entities=False, no_network=True
        ):
            namespace, _, local = root.tag[1:].partition("}")
            if local == "document" and namespace in _WORD_NAMESPACES:
                return str(namespace)
            break
    except etree.LxmlError as error:
        raise _Damaged(_problem(member, error)) from error
    raise _Damaged(f"{member} is not a Word document's body")


def _relations(package: _Package, source: str) -> dict[str, str]:
    """The parts a part points to, by the last word of the relation's type ("styles")."""
    folder, file = posixpath.split(source)
    rels = posixpath.join(folder, "_rels", f"{file}.rels")
    found: dict[str, str] = {}
    if not package.has(rels):
        return found
    for relation in package.xml(rels).iter(_RELATIONSHIP):
        target = unquote(relation.get("Target", ""))
        if not target or relation.get("TargetMode") == "External":
            continue
        path = target[1:] if target.startswith("/") else posixpath.join(folder, target)
        found.setdefault(relation.get("Type", "").rsplit("/", 1)[-1], posixpath.normpath(path))
    return found


def _is_heading(style_name: str) -> bool:
    name = style_name.replace(" ", "").lower()
    return name.startswith("heading") or name == "title"


def _roman(number: int) -> str:
    """Word's default numbering of endnotes: i, ii, iii, iv…"""
    letters = ""
    for value, numeral in (
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ):
        count, number = divmod(number, value)
        letters += numeral * count
    return letters


# --- EPUB -------------------------------------------------------------------------------------


def _read_book(package: _Package, name: str) -> DocumentText:
    rootfile = package.xml(_CONTAINER).find(".//c:rootfile", _NS)
    package_path = rootfile.get("full-path") if rootfile is not None else None
    if not package_path:
        raise _Damaged(f"{_CONTAINER} names no package")
    opf = package.xml(package_path)
    base = posixpath.dirname(package_path)
    manifest: dict[str, str] = {}
    for item in opf.iterfind(".//opf:manifest/opf:item", _NS):
        href = unquote(item.get("href", "").partition("#")[0])  # an href is a URL
        if item.get("id") and href:
            manifest[item.get("id")] = posixpath.normpath(posixpath.join(base, href))
    spine: list[str] = []
    missing: list[str] = []
    for itemref in opf.iterfind(".//opf:spine/opf:itemref", _NS):
        if itemref.get("linear") == "no":
            continue
        path = manifest.get(itemref.get("idref", ""))
        if path is not None and package.has(path):
            spine.append(path)
        else:
            missing.append(path or itemref.get("idref", ""))
    # Every chapter is inflated before any is parsed, so an over-long book is refused at once.
    pages = [package.read(path) for path in spine]
    chapters: list[str] = []
    unreadable: list[str] = []
    for path, page in zip(spine, pages, strict=True):
        try:
            chapter = html_text(page, name)
        except EmptyArticleError:
            continue  # a blank page
        except LoadError as error:
            unreadable.append(f"{path!r} ({error.problem})")
            continue
        if chapter.strip():
            chapters.append(chapter.strip())
    warnings: list[str] = []
    if missing:
        named = _listed([repr(path) for path in missing])
        are = "is" if len(missing) == 1 else "are"
        warnings.append(
            f"{name}: {_chapters(missing)} {named} {are} missing from the book; the rest is shown"
        )
    if unreadable:
        warnings.append(
            f"{name}: {_chapters(unreadable)} {_listed(unreadable)} cannot be read; "
            "the rest is shown"
        )
    title = _collapse(opf.findtext(".//dc:title", default="", namespaces=_NS)) or None
    author = _collapse(opf.findtext(".//dc:creator", default="", namespaces=_NS)) or None
    return DocumentText(title, "\n\n".join(chapters), author, tuple(warnings))


def _chapters(items: list[str]) -> str:
    return "chapter" if len(items) == 1 else "chapters"


def _listed(items: list[str], most: int = 3) -> str:
    """'a', 'b' and 'c'; past ``most``, 'a', 'b', 'c' and 4 more."""
    if len(items) > most:
        return f"{', '.join(items[:most])} and {len(items) - most} more"
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} and {items[-1]}"
