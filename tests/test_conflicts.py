"""Where sources disagree (issue 33): figures of one measure, subject and time across the
library, compared after reading "the jobless rate" as the unemployment rate and "in March" as
the month of the article's year; the dossier of one measure. The articles are invented; the
analyses are the real model's, stored in a real SQLite store."""

from __future__ import annotations

import json
import math
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from reader.cli import main
from reader.core import conflicts
from reader.core.analysis import Analyzer
from reader.core.correcting import reject_amount
from reader.core.export import ExportError, measure_dossier_markdown
from reader.core.loading import article_from_text
from reader.core.measures import Value, agree, measure_key, subject_key, time_key
from reader.core.store import MIGRATIONS, STORE_FILE, Store
from reader.gui.library_views import FiguresDialog
from tests.helpers import as_older_store, store_article

NORLAND_MARCH = (
    "Jobs in Norland\n\nNorland's unemployment rate was 6.4% in March, the statistics office said."
)
NORBANK_MARCH = (
    "Norbank sees a weaker jobs market\n\n"
    "The jobless rate in Norland rose to 6.9% in March, according to Ana Ruiz, an economist at "
    "Norbank."
)
SUDLAND_MARCH = (
    "Jobs in Sudland\n\nSudland's unemployment rate was 7.1% in March, the statistics office said."
)
NORLAND_FEBRUARY = (
    "Norland in February\n\n"
    "Norland's unemployment rate was 6.1% in February, the statistics office said."
)
PRICES = "Prices in Norland\n\nNorland's inflation rate was 3.2% in March, the central bank said."
MORE_PRICES = "Norland prices\n\nInflation in Norland was 3.20% in March, the central bank said."


@pytest.fixture
def library(tmp_path: Path, analyzer: Analyzer) -> tuple[Store, dict[str, str]]:
    store = Store.open(tmp_path / "data")
    ids = {
        "norland": store_article(store, analyzer, NORLAND_MARCH, "norland", "2026-04-02"),
        "norbank": store_article(store, analyzer, NORBANK_MARCH, "norbank", "2026-04-03"),
        "sudland": store_article(store, analyzer, SUDLAND_MARCH, "sudland", "2026-04-02"),
        "february": store_article(store, analyzer, NORLAND_FEBRUARY, "february", "2026-03-10"),
        "prices": store_article(store, analyzer, PRICES, "prices", "2026-04-05"),
        "more prices": store_article(store, analyzer, MORE_PRICES, "more-prices", "2026-04-06"),
    }
    return store, ids


def test_two_articles_giving_another_rate_for_one_country_and_month_are_one_group(
    library: tuple[Store, dict[str, str]],
) -> None:
    store, ids = library
    found = conflicts.conflicts(store)
    assert len(found) == 1  # not Sudland's, not February's, not the inflation rates that agree
    group = found[0]
    assert (group.measure, group.subject, group.time, group.unit) == (
        "unemployment rate",
        "Norland",
        "2026-03",
        "percent",
    )
    assert [(f.article_id, f.text) for f in group.figures] == [
        (ids["norland"], "6.4%"),
        (ids["norbank"], "6.9%"),
    ]
    by_bank = group.figures[1]
    assert by_bank.speaker == "Ana Ruiz"
    assert by_bank.title == "Norbank sees a weaker jobs market"
    assert by_bank.sentence.startswith("The jobless rate in Norland rose to 6.9% in March")
    assert by_bank.measure == "The jobless rate" and by_bank.time == "in March"
    assert all(f.disputed for f in group.figures)


def test_a_figure_marked_not_an_amount_leaves_its_group(
    library: tuple[Store, dict[str, str]],
) -> None:
    store, ids = library
    article = store.article(ids["norbank"])
    assert article is not None
    analysis = store.latest_analysis(article)
    assert analysis is not None
    rate = next(f for f in analysis.figures if f.text == "6.9%")
    correction = reject_amount(store, ids["norbank"], rate)
    assert conflicts.conflicts(store) == []
    assert "6.9%" not in {f.text for f in conflicts.figures_of_measure(store, "jobless rate")}
    store.delete_correction(correction.id)  # taken back: the sources disagree again
    assert len(conflicts.conflicts(store)) == 1


def test_the_figures_view_groups_by_measure_and_flags_the_disputed_one(
    library: tuple[Store, dict[str, str]],
) -> None:
    store, ids = library
    groups = {group.measure: group for group in conflicts.figures_by_measure(store)}
    unemployment, inflation = groups["unemployment rate"], groups["inflation rate"]
    assert unemployment.conflict and not inflation.conflict
    assert [f.text for f in inflation.figures] == ["3.2%", "3.20%"]  # "Inflation" is its rate
    rows = {(f.subject, f.time, f.text): f.disputed for f in unemployment.figures}
    assert rows == {
        ("Norland", "in February", "6.1%"): False,
        ("Norland", "in March", "6.4%"): True,
        ("Sudland", "in March", "7.1%"): False,
        ("Norland", "in March", "6.9%"): True,
    }
    # in date order, as every view across articles lists them
    assert unemployment.figures[0].article_id == ids["february"]


