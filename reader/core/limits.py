"""How far each attribution rule may reach, in one place: distances in characters of the
article and sizes in words. Change one here and measure every development set."""

from __future__ import annotations

# How far back "the company" or "the minister" may reach for the one the text is about.
SALIENCE_WINDOW = 20_000

# "A leading economist says ... '...,' says Ana Ruiz": how far the naming may follow.
INTRODUCTION_REACH_CHARS = 300

# "an all-party committee ... the Select Committee": how far ahead a description may look.
DESCRIPTION_LOOKAHEAD_CHARS = 3_000

# A noun-phrase object shorter than this is a topic ("noted the rule"), not what was said.
MIN_NOMINAL_CONTENT_WORDS = 3

# How far after a closing mark a cue may stand when the parser ended the sentence at the mark.
CUE_AFTER_MAX_CHARS = 80

# '..." she continued.': a lead-in verb this close after the closing mark is a cue too.
LEAD_IN_MAX_GAP = 30

# "he said" right after an attribution is its speaker, within this many characters.
PRONOUN_CONTINUITY_CHARS = 400

# How many steps up the parse from a quotation's first word its governing cue may be.
GOVERNOR_MAX_STEPS = 4

# A follow-on quotation starts at most this many characters after the attribution before it.
FOLLOW_ON_MAX_GAP = 300

# Headlines: at most this many words, and a source of at most this many.
HEADLINE_MAX_WORDS = 25
HEADLINE_MAX_SPEAKER_WORDS = 6

# Speech: a quotation of at least this many words, or of SENTENCE_QUOTE_MIN_WORDS ending like a
# sentence ("Neither do I."), is someone's words; shorter ones are scare quotes or titles.
SPEECH_MIN_WORDS = 6
SENTENCE_QUOTE_MIN_WORDS = 3

# '"X," said Berg, pointing at the cranes. "Y."': a second quotation this close after the cue
# continues the first, when only the rest of the cue's sentence stands between them.
SPLIT_QUOTE_MAX_GAP = 200

# How far back a name may stand for "he", "she" or a cue's missing subject.
RECENT_MENTION_CHARS = 1_500

# "It said": the earlier attribution "it" may refer to, at most this far back.
RECENT_SPEAKER_CHARS = 1_200

# "said X, adding that Y": how far before a cue an item that may contain it can start.
COORDINATION_REACH_CHARS = 2_000
