"""Curated structured citations for the collection's footnotes.

Applied by load_collection right after the texts are imported, in the same transaction:
``fixtures/citations/<document slug>.json`` holds every note's references as the editors
settled them (see its "about"). Archives and published works already in the database (cited by
another text) are reused, never overwritten, so that one work or one archival file is one row
whichever text cites it. Everything is written with bulk queries: the number of queries does
not grow with the number of notes.
"""

import json
from pathlib import Path

from django.conf import settings

from . import search_terms
from .models import ArchivalDocument, ArchivalFile, Archive, Citation, Source

FIXTURE_DIR = Path(settings.BASE_DIR) / "fixtures" / "citations"

REFERENCE_KINDS = (Citation.Kind.ARCHIVAL, Citation.Kind.PUBLISHED, Citation.Kind.IBID)
FILE_FIELDS = ("collection", "fond", "opis", "delo", "papka", "reel")
DOCUMENT_FIELDS = (
    "title",
    "kind",
    "number",
    "date",
    "author",
    "addressee",
    "summary",
    "folios",
    "folio_unit",
)
SOURCE_FIELDS = {  # fixture key → model field
    "type": "csl_type",
    "authors": "authors",
    "editors": "editors",
    "translators": "translators",
    "title": "title",
    "translated_title": "translated_title",
    "container_title": "container_title",
    "collection_title": "collection_title",
    "number": "number",
    "volume": "volume",
    "issue": "issue",
    "publisher": "publisher",
    "publisher_place": "publisher_place",
    "event": "event",
    "event_place": "event_place",
    "issued": "issued",
    "pages": "pages",
    "genre": "genre",
    "documents_edition": "is_documents_edition",
    "url": "url",
    "editorial_note": "editorial_note",
}
CITATION_FIELDS = (
    "prefix",
    "division",
    "pinpoint",
    "pinpoint_unit",
    "remark",
    "needs_review",
    "editorial_note",
)


class CurationError(ValueError):
    """The curated file does not fit the document (a missing note, a misquoted reference …)."""


def apply(documents, directory: Path = FIXTURE_DIR):
    """Store the curated citations for the newly imported `documents` (a dict slug → Document)."""
    for slug, document in documents.items():
        path = directory / f"{slug}.json"
        if path.exists():
            load(document, json.loads(path.read_text(encoding="utf-8")), filename=str(path))


def load(document, spec: dict, filename: str = "<citations>") -> list[Citation]:
    """Write the references of `spec` (the shape of fixtures/citations/*.json) for `document`."""
    if spec.get("document") != document.slug:
        raise CurationError(
            f"{filename}: written for {spec.get('document')!r}, not {document.slug!r}"
        )
    notes = {note.number: note for note in document.footnotes.all()}
    curated = {int(number): refs for number, refs in spec["notes"].items()}
    missing, unknown = set(notes) - set(curated), set(curated) - set(notes)
    if missing or unknown:
        raise CurationError(
            f"{filename}: notes without references {sorted(missing)}, "
            f"references for notes that do not exist {sorted(unknown)}"
        )
    _check(curated, notes, spec, filename)
    archives = _archives(spec.get("archives", {}), curated)
    sources = _sources(spec.get("sources", {}), curated)
    _inherit_short_forms(curated, filename)
    files = _files(curated, archives)
    items = _documents(curated, files, sources)
    citations = _citations(curated, notes, files, items, sources, filename)
    # Written in bulk (no signals): index the notes' references for search now.
    search_terms.refresh([note.pk for note in notes.values()])
    return citations


def _check(curated, notes, spec, filename):
    kinds = set(Citation.Kind.values)
    for number, refs in curated.items():
        text = notes[number].text
        if not refs:
            raise CurationError(f"{filename}: note {number} has no reference (mark it explanatory)")
        for position, ref in enumerate(refs, start=1):
            where = f"{filename}: note {number}, reference {position}"
            if ref.get("kind") not in kinds:
                raise CurationError(f"{where}: unknown kind {ref.get('kind')!r}")
            if not ref.get("printed") or ref["printed"] not in text:
                raise CurationError(f"{where}: “printed” is not the note's exact words")
            for name, printed in ref.get("printed_fields", {}).items():
                if printed not in text:
                    raise CurationError(f"{where}: printed {name} “{printed}” is not in the note")
            for key in ("source", "cited_in"):
                if key in ref and ref[key] not in spec.get("sources", {}):
                    raise CurationError(f"{where}: unknown source {ref[key]!r}")
            for key in ("ibid_of", "short_form_of"):
                if key in ref:
                    target_note, target_position = ref[key]
                    if target_note >= number or target_position > len(curated.get(target_note, [])):
                        raise CurationError(
                            f"{where}: {key} {ref[key]} is not an earlier reference"
                        )


def _archives(spec, curated) -> dict[str, Archive]:
    """slug → Archive; an archive already in the database is used as it is."""
    used = {ref["file"]["archive"] for refs in curated.values() for ref in refs if "file" in ref}
    existing = {archive.slug: archive for archive in Archive.objects.filter(slug__in=used)}
    new = []
    for slug in sorted(used - set(existing)):
        if slug not in spec:
            raise CurationError(f"archive {slug!r} is cited but not described")
        new.append(Archive(slug=slug, **spec[slug]))
    Archive.objects.bulk_create(new)
    existing.update({archive.slug: archive for archive in new})
    return existing


def _sources(spec, curated) -> dict[str, Source]:
    """slug → Source; a work already in the database (cited by another text) is reused."""
    used = {
        ref[key]
        for refs in curated.values()
        for ref in refs
        for key in ("source", "cited_in")
        if key in ref
    }
    existing = {source.slug: source for source in Source.objects.filter(slug__in=used)}
    new = [
        Source(slug=slug, **{SOURCE_FIELDS[key]: value for key, value in spec[slug].items()})
        for slug in sorted(used - set(existing))
    ]
    Source.objects.bulk_create(new)
    existing.update({source.slug: source for source in new})
    return existing


