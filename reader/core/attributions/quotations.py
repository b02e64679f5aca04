"""Quotations and their cues: direct, split, signed, "according to" before them, and the
quoted sentences that go on with the speaker before them."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from reader.core.attributions.content import _cue_span
from reader.core.attributions.cues import _goes_on_about, _is_negated, _reports_own_clause
from reader.core.attributions.speaker_spans import SpeakerSpans
from reader.core.attributions.subjects import _speaker_tokens, _subject
from reader.core.lexicon import LEAD_IN_LEMMAS, PERSON_PRONOUNS, REPORTING_LEMMAS
from reader.core.limits import (
    CUE_AFTER_MAX_CHARS,
    FOLLOW_ON_MAX_GAP,
    GOVERNOR_MAX_STEPS,
    LEAD_IN_MAX_GAP,
    SENTENCE_QUOTE_MIN_WORDS,
    SPEECH_MIN_WORDS,
    SPLIT_QUOTE_MAX_GAP,
)
from reader.core.model import Span
from reader.core.parsed import Intervals
from reader.core.quotes import Quotation, word_count
from reader.core.speakers import Found

if TYPE_CHECKING:
    from spacy.tokens import Token


# After a closing mark: a dash, then a name of up to five capitalised words ending the line.
_SIGNATURE = re.compile(
    r"[\"”’»]?[^\S\n]*(?P<dash>[―—–]|--)[^\S\n]*"
    r"(?P<name>[A-Z][\w.'’-]*(?:[^\S\n]+(?:[A-Z][\w.'’-]*|de|da|van|von|del|la)){0,4})"
    r"[^\S\n]*[.,]?[^\S\n]*(?:\n|$)"
)


_LEAD_IN_GAP = re.compile(r"[^\S\n]*[:,][^\S\n]*[\"“]?[^\S\n]*")
_ACCORDING_BEFORE = re.compile(r"(?i:according to) ([^,\n]{2,60}),[^\S\n]*[\"“]?[^\S\n]*$")
_CLAUSE_END = re.compile(r"[.!?\n\"“”]")


_QUOTE_LIST_GAP = re.compile(r"[,\"”]*\s+(?:and|or)\s+[\"“]|[,\"”]+\s+[\"“]")


class QuotationRules(SpeakerSpans):
    """Attributions found from quotation marks, the forms listed in ``_direct``.

    A family of its own because a quotation starts from its marks, paired over the whole
    article before any parse is read, and looks for its cue around it; reported speech starts
    from the cue."""

    def _is_speech(self, quote: Quotation) -> bool:
        inner = self.article.text[quote.start : quote.end].rstrip()
        words = word_count(inner)
        return words >= SPEECH_MIN_WORDS or (
            words >= SENTENCE_QUOTE_MIN_WORDS and inner[-1:] in ",.?!"
        )

    def _governing_cue(self, start: int, end: int) -> tuple[int, Token] | None:
        """The reporting verb the quotation's words hang from in the parse, when there is one:
        'called on the council to act "as a matter of good faith" and called on ...'."""
        inside = self.article.tokens_between(start, end)
        if not inside:
            return None
        offset, token = inside[0]
        for _ in range(GOVERNOR_MAX_STEPS):
            if token.head.i == token.i:
                return None
            token = token.head
            pos = offset + token.idx
            if start <= pos < end:
                continue
            if self._inside_quote(pos):
                return None
            if token.lemma_ in REPORTING_LEMMAS and token.pos_ == "VERB" and not _is_negated(token):
                return offset, token
            if _goes_on_about(token) and not _is_negated(token):
                return offset, token  # 'as Berg went on about "rigged ferries"'
        return None

    def _cue_near(self, start: int, end: int) -> tuple[int, Token] | None:
        """The reporting verb nearest the span, in its sentence but outside any quotation."""
        governor = self._governing_cue(start, end)
        if governor is not None:
            return governor
        candidates = []
        points = [end, start - 1]
        lead = self.article.text[max(0, start - 3 * CUE_AFTER_MAX_CHARS) : start - 1].rstrip()
        if lead.endswith(":"):
            # 'He said:\n\n"We have ...': the cue ends the paragraph before the quotation
            colon = max(0, start - 3 * CUE_AFTER_MAX_CHARS) + len(lead) - 1
            if "\n" in self.article.text[colon:start]:
                points.append(colon)
        for where in points:
            sentence = self.article.sentences[self.article.sentence_index(max(0, where))]
            lo, hi = sentence
            if where == end:
                # '"...?" Berg asked.': the parser may end the sentence at the closing mark
                lo, hi = end, max(hi, self._clause_after(end))
            else:
                hi = min(start, where + 1)
            for offset, token in self.article.tokens_between(lo, hi):
                pos = offset + token.idx
                if self._inside_quote(pos):
                    continue
                if where == end:
                    lead_in = pos - end <= LEAD_IN_MAX_GAP
                else:
                    gap = _LEAD_IN_GAP.fullmatch(self.article.text, pos + len(token), where + 1)
                    lead_in = gap is not None
                lead_in = lead_in and token.lemma_ in LEAD_IN_LEMMAS
                if where == end and _reports_own_clause(token):
                    continue  # '"..." Berg said the port would close': Berg's own report
                if (
                    (token.lemma_ in REPORTING_LEMMAS or lead_in)
                    and token.pos_ in {"VERB", "AUX"}
                    and not _is_negated(token)
                ):
                    distance = pos - end if where == end else where - pos
                    candidates.append((distance, offset, token))
        if not candidates:
            return None
        candidates.sort(key=lambda c: c[0])
        _, offset, token = candidates[0]
        return offset, token

    def _clause_after(self, end: int) -> int:
        """Where the clause right after a closing mark ends: at the next sentence end or line."""
        match = _CLAUSE_END.search(self.article.text, end + 1, end + CUE_AFTER_MAX_CHARS)
        return match.start() if match else min(len(self.article.text), end + CUE_AFTER_MAX_CHARS)

    def _direct(self) -> list[Found]:
        """Quotations and their cues, in the forms news uses:
        - direct: '"The port stays open," Ruiz said.' / 'Berg said: "We will sell."'
        - split_quote: '"The port stays," Ruiz said. "So do the jobs."' is one item
        - signature: '"The port stays open." ― Ana Ruiz'
        - according_to: 'According to Ruiz, "the port stays open."'
        - follow_on: a quoted sentence right after an attribution, nobody else named between
        """
        speech = [q for q in self.quotes if self._is_speech(q)]
        results: list[Found] = []
        skip: set[int] = set()
        for index, quote in enumerate(speech):
            if index in skip:
                continue
            signed = self._signature(quote)
            if signed is not None:
                results.append(signed)
                continue
            cue_found = self._cue_near(quote.start, quote.end)
            start, end = quote.start, quote.end
            source = self._according_to_before(quote) if cue_found is None else None
            if source is not None:
                cue = self.article.span(source.start - len("according to "), source.start - 1)
                content = self.article.span(start, end)
                results.append(Found("direct", source, cue, content, pattern="according_to"))
            elif cue_found is not None:
                offset, verb = cue_found
                cue = _cue_span(self.article, offset, verb)
                if self._is_fragment(quote, cue, offset, verb):
                    continue  # reported speech quoting a few words: found as "mixed" later
                # '"X," said Lankov. "Y."': the next quote continues this one if it has no cue
                if index + 1 < len(speech) and cue.start > quote.end:
                    following = speech[index + 1]
                    gap = self.article.text[cue.end : following.start]
                    if (
                        len(gap) < SPLIT_QUOTE_MAX_GAP
                        and "\n" not in gap
                        and self._only_cue_sentence_between(cue.end, following.start)
                        and self._cue_near(following.start, following.end) in (None, cue_found)
                        and self._own_cue_after(following) is None
                    ):
                        end = following.end
                        skip.add(index + 1)
                # 'went on about "rigged deals" and "forgotten towns"': the list of quotations
                # the talk ran on about is one thing said
                listed = iter([q for q in self.quotes if q.start > quote.end])
                while _goes_on_about(verb) and cue.end <= quote.start:
                    item = next(listed, None)
                    if item is None or not _QUOTE_LIST_GAP.fullmatch(
                        self.article.text, end, item.start
                    ):
                        break
                    end = item.end
                    skip.update(i for i, q in enumerate(speech) if q is item)
                speaker = self._speaker_for(offset, verb)
                pattern = "split_quote" if end != quote.end else "direct"
                content = self.article.span(start, end)
                results.append(Found("direct", speaker, cue, content, pattern=pattern))
            elif results and self._follows(results[-1], quote):
                prev = results[-1]
                results.append(
                    Found(
                        "direct",
                        prev.speaker,
                        None,
                        self.article.span(start, end),
                        prev.speaker_name,
                        pattern="follow_on",
                    )
                )
        return results

    def _only_cue_sentence_between(self, cue_end: int, quote_start: int) -> bool:
        """Between a cue and a quotation that continues its speaker stands only the rest of
        the cue's sentence (", pointing at the cranes."): no other sentence begins before the
        quotation's own."""
        opening = quote_start - 1
        index = self.article.sentence_index(cue_end)
        for start, _ in self.article.sentences[index + 1 :]:
            if start >= opening - 1:
                return True
            if start > cue_end:
                return False
        return True

    def _is_fragment(self, quote: Quotation, cue: Span, offset: int, verb: Token) -> bool:
        """'Berg called the plan "a disaster for the port"': the quotation finishes a reported
        clause that starts after the cue, so the whole clause is the content."""
        if cue.end >= quote.start or not self.article.text[quote.start : quote.start + 1].islower():
            return False
        gap = self.article.text[cue.end : quote.start - 1]
        subject = _subject(verb)
        if subject is not None:
            left, right = _speaker_tokens(subject)
            speaker = self.article.token_span(offset, left, right)
            if cue.end <= speaker.start < quote.start:
                gap = gap.replace(speaker.text, " ")
        gap = gap.strip()
        return ":" not in gap and not gap.endswith(",") and word_count(gap) >= 2

    def _signature(self, quote: Quotation) -> Found | None:
        """A quotation signed with a dash and a name, as under a pull quote or in a collection
        of readers' comments: "The port must stay open." ― Ana Ruiz"""
        match = _SIGNATURE.match(self.article.text, quote.end)
        if match is None:
            return None
        dash = self.article.span(match.start("dash"), match.end("dash"))
        speaker = self.article.span(match.start("name"), match.end("name"))
        content = self.article.span(quote.start, quote.end)
        return Found("direct", speaker, dash, content, pattern="signature")

    def _own_cue_after(self, quote: Quotation) -> Token | None:
        sentence = self.article.sentences[self.article.sentence_index(quote.end)]
        for _offset, token in self.article.tokens_between(quote.end, max(sentence[1], quote.end)):
            if token.lemma_ in REPORTING_LEMMAS and token.pos_ == "VERB":
                return token
        return None

    def _follows(self, previous: Found, quote: Quotation) -> bool:
        """A quoted sentence right after an attribution, with nobody else named between them,
        continues the same speaker."""
        text = self.article.text
        gap = text[previous.content.end : quote.start]
        if len(gap) > FOLLOW_ON_MAX_GAP or gap.count("\n") > 2:
            return False
        before = text[: max(0, quote.start - 1)].rstrip()
        if before and before[-1] not in '.?!:\n"”’':
            return False  # a fragment inside a sentence of its own, not a quoted sentence
        speaker = previous.speaker
        named = self.resolver.entity_in(speaker) if speaker is not None else None
        who = named.canonical if named is not None else None
        if speaker is not None and speaker.text.lower() in PERSON_PRONOUNS:
            who = self.resolver.person_for_pronoun(speaker.text.lower(), speaker.start)
        for entity in self.resolver.entities_between(previous.content.end, quote.start):
            if entity.label != "PERSON" or self._inside_quote(entity.start):
                continue
            if entity.canonical != who:
                return False  # someone else is named in between
        return True

    def _according_to_before(self, quote: Quotation) -> Span | None:
        """ "According to Ruiz, “The port ...”": the source stands before the quotation."""
        lo = max(0, quote.start - 120)
        match = _ACCORDING_BEFORE.search(self.article.text, lo, quote.start)
        return None if match is None else self.article.span(match.start(1), match.end(1))

    def _following_reports(self, direct: Sequence[Found], reported: Sequence[Found]) -> list[Found]:
        """A quoted sentence with no cue of its own right after reported speech continues the
        same speaker, as one after a quotation does: 'Ruiz said the port would close. "We have
        no choice."' Follow-ons of follow-ons come along."""
        taken = Intervals((f.content.start, f.content.end) for f in [*direct, *reported])
        found: list[Found] = []
        previous = sorted(reported, key=lambda f: f.content.end)
        ends = [f.content.end for f in previous]
        for quote in self.quotes:
            if taken.contains(quote.start) or not self._is_speech(quote):
                continue
            at = bisect.bisect_right(ends, quote.start) - 1
            before = found[-1] if found and found[-1].content.end <= quote.start else None
            if at >= 0 and (before is None or previous[at].content.end > before.content.end):
                before = previous[at]
            if before is None or (before.speaker_name is None and before.speaker is None):
                continue
            later = [d for d in direct if before.content.end <= d.content.start < quote.start]
            if later or not self._follows(before, quote):
                continue  # a quotation in between has its own speaker
            span = self.article.span(quote.start, quote.end)
            found.append(
                Found(
                    "direct", before.speaker, None, span, before.speaker_name, pattern="follow_on"
                )
            )
        return found
