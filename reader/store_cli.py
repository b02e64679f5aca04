"""Command line for the note store: ``factreader import``, ``notes add|list`` and ``export``.

Every command takes ``--data-dir`` so that scripts and tests never touch the user's own store.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from contextlib import closing
from pathlib import Path

from reader.core.errors import ReaderError
from reader.core.export import article_markdown, export_file_name, write_export
from reader.core.loading import load_article
from reader.core.model import Analysis, Article
from reader.core.paths import data_dir
from reader.core.store import Store, StoreError


def _with_data_dir(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument("--data-dir", metavar="DIR", help="the store's folder (default: yours)")
    return parser


def _open_store(args: argparse.Namespace) -> Store:
    store = Store.open(data_dir(args.data_dir))
    if store.recovered:
        print(f"factreader: {store.recovered}", file=sys.stderr)
    return store


def _article_id(store: Store, reference: str) -> str:
    found = store.find_article(reference)
    if found is None:
        raise StoreError(
            f"no single stored article matches {reference!r}; see 'factreader notes list'"
        )
    return found


def run_import(argv: Sequence[str]) -> int:
    parser = _with_data_dir(argparse.ArgumentParser(prog="factreader import"))
    parser.add_argument("paths", nargs="+", metavar="PATH")
    args = parser.parse_args(argv)
    failed = 0
    with closing(_open_store(args)) as store:
        for path in args.paths:
            try:
                stored = store.add_article(load_article(path))
            except ReaderError as error:
                print(f"factreader: {error}", file=sys.stderr)
                failed += 1
                continue
            print(f"{stored.id}\t{stored.title}")
    return 1 if failed else 0


def run_notes(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="factreader notes")
    commands = parser.add_subparsers(dest="command", required=True)
    add = _with_data_dir(commands.add_parser("add", help="anchor a note to a passage"))
    add.add_argument("article", metavar="ARTICLE", help="article id (or its start) or source path")
    add.add_argument("--quote", help="the passage: its first occurrence in the article")
    add.add_argument("--start", type=int, help="or the passage's character offsets")
    add.add_argument("--end", type=int)
    add.add_argument("--body", default="", help="the note (Markdown)")
    add.add_argument("--tag", action="append", default=[], help="a tag; repeat for more")
    listing = _with_data_dir(commands.add_parser("list", help="list notes"))
    listing.add_argument("article", nargs="?", metavar="ARTICLE")
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
    parser.add_argument("article", nargs="?", metavar="ARTICLE")
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
            targets = [(a.id, folder / export_file_name(a)) for a in store.articles()]
        else:
            targets = [(_article_id(store, args.article), Path(args.output))]
        analyzer = None
        for article_id, path in targets:
            article = store.article(article_id)
            summary = store.article_summary(article_id)
            assert article is not None and summary is not None
            analysis: Analysis | None = None
            if args.with_facts:
                analysis = store.latest_analysis(article)
                if analysis is None:
                    from reader.core.analysis import Analyzer

                    analyzer = analyzer or Analyzer.load()
                    analysis = analyzer.analyze(article)
                    store.save_analysis(article, analysis)
            content = article_markdown(article, summary, store.notes(article_id), analysis)
            write_export(path, content, force=args.force)
            print(path)
    return 0


COMMANDS = {"import": run_import, "notes": run_notes, "export": run_export}
