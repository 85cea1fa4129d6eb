"""Where the footnotes point: archives and their files, archival documents, published sources,
and citations (one reference inside one footnote).

Normalised values live in the fields; the note's own spelling of them ("AVPRF AVIPRF",
"Fond фонд 04311", "Ciphred telegram") is kept beside them in ``Citation.printed_fields``.

One module per idea: ``pinpoints`` (units of a cited range), ``archival`` (Archive,
ArchivalFile, ArchivalDocument), ``sources`` (Source), ``citation`` (Citation). Every name
is importable from ``citations.models`` as before (migrations name ``HttpsURLField`` there).
"""

from simple_history import register

from documents.curation.history import CurationHistory

from .archival import ArchivalDocument, ArchivalFile, Archive
from .citation import (
    Citation,
    CitationQuerySet,
    attach_repeated,
    citations_visible_to,
    citing_ids,
)
from .pinpoints import NO_UNIT, UNIT_WORDS, Unit, UnitWords, format_pinpoint, unit_words
from .sources import HttpsURLField, Source, csl_name

__all__ = [
    "NO_UNIT",
    "UNIT_WORDS",
    "ArchivalDocument",
    "ArchivalFile",
    "Archive",
    "Citation",
    "CitationQuerySet",
    "HttpsURLField",
    "Source",
    "Unit",
    "UnitWords",
    "attach_repeated",
    "citations_visible_to",
    "citing_ids",
    "csl_name",
    "format_pinpoint",
    "unit_words",
]


# History of every curated row, kept with the documents app's machinery so that a note and its
# citations are restored together (see documents.curation.history). Like the documents' rows,
# each carries a version that refuses a save made on a stale copy (the version is not history).
for _model in (Archive, ArchivalFile, ArchivalDocument, Source, Citation):
    register(_model, app="citations", records_class=CurationHistory, excluded_fields=["version"])
