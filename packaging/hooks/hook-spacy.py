"""Replaces pyinstaller-hooks-contrib's hook for spacy, which also collects spacy.tests (and so
pytest, and hundreds of "not found" warnings once factreader.spec excludes them)."""

from PyInstaller.utils.hooks import collect_data_files, collect_submodules

hiddenimports = collect_submodules("spacy", filter=lambda name: ".tests" not in name)
datas = collect_data_files("spacy", excludes=["**/tests/**"])
