"""History with undo, through the admin's real views: who changed what and when, shown as a diff;
any earlier version restored; a deleted document brought back whole."""

import pytest
from django.test import Client

from citations.models import Citation
from documents.curation.history import BASELINE_REASON
from documents.models import (
    Actor,
    CrossReference,
    Document,
    Footnote,
    FootnoteRef,
    Mention,
    Paragraph,
    Section,
)

from .admin_support import (
    admin_url,
    change_form_data,
    delete_through_the_admin,
    import_interview,
    import_paper,
    make_editor,
    restore_url,
)


def edit_text(client, obj, new_text):
    """Save `obj` (a paragraph or note) with a new text through its admin page."""
    response = client.get(admin_url(obj))
    data = change_form_data(response)
    data["text"] = new_text
    saved = client.post(admin_url(obj), data)
    assert saved.status_code == 302, saved.context and saved.context["errors"]
    obj.refresh_from_db()
    return obj


def paragraph_with(document, words):
    return next(p for p in document.paragraphs.order_by("position") if words in p.text)


@pytest.mark.django_db
class TestChangeHistory:
    def test_an_edit_is_recorded_with_who_when_and_a_word_diff(self, editor_client, editor, paper):
        paragraph = paragraph_with(paper, "control over Pusan")
        original = paragraph.text
        edit_text(
            editor_client, paragraph, original.replace("control over Pusan", "control of Pusan")
        )

        records = list(paragraph.history.order_by("history_date"))
        assert [r.history_type for r in records] == ["+", "~"]
        baseline, change = records
        assert baseline.text == original and baseline.history_change_reason == BASELINE_REASON
        assert change.history_user == editor and change.history_date is not None

        page = editor_client.get(admin_url(paragraph, "history")).content.decode()
        assert "<del>over</del>" in page and "<ins>of</ins>" in page
        assert "editor" in page

    def test_the_document_history_shows_changes_to_its_paragraphs(self, editor_client, paper):
        paragraph = paragraph_with(paper, "control over Pusan")
        edit_text(editor_client, paragraph, paragraph.text.replace("Pusan", "Busan"))
        page = editor_client.get(admin_url(paper, "history")).content.decode()
        assert f"¶ {paragraph.position}" in page
        assert "<del>Pusan</del>" in page and "<ins>Busan</ins>" in page

    def test_text_in_a_diff_is_escaped(self, editor_client, paper):
        paragraph = paper.paragraphs.get(position=3)
        edit_text(editor_client, paragraph, paragraph.text + " <script>alert(1)</script>")
        page = editor_client.get(admin_url(paragraph, "history")).content.decode()
        assert "<script>alert(1)" not in page
        assert "&lt;script&gt;" in page

    def test_restore_an_earlier_version(self, editor_client, paper):
        paragraph = paragraph_with(paper, "control over Pusan")
        original = paragraph.text
        edit_text(editor_client, paragraph, original.replace("Pusan", "Busan"))
        edit_text(editor_client, paragraph, paragraph.text.replace("control", "command"))
        first = paragraph.history.order_by("history_date").first()

        url = f"/admin/documents/paragraph/{paragraph.pk}/history/{first.history_id}/"
        form_page = editor_client.get(url)
        assert form_page.status_code == 200
        shown = form_page.content.decode()
        assert "What restoring this version changes" in shown
        assert "<del>Busan</del>" in shown and "<ins>Pusan</ins>" in shown

        data = change_form_data(form_page)
        reverted = editor_client.post(url, data)
        assert reverted.status_code == 302
        paragraph.refresh_from_db()
        assert paragraph.text == original
        assert paragraph.history.count() == 4  # baseline, two edits, the revert

    def test_restore_an_earlier_version_of_a_document(self, editor_client, paper):
        response = editor_client.get(admin_url(paper))
        data = change_form_data(response)
        data["title"] = "A wrong title"
        assert editor_client.post(admin_url(paper), data).status_code == 302
        before = paper.history.order_by("history_date").first()
        url = f"/admin/documents/document/{paper.pk}/history/{before.history_id}/"
        reverted = editor_client.post(url, change_form_data(editor_client.get(url)))
        assert reverted.status_code == 302
        paper.refresh_from_db()
        assert paper.title == before.title != "A wrong title"

    def test_an_anonymous_user_sees_no_history(self, paper):
        response = Client().get(admin_url(paper, "history"))
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.fixture
def curated_paper(paper):
    """The paper with a mention, a cross-reference to another text and a citation."""
    interview = import_interview()
    paragraph = paragraph_with(paper, "control over Pusan")
    start = paragraph.text.index("Pusan")
    actor = Actor.objects.create(slug="pusan", name="Pusan", kind="institution")
    Mention.objects.create(
        paragraph=paragraph, start=start, end=start + 5, surface="Pusan", actor=actor
    )
    CrossReference.objects.create(
        source=interview.paragraphs.get(position=2), target=paragraph, reason="Compare."
    )
    Citation.objects.create(footnote=paper.footnotes.get(number=1), kind="explanatory")
    return paper


