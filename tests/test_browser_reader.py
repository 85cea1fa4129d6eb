"""The reader in a real browser (headless Chromium): notes and back, the popover by mouse,
keyboard and touch, permalinks, speakers, margin notes on wide and narrow screens, print,
JavaScript off, and nothing loaded from another host."""

import pytest
from playwright.sync_api import expect

from documents.models import Footnote, FootnoteRef, Paragraph

from .browser_tabs import PHONE, load_site, open_tab
from .linking_samples import INTERVIEW, PAPER

pytestmark = [pytest.mark.browser, pytest.mark.one_pass]

PAPER_URL = f"/documents/{PAPER}/"
INTERVIEW_URL = f"/documents/{INTERVIEW}/"


@pytest.fixture
def site(page):
    page.links = load_site()
    return page


def first_words(note_number: int, words: int = 6) -> str:
    text = Footnote.objects.get(document__slug=PAPER, number=note_number).text
    return " ".join(text.replace("*", "").split()[:words])


def hash_of(tab) -> str:
    return tab.evaluate("location.hash")


class TestNotesAndBack:
    def test_a_marker_jumps_to_its_note_and_the_note_back(self, site):
        site.goto(site.site + PAPER_URL)
        marker = site.locator("#fnref-12")
        marker.click()
        site.wait_for_function("location.hash === '#fn-12'")
        note = site.locator("#fn-12")
        expect(note).to_be_in_viewport()
        expect(note).to_contain_text(first_words(12))
        note.locator("a.backref").first.click()
        site.wait_for_function("location.hash === '#fnref-12'")
        expect(marker).to_be_in_viewport()

    def test_a_permalink_lands_on_its_paragraph(self, site):
        site.goto(site.site + PAPER_URL + "#p-30")
        expect(site.locator("#p-30")).to_be_in_viewport()
        expect(site.locator("#p-1")).not_to_be_in_viewport()
        site.locator("#p-31 a.permalink").click()
        assert hash_of(site) == "#p-31"
        expect(site.locator("#p-31")).to_be_in_viewport()

    def test_a_cross_reference_opens_the_other_text_at_its_paragraph(self, site):
        site.goto(site.site + PAPER_URL + "#p-31")
        site.locator("#p-31 .margin-notes a").click()
        site.wait_for_url(f"**{INTERVIEW_URL}#p-1")
        expect(site.locator("#p-1")).to_be_in_viewport()


class TestPopover:
    def test_hovering_a_marker_shows_the_note_in_place_and_escape_closes_it(self, site):
        site.goto(site.site + PAPER_URL + "#p-10")
        popover = site.locator("#note-popover")
        expect(popover).to_be_hidden()
        site.locator("#fnref-5").hover()
        expect(popover).to_be_visible()
        expect(popover).to_contain_text("Note 5")
        expect(popover).to_contain_text(first_words(5))
        assert hash_of(site) == "#p-10"  # the reader has not left the text
        expect(site.locator("#fnref-5")).to_be_in_viewport()
        # the note can be pointed at (to select or follow its links) without closing
        popover.hover()
        site.wait_for_timeout(600)
        expect(popover).to_be_visible()
        site.keyboard.press("Escape")
        expect(popover).to_be_hidden()

    def test_moving_away_closes_it(self, site):
        site.goto(site.site + PAPER_URL + "#p-10")
        site.locator("#fnref-5").hover()
        popover = site.locator("#note-popover")
        expect(popover).to_be_visible()
        site.locator("h1").hover()
        expect(popover).to_be_hidden()

    def test_keyboard_focus_on_a_marker_shows_the_note(self, site):
        ref = FootnoteRef.objects.filter(paragraph__document__slug=PAPER).order_by(
            "paragraph__position", "offset"
        )[4]
        site.goto(site.site + PAPER_URL)
        # Start from the paragraph's permalink and Tab forward, as a keyboard user would.
        site.locator(f"#p-{ref.paragraph.position} a.permalink").focus()
        for _ in range(30):
            site.keyboard.press("Tab")
            if site.evaluate("document.activeElement.closest('.note-ref') !== null"):
                break
        focused = site.evaluate("document.activeElement.id")
        assert focused.startswith("fnref-"), focused
        popover = site.locator("#note-popover")
        expect(popover).to_be_visible()
        shown = int(focused.removeprefix("fnref-").split("-")[0])
        expect(popover).to_contain_text(first_words(shown))
        assert site.locator(f"#{focused}").get_attribute("aria-describedby") == "note-popover"
        site.keyboard.press("Escape")
        expect(popover).to_be_hidden()
        assert site.evaluate("document.activeElement.id") == focused  # focus stays put
        site.keyboard.press("Enter")
        site.wait_for_function(f"location.hash === '#fn-{shown}'")

    def test_a_tap_on_a_touch_screen_shows_the_note_without_jumping(
        self, browser, live_server, transactional_db
    ):
        load_site()
        with open_tab(browser, live_server, has_touch=True, is_mobile=True, **PHONE) as tab:
            tab.goto(tab.site + PAPER_URL + "#p-10")
            tab.locator("#fnref-5").tap()
            popover = tab.locator("#note-popover")
            expect(popover).to_be_visible()
            expect(popover).to_contain_text(first_words(5))
            assert hash_of(tab) == "#p-10"
            box = popover.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 390  # fits the phone
            popover.get_by_role("link", name="Go to note 5").tap()
            tab.wait_for_function("location.hash === '#fn-5'")
            expect(tab.locator("#fn-5")).to_be_in_viewport()
            assert tab.foreign_requests == []


