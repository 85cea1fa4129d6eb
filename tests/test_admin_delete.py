"""The admin's page before a deletion: the rows chosen named, what goes with them counted and
named a few at a time (documents/curation/deletion.py), in a number of queries that does not
grow with the text; permissions and escaping as on Django's own page. The deletion itself and
the restore of a deleted text, with their records written together (curation/history.py)."""

import pytest
from django.contrib.auth.models import Permission
from django.db import connection, transaction
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from citations.models import Citation
from documents.curation import batching
from documents.curation.deletion import LISTED
from documents.curation.history import BASELINE_REASON
from documents.curation.restore import RESTORED_REASON
from documents.models import CrossReference, Document, FootnoteRef, Mention, Paragraph

from .admin_support import admin_url, delete_through_the_admin, restore_url

pytestmark = pytest.mark.django_db


def mentions_of(document):
    return Mention.objects.filter(paragraph__document=document) | Mention.objects.filter(
        footnote__document=document
    )


def lengthen(document, paragraphs=12):
    """Copies of the text's first paragraphs, with their mentions, after its last one."""
    last = max(document.paragraphs.values_list("position", flat=True))
    originals = list(document.paragraphs.order_by("position")[:paragraphs])
    for offset, original in enumerate(originals, start=1):
        copy = Paragraph.objects.create(
            document=document,
            section=original.section,
            position=last + offset,
            kind=original.kind,
            text=original.text,
        )
        Mention.objects.bulk_create(
            Mention(
                paragraph=copy,
                start=mention.start,
                end=mention.end,
                surface=mention.surface,
                actor=mention.actor,
                event=mention.event,
            )
            for mention in original.mentions.all()
        )


def deleted_rows(client, document) -> dict:
    """The ids of the document's mentions and paragraphs; then the document deleted as an
    editor deletes it."""
    taken = {
        Mention: set(mentions_of(document).values_list("pk", flat=True)),
        Paragraph: set(document.paragraphs.values_list("pk", flat=True)),
    }
    delete_through_the_admin(client, document)
    return taken


def every_row_of(document):
    """The rows a document's deletion takes and its restore brings back, itself included."""
    notes = document.footnotes.all()
    return (
        1
        + document.sections.count()
        + document.paragraphs.count()
        + notes.count()
        + FootnoteRef.objects.filter(footnote__in=notes).count()
        + mentions_of(document).count()
        + Citation.objects.filter(footnote__in=notes).count()
        + CrossReference.objects.filter(
            Q(source__document=document) | Q(target__document=document)
        ).count()
    )


