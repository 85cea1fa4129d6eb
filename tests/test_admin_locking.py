"""No lost edits: two editors open the same object and both save; the second save is refused with
a clear message and both versions shown, through the admin's real views."""

import pytest

from documents.curation.locking import EditConflict
from documents.models import Paragraph

from .admin_support import (
    admin_url,
    change_form_data,
    conflict_screen_data,
    inline_prefix,
)


@pytest.mark.django_db
class TestTwoEditorsOneObject:
    def test_the_second_save_is_refused_and_both_versions_are_shown(self, two_editors, paper):
        ann, ben = two_editors
        ann_page = ann.get(admin_url(paper))
        ben_page = ben.get(admin_url(paper))

        ann_data = change_form_data(ann_page)
        ann_data["title"] = "Ann's corrected title"
        assert ann.post(admin_url(paper), ann_data).status_code == 302

        ben_data = change_form_data(ben_page)
        ben_data["title"] = "Ben's corrected title"
        refused = ben.post(admin_url(paper), ben_data)
        assert refused.status_code == 200  # the form again, not a redirect
        page = refused.content.decode()
        assert "Not saved" in page and "was changed by ann after you opened it" in page
        assert "Ann&#x27;s corrected title" in page  # the saved version
        assert "Ben&#x27;s corrected title" in page  # his own, still in the form
        conflict = refused.context["edit_conflicts"][0]
        assert [(row.label, row.yours, row.saved) for row in conflict["rows"]] == [
            ("Title", "Ben's corrected title", "Ann's corrected title")
        ]
        paper.refresh_from_db()
        assert paper.title == "Ann's corrected title"

        # Saving the screen again without saying how to resolve it is refused, again.
        blind = ben.post(admin_url(paper), conflict_screen_data(refused))
        assert blind.status_code == 200
        assert "you have not said how to resolve the conflict" in blind.content.decode()
        paper.refresh_from_db()
        assert paper.title == "Ann's corrected title"

        # Having seen both, Ben keeps his on purpose: now his version wins.
        again = ben.post(admin_url(paper), conflict_screen_data(blind, "mine"))
        assert again.status_code == 302
        paper.refresh_from_db()
        assert paper.title == "Ben's corrected title"

    def test_saving_again_after_a_conflict_keeps_both_editors_changes(self, two_editors, paper):
        ann, ben = two_editors
        pages = [ann.get(admin_url(paper)), ben.get(admin_url(paper))]
        ann_data, ben_data = (change_form_data(page) for page in pages)
        ann_data["publication"] = "Journal of Korean Studies"
        ben_data["editorial_note"] = "Title taken from the first line."
        assert ann.post(admin_url(paper), ann_data).status_code == 302
        refused = ben.post(admin_url(paper), ben_data)
        assert refused.status_code == 200
        rows = {row.label: row for row in refused.context["edit_conflicts"][0]["rows"]}
        assert (
            rows["Publication"].merged and rows["Publication"].saved == "Journal of Korean Studies"
        )
        assert not rows["Editorial note"].merged
        again = ben.post(admin_url(paper), change_form_data(refused))
        assert again.status_code == 302
        paper.refresh_from_db()
        assert paper.publication == "Journal of Korean Studies"
        assert paper.editorial_note == "Title taken from the first line."

    def test_the_same_paragraph_edited_inline_by_both(self, two_editors, imported_interview):
        ann, ben = two_editors
        paragraph = imported_interview.paragraphs.get(position=4)
        pages = [ann.get(admin_url(imported_interview)), ben.get(admin_url(imported_interview))]
        prefix = inline_prefix(pages[0], "paragraph", paragraph)
        ann_data, ben_data = (change_form_data(page) for page in pages)
        ann_data[f"{prefix}-speaker"] = "interviewer"
        ben_data[f"{prefix}-speaker"] = "historian"
        ben_data[f"{prefix}-text"] = paragraph.text + " (Ben)"

        assert ann.post(admin_url(imported_interview), ann_data).status_code == 302
        refused = ben.post(admin_url(imported_interview), ben_data)
        assert refused.status_code == 200
        assert "Not saved: this paragraph was changed by ann" in refused.content.decode()
        paragraph.refresh_from_db()
        assert paragraph.speaker == "interviewer" and not paragraph.text.endswith("(Ben)")
        rows = {row.label: row for row in refused.context["edit_conflicts"][0]["rows"]}
        assert rows["Speaker"].yours == "Historian (interviewee)"
        assert rows["Speaker"].saved == "Interviewer"

    def test_different_paragraphs_of_one_document_do_not_conflict(
        self, two_editors, imported_interview
    ):
        ann, ben = two_editors
        first, second = imported_interview.paragraphs.filter(position__in=[5, 6]).order_by(
            "position"
        )
        pages = [ann.get(admin_url(imported_interview)), ben.get(admin_url(imported_interview))]
        ann_data, ben_data = (change_form_data(page) for page in pages)
        ann_data[f"{inline_prefix(pages[0], 'paragraph', first)}-speaker"] = "interviewer"
        ben_data[f"{inline_prefix(pages[1], 'paragraph', second)}-speaker"] = "interviewer"
        assert ann.post(admin_url(imported_interview), ann_data).status_code == 302
        assert ben.post(admin_url(imported_interview), ben_data).status_code == 302
        assert set(
            imported_interview.paragraphs.filter(position__in=[5, 6]).values_list(
                "speaker", flat=True
            )
        ) == {"interviewer"}

    def test_a_paragraph_page_refuses_a_stale_save(self, two_editors, paper):
        ann, ben = two_editors
        paragraph = paper.paragraphs.get(position=7)
        ann_page, ben_page = ann.get(admin_url(paragraph)), ben.get(admin_url(paragraph))
        ann_data, ben_data = change_form_data(ann_page), change_form_data(ben_page)
        ann_data["kind"] = "quotation"
        ben_data["text"] = paragraph.text.replace("Soviet", "USSR", 1)
        assert ann.post(admin_url(paragraph), ann_data).status_code == 302
        refused = ben.post(admin_url(paragraph), ben_data)
        assert refused.status_code == 200 and "Not saved" in refused.content.decode()
        paragraph.refresh_from_db()
        assert paragraph.kind == "quotation" and "USSR" not in paragraph.text


@pytest.mark.django_db
def test_a_save_racing_past_the_form_check_is_refused_too(paper):
    """Two copies read before either saves: the database refuses the second write."""
    mine = Paragraph.objects.get(document=paper, position=2)
    theirs = Paragraph.objects.get(document=paper, position=2)
    theirs.kind = "quotation"
    theirs.save()
    mine.kind = "body"
    with pytest.raises(EditConflict):
        mine.save()
    assert Paragraph.objects.get(pk=mine.pk).kind == "quotation"
