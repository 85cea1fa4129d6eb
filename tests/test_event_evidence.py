"""An event page lists the evidence behind its passages: the notes marked in the paragraphs
that discuss it (with what each rests on), and what those notes cite. The expectations are
read from the paper: ¶40 (Stalin's hard line of November 1951) carries notes 45 and 46; note 45
cites the Politburo decision of 19 November 1951 in AVPRF and Weathersby's “New Russian
Documents” for its text; note 46 Mao's telegram of 8 February 1952."""

import pytest

from documents.models import Mention

from .browser_tabs import load_site
from .page_html import parse

EVENT = "politburo-hard-line-1951"


def evidence_section(client, slug=EVENT):
    page = parse(client.get(f"/events/{slug}/").content)
    return page.by_id("evidence-h").parent


@pytest.mark.django_db
class TestAnEventsEvidence:
    def test_the_paragraph_is_linked_to_the_event(self, collection):
        positions = set(
            Mention.objects.filter(event__slug=EVENT, paragraph__isnull=False).values_list(
                "paragraph__position", flat=True
            )
        )
        assert 40 in positions

    def test_the_notes_of_the_passage_are_listed_with_their_type(self, client, collection):
        section = evidence_section(client)
        items = {
            li.find("a").text: li
            for li in section.find_all("ul", cls="evidence-notes")[0].find_all("li")
        }
        assert {"Note 45", "Note 46"} <= set(items)
        assert items["Note 45"].get("class") == "mark-archival"
        assert "¶40" in items["Note 45"].text
        assert "Polithuro decision of 19 November 1951" in items["Note 45"].text

    def test_what_the_notes_cite_links_to_the_cited_documents(self, client, collection):
        section = evidence_section(client)
        documents = section.find("ul", cls="evidence-documents")
        links = {a.get("href"): a.text for a in documents.find_all("a")}
        assert any(
            href.startswith("/cited-documents/") and "Politburo decision" in text
            for href, text in links.items()
        ), links
        assert any("1951" in time.get("datetime") for time in documents.find_all("time"))
        works = section.find("ul", cls="evidence-works").text
        assert "New Russian Documents" in works and "(published documents)" in works

    def test_the_query_count_does_not_grow_with_the_notes(
        self, client, collection, django_assert_max_num_queries
    ):
        with django_assert_max_num_queries(16):
            client.get("/events/armistice-negotiations/")


@pytest.mark.django_db(transaction=True)
class TestFromTheTimelineToTheEvidence:
    def test_dot_to_event_to_evidence(self, page):
        load_site(keep_curated=True)
        page.goto(page.site + "/events/")
        page.locator(f'a.tl-mark[href="/events/{EVENT}/"]').first.click()
        page.wait_for_url(f"**/events/{EVENT}/")
        evidence = page.locator("section.event-evidence")
        assert evidence.locator("h2").inner_text() == "The evidence behind these passages"
        evidence.get_by_role("link", name="Note 45", exact=True).click()
        page.wait_for_url("**/notes/45/")
