"""The public lists do not grow with the collection: the home page shows the first texts and
a count, /documents/ and /sources/ come in pages (?page=N, plain links, a clear 404 for a page
that does not exist), a work on /sources/ shows its first citations and links to its own page
with all of them, and every one of these pages reads as many queries with sixty more texts as
with the two curated ones."""

import re
from types import SimpleNamespace

import pytest
from django.core.cache import caches
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from citations import curation
from citations.sources import CITATIONS_SHOWN, SOURCES_PER_PAGE
from documents.api.pagination import PageParams
from documents.curation import edition
from documents.models import Document
from documents.reader.views import DOCUMENTS_PER_PAGE, HOME_DOCUMENTS
from documents.texts.importer import import_bytes

from . import curated

GROWN = 60  # more texts than a page of documents holds, and more new works than a page of sources
CURATED = ("/documents/weathersby-soviet-role/", "/documents/shen-zhihua-interview/")


def add_text(n: int, status=Document.Status.PUBLISHED) -> Document:
    """A text whose note 1 cites a book of its own and note 2 the book every added text cites."""
    slug = f"added-{n:03}"
    text = f"Added text {n}\n\nA claim.¹ Another.²\n\nNotes\n\n1. Author {n}. *Book {n}*.\n2. Often. *Often Cited*.\n"
    document, _ = import_bytes(text.encode(), slug=slug)
    document.status = status
    document.save()
    spec = {
        "document": slug,
        "sources": {
            f"book-{n:03}": {"type": "book", "title": f"Book {n}", "issued": "2000"},
            "often-cited": {"type": "book", "title": "Often Cited", "issued": "1999"},
        },
        "notes": {
            "1": [{"kind": "published", "printed": "Book", "source": f"book-{n:03}"}],
            "2": [{"kind": "published", "printed": "Often", "source": "often-cited"}],
        },
    }
    curation.load(document, spec)
    return document


def grow(count: int = GROWN) -> None:
    """In one transaction: in a live-server test each text committed on its own would record a
    new collection version and render the published texts again, sixty times over."""
    with transaction.atomic():
        for n in range(1, count + 1):
            add_text(n)


@curated.committed_fixture
def sixty_more_texts() -> SimpleNamespace:
    """The collection grown by sixty texts (`grow`), made once and committed for the tests that
    ask (curated.committed_fixture: 0.8 s on SQLite, 2 s on PostgreSQL each time; the commit
    records a collection version, as an editor's does). `queries_before`: the queries each of
    PAGES read with the collection alone, before the growth, counted as a test counts them
    (page cache off, caches empty, the collection's version read); `published`: the number of
    published texts after."""
    before = {}
    with override_settings(PAGE_CACHE=False):
        for url, *_ in PAGES:
            for cache in caches.all():
                cache.clear()
            edition.current()
            before[url], _ = count_queries(Client(), url)
    grow()
    return SimpleNamespace(queries_before=before, published=Document.objects.published().count())


@pytest.fixture
def grown(sixty_more_texts) -> int:
    """The collection with sixty more texts: the number published."""
    return sixty_more_texts.published


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def listed_documents(page: str) -> list[str]:
    """The documents a page of /documents/ lists, in order (their slugs)."""
    table = page[page.index("<tbody>") : page.index("</tbody>")]
    return re.findall(r'<tr>\s*<td><a href="/documents/([^/]+)/">', table)


def listed_sources(page: str) -> list[str]:
    return re.findall(r'<li id="([^"]+)">', page)


def nav(page: str) -> str:
    found = re.search(r'<nav class="page-nav" aria-label="[^"]+">.*?</nav>', page, re.S)
    assert found, "no page navigation"
    return found.group(0)


@pytest.mark.django_db
class TestHomePage:
    def test_the_curated_texts_a_count_and_the_way_to_all(self, client, grown):
        page = html(client.get("/"))
        cards = re.findall(r'<li class="card">\s*<h3><a href="([^"]+)"', page)
        assert len(cards) == HOME_DOCUMENTS
        assert set(CURATED) <= set(cards)
        assert f'holds <span class="count">{grown}</span> documents' in page
        assert f'<a href="/documents/">All {grown} documents' in page

    def test_its_counts_follow_a_text_published_and_returned_to_draft_at_once(
        self, editor, collection, settings
    ):
        """The first texts and the counts are kept per collection version for the public (no
        query for the page, uncached); any change shows on the next request, and staff are
        counted live."""
        from django.test import Client

        settings.PAGE_CACHE = False  # the page itself is built each time: its queries count
        public, staff = Client(), Client()
        staff.force_login(editor)
        grow(HOME_DOCUMENTS)  # one more than the home page shows: the count appears
        total = HOME_DOCUMENTS + 2
        assert f'holds <span class="count">{total}</span> documents' in html(public.get("/"))
        with CaptureQueriesContext(connection) as captured:
            public.get("/")
        assert len(captured) == 0  # the first texts and the counts are kept
        first = Document.objects.order_by("created", "pk").first()
        first.title = "A title changed by an editor"
        first.save()
        assert "A title changed by an editor" in html(public.get("/"))
        draft = add_text(HOME_DOCUMENTS + 1)
        assert f'holds <span class="count">{total + 1}</span>' in html(public.get("/"))
        draft.status = Document.Status.DRAFT
        draft.save()
        assert f'holds <span class="count">{total}</span>' in html(public.get("/"))
        assert f'holds <span class="count">{total + 1}</span>' in html(staff.get("/"))

    def test_with_the_two_texts_both_are_shown_and_no_count_is_needed(self, client, collection):
        page = html(client.get("/"))
        cards = re.findall(r'<li class="card">\s*<h3><a href="([^"]+)"', page)
        assert sorted(cards) == sorted(CURATED)
        assert "The collection holds" not in page


