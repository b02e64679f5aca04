"""Who said what: direct quotes, reported speech, "according to" and mixed forms.

Rules over spaCy's dependency parse, with quotation marks paired beforehand over the whole
article (quotes cross paragraphs, parses do not). Speakers are resolved to the fullest name in
the article through surnames, titles, pronouns and descriptions ("the company"), by
``reader.core.speakers``.

The rules are grouped by pattern family, one module each, because in one class they were more
than a reader can hold:

- ``quotations``: quotations and their cues: direct, split, signed, follow-on;
- ``reported``: reported speech around a cue word outside quotations: reporting verbs and
  nouns, "according to", "as Ruiz put it", a cue set off inside what was said;
- ``headline``: a headline that names its source;
- ``speaker_spans``: what the families share, and how a cue's subject becomes a speaker;
- ``finder``: ``AttributionFinder`` runs the families in order and resolves the speakers.

What the rules read in the parse are functions of spaCy tokens: ``subjects`` (who a cue's
subject is), ``cues`` (which cues report nothing) and ``content`` (where what was said starts
and ends). A name with a leading underscore is private to this package.
"""

from reader.core.attributions.finder import AttributionFinder, find_attributions
from reader.core.attributions.subjects import _subject

__all__ = ["AttributionFinder", "_subject", "find_attributions"]
