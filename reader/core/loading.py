"""Turn a file or pasted text into an Article: decoded, cleaned, titled and given a stable id.

Everything downstream indexes into ``Article.text``, so the text is normalised once, here, and
never again. Bad input is reported with a ``LoadError`` subclass whose message names the file.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import unicodedata
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from reader.core.decoding import (
    PageText,
    decode_text,
    intended_replacements,
    meta_charset,
    web_encoding,
)
from reader.core.errors import (
    EmptyArticleError,
    FileMissingError,
    FileTooLargeError,
    NotAFileError,
    ReaderError,
    UnreadableFileError,
    readable_size,
)
from reader.core.model import Article, Page

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_TITLE_CHARS = 200

_MARKDOWN = {".md", ".markdown"}
_HTML = {".html", ".htm", ".xhtml"}
# The formats read by name, as a folder's files are chosen (``factreader batch``); a file given
# by itself is read whatever its name, as text when it is text.
READ_SUFFIXES = frozenset({".txt", ".text", ".pdf", ".docx", ".epub", *_MARKDOWN, *_HTML})
_NEWLINES = re.compile(r"\r\n?|[\v\f\x85\u2028\u2029]")
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ufeff]")
_HTML_START = re.compile(r"\s*<(!doctype\s+html|html)[\s>]", re.I)

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,}).*?\n(?P<code>.*?)(?:^ {0,3}\1[ \t]*$|\Z)", re.M | re.S)
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_SETEXT = re.compile(r" {0,3}(=+|-+)[ \t]*$")
_RULE = re.compile(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_REFERENCE = re.compile(r" {0,3}\[[^\]]+\]:\s*\S")
_ATX = re.compile(r" {0,3}#{1,6}(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_QUOTE = re.compile(r"^ {0,3}(?:>[ \t]?)+")
_BULLET = re.compile(r"^[ \t]*[-*+][ \t]+")
_IMAGE = re.compile(r"!\[[^\]]*\](?:\((?:[^()]|\([^()]*\))*\)|\[[^\]]*\])")
_LINK = re.compile(r"\[([^\]]*)\](?:\((?:[^()]|\([^()]*\))*\)|\[[^\]]*\])")
_AUTOLINK = re.compile(r"<((?:https?|ftp|mailto|file):[^>\s]+)>")
_CODE = re.compile(r"(`+)[ ]?(.+?)[ ]?\1")
_EMPHASIS = re.compile(r"(?<![\\\w])(\*{1,3}|_{1,3}|~~)(?=\S)(.+?)(?<=[^\s\\])\1(?!\w)")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def load_article(path: str | os.PathLike[str], *, max_bytes: int = MAX_FILE_BYTES) -> Article:
    """Load a .txt, .md/.markdown or .html/.htm file; anything else is read as text if it is."""
    return load_article_bytes(*read_file(path, max_bytes=max_bytes), max_bytes=max_bytes)


def read_file(
    path: str | os.PathLike[str], *, max_bytes: int = MAX_FILE_BYTES
) -> tuple[bytes, str, str]:
    """A file's bytes, its source (the resolved path) and its suffix, for ``load_article_bytes``:
    ``factreader batch`` reads files where it runs and has them loaded where it analyses."""
    file = Path(path)
    name = file.name or str(file)
    try:
        info = file.stat()
        if stat.S_ISDIR(info.st_mode):
            raise NotAFileError(name, "is a directory, not a file")
        if not stat.S_ISREG(info.st_mode):  # a FIFO or device would block or never end
            raise NotAFileError(name)
        if info.st_size > max_bytes:
            raise _too_large(name, info.st_size, max_bytes)
        with file.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except (FileNotFoundError, NotADirectoryError) as error:
        raise FileMissingError(name) from error
    except PermissionError as error:
        raise UnreadableFileError(name, "permission denied") from error
    except OSError as error:
        raise UnreadableFileError(name, f"cannot be read: {error.strerror or error}") from error
    return data, str(file.resolve()), file.suffix


def load_article_bytes(
    data: bytes,
    source: str,
    suffix: str,
    *,
    max_bytes: int = MAX_FILE_BYTES,
    declared_charset: str | None = None,
) -> Article:
    """Load a document already in memory (a drop, a download); ``suffix`` picks the format.
    ``declared_charset`` is the encoding the server named (HTTP ``Content-Type``): after strict
    UTF-8 it goes before a page's own ``<meta charset>``, as in a browser."""
    name = Path(source).name or source
    if len(data) > max_bytes:
        raise _too_large(name, len(data), max_bytes)
    if not data:
        raise EmptyArticleError(name, "file is empty")
    suffix = "." + suffix.lower().lstrip(".")
    if suffix == ".pdf" or data[:5] == b"%PDF-":
        return _from_pdf(data, source, name)
    if suffix in (".docx", ".epub"):
        return _from_package(data, source, name, suffix, max_bytes)
    if suffix in _HTML:
        return _from_html(data, source, name, declared_charset)
    text = decode_text(data, name, web_encoding(declared_charset))
    if (
        suffix not in _MARKDOWN
        and suffix not in {".txt", ".text"}
        and _HTML_START.match(text[:1024])
    ):
        return _from_html(data, source, name, declared_charset)
    if suffix in _MARKDOWN:
        fields, text = front_matter(text)
        body, heading = _strip_markdown(text)
        article = _build(body, fields.get("title") or heading, source, name)
        article = replace(
            article,
            author=fields.get("author"),
            published=fields.get("published") or fields.get("date"),
            url=next(
                (fields[k] for k in ("url", "source") if fields.get(k, "").startswith("http")),
                None,
            ),
            site=fields.get("site"),
        )
    else:
        article = _build(text, None, source, name)
    damaged = text.count("\ufffd") - intended_replacements(data)
    if damaged > 0:
        bytes_were = "byte was" if damaged == 1 else "bytes were"
        warning = f"{name}: {damaged} damaged {bytes_were} not UTF-8, shown as �"
        article = replace(article, warnings=(*article.warnings, warning))
    return article