@pytest.mark.django_db
class TestDocumentPages:
    def test_each_document_once_across_the_pages_in_list_order(self, client, grown):
        first = html(client.get("/documents/"))
        second = html(client.get("/documents/?page=2"))
        assert len(listed_documents(first)) == DOCUMENTS_PER_PAGE
        on_both = listed_documents(first) + listed_documents(second)
        assert len(on_both) == len(set(on_both)) == grown
        expected = list(
            Document.objects.published()
            .order_by("kind", "title", "pk")
            .values_list("slug", flat=True)
        )
        assert on_both == expected
        assert "this page lists 51 to 62" in second

    def test_the_links_between_pages_work_without_javascript(self, client, grown):
        first = nav(html(client.get("/documents/")))
        assert 'aria-label="Pages of the document list"' in first
        assert '<a href="/documents/" aria-current="page">' in first
        assert 'rel="prev"' not in first
        (next_url,) = re.findall(r'<a rel="next" href="([^"]+)"', first)
        second = html(client.get(next_url))
        assert '<a href="/documents/?page=2" aria-current="page">' in nav(second)
        (previous_url,) = re.findall(r'<a rel="prev" href="([^"]+)"', nav(second))
        assert previous_url == "/documents/"
        assert 'rel="next"' not in nav(second)
        assert "<title>Documents (page 2 of 2)" in second

    @pytest.mark.parametrize(
        ("asked", "says"),
        [
            ("3", "There is no page 3 of the documents: they are on pages 1 to 2."),
            ("0", "There is no page 0 of the documents"),
            ("-1", "There is no page -1 of the documents"),
            ("last", "“last” is not a page number: the documents are on pages 1 to 2."),
            ("2.5", "“2.5” is not a page number"),
        ],
    )
    def test_a_page_that_does_not_exist_is_a_404_that_says_so(self, client, grown, asked, says):
        response = client.get("/documents/", {"page": asked})
        assert response.status_code == 404
        page = response.content.decode()
        assert says in page
        assert '<a href="/documents/?page=2">The last page</a>' in page

    def test_one_page_needs_no_navigation(self, client, collection):
        page = html(client.get("/documents/"))
        assert 'class="page-nav"' not in page
        missing = client.get("/documents/?page=2")
        assert missing.status_code == 404
        said = missing.content.decode()
        assert "There is no page 2 of the documents: they are on one page." in said
        assert '<a href="/documents/">The whole list, on one page</a>' in said
        assert "The last page" not in said

    def test_drafts_are_neither_listed_nor_counted_for_the_public(self, client, collection):
        for n in range(1, DOCUMENTS_PER_PAGE):
            add_text(n, status=Document.Status.DRAFT)
        page = html(client.get("/documents/"))
        assert listed_documents(page) and "added-" not in page
        assert 'class="page-nav"' not in page


