"""Errors the user gets to see.

The CLI prints ``str(error)`` to stderr and the GUI shows it in a dialog, so every message is one
line that says which file is at fault and what is wrong with it, without a traceback.
"""

from __future__ import annotations

import math
import re

# C0 and C1 control characters but newline and tab: a terminal would obey them
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """Text with its control characters written out (ESC as ``\\x1b``), safe on a terminal."""
    return _CONTROLS.sub(lambda m: f"\\x{ord(m[0]):02x}", text)


class ReaderError(Exception):
    """Base for every failure worth telling a user about, as opposed to a bug."""

    def __str__(self) -> str:
        # A message built from a file name or an OS error could contain a newline or an ESC.
        return printable(" ".join(super().__str__().splitlines()))


class ModelError(ReaderError):
    """The spaCy model is missing or cannot be loaded (raised by ``reader.core.nlp``)."""


class LoadError(ReaderError):
    """A document could not be turned into an Article.

    Built from the file's name and the problem, so that a caller can also show them apart;
    ``args`` stays ``(name, problem)`` so the error survives pickling between processes.
    """

    problem = "cannot be loaded"

    def __init__(self, name: str, problem: str | None = None) -> None:
        super().__init__(name, problem)
        self.name = name
        self.problem = problem or type(self).problem

    def __str__(self) -> str:
        return printable(" ".join(f"{self.name}: {self.problem}".splitlines()))


class FileMissingError(LoadError):
    problem = "file not found"


class NotAFileError(LoadError):
    problem = "is not a regular file"


class EmptyArticleError(LoadError):
    problem = "contains no text"


class BinaryFileError(LoadError):
    problem = "looks like a binary file, not text"


class FileTooLargeError(LoadError):
    problem = "file is too large"


def readable_size(n: int) -> str:
    """A size in bytes as a message gives it ("1.5 MB"). Rounds up, so that a file just over the
    limit never reads as the same size as the limit."""
    for unit, label in ((1 << 20, "MB"), (1 << 10, "KB")):
        if n >= unit:
            return f"{math.ceil(n * 10 / unit) / 10:,.1f}".removesuffix(".0") + f" {label}"
    return f"{n} bytes"


class DecodeError(LoadError):
    problem = "cannot be decoded as text in any known encoding"


class UnreadableFileError(LoadError):
    problem = "cannot be read"