class TestThePageBeforeDeletingAText:
    def test_it_names_the_text_and_counts_what_goes_with_it(self, editor_client, weathersby_paper):
        paper = weathersby_paper
        response = editor_client.get(admin_url(paper, "delete"))
        assert response.status_code == 200
        page = response.content.decode()
        assert f'<a href="{admin_url(paper)}">{paper.title}</a>' in page
        paragraphs, notes = paper.paragraphs.count(), paper.footnotes.count()
        mentions = mentions_of(paper).count()
        for line in (f"{paragraphs} paragraphs", f"{notes} footnotes", f"{mentions} mentions"):
            assert f"<li>{line}" in page
        assert f"… and {paragraphs - LISTED} more" in page
        assert f"… and {mentions - LISTED} more" in page
        # a few of each named, linked to their page; not every one
        assert page.count("<li>Paragraph: <a ") == LISTED
        assert page.count("<li>Mention: <a ") == LISTED
        # Django's summary counts every row
        assert f"Paragraphs: {paragraphs}" in page

    def test_its_queries_do_not_grow_with_the_text(self, editor_client, weathersby_paper):
        paper = weathersby_paper

        def queries():
            with CaptureQueriesContext(connection) as captured:
                assert editor_client.get(admin_url(paper, "delete")).status_code == 200
            return len(captured)

        editor_client.get(admin_url(paper, "delete"))  # the session and caches, once
        before = queries()
        mentions = mentions_of(paper).count()
        lengthen(paper)
        assert mentions_of(paper).count() > mentions  # the copies brought their mentions
        assert queries() == before
        assert before < 100  # Django's page: 836 for the paper, one or two per row named

    def test_confirming_deletes_the_text_and_its_parts(self, editor_client, weathersby_paper):
        paper = weathersby_paper
        url = paper.get_absolute_url()
        assert editor_client.get(url).status_code == 200
        response = editor_client.post(admin_url(paper, "delete"), {"post": "yes"})
        assert response.status_code == 302
        assert not Document.objects.filter(pk=paper.pk).exists()
        assert not Paragraph.objects.filter(document_id=paper.pk).exists()
        assert editor_client.get(url).status_code == 404

    def test_several_texts_chosen_are_each_named(self, editor_client, collection):
        documents = list(collection.values())
        response = editor_client.post(
            "/admin/documents/document/",
            {"action": "delete_selected", "_selected_action": [d.pk for d in documents]},
        )
        assert response.status_code == 200
        page = response.content.decode()
        for document in documents:
            assert f'<a href="{admin_url(document)}">{document.title}</a>' in page
        paragraphs = Paragraph.objects.filter(document__in=documents).count()
        assert "<li>With them:" in page and f"<li>{paragraphs} paragraphs" in page
        assert Document.objects.count() == len(documents)  # nothing deleted before the yes

    def test_what_an_editor_wrote_is_shown_as_text(self, editor_client, weathersby_paper):
        section = weathersby_paper.sections.order_by("position").first()
        section.title = "<script>alert(1)</script>"
        section.save()
        page = editor_client.get(admin_url(weathersby_paper, "delete")).content.decode()
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert "<script>alert(1)" not in page

    def test_a_user_who_may_not_delete_the_parts_is_told_and_refused(
        self, client, django_user_model, weathersby_paper
    ):
        user = django_user_model.objects.create_user("clerk", password="x", is_staff=True)
        user.user_permissions.set(
            Permission.objects.filter(
                content_type__app_label="documents",
                codename__in=["view_document", "change_document", "delete_document"],
            )
        )
        client.force_login(user)
        page = client.get(admin_url(weathersby_paper, "delete")).content.decode()
        assert "have permission to delete the following types of objects" in page
        assert "<li>paragraph</li>" in page
        refused = client.post(admin_url(weathersby_paper, "delete"), {"post": "yes"})
        assert refused.status_code == 403
        assert Document.objects.filter(pk=weathersby_paper.pk).exists()


class TestConfirmingADeletion:
    def test_its_queries_do_not_grow_with_the_text(self, editor_client, weathersby_paper):
        """Each row's deletion record is written with the others of its kind (documents/
        curation/history.py), not one INSERT a row: the paper's deletion took 1,707 queries."""
        paper = weathersby_paper

        def queries():
            with transaction.atomic():  # deleted, counted, then rolled back
                with CaptureQueriesContext(connection) as captured:
                    response = editor_client.post(admin_url(paper, "delete"), {"post": "yes"})
                assert response.status_code == 302
                assert not Document.objects.filter(pk=paper.pk).exists()
                transaction.set_rollback(True)
            assert Document.objects.filter(pk=paper.pk).exists()
            return len(captured)

        def rows():
            return paper.paragraphs.count() + mentions_of(paper).count()

        before, rows_before = queries(), rows()
        lengthen(paper, paragraphs=30)
        added = rows() - rows_before
        assert added > 100
        # (Django's own DELETEs and the records' INSERTs take a hundred rows or more a
        # statement: they grow by one every hundred rows or so, not by one a row)
        assert queries() - before <= added // 20
        assert before < 250

    def test_every_row_deleted_is_recorded_with_its_document(
        self, editor, editor_client, weathersby_paper
    ):
        paper = weathersby_paper
        taken = deleted_rows(editor_client, paper)
        deleted = Document.history.get(id=paper.pk, history_type="-")
        reason = deleted.history_change_reason
        assert reason.startswith("deleted with its document")
        for model, rows in taken.items():
            records = model.history.filter(history_type="-", history_change_reason=reason)
            assert set(records.values_list("id", flat=True)) == rows
            who = set(records.values_list("history_user__username", flat=True))
            assert who == {editor.username}


