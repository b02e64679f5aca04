"""Command line for the note store: ``factreader import``, ``notes``, ``export``, corrections,
and the views across articles (``search``, ``who``, ``figures``, ``changes``, ``dossier``).

Every command takes ``--data-dir`` so that scripts and tests never touch the user's own store.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import closing
from dataclasses import asdict
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from reader.core import crossref, library_search
from reader.core.changes import article_changes
from reader.core.conflicts import DISAGREE, ConflictGroup, conflicts
from reader.core.correcting import (
    correct_extent,
    correct_not_attribution,
    correct_rename,
    correct_same_as,
    correct_speaker,
    correct_type,
    corrected,
    delete_correction,
    gold_records,
    write_gold,
)
from reader.core.corrections import TYPE_LABELS
from reader.core.dates import published_day
from reader.core.errors import ReaderError
from reader.core.export import (
    ExportError,
    ExportExistsError,
    export_article,
    export_dossier,
    export_measure_dossier,
    library_targets,
    make_export_folder,
)
from reader.core.loading import load_article
from reader.core.model import Analysis, Article
from reader.core.paths import data_dir
from reader.core.quoting import shown_words
from reader.core.review import REVIEW_MARK
from reader.core.schema import PIPELINE_VERSION, analysis_json, analysis_markdown, conflict_json
from reader.core.store import Store, StoreError

if TYPE_CHECKING:
    from reader.core.analyses_import import Analysed
    from reader.core.analysis import Analyzer


def _with_data_dir(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument("--data-dir", metavar="DIR", help="the store's folder (default: yours)")
    return parser


def _open_store(args: argparse.Namespace) -> Store:
    store = Store.open(data_dir(args.data_dir))
    if store.notice:
        print(f"factreader: {store.notice}", file=sys.stderr)
    return store


def _reference(text: str) -> str:
    """An ARTICLE argument: an empty one is refused, not taken as no argument (which lists
    every article's notes) nor as a prefix of every id."""
    if not text:
        raise argparse.ArgumentTypeError(
            "an empty ARTICLE names no article; give an id, its start or a source path"
        )
    return text


def _article_id(store: Store, reference: str) -> str:
    found = store.find_article(reference)
    if found is None:
        raise StoreError(
            f"no single stored article matches {reference!r}; see 'factreader notes list'"
        )
    return found


def run_import(argv: Sequence[str]) -> int:
    parser = _with_data_dir(
        argparse.ArgumentParser(
            prog="factreader import",
            description="Store articles and analyse them, so that the views across articles "
            "(search, who, figures, changes, dossier) cover them. With no PATH, analyse the "
            "stored articles that have no analysis yet.",
        )
    )
    parser.add_argument("paths", nargs="*", metavar="PATH")
    parser.add_argument("--no-analysis", action="store_true", help="store only; analyse later")
    parser.add_argument(
        "--analyses",
        action="append",
        metavar="OUT.jsonl",
        help="store the articles and analyses 'factreader batch' (or 'analyze --format jsonl') "
        "wrote, without analysing again",
    )
    args = parser.parse_args(argv)
    if args.analyses:
        if args.paths or args.no_analysis:
            parser.error("--analyses takes no PATH and no --no-analysis")
        return _import_analyses(args)
    failed = 0
    with closing(_open_store(args)) as store:
        stored: list[str] = []
        for path in args.paths:
            try:
                article = load_article(path)
                found = store.add_article(article)
            except ReaderError as error:  # a damaged file: said, and the others still stored
                print(f"factreader: {error}", file=sys.stderr)
                failed += 1
                continue
            for warning in article.warnings:
                print(f"factreader: {warning}", file=sys.stderr)
            stored.append(found.id)
            print(f"{found.id}\t{found.title}")
        if not args.no_analysis and store.read_only:
            print("factreader: the store can only be read: nothing was analysed", file=sys.stderr)
            return 1
        if not args.no_analysis:
            waiting = set(crossref.waiting_articles(store))
            wanted = [a for a in stored if a in waiting] if args.paths else sorted(waiting)
            failed += _analyse_stored(store, list(dict.fromkeys(wanted)))
    return 1 if failed else 0


def _import_analyses(args: argparse.Namespace) -> int:
    """Store analysed articles, printing each one's id and title as ``import`` does; a line
    that is not an analysis is told on stderr and the others are stored."""
    from reader.core.analyses_import import read_analyses, store_analyses

    failed = 0

    def good(items: Iterable[Analysed | ReaderError]) -> Iterator[Analysed]:
        nonlocal failed
        for item in items:
            if isinstance(item, ReaderError):
                print(f"factreader: {item}", file=sys.stderr)
                failed += 1
            else:
                yield item

    stored = later = 0
    with closing(_open_store(args)) as store:
        for batch in store_analyses(store, good(read_analyses(args.analyses))):
            for item in batch:
                print(f"{item.article_id}\t{item.title}")
            stored += len(batch)
            later += sum(not item.indexed for item in batch)
            print(f"factreader: {stored:,} analysed articles stored", file=sys.stderr)
    if later:
        print(
            f"factreader: {later:,} were analysed by other rules than these ({PIPELINE_VERSION}); "
            "'factreader import' with no PATH analyses them again",
            file=sys.stderr,
        )
    return 1 if failed else 0


def _analyse_stored(store: Store, article_ids: Sequence[str]) -> int:
    """Analyse and index the articles, saying how far it has gone on stderr; the number that
    failed."""
    analyses = _StoredAnalyses(store)
    failed = 0
    for number, article_id in enumerate(article_ids, 1):
        article = store.article(article_id)
        if article is None:
            continue
        print(
            f"factreader: analysing {number}/{len(article_ids)}: {article.title}", file=sys.stderr
        )
        try:
            crossref.index_article(store, article_id, article, analyses(article))
        except ReaderError as error:
            print(f"factreader: {article.title}: {error}", file=sys.stderr)
            failed += 1
    return failed


def _refreshed(store: Store) -> None:
    """Bring the index up to date, and say which articles it leaves out."""
    crossref.refresh(store)
    waiting = crossref.waiting_articles(store)
    if waiting:
        print(
            f"factreader: {len(waiting)} stored article(s) not analysed yet are left out; "
            "'factreader import' with no PATH analyses them",
            file=sys.stderr,
        )


def run_search(argv: Sequence[str]) -> int:
    parser = _with_data_dir(
        argparse.ArgumentParser(
            prog="factreader search",
            description="Stored articles and notes that hold all the words, best first: "
            "article id, where (text or note), offsets of the first match, title, and the words "
            "around it.",
        )
    )
    parser.add_argument("words", nargs="+", metavar="WORD")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    args = parser.parse_args(argv)
    with closing(_open_store(args)) as store:
        hits = library_search.search(store, " ".join(args.words))
    if args.format == "json":
        print(crossref.as_json(hits))
        return 0
    if not hits:
        print(f"factreader: nothing found for {' '.join(args.words)!r}", file=sys.stderr)
        return 1
    for hit in hits:
        where = f"note {hit.note_id}" if hit.note_id is not None else "text"
        snippet = " ".join(hit.snippet.split())
        print(f"{hit.article_id}\t{where}\t{hit.start}-{hit.end}\t{hit.title}\t{snippet}")
    return 0


def run_who(argv: Sequence[str]) -> int:
    parser = _with_data_dir(
        argparse.ArgumentParser(
            prog="factreader who",
            description="Everything one person or organisation said across the stored articles, "
            "article by article in date order; with no NAME, everyone quoted or named, with "
            "counts.",
        )
    )
    parser.add_argument("name", nargs="?", metavar="NAME")
    parser.add_argument("--kind", choices=("direct", "reported"), help="only these statements")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    args = parser.parse_args(argv)
    with closing(_open_store(args)) as store:
        _refreshed(store)
        if args.name is None:
            found = crossref.sources(store)
            if args.format == "json":
                print(crossref.as_json(found))
            for source in found if args.format == "text" else ():
                also = f" (also {', '.join(source.forms)})" if source.forms else ""
                print(
                    f"{source.statements}\t{source.direct}\t{source.guesses}\t{source.articles}"
                    f"\t{source.label}\t{source.name}{also}"
                )
            return 0
        statements = crossref.statements_by(store, args.name, args.kind)
        if not statements:
            print(f"factreader: {crossref.no_statements(store, args.name)}", file=sys.stderr)
            return 1
    if args.format == "json":
        print(crossref.as_json(statements))
        return 0
    article = None
    for statement in statements:
        if statement.article_id != article:
            article = statement.article_id
            when = published_day(statement.published)
            print(f"{when}\t{statement.article_id}\t{statement.title}")
        cue = f" ({statement.cue})" if statement.cue else ""
        check = f"{REVIEW_MARK}" if statement.needs_review else ""
        why = f" [{statement.review_reason}]" if statement.needs_review else ""
        print(
            f"  {statement.kind}\t{statement.start}-{statement.end}\t"
            f"{check}{statement.speaker}{cue}: {shown_words(statement.kind, statement.quoted)}{why}"
        )
    guesses = sum(s.needs_review for s in statements)
    if guesses:
        print(
            f"factreader: {guesses} of {len(statements)} statements have a guessed speaker "
            "(⚠ check:)",
            file=sys.stderr,
        )
    return 0


def run_figures(argv: Sequence[str]) -> int:
    parser = _with_data_dir(
        argparse.ArgumentParser(
            prog="factreader figures",
            description="Every amount of money and figure in stored articles, with its value, "
            "unit, what it measures, whose it is and when, its speaker when attributed and its "
            "sentence. With --conflicts, only the figures of one measure, subject and time on "
            "which articles disagree, group by group.",
        )
    )
    parser.add_argument("articles", nargs="*", metavar="ARTICLE", type=_reference)
    parser.add_argument("--all", action="store_true", help="every stored article")
    parser.add_argument("--kind", choices=("money", "figure"), help="only amounts or figures")
    parser.add_argument(
        "--conflicts",
        action="store_true",
        help="where sources disagree: figures of one measure, subject and time whose values "
        "differ by more than rounding (with ARTICLEs, the groups they take part in)",
    )
    parser.add_argument(
        "--format", choices=("csv", "json", "text"), help="csv (default), or text with --conflicts"
    )
    args = parser.parse_args(argv)
    if bool(args.articles) == bool(args.all):
        parser.error("give one or more ARTICLEs or --all")
    shape = args.format or ("text" if args.conflicts else "csv")
    if shape == ("csv" if args.conflicts else "text"):
        parser.error(f"--format {shape} goes {'without' if args.conflicts else 'with'} --conflicts")
    with closing(_open_store(args)) as store:
        _refreshed(store)
        only = None if args.all else [_article_id(store, a) for a in args.articles]
        if args.conflicts:
            return _print_conflicts(conflicts(store, args.kind, only), shape)
        found = [a for a in crossref.amounts(store, only) if args.kind in (None, a.kind)]
    if shape == "json":
        print(crossref.as_json(found))
        return 0
    sys.stdout.write(crossref.amounts_csv(found))
    return 0


def _print_conflicts(groups: Sequence[ConflictGroup], shape: str) -> int:
    """Each group: its measure, subject, time and unit, then each figure with its value,
    article, speaker and sentence."""
    if shape == "json":
        print(json.dumps([conflict_json(g) for g in groups], ensure_ascii=False, indent=2))
        return 0
    if not groups:
        print("factreader: no figures on which the stored articles disagree", file=sys.stderr)
    for group in groups:
        per = f" per {group.per}" if group.per else ""
        compared = ", changes" if group.changes else ""
        print(
            f"{DISAGREE}: {group.measure} · {group.subject} · {group.time} "
            f"({group.unit}{per}{compared}; {group.articles} articles)"
        )
        for figure in group.figures:
            check = REVIEW_MARK if figure.speaker_needs_review else ""
            speaker = f"{check}{figure.speaker}" if figure.speaker else "-"
            print(
                f"  {figure.shown()}\t{figure.unit}\t{figure.article_id}\t{figure.title}\t"
                f"{speaker}\t{figure.sentence}"
            )
    return 0


def run_changes(argv: Sequence[str]) -> int:
    parser = _with_data_dir(
        argparse.ArgumentParser(
            prog="factreader changes",
            description="How a stored article changed each time it was reloaded from its "
            "source with new text: the quotes and figures added, removed and changed.",
        )
    )
    parser.add_argument("article", metavar="ARTICLE", type=_reference)
    parser.add_argument("--format", choices=("text", "json"), default="text")
    args = parser.parse_args(argv)
    with closing(_open_store(args)) as store:
        article_id = _article_id(store, args.article)
        comparisons = article_changes(store, article_id, _StoredAnalyses(store))
    if args.format == "json":
        print(json.dumps([asdict(c) for c in comparisons], ensure_ascii=False, indent=2))
        return 0
    if not comparisons:
        print("factreader: the article has one version: it never changed", file=sys.stderr)
    for comparison in comparisons:
        newer = "now" if comparison.newer == "current" else f"the text of {comparison.newer}"
        print(f"From the text replaced {comparison.older} to {newer}:")
        for change in comparison.changes or ():
            place = "" if change.in_newer else " (in the older text)"
            print(f"  {change.start}-{change.end}{place}\t{change.describe()}")
        if not comparison.changes:
            print("  no quote, amount or figure changed")
    return 0


def run_dossier(argv: Sequence[str]) -> int:
    parser = _with_data_dir(
        argparse.ArgumentParser(
            prog="factreader dossier",
            description="Everything one person or organisation said across the stored articles, "
            "as Markdown: each statement with its article, date, link back and your notes. With "
            "--measure, every figure of that measure instead, in date order.",
        )
    )
    parser.add_argument("name", nargs="?", metavar="NAME")
    parser.add_argument(
        "--measure",
        metavar="WORDS",
        help='every figure of this measure ("unemployment rate" finds "the jobless rate" too)',
    )
    parser.add_argument("--subject", metavar="NAME", help="with --measure: only figures of NAME")
    parser.add_argument("-o", "--output", required=True, metavar="FILE.md")
    parser.add_argument("--force", action="store_true", help="overwrite a file that is not ours")
    parser.add_argument(
        "--with-guesses",
        action="store_true",
        help='include statements whose speaker is a guess, each marked "⚠ check:"',
    )
    args = parser.parse_args(argv)
    if (args.name is None) == (args.measure is None):
        parser.error("give a NAME or --measure WORDS")
    if args.subject is not None and args.measure is None:
        parser.error("--subject goes with --measure")
    if args.measure is not None:
        return _measure_dossier(args)
    with closing(_open_store(args)) as store:
        _refreshed(store)
        try:
            made = export_dossier(
                store, args.name, Path(args.output), force=args.force, guesses=args.with_guesses
            )
        except ExportExistsError as error:
            raise ExportError(f"{error}; use --force to replace it") from error
    print(f"{args.output}\t{made.statements} statements")
    if made.guesses_left_out:
        print(
            f"factreader: {made.guesses_left_out} statements with a guessed speaker left out; "
            "--with-guesses includes them, marked",
            file=sys.stderr,
        )
    return 0


def _measure_dossier(args: argparse.Namespace) -> int:
    with closing(_open_store(args)) as store:
        _refreshed(store)
        try:
            made = export_measure_dossier(
                store, args.measure, Path(args.output), args.subject, force=args.force
            )
        except ExportExistsError as error:
            raise ExportError(f"{error}; use --force to replace it") from error
    disagree = f", {made.disagreements} where sources disagree" if made.disagreements else ""
    print(f"{args.output}\t{made.figures} figures{disagree}")
    return 0


def run_notes(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="factreader notes")
    commands = parser.add_subparsers(dest="command", required=True)
    add = _with_data_dir(commands.add_parser("add", help="anchor a note to a passage"))
    add.add_argument(
        "article",
        metavar="ARTICLE",
        type=_reference,
        help="article id (or its start) or source path",
    )
    add.add_argument("--quote", help="the passage: its first occurrence in the article")
    add.add_argument("--start", type=int, help="or the passage's character offsets")
    add.add_argument("--end", type=int)
    add.add_argument("--body", default="", help="the note (Markdown)")
    add.add_argument("--tag", action="append", default=[], help="a tag; repeat for more")
    listing = _with_data_dir(commands.add_parser("list", help="list notes"))
    listing.add_argument("article", nargs="?", metavar="ARTICLE", type=_reference)
    args = parser.parse_args(argv)
    with closing(_open_store(args)) as store:
        if args.command == "add":
            article_id = _article_id(store, args.article)
            article = store.article(article_id)
            assert article is not None
            start, end = _passage(article, args.quote, args.start, args.end)
            note = store.add_note(article_id, start, end, args.body, args.tag)
            print(f"{note.id}\t{note.uid}")
            return 0
        only = _article_id(store, args.article) if args.article else None
        for note in store.notes(only):
            quote = " ".join(note.anchor.exact.split())
            tags = " ".join(f"#{t}" for t in note.tags)
            body = " ↵ ".join(note.body.splitlines())
            print(f"{note.id}\t{note.article_id}\t{note.status}\t“{quote}”\t{body}\t{tags}")
    return 0


def _passage(
    article: Article, quote: str | None, start: int | None, end: int | None
) -> tuple[int, int]:
    if quote:
        found = article.text.find(quote)
        if found < 0:
            raise StoreError(f"the quote {quote!r} is not in {article.title!r}")
        return found, found + len(quote)
    if start is None or end is None or not 0 <= start < end <= len(article.text):
        raise StoreError(f"give --quote TEXT, or --start and --end within 0–{len(article.text)}")
    return start, end


def run_export(argv: Sequence[str]) -> int:
    parser = _with_data_dir(argparse.ArgumentParser(prog="factreader export"))
    parser.add_argument("article", nargs="?", metavar="ARTICLE", type=_reference)
    parser.add_argument("--all", action="store_true", help="every article, one file each")
    parser.add_argument("-o", "--output", required=True, metavar="PATH", help="file (or folder)")
    parser.add_argument("--with-facts", action="store_true", help="add who said what and money")
    parser.add_argument("--force", action="store_true", help="overwrite a file that is not ours")
    args = parser.parse_args(argv)
    if bool(args.article) == bool(args.all):
        parser.error("give an ARTICLE or --all")
    with closing(_open_store(args)) as store:
        if args.all:
            folder = Path(args.output)
            if make_export_folder(folder):  # the folder named, never a missing tree above it
                print(f"factreader: made the folder {folder}", file=sys.stderr)
            targets = library_targets(store, folder)
        else:
            targets = [(_article_id(store, args.article), Path(args.output))]
        analyses = _StoredAnalyses(store)
        for article_id, path in targets:
            analysis: Analysis | None = None
            if args.with_facts:
                article = store.article(article_id)
                assert article is not None
                analysis = corrected(store, article_id, analyses(article)).analysis
            try:
                export_article(store, article_id, path, analysis, force=args.force)
            except ExportExistsError as error:
                raise ExportError(f"{error}; use --force to replace it") from error
            print(path)
    return 0


class _StoredAnalyses:
    """Analyses of stored articles: the store's cache, else one made once and cached."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def __call__(self, article: Article) -> Analysis:
        analysis = self.store.latest_analysis(article)
        if analysis is None:
            analysis = _analyzer().analyze(article)
            self.store.save_analysis(article, analysis)
        return analysis


@cache
def _analyzer() -> Analyzer:
    """Loaded once per process: seconds each time, and commands run in a row in tests and
    scripts that call ``main``."""
    from reader.core.analysis import Analyzer

    return Analyzer.load()


def run_correct(argv: Sequence[str]) -> int:
    parser = _with_data_dir(
        argparse.ArgumentParser(
            prog="factreader correct",
            description="Correct a fact of a stored article; the correction lasts through "
            "re-analysis and edits of the source, and every export uses it.",
        )
    )
    parser.add_argument(
        "article", metavar="ARTICLE", type=_reference, help="article id (or its start) or path"
    )
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--quote", metavar="TEXT", help="the attribution whose words hold TEXT")
    which.add_argument("--name", metavar="TEXT", help="a name in the article")
    parser.add_argument(
        "--at",
        type=int,
        metavar="OFFSET",
        help="with --quote: of the attributions holding TEXT, the one whose words are at OFFSET "
        "(the innermost of nested ones)",
    )
    parser.add_argument("--speaker", metavar="NAME", help="with --quote: who said it")
    parser.add_argument(
        "--not-attribution", action="store_true", help="with --quote: nobody is reported there"
    )
    parser.add_argument(
        "--content-start",
        type=int,
        metavar="N",
        help="with --quote and --content-end: the quote's words start at offset N instead",
    )
    parser.add_argument(
        "--content-end",
        type=int,
        metavar="M",
        help="with --quote and --content-start: ...and end at offset M instead",
    )
    parser.add_argument("--type", choices=sorted(TYPE_LABELS), help="with --name: what it is")
    parser.add_argument("--same-as", metavar="NAME", help="with --name: another name for NAME")
    parser.add_argument("--rename", metavar="NEW", help="with --name: the name to show instead")
    args = parser.parse_args(argv)
    extent = (args.content_start, args.content_end)
    if (extent[0] is None) != (extent[1] is None):
        parser.error("give --content-start and --content-end together")
    changes = [args.speaker is not None, args.not_attribution, extent[0] is not None]
    if args.quote is not None and sum(changes) != 1:
        parser.error(
            "with --quote give one of --speaker NAME, --not-attribution or "
            "--content-start N --content-end M"
        )
    if args.quote is None and (any(changes) or args.at is not None):
        parser.error("--speaker, --not-attribution, --content-start and --at go with --quote")
    chosen = [x for x in (args.type, args.same_as, args.rename) if x is not None]
    if args.name is not None and len(chosen) != 1:
        parser.error("with --name give one of --type, --same-as or --rename")
    with closing(_open_store(args)) as store:
        article_id = _article_id(store, args.article)
        article = store.article(article_id)
        assert article is not None
        # names and quotes are looked up as the analyst sees them, earlier corrections applied
        analysis = corrected(store, article_id, _StoredAnalyses(store)(article)).analysis
        if args.quote is not None and args.not_attribution:
            made = correct_not_attribution(store, article_id, analysis, args.quote, args.at)
        elif args.quote is not None and args.speaker is not None:
            made = correct_speaker(store, article_id, analysis, args.quote, args.speaker, args.at)
        elif args.quote is not None:
            made = correct_extent(store, article_id, analysis, args.quote, extent, args.at)
        elif args.type is not None:
            made = correct_type(store, article_id, analysis, args.name, args.type)
        elif args.same_as is not None:
            made = correct_same_as(store, article_id, analysis, args.name, args.same_as)
        else:
            made = correct_rename(store, article_id, analysis, args.name, args.rename)
        print(f"{made.id}\t{made.describe()}")
    return 0


def run_corrections(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="factreader corrections")
    commands = parser.add_subparsers(dest="command", required=True)
    listing = _with_data_dir(commands.add_parser("list", help="list an article's corrections"))
    listing.add_argument("article", nargs="?", metavar="ARTICLE", type=_reference)
    deleting = _with_data_dir(commands.add_parser("delete", help="take a correction back"))
    deleting.add_argument("id", type=int, metavar="ID", help="its id, from 'corrections list'")
    export = _with_data_dir(
        commands.add_parser("export", help="corrected articles in the evaluation's gold layout")
    )
    export.add_argument("article", nargs="?", metavar="ARTICLE", type=_reference)
    export.add_argument("--all", action="store_true", help="every article with corrections")
    export.add_argument("-o", "--output", required=True, metavar="FILE.jsonl")
    args = parser.parse_args(argv)
    with closing(_open_store(args)) as store:
        if args.command == "list":
            only = _article_id(store, args.article) if args.article else None
            for item in store.corrections(only):
                print(f"{item.id}\t{item.article_id}\t{item.status}\t{item.describe()}")
            return 0
        if args.command == "delete":
            taken = delete_correction(store, args.id)
            print(f"{taken.id}\tdeleted: {taken.describe()}")
            return 0
        if bool(args.article) == bool(args.all):
            export.error("give an ARTICLE or --all")
        if args.all:
            ids = list(dict.fromkeys(c.article_id for c in store.corrections()))
        else:
            ids = [_article_id(store, args.article)]
        records = gold_records(store, _StoredAnalyses(store), ids)
        write_gold(Path(args.output), records)
        print(f"{args.output}\t{len(records)} articles")
    return 0


def run_facts(argv: Sequence[str]) -> int:
    parser = _with_data_dir(
        argparse.ArgumentParser(
            prog="factreader facts",
            description="A stored article's analysis with the analyst's corrections applied.",
        )
    )
    parser.add_argument("article", metavar="ARTICLE", type=_reference)
    parser.add_argument("--format", choices=("json", "markdown"), default="json")
    args = parser.parse_args(argv)
    with closing(_open_store(args)) as store:
        article_id = _article_id(store, args.article)
        article = store.article(article_id)
        assert article is not None
        result = corrected(store, article_id, _StoredAnalyses(store)(article))
        for lost in result.lost:
            print(
                f"factreader: correction {lost.id} lost its passage: {lost.describe()}",
                file=sys.stderr,
            )
        if args.format == "markdown":
            sys.stdout.write(analysis_markdown(article, result.analysis))
        else:
            print(json.dumps(analysis_json(article, result.analysis), ensure_ascii=False, indent=2))
    return 0


COMMANDS = {
    "import": run_import,
    "notes": run_notes,
    "export": run_export,
    "correct": run_correct,
    "corrections": run_corrections,
    "facts": run_facts,
    "search": run_search,
    "who": run_who,
    "figures": run_figures,
    "changes": run_changes,
    "dossier": run_dossier,
}
