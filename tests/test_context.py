"""What an amount or figure measures, whose it is and when (issue 33), on sentences written for
these tests, read by the real spaCy model; and how the three spans travel: JSON, the cache, the
columns sent to the window and the index across articles."""

from __future__ import annotations

import json
import pickle
from collections.abc import Callable
from pathlib import Path

import pytest

from reader.cli import main
from reader.core import crossref, schema
from reader.core.analysis import Analyzer
from reader.core.columns import Records
from reader.core.model import Analysis, Figure, Money, Span
from reader.core.store import Store
from tests.helpers import store_article

Analyze = Callable[[str], Analysis]
Context = tuple[str | None, str | None, str | None]


def context(analysis: Analysis, written: str) -> Context:
    """The measure, subject and time of the amount or figure written as ``written``."""
    items: list[Money | Figure] = [*analysis.money, *analysis.figures]
    found = [item for item in items if item.text == written]
    assert len(found) == 1, [item.text for item in items]
    item = found[0]
    return tuple(span.text if span else None for span in (item.measure, item.subject, item.time))  # type: ignore[return-value]


@pytest.mark.parametrize(
    ("text", "written", "expected"),
    [
        # a possessive owner, a change verb and a date with its preposition
        (
            "Tesco's sales rose 5% in the year to February.",
            "5%",
            ("sales", "Tesco", "in the year to February"),
        ),
        # a name before the measure is its owner, not part of it
        (
            "Shares in Pelham Group fell 8% on Tuesday.",
            "8%",
            ("Shares", "Pelham Group", "on Tuesday"),
        ),
        # "sales of £Xm" after a verb of reporting: the reporter owns them
        (
            "The ferry company reported pre-tax profits of £12m for 2023.",
            "£12m",
            ("pre-tax profits", "The ferry company", "for 2023"),
        ),
        # a change written after a clause is a change of the count the clause gives
        (
            "Kestrel Airlines carried 4.2 million passengers in October, up 7% on a year earlier.",
            "7%",
            ("passengers", "Kestrel Airlines", "in October"),
        ),
        # a change noun after a count: of the count, and "on last year" is its baseline
        (
            "Rovan Motors sold 84,000 cars in the third quarter, a 12% increase on the same"
            " period last year.",
            "12%",
            ("cars", "Rovan Motors", "in the third quarter"),
        ),
        # a relative clause's owner is the noun it describes
        (
            "The bank, which made a profit of £1.3bn in 2025, employs 40,000 people.",
            "£1.3bn",
            ("profit", "The bank", "in 2025"),
        ),
        # ... but not what the noun changes, nor a whole it is a share of
        (
            "The reform, which cut housing aid for families by $5 billion, passed in 2019.",
            "$5 billion",
            ("housing aid", "families", None),
        ),
        (
            "Older voters, who make up 40% of Calder's electorate, favour the plan.",
            "40%",
            ("electorate", "Calder", None),
        ),
        # money paid: what it pays for
        (
            "The council will spend £4m on new trams next year.",
            "£4m",
            ("new trams", "The council", "next year"),
        ),
        (
            "Brindle Foods paid $9m for the old mill in 2019.",
            "$9m",
            ("the old mill", "Brindle Foods", "in 2019"),
        ),
        # a share of a whole measures the whole; the holder is its subject
        ("Norway holds 9% of the fund.", "9%", ("the fund", "Norway", None)),
        # a counting noun hands the measure on to what it counts
        (
            "The number of visitors to the museum fell 15% in 2022.",
            "15%",
            ("visitors", None, "in 2022"),
        ),
        # a rate's denominator is not a time
        (
            "A dividend of 12p a share will be paid to Caldor shareholders.",
            "12p",
            ("dividend", None, None),
        ),
        # a change done to something measures that thing
        (
            "Orvalo Mining said on Monday that it had cut its workforce by 10%.",
            "10%",
            ("workforce", "Orvalo Mining", None),
        ),
        # a change noun measures what changed
        (
            "There was a 4% rise in fuel imports in May.",
            "4%",
            ("fuel imports", None, "in May"),
        ),
        # a place written with "in" is where the value applies
        (
            "Mortgage rates in Norland climbed to 6.5% last month.",
            "6.5%",
            ("Mortgage rates", "Norland", "last month"),
        ),
        # what a thing costs measures the thing
        ("The new bridge will cost €30m, the mayor said.", "€30m", ("The new bridge", None, None)),
    ],
)
def test_what_whose_and_when(analyze: Analyze, text: str, written: str, expected: Context) -> None:
    assert context(analyze(text), written) == expected


