"""``factreader licenses``: what Fact Reader distributes, under which licences, and their texts."""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from collections.abc import Sequence

from reader.core.errors import ReaderError
from reader.core.licenses import Component, as_json, components, find, licence_text

HEADINGS = ("NAME", "VERSION", "LICENCE", "TEXT")


def licenses_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="factreader licenses",
        description="List every component Fact Reader distributes with its licence and where "
        "the licence's text is, then what else to know about some of them (how to replace the "
        "LGPL ones).",
    )
    parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.add_argument("--text", metavar="NAME", help="print the licence text of one component")
    return parser


def run_licenses(argv: Sequence[str]) -> int:
    args = licenses_parser().parse_args(argv)
    try:
        items = components()
    except ReaderError as error:
        print(f"factreader: {error}", file=sys.stderr)
        return 1
    if args.text is not None:
        return _print_text(args.text, items)
    if args.format == "json":
        print(json.dumps(as_json(items), ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(table(items))
    return 0


def _print_text(name: str, items: list[Component]) -> int:
    item = find(name, items)
    if item is None:
        print(
            f"factreader: no component named {name!r}; 'factreader licenses' lists them",
            file=sys.stderr,
        )
        return 1
    try:
        text = licence_text(item)
    except OSError as error:
        print(f"factreader: cannot read {item.name}'s licence: {error}", file=sys.stderr)
        return 1
    if item.note:
        print(textwrap.fill(item.note, 100) + "\n")
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0


def table(items: Sequence[Component]) -> str:
    """One line per component, then the notes of those that have one."""
    rows = [HEADINGS] + [(c.name, c.version, c.licence, _where(c)) for c in items]
    widths = [max(len(row[column]) for row in rows) for column in range(3)]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row[:3], widths, strict=True))
        + "  "
        + row[3]
        for row in rows
    ]
    notes = [
        textwrap.fill(f"{c.name}: {c.note}", 100, subsequent_indent="  ") for c in items if c.note
    ]
    return "\n".join(lines) + "\n" + ("\nNotes\n" + "\n".join(notes) + "\n" if notes else "")


def _where(item: Component) -> str:
    if not item.texts:
        return "(none)"
    more = len(item.texts) - 1
    return str(item.texts[0].path) + (f" (and {more} more)" if more else "")