@pytest.mark.django_db
class TestSourcePages:
    def test_a_work_cited_often_shows_its_first_notes_and_links_to_all(self, client, grown):
        both = html(client.get("/sources/")) + html(client.get("/sources/?page=2"))
        entry = re.search(r'<li id="often-cited">.*?</li>', both, re.S).group(0)
        assert len(re.findall(r">note \d+</a>", entry)) == CITATIONS_SHOWN
        assert (
            f'<a href="/sources/often-cited/">All {GROWN} citations of it, in {GROWN} texts</a>'
            in entry
        )

    def test_the_works_page_lists_every_note_that_cites_it_by_text(self, client, grown):
        page = html(client.get("/sources/often-cited/"))
        assert f"Cited {GROWN} times" in page
        texts = re.findall(r'<h3>In <cite><a href="/documents/([^/]+)/">', page)
        assert sorted(texts) == [f"added-{n:03}" for n in range(1, GROWN + 1)]
        assert len(re.findall(r'notes/2/#ref-1">note 2</a>', page)) == GROWN
        assert client.get("/sources/often-cited/?page=2").status_code == 404

    def test_each_work_once_across_the_pages_in_bibliography_order(self, client, grown):
        first = listed_sources(html(client.get("/sources/")))
        second = listed_sources(html(client.get("/sources/?page=2")))
        assert len(first) == SOURCES_PER_PAGE
        assert len(first + second) == len(set(first + second))
        assert {f"book-{n:03}" for n in range(1, GROWN + 1)} | {"often-cited"} <= set(
            first + second
        )
        # bibliography order runs on from one page to the next: “Author 1” … then the rest
        assert first.index("book-001") < first.index("book-002")
        page = html(client.get("/sources/?page=2"))
        assert '<a href="/sources/?page=2" aria-current="page">' in nav(page)
        assert 'aria-label="Pages of the sources"' in nav(page)
        assert client.get("/sources/?page=3").status_code == 404

    def test_a_work_is_its_own_address(self, client, grown):
        from citations.models import Source

        assert Source.objects.get(slug="often-cited").get_absolute_url() == "/sources/often-cited/"
        # the note's references are on the note's own page (the reader links to it)
        note_page = html(client.get("/documents/added-001/notes/2/"))
        assert 'href="/sources/often-cited/"' in note_page

    def test_a_work_cited_only_by_a_draft_has_no_page_for_the_public(
        self, client, editor, collection
    ):
        add_text(7, status=Document.Status.DRAFT)
        assert client.get("/sources/book-007/").status_code == 404
        assert 'id="book-007"' not in client.get("/sources/").content.decode()
        client.force_login(editor)
        assert client.get("/sources/book-007/").status_code == 200


@pytest.mark.django_db
class TestKeptSourcesFollowEveryChange:
    """The public's order and pages of /sources/ are kept per collection version (the page
    cache off here): every change shows on the next request; staff get them live."""

    def test_a_work_renamed_a_new_text_citing_a_new_work_and_a_text_unpublished(
        self, client, collection, settings
    ):
        from citations.models import Source

        settings.PAGE_CACHE = False
        assert "Book 1</cite>" not in html(client.get("/sources/"))
        add_text(1)
        page = html(client.get("/sources/"))
        assert 'id="book-001"' in page and 'id="often-cited"' in page
        often = Source.objects.get(slug="often-cited")
        often.title = "Often Cited, Revised"
        often.save()
        assert "Often Cited, Revised" in html(client.get("/sources/"))
        added = Document.objects.get(slug="added-001")
        added.status = Document.Status.DRAFT
        added.save()
        page = html(client.get("/sources/"))
        assert 'id="book-001"' not in page and 'id="often-cited"' not in page

    def test_staff_see_the_works_only_a_draft_cites(self, client, editor, collection, settings):
        settings.PAGE_CACHE = False
        html(client.get("/sources/"))  # kept for the public
        add_text(7, status=Document.Status.DRAFT)
        client.force_login(editor)
        assert 'id="book-007"' in html(client.get("/sources/"))
        client.logout()
        assert 'id="book-007"' not in html(client.get("/sources/"))


def count_queries(client, url) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        assert response.status_code == 200, url
    return len(queries), response


# (page, how many items it may list, and how to count them)
PAGES = [
    ("/", HOME_DOCUMENTS, lambda r: len(re.findall(r'<li class="card">', r.content.decode()))),
    ("/documents/", DOCUMENTS_PER_PAGE, lambda r: len(listed_documents(r.content.decode()))),
    ("/sources/", SOURCES_PER_PAGE, lambda r: len(listed_sources(r.content.decode()))),
    ("/sources/matray-1985/", 100, lambda r: len(re.findall(r">note \d+</a>", r.content.decode()))),
    ("/api/documents", PageParams().page_size, lambda r: len(r.json()["items"])),
]


@pytest.mark.django_db
class TestBoundedWhateverTheCollection:
    @pytest.mark.parametrize(("url", "most", "items"), PAGES, ids=[page[0] for page in PAGES])
    def test_same_queries_and_a_bounded_page_with_sixty_more_texts(
        self, client, sixty_more_texts, settings, url, most, items
    ):
        settings.PAGE_CACHE = False  # the page's own queries, not a cached copy
        before = sixty_more_texts.queries_before[url]  # counted before the sixty were added
        after, response = count_queries(client, url)
        assert after == before
        assert items(response) <= most

    def test_the_publics_sources_page_is_kept_until_a_change(self, client, grown, settings):
        settings.PAGE_CACHE = False
        first, page = count_queries(client, "/sources/")
        again, same = count_queries(client, "/sources/")
        assert again < first and again <= 1  # the collection's version at most: nothing else
        assert same.content == page.content
