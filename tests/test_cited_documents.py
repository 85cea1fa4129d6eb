"""The cited documents as pages of their own: a list of every archival document the notes cite,
filtered by years, archive, fond, kind and author (links and a GET form: no JavaScript needed),
and a page per document with its address, the notes that cite it and the passages they support.
Expected results are read from the curated notes (fixtures/citations/), not from the code."""

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from citations.models import ArchivalDocument
from documents.models import Document

from .browser_tabs import load_site
from .linking_samples import PAPER

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "citations" / f"{PAPER}.json"


def curated_documents(archive: str | None = None, year: str | None = None) -> set[tuple]:
    """(date, title, author) of every archival document the curated notes cite."""
    found = set()
    for references in json.loads(FIXTURE.read_text(encoding="utf-8"))["notes"].values():
        for reference in references:
            document = reference.get("document")
            if not document:
                continue
            if archive and (reference.get("file") or {}).get("archive") != archive:
                continue
            if year and not document.get("date", "").startswith(year):
                continue
            found.add(
                (document.get("date", ""), document.get("title", ""), document.get("author", ""))
            )
    return found


def listed(html: str) -> set[tuple]:
    """(date, title, author) of the documents a list page shows, by the links it gives."""
    block = html.split('class="document-list cited-documents"', 1)
    if len(block) < 2:
        return set()
    pks = re.findall(r'href="/cited-documents/(\d+)/"', block[1].split("</ol>", 1)[0])
    return {
        (item.date, item.title, item.author)
        for item in ArchivalDocument.objects.filter(pk__in=[int(pk) for pk in pks])
    }


@pytest.mark.django_db
class TestTheList:
    def test_every_cited_document_is_listed(self, client):
        load_site()
        assert listed(client.get("/cited-documents/").content.decode()) == curated_documents()

    def test_1945_and_avprf_give_exactly_the_papers_1945_avprf_documents(self, client):
        load_site()
        expected = curated_documents(archive="avprf", year="1945")
        assert expected  # the paper cites several
        html = client.get("/cited-documents/?from=1945&to=1945&archive=avprf").content.decode()
        assert listed(html) == expected

    def test_a_year_that_is_not_one_is_refused_with_a_message(self, client):
        load_site()
        response = client.get("/cited-documents/?from=19x5")
        assert response.status_code == 400
        assert "is not a year" in response.content.decode()

    def test_a_document_cited_only_by_a_draft_is_invisible(self, client):
        load_site()
        Document.objects.filter(slug=PAPER).update(status=Document.Status.DRAFT)
        item = ArchivalDocument.objects.filter(citations__footnote__document__slug=PAPER).first()
        assert client.get(item.get_absolute_url()).status_code == 404
        assert listed(client.get("/cited-documents/").content.decode()) == set()

    def test_the_publics_whole_list_follows_a_text_unpublished_and_published(
        self, client, settings
    ):
        """The public's unfiltered list is kept rendered per collection version (finding
        what visible notes cite reads every citation): a text returned to draft takes its
        documents out on the next request, and publishing it again brings them back."""
        settings.PAGE_CACHE = False  # the kept list itself, not a cached page
        load_site()
        everything = listed(client.get("/cited-documents/").content.decode())
        assert everything == curated_documents()
        paper = Document.objects.get(slug=PAPER)
        paper.status = Document.Status.DRAFT
        paper.save()
        assert listed(client.get("/cited-documents/").content.decode()) == set()
        paper.status = Document.Status.PUBLISHED
        paper.save()
        assert listed(client.get("/cited-documents/").content.decode()) == everything


