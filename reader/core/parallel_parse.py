"""A long article parsed on two cores by this process and one helper process.

spaCy's ``nlp.pipe(n_process=2)`` starts two processes that each import spaCy and unpickle the
pipeline (about 185 MB each for a 1M-character report) while the process that analyses their
Docs keeps a third core's worth of work on two cores. Here that process is the second parser:
it parses a batch itself whenever the helper's next one is not back yet, so both cores stay busy
with one process fewer. A helper that dies costs nothing but time: what it had is parsed here.
"""

from __future__ import annotations

import multiprocessing
import queue
import threading
from collections.abc import Generator, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from multiprocessing.process import BaseProcess

    from spacy.language import Language
    from spacy.tokens import Doc

# Paragraphs parsed at a time: each batch's working memory is held while it is parsed (~35 MB
# for 32), and a batch is the unit this process takes over from a helper that is behind.
BATCH_PARAGRAPHS = 16
# Batches a helper is given before they are needed: enough to parse on through the seconds this
# process spends analysing each part of a long article (at 3 the helper idled then: a 1M report
# parsed and analysed in 34-37 s; at 16 in 31 s). Results wait as bytes, ~150 kB a batch.
BATCHES_AHEAD = 16
HELPER_NAME = "factreader-parser"

Outbox = queue.SimpleQueue[tuple[int, list[bytes]] | None]  # a helper's parsed batches; None ends


def parse_in_parallel(
    nlp: Language, texts: Sequence[str], helpers: int = 1
) -> Generator[Doc, None, None]:
    """The texts' Docs in order. Closed before the end (a cancel), it ends its helpers at once."""
    team = _Team(nlp, texts, helpers)
    try:
        yield from team.docs_in_order()
    finally:
        team.stop()


@dataclass
class _Helper:
    process: BaseProcess
    tasks: Connection
    results: Connection
    batches: set[int] = field(default_factory=set)  # given and not yet back


class _Team:
    """Batches are claimed in order: the helpers are given the next ones up to
    ``BATCHES_AHEAD`` each, and this process takes the next unclaimed one whenever it would
    otherwise wait, so each batch is parsed once and the Docs still come out in order."""

    def __init__(self, nlp: Language, texts: Sequence[str], helpers: int) -> None:
        self.nlp = nlp
        self.batches = [
            list(texts[i : i + BATCH_PARAGRAPHS]) for i in range(0, len(texts), BATCH_PARAGRAPHS)
        ]
        self.next_unclaimed = 0
        self.parsed_here: dict[int, list[Doc]] = {}
        self.sent_back: dict[int, list[bytes]] = {}
        self.helpers = [self._start_helper() for _ in range(helpers)]

    def _start_helper(self) -> _Helper:
        context = multiprocessing.get_context("spawn")  # never fork a process that may run Qt
        task_reader, task_writer = context.Pipe(duplex=False)
        result_reader, result_writer = context.Pipe(duplex=False)
        process = context.Process(
            target=_parse_batches,
            args=(self.nlp, self.batches, task_reader, result_writer),
            name=HELPER_NAME,
            daemon=True,
        )
        process.start()
        # Without this process's copies of the helper's ends, a helper that dies is an end of
        # file here instead of a wait for ever.
        task_reader.close()
        result_writer.close()
        return _Helper(process, task_writer, result_reader)

    def docs_in_order(self) -> Generator[Doc, None, None]:
        for index in range(len(self.batches)):
            unclaimed = index == self.next_unclaimed  # the first, or every helper failed
            if unclaimed:
                self.next_unclaimed += 1
            self._give_out()
            if unclaimed:
                self._parse_here(index)
            while index not in self.parsed_here and index not in self.sent_back:
                if not self._holder(index):  # its helper died
                    self._parse_here(index)
                elif self._receive(timeout=0):
                    continue
                elif self.next_unclaimed < len(self.batches):
                    self._parse_here(self.next_unclaimed)  # the helper is behind: help
                else:
                    self._receive(timeout=None)
            yield from self._take(index)

    def _parse_here(self, index: int) -> None:
        texts = self.batches[index]
        self.parsed_here[index] = list(self.nlp.pipe(texts, batch_size=len(texts)))
        if index == self.next_unclaimed:
            self.next_unclaimed += 1

    def _give_out(self) -> None:
        for helper in list(self.helpers):  # one that died leaves the list
            while len(helper.batches) < BATCHES_AHEAD and self.next_unclaimed < len(self.batches):
                try:
                    helper.tasks.send(self.next_unclaimed)
                except OSError:  # it died
                    self._lose(helper)
                    break
                helper.batches.add(self.next_unclaimed)
                self.next_unclaimed += 1

    def _holder(self, index: int) -> _Helper | None:
        return next((h for h in self.helpers if index in h.batches), None)

    def _receive(self, timeout: float | None) -> bool:
        """Takes in what the helpers have sent back; False when nothing came."""
        by_connection = {h.results: h for h in self.helpers}
        if not by_connection:
            return False
        ready = cast("list[Connection]", wait(list(by_connection), timeout))
        for connection in ready:
            helper = by_connection[connection]
            try:
                index, docs = connection.recv()
            except (EOFError, OSError):
                self._lose(helper)
                continue
            helper.batches.discard(index)
            self.sent_back[index] = docs
        return bool(ready)

    def _take(self, index: int) -> Generator[Doc, None, None]:
        from spacy.tokens import Doc

        if index in self.parsed_here:
            yield from self.parsed_here.pop(index)
            return
        for data in self.sent_back.pop(index):
            yield Doc(self.nlp.vocab).from_bytes(data)

    def _lose(self, helper: _Helper) -> None:
        """A helper that died: its batches are parsed here when their turn comes."""
        self.helpers.remove(helper)
        _end(helper)

    def stop(self) -> None:
        for helper in self.helpers:
            _end(helper)
        self.helpers = []


def _end(helper: _Helper) -> None:
    helper.process.kill()
    helper.process.join()
    helper.tasks.close()
    helper.results.close()


def _parse_batches(
    nlp: Language, batches: list[list[str]], tasks: Connection, results: Connection
) -> None:
    """A helper's life: the batches it is given, parsed and sent back, until there are no more.
    It sends from a thread of its own, so that it parses on while the analysing process is busy
    and has not read its last batch yet."""
    outbox: Outbox = queue.SimpleQueue()
    sender = threading.Thread(target=_send_all, args=(outbox, results), daemon=True)
    sender.start()
    while True:
        try:
            index = tasks.recv()
        except EOFError:  # the analysing process is done with this helper
            break
        texts = batches[index]
        outbox.put((index, [doc.to_bytes() for doc in nlp.pipe(texts, batch_size=len(texts))]))
    outbox.put(None)
    sender.join()


def _send_all(outbox: Outbox, results: Connection) -> None:
    while (item := outbox.get()) is not None:
        try:
            results.send(item)
        except OSError:
            return
