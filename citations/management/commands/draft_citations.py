"""Draft the structured references of a document's notes with the citation parser.

    manage.py draft_citations SLUG > fixtures/citations/SLUG.json

prints a curation file (the shape load_collection reads) for an editor to correct: every
reference the parser was unsure of is marked ``needs_review`` with its reasons. Nothing is
written to the database.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from citations.citation_parser import parse_notes, to_fixture
from documents.models import Document, FootnoteRef


def quoted_notes(document) -> set[int]:
    """Notes whose marker stands inside a quotation in the text (a quoted document's own note)."""
    numbers = set()
    refs = FootnoteRef.objects.filter(footnote__document=document).select_related(
        "paragraph", "footnote"
    )
    for ref in refs:
        before = ref.paragraph.text[: ref.offset]
        if before.endswith(("”", '"', "’")):
            continue  # the marker follows the closing quotation mark: the author's note
        if before.count("“") > before.count("”") or before.count('"') % 2:
            numbers.add(ref.footnote.number)
    return numbers


class Command(BaseCommand):
    help = "Print the citation parser's draft references for a document's notes, as JSON."

    def add_arguments(self, parser):
        parser.add_argument("slug")

    def handle(self, slug, **options):
        document = Document.objects.filter(slug=slug).first()
        if document is None:
            raise CommandError(f"no document with the slug “{slug}”")
        notes = [(note.number, note.text) for note in document.footnotes.all()]
        drafts = parse_notes(notes, quoted=quoted_notes(document))
        self.stdout.write(json.dumps(to_fixture(slug, drafts), ensure_ascii=False, indent=2))
        flagged = sum(ref.needs_review for draft in drafts for ref in draft.references)
        self.stderr.write(f"{len(drafts)} notes drafted, {flagged} references need review")
