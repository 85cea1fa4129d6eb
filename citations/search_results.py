"""What the citations app adds to each search result (registered in CitationsConfig.ready
through documents.search.extensions): the result's items as COinS, so that Zotero's COinS
translator offers the page's items for selection, as it does on /sources/ and on a note page.

- A paragraph found: the text it belongs to, as its reader page saves it (the same CSL item,
  hence the same type, creators, date and title; its address).
- A note found: what the note cites, as the note's own page offers it (each work and archival
  document, Ibid. as what it repeats). Not the text the note belongs to: a researcher who
  finds a note by a name or an archive's address is after the note's documents, and the text
  is offered by any of its paragraphs and by its reader page. A note citing nothing (an
  explanation) offers nothing.
- A result in a draft (only staff see one) offers nothing: a draft is not citable.

Each item is offered once on the page (under the first result that has it), so Zotero's list
holds no duplicates. Three queries at most whatever the page holds: the texts of the
paragraphs found, the citations of the notes found, and what an Ibid. among them repeats.
"""

from __future__ import annotations

from documents.models import Document
from documents.search.extensions import ResultsExtension

from . import coins, exports


class CitationsInResults(ResultsExtension):
    template = "citations/snippets/search_result_coins.html"

    def annotate_results(self, request, results: list[dict]) -> None:
        citable = [hit for hit in results if not hit["is_draft"]]
        slugs = {hit["doc_slug"] for hit in citable if hit["hit_source"] == "paragraph"}
        texts = {}
        if slugs:
            texts = {
                document.slug: document
                # (not the source text, up to 60 KB a document, which no item reads)
                for document in Document.objects.published()
                .filter(slug__in=slugs)
                .defer("source_text")
            }
        # Each text's item once, however many of its paragraphs the page holds, with the
        # collection's version read once for the page (it was read for every result).
        version = exports.version_label() if texts else ""
        text_objects = {
            slug: coins.context_object(
                exports.document_item(
                    document, request.build_absolute_uri(document.get_absolute_url()), version
                )
            )
            for slug, document in texts.items()
        }
        note_ids = [hit["hit_id"] for hit in citable if hit["hit_source"] == "note"]
        cited = exports.notes_items(note_ids) if note_ids else {}

        offered: set[str] = set()
        for hit in results:
            hit["coins"] = []
            if hit["is_draft"]:
                continue
            if hit["hit_source"] == "note":
                objects = [coins.context_object(item) for item in cited.get(hit["hit_id"], [])]
            elif hit["doc_slug"] in text_objects:
                objects = [text_objects[hit["doc_slug"]]]
            else:
                objects = []
            for context_object in objects:
                if context_object not in offered:
                    offered.add(context_object)
                    hit["coins"].append(context_object)
