"""Notes as Markdown for Obsidian, Readwise or Zotero users: YAML front matter, the passage in a
block quote, the note, its tags, where it is, and a block id to link to.

Fact Reader owns the front matter and the part between its two marker comments; everything else
in an exported file is the user's and survives a re-export. A marker counts only on a line of its
own at the left margin, and nothing Fact Reader writes from the article or a note can form such a
line, so an article cannot make a re-export eat the user's text. Only regular files are written.
"""

from __future__ import annotations

import os
import re
import secrets
import stat
import time
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from reader.core.conflicts import DISAGREE, MeasuredFigure, conflicts, figures_of_measure
from reader.core.crossref import directory, no_statements, sources, statements_by
from reader.core.dates import published_day
from reader.core.errors import ReaderError
from reader.core.escaping import escape_inline, escape_note, escape_passage, markdown_link
from reader.core.model import Analysis, Article
from reader.core.schema import amounts_markdown, who_said_what_markdown
from reader.core.store import Note, Store, StoredArticle, now

BEGIN_MARK = "<!-- factreader:begin — this part is rewritten at each export -->"
END_MARK = "<!-- factreader:end -->"

# A marker line: the marker alone on its line, at the margin. Quoted ("> …"), indented or inside
# a longer line, the same words are text.
_BEGIN_LINE = re.compile(rf"^{re.escape(BEGIN_MARK)}[ \t\r]*$", re.MULTILINE)
_END_LINE = re.compile(rf"^{re.escape(END_MARK)}[ \t\r]*$", re.MULTILINE)
_FRONT_MATTER_OPEN = re.compile(r"---[ \t\r]*\n")
_FRONT_MATTER_CLOSE = re.compile(r"^---[ \t\r]*(?:\n|\Z)", re.MULTILINE)
# The "<" of text that looks like one of our markers, in any case or spacing: written as "&lt;"
# in Markdown and "\x3c" in YAML, it shows the same and can never become a marker line.
_MARKER_LIKE = re.compile(r"<(?=!--\s*factreader)", re.IGNORECASE)

# An export is a few hundred kB; a "file" larger than this is not one, and is not read.
MAX_EXISTING_BYTES = 50 * 1024 * 1024
# A temporary file lives for the instant an export takes; one this old was left by a killed export.
STALE_TEMPORARY_SECONDS = 3600
TEMPORARY_SUFFIX = ".factreader-tmp"  # after ".NAME." and the token below
_TEMPORARY_TOKEN = re.compile(r"[0-9a-f]{16}")


class ExportError(ReaderError):
    """The export cannot be written as asked."""


class ExportExistsError(ExportError):
    """The file exists and is not a Fact Reader export: it is only replaced when the user says so
    (``--force`` or "Yes"), so callers catch this type to ask."""


def block_quote(text: str) -> list[str]:
    """Article text as the lines of a Markdown block quote, shown as written (see
    ``escape_passage``): a note's passage, a statement in a dossier."""
    return ["> " + line if line else ">" for line in escape_passage(text.strip()).split("\n")]


def markdown_tag(tag: str) -> str:
    """A note's tag as "#tag" in the text: its spaces are hyphens, and any markup in it is
    escaped (the front matter lists it as written)."""
    return "#" + escape_inline("-".join(tag.split()))


def _defuse_markers(text: str) -> str:
    """Markdown in which no text from an article or a note can be taken for our markers."""
    return _MARKER_LIKE.sub("&lt;", text)


