"""Who said what, on sentences written for these tests (the evaluation articles stay outside)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from reader.core.model import Analysis, Attribution
from reader.core.quotes import find_quotations
from reader.core.review import REVIEW_CONFIDENCE, needs_review

Analyze = Callable[[str], Analysis]


def only(analysis: Analysis, kind: str | None = None) -> Attribution:
    items = [a for a in analysis.attributions if kind is None or a.kind == kind]
    assert len(items) == 1, analysis.attributions
    return items[0]


def test_direct_quote_with_inverted_cue_resolves_surname(analyze: Analyze) -> None:
    text = (
        "Harbour plan approved\n\n"
        "Margaret Okafor, the port director at Lagos Maritime Authority, met investors on Monday. "
        '"We expect the new berths to double our capacity within five years," said Okafor.'
    )
    item = only(analyze(text), "direct")
    assert item.content.text == (
        "We expect the new berths to double our capacity within five years,"
    )
    assert item.cue is not None and item.cue.text == "said"
    assert item.speaker is not None and item.speaker.text == "Okafor"
    assert item.speaker_name == "Margaret Okafor"


def test_quote_split_by_its_cue_is_one_item(analyze: Analyze) -> None:
    text = (
        "Dr Helen Marsh leads the survey team.\n\n"
        '"The ice is thinner than we have ever measured," said Dr Marsh. '
        '"We will go back in the spring to check the northern shelf."'
    )
    items = [a for a in analyze(text).attributions if a.kind == "direct"]
    assert len(items) == 1
    content = items[0].content.text
    assert content.startswith("The ice is thinner")
    assert content.endswith("check the northern shelf.")
    assert items[0].speaker_name == "Helen Marsh"


def test_quote_continued_over_paragraphs_is_one_item() -> None:
    text = 'He said: "First part of the plan.\n\n"Second part of the plan."\n\nNext paragraph.'
    quotes = find_quotations(text)
    assert len(quotes) == 1
    quoted = text[quotes[0].start : quotes[0].end]
    assert quoted.startswith("First part") and quoted.endswith("Second part of the plan.")


def test_curly_and_straight_quotes_pair_within_a_paragraph() -> None:
    text = '“One,” she said, and then "two" was heard.\n\nA stray " mark here.'
    spans = [text[q.start : q.end] for q in find_quotations(text)]
    assert spans[:2] == ["One,", "two"]


def test_pronoun_speaker_is_resolved_to_full_name(analyze: Analyze) -> None:
    text = (
        "Budget row deepens\n\n"
        "Finance minister Carlos Mendez defended the budget on Tuesday. "
        "He said the deficit would fall below 3% of national output by 2027."
    )
    item = only(analyze(text), "indirect")
    assert item.speaker is not None and item.speaker.text == "He"
    assert item.speaker_name == "Carlos Mendez"
    assert item.content.text.startswith("the deficit would fall")
    assert not item.content.text.endswith(".")


def test_reported_speech_with_that(analyze: Analyze) -> None:
    text = "Analyst Priya Raman warned that rising rates could slow the housing market sharply."
    item = only(analyze(text))
    assert item.kind == "indirect"
    assert item.cue is not None and item.cue.text == "warned"
    assert item.content.text == "rising rates could slow the housing market sharply"
    assert item.speaker_name == "Priya Raman"


def test_according_to_at_the_start(analyze: Analyze) -> None:
    text = "According to the National Weather Service, the storm will reach the coast by Friday."
    item = only(analyze(text))
    assert item.kind == "according_to"
    assert item.speaker is not None and "National Weather Service" in item.speaker.text
    assert item.content.text == "the storm will reach the coast by Friday"


def test_mixed_attribution_keeps_quoted_fragment(analyze: Analyze) -> None:
    text = 'The regulator said the merger was "deeply troubling" for small suppliers.'
    item = only(analyze(text))
    assert item.kind == "mixed"
    assert '"deeply troubling"' in item.content.text


def test_company_description_resolves_to_the_company(analyze: Analyze) -> None:
    text = (
        "Vantor Industries cut its forecast on Monday. Vantor Industries shares fell 8%. "
        "The company said demand for its turbines had weakened in Asia."
    )
    item = only(analyze(text), "indirect")
    assert item.speaker is not None and item.speaker.text == "The company"
    assert item.speaker_name == "Vantor Industries"


def test_negated_and_passive_reports_are_not_attributions(analyze: Analyze) -> None:
    text = (
        "The ministry did not say which hospitals would close. "
        "The talks are said to be close to collapse."
    )
    assert analyze(text).attributions == ()


def test_scare_quotes_alone_are_not_attributions(analyze: Analyze) -> None:
    text = 'The council set out to tackle "yawning deficits" in the housing budget next year.'
    assert analyze(text).attributions == ()


def test_two_apostrophes_quote_as_in_archive_text() -> None:
    text = "Berg said, ''We will keep the port open.'' It's Ruiz's port, isn't it?"
    spans = [text[q.start : q.end] for q in find_quotations(text)]
    assert spans == ["We will keep the port open."]


def test_a_report_pointing_at_its_own_parts_reports_nobody(analyze: Analyze) -> None:
    text = (
        "Filing rules for carriers\n\n"
        "The following example shows that the method fails when the input is empty. "
        "This section explains that the rule applies to every carrier. "
        "Table 3 shows that exports rose in 2021. "
        "One commenter said that the proposed rule would raise costs for small ports."
    )
    items = analyze(text).attributions
    assert [a.speaker.text if a.speaker else None for a in items] == ["One commenter"]


def test_the_authors_speaking_of_themselves_or_their_reader_are_never_a_certain_speaker(
    analyze: Analyze,
) -> None:
    text = (
        "Silt in the northern channel\n\n"
        "If you believe that the survey was late, tell the harbour office within a month. "
        "We argue that the threshold should be lowered. "
        "Our results suggest that the effect of dredging is small. "
        "This report finds that the channel silts faster in wet years."
    )
    items = analyze(text).attributions
    assert len(items) == 4
    assert all(a.speaker_name is None and a.confidence < REVIEW_CONFIDENCE for a in items)
    assert all(needs_review(a) for a in items)


@pytest.mark.parametrize(
    ("sentence", "cue", "content"),
    [
        (
            "Economist Tom Hale posited that the levy would cut trade.",
            "posited",
            "the levy would cut trade",
        ),
        (
            "Ana Ruiz reminded councillors that the budget was fixed.",
            "reminded",
            "the budget was fixed",
        ),
        ("Tom Hale clarified that the fund would not sue.", "clarified", "the fund would not sue"),
        (
            "The harbour board confirmed in a statement that the pier would close.",
            "confirmed",
            "the pier would close",
        ),
        (
            "Ana Ruiz emailed that the vote had been delayed.",
            "emailed",
            "the vote had been delayed",
        ),
        ('"That is not true," Tom Hale interjected.', "interjected", "That is not true,"),
        (
            "The minister made it clear that the harbour levy would stay.",
            "made it clear",
            "the harbour levy would stay",
        ),
        (
            "He denied wanting to be leader of the council.",
            "denied",
            "wanting to be leader of the council",
        ),
        (
            "Tom Hale dismissed the council's plan as insubstantial.",
            "dismissed",
            "the council's plan as insubstantial",
        ),
        (
            "He refuted suggestions that the council had been too slow.",
            "refuted",
            "suggestions that the council had been too slow",
        ),
        ("Ana Ruiz asked for more time to study the plan.", "asked", "more time to study the plan"),
        (
            "The plant, Ana Ruiz continued, will close in May.",
            "continued",
            "The plant, Ana Ruiz continued, will close in May",
        ),
    ],
)
def test_less_common_cues_report(analyze: Analyze, sentence: str, cue: str, content: str) -> None:
    item = only(analyze("Harbour\n\n" + sentence))
    assert item.cue is not None and (item.cue.text, item.content.text) == (cue, content)


@pytest.mark.parametrize(
    "sentence",
    [
        "Tom Hale asked whether the levy was legal.",  # a question, not a claim
        "Some 40% of those polled said they backed the levy.",  # a survey's respondents
        "Four in ten respondents said the pier should close.",
        "Ana Ruiz, who calls the town home, backed the plan.",  # naming, not reporting
        "The firm made a profit of £2m on the pier.",
        "Prices continued to rise at the harbour.",
    ],
)
def test_questions_poll_shares_and_other_senses_report_nothing(
    analyze: Analyze, sentence: str
) -> None:
    assert not analyze("Harbour\n\n" + sentence).attributions


def test_a_quoted_sentence_after_reported_speech_continues_its_speaker(analyze: Analyze) -> None:
    analysis = analyze(
        "Harbour\n\nMayor Ana Ruiz said the port would close in May. "
        '"We have no choice at all."\n\nLater Tom Hale, the director, spoke to dockers. '
        '"This is a disgrace to the whole town."'
    )
    follow = [a for a in analysis.attributions if a.pattern == "follow_on"]
    assert [(a.speaker_name, a.content.text) for a in follow] == [
        ("Ana Ruiz", "We have no choice at all.")
    ]  # the second quote follows narration about someone else, not a report


# -- a speaker is the subject of its cue, and its name rather than its title ---------------


def test_the_name_beside_a_title_is_the_speaker(analyze: Analyze) -> None:
    text = (
        'Port row\n\nHis lawyer Maria Lindqvist said: "We will appeal against the ruling at once."'
    )
    item = only(analyze(text))
    assert item.speaker is not None and item.speaker.text == "Maria Lindqvist"
    assert item.speaker_name == "Maria Lindqvist"


def test_a_cue_with_its_own_clause_after_a_quotation_is_not_its_cue(analyze: Analyze) -> None:
    analysis = analyze(
        'Harbour\n\n"The harbour will close in May," added Ana Ruiz. "The dockers know it '
        'already." And Tom Berg said the workers would strike on Monday.'
    )
    by_name = {a.content.text[:12]: a.speaker_name for a in analysis.attributions}
    assert by_name == {"The harbour ": "Ana Ruiz", "the workers ": "Tom Berg"}
    analysis = analyze(
        'Harbour\n\nAna Ruiz said the port would close. "Nobody will lose a job because of '
        'this." Tom Berg, head of the dockers union, said the workers would strike.'
    )
    quote = next(a for a in analysis.attributions if a.content.text.startswith("Nobody"))
    assert quote.speaker_name == "Ana Ruiz"  # the quotation continues her report


def test_the_name_set_off_after_a_title_or_a_group_speaks(analyze: Analyze) -> None:
    for text, name in [
        (
            "Harbour sale\n\nThe new President, Marek Kowalski, has said a short list of "
            "harbour firms is being drawn up.",
            "Marek Kowalski",
        ),
        (
            "Harbour sale\n\nOne of the losing bidders, Oslo-based shipping group Norvik, said "
            "it welcomed the chance to bid again.",
            "Norvik",
        ),
        (
            "Harbour sale\n\nHe told MPs the Lord Chancellor, Lord Ashdown, is demanding that "
            "ministers keep out of it.",
            "Lord Ashdown",
        ),
    ]:
        analysis = analyze(text)
        starts = ("it ", "a short", "ministers")
        item = next(a for a in analysis.attributions if a.content.text.startswith(starts))
        assert item.speaker_name == name, text


def test_a_name_right_after_a_description_is_the_name_whatever_its_label(
    analyze: Analyze,
) -> None:
    text = (
        "Broadband\n\nTelecom analysts Everest welcomed the move, saying the carrier had given "
        "a lot of ground."
    )
    item = only(analyze(text))
    assert item.speaker is not None and item.speaker.text == "Everest"
    assert item.speaker_name == "Everest"


def test_an_organisation_after_its_description_is_named_alone(analyze: Analyze) -> None:
    text = "Patents\n\nSoftware giant Quillon says 300 of its patents will be released next week."
    item = only(analyze(text))
    assert item.speaker is not None and item.speaker.text == "Quillon"
    assert item.speaker_name == "Quillon"


def test_a_participle_on_a_statement_speaks_for_the_clause_subject(analyze: Analyze) -> None:
    text = (
        "Levy row\n\n"
        "The Dock Union met on Friday. The union issued a statement saying he misled members "
        "about the levy."
    )
    item = only(analyze(text))
    assert item.speaker is not None and item.speaker.text == "The union"
    assert item.speaker_name == "Dock Union"


def test_a_participle_on_an_object_is_never_a_word_of_what_was_said(analyze: Analyze) -> None:
    text = "Fares\n\nFerry operators attacked the rules saying they would have to raise fares."
    item = only(analyze(text))
    assert item.speaker is not None and item.speaker.text == "Ferry operators"


def test_according_to_a_title_and_a_name_is_the_name(analyze: Analyze) -> None:
    text = (
        "Port sale\n\nAccording to its Lisbon lawyer, Anne Dubois, the sale of the port was void."
    )
    item = only(analyze(text))
    assert item.speaker is not None and item.speaker.text == "Anne Dubois"
    assert item.content.text == "the sale of the port was void"


@pytest.mark.parametrize(
    "sentence",
    [
        "The mayor Jane Rowe said on Monday that the city would sell the pier by March and "
        "suggested that it would keep the harbour.",
        "Senator Tom Hale said he didn't believe the fees hurt the port in 2019, arguing that "
        "it was the strikes that mattered.",
    ],
)
def test_a_cue_joined_to_what_was_said_is_the_reporters(analyze: Analyze, sentence: str) -> None:
    item = only(analyze("Pier sale\n\n" + sentence))  # one item, as "said X, adding that Y"
    assert item.speaker is not None and item.speaker.text in {"Jane Rowe", "Senator Tom Hale"}


def test_a_focus_adverb_is_not_part_of_the_speaker(analyze: Analyze) -> None:
    text = "Pier test\n\nEven Norland, the pier's only ally, said it was opposed to the test."
    item = only(analyze(text))
    assert item.speaker is not None and item.speaker.text == "Norland"


@pytest.mark.parametrize(
    ("sentence", "content"),
    [
        # a "that" clause set off by an aside, which the parser hangs as an adverbial
        (
            "The harbour master continues to insist, most recently in an interview with the "
            "Gazette, that he wants to publish the accounts.",
            "he wants to publish the accounts",
        ),
        # when it was said is not what was said, though the parser hangs it on the clause
        (
            "Ferris said after the meeting he would not accept the board's offer.",
            "he would not accept the board's offer",
        ),
        (
            "The mayor told dockers this weekend he would consider it an insult if they voted "
            "against the plan.",
            "he would consider it an insult if they voted against the plan",
        ),
        # a cue the tagger took for a plural noun
        ("But Trump claims that he should keep the pier.", "he should keep the pier"),
        # the preposition the cue wants, hung by the parser on a word inside an aside
        (
            "The new board has accused its predecessor, led by former chair Ines Holm, of "
            "hiding the losses.",
            "its predecessor, led by former chair Ines Holm, of hiding the losses",
        ),
        # "blame X over Y", "blame X on Y" as well as "blame X for Y"
        (
            "Dockers blame the port owners over the slow pace of repairs.",
            "the port owners over the slow pace of repairs",
        ),
        (
            "The union blamed the delays on a shortage of cranes.",
            "the delays on a shortage of cranes",
        ),
        # "called on" read as a verb particle
        (
            "The ferry company has called on passengers to check their bookings.",
            "passengers to check their bookings",
        ),
        # "maintained" with a clause the parser took for an object
        (
            "But the harbour master maintained the new berths only cost money when ships were "
            "late.",
            "the new berths only cost money when ships were late",
        ),
    ],
)
def test_clause_boundaries_of_what_was_said(analyze: Analyze, sentence: str, content: str) -> None:
    item = only(analyze("Pier sale\n\n" + sentence))
    assert item.content.text == content


def test_a_name_in_what_the_cue_acts_on_is_not_its_speaker(analyze: Analyze) -> None:
    text = (
        "Crash\n\nBerg described the crash as a terrible event, but stopped short of calling "
        "Shelby's driving reckless."
    )
    speakers = {a.speaker.text for a in analyze(text).attributions if a.speaker is not None}
    assert speakers == {"Berg"}


def test_a_participle_without_a_subject_is_the_clause_subjects(analyze: Analyze) -> None:
    text = (
        "Dues\n\nMr. Berg hardly cleared things up, treating Mrs. Ruiz's remark first as praise "
        '-- "That makes me clever" -- and, when pressed after the debate, asserting, "Of course '
        'I pay my dues."'
    )
    item = only(analyze(text))
    assert item.speaker is not None and "Berg" in item.speaker.text


def test_a_quotation_after_a_coordinated_cue_is_its_own_item(analyze: Analyze) -> None:
    text = (
        "Harbour\n\nMs Varga doubted whether the new cranes would arrive in time, but added: "
        '"We have been promised them by the spring and I will hold them to it."'
    )
    items = sorted(analyze(text).attributions, key=lambda a: a.content.start)
    assert [a.kind for a in items] == ["indirect", "direct"]
    assert items[0].content.text.endswith("would arrive in time")
    assert items[1].content.text.startswith("We have been promised")


@pytest.mark.parametrize(
    ("sentence", "reported"),
    [
        ("The timetable misled travellers, since it led most of them to think every ferry ran.", 0),
        # a verb that makes its object speak: the object did admit it
        ("The inquiry forced the harbour master to admit that the berth was unsafe.", 1),
    ],
)
def test_a_cue_its_object_is_only_asked_or_led_to_is_no_report(
    analyze: Analyze, sentence: str, reported: int
) -> None:
    assert len(analyze("Ferries\n\n" + sentence).attributions) == reported


@pytest.mark.parametrize(
    ("sentence", "cue", "content"),
    [
        # a day between the cue and its particle
        (
            "Senator Ruth Alder called Friday for releasing the harbour records.",
            "called Friday for",
            "releasing the harbour records",
        ),
        # "for" opening a clause of its own
        (
            "The mayor is calling for the old pier to be rebuilt by the spring.",
            "calling for",
            "the old pier to be rebuilt by the spring",
        ),
    ],
)
def test_calls_for_the_parser_splits(
    analyze: Analyze, sentence: str, cue: str, content: str
) -> None:
    item = only(analyze("Pier\n\n" + sentence))
    assert item.cue is not None and item.cue.text == cue
    assert item.content.text == content


def test_a_rule_calling_for_something_is_no_speaker(analyze: Analyze) -> None:
    text = "Pier\n\nHarbour safety protocol called for the ferry to be towed to the nearest berth."
    assert analyze(text).attributions == ()


def test_a_hedge_after_with_is_no_report(analyze: Analyze) -> None:
    text = (
        "Ferries\n\nThe harbour board faces a close vote, with Mayor Ana Ruiz expected to visit "
        "the port in the coming weeks."
    )
    assert analyze(text).attributions == ()


def test_an_average_shows_a_name_with_a_lead(analyze: Analyze) -> None:
    text = "Vote\n\nPolling averages show Ruiz with a narrow lead in the harbour district."
    item = only(analyze(text))
    assert item.speaker is not None and item.speaker.text == "Polling averages"
    assert item.content.text.startswith("Ruiz with a narrow lead")


def test_a_claim_someone_is_asked_about_is_not_the_askers(analyze: Analyze) -> None:
    text = (
        "Fire\n\nAsked about reports that the warehouse fire had been arson, the mayor said "
        "nothing had been decided."
    )
    item = only(analyze(text))
    assert item.content.text == "nothing had been decided"


@pytest.mark.parametrize(
    ("sentence", "reported"),
    [
        ("Ruiz may find it difficult to repeat her attacks on the harbour board.", 0),
        ("The ferry crews should be finding what they have in common.", 0),
        ("The inquiry found it likely that the warehouse fire was arson.", 1),
        ("The inquiry found that the warehouse fire was arson.", 1),
    ],
)
def test_find_without_a_finding_is_no_report(
    analyze: Analyze, sentence: str, reported: int
) -> None:
    assert len(analyze("Ferries\n\n" + sentence).attributions) == reported


@pytest.mark.parametrize(
    ("sentence", "reported"),
    [
        ("Would anyone believe the ferries now run on time?", 0),
        ("Could anyone claim the old pier is safe for the ferries?", 0),
        ("Ruiz said the old pier was safe for the ferries.", 1),
    ],
)
def test_a_cue_in_a_hypothetical_question_is_no_report(
    analyze: Analyze, sentence: str, reported: int
) -> None:
    assert len(analyze("Pier\n\n" + sentence).attributions) == reported


@pytest.mark.parametrize(
    ("sentence", "cue"),
    [
        ('"Get off the pier," she yells at the crowd.', "yells"),
        ('"We will win the vote," Ana Ruiz shouted.', "shouted"),
        ('"Nobody told us," Tom Hale whispered to reporters.', "whispered"),
    ],
)
def test_a_raised_or_lowered_voice_is_a_cue(analyze: Analyze, sentence: str, cue: str) -> None:
    item = only(analyze("Harbour\n\n" + sentence))
    assert item.cue is not None and item.cue.text == cue and item.kind == "direct"


def test_an_inverted_speaker_is_the_name_not_a_later_one_in_its_apposition(
    analyze: Analyze,
) -> None:
    # the model calls the later caucus a person, so its words count as a person's names
    text = (
        "Harbour vote\n\n"
        "“The ferry board is in crisis mode. Full crisis mode,” said Dana Pruitt, a "
        "Georgia-based head of the Democratic Women Caucus.\n\n"
        "That worries Henry Lyle, president of the Miami-based Georgia Democratic Black Caucus."
    )
    item = only(analyze(text), "direct")
    assert item.speaker is not None and item.speaker.text == "Dana Pruitt"
    assert item.speaker_name == "Dana Pruitt"


@pytest.mark.parametrize(
    ("sentence", "reported"),
    [
        ("His uncle died last year of liver disease, which confirmed what the family feared.", 0),
        ("The storm, which showed how weak the pier was, closed the port.", 0),
        ("The union, which said the pier was unsafe, closed the port.", 1),
        ("The dockers, who said the pier was unsafe, closed the port.", 1),
    ],
)
def test_a_relative_clause_about_a_thing_that_cannot_speak_is_no_report(
    analyze: Analyze, sentence: str, reported: int
) -> None:
    assert len(analyze("Pier\n\n" + sentence).attributions) == reported


def test_a_dash_set_off_report_ends_the_content_before_it(analyze: Analyze) -> None:
    text = (
        "Ferry vote\n\n"
        "Rep. Dale Ormsby, the top Democrat on the House Energy Committee, urged the governor to "
        'veto the bill -- a measure the Nevada congressman said is meant to "punish renters".'
    )
    urged, said = analyze(text).attributions
    assert urged.content.text == "the governor to veto the bill"
    assert said.speaker is not None and said.speaker.text == "the Nevada congressman"
    assert said.speaker_name == "Dale Ormsby"


def test_a_dashed_aside_inside_the_content_stays_in_it(analyze: Analyze) -> None:
    text = (
        "Ferry vote\n\n"
        "Critics note that Ormsby -- even as he says the ferries are safe -- has sold his shares."
    )
    item = next(a for a in analyze(text).attributions if a.cue and a.cue.text == "note")
    assert item.content.text.endswith("has sold his shares")


def test_the_quotations_someone_went_on_about_are_theirs(analyze: Analyze) -> None:
    text = (
        "Rally night\n\n"
        "“Is it late?” she asked, and as Vell went on about “how "
        "the ferry deal is rigged,” and “lost towns” and “our own struggling fishermen,” Ana "
        "nodded along."
    )
    item = next(a for a in analyze(text).attributions if "rigged" in a.content.text)
    assert item.cue is not None and item.cue.text == "went on about"
    assert item.speaker is not None and item.speaker.text == "Vell"
    assert item.content.text.endswith("our own struggling fishermen,")
