"""A document described in schema.org terms (JSON-LD), for search engines and reference
managers.

Two sizes: `describe` is what the reader page carries in its <head> (the work itself: type,
title, authors with their institution, language, date and journal where known, abstract,
keywords; no query); `describe_fully` adds what its notes cite and who and what it mentions,
the bulk (about 40 KiB for the paper), served at /documents/<slug>/metadata.jsonld and linked
from the page with <link rel="alternate" type="application/ld+json">.
"""

from django.db.models import Q

from documents.models import Actor, ActorAlias, Document, Event, Mention

from . import exports

SCHEMA_TYPES = {
    "book": "Book",
    "article-journal": "ScholarlyArticle",
    "chapter": "Chapter",
    "thesis": "Thesis",
    "report": "Report",
    "paper-conference": "ScholarlyArticle",
    "periodical": "PublicationIssue",
    "manuscript": "ArchiveComponent",
}


def _plain(csl_name: dict) -> str:
    if "literal" in csl_name:
        return csl_name["literal"]
    return " ".join(part for part in (csl_name.get("given"), csl_name.get("family")) if part)


def _year(item: dict) -> str:
    parts = (item.get("issued") or {}).get("date-parts") or []
    return "/".join(str(part[0]) for part in parts)


def _iso(item: dict) -> str:
    parts = (item.get("issued") or {}).get("date-parts") or []
    if len(parts) != 1:
        return _year(item)
    return "-".join(f"{value:02d}" if i else str(value) for i, value in enumerate(parts[0]))


def cited_work(item: dict) -> dict:
    work = {"@type": SCHEMA_TYPES.get(item.get("type", ""), "CreativeWork")}
    if item.get("title"):
        work["name"] = item["title"]
    if item.get("author"):
        work["author"] = [
            {"@type": "Organization" if "literal" in name else "Person", "name": _plain(name)}
            for name in item["author"]
        ]
    if _iso(item):
        work["datePublished" if item.get("type") != "manuscript" else "dateCreated"] = _iso(item)
    if item.get("container-title"):
        work["isPartOf"] = {"@type": "CreativeWork", "name": item["container-title"]}
    if item.get("publisher"):
        work["publisher"] = {"@type": "Organization", "name": item["publisher"]}
    if item.get("archive"):
        work["holdingArchive"] = {"@type": "ArchiveOrganization", "name": item["archive"]}
        work["itemLocation"] = item.get("archive_location", "")
    return work


def mentioned(document: Document, absolute) -> list[dict]:
    """The persons, bodies and events the document's paragraphs and notes mention: three
    queries (actors, events, the actors' other names)."""
    # One subquery for the paragraphs' mentions and one for the notes': each reads the
    # document's own mentions by index. Both in one condition (an OR across the two joins)
    # made the database read every mention of the collection: ~85 ms a request at 1,000
    # documents on SQLite.
    in_paragraphs = Mention.objects.filter(paragraph__document=document)
    in_notes = Mention.objects.filter(footnote__document=document)

    def mentioning(field: str) -> Q:
        return Q(pk__in=in_paragraphs.values(field)) | Q(pk__in=in_notes.values(field))

    actors = list(Actor.objects.filter(mentioning("actor")).order_by("name"))
    events = list(Event.objects.filter(mentioning("event")).order_by("date", "title"))
    aliases: dict[int, list[str]] = {}
    things = []
    for actor_id, name in ActorAlias.objects.filter(actor__in=actors).values_list("actor", "name"):
        aliases.setdefault(actor_id, []).append(name)
    for actor in actors:
        thing = {
            "@type": "Person" if actor.kind == Actor.Kind.PERSON else "Organization",
            "name": actor.name,
            "url": absolute(actor.get_absolute_url()),
        }
        if aliases.get(actor.pk):
            thing["alternateName"] = sorted(aliases[actor.pk])
        if actor.description:
            thing["description"] = actor.description
        if actor.authority_links:
            thing["sameAs"] = [address for _, _, address in actor.authority_links]
        things.append(thing)
    for event in events:
        thing = {
            "@type": "Event",
            "name": event.title,
            "startDate": event.date,
            "url": absolute(event.get_absolute_url()),
        }
        if event.end_date:
            thing["endDate"] = event.end_date
        if event.place:
            thing["location"] = {"@type": "Place", "name": event.place}
        things.append(thing)
    return things


def authors(document: Document) -> list[str]:
    """Who wrote it; for an interview, the person interviewed."""
    return document.author_list or ([document.interviewee] if document.interviewee else [])


def describe(document: Document, url: str) -> dict:
    """The work itself, from the document's own fields (no query)."""
    data = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle" if document.kind != Document.Kind.INTERVIEW else "Article",
        "headline": document.title,
        "name": document.title,
        "url": url,
        "inLanguage": document.language,
        "author": [
            {
                "@type": "Person",
                "name": name,
                **(
                    {"affiliation": {"@type": "Organization", "name": document.affiliation}}
                    if document.affiliation
                    else {}
                ),
            }
            for name in authors(document)
        ],
    }
    if document.kind == Document.Kind.INTERVIEW:
        data["genre"] = "interview"
    if document.publication_date:
        data["datePublished"] = document.publication_date
    if document.publication:
        data["isPartOf"] = {"@type": "Periodical", "name": document.publication}
    if document.abstract:
        data["abstract"] = document.abstract
    if document.keywords:
        data["keywords"] = list(document.keywords)
    return data


def describe_fully(document: Document, absolute) -> dict:
    """`describe`, with every work and archival document the notes cite and the persons,
    bodies and events the text mentions; `absolute` makes a path a full address. Four
    queries, whatever the size of the document."""
    data = describe(document, absolute(document.get_absolute_url()))
    items = exports.cited_items(document)
    if items:
        data["citation"] = [cited_work(item) for item in items]
    things = mentioned(document, absolute)
    if things:
        data["mentions"] = things
    return data