def article_from_text(
    text: str, source: str = "clipboard", title: str | None = None, *, verbatim: bool = False
) -> Article:
    """Make an Article from pasted text, cleaned exactly as a loaded file would be; ``verbatim``
    keeps the text as given, so that offsets refer to a caller's own copy (JSONL input)."""
    if not text.strip():
        raise EmptyArticleError(source, "contains only whitespace")
    return _build(text, title, source, source, verbatim=verbatim)


def jsonl_documents(path: str) -> Iterator[tuple[str, Article | ReaderError]]:
    """Each line's id and article (its text as given, so that offsets refer to the caller's
    copy); a line that is not a document gives its place and why. For ``analyze --from-jsonl``
    and ``batch`` alike."""
    try:
        handle = open(path, encoding="utf-8")  # noqa: SIM115 - closed below, errors reported
    except OSError as error:
        yield path, ReaderError(f"{path}: {error.strerror or error}")
        return
    with handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                doc_id, text = str(record["id"]), record["text"]
                if not isinstance(text, str):
                    raise TypeError("text is not a string")
                yield doc_id, article_from_text(text, source=f"{path}#{doc_id}", verbatim=True)
            except (ValueError, KeyError, TypeError) as error:
                yield (
                    f"{path}:{number}",
                    ReaderError(f"{path} line {number}: not a document ({error})"),
                )
            except ReaderError as error:
                yield f"{path}:{number}", error


def _from_pdf(data: bytes, source: str, name: str, password: str | None = None) -> Article:
    from reader.core.pdf import read_pdf

    found = read_pdf(data, name, password)
    text = found.text
    if not text.strip():
        raise EmptyArticleError(name, "contains no text")
    first_line = text.strip().split("\n", 1)[0].strip()
    article = _build(text, found.title or first_line, source, name, verbatim=True)
    pages = tuple(Page(number, start, end) for number, start, end in found.pages)
    return replace(
        article,
        pages=pages,
        author=found.author,
        published=found.created,
        warnings=(*article.warnings, *found.warnings),
    )


