"""Every component Fact Reader distributes, its licence, and where that licence's text is.

The list is the runtime dependency closure of the ``factreader`` distribution (its requirements,
their requirements, and so on, with markers evaluated and extras left out), read from the
installed packages' metadata. A frozen bundle may lack that metadata, so the bundle build copies
the texts and an index beside the executable (``licenses/index.json``, written by ``collect``),
and a frozen Fact Reader reads those instead.

packaging/collect_licenses.py writes that folder when the bundle is built.
"""

from __future__ import annotations

import csv
import functools
import json
import re
import shutil
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from reader.core.errors import ModelError, ReaderError
from reader.core.nlp import MODEL_PREFERENCE, choose_model
from reader.core.resources import resource_path

PROGRAM = "factreader"
INDEX = "index.json"
FOLDER = "licenses"  # beside the bundle's executable
_INDEX_FORMAT = 1
_TEXT_NAME = re.compile(r"(LICEN[CS]E|COPYING|NOTICE)", re.IGNORECASE)

# Trove classifiers that name exactly one SPDX licence ("BSD License" does not: 2 or 3 clauses).
_CLASSIFIERS = {
    "MIT License": "MIT",
    "Apache Software License": "Apache-2.0",
    "Mozilla Public License 2.0 (MPL 2.0)": "MPL-2.0",
    "ISC License (ISCL)": "ISC",
    "Python Software Foundation License": "PSF-2.0",
    "The Unlicense (Unlicense)": "Unlicense",
}

_QT_NOTE = (
    "Offered under LGPL-3.0-only OR GPL-2.0-only OR GPL-3.0-only; Fact Reader uses it under "
    "LGPL-3.0-only. Qt and PySide6 are shared libraries loaded at run time (in the bundle: the "
    "folders _internal/PySide6 and _internal/shiboken6): you may replace them with your own "
    "compatible build of the same Qt and PySide6 version. Their source is at "
    "https://code.qt.io. The licences of the third-party code inside Qt are listed at "
    "https://doc.qt.io/qt-6/licenses-used-in-qt.html."
)
_SOURCE_NOTE = (
    "Pure Python, and the bundle ships it as Python source files (the folder _internal/{module}), "
    "not compiled into the program's archive: you may edit or replace them."
)


@dataclass(frozen=True)
class LicenceText:
    """One file of a component's licence texts; ``name`` is its path among them."""

    name: str
    path: Path


@dataclass(frozen=True)
class Component:
    """A distributed package: ``licence`` is the SPDX expression Fact Reader distributes it
    under, ``note`` what else a user should know (a choice made, how to replace it)."""

    name: str
    version: str
    licence: str
    texts: tuple[LicenceText, ...]
    note: str = ""

    @property
    def is_lgpl(self) -> bool:
        return "LGPL" in self.licence

    @property
    def folder(self) -> str:
        """Its folder among collected licences (a Debian version's epoch colon made safe)."""
        return re.sub(r"[^\w.+-]", "_", f"{self.name}-{self.version}")


@dataclass(frozen=True)
class Override:
    """What a package's metadata gets wrong or leaves out, checked against its licence text."""

    licence: str | None = None
    extra_texts: tuple[str, ...] = ()  # files of resources/licenses
    note: str = ""


# Python packages whose licence asks that a user can change them: the bundle keeps them as .py
# files (packaging/factreader.spec reads this), and their notes say so.
# (The MPL-2.0 of certifi and tqdm asks for their source to be available: the same serves.)
SOURCE_MODULES = {
    "nameparser": "nameparser",
    "num2words": "num2words",
    "tld": "tld",
    "certifi": "certifi",
    "tqdm": "tqdm",
}

