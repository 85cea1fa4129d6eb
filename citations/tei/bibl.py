"""References as <bibl>: archival files and documents, published works, Ibid."""

from __future__ import annotations

from citations.models import Citation, Source, csl_name, format_pinpoint, unit_words
from citations.tei.elements import (
    TITLE_LEVELS,
    archive_id,
    citation_id,
    clean,
    date_element,
    sub,
    xml_id,
)

# ---------------------------------------------------------------------------------------------
# References as <bibl>


def author_element(parent, name: str, csl: dict):
    """<author><forename>James</forename> <surname>Matray</surname></author>, or the name
    of a body as printed."""
    element = sub(parent, name)
    if "literal" in csl or not csl.get("family"):
        element.text = clean(csl_name(csl))
        return element
    person = sub(element, "persName")
    if csl.get("given"):
        sub(person, "forename", csl["given"]).tail = " "
    sub(person, "surname", csl["family"])
    return element


def source_bibl(parent, source: Source, **attributes):
    """A published work with the fields CSL-JSON names."""
    bibl = sub(parent, "bibl", type=source.csl_type, **attributes)
    for name in source.authors:
        author_element(bibl, "author", name)
    for name in source.editors:
        author_element(bibl, "editor", name)
    for name in source.translators:
        author_element(bibl, "editor", name).set("role", "translator")
    level, container_level = TITLE_LEVELS.get(source.csl_type, ("m", "m"))
    if source.title:
        sub(bibl, "title", source.title, level=level)
    if source.translated_title:
        sub(bibl, "title", source.translated_title, level=level, type="translated")
    if source.container_title:
        sub(bibl, "title", source.container_title, level=container_level)
    if source.collection_title:
        sub(bibl, "title", source.collection_title, level="s")
    if source.event:
        sub(bibl, "name", source.event, type="event")
    if source.event_place:
        sub(bibl, "placeName", source.event_place)
    for unit, value in (("volume", source.volume), ("issue", source.issue)):
        if value:
            sub(bibl, "biblScope", value, unit=unit)
    if source.number:
        sub(bibl, "idno", source.number, type="number")
    if source.genre:
        sub(bibl, "note", source.genre, type="genre")
    if source.publisher_place:
        sub(bibl, "pubPlace", source.publisher_place)
    if source.publisher:
        sub(bibl, "publisher", source.publisher)
    date_element(bibl, source.issued)
    if source.pages:
        sub(bibl, "biblScope", source.pages, unit="page")
    if source.url:
        sub(bibl, "ptr", target=source.url)
    return bibl


def archival_fields(bibl, citation: Citation):
    """The document (title, kind, date, author, addressee), then where it is kept."""
    printed = citation.printed_fields or {}
    item = citation.archival_document
    if item is not None:
        if item.title:
            sub(bibl, "title", item.title)
        else:
            sub(bibl, "title", item.label, type="desc")
        if item.kind:
            sub(bibl, "note", item.kind, type="genre")
        if item.number:
            sub(bibl, "idno", item.number, type="number")
        if item.author:
            sub(bibl, "author", item.author)
        if item.addressee:
            statement = sub(bibl, "respStmt")
            sub(statement, "resp", "addressee")
            sub(statement, "name", item.addressee)
        date_element(bibl, item.date, printed.get("date", ""))
        if item.summary:
            sub(bibl, "note", item.summary, type="summary")
    file = citation.archival_file  # (the file of the cited document, stored on the citation)
    if file is not None:
        archive = file.archive
        sub(bibl, "orgName", archive.abbreviation, type="archive", ref=f"#{archive_id(archive)}")
        if file.collection:
            sub(bibl, "name", file.collection, type="collection")
        for label, value in file.address_parts():
            sub(bibl, "idno", value, type=label)
    if item is not None and item.published_in is not None:
        related = sub(bibl, "relatedItem", type="publishedIn")
        source_bibl(related, item.published_in)


def citation_bibl(parent, citation: Citation, ids: set[str]):
    """One reference of a note as a <bibl>; None for an explanatory note."""
    if not citation.is_reference:
        return None
    identifier = citation_id(citation)
    ids.add(identifier)
    if citation.kind == Citation.Kind.IBID:
        bibl = sub(parent, "bibl", type="ibid")
        target = citation.ibid_of
        if target is not None and target.footnote.document_id == citation.footnote.document_id:
            bibl.set("corresp", f"#{citation_id(target)}")
            sub(bibl, "ref", "Ibid.", target=f"#{citation_id(target)}")
        else:
            bibl.text = "Ibid."
    elif citation.kind == Citation.Kind.ARCHIVAL:
        bibl = sub(parent, "bibl", type="archival")
        archival_fields(bibl, citation)
        if citation.source is not None:
            related = sub(bibl, "relatedItem", type="publishedIn")
            source_bibl(related, citation.source)
    else:
        if citation.source is not None:
            bibl = source_bibl(parent, citation.source)
        else:
            bibl = sub(parent, "bibl", type="published")
            if citation.archival_document is not None:
                archival_fields(bibl, citation)
    xml_id(bibl, identifier)
    bibl.set("n", str(citation.position))
    if citation.short_form_of is not None:
        bibl.set("sameAs", f"#{citation_id(citation.short_form_of)}")
    if citation.division:
        sub(bibl, "citedRange", citation.division, unit="part")
    if citation.pinpoint:
        sub(
            bibl,
            "citedRange",
            format_pinpoint(citation.pinpoint, citation.pinpoint_unit),
            unit=unit_words(citation.pinpoint_unit).tei,
        )
    if citation.cited_in is not None:
        related = sub(bibl, "relatedItem", type="citedIn")
        source_bibl(related, citation.cited_in)
    if citation.remark:
        sub(bibl, "note", citation.remark, type="remark")
    if citation.needs_review:
        sub(bibl, "note", "Not yet confirmed by an editor.", type="needsReview")
    return bibl
