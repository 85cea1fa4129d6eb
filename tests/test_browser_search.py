"""Search in a real browser: the form on /search/, results from the text and the notes with
the matched words marked, and a result that takes the reader to the very paragraph."""

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_search_for_shtykov_and_follow_a_result(page):
    call_command("load_collection", verbosity=0, stdout=io.StringIO())

    page.goto(page.site + "/search/")
    page.get_by_label("Search the texts and notes").fill("Shtykov")
    page.get_by_role("button", name="Search").click()

    expect(page).to_have_url(re.compile(r"/search/\?q=Shtykov$"))
    expect(page.locator(".result-count")).to_contain_text("passages found for “Shtykov”")
    paragraphs = page.locator(".search-result.result-paragraph")
    notes = page.locator(".search-result.result-note")
    expect(paragraphs.first).to_be_visible()
    expect(notes.first).to_be_visible()
    assert paragraphs.count() >= 3 and notes.count() >= 2
    expect(
        notes.filter(has_text="Vyshinsky").get_by_role("link", name="Note page")
    ).to_have_attribute("href", "/documents/weathersby-soviet-role/notes/40/")
    marked = page.locator(".snippet mark")
    assert marked.count() >= paragraphs.count() + notes.count()
    # a name: the spellings of Shtykov the texts print are marked (tests/test_name_search.py)
    assert {text.lower() for text in marked.all_inner_texts()} <= {"shtykov", "terentii f. shtykov"}

    # Facets work without JavaScript too: they are plain links.
    page.locator(".facet").get_by_role("link", name="Note", exact=True).click()
    expect(page).to_have_url(re.compile(r"kind=note"))
    expect(page.locator(".search-result.result-paragraph")).to_have_count(0)
    expect(page.locator(".search-result.result-note").first).to_be_visible()
    page.go_back()

    link = page.locator(".search-result.result-paragraph .result-place a").first
    href = link.get_attribute("href")
    anchor = href.rsplit("#", 1)[1]
    assert re.fullmatch(r"p-\d+", anchor)
    link.click()
    expect(page).to_have_url(re.compile(r"/documents/weathersby-soviet-role/#" + anchor + "$"))
    paragraph = page.locator(f"#{anchor}")
    expect(paragraph).to_contain_text("Shtykov")
    expect(paragraph).to_be_in_viewport()
    assert page.foreign_requests == []
