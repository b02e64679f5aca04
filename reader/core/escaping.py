"""Text from an article or the user, made safe to write into an export: one source of truth for
every Markdown report and export (``schema.py``, ``export.py``) and the Figures CSV
(``crossref.py``). An article's heading, a sentence, a tag or a speaker's name may hold HTML
("<img src=x onerror=…>"), Markdown or a spreadsheet formula; written raw, a Markdown viewer runs
it, a link appears that the article did not have, or a spreadsheet computes it.
"""

from __future__ import annotations

import re

# ASCII punctuation that makes Markdown inline markup (code, emphasis, links, images, headings,
# tables, strikethrough); "_" is matched as a run, since between letters it is plain text.
_INLINE_MARKUP = re.compile(r"[\\`*\[\]#|!~]|_+")
# A link shown as a CommonMark autolink: a web or file address, and none of the characters that
# would end an autolink early (after which the rest of the address would be read as markup).
_AUTOLINK = re.compile(r"(?:https?|file)://[^\s<>\x00-\x1f\x7f]+", re.IGNORECASE)
# What a spreadsheet reads as the start of a formula (OWASP, "CSV Injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# What may still open a block at the start of a line once ``escape_inline`` has escaped the rest:
# a list item ("- ", "+ ", "1. ", "1) "), a setext heading's underline ("===", "---") or a rule.
_PASSAGE_LINE_START = re.compile(r"[-+=]|\d{1,9}[.)]")
# The same in the analyst's note, whose own Markdown (emphasis, links, lists) is kept: only what
# would break the layout around it (heading, rule, quote, fence, setext underline, HTML).
_NOTE_LINE_START = re.compile(r"^( {0,3})([#>=\\<]|[-*_](?=[-*_ \t]*$)|`{3,}|~{3,})")
_NOTE_UNESCAPE = re.compile(r"^( {0,3})\\(?=[#>=\\<\-*_`~])", re.MULTILINE)


def escape_inline(text: str) -> str:
    """Text from an article or the user inside a line of Markdown (a heading, a list item, a
    name, a tag): shown as written, never as markup, a link or HTML, and on one line.

    "_" between two letters or digits is left as it is ("to_check" stays a tag Obsidian reads):
    CommonMark never takes such an underscore for emphasis.
    """
    text = " ".join(text.split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _INLINE_MARKUP.sub(_escaped, text)


def escape_passage(text: str) -> str:
    """Article text written as a block of its own (a note's passage, a quote in a dossier): line
    by line as ``escape_inline`` writes it, its line breaks kept, and no line starting a list,
    heading or rule. A link, image or emphasis in the article ("[click](http://…)", "**£5m**")
    is shown as written, never made live."""
    return "\n".join(_passage_line(line) for line in text.split("\n"))


def _passage_line(line: str) -> str:
    line = escape_inline(line)
    found = _PASSAGE_LINE_START.match(line)
    if found is None:
        return line
    return line[: found.end() - 1] + "\\" + line[found.end() - 1 :]


def escape_note(text: str) -> str:
    """The analyst's own note as Markdown: their emphasis, links and lists stay Markdown, but no
    line starts a heading, quote, rule or fence that would break the export's layout, and no tag
    in it ("<script>", "<img onerror=…>") is markup to a Markdown viewer. Article text is never
    written with this: see ``escape_passage``."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return "\n".join(_NOTE_LINE_START.sub(r"\1\\\2", line) for line in text.split("\n"))


def unescape_note(text: str) -> str:
    """The note as the analyst wrote it, from what ``escape_note`` made of it."""
    text = _NOTE_UNESCAPE.sub(r"\1", text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _escaped(found: re.Match[str]) -> str:
    mark = found[0]
    if mark[0] != "_":
        return "\\" + mark
    text, start, end = found.string, found.start(), found.end()
    if start > 0 and end < len(text) and text[start - 1].isalnum() and text[end].isalnum():
        return mark
    return "\\_" * len(mark)


def markdown_link(link: str) -> str:
    """An article's address or file on a line of Markdown: a web or file address as a link,
    anything else (a path, an odd scheme such as "javascript:") as text."""
    return f"<{link}>" if _AUTOLINK.fullmatch(link) else escape_inline(link)


def spreadsheet_cell(value: object) -> object:
    """A CSV cell that a spreadsheet shows as written: text that would start a formula gets a
    leading apostrophe; numbers are left alone."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value
