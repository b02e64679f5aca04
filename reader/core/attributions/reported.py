"""Reported speech: what is said around a cue word outside quotations."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from typing import TYPE_CHECKING

from reader.core.attributions.content import (
    _CONTENT_TRIM,
    _after_cue_adjunct,
    _before_dashed_report,
    _complement,
    _content_end,
    _cue_span,
    _made_clear,
    _trim,
)
from reader.core.attributions.cues import (
    _UNFULFILLED_CONTROL,
    _absolute_participle,
    _asked_in_question,
    _candidate_cues,
    _found_no_claim,
    _is_as_clause,
    _is_negated,
    _is_poll_share,
    _is_question,
    _is_thing,
    _speechless_antecedent,
    _verb_tagged_noun,
)
from reader.core.attributions.speaker_spans import SpeakerSpans
from reader.core.attributions.subjects import _is_agent, _named_apposition, _subject
from reader.core.lexicon import (
    AGENT_ONLY_LEMMAS,
    EVIDENCE_NOUNS,
    EVIDENCE_VERBS,
    NOT_SPEAKERS,
    REPORTING_LEMMAS,
    REPORTING_NOUNS,
    WEAK_REPORTING_LEMMAS,
)
from reader.core.limits import COORDINATION_REACH_CHARS
from reader.core.model import AttributionKind, Span
from reader.core.parsed import Intervals
from reader.core.quotes import word_count
from reader.core.speakers import Found

if TYPE_CHECKING:
    from spacy.tokens import Token


class ReportedSpeechRules(SpeakerSpans):
    """Attributions found from a cue word in the parse: a reporting verb, "according to", a
    reporting noun, "as Ruiz put it", or a cue set off inside what was said.

    A family of its own because it starts from the cue and reads its complement in the parse,
    where quotations start from their marks; it runs after them and leaves what they hold."""

    def _reported(self, direct: Sequence[Found]) -> list[Found]:
        """Reported speech around each cue word outside quotations: reporting verbs
        ("Ruiz said the port would close"), "according to", reporting nouns ("Norland's
        announcement that ..."), "as Ruiz put it"; quotations already found are not repeated."""
        results: list[Found] = []
        direct_ranges = Intervals((d.content.start, d.content.end) for d in direct)
        for offset, doc in self.article.parsed:
            for token in _candidate_cues(doc):
                pos = offset + token.idx
                if self._inside_quote(pos) or direct_ranges.contains(pos):
                    continue
                if token.lower_ == "according" and any(c.lower_ == "to" for c in token.children):
                    found = self._according_to(offset, token)
                elif _is_as_clause(token):
                    found = self._as_clause(offset, token)
                elif (
                    token.lemma_ in REPORTING_LEMMAS
                    or (token.lemma_ == "make" and _made_clear(token) is not None)
                ) and (
                    token.pos_ in {"VERB", "AUX"}
                    or token.dep_ == "relcl"
                    or _verb_tagged_noun(token)
                ):
                    found = self._reporting_verb(offset, token)
                elif token.lemma_ in REPORTING_NOUNS and token.pos_ == "NOUN":
                    found = self._reporting_noun(offset, token)
                else:
                    found = None
                if found is None:
                    continue
                content = found.content
                if any(
                    _overlap_share(content, Span(s, e, "")) > 0.6
                    for s, e in direct_ranges.overlapping(content.start, content.end)
                ):
                    continue
                results.append(found)
        return _drop_nested_coordination(results)

    def _reporting_verb(self, offset: int, verb: Token) -> Found | None:
        """ "Ruiz said the port would close", "Berg accused the mayor of lying", "Ruiz called
        the sale a disgrace", "Berg pledged to keep the port", "Polls show a close race"; a
        negated, agentless passive or thing-subject verb reports nothing."""
        if _reports_nobody(verb):
            return None
        complement = _complement(verb)
        if complement is None:
            return self._parenthetical(offset, verb)
        if _claims_nothing(verb, complement):
            return None
        subject = _subject(verb)
        speaker = self._speaker_for(offset, verb)
        if subject is not None and subject.lower_ in NOT_SPEAKERS and speaker is None:
            return None  # "this noting that ...", "you think ...": nobody is reported
        if subject is None and verb.tag_ != "VBG" and (speaker is None or verb.dep_ != "ROOT"):
            return None
        content = self._content_span(offset, verb, complement)
        if content is None:
            return None
        kind = _reported_kind(verb, subject)
        pattern = "evidence" if kind == "according_to" else "reported"
        cue = _cue_span(self.article, offset, verb)
        return Found(kind, speaker, cue, content, pattern=pattern)

    def _as_clause(self, offset: int, verb: Token) -> Found | None:
        """ "As Ana Ruiz puts it, the port is the heart of the city": the clause the "as"
        clause hangs from is the content."""
        subject = _subject(verb)
        if subject is None:
            return None
        clause = verb.head
        left, right = verb.left_edge, verb.right_edge
        first, last = clause.left_edge, clause.right_edge
        if left.i <= first.i:
            first = verb.doc[min(right.i + 1, last.i)]
        elif right.i >= last.i:
            last = verb.doc[max(left.i - 1, first.i)]
        content = _trim(self.article, offset + first.idx, offset + last.idx + len(last.text))
        if content is None:
            return None
        speaker = self._speaker_for(offset, verb)
        it = next((c for c in verb.children if c.dep_ == "dobj" and c.lower_ == "it"), verb)
        cue = self.article.token_span(offset, verb, it if it.i > verb.i else verb)
        return Found("indirect", speaker, cue, content, pattern="as_clause")

    def _parenthetical(self, offset: int, verb: Token) -> Found | None:
        """A cue set off by commas inside what was said: "The harbour, Ms Ruiz said, would be
        closed for a year." The content is the whole sentence, cue included."""
        doc = verb.doc
        subject = _subject(verb)
        if subject is None or verb.dep_ not in {"parataxis", "ROOT", "ccomp"}:
            return None
        # "..., Ms Ruiz said, ..." or, inverted, "..., said Ms Ruiz, the port's owner, ..."
        opener = subject.left_edge if subject.i < verb.i else verb
        before = doc[opener.i - 1] if opener.i > 0 else None
        if before is None or before.text not in {",", "—", "–", "-"}:
            return None
        if verb.dep_ != "parataxis" and (subject.i < verb.i or opener.i - verb.sent.start < 2):
            return None
        if verb.lemma_ in WEAK_REPORTING_LEMMAS or verb.lemma_ in AGENT_ONLY_LEMMAS:
            return None
        sentence = verb.sent
        content = _trim(
            self.article,
            offset + sentence.start_char,
            offset + sentence.end_char,
        )
        if content is None:
            return None
        speaker = self._speaker_for(offset, verb)
        cue = _cue_span(self.article, offset, verb)
        return Found("indirect", speaker, cue, content, pattern="parenthetical")

    def _content_span(self, offset: int, verb: Token, complement: Token) -> Span | None:
        doc = verb.doc
        if complement.i > verb.i:
            first = _after_cue_adjunct(verb, complement)
            while first.dep_ == "mark" or first.lower_ in {"that", ":", ",", "—"}:
                if first.i + 1 >= len(doc):
                    return None
                first = doc[first.i + 1]
            last = _content_end(verb, complement)
            if complement.dep_ in {"prep", "prt"}:
                first = doc[complement.i + 1] if complement.i + 1 < len(doc) else complement
            last = _before_dashed_report(first, last)
        else:
            first = complement.left_edge
            last = complement.right_edge
        start = offset + first.idx
        end = offset + last.idx + len(last.text)
        return _trim(self.article, start, end)

    def _according_to(self, offset: int, according: Token) -> Found | None:
        """ "According to the harbour authority, dues will rise": the claim beside the phrase,
        or the whole sentence when the phrase sits inside it."""
        to = next(c for c in according.children if c.lower_ == "to")
        objects = [c for c in to.children if c.dep_ == "pobj"]
        if not objects:
            return None
        obj = objects[0]
        last = obj
        for child in obj.rights:
            # "according to Berg, the move reeks": the parser may hang the claim on the name
            if child.dep_ in {"appos", "punct", "relcl", "acl", "cc", "conj"}:
                break
            last = child.right_edge
        speaker = self.article.token_span(offset, obj.left_edge, last)
        named = _named_apposition(obj)
        if named is not None:
            # "according to its Paris lawyer, Anne Dubois": the name, not the title's place
            speaker = self.article.token_span(offset, named[0], named[-1])
        phrase_start = offset + according.idx
        phrase_end = speaker.end
        s_start, s_end = self.article.sentences[self.article.sentence_index(phrase_start)]
        before = self.article.text[s_start:phrase_start].strip(_CONTENT_TRIM)
        after = self.article.text[phrase_end:s_end].strip(_CONTENT_TRIM)
        if word_count(before) < 2:
            content = _trim(self.article, phrase_end, s_end)
        elif word_count(after) < 3:
            content = _trim(self.article, s_start, phrase_start)
        else:
            content = _trim(self.article, s_start, s_end)
        if content is None:
            return None
        cue = self.article.token_span(offset, according, to)
        return Found("according_to", speaker, cue, content, pattern="according_to")

    def _reporting_noun(self, offset: int, noun: Token) -> Found | None:
        """ "Norland's announcement that ...", "a statement from X that ..." """
        clause = next((c for c in noun.children if c.dep_ in {"acl", "ccomp"}), None)
        if clause is None or not any(
            c.dep_ == "mark" and c.lower_ == "that" for c in clause.children
        ):
            return None
        source = next((c for c in noun.children if c.dep_ == "poss"), None)
        if source is None:
            prep = next(
                (c for c in noun.children if c.dep_ == "prep" and c.lower_ in {"from", "by"}), None
            )
            source = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep else None
        if source is None:
            return None
        speaker = self.article.token_span(offset, source.left_edge, source)
        content = self._content_span(offset, noun, clause)
        if content is None:
            return None
        cue = self.article.token_span(offset, noun, noun)
        return Found("indirect", speaker, cue, content, pattern="reporting_noun")


def _reports_nobody(verb: Token) -> bool:
    """Whether the verb's form alone rules out a report, before its complement is read: a
    negated verb, a passive without its agent, a hedge, or a verb nobody is said to do. Apart
    from the rules on the complement, since a verb without one may still be a parenthetical."""
    if _is_negated(verb):
        return True
    passive = any(c.dep_ == "auxpass" for c in verb.children) or (
        verb.tag_ == "VBN" and any(c.dep_ == "aux" and c.lemma_ == "be" for c in verb.children)
    )
    if passive and not any(c.dep_ == "agent" for c in verb.children):
        return True  # "is expected to", "are said to be": no source
    if _absolute_participle(verb):
        return True  # "with the minister expected to visit": a hedge, as "is expected to"
    return (
        verb.dep_ == "xcomp"
        and verb.head.lemma_ in _UNFULFILLED_CONTROL
        and any(c.dep_ == "dobj" and c.i < verb.i for c in verb.head.children)
    )  # "leads them to believe", "asked her to confirm": nobody reports


def _claims_nothing(verb: Token, complement: Token) -> bool:
    """Whether a verb with a complement still makes no claim: a question, a survey's share, a
    weak verb without a clause, a rule rather than a speaker, or a thing for a subject. Kept
    apart from ``_reporting_verb`` so that each rule of the list reads on its own."""
    if _is_question(verb, complement) or _is_poll_share(_subject(verb)):
        return True  # a question asked, or a survey's respondents: nobody is reported
    if _asked_in_question(verb):
        return True  # "Would anyone believe that?": asked, not reported
    if verb.lemma_ == "find" and _found_no_claim(complement):
        return True  # "may find it hard to", "finding what we share": no claim is made
    evidence = (subject := _subject(verb)) is not None and (
        subject.lemma_.lower() in EVIDENCE_NOUNS
    )
    if verb.lemma_ in WEAK_REPORTING_LEMMAS and complement.dep_ != "ccomp" and not evidence:
        return True
    if verb.lemma_ in AGENT_ONLY_LEMMAS and not _is_agent(_subject(verb)):
        return True  # "membership demanded that users share": a rule, not a speaker
    if verb.dep_ in {"amod", "acl"} and verb.tag_ == "VBN":
        return True
    if subject is not None and _is_thing(subject):
        return True  # "the result stressed that ...": things do not speak
    # "a fever, which confirmed what ...": nor do they in a relative clause
    return subject is not None and _speechless_antecedent(verb, subject)


def _reported_kind(verb: Token, subject: Token | None) -> AttributionKind:
    """Evidence shown ("the data show ...") is attributed as "according to" a source, what a
    speaker says as reported speech."""
    if (
        subject is not None
        and subject.lemma_.lower() in EVIDENCE_NOUNS
        and verb.lemma_ in EVIDENCE_VERBS
        and verb.lemma_ != "say"
    ):
        return "according_to"
    return "indirect"


def _overlap_share(a: Span, b: Span) -> float:
    overlap = min(a.end, b.end) - max(a.start, b.start)
    shorter = min(a.end - a.start, b.end - b.start) or 1
    return max(0, overlap) / shorter


def _drop_nested_coordination(items: list[Found]) -> list[Found]:
    """ "said X, adding that Y" is one item: drop an item whose cue lies inside another's content
    when both share a speaker and the outer one starts before it."""
    kept: list[Found] = []
    by_start = sorted(items, key=lambda o: o.content.start)
    starts = [o.content.start for o in by_start]
    for item in items:
        if item.cue is None:
            kept.append(item)
            continue
        # only items starting within a sentence-sized reach before the cue can contain it
        lo = bisect.bisect_left(starts, item.cue.start - COORDINATION_REACH_CHARS)
        hi = bisect.bisect_right(starts, item.cue.start)
        outer = next(
            (
                o
                for o in by_start[lo:hi]
                if o is not item
                and o.cue is not None
                and item.cue is not None
                and o.content.start <= item.cue.start < o.content.end
                and o.cue.start < item.cue.start
                and (item.speaker is None or o.speaker == item.speaker)
            ),
            None,
        )
        if outer is None:
            kept.append(item)
    return kept
