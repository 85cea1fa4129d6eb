"""Home, the list of documents, the register of actors and the timeline: what each shows,
that drafts stay hidden, real 404s, and a fixed number of queries whatever the data size."""

import datetime
import math
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from documents.models import Actor, Event
from documents.register.timeline import build_strips

from .linking_samples import (
    INTERVIEW,
    PAPER,
    make_draft_links,
    make_large_document,
    make_links,
)
from .page_html import parse

# 7: an event page also fetches the evidence behind its passages (the notes, their anchors in
# those passages, what they cite), one query each whatever their number.
PAGE_MAX_QUERIES = 7


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return parse(response.content)


@pytest.fixture
def links(collection):
    return make_links()


@pytest.fixture
def with_draft(links):
    make_draft_links(links)
    return links


@pytest.mark.django_db
class TestHome:
    def test_says_what_the_collection_is_and_lists_the_texts(self, client, collection):
        page = get(client, "/")
        assert "Cold War Korea" in page.find("h1").text
        titles = [h3.find("a").get("href") for h3 in page.find_all("h3")]
        assert f"/documents/{PAPER}/" in titles and f"/documents/{INTERVIEW}/" in titles

    def test_entry_points_to_people_events_archives_and_search(self, client, collection):
        page = get(client, "/")
        entry_points = {a.get("href") for a in page.find("ul", cls="entry-points").find_all("a")}
        assert {"/actors/", "/events/", "/archives/", "/sources/"} <= entry_points
        form = page.find("form", role="search")
        assert form.get("action") == "/search/" and form.find("input", name="q") is not None


@pytest.mark.django_db
class TestDocumentList:
    def test_each_document_with_kind_author_date_and_counts(self, client, collection):
        rows = get(client, "/documents/").find("table").find("tbody").find_all("tr")
        cells = {
            row.find("a").text: [" ".join(td.text.split()) for td in row.find_all("td")]
            for row in rows
        }
        paper = cells["US Hegemony in Korean Studies and the Soviet Role in Early Postwar Korea"]
        assert paper[1:] == ["Article", "Kathryn Weathersby", "—", "51", "58"]
        interview = next(value for key, value in cells.items() if "Shen Zhihua" in key)
        assert interview[1:] == ["Interview", "Shen Zhihua (interviewed)", "2024", "50", "0"]


@pytest.mark.django_db
class TestActorRegister:
    def test_grouped_persons_then_states_with_aliases(self, client, links):
        page = get(client, "/actors/")
        headings = [h2.text for h2 in page.find_all("h2")]
        assert headings.index("Persons") < headings.index("States")
        persons = page.by_id("persons")
        states = page.by_id("states")
        kim = persons.find("a", href=links.kim.get_absolute_url()).parent
        assert "Kim Il-sung" in kim.text and "Ким Ир Сен" in kim.text
        assert kim.find("span", lang="ru").text == "Ким Ир Сен"
        assert states.find("a", href=links.ussr.get_absolute_url()) is not None
        assert persons.find("a", href=links.ussr.get_absolute_url()) is None

    def test_mention_counts_leave_drafts_out(self, editor_client, with_draft):
        def stalin_count(some_client):
            page = get(some_client, "/actors/")
            item = page.find("a", href=with_draft.stalin.get_absolute_url()).parent
            return " ".join(item.find("span", cls="count").text.split())

        assert stalin_count(Client()) == "· 4 mentions"  # the public
        assert stalin_count(editor_client) == "· 6 mentions"

    def test_actor_page_quotes_every_mention_in_its_sentence_grouped_by_text(self, client, links):
        page = get(client, links.stalin.get_absolute_url())
        assert page.find("h1").text == "Joseph Stalin"
        assert "Filippov — code name in telegrams" in " ".join(
            page.find("ul", cls="aliases-list").text.split()
        )
        groups = page.find_all("section", cls="doc-group")
        assert [g.find("h3").find("a").get("href") for g in groups] == [
            f"/documents/{INTERVIEW}/",
            f"/documents/{PAPER}/",
        ]
        interview, paper = groups
        assert [a.get("href") for a in interview.find_all("a", cls="where")] == [
            f"/documents/{INTERVIEW}/#p-1"
        ]
        assert [a.get("href") for a in paper.find_all("a", cls="where")] == [
            f"/documents/{PAPER}/#p-6",
            f"/documents/{PAPER}/#p-6",
            f"/documents/{PAPER}/#fn-46",
        ]
        quotes = [q.text for q in paper.find_all("blockquote")]
        assert quotes[0].startswith("While American motivations")
        assert quotes[0].endswith("accepted this sudden change of plans.")
        assert [m.text for m in paper.find_all("mark")] == ["Joseph Stalin", "Stalin", "Filippov"]
        assert "Note 46" in paper.text

    def test_events_of_the_actor_are_listed(self, client, links):
        page = get(client, links.stalin.get_absolute_url())
        assert page.find("a", href=links.moscow.get_absolute_url()) is not None

    def test_mentions_in_a_draft_are_not_shown_to_the_public(self, editor_client, with_draft):
        url = with_draft.stalin.get_absolute_url()
        public = Client().get(url).content.decode()
        assert "draft-memo" not in public and "secret memorandum" not in public
        staff_page = get(editor_client, url)
        assert "/documents/draft-memo/#p-1" in [
            a.get("href") for a in staff_page.find_all("a", cls="where")
        ]

    def test_actor_without_mentions_says_so(self, client, links):
        lonely = Actor.objects.create(slug="test-nobody", name="Nobody in particular")
        page = get(client, lonely.get_absolute_url())
        assert "No passage in a published text mentions this entry yet." in page.text

    def test_unknown_actor_is_a_404_in_the_site_design(self, client, collection):
        response = client.get("/actors/no-such-person/")
        assert response.status_code == 404
        assert parse(response.content).find("h1").text == "Not found"


