"""Saves that cannot break a text: what "Check texts" would find is refused when an editor saves,
through the real admin pages as a member of Editors, with a message naming the place and the
words; constraint errors are said in an editor's words."""

import pytest

from documents.models import Actor, ActorAlias, CrossReference, Document, FootnoteRef

from .admin_support import admin_url, change_form_data, import_paper, inline_prefix

pytestmark = pytest.mark.django_db


def a_marker(document):
    ref = (
        FootnoteRef.objects.filter(paragraph__document=document)
        .select_related("paragraph", "footnote")
        .order_by("paragraph__position", "offset")
        .first()
    )
    return ref.paragraph, ref


def post_marker(client, paragraph, ref, **changes):
    page = client.get(admin_url(paragraph))
    data = change_form_data(page)
    prefix = inline_prefix(page, "footnoteref", ref)
    for name, value in changes.items():
        data[f"{prefix}-{name}"] = str(value)
    return client.post(admin_url(paragraph), data)


def errors_of(response):
    """Every error message on a refused change page, main form and inline rows."""
    assert response.status_code == 200, "the save was not refused"
    said = [str(e) for errors in response.context["adminform"].form.errors.values() for e in errors]
    for inline in response.context["inline_admin_formsets"]:
        for form_errors in inline.formset.errors:
            said += [str(e) for errors in form_errors.values() for e in errors]
        said += [str(e) for e in inline.formset.non_form_errors()]
    return said


class TestNoteMarkers:
    def test_a_marker_beyond_the_paragraph_is_refused(self, editor_client, paper):
        paragraph, ref = a_marker(paper)
        response = post_marker(editor_client, paragraph, ref, offset=99999)
        (error,) = errors_of(response)
        assert f"Character 99999 is beyond the end of ¶ {paragraph.position}" in error
        assert paragraph.text[-15:] in error  # the last words, to find the place
        ref.refresh_from_db()
        assert ref.offset <= len(paragraph.text)

    def test_a_marker_to_another_documents_note_is_refused(self, editor_client, paper):
        other = import_paper(slug="paper-copy", status=Document.Status.DRAFT)
        paragraph, ref = a_marker(paper)
        foreign = other.footnotes.get(number=5)
        response = post_marker(editor_client, paragraph, ref, footnote=foreign.pk)
        error = errors_of(response)[0]
        assert "Note 5 belongs to “" in error and "not to “" in error
        assert f"¶ {paragraph.position}" in error
        ref.refresh_from_db()
        assert ref.footnote.document_id == paper.pk

    def test_a_second_marker_with_a_taken_ordinal_is_said_in_plain_words(
        self, editor_client, paper
    ):
        paragraph, ref = a_marker(paper)
        page = editor_client.get(admin_url(paragraph))
        data = change_form_data(page)
        total = int(data["note_refs-TOTAL_FORMS"])
        data.update(
            {
                "note_refs-TOTAL_FORMS": str(total + 1),
                f"note_refs-{total}-footnote": str(ref.footnote_id),
                f"note_refs-{total}-offset": "0",
                f"note_refs-{total}-ordinal": str(ref.ordinal),
                f"note_refs-{total}-paragraph": str(paragraph.pk),
            }
        )
        said = " ".join(errors_of(editor_client.post(admin_url(paragraph), data)))
        assert "already has a marker with this ordinal" in said
        assert "Ordinal already exists" not in said


class TestTypedSuperscripts:
    def test_a_typed_note_number_is_refused_on_the_paragraph_page(self, editor_client, paper):
        paragraph, _ref = a_marker(paper)
        words = paragraph.text.split()[2]
        data = change_form_data(editor_client.get(admin_url(paragraph)))
        data["text"] = paragraph.text.replace(words, words + "⁶", 1)
        (error,) = errors_of(editor_client.post(admin_url(paragraph), data))
        assert f"“⁶” is typed into the text of ¶ {paragraph.position}" in error
        assert f"{words}⁶" in error and "anchor note 6 with a note marker" in error
        paragraph.refresh_from_db()
        assert "⁶" not in paragraph.text

    def test_a_typed_note_number_is_refused_on_the_document_page(self, editor_client, paper):
        paragraph, _ref = a_marker(paper)
        page = editor_client.get(admin_url(paper))
        data = change_form_data(page)
        data[f"{inline_prefix(page, 'paragraph', paragraph)}-text"] = paragraph.text + "¹²"
        (error,) = errors_of(editor_client.post(admin_url(paper), data))
        assert "“¹²” is typed into the text" in error
        paragraph.refresh_from_db()
        assert "¹²" not in paragraph.text


