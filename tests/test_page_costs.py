"""The uncached cost of the public pages (issue 10): the home page, a note page, the register,
the timeline, an actor's and an event's page read a fixed number of queries whatever the size
of the corpus, and what they keep between requests (the mention counts, kept per collection
version; a note page's body, stored like the reader) shows every change on the next request.
The page cache is off throughout: these are the pages' own costs."""

import datetime
import re
import uuid

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from citations.models import Citation
from documents.caching import pages
from documents.models import (
    Actor,
    ActorAlias,
    Document,
    Event,
    Footnote,
    FootnoteRef,
    Mention,
    Paragraph,
    RenderedPart,
)

from .linking_samples import (
    PAPER,
    make_draft_links,
    make_large_document,
    make_links,
    mention,
    note,
    paragraph,
)

NOTE_URL = f"/documents/{PAPER}/notes/14/"


@pytest.fixture
def links(collection, settings):
    settings.PAGE_CACHE = False
    links = make_links()
    make_draft_links(links)
    return links


def read(url: str, client=None) -> str:
    """The page as an anonymous visitor gets it."""
    response = (client or Client()).get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def queries(url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        read(url)
    return len(captured)


def actor_count(slug: str) -> str:
    """What /actors/ says of the actor: “· 3 mentions”."""
    page = read("/actors/")
    return re.search(rf'href="/actors/{slug}/">.*?<span class="count">([^<]*)</span>', page, re.S)[
        1
    ].strip()


def event_summary(slug: str) -> str:
    """What /events/ says under the event: “Moscow · Joseph Stalin, Soviet Union · 1 passage”."""
    item = re.search(rf'<li class="timeline-event" id="{slug}">(.*?)</li>', read("/events/"), re.S)
    meta = re.search(r'<span class="meta">([^<]*)</span>', item[1])
    return meta[1].strip() if meta else ""


def note_body(url: str = NOTE_URL) -> str:
    page = read(url)
    return page[page.index("<main") : page.index("</main>")]


@pytest.mark.django_db
class TestQueriesDoNotGrow:
    def costs(self, urls) -> list[tuple[int, int]]:
        """Each page's queries just after a change to every text (the counts computed again,
        the note's body rendered again), then once more (what was kept, read)."""
        result = []
        for url in urls:
            ids = list(Document.objects.values_list("pk", flat=True))
            Document.objects.filter(pk__in=ids).update(render_key=uuid.uuid4())
            pages.bump_collection_version()
            result.append((queries(url), queries(url)))
        return result

    def test_same_queries_with_a_text_ten_times_the_paper(self, links):
        small = self.costs(
            [
                "/",
                NOTE_URL,
                "/actors/",
                "/events/",
                links.kim.get_absolute_url(),
                links.moscow.get_absolute_url(),
            ]
        )
        large = make_large_document()
        assert Mention.objects.count() > 10 * len(vars(links.mentions))
        big = self.costs(
            [
                "/",
                f"/documents/{large.slug}/notes/14/",
                "/actors/",
                "/events/",
                "/actors/large-kim/",
                "/events/large-commission/",
            ]
        )
        assert big == small
        home, note_page, actors, events, actor_page, event_page = small
        assert actor_page[1] == event_page[1] == 1  # the actor or event: its body is kept
        assert note_page[1] == 1  # the document with its stored body (which proves the note)
        assert actors[1] == events[1] == 0  # the register's and timeline's kept fragments
        assert home[1] == 0  # the first texts, how many texts, actors, events: all kept

    def test_what_a_note_repeats_is_read_with_its_citations(self, links):
        """What an Ibid. repeats and where a short form was cited before are read with the
        note's own citations, not a query for each of their fields: note 16 (Ibid. of 15) and
        note 20 (cited before in 14), rendered afresh, cost what note 14 costs and one query
        more, the original that the notes' COinS read (exports.notes_items)."""
        plain, ibid, short_form = self.costs(
            [f"/documents/{PAPER}/notes/{n}/" for n in (14, 16, 20)]
        )
        assert ibid == short_form == (plain[0] + 1, plain[1])
        assert "Ibid.: repeats the reference in" in note_body(f"/documents/{PAPER}/notes/16/")
        assert "Cited before in" in note_body(f"/documents/{PAPER}/notes/20/")


@pytest.mark.django_db
class TestMentionCountsFollowEveryChange:
    """The public's counts are kept per collection version: each change shows at once."""

    def test_a_mention_added_and_removed(self, links):
        assert actor_count("test-kim-il-sung") == "· 2 mentions"
        assert event_summary("test-armistice-talks") == "1 passage"
        other = (
            Paragraph.objects.filter(document__slug=PAPER, text__contains="Kim Il Sung")
            .exclude(pk=links.paper_31.pk)
            .first()
        )
        added = mention(other, "Kim Il Sung", actor=links.kim)
        assert added is not None
        assert actor_count("test-kim-il-sung") == "· 3 mentions"
        added.delete()
        assert actor_count("test-kim-il-sung") == "· 2 mentions"
        links.mentions.armistice_paper.delete()
        assert event_summary("test-armistice-talks") == ""

    def test_a_mention_moved_to_another_actor(self, links):
        assert actor_count("test-soviet-union") == "· 1 mention"
        moved = links.mentions.kim_paper
        moved.actor = links.ussr
        moved.save()
        assert actor_count("test-kim-il-sung") == "· 1 mention"
        assert actor_count("test-soviet-union") == "· 2 mentions"

    def test_a_text_returned_to_draft_and_published_again(self, links):
        paper = Document.objects.get(slug=PAPER)
        assert actor_count("test-joseph-stalin") == "· 4 mentions"
        paper.status = Document.Status.DRAFT
        paper.save()
        assert actor_count("test-joseph-stalin") == "· 1 mention"  # the interview's
        paper.status = Document.Status.PUBLISHED
        paper.save()
        assert actor_count("test-joseph-stalin") == "· 4 mentions"

    def test_a_paragraph_deleted_with_its_mentions(self, links):
        assert event_summary("test-armistice-talks") == "1 passage"
        Paragraph.objects.get(pk=paragraph(PAPER, 38).pk).delete()
        assert event_summary("test-armistice-talks") == ""

    def test_staff_count_the_drafts_too(self, links, editor_client):
        page = editor_client.get("/actors/").content.decode()
        staff = re.search(
            r'href="/actors/test-joseph-stalin/">.*?<span class="count">([^<]*)</span>', page, re.S
        )[1]
        assert staff.strip() == "· 6 mentions"  # the draft's paragraph and note too
        assert actor_count("test-joseph-stalin") == "· 4 mentions"


@pytest.mark.django_db
class TestRegisterAndTimelineFollowEveryChange:
    """The public's register and timeline are kept per collection version as rendered."""

    def test_an_actor_renamed_and_given_an_alias(self, links):
        read("/actors/")
        links.ussr.name = "USSR (Soviet Union)"
        links.ussr.save()
        ActorAlias.objects.create(actor=links.ussr, name="Sovetsky Soyuz")
        page = read("/actors/")
        assert "USSR (Soviet Union)</a>" in page and "Sovetsky Soyuz" in page

    def test_an_event_given_an_actor_and_a_new_date(self, links):
        assert event_summary("test-armistice-talks") == "1 passage"
        links.armistice.actors.add(links.kim)
        assert event_summary("test-armistice-talks") == "Kim Il Sung · 1 passage"
        links.armistice.date = datetime.date(1953, 7, 1)
        links.armistice.save()
        page = read("/events/")
        year = page[page.index('<section class="timeline-year" id="y1953"') :]
        assert 'id="test-armistice-talks"' in year[: year.index("</section>")]

    def test_an_actor_only_a_draft_names_shows_for_staff_only(self, links, editor_client):
        secret = Actor.objects.create(slug="test-secret", name="Secret Envoy")
        draft = Paragraph.objects.get(document__slug="draft-memo")
        draft.text += " The Secret Envoy came."
        draft.save()
        mention(draft, "Secret Envoy", actor=secret)
        assert "Secret Envoy" not in read("/actors/")
        assert "Secret Envoy" in editor_client.get("/actors/").content.decode()
        assert "Secret Envoy" not in read("/actors/")

    def test_the_api_lists_an_actor_only_a_draft_names_once_the_draft_is_published(self, links):
        """The API's actors (and the events they take part in) follow the same rule as the
        register, read once per collection version: the second request asks nothing of the
        mentions, and publishing the draft shows the actor on the next one."""
        secret = Actor.objects.create(slug="test-secret", name="Secret Envoy")
        draft = Paragraph.objects.get(document__slug="draft-memo")
        draft.text += " The Secret Envoy came."
        draft.save()
        mention(draft, "Secret Envoy", actor=secret)

        def slugs(url):
            response = Client().get(url)
            assert response.status_code == 200, url
            return [item["slug"] for item in response.json()["items"]]

        for url in ("/api/actors?page_size=100", "/api/actors?q=Secret"):
            assert "test-secret" not in slugs(url)
        with CaptureQueriesContext(connection) as captured:
            assert "test-secret" not in slugs("/api/actors?page_size=100")
        assert not [q for q in captured if "documents_mention" in q["sql"]]
        assert Client().get("/api/actors/test-secret").status_code == 404

        memo = Document.objects.get(slug="draft-memo")
        memo.status = Document.Status.PUBLISHED
        memo.save()
        assert "test-secret" in slugs("/api/actors?page_size=100")
        assert Client().get("/api/actors/test-secret").status_code == 200

    def test_a_name_filter_is_answered_live(self, links):
        read("/actors/")
        page = read("/actors/?name=Stalin")
        assert "with a name containing “Stalin”" in page and "Joseph Stalin</a>" in page
        assert "Soviet Union</a>" not in page


@pytest.mark.django_db
class TestActorAndEventPagesFollowEveryChange:
    """The public's body of an actor's or an event's page is kept per collection version."""

    def test_an_actor_described_and_mentioned_again(self, links):
        url = links.ussr.get_absolute_url()
        assert "Soviet occupation" not in read(url)
        links.ussr.description = "The Soviet occupation power in the North."
        links.ussr.save()
        assert "The Soviet occupation power in the North." in read(url)
        quoted = read(url).count("<blockquote cite=")
        other = (
            Paragraph.objects.filter(document__slug=PAPER, text__contains="Soviet Union")
            .exclude(pk=links.interview_1.pk)
            .first()
        )
        mention(other, "Soviet Union", actor=links.ussr)
        assert read(url).count("<blockquote cite=") > quoted

    def test_an_event_given_an_actor_a_neighbour_and_an_evidence_note(self, links):
        url = links.moscow.get_absolute_url()
        assert "Kim Il Sung</a>" not in read(url)
        links.moscow.actors.add(links.kim)
        assert "Kim Il Sung</a>" in read(url)
        Event.objects.create(
            slug="test-between", title="A meeting in between", date=datetime.date(1945, 12, 20)
        )
        assert "A meeting in between" in read(url)
        behind = Footnote.objects.filter(refs__paragraph=paragraph(PAPER, 14)).first()
        assert behind is not None  # the note behind the passage about the event
        assert "Checked evidence:" not in read(url)
        behind.text = "Checked evidence: " + behind.text
        behind.save()
        assert "Checked evidence:" in read(url)

    def test_a_draft_quotation_for_staff_only(self, links, editor_client):
        url = links.stalin.get_absolute_url()
        assert "A secret memorandum" not in read(url)
        assert "A secret memorandum" in editor_client.get(url).content.decode()
        assert "A secret memorandum" not in read(url)


@pytest.mark.django_db
class TestNotePageStored:
    """A note page's body is a stored part of its document: every change to what it shows
    replaces the document's render key, and the page shows the change at once."""

    def test_stored_on_first_request_and_served_after(self, links):
        first = read(NOTE_URL)
        paper = Document.objects.get(slug=PAPER)
        assert RenderedPart.objects.filter(
            document=paper, name="note:14", key=paper.render_key
        ).exists()
        assert read(NOTE_URL) == first

    def test_the_note_edited(self, links):
        read(NOTE_URL)
        edited = note(PAPER, 14)
        edited.text = edited.text.replace("Ibid", "Ibidem", 1) + " Checked again."
        edited.save()
        assert "Checked again." in note_body()

    def test_an_anchor_added(self, links):
        assert "¶51" not in note_body()
        FootnoteRef.objects.create(
            footnote=note(PAPER, 14), paragraph=paragraph(PAPER, 51), offset=0, ordinal=2
        )
        assert "¶51</a>" in note_body()

    def test_a_note_added_after_the_last(self, links):
        url = f"/documents/{PAPER}/notes/58/"
        assert "note 59" not in note_body(url)
        Footnote.objects.create(document=note(PAPER, 58).document, number=59, text="A new note.")
        assert "note 59 →" in note_body(url)

    def test_a_reference_of_the_note_edited(self, links):
        citation = Citation.objects.filter(footnote=note(PAPER, 14)).first()
        assert citation is not None
        before = note_body()
        citation.pinpoint = "ll. 99–100"
        citation.save()
        after = note_body()
        assert after != before and "99" in after

    def test_a_text_returned_to_draft_hides_its_note_pages(self, links):
        read(NOTE_URL)
        paper = Document.objects.get(slug=PAPER)
        paper.status = Document.Status.DRAFT
        paper.save()
        assert Client().get(NOTE_URL).status_code == 404
        assert not RenderedPart.objects.filter(document=paper).exists()

    def test_staff_read_it_live(self, links, editor_client):
        read(NOTE_URL)
        draft = Document.objects.get(slug="draft-memo")
        url = f"/documents/{draft.slug}/notes/1/"
        assert Client().get(url).status_code == 404
        assert editor_client.get(url).status_code == 200
        assert not RenderedPart.objects.filter(document=draft).exists()
