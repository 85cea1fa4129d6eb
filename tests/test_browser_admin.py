"""The curation admin in a real browser (headless Chromium): an editor logs in through the admin's
login form, imports a text through the preview, and fixes a paragraph in the document's inline.

Set ADMIN_SCREENSHOTS=<directory> to keep screenshots of the pages visited."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from documents.models import Document, Paragraph

from .admin_support import PAPER_TEXT, PASSWORD, make_editor

pytestmark = pytest.mark.browser

SCREENSHOTS = os.environ.get("ADMIN_SCREENSHOTS")


def snapshot(tab, name):
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"), full_page=True)


@pytest.fixture
def editor_tab(page, django_user_model):
    make_editor(django_user_model, "ann")
    page.goto(page.site + "/admin/")
    expect(page).to_have_url(page.site + "/admin/login/?next=/admin/")
    page.fill("#id_username", "ann")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("#site-name")).to_contain_text("Korea archive: curation")
    return page


def test_import_through_the_preview_then_fix_a_paragraph_inline(editor_tab):
    tab = editor_tab
    tab.click("a[href='/admin/documents/document/']")
    tab.click("text=Import a text")
    tab.set_input_files("#id_file", str(PAPER_TEXT))
    tab.fill("#id_slug", "third-text")
    tab.select_option("#id_kind", "article")
    tab.click("input[value=Preview]")

    expect(tab.locator("#count-paragraphs")).to_have_text("51")
    expect(tab.locator("#count-notes")).to_have_text("58")
    expect(tab.locator("#count-markers")).to_have_text("58")
    expect(tab.locator("#first-paragraphs tbody tr")).to_have_count(5)
    assert not tab.foreign_requests
    snapshot(tab, "import-preview")
    assert not Document.objects.exists()  # nothing written before confirming

    tab.click("input[value='Import as a draft']")
    expect(tab.locator(".messagelist")).to_contain_text("Imported third-text: 51 paragraphs")
    document = Document.objects.get(slug="third-text")
    assert document.status == Document.Status.DRAFT

    # Fix paragraph 3 in the document's own page: it is a quotation.
    paragraph = document.paragraphs.get(position=3)
    row = tab.locator("tr.form-row", has=tab.locator(f"input[name$='-id'][value='{paragraph.pk}']"))
    row.locator("select[name$='-kind']").select_option("quotation")
    snapshot(tab, "document-change")
    tab.click("input[name=_continue]")
    expect(tab.locator(".messagelist")).to_contain_text("was changed successfully")
    assert Paragraph.objects.get(pk=paragraph.pk).kind == "quotation"

    # Its history shows who changed what.
    tab.goto(tab.site + f"/admin/documents/paragraph/{paragraph.pk}/history/")
    snapshot(tab, "paragraph-history")
    expect(tab.locator("#change-history")).to_contain_text("ann")
    expect(tab.locator("#change-history")).to_contain_text("Body")
    expect(tab.locator("#change-history")).to_contain_text("Quotation")
    assert not tab.foreign_requests
