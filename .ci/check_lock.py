"""packaging/requirements.lock still agrees with pyproject.toml, checked offline.

Usage, from the repository's root: ``python .ci/check_lock.py [--pyproject FILE] [--lock FILE]``.
Prints each problem and exits 1, or prints a one-line summary and exits 0. Fails when

- a runtime or "bundle" requirement of pyproject.toml that applies to CPython 3.11 on Linux
  x86_64 (the lock's platform) is not pinned in the lock, or pinned at a version it does not
  allow;
- a pin has no sha256 hash, or is not ``name==version``;
- a pin is stale: no requirement reaches it through the lock's own "# via" notes (a dependency
  dropped from pyproject.toml, and whatever only it brought in);
- the spaCy model's wheel hash in reader/core/provenance.py is not among the lock's hashes for
  that package and version;
- the linters of the test extra are not pinned to one version.

It reads only the two files (and reader/core/provenance.py), so new releases on PyPI never change
its answer. Needs ``packaging`` (pytest brings it; pip's vendored copy otherwise).
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

try:
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name
except ImportError:  # pragma: no cover - a bare interpreter with pip
    from pip._vendor.packaging.requirements import Requirement  # type: ignore[no-redef]
    from pip._vendor.packaging.utils import canonicalize_name  # type: ignore[no-redef]

ROOT = Path(__file__).resolve().parent.parent
LOCKED_EXTRAS = ("bundle",)
# Exactly pinned in the test extra, so that CI's format and type checks cannot change under us.
PINNED_TOOLS = ("ruff", "mypy")
# The platform the lock is made for (packaging/lock.sh): markers are evaluated there.
TARGET = {
    "python_version": "3.11",
    "python_full_version": "3.11.0",
    "implementation_name": "cpython",
    "implementation_version": "3.11.0",
    "platform_python_implementation": "CPython",
    "os_name": "posix",
    "sys_platform": "linux",
    "platform_system": "Linux",
    "platform_machine": "x86_64",
}
PROJECT_NOTE = re.compile(r"^factreader\b")
PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==(?P<version>[^\s;\\]+)")
HASH = re.compile(r"--hash=(?P<algorithm>\w+):(?P<digest>\S+)")


@dataclass
class Pin:
    name: str  # canonical
    version: str
    line: int
    hashes: list[str] = field(default_factory=list)  # "sha256:…"
    via: list[str] = field(default_factory=list)  # canonical names, or "factreader"


def read_lock(text: str) -> tuple[dict[str, Pin], list[str]]:
    """The lock's pins, and its lines that are not pins of the form this check understands."""
    pins: dict[str, Pin] = {}
    problems: list[str] = []
    current: Pin | None = None
    in_via = False
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        if raw.startswith("#"):  # the header
            current, in_via = None, False
            continue
        rest = raw.strip()
        if not raw[0].isspace():  # a requirement
            current, in_via = None, False
            match = PIN.match(raw)
            if match is None:
                problems.append(f"line {number}: not a name==version pin: {rest}")
                continue
            current = Pin(canonicalize_name(match["name"]), match["version"], number)
            if current.name in pins:
                problems.append(f"line {number}: {current.name} is pinned twice")
            pins[current.name] = current
            rest = raw[match.end() :].strip()
        if current is None:
            continue
        current.hashes += [f"{m['algorithm']}:{m['digest']}" for m in HASH.finditer(rest)]
        if rest.startswith("# via"):
            in_via, note = True, rest[len("# via") :].strip()
        elif rest.startswith("#") and in_via:
            note = rest[1:].strip()
        else:
            continue
        if note:
            current.via.append("factreader" if PROJECT_NOTE.match(note) else _name_of(note))
    return pins, problems


def _name_of(note: str) -> str:
    return canonicalize_name(note.split()[0])


def requirements(pyproject: dict[str, object]) -> list[tuple[Requirement, str]]:
    """The runtime and locked-extra requirements that apply on the lock's platform, each with
    where pyproject.toml lists it."""
    project = pyproject["project"]
    assert isinstance(project, dict)
    listed = [(text, "dependencies") for text in project.get("dependencies", [])]
    extras = project.get("optional-dependencies", {})
    for extra in LOCKED_EXTRAS:
        listed += [(text, f"the {extra} extra") for text in extras.get(extra, [])]
    applying = []
    for text, where in listed:
        requirement = Requirement(text)
        extra = where.split()[1] if where != "dependencies" else ""
        if requirement.marker is None or requirement.marker.evaluate({**TARGET, "extra": extra}):
            applying.append((requirement, where))
    return applying


