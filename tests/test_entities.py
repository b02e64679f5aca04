"""Entities as a reader sees them: clean spans, full names behind surnames, roles."""

from __future__ import annotations

from collections.abc import Callable

from reader.core.entities import clean_bounds, person_canonical
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
