"""Notes as Markdown for Obsidian, Readwise or Zotero users: YAML front matter, the passage in a
block quote, the note, its tags, where it is, and a block id to link to.

Fact Reader owns the front matter and the part between its two marker comments; everything else
in an exported file is the user's and survives a re-export. Files are replaced atomically.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path

from reader.core.errors import ReaderError
from reader.core.facts import format_amount, format_figure
from reader.core.model import Analysis, Article
from reader.core.schema import md_escape, who_said_what_markdown
from reader.core.store import Note, StoredArticle, now

BEGIN_MARK = "<!-- factreader:begin — this part is rewritten at each export -->"
END_MARK = "<!-- factreader:end -->"

# Lines that Markdown would read as structure (heading, rule, quote, fence, setext underline,
# comment) get a backslash, so a note cannot break the layout around it.
_BLOCK_START = re.compile(r"^( {0,3})([#>=\\<]|[-*_](?=[-*_ \t]*$)|`{3,}|~{3,})")
_UNESCAPE = re.compile(r"^( {0,3})\\(?=[#>=\\<\-*_`~])", re.MULTILINE)


class ExportError(ReaderError):
    """The export cannot be written as asked."""


def escape_block(text: str) -> str:
    """Article text as Markdown that shows it as it is: no line starts a heading, quote or
    list, and no tag in it ("<script>", "<img onerror=…>") is markup to a Markdown viewer."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return "\n".join(_BLOCK_START.sub(r"\1\\\2", line) for line in text.split("\n"))


def unescape_block(text: str) -> str:
    text = _UNESCAPE.sub(r"\1", text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def yaml_string(value: str) -> str:
    """A double-quoted YAML scalar: colons, quotes and '#' in a title stay text."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    escaped = escaped.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    escaped = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", lambda m: f"\\x{ord(m[0]):02x}", escaped)
    return f'"{escaped}"'


def paragraph_number(text: str, offset: int) -> int:
    """1-based count of non-empty lines up to the one holding ``offset``."""
    return sum(1 for line in text[:offset].split("\n")[:-1] if line.strip()) + 1


def article_markdown(
    article: Article,
    stored: StoredArticle,
    notes: Sequence[Note],
    analysis: Analysis | None = None,
) -> str:
    tags = sorted({tag for note in notes for tag in note.tags})
    front = [
        "---",
        f"title: {yaml_string(article.title)}",
        f"source: {yaml_string(article.url or article.source)}",
        *(
            f"{key}: {yaml_string(value)}"
            for key, value in (
                ("author", article.author),
                ("published", article.published),
                ("site", article.site),
            )
            if value
        ),
        f"created: {yaml_string(stored.added)}",
        f"exported: {yaml_string(now())}",
        "tags: [" + ", ".join(yaml_string(t) for t in tags) + "]",
        "---",
    ]
    body = [BEGIN_MARK, "", f"# {md_escape(article.title)}", ""]
    if notes:
        body += ["## Notes", ""]
    for note in notes:
        quote = escape_block(note.anchor.exact.strip())
        body += ["> " + line if line else ">" for line in quote.split("\n")]
        body.append("")
        if note.body.strip():
            body += [escape_block(note.body.strip()), ""]
        if note.tags:
            body += ["Tags: " + " ".join("#" + re.sub(r"\s+", "-", t) for t in note.tags), ""]
        where = f"Paragraph {paragraph_number(article.text, note.anchor.start)}"
        if note.status == "check":
            where += " · check the position"
        elif note.status == "orphan":
            where += " · its passage is no longer in the article"
        body += [f"{where} ^note-{note.uid}", ""]
    if analysis is not None:
        body += _facts_sections(article, analysis)
    body.append(END_MARK)
    return "\n".join(front) + "\n\n" + "\n".join(body) + "\n"


def _facts_sections(article: Article, analysis: Analysis) -> list[str]:
    lines = [*who_said_what_markdown(analysis), "", "## Money", ""]
    money_facts = {f.ref: f for f in analysis.facts if f.kind == "money"}
    for number, money in enumerate(analysis.money):
        fact = money_facts.get(f"money/{number}")
        sentence = (
            " ".join(article.text[fact.sentence_start : fact.sentence_end].split())
            if fact is not None
            else money.text
        )
        lines.append(f"- **{md_escape(format_amount(money))}**: “{md_escape(sentence)}”")
    lines += ["", "## Figures", ""]
    for figure in analysis.figures:
        lines.append(f"- **{md_escape(format_figure(figure))}**: “{md_escape(figure.text)}”")
    return [*lines, ""]


def merge_into_existing(existing: str, fresh: str) -> str | None:
    """The user's file with our front matter and marked part replaced, or None when the file is
    not one of our exports."""
    begin, end = existing.find(BEGIN_MARK), existing.find(END_MARK)
    if begin < 0 or end < begin:
        return None
    fresh_front, _, fresh_rest = fresh.partition(BEGIN_MARK)
    head = existing[:begin]
    if head.startswith("---\n"):
        closing = head.find("\n---\n", 4)
        if closing >= 0:
            head = fresh_front + head[closing + 5 :].lstrip("\n")
    return head + BEGIN_MARK + fresh_rest.rstrip("\n").removesuffix(END_MARK) + existing[end:]


def write_export(path: Path, content: str, force: bool = False) -> None:
    """Write atomically; re-export into our own file keeps what the user added around it."""
    if path.is_dir():
        raise ExportError(f"{path} is a folder; name a file to export to")
    if path.exists():
        try:
            existing = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise ExportError(f"{path} exists and cannot be read: {error}") from error
        merged = merge_into_existing(existing, content)
        if merged is not None:
            content = merged
        elif not force:
            raise ExportError(f"{path} exists and is not a Fact Reader export; use --force")
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def export_file_name(article: StoredArticle) -> str:
    slug = re.sub(r"[^\w]+", "-", article.title.lower()).strip("-")[:60] or "article"
    return f"{slug}-{article.id[:8]}.md"
