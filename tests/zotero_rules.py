"""What Zotero's “Embedded Metadata” translator saves from a page, by its own rules.

A port of the parts of zotero/translators “Embedded Metadata.js” (2024-06-13) and of the
RDF translator's `detectType` it calls that decide what our pages produce:

- item type: `exports.itemType` aside, a Highwire tag that names a container decides
  (`citation_journal_title` → journalArticle, `citation_technical_report_institution` →
  report, `citation_conference_title` → conferencePaper, `citation_book_title` /
  `citation_inbook_title` → bookSection, `citation_dissertation_institution` → thesis);
  else an RDF statement from a namespaced meta tag (`z:itemType`, `dc.type` with a Zotero
  item type); else the guess from `citation_title` alone: journalArticle;
- creators: each `citation_author`; one with a comma is “Family, Given”
  (ZU.cleanAuthor(name, type, true)), else the last word is the family name; a single tag
  holding several names separated by “;” is split;
- fields: the HIGHWIRE_MAPPINGS in their order, a later one overwriting an earlier (so
  `citation_date` wins over `citation_publication_date`);
- date, when no tag gave one: `citation_online_date`, `citation_year`, and last the first
  element of the page with a `datetime` attribute (“time[datetime]”);
- a creator type the item type does not have becomes the type's primary one (Zotero's item
  saver): an interview's “author” is its interviewee.
"""

from __future__ import annotations

from html.parser import HTMLParser

HIGHWIRE_MAPPINGS = {
    "citation_title": "title",
    "citation_publication_date": "date",
    "citation_cover_date": "date",
    "citation_date": "date",
    "citation_journal_title": "publicationTitle",
    "citation_book_title": "bookTitle",
    "citation_volume": "volume",
    "citation_issue": "issue",
    "citation_publisher": "publisher",
    "citation_abstract": "abstractNote",
    "citation_public_url": "url",
    "citation_language": "language",
}
HW_TYPES = {
    "citation_journal_title": "journalArticle",
    "citation_technical_report_institution": "report",
    "citation_conference_title": "conferencePaper",
    "citation_conference": "conferencePaper",
    "citation_book_title": "bookSection",
    "citation_inbook_title": "bookSection",
    "citation_dissertation_institution": "thesis",
}
RDF_PREFIXES = {"z", "dc", "dcterms", "bib", "bibo", "prism", "og", "eprints"}
PRIMARY_CREATOR = {"interview": "interviewee", "letter": "author", "manuscript": "author"}


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.metas: list[tuple[str, str]] = []
        self.first_datetime: str | None = None
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and (attrs.get("name") or attrs.get("property")) and attrs.get("content"):
            self.metas.append((attrs.get("name") or attrs["property"], attrs["content"]))
        if tag == "time" and "datetime" in attrs and self.first_datetime is None:
            self.first_datetime = attrs["datetime"]
        self._in_title = tag == "title"

    def handle_data(self, data):
        if self._in_title:
            self.title += data

    def handle_endtag(self, tag):
        self._in_title = False


def clean_author(name: str, creator_type: str, use_comma: bool) -> dict:
    name = " ".join(name.split())
    if use_comma and "," in name:
        family, _, given = name.partition(",")
        return {"lastName": family.strip(), "firstName": given.strip(), "creatorType": creator_type}
    given, _, family = name.rpartition(" ")
    return {"lastName": family, "firstName": given, "creatorType": creator_type}


def saved_item(html: str) -> dict:
    """The item Zotero's Embedded Metadata translator makes of the page."""
    page = _Page()
    page.feed(html)
    hw_type = hw_guess = rdf_type = None
    for name, value in page.metas:
        for tag in name.split():
            prefix, _, prop = tag.replace(".", ":").partition(":")
            if prefix.lower() in RDF_PREFIXES and prop in ("itemType", "type"):
                rdf_type = value
            short = tag[tag.rfind("citation_") :] if "citation_" in tag else tag
            if short in HW_TYPES:
                hw_type = HW_TYPES[short]
            elif short in ("citation_title", "citation_series_title"):
                hw_guess = hw_guess or "journalArticle"
    item: dict = {"itemType": hw_type or rdf_type or hw_guess or "webpage", "creators": []}
    values = {}
    for name, value in page.metas:
        values.setdefault(name, value)  # the translator reads the first tag of a name
    for meta, field in HIGHWIRE_MAPPINGS.items():
        if values.get(meta, "").strip():
            item[field] = " ".join(values[meta].split())
    authors = [value for name, value in page.metas if name == "citation_author"]
    for node in authors:
        for author in (part.strip() for part in node.split(";")):
            if author:
                item["creators"].append(clean_author(author, "author", "," in author))
    primary = PRIMARY_CREATOR.get(item["itemType"])
    if primary:
        for creator in item["creators"]:
            creator["creatorType"] = primary
    if not item.get("date"):
        item["date"] = values.get("citation_online_date") or values.get("citation_year")
    if not item.get("date") and page.first_datetime:
        item["date"] = page.first_datetime
    if not item.get("title"):
        item["title"] = page.title.strip()
    return item


