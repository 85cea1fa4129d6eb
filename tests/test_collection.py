"""Fixture fidelity: the curated texts in the database say exactly what the source texts say."""

import json
import re

import pytest
from django.core.management import call_command

from documents.models import Document, Footnote, FootnoteRef, Paragraph

from .conftest import FIXTURES, INTERVIEW_TEXT, PAPER_TEXT

SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def with_markers(paragraph: Paragraph) -> str:
    """The stored paragraph with its note markers put back where the source printed them."""
    text = paragraph.text
    for ref in sorted(paragraph.note_refs.all(), key=lambda r: r.offset, reverse=True):
        text = (
            text[: ref.offset]
            + str(ref.footnote.number).translate(SUPERSCRIPT)
            + text[ref.offset :]
        )
    return text


def seed_lines(path):
    return path.read_text(encoding="utf-8").split("\n")


@pytest.mark.django_db
class TestPaper:
    def test_front_matter(self, weathersby_paper):
        lines = seed_lines(PAPER_TEXT)
        assert weathersby_paper.title == lines[2]
        assert weathersby_paper.author_list == ["Kathryn Weathersby"]
        assert weathersby_paper.affiliation == "Georgetown University"
        assert weathersby_paper.abstract == lines[8]
        assert weathersby_paper.keywords == [
            "Postwar Occupation",
            "Trusteeship",
            "Kim Il Sung",
            "Armistice Negotiations",
            "Juche",
        ]
        assert weathersby_paper.kind == Document.Kind.ARTICLE
        assert weathersby_paper.status == Document.Status.PUBLISHED

    def test_publication_details_not_in_the_text_stay_empty(self, weathersby_paper):
        assert weathersby_paper.publication == ""
        assert weathersby_paper.publication_date == ""

    def test_sections(self, weathersby_paper):
        titles = [section.title for section in weathersby_paper.sections.order_by("position")]
        assert titles == [
            "Introduction",
            "The Division of Korea",
            "The Formation of the Democratic People’s Republic of Korea",
            "The Prolongation of the Korean War, 1951–1953",
            "Conclusion",
        ]

    def test_body_is_the_source_word_for_word(self, weathersby_paper):
        """Every paragraph, in order, with markers restored, reproduces the source body exactly
        (whitespace at the page-break joins aside)."""
        source = PAPER_TEXT.read_text(encoding="utf-8")
        body = source[source.index("\nIntroduction\n") : source.index("\nNotes\n")]
        rebuilt = []
        current_section = None
        for paragraph in weathersby_paper.paragraphs.select_related("section").prefetch_related(
            "note_refs__footnote"
        ):
            if paragraph.section_id != current_section:
                current_section = paragraph.section_id
                rebuilt.append(paragraph.section.title)
            rebuilt.append(with_markers(paragraph))
        assert collapse(" ".join(rebuilt)) == collapse(body)

    def test_no_marker_digits_left_in_stored_text(self, weathersby_paper):
        for paragraph in weathersby_paper.paragraphs.all():
            assert not re.search("[⁰¹²³⁴⁵⁶⁷⁸⁹]", paragraph.text), paragraph

    def test_page_break_paragraphs_are_rejoined(self, weathersby_paper):
        texts = list(weathersby_paper.paragraphs.values_list("text", flat=True))
        assert any(
            "demand exclusive control over Pusan, Inchon, and Cheju Island" in text
            for text in texts
        )
        assert any("an experienced Soviet officer was responsible" in text for text in texts)
        assert len(texts) == 51

    def test_all_58_notes_exact(self, weathersby_paper):
        source = PAPER_TEXT.read_text(encoding="utf-8")
        notes_part = source[source.index("\nNotes\n") + len("\nNotes\n") :]
        # The two page-break continuations start with "- " on their own line.
        notes_part = re.sub(r"\n\s*\n- ", " ", notes_part)
        notes = list(weathersby_paper.footnotes.order_by("number"))
        assert [note.number for note in notes] == list(range(1, 59))
        assert collapse(" ".join(f"{note.number}. {note.text}" for note in notes)) == collapse(
            notes_part
        )
        by_number = {note.number: note.text for note in notes}
        assert by_number[7] == "*Ibid.*"
        assert by_number[53] == "*Ibid.* Translation by the author."
        assert "passed through numerous levels" in by_number[31]
        assert (
            "Архив внешней политики Российской Федерации (AVPRF АВПРФ), Fond 059a" in by_number[45]
        )

    def test_every_note_anchored_once_in_reading_order(self, weathersby_paper):
        refs = FootnoteRef.objects.filter(footnote__document=weathersby_paper).select_related(
            "footnote", "paragraph"
        )
        ordered = sorted(refs, key=lambda ref: (ref.paragraph.position, ref.offset))
        assert [ref.footnote.number for ref in ordered] == list(range(1, 59))

    @pytest.mark.parametrize(
        ("number", "words_before"),
        [
            (1, "could have created a different outcome for Korea."),
            (6, "already made for the Manchurian Railway."),
            (8, "via frequent telegrams,"),
            (10, "Bruce Cumings and Charles Armstrong"),
            (15, "a single occupation policy,”"),
            (58, None),
        ],
    )
    def test_anchor_positions(self, weathersby_paper, number, words_before):
        ref = FootnoteRef.objects.select_related("paragraph").get(
            footnote__document=weathersby_paper, footnote__number=number
        )
        if words_before is None:
            assert ref.offset <= len(ref.paragraph.text)
        else:
            assert ref.paragraph.text[: ref.offset].endswith(words_before)


