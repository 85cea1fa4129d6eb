"""Tests for documents.texts.parser: the two seed texts and small hand-made texts."""

import re
from pathlib import Path

import pytest

from documents.texts.parser import (
    MARKER_DIGITS,
    Note,
    NoteRef,
    Paragraph,
    ParsedText,
    ParseError,
    decode,
    parse_bytes,
    parse_text,
)

TEXTS = Path(__file__).resolve().parent.parent / "fixtures" / "texts"
PAPER = TEXTS / "weathersby-soviet-role.txt"
INTERVIEW = TEXTS / "shen-zhihua-interview.txt"

PAPER_TITLE = "US Hegemony in Korean Studies and the Soviet Role in Early Postwar Korea"
PAPER_KEYWORDS = [
    "Postwar Occupation",
    "Trusteeship",
    "Kim Il Sung",
    "Armistice Negotiations",
    "Juche",
]
# source line -> heading
PAPER_HEADINGS = {
    13: "Introduction",
    17: "The Division of Korea",
    87: "The Formation of the Democratic People’s Republic of Korea",
    111: "The Prolongation of the Korean War, 1951–1953",
    135: "Conclusion",
}
PAPER_BODY = range(13, 147)  # source lines 13..146; line 147 is "Notes"
PAPER_NOTES_LINE = 147
# (line cut mid-sentence, line that continues it): every page break inside a sentence
PAGE_BREAK_JOINS = [
    (29, 31),
    (39, 41),
    (49, 51),
    (59, 61),
    (67, 69),
    (73, 75),
    (79, 81),
    (89, 91),
    (97, 99),
    (121, 123),
    (143, 145),
]
# notes continued after a page break on a line starting "- ": note -> (first line, second line)
NOTE_CONTINUATIONS = {31: (180, 182), 45: (196, 198)}
SUPERSCRIPT = str.maketrans("0123456789", MARKER_DIGITS)


def source_lines(path: Path) -> list[str]:
    """The seed's lines, numbered from 1 at index 0."""
    return path.read_text(encoding="utf-8").split("\n")


def with_markers(text: str, refs: list[NoteRef]) -> str:
    """Put the superscript markers back at their offsets."""
    for ref in sorted(refs, key=lambda r: r.offset, reverse=True):
        text = text[: ref.offset] + str(ref.number).translate(SUPERSCRIPT) + text[ref.offset :]
    return text


def expected_paper_paragraphs() -> list[tuple[int, str]]:
    """(start line, text with markers) of every body paragraph, read straight from the seed."""
    lines = source_lines(PAPER)
    joined = {second: first for first, second in PAGE_BREAK_JOINS}
    paragraphs: dict[int, str] = {}
    for number in PAPER_BODY:
        text = lines[number - 1].strip()
        if not text or number in PAPER_HEADINGS:
            continue
        if number in joined:
            paragraphs[joined[number]] += " " + text
        else:
            paragraphs[number] = text
    return list(paragraphs.items())


def expected_paper_notes() -> dict[int, tuple[int, str]]:
    """note number -> (line, text), read straight from the seed lines."""
    lines = source_lines(PAPER)
    notes = {}
    for index, raw in enumerate(lines[PAPER_NOTES_LINE:], start=PAPER_NOTES_LINE + 1):
        match = re.match(r"\s*(\d+)\. (.*)$", raw)
        if match:
            notes[int(match[1])] = (index, match[2])
    for number, (first, second) in NOTE_CONTINUATIONS.items():
        assert lines[second - 1].startswith("- ")
        notes[number] = (first, notes[number][1] + " " + lines[second - 1][2:])
    return notes


@pytest.fixture(scope="module")
def parsed_paper() -> ParsedText:
    return parse_bytes(PAPER.read_bytes(), filename=PAPER.name)


@pytest.fixture(scope="module")
def parsed_interview() -> ParsedText:
    return parse_bytes(INTERVIEW.read_bytes(), kind="interview", filename=INTERVIEW.name)


class TestPaperFrontMatter:
    def test_title_and_byline(self, parsed_paper):
        assert parsed_paper.kind == "article"
        assert parsed_paper.title == PAPER_TITLE
        assert parsed_paper.authors == ["Kathryn Weathersby"]
        assert parsed_paper.affiliation == "Georgetown University"

    def test_abstract_is_the_seed_line(self, parsed_paper):
        assert parsed_paper.abstract == source_lines(PAPER)[8]
        assert parsed_paper.abstract.startswith("This paper examines some of the ways")
        assert parsed_paper.abstract_refs == []

    def test_keywords(self, parsed_paper):
        assert parsed_paper.keywords == PAPER_KEYWORDS


