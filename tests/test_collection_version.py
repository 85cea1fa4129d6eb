"""The collection's version (issue 14): every public page and every citation names the state of
the collection it shows, and the version moves on when editors publish a change, not when they
save a draft (documents.curation.edition)."""

import json
import re

import pytest
from django.test import Client
from playwright.sync_api import expect

from citations import exports
from documents.caching import pages, stored
from documents.curation import edition
from documents.curation.publishing import publish, unpublish
from documents.models import CollectionVersion, Document, RenderedPart, Section

from .browser_tabs import load_site
from .linking_samples import INTERVIEW, PAPER

PAPER_URL = f"/documents/{PAPER}/"
CITE_37 = f"/documents/{PAPER}/paragraphs/37/cite/"


def read(url: str) -> str:
    """The page as an anonymous visitor gets it (page cache and stored renders on)."""
    response = Client().get(url)
    assert response.status_code == 200
    return response.content.decode()


def footer_version(page: str) -> str:
    return re.search(r'class="version-label">([^<]+)<', page).group(1)


def cited_version(page: str, key: str) -> str:
    """The version a formatted citation names (`key`: cite-chicago, cite-chicago-note …)."""
    quote = re.search(rf'id="{key}"[^>]*>(.*?)</blockquote>', page, re.S).group(1)
    return re.search(r"Collection version ([\d.-]+)\.", quote).group(1)


def shown_everywhere(label: str) -> None:
    """The reader (its footer and its stored “Cite this”), ¶37's citation in both styles and
    the exports all name `label`."""
    reader = read(PAPER_URL)
    assert footer_version(reader) == label
    assert cited_version(reader, "cite-chicago") == label
    assert cited_version(reader, "cite-mla") == label
    paragraph_page = read(CITE_37)
    assert footer_version(paragraph_page) == label
    assert cited_version(paragraph_page, "cite-chicago-note") == label
    assert cited_version(paragraph_page, "cite-mla-works") == label
    (item, *_) = json.loads(read(f"/documents/{PAPER}/cite.json"))
    assert item["version"] == label
    assert f"version = {{{label}}}" in read(f"/documents/{PAPER}/cite.bib")
    assert f"ET  - {label}" in read(f"/documents/{PAPER}/cite.ris")
    for page in (reader, paragraph_page):  # the stored parts' placeholder, filled in
        assert exports.STORED_VERSION not in page


def section(slug: str, position: int) -> Section:
    return Section.objects.get(document__slug=slug, position=position)


def current() -> str:
    return CollectionVersion.objects.current().label