@pytest.mark.django_db
class TestADocumentPage:
    def test_maliks_memorandum_with_its_address_notes_and_passages(self, client):
        load_site()
        item = ArchivalDocument.objects.get(
            title="On the Question of a Single Government for Korea"
        )
        html = client.get(item.get_absolute_url()).content.decode()
        assert "10 December 1945" in html
        assert "Jacob Malik" in html
        assert "f. 0102, op. 1, d. 15, p. 1" in html
        assert "listy 18–21" in html or "ll. 18–21" in html or "18–21" in html
        assert 'href="/documents/weathersby-soviet-role/notes/14/#ref-1"' in html
        assert re.search(r'href="/documents/weathersby-soviet-role/#p-\d+"', html)
        assert "Cite this document" in html and "Single Government for Korea" in html

    def test_the_file_and_archive_pages_name_their_documents(self, client):
        load_site()
        item = ArchivalDocument.objects.get(
            title="On the Question of a Single Government for Korea"
        )
        for url in (item.file.get_absolute_url(), item.file.archive.get_absolute_url()):
            html = client.get(url).content.decode()
            assert f'href="{item.get_absolute_url()}"' in html, url


@pytest.mark.browser
def test_filter_to_1945_and_avprf_in_the_browser(page):
    load_site()
    page.goto(page.site + "/cited-documents/")
    page.fill("#from-year", "1945")
    page.fill("#to-year", "1945")
    page.get_by_role("button", name="Show").click()
    page.locator("#facet-archive").locator("xpath=..").get_by_role("link", name="AVPRF").click()
    expect(page).to_have_url(re.compile(r"archive=avprf"))
    shown = {
        int(href.rsplit("/", 2)[-2])
        for href in page.locator("ol.cited-documents a").evaluate_all(
            "links => links.map(a => a.getAttribute('href'))"
        )
    }
    assert {
        (item.date, item.title, item.author)
        for item in ArchivalDocument.objects.filter(pk__in=shown)
    } == curated_documents(archive="avprf", year="1945")


@pytest.mark.django_db
class TestADocumentCitedOften:
    """A document's page lists the notes that cite it in pages (cited_documents.py
    NOTES_PER_PAGE, 100; two here, so that the curated texts make several pages): every
    citation once across the pages, in the same order as one long page, each page with the
    passages its own notes support, and a page past the last a 404 that says so."""

    @staticmethod
    def notes_on(html: str) -> list[str]:
        block = html.split('class="cited-by-list"', 1)[1].split("</ul>", 1)[0]
        return re.findall(r'href="(/documents/[^"]+/notes/\d+/#ref-\d+)"', block)

    @staticmethod
    def passages_on(html: str) -> set[str]:
        if 'class="passages"' not in html:
            return set()
        block = html.split('class="passages"', 1)[1].split("</ul>", 1)[0]
        return set(re.findall(r'href="(/documents/[^"]+/#p-\d+)"', block))

    def test_the_notes_in_pages_of_two(self, client, monkeypatch):
        from citations.cited_documents import CitedDocumentView

        load_site()
        item = max(
            ArchivalDocument.objects.all(),
            key=lambda document: len(
                self.notes_on(client.get(document.get_absolute_url()).content.decode())
            ),
        )
        url = item.get_absolute_url()
        whole = client.get(url).content.decode()
        every, supported = self.notes_on(whole), self.passages_on(whole)
        assert len(every) == 4 and supported  # (the curated texts cite two documents 4 times)
        monkeypatch.setattr(CitedDocumentView, "paginate_by", 2)
        pages = [client.get(url, {"page": number}) for number in (1, 2)]
        assert [self.notes_on(page.content.decode()) for page in pages] == [every[:2], every[2:4]]
        paged = [self.passages_on(page.content.decode()) for page in pages]
        assert all(paged) and paged[0] | paged[1] == supported
        first = pages[0].content.decode()
        assert f"Cited {len(every)} times in the notes, 2 a page" in first
        assert f'href="{url}?page=2"' in first  # the way to the next page
        assert "Cite this document" in first and "Cite this document" in pages[1].content.decode()
        past = client.get(url, {"page": 99})
        assert past.status_code == 404
        assert "There is no page 99 of the notes citing this document" in past.content.decode()
        assert client.get(url, {"page": "x"}).status_code == 404
