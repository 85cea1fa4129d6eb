"""What a page lists, as COinS (OpenURL ContextObjects in <span class="Z3988">), the format
Zotero's COinS translator reads to offer several items of one page for saving.

Written from the CSL items the exports make, by the rules of Zotero's OpenURL parser
(zotero/utilities, openurl.js `parseContextObject`): a book, a chapter (`bookitem`), a
conference paper (`proceeding`), a report, as `mtx:book`; an article as `mtx:journal`; a thesis
as `mtx:dissertation`; anything else as Dublin Core (`mtx:dc`) with `rft.type` naming the Zotero
item type: an archival document is a *manuscript*, an interview an *interview*, a text of
ours a *document* (a *journal article* where its journal is known, as its reader page says).
An item's address (a text's reader page, a work's own page) is its `rft_id`. OpenURL has no
field for an archive or a place in one, so an archival item's archive and address go in its
description (Zotero's abstract); its creators are written “Family, Given”, which Zotero splits
at the comma.
"""

from __future__ import annotations

from urllib.parse import quote

BOOK_GENRES = {"book": "book", "chapter": "bookitem", "paper-conference": "proceeding"}
BOOK_GENRES["report"] = "report"
# Dublin Core items: the Zotero item type (`rft.type`, read when it names one); Zotero saves an
# interview's author as its interviewee.
ZOTERO_TYPES = {"manuscript": "manuscript", "interview": "interview"}


def _name(name: dict) -> str:
    if "literal" in name:
        return name["literal"]
    return ", ".join(part for part in (name.get("family"), name.get("given")) if part)


def _date(item: dict) -> str:
    parts = (item.get("issued") or {}).get("date-parts") or []
    if len(parts) != 1:
        return ""
    return "-".join(f"{value:02d}" if index else str(value) for index, value in enumerate(parts[0]))


def context_object(item: dict) -> str:
    """The CSL item as an OpenURL 1.0 KEV ContextObject (the title attribute of a COinS)."""
    kind = item.get("type", "")
    pairs = [("url_ver", "Z39.88-2004"), ("ctx_ver", "Z39.88-2004")]
    title, container = item.get("title", ""), item.get("container-title", "")
    if kind == "article-journal" or (kind == "article" and container):
        pairs += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:journal"), ("rft.genre", "article")]
        pairs += [("rft.atitle", title), ("rft.jtitle", container)]
        pairs += [("rft.volume", item.get("volume", "")), ("rft.issue", item.get("issue", ""))]
    elif kind in BOOK_GENRES:
        genre = BOOK_GENRES[kind]
        pairs += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:book"), ("rft.genre", genre)]
        if genre in ("bookitem", "proceeding"):
            pairs += [("rft.atitle", title), ("rft.btitle", container or item.get("event", ""))]
        else:
            pairs += [("rft.btitle", title)]
        pairs += [
            ("rft.pub", item.get("publisher", "")),
            ("rft.place", item.get("publisher-place", "")),
        ]
        pairs += [("rft.series", item.get("collection-title", ""))]
    elif kind == "thesis":
        pairs += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:dissertation"), ("rft.title", title)]
        pairs += [("rft.inst", item.get("publisher", "")), ("rft.degree", item.get("genre", ""))]
    else:
        zotero_type = ZOTERO_TYPES.get(kind, "document")
        pairs += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:dc"), ("rft.type", zotero_type)]
        pairs += [("rft.title", title), ("rft.publisher", item.get("publisher", ""))]
        where = ", ".join(
            part for part in (item.get("archive", ""), item.get("archive_location", "")) if part
        )
        if where:
            pairs.append(("rft.description", f"Archive: {where}"))
    pairs += [("rft.au", _name(name)) for name in item.get("author", [])]
    pairs += [("rft.date", _date(item)), ("rft.pages", item.get("page", ""))]
    if item.get("URL", "").startswith(("https://", "http://")):
        pairs.append(("rft_id", item["URL"]))  # (Zotero's url)
    return "&".join(f"{key}={quote(value, safe='')}" for key, value in pairs if value)