def test_sorting_the_figures_view_keeps_each_measures_group_together(
    qtbot: QtBot, library: tuple[Store, dict[str, str]], analyzer: Analyzer
) -> None:
    store, _ = library
    april = "Prices in April\n\nNorland's inflation rate was 6.6% in April, the central bank said."
    store_article(store, analyzer, april, "april", "2026-05-02")  # between the jobless rates
    parent = QWidget()
    qtbot.addWidget(parent)
    view = FiguresDialog(parent, store)
    headers = [
        view.model.headerData(c, Qt.Orientation.Horizontal) for c in range(len(view.COLUMNS))
    ]
    value = headers.index("Value")
    for order in (Qt.SortOrder.DescendingOrder, Qt.SortOrder.AscendingOrder):
        view.table.sortByColumn(value, order)
        groups = [view.proxy.index(r, 0).data() for r in range(view.proxy.rowCount())]
        runs = [group for n, group in enumerate(groups) if n == 0 or groups[n - 1] != group]
        assert len(runs) == len(set(runs)), groups  # no group is split by the sort
        rates = [
            float(view.proxy.index(r, value).data())
            for r, group in enumerate(groups)
            if group == "unemployment rate"
        ]
        assert rates == sorted(rates, reverse=order == Qt.SortOrder.DescendingOrder)


