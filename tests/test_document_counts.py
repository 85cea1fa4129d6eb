"""The document list counts each text's paragraphs and notes right, in queries that do not
multiply a document's paragraphs by its notes (the counts are subqueries, not one join)."""

import re

import pytest
from django.db import connection
from django.test import Client
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


def sorts_every_row(sql: str, params) -> bool:
    """Whether the database reads every matching document and sorts them all to answer `sql`,
    rather than walking an index in the order asked for and stopping at the page's end."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            details = [row[-1] for row in cursor.fetchall()]
            # "USE TEMP B-TREE FOR ORDER BY", or "… FOR RIGHT PART OF ORDER BY"
            return any("TEMP B-TREE" in line and "ORDER BY" in line for line in details)
        # With two texts PostgreSQL rightly prefers sorting them: ask what it would do if
        # sorting cost more than any index (at 1,000 documents it does the same unasked).
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("SET LOCAL enable_sort = on")
        return "Sort" in plan


@pytest.mark.django_db
class TestPagesOfDocumentsReadInOrder:
    """The home page's first texts, /documents/ and /api/documents are read in their order
    from an index: the database does not read every published document to sort them (on SQLite
    that meant reading each one's whole imported text: the home page took ~25 ms at 1,000
    documents for its six rows)."""

    @pytest.fixture
    def full_pages(self, collection):
        """Sixty more published texts: every list's first page is full, as in a collection."""
        Document.objects.bulk_create(
            Document(
                slug=f"filler-{number}",
                title=f"Filler {number:02d}",
                kind=Document.Kind.PRIMARY if number % 2 else Document.Kind.ARTICLE,
                status=Document.Status.PUBLISHED,
                source_text="A text of its own. " * 500,
            )
            for number in range(60)
        )

    @pytest.mark.parametrize(
        "url",
        ["/", "/documents/", "/documents/?page=2", "/api/documents", "/api/documents?kind=article"],
    )
    def test_no_sort_of_every_document(self, full_pages, settings, url):
        settings.PAGE_CACHE = False  # the page itself, not its kept copy
        with CaptureQueriesContext(connection) as captured:
            assert Client().get(url).status_code == 200
        listing = [
            q["sql"]
            for q in captured.captured_queries
            if q["sql"].startswith('SELECT "documents_document"."id"') and "ORDER BY" in q["sql"]
        ]
        assert listing, f"{url} listed no documents"
        for sql in listing:
            # the captured SQL has its parameters inlined; run it as it was sent
            assert not sorts_every_row(sql, None), f"{url} sorts every document:\n{sql}"