def yaml_string(value: str) -> str:
    """A double-quoted YAML scalar: colons, quotes and '#' in a title stay text."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    escaped = escaped.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    escaped = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", lambda m: f"\\x{ord(m[0]):02x}", escaped)
    escaped = _MARKER_LIKE.sub(r"\\x3c", escaped)  # the same title to a YAML reader
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
    body = ["", f"# {escape_inline(article.title)}", ""]
    if notes:
        body += ["## Notes", ""]
    for note in notes:
        body += [*block_quote(note.anchor.exact), ""]
        if note.body.strip():
            body += [escape_note(note.body.strip()), ""]
        if note.tags:
            body += ["Tags: " + " ".join(markdown_tag(t) for t in note.tags), ""]
        where = f"Paragraph {paragraph_number(article.text, note.anchor.start)}"
        if note.status == "check":
            where += " · check the position"
        elif note.status == "orphan":
            where += " · its passage is no longer in the article"
        body += [f"{where} ^note-{note.uid}", ""]
    if analysis is not None:
        body += _facts_sections(article, analysis)
    # Every line between the markers, whatever part of it came from the article or a note.
    body = [BEGIN_MARK, *(_defuse_markers(line) for line in body), END_MARK]
    return "\n".join(front) + "\n\n" + "\n".join(body) + "\n"


def _facts_sections(article: Article, analysis: Analysis) -> list[str]:
    return [*who_said_what_markdown(analysis), "", *amounts_markdown(article, analysis), ""]


def _front_matter_end(text: str) -> int:
    """Where the YAML front matter ends (past its closing "---" line); 0 when there is none."""
    if not _FRONT_MATTER_OPEN.match(text):
        return 0
    closing = _FRONT_MATTER_CLOSE.search(text, text.index("\n") + 1)
    return closing.end() if closing else 0


def _marked_part(text: str) -> tuple[int, int] | None:
    """Where our part is: the start of the first begin-marker line after the front matter, and
    the start of the first end-marker line after it; None when the file has no such pair.

    Nothing Fact Reader writes between the markers is a marker line, so the first end line is
    ours: the last one could be a marker line the user quotes further down (in a code block, say),
    and taking it would swallow their text.
    """
    begin = _BEGIN_LINE.search(text, _front_matter_end(text))
    if begin is None:
        return None
    end = _END_LINE.search(text, begin.end())
    return None if end is None else (begin.start(), end.start())


def merge_into_existing(existing: str, fresh: str) -> str | None:
    """The user's file with our front matter and marked part replaced, or None when the file is
    not one of our exports."""
    ours, new = _marked_part(existing), _marked_part(fresh)
    if ours is None:
        return None
    assert new is not None, "fresh is what article_markdown wrote"
    (begin, end), (fresh_begin, fresh_end) = ours, new
    head = existing[:begin]
    front_end = _front_matter_end(existing)
    if front_end:
        head = fresh[:fresh_begin] + existing[front_end:begin].lstrip("\n")
    return head + fresh[fresh_begin:fresh_end] + existing[end:]


def write_export(path: Path, content: str, force: bool = False) -> None:
    """Write the export to ``path``; a re-export into our own file keeps what the user added
    around it, and a file that is not ours is only replaced with ``force``.

    Only a regular file, or a path where nothing is yet, is a target: a device, FIFO or socket is
    refused even with ``force`` (reading one never ends or never starts, and replacing one breaks
    the system). A symbolic link to a file is written through and stays a link; one whose target
    does not exist is refused, rather than a file made wherever it points. The file keeps its
    permission bits, and its hard links (see ``_write_in_place``). No folder is made: one that
    does not exist is an error that says so (``make_export_folder`` makes the one a user names).
    """
    target, info = _target(path)
    if info is not None:
        merged = merge_into_existing(_read_existing(path, target, info), content)
        if merged is not None:
            content = merged
        elif not force:
            raise ExportExistsError(f"{path} exists and is not a Fact Reader export")
    _write(path, target, info, content)


def write_file(path: Path, content: str) -> None:
    """Replace ``path`` with ``content`` whole (a CSV table: nothing of the user's to keep), with
    the same care for the target as ``write_export``."""
    target, info = _target(path)
    _write(path, target, info, content)


def _target(path: Path) -> tuple[Path, os.stat_result | None]:
    """The file ``path`` names (through links) and its state; None where nothing is yet, in a
    folder that exists."""
    target = Path(os.path.realpath(path))
    try:
        info: os.stat_result | None = os.lstat(target)
    except FileNotFoundError:
        info = None
    except OSError as error:
        raise ExportError(f"{path} cannot be used: {error.strerror or error}") from error
    if info is not None:
        _refuse_unless_regular(path, info)
        return target, info
    if os.path.islink(path):
        raise ExportError(
            f"{path} is a symbolic link to {target}, which does not exist; nothing was written "
            "there: name the file itself, or restore the link's target first"
        )
    if not target.parent.is_dir():
        raise ExportError(
            f"the folder {path.parent} does not exist; nothing was written: "
            "create it first, or name a file in a folder that exists"
        )
    return target, info


def make_export_folder(folder: Path) -> bool:
    """Make ``folder``, the one a user named to export every article into, if it is not there
    yet; True when it was made. Only that folder: a missing folder above it is an error, as is a
    file or a dangling symbolic link of that name."""
    if folder.is_dir():
        return False
    if os.path.islink(folder):
        raise ExportError(
            f"{folder} is a symbolic link to {os.path.realpath(folder)}, which does not exist; "
            "name a folder that exists, or restore the link's target first"
        )
    if os.path.lexists(folder):
        raise ExportError(f"{folder} is not a folder; name a folder to export into")
    parent = folder.absolute().parent
    if not parent.is_dir():
        raise ExportError(
            f"the folder {folder.parent} does not exist; nothing was made: "
            "create it first, or name a folder in one that exists"
        )
    try:
        folder.mkdir()
    except OSError as error:
        raise ExportError(
            f"the folder {folder} cannot be made: {error.strerror or error}"
        ) from error
    return True


def _write(path: Path, target: Path, info: os.stat_result | None, content: str) -> None:
    try:
        data = content.encode("utf-8")
    except UnicodeEncodeError as error:
        raise ExportError(f"{path}: the text cannot be written as UTF-8 ({error})") from error
    try:
        _remove_stale_temporaries(target)
        if info is not None and info.st_nlink > 1:
            _write_in_place(path, target, info, data)
        else:
            _replace(target, info, data)
    except OSError as error:
        raise ExportError(f"{path} cannot be written: {error.strerror or error}") from error


_NOT_REGULAR = (
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISLNK, "a symbolic link that goes round in a loop"),  # what realpath leaves of one
)


def _refuse_unless_regular(path: Path, info: os.stat_result) -> None:
    mode = info.st_mode
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        raise ExportError(f"{path} is a folder; name a file to export to")
    kind = next((name for test, name in _NOT_REGULAR if test(mode)), "a special file")
    raise ExportError(f"{path} is {kind}, not a regular file; name a file to export to")


def _read_existing(path: Path, target: Path, info: os.stat_result) -> str:
    """The file's text, read only if it is a regular file of at most MAX_EXISTING_BYTES."""
    too_large = ExportError(
        f"{path} is too large to be a notes export ({info.st_size // 2**20} MB); "
        "it was left as it is, so name another file"
    )
    if info.st_size > MAX_EXISTING_BYTES:
        raise too_large
    try:
        # O_NONBLOCK: should a FIFO have taken the file's place since lstat, opening it does not
        # wait for a writer; fstat then refuses it before anything is read.
        handle = os.open(target, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW)
        with open(handle, "rb") as existing:
            _refuse_unless_regular(path, os.fstat(handle))
            data = existing.read(MAX_EXISTING_BYTES + 1)
        text = data.decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) else error
        raise ExportError(f"{path} exists and cannot be read: {reason or error}") from error
    if len(data) > MAX_EXISTING_BYTES:
        raise too_large
    return text.replace("\r\n", "\n").replace("\r", "\n")  # as a text-mode read gives it