def test_figures_conflicts_prints_each_group_as_text_and_json(
    library: tuple[Store, dict[str, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    store, ids = library
    data = str(store.path.parent)
    store.close()
    assert main(["figures", "--all", "--conflicts", "--data-dir", data]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == (
        "Sources disagree: unemployment rate · Norland · 2026-03 (percent; 2 articles)"
    )
    assert out[2].split("\t")[:5] == [
        "  6.9%",
        "percent",
        ids["norbank"],
        "Norbank sees a weaker jobs market",
        "Ana Ruiz",
    ]
    assert main(["figures", "--all", "--conflicts", "--format", "json", "--data-dir", data]) == 0
    (group,) = json.loads(capsys.readouterr().out)
    assert (group["measure"], group["subject"], group["time"]) == (
        "unemployment rate",
        "Norland",
        "2026-03",
    )
    assert group["compared"] == "level" and group["articles"] == 2
    assert [(f["article_id"], f["low"], f["speaker"]) for f in group["figures"]] == [
        (ids["norland"], 6.4, None),
        (ids["norbank"], 6.9, "Ana Ruiz"),
    ]
    assert group["figures"][1]["title"] == "Norbank sees a weaker jobs market"
    assert "6.9% in March" in group["figures"][1]["sentence"]
    assert main(["figures", ids["sudland"], "--conflicts", "--data-dir", data]) == 0
    assert capsys.readouterr().out == ""  # Sudland takes part in no group
    with pytest.raises(SystemExit):
        main(["figures", "--all", "--conflicts", "--format", "csv", "--data-dir", data])


def test_the_dossier_of_a_measure_lists_every_figure_in_date_order(
    library: tuple[Store, dict[str, str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store, ids = library
    made = measure_dossier_markdown(store, "Jobless rates")
    assert made.figures == 4 and made.disagreements == 1
    front = yaml.safe_load(made.markdown.split("---")[1])
    assert front["measure"] == "unemployment rate" and front["disagreements"] == 1
    order = [made.markdown.index(f"article `{ids[name]}`") for name in ("february", "norland")]
    assert order == sorted(order)
    assert (
        "| 2026-04-03 | Norland | in March (2026-03) | 6.9% ⚠ sources disagree |" in made.markdown
    )
    assert "— **7.1%** (unemployment rate, Sudland, in March) · Paragraph 2" in made.markdown
    assert "inflation" not in made.markdown.lower()
    only = measure_dossier_markdown(store, "unemployment rate", subject="Sudland")
    assert only.figures == 1 and only.disagreements == 0
    with pytest.raises(ExportError, match="no figure of the measure 'house prices'"):
        measure_dossier_markdown(store, "house prices")
    data = str(store.path.parent)
    store.close()
    out = tmp_path / "unemployment.md"
    command = ["dossier", "--measure", "unemployment rate", "-o", str(out), "--data-dir", data]
    assert main(command) == 0
    assert capsys.readouterr().out == f"{out}\t4 figures, 1 where sources disagree\n"
    assert "Norbank sees a weaker jobs market" in out.read_text(encoding="utf-8")


def test_same_values_and_old_values_of_a_change_are_no_conflict_but_opposite_changes_are(
    tmp_path: Path, analyzer: Analyzer
) -> None:
    store = Store.open(tmp_path / "data")
    texts = (
        "Jobs\n\nNorland's unemployment rate fell from 7.2% to 6.4% in March.",
        "More jobs\n\nNorland's unemployment rate was 6.4% in March, the ministry said.",
        "Tesco results\n\nTesco's sales rose 5% in the year to February.",
        "Tesco slips\n\nTesco's sales fell 5% in the year to February.",
    )
    for number, text in enumerate(texts):
        store_article(store, analyzer, text, f"a{number}", "2026-04-02")
    found = conflicts.conflicts(store)
    assert [(g.measure, g.subject, g.time, g.changes) for g in found] == [
        ("sales", "Tesco", "12 months to 2026-02", True)
    ]
    assert [f.shown() for f in found[0].figures] == ["5% (fall)", "5% (rise)"]
    store.close()


def test_a_month_is_read_once_the_article_gives_its_date_and_an_older_store_is_keyed_again(
    tmp_path: Path, analyzer: Analyzer
) -> None:
    store = Store.open(tmp_path / "data")
    store_article(store, analyzer, NORLAND_MARCH, "norland", "2026-04-02")
    undated = store_article(store, analyzer, NORBANK_MARCH, "norbank")
    assert conflicts.conflicts(store) == []  # "in March" of which year?
    dated = replace(article_from_text(NORBANK_MARCH, "/news/norbank.txt"), published="2026-04-03")
    assert store.add_article(dated).id == undated
    assert [f.article_id for f in conflicts.conflicts(store)[0].figures][1] == undated
    store.close()
    as_older_store(tmp_path / "data" / STORE_FILE, len(MIGRATIONS) - 1)  # before the keys
    store = Store.open(tmp_path / "data")
    assert len(conflicts.conflicts(store)) == 1
    store.close()


@pytest.mark.parametrize(
    ("written", "published", "read"),
    [
        ("in March", "2026-04-02", "2026-03"),
        ("in March", "5 April 2026", "2026-03"),
        ("in December", "2026-01-15T08:00:00Z", "2025-12"),  # a month still to come: last year's
        ("in March 2025", None, "2025-03"),
        ("last year", "2026-04-02", "2025"),
        ("last month", "2026-01-15", "2025-12"),
        ("in 2024", None, "2024"),
        ("in the three months to June", "2026-07-20", "3 months to 2026-06"),
        ("in the second quarter", "2026-07-20", "3 months to 2026-06"),
        ("in Q2 2026", None, "3 months to 2026-06"),
        ("in the year to February", "2026-04-02", "12 months to 2026-02"),
        ("on Tuesday", "2026-04-02", "2026-03-31"),
        ("now", "2026-04-02", "2026-04-02"),
        ("in fiscal 2025", None, "FY2025"),
        ("in March", None, None),  # of no year
        ("this week", None, None),
        ("by 2030", None, "by 2030"),  # unreadable: the words, when they name a year
        ("for the third month running", "2026-04-02", "third month running @ 2026-04-02"),
        ("during the harvest", None, None),  # which harvest?
    ],
)
def test_times_are_read_as_dates_or_periods_where_they_can_be(
    written: str, published: str | None, read: str | None
) -> None:
    assert time_key(written, published) == read


def test_measures_and_subjects_compare_without_case_articles_plurals_or_synonyms() -> None:
    assert measure_key("The jobless rates") == measure_key("unemployment rate")
    assert measure_key("Unemployment", "percent") == "unemployment rate"
    assert measure_key("Unemployment") == "unemployment"  # a count of people is no rate
    assert measure_key("the prices of houses") == "price of house"
    assert measure_key("sales") == "sales" and measure_key("gas prices") == "gas price"
    assert measure_key("consumer price inflation") != measure_key("inflation", "percent")
    assert subject_key("the U.K.'s") == subject_key("UK") == "uk"
    assert subject_key("Wales") == "wales"


def test_values_agree_when_they_round_alike_or_a_range_holds_the_other() -> None:
    def value(text: str, low: float, high: float | None = None, qualifier: str = "") -> Value:
        found = Value.of(text, low, low if high is None else high, qualifier or None)
        assert found is not None
        return found

    assert agree(value("6.4%", 6.4), value("6.40%", 6.4))
    assert not agree(value("6.4%", 6.4), value("6.5%", 6.5))
    assert agree(value("6%", 6), value("6.4%", 6.4))  # "6%" may be 6.4% rounded
    assert agree(value("$5bn", 5e9), value("$5.2bn", 5.2e9))
    assert not agree(value("$5.1bn", 5.1e9), value("$5.2bn", 5.2e9))
    assert agree(value("6% and 7%", 6, 7), value("6.4%", 6.4))
    assert agree(value("6%", 6, qualifier="more than"), value("6.4%", 6.4))
    assert not agree(value("6%", 6, qualifier="more than"), value("5.4%", 5.4))
    assert value("6%", 6, qualifier="up to").low == -math.inf
    assert Value.of("£5m", 5e6, 5e6, "an extra") is None  # an increment is no value of it