class TestAliases:
    @pytest.fixture
    def actors(self):
        molotov = Actor.objects.create(slug="molotov", name="Vyacheslav Molotov")
        shtykov = Actor.objects.create(slug="shtykov", name="Terentii Shtykov")
        ActorAlias.objects.create(actor=shtykov, name="Shtykov")
        return molotov, shtykov

    def alias_post(self, client, molotov, name, shared=False):
        page = client.get(admin_url(molotov))
        data = change_form_data(page)
        data["aliases-0-name"] = name
        if shared:
            data["aliases-0-shared"] = "on"
        return client.post(admin_url(molotov), data)

    def test_another_actors_alias_is_refused_without_confirmation(self, editor_client, actors):
        molotov, _shtykov = actors
        (error,) = errors_of(self.alias_post(editor_client, molotov, "shtykov"))
        assert "“shtykov” is already the name or an alias of “Terentii Shtykov”" in error
        assert not molotov.aliases.exists()

    def test_another_actors_name_is_refused_on_the_alias_page(self, editor_client, actors):
        molotov, _shtykov = actors
        response = editor_client.post(
            "/admin/documents/actoralias/add/",
            {"actor": molotov.pk, "name": "Terentii  Shtykov", "note": ""},
        )
        (error,) = errors_of(response)
        assert "“Terentii Shtykov”" in error
        assert not molotov.aliases.exists()

    def test_a_confirmed_shared_name_is_saved(self, editor_client, actors):
        molotov, _shtykov = actors
        response = self.alias_post(editor_client, molotov, "Shtykov", shared=True)
        assert response.status_code == 302
        assert list(molotov.aliases.values_list("name", flat=True)) == ["Shtykov"]


class TestPublicationDate:
    def post_date(self, client, document, year, month="", day=""):
        data = change_form_data(client.get(admin_url(document)))
        data.pop("publication_date", None)
        data.update(
            {"publication_date_0": year, "publication_date_1": month, "publication_date_2": day}
        )
        return client.post(admin_url(document), data)

    @pytest.mark.parametrize(
        "year,month,day,stored",
        [
            ("1950", "", "", "1950"),
            ("1950", "06", "", "1950-06"),
            ("1950", "06", "25", "1950-06-25"),
        ],
    )
    def test_a_date_is_stored_at_its_precision(
        self, editor_client, paper, year, month, day, stored
    ):
        assert self.post_date(editor_client, paper, year, month, day).status_code == 302
        paper.refresh_from_db()
        assert paper.publication_date == stored

    @pytest.mark.parametrize(
        "year,month,day,said",
        [
            ("sometime in spring", "", "", "is not a year"),
            ("1950", "02", "30", "There is no day 30 in February 1950"),
            ("1950", "", "25", "A day needs its month"),
        ],
    )
    def test_a_date_that_is_not_one_is_refused(self, editor_client, paper, year, month, day, said):
        (error,) = errors_of(self.post_date(editor_client, paper, year, month, day))
        assert said in error
        paper.refresh_from_db()
        assert paper.publication_date == ""


class TestSlug:
    def test_a_published_documents_slug_cannot_be_changed(self, editor_client, paper, client):
        page = editor_client.get(admin_url(paper))
        assert "slug" not in page.context["adminform"].form.fields
        data = change_form_data(page)
        data["slug"] = "renamed"
        data["title"] = paper.title + " (corrected)"
        assert editor_client.post(admin_url(paper), data).status_code == 302
        paper.refresh_from_db()
        assert paper.slug == "paper" and paper.title.endswith("(corrected)")
        assert client.get("/documents/paper/").status_code == 200

    def test_a_drafts_slug_can_still_be_changed(self, editor_client, paper):
        Document.objects.filter(pk=paper.pk).update(status=Document.Status.DRAFT)
        data = change_form_data(editor_client.get(admin_url(paper)))
        data["slug"] = "renamed"
        assert editor_client.post(admin_url(paper), data).status_code == 302
        paper.refresh_from_db()
        assert paper.slug == "renamed"


class TestConstraintWords:
    def test_a_passage_compared_with_itself(self, editor_client, paper):
        paragraph, _ref = a_marker(paper)
        response = editor_client.post(
            "/admin/documents/crossreference/add/",
            {"source": paragraph.pk, "target": paragraph.pk, "relation": "supports", "reason": "x"},
        )
        said = errors_of(response)
        assert "A passage cannot be compared with itself." in said
        assert not any("xref_not_to_itself" in error for error in said)
        assert not CrossReference.objects.exists()
