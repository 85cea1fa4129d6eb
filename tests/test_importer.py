"""The writer and the import command: one transaction, a summary line, refusals that write nothing."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from documents.models import Document, Footnote, FootnoteRef, Paragraph, Section
from documents.texts import parser
from documents.texts.importer import ImportRefused, store

from .conftest import INTERVIEW_TEXT, PAPER_TEXT

SMALL = """A Small Test Article

JANE ROE Test University

Introduction

The first paragraph cites a file.¹ It goes on.

A second paragraph, split by a page

break, cites one² and another.³

Notes

1. AVPRF, Fond 1, Opis 2, Delo 3.
2. Ibid.
3. A note that

- continues.
"""


def table_counts():
    return {
        model.__name__: model.objects.count()
        for model in (Document, Section, Paragraph, Footnote, FootnoteRef)
    }


def run_import(path, slug, *extra):
    out = io.StringIO()
    call_command("import_text", str(path), "--slug", slug, *extra, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
class TestImportCommand:
    def test_prints_one_summary_line_for_the_paper(self):
        output = run_import(PAPER_TEXT, "paper")
        assert output == "imported paper: 51 paragraphs, 58 notes, 58 note references\n"

    def test_interview_kind(self):
        output = run_import(INTERVIEW_TEXT, "talk", "--kind", "interview", "--title", "A talk")
        assert output == "imported talk: 50 paragraphs, 0 notes, 0 note references\n"
        document = Document.objects.get(slug="talk")
        assert (document.kind, document.title) == ("interview", "A talk")

    def test_new_documents_are_drafts(self, tmp_path):
        path = tmp_path / "small.txt"
        path.write_text(SMALL, encoding="utf-8")
        run_import(path, "small")
        document = Document.objects.get(slug="small")
        assert document.status == Document.Status.DRAFT
        assert document.authors == "Jane Roe"
        assert document.source_text == SMALL

    def test_anchors_are_stored_by_offset(self, tmp_path):
        path = tmp_path / "small.txt"
        path.write_text(SMALL, encoding="utf-8")
        run_import(path, "small")
        second = Paragraph.objects.get(document__slug="small", position=2)
        assert second.text == "A second paragraph, split by a page break, cites one and another."
        offsets = [(ref.footnote.number, ref.offset) for ref in second.note_refs.order_by("offset")]
        assert offsets == [(2, second.text.index(" and")), (3, len(second.text))]
        assert (
            Footnote.objects.get(document__slug="small", number=3).text == "A note that continues."
        )


def bad_inputs():
    yield (
        "not-utf8",
        "First line\n\nSecond line \xe9t\xe9\n".encode("latin-1"),
        "line 3",
        "not UTF-8",
    )
    yield "empty", b"", "", "empty"
    yield (
        "marker-without-note",
        "T\n\nA text.\xb9 And.\xb2\n\nNotes\n\n1. One.\n".encode(),
        "line 3",
        "no note",
    )
    yield (
        "unreferenced-note",
        "T\n\nA text.\xb9\n\nNotes\n\n1. One.\n2. Two.\n".encode(),
        "line 8",
        "never referenced",
    )
    yield (
        "notes-out-of-order",
        "T\n\nA.\xb9 B.\xb2\n\nNotes\n\n2. Two.\n1. One.\n".encode(),
        "line 7",
        "expected 1",
    )
    yield (
        "note-repeated",
        "T\n\nA.\xb9 B.\xb2\n\nNotes\n\n1. One.\n1. Again.\n2. Two.\n".encode(),
        "line 8",
        "twice",
    )


@pytest.mark.django_db
class TestBadInputWritesNothing:
    @pytest.fixture
    def existing(self):
        """Curated work already in the database, which no failed import may touch."""
        run_import(PAPER_TEXT, "existing")
        return table_counts()

    @pytest.mark.parametrize(
        ("name", "data", "where", "words"),
        [pytest.param(*case, id=case[0]) for case in bad_inputs()],
    )
    def test_rejected_with_file_and_line(self, tmp_path, existing, name, data, where, words):
        path = tmp_path / f"{name}.txt"
        path.write_bytes(data)
        with pytest.raises(CommandError) as caught:
            run_import(path, "new-text")
        message = str(caught.value)
        assert str(path) in message
        assert where in message
        assert words in message
        assert table_counts() == existing
        assert not Document.objects.filter(slug="new-text").exists()

    def test_existing_slug_is_refused_and_left_untouched(self, existing):
        document = Document.objects.get(slug="existing")
        Paragraph.objects.filter(document=document, position=1).update(
            text="An editor's correction."
        )
        with pytest.raises(CommandError, match="already exists"):
            run_import(INTERVIEW_TEXT, "existing", "--kind", "interview")
        assert table_counts() == existing
        assert (
            Paragraph.objects.get(document=document, position=1).text == "An editor's correction."
        )

    def test_missing_file(self, tmp_path, existing):
        with pytest.raises(CommandError, match="cannot read"):
            run_import(tmp_path / "nowhere.txt", "new-text")
        assert table_counts() == existing

    def test_invalid_slug(self, existing):
        with pytest.raises(CommandError, match="not a valid slug"):
            run_import(PAPER_TEXT, "no spaces/allowed")
        assert table_counts() == existing


@pytest.mark.django_db(transaction=True)
class TestAtomicity:
    def test_a_failure_midway_rolls_back_everything(self):
        """Make the last write (the note anchors) fail for real in the database: nothing may remain."""
        parsed = parser.parse_bytes(PAPER_TEXT.read_bytes(), filename=str(PAPER_TEXT))
        # The same anchor twice breaks a unique constraint in the database itself, after the
        # document, sections, paragraphs and notes have been written.
        paragraph = next(item for item in parsed.paragraphs if item.refs)
        paragraph.refs.append(paragraph.refs[0])
        run_import(INTERVIEW_TEXT, "existing", "--kind", "interview")
        before = table_counts()
        with pytest.raises(ImportRefused, match="database refused"):
            store(parsed, slug="broken")
        assert table_counts() == before
        assert connection.in_atomic_block is False
