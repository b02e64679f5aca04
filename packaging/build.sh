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
# Steps: install the project with its "bundle" extra (PyInstaller) into the environment, render
# the icon's PNG sizes from its SVG into build/icons, run PyInstaller with
# packaging/factreader.spec, then add the desktop entry, the AppStream metainfo and the icons
# under dist/factreader/share/ (the layout of ~/.local/share), validating the two files with
# packaging/check_desktop_files.sh when desktop-file-validate and appstreamcli are installed.
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

# Editable, so that reusing the development environment keeps it pointing at this checkout.
log "installing .[bundle]"
"$PY" -m pip install --quiet --disable-pip-version-check -e "$ROOT[bundle]"

log "rendering icons"
rm -rf "$BUILD/icons"
QT_QPA_PLATFORM=offscreen "$PY" "$ROOT/packaging/render_icons.py" \
  "$ROOT/resources/icons/$APP_ID.svg" "$BUILD/icons" "${SIZES[@]}" >/dev/null

# Expected warnings: user32/shell32/ole32 (Windows-only ctypes lookups) and libgtk-3/libgdk-3
# (Qt's GTK theme plugin, which factreader.spec leaves out of the bundle).
log "running PyInstaller"
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$DIST" --workpath "$BUILD/pyinstaller" "$ROOT/packaging/factreader.spec"

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
