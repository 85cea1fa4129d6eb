"""The document list counts each text's paragraphs and notes right, in queries that do not
multiply a document's paragraphs by its notes (the counts are subqueries, not one join)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from documents.models import Document
from documents.texts.importer import import_bytes


def publish(text: str, slug: str) -> Document:
    document, _ = import_bytes(text.encode(), slug=slug, kind="article", filename=f"{slug}.txt")
    Document.objects.filter(pk=document.pk).update(status=Document.Status.PUBLISHED)
    return document


def rows(page: bytes) -> dict[str, tuple[int, int]]:
    """Each listed title with the paragraph and note counts its row shows."""
    found = re.findall(
        r'<a href="/documents/([^/]+)/">.*?<td class="number">(\d+)</td>\s*'
        r'<td class="number">(\d+)</td>',
        page.decode(),
        re.S,
    )
    return {slug: (int(paragraphs), int(notes)) for slug, paragraphs, notes in found}


@pytest.mark.django_db
class TestDocumentListCounts:
    def test_counts_shown_are_each_documents_own(self, client, collection):
        publish("Three notes\n\nOne.¹\n\nTwo.² Three.³\n\nNotes\n\n1. a.\n2. b.\n3. c.\n", "three")
        publish("No notes\n\nOnly one paragraph here.\n", "bare")
        assert rows(client.get("/documents/").content) == {
            "weathersby-soviet-role": (51, 58),
            "shen-zhihua-interview": (50, 0),
            "three": (2, 3),
            "bare": (1, 0),
        }

    def test_the_api_reports_the_same_counts(self, client, collection):
        answer = client.get("/api/documents/weathersby-soviet-role").json()
        assert (answer["paragraph_count"], answer["note_count"]) == (51, 58)

    def test_queries_do_not_grow_with_the_documents(self, client, collection):
        def queries():
            with CaptureQueriesContext(connection) as captured:
                assert client.get("/documents/").status_code == 200
            return captured

        two = queries()
        for index in range(5):
            publish(f"Text {index}\n\nA paragraph.¹\n\nNotes\n\n1. A note.\n", f"text-{index}")
        seven = queries()
        assert len(seven) == len(two) <= 3
        (listing,) = [q["sql"] for q in seven.captured_queries if "paragraph" in q["sql"]]
        # not grouped by the document's columns (its source text among them), as a join would be
        assert 'GROUP BY "documents_document"' not in listing
