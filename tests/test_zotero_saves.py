"""What a researcher's Zotero saves from the reader, read by the rules of Zotero's own
Embedded Metadata translator (tests/zotero_rules.py): the item type, the creators with the
family name right, a date only where the text has one, the title and the address."""

import pytest

from documents.models import Document
from tests.zotero_rules import saved_item

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
        Document.objects.filter(slug="weathersby-soviet-role").update(
            publication="Journal of Cold War Studies", publication_date="2021-05"
        )
        item = saved_item(client.get(PAPER).content.decode())
        assert item["itemType"] == "journalArticle"
        assert item["publicationTitle"] == "Journal of Cold War Studies"
        assert item["date"] == "2021-05"
