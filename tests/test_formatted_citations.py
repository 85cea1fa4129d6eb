"""Formatted citations read as a careful editor would write them: American punctuation inside
the quotation marks, a title printed once for a work without an author, title case that does
not stop at a parenthesis; on both texts, on a text without an author, and in the reader's
short forms."""

import re

import pytest

from citations import formatting
from citations.models import Source
from citations.references import short_form
from documents.models import CollectionVersion, Document

PAPER = "/documents/weathersby-soviet-role"
OUTSIDE = re.compile(r"”[.,]")  # a comma or period after the closing quotation mark


def styles(document) -> dict[str, str]:
    return {
        style["key"]: style["text"] for style in formatting.cite_this(document, "https://x.test/")
    }


@pytest.mark.django_db
class TestCiteThis:
    def test_the_paper(self, client, weathersby_paper):
        text = styles(weathersby_paper)
        title = "US Hegemony in Korean Studies and the Soviet Role in Early Postwar Korea"
        assert text["chicago"].startswith(f"Weathersby, Kathryn. “{title},” n.d.")
        assert text["mla"].startswith(f"Weathersby, Kathryn. “{title}.” https://x.test/")
        page = client.get(f"{PAPER}/cite/").content.decode()
        assert f"“{title},” n.d." in page and f"“{title}.” http" in page

    def test_the_interview(self, interview):
        text = styles(interview)
        assert text["chicago"].startswith("Shen, Zhihua. Shen Zhihua on China")
        assert "(Interview Excerpt).” 2024" in text["mla"]
        assert "(interview Excerpt)" not in text["mla"]
        for style in text.values():
            assert not OUTSIDE.search(style)
            assert style.count("Shen Zhihua on China") == 1

    def test_a_text_without_an_author_names_its_title_once(self, weathersby_paper):
        weathersby_paper.authors = ""
        text = styles(weathersby_paper)
        title = "US Hegemony in Korean Studies and the Soviet Role in Early Postwar Korea"
        version = f"Collection version {CollectionVersion.objects.current()}."
        assert text["mla"] == f"“{title}.” https://x.test/. {version}"
        assert text["chicago"] == f"“{title},” n.d. https://x.test/. {version}"

    def test_a_title_ending_in_a_question_mark_takes_no_more_punctuation(self, db):
        document = Document(slug="q", title="Who Started the Korean War?", authors="Jane Doe")
        text = styles(document)
        assert "“Who Started the Korean War?” n.d." in text["chicago"]
        assert "“Who Started the Korean War?” https" in text["mla"]

    def test_the_data_stays_escaped(self, db):
        document = Document(slug="x", title="A <b>bold</b> “claim”, & more", authors="")
        for style in formatting.cite_this(document):
            assert "<b>" not in style["html"] and "&lt;b&gt;" in style["html"]


@pytest.mark.django_db
def test_the_readers_short_forms(collection):
    shown = [str(short_form(source, "12")) for source in Source.objects.all()]
    assert len(shown) > 30
    for line in shown:
        assert not OUTSIDE.search(line), line
    assert any("“New Russian Documents,” 12." in line for line in shown)
