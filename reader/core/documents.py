"""Word (.docx) files and EPUB books as articles.

Word: python-docx (MIT) gives the body's paragraphs with their styles, so headings stay their
own paragraphs and the document's title comes from its properties or first heading.
EPUB: a zip of XHTML chapters; the reading order is the package's spine, and each chapter goes
through the same plain-HTML reading as a saved page (ebooklib, the usual library, is AGPL).
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree

from reader.core.errors import LoadError

_CONTAINER = "META-INF/container.xml"
_NS = {
    "c": "urn:oasis:names:tc:opendocument:xmlns:container",
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
}


@dataclass(frozen=True)
class DocumentText:
    title: str | None
    text: str
    author: str | None


def read_docx(data: bytes, name: str) -> DocumentText:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise LoadError(name, f"is damaged or not a Word document ({error})") from error
    paragraphs: list[str] = []
    heading: str | None = None
    for paragraph in document.paragraphs:
        text = " ".join(paragraph.text.split())
        if not text:
            continue
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        if heading is None and (style.startswith("Heading") or style == "Title"):
            heading = text
        paragraphs.append(text)
    properties = document.core_properties
    title = (properties.title or "").strip() or heading
    return DocumentText(title, "\n\n".join(paragraphs), (properties.author or "").strip() or None)


def read_epub(data: bytes, name: str) -> DocumentText:
    from reader.core.loading import html_text

    try:
        book = zipfile.ZipFile(io.BytesIO(data))
        container = ElementTree.fromstring(book.read(_CONTAINER))
        rootfile = container.find(".//c:rootfile", _NS)
        if rootfile is None:
            raise KeyError("no rootfile in the container")
        package_path = rootfile.attrib["full-path"]
        package = ElementTree.fromstring(book.read(package_path))
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError) as error:
        raise LoadError(name, f"is damaged or not an EPUB book ({error})") from error
    base = posixpath.dirname(package_path)
    manifest = {
        item.attrib["id"]: posixpath.normpath(posixpath.join(base, item.attrib["href"]))
        for item in package.iterfind(".//opf:manifest/opf:item", _NS)
        if "id" in item.attrib and "href" in item.attrib
    }
    chapters: list[str] = []
    for itemref in package.iterfind(".//opf:spine/opf:itemref", _NS):
        path = manifest.get(itemref.attrib.get("idref", ""))
        if path is None or itemref.attrib.get("linear") == "no":
            continue
        try:
            chapter = html_text(book.read(path), name)
        except KeyError:
            continue  # a spine entry whose file is missing: read the rest
        if chapter.strip():
            chapters.append(chapter.strip())
    title = package.findtext(".//dc:title", default="", namespaces=_NS).strip() or None
    author = package.findtext(".//dc:creator", default="", namespaces=_NS).strip() or None
    return DocumentText(title, "\n\n".join(chapters), author)
