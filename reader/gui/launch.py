"""Start the window, after checking that Qt's system libraries are there.

Qt aborts the whole process when its platform plugin cannot load (no exception to catch), so on
Linux the plugin's shared libraries are checked first, and each missing one is named with the
Debian package that provides it.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from reader.core.service import WorkerProcess

# Everything the xcb and offscreen platform plugins need beyond a minimal Debian or Ubuntu.
QT_DEBIAN_PACKAGES = (
    "libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libxcb-cursor0 "
    "libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-shape0 libxcb-randr0 "
    "libxcb-xkb1 libx11-xcb1"
)
APT_LINE = f"sudo apt-get install -y {QT_DEBIAN_PACKAGES}"


def debian_package(soname: str) -> str:
    """libxcb-icccm.so.4 → libxcb-icccm4, libxkbcommon-x11.so.0 → libxkbcommon-x11-0."""
    match = re.match(r"(lib[\w.+-]+?)\.so\.(\d+)", soname)
    if not match:
        return soname
    name, version = match.group(1).lower(), match.group(2)
    return f"{name}-{version}" if name[-1].isdigit() else f"{name}{version}"


def missing_qt_libraries(platform: str) -> list[str]:
    """Shared libraries the platform plugin cannot find, as ldd reports them."""
    if not sys.platform.startswith("linux") or shutil.which("ldd") is None:
        return []
    import PySide6

    plugin = Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms" / f"libq{platform}.so"
    if not plugin.exists():
        return []
    try:
        report = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return []
    return sorted(set(re.findall(r"^\s*(\S+) => not found", report.stdout, re.MULTILINE)))


def launch(args: argparse.Namespace) -> int:
    platform = os.environ.get("QT_QPA_PLATFORM") or ("xcb" if os.environ.get("DISPLAY") else "")
    missing = missing_qt_libraries(platform.split(":")[0]) if platform else []
    if missing:
        packages = " ".join(dict.fromkeys(debian_package(name) for name in missing))
        print(
            f"factreader: the window needs system libraries that are missing: {', '.join(missing)}."
            f"\nOn Debian or Ubuntu: sudo apt-get install -y {packages}",
            file=sys.stderr,
        )
        return 1
    # The analysis process starts first: importing spaCy and loading its model take about two
    # seconds, which then overlap importing Qt and building the window instead of following.
    worker = WorkerProcess(getattr(args, "model", None))
    try:
        from reader.gui.app import run
    except ImportError as error:
        worker.stop()
        print(f"factreader: Qt cannot start: {error}.\nInstall: {APT_LINE}", file=sys.stderr)
        return 1
    return run(args, worker)