class TestPaperBody:
    def test_counts(self, parsed_paper):
        assert parsed_paper.paragraph_count == 51
        assert parsed_paper.note_count == 58
        assert parsed_paper.ref_count == 58

    def test_sections(self, parsed_paper):
        expected = [(title, line) for line, title in PAPER_HEADINGS.items()]
        assert [(s.title, s.line) for s in parsed_paper.sections] == expected

    def test_paragraphs_per_section(self, parsed_paper):
        counts = [sum(p.section == i for p in parsed_paper.paragraphs) for i in range(5)]
        assert counts == [1, 27, 9, 10, 4]

    def test_paragraphs_are_plain_body(self, parsed_paper):
        assert {(p.kind, p.speaker) for p in parsed_paper.paragraphs} == {("body", "")}

    def test_paragraph_start_lines(self, parsed_paper):
        expected = [line for line, _ in expected_paper_paragraphs()]
        assert [p.line for p in parsed_paper.paragraphs] == expected

    @pytest.mark.parametrize("index", range(51))
    def test_paragraph_reproduces_source(self, parsed_paper, index):
        line, text = expected_paper_paragraphs()[index]
        paragraph = parsed_paper.paragraphs[index]
        assert paragraph.line == line
        assert with_markers(paragraph.text, paragraph.refs) == text

    def test_whole_body_reconstructed(self, parsed_paper):
        headings = [(s.line, s.title) for s in parsed_paper.sections]
        pieces = [(p.line, with_markers(p.text, p.refs)) for p in parsed_paper.paragraphs]
        rebuilt = " ".join(text for _, text in sorted(headings + pieces))
        seed = " ".join(source_lines(PAPER)[PAPER_BODY.start - 1 : PAPER_BODY.stop - 1])
        assert rebuilt.split() == seed.split()

    @pytest.mark.parametrize("first, second", PAGE_BREAK_JOINS)
    def test_page_break_join(self, parsed_paper, first, second):
        lines = source_lines(PAPER)
        tail, head = lines[first - 1].strip(), lines[second - 1].strip()
        paragraph = next(p for p in parsed_paper.paragraphs if p.line == first)
        assert with_markers(paragraph.text, paragraph.refs).endswith(tail + " " + head)
        assert second not in [p.line for p in parsed_paper.paragraphs]

    @pytest.mark.parametrize(
        "fragment",
        [
            "demand exclusive control over Pusan",
            "an experienced Soviet officer was responsible",
            "Thus, the “main obstacle to the restoration",
            "the whole world in the struggle against aggressive war",
            "records were essential for writing North Korea's history",
        ],
    )
    def test_known_joins_are_single_paragraphs(self, parsed_paper, fragment):
        assert sum(fragment in p.text for p in parsed_paper.paragraphs) == 1

    def test_no_false_joins(self, parsed_paper):
        # sentence-final blocks stay separate even when a page break may have fallen there
        starts = [p.line for p in parsed_paper.paragraphs]
        assert {21, 23, 105, 107} <= set(starts)

    def test_refs_in_order(self, parsed_paper):
        assert [r.number for p in parsed_paper.paragraphs for r in p.refs] == list(range(1, 59))

    def test_ref_offsets(self, parsed_paper):
        first = parsed_paper.paragraphs[1]
        assert first.refs == [NoteRef(1, len(first.text))]
        assert first.text.endswith("a different outcome for Korea.")
        tenth = next(p for p in parsed_paper.paragraphs if any(r.number == 10 for r in p.refs))
        offset = tenth.refs[0].offset
        assert tenth.text[offset - len("Charles Armstrong") : offset] == "Charles Armstrong"
        assert tenth.text[offset:].startswith(" argue that")

    def test_no_superscript_left(self, parsed_paper):
        stored = parsed_paper.paragraphs + parsed_paper.notes
        for text in [item.text for item in stored]:
            assert not set(text) & set(MARKER_DIGITS)

    def test_other_characters_kept(self, parsed_paper):
        body = " ".join(p.text for p in parsed_paper.paragraphs)
        for kept in ["*sine qua non*", "—", "“", "”", "’", "1950–53", "Balázs Szalontai"]:
            assert kept in body


