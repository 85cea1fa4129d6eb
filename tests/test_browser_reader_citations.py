"""The structured citations in the reader, in a real browser (headless Chromium): the popover
shows a note's references as data (Ibid. resolved, with a link to the note it means), the
keyboard reaches the popover's links and Escape hands focus back to the marker, and “Cite this”
works with and without JavaScript (copy button, downloads)."""

import os

import pytest
from playwright.sync_api import expect

from citations.models import Citation

from .browser_tabs import PHONE, load_site, open_tab
from .linking_samples import PAPER
from .test_accessibility import AXE, violations

pytestmark = [pytest.mark.browser, pytest.mark.one_pass]

PAPER_URL = f"/documents/{PAPER}/"


@pytest.fixture
def site(page):
    page.links = load_site()
    return page


def focused(tab) -> dict:
    """Where the keyboard focus is: the element's id, text, href and whether it is in the popover."""
    return tab.evaluate(
        """() => { const e = document.activeElement;
           return {id: e.id, text: e.textContent.trim(), href: e.getAttribute('href'),
                   inPopover: !!e.closest('#note-popover')}; }"""
    )


def tab_to_marker(tab, number: int):
    """Move the keyboard focus onto the marker of note `number` as a keyboard user would:
    from its paragraph's permalink, Tab by Tab."""
    paragraph = (
        Citation.objects.get(footnote__document__slug=PAPER, footnote__number=number, position=1)
        .footnote.refs.get(ordinal=1)
        .paragraph
    )
    tab.locator(f"#p-{paragraph.position} a.permalink").focus()
    for _ in range(40):
        tab.keyboard.press("Tab")
        if focused(tab)["id"] == f"fnref-{number}":
            return
    raise AssertionError(f"Tab never reached the marker of note {number}")


class TestPopoverShowsTheReferences:
    def test_note_16_says_it_means_note_15_and_links_there(self, site):
        site.goto(site.site + PAPER_URL + "#p-16")
        site.locator("#fnref-16").hover()
        popover = site.locator("#note-popover")
        expect(popover).to_be_visible()
        expect(popover).to_contain_text("Ibid. means note 15:")
        # note 15's reference itself: its archive (full name on hover) and its file
        abbr = popover.locator("abbr", has_text="AVPRF")
        expect(abbr).to_have_attribute(
            "title", "Archive of the Foreign Policy of the Russian Federation"
        )
        earlier = Citation.objects.select_related("archival_file").get(
            footnote__document__slug=PAPER, footnote__number=15
        )
        expect(popover.locator("a.ref-file")).to_have_attribute(
            "href", earlier.archival_file.get_absolute_url()
        )
        popover.get_by_role("link", name="note 15", exact=True).click()
        site.wait_for_function("location.hash === '#fn-15'")
        expect(popover).to_be_hidden()
        expect(site.locator("#fn-15")).to_be_in_viewport()

    def test_note_53_keeps_its_remark_and_note_14_its_folios(self, site):
        site.goto(site.site + PAPER_URL + "#p-45")
        site.locator("#fnref-53").hover()
        popover = site.locator("#note-popover")
        expect(popover.locator(".ref-remark")).to_have_text(
            "The note adds: Translation by the author."
        )
        # fetched from the note's page, it names the reader: a jump within this page
        expect(popover.locator("a.ref-same")).to_have_attribute("href", PAPER_URL + "#fn-52")
        site.goto(site.site + PAPER_URL + "#p-15")
        site.locator("#fnref-14").hover()
        expect(popover).to_contain_text("Note 14")
        expect(popover.locator(".note-data")).to_contain_text("fond 0102, opis 1, delo 15, papka 1")
        expect(popover.locator(".note-data")).to_contain_text("listy 18–21")

    def test_an_explanatory_note_says_so(self, site):
        site.goto(site.site + PAPER_URL)
        marker = site.locator("#fnref-30")
        marker.scroll_into_view_if_needed()
        marker.hover()
        expect(site.locator("#note-popover .ref-label")).to_have_text("Explanatory note")

    def test_on_a_phone_a_long_note_fits_and_scrolls_inside(
        self, browser, live_server, transactional_db
    ):
        load_site()
        with open_tab(browser, live_server, has_touch=True, is_mobile=True, **PHONE) as tab:
            tab.goto(tab.site + PAPER_URL)
            marker = tab.locator("#fnref-45")  # four references, the longest note
            marker.scroll_into_view_if_needed()
            marker.tap()
            popover = tab.locator("#note-popover")
            expect(popover.locator(".note-data li")).to_have_count(4)
            box = popover.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 390
            assert box["height"] <= 844 * 0.75 + 1
            overflow = tab.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0
            assert tab.foreign_requests == [] and tab.failed == []