def check(pyproject_path: Path, lock_path: Path) -> tuple[list[str], int]:
    """The problems found, and the number of pins."""
    pyproject = tomllib.loads(pyproject_path.read_text(encoding="utf-8"))
    pins, problems = read_lock(lock_path.read_text(encoding="utf-8"))
    roots = set()
    for requirement, where in requirements(pyproject):
        name = canonicalize_name(requirement.name)
        roots.add(name)
        pin = pins.get(name)
        if requirement.url:
            problems.append(f"{requirement} ({where}): a URL requirement cannot be locked by hash")
        elif pin is None:
            problems.append(f"{requirement} ({where}) is not pinned in {lock_path.name}")
        elif not requirement.specifier.contains(pin.version, prereleases=True):
            problems.append(
                f"{requirement} ({where}) does not allow the locked {pin.name}=={pin.version}"
            )
    for pin in pins.values():
        if not any(h.startswith("sha256:") and len(h) == 7 + 64 for h in pin.hashes):
            problems.append(f"{pin.name}=={pin.version} (line {pin.line}) has no sha256 hash")
    reached = reachable(pins, roots)
    for pin in sorted(pins.values(), key=lambda p: p.line):
        if pin.name not in reached:
            problems.append(
                f"{pin.name}=={pin.version} (line {pin.line}) is stale: no requirement of "
                "pyproject.toml reaches it"
            )
    problems += check_model_hash(pins)
    problems += check_pinned_tools(pyproject)
    return problems, len(pins)


def reachable(pins: dict[str, Pin], roots: set[str]) -> set[str]:
    """The pins that the requirements reach, following each pin's "# via" notes back up."""
    reached = {name for name in roots if name in pins}
    grew = True
    while grew:
        grew = False
        for pin in pins.values():
            if pin.name not in reached and any(parent in reached for parent in pin.via):
                reached.add(pin.name)
                grew = True
    return reached


def check_model_hash(pins: dict[str, Pin]) -> list[str]:
    sys.path.insert(0, str(ROOT))
    from reader.core import provenance

    name = canonicalize_name(provenance.REUPLOAD_DISTRIBUTION)
    pin = pins.get(name)
    if pin is None:
        return [f"{name} is not in the lock, but reader/core/provenance.py pins its wheel"]
    problems = []
    if pin.version != provenance.REUPLOAD_VERSION:
        problems.append(
            f"the lock pins {name}=={pin.version}; reader/core/provenance.py has "
            f"REUPLOAD_VERSION {provenance.REUPLOAD_VERSION!r}"
        )
    if f"sha256:{provenance.REUPLOAD_WHEEL_SHA256}" not in pin.hashes:
        problems.append(
            f"REUPLOAD_WHEEL_SHA256 in reader/core/provenance.py is not among the lock's hashes "
            f"for {name}=={pin.version}"
        )
    return problems


def check_pinned_tools(pyproject: dict[str, object]) -> list[str]:
    project = pyproject["project"]
    assert isinstance(project, dict)
    problems = []
    test_extra = [Requirement(text) for text in project.get("optional-dependencies", {})["test"]]
    for tool in PINNED_TOOLS:
        found = [r for r in test_extra if canonicalize_name(r.name) == tool]
        specs = [list(r.specifier) for r in found]
        if not (len(specs) == 1 and len(specs[0]) == 1 and specs[0][0].operator == "=="):
            problems.append(f"{tool} in the test extra is not pinned to one version (name==X)")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pyproject", type=Path, default=ROOT / "pyproject.toml")
    parser.add_argument("--lock", type=Path, default=ROOT / "packaging" / "requirements.lock")
    args = parser.parse_args(argv)
    problems, count = check(args.pyproject, args.lock)
    for problem in problems:
        print(f"check_lock: {problem}")
    if problems:
        print(
            f"check_lock: {len(problems)} problem(s); packaging/lock.sh regenerates the lock "
            "from pyproject.toml"
        )
        return 1
    print(
        f"check_lock: {count} pins, all hashed, none stale; they agree with {args.pyproject.name}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