class TestPaperNotes:
    @pytest.mark.parametrize("number", range(1, 59))
    def test_note_text(self, parsed_paper, number):
        line, text = expected_paper_notes()[number]
        assert parsed_paper.notes[number - 1] == Note(number, text, line)

    def test_note_31_continuation(self, parsed_paper):
        note = parsed_paper.notes[30]
        assert "rather routine, passed through numerous levels of the apparatus" in note.text
        assert "- " not in note.text

    def test_note_45_continuation(self, parsed_paper):
        note = parsed_paper.notes[44]
        assert "Архив внешней политики Российской Федерации (AVPRF АВПРФ), Fond 059a" in note.text
        assert note.text.count("внешней политики") == 2

    def test_notes_kept_exactly(self, parsed_paper):
        assert parsed_paper.notes[6].text == "*Ibid.*"
        assert parsed_paper.notes[52].text == "*Ibid.* Translation by the author."
        assert "(AVPRF AVIPRF)" in parsed_paper.notes[5].text
        assert parsed_paper.notes[44].text.startswith("Polithuro decision")
        assert parsed_paper.notes[45].text.startswith("Ciphred telegram")


class TestInterview:
    def test_counts(self, parsed_interview):
        assert parsed_interview.paragraph_count == 50
        assert parsed_interview.note_count == 0
        assert parsed_interview.ref_count == 0

    def test_no_front_matter(self, parsed_interview):
        assert parsed_interview.kind == "interview"
        front = (parsed_interview.title, parsed_interview.authors, parsed_interview.abstract)
        assert front == ("", [], "")
        assert [(s.title, s.line) for s in parsed_interview.sections] == [("", None)]

    @pytest.mark.parametrize("index", range(50))
    def test_paragraph_is_its_line(self, parsed_interview, index):
        lines = source_lines(INTERVIEW)
        paragraph = parsed_interview.paragraphs[index]
        assert (paragraph.line, paragraph.text, paragraph.section) == (
            index + 1,
            lines[index],
            0,
        )

    def test_no_speakers_guessed(self, parsed_interview):
        assert {(p.kind, p.speaker) for p in parsed_interview.paragraphs} == {("body", "")}
        rhetorical = parsed_interview.paragraphs[9]
        assert rhetorical.text.endswith("these two issues?") and rhetorical.kind == "body"


class TestDecode:
    def test_bom_and_line_endings(self):
        assert decode("\ufeffa\r\nb\rc\n".encode()) == "a\nb\nc\n"

    @pytest.mark.parametrize(
        "data",
        [b"Title\n\nBad \xff here\n", b"Title\r\n\r\nBad \xff here\r\n", b"Title\r\rBad \xff"],
    )
    def test_invalid_byte_line(self, data):
        with pytest.raises(ParseError) as caught:
            decode(data, "bad.txt")
        assert caught.value.line == 3
        assert caught.value.message == "not UTF-8 text (invalid byte 0xff)"
        assert str(caught.value) == "bad.txt, line 3: not UTF-8 text (invalid byte 0xff)"

    def test_parse_bytes_reports_bad_byte(self):
        with pytest.raises(ParseError) as caught:
            parse_bytes("Title\n\nCafé\n\xe9t\xe9".encode("latin-1"), filename="x.txt")
        assert caught.value.line == 3
        assert str(caught.value).startswith("x.txt, line 3: not UTF-8")


class TestParseError:
    def test_str_with_and_without_line(self):
        assert str(ParseError("boom", line=4, filename="f.txt")) == "f.txt, line 4: boom"
        assert str(ParseError("boom")) == "<text>: boom"
        error = ParseError("boom", line=2)
        assert (error.message, error.line, error.filename) == ("boom", 2, "<text>")


