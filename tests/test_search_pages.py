"""Which page of results /search/ shows, and in what order, however the page is asked for.

On PostgreSQL the page asked for is ranked in the facets' query and any other page the
Paginator settles on (a number past the last, or below the first) by a query of its own
(documents/search/ranking.py RankedHits): both must give the same results in the same order.
The oracle is the pages themselves, one by one, and the number of results the page states."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .test_search import PAPER, links, make_document

QUERY = {"q": "Soviet"}  # five pages in the two texts


def every_page(client, params):
    """[links of page 1, of page 2, …] asked for by number, up to the last page."""
    last = last_page(client, params)
    return [links(client.get("/search/", {**params, "page": str(n)})) for n in range(1, last + 1)]


def last_page(client, params) -> int:
    found = re.search(r"Page 1 of (\d+)", client.get("/search/", params).content.decode())
    return int(found.group(1)) if found else 1


@pytest.fixture
def no_page_cache(settings):
    settings.PAGE_CACHE = False  # the search's own queries, not a cached copy


@pytest.mark.django_db
class TestThePageShown:
    def test_pages_hold_every_result_once_in_one_order(self, client, collection):
        pages = every_page(client, QUERY)
        assert len(pages) >= 3
        found = [link for page in pages for link in page]
        stated = re.search(
            r"(\d+) passages found", client.get("/search/", QUERY).content.decode()
        ).group(1)
        assert len(found) == len(set(found)) == int(stated)
        assert all(len(page) == 20 for page in pages[:-1]) and pages[-1]

    @pytest.mark.parametrize("number", ["99999", "0", "-3"])
    @pytest.mark.parametrize("query", [QUERY, {"q": "Stalin"}])  # (a name: its spellings too)
    def test_a_number_out_of_range_shows_the_last_page_as_its_number_does(
        self, client, collection, number, query
    ):
        pages = every_page(client, query)
        assert len(pages) > 1
        response = client.get("/search/", {**query, "page": number})
        assert response.status_code == 200
        assert links(response) == pages[-1]
        assert f"Page {len(pages)} of {len(pages)}" in response.content.decode()

    def test_a_page_that_is_not_a_number_is_the_first(self, client, collection):
        first = links(client.get("/search/", QUERY))
        assert links(client.get("/search/", {**QUERY, "page": "2.0"})) == first

    def test_a_facet_chosen_pages_through_its_own_results(self, client, collection):
        params = {"q": "the", "document": PAPER, "kind": "note"}
        pages = every_page(client, params)
        assert len(pages) > 1
        found = [link for page in pages for link in page]
        assert found and all(link.startswith(f"/documents/{PAPER}/#fn-") for link in found)
        assert len(found) == len(set(found))
        past = links(client.get("/search/", {**params, "page": "500"}))
        assert past == pages[-1]

    def test_equal_ranks_in_reading_order_across_pages(self, client, db):
        # 45 paragraphs alike but for their number: one rank, so reading order, page after page.
        make_document("alike", paragraphs=["Ignatiev reported."] * 45, notes=[])
        pages = every_page(client, {"q": "Ignatiev"})
        found = [link for page in pages for link in page]
        assert found == [f"/documents/alike/#p-{n}" for n in range(1, 46)]
        assert links(client.get("/search/", {"q": "Ignatiev", "page": "7"})) == pages[-1]


@pytest.mark.django_db
class TestQueriesPerPage:
    def count(self, client, params):
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/search/", params).status_code == 200
        return len(queries)

    def test_a_later_page_costs_what_the_first_costs(self, client, collection, no_page_cache):
        first = self.count(client, QUERY)
        assert self.count(client, {**QUERY, "page": "2"}) <= first
        assert self.count(client, {**QUERY, "page": "3"}) <= first

    def test_a_page_past_the_last_costs_one_query_more_at_most(
        self, client, collection, no_page_cache
    ):
        asked = self.count(client, {**QUERY, "page": str(last_page(client, QUERY))})
        assert self.count(client, {**QUERY, "page": "99999"}) <= asked + 1
