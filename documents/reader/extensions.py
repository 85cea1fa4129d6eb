"""What apps built on documents add to its pages, without documents importing them.

documents knows the texts, their notes and where the notes are anchored; what a note cites is
the citations app's, which imports documents and is never imported by it. An app adds to the
reader and to a note's page by registering a `NotesExtension` in its AppConfig.ready()
(citations.apps does). Each page then asks every registered extension for:

- prefetches on the notes (one query each, whatever the number of notes),
- a pass over the fetched notes (e.g. resolving Ibid. across the document),
- a mark on each note's marker (e.g. what the note rests on), with the legend of marks,
- context for the page (e.g. “Cite this”) and templates to include in named slots: the
  reader's "reader_head" (metadata), "reader_header" (under the title), "reader_paragraph"
  (beside each paragraph's permalink), "reader_notes" (under the notes' heading) and
  "reader_note" (under each note: keep it light, it is repeated on every note); a note page's
  "note_head" (styles, scripts) and "note_page" (its body); an event page's "event_evidence"
  (what the notes behind its passages cite).
"""

from __future__ import annotations

from typing import NamedTuple

from django.db.models import Prefetch

SLOTS = (
    "reader_head",
    "reader_header",
    "reader_paragraph",
    "reader_notes",
    "reader_note",
    "note_head",
    "note_page",
    "event_evidence",
)


class NoteMark(NamedTuple):
    """A mark an extension puts on a note's marker: what the note rests on, say. documents
    draws it without knowing what it means."""

    key: str  # CSS-safe: the marker's class `mark-<key>`, the reader's `?only=<key>`
    symbol: str  # shown after the note number
    label: str  # heard by a screen reader, written in the legend


class NotesExtension:
    """Adds nothing; subclasses override what they need."""

    templates: dict[str, str] = {}  # slot -> template name

    def reader_prefetches(self) -> list[Prefetch]:
        """Prefetches on the reader's Document queryset (through `footnotes__`)."""
        return []

    def annotate_reader_notes(self, notes: list) -> None:
        """Called once with all of a document's notes, fetched with reader_prefetches()."""

    def note_prefetches(self) -> list[Prefetch]:
        """Prefetches on a Footnote queryset, for a note's own page."""
        return []

    def note_marks(self, notes: list) -> dict[int, NoteMark]:
        """{note number: mark} for a document's notes (fetched with reader_prefetches())."""
        return {}

    def mark_legend(self) -> list[NoteMark]:
        """Every mark note_marks() may give, in the order the reader's legend lists them."""
        return []

    def notes_context(self, notes: list) -> dict:
        """Context for a page listing some notes (an event's evidence), fetched with
        note_prefetches(); shown in the "event_evidence" slot."""
        return {}

    def note_context(self, note) -> dict:
        return {}

    def document_context(self, request, document) -> dict:
        """Context for the reader and for a note's page."""
        return {}

    def reader_context(self, request, document) -> dict:
        """Context for the reader page only (what its head and header show): the view reads
        it, so that the templates never query."""
        return {}


_registered: list[NotesExtension] = []


def register(extension: NotesExtension) -> None:
    if not any(type(known) is type(extension) for known in _registered):
        _registered.append(extension)


def registered() -> tuple[NotesExtension, ...]:
    return tuple(_registered)


def templates() -> dict[str, list[str]]:
    """Slot -> the templates the registered extensions include there, in registration order."""
    return {
        slot: [ext.templates[slot] for ext in _registered if slot in ext.templates]
        for slot in SLOTS
    }