@pytest.mark.django_db
class TestCollectionVersion:
    def test_the_loaded_collection_has_a_version_shown_on_pages_and_in_citations(self):
        load_site()
        label = current()
        assert re.fullmatch(r"\d{4}-\d\d-\d\d\.\d+", label)
        shown_everywhere(label)
        assert footer_version(read("/")) == label
        assert footer_version(read("/search/?q=Lebedev")) == label
        note_page = read(f"/documents/{PAPER}/notes/3/")
        assert cited_version(note_page, "cite-chicago") == label

    def test_publishing_a_change_advances_the_version_at_once(
        self, django_capture_on_commit_callbacks
    ):
        load_site()
        before = current()
        shown_everywhere(before)  # (and stored, and cached)
        with django_capture_on_commit_callbacks(execute=True):
            changed = section(PAPER, 2)
            changed.title += " (1945–1950)"
            changed.save()
        after = current()
        assert after != before
        shown_everywhere(after)
        # the other text's “Cite this” names the collection's version too
        assert cited_version(read(f"/documents/{INTERVIEW}/"), "cite-chicago") == after

    def test_one_version_for_one_published_change_of_several_rows(
        self, django_capture_on_commit_callbacks
    ):
        load_site()
        count = CollectionVersion.objects.count()
        with django_capture_on_commit_callbacks(execute=True):
            for position in (1, 2, 3):
                changed = section(PAPER, position)
                changed.title += " (checked)"
                changed.save()
        assert CollectionVersion.objects.count() == count + 1

    def test_unpublishing_and_publishing_each_advance_it(self, django_capture_on_commit_callbacks):
        load_site()
        versions = [current()]
        interview = Document.objects.filter(slug=INTERVIEW)
        for change in (unpublish, publish):
            with django_capture_on_commit_callbacks(execute=True):
                change(interview)
            versions.append(current())
            shown_everywhere(versions[-1])
        assert len(set(versions)) == 3

    def test_saving_a_draft_does_not(self, django_capture_on_commit_callbacks):
        load_site()
        with django_capture_on_commit_callbacks(execute=True):
            unpublish(Document.objects.filter(slug=INTERVIEW))
        before = current()
        shown_everywhere(before)
        with django_capture_on_commit_callbacks(execute=True):
            draft = section(INTERVIEW, 1)
            draft.title += " (a draft's new title)"
            draft.save()
        assert current() == before
        shown_everywhere(before)

    def test_a_change_rolled_back_names_no_version(self, django_capture_on_commit_callbacks):
        load_site()
        before = CollectionVersion.objects.count()
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            changed = section(PAPER, 2)
            changed.title += " (never committed)"
            changed.save()
        assert callbacks  # (the version would be recorded by one of them, after the commit)
        assert CollectionVersion.objects.count() == before

    def test_a_change_to_one_text_leaves_the_others_stored_render_alone(
        self, django_capture_on_commit_callbacks
    ):
        """The interview's “Cite this” names the new version after a change to the paper,
        from the render stored before it: only the paper is rendered again."""
        with django_capture_on_commit_callbacks(execute=True):
            load_site()  # (and the renders its changes ask for, done)
        interview = Document.objects.get(slug=INTERVIEW)
        stored.render_parts(interview)  # its reader and TEI, stored now
        kept = list(
            RenderedPart.objects.filter(document=interview).values_list("pk", "rendered_at")
        )
        assert len(kept) >= 3
        paper_key = Document.objects.get(slug=PAPER).render_key
        with django_capture_on_commit_callbacks(execute=True):
            changed = section(PAPER, 2)
            changed.title += " (1945–1950)"
            changed.save()
        after = current()
        assert Document.objects.get(slug=PAPER).render_key != paper_key
        assert Document.objects.get(slug=INTERVIEW).render_key == interview.render_key
        page = read(f"/documents/{INTERVIEW}/")
        assert cited_version(page, "cite-chicago") == after
        assert cited_version(page, "cite-mla") == after
        assert (
            list(RenderedPart.objects.filter(document=interview).values_list("pk", "rendered_at"))
            == kept
        )
        assert "(1945–1950)" in read(PAPER_URL)
        shown_everywhere(after)

    def test_a_new_version_is_a_new_etag_for_a_text_not_rendered_again(
        self, settings, django_capture_on_commit_callbacks
    ):
        """The interview's page names the version in its footer and, from its stored
        render's placeholder, in “Cite this”: a change to the paper leaves that render alone
        but changes the page's bytes, and so its ETag (a browser revalidating gets the new
        page, not a 304)."""
        settings.PAGE_CACHE = False
        with django_capture_on_commit_callbacks(execute=True):
            load_site()
        url = f"/documents/{INTERVIEW}/"
        before = Client().get(url)
        assert Client().get(url, HTTP_IF_NONE_MATCH=before["ETag"]).status_code == 304
        with django_capture_on_commit_callbacks(execute=True):
            changed = section(PAPER, 2)
            changed.title += " (1945–1950)"
            changed.save()
        after = Client().get(url, HTTP_IF_NONE_MATCH=before["ETag"])
        assert after.status_code == 200 and after["ETag"] != before["ETag"]
        assert cited_version(after.content.decode(), "cite-chicago") == current()
        # and its footer (the page's shell, kept per collection version) names it too
        assert (
            footer_version(after.content.decode())
            == current()
            != footer_version(before.content.decode())
        )

    def test_before_any_version_citations_name_none(self):
        """A collection with published texts but no version recorded (written without the
        signals, say) cites them without one: no sentence, no placeholder."""
        load_site()
        for url in (PAPER_URL, f"/documents/{PAPER}/notes/3/"):
            read(url)  # stored with the version's placeholder
        CollectionVersion.objects.all().delete()
        edition.forget()
        pages.bump_collection_version()
        for url in (PAPER_URL, f"/documents/{INTERVIEW}/", f"/documents/{PAPER}/notes/3/"):
            page = read(url)
            quote = re.search(r'id="cite-chicago"[^>]*>(.*?)</blockquote>', page, re.S).group(1)
            assert "Weathersby" in quote or "Shen" in quote, quote
            assert "Collection version" not in quote
            assert exports.STORED_VERSION not in page

    def test_the_cited_documents_page_says_which_version_describes_it(self):
        load_site()
        listing = read("/cited-documents/")
        address = re.search(r'href="(/cited-documents/\d+/)"', listing).group(1)
        page = read(address)
        assert f"collection version {current()}" in page


@pytest.mark.browser
def test_paragraph_37_cited_with_the_collection_version(page):
    load_site()
    label = current()
    page.goto(f"{page.site}/documents/{PAPER}/#p-37")
    page.locator("#p-37 .cite-paragraph").click()
    expect(page.locator("h1")).to_have_text("Cite paragraph 37")
    expect(page.locator("#cite-chicago-note")).to_contain_text(f"Collection version {label}.")
    expect(page.locator("#cite-mla-works")).to_contain_text(f"Collection version {label}.")
    expect(page.locator(".site-footer .collection-version")).to_contain_text(
        f"Collection version {label}, published"
    )
