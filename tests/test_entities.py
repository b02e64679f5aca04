"""Entities as a reader sees them: clean spans, full names behind surnames, roles."""

from __future__ import annotations

from collections.abc import Callable

from reader.core.entities import (
    _through_acronym_definition,
    clean_bounds,
    org_canonical,
    person_canonical,
)
from reader.core.model import Analysis, Entity

Analyze = Callable[[str], Analysis]


def entity(analysis: Analysis, text: str) -> Entity:
    found = [e for e in analysis.entities if e.text == text]
    assert found, [(e.text, e.label) for e in analysis.entities]
    return found[0]


def test_trailing_hyphen_and_possessive_are_trimmed() -> None:
    text = "the North Korea-Russia pact and Japan's view"
    start = text.index("North Korea-")
    assert text[slice(*clean_bounds(text, start, start + len("North Korea-"), "GPE"))] == (
        "North Korea"
    )
    start = text.index("Japan's")
    assert text[slice(*clean_bounds(text, start, start + len("Japan's"), "GPE"))] == "Japan"


def test_surname_and_title_resolve_to_the_full_name(analyze: Analyze) -> None:
    analysis = analyze(
        "Rebecca Thornfield, chief economist at Carrow Bank, expects rates to fall. "
        "Ms Thornfield said inflation had peaked. Thornfield added that wages were rising."
    )
    assert entity(analysis, "Rebecca Thornfield").label == "PERSON"
    assert {e.canonical for e in analysis.entities if "Thornfield" in e.text} == {
        "Rebecca Thornfield"
    }


def test_role_from_apposition(analyze: Analyze) -> None:
    analysis = analyze(
        "Daniel Osei, a political science professor at Accra University, said the vote was fair."
    )
    person = entity(analysis, "Daniel Osei")
    assert person.role is not None and "professor" in person.role


def test_name_order_given_name_last_and_misspelt_surnames() -> None:
    names = ["Kim Byeong-yeon", "Lucia Montealegre"]
    assert person_canonical("Kim", names) == "Kim Byeong-yeon"
    assert person_canonical("Mr Montaelegre", names) == "Lucia Montealegre"
    # a title stays when the article never gives the given name
    assert person_canonical("Mr Bloggs", names) == "Mr Bloggs"
    # a changed letter is another person, not a typo
    assert person_canonical("Mr Anderssen", ["Carl Andersson"]) == "Mr Anderssen"


# -- names at their fullest (issue 29) -------------------------------------------------------


def test_acronym_defined_in_brackets_names_the_full_form(analyze: Analyze) -> None:
    analysis = analyze(
        "Fees will rise next year. The Harbour Institute of Marine and Coastal Research (HIMCR) "
        "said on Monday that port fees would rise. HIMCR said costs were climbing."
    )
    full = "Harbour Institute of Marine and Coastal Research"
    assert {e.canonical for e in analysis.entities if e.label == "ORG"} == {full}
    assert [a.speaker_name for a in analysis.attributions] == [full, full]


def test_acronym_after_a_name_cut_short_completes_it() -> None:
    text = "The Harbour Institute of Tidal Research (HITR) said so."
    start = text.index("Harbour")
    end = text.index(" of Tidal")
    completed, acronym = _through_acronym_definition(text, start, end)
    assert text[start:completed] == "Harbour Institute of Tidal Research"
    assert acronym is not None and text[slice(*acronym)] == "HITR"
    # letters that are not the initials of the words before leave the name alone
    other = "The Harbour Institute of Tidal Research (MARS) said so."
    assert _through_acronym_definition(other, start, end) == (end, None)


def test_name_cut_inside_its_words_is_completed(analyze: Analyze) -> None:
    analysis = analyze(
        "Hauliers may lose out. The Federation of Scottish hauliers warned that fuel duty "
        "would rise. The Federation said depots were closing."
    )
    full = "Federation of Scottish hauliers"
    assert [a.speaker_name for a in analysis.attributions] == [full, full]


def test_company_short_form_is_the_company_named_in_full(analyze: Analyze) -> None:
    analysis = analyze(
        "Shares in Brackwell Energy fell 18% on Tuesday. Brackwell said the well was dry. "
        "Brackwell added that it would drill again."
    )
    assert [a.speaker_name for a in analysis.attributions] == ["Brackwell Energy"] * 2
    assert entity(analysis, "Brackwell").label == "ORG"


def test_single_word_short_form_needs_one_full_name_and_not_a_unit() -> None:
    assert org_canonical("Brackwell", ["Brackwell", "Brackwell Energy"]) == "Brackwell Energy"
    # two different organisations start with it: neither is meant
    assert org_canonical("Brackwell", ["Brackwell Energy", "Brackwell Foods"]) == "Brackwell"
    # a unit of the organisation is not its full name, nor is an acronym's
    assert org_canonical("Senate", ["Senate Committee on Ports"]) == "Senate"
    assert org_canonical("UN", ["UN Office for Ports"]) == "UN"
