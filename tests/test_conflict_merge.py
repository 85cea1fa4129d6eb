"""Conflicts that lose nothing: two editors change the same paragraph or note; the second sees
both changes as word diffs against the text they both started from, a merge in the form, and
must choose (save the merge, keep theirs, keep mine) before anything is written. Other changes
made in the same submit stay in the form and are saved with the resolution."""

import pytest

from documents.curation.text_merge import merge_texts
from documents.models import Footnote, Paragraph

from .admin_support import (
    admin_url,
    change_form_data,
    conflict_screen_data,
    inline_prefix,
)
from .page_html import parse

BASE = "The Soviet command prepared the elections with care, and Kim spoke first."


@pytest.mark.parametrize(
    "theirs,mine,merged,clean",
    [
        # different words: both changes
        (
            "The Soviet command prepared the November elections with care, and Kim spoke first.",
            "The Soviet army prepared the elections with care, and Kim spoke first.",
            "The Soviet army prepared the November elections with care, and Kim spoke first.",
            True,
        ),
        # the same change made by both: once
        (
            "The Soviet command prepared the elections carefully, and Kim spoke first.",
            "The Soviet command prepared the elections carefully, and Kim spoke first.",
            "The Soviet command prepared the elections carefully, and Kim spoke first.",
            True,
        ),
        # the same word changed differently: mine kept, theirs beside it, marked
        (
            "The Soviet command planned the elections with care, and Kim spoke first.",
            "The Soviet command organised the elections with care, and Kim spoke first.",
            "The Soviet command ⟦yours: organised ‖ theirs: planned⟧ the elections with care, "
            "and Kim spoke first.",
            False,
        ),
        # both add words at the same place: the order is the editor's to decide
        (
            BASE + " He was brief.",
            BASE + " Nobody answered.",
            BASE + " ⟦yours: Nobody answered. ‖ theirs: He was brief.⟧",
            False,
        ),
    ],
    ids=["different-words", "same-change", "same-word", "same-place"],
)
def test_three_way_merge_of_words(theirs, mine, merged, clean):
    result = merge_texts(BASE, theirs, mine)
    assert (result.text, result.clean) == (merged, clean)


def conflict_on(ann, ben, url, field, ann_text, ben_text, ben_extra=None):
    """Both open `url`; Ann saves `field` as ann_text, then Ben (as ben_text): his screen."""
    ann_page, ben_page = ann.get(url), ben.get(url)
    ann_data, ben_data = change_form_data(ann_page), change_form_data(ben_page)
    ann_data[field] = ann_text
    ben_data[field] = ben_text
    ben_data.update(ben_extra or {})
    assert ann.post(url, ann_data).status_code == 302
    refused = ben.post(url, ben_data)
    assert refused.status_code == 200
    return refused


def form_value(response, field):
    return change_form_data(response)[field]


