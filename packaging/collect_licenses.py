"""Copy the licence texts of everything in a built bundle to BUNDLE/licenses (packaging/build.sh).

    python packaging/collect_licenses.py dist/factreader

Run with the environment the bundle was built from: its installed packages' metadata is read
(reader/core/licenses.py), and the bundle-only parts are added: the Python interpreter,
PyInstaller's bootloader, and the system libraries PyInstaller copied from the build machine
(found with dpkg on Debian), which are in the bundle but are not dependencies of the factreader
distribution. A frozen ``factreader licenses`` and Help → About read BUNDLE/licenses/index.json.
"""

from __future__ import annotations

import platform
import shutil
import subprocess
import sys
import sysconfig
from collections import defaultdict
from importlib import metadata
from pathlib import Path

from reader.core.licenses import (
    FOLDER,
    Component,
    LicenceText,
    collect,
    installed_components,
    licence_files,
)


def python_component() -> Component:
    """The interpreter and standard library: libpython and _internal/base_library.zip."""
    version = platform.python_version()
    short = ".".join(version.split(".")[:2])
    candidates = [
        Path(sysconfig.get_paths()["stdlib"]) / "LICENSE.txt",
        Path(f"/usr/share/doc/python{short}/copyright"),  # Debian drops LICENSE.txt
    ]
    found = next((p for p in candidates if p.is_file()), None)
    if found is None:
        raise SystemExit(f"collect_licenses: no licence text of Python {version} in {candidates}")
    note = (
        f"The Python interpreter (_internal/libpython{short}.so.1.0) and standard library inside "
        "the bundle. The text also gives the licences of the third-party code Python includes."
    )
    return Component("Python", version, "PSF-2.0", (LicenceText(found.name, found),), note)


def bootloader_component() -> Component:
    """The program's executable is PyInstaller's bootloader."""
    distribution = metadata.distribution("pyinstaller")
    note = (
        "The bundle's executable is PyInstaller's bootloader, whose licence's exception allows "
        "distributing it with any program. The rest of PyInstaller is not in the bundle."
    )
    return Component(
        "PyInstaller-bootloader",
        distribution.version,
        "GPL-2.0-or-later WITH Bootloader-exception",
        licence_files(distribution),
        note,
    )


def system_components(internal: Path) -> list[Component]:
    """The shared libraries PyInstaller copied from the system into _internal, by the Debian
    package they come from, each with that package's copyright file."""
    if shutil.which("dpkg-query") is None:
        print("collect_licenses: no dpkg-query: system libraries not listed", file=sys.stderr)
        return []
    files: defaultdict[str, list[str]] = defaultdict(list)
    for path in sorted(internal.glob("*.so*")):
        # Symbolic links point into Python packages' folders; libpython is Python's.
        if path.is_symlink() or not path.is_file() or path.name.startswith("libpython"):
            continue
        found = _dpkg("-S", f"*/{path.name}")
        if not found:
            raise SystemExit(f"collect_licenses: which package {path.name} comes from is unknown")
        files[found.splitlines()[0].partition(":")[0]].append(path.name)
    return [_debian_component(package, names) for package, names in sorted(files.items())]


def _debian_component(package: str, names: list[str]) -> Component:
    copyright_file = Path("/usr/share/doc", package, "copyright").resolve()
    if not copyright_file.is_file():
        raise SystemExit(f"collect_licenses: {package} has no {copyright_file}")
    note = (
        f"A system library the bundle copied from the build machine's Debian package {package} "
        f"({', '.join('_internal/' + n for n in names)}). Its licences are those its Debian "
        "copyright file gives for the parts of its source the library is built from; as a "
        "separate shared library it can be replaced with a compatible build."
    )
    version = _dpkg("-W", "-f=${Version}", package)
    return Component(
        package,
        version,
        "LicenseRef-Debian-copyright",
        (LicenceText("copyright", copyright_file),),
        note,
    )


def _dpkg(*args: str) -> str:
    run = subprocess.run(["dpkg-query", *args], capture_output=True, text=True, check=False)
    return run.stdout.strip() if run.returncode == 0 else ""


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    found = installed_components()
    system = system_components(Path(argv[0]) / "_internal")
    items = [found[0], python_component(), bootloader_component(), *found[1:], *system]
    index = collect(Path(argv[0]) / FOLDER, items)
    print(f"collect_licenses: {len(items)} components' licences in {index.parent}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