BAD_TEXTS = [
    # (case, text, kind, line, message fragment)
    ("empty", "", "article", None, "the file is empty"),
    ("whitespace only", "  \n\t\n   \n", "article", None, "the file is empty"),
    ("empty interview", "\n\n", "interview", None, "the file is empty"),
    ("unknown kind", "Title\n", "novel", None, "unknown kind 'novel'"),
    (
        "marker with no note",
        "T\n\nOne.¹\n\nTwo.²\n\nNotes\n\n1. A.\n",
        "article",
        5,
        "note marker ² has no note",
    ),
    ("markers but no notes", "T\n\nA claim.¹\n", "article", 3, "note marker ¹ has no note"),
    ("marker in interview", "Q?\nA.¹\n", "interview", 2, "note marker ¹ has no note"),
    (
        "note never referenced",
        "T\n\nOne.¹\n\nNotes\n\n1. A.\n2. B.\n",
        "article",
        8,
        "note 2 is never referenced in the text",
    ),
    (
        "notes out of order",
        "T\n\nA.¹ B.² C.³\n\nNotes\n1. A.\n3. C.\n2. B.\n",
        "article",
        7,
        "note 3 follows note 1",
    ),
    ("first note not 1", "T\n\nA.¹\n\nNotes\n2. B.\n", "article", 6, "note 2 is the first note"),
    (
        "note repeated",
        "T\n\nA.¹ B.²\n\nNotes\n1. A.\n2. B.\n2. B again.\n",
        "article",
        8,
        "note 2 is numbered twice",
    ),
    (
        "markers out of order",
        "T\n\nFirst.¹\n\nThird.³\n\nSecond.²\n\nNotes\n1. A.\n2. B.\n3. C.",
        "article",
        5,
        "note marker ³ is out of order (expected ²)",
    ),
    (
        "notes heading without notes",
        "T\n\nA claim.\n\nNotes\n\n",
        "article",
        5,
        "“Notes” is not followed by any notes",
    ),
    (
        "prose before first note",
        "T\n\nA.¹\n\nNotes\nSome prose.\n1. A.\n",
        "article",
        6,
        "not a numbered note",
    ),
    ("nothing before notes", "Notes\n1. A.\n", "article", 1, "no title"),
]


class TestBadInput:
    @pytest.mark.parametrize(
        "text, kind, line, fragment",
        [case[1:] for case in BAD_TEXTS],
        ids=[case[0] for case in BAD_TEXTS],
    )
    def test_parse_error(self, text, kind, line, fragment):
        with pytest.raises(ParseError) as caught:
            parse_text(text, kind=kind, filename="bad.txt")
        error = caught.value
        assert fragment in error.message
        assert error.line == line
        assert error.filename == "bad.txt"
        prefix = "bad.txt: " if line is None else f"bad.txt, line {line}: "
        assert str(error) == prefix + error.message

    @pytest.mark.parametrize("case", BAD_TEXTS, ids=[c[0] for c in BAD_TEXTS])
    def test_parse_bytes_same_error(self, case):
        _, text, kind, line, fragment = case
        with pytest.raises(ParseError) as caught:
            parse_bytes(text.encode(), kind=kind, filename="b.txt")
        assert caught.value.line == line and fragment in caught.value.message
        assert str(caught.value).startswith("b.txt")


SMALL_ARTICLE = """\
A Small Test Article

JANE Q. DOE Example University

Abstract

An abstract that cites a source.¹

Keywords: alpha, beta ,  gamma

Opening paragraph before any heading.²

First Heading

This paragraph is cut by a page

break and continues here.³ It cites note three again.³

Second Heading

Many claims: a⁴ b⁵ c⁶ d⁷ e⁸ f⁹ g¹⁰ h.¹¹

Notes

1. Abstract source.
2. Opening source.
3. Note three, cut by a page
\x20\x20
- break and continued.
4. D.
5. E.
   6. F.
7. G.
8. H.

9. I.
10. Ten, with *italics* kept.
11. Eleven.
"""


@pytest.fixture(scope="module")
def parsed() -> ParsedText:
    return parse_text(SMALL_ARTICLE, filename="small.txt")