def _temporary_prefix(target: Path) -> str:
    # at most 120 bytes of the name, so that the temporary name stays within the 255 allowed
    return f".{os.fsdecode(os.fsencode(target.name)[:120])}."


def _replace(target: Path, info: os.stat_result | None, data: bytes) -> None:
    """Write a temporary file beside the target and rename it over the target, so that a reader
    (or a crash) sees the old export or the new one, never half of one.

    The new file takes the old one's permission bits, and its owner where that is allowed; a new
    export gets the mode any new file gets (0666 less the umask), not mkstemp's private 0600.
    """
    temporary = target.with_name(
        f"{_temporary_prefix(target)}{secrets.token_hex(8)}{TEMPORARY_SUFFIX}"
    )
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o666)
    try:
        with open(handle, "wb") as out:
            if info is not None:
                created = os.fstat(handle)
                if (created.st_uid, created.st_gid) != (info.st_uid, info.st_gid):
                    with suppress(PermissionError):  # only root may give a file away
                        os.fchown(handle, info.st_uid, info.st_gid)
                os.fchmod(handle, stat.S_IMODE(info.st_mode))
            out.write(data)
            out.flush()
            os.fsync(handle)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _write_in_place(path: Path, target: Path, info: os.stat_result, data: bytes) -> None:
    """Rewrite a file that has other names (hard links) where it is.

    Renaming a new file over it would give this name a new file and leave the other names with the
    old notes, so the file is truncated and written instead. That is not atomic, a crash while
    writing can leave it short, which is the price of the names staying one file.
    """
    handle = os.open(target, os.O_WRONLY | os.O_NONBLOCK | os.O_NOFOLLOW)
    with open(handle, "wb") as out:
        now = os.fstat(handle)
        if (now.st_dev, now.st_ino) != (info.st_dev, info.st_ino):
            raise ExportError(f"{path} was replaced while the notes were exported; export again")
        _refuse_unless_regular(path, now)
        out.truncate(0)
        out.write(data)
        out.flush()
        os.fsync(handle)


