"""The window: a thin Qt layer over ``reader.core``."""