def test_a_pronoun_carries_the_owner_from_the_sentence_before(analyze: Analyze) -> None:
    analysis = analyze(
        "Harbour results\n\nThe Kelvin ferry line had a difficult year. Its turnover fell 3%."
    )
    assert context(analysis, "3%") == ("turnover", "The Kelvin ferry line", None)


def test_its_never_stands_for_people_in_the_plural(analyze: Analyze) -> None:
    """The reporters are the nearest subject before "its", but they are many and "its" is one."""
    analysis = analyze(
        "The town of Elsby will raise its parking charges next spring. "
        "Officials said its budget deficit reached $45 million in 2025."
    )
    measure, subject, time = context(analysis, "$45 million")
    assert (measure, time) == ("budget deficit", "in 2025")
    assert subject is not None and "Elsby" in subject


def test_money_for_a_purpose_measures_it_and_so_does_the_amount_it_rose_from(
    analyze: Analyze,
) -> None:
    analysis = analyze(
        "The new budget includes $45 billion for flood defences, up from $38 billion last year."
    )
    assert context(analysis, "$45 billion")[0] == "flood defences"
    measure, _, time = context(analysis, "$38 billion")
    assert (measure, time) == ("flood defences", "last year")


def test_a_change_in_apposition_to_an_amount_measures_what_the_amount_does(
    analyze: Analyze,
) -> None:
    analysis = analyze("Norland's budget for 2027 totals $890 billion, an increase of 3%.")
    assert context(analysis, "3%")[:2] == ("budget", "Norland")


def test_an_amount_in_brackets_restates_the_one_before_it(analyze: Analyze) -> None:
    analysis = analyze("Marlow Rail spent €50m ($54m) on new carriages in 2021.")
    assert context(analysis, "€50m") == ("new carriages", "Marlow Rail", "in 2021")
    assert context(analysis, "$54m") == context(analysis, "€50m")


def test_an_amount_that_names_no_measure_shares_the_one_before_it(analyze: Analyze) -> None:
    analysis = analyze(
        "The Greens declared donations of £4m last year, while the Pirates received just over £1m."
    )
    assert context(analysis, "£1m")[:2] == ("donations", "Pirates")


def test_amounts_listed_against_names_are_theirs_and_of_the_sentences_quantity(
    analyze: Analyze,
) -> None:
    holders = analyze(
        "The largest holders of the city's bonds, by country, are Norland ($1.2 billion), "
        "Vestria ($0.9 billion) and Ostmark ($0.7 billion)."
    )
    assert context(holders, "$0.9 billion")[:2] == ("bonds", "Vestria")
    ports = analyze(
        "Two of the four ports received more harbour funding in 2024 than in 2023: "
        "Arlow (up $4.1 million; 3%) and Brenn (up $2.2 million; 1%)."
    )
    assert context(ports, "$4.1 million")[:2] == ("harbour funding", "Arlow")
    assert context(ports, "1%")[:2] == ("harbour funding", "Brenn")


def test_a_noun_after_a_bracketed_restatement_is_what_the_amount_modifies(
    analyze: Analyze,
) -> None:
    analysis = analyze(
        "Harlow Mining rejected a hostile 5.2bn Canadian dollar ($3.8bn; £2.9bn) bid by rival "
        "Drummond."
    )
    assert context(analysis, "$3.8bn")[:2] == ("bid", "Drummond")


def test_a_share_for_something_and_a_change_pointing_back(analyze: Analyze) -> None:
    assert context(analyze("About 30% of the new loans were for homes."), "30%")[:2] == (
        "the new loans",
        "homes",
    )
    analysis = analyze(
        "Rail funding in Dunmore would fall from $9 million to $7 million; $1.5 million of the "
        "reduction would come from closing depots."
    )
    assert context(analysis, "$1.5 million")[:2] == ("Rail funding", "Dunmore")


