"""Consistency of the collection (the admin's "Check texts" page and `manage.py check_texts`), and
editing a passage's text keeping its note anchors and mention spans right, or flagging them."""

import io

import pytest
from django.core.management import CommandError, call_command

from documents.linking.anchoring import OffsetMap
from documents.models import Actor, CrossReference, FootnoteRef, Mention, Paragraph

from .admin_support import (
    admin_url,
    change_form_data,
    import_interview,
    inline_prefix,
)

CHECK = "/admin/documents/document/check/"


def check_texts(*args):
    out = io.StringIO()
    try:
        call_command("check_texts", *args, stdout=out)
    except CommandError as error:
        return out.getvalue(), error
    return out.getvalue(), None


def marked_paragraph(document):
    """A paragraph of `document` with a note marker in the middle of its text."""
    for ref in FootnoteRef.objects.filter(paragraph__document=document).select_related(
        "paragraph", "footnote"
    ):
        if 40 < ref.offset < len(ref.paragraph.text) - 40:
            return ref.paragraph, ref
    raise LookupError


def mention_of(paragraph, words, name="Someone"):
    start = paragraph.text.index(words)
    actor = Actor.objects.create(slug=name.lower().replace(" ", "-"), name=name)
    return Mention.objects.create(
        paragraph=paragraph, start=start, end=start + len(words), surface=words, actor=actor
    )


@pytest.mark.django_db
class TestCheckTexts:
    def test_the_imported_texts_have_no_problems(self, editor_client, paper):
        import_interview()
        page = editor_client.get(CHECK)
        assert page.status_code == 200
        assert page.context["problems"] == []
        assert "No problems found." in page.content.decode()
        output, error = check_texts()
        assert error is None and "No problems in 2 document(s)." in output

    def test_every_kind_of_problem_is_listed(self, editor_client, paper):
        interview = import_interview()
        # a marker typed into the text, linking nowhere
        typed = paper.paragraphs.get(position=4)
        Paragraph.objects.filter(pk=typed.pk).update(text=typed.text + " See above.⁹⁹")
        # a note whose only marker was removed
        FootnoteRef.objects.filter(footnote__document=paper, footnote__number=5).delete()
        # a mention whose words were changed behind its back
        paragraph = paper.paragraphs.get(position=6)
        mention = mention_of(paragraph, paragraph.text.split()[2])
        Paragraph.objects.filter(pk=paragraph.pk).update(text="X" + paragraph.text)
        # a cross-reference whose target paragraph is gone
        xref = CrossReference.objects.create(
            source=interview.paragraphs.get(position=2),
            target=paper.paragraphs.get(position=7),
            reason="Compare.",
        )
        CrossReference.objects.filter(pk=xref.pk).update(target_id=10**9)
        try:
            page = editor_client.get(CHECK)
            codes = sorted(problem.code for problem in page.context["problems"])
            assert codes == [
                "marker-without-note",
                "mention-mismatch",
                "note-not-anchored",
                "xref-missing-paragraph",
            ]
            html = page.content.decode()
            assert "“⁹⁹” is typed into the text" in html
            assert "no marker in the text leads to this note" in html
            assert f"should read “{mention.surface}”" in html
            assert "the target paragraph of this cross-reference" in html
            assert f'href="{admin_url(typed)}"' in html

            output, error = check_texts()
            assert error is not None and error.returncode == 1
            assert "4 problem(s)" in str(error)
            assert "Note never anchored in the text:" in output
            assert "note 5: no marker in the text leads to this note" in output
            output, _ = check_texts("--document", "interview")
            assert "note 5" not in output
        finally:
            CrossReference.objects.filter(pk=xref.pk).delete()  # keep the database consistent

    def test_a_marker_inside_a_word_is_flagged(self, editor_client, paper):
        paragraph, ref = marked_paragraph(paper)
        inside = next(
            i
            for i in range(ref.offset + 2, len(paragraph.text))
            if paragraph.text[i - 1 : i + 1].isalpha()
        )
        FootnoteRef.objects.filter(pk=ref.pk).update(offset=inside)
        problems = editor_client.get(CHECK).context["problems"]
        assert [(p.code, p.where) for p in problems] == [
            ("marker-inside-word", f"¶ {paragraph.position}")
        ]

    def test_the_check_page_reads_the_collection_in_a_fixed_number_of_queries(
        self, editor_client, paper, django_assert_max_num_queries
    ):
        import_interview()
        with django_assert_max_num_queries(15):
            assert editor_client.get(CHECK).status_code == 200

    def test_an_unknown_document_is_an_error(self, db):
        _, error = check_texts("--document", "nothing-here")
        assert error is not None and "nothing-here" in str(error)


