"""Fact Reader: read news articles for facts, figures and sources."""

__version__ = "0.1.0"
