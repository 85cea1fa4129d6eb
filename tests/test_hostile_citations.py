"""An editor's text reaches public pages as text, also where it passes through the CSL
processor (citeproc-py), which copies data into its HTML as is: a pinpoint, a source's title,
author or publisher written as markup is shown as those characters and never runs."""

import pytest
from playwright.sync_api import expect

from citations.models import Citation

from .browser_tabs import load_site
from .linking_samples import PAPER

SCRIPT = "75<script>window.__xss = 'pinpoint'</script>"
IMAGE = '"><img src=x onerror="window.__xss = \'title\'">'
CLOSER = "</i></cite><svg onload=\"window.__xss = 'author'\">"


def poison_a_published_reference() -> Citation:
    """A published work cited with a page pinpoint (the short form the processor writes),
    its pinpoint, title, author and publisher set to markup that would run."""
    citation = (
        Citation.objects.filter(
            footnote__document__slug=PAPER,
            kind=Citation.Kind.PUBLISHED,
            source__isnull=False,
            pinpoint_unit__in=("", "page"),
        )
        .exclude(pinpoint="")
        .select_related("source", "footnote")
        .first()
    )
    citation.pinpoint = SCRIPT
    citation.save()
    source = citation.source
    source.title = IMAGE
    source.publisher = IMAGE
    source.authors = [{"family": CLOSER, "given": "<b>Bold</b>"}]
    source.save()
    return citation


@pytest.mark.django_db
class TestServedAsText:
    def test_the_reader_and_the_note_page_escape_what_the_processor_formats(self, client):
        load_site()
        citation = poison_a_published_reference()
        for url in (
            f"/documents/{PAPER}/",
            citation.footnote.get_absolute_url(),
            f"/documents/{PAPER}/cite/",
            "/sources/",
        ):
            html = client.get(url).content.decode()
            for raw in ("<script>window.__xss", "<img src=x", "<svg onload", "<b>Bold"):
                assert raw not in html, (url, raw)
        # the note's references are shown on its page (and fetched from there into the popover)
        note_page = client.get(citation.footnote.get_absolute_url()).content.decode()
        assert "75&lt;script&gt;window.__xss" in note_page


@pytest.mark.browser
@pytest.mark.one_pass  # (what Chromium makes of the page; TestServedAsText runs on both)
class TestNoScriptRuns:
    def test_a_superuser_opening_the_reader_runs_nothing_an_editor_wrote(self, page):
        load_site()
        citation = poison_a_published_reference()
        number = citation.footnote.number
        page.goto(f"{page.site}/documents/{PAPER}/#fn-{number}")
        page.locator(f"#fnref-{number}").first.hover()
        popover = page.locator("#note-popover")
        expect(popover).to_be_visible()
        # the references, fetched from the note's page into the popover, arrive as text
        expect(popover).to_contain_text("75<script>window.__xss = 'pinpoint'</script>")
        expect(popover).to_contain_text(IMAGE)
        page.goto(page.site + citation.footnote.get_absolute_url())
        expect(page.locator("main")).to_contain_text(IMAGE)
        assert page.evaluate("window.__xss") is None