def save_text(client, paragraph, new_text):
    data = change_form_data(client.get(admin_url(paragraph)))
    data["text"] = new_text
    response = client.post(admin_url(paragraph), data, follow=True)
    assert response.redirect_chain, response.context["errors"]
    paragraph.refresh_from_db()
    return response


@pytest.mark.django_db
class TestEditingKeepsAnchors:
    def test_words_inserted_before_a_marker_move_it_with_its_word(self, editor_client, paper):
        paragraph, ref = marked_paragraph(paper)
        before = paragraph.text[: ref.offset]
        mention = mention_of(paragraph, paragraph.text[ref.offset + 1 :].split()[1])
        save_text(editor_client, paragraph, "Indeed, " + paragraph.text)
        ref.refresh_from_db()
        mention.refresh_from_db()
        assert ref.offset == len("Indeed, ") + len(before)
        assert paragraph.text[: ref.offset].endswith(before)
        assert paragraph.text[mention.start : mention.end] == mention.surface
        assert check_texts()[1] is None

    def test_an_edit_in_the_document_page_keeps_anchors_too(self, editor_client, paper):
        paragraph, ref = marked_paragraph(paper)
        before = paragraph.text[: ref.offset]
        page = editor_client.get(admin_url(paper))
        data = change_form_data(page)
        data[f"{inline_prefix(page, 'paragraph', paragraph)}-text"] = "Indeed, " + paragraph.text
        assert editor_client.post(admin_url(paper), data).status_code == 302
        ref.refresh_from_db()
        paragraph.refresh_from_db()
        assert paragraph.text[: ref.offset] == "Indeed, " + before

    def test_words_edited_after_a_marker_leave_it_in_place(self, editor_client, paper):
        paragraph, ref = marked_paragraph(paper)
        offset = ref.offset
        tail = paragraph.text[offset:]
        save_text(editor_client, paragraph, paragraph.text[:offset] + tail.replace(" ", "  ", 1))
        ref.refresh_from_db()
        assert ref.offset == offset

    def test_an_edited_mention_is_flagged_not_moved(self, editor_client, paper):
        paragraph = paper.paragraphs.get(position=6)
        words = paragraph.text.split()[3]
        mention = mention_of(paragraph, words)
        start = mention.start
        response = save_text(
            editor_client, paragraph, paragraph.text.replace(words, words.upper() + "X", 1)
        )
        mention.refresh_from_db()
        assert mention.start == start  # left where it was…
        warnings = [str(m) for m in response.context["messages"]]
        assert any(f"the words of the mention “{words}”" in w for w in warnings), warnings
        problems = editor_client.get(CHECK).context["problems"]  # …and listed until fixed
        assert [problem.code for problem in problems] == ["mention-mismatch"]

    def test_a_marker_whose_words_are_deleted_is_flagged(self, editor_client, paper):
        paragraph, ref = marked_paragraph(paper)
        text = paragraph.text
        word_start = text.rindex(" ", 0, ref.offset - 1) + 1
        response = save_text(editor_client, paragraph, text[:word_start] + text[ref.offset :])
        warnings = [str(m) for m in response.context["messages"]]
        assert any(f"marker of note {ref.footnote.number}" in w for w in warnings), warnings
        ref.refresh_from_db()
        assert ref.offset == word_start


@pytest.mark.parametrize(
    "old,new,offset,expected,certain",
    [
        ("Moscow agreed. Later", "In 1945 Moscow agreed. Later", 14, 22, True),
        ("Moscow agreed. Later", "Moscow agreed. Much later", 14, 14, True),
        ("Moscw agreed. Later", "Moscow agreed. Later", 5, 6, True),  # a typo fixed before it
        ("A B C", "A C", 3, 2, False),  # the word before the marker was deleted
        ("text", "text", 0, 0, True),
    ],
)
def test_offsets_follow_the_words_before_them(old, new, offset, expected, certain):
    mapped = OffsetMap(old, new).after(offset)
    assert (mapped.offset, mapped.certain) == (expected, certain)


@pytest.mark.parametrize(
    "old,new,span,expected",
    [
        ("said Kim Il Sung today", "then said Kim Il Sung today", (5, 16), (10, 21)),
        ("said Kim Il Sung today", "said Kim Il-sung today", (5, 16), None),
        ("said Kim Il Sung today", "said Kim Il Sung", (5, 16), (5, 16)),
    ],
)
def test_spans_move_only_when_their_words_are_unchanged(old, new, span, expected):
    assert OffsetMap(old, new).span(*span) == expected
