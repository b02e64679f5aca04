#!/usr/bin/env bash
# Check the desktop entry and the AppStream metainfo as a desktop and a software centre read them.
#
#   packaging/check_desktop_files.sh [DESKTOP_FILE METAINFO_FILE]
#
# Default: the two files in packaging/. build.sh checks its installed copies and CI the sources,
# with this one script, so that both apply the same rules:
# - desktop-file-validate exits 0 on warnings and hints, so anything it prints is a failure;
# - appstreamcli fails on an error or a warning; --pedantic shows hints too, which do not fail
#   (AppStream 0.16 calls the component ID's capitals a hint and does not know <developer>,
#   which AppStream 1.0 brought in place of <developer_name>).
# A validator that is not installed is named and skipped.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
APP_ID=io.github.factreader.FactReader
DESKTOP=${1:-$ROOT/packaging/$APP_ID.desktop}
METAINFO=${2:-$ROOT/packaging/$APP_ID.metainfo.xml}

say() { printf 'check_desktop_files.sh: %s\n' "$*" >&2; }
status=0

if command -v desktop-file-validate >/dev/null 2>&1; then
  if ! found=$(desktop-file-validate "$DESKTOP" 2>&1) || [ -n "$found" ]; then
    printf '%s\n' "$found" >&2
    say "$DESKTOP has problems"
    status=1
  fi
else
  say "desktop-file-validate not installed (Debian: desktop-file-utils); $DESKTOP not checked"
fi

if command -v appstreamcli >/dev/null 2>&1; then
  if ! appstreamcli validate --pedantic --no-net "$METAINFO" >&2; then
    say "$METAINFO has problems"
    status=1
  fi
else
  say "appstreamcli not installed (Debian: appstream); $METAINFO not checked"
fi

exit "$status"
