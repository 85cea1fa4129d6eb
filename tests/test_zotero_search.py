"""What a researcher's Zotero offers from a page of search results, read by the rules of
Zotero's COinS translator (tests/zotero_rules.py): a paragraph found offers the text it
belongs to, as its reader page saves it; a note found offers what it cites, as its note page
does; each item once; nothing from a draft."""

import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from documents.models import Document
from tests.zotero_rules import coins_items, saved_item

PAPER = "weathersby-soviet-role"
INTERVIEW = "shen-zhihua-interview"
RESULT_LINK = re.compile(r'<p class="result-place"><a href="([^"]+)">')


def search(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    page = response.content.decode()
    return [html.unescape(link) for link in RESULT_LINK.findall(page)], coins_items(page)


def key(item):
    """What the item is for a researcher: type, creators, title, date."""
    return item["itemType"], repr(item["creators"]), item.get("title"), item.get("date")


@pytest.mark.django_db
class TestSearchResults:
    def test_paragraphs_of_the_paper_offer_the_paper_once(self, client, collection):
        links, items = search(client, q="Stalin", document=PAPER, kind="body")
        assert len(links) > 1  # several paragraphs of one text: one item
        (item,) = items
        assert item["itemType"] == "document"  # as its reader page: no journal is known
        assert item["creators"] == [
            {"lastName": "Weathersby", "firstName": "Kathryn", "creatorType": "author"}
        ]
        assert item["title"] == (
            "US Hegemony in Korean Studies and the Soviet Role in Early Postwar Korea"
        )
        assert "date" not in item  # the paper gives none
        assert item["url"] == f"http://testserver/documents/{PAPER}/"

    def test_a_paragraph_of_the_interview_offers_the_interview(self, client, collection):
        links, items = search(client, q="anniversary")
        assert links == [f"/documents/{INTERVIEW}/#p-11"]
        (item,) = items
        assert item["itemType"] == "interview"
        assert item["creators"] == [
            {"lastName": "Shen", "firstName": "Zhihua", "creatorType": "interviewee"}
        ]
        assert item["date"] == "2024"
        assert item["title"].startswith("Shen Zhihua on China, North Korea and the Cold War")

    def test_a_note_offers_the_archival_document_it_cites(self, client, collection):
        links, items = search(client, q="Malik", kind="note")
        assert f"/documents/{PAPER}/#fn-14" in links
        malik = next(item for item in items if item.get("title", "").startswith("On the Question"))
        assert malik["itemType"] == "manuscript"
        assert malik["creators"] == [
            {"lastName": "Malik", "firstName": "Jacob", "creatorType": "author"}
        ]
        assert malik["date"] == "1945-12-10"
        assert malik["abstractNote"] == (
            "Archive: Archive of the Foreign Policy of the Russian Federation, "
            "f. 0102, op. 1, d. 15, p. 1, ll. 18–21"
        )
        # Two notes cite Malik's report (14, and 20 again): Zotero lists it once.
        assert len(links) == 2 and len(items) == len({key(item) for item in items})

    def test_a_note_by_two_people_offers_both_as_authors(self, client, collection):
        links, items = search(client, q="Tunkin")
        assert links == [f"/documents/{PAPER}/#fn-39"]
        (item,) = items
        assert item["itemType"] == "manuscript"
        assert [creator["lastName"] for creator in item["creators"]] == ["Shtykov", "Tunkin"]
        assert item["date"] == "1948-03-13"

    def test_a_page_offers_what_the_pages_of_its_results_save(self, client, collection):
        """The oracle: each note found's own page (its COinS), each paragraph's reader page
        (its Highwire tags, read by the Embedded Metadata rules)."""
        links, items = search(client, q="Molotov")
        assert any("#fn-" in link for link in links) and any("#p-" in link for link in links)
        expected = {}
        for link in links:
            reader, _, anchor = link.partition("#")
            if anchor.startswith("fn-"):
                found = coins_items(client.get(f"{reader}notes/{anchor[3:]}/").content.decode())
            else:
                found = [saved_item(client.get(reader).content.decode())]
            for item in found:
                expected.setdefault(key(item), item)
        assert len(expected) > 3
        assert [key(item) for item in items] == list(expected)

    def test_a_note_that_says_ibid_offers_what_it_repeats(self, client, collection, settings):
        """Notes 16-18 of the paper are *Ibid.* of note 15 (Petukhov's report): each offers
        the report, as its note page does, read with the other citations of the page's
        notes in two queries."""
        settings.PAGE_CACHE = False  # the page's own queries
        with CaptureQueriesContext(connection) as queries:
            links, items = search(client, q="Ibid", document=PAPER)
        read = [query["sql"] for query in queries if '"citations_citation"' in query["sql"]]
        assert {f"/documents/{PAPER}/#fn-{n}" for n in (7, 16, 17, 18, 49, 53)} <= set(links)
        report = [item for item in items if item.get("title", "").startswith("Soviet–American")]
        assert len(report) == 1 and report[0]["date"] == "1945-12"
        expected = {}
        for link in links:
            reader, _, anchor = link.partition("#")
            page = client.get(f"{reader}notes/{anchor[3:]}/").content.decode()
            for item in coins_items(page):  # (two telegrams of one day differ by folio)
                expected.setdefault(repr(sorted(item.items())), item)
        assert len(expected) >= 5 and items == list(expected.values())
        assert 1 <= len(read) <= 2, read  # (read before the note pages: a request empties the log)


@pytest.mark.django_db
class TestDrafts:
    def test_staff_see_a_drafts_results_with_nothing_to_save(self, editor_client, collection):
        document = Document.objects.get(slug=PAPER)
        document.status = Document.Status.DRAFT
        document.save()
        links, items = search(editor_client, q="Malik")
        assert links and all(PAPER in link for link in links)
        assert items == []
        # The published interview's results still offer it, beside the draft's.
        links, items = search(editor_client, q="Stalin")
        assert {link.split("/")[2] for link in links} == {PAPER, INTERVIEW}
        assert [item["itemType"] for item in items] == ["interview"]
