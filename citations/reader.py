"""What the citations app adds to the documents app's reader and note pages (registered in
CitationsConfig.ready through documents.reader.extensions): each note's references as data,
“Cite this” for the document, and the metadata reference managers read."""

from __future__ import annotations

import json
from functools import lru_cache

from django.db.models import Prefetch

from documents.models import Document
from documents.reader.extensions import NoteMark, NotesExtension

from . import coins, evidence, exports, formatting
from .models import Citation
from .references import REFERENCE_RELATED, note_reference_lines, reference_queryset

# A note's citations with what they cite, what an Ibid. repeats (its note and what that
# cites) and where a short form was cited before (its note): what the note's page and an
# event's evidence show of them.
NOTE_RELATED = (
    *REFERENCE_RELATED,
    "ibid_of__footnote__document",
    *(f"ibid_of__{name}" for name in REFERENCE_RELATED),
    "short_form_of__footnote__document",
)


@lru_cache(maxsize=128)
def _formatted_styles(item_json: str, document: Document) -> list[dict]:
    return formatting.cite_this(document, json.loads(item_json).get("URL", ""))


def cite_styles(document: Document, url: str) -> list[dict]:
    """“Cite this” (Chicago, MLA): the CSL processor takes tens of milliseconds, so its output
    is kept, keyed on everything it reads (the document's CSL item), and an edited document is
    formatted afresh."""
    item = exports.document_item(document, url)
    return _formatted_styles(json.dumps(item, sort_keys=True), document)


class CitationsInNotes(NotesExtension):
    templates = {
        "reader_head": "citations/snippets/reader_head.html",
        "reader_header": "citations/snippets/reader_cite.html",
        "reader_paragraph": "citations/snippets/reader_paragraph_cite.html",
        "reader_notes": "citations/snippets/reader_notes_intro.html",
        "note_head": "citations/snippets/notes_head.html",
        "note_page": "citations/snippets/note_page_references.html",
        "event_evidence": "citations/snippets/event_evidence.html",
    }

    def reader_prefetches(self):
        # Each note's structured references, with what an Ibid. or a short form resolves to.
        return [
            Prefetch("footnotes__citations", queryset=reference_queryset(), to_attr="references")
        ]

    def note_marks(self, notes):
        # Each note's marker shows what the note rests on (citations/evidence.py).
        earlier = {citation.pk: citation for note in notes for citation in note.references}
        marks = {}
        for note in notes:
            found = evidence.note_evidence(note.references, earlier)
            if found is not None:
                marks[note.number] = NoteMark(found.key, found.symbol, found.label)
        return marks

    def mark_legend(self):
        return [NoteMark(item.key, item.symbol, item.label) for item in evidence.ORDER]

    def note_prefetches(self):
        # The notes of a note's page or an event's evidence are few, and what their Ibid. and
        # short forms repeat mostly in other notes: joined in, in the same query (17 tables;
        # every target of each twice more, as before, was 33: at 1,000 documents on
        # PostgreSQL 8 ms against 24 for a few notes, most of it planning).
        return [
            Prefetch(
                "citations",
                queryset=Citation.objects.select_related(*NOTE_RELATED).order_by("position"),
                to_attr="references",
            )
        ]

    def notes_context(self, notes):
        # What the notes behind an event's passages cite: the archival documents (and files
        # cited without a document), then the published works, each with the notes citing it.
        documents, files, works = {}, {}, {}
        for note in notes:
            for citation in note.references:
                target = citation.target
                if target.archival_document_id:
                    entry = documents.setdefault(target.archival_document_id, [target, []])
                elif target.archival_file_id:
                    entry = files.setdefault(target.archival_file_id, [target, []])
                elif target.source_id:
                    entry = works.setdefault(target.source_id, [target, []])
                else:
                    continue
                if note not in entry[1]:
                    entry[1].append(note)
        return {
            "evidence_documents": sorted(
                documents.values(), key=lambda item: item[0].archival_document.date or "9999"
            ),
            "evidence_files": list(files.values()),
            "evidence_works": sorted(works.values(), key=lambda item: item[0].source.sort_key),
        }

    def note_context(self, note):
        kinds = [citation.kind for citation in note.references]
        return {
            "references_count": sum(kind in Citation.REFERENCE_KINDS for kind in kinds),
            "note_has_several": len(kinds) > 1,
            # The compact lines the reader's popover shows under the note (fetched from here).
            "reference_lines": note_reference_lines(note),
            # What the note cites, for Zotero to offer (COinS): the note's export, one query.
            "coins": [coins.context_object(item) for item in exports.note_items(note)],
        }

    def document_context(self, request, document):
        url = request.build_absolute_uri(document.get_absolute_url())
        return {"styles": cite_styles(document, url)}