@pytest.mark.django_db
class TestResolvingAConflict:
    def test_changes_to_different_words_are_merged_and_both_shown_as_diffs(
        self, two_editors, paper
    ):
        ann, ben = two_editors
        paragraph = paper.paragraphs.get(position=7)
        base = paragraph.text
        words = base.split()
        first, last = words[1], words[-2]
        ann_text = base.replace(f" {last} ", f" {last} indeed ", 1)
        ben_text = base.replace(first, first.upper(), 1)
        screen = conflict_on(ann, ben, admin_url(paragraph), "text", ann_text, ben_text)

        section = parse(screen.content).find("section", cls="curation-conflict")
        theirs = section.find("td", cls="saved")
        yours = section.find("td", cls="yours")
        assert theirs.find("ins").text.strip() == "indeed"  # what Ann added
        assert yours.find("del").text == first and yours.find("ins").text == first.upper()
        assert "both changes, they touch different words" in section.text
        merged = base.replace(first, first.upper(), 1).replace(f" {last} ", f" {last} indeed ", 1)
        assert form_value(screen, "text") == merged

        # Saving the screen without a choice is refused; nothing of Ben's is written.
        blind = ben.post(admin_url(paragraph), conflict_screen_data(screen))
        assert blind.status_code == 200
        assert "you have not said how to resolve the conflict" in blind.content.decode()
        paragraph.refresh_from_db()
        assert paragraph.text == ann_text

        done = ben.post(admin_url(paragraph), conflict_screen_data(blind, "merge"))
        assert done.status_code == 302
        paragraph.refresh_from_db()
        assert paragraph.text == merged

    def test_a_merge_still_marked_is_refused_until_the_editor_decides(self, two_editors, paper):
        ann, ben = two_editors
        paragraph = paper.paragraphs.get(position=7)
        word = paragraph.text.split()[1]
        ann_text = paragraph.text.replace(word, "Ann", 1)
        ben_text = paragraph.text.replace(word, "Ben", 1)
        screen = conflict_on(ann, ben, admin_url(paragraph), "text", ann_text, ben_text)
        marked = form_value(screen, "text")
        assert "⟦yours: Ben ‖ theirs: Ann⟧" in marked

        refused = ben.post(admin_url(paragraph), conflict_screen_data(screen, "merge"))
        assert refused.status_code == 200
        assert "still holds a place marked" in refused.content.decode()
        assert form_value(refused, "text") == marked  # the form as the editor left it

        data = conflict_screen_data(refused, "merge")
        data["text"] = marked.replace("⟦yours: Ben ‖ theirs: Ann⟧", "Ann and Ben")
        assert ben.post(admin_url(paragraph), data).status_code == 302
        paragraph.refresh_from_db()
        assert paragraph.text == ben_text.replace("Ben", "Ann and Ben", 1)

    @pytest.mark.parametrize("choice", ["theirs", "mine"])
    def test_keep_theirs_or_keep_mine(self, two_editors, paper, choice):
        ann, ben = two_editors
        note = Footnote.objects.filter(document=paper).order_by("number").first()
        ann_text, ben_text = note.text + " (checked by Ann)", note.text + " (checked by Ben)"
        screen = conflict_on(ann, ben, admin_url(note), "text", ann_text, ben_text)
        assert "⟦yours:" in form_value(screen, "text")
        done = ben.post(admin_url(note), conflict_screen_data(screen, choice))
        assert done.status_code == 302
        note.refresh_from_db()
        assert note.text == {"theirs": ann_text, "mine": ben_text}[choice]
        assert not ben.get(note.document.get_absolute_url()).content.decode().count("⟦")

    def test_a_save_made_while_the_screen_was_open_is_another_conflict(self, two_editors, paper):
        ann, ben = two_editors
        paragraph = paper.paragraphs.get(position=7)
        url = admin_url(paragraph)
        screen = conflict_on(ann, ben, url, "text", paragraph.text + " A.", paragraph.text + " B.")
        again = change_form_data(ann.get(url))
        again["text"] = paragraph.text + " A, then C."
        assert ann.post(url, again).status_code == 302

        late = ben.post(url, conflict_screen_data(screen, "mine"))
        assert late.status_code == 200  # refused: Ben has not seen Ann's second change
        assert "A, then C." in parse(late.content).find("td", cls="saved").text
        paragraph.refresh_from_db()
        assert paragraph.text.endswith(" A, then C.")
        done = ben.post(url, conflict_screen_data(late, "mine"))
        assert done.status_code == 302
        paragraph.refresh_from_db()
        assert paragraph.text.endswith(" B.")

    def test_other_changes_in_the_same_submit_wait_in_the_form_and_are_saved_after(
        self, two_editors, imported_interview
    ):
        ann, ben = two_editors
        url = admin_url(imported_interview)
        contested = imported_interview.paragraphs.get(position=4)
        other = imported_interview.paragraphs.get(position=6)
        page = ann.get(url)
        text = f"{inline_prefix(page, 'paragraph', contested)}-text"
        speaker = f"{inline_prefix(page, 'paragraph', other)}-speaker"
        new_speaker = "interviewer" if other.speaker != "interviewer" else "historian"
        screen = conflict_on(
            ann,
            ben,
            url,
            text,
            contested.text + " (Ann)",
            contested.text + " (Ben)",
            {speaker: new_speaker},
        )
        waiting = parse(screen.content).find("p", cls="curation-waiting")
        assert str(other) in waiting.text
        other.refresh_from_db()
        assert other.speaker != new_speaker  # not saved yet: kept in the form
        assert form_value(screen, speaker) == new_speaker

        done = ben.post(url, conflict_screen_data(screen, "theirs"))
        assert done.status_code == 302
        other.refresh_from_db()
        contested.refresh_from_db()
        assert other.speaker == new_speaker
        assert contested.text.endswith(" (Ann)")
        assert Paragraph.objects.get(pk=contested.pk).version == contested.version
