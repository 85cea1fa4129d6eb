"""Metadata for reference managers and search engines on a reader page:

    {% load scholarly %}{% scholarly_meta document %}

writes, for the <head>, what a consumer reads about the page's own work:
- Highwire Press `citation_*` meta tags (what Zotero's Embedded Metadata translator and Google
  Scholar read): title, each author with their institution, publication date and journal where
  known, language, keywords, abstract, the page's address;
- <link rel="alternate"> to the TEI and CSL-JSON exports, and to the full schema.org
  description (application/ld+json) with what the notes cite and who and what the text
  mentions: that bulk (about 50 KiB for the paper, with one citation_reference tag per cited
  work) no longer rides in every page view;
- schema.org JSON-LD of the work itself (citations.linked_data.describe).

No query. Every value is escaped: meta contents by the template, the JSON-LD as Django's
json_script escapes (<, > and & as \\u003C, \\u003E, \\u0026), so no text in the data can close
the <script> element.
"""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from citations import coins as openurl
from citations import exports, linked_data
from documents.models import Document

register = template.Library()

# As django.utils.html.json_script, which only writes type="application/json".
JSON_SCRIPT_ESCAPES = {
    ord(">"): "\\u003E",
    ord("<"): "\\u003C",
    ord("&"): "\\u0026",
    ord("\u2028"): "\\u2028",
    ord("\u2029"): "\\u2029",
}


def json_ld(data) -> str:
    """A <script type="application/ld+json"> element whose content cannot end it early."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(
        JSON_SCRIPT_ESCAPES
    )
    # The text is escaped above: nothing in it can end the element.
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


def zotero_item_type(document: Document) -> str:
    """The Zotero item type the page's own work is saved as (read from `z:itemType` by the
    Embedded Metadata translator, through its RDF import): an interview as an interview; an
    article as a journal article only where its journal is known, else a document (the
    translator's own guess from `citation_title` alone would be a journal article)."""
    if document.kind == Document.Kind.INTERVIEW:
        return "interview"
    return "journalArticle" if document.publication else "document"


def highwire_name(name: dict) -> str:
    """'Family, Given' (the translator splits at the comma, so Chinese, Korean and Russian
    names keep their family name whatever its place); a body's name as it is."""
    if "literal" in name:
        return name["literal"]
    return ", ".join(part for part in (name.get("family"), name.get("given")) if part)


@register.inclusion_tag("citations/snippets/scholarly_meta.html", takes_context=True)
def scholarly_meta(context, document: Document):
    request = context.get("request")
    absolute = request.build_absolute_uri if request is not None else (lambda path: path)
    url = absolute(document.get_absolute_url())
    slug = {"slug": document.slug}
    return {
        "document": document,
        "url": url,
        "authors": [highwire_name(name) for name in exports.document_creators(document)],
        "item_type": zotero_item_type(document),
        "keywords": "; ".join(document.keywords),
        "tei_url": absolute(reverse("citations:tei", kwargs=slug)),
        "csl_url": absolute(reverse("citations:cite-json", kwargs=slug)),
        "json_ld_url": absolute(reverse("citations:json-ld", kwargs=slug)),
        "json_ld": json_ld(linked_data.describe(document, url)),
    }


@register.simple_tag
def coins(thing):
    """A COinS span for a published work or an archival document, for Zotero to offer
    (citations/coins.py). The context object is escaped as an attribute value."""
    if hasattr(thing, "csl_type"):
        item = exports.source_item(thing)
    else:
        item = exports.archival_item(thing)
    return format_html('<span class="Z3988" title="{}"></span>', openurl.context_object(item))
