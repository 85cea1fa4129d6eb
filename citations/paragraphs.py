"""Cite one paragraph: /documents/<slug>/paragraphs/<n>/cite/.

A historian quoting ¶37 cites the text with the paragraph as the locator, the paragraph's
stable address (the reader's `#p-37`, which never changes when editors fix a typo elsewhere)
and the date of access: a Chicago note, and MLA's works-cited entry with its in-text form.
Formatted by the same CSL processor as every other citation (data escaped on the way in,
output cleaned to the processor's own tags: citations.exports)."""

from __future__ import annotations

import datetime
import html

from django.http import Http404
from django.utils.html import strip_tags
from django.views.generic import TemplateView

from . import exports, formatting
from .views import CitableDocumentMixin


def paragraph_citations(document, url: str, position: int, accessed: datetime.date) -> list[dict]:
    """[{'key', 'name', 'html', 'text'}]: the Chicago note and the MLA entry (+ in-text),
    kept per process for the same data (formatting.kept_by_data)."""
    item = exports.document_item(document, url)
    item["accessed"] = {"date-parts": [[accessed.year, accessed.month, accessed.day]]}
    return _kept_citations(item, position)


@formatting.kept_by_data
def _kept_citations(item: dict, position: int) -> list[dict]:
    return _paragraph_citations(item, position)


def _paragraph_citations(item: dict, position: int) -> list[dict]:
    from citeproc import Citation as CslCitation
    from citeproc import CitationItem, CitationStylesBibliography, formatter

    key = item["id"].lower()
    shown = []
    for style, (name, _) in formatting.STYLES.items():
        bibliography = CitationStylesBibliography(
            formatting._style(style),
            formatting.csl_data([exports.unversioned(item)]),
            formatter.html,
        )
        citation = CslCitation(
            [CitationItem(key, locator=formatting.csl_locator("paragraph", str(position)))]
        )
        bibliography.register(citation)
        note = formatting.processor_html(
            formatting.polished(str(bibliography.cite(citation, lambda missing: None)))
        )
        if style == "chicago":
            entries = [("Note", exports.versioned(note, item))]
        else:
            (entry,) = bibliography.bibliography()
            entry = formatting.processor_html(formatting.polished(str(entry)))
            entries = [
                ("Works cited", exports.versioned(entry, item)),
                ("In the text", note),
            ]
        for label, value in entries:
            shown.append(
                {
                    "key": f"{style}-{label.split()[0].lower()}",
                    "name": f"{name}: {label.lower()}" if len(entries) > 1 else name,
                    "html": value,
                    "text": html.unescape(strip_tags(value)),
                }
            )
    return shown


class ParagraphCiteView(CitableDocumentMixin, TemplateView):
    template_name = "citations/cite_paragraph.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        document = self.get_document()
        position = self.kwargs["position"]
        paragraph = document.paragraphs.filter(position=position).first()
        if paragraph is None:
            raise Http404(f"{document.title} has no paragraph {position}")
        url = self.request.build_absolute_uri(paragraph.get_absolute_url())
        context.update(
            document=document,
            paragraph=paragraph,
            url=url,
            styles=paragraph_citations(document, url, position, datetime.date.today()),
        )
        return context