def _remove_stale_temporaries(target: Path) -> None:
    """Remove the temporary files that killed exports to this target left behind.

    Only those older than STALE_TEMPORARY_SECONDS: a younger one may belong to another export
    writing this file right now, and removing it would make that export fail. An export takes well
    under a second, so an hour is a wide margin, and the litter still goes at the next export.
    """
    prefix, cutoff = _temporary_prefix(target), time.time() - STALE_TEMPORARY_SECONDS
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return
    for entry in entries:
        name = entry.name
        if not (name.startswith(prefix) and name.endswith(TEMPORARY_SUFFIX)):
            continue
        if not _TEMPORARY_TOKEN.fullmatch(name[len(prefix) : -len(TEMPORARY_SUFFIX)]):
            continue  # another file's, whose name only begins like this one's
        try:
            found = entry.stat(follow_symlinks=False)
            if stat.S_ISREG(found.st_mode) and found.st_mtime < cutoff:
                os.unlink(entry.path)
        except OSError:
            continue  # gone already, or not ours to remove: it does not stop the export


def export_file_name(article: StoredArticle) -> str:
    return f"{_slug(article.title, 'article')}-{article.id[:8]}.md"


def dossier_file_name(name: str) -> str:
    return f"{_slug(name, 'source')}-dossier.md"


def _slug(text: str, instead: str) -> str:
    """Words of ``text`` joined by hyphens, for a file name; ``instead`` when none is left."""
    return re.sub(r"[^\w]+", "-", text.lower()).strip("-")[:60] or instead


def export_article(
    store: Store, article_id: str, path: Path, analysis: Analysis | None = None, force: bool = False
) -> None:
    """Write a stored article's notes (and, given its analysis, its facts) to ``path``: the
    one way both the window and ``factreader export`` do it. Raises ``ExportExistsError`` for a
    file Fact Reader did not write, unless ``force``."""
    article, summary = store.article(article_id), store.article_summary(article_id)
    if article is None or summary is None:
        raise ExportError(f"no stored article {article_id}")
    content = article_markdown(article, summary, store.notes(article_id), analysis)
    write_export(path, content, force=force)


def library_targets(store: Store, folder: Path) -> list[tuple[str, Path]]:
    """Every stored article and the file in ``folder`` its notes are exported to."""
    return [(summary.id, folder / export_file_name(summary)) for summary in store.articles()]


@dataclass(frozen=True)
class Dossier:
    markdown: str
    statements: int  # in the dossier
    guesses_left_out: int  # statements whose speaker is a guess, not in it


