"""Load the curated collection from fixtures/: the raw texts plus the editors' decisions.

Each fixtures/curation/<slug>.json names its raw text and what the editors decided (metadata,
speakers). A document that already exists is left untouched, so running this again never
duplicates data nor overwrites later curation done in the admin.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from documents.caching.invalidation import documents_changed
from documents.models import Document, Paragraph
from documents.texts.importer import import_bytes

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"


@dataclass(frozen=True)
class LoadResult:
    slug: str
    created: bool
    message: str


def curation_files(directory: Path = FIXTURES_DIR) -> list[Path]:
    return sorted((directory / "curation").glob("*.json"))


# What apps built on documents curate for a newly imported text, after its links, in the same
# transaction (citations adds the notes' structured references; see CitationsConfig.ready).
_curation_steps: list[Callable[[dict], None]] = []


def add_curation_step(step: Callable[[dict], None]) -> None:
    """`step(created)` is called with {slug: Document} of the texts just imported."""
    if step not in _curation_steps:
        _curation_steps.append(step)


def load_collection(directory: Path = FIXTURES_DIR) -> list[LoadResult]:
    """Import every curated text not yet in the database, then its curated links and citations.

    All in one transaction: a failure anywhere leaves the database as it was.
    """
    from documents.linking import curated as linking_curation

    with transaction.atomic():
        results = []
        created = {}
        for path in curation_files(directory):
            result, document = load_document(path)
            results.append(result)
            if document is not None:
                created[document.slug] = document
        if created:
            linking_curation.apply(created)
            for step in _curation_steps:
                step(created)
            # Written in bulk (no signals): what is stored of these texts must be made again.
            documents_changed(document.pk for document in created.values())
        else:  # nothing new, but a database from before name forms gets them
            linking_curation.ensure_name_forms()
    return results


def load_document(spec_path: Path) -> tuple[LoadResult, Document | None]:
    spec = json.loads(spec_path.read_text(encoding="utf-8"))
    slug = spec["slug"]
    if Document.objects.filter(slug=slug).exists():
        return LoadResult(slug, False, f"{slug}: already in the database, left as it is"), None
    text_path = spec_path.parent.parent / spec["text"]
    with transaction.atomic():
        document, summary = import_bytes(
            text_path.read_bytes(),
            slug=slug,
            kind=spec.get("kind", "article"),
            filename=str(text_path),
            **spec.get("document", {}),
        )
        apply_speakers(document, spec.get("speakers"))
        if spec.get("status") == Document.Status.PUBLISHED:
            document.status = Document.Status.PUBLISHED
            document.save(update_fields=["status"])
    return LoadResult(slug, True, str(summary)), document


def apply_speakers(document: Document, speakers: dict | None) -> None:
    """Set every paragraph's speaker and kind (question/answer) from the editors' list."""
    if not speakers:
        return
    interviewer = set(speakers.get("interviewer", []))
    default = speakers.get("default", Paragraph.Speaker.HISTORIAN)
    paragraphs = list(document.paragraphs.all())
    unknown = interviewer - {p.position for p in paragraphs}
    if unknown:
        raise ValueError(
            f"{document.slug}: speaker list names missing paragraphs {sorted(unknown)}"
        )
    for paragraph in paragraphs:
        is_question = paragraph.position in interviewer
        paragraph.speaker = Paragraph.Speaker.INTERVIEWER if is_question else default
        paragraph.kind = Paragraph.Kind.QUESTION if is_question else Paragraph.Kind.ANSWER
    Paragraph.objects.bulk_update(paragraphs, ["speaker", "kind"])