class TestThePageBeforeDeletingAnActor:
    def test_the_events_it_leaves_are_named_by_what_they_join(self, editor_client, collection):
        from documents.models import Actor

        stalin = Actor.objects.get(slug="joseph-stalin")
        events = list(stalin.events.order_by("pk"))
        assert events  # the curated texts link him to events
        page = editor_client.get(admin_url(stalin, "delete")).content.decode()
        assert f"<li>{len(events)} event-actor relationship" in page
        assert "Event_actors object" not in page
        named = [e for e in events if escape(f"{e} ↔ {stalin}") in page]
        assert len(named) == min(LISTED, len(events))


class TestRestoringADeletedText:
    def restore(self, client, document):
        record = Document.history.filter(id=document.pk, history_type="-").latest("history_date")
        return client.post(restore_url(record.history_id))

    def test_its_queries_grow_by_one_a_row_at_most(self, editor_client, weathersby_paper):
        """Each row comes back through its model's own save (one INSERT), its record written
        with the others of its kind and what it points at looked up for all rows at once:
        the paper's restore took 1,909 queries, two and more a row."""
        paper = weathersby_paper

        def queries():
            with transaction.atomic():  # deleted, restored and counted, then rolled back
                editor_client.post(admin_url(paper, "delete"), {"post": "yes"})
                with CaptureQueriesContext(connection) as captured:
                    response = self.restore(editor_client, paper)
                assert response.status_code == 302
                assert Document.objects.get(pk=paper.pk).paragraphs.count() == rows_of(paper)[0]
                transaction.set_rollback(True)
            return len(captured)

        def rows_of(document):
            return document.paragraphs.count(), mentions_of(document).count()

        before, rows_before = queries(), sum(rows_of(paper))
        # what the rows point at and the notes their citations change: a few queries in all
        assert before - every_row_of(paper) < 100
        lengthen(paper, paragraphs=30)
        added = sum(rows_of(paper)) - rows_before
        assert added > 100
        assert queries() - before <= added + added // 20

    def test_every_row_restored_is_recorded_once_with_the_editor(
        self, editor, editor_client, weathersby_paper
    ):
        paper = weathersby_paper
        taken = deleted_rows(editor_client, paper)
        assert self.restore(editor_client, paper).status_code == 302
        for model, rows in taken.items():
            records = model.history.filter(history_type="+", history_change_reason=RESTORED_REASON)
            assert sorted(records.values_list("id", flat=True)) == sorted(rows)  # once each
            who = set(records.values_list("history_user__username", flat=True))
            assert who == {editor.username}
        # and the history of a paragraph reads: deleted with its text, then restored
        paragraph = paper.paragraphs.order_by("position").first()
        kinds = list(
            Paragraph.history.filter(id=paragraph.pk)
            .exclude(history_change_reason=BASELINE_REASON)
            .order_by("history_date")
            .values_list("history_type", flat=True)
        )
        assert kinds[-2:] == ["-", "+"]


class TestRecordsWrittenTogether:
    def test_a_row_made_and_changed_in_one_batch_gets_no_false_baseline(self, weathersby_paper):
        """A record waiting for its batch's end counts as the row's history: a second save of
        the row in the same batch must not record a "state before the first change" too."""
        paper = weathersby_paper
        with batching.batch():
            paragraph = Paragraph.objects.create(
                document=paper, section=paper.sections.first(), position=900, text="New."
            )
            paragraph.text = "New, then changed."
            paragraph.save()
        records = Paragraph.history.filter(id=paragraph.pk).order_by("history_date")
        assert [r.history_type for r in records] == ["+", "~"]
        assert BASELINE_REASON not in {r.history_change_reason for r in records}
