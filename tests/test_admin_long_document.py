"""A long document that is workable, as a member of Editors: the paper's page shows its
paragraphs and notes a page at a time with "jump to ¶N", keeps Save within reach, saves only
the rows it showed, and stays small (figures printed, sizes asserted)."""

import pytest

from documents.admin.document_parts import PAGE_ROWS
from documents.models import FootnoteRef, Paragraph

from .admin_support import admin_url, change_form_data, inline_prefix

pytestmark = pytest.mark.django_db


def shown(page, model_name):
    for inline in page.context["inline_admin_formsets"]:
        if inline.formset.model._meta.model_name == model_name:
            return [form.instance for form in inline.formset.forms]
    raise LookupError(model_name)


class TestPagedDocumentPage:
    def test_the_papers_page_is_under_150_kib(
        self, editor_client, paper, django_assert_max_num_queries
    ):
        with django_assert_max_num_queries(40):
            page = editor_client.get(admin_url(paper))
        size = len(page.content)
        print(f"\nthe paper's change page: {size / 1024:.0f} KiB")
        assert size < 150 * 1024
        assert [p.position for p in shown(page, "paragraph")] == list(range(1, PAGE_ROWS + 1))
        assert [n.number for n in shown(page, "footnote")] == list(range(1, PAGE_ROWS + 1))
        html = page.content.decode()
        assert html.count('name="_save"') == 2  # at the top and at the bottom

    def test_jump_to_a_paragraph_and_a_note(self, editor_client, paper):
        page = editor_client.get(admin_url(paper) + "?from=30&notes_from=50")
        assert shown(page, "paragraph")[0].position == 30
        assert shown(page, "footnote")[0].number == 50
        assert len(shown(page, "footnote")) == paper.footnotes.filter(number__gte=50).count()
        html = page.content.decode()
        assert 'href="?from=1&amp;notes_from=50"' in html  # the other part's place is kept

    def test_a_number_past_the_end_shows_the_last_rows(self, editor_client, paper):
        page = editor_client.get(admin_url(paper) + "?from=9999&notes_from=zero")
        last = paper.paragraphs.order_by("-position").first().position
        assert [p.position for p in shown(page, "paragraph")] == [last]
        assert shown(page, "footnote")[0].number == 1

    def test_a_save_changes_the_rows_of_its_page_and_returns_to_it(self, editor_client, paper):
        url = admin_url(paper) + "?from=40"
        page = editor_client.get(url)
        paragraph = paper.paragraphs.get(position=41)
        data = change_form_data(page)
        data[f"{inline_prefix(page, 'paragraph', paragraph)}-kind"] = "quotation"
        data["_continue"] = "1"
        response = editor_client.post(url, data)
        assert response.status_code == 302 and response["Location"].endswith("?from=40")
        assert Paragraph.objects.get(pk=paragraph.pk).kind == "quotation"
        assert paper.paragraphs.exclude(pk=paragraph.pk).filter(kind="quotation").count() == 0

    def test_a_page_posted_to_another_pages_address_saves_its_own_rows(self, editor_client, paper):
        page = editor_client.get(admin_url(paper) + "?from=40")
        paragraph = paper.paragraphs.get(position=41)
        data = change_form_data(page)
        data[f"{inline_prefix(page, 'paragraph', paragraph)}-kind"] = "quotation"
        response = editor_client.post(admin_url(paper), data)  # e.g. a colleague added rows
        assert response.status_code == 302
        assert Paragraph.objects.get(pk=paragraph.pk).kind == "quotation"


class TestMarkersBesideTheText:
    def test_each_rows_markers_are_shown_with_the_words_they_follow(self, editor_client, paper):
        page = editor_client.get(admin_url(paper))
        html = page.content.decode()
        ref = (
            FootnoteRef.objects.filter(paragraph__document=paper, paragraph__position__lte=12)
            .select_related("paragraph", "footnote")
            .first()
        )
        words = " ".join(ref.paragraph.text[: ref.offset].split()[-3:])
        assert f"<sup>{ref.footnote.number}</sup>&nbsp;after “…{words}”" in html
