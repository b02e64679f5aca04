#!/usr/bin/env bash
# Build Fact Reader's one-folder Linux bundle in dist/factreader/ (run from any folder).
#
#   packaging/build.sh
#
# Environment:
#   FACTREADER_VENV  virtual environment to build with (default: .venv if it exists, else
#                    .venv-bundle, created with $PYTHON, default python3)
#   PYTHON           interpreter for a new virtual environment
#
# The environment must be CPython 3.11 (the lock's Python).
#
# Steps: install exactly the pins of packaging/requirements.lock (the runtime dependencies and
# PyInstaller, every file checked against its sha256), then the project itself without
# dependencies, so that two builds a week apart bundle the same packages; render
# the icon's PNG sizes from its SVG into build/icons, run PyInstaller with
# packaging/factreader.spec, collect the licence texts into dist/factreader/licenses, then add
# the desktop entry, the AppStream metainfo and the icons under dist/factreader/share/ (the
# layout of ~/.local/share), validating the two files with packaging/check_desktop_files.sh
# when desktop-file-validate and appstreamcli are installed.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

APP_ID=io.github.factreader.FactReader
SIZES=(16 32 48 64 128 256 512)
DIST="$ROOT/dist"
BUILD="$ROOT/build"
BUNDLE="$DIST/factreader"

log() { printf 'build.sh: %s\n' "$*" >&2; }

if [ -n "${FACTREADER_VENV:-}" ]; then
  VENV=$FACTREADER_VENV
elif [ -x "$ROOT/.venv/bin/python" ]; then
  VENV="$ROOT/.venv"
else
  VENV="$ROOT/.venv-bundle"
fi
if [ ! -x "$VENV/bin/python" ]; then
  log "creating $VENV"
  "${PYTHON:-python3}" -m venv "$VENV"
fi
PY="$VENV/bin/python"
log "using $("$PY" --version) in $VENV"

if ! "$PY" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
  log "packaging/requirements.lock is for Python 3.11; $VENV has $("$PY" --version)"
  log "use a 3.11 environment (FACTREADER_VENV, or PYTHON=python3.11 for a new one)"
  exit 1
fi

# Hash-checking mode refuses a requirement without a hash, so the project (editable, so that
# reusing the development environment keeps it pointing at this checkout) comes next, alone.
log "installing packaging/requirements.lock (hashes required)"
"$PY" -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps \
  -r "$ROOT/packaging/requirements.lock"
log "installing Fact Reader itself"
"$PY" -m pip install --quiet --disable-pip-version-check --no-deps -e "$ROOT"

# A reused environment may hold more (the test tools of .venv): PyInstaller bundles only what the
# app imports, but an optional import that finds one of them would take it in. Told, not fatal.
extra=$("$PY" - "$ROOT/packaging/requirements.lock" <<'PYCODE'
import re, sys
from importlib.metadata import distributions
norm = lambda name: re.sub(r"[-_.]+", "-", name).lower()
with open(sys.argv[1], encoding="utf-8") as lock:
    locked = {norm(m[1]) for m in re.finditer(r"^([A-Za-z0-9][\w.-]*)==", lock.read(), re.M)}
names = {norm(d.metadata["Name"]) for d in distributions()}
print(" ".join(sorted(names - locked - {"pip", "factreader"})))
PYCODE
)
if [ -n "$extra" ]; then
  log "note: $VENV also holds packages that are not in the lock: $extra"
fi

log "rendering icons"
rm -rf "$BUILD/icons"
QT_QPA_PLATFORM=offscreen "$PY" "$ROOT/packaging/render_icons.py" \
  "$ROOT/resources/icons/$APP_ID.svg" "$BUILD/icons" "${SIZES[@]}" >/dev/null

# Expected warnings: user32/shell32/ole32 (Windows-only ctypes lookups) and libgtk-3/libgdk-3
# (Qt's GTK theme plugin, which factreader.spec leaves out of the bundle).
log "running PyInstaller"
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$DIST" --workpath "$BUILD/pyinstaller" "$ROOT/packaging/factreader.spec"

# Every distributed component's licence texts and their index, which a frozen
# 'factreader licenses' and Help → About read (the bundle lacks most packages' metadata).
log "collecting the licences in $BUNDLE/licenses"
"$PY" "$ROOT/packaging/collect_licenses.py" "$BUNDLE"

log "adding the desktop files under $BUNDLE/share"
SHARE="$BUNDLE/share"
install -D -m 644 "$ROOT/packaging/$APP_ID.desktop" "$SHARE/applications/$APP_ID.desktop"
install -D -m 644 "$ROOT/packaging/$APP_ID.metainfo.xml" "$SHARE/metainfo/$APP_ID.metainfo.xml"
install -D -m 644 "$ROOT/resources/icons/$APP_ID.svg" "$SHARE/icons/hicolor/scalable/apps/$APP_ID.svg"
for size in "${SIZES[@]}"; do
  install -D -m 644 "$BUILD/icons/${size}x${size}/apps/$APP_ID.png" \
    "$SHARE/icons/hicolor/${size}x${size}/apps/$APP_ID.png"
done

"$ROOT/packaging/check_desktop_files.sh" "$SHARE/applications/$APP_ID.desktop" \
  "$SHARE/metainfo/$APP_ID.metainfo.xml"

log "checking that the bundle starts"
"$BUNDLE/factreader" --version
log "done: $BUNDLE ($(du -sh "$BUNDLE" | cut -f1))"
