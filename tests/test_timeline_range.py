"""The timeline narrowed to a range of years by its address (`/events/?from=1951&to=1953`):
the picture and the list both keep only the events in (or spanning into) those years, and an
address that cannot be used says why with a 400, never a 500. Also: search results name a
text by its short label, and facet links are not followed by crawlers."""

import datetime

import pytest

from documents.models import Document, Event

from .linking_samples import PAPER
from .page_html import parse

pytestmark = pytest.mark.django_db


def listed(page) -> list[str]:
    return [li.get("id") for li in page.find_all("li", cls="timeline-event")]


def drawn(page) -> set[str]:
    figure = page.find("figure", cls="timeline-figure")
    return {
        a.get("href").rstrip("/").rsplit("/", 1)[-1] for a in figure.find_all("a", cls="tl-mark")
    }


def overlapping(first: int, last: int) -> list[Event]:
    start, end = datetime.date(first, 1, 1), datetime.date(last, 12, 31)
    return [
        event
        for event in Event.objects.order_by("date", "title")
        if event.date <= end and (event.end_date or event.date) >= start
    ]


class TestYearRange:
    def test_from_and_to_keep_the_events_of_those_years_in_picture_and_list(
        self, client, collection
    ):
        response = client.get("/events/", {"from": "1951", "to": "1953"})
        assert response.status_code == 200
        page = parse(response.content)
        expected = overlapping(1951, 1953)
        assert len(expected) >= 5  # the armistice talks, Stalin's death, the armistice…
        assert listed(page) == [event.slug for event in expected]
        # the Korean War began in 1950 and is kept: it spans into 1951
        assert "korean-war" in listed(page) and "outbreak-of-the-korean-war" not in listed(page)
        assert drawn(page) == {event.slug for event in expected}
        assert page.find("h1").text == "Timeline, 1951–1953"
        labels = [t.text for t in page.find_all("text", cls="tl-tick-label")]
        assert labels == ["1951", "1952", "1953"]

    def test_an_open_end_runs_to_today_or_from_the_first_event(self, client, collection):
        after = parse(client.get("/events/", {"from": "1956"}).content)
        assert listed(after) == [event.slug for event in overlapping(1956, 9999)]
        before = parse(client.get("/events/", {"to": "1945"}).content)
        assert listed(before) == [event.slug for event in overlapping(1, 1945)]

    def test_a_range_wider_than_the_events_is_drawn_over_their_years(self, client, collection):
        response = client.get("/events/", {"from": "1", "to": "9999"})
        assert response.status_code == 200
        page = parse(response.content)
        assert listed(page) == [event.slug for event in Event.objects.order_by("date", "title")]
        labels = [t.text for t in page.find_all("text", cls="tl-tick-label")]
        assert labels[0] == "1945"

    def test_start_is_read_as_from(self, client, collection):
        page = parse(client.get("/events/", {"start": "1953"}).content)
        assert listed(page) == [event.slug for event in overlapping(1953, 9999)]

    @pytest.mark.parametrize(
        "params, says",
        [
            ({"from": "abc"}, "“abc” is not a year"),
            ({"to": "19511"}, "is not a year"),
            ({"start": "-5"}, "is not a year"),
            ({"from": "0"}, "0 is not a year a date can hold"),
            ({"from": "1953", "to": "1951"}, "starts after it ends"),
            ({"from": "１９５１"}, "is not a year"),  # full-width digits
        ],
    )
    def test_bad_values_get_a_clear_message_and_a_400(self, client, collection, params, says):
        response = client.get("/events/", params)
        assert response.status_code == 400
        page = parse(response.content)
        alert = page.find("div", cls="range-error")
        assert alert.get("role") == "alert" and says in alert.text
        assert page.find("a", cls="all-years").get("href") == "/events/"
        assert page.find("figure") is None and listed(page) == []

    def test_a_range_with_no_event_says_so(self, client, collection):
        page = parse(client.get("/events/", {"from": "1930", "to": "1931"}).content)
        assert "No event is recorded between 1930 and 1931" in page.text

    def test_the_range_form_works_without_javascript(self, client, collection):
        page = parse(client.get("/events/", {"from": "1951"}).content)
        form = page.find("form", cls="year-range")
        assert form.get("method") == "get" and form.get("action") == "/events/"
        assert form.find("input", name="from").get("value") == "1951"
        assert form.find("input", name="to").get("value") == ""


class TestSearchResultsOnAPhone:
    def test_results_name_the_text_by_its_short_label(self, client, collection):
        paper = Document.objects.get(slug=PAPER)
        assert paper.short_label == "Weathersby, Soviet Role"
        assert paper.title.startswith("US Hegemony")  # the full title is kept
        page = parse(client.get("/search/", {"q": "Shtykov"}).content)
        places = [p.find("a").text for p in page.find_all("p", cls="result-place")]
        assert places and all(place.startswith("Weathersby, Soviet Role, ") for place in places)

    def test_filters_are_a_closed_panel_and_facet_links_are_nofollow(self, client, collection):
        page = parse(client.get("/search/", {"q": "Stalin", "kind": "note"}).content)
        panel = page.find("details", cls="facets")
        assert panel is not None and panel.get("open") is None
        assert panel.find("summary").text.split() == ["Filters", "(1", "in", "force)"]
        facet_links = panel.find_all("a")
        assert len(facet_links) > 5
        assert all(a.get("rel") == "nofollow" for a in facet_links)
        chosen = page.find("ul", cls="chosen-filters").find_all("a")
        assert [a.get("rel") for a in chosen] == ["nofollow"]
        # the results list follows the panel's one closed line (and the filters in force)
        order = [e for e in page.iter() if {"facets", "search-results"} & e.classes]
        assert [sorted(e.classes)[0] for e in order] == ["facets", "search-results"]