def _from_package(data: bytes, source: str, name: str, suffix: str, max_bytes: int) -> Article:
    """A Word document or an EPUB book; ``max_bytes`` bounds what is unpacked from it too."""
    from reader.core.documents import read_docx, read_epub

    read = read_docx if suffix == ".docx" else read_epub
    found = read(data, name, max_bytes)
    article = _build(found.text, found.title, source, name, empty="contains no text")
    return replace(article, author=found.author, warnings=found.warnings)


def load_pdf(path: str | os.PathLike[str], password: str) -> Article:
    """A PDF that needs its password, given by the reader."""
    file = Path(path)
    try:
        data = file.read_bytes()
    except OSError as error:
        raise UnreadableFileError(
            file.name, f"cannot be read: {error.strerror or error}"
        ) from error
    return _from_pdf(data, str(file.resolve()), file.name, password)


def page_at(article: Article, offset: int) -> int | None:
    """The number of the page a character of a paged article is on."""
    for page in article.pages:
        if page.start <= offset <= page.end:
            return page.number
    return None


def _build(
    text: str, title: str | None, source: str, name: str, empty: str = "", verbatim: bool = False
) -> Article:
    if not verbatim:
        text = _normalise(text)
    if not text:  # only markup or control characters: whitespace alone was refused earlier
        raise EmptyArticleError(name, empty or "contains no text")
    title = " ".join((title or "").split()) or text.strip().split("\n", 1)[0].strip()
    if len(title) > MAX_TITLE_CHARS:
        title = title[: MAX_TITLE_CHARS - 1].rsplit(" ", 1)[0].rstrip(" ,;:-") + "…"
    return Article(title=title, text=text, source=source, id=content_id(text))