OVERRIDES: dict[str, Override] = {
    # No licence file in the wheels, and an OR of three: the one used is named.
    "pyside6-essentials": Override(
        "LGPL-3.0-only", ("LGPL-3.0-only.txt", "GPL-3.0-only.txt"), _QT_NOTE
    ),
    "shiboken6": Override("LGPL-3.0-only", ("LGPL-3.0-only.txt", "GPL-3.0-only.txt"), _QT_NOTE),
    # Their files carry the MPL's notice, not its text.
    "certifi": Override(
        extra_texts=("MPL-2.0.txt",), note=_SOURCE_NOTE.format(module=SOURCE_MODULES["certifi"])
    ),
    "tqdm": Override(
        extra_texts=("MPL-2.0.txt",), note=_SOURCE_NOTE.format(module=SOURCE_MODULES["tqdm"])
    ),
    # "BSD" alone: the texts have three clauses (blis, Jinja2) or two (jusText).
    "blis": Override("BSD-3-Clause"),
    "jinja2": Override("BSD-3-Clause"),
    "justext": Override("BSD-2-Clause"),
    # "LGPL" alone: its COPYING is LGPL 2.1 and its source says "or any later version".
    "num2words": Override(
        "LGPL-2.1-or-later", note=_SOURCE_NOTE.format(module=SOURCE_MODULES["num2words"])
    ),
    # Its LICENSE is the LGPL's notice, without the licence's text.
    "nameparser": Override(
        extra_texts=("LGPL-2.1.txt",), note=_SOURCE_NOTE.format(module=SOURCE_MODULES["nameparser"])
    ),
    "tld": Override(
        "LGPL-2.1-or-later",
        note="Offered under MPL-1.1 OR GPL-2.0-only OR LGPL-2.1-or-later; Fact Reader uses it "
        "under LGPL-2.1-or-later. " + _SOURCE_NOTE.format(module=SOURCE_MODULES["tld"]),
    ),
    # "BSD-3-Clause, Apache-2.0, dependency licenses" is no SPDX expression.
    "pypdfium2": Override(
        "Apache-2.0 OR BSD-3-Clause",
        note="Its pdfium library is BSD-3-Clause and includes code under the licences in "
        "BUILD_LICENSES (FreeType, ICU, libjpeg-turbo, OpenJPEG, zlib and others); "
        "its documentation is CC-BY-4.0.",
    ),
    # MIT by its metadata and source, but the wheel has no licence text, only its authors.
    "names": Override(
        extra_texts=("MIT.txt",),
        note="The package ships no licence text: this is the MIT licence's standard text, and "
        "AUTHORS.rst names its copyright holders.",
    ),
}


def canonical_name(name: str) -> str:
    """The name as PyPI compares names (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _display(name: str) -> str:
    return re.sub(r"[_.]+", "-", name)


def runtime_closure(root: str = PROGRAM) -> list[metadata.Distribution]:
    """``root`` and every distribution its installed requirements need at run time."""
    from packaging.requirements import Requirement

    found: dict[str, metadata.Distribution] = {}
    waiting = [root]
    while waiting:
        name = waiting.pop()
        if canonical_name(name) in found:
            continue
        try:
            distribution = metadata.distribution(name)
        except metadata.PackageNotFoundError as error:
            raise ReaderError(f"{name} is required but not installed") from error
        found[canonical_name(name)] = distribution
        for line in distribution.requires or ():
            requirement = Requirement(line)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                waiting.append(requirement.name)
    return list(found.values())


def declared_licence(message: metadata.PackageMetadata) -> str | None:
    """The SPDX expression the metadata gives: License-Expression, else a License field that
    is one, else the classifiers that name one licence each."""
    expression = _field(message, "License-Expression")
    if expression:
        return expression
    field = (_field(message, "License") or "").strip()
    spdx = _spdx(field) if field and "\n" not in field else None
    if spdx:
        return spdx
    classifiers = [c for c in message.get_all("Classifier") or [] if c.startswith("License ::")]
    named = [_CLASSIFIERS.get(c.rpartition("::")[2].strip()) for c in classifiers]
    if not named or None in named:
        return None
    return " OR ".join(dict.fromkeys(n for n in named if n))


def _field(message: metadata.PackageMetadata, name: str) -> str | None:
    """A field's first value, or None (a missing key raises in newer Pythons)."""
    values = message.get_all(name)
    return str(values[0]) if values else None


