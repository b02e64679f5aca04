"""Command line: ``factreader analyze`` for scripts, ``factreader [PATH]`` for the window.

Qt is imported only when the window is asked for, so analysing from a terminal or a test never
pays for it (and works on a machine without Qt's system libraries).
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from reader import __version__
from reader.core.errors import ModelError, ReaderError, printable
from reader.core.loading import jsonl_documents, load_article
from reader.core.logs import log_path, record_exception, setup_command_logging, setup_logging
from reader.core.model import Article
from reader.core.paths import data_dir
from reader.core.schema import analysis_json, analysis_line, analysis_markdown

SUBCOMMANDS = (
    "analyze",
    "import",
    "notes",
    "export",
    "correct",
    "corrections",
    "facts",
    "text",
    "search",
    "who",
    "figures",
    "changes",
    "dossier",
)


def analyze_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="factreader analyze",
        description="Print the entities, money and attributions found in articles.",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help=".txt, .md or .html files")
    parser.add_argument("--format", choices=("json", "jsonl", "markdown"), default="json")
    parser.add_argument(
        "--from-jsonl",
        metavar="FILE",
        help='read documents {"id", "text"} one per line; print one result line per document',
    )
    parser.add_argument("--model", help="spaCy model package to use (default: the best installed)")
    return parser


def window_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="factreader",
        description="Fact Reader: read articles for who said what and how much money is at stake. "
        "Without a PATH the bundled sample article opens. "
        "'factreader analyze --help' describes the command-line analysis; "
        "'factreader licenses' lists what Fact Reader distributes and under which licences.",
    )
    parser.add_argument("path", nargs="?", metavar="PATH", help="article to open")
    parser.add_argument("--data-dir", metavar="DIR", help="keep settings and notes in DIR")
    parser.add_argument(
        "--screenshot", metavar="OUT.png", help="save a picture of the window and exit"
    )
    parser.add_argument("--size", default="1400x900", help="window size for --screenshot")
    parser.add_argument(
        "--theme",
        choices=("system", "light", "dark"),
        help="colours for this run (View → Theme chooses them for good)",
    )
    parser.add_argument(
        "--debug", action="store_true", help="log everything, to stderr and the data folder's log"
    )
    parser.add_argument(
        "--version",
        action=VersionAction,
        help="print the version, and the spaCy model's with where it came from, and exit",
    )
    return parser


class VersionAction(argparse.Action):
    """``--version``: the app's version, then the model's provenance (read from its files,
    without importing spaCy, so that it answers at once)."""

    def __init__(self, option_strings: Sequence[str], dest: str, help: str | None = None) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=help)

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        print("\n".join(version_lines()))
        parser.exit()


def version_lines() -> list[str]:
    from reader.core.nlp import choose_model
    from reader.core.provenance import describe, model_provenance

    try:
        model = describe(model_provenance(choose_model()))
    except ModelError as error:
        model = [f"model: none ({error})"]
    return [f"factreader {__version__}", *model]


def documents_from_paths(
    paths: Sequence[str],
) -> Iterator[tuple[str | None, Article | ReaderError]]:
    for path in paths:
        try:
            yield None, load_any(path)
        except ReaderError as error:
            yield None, error


def run_analyze(argv: Sequence[str]) -> int:
    args = analyze_parser().parse_args(argv)
    if not args.paths and not args.from_jsonl:
        print("factreader analyze: give at least one PATH or --from-jsonl FILE", file=sys.stderr)
        return 2
    from reader.core.analysis import Analyzer

    try:
        analyzer = Analyzer.load(args.model)
    except ReaderError as error:
        print(f"factreader: {error}", file=sys.stderr)
        return 1
    documents: list[Iterator[tuple[str | None, Article | ReaderError]]] = []
    if args.paths:
        documents.append(documents_from_paths(args.paths))
    if args.from_jsonl:
        documents.append(jsonl_documents(args.from_jsonl))
    failed = 0
    results: list[dict[str, object]] = []
    for source in documents:
        for doc_id, item in source:
            if isinstance(item, ReaderError):
                print(f"factreader: {item}", file=sys.stderr)
                failed += 1
                continue
            for warning in item.warnings:
                print(f"factreader: {warning}", file=sys.stderr)
            analysis = analyzer.analyze(item)
            if args.format == "markdown":
                sys.stdout.write(analysis_markdown(item, analysis))
            elif args.format == "jsonl":
                print(analysis_line(item, analysis, doc_id))
            else:
                results.append(analysis_json(item, analysis, doc_id))
            sys.stdout.flush()
    if args.format == "json" and results:
        payload: object = results[0] if len(results) == 1 and not args.from_jsonl else results
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    return 1 if failed else 0


def load_any(path_or_address: str) -> Article:
    """A file, or a web page by its address."""
    if is_address(path_or_address):
        from reader.core.fetch import fetch_article

        return fetch_article(path_or_address)
    return load_article(path_or_address)


def is_address(text: str) -> bool:
    return text.startswith(("http://", "https://"))


def run_text(argv: Sequence[str]) -> int:
    """The plain text a document gives, exactly as the window shows it, for scripts and checks."""
    parser = argparse.ArgumentParser(
        prog="factreader text", description="Print the text Fact Reader reads from a document."
    )
    parser.add_argument(
        "path", metavar="PATH", help="a file (.txt .md .html .pdf .docx .epub) or URL"
    )
    args = parser.parse_args(argv)
    try:
        article = load_any(args.path)
    except ReaderError as error:
        print(f"factreader: {error}", file=sys.stderr)
        return 1
    for warning in article.warnings:
        print(f"factreader: {warning}", file=sys.stderr)
    sys.stdout.write(article.text + "\n")
    return 0


def run_window(argv: Sequence[str]) -> int:
    args = window_parser().parse_args(argv)
    if args.path is not None and not is_address(args.path) and not Path(args.path).exists():
        print(f"factreader: {args.path}: file not found", file=sys.stderr)
        return 1
    from reader.gui.launch import launch

    return launch(args)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in argv  # verbose logs, and a bug's traceback, for any command
    argv = [a for a in argv if a != "--debug"]
    _keep_terminal_safe()
    if debug:
        setup_logging(data_dir(_data_dir_option(argv)), debug=True)
    try:
        if argv and argv[0] == "analyze":
            return run_analyze(argv[1:])
        if argv and argv[0] == "text":
            return run_text(argv[1:])
        if argv and argv[0] == "licenses":
            from reader.licenses_cli import run_licenses

            return run_licenses(argv[1:])
        if argv and argv[0] == "batch":
            from reader.batch import run_batch

            return run_batch(argv[1:])
        if argv and argv[0] in SUBCOMMANDS:
            from reader.store_cli import COMMANDS

            if not debug:  # the store's warnings go to its log, not raw onto the terminal
                setup_command_logging(data_dir(_data_dir_option(argv)))

            try:
                return COMMANDS[argv[0]](argv[1:])
            except ReaderError as error:
                print(f"factreader: {error}", file=sys.stderr)
                return 1
        return run_window([*argv, "--debug"] if debug else argv)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as error:  # a bug: logged in full, one line for the user
        if log_path() is None and not debug:  # the log file, if it can be written; no terminal
            setup_command_logging(data_dir(_data_dir_option(argv)))
        print(
            f"factreader: {record_exception(type(error), error, error.__traceback__)}",
            file=sys.stderr,
        )
        return 70  # EX_SOFTWARE


def _data_dir_option(argv: Sequence[str]) -> str | None:
    """``--data-dir``'s value before any command has parsed it, for where to log."""
    for number, arg in enumerate(argv):
        if arg == "--data-dir" and number + 1 < len(argv):
            return argv[number + 1]
        if arg.startswith("--data-dir="):
            return arg.partition("=")[2]
    return None


def _keep_terminal_safe() -> None:
    """On a terminal, control characters from a document or a file name (ESC, BEL) are shown as
    ``\\x1b`` instead of being obeyed: they could recolour, retitle or ring the terminal. Output to
    a file or a pipe stays exact."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if isinstance(stream, io.TextIOWrapper) and stream.isatty():
            setattr(sys, name, TerminalSafe(stream))


class TerminalSafe:
    """A text stream that writes control characters as visible escapes."""

    def __init__(self, stream: io.TextIOWrapper) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        return self.stream.write(printable(text))

    def __getattr__(self, name: str) -> object:
        return getattr(self.stream, name)