def dossier_markdown(store: Store, name: str, guesses: bool = False) -> Dossier:
    """Everything one source said across the library, article by article in date order, with
    the analyst's notes on each passage. A statement whose speaker is a guess is left out unless
    ``guesses``, and then marked "⚠ check:" with the reason: an analyst quotes from dossiers."""
    everything = statements_by(store, name)
    if not everything:
        raise ExportError(no_statements(store, name))
    statements = [s for s in everything if guesses or not s.needs_review]
    left_out = len(everything) - len(statements)
    if not statements:
        raise ExportError(
            f"every statement by {name!r} ({left_out}) has a guessed speaker; "
            "include them with --with-guesses (in the window: Export Dossier with Guesses)"
        )
    keys = directory(store).keys_for(name)
    source = next((s for s in sources(store) if s.key in keys), None)
    shown = source.name if source else statements[0].speaker
    articles = list(dict.fromkeys(s.article_id for s in statements))
    direct = sum(s.kind == "direct" for s in statements)
    marked = sum(s.needs_review for s in statements)
    front = [
        "---",
        f"title: {yaml_string('Dossier: ' + shown)}",
        "type: dossier",
        f"name: {yaml_string(shown)}",
        "also: [" + ", ".join(yaml_string(f) for f in (source.forms if source else ())) + "]",
        f"statements: {len(statements)}",
        f"guesses: {marked}",
        f"guesses_left_out: {left_out}",
        f"articles: {len(articles)}",
        f"exported: {yaml_string(now())}",
        "---",
    ]
    body = ["", f"# {escape_inline(shown)}", ""]
    body += [
        f"{len(statements)} statements in {len(articles)} articles: {direct} in their own words, "
        f"{len(statements) - direct} reported.",
        "",
    ]
    if left_out:
        body += [
            f"{left_out} more with a guessed speaker are left out: "
            "`factreader dossier --with-guesses` (or Export Dossier with Guesses in the window) "
            "includes them, each marked “⚠ check:”.",
            "",
        ]
    if marked:
        body += [f"{marked} of them have a guessed speaker, marked “⚠ check:”: check them.", ""]
    for article_id in articles:
        article = store.article(article_id)
        if article is None:
            continue
        said = [s for s in statements if s.article_id == article_id]
        notes = store.notes(article_id)
        body += _article_heading(article, article_id, said[0].published)
        for statement in said:
            body += [*block_quote(statement.quoted), ""]
            cue = f" ({escape_inline(statement.cue)})" if statement.cue else ""
            where = paragraph_number(article.text, statement.start)
            block = f"^s-{article_id[:8]}-{statement.start}"
            check = "⚠ check: " if statement.needs_review else ""
            why = f" *({escape_inline(statement.review_reason)})*" if statement.needs_review else ""
            body += [
                f"— {check}{escape_inline(statement.speaker)}, {statement.kind}{cue}{why} · "
                f"Paragraph {where} {block}",
                "",
            ]
            body += _notes_on(notes, statement.sentence_start, statement.sentence_end)
    body = [BEGIN_MARK, *(_defuse_markers(line) for line in body), END_MARK]
    markdown = "\n".join(front) + "\n\n" + "\n".join(body) + "\n"
    return Dossier(markdown, len(statements), left_out)


def _article_heading(article: Article, article_id: str, published: str) -> list[str]:
    """An article's part of a dossier begins with its date, its title and where it came from
    (a local file as a file: link)."""
    link = article.url or article.source
    if not article.url and Path(link).is_absolute():
        link = Path(link).as_uri()
    return [
        f"## {escape_inline(published_day(published))} · {escape_inline(article.title)}",
        "",
        f"Source: {markdown_link(link)} · article `{article_id}`",
        "",
    ]


def _notes_on(notes: Sequence[Note], start: int, end: int) -> list[str]:
    """The analyst's notes on a sentence of a dossier, each its own paragraph."""
    lines: list[str] = []
    for note in notes:
        if note.anchor.start < end and note.anchor.end > start and note.body.strip():
            lines += ["Note: " + escape_note(note.body.strip()), ""]
    return lines


def export_dossier(
    store: Store, name: str, path: Path, force: bool = False, guesses: bool = False
) -> Dossier:
    """Write the dossier of ``name`` to ``path`` (see ``write_export``)."""
    made = dossier_markdown(store, name, guesses)
    write_export(path, made.markdown, force=force)
    return made


@dataclass(frozen=True)
class MeasureDossier:
    markdown: str
    figures: int  # in the dossier
    disagreements: int  # groups of them on which sources disagree


