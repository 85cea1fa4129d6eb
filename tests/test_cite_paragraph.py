"""Cite one paragraph (issue 14): every paragraph of the reader offers “Cite”, which gives the
text in Chicago (a note) and MLA (works cited and in the text) with the paragraph as locator,
its stable address (#p-N) and today's date of access."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from documents.models import Document

from .browser_tabs import load_site
from .linking_samples import PAPER

URL = f"/documents/{PAPER}/paragraphs/37/cite/"


@pytest.mark.django_db
class TestCiteAParagraph:
    def test_every_paragraph_of_the_reader_offers_its_citation(self, client):
        load_site()
        html = client.get(f"/documents/{PAPER}/").content.decode()
        positions = Document.objects.get(slug=PAPER).paragraphs.values_list("position", flat=True)
        for position in positions:
            # relative to the reader's own address, /documents/<slug>/
            assert f'href="paragraphs/{position}/cite/"' in html

    def test_paragraph_37_in_chicago_and_mla(self, client):
        load_site()
        response = client.get(URL)
        assert response.status_code == 200
        page = response.content.decode()
        today = datetime.date.today()
        chicago = re.search(r'id="cite-chicago-note"[^>]*>(.*?)</blockquote>', page, re.S).group(1)
        assert "Weathersby" in chicago and "para. 37" in chicago
        assert f"http://testserver/documents/{PAPER}/#p-37" in chicago
        assert f"{today:%B} {today.day}, {today.year}" in chicago  # accessed
        mla = re.search(r'id="cite-mla-works"[^>]*>(.*?)</blockquote>', page, re.S).group(1)
        assert "#p-37" in mla and f"Accessed {today.day}" in mla
        in_text = re.search(r'id="cite-mla-in"[^>]*>(.*?)</blockquote>', page, re.S).group(1)
        assert "par. 37" in in_text

    def test_no_such_paragraph_or_a_draft_is_404(self, client):
        load_site()
        assert client.get(f"/documents/{PAPER}/paragraphs/999/cite/").status_code == 404
        Document.objects.filter(slug=PAPER).update(status=Document.Status.DRAFT)
        assert client.get(URL).status_code == 404


@pytest.mark.browser
def test_from_the_reader_to_the_citation_of_paragraph_37(page):
    load_site()
    page.goto(f"{page.site}/documents/{PAPER}/#p-37")
    page.locator("#p-37 .cite-paragraph").click()
    expect(page.locator("h1")).to_have_text("Cite paragraph 37")
    expect(page.locator("#cite-chicago-note")).to_contain_text("para. 37")
