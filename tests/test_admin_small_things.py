"""The small things of the admin, as a member of Editors: the import preview says how much it
does not show, a refused preview keeps the upload and the fields, a problem is said once, a
revert returns to the document, and history rows name their date and editor."""

import pytest

from documents.models import Document

from .admin_support import PAPER_TEXT, admin_url, change_form_data, import_paper
from .test_admin_import import IMPORT, confirm_data, upload

pytestmark = pytest.mark.django_db


class TestImportPreview:
    def test_the_preview_says_how_many_more_it_has(self, editor_client):
        page = upload(editor_client, PAPER_TEXT.read_bytes()).content.decode()
        preview = upload(editor_client, PAPER_TEXT.read_bytes()).context["preview"]
        more = preview.parsed.paragraph_count - len(preview.paragraphs)
        assert more > 0 and f"… and {more} more paragraphs." in page
        notes = preview.parsed.note_count - len(preview.notes)
        assert f"… and {notes} more notes." in page

    def test_a_refused_preview_keeps_the_file_and_the_fields(self, editor_client):
        import_paper(slug="taken")
        refused = upload(editor_client, PAPER_TEXT.read_bytes(), slug="taken", kind="article")
        page = refused.content.decode()
        assert "“text.txt” is kept" in page
        form = refused.context["form"]
        assert form["slug"].value() == "taken" and form["kind"].value() == "article"
        # the editor changes only the slug and previews again, without choosing the file
        again = editor_client.post(
            IMPORT,
            {
                "slug": "free",
                "kind": form["kind"].value(),
                "title": "",
                "kept": form["kept"].value(),
                "kept_name": form["kept_name"].value(),
            },
        )
        assert again.context["preview"].ok
        done = editor_client.post(IMPORT, confirm_data(again))
        assert done.status_code == 302
        assert Document.objects.get(slug="free").source_text.encode() == PAPER_TEXT.read_bytes()

    def test_a_forged_kept_file_is_refused_with_a_message(self, editor_client):
        response = editor_client.post(
            IMPORT, {"slug": "x", "kind": "article", "kept": "%%%", "kept_name": "a.txt"}
        )
        assert response.status_code == 200
        assert response.context["form"].errors["file"] == ["Choose the text file to import."]

    def test_a_problem_is_said_once(self, editor_client):
        data = "A title\n\nText.\u00b9 More.\u00b3\n\nNotes\n\n1. One.\n".encode()
        page = upload(editor_client, data, name="bad.txt").content.decode()
        assert "<strong>Line 3:</strong> note marker ³ has no note" in page
        assert "bad.txt, line 3" not in page


class TestHistory:
    def edit(self, client, obj, **changes):
        data = change_form_data(client.get(admin_url(obj)))
        data.update(changes)
        assert client.post(admin_url(obj), data).status_code == 302
        obj.refresh_from_db()

    def test_a_revert_returns_to_the_document_where_the_paragraph_stands(
        self, editor_client, paper
    ):
        paragraph = paper.paragraphs.get(position=30)
        original = paragraph.text
        self.edit(editor_client, paragraph, text=original + " Indeed.")
        old = paragraph.history.order_by("history_date").first()
        url = f"/admin/documents/paragraph/{paragraph.pk}/history/{old.history_id}/"
        reverted = editor_client.post(url, change_form_data(editor_client.get(url)))
        assert reverted.status_code == 302
        assert reverted["Location"] == f"{admin_url(paper)}?from=30"
        paragraph.refresh_from_db()
        assert paragraph.text == original

    def test_the_documents_history_rows_name_date_and_editor(self, editor_client, paper):
        paragraph = paper.paragraphs.get(position=2)
        self.edit(editor_client, paragraph, text=paragraph.text + " Indeed.")
        page = editor_client.get(f"{admin_url(paper, 'history')}").content.decode()
        assert ">this version<" not in page
        assert "¶ 2 as of " in page and ", by editor</a>" in page
