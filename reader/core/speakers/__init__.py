"""Who a speaker is: the fullest name the article gives for a speaker span, how it was found
(named, surname, title, pronoun, description, acronym, role) and how sure that is.

``SpeakerResolver`` answers every question the attribution finder asks about speakers, over one
index of the article's names. Its rules are grouped by family, one module each, because in one
class they were more than a reader can hold:

- ``mentions``: the index the families share: who is named where, outside quotations, in which
  sentence;
- ``pronouns``: who "he", "she", "it" and "they" are, and how sure that is;
- ``descriptions``: whom a description names: "the bank", "the foreign secretary", "a report";
- ``resolver``: ``SpeakerResolver``, the order the families are tried in, and names ("Ruiz",
  "Lord Vale", "a spokesman for the authority");
- ``confidence``: how sure each way of finding a speaker is, measured on the dev sets;
- ``found``: ``Found``, an attribution while it is being found.

A name with a leading underscore is private to this package.
"""

from reader.core.speakers.confidence import (
    PATTERN_CONFIDENCE,
    PRONOUN_CERTAINTY,
    RESOLUTION_CONFIDENCE,
    UNNAMED_DESCRIPTION_CONFIDENCE,
    names_someone_unresolved,
    speaker_confidence,
)
from reader.core.speakers.found import Found
from reader.core.speakers.resolver import SpeakerResolver, name_introduced_speakers

__all__ = [
    "PATTERN_CONFIDENCE",
    "PRONOUN_CERTAINTY",
    "RESOLUTION_CONFIDENCE",
    "UNNAMED_DESCRIPTION_CONFIDENCE",
    "Found",
    "SpeakerResolver",
    "name_introduced_speakers",
    "names_someone_unresolved",
    "speaker_confidence",
]