class TestSmallArticle:
    def test_front_matter(self, parsed):
        assert parsed.title == "A Small Test Article"
        assert parsed.authors == ["Jane Q. Doe"]
        assert parsed.affiliation == "Example University"
        assert parsed.abstract == "An abstract that cites a source."
        assert parsed.abstract_refs == [NoteRef(1, len(parsed.abstract))]
        assert parsed.keywords == ["alpha", "beta", "gamma"]

    def test_sections(self, parsed):
        assert [(s.title, s.line) for s in parsed.sections] == [
            ("", None),
            ("First Heading", 13),
            ("Second Heading", 19),
        ]

    def test_paragraphs(self, parsed):
        text = "This paragraph is cut by a page break and continues here."
        text += " It cites note three again."
        assert parsed.paragraphs[:2] == [
            Paragraph("Opening paragraph before any heading.", 11, 0, refs=[NoteRef(2, 37)]),
            Paragraph(text, 15, 1, refs=[NoteRef(3, 57), NoteRef(3, len(text))]),
        ]
        assert parsed.paragraph_count == 3

    def test_two_digit_markers(self, parsed):
        last = parsed.paragraphs[2]
        assert last.text == "Many claims: a b c d e f g h."
        assert [r.number for r in last.refs] == list(range(4, 12))
        assert last.refs[6] == NoteRef(10, last.text.index("g") + 1)
        assert last.refs[7] == NoteRef(11, len(last.text))
        assert with_markers(last.text, last.refs) == "Many claims: a⁴ b⁵ c⁶ d⁷ e⁸ f⁹ g¹⁰ h.¹¹"

    def test_notes(self, parsed):
        assert parsed.note_count == 11 and parsed.ref_count == 12
        assert parsed.notes[2] == Note(3, "Note three, cut by a page break and continued.", 27)
        assert parsed.notes[5] == Note(6, "F.", 32)
        assert parsed.notes[9] == Note(10, "Ten, with *italics* kept.", 37)

    def test_crlf_bytes_give_same_result(self, parsed):
        data = ("\ufeff" + SMALL_ARTICLE.replace("\n", "\r\n")).encode()
        assert parse_bytes(data, filename="small.txt") == parsed


class TestShapes:
    def test_second_line_not_a_byline(self):
        parsed = parse_text("Title Only\n\nThe body starts at once.\n\nAnd goes on.")
        assert parsed.authors == [] and parsed.affiliation == ""
        assert [p.text for p in parsed.paragraphs] == ["The body starts at once.", "And goes on."]
        assert [(s.title, s.line) for s in parsed.sections] == [("", None)]

    def test_mixed_case_byline_before_abstract(self):
        parsed = parse_text("T\n\nAnn Lee, Some College\nAbstract\nShort.\n\nIntroduction\n\nBody.")
        assert parsed.authors == ["Ann Lee"] and parsed.affiliation == "Some College"
        assert parsed.abstract == "Short."
        assert [p.text for p in parsed.paragraphs] == ["Body."]

    def test_heading_only_after_complete_paragraph(self):
        text = "T\n\nIntro\n\nCut here and\n\nshort tail.\n\nNext\n\nEnd."
        parsed = parse_text(text, kind="primary")
        assert [s.title for s in parsed.sections] == ["Intro", "Next"]
        assert [p.text for p in parsed.paragraphs] == ["Cut here and short tail.", "End."]
        assert parsed.kind == "primary"

    def test_short_block_after_cut_paragraph_is_not_a_heading(self):
        cut = "A sentence long enough to be a paragraph rather than a heading, " * 2 + "cut"
        parsed = parse_text(f"T\n\nFirst.\n\n{cut}\n\nLooks Like A Heading\n\nDone.")
        assert [s.title for s in parsed.sections] == [""]
        assert [p.text for p in parsed.paragraphs] == [
            "First.",
            cut + " Looks Like A Heading Done.",
        ]

    def test_short_block_after_heading_is_a_paragraph(self):
        parsed = parse_text("T\n\nHeading\n\nNot A Second Heading\n\nbut a cut sentence.")
        assert [s.title for s in parsed.sections] == ["Heading"]
        assert [p.text for p in parsed.paragraphs] == ["Not A Second Heading but a cut sentence."]

    @pytest.mark.parametrize(
        "line",
        ["Ends with a colon:", "Ends with a marker¹", "A quoted “line”", "x" * 100],
    )
    def test_not_a_heading(self, line):
        text = f"T\n\nFirst.\n\n{line}\n\nLast."
        if "¹" in line:
            text += "\n\nNotes\n1. N."
        parsed = parse_text(text)
        assert [s.title for s in parsed.sections] == [""]
        assert parsed.paragraphs[1].line == 5

    def test_multi_line_block_is_one_paragraph(self):
        parsed = parse_text("T\n\n  First line¹  \n  second line.\n\nNotes\n1. N.")
        assert parsed.paragraphs[0].text == "First line second line."
        assert parsed.paragraphs[0].refs == [NoteRef(1, 10)]

    def test_interview_with_notes(self):
        parsed = parse_text("Why?¹\nBecause.\nNotes\n1. A note.", kind="interview")
        assert [p.text for p in parsed.paragraphs] == ["Why?", "Because."]
        assert parsed.notes == [Note(1, "A note.", 4)]
