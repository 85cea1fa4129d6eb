"""Drafts leave no trace: an actor or an event made for a draft, a work or an archive only a draft
cites, and the draft's passages are invisible to the public everywhere (pages, lists, search and
its facets, the API and its filters, TEI), and answer exactly as what does not exist."""

import pytest

from citations.models import ArchivalFile, Archive, Citation, Source
from documents.models import Actor, Document, Event, Mention

from .admin_support import import_interview, import_paper

SECRET_ACTOR = "secret-person"
SECRET_EVENT = "secret-meeting"
FRESH_ACTOR = "fresh-actor"  # made in the admin, not yet mentioned anywhere: a public entry


@pytest.fixture
def draft_world(paper):
    """The paper published; a copy of it a draft that mentions an actor and an event made for
    it and cites a work and an archive nothing published cites."""
    draft = import_paper(slug="draft-paper", status=Document.Status.DRAFT)
    paragraph = draft.paragraphs.order_by("position").first()
    actor = Actor.objects.create(slug=SECRET_ACTOR, name="Secretperson Zyx")
    Actor.objects.create(slug=FRESH_ACTOR, name="Freshactor Qwv")
    event = Event.objects.create(slug=SECRET_EVENT, title="Secretmeeting Zyx", date="1950-06-01")
    event.actors.add(actor)
    surface = paragraph.text[:5]
    Mention.objects.create(paragraph=paragraph, start=0, end=5, surface=surface, actor=actor)
    Mention.objects.create(paragraph=paragraph, start=0, end=5, surface=surface, event=event)
    note = draft.footnotes.order_by("number").first()
    source = Source.objects.create(slug="draft-only-work", title="A Work Only a Draft Cites")
    archive = Archive.objects.create(slug="draftarch", abbreviation="DRA", name="Draft archive")
    file = ArchivalFile.objects.create(archive=archive, fond="1")
    Citation.objects.create(footnote=note, position=1, kind="published", source=source)
    Citation.objects.create(footnote=note, position=2, kind="archival", archival_file=file)
    return paper, draft


NAMES = ("Secretperson Zyx", "Secretmeeting Zyx")


@pytest.mark.django_db
class TestActorsAndEventsMadeForADraft:
    @pytest.mark.parametrize("url", [f"/actors/{SECRET_ACTOR}/", f"/events/{SECRET_EVENT}/"])
    def test_their_pages_are_404(self, client, draft_world, url):
        assert client.get(url).status_code == 404

    def test_editors_see_them(self, editor_client, draft_world):
        assert editor_client.get(f"/actors/{SECRET_ACTOR}/").status_code == 200
        assert editor_client.get(f"/events/{SECRET_EVENT}/").status_code == 200

    @pytest.mark.parametrize("url", ["/", "/actors/", "/events/", "/search/?q=Stalin"])
    def test_not_in_lists_nor_facets(self, client, draft_world, url):
        html = client.get(url).content.decode()
        for name in NAMES:
            assert name not in html, (url, name)

    def test_the_home_page_counts_only_public_ones(self, client, draft_world):
        context = client.get("/").context
        assert context["actor_count"] == Actor.objects.count() - 1 == 1  # the fresh one
        assert context["event_count"] == Event.objects.count() - 1 == 0

    def test_one_no_text_mentions_yet_is_a_public_entry(self, client, draft_world):
        assert client.get(f"/actors/{FRESH_ACTOR}/").status_code == 200
        assert "Freshactor Qwv" in client.get("/actors/").content.decode()

    def test_a_search_filter_on_one_answers_as_for_an_unknown_slug(self, client, draft_world):
        for name, slug in (("actor", SECRET_ACTOR), ("event", SECRET_EVENT)):
            secret = client.get(f"/search/?q=Stalin&{name}={slug}")
            unknown = client.get(f"/search/?q=Stalin&{name}=no-such-{name}")
            assert secret.status_code == unknown.status_code == 400
            assert secret.content.decode().replace(slug, f"no-such-{name}") == (
                unknown.content.decode()
            )

    @pytest.mark.parametrize("url", ["/api/actors", "/api/events", f"/api/actors?q={NAMES[0][:8]}"])
    def test_not_in_the_api_lists(self, client, draft_world, url):
        body = client.get(url).content.decode()
        for name in NAMES:
            assert name not in body

    @pytest.mark.parametrize(
        ("url", "unknown"),
        [
            (f"/api/actors/{SECRET_ACTOR}", "/api/actors/no-such-actor"),
            (f"/api/events/{SECRET_EVENT}", "/api/events/no-such-event"),
            (f"/api/events?actor={SECRET_ACTOR}", "/api/events?actor=no-such-actor"),
            (
                f"/api/documents/paper/paragraphs?actor={SECRET_ACTOR}",
                "/api/documents/paper/paragraphs?actor=no-such-actor",
            ),
            (
                f"/api/documents/paper/paragraphs?event={SECRET_EVENT}",
                "/api/documents/paper/paragraphs?event=no-such-event",
            ),
        ],
    )
    def test_the_api_answers_as_for_an_unknown_slug(self, client, draft_world, url, unknown):
        secret, missing = client.get(url), client.get(unknown)
        assert secret.status_code == missing.status_code == 404
        slug = url.rsplit("/", 1)[-1].rsplit("=", 1)[-1]
        other = unknown.rsplit("/", 1)[-1].rsplit("=", 1)[-1]
        assert secret.json() == {
            key: value.replace(other, slug) for key, value in missing.json().items()
        }

    def test_not_in_the_tei_of_a_published_text(self, client, draft_world):
        paper, _ = draft_world
        tei = client.get(f"/documents/{paper.slug}.tei.xml").content.decode()
        for name in NAMES:
            assert name not in tei