# The interviewer's turns, decided by reading (see the curation file's editorial note).
INTERVIEWER = {5, 7, 11, 12, 19, 23, 26, 30, 37, 46}


@pytest.mark.django_db
class TestInterview:
    def test_every_line_is_a_paragraph_verbatim(self, interview):
        lines = [line for line in seed_lines(INTERVIEW_TEXT) if line.strip()]
        stored = list(interview.paragraphs.order_by("position").values_list("position", "text"))
        assert stored == list(enumerate(lines, start=1))

    def test_speakers(self, interview):
        speakers = dict(interview.paragraphs.values_list("position", "speaker"))
        assert {p for p, s in speakers.items() if s == Paragraph.Speaker.INTERVIEWER} == INTERVIEWER
        assert {s for p, s in speakers.items() if p not in INTERVIEWER} == {
            Paragraph.Speaker.HISTORIAN
        }

    @pytest.mark.parametrize(
        ("position", "speaker", "why"),
        [
            (2, "historian", "an answer ending in a rhetorical question"),
            (10, "historian", "“How can you get to the real history …?” is rhetorical"),
            (5, "interviewer", "a prompt with no question mark"),
            (11, "interviewer", "a question followed directly by the next question"),
            (12, "interviewer", "the next question"),
            (46, "interviewer", "a two-sentence question"),
        ],
    )
    def test_the_traps(self, interview, position, speaker, why):
        assert interview.paragraphs.get(position=position).speaker == speaker, why

    def test_questions_and_answers_are_kinds(self, interview):
        kinds = dict(interview.paragraphs.values_list("position", "kind"))
        assert {p for p, k in kinds.items() if k == Paragraph.Kind.QUESTION} == INTERVIEWER

    def test_metadata(self, interview):
        assert interview.kind == Document.Kind.INTERVIEW
        assert interview.interviewee == "Shen Zhihua"
        assert interview.publication == ""
        assert interview.footnotes.count() == 0


@pytest.mark.django_db
class TestLoadCollection:
    def test_second_run_changes_nothing(self, collection):
        before = (
            Document.objects.count(),
            Paragraph.objects.count(),
            Footnote.objects.count(),
            FootnoteRef.objects.count(),
        )
        Paragraph.objects.filter(document__slug="shen-zhihua-interview", position=1).update(
            speaker="interviewer"
        )
        call_command("load_collection", verbosity=0)
        after = (
            Document.objects.count(),
            Paragraph.objects.count(),
            Footnote.objects.count(),
            FootnoteRef.objects.count(),
        )
        assert after == before == (2, 101, 58, 58)
        # Curation done since the first load is kept.
        assert (
            Paragraph.objects.get(document__slug="shen-zhihua-interview", position=1).speaker
            == "interviewer"
        )

    def test_curation_files_name_existing_texts(self):
        for path in (FIXTURES / "curation").glob("*.json"):
            spec = json.loads(path.read_text(encoding="utf-8"))
            assert (FIXTURES / spec["text"]).exists(), path