def test_the_noun_that_has_the_measure_owns_it(analyze: Analyze) -> None:
    analysis = analyze("Districts with an elevation below 350 metres were studied.")
    assert context(analysis, "350 metres")[:2] == ("elevation", "Districts")


def test_a_measure_repeated_from_the_sentence_before_keeps_its_owner(analyze: Analyze) -> None:
    contributions = analyze(
        "Pension contributions made by firms have grown since 2015. "
        "In 2019, contributions rose by 4.5%."
    )
    assert context(contributions, "4.5%") == ("contributions", "firms", "In 2019")
    rates = analyze(
        "The seeding rates of the new wheat varieties vary with the soil. "
        "In general, the seeding rates are from 100 to 150 kg per ha."
    )
    assert context(rates, "100 to 150 kg")[:2] == ("the seeding rates", "the new wheat varieties")


def test_who_claims_money_is_its_owner_not_its_measure(analyze: Analyze) -> None:
    analysis = analyze(
        "Under the new rules, passengers can claim up to 600 euros if a flight is cancelled."
    )
    assert context(analysis, "600 euros")[:2] == (None, "passengers")


def test_a_quantity_as_the_clauses_subject_hands_on_its_owner(analyze: Analyze) -> None:
    analysis = analyze("Norland's trade gap narrowed in May, helped by a 5% rise in exports.")
    assert context(analysis, "5%")[:2] == ("exports", "Norland")


def test_a_fronted_whole_and_an_abbreviation_after_a_percentage_are_measures(
    analyze: Analyze,
) -> None:
    schools = analyze("Of the schools inspected in the county, 45% failed.")
    assert context(schools, "45%")[0] == "the schools"
    stroke = analyze("Smokers had a higher risk of stroke (95% CI 1.2–3.4) than others.")
    assert context(stroke, "95%")[0] == "CI"
    records = analyze(
        "In the space of a year - between 2021 and 2022 - vinyl record sales fell by 12.5%."
    )
    assert context(records, "12.5%")[0] == "vinyl record sales"


def test_a_policy_or_a_process_that_sets_an_amount_does_not_own_it(analyze: Analyze) -> None:
    fine = analyze("The new regulation sets a fine of £500 for each late filing.")
    assert context(fine, "£500")[:2] == ("fine", None)
    salt = analyze("Careful purification of the mixture gives 4.1 g of the salt.")
    assert context(salt, "4.1 g")[:2] == ("the salt", None)


def test_a_carried_owner_is_named_where_the_amounts_sentence_names_it(analyze: Analyze) -> None:
    text = "Norland's exports rose 4% in May. Imports rose 2%, as Norland bought more fuel."
    imports = next(f for f in analyze(text).figures if f.text == "2%")
    assert imports.subject is not None
    assert imports.subject.text == "Norland"
    assert imports.subject.start == text.index("Norland bought")


def test_a_plan_to_change_ones_own_prices_is_ones_own_but_a_levy_on_others_is_not(
    analyze: Analyze,
) -> None:
    own = analyze(
        "The company unveiled plans to cut the prices of its broadband service by 8% from April."
    )
    assert context(own, "8%") == ("the prices", "The company", "from April")
    levy = analyze(
        "Ms Dale set out her party's scheme to impose a 45% tax rate on incomes over £150,000."
    )
    assert context(levy, "45%")[:2] == ("tax rate", None)


def test_a_place_the_verb_happens_in_and_what_sold_for_a_price(analyze: Analyze) -> None:
    yen = analyze("On Monday the euro was buying 131.2 yen in Frankfurt.")
    assert context(yen, "131.2 yen")[1:] == ("Frankfurt", "On Monday")
    petrol = analyze("Petrol sold for £1.45 a litre in Scotland last week.")
    assert context(petrol, "£1.45")[0] == "Petrol"  # the litre is the rate's unit


