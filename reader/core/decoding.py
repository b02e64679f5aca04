"""Bytes to text: the encoding of a text file or a web page found (a byte order mark, strict
UTF-8, the charset a server or the page declares, Windows-1252, then charset-normalizer's guess),
binary files refused, and an HTML document's visible text. Shared by ``loading`` and
``documents`` (an EPUB's chapters are XHTML).
"""

from __future__ import annotations

import codecs
import re
from html.parser import HTMLParser

import charset_normalizer

from reader.core.errors import BinaryFileError, DecodeError, EmptyArticleError

_MAGIC = {
    b"%PDF": "PDF",
    b"PK\x03\x04": "ZIP",
    b"\x89PNG": "PNG",
    b"\xff\xd8\xff": "JPEG",
    b"GIF8": "GIF",
    b"\x1f\x8b": "gzip",
    b"\x7fELF": "executable",
    b"\xd0\xcf\x11\xe0": "Office",
}
_BOMS = {b"\xef\xbb\xbf": "utf-8", b"\xff\xfe": "utf-16-le", b"\xfe\xff": "utf-16-be"}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.I)


def intended_replacements(data: bytes) -> int:
    """Replacement characters the file itself holds (written as UTF-8), not made by decoding."""
    return data.count("\ufffd".encode())


def decode_text(data: bytes, name: str, declared: str | None = None) -> str:
    """Strict decoders first, because charset-normalizer's guesses are weakest on short texts."""
    for magic, kind in _MAGIC.items():
        if data.startswith(magic):
            raise BinaryFileError(name, f"looks like a binary file ({kind}), not text")
    for bom, encoding in _BOMS.items():
        if data.startswith(bom):
            return _strict(data[len(bom) :], encoding, name)
    if b"\x00" in data:
        utf16 = _utf16_without_bom(data[:4096])
        if utf16 is None:
            raise BinaryFileError(name, "looks like a binary file (it has NUL bytes), not text")
        return _strict(data, utf16, name)
    candidates = ["utf-8", declared] if declared else ["utf-8"]
    for encoding in candidates:
        try:
            return _checked_text(data.decode(encoding), name)
        except (UnicodeDecodeError, LookupError):
            pass
    mostly = _mostly_utf8(data)
    if mostly is not None:
        return _checked_text(mostly, name)
    western = _windows_1252(data)
    if western is not None:
        return _checked_text(western, name)
    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    if best is None:
        raise DecodeError(name)
    # On a tie, Windows-1252 is by far the likeliest legacy encoding of an English article.
    best = next((m for m in matches if m.encoding == "cp1252" and m.chaos <= best.chaos), best)
    return _checked_text(str(best), name)


# Windows-1252 is by far the likeliest legacy encoding of an English article, and
# charset-normalizer's guesses are weakest on short texts: "Café … €5 million" came out as the
# Baltic cp775, "Cafķ ģ Ć5 million". Bytes that decode as Windows-1252 into text that does not
# look garbled are read so, unless over this share of the letters are accented, as they are when
# a Cyrillic or Greek code page is read as Windows-1252.
WESTERN_MAX_ACCENTED_SHARE = 0.3


def _windows_1252(data: bytes) -> str | None:
    match = charset_normalizer.from_bytes(data, cp_isolation=["cp1252"]).best()
    if match is None:  # a byte Windows-1252 leaves undefined, or garbled text
        return None
    text = str(match)
    letters = [ch for ch in text[:65536] if ch.isalpha()]
    accented = sum(1 for ch in letters if not ch.isascii())
    return text if accented <= WESTERN_MAX_ACCENTED_SHARE * len(letters) else None


# A text whose multi-byte characters are valid UTF-8 but for at most this share of its bytes is
# UTF-8 with a few damaged bytes, not a legacy code page ("—" must not become "тАФ").
UTF8_DAMAGE_SHARE = 0.001


def _mostly_utf8(data: bytes) -> str | None:
    text = data.decode("utf-8", errors="replace")
    damaged = text.count("\ufffd") - intended_replacements(data)
    valid_multibyte = sum(1 for ch in text if ord(ch) > 0x7F and ch != "\ufffd")
    if damaged and valid_multibyte and damaged <= max(3, UTF8_DAMAGE_SHARE * len(data)):
        return text
    return None


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return _checked_text(data.decode(encoding), name)
    except UnicodeDecodeError as error:
        raise DecodeError(name, f"is not valid {encoding.upper()} text") from error


def _checked_text(text: str, name: str) -> str:
    """Refuses decoded text that is really binary (control characters galore) or blank."""
    sample = text[:65536]
    if len(re.findall(r"[\x00-\x08\x0e-\x1f]", sample)) > 2 + len(sample) // 20:
        raise BinaryFileError(name, "looks like a binary file, not text")
    if not text.strip():
        raise EmptyArticleError(name, "contains only whitespace")
    return text


def _utf16_without_bom(sample: bytes) -> str | None:
    """ASCII-range UTF-16 has a NUL in every other byte; binary data has NULs anywhere."""
    pairs = len(sample) // 2
    even, odd = sample[0 : pairs * 2 : 2].count(0), sample[1 : pairs * 2 : 2].count(0)
    if pairs and odd > pairs * 0.3 and even < pairs * 0.02:
        return "utf-16-le"
    if pairs and even > pairs * 0.3 and odd < pairs * 0.02:
        return "utf-16-be"
    return None


def meta_charset(data: bytes) -> str | None:
    """The encoding a page names in its ``<meta charset>``."""
    match = _META_CHARSET.search(data[:4096])
    return web_encoding(match[1].decode("ascii")) if match else None


def web_encoding(label: str | None) -> str | None:
    """Python's name for an encoding label of a page or of an HTTP header. Browsers read a page
    labelled Latin-1 or ASCII as Windows-1252, and so must we."""
    try:
        encoding = codecs.lookup(label.strip()).name if label else None
    except LookupError:
        return None
    return "cp1252" if encoding in {"latin-1", "iso8859-1", "ascii"} else encoding


class PageText(HTMLParser):
    """Last resort for pages trafilatura rejects: the visible body text, one block a paragraph."""

    SKIP = frozenset({"head", "script", "style", "noscript", "template", "svg", "iframe"})
    BLOCK = re.compile(
        r"article|aside|blockquote|d[dlt]|div|fig\w*|footer|form|h[1-6r]|header"
        r"|li|main|nav|ol|p|pre|section|t[dhr]|table|ul"
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: dict[str, str] = {}
        self._parts: list[str] = []
        self._skip = 0
        self._capture: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self._skip += 1
        self._parts.append("\n" if tag == "br" else "\n\n" if self.BLOCK.fullmatch(tag) else "")
        if tag in {"title", "h1"} and tag not in self.found:
            self._capture, self.found[tag] = tag, ""

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self._skip = max(0, self._skip - 1)
        self._parts.append("\n\n" if self.BLOCK.fullmatch(tag) else "")
        if tag == self._capture:
            self._capture = None

    def handle_data(self, data: str) -> None:
        data = re.sub(r"\s+", " ", data)
        if self._capture:
            self.found[self._capture] += data
        if not self._skip:
            self._parts.append(data)

    def text(self) -> str:
        return "\n".join(line.strip() for line in "".join(self._parts).split("\n"))


def html_text(data: bytes, name: str) -> str:
    """The visible text of an HTML or XHTML document, a paragraph per block (an EPUB chapter)."""
    page = PageText()
    page.feed(decode_text(data, name, meta_charset(data)))
    page.close()
    return re.sub(r"\n{3,}", "\n\n", page.text()).strip()