def content_id(text: str) -> str:
    """An article's id: the same text has the same id wherever it came from."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _normalise(text: str) -> str:
    """Form feeds and Unicode line separators become newlines; other control characters go."""
    text = _NEWLINES.sub("\n", unicodedata.normalize("NFC", text))
    text = "\n".join(line.rstrip() for line in _CONTROLS.sub("", text).split("\n"))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _too_large(name: str, size: int, limit: int) -> FileTooLargeError:
    return FileTooLargeError(
        name, f"file is {readable_size(size)}, over the {readable_size(limit)} limit"
    )


def _from_html(data: bytes, source: str, name: str, declared: str | None = None) -> Article:
    import trafilatura  # slow to import, and only saved web pages need it
    from trafilatura.settings import Document

    html = decode_text(data, name, web_encoding(declared) or meta_charset(data))
    doc = trafilatura.bare_extraction(
        html,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
        with_metadata=True,
    )
    text, title = (doc.text or "", doc.title or "") if isinstance(doc, Document) else ("", "")
    found = doc if isinstance(doc, Document) else None
    if not text.strip() or not title.strip():
        page = PageText()
        page.feed(html)
        page.close()
        text = text if text.strip() else page.text()
        title = title or page.found.get("h1", "") or page.found.get("title", "")
    # trafilatura puts each paragraph, heading or list item on one line.
    paragraphs = "\n\n".join(line for line in text.split("\n") if line.strip())
    article = _build(paragraphs, title, source, name, empty="no article text found in the page")
    if found is None:
        return article
    return replace(
        article,
        url=_clean_meta(found.url),
        author=_clean_meta(found.author),
        published=_clean_meta(found.date),
        site=_clean_meta(found.sitename),
    )


def _clean_meta(value: object) -> str | None:
    text = " ".join(str(value).split()) if value else ""
    return text or None


# YAML front matter ("---" lines around "key: value" lines), as Obsidian, Hugo, Jekyll and
# Fact Reader's own exports write it: data about the note, not its text.
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S | re.M)
_FRONT_LINE = re.compile(r"[A-Za-z_][\w-]*:(?:\s|$)|\s|-\s|#")
_FRONT_FIELD = re.compile(r"^([A-Za-z_][\w-]*):[ \t]*(.*?)[ \t]*$", re.M)
_YAML_ESCAPE = re.compile(r"\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|.)")
_YAML_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "/": "/", "0": ""}


def front_matter(markdown: str) -> tuple[dict[str, str], str]:
    """A Markdown file's front matter as plain strings (scalars only: a list or a nested map
    is not kept), and the text after it."""
    match = _FRONT_MATTER.match(markdown)
    lines = [line for line in match[1].splitlines() if line.strip()] if match else []
    if match is None or not lines or not all(_FRONT_LINE.match(line) for line in lines):
        return {}, markdown  # "---" rules around prose are the text's own
    fields = {}
    for key, raw in _FRONT_FIELD.findall(match[1]):
        value = _yaml_scalar(raw)
        if value:
            fields[key.casefold()] = value
    return fields, markdown[match.end() :]


def _yaml_scalar(raw: str) -> str:
    if raw[:1] == '"' and raw.endswith('"') and len(raw) >= 2:
        return _YAML_ESCAPE.sub(_unescape_yaml, raw[1:-1])
    if raw[:1] == "'" and raw.endswith("'") and len(raw) >= 2:
        return raw[1:-1].replace("''", "'")
    if raw[:1] in "[{|>&*!" or " #" in raw:
        return raw.split(" #", 1)[0].strip() if raw[:1] not in "[{|>&*!" else ""
    return raw


def _unescape_yaml(match: re.Match[str]) -> str:
    code = match[1]
    if code[0] in "xu" and len(code) > 1:
        return chr(int(code[1:], 16))
    return _YAML_ESCAPES.get(code, code)


def _strip_markdown(markdown: str) -> tuple[str, str | None]:
    """Plain text for analysis, and the first heading, which is the title a Markdown file means."""
    parts: list[str] = []
    headings: list[str] = []
    position = 0
    for fence in _FENCE.finditer(markdown):
        parts += [_strip_prose(markdown[position : fence.start()], headings), fence["code"]]
        position = fence.end()
    parts.append(_strip_prose(markdown[position:], headings))
    return "".join(parts), (headings[0] if headings else None)


def markdown_text(markdown: str) -> str:
    """Markdown as a reader sees it rendered, in plain text: "**Key:** see [the filing](…)" is
    "Key: see the filing". A note's body is the analyst's Markdown; a list of notes shows this."""
    return _strip_markdown(markdown)[0].strip()


def _strip_prose(markdown: str, headings: list[str]) -> str:
    lines: list[str] = []
    for raw in _COMMENT.sub("", markdown).split("\n"):
        line = _QUOTE.sub("", raw)
        if _SETEXT.match(line) and lines and lines[-1].strip():
            headings.append(lines[-1].strip())
            lines[-1:] = ["", lines[-1], ""]  # a heading is a block of its own
            continue
        if _RULE.match(line) or _REFERENCE.match(line):
            lines.append("")
            continue
        heading = _ATX.match(line)
        line = _inline((heading[1] or "") if heading else _BULLET.sub("", line))
        if heading and line.strip():
            headings.append(line.strip())
        lines += ["", line, ""] if heading else [line]
    return "\n".join(lines)


def _inline(line: str) -> str:
    line = _LINK.sub(r"\1", _IMAGE.sub("", line))
    line = _CODE.sub(r"\2", _AUTOLINK.sub(r"\1", line))
    for _ in range(2):  # once more for emphasis nested in emphasis
        line = _EMPHASIS.sub(r"\2", line)
    return _ESCAPE.sub(r"\1", line)