def _inherit_short_forms(curated, filename):
    """A repeated reference ("Jacob Malik. “On the Question …”") points at what its first
    reference established: the same file and document, or the same work."""
    for number in sorted(curated):
        for ref in curated[number]:
            if "short_form_of" not in ref:
                continue
            target_note, target_position = ref["short_form_of"]
            first = curated[target_note][target_position - 1]
            for key in ("file", "document", "source"):
                if key in first and key not in ref:
                    ref[key] = first[key]
            if ref["kind"] != first["kind"] and "source" not in ref:
                raise CurationError(f"{filename}: note {number} is a short form of another kind")


def _file_key(archive_slug, address: dict) -> tuple:
    return (archive_slug, *(address.get(name, "") for name in FILE_FIELDS))


def _files(curated, archives) -> dict[tuple, ArchivalFile]:
    """address → ArchivalFile: one row per address, whichever notes and texts cite it."""
    wanted = {
        _file_key(ref["file"]["archive"], ref["file"])
        for refs in curated.values()
        for ref in refs
        if "file" in ref
    }
    if not wanted:
        return {}
    fonds = {key[2] for key in wanted}
    existing = {
        _file_key(file.archive.slug, {name: getattr(file, name) for name in FILE_FIELDS}): file
        for file in ArchivalFile.objects.select_related("archive").filter(
            archive__in=[archives[key[0]] for key in wanted], fond__in=fonds
        )
    }
    new = {
        key: ArchivalFile(archive=archives[key[0]], **dict(zip(FILE_FIELDS, key[1:], strict=True)))
        for key in sorted(wanted - set(existing))
    }
    ArchivalFile.objects.bulk_create(new.values())
    return existing | new


def _document_key(file_key, published_in, fields: dict) -> tuple:
    return (file_key, published_in, *(fields.get(name, "") for name in DOCUMENT_FIELDS))


def _documents(curated, files, sources) -> dict[tuple, ArchivalDocument]:
    """One ArchivalDocument per document described in the notes; a document in a file is the
    same document whichever note cites it (a short form reuses its first reference's)."""
    wanted = {}
    for refs in curated.values():
        for ref in refs:
            if "document" not in ref:
                continue
            file_key = _file_key(ref["file"]["archive"], ref["file"]) if "file" in ref else None
            published_in = None if file_key else ref.get("source")
            key = _document_key(file_key, published_in, ref["document"])
            ref["_document_key"] = key
            wanted[key] = ArchivalDocument(
                file=files[file_key] if file_key else None,
                published_in=sources[published_in] if published_in else None,
                **{name: ref["document"].get(name, "") for name in DOCUMENT_FIELDS},
            )
    in_files = [files[key[0]] for key in wanted if key[0] is not None]
    existing = {}
    if in_files:
        file_keys = {file.pk: key for key, file in files.items()}
        for item in ArchivalDocument.objects.filter(file__in=in_files):
            fields = {name: getattr(item, name) for name in DOCUMENT_FIELDS}
            existing[_document_key(file_keys[item.file_id], None, fields)] = item
    new = [item for key, item in wanted.items() if key not in existing]
    ArchivalDocument.objects.bulk_create(new)
    return {key: existing.get(key, item) for key, item in wanted.items()}


def _citations(curated, notes, files, items, sources, filename) -> list[Citation]:
    by_position: dict[tuple[int, int], Citation] = {}
    last_citing: int | None = None
    links = []
    for number in sorted(curated):
        for position, ref in enumerate(curated[number], start=1):
            citation = Citation(
                footnote=notes[number],
                position=position,
                kind=ref["kind"],
                printed=ref["printed"],
                printed_fields=ref.get("printed_fields", {}),
                **{name: ref[name] for name in CITATION_FIELDS if name in ref},
            )
            if "file" in ref:
                citation.archival_file = files[_file_key(ref["file"]["archive"], ref["file"])]
            if "_document_key" in ref:
                citation.archival_document = items[ref["_document_key"]]
            if "source" in ref:
                citation.source = sources[ref["source"]]
            if "cited_in" in ref:
                citation.cited_in = sources[ref["cited_in"]]
            by_position[(number, position)] = citation
            if ref["kind"] == Citation.Kind.IBID:
                target = (
                    tuple(ref["ibid_of"]) if "ibid_of" in ref else _nearest(curated, last_citing)
                )
                if target is None:
                    raise CurationError(f"{filename}: Ibid. in note {number} repeats nothing")
                links.append((citation, "ibid_of", target))
            if "short_form_of" in ref:
                links.append((citation, "short_form_of", tuple(ref["short_form_of"])))
        if any(ref["kind"] in REFERENCE_KINDS for ref in curated[number]):
            last_citing = number
    Citation.objects.bulk_create(by_position.values())
    for citation, field, target in links:
        resolved = by_position[target]
        if field == "ibid_of" and resolved.kind == Citation.Kind.IBID:
            resolved = resolved.ibid_of  # "Ibid." after "Ibid.": the reference both repeat
        setattr(citation, field, resolved)
    Citation.objects.bulk_update([c for c, _, _ in links], ["ibid_of", "short_form_of"])
    return list(by_position.values())


def _nearest(curated, last_citing):
    """The first reference of the nearest earlier note that cites something."""
    if last_citing is None:
        return None
    for position, ref in enumerate(curated[last_citing], start=1):
        if ref["kind"] in REFERENCE_KINDS:
            return (last_citing, position)
    return None
