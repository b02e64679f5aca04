"""Across articles: one source however articles name them, every statement and figure in the
library, search over the text, what changed between versions, and the dossier. The articles
are invented; the analyses are the real model's."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest

from reader.cli import main
from reader.core import crossref, library_search, schema
from reader.core.analysis import Analyzer
from reader.core.changes import article_changes
from reader.core.correcting import correct_rename, correct_speaker
from reader.core.dates import published_day
from reader.core.export import END_MARK, ExportError, dossier_markdown, export_dossier
from reader.core.loading import article_from_text
from reader.core.model import Analysis, Article
from reader.core.store import MIGRATIONS, STORE_FILE, Store
from tests.helpers import COSTS, DOCKS, FERRIES, INQUIRY, as_older_store, store_article


@pytest.fixture
def library(tmp_path: Path, analyzer: Analyzer) -> tuple[Store, dict[str, str]]:
    """Four articles, stored newest first, each analysed."""
    store = Store.open(tmp_path / "data")
    ids = {
        "docks": store_article(store, analyzer, DOCKS, "docks", "2026-03-04"),
        "inquiry": store_article(store, analyzer, INQUIRY, "inquiry", "2026-03-03"),
        "costs": store_article(store, analyzer, COSTS, "costs", "2026-03-02"),
        "ferries": store_article(store, analyzer, FERRIES, "ferries", "2026-03-01"),
    }
    return store, ids


def test_one_person_under_a_full_name_a_surname_and_a_title_is_one_source(
    library: tuple[Store, dict[str, str]],
) -> None:
    store, ids = library
    found = {source.name: source for source in crossref.sources(store)}
    mayor = found["Irene Kowalczyk"]
    assert mayor.articles == 2 and mayor.statements == 4
    assert "Kowalczyk" in mayor.forms  # the article that gives only the surname
    assert not any(name.endswith("Kowalczyk") for name in found if name != "Irene Kowalczyk")
    said = crossref.statements_by(store, "Ms Kowalczyk")
    assert [s.article_id for s in said] == [ids["ferries"]] * 2 + [ids["costs"]] * 2
    assert "We will not cut corners," in [s.content for s in said]


def test_statements_come_in_date_order_and_filter_by_kind(
    library: tuple[Store, dict[str, str]],
) -> None:
    store, ids = library
    said = crossref.statements_by(store, "Tomasz Brandt")
    assert [s.published for s in said] == sorted(s.published for s in said)
    assert {s.article_id for s in said} == {ids["costs"], ids["inquiry"]}
    direct = crossref.statements_by(store, "Brandt", "direct")
    assert [s.content for s in direct] == ["Voters deserve the truth,"]
    reported = crossref.statements_by(store, "Brandt", "reported")
    assert "an inquiry was needed" in [s.content for s in reported]
    assert len(direct) + len(reported) == len(said)
    text = store.article(ids["inquiry"])
    assert text is not None
    first = direct[0]
    assert text.text[first.start : first.end] == first.content  # opens at its sentence


def test_two_people_with_one_surname_stay_apart_until_the_analyst_joins_them(
    library: tuple[Store, dict[str, str]],
) -> None:
    store, ids = library
    names = {source.name for source in crossref.sources(store)}
    assert {"Jan Vos", "Johannes Vos"} <= names
    assert crossref.statements_by(store, "Vos") == []  # fits two people: no guess
    assert crossref.directory(store).matches("Vos") == ["jan vos", "johannes vos"]
    correct_rename(
        store, ids["inquiry"], analysis(store, ids["inquiry"]), "Johannes Vos", "Jan Vos"
    )
    said = crossref.statements_by(store, "Jan Vos")
    assert {s.article_id for s in said} == {ids["docks"], ids["inquiry"]}
    assert "Johannes Vos" not in {source.name for source in crossref.sources(store)}


def test_a_corrected_speaker_moves_the_statement_to_the_right_source(
    library: tuple[Store, dict[str, str]],
) -> None:
    store, ids = library
    quote = "We are with Brandt"
    assert quote not in " ".join(s.content for s in crossref.statements_by(store, "Brandt"))
    correction = correct_speaker(
        store, ids["inquiry"], analysis(store, ids["inquiry"]), quote, "Tomasz Brandt"
    )
    moved = [s for s in crossref.statements_by(store, "Brandt") if quote in s.content]
    assert len(moved) == 1 and moved[0].corrected
    store.delete_correction(correction.id)  # undone: the statement goes back
    assert not [s for s in crossref.statements_by(store, "Brandt") if quote in s.content]


def cached(store: Store, article: Article) -> Analysis:
    found = store.latest_analysis(article)
    assert found is not None
    return found


def analysis(store: Store, article_id: str) -> Analysis:
    article = store.article(article_id)
    assert article is not None
    return cached(store, article)


def test_every_amount_and_figure_with_its_article_value_unit_and_speaker(
    library: tuple[Store, dict[str, str]],
) -> None:
    store, ids = library
    found = crossref.amounts(store)
    by_text = {(a.article_id, a.text): a for a in found}
    deal = by_text[(ids["ferries"], "$48 million")]
    assert (deal.kind, deal.unit, deal.low, deal.high) == ("money", "USD", 48e6, 48e6)
    assert deal.sentence == "The deal is worth $48 million."
    cost = by_text[(ids["costs"], "$52 million")]
    assert cost.speaker == "Kowalczyk"
    fares = by_text[(ids["ferries"], "3%")]
    assert (fares.kind, fares.unit, fares.low) == ("figure", "percent", 3.0)
    assert [a.published for a in found] == sorted(a.published for a in found)
    assert {a.article_id for a in crossref.amounts(store, [ids["costs"]])} == {ids["costs"]}


def test_search_finds_a_word_only_in_the_text_and_a_note_and_where_they_are(
    library: tuple[Store, dict[str, str]],
) -> None:
    store, ids = library
    hits = library_search.search(store, "cleanest fleet")
    assert [(h.article_id, h.where) for h in hits] == [(ids["ferries"], "text")]
    article = store.article(ids["ferries"])
    assert article is not None
    assert article.text[hits[0].start : hits[0].end] == "cleanest fleet"
    note = store.add_note(ids["docks"], 0, 26, "ask the union about the quayside")
    hits = library_search.search(store, "QUAYSIDE")
    assert [(h.where, h.note_id, h.start) for h in hits] == [("note", note.id, 0)]
    assert library_search.search(store, "hovercraft") == []
    assert [a.id for a in store.search("misled")] == [ids["costs"]]  # the Library's search too


def test_what_changed_between_versions_of_an_article(tmp_path: Path, analyzer: Analyzer) -> None:
    store = Store.open(tmp_path / "data")
    first = FERRIES
    second = (
        FERRIES.replace("the cleanest fleet we have ever had", "by far the cleanest fleet yet")
        .replace("$48 million", "$51 million")
        .replace("3% next year.", '3% next year. "Nobody pays more than before," Kowalczyk said.')
    )
    article_id = store_article(store, analyzer, first, "ferries")
    store_article(store, analyzer, second, "ferries")  # reloaded from the same file
    summary = store.article_summary(article_id)
    assert summary is not None and summary.version_count == 1
    (comparison,) = article_changes(store, article_id, lambda a: cached(store, a))
    kinds = {(c.kind, c.fact, c.before, c.after) for c in comparison.changes}
    assert (
        "reworded",
        "statement",
        "This is the cleanest fleet we have ever had,",
        "This is by far the cleanest fleet yet,",
    ) in kinds
    assert ("revised", "money", "US$48 million", "US$51 million") in kinds
    assert ("added", "statement", "", "Nobody pays more than before,") in kinds
    assert not [c for c in comparison.changes if c.kind == "removed"]
    revised = next(c for c in comparison.changes if c.kind == "revised")
    assert second[revised.start : revised.end] == "$51 million"  # opens at its place


def test_a_dossier_has_every_statement_its_article_and_notes_and_keeps_the_users_text(
    library: tuple[Store, dict[str, str]], tmp_path: Path
) -> None:
    store, ids = library
    store.add_note(ids["costs"], 60, 90, "Check against the budget papers")
    path = tmp_path / "kowalczyk.md"
    assert export_dossier(store, "Kowalczyk", path).statements == 4
    first = path.read_text(encoding="utf-8")
    assert 'name: "Irene Kowalczyk"' in first and "statements: 4" in first
    assert first.index("Harbour council approves ferry deal") < first.index("Ferry costs climb")
    assert "> We will not cut corners," in first
    assert "Note: Check against the budget papers" in first
    assert "file:///news/costs.txt" in first and f"^s-{ids['costs'][:8]}-" in first
    path.write_text(first + "\nMy own conclusions.\n", encoding="utf-8")
    export_dossier(store, "Kowalczyk", path)
    assert path.read_text(encoding="utf-8").endswith(END_MARK + "\n\nMy own conclusions.\n")


def test_command_line_import_analyses_and_the_views_across_articles(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = str(tmp_path / "data")
    paths = []
    for name, text in (("ferries", FERRIES), ("costs", COSTS), ("docks", DOCKS)):
        path = tmp_path / f"{name}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    assert main(["import", "--no-analysis", *paths[2:], "--data-dir", data]) == 0
    assert main(["import", *paths[:2], "--data-dir", data]) == 0
    out, err = capsys.readouterr()
    assert "analysing 1/2: Harbour council approves ferry deal" in err
    assert main(["who", "--data-dir", data]) == 0
    out, err = capsys.readouterr()
    assert "1 stored article(s) not analysed yet" in err and "Jan Vos" not in out
    assert main(["import", "--data-dir", data]) == 0  # the stored one left waiting
    capsys.readouterr()
    assert main(["who", "Kowalczyk", "--format", "json", "--data-dir", data]) == 0
    said = json.loads(capsys.readouterr().out)
    assert len(said) == 4
    assert {"article_id", "title", "kind", "content", "start", "end", "cue"} <= set(said[0])
    assert main(["figures", "--all", "--format", "csv", "--data-dir", data]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert ("$48 million", "USD", "48000000.0", "") in {
        (r["text"], r["unit"], r["low"], r["speaker"]) for r in rows
    }
    assert main(["search", "cleanest", "--data-dir", data]) == 0
    assert "Harbour council approves ferry deal" in capsys.readouterr().out
    assert main(["who", "Nobody Atall", "--data-dir", data]) == 1
    assert "no statement by 'Nobody Atall'" in capsys.readouterr().err


def test_a_published_date_shows_its_day_or_as_the_article_gives_it() -> None:
    assert published_day("2026-03-05T10:00:00+00:00") == "2026-03-05"
    assert published_day("2026-03-05T10:00Z") == published_day("2026-03-05") == "2026-03-05"
    assert published_day("5 March 2026") == "5 March 2026"  # not "5 March 20"
    assert published_day("2026-03-05, updated") == "2026-03-05, updated"
    assert published_day(None) == published_day("  ") == "undated"
    assert published_day(None, "") == ""  # a table's empty cell


def test_who_and_the_dossier_show_dates_quote_only_quoted_words_and_name_an_ambiguity(
    tmp_path: Path, analyzer: Analyzer, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    store = Store.open(data)
    ids = {
        "costs": store_article(store, analyzer, COSTS, "costs", "2026-03-02T10:00:00+00:00"),
        "inquiry": store_article(store, analyzer, INQUIRY, "inquiry", "5 March 2026"),
        "docks": store_article(store, analyzer, DOCKS, "docks"),
    }
    dossier = dossier_markdown(store, "Brandt").markdown
    assert "## 2026-03-02 · Ferry costs climb" in dossier
    assert "## 5 March 2026 · Brandt calls for inquiry" in dossier
    ambiguous = "'Vos' is ambiguous: Jan Vos, Johannes Vos"
    assert crossref.no_statements(store, "Vos") == ambiguous
    with pytest.raises(ExportError) as refused:
        dossier_markdown(store, "Vos")
    assert str(refused.value) == ambiguous
    store.close()
    capsys.readouterr()
    assert main(["who", "Brandt", "--data-dir", str(data)]) == 0
    out = capsys.readouterr().out
    assert f"2026-03-02\t{ids['costs']}\tFerry costs climb" in out
    assert f"5 March 2026\t{ids['inquiry']}\tBrandt calls for inquiry" in out
    assert "Tomasz Brandt (said): “Voters deserve the truth,”" in out  # his own words
    assert "Tomasz Brandt (said): an inquiry was needed\n" in out  # reported: no marks
    assert "“an inquiry was needed”" not in out
    for command in (["who", "Vos"], ["dossier", "Vos", "-o", str(tmp_path / "vos.md")]):
        assert main([*command, "--data-dir", str(data)]) == 1
        assert capsys.readouterr().err == f"factreader: {ambiguous}\n", command
    assert not (tmp_path / "vos.md").exists()
    assert (
        main(["dossier", "Nobody Atall", "-o", str(tmp_path / "n.md"), "--data-dir", str(data)])
        == 1
    )
    assert "no statement by 'Nobody Atall' in the library" in capsys.readouterr().err


def test_a_store_from_before_the_index_is_upgraded_and_its_text_searchable(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    old = sqlite3.connect(folder / STORE_FILE)
    for statements in MIGRATIONS[:6]:
        for statement in statements:
            old.execute(statement)
    old.execute("PRAGMA user_version = 6")
    article = article_from_text(INQUIRY, source="/news/inquiry.txt")
    old.execute(
        "INSERT INTO articles (id, content_id, title, source, text, added, last_opened) "
        "VALUES (?, ?, ?, ?, ?, '2026-01-01', '2026-01-01')",
        (article.id, article.id, article.title, article.source, article.text),
    )
    old.execute(
        "INSERT INTO search (article_id, note_id, title, body) VALUES (?, NULL, ?, '')",
        (article.id, article.title),
    )
    old.commit()
    old.close()
    store = Store.open(folder)
    assert [h.article_id for h in library_search.search(store, "deserve the truth")] == [article.id]
    assert crossref.waiting_articles(store) == [article.id]  # no analysis yet: not in the index


def test_a_correction_undone_and_another_made_in_its_place_is_what_the_index_shows(
    library: tuple[Store, dict[str, str]],
) -> None:
    store, ids = library
    quote = "We are with Brandt"
    first = correct_speaker(
        store, ids["inquiry"], analysis(store, ids["inquiry"]), quote, "Tomasz Brandt"
    )
    assert [s for s in crossref.statements_by(store, "Brandt") if quote in s.content]
    store.delete_correction(first.id)
    correct_speaker(store, ids["inquiry"], analysis(store, ids["inquiry"]), quote, "Jan Vos")
    assert not [s for s in crossref.statements_by(store, "Brandt") if quote in s.content]
    assert [s for s in crossref.statements_by(store, "Jan Vos") if quote in s.content]


def test_a_new_text_takes_its_old_rows_out_until_it_is_analysed(
    library: tuple[Store, dict[str, str]],
) -> None:
    store, ids = library
    assert crossref.statements_by(store, "Tomasz Brandt")
    changed = "Late update\n\nA new first paragraph pushes everything down.\n\n" + COSTS
    store.add_article(article_from_text(changed, source="/news/costs.txt"))  # not analysed
    said = crossref.statements_by(store, "Tomasz Brandt")
    assert ids["costs"] not in {s.article_id for s in said}  # its offsets were into the old text
    assert ids["costs"] in crossref.waiting_articles(store)
    article = store.article(ids["inquiry"])
    assert article is not None
    assert all(article.text[s.start : s.end] == s.content for s in said)


def test_names_keep_their_letters_lose_titles_and_accents() -> None:
    assert crossref.name_key("Sen. Élise Dupont Jr.") == "elise dupont"
    assert crossref.name_key("Mayor Kowalczyk") == "kowalczyk"
    assert crossref.name_key("Владимир Путин") == "владимир путин"
    assert crossref.name_key("习近平") == "习近平"
    assert crossref.name_key("The Harbour Trust", "ORG") == "harbour trust"


def test_a_company_named_like_a_persons_surname_stays_a_company(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "data")
    for number, (name, label) in enumerate((("Harrison Lund", "PERSON"), ("Lund", "ORG"))):
        article = store.add_article(article_from_text(f"Story {number}\n\n{name} text."))
        store.connection.execute(
            "INSERT INTO mentions VALUES (?, ?, ?, ?, 1, 0)",
            (article.id, name, crossref.name_key(name, label), label),
        )
    found = {(s.name, s.label) for s in crossref.sources(store)}
    assert found == {("Harrison Lund", "person"), ("Lund", "organisation")}


def test_an_analysis_this_version_cannot_read_is_made_again(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "data")
    article = article_from_text(INQUIRY, source="/news/inquiry.txt")
    article_id = store.add_article(article).id
    with store.transaction() as db:  # as a later version's cache layout would look to this one
        db.execute(
            "INSERT INTO analyses VALUES (?, 'some-model', ?, ?, '2026-01-01')",
            (article.id, schema.PIPELINE_VERSION, b"\x00a layout from elsewhere"),
        )
    assert crossref.waiting_articles(store) == []
    crossref.refresh(store)
    assert crossref.waiting_articles(store) == [article_id]


def test_the_articles_waiting_for_analysis_can_be_only_the_short_ones(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "data")
    short = store.add_article(article_from_text(INQUIRY, source="/news/inquiry.txt")).id
    long = store.add_article(article_from_text(INQUIRY * 40, source="/news/long.txt")).id
    assert crossref.waiting_articles(store) == [short, long]
    assert crossref.waiting_articles(store, max_chars=len(INQUIRY) + 10) == [short]


def test_amounts_and_figures_keep_their_qualifier_in_the_index_and_the_csv(
    tmp_path: Path, analyzer: Analyzer
) -> None:
    store = Store.open(tmp_path / "data")
    text = (
        "Harbour grants\n\n"
        "The council will pay up to £820,000 for the new pier. "
        "Traffic on the ferries rose by more than 40% last year."
    )
    article_id = store_article(store, analyzer, text, "grants", "2026-03-05")
    found = {a.text: a for a in crossref.amounts(store, [article_id])}
    assert found["£820,000"].qualifier == "up to"
    assert found["40%"].qualifier == "more than"
    rows = list(csv.DictReader(io.StringIO(crossref.amounts_csv(found.values()))))
    assert {row["text"]: row["qualifier"] for row in rows} == {
        "£820,000": "up to",
        "40%": "more than",
    }
    store.close()


def test_a_store_of_an_earlier_version_copies_its_index_again_with_qualifiers_and_guesses(
    tmp_path: Path, analyzer: Analyzer
) -> None:
    store = Store.open(tmp_path / "data")
    text = (
        "Harbour grants\n\nThe council will pay up to £820,000 for the new pier, Mayor Ana "
        "Ruiz said on Monday. She said the pier would open in May."
    )
    article_id = store_article(store, analyzer, text, "grants", "2026-03-05")
    store.close()
    as_older_store(tmp_path / "data" / STORE_FILE, len(MIGRATIONS) - 2)  # before qualifiers
    store = Store.open(tmp_path / "data")
    crossref.refresh(store)
    assert [a.qualifier for a in crossref.amounts(store, [article_id])] == ["up to"]
    said = crossref.statements_by(store, "Ana Ruiz")
    assert [s.needs_review for s in said] == [False, True]
    assert said[1].review_reason.startswith("from the pronoun “She”")
    store.close()