class TestInterview:
    def test_every_paragraph_shows_its_speaker_and_questions_stand_apart(self, site):
        site.goto(site.site + INTERVIEW_URL)
        rows = list(Paragraph.objects.filter(document__slug=INTERVIEW).order_by("position"))
        labels = site.locator(".para .speaker").all_inner_texts()
        assert len(labels) == len(rows)
        expected = [
            "INTERVIEWER" if row.speaker == Paragraph.Speaker.INTERVIEWER else "SHEN ZHIHUA"
            for row in rows
        ]
        assert [label.strip().upper() for label in labels] == expected
        question = next(row for row in rows if row.speaker == Paragraph.Speaker.INTERVIEWER)
        answer = next(row for row in rows if row.speaker != Paragraph.Speaker.INTERVIEWER)

        def look(position):
            return site.evaluate(
                """(id) => { const body = document.querySelector('#' + id + ' .para-body');
                   const style = getComputedStyle(body);
                   return [style.backgroundColor, style.borderLeftWidth]; }""",
                f"p-{position}",
            )

        assert look(question.position) != look(answer.position)


class TestLayout:
    def test_margin_notes_beside_on_a_wide_screen_below_on_a_phone(
        self, browser, live_server, transactional_db
    ):
        load_site()
        with open_tab(browser, live_server, viewport={"width": 1440, "height": 900}) as tab:
            tab.goto(tab.site + PAPER_URL + "#p-31")
            text = tab.locator("#p-31 .para-body").bounding_box()
            margin = tab.locator("#p-31 .margin-notes").bounding_box()
            assert margin["x"] >= text["x"] + text["width"]
        with open_tab(browser, live_server, **PHONE) as tab:
            tab.goto(tab.site + PAPER_URL + "#p-31")
            text = tab.locator("#p-31 .para-body").bounding_box()
            margin = tab.locator("#p-31 .margin-notes").bounding_box()
            assert margin["y"] >= text["y"] + text["height"] - 1
            for url in (PAPER_URL, INTERVIEW_URL, "/actors/", "/events/", "/"):
                tab.goto(tab.site + url)
                overflow = tab.evaluate(
                    "document.documentElement.scrollWidth - document.documentElement.clientWidth"
                )
                assert overflow <= 0, f"{url} scrolls sideways on a phone by {overflow}px"

    def test_print_shows_the_text_with_its_notes_and_no_navigation(self, site):
        site.goto(site.site + PAPER_URL)
        site.emulate_media(media="print")
        expect(site.locator(".site-header nav")).to_be_hidden()
        expect(site.locator("nav.toc")).to_be_hidden()
        expect(site.locator("#p-1")).to_be_visible()
        expect(site.locator("#fn-58")).to_be_visible()
        expect(site.locator("#fnref-1")).to_be_visible()

    def test_dark_colour_scheme_is_honoured(self, browser, live_server, transactional_db):
        load_site()
        with open_tab(browser, live_server, color_scheme="dark") as dark:
            dark.goto(dark.site + PAPER_URL)
            background = dark.evaluate("getComputedStyle(document.body).backgroundColor")
        with open_tab(browser, live_server, color_scheme="light") as light:
            light.goto(light.site + PAPER_URL)
            light_background = light.evaluate("getComputedStyle(document.body).backgroundColor")

        def brightness(rgb):
            return sum(int(v) for v in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3])

        assert brightness(background) < 150 < brightness(light_background)


class TestWithoutJavaScript:
    def test_notes_mentions_and_permalinks_work_with_javascript_off(
        self, browser, live_server, transactional_db
    ):
        links = load_site()
        with open_tab(browser, live_server, java_script_enabled=False) as tab:
            tab.goto(tab.site + PAPER_URL)
            assert tab.locator("#note-popover").count() == 0
            tab.locator("#fnref-7").click()
            tab.wait_for_function("location.hash === '#fn-7'")
            expect(tab.locator("#fn-7")).to_be_in_viewport()
            tab.goto(tab.site + INTERVIEW_URL)
            tab.locator("#p-1 .para-body a[href^='/actors/']", has_text="Stalin").click()
            tab.wait_for_url(f"**{links.stalin.get_absolute_url()}")
            expect(tab.locator("h1")).to_have_text("Joseph Stalin")
            tab.locator("a.where").first.click()
            tab.wait_for_url(f"**{INTERVIEW_URL}#p-1")
            assert tab.foreign_requests == []


class TestOnlyThisSite:
    def test_no_page_loads_anything_from_another_host(self, site):
        links = site.links
        urls = [
            "/",
            "/documents/",
            PAPER_URL,
            INTERVIEW_URL,
            "/actors/",
            links.kim.get_absolute_url(),
            "/events/",
            links.moscow.get_absolute_url(),
            "/documents/missing/",
        ]
        failed = []
        site.on(
            "response",
            lambda response: (
                response.status >= 400
                and response.request.resource_type != "document"
                and failed.append(response.url)
            ),
        )
        for url in urls:
            site.goto(site.site + url)
            site.wait_for_load_state("networkidle")
        assert site.foreign_requests == []
        assert failed == []  # every stylesheet, script and image came from here