def test_the_giver_on_the_participle_that_carries_the_amount_owns_it(analyze: Analyze) -> None:
    gifts = analyze("Among the gifts were 12 donations totalling £80,000 from Kestrel Holdings.")
    assert context(gifts, "£80,000")[:2] == ("donations", "Kestrel Holdings")
    floods = analyze("The insurer paid out £30m to repair damage caused by the floods.")
    assert context(floods, "£30m")[:2] == ("damage", "The insurer")  # a cause pays nothing


def test_an_owner_is_named_not_described(analyze: Analyze) -> None:
    analysis = analyze(
        "Donations came from retired banker and philanthropist Sir Alan Marsh who gave the "
        "campaign a sum of £200,000."
    )
    assert context(analysis, "£200,000")[1] == "Alan Marsh"


def test_a_threshold_measures_what_it_bounds_and_the_rest_points_back(analyze: Analyze) -> None:
    levy = analyze(
        "Ms Dale set out her party's scheme to impose a 45% tax rate on incomes over £150,000."
    )
    assert context(levy, "£150,000")[0] == "incomes"
    bonds = analyze(
        "Foreign governments hold 42% of the bonds sold by Norland. "
        "Private investors hold the other 58%."
    )
    assert context(bonds, "58%")[:2] == ("the bonds", "Private investors")


def test_those_aid_is_needed_for_own_it_not_who_estimates_it(analyze: Analyze) -> None:
    analysis = analyze(
        "The agency put the total of aid required for the flooded villages at about £3 million."
    )
    assert context(analysis, "£3 million")[:2] == ("aid", "the flooded villages")


def test_a_source_or_an_unresolved_pronoun_is_no_subject(analyze: Analyze) -> None:
    estimate = analyze("The bank estimated the cost of the repairs at $5 billion.")
    assert context(estimate, "$5 billion")[:2] == ("the cost", None)
    speech = analyze("She told the hall that 41 percent of your graduates are jobless.")
    assert context(speech, "41 percent")[:2] == ("graduates", None)
    rating = analyze(
        "Veritas Weekly rated 29% of Republican claims as wrong. "
        "A majority of Democratic statements (61%) were rated as accurate."
    )
    assert context(rating, "29%")[1] is None
    assert context(rating, "61%")[1] is None  # nor carried to the next sentence


def test_in_a_phrase_with_the_is_where_a_value_was_not_what_it_measures(analyze: Analyze) -> None:
    survey = analyze(
        "The mayor's approval rating has fallen from 61 percent in the spring survey to 57 "
        "percent now."
    )
    assert context(survey, "61 percent")[:2] == ("approval rating", "The mayor")
    grants = analyze("The charity raised £5m in grants and £2m in loans.")
    assert context(grants, "£2m")[0] == "loans"


def test_the_people_a_rate_is_for_are_its_subject(analyze: Analyze) -> None:
    analysis = analyze("The jobless rate for young people in the city is 21 percent.")
    assert context(analysis, "21 percent")[:2] == ("The jobless rate", "young people")


def test_a_clause_after_a_semicolon_does_not_take_the_measure_before_it(analyze: Analyze) -> None:
    analysis = analyze(
        "Arco would owe $65 billion in taxes if the money came home; Belmar holds $28 billion "
        "offshore."
    )
    assert context(analysis, "$65 billion")[:2] == ("taxes", "Arco")
    assert context(analysis, "$28 billion")[:2] == (None, "Belmar")


def test_a_level_being_neared_and_a_bare_share_of_the_whole_named_before(analyze: Analyze) -> None:
    debt = analyze("The city's total debt is nearing $2 billion.")
    assert context(debt, "$2 billion")[:2] == ("total debt", "The city")
    poll = analyze(
        "Just 48 percent of local parents approved. Yet 61 percent said the head teacher was right."
    )
    assert context(poll, "61 percent")[0] == "local parents"


def test_times_stay_in_their_clause_and_baselines_are_no_times(analyze: Analyze) -> None:
    analysis = analyze(
        "If the tunnel opens in 2027, its tolls will be £4 per car. "
        "Exports were 6% higher than a year earlier."
    )
    assert context(analysis, "£4")[2] is None
    assert context(analysis, "6%")[2] is None


