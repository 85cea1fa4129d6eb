"""What a note rests on: its evidence type, derived from the note's curated citations.

One pure function (`note_evidence`) over Citation objects already fetched; no queries. A note
citing several things is typed by the strongest evidence it gives, in the order of `Evidence`:
an archival original the author saw, then one known second-hand (“Cited in”), a published
edition of documents, secondary literature, the quoted document's own note, an aside.
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import Citation, Unit


@dataclass(frozen=True)
class Evidence:
    key: str  # a CSS-safe name, also the reader's ?only= value
    symbol: str  # the visible mark after the note number
    label: str  # what a screen reader hears and the legend says


ARCHIVAL = Evidence("archival", "A", "archival original")
SECOND_HAND = Evidence("second-hand", "C", "archival, cited second-hand")
EDITION = Evidence("edition", "D", "published documents")
SECONDARY = Evidence("secondary", "L", "secondary literature")
QUOTED_NOTE = Evidence("quoted-note", "Q", "note of the quoted document")
EXPLANATORY = Evidence("explanatory", "N", "explanatory note")

# Strongest first: a note is typed by the first of these any of its citations gives.
ORDER = (ARCHIVAL, SECOND_HAND, EDITION, SECONDARY, QUOTED_NOTE, EXPLANATORY)


def citation_evidence(citation: Citation, earlier: dict | None = None) -> Evidence | None:
    """The evidence one citation gives. `earlier` maps citation pk → citation (the document's
    citations), so that Ibid. is typed as what it repeats without a query."""
    kind = citation.kind
    if kind == Citation.Kind.IBID:
        target = (earlier or {}).get(citation.ibid_of_id)
        if target is None and Citation.ibid_of.is_cached(citation):
            target = citation.ibid_of  # fetched with it (citations.reader.NOTE_RELATED)
        if target is None or target.kind == Citation.Kind.IBID:
            return None
        return citation_evidence(target, earlier)
    if kind == Citation.Kind.EXPLANATORY:
        return EXPLANATORY
    if kind == Citation.Kind.QUOTED_NOTE:
        return QUOTED_NOTE
    if kind == Citation.Kind.ARCHIVAL:
        if citation.cited_in_id:
            return SECOND_HAND
        if citation.source_id and (
            not citation.archival_file_id or citation.pinpoint_unit == Unit.PAGE
        ):
            # An archival document cited by a page of its published text (note 52: “p. 12” of
            # the CWIHP Bulletin's translation, not a leaf of the file).
            return _source_evidence(citation.source)
        return ARCHIVAL
    # Published: a document cited from a publication, or a work that is an edition of documents.
    if citation.archival_document_id:
        return EDITION
    return _source_evidence(citation.source) if citation.source_id else SECONDARY


def _source_evidence(source) -> Evidence:
    return EDITION if source.is_documents_edition else SECONDARY


def note_evidence(citations, earlier: dict | None = None) -> Evidence | None:
    """The strongest evidence among a note's citations; None for a note with none curated."""
    found = {citation_evidence(citation, earlier) for citation in citations}
    return next((evidence for evidence in ORDER if evidence in found), None)
