"""Store a parsed text in the database, all or nothing.

The parser (documents.texts.parser) turns text into a plain structure without touching the database;
this module writes that structure in one transaction, so a failure leaves every table as it was.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import IntegrityError, transaction

from documents.models import Document, Footnote, FootnoteRef, Paragraph, Section
from documents.texts import parser


class ImportRefused(Exception):
    """The text cannot be imported; the message says why and nothing was written."""


@dataclass(frozen=True)
class ImportSummary:
    slug: str
    paragraphs: int
    notes: int
    note_refs: int

    def __str__(self):
        return (
            f"imported {self.slug}: {self.paragraphs} paragraphs, {self.notes} notes, "
            f"{self.note_refs} note references"
        )


def import_bytes(
    data: bytes, *, slug: str, kind: str = "article", filename: str = "<text>", **fields
) -> tuple[Document, ImportSummary]:
    """Parse and store a text; raises parser.ParseError or ImportRefused, writing nothing then."""
    parsed = parser.parse_bytes(data, kind=kind, filename=filename)
    return store(parsed, slug=slug, source_text=data.decode("utf-8-sig"), **fields)


def _refuse_unstorable(parsed: parser.ParsedText, slug: str) -> None:
    """Raises ImportRefused for an invalid or taken slug, or note markers in the abstract."""
    try:
        validate_slug(slug)
    except ValidationError as error:
        raise ImportRefused(
            f"“{slug}” is not a valid slug: use letters, digits, hyphens and underscores"
        ) from error
    if parsed.abstract_refs:
        raise ImportRefused(
            "note markers in the abstract are not supported; move the note into the body text"
        )
    if Document.objects.filter(slug=slug).exists():
        raise ImportRefused(
            f"a document with the slug “{slug}” already exists; choose another slug (nothing was changed)"
        )


def store(
    parsed: parser.ParsedText, *, slug: str, source_text: str = "", **fields
) -> tuple[Document, ImportSummary]:
    """Write a parsed text as a new document. Refuses an existing slug: curated work is never overwritten."""
    _refuse_unstorable(parsed, slug)
    values = {
        "title": parsed.title or slug,
        "authors": "; ".join(parsed.authors),
        "affiliation": parsed.affiliation,
        "abstract": parsed.abstract,
        "keywords": list(parsed.keywords),
        "kind": parsed.kind,
    }
    values.update({key: value for key, value in fields.items() if value not in (None, "")})
    try:
        with transaction.atomic():
            document = Document.objects.create(slug=slug, source_text=source_text, **values)
            sections = Section.objects.bulk_create(
                Section(document=document, position=index, title=section.title)
                for index, section in enumerate(parsed.sections, start=1)
            )
            paragraphs = Paragraph.objects.bulk_create(
                Paragraph(
                    document=document,
                    section=sections[item.section],
                    position=index,
                    kind=item.kind,
                    speaker=item.speaker,
                    text=item.text,
                    source_line=item.line,
                )
                for index, item in enumerate(parsed.paragraphs, start=1)
            )
            notes = Footnote.objects.bulk_create(
                Footnote(
                    document=document, number=note.number, text=note.text, source_line=note.line
                )
                for note in parsed.notes
            )
            by_number = {note.number: note for note in notes}
            seen: dict[int, int] = {}
            refs = []
            for paragraph, item in zip(paragraphs, parsed.paragraphs, strict=True):
                for ref in item.refs:
                    seen[ref.number] = seen.get(ref.number, 0) + 1
                    refs.append(
                        FootnoteRef(
                            footnote=by_number[ref.number],
                            paragraph=paragraph,
                            offset=ref.offset,
                            ordinal=seen[ref.number],
                        )
                    )
            FootnoteRef.objects.bulk_create(refs)
    except IntegrityError as error:  # e.g. a concurrent import took the slug
        raise ImportRefused(f"the database refused the text: {error}") from error
    summary = ImportSummary(
        slug=slug, paragraphs=len(paragraphs), notes=len(notes), note_refs=len(refs)
    )
    return document, summary
