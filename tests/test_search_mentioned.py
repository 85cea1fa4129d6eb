"""The search's actor and event facets follow the mentions however they change.

On PostgreSQL the ids each passage's mentions name are kept apart (migration 0015_search4_mentioned,
kept by triggers) and the facets count from them; on SQLite they join the mentions. Either
way a mention added, moved, retargeted or removed — by save(), by a bulk write or by a
queryset update — is counted on the next search, once per passage."""

import pytest
from django.db import connection

from documents.models import Actor, Event, Footnote, Mention, Paragraph, Section

from .test_search import facet_counts, make_document

WORD = "quillwort"  # in none of the two texts
SPAN = {"start": 2, "end": 2 + len(WORD), "surface": WORD}


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.PAGE_CACHE = False  # the search's own counts, not a cached page


@pytest.fixture
def passages(db):
    document = make_document(
        "mentioned",
        paragraphs=[f"A {WORD} here.", f"A {WORD} there.", f"A {WORD} again."],
        notes=[f"A {WORD} noted."],
    )
    paragraphs = list(document.paragraphs.order_by("position"))
    return paragraphs, document.footnotes.get()


@pytest.fixture
def who():
    return (
        Actor.objects.create(slug="test-romanenko", name="Test Romanenko"),
        Actor.objects.create(slug="test-lebedev", name="Test Lebedev"),
        Event.objects.create(slug="test-meeting", title="Test meeting", date="1946-03-20"),
    )


def counts(client, name):
    return facet_counts(client.get("/search/", {"q": WORD}), name)


@pytest.mark.django_db
class TestFacetsFollowTheMentions:
    def test_added_by_save_and_counted_once_a_passage(self, client, passages, who):
        paragraphs, note = passages
        romanenko, lebedev, meeting = who
        assert counts(client, "actor") == {}
        for _ in range(2):  # named twice in the first paragraph: one passage
            Mention(paragraph=paragraphs[0], actor=romanenko, **SPAN).save()
        Mention(paragraph=paragraphs[1], actor=romanenko, **SPAN).save()
        Mention(footnote=note, actor=lebedev, **SPAN).save()
        Mention(footnote=note, event=meeting, **SPAN).save()
        assert counts(client, "actor") == {romanenko.name: 2, lebedev.name: 1}
        assert counts(client, "event") == {meeting.title: 1}

    def test_retargeted_moved_and_removed(self, client, passages, who):
        paragraphs, note = passages
        romanenko, lebedev, meeting = who
        mention = Mention.objects.create(paragraph=paragraphs[0], actor=romanenko, **SPAN)
        mention.actor = lebedev
        mention.save()
        assert counts(client, "actor") == {lebedev.name: 1}
        mention.paragraph, mention.footnote = None, note
        mention.save()
        Mention.objects.create(paragraph=paragraphs[2], actor=lebedev, **SPAN)
        assert counts(client, "actor") == {lebedev.name: 2}
        assert counts(client, "kind") == {"Body": 3, "Note": 1}
        response = client.get("/search/", {"q": WORD, "actor": lebedev.slug})
        assert facet_counts(response, "kind") == {"Body": 1, "Note": 1}
        mention.delete()
        assert counts(client, "actor") == {lebedev.name: 1}
        assert counts(client, "event") == {}

    def test_bulk_writes_and_queryset_updates(self, client, passages, who):
        paragraphs, note = passages
        romanenko, lebedev, meeting = who
        Mention.objects.bulk_create(
            [Mention(paragraph=p, actor=romanenko, **SPAN) for p in paragraphs]
            + [Mention(footnote=note, event=meeting, **SPAN)]
        )
        assert counts(client, "actor") == {romanenko.name: 3}
        Mention.objects.filter(paragraph=paragraphs[0]).update(actor=lebedev)  # a merge does so
        assert counts(client, "actor") == {romanenko.name: 2, lebedev.name: 1}
        Mention.objects.filter(event=meeting).update(event=None, actor=lebedev)
        assert counts(client, "actor") == {romanenko.name: 2, lebedev.name: 2}
        assert counts(client, "event") == {}
        Mention.objects.filter(actor=romanenko).delete()
        assert counts(client, "actor") == {lebedev.name: 2}

    def test_a_passage_written_after_its_mentions(self, client, passages, who):
        # Foreign keys are checked at commit: an import may write a mention before its passage.
        paragraphs, note = passages
        romanenko, lebedev, meeting = who
        document = paragraphs[0].document
        later_id = max(Paragraph.objects.order_by("-pk")[0].pk, 0) + 1000
        Mention.objects.create(paragraph_id=later_id, actor=lebedev, **SPAN)
        section = Section.objects.get(document=document)
        Paragraph.objects.create(
            pk=later_id, document=document, section=section, position=9, text=f"A {WORD}."
        )
        later_note = Footnote(document=document, number=9, text=f"A {WORD}.")
        later_note.pk = max(Footnote.objects.order_by("-pk")[0].pk, 0) + 1000
        Mention.objects.create(footnote_id=later_note.pk, event=meeting, **SPAN)
        later_note.save(force_insert=True)
        assert counts(client, "actor") == {lebedev.name: 1}
        assert counts(client, "event") == {meeting.title: 1}

    def test_mentions_emptied_all_at_once(self, client, passages, who):
        # `manage.py flush` and test resets TRUNCATE the table: no row trigger sees it.
        paragraphs, note = passages
        romanenko, lebedev, meeting = who
        Mention.objects.create(paragraph=paragraphs[0], actor=romanenko, **SPAN)
        assert counts(client, "actor") == {romanenko.name: 1}
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":  # (the test's deferred checks first)
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute(f"TRUNCATE {Mention._meta.db_table}")
            else:
                cursor.execute(f"DELETE FROM {Mention._meta.db_table}")
        Mention.objects.create(paragraph=paragraphs[1], actor=lebedev, **SPAN)
        assert counts(client, "actor") == {lebedev.name: 1}
