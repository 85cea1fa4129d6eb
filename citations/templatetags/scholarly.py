"""Metadata for reference managers and search engines on a reader page:

    {% load scholarly %}{% scholarly_meta document %}

writes, for the <head>:
- Highwire Press `citation_*` meta tags (what Zotero and Google Scholar read): title, each
  author with their institution, publication date and journal where known, language,
  keywords, abstract, the page's address, and one `citation_reference` per work or archival
  document the notes cite;
- <link rel="alternate"> to the TEI and CSL-JSON exports;
- schema.org JSON-LD: the document (ScholarlyArticle; an interview as an Article with the
  genre "interview": schema.org has no Interview type), its authors as Person, what it cites,
  and the persons, bodies and events it mentions.

Every value is escaped: meta contents by the template, the JSON-LD as Django's json_script
escapes (<, > and & as \\u003C, \\u003E, \\u0026), so no text in the data can close the
<script> element. Four queries, whatever the size of the document; two on the reader page,
which has fetched the mentions already.
"""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from documents.models import Actor, ActorAlias, Document, Event

register = template.Library()

# As django.utils.html.json_script, which only writes type="application/json".
JSON_SCRIPT_ESCAPES = {
    ord(">"): "\\u003E",
    ord("<"): "\\u003C",
    ord("&"): "\\u0026",
    ord("\u2028"): "\\u2028",
    ord("\u2029"): "\\u2029",
}
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


def json_ld(data) -> str:
    """A <script type="application/ld+json"> element whose content cannot end it early."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(
        JSON_SCRIPT_ESCAPES
    )
    return format_html(
        '<script type="application/ld+json">{}</script>', mark_safe(text)
    )  # escaped above


def _name(csl_name: dict) -> str:
    """Highwire's form: 'Family, Given' (a body as printed)."""
    if "literal" in csl_name:
        return csl_name["literal"]
    return ", ".join(part for part in (csl_name.get("family"), csl_name.get("given")) if part)


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


def highwire_reference(item: dict) -> str:
    """A cited work as Google Scholar reads citation_reference: 'citation_title=…; …'.
    Semicolons inside values would end a field early, so they become commas."""
    fields = [("citation_title", item.get("title", ""))]
    fields += [("citation_author", _name(name)) for name in item.get("author", [])]
    fields.append(("citation_publication_date", _year(item)))
    container = item.get("container-title", "")
    if item.get("type") == "article-journal":
        fields.append(("citation_journal_title", container))
    elif container:
        fields.append(("citation_inbook_title", container))
    fields += [
        ("citation_volume", item.get("volume", "")),
        ("citation_issue", item.get("issue", "")),
        ("citation_publisher", item.get("publisher") or item.get("archive", "")),
    ]
    first, _, last = item.get("page", "").partition("–")
    fields += [("citation_firstpage", first), ("citation_lastpage", last)]
    return "; ".join(f"{key}={str(value).replace(';', ',')}" for key, value in fields if value)


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


def _prefetched_mentions(document: Document):
    """The mentions the reader view has already fetched (Document.objects.for_reader
    prefetches them, actors and events included), or None when they are not all there."""
    mentions = []
    for relation in ("paragraphs", "footnotes"):
        passages = getattr(document, "_prefetched_objects_cache", {}).get(relation)
        if passages is None:
            return None
        for passage in passages:
            if "mentions" not in getattr(passage, "_prefetched_objects_cache", {}):
                return None
            mentions += passage.mentions.all()
    return mentions


def mentioned(document: Document, absolute) -> list[dict]:
    """The persons, bodies and events the document's paragraphs and notes mention: one
    query for the actors' other names, and two more for the actors and events unless the
    page has fetched the mentions already."""
    mentions = _prefetched_mentions(document)
    if mentions is not None:
        actors = sorted({m.actor for m in mentions if m.actor_id}, key=lambda a: (a.name, a.pk))
        events = sorted(
            {m.event for m in mentions if m.event_id}, key=lambda e: (e.date, e.title, e.pk)
        )
    else:
        in_document = Q(mentions__paragraph__document=document) | Q(
            mentions__footnote__document=document
        )
        actors = list(
            Actor.objects.filter(pk__in=Actor.objects.filter(in_document).values("pk")).order_by(
                "name"
            )
        )
        events = list(
            Event.objects.filter(pk__in=Event.objects.filter(in_document).values("pk")).order_by(
                "date", "title"
            )
        )
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


@register.inclusion_tag("citations/snippets/scholarly_meta.html", takes_context=True)
def scholarly_meta(context, document: Document):
    """The reader's citation meta tags and JSON-LD. What they show from the database comes
    ready in context["scholarly"] (citations.reader.scholarly_data): a template never queries."""
    scholarly = context["scholarly"]
    request = context.get("request")
    absolute = request.build_absolute_uri if request is not None else (lambda path: path)
    url = absolute(document.get_absolute_url())
    authors = document.author_list or ([document.interviewee] if document.interviewee else [])
    items = scholarly["cited_items"]

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
            for name in authors
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
    if items:
        data["citation"] = [cited_work(item) for item in items]
    things = scholarly["mentioned"]
    if things:
        data["mentions"] = things

    return {
        "document": document,
        "url": url,
        "authors": authors,
        "keywords": "; ".join(document.keywords),
        "references": [highwire_reference(item) for item in items],
        "tei_url": absolute(reverse("citations:tei", kwargs={"slug": document.slug})),
        "csl_url": absolute(reverse("citations:cite-json", kwargs={"slug": document.slug})),
        "json_ld": json_ld(data),
    }