# -- COinS: Zotero's COinS translator, through the OpenURL parser of zotero/utilities --------

OPENURL_TYPES = {
    "info:ofi/fmt:kev:mtx:journal": "journalArticle",
    "info:ofi/fmt:kev:mtx:dissertation": "thesis",
    "info:ofi/fmt:kev:mtx:patent": "patent",
    "info:ofi/fmt:kev:mtx:dc": "webpage",
}
BOOK_GENRES = {
    "rft.genre=bookitem": "bookSection",
    "rft.genre=conference": "conferencePaper",
    "rft.genre=proceeding": "conferencePaper",
    "rft.genre=report": "report",
    "rft.genre=document": "document",
}
ZOTERO_TYPES = {"manuscript", "document", "letter", "interview", "book", "webpage"}


def parse_context_object(co: str) -> dict | None:
    """openurl.js `parseContextObject`, for the keys our pages write."""
    from urllib.parse import unquote

    parts = co.split("&")
    item: dict = {"creators": []}
    for part in parts:
        if part.startswith("rft_val_fmt="):
            fmt = unquote(part[12:])
            if fmt == "info:ofi/fmt:kev:mtx:book":
                genre = next((t for g, t in BOOK_GENRES.items() if g in parts), "book")
                item["itemType"] = genre
            elif fmt in OPENURL_TYPES:
                item["itemType"] = OPENURL_TYPES[fmt]
            break
    if "itemType" not in item:
        return None
    container_types = ("journalArticle", "bookSection", "conferencePaper")
    for part in parts:
        key, _, raw = part.partition("=")
        value = unquote(raw.replace("+", " "))
        if not value:
            continue
        kind = item["itemType"]
        if key == "rft_id" and value.startswith(("http://", "https://")):
            item["url"] = value
        elif key == "rft.btitle":
            item["title" if kind in ("book", "report") else "publicationTitle"] = value
        elif key == "rft.atitle" and kind in container_types:
            item["title"] = value
        elif key == "rft.jtitle" and kind == "journalArticle":
            item["publicationTitle"] = value
        elif key == "rft.title":
            item["publicationTitle" if kind in container_types else "title"] = value
        elif key == "rft.date":
            item["date"] = value
        elif key in ("rft.volume", "rft.issue", "rft.pages", "rft.place", "rft.edition"):
            item[key[4:]] = value
        elif key in ("rft.pub", "rft.publisher"):
            item["publisher"] = value
        elif key == "rft.au":
            item["creators"].append(clean_author(value, "author", "," in value))
        elif kind == "thesis" and key == "rft.inst":
            item["publisher"] = value
        elif kind == "thesis" and key == "rft.degree":
            item["type"] = value
        elif key == "rft.description":
            item["abstractNote"] = value
        elif key == "rft.type" and value in ZOTERO_TYPES:
            item["itemType"] = value
    primary = PRIMARY_CREATOR.get(item["itemType"])  # (Zotero's item saver, as above)
    if primary:
        for creator in item["creators"]:
            creator["creatorType"] = primary
    return item


class _Coins(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.objects: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "span" and "Z3988" in (attrs.get("class") or "").split() and attrs.get("title"):
            self.objects.append(attrs["title"])


def coins_items(html: str) -> list[dict]:
    """The items Zotero's COinS translator offers on the page (several: a choice)."""
    page = _Coins()
    page.feed(html)
    return [item for item in map(parse_context_object, page.objects) if item]
