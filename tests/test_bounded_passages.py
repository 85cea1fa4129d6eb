"""An actor's and an event's page do not grow with the collection: their passages come in
pages of PASSAGES_PER_PAGE (?page=N, plain links, a clear 404 for a page that does not exist),
each passage once across the pages in reading order, with the totals on every page; a page
reads as many queries, and weighs as much, with a hundred and fifty texts that name the actor
as with fifty. What is kept for the public per collection version follows every change."""

import datetime
import re

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from documents.caching import pages
from documents.models import Actor, Document, Event, Footnote, FootnoteRef, Paragraph
from documents.register.passages import PASSAGES_PER_PAGE
from documents.texts.importer import import_bytes

from . import curated
from .linking_samples import mention
from .test_bounded_lists import nav

ACTOR = "/actors/ivan-often/"
EVENT = "/events/often-meeting/"


def make_often() -> tuple[Actor, Event]:
    """An actor and an event no curated text names."""
    actor = Actor.objects.create(slug="ivan-often", name="Ivan Often")
    event = Event.objects.create(
        slug="often-meeting",
        title="The often meeting",
        date=datetime.date(1946, 3, 20),
        precision="day",
    )
    return actor, event


@pytest.fixture
def often(collection, settings):
    settings.PAGE_CACHE = False  # the pages' own work, not a cached copy
    return make_often()


def add_text(n: int, actor, event, status=Document.Status.PUBLISHED) -> Document:
    """A text whose paragraph names the actor in two sentences (two quotations, one passage)
    and the event once, with a note behind it that names the actor again (a second passage)."""
    text = (
        f"Added text {n}\n\nIvan Often met the delegation. Later Ivan Often left for the "
        f"meeting.¹ Nothing more.\n\nNotes\n\n1. Ivan Often, report {n}.\n"
    )
    document, _ = import_bytes(text.encode(), slug=f"often-{n:03}")
    document.status = status
    document.save()
    paragraph = Paragraph.objects.get(document=document, text__contains="Ivan Often")
    note = Footnote.objects.get(document=document)
    mention(paragraph, "Ivan Often", actor=actor)
    mention(paragraph, "Ivan Often", actor=actor, occurrence=2)
    mention(paragraph, "meeting", event=event)
    mention(note, "Ivan Often", actor=actor)
    return document


def grow(often, first: int, last: int) -> None:
    """Texts `first` to `last`, in one transaction (one new collection version)."""
    with transaction.atomic():
        for n in range(first, last + 1):
            add_text(n, *often)


@curated.committed_fixture
def often_in_sixty_texts():
    """`often`'s actor and event and texts 1 to 60 naming them (the actor: 120 passages, three
    pages; the event: 60, two pages), made once and committed for the tests that ask (see
    curated.committed_fixture: 1 s on SQLite, 2.5 s on PostgreSQL each time); the commit
    records a collection version, as an editor's does."""
    often = make_often()
    grow(often, 1, 60)
    return often


@pytest.fixture
def sixty_texts(often_in_sixty_texts, settings):
    """As `often` after grow(often, 1, 60): the actor and the event (read again: a test may
    change them), the page cache off."""
    settings.PAGE_CACHE = False  # the pages' own work, not a cached copy
    return tuple(type(row).objects.get(pk=row.pk) for row in often_in_sixty_texts)


def read(url: str, client=None) -> str:
    response = (client or Client()).get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def places(page: str) -> list[str]:
    """The passages a page quotes (the reader's address of each quotation), in order."""
    return re.findall(r'<a class="where" href="([^"]+)"', page)


def expected_passages() -> list[str]:
    """Every passage naming the actor, in reading order: texts by title, paragraph, note."""
    texts = Document.objects.filter(slug__startswith="often-").order_by("title", "pk")
    result = []
    for text in texts:
        paragraph = Paragraph.objects.get(document=text, text__contains="Ivan Often")
        result += [
            f"/documents/{text.slug}/#p-{paragraph.position}",
            f"/documents/{text.slug}/#fn-1",
        ]
    return result


@pytest.mark.django_db
class TestPagesOfPassages:
    def test_each_passage_once_across_the_pages_in_reading_order(self, sixty_texts):
        seen = []
        for number in (1, 2, 3):
            quoted = places(read(f"{ACTOR}?page={number}"))
            assert len(dict.fromkeys(quoted)) <= PASSAGES_PER_PAGE
            seen += list(dict.fromkeys(quoted))  # a paragraph's two sentences: one passage
        assert seen == expected_passages()
        assert len(seen) == len(set(seen)) == 120

    def test_every_page_says_how_many_there_are_and_which_it_shows(self, sixty_texts):
        second = read(f"{ACTOR}?page=2")
        assert (
            f"120 passages in 60 texts, {PASSAGES_PER_PAGE} a page: this page shows 51 to 100"
            in second
        )
        assert "<title>Ivan Often (page 2 of 3)" in second
        links = nav(second)
        assert 'aria-label="Pages of the passages"' in links
        assert f'<a rel="prev" href="{ACTOR}">' in links
        assert f'<a rel="next" href="{ACTOR}?page=3">' in links
        assert f'<a href="{ACTOR}?page=2" aria-current="page">' in links

    def test_the_links_carry_only_the_page_number(self, sixty_texts):
        page = read(f"{ACTOR}?page=2&utm_source=somewhere")
        assert "utm_source" not in nav(page)
        assert "utm_source" not in nav(read(f"{ACTOR}?page=2"))  # nor the body kept from it

    @pytest.mark.parametrize(
        ("url", "asked", "says"),
        [
            (ACTOR, "4", "There is no page 4 of the passages: they are on pages 1 to 3."),
            (ACTOR, "0", "There is no page 0 of the passages"),
            (ACTOR, "last", "“last” is not a page number: the passages are on pages 1 to 3."),
            (EVENT, "3", "There is no page 3 of the passages: they are on pages 1 to 2."),
        ],
    )
    def test_a_page_that_does_not_exist_is_a_404_that_says_so(self, sixty_texts, url, asked, says):
        response = Client().get(url, {"page": asked})
        assert response.status_code == 404
        page = response.content.decode()
        assert says in page
        last = "3" if url == ACTOR else "2"
        assert f'<a href="{url}?page={last}">The last page</a>' in page

    def test_few_passages_need_no_navigation(self, often):
        grow(often, 1, 3)
        page = read(ACTOR)
        assert 'class="page-nav"' not in page
        assert "6 passages in 3 texts; each sentence links" in page
        assert Client().get(f"{ACTOR}?page=2").status_code == 404

    def test_the_events_evidence_is_the_evidence_behind_the_passages_shown(self, sixty_texts):
        first, second = read(EVENT), read(f"{EVENT}?page=2")
        assert "60 passages in 60 texts, 50 a page: this page shows 1 to 50" in first
        for page in (first, second):
            evidence = page[page.index('id="evidence-h"') :]
            shown = {href.split("#")[0] for href in places(page)}
            noted = set(re.findall(r'href="(/documents/often-\d+/)notes/1/"', evidence))
            assert noted == shown