def _spdx(text: str) -> str | None:
    from packaging.licenses import InvalidLicenseExpression, canonicalize_license_expression

    try:
        return str(canonicalize_license_expression(text))
    except InvalidLicenseExpression:
        return None


def licence_files(
    distribution: metadata.Distribution, message: metadata.PackageMetadata | None = None
) -> tuple[LicenceText, ...]:
    """The files of its dist-info ``licenses`` folder, and those its RECORD lists named
    LICENSE*, COPYING* or NOTICE*, each once (``message``: its metadata, if already read)."""
    texts: list[LicenceText] = []
    seen: set[bytes] = set()
    # RECORD read as text: importlib's Distribution.files makes a path of every line, 10x slower.
    for row in csv.reader((distribution.read_text("RECORD") or "").splitlines()):
        parts = tuple(row[0].split("/")) if row else ()
        info = next((i for i, p in enumerate(parts) if p.endswith(".dist-info")), None)
        in_licences = info is not None and parts[info + 1 : info + 2] == ("licenses",)
        if not parts or not (in_licences or _TEXT_NAME.match(parts[-1])):
            continue
        path = Path(str(distribution.locate_file(row[0]))).resolve()
        if not path.is_file() or (content := path.read_bytes()) in seen:
            continue
        seen.add(content)
        start = info + (2 if in_licences else 1) if info is not None else 0
        texts.append(LicenceText("/".join(parts[start:]), path))
    # The order its metadata names them in (pypdfium2's own licences before its dependencies').
    declared = (message or distribution.metadata).get_all("License-File") or []
    ranked = sorted(texts, key=lambda t: declared.index(t.name) if t.name in declared else 1e9)
    return tuple(ranked)


def component(distribution: metadata.Distribution) -> Component:
    """One installed distribution, its metadata corrected by ``OVERRIDES``."""
    message = distribution.metadata  # parsed anew at each access
    name = _display(_field(message, "Name") or "")
    override = OVERRIDES.get(canonical_name(name), Override())
    texts = licence_files(distribution, message)
    if canonical_name(name) == PROGRAM and not texts:  # an editable install made before LICENSE
        texts = _checkout_licence()
    texts += tuple(
        LicenceText(file, resource_path(f"{FOLDER}/{file}")) for file in override.extra_texts
    )
    note = override.note
    module = canonical_name(name).replace("-", "_")
    if module in MODEL_PREFERENCE:
        note = model_note(module)
    licence = override.licence or declared_licence(message) or "UNKNOWN"
    return Component(name, _field(message, "Version") or "", licence, texts, note)


def _checkout_licence() -> tuple[LicenceText, ...]:
    path = Path(__file__).resolve().parents[2] / "LICENSE"
    return (LicenceText("LICENSE", path),) if path.is_file() else ()


def _model_package() -> str:
    """The spaCy model package the analysis would load (none: a name that matches nothing)."""
    try:
        return choose_model()
    except ModelError:
        return "-"


@dataclass(frozen=True)
class ModelProvenance:
    """Where the spaCy model comes from: its meta.json's name, version, licence and sources."""

    package: str
    name: str
    version: str
    licence: str
    author: str
    summary: str  # its distribution's: says whose model a re-upload is
    sources: tuple[tuple[str, str], ...]  # (source, its licence)