def measure_dossier_markdown(
    store: Store, measure: str, subject: str | None = None
) -> MeasureDossier:
    """Every figure of one measure across the library ("unemployment rate", with "the jobless
    rate" and "unemployment" as a percentage), article by article in date order: first a table
    of them all, then each with its sentence, speaker and the analyst's notes, written as the
    statements of a dossier are. Where sources disagree is said first and at each figure."""
    figures = figures_of_measure(store, measure, subject)
    if not figures:
        whose = f" of {subject!r}" if subject else ""
        raise ExportError(f"no figure of the measure {measure!r}{whose} in the library")
    keys, rows = {f.measure_key for f in figures}, {f.row for f in figures}
    groups = [g for g in conflicts(store) if any(f.row in rows for f in g.figures)]
    shown = measure if len(keys) > 1 else next(iter(keys)) or measure
    articles = list(dict.fromkeys(f.article_id for f in figures))
    front = [
        "---",
        f"title: {yaml_string('Figures: ' + shown)}",
        "type: figures",
        f"measure: {yaml_string(shown)}",
        *([f"subject: {yaml_string(subject)}"] if subject else []),
        f"figures: {len(figures)}",
        f"articles: {len(articles)}",
        f"disagreements: {len(groups)}",
        f"exported: {yaml_string(now())}",
        "---",
    ]
    body = ["", f"# {escape_inline(shown)}", ""]
    body += [f"{len(figures)} figures in {len(articles)} articles, in date order.", ""]
    body += _measure_table(figures)
    if groups:
        body += [f"## {DISAGREE}", ""]
        for group in groups:
            said = "; ".join(f"{f.shown()} ({f.title})" for f in group.figures)
            where = f"{group.subject} · {group.time}"
            body += [f"- **{escape_inline(where)}**: {escape_inline(said)}"]
        body += [""]
    for article_id in articles:
        body += _measure_article(store, [f for f in figures if f.article_id == article_id])
    body = [BEGIN_MARK, *(_defuse_markers(line) for line in body), END_MARK]
    markdown = "\n".join(front) + "\n\n" + "\n".join(body) + "\n"
    return MeasureDossier(markdown, len(figures), len(groups))


def _measure_table(figures: Sequence[MeasuredFigure]) -> list[str]:
    """One row per figure: when the article was published, whose, when it holds, its value."""
    lines = ["| published | subject | time | value | article |", "| --- | --- | --- | --- | --- |"]
    for f in figures:
        value = f.shown() + (" ⚠ sources disagree" if f.disputed else "")
        cells = (published_day(f.published), f.subject or "", f.when(), value, f.title)
        lines.append("| " + " | ".join(escape_inline(c) for c in cells) + " |")
    return [*lines, ""]


def _measure_article(store: Store, figures: Sequence[MeasuredFigure]) -> list[str]:
    """An article's figures of the measure: each sentence quoted, then what it says."""
    article = store.article(figures[0].article_id)
    if article is None:
        return []
    notes = store.notes(figures[0].article_id)
    lines = _article_heading(article, figures[0].article_id, figures[0].published)
    for figure in figures:
        lines += [*block_quote(figure.sentence), ""]
        context = [c for c in (figure.measure, figure.subject, figure.time) if c]
        check = "⚠ check: " if figure.speaker_needs_review else ""
        who = f" · {check}{escape_inline(figure.speaker)}" if figure.speaker else ""
        disputed = f" · ⚠ {DISAGREE.lower()}" if figure.disputed else ""
        block = f"^f-{figure.article_id[:8]}-{figure.start}"
        where = paragraph_number(article.text, figure.start)
        lines += [
            f"— **{escape_inline(figure.shown())}** ({escape_inline(', '.join(context))}){who}"
            f"{disputed} · Paragraph {where} {block}",
            "",
        ]
        lines += _notes_on(notes, figure.sentence_start, figure.sentence_end)
    return lines


def export_measure_dossier(
    store: Store, measure: str, path: Path, subject: str | None = None, force: bool = False
) -> MeasureDossier:
    """Write the dossier of the figures of ``measure`` to ``path`` (see ``write_export``)."""
    made = measure_dossier_markdown(store, measure, subject)
    write_export(path, made.markdown, force=force)
    return made
