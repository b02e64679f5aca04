"""Replaces pyinstaller-hooks-contrib's hook for thinc, which also collects thinc.tests (and so
pytest, and hundreds of "not found" warnings once factreader.spec excludes them)."""

from PyInstaller.utils.hooks import collect_data_files, collect_submodules

hiddenimports = collect_submodules("thinc", filter=lambda name: ".tests" not in name)
datas = collect_data_files("thinc", excludes=["**/tests/**"])