def model_provenance(package: str | None = None) -> ModelProvenance | None:
    """The meta.json of the model package the analysis uses, without loading the model."""
    import importlib.util

    package = package or _model_package()
    try:
        spec = importlib.util.find_spec(package)
    except (ImportError, ValueError):
        return None
    if spec is None or spec.origin is None:
        return None
    try:
        meta = json.loads((Path(spec.origin).parent / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    sources = tuple(
        (str(s.get("name", "")), str(s.get("license", "")))
        for s in meta.get("sources", [])
        if isinstance(s, dict)
    )
    return ModelProvenance(
        package,
        f"{meta.get('lang', 'en')}_{meta.get('name', '')}",
        str(meta.get("version", "")),
        str(meta.get("license", "")),
        str(meta.get("author", "")),
        _summary(package),
        sources,
    )


def _summary(package: str) -> str:
    try:
        return _field(metadata.metadata(package), "Summary") or ""
    except metadata.PackageNotFoundError:
        return ""


def model_note(package: str) -> str:
    provenance = model_provenance(package)
    if provenance is None:
        return ""
    trained = "; ".join(f"{name} ({licence})" for name, licence in provenance.sources)
    return (
        f"The spaCy model {provenance.name} {provenance.version} by {provenance.author}, "
        f"licensed {provenance.licence} as its meta.json says. The licences of the data it was "
        f"trained on are in its meta.json and LICENSES_SOURCES: {trained}."
    )


def installed_components(root: str = PROGRAM) -> list[Component]:
    """The program first, then its dependencies by name."""
    found = [component(d) for d in runtime_closure(root)]
    program = [c for c in found if canonical_name(c.name) == canonical_name(root)]
    others = sorted(
        (c for c in found if canonical_name(c.name) != canonical_name(root)),
        key=lambda c: canonical_name(c.name),
    )
    return program + others


def bundle_folder() -> Path:
    """Where a frozen bundle keeps its collected licences: beside its executable."""
    return Path(sys.executable).resolve().parent / FOLDER


def components() -> list[Component]:
    """What this Fact Reader distributes: the bundle's index when frozen, else the metadata."""
    if getattr(sys, "frozen", False):
        return collected_components(bundle_folder())
    return list(_installed())


@functools.cache
def _installed() -> tuple[Component, ...]:
    """Read once: the installed packages do not change under a running program."""
    return tuple(installed_components())


def find(name: str, among: Iterable[Component]) -> Component | None:
    return next((c for c in among if canonical_name(c.name) == canonical_name(name)), None)


def licence_text(item: Component) -> str:
    """All its licence texts, each under its file name."""
    parts = []
    for text in item.texts:
        body = text.path.read_text(encoding="utf-8", errors="replace")
        parts.append(f"==> {text.name} <==\n{body.rstrip()}\n" if len(item.texts) > 1 else body)
    return "\n".join(parts)


def collect(destination: Path, items: Sequence[Component]) -> Path:
    """Copy every component's texts to ``destination/<name>-<version>/`` and write the index
    a frozen Fact Reader reads; returns the index's path."""
    if destination.exists():
        shutil.rmtree(destination)
    records = []
    for item in items:
        if not item.texts:
            raise ReaderError(f"{item.name} {item.version} has no licence text")
        names = []
        for text in item.texts:
            relative = f"{item.folder}/{text.name}"
            target = destination / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(text.path, target)
            names.append(relative)
        records.append(
            {
                "name": item.name,
                "version": item.version,
                "licence": item.licence,
                "texts": names,
                "note": item.note,
            }
        )
    index = destination / INDEX
    payload = {"format": _INDEX_FORMAT, "components": records}
    index.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return index


def collected_components(folder: Path) -> list[Component]:
    """The components of a folder ``collect`` wrote, their texts there."""
    try:
        payload = json.loads((folder / INDEX).read_text(encoding="utf-8"))
        return [
            Component(
                record["name"],
                record["version"],
                record["licence"],
                tuple(
                    LicenceText(name.partition("/")[2], folder / name) for name in record["texts"]
                ),
                record.get("note", ""),
            )
            for record in payload["components"]
        ]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise ReaderError(f"cannot read the licences in {folder}: {error}") from error


def as_json(items: Iterable[Component]) -> list[dict[str, object]]:
    return [
        {
            "name": c.name,
            "version": c.version,
            "licence": c.licence,
            "texts": [str(t.path) for t in c.texts],
            "note": c.note,
        }
        for c in items
    ]
