"""The read-only JSON API at /api/: what each endpoint lists and filters, pagination, drafts
invisible, malformed parameters refused with 400 and a message (never 500), a fixed number of
queries per endpoint, and an OpenAPI description with a plain page about it.

The collection is loaded once for the session; each test runs in its own transaction, rolled
back, so a test that turns a text into a draft changes nothing for the next one.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from citations.models import Citation
from documents.models import Actor, Document, Event, Footnote, Mention, Paragraph

PAPER = "weathersby-soviet-role"
INTERVIEW = "shen-zhihua-interview"


@pytest.fixture
def loaded(collection):
    """The curated collection: loaded once per session (tests/curated.py)."""
    return collection


@pytest.fixture
def api(client, loaded, db):
    def get(url, status=200, **params):
        response = client.get(f"/api/{url}", params)
        assert response.status_code == status, response.content[:500]
        assert response["Content-Type"].startswith("application/json")
        return response.json()

    return get


def everything(api, url, **params):
    """Every item of a list, following the `next` links."""
    page = api(url, page_size=7, **params)
    items = page["items"]
    while page["next"]:
        query = page["next"].split("?", 1)[1]
        params = dict(pair.split("=", 1) for pair in query.split("&"))
        page = api(url, **params)
        items += page["items"]
    return items


@pytest.fixture
def interview_as_draft(loaded, db):
    Document.objects.filter(slug=INTERVIEW).update(status=Document.Status.DRAFT)


class TestDocuments:
    def test_lists_the_published_texts(self, api):
        page = api("documents")
        assert page["count"] == 2
        by_slug = {d["slug"]: d for d in page["items"]}
        paper = by_slug[PAPER]
        assert paper["authors"] == ["Kathryn Weathersby"]
        assert (paper["paragraph_count"], paper["note_count"]) == (
            Paragraph.objects.filter(document__slug=PAPER).count(),
            58,
        )
        assert paper["publication"] == "" and paper["publication_date"] == ""
        assert paper["tei_url"] == f"http://testserver/documents/{PAPER}.tei.xml"
        assert paper["csl_json_url"] == f"http://testserver/documents/{PAPER}/cite.json"

    def test_filter_by_kind(self, api):
        assert [d["slug"] for d in api("documents", kind="interview")["items"]] == [INTERVIEW]

    def test_one_document_with_its_sections(self, api):
        paper = api(f"documents/{PAPER}")
        assert [s["title"] for s in paper["sections"]][:2] == [
            "Introduction",
            "The Division of Korea",
        ]
        assert api("documents/no-such-text", status=404)["detail"]

    def test_drafts_are_invisible(self, api, interview_as_draft):
        assert [d["slug"] for d in api("documents")["items"]] == [PAPER]
        api(f"documents/{INTERVIEW}", status=404)
        api(f"documents/{INTERVIEW}/paragraphs", status=404)
        api(f"documents/{INTERVIEW}/notes", status=404)

    def test_staff_see_no_drafts_either(self, client, editor_client, loaded, interview_as_draft):
        response = editor_client.get("/api/documents")
        assert [d["slug"] for d in response.json()["items"]] == [PAPER]

    def test_a_page_of_the_list_is_kept_until_a_change(self, api, client, settings):
        # Each page of the list is kept with its count per kind as of the collection version
        # (documents/api/pagination.py KeptPages): asked again, it costs no query; a text
        # unpublished between two requests leaves the next answer at once, with its count,
        # and comes back when published again.
        settings.PAGE_CACHE = False  # what is kept itself, not a cached response
        assert [d["slug"] for d in api("documents", kind="article")["items"]] == [PAPER]
        assert [d["slug"] for d in api("documents", kind="interview")["items"]] == [INTERVIEW]
        assert api("documents", kind="primary")["count"] == 0
        first = api("documents")
        assert first["count"] == 2
        with CaptureQueriesContext(connection) as queries:
            assert api("documents") == first
        assert len(queries) == 0
        interview = Document.objects.get(slug=INTERVIEW)
        interview.status = Document.Status.DRAFT
        interview.save()  # as an editor does: the collection's version moves on
        page = api("documents")
        assert (page["count"], [d["slug"] for d in page["items"]]) == (1, [PAPER])
        assert api("documents", kind="interview")["items"] == []
        second = api("documents", page=2, page_size=1)
        assert (second["count"], second["items"], second["previous"]) == (1, [], None)
        interview.status = Document.Status.PUBLISHED
        interview.save()
        assert api("documents") == first
        assert [d["slug"] for d in api("documents", kind="interview")["items"]] == [INTERVIEW]


class TestParagraphs:
    def test_every_paragraph_in_order_with_exact_text(self, api):
        items = everything(api, f"documents/{PAPER}/paragraphs")
        stored = list(
            Paragraph.objects.filter(document__slug=PAPER)
            .order_by("position")
            .values_list("position", "text")
        )
        assert [(p["position"], p["text"]) for p in items] == stored

    def test_note_anchors_and_mentions(self, api):
        items = api(f"documents/{PAPER}/paragraphs", page_size=100)["items"]
        anchors = {(a["note"], p["position"]) for p in items for a in p["notes"]}
        assert len(anchors) == 58
        assert (14, 15) in anchors
        first = items[0]
        assert {"start", "end", "surface", "actor", "event"} == set(first["mentions"][0])
        assert any(m["actor"] == "united-states" for m in first["mentions"])

    def test_interview_turns(self, api):
        questions = api(f"documents/{INTERVIEW}/paragraphs", speaker="interviewer", page_size=100)
        assert (
            questions["count"]
            == Paragraph.objects.filter(document__slug=INTERVIEW, speaker="interviewer").count()
        )
        assert {p["kind"] for p in questions["items"]} == {"question"}

    def test_paragraphs_that_mention_an_actor(self, api):
        found = {
            p["position"]
            for p in everything(api, f"documents/{PAPER}/paragraphs", actor="joseph-stalin")
        }
        expected = set(
            Mention.objects.filter(
                actor__slug="joseph-stalin", paragraph__document__slug=PAPER
            ).values_list("paragraph__position", flat=True)
        )
        assert found == expected and len(found) > 5


class TestNotesAndCitations:
    def test_a_note_with_its_references_as_data(self, api):
        note = api(f"documents/{PAPER}/notes/14")
        (malik,) = note["citations"]
        assert malik["kind"] == "archival"
        assert malik["archive"]["abbreviation_original"] == "АВПРФ"
        file = malik["file"]
        assert (file["fond"], file["opis"], file["delo"], file["papka"]) == ("0102", "1", "15", "1")
        assert malik["archival_document"]["date"] == "1945-12-10"
        assert malik["pinpoint_display"] == "ll. 18–21"
        assert note["csl_json_url"] == (f"http://testserver/documents/{PAPER}/notes/14/cite.json")

    def test_ibid_names_what_it_repeats(self, api):
        (ibid,) = api(f"documents/{PAPER}/notes/16")["citations"]
        (original,) = api(f"documents/{PAPER}/notes/15")["citations"]
        assert ibid["kind"] == "ibid" and ibid["ibid_of"] == original["id"]
        assert api(f"citations/{original['id']}")["note"] == 15

    def test_cited_in_keeps_both(self, api):
        (reference,) = api(f"documents/{PAPER}/notes/35")["citations"]
        assert reference["archive"]["slug"] == "tsamo"
        assert reference["cited_in"]["csl"]["type"] == "thesis"

    def test_every_note_once(self, api):
        numbers = [n["number"] for n in everything(api, f"documents/{PAPER}/notes")]
        assert numbers == list(range(1, 59))

    def test_notes_citing_an_archive_include_the_ibids_that_repeat_them(self, api):
        numbers = {
            n["number"] for n in everything(api, f"documents/{PAPER}/notes", archive="avprf")
        }
        assert {14, 15, 16, 17, 18, 19, 46, 47, 48, 49, 50} <= numbers
        assert 1 not in numbers

    def test_citations_filtered_by_fond(self, api):
        found = everything(api, "citations", fond="059a")
        assert {c["note"] for c in found} == {40, 45, 47, 48}
        assert all(c["file"]["fond"] == "059a" for c in found)

    def test_citations_by_kind_and_document(self, api):
        page = api("citations", kind="ibid", document=PAPER, page_size=100)
        # (notes 49 and 50 each repeat the three references of note 48)
        assert page["count"] == Citation.objects.filter(kind="ibid").count() == 14
        assert {c["note"] for c in page["items"]} == {7, 16, 17, 18, 26, 33, 49, 50, 53, 54}

    def test_citations_of_a_work(self, api):
        found = everything(api, "citations", source="weathersby-new-russian-documents")
        assert {c["note"] for c in found} >= {46, 47, 48}

    def test_a_drafts_notes_and_citations_are_invisible(self, api, loaded, db):
        Document.objects.filter(slug=PAPER).update(status=Document.Status.DRAFT)
        assert api("citations")["count"] == 0
        assert api("archives")["count"] == 0
        original = Citation.objects.filter(footnote__number=14).first()
        api(f"citations/{original.pk}", status=404)
        api(f"documents/{PAPER}/notes/14", status=404)


class TestRegister:
    def test_actors_with_their_other_names(self, api):
        (stalin,) = api("actors", q="Filippov")["items"]
        assert stalin["slug"] == "joseph-stalin"
        assert "Filippov" in [alias["name"] for alias in stalin["aliases"]]
        assert (
            stalin["mention_count"] == Mention.objects.filter(actor__slug="joseph-stalin").count()
        )
        assert api("actors/joseph-stalin")["name"] == "Joseph Stalin"

    def test_actors_by_kind(self, api):
        states = everything(api, "actors", kind="state")
        assert {a["kind"] for a in states} == {"state"}
        assert len(states) == Actor.objects.filter(kind="state").count()

    def test_mention_counts_leave_drafts_out(self, api, interview_as_draft):
        in_paper = Mention.objects.filter(actor__slug="joseph-stalin").exclude(
            paragraph__document__slug=INTERVIEW
        )
        assert api("actors/joseph-stalin")["mention_count"] == in_paper.count()

    def test_events_in_a_period_with_an_actor(self, api):
        found = everything(
            api, "events", actor="joseph-stalin", start="1950-01-01", end="1953-12-31"
        )
        assert found
        assert all("joseph-stalin" in e["actors"] for e in found)
        assert all(
            "1950-01-01" <= (e["end_date"] or e["date"]) and e["date"] <= "1953-12-31"
            for e in found
        )
        dates = [e["date"] for e in found]
        assert dates == sorted(dates)
        assert len(everything(api, "events")) == Event.objects.count()

    def test_archives_and_their_files(self, api):
        archives = {a["slug"]: a for a in api("archives")["items"]}
        assert set(archives) == {"avprf", "lc", "rgaspi", "tsamo"}
        assert archives["avprf"]["file_count"] == 14
        files = everything(api, "archives/avprf/files", fond="059a")
        assert {(f["opis"], f["delo"]) for f in files} == {("5a", "3"), ("5a", "4"), ("5a", "5")}


class TestMalformedParameters:
    @pytest.mark.parametrize(
        ("url", "params", "named"),
        [
            ("documents", {"page": "abc"}, "page"),
            ("documents", {"page": "0"}, "page"),
            ("documents", {"page": "-3"}, "page"),
            ("documents", {"page": str(10**30)}, "page"),
            ("documents", {"page_size": str(10**9)}, "page_size"),
            ("documents", {"page_size": "0"}, "page_size"),
            ("documents", {"page_size": "1.5"}, "page_size"),
            ("documents", {"kind": "nonsense"}, "kind"),
            (f"documents/{PAPER}/paragraphs", {"section": "first"}, "section"),
            (f"documents/{PAPER}/paragraphs", {"speaker": "narrator"}, "speaker"),
            (f"documents/{PAPER}/paragraphs", {"actor": "<script>"}, "actor"),
            (f"documents/{PAPER}/notes", {"kind": "footnote"}, "kind"),
            ("citations", {"needs_review": "maybe"}, "needs_review"),
            ("citations", {"fond": "05\x009a"}, "fond"),
            ("citations", {"document": "a" * 500}, "document"),
            ("actors", {"q": "Stalin\x00"}, "q"),
            ("actors", {"q": "x" * 1000}, "q"),
            ("events", {"start": "1950-13-01"}, "start"),
            ("events", {"end": "yesterday"}, "end"),
            ("events", {"precision": "decade"}, "precision"),
        ],
    )
    def test_refused_with_400_naming_the_parameter(self, api, url, params, named):
        body = api(url, status=400, **params)
        assert named in body["detail"]
        assert [e["parameter"] for e in body["errors"]] == [named]

    @pytest.mark.parametrize(
        ("url", "params", "message"),
        [
            ("citations", {"archive": "nowhere"}, "Unknown archive 'nowhere'."),
            ("citations", {"source": "no-such-book"}, "Unknown source 'no-such-book'."),
            ("citations", {"document": "no-such-text"}, "Unknown document 'no-such-text'."),
            ("events", {"actor": "nobody"}, "Unknown actor 'nobody'."),
            (f"documents/{PAPER}/paragraphs", {"event": "nothing"}, "Unknown event 'nothing'."),
        ],
    )
    def test_filters_naming_nothing_are_refused(self, api, url, params, message):
        # 404, as an address naming nothing: the slug is well formed, it names no list
        assert api(url, status=404, **params) == {"detail": message}

    def test_a_reversed_range_is_refused(self, api):
        params = {"start": "1953-01-01", "end": "1950-01-01"}
        assert api("events", status=400, **params) == {"detail": "end must not be before start."}

    @pytest.mark.parametrize(
        "url",
        [
            f"documents/{PAPER}/notes/{10**30}",
            f"documents/{PAPER}/notes/0",
            f"citations/{10**30}",
            "actors/no-one",
            "events/never",
            "archives/nowhere",
            "archives/nowhere/files",
        ],
    )
    def test_unknown_things_are_404_in_json(self, api, url):
        assert api(url, status=404)["detail"]

    @pytest.mark.parametrize(
        ("url", "params", "unknown"),
        [
            ("documents", {"knid": "interview"}, ["knid"]),
            ("citations", {"archiv": "avprf"}, ["archiv"]),
            (
                "citations",
                {"kind": "ibid", "Kind": "ibid", "documnet": PAPER},
                ["Kind", "documnet"],
            ),
            (f"documents/{PAPER}/paragraphs", {"speker": "historian"}, ["speker"]),
            (f"documents/{PAPER}/notes", {"archive": "avprf", "fond": "059a"}, ["fond"]),
            ("actors", {"name": "Stalin"}, ["name"]),
            ("events", {"from": "1950-01-01"}, ["from"]),
            ("archives/avprf/files", {"opis": "5a"}, ["opis"]),
            (f"documents/{PAPER}", {"page": "2"}, ["page"]),
            (f"documents/{PAPER}/notes/14", {"format": "json"}, ["format"]),
        ],
    )
    def test_unknown_parameter_names_are_refused(self, api, url, params, unknown):
        """A misspelt filter is a 400 naming it, never a list that ignores it."""
        body = api(url, status=400, **params)
        assert [e["parameter"] for e in body["errors"]] == unknown
        assert all(repr(name) in body["detail"] for name in unknown)
        assert not set(body["accepted"]) & set(unknown)

    def test_each_endpoint_accepts_exactly_what_its_description_lists(self, api):
        """The names a refusal offers are the query parameters the OpenAPI description gives."""
        schema = api("openapi.json")
        checked = 0
        for path, methods in schema["paths"].items():
            described = sorted(
                p["name"] for p in methods["get"].get("parameters", []) if p["in"] == "query"
            )
            url = path.removeprefix("/api/").format(
                slug=PAPER if path.startswith("/api/documents") else "avprf",
                number=14,
                citation_id=Citation.objects.values_list("pk", flat=True).first(),
            )
            assert api(url, status=400, zzz="1")["accepted"] == described, path
            checked += 1
        assert checked == len(schema["paths"]) >= 12

    @pytest.mark.parametrize(
        "path",
        [
            "documents/%00",
            "documents/%00/",
            "documents/a%20b/",
            "documents/a b",
            "actors/%C0",
            f"documents/{PAPER}/notes/fourteen",
            f"documents/{PAPER}/",
            "no-such-endpoint",
        ],
    )
    def test_addresses_no_object_can_have_are_404_in_json(self, client, loaded, db, path):
        response = client.get(f"/api/{path}")
        assert response.status_code == 404
        assert response["Content-Type"].startswith("application/json")
        assert response.json()["detail"].startswith("No such address in the API: /api/")

    def test_a_page_past_the_end_is_empty(self, api):
        page = api("documents", page=5)
        assert (page["count"], page["items"], page["next"]) == (2, [], None)


class TestPagination:
    def test_pages_link_to_each_other_and_hold_everything_once(self, api):
        first = api("actors", page_size=10)
        assert first["pages"] == -(-first["count"] // 10) and first["previous"] is None
        second = api("actors", page=2, page_size=10)
        assert "page=1" in second["previous"] and "page_size=10" in second["previous"]
        slugs = [a["slug"] for a in everything(api, "actors")]
        assert len(slugs) == len(set(slugs)) == first["count"] == Actor.objects.count()

    def test_filters_are_kept_in_the_links(self, api):
        page = api("citations", kind="archival", page_size=5)
        assert "kind=archival" in page["next"]


class TestQueryCounts:
    ENDPOINTS = [
        "documents",
        f"documents/{PAPER}/paragraphs",
        f"documents/{PAPER}/notes",
        "citations",
        "actors",
        "events",
        "archives",
        "archives/avprf/files",
    ]

    @pytest.mark.parametrize("url", ENDPOINTS)
    def test_a_full_page_takes_as_many_queries_as_a_single_item(self, client, loaded, db, url):
        """Per-item work never queries: a page of 100 reads what a page of 1 reads."""

        def count(size):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(f"/api/{url}", {"page_size": size}).status_code == 200
            return len(queries)

        count(2)  # what is kept per collection version (actors' and events' mention counts)
        assert count(1) == count(100) <= 6


class TestDescription:
    def test_openapi_lists_every_endpoint_with_its_parameters(self, api):
        schema = api("openapi.json")
        assert schema["openapi"].startswith("3.")
        paths = schema["paths"]
        for path in (
            "/api/documents",
            "/api/documents/{slug}",
            "/api/documents/{slug}/paragraphs",
            "/api/documents/{slug}/notes",
            "/api/documents/{slug}/notes/{number}",
            "/api/citations",
            "/api/citations/{citation_id}",
            "/api/actors",
            "/api/events",
            "/api/archives",
            "/api/archives/{slug}/files",
        ):
            assert "get" in paths[path], path
            assert set(paths[path]) == {"get"}  # read-only
        parameters = {p["name"]: p for p in paths["/api/citations"]["get"]["parameters"]}
        assert {"document", "kind", "archive", "fond", "source", "page", "page_size"} <= set(
            parameters
        )
        assert parameters["page_size"]["schema"]["maximum"] == 100

    def test_the_index_points_everywhere(self, api):
        index = api("")
        assert index["openapi"] == "http://testserver/api/openapi.json"
        assert api(index["documents"].removeprefix("http://testserver/api/"))["count"] == 2

    def test_a_plain_page_describes_the_api(self, client, loaded, db):
        response = client.get("/api/docs")
        assert response.status_code == 200
        html = response.content.decode()
        assert "<code>GET /api/citations</code>" in html
        assert 'href="/api/openapi.json"' in html
        assert "<script" not in html  # no Swagger bundle from a CDN: the page is plain HTML

    def test_names_in_cyrillic_are_readable(self, client, loaded, db):
        response = client.get("/api/archives")
        assert "АВПРФ" in response.content.decode("utf-8")


class TestNoteCslJson:
    def test_a_notes_sources_with_ibid_resolved(self, client, loaded, db):
        response = client.get(f"/documents/{PAPER}/notes/49/cite.json")
        assert response["Content-Type"] == "application/vnd.citationstyles.csl+json"
        # note 48's telegram in its two archival copies, and its published text
        first, second, published = response.json()
        assert first["type"] == "manuscript" and first["archive_location"].startswith(
            "f. 45, op. 1"
        )
        assert second["archive_location"].startswith("f. 059a, op. 5a")
        assert published["title"] == "New Russian Documents"
        several = client.get(f"/documents/{PAPER}/notes/1/cite.json").json()
        assert [i["id"] for i in several][:2] == ["matray-1985", "cumings-2005"]

    def test_a_drafts_note_is_not_found(self, client, loaded, db):
        Document.objects.filter(slug=PAPER).update(status=Document.Status.DRAFT)
        assert client.get(f"/documents/{PAPER}/notes/1/cite.json").status_code == 404
        assert client.get(f"/documents/{PAPER}/notes/99/cite.json").status_code == 404
        assert Footnote.objects.filter(number=1).exists()


@pytest.mark.django_db
class TestDraftsLeaveNoTrace:
    """A draft must look exactly like something that does not exist, in every answer."""

    def test_citation_filter_on_a_draft_is_the_same_404_as_an_unknown_slug(
        self, client, collection
    ):
        from documents.models import Document

        Document.objects.filter(slug="weathersby-soviet-role").update(status=Document.Status.DRAFT)
        draft = client.get("/api/citations", {"document": "weathersby-soviet-role"})
        unknown = client.get("/api/citations", {"document": "no-such-text"})
        assert (draft.status_code, unknown.status_code) == (404, 404)
        assert draft.json()["detail"].replace("weathersby-soviet-role", "X") == unknown.json()[
            "detail"
        ].replace("no-such-text", "X")

    def test_files_of_an_archive_only_drafts_cite_are_404_like_the_archive(
        self, client, collection
    ):
        from documents.models import Document

        Document.objects.update(status=Document.Status.DRAFT)
        assert client.get("/api/archives/avprf").status_code == 404
        response = client.get("/api/archives/avprf/files")
        assert response.status_code == 404
        assert response.json()["detail"] == client.get("/api/archives/avprf").json()["detail"]
