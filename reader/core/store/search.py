"""Search terms for SQLite's full-text index."""

from __future__ import annotations


def fts_terms(words: str) -> str:
    """An FTS5 query for all the words, each quoted: the user's words are never query syntax
    ("NEAR", "-", "*" and quotes are text)."""
    return " ".join('"' + w.replace('"', '""') + '"' for w in words.split())