@pytest.mark.django_db
class TestUndoDelete:
    def test_a_deleted_document_comes_back_whole(self, editor_client, curated_paper):
        paper = curated_paper
        before = {
            "paragraphs": sorted(paper.paragraphs.values_list("pk", "position", "text")),
            "notes": sorted(paper.footnotes.values_list("pk", "number", "text")),
            "sections": sorted(paper.sections.values_list("pk", "title")),
            "refs": sorted(
                FootnoteRef.objects.filter(paragraph__document=paper).values_list(
                    "pk", "paragraph_id", "footnote_id", "offset"
                )
            ),
            "mentions": sorted(Mention.objects.values_list("pk", "paragraph_id", "start")),
            "xrefs": sorted(CrossReference.objects.values_list("pk", "source_id", "target_id")),
            "citations": sorted(Citation.objects.values_list("pk", "footnote_id")),
        }
        delete_through_the_admin(editor_client, paper)
        assert not Paragraph.objects.filter(document_id=paper.pk).exists()
        assert not Mention.objects.exists() and not CrossReference.objects.exists()

        listing = editor_client.get("/admin/documents/document/deleted/")
        item = listing.context["deleted"][0]
        assert (item.record.id, item.paragraphs, item.notes) == (paper.pk, 51, 58)

        restored = editor_client.post(restore_url(item.record.history_id), follow=True)
        assert restored.status_code == 200
        assert "Restored" in restored.content.decode()
        document = Document.objects.get(pk=paper.pk)
        after = {
            "paragraphs": sorted(document.paragraphs.values_list("pk", "position", "text")),
            "notes": sorted(document.footnotes.values_list("pk", "number", "text")),
            "sections": sorted(document.sections.values_list("pk", "title")),
            "refs": sorted(
                FootnoteRef.objects.filter(paragraph__document=document).values_list(
                    "pk", "paragraph_id", "footnote_id", "offset"
                )
            ),
            "mentions": sorted(Mention.objects.values_list("pk", "paragraph_id", "start")),
            "xrefs": sorted(CrossReference.objects.values_list("pk", "source_id", "target_id")),
            "citations": sorted(Citation.objects.values_list("pk", "footnote_id")),
        }
        assert after == before
        assert (document.slug, document.title, document.status) == (
            paper.slug,
            paper.title,
            paper.status,
        )
        assert Client().get(document.get_absolute_url()).status_code == 200
        assert editor_client.get("/admin/documents/document/deleted/").context["deleted"] == []

    def test_a_paragraph_deleted_on_purpose_before_stays_deleted(self, editor_client, paper):
        removed = paper.paragraphs.get(position=51)
        FootnoteRef.objects.filter(paragraph=removed).delete()
        assert editor_client.post(admin_url(removed, "delete"), {"post": "yes"}).status_code == 302
        delete_through_the_admin(editor_client, paper)
        record = Document.history.get(id=paper.pk, history_type="-")
        editor_client.post(restore_url(record.history_id))
        restored = Document.objects.get(pk=paper.pk)
        assert restored.paragraphs.count() == 50
        assert not restored.paragraphs.filter(position=51).exists()

    def test_restore_refuses_a_slug_taken_meanwhile(self, editor_client, paper):
        delete_through_the_admin(editor_client, paper)
        import_paper(slug="paper")  # imported again under the same address
        record = Document.history.filter(id=paper.pk, history_type="-").get()
        response = editor_client.post(restore_url(record.history_id), follow=True)
        assert "Not restored" in response.content.decode()
        assert Document.objects.filter(slug="paper").count() == 1
        assert not Document.objects.filter(pk=paper.pk).exists()

    def test_deleting_two_documents_at_once_restores_each_alone(self, editor_client, paper):
        interview = import_interview()
        response = editor_client.post(
            "/admin/documents/document/",
            {
                "action": "delete_selected",
                "_selected_action": [paper.pk, interview.pk],
                "post": "yes",
            },
        )
        assert response.status_code == 302
        assert Document.objects.count() == 0
        record = Document.history.get(id=interview.pk, history_type="-")
        editor_client.post(restore_url(record.history_id))
        assert list(Document.objects.values_list("slug", flat=True)) == ["interview"]
        assert Paragraph.objects.count() == 50 and Footnote.objects.count() == 0
        assert Section.objects.count() == 1


@pytest.mark.django_db
def test_the_document_history_page_makes_a_bounded_number_of_queries(
    editor_client, paper, django_assert_max_num_queries
):
    def edit(positions):
        for position in positions:
            paragraph = paper.paragraphs.get(position=position)
            paragraph.text += " (edited)"
            paragraph.save()

    edit(range(1, 6))
    with django_assert_max_num_queries(20) as few:
        assert editor_client.get(admin_url(paper, "history")).status_code == 200
    edit(range(6, 40))
    with django_assert_max_num_queries(len(few)):
        assert editor_client.get(admin_url(paper, "history")).status_code == 200


@pytest.mark.django_db
def test_a_revert_on_a_stale_page_is_refused(client, django_user_model, paper):
    ann, ben = Client(), Client()
    ann.force_login(make_editor(django_user_model, "ann"))
    ben.force_login(make_editor(django_user_model, "ben"))
    paragraph = paper.paragraphs.get(position=9)
    edit_text(ann, paragraph, paragraph.text + " First edit.")
    first = paragraph.history.order_by("history_date").first()
    url = f"/admin/documents/paragraph/{paragraph.pk}/history/{first.history_id}/"
    revert_page = ann.get(url)
    edit_text(ben, paragraph, paragraph.text + " Ben's edit.")  # meanwhile
    refused = ann.post(url, change_form_data(revert_page))
    assert refused.status_code == 200
    assert "Not saved: this paragraph was changed by ben" in refused.content.decode()
    paragraph.refresh_from_db()
    assert paragraph.text.endswith("Ben's edit.")
