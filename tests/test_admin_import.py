"""Import a text from the admin: upload → preview (nothing written) → confirm → a new draft; bad
files refused on the preview with the importer's messages."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from documents.models import Document, Footnote, Paragraph

from .admin_support import INTERVIEW_TEXT, PAPER_TEXT, import_paper

IMPORT = "/admin/documents/document/import/"


def upload(client, data: bytes, *, name="text.txt", slug="third-text", kind="article", title=""):
    return client.post(
        IMPORT,
        {
            "file": SimpleUploadedFile(name, data, content_type="text/plain"),
            "slug": slug,
            "kind": kind,
            "title": title,
        },
    )


def confirm_data(preview):
    form = preview.context["confirm"]
    data = {name: form[name].value() for name in form.fields}
    data["confirm"] = "Import as a draft"
    return data


@pytest.mark.django_db
class TestPreviewThenImport:
    def test_the_preview_shows_counts_first_paragraphs_and_writes_nothing(self, editor_client):
        preview = upload(editor_client, PAPER_TEXT.read_bytes(), name=PAPER_TEXT.name)
        assert preview.status_code == 200
        page = preview.content.decode()
        assert '<dd id="count-paragraphs">51</dd>' in page
        assert '<dd id="count-notes">58</dd>' in page
        assert '<dd id="count-markers">58</dd>' in page
        assert "US Hegemony in Korean Studies and the Soviet Role in Early Postwar Korea" in page
        first = preview.context["preview"].paragraphs
        assert len(first) == 5 and first[0].line > 1
        assert "different outcome for Korea.<sup>1</sup>" in page  # the first marker, in place
        assert "Problems" not in page
        assert 'value="Import as a draft"' in page
        assert Document.objects.count() == 0 and Paragraph.objects.count() == 0

    def test_confirming_imports_a_draft(self, editor_client):
        preview = upload(editor_client, PAPER_TEXT.read_bytes(), name=PAPER_TEXT.name)
        done = editor_client.post(IMPORT, confirm_data(preview), follow=True)
        assert done.status_code == 200
        document = Document.objects.get(slug="third-text")
        assert done.redirect_chain[-1][0] == f"/admin/documents/document/{document.pk}/change/"
        assert "Imported third-text: 51 paragraphs, 58 notes, 58 note references" in (
            done.content.decode()
        )
        assert document.status == Document.Status.DRAFT
        assert document.paragraphs.count() == 51 and document.footnotes.count() == 58
        assert document.source_text == PAPER_TEXT.read_text(encoding="utf-8")
        assert Client().get(document.get_absolute_url()).status_code == 404  # a draft
        assert document.history.filter(history_type="+").exists()

    def test_an_interview_with_its_title(self, editor_client):
        preview = upload(
            editor_client,
            INTERVIEW_TEXT.read_bytes(),
            slug="shen-interview",
            kind="interview",
            title="An interview with Shen Zhihua",
        )
        assert '<dd id="count-paragraphs">50</dd>' in preview.content.decode()
        editor_client.post(IMPORT, confirm_data(preview))
        document = Document.objects.get(slug="shen-interview")
        assert (document.title, document.kind) == ("An interview with Shen Zhihua", "interview")


BAD_FILES = [
    pytest.param(
        "Title\n\nA paragraph that is fine.\n\nA caf\xe9 in Latin-1.\n".encode("latin-1"),
        "line 5: not UTF-8 text (invalid byte 0xe9)",
        id="not-utf8",
    ),
    pytest.param(b"   \n\n", "the file is empty", id="empty"),
    pytest.param(
        "A title\n\nA body sentence with a marker.\u00b9\n\nNotes\n\n2. Only a second note.\n".encode(),
        "line 7: note 2 is the first note (expected 1)",
        id="note-numbering",
    ),
    pytest.param(
        "A title\n\nA body sentence with a marker.\u00b9 And another.\u00b2\n\nNotes\n\n"
        "1. The first note.\n".encode(),
        "line 3: note marker ² has no note",
        id="marker-without-note",
    ),
]


@pytest.mark.django_db
class TestBadFiles:
    @pytest.mark.parametrize("data,message", BAD_FILES)
    def test_refused_on_the_preview_with_the_importers_message(self, editor_client, data, message):
        preview = upload(editor_client, data, name="bad.txt")
        assert preview.status_code == 200
        page = preview.content.decode()
        assert "This file cannot be imported. Nothing was written." in page
        problems = [
            f"line {problem.line}: {problem.message}" if problem.line else problem.message
            for problem in preview.context["preview"].problems
        ]
        assert any(message in problem for problem in problems), problems
        assert 'value="Import as a draft"' not in page
        assert Document.objects.count() == 0

    def test_line_numbers_are_shown(self, editor_client):
        data = "A title\n\nText.\u00b9 More.\u00b3\n\nNotes\n\n1. One.\n".encode()
        page = upload(editor_client, data).content.decode()
        assert "<strong>Line 3:</strong>" in page

    def test_an_existing_slug_is_refused_and_nothing_changes(self, editor_client):
        existing = import_paper(slug="taken")
        before = (Paragraph.objects.count(), Footnote.objects.count())
        preview = upload(editor_client, PAPER_TEXT.read_bytes(), slug="taken")
        page = preview.content.decode()
        assert "a document with the slug “taken” already exists" in page
        assert 'value="Import as a draft"' not in page
        assert (Paragraph.objects.count(), Footnote.objects.count()) == before
        existing.refresh_from_db()
        assert existing.paragraphs.count() == 51

    def test_a_confirmation_for_a_slug_taken_meanwhile_writes_nothing(self, editor_client):
        preview = upload(editor_client, PAPER_TEXT.read_bytes(), slug="race")
        import_paper(slug="race")  # someone else imported under that address meanwhile
        done = editor_client.post(IMPORT, confirm_data(preview), follow=True)
        assert "Nothing was imported" in done.content.decode()
        assert Document.objects.filter(slug="race").count() == 1

    def test_the_form_needs_a_file_and_a_slug(self, editor_client):
        response = editor_client.post(IMPORT, {"slug": "", "kind": "article"})
        assert response.status_code == 200
        assert response.context["form"].errors.keys() == {"file", "slug"}


@pytest.mark.django_db
def test_only_editors_may_import(client, django_user_model):
    staff = django_user_model.objects.create_user("clerk", password="x" * 20, is_staff=True)
    client.force_login(staff)  # staff, but not an editor: no permission to add documents
    assert client.get(IMPORT).status_code == 403
    assert upload(client, PAPER_TEXT.read_bytes()).status_code == 403
    assert Document.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/admin/documents/document/deleted/", "/admin/documents/document/check/"]
)
def test_the_curation_pages_need_curation_permissions(client, django_user_model, url):
    staff = django_user_model.objects.create_user("clerk", password="x" * 20, is_staff=True)
    client.force_login(staff)
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url)["Location"].startswith("/admin/login/")
