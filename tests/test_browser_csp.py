"""The Content-Security-Policy in a real browser (headless Chromium): with the policy on, the
reader's popovers, search, the timeline, a note's "Cite this", the admin's sign-in, a document's
change page and an autocomplete box all work, and the browser reports no violation."""

import pytest
from playwright.sync_api import expect

from documents.models import Document

from .admin_support import PASSWORD, make_editor
from .browser_tabs import load_site
from .linking_samples import PAPER

pytestmark = [pytest.mark.browser, pytest.mark.one_pass]

PAPER_URL = f"/documents/{PAPER}/"

# Recorded in the page itself, before any of its own scripts run, and handed to the test.
LISTEN = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportViolation(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
    + ` at ${event.sourceFile}:${event.lineNumber}`);
});
"""


@pytest.fixture
def watched(page, django_user_model):
    """The tab, with every CSP violation event, console message about the policy and script
    error collected in page.problems."""
    page.problems = []
    page.expose_function("reportViolation", lambda text: page.problems.append(text))
    page.add_init_script(LISTEN)
    page.on(
        "console",
        lambda message: (
            ("Content Security Policy" in message.text or "Refused to" in message.text)
            and page.problems.append(f"console: {message.text}")
        ),
    )
    page.on("pageerror", lambda error: page.problems.append(f"script error: {error}"))
    page.links = load_site()
    make_editor(django_user_model, "ann")
    return page


def settle(tab):
    """Violation events are dispatched asynchronously: let them arrive before asserting."""
    tab.wait_for_load_state("load")
    tab.wait_for_timeout(200)
    assert tab.problems == []


def test_public_pages_work_under_the_policy(watched):
    tab = watched
    tab.goto(tab.site + PAPER_URL + "#p-10")
    tab.locator("#fnref-5").hover()
    expect(tab.locator("#note-popover")).to_be_visible()
    expect(tab.locator("#note-popover")).to_contain_text("Note 5")
    # The JSON-LD block is data for Zotero, not a script the policy stops.
    assert tab.locator("script[type='application/ld+json']").count() == 1
    settle(tab)

    tab.goto(tab.site + "/search/?q=Stalin")
    expect(tab.locator("main")).to_contain_text("Stalin")
    settle(tab)

    tab.goto(tab.site + "/events/")
    expect(tab.locator("main svg").first).to_be_visible()
    settle(tab)

    tab.context.grant_permissions(["clipboard-read", "clipboard-write"])
    tab.goto(tab.site + PAPER_URL + "notes/12/")
    copy = tab.locator("section.cite-this button[data-copy='cite-chicago']")
    copy.click()
    expect(copy).to_have_text("Copied")
    settle(tab)
    assert not tab.foreign_requests


def test_the_admin_works_under_the_policy(watched):
    tab = watched
    tab.goto(tab.site + "/admin/")
    tab.fill("#id_username", "ann")
    tab.fill("#id_password", PASSWORD)
    tab.click("input[type=submit]")
    expect(tab.locator("#site-name")).to_contain_text("Korea archive: curation")
    settle(tab)

    # A document's change page: its inlines' scripts add a row when asked.
    paper = Document.objects.get(slug=PAPER)
    tab.goto(tab.site + f"/admin/documents/document/{paper.pk}/change/")
    expect(tab.locator("#paragraphs-group")).to_be_visible()
    rows = tab.locator("#sections-group tbody tr.form-row:not(.empty-form)")
    before = rows.count()
    tab.locator("#sections-group .add-row a").click()
    expect(rows).to_have_count(before + 1)
    settle(tab)

    # An autocomplete box (select2): typing offers the matching choices.
    tab.goto(tab.site + "/admin/documents/paragraph/add/")
    tab.locator("#id_document + .select2 .select2-selection").click()
    tab.locator(".select2-search__field").fill("Shen")
    expect(tab.locator(".select2-results__option").first).to_contain_text("Shen")
    settle(tab)