class TestPopoverKeyboard:
    def test_tab_reaches_the_links_in_the_note_and_goes_on_past_them(self, site):
        site.goto(site.site + PAPER_URL)
        tab_to_marker(site, 16)
        popover = site.locator("#note-popover")
        expect(popover).to_be_visible()
        expect(popover.locator(".note-popover-hint")).to_contain_text("Escape")
        # The note's references come from its page, a moment after the note itself.
        expect(popover.locator(".note-data")).to_be_visible()
        # What Tab would reach after the marker without a popover (the next link in the text).
        after = site.evaluate(
            """() => { const links = [...document.querySelectorAll('a[href], button, summary')]
                 .filter(e => !e.closest('#note-popover') && !e.hidden && e.getClientRects().length);
               const next = links[links.indexOf(document.getElementById('fnref-16')) + 1];
               return next.id || next.textContent.trim(); }"""
        )
        inside = popover.locator("a[href], button").count()
        seen = []
        for _ in range(inside):
            site.keyboard.press("Tab")
            where = focused(site)
            assert where["inPopover"], where
            seen.append(where["href"] or where["text"])
        assert seen[0] == PAPER_URL + "#fn-15"  # first the link to the note Ibid. means
        assert "#fn-16" in seen  # “Go to note 16”
        assert seen[-1] == "×"  # the close button last (Escape does the same)
        site.keyboard.press("Tab")
        where = focused(site)
        assert not where["inPopover"]
        assert after in (where["id"], where["text"])

    def test_shift_tab_goes_back_to_the_marker_and_escape_returns_focus(self, site):
        site.goto(site.site + PAPER_URL)
        tab_to_marker(site, 14)
        popover = site.locator("#note-popover")
        # Its references first (they come a moment after the note, and go before its links:
        # arriving between the two key presses, they would be what Shift+Tab reaches).
        expect(popover.locator(".note-data")).to_be_visible()
        site.keyboard.press("Tab")
        assert focused(site)["inPopover"]
        site.keyboard.press("Shift+Tab")
        assert focused(site)["id"] == "fnref-14"
        expect(popover).to_be_visible()
        site.keyboard.press("Tab")
        site.keyboard.press("Tab")
        assert focused(site)["inPopover"]
        site.keyboard.press("Escape")
        expect(popover).to_be_hidden()
        assert focused(site)["id"] == "fnref-14"
        site.keyboard.press("Enter")  # and Enter on the marker still goes to the note
        site.wait_for_function("location.hash === '#fn-14'")

    def test_moving_the_mouse_away_keeps_the_note_a_keyboard_user_is_reading(self, site):
        site.goto(site.site + PAPER_URL)
        tab_to_marker(site, 14)
        site.keyboard.press("Tab")
        popover = site.locator("#note-popover")
        popover.hover()
        site.locator("h1").hover()
        site.wait_for_timeout(600)
        expect(popover).to_be_visible()
        assert focused(site)["inPopover"]


class TestCiteThis:
    def test_copy_puts_the_formatted_citation_on_the_clipboard(self, site):
        site.context.grant_permissions(["clipboard-read", "clipboard-write"])
        site.goto(site.site + PAPER_URL)
        box = site.locator("details.cite-box")
        box.locator("summary").click()
        chicago = box.locator("#cite-chicago")
        expect(chicago).to_be_visible()
        box.get_by_role("button", name="Copy the Chicago (notes and bibliography) citation").click()
        expect(box.locator("button[data-copy='cite-chicago']")).to_have_text("Copied")
        copied = site.evaluate("navigator.clipboard.readText()")
        assert copied == chicago.inner_text().strip()
        assert "Weathersby" in copied
        expect(box.locator(".copy-status")).to_have_text(
            "The Chicago (notes and bibliography) citation is copied."
        )

    def test_without_javascript_the_citations_and_downloads_are_there(
        self, browser, live_server, transactional_db
    ):
        load_site()
        with open_tab(browser, live_server, java_script_enabled=False) as tab:
            tab.goto(tab.site + PAPER_URL)
            box = tab.locator("details.cite-box")
            expect(box.locator("#cite-mla")).to_be_hidden()  # closed until asked
            box.locator("summary").click()
            expect(box.locator("#cite-mla")).to_contain_text("Weathersby")
            expect(box.locator("button.copy-citation").first).to_be_hidden()
            with tab.expect_download() as download:
                box.get_by_role("link", name="BibTeX").click()
            assert download.value.suggested_filename == f"{PAPER}.bib"
            box.get_by_role("link", name="All the ways to cite this text").click()
            tab.wait_for_url(f"**{PAPER_URL}cite/")
            assert tab.foreign_requests == []


class TestAccessible:
    def test_no_axe_violations_with_references_in_the_popover_and_cite_this_open(
        self, browser, live_server, transactional_db
    ):
        if not AXE.exists():
            reason = f"{AXE} is missing: run `npm ci --prefix tests/browser` (make test does)"
            if os.environ.get("CI"):
                pytest.fail(reason)
            pytest.skip(reason)
        load_site(keep_curated=True)
        found = {}
        for scheme in ("light", "dark"):
            with open_tab(browser, live_server, color_scheme=scheme) as tab:
                tab.goto(tab.site + PAPER_URL)
                tab.locator("details.cite-box summary").click()
                tab_to_marker(tab, 16)
                tab.locator("#note-popover").wait_for(state="visible")
                tab.keyboard.press("Tab")
                found[scheme] = violations(tab)
        assert found == {"light": [], "dark": []}