def test_the_date_of_a_quantity_that_is_the_clauses_subject_dates_its_change(
    analyze: Analyze,
) -> None:
    analysis = analyze("Amounts paid for FY2024 through the grant scheme fell by £2 million.")
    assert context(analysis, "£2 million")[2] == "for FY2024"


def test_the_old_value_of_a_change_takes_only_its_own_time(analyze: Analyze) -> None:
    analysis = analyze("The port's deficit fell to £2bn from £3bn in June.")
    assert context(analysis, "£2bn")[:2] == ("deficit", "The port")
    assert context(analysis, "£3bn")[2] == "in June"
    assert context(analysis, "£2bn")[2] is None


def test_every_span_is_the_article_text_at_its_offsets(analyze: Analyze) -> None:
    text = "Tesco's sales rose 5% in the year to February, while Asda's fell 2% to £9bn."
    analysis = analyze(text)
    items: list[Money | Figure] = [*analysis.money, *analysis.figures]
    spans = [
        span
        for item in items
        for span in (item.measure, item.subject, item.time)
        if span is not None
    ]
    assert spans
    assert all(text[span.start : span.end] == span.text for span in spans)


def test_the_json_says_what_whose_and_when_of_money_and_figures(analyze: Analyze) -> None:
    from reader.core.loading import article_from_text

    text = "Brindle Foods paid $9m for the old mill in 2019, 5% more than it hoped."
    article = article_from_text(text, source="test")
    analysis = analyze(text)
    data = json.loads(json.dumps(schema.analysis_json(article, analysis)))
    money = data["money"][0]
    assert money["measure"]["text"] == "the old mill"
    assert money["subject"] == {"start": 0, "end": 13, "text": "Brindle Foods"}
    assert money["time"]["text"] == "in 2019"
    assert {"measure", "subject", "time"} <= set(data["figures"][0])


def test_the_cache_keeps_the_context_and_reads_rows_cached_before_it(analyze: Analyze) -> None:
    text = "Shares in Pelham Group fell 8% on Tuesday to £4.20."
    analysis = analyze(text)
    again = schema.analysis_from_cache(schema.analysis_to_cache(analysis), text)
    assert again is not None
    assert again.money == analysis.money and again.figures == analysis.figures
    assert again.figures[0].subject == Span(10, 22, "Pelham Group")
    # a row cached before amounts had a context: the same fields, none of the three spans
    older = json.loads(schema.analysis_to_cache(analysis))
    older["money"] = [row[:-3] for row in older["money"]]
    older["figures"] = [row[:-3] for row in older["figures"]]
    read = schema.analysis_from_cache(json.dumps(older), text)
    assert read is not None
    assert read.money[0].measure is None and read.money[0].currency == "GBP"
    assert read.figures[0].time is None and read.figures[0].unit == "percent"


def test_the_context_crosses_to_the_window_in_columns(analyze: Analyze) -> None:
    analysis = analyze("Tesco's sales rose 5% in May. Asda's rose 2%. Lidl's rose 9% in June.")
    columns = pickle.loads(pickle.dumps(Records.of(analysis.figures)))
    assert list(columns) == list(analysis.figures)
    assert [f.time.text if f.time else None for f in columns] == ["in May", None, "in June"]


def test_the_figures_across_articles_say_what_whose_and_when(
    tmp_path: Path, analyzer: Analyzer, capsys: pytest.CaptureFixture[str]
) -> None:
    store = Store.open(tmp_path / "data")
    text = "Harbour results\n\nShares in Pelham Group fell 8% on Tuesday."
    article_id = store_article(store, analyzer, text, "pelham", "2026-03-05")
    found = crossref.amounts(store, [article_id])
    assert [(a.measure, a.subject, a.time) for a in found] == [
        ("Shares", "Pelham Group", "on Tuesday")
    ]
    store.close()
    assert main(["figures", "--all", "--format", "json", "--data-dir", str(tmp_path / "data")]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["measure"] == "Shares" and rows[0]["time"] == "on Tuesday"
