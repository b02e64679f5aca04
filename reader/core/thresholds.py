"""Where the length of an article changes how it is handled, in one place: each a size in
characters, with the figure it was measured from. Beside limits.py, which holds the reach of the
analysis's rules; these change only when and where work is done, never what is found."""

from __future__ import annotations

# --- analysing ---------------------------------------------------------------------------------

# Long articles arrive part by part: a first screenful soon, then larger parts. On a
# 1M-character report the first part was on screen after 4.6 s, the whole in 47-50 s.
PROGRESSIVE_FROM_CHARS = 60_000
FIRST_SECTION_CHARS = 8_000
SECTION_CHARS = 60_000
# spaCy parses in two processes from here (with two cores): 1M characters were highlighted in
# 47-50 s instead of 63-69 s with one.
PARALLEL_FROM_CHARS = 150_000

# --- opening in the window ---------------------------------------------------------------------

# Indexing a text for search on the window's thread takes about 3 ms at this size; a longer one
# (0.15 s for 5 MB) is indexed by the cache writer's thread.
SEARCH_NOW_MAX_CHARS = 100_000
# Decoding a saved analysis on the window's thread takes about 35 ms at this size; a longer one's
# (1.6 s for a 5 MB article's) is decoded by the worker.
DECODE_HERE_MAX_CHARS = 100_000
# Longer stored articles are not analysed in the background: their analysis arrives as hundreds
# of thousands of records, and receiving them would hold the window while the reader does
# something else. They are analysed when opened.
BACKGROUND_MAX_CHARS = 200_000

# --- showing the text --------------------------------------------------------------------------

# A long text goes into the view by slices: under 20 ms of Qt's time per slice.
TEXT_SLICE_CHARS = 20_000
# Qt lays a long document out in the background in steps that grow to 200,000 characters; with
# text shaping such a step froze the window 75-105 ms on a 1M-character document, without it
# about 35 ms. Latin text only loses kerning and ligatures, so long documents give them up and
# articles keep them.
UNSHAPED_FROM_CHARS = 150_000
