"""The TEI vocabulary the export writes with: namespaces, ids, clean text, dates."""

from __future__ import annotations

import re

from lxml import etree

from citations.models import Source
from documents.dates import DateSpan

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
EDITION = "Korea archive reader"
CONTENT_TYPE = "application/tei+xml; charset=utf-8"

# Characters XML 1.0 cannot contain, even escaped.
NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

# Title levels (TEI's: a = part of something, m = a book, j = a periodical, s = a series).
TITLE_LEVELS = {
    Source.Type.ARTICLE: ("a", "j"),
    Source.Type.CHAPTER: ("a", "m"),
    Source.Type.PAPER: ("a", "m"),
    Source.Type.PERIODICAL: ("j", "j"),
}


def tei(name: str) -> str:
    return f"{{{TEI_NS}}}{name}"


def xml_id(element, value: str):
    element.set(f"{{{XML_NS}}}id", value)
    return element


def clean(value) -> str:
    return NOT_XML.sub("", str(value))


def sub(parent, name: str, text: str = "", **attributes):
    """A child element of `parent` with (escaped) text and the attributes that have a value."""
    element = etree.SubElement(parent, tei(name))
    for key, value in attributes.items():
        if value not in ("", None):
            name = f"{{{XML_NS}}}lang" if key == "xml_lang" else key.rstrip("_")
            element.set(name, clean(value))
    if text:
        element.text = clean(text)
    return element


def date_element(parent, value: str, shown: str = ""):
    """<date when="1945-12-10">…</date>; a span "1951-01-09/1951-01-12" with from/to; a date
    that is not EDTF (“Winter 1988/1989”) as its words alone."""
    if not value:
        return None
    span = DateSpan.parse(value)
    return sub(parent, "date", shown or value, **(span.tei_attributes() if span else {}))


def actor_id(actor) -> str:
    return f"actor-{actor.slug}"


def event_id(event) -> str:
    return f"event-{event.slug}"


def archive_id(archive) -> str:
    return f"archive-{archive.slug}"


def citation_id(citation) -> str:
    return f"fn-{citation.footnote.number}-ref-{citation.position}"
