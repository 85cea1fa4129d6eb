"""Turn the text of a footnote into draft references: pure functions, no Django, no database.

A note may hold several references (``See A; B. See also C.``), archival ones (archive, fond,
opis, delo, papka, folios, and the document's title, kind, date, author and addressee),
published ones (CSL fields), ``Ibid.``, ``Cited in`` (an archival file found in a thesis) and
explanatory passages. The parser keeps each field's printed spelling beside its normalised
value (``AVPRF AVIPRF`` → ``AVPRF``, ``Ciphred telegram`` → ``ciphered telegram``).

It is a drafting aid for editors: where it is unsure it lowers ``confidence``, sets
``needs_review`` and says why in ``reasons``; it never guesses silently. The curated result for
a text lives in ``fixtures/citations/`` and is what the site shows.

    >>> [ref.kind for ref in parse_note("*Ibid.* Translation by the author.")]
    ['ibid']

The modules, by what they hold:

- ``notes``: a note cut into references; Ibid., Cited in, remarks, explanatory notes
- ``archives``: the archives cited and every spelling of their names
- ``addresses``: archival references: fond, opis, delo, papka, folios
- ``archival_documents``: the document a reference describes: title, kind, date, people
- ``published``: published works as CSL fields, and the pages cited
- ``repeats``: across notes: Ibid. and short forms matched with what they repeat
- ``dates``, ``names``, ``lead_ins``: dates, names and “See …” as the notes print them
- ``drafts``: the dataclasses handed back; ``fixture``: drafts as a curation file
"""

from .archival_documents import KINDS
from .archives import ARCHIVES, ArchiveName
from .dates import MONTHS
from .drafts import DocumentDraft, FileAddress, NoteDraft, Reference, SourceDraft
from .fixture import to_fixture
from .notes import parse_note, parse_notes
from .repeats import resolve

__all__ = [
    "ARCHIVES",
    "KINDS",
    "MONTHS",
    "ArchiveName",
    "DocumentDraft",
    "FileAddress",
    "NoteDraft",
    "Reference",
    "SourceDraft",
    "parse_note",
    "parse_notes",
    "resolve",
    "to_fixture",
]