def count(url: str) -> tuple[int, int]:
    """The page's queries just after a change (what is kept, made again), then once more."""
    pages.bump_collection_version()
    result = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as captured:
            read(url)
        result.append(len(captured))
    return tuple(result)


@pytest.mark.django_db
class TestBoundedWhateverTheCollection:
    def test_same_queries_and_the_same_weight_with_four_times_the_texts(self, often):
        """The actor's first two pages and the event's first one, each full with 50 texts, then
        counted and read again with 150 (the texts grown once for the three: 13 s a growth)."""
        urls = (ACTOR, f"{ACTOR}?page=2", EVENT)
        grow(often, 1, 50)
        before = {url: (count(url), read(url)) for url in urls}
        grow(often, 51, 150)
        for url in urls:
            (queries_before, page_before), queries_after = before[url], count(url)
            page_after = read(url)
            assert queries_after == queries_before, url
            assert queries_after[1] == 1, url  # the actor or event for the title: body is kept
            assert page_after.count("<blockquote") == page_before.count("<blockquote"), url
            assert abs(len(page_after) - len(page_before)) < 0.05 * len(page_before), url


@pytest.mark.django_db
class TestKeptPagesFollowEveryChange:
    def test_a_mention_added_and_a_text_returned_to_draft(self, sixty_texts):
        actor, event = sixty_texts
        assert "120 passages in 60 texts" in read(ACTOR)
        assert "/documents/often-060/#fn-1" in read(f"{ACTOR}?page=3")
        last = Document.objects.get(slug="often-060")
        last.status = Document.Status.DRAFT
        last.save()
        assert "118 passages in 59 texts" in read(ACTOR)
        assert "/documents/often-060/" not in read(f"{ACTOR}?page=3")
        extra = Paragraph.objects.get(document__slug="often-001", text__contains="Ivan Often")
        extra.text += " Ivan Often again, in a new sentence."
        extra.save()
        mention(Paragraph.objects.get(pk=extra.pk), "Ivan Often", actor=actor, occurrence=3)
        page = read(ACTOR)
        assert "118 passages in 59 texts" in page  # the same passage: a third sentence
        assert "Ivan Often</mark> again, in a new sentence." in page

    def test_a_note_anchored_in_a_passage_joins_the_events_evidence(self, often):
        grow(often, 1, 3)
        text = Document.objects.get(slug="often-002")
        assert "often-002/notes/2/" not in read(EVENT)
        note = Footnote.objects.create(document=text, number=2, text="A second note.")
        FootnoteRef.objects.create(
            footnote=note,
            paragraph=Paragraph.objects.get(document=text, text__contains="Ivan Often"),
            offset=0,
            ordinal=2,
        )
        assert "often-002/notes/2/" in read(EVENT)

    def test_staff_see_the_drafts_passages_counted_the_public_does_not(self, often, editor_client):
        actor, event = often
        grow(often, 1, 2)
        with transaction.atomic():
            add_text(3, actor, event, status=Document.Status.DRAFT)
        assert "4 passages in 2 texts" in read(ACTOR)
        assert "6 passages in 3 texts" in read(ACTOR, editor_client)
        assert "often-003" not in read(ACTOR)


@pytest.mark.django_db
class TestTheApisCounts:
    """The API's actors and events carry their mention counts (no list of mentions: nothing
    there to page), read from what the register keeps per collection version."""

    def test_counted_as_the_register_counts_and_following_every_change(self, often):
        actor, event = often
        grow(often, 1, 3)
        client = Client()
        assert client.get("/api/actors/ivan-often").json()["mention_count"] == 9
        assert client.get("/api/events/often-meeting").json()["mention_count"] == 3
        text = Document.objects.get(slug="often-003")
        text.status = Document.Status.DRAFT
        text.save()
        assert client.get("/api/actors/ivan-often").json()["mention_count"] == 6
        listed = client.get("/api/events", {"page_size": 100}).json()["items"]
        assert {e["slug"]: e["mention_count"] for e in listed}["often-meeting"] == 2

    def test_same_queries_with_more_texts(self, often):
        grow(often, 1, 3)
        small = [count(url) for url in ("/api/actors/ivan-often", "/api/actors?page_size=100")]
        grow(often, 4, 60)
        assert [
            count(url) for url in ("/api/actors/ivan-often", "/api/actors?page_size=100")
        ] == small
