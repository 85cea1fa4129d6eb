"""Drafted citations in the admin, as a member of Editors: drafted after an import and on
demand, flagged for review, shown beside the note's printed words; kind and attached records
kept consistent."""

import pytest

from citations.models import ArchivalDocument, Citation
from documents.models import Document

from .admin_support import PAPER_TEXT, admin_url, change_form_data

pytestmark = pytest.mark.django_db

DOCUMENTS = "/admin/documents/document/"
NOTES = "/admin/documents/footnote/"
CITATIONS = "/admin/citations/citation/"


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def import_through_admin(client, slug="new-paper"):
    with PAPER_TEXT.open("rb") as upload:
        preview = client.post(
            f"{DOCUMENTS}import/", {"file": upload, "slug": slug, "kind": "article", "title": ""}
        )
    data = {
        name: preview.context["confirm"][name].value()
        for name in ("data", "filename", "slug", "kind", "title")
    }
    return client.post(f"{DOCUMENTS}import/", {**data, "confirm": "1"}, follow=True)


class TestDrafting:
    def test_an_import_drafts_every_notes_citations_for_review(self, editor_client):
        response = import_through_admin(editor_client)
        document = Document.objects.get(slug="new-paper")
        drafted = Citation.objects.filter(footnote__document=document)
        notes = document.footnotes.count()
        assert set(drafted.values_list("footnote__number", flat=True)) == set(range(1, notes + 1))
        assert not drafted.filter(needs_review=False).exists()
        said = " ".join(messages_of(response))
        assert f"{drafted.count()} citation(s) drafted for {notes} note(s)" in said
        # the message leads to the review queue of this document
        queue = editor_client.get(
            f"{CITATIONS}?needs_review__exact=1&footnote__document__id__exact={document.pk}"
        )
        assert queue.context["cl"].result_count == drafted.count()

    def test_explanatory_prose_is_never_an_archival_document(self, editor_client, paper):
        editor_client.post(
            DOCUMENTS,
            {"action": "draft_document_citations", "_selected_action": [paper.pk]},
        )
        drafted = Citation.objects.filter(footnote__document=paper)
        assert drafted.filter(kind=Citation.Kind.ARCHIVAL).exists()
        explanatory = drafted.filter(kind=Citation.Kind.EXPLANATORY)
        assert explanatory.exists()
        assert not explanatory.filter(archival_document__isnull=False).exists()
        assert not explanatory.filter(source__isnull=False).exists()

    def test_drafting_again_keeps_what_editors_settled(self, editor_client, paper):
        action = {"action": "draft_document_citations", "_selected_action": [paper.pk]}
        editor_client.post(DOCUMENTS, action)
        settled = Citation.objects.filter(footnote__document=paper).first()
        Citation.objects.filter(pk=settled.pk).update(needs_review=False, remark="checked")
        count = Citation.objects.count()
        response = editor_client.post(DOCUMENTS, action, follow=True)
        assert Citation.objects.count() == count
        assert Citation.objects.get(pk=settled.pk).remark == "checked"
        assert any("every note already has its citations" in m for m in messages_of(response))

    def test_one_note_is_drafted_on_demand(self, editor_client, paper):
        note = paper.footnotes.get(number=3)
        editor_client.post(NOTES, {"action": "draft_note_citations", "_selected_action": [note.pk]})
        drafted = Citation.objects.filter(footnote__document=paper)
        assert set(drafted.values_list("footnote__number", flat=True)) == {3}


class TestReview:
    @pytest.fixture
    def drafted(self, editor_client, paper):
        editor_client.post(
            DOCUMENTS, {"action": "draft_document_citations", "_selected_action": [paper.pk]}
        )
        return Citation.objects.filter(footnote__document=paper)

    def test_the_form_shows_the_note_and_its_printed_spellings(self, editor_client, drafted):
        citation = drafted.exclude(printed_fields={}).first()
        page = editor_client.get(admin_url(citation)).content.decode()
        assert "The note, as printed" in page
        name, spelling = next(iter(citation.printed_fields.items()))
        assert f"<th scope='row'>{name.replace('_', ' ')}</th><td>{spelling}</td>" in page
        assert "<mark>" in page

    def test_the_review_queue_lists_what_still_needs_an_editor(self, editor_client, drafted):
        checked = drafted.first()
        Citation.objects.filter(pk=checked.pk).update(needs_review=False)
        listing = editor_client.get(CITATIONS)
        assert f"Review queue ({drafted.count() - 1} to review)" in listing.content.decode()
        queue = editor_client.get(f"{CITATIONS}review/", follow=True)
        shown = {row.pk for row in queue.context["cl"].result_list}
        assert checked.pk not in shown and len(shown) == drafted.count() - 1

    def test_choosing_explanatory_detaches_and_offers_to_delete_the_orphan(
        self, editor_client, drafted
    ):
        citation = drafted.filter(archival_document__isnull=False).first()
        item = citation.archival_document
        alone = not item.citations.exclude(pk=citation.pk).exists()
        data = change_form_data(editor_client.get(admin_url(citation)))
        data["kind"] = Citation.Kind.EXPLANATORY
        response = editor_client.post(admin_url(citation), data, follow=True)
        citation.refresh_from_db()
        assert citation.kind == Citation.Kind.EXPLANATORY
        assert citation.archival_document is None and citation.archival_file is None
        said = " ".join(messages_of(response))
        assert "was detached from this citation" in said
        if alone:
            assert f"/admin/citations/archivaldocument/{item.pk}/delete/" in said
        assert ArchivalDocument.objects.filter(pk=item.pk).exists()  # nothing deleted unasked


def test_drafting_needs_the_right_to_add_citations(client, django_user_model, paper):
    from django.contrib.auth.models import Permission

    clerk = django_user_model.objects.create_user("clerk", is_staff=True)
    clerk.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_document", "change_document"])
    )
    client.force_login(clerk)
    response = client.post(
        DOCUMENTS,
        {"action": "draft_document_citations", "_selected_action": [paper.pk]},
        follow=True,
    )
    assert "needs the right to add them" in " ".join(messages_of(response))
    assert not Citation.objects.exists()