@pytest.mark.django_db
class TestTimeline:
    def test_events_in_chronological_order_with_dates_at_their_precision(self, client, links):
        page = get(client, "/events/")
        ours = {links.moscow.slug, links.armistice.slug, links.anniversary.slug}
        items = [li for li in page.find_all("li", cls="timeline-event") if li.get("id") in ours]
        assert [li.get("id") for li in items] == [
            links.moscow.slug,
            links.armistice.slug,
            links.anniversary.slug,
        ]
        times = [(li.find("time").get("datetime"), li.find("time").text) for li in items]
        assert times == [
            ("1945-12-16", links.moscow.display_date),
            ("1951-07", "July 1951"),
            ("2024", "2024"),
        ]

    def test_each_event_lists_its_actors_and_passage_count(self, client, with_draft):
        page = get(client, "/events/")
        moscow = page.by_id(with_draft.moscow.slug)
        meta = " ".join(moscow.find("span", cls="meta").text.split())
        # one passage in the paper; the draft's mention is not counted
        assert meta == "Moscow · Joseph Stalin, Soviet Union · 1 passage"

    def test_the_timeline_is_drawn_from_1945_to_today(self, client, links):
        page = get(client, "/events/")
        svgs = page.find_all("svg")
        assert svgs, "the timeline picture is missing"
        overview = svgs[0]
        labels = [t.text for t in overview.find_all("text", cls="tl-tick-label")]
        assert labels[0] == "1945" and labels[-1] == str(datetime.date.today().year // 10 * 10)
        assert overview.find("text", cls="tl-today") is not None
        assert overview.get("role") == "group" and overview.get("aria-labelledby")

    def test_every_event_is_a_link_in_the_picture(self, client, links):
        """Each event once, as a link named by its date and title: on the overview, or on
        the 1945–1953 strip that the overview's band links to."""
        page = get(client, "/events/")
        figure = page.find("figure", cls="timeline-figure")
        wide = figure.find("div", cls="tl-wide").find_all("a", cls="tl-mark")
        detail = figure.find("div", id="tl-detail").find_all("a", cls="tl-mark")
        hrefs = [a.get("href") for a in wide + detail]
        assert sorted(hrefs) == sorted(e.get_absolute_url() for e in Event.objects.all())
        titles = [a.find("title").text for a in wide + detail]
        assert f"July 1951: {links.armistice.title}" in titles
        band = figure.find("div", cls="tl-wide").find("a", cls="tl-band-link")
        assert band.get("href") == "#tl-detail"

    def test_event_page_shows_date_actors_and_passages(self, client, with_draft):
        page = get(client, with_draft.moscow.get_absolute_url())
        assert page.find("h1").text == with_draft.moscow.title
        assert page.find("time").get("datetime") == "1945-12-16"
        actors = [a.text for a in page.find("ul", cls="inline-list").find_all("a")]
        assert actors == ["Joseph Stalin", "Soviet Union"]
        wheres = [a.get("href") for a in page.find_all("a", cls="where")]
        assert wheres == [f"/documents/{PAPER}/#p-14"]  # not the draft's paragraph
        assert page.find("mark").text == "Moscow Conference"
        current = page.find_all("a", cls="tl-mark", **{"aria-current": "page"})
        assert current and all(
            a.find("title").text.endswith(with_draft.moscow.title)
            and a.find("circle", cls="tl-current")
            for a in current
        )

    def test_event_page_links_to_its_neighbours_in_time(self, client, links):
        page = get(client, links.armistice.get_absolute_url())
        previous = page.find("a", rel="prev")
        following = page.find("a", rel="next")
        ordered = list(Event.objects.order_by("date", "title", "pk"))
        index = ordered.index(links.armistice)
        assert previous.get("href") == ordered[index - 1].get_absolute_url()
        assert following.get("href") == ordered[index + 1].get_absolute_url()

    def test_unknown_event_is_a_404_in_the_site_design(self, client, collection):
        response = client.get("/events/no-such-day/")
        assert response.status_code == 404
        assert parse(response.content).find("h1").text == "Not found"


def event(slug, date, end=None, label=""):
    return SimpleNamespace(
        slug=slug, title=slug.title(), date=date, end_date=end, display_date=label or str(date)
    )


class TestTimelineGeometry:
    today = datetime.date(2025, 6, 1)

    def test_overview_runs_from_1945_to_today_in_order(self):
        events = [event("a", datetime.date(1945, 8, 15)), event("b", datetime.date(2024, 1, 1))]
        (overview,) = build_strips(events, today=self.today)
        assert overview.start == datetime.date(1945, 1, 1)
        assert overview.end == datetime.date(2026, 1, 1)
        a, b = overview.marks
        assert 30 <= a.x < b.x <= overview.axis_end
        assert a.x < overview.today_x <= overview.axis_end

    def test_an_earlier_event_extends_the_axis(self):
        (overview,) = build_strips([event("a", datetime.date(1910, 8, 29))], today=self.today)
        assert overview.start.year == 1910
        assert overview.ticks[0][1] == "1910"

    def test_crowded_years_get_a_detail_strip_and_no_dots_overlap(self):
        events = [event(f"e{i}", datetime.date(1945 + i // 12, i % 12 + 1, 1)) for i in range(60)]
        events.append(event("late", datetime.date(2000, 1, 1)))
        overview, detail = build_strips(events, today=self.today)
        assert detail.start.year == 1945 and detail.end.year == 1954
        assert overview.band is not None
        # the crowded years are links on the detail strip only, the late event on the overview
        assert [mark.slug for mark in overview.marks if mark.linked] == ["late"]
        assert all(mark.linked for mark in detail.marks) and len(detail.marks) == 60
        for strip in (overview, detail):
            linked = [mark for mark in strip.marks if mark.linked]
            for one in linked:
                for other in linked:
                    if one is not other:  # targets never overlap
                        distance = math.hypot(one.x - other.x, one.y - other.y)
                        assert distance >= strip.target_gap
                assert one.y - strip.hit_radius >= 0  # and lie inside the picture
            assert all(0 < mark.y < strip.axis_y for mark in strip.marks)
        # drawn one unit per CSS pixel, a linked dot's target is at least 24 px across
        assert detail.fixed and 2 * detail.hit_radius >= 24

    def test_a_span_is_drawn_to_its_end(self):
        span = event("war", datetime.date(1950, 6, 25), end=datetime.date(1953, 7, 27))
        (overview,) = build_strips([span], today=self.today)
        assert overview.marks[0].x_end > overview.marks[0].x


@pytest.mark.django_db
class TestQueryCounts:
    URLS = [
        "/",
        "/documents/",
        "/actors/",
        "/events/",
    ]

    def counts(self, client, urls):
        result = {}
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200, url
            result[url] = len(queries)
        return result

    def test_same_number_of_queries_with_ten_times_the_data(
        self, client, with_draft, django_assert_max_num_queries
    ):
        small_detail = [with_draft.kim.get_absolute_url(), with_draft.moscow.get_absolute_url()]
        small = self.counts(client, self.URLS + small_detail)
        make_large_document()
        large_detail = ["/actors/large-kim/", "/events/large-commission/"]
        large = self.counts(client, self.URLS + large_detail)
        for url in self.URLS + large_detail:
            with django_assert_max_num_queries(PAGE_MAX_QUERIES):
                client.get(url)
        assert list(small.values()) == list(large.values())