@pytest.mark.django_db
class TestWhatOnlyADraftCites:
    @pytest.mark.parametrize(
        ("name", "slug"), [("source", "draft-only-work"), ("archive", "draftarch")]
    )
    def test_an_api_filter_answers_as_for_an_unknown_slug(self, client, draft_world, name, slug):
        secret = client.get(f"/api/citations?{name}={slug}")
        unknown = client.get(f"/api/citations?{name}=no-such-{name}")
        assert secret.status_code == unknown.status_code == 404
        assert secret.json() == {
            key: value.replace(f"no-such-{name}", slug) for key, value in unknown.json().items()
        }

    def test_a_cited_work_is_still_a_good_filter(self, client, draft_world):
        source = Source.objects.create(slug="published-work", title="Cited in the paper")
        paper, _ = draft_world
        note = paper.footnotes.order_by("number").first()
        Citation.objects.create(footnote=note, position=1, kind="published", source=source)
        answer = client.get("/api/citations?source=published-work")
        assert answer.status_code == 200 and answer.json()["count"] == 1


@pytest.mark.django_db
class TestSearchIgnoresDrafts:
    def test_a_word_only_a_draft_holds_finds_nothing(self, client, draft_world):
        _, draft = draft_world
        paragraph = draft.paragraphs.order_by("position").first()
        paragraph.text += " Zyxwvutsrq"
        paragraph.save()
        found = client.get("/search/?q=Zyxwvutsrq")
        unknown = client.get("/search/?q=Qqqqqqqqqq")
        assert found.status_code == unknown.status_code == 200
        assert found.context["page_obj"].paginator.count == 0

    def test_a_draft_does_not_change_the_order_of_public_results(self, client, paper):
        def order():
            page = client.get("/search/?q=Soviet")
            return [(hit["hit_source"], hit["hit_id"]) for hit in page.context["page_obj"]]

        before = order()
        draft = import_interview(status=Document.Status.DRAFT)
        for paragraph in draft.paragraphs.all()[:40]:
            paragraph.text += " Soviet Soviet Soviet"
            paragraph.save()
        assert len(before) > 5
        assert order() == before

    def test_publishing_and_unpublishing_moves_a_text_in_and_out_of_public_results(
        self, client, draft_world
    ):
        _, draft = draft_world
        paragraph = draft.paragraphs.order_by("position").first()
        paragraph.text += " Zyxwvutsrq"
        paragraph.save()
        Document.objects.filter(pk=draft.pk).update(status=Document.Status.PUBLISHED)
        found = client.get("/search/?q=Zyxwvutsrq").context
        assert found["result_count"] == len(found["results"]) == 1
        paragraph.text += " Qpqpqpqp"  # edited while published
        paragraph.save()
        found = client.get("/search/?q=Qpqpqpqp").context
        assert found["result_count"] == len(found["results"]) == 1
        Document.objects.filter(pk=draft.pk).update(status=Document.Status.DRAFT)
        assert client.get("/search/?q=Zyxwvutsrq").context["result_count"] == 0
