"""What a researcher's Zotero saves from the reader, read by the rules of Zotero's own
Embedded Metadata translator (tests/zotero_rules.py): the item type, the creators with the
family name right, a date only where the text has one, the title and the address."""

import pytest

from documents.models import Document
from tests.zotero_rules import coins_items, saved_item

PAPER = "/documents/weathersby-soviet-role/"
INTERVIEW = "/documents/shen-zhihua-interview/"


@pytest.mark.django_db
class TestTheReader:
    def test_the_paper_is_a_document_by_weathersby_with_no_date(self, client, collection):
        item = saved_item(client.get(PAPER).content.decode())
        # No journal is known, so not a journal article; no date is known, so none (a cited
        # telegram's date is not the paper's).
        assert item["itemType"] == "document"
        assert item["creators"] == [
            {"lastName": "Weathersby", "firstName": "Kathryn", "creatorType": "author"}
        ]
        assert item["date"] is None
        assert item["title"] == (
            "US Hegemony in Korean Studies and the Soviet Role in Early Postwar Korea"
        )
        assert item["url"] == f"http://testserver{PAPER}"
        assert "publicationTitle" not in item

    def test_the_interview_is_an_interview_of_shen_zhihua(self, client, collection):
        item = saved_item(client.get(INTERVIEW).content.decode())
        assert item["itemType"] == "interview"
        # Family name first, as in Chinese: the translator splits at the comma.
        assert item["creators"] == [
            {"lastName": "Shen", "firstName": "Zhihua", "creatorType": "interviewee"}
        ]
        assert item["date"] == "2024"
        assert item["title"].startswith("Shen Zhihua on China, North Korea and the Cold War")

    def test_a_text_whose_journal_is_known_is_a_journal_article(self, client, collection):
        document = Document.objects.get(slug="weathersby-soviet-role")
        document.publication = "Journal of Cold War Studies"
        document.publication_date = "2021-05"
        document.save()  # as an editor saves it (signals keep the render and cache fresh)
        item = saved_item(client.get(PAPER).content.decode())
        assert item["itemType"] == "journalArticle"
        assert item["publicationTitle"] == "Journal of Cold War Studies"
        assert item["date"] == "2021-05"


@pytest.mark.django_db
class TestANotePage:
    def test_the_archival_document_behind_note_14(self, client, collection):
        (item,) = coins_items(client.get(f"{PAPER}notes/14/").content.decode())
        assert item["itemType"] == "manuscript"
        assert item["title"] == "On the Question of a Single Government for Korea"
        assert item["creators"] == [
            {"lastName": "Malik", "firstName": "Jacob", "creatorType": "author"}
        ]
        assert item["date"] == "1945-12-10"
        # OpenURL has no archive field: the archive and address are in the abstract
        assert item["abstractNote"] == (
            "Archive: Archive of the Foreign Policy of the Russian Federation, "
            "f. 0102, op. 1, d. 15, p. 1, ll. 18–21"
        )

    def test_a_note_citing_several_works_offers_each(self, client, collection):
        items = coins_items(client.get(f"{PAPER}notes/1/").content.decode())
        assert len(items) == 3  # three works (the note's fourth passage explains)
        paper = next(item for item in items if item["itemType"] == "conferencePaper")
        assert paper["publicationTitle"] == "conference on the division of Korea"
        assert "title" not in paper  # untitled, as the note gives it
        matray = next(item for item in items if item["creators"][0]["lastName"] == "Matray")
        assert matray["itemType"] == "book" and matray["date"] == "1985"
        assert matray["title"].startswith("The Reluctant Crusade")

    def test_the_thesis_and_the_file_of_note_36(self, client, collection):
        items = coins_items(client.get(f"{PAPER}notes/36/").content.decode())
        assert sorted(item["itemType"] for item in items) == ["manuscript", "thesis"]
        thesis = next(item for item in items if item["itemType"] == "thesis")
        assert thesis["creators"] == [
            {"lastName": "Lebedev", "firstName": "Vasilii", "creatorType": "author"}
        ]

    def test_the_reader_page_offers_only_the_text_itself(self, client, collection):
        # (COinS would win over the page's own metadata in Zotero: none on the reader)
        assert coins_items(client.get(PAPER).content.decode()) == []


@pytest.mark.django_db
class TestListsOfThings:
    def test_the_bibliography_offers_every_work(self, client, collection):
        items = coins_items(client.get("/sources/").content.decode())
        assert len(items) == 34  # the works the notes cite, once each
        thesis = next(item for item in items if item["itemType"] == "thesis")
        assert thesis["publisher"] == "Department of History, Korea University"
        wada = next(
            item
            for item in items
            if item["creators"][:1] and item["creators"][0]["lastName"] == "Wada"
        )
        assert wada["creators"][0]["firstName"] == "Haruki"

    def test_an_archival_file_offers_its_documents(self, client, collection):
        from citations.models import ArchivalFile

        url = ArchivalFile.objects.get(
            archive__slug="avprf", fond="0102", opis="1", delo="15", papka="1"
        ).get_absolute_url()
        items = coins_items(client.get(url).content.decode())
        assert {item["itemType"] for item in items} == {"manuscript"}
        malik = next(item for item in items if item.get("title", "").startswith("On the Question"))
        assert malik["date"] == "1945-12-10"
        assert "f. 0102, op. 1, d. 15, p. 1, ll. 18–21" in malik["abstractNote"]
