"""The API keeps its word: every answer it gives is in its OpenAPI description, dates are read
at their precision (a year, a month, a day), impossible and repeated parameters are refused
with a clear 400, /api/docs reads as a page and is linked from every page's footer."""

import datetime
import re

import pytest

API = "/api"
# Periods also asked of the API (the pattern is checked on every value above).
SAMPLE = {"1952-02-29", "1900-02-29", "2000-02-29", "1950-04-31", "1950-00", "0000", "9999-12"}


def get(client, path, **params):
    return client.get(f"{API}/{path}", params)


@pytest.mark.django_db
class TestDates:
    @pytest.mark.parametrize(
        ("start", "end", "first", "last"),
        [
            ("1950", "1950", "1950-01-01", "1950-12-31"),
            ("1950-06", "1950-06", "1950-06-01", "1950-06-30"),
            ("1950-06-25", "1950-06-25", "1950-06-25", "1950-06-25"),
        ],
    )
    def test_a_year_a_month_or_a_day(self, client, collection, start, end, first, last):
        response = get(client, "events", start=start, end=end, page_size=100)
        assert response.status_code == 200, response.json()
        events = response.json()["items"]
        assert events, "the collection has events in 1950"
        for event in events:
            assert event["date"] <= last and (event["end_date"] or event["date"]) >= first

    @pytest.mark.parametrize("value", ["0", "-1", "1950-13", "1950-02-30", "0000", "19500"])
    def test_impossible_dates_are_refused(self, client, collection, value):
        response = get(client, "events", start=value)
        assert response.status_code == 400
        assert "start" in response.json()["detail"]

    def test_a_repeated_parameter_is_refused_not_silently_the_last(self, client, collection):
        response = client.get(f"{API}/events?start=1950&start=1951")
        assert response.status_code == 400
        assert (
            "'start'" in response.json()["detail"] and "more than once" in response.json()["detail"]
        )

    @pytest.mark.parametrize("value", ["0", "-3"])
    def test_page_zero_or_negative_is_refused(self, client, collection, value):
        assert get(client, "events", page=value).status_code == 400

    def test_the_description_states_which_periods_exist(self, client):
        """The pattern the description gives for a period accepts exactly what the API does
        (so schemathesis, or a client, never takes 1950-02-30 for a valid value)."""
        schema = client.get(f"{API}/openapi.json").json()
        (start,) = [
            p for p in schema["paths"]["/api/events"]["get"]["parameters"] if p["name"] == "start"
        ]
        (pattern,) = [v["pattern"] for v in start["schema"]["anyOf"] if "pattern" in v]
        values = []
        for year in (0, 1, 4, 99, 100, 400, 1900, 1950, 1952, 2000, 2100, 9999):
            values.append(f"{year:04d}")
            for month in range(14):
                values.append(f"{year:04d}-{month:02d}")
                values += [f"{year:04d}-{month:02d}-{day:02d}" for day in range(33)]
        for value in values:
            try:
                datetime.date.fromisoformat((value + "-01-01")[:10])
                exists = not value.startswith("0000")
            except ValueError:
                exists = False
            assert bool(re.match(pattern, value)) == exists, value
            status = get(client, "events", start=value).status_code if value in SAMPLE else None
            assert status in (None, 200 if exists else 400), value


@pytest.mark.django_db
class TestDescription:
    def test_every_endpoint_declares_its_400_and_where_something_is_named_its_404(self, client):
        schema = client.get(f"{API}/openapi.json").json()
        assert "Error" in schema["components"]["schemas"]
        for path, methods in schema["paths"].items():
            for operation in methods.values():
                assert "400" in operation["responses"], path
                filters = {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}
                names_a_thing = bool(filters & {"actor", "event", "archive", "document", "source"})
                assert ("404" in operation["responses"]) == ("{" in path or names_a_thing), path

    def test_docs_render_code_and_answer_with_a_slash(self, client):
        page = client.get(f"{API}/docs").content.decode()
        assert "<code>page</code>" in page and "`page`" not in page
        response = client.get(f"{API}/docs/")
        assert response.status_code in (301, 302) and response["Location"].endswith("/api/docs")

    def test_the_footer_links_to_the_api(self, client, collection):
        page = client.get("/").content.decode()
        footer = page[page.index('<footer class="site-footer">') :]
        assert 'href="/api/docs"' in footer and 'href="/api/openapi.json"' in footer
