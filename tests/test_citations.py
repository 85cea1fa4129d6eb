"""The curated citations as loaded by load_collection: every note accounted for, one row per
archive, file and work, Ibid. and repeats resolved, bad curation refused."""

import copy
import io
import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction

from citations import curation
from citations.curation import CurationError
from citations.models import ArchivalDocument, ArchivalFile, Archive, Citation, Source
from documents.texts.importer import import_bytes

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "citations"
SPEC = json.loads((FIXTURE / "weathersby-soviet-role.json").read_text(encoding="utf-8"))
REFERENCE_KINDS = {"archival", "published", "ibid"}


def numbers(text: str) -> set[int]:
    return {int(n) for n in re.findall(r"\d+", text)}


def structured_values(citation: Citation) -> list[str]:
    """Every structured field of a reference (not its printed words), put back together."""
    values = [citation.pinpoint, citation.division, citation.remark]
    file = citation.archival_file
    if file:
        values += [file.archive.abbreviation, file.address]
    item = citation.archival_document
    if item:
        values += [item.title, item.kind, item.number, item.date, item.author, item.addressee]
        values += [item.summary, item.folios]
    for source in (citation.source, citation.cited_in):
        if source:
            values += [json.dumps(source.authors + source.editors + source.translators)]
            values += [
                source.title,
                source.translated_title,
                source.container_title,
                source.collection_title,
                source.number,
                source.volume,
                source.issue,
                source.publisher,
                source.publisher_place,
                source.event,
                source.event_place,
                source.issued,
                source.pages,
                source.genre,
            ]
    return [value for value in values if value]


@pytest.fixture
def notes(weathersby_paper):
    return {
        note.number: note
        for note in weathersby_paper.footnotes.prefetch_related(
            "citations__archival_file__archive",
            "citations__archival_document",
            "citations__source",
            "citations__cited_in",
            "citations__ibid_of__footnote",
            "citations__short_form_of__footnote",
        )
    }


@pytest.mark.django_db
class TestEveryNoteAccountedFor:
    def test_all_58_notes_have_curated_references(self, notes):
        assert sorted(notes) == list(range(1, 59))
        assert all(note.citations.all() for note in notes.values())

    @pytest.mark.parametrize("number", range(1, 59))
    def test_explanatory_or_every_number_in_the_structured_fields(self, notes, number):
        note = notes[number]
        citations = list(note.citations.all())
        kinds = {c.kind for c in citations}
        if not kinds & REFERENCE_KINDS:
            assert kinds <= {"explanatory", "quoted-note"}
            return
        values = []
        for citation in citations:
            values += structured_values(citation.target)
        missing = numbers(note.text) - numbers(" ".join(values))
        assert not missing, f"note {number}: {sorted(missing)} missing from {values}"

    def test_explanatory_notes_and_the_quoted_documents_note(self, notes):
        kinds = {n: [c.kind for c in notes[n].citations.all()] for n in (23, 30, 31, 34)}
        assert kinds == {
            23: ["quoted-note"],
            30: ["explanatory"],
            31: ["explanatory"],
            34: ["explanatory"],
        }

    def test_printed_words_are_the_notes_own(self, notes):
        for note in notes.values():
            for citation in note.citations.all():
                assert citation.printed in note.text
                for printed in citation.printed_fields.values():
                    assert printed in note.text

    def test_note_1_holds_three_references(self, notes):
        references = [c for c in notes[1].citations.all() if c.kind in REFERENCE_KINDS]
        assert [c.source.slug for c in references] == ["matray-1985", "cumings-2005", "matray-2015"]
        assert [c.prefix for c in references] == ["See", "See also", "See, for example,"]


@pytest.mark.django_db
class TestIbid:
    @pytest.mark.parametrize(
        ("number", "target"),
        [
            (7, 6),
            (16, 15),
            (17, 15),
            (18, 15),
            (26, 25),
            (33, 32),
            (49, 48),
            (50, 48),
            (53, 52),
            (54, 52),
        ],
    )
    def test_ibid_resolves_to_the_nearest_earlier_note_that_cites_something(
        self, notes, number, target
    ):
        citations = list(notes[number].citations.all())  # (49 and 50 repeat three references)
        assert len(citations) == (3 if target == 48 else 1)
        for citation in citations:
            assert citation.kind == Citation.Kind.IBID
            assert citation.ibid_of.footnote.number == target
            assert citation.ibid_of.kind != Citation.Kind.IBID

    def test_ibid_keeps_its_remark(self, notes):
        (citation,) = notes[53].citations.all()
        assert citation.remark == "Translation by the author."
        assert citation.target.archival_document.title.startswith("Record of Conversation")

    def test_an_uncertain_ibid_says_so(self, notes):
        (citation,) = notes[26].citations.all()
        assert citation.needs_review
        assert "Kim, Divided Korea" in citation.editorial_note
        assert citation.ibid_of.source.slug == "kim-1975"


@pytest.mark.django_db
class TestOneRowPerThing:
    def test_one_avprf_file_carries_notes_14_to_20(self, collection):
        file = ArchivalFile.objects.get(
            archive__slug="avprf", fond="0102", opis="1", delo="15", papka="1"
        )
        direct = {c.footnote.number for c in file.citations.all()}
        repeated = {c.footnote.number for c in Citation.objects.filter(ibid_of__archival_file=file)}
        assert direct | repeated == {14, 15, 16, 17, 18, 19, 20}
        assert file.documents.count() == 3

    def test_a_file_cited_by_two_notes_is_one_file(self, collection):
        file = ArchivalFile.objects.get(archive__slug="avprf", fond="059a", opis="5a", delo="5")
        assert sorted(c.footnote.number for c in file.citations.all()) == [45, 48]
        assert ArchivalFile.objects.count() == 20

    def test_a_document_in_two_files_is_recorded_in_each(self, notes):
        first, second, *_ = notes[47].citations.all()
        assert first.archival_document != second.archival_document
        assert first.archival_document.date == second.archival_document.date == "1952-07-16"
        assert (first.archival_file.fond, second.archival_file.fond) == ("45", "059a")

    def test_a_short_form_points_at_the_same_document(self, notes):
        (malik,) = notes[20].citations.all()
        assert malik.short_form_of.footnote.number == 14
        assert malik.archival_document == notes[14].citations.get().archival_document

    def test_several_pinpoints_into_one_work_are_one_source(self, collection):
        armstrong = Source.objects.get(slug="armstrong-2003")
        assert sorted(c.footnote.number for c in armstrong.citations.all()) == [10, 28]
        frus = Source.objects.get(slug="frus-1945-v2")
        assert sorted(c.pinpoint for c in frus.citations.all()) == ["579–821", "99–559"]

    def test_same_title_different_authors_are_two_works(self, collection):
        titled = Source.objects.filter(title="The Korean War: An International History")
        assert sorted(s.slug for s in titled) == ["stueck-1995", "wada-2014"]

    def test_cited_in_keeps_the_file_and_the_thesis(self, notes):
        for number in (35, 36, 37, 38):
            (citation,) = notes[number].citations.all()
            assert citation.archival_file.archive.slug == "tsamo"
            assert citation.cited_in.slug == "lebedev-2018"
        assert notes[37].citations.get().archival_document.title.startswith("The basic provisions")

    def test_archive_names_as_printed(self, collection):
        names = {
            a.slug: (a.abbreviation, a.abbreviation_original, a.name, a.name_original)
            for a in Archive.objects.all()
        }
        assert names["avprf"] == (
            "AVPRF",
            "АВПРФ",
            "Archive of the Foreign Policy of the Russian Federation",
            "Архив внешней политики Российской Федерации",
        )
        assert names["rgaspi"][2:] == (
            "Russian State Archive of Socio-Political History",
            "Российский государственный архив социально-политической истории",
        )
        assert names["tsamo"][2:] == (
            "Central Archive of the Ministry of Defense",
            "Центральный архив Министерства обороны",
        )

    def test_printed_spelling_beside_the_normalised_value(self, notes):
        (telegram, *_rest) = notes[46].citations.all()
        assert telegram.archival_document.kind == "ciphered telegram"
        assert telegram.printed_fields["kind"] == "Ciphred telegram"
        (notes6,) = notes[6].citations.all()
        assert notes6.archival_file.fond == "04311"
        assert notes6.printed_fields["fond"] == "Fond фонд 04311"
        assert "AVPRF AVIPRF" in notes6.printed_fields["archive"]


@pytest.mark.django_db
class TestLoading:
    def test_loading_again_changes_nothing(self, collection):
        counts = [
            m.objects.count() for m in (Archive, ArchivalFile, ArchivalDocument, Source, Citation)
        ]
        call_command("load_collection", verbosity=0)
        assert [
            m.objects.count() for m in (Archive, ArchivalFile, ArchivalDocument, Source, Citation)
        ] == counts

    def test_the_loader_uses_few_queries(self, db, django_assert_max_num_queries):
        from documents.texts.collection import load_document

        _, document = load_document(
            Path(curation.FIXTURE_DIR).parent / "curation" / "weathersby-soviet-role.json"
        )
        # 14 to write the references, 4 to index them for search (citations/search_terms.py)
        with django_assert_max_num_queries(18):
            curation.apply({document.slug: document})
        assert Citation.objects.count() == 85

    def test_a_second_text_citing_the_same_file_and_work_reuses_them(self, collection):
        text = (
            "A Second Paper\n\nIt cites a file.¹ And a book.²\n\nNotes\n\n"
            "1. AVPRF, Fond 0102, Opis 1, Delo 15, Папка 1, Listy 18–21.\n"
            "2. Charles Armstrong. *The North Korean Revolution, 1945–1950*, p. 3.\n"
        )
        document, _ = import_bytes(text.encode(), slug="second-paper")
        spec = {
            "document": "second-paper",
            "archives": {"avprf": {"abbreviation": "X", "name": "must not overwrite"}},
            "sources": {"armstrong-2003": {"title": "must not overwrite"}},
            "notes": {
                "1": [
                    {
                        "kind": "archival",
                        "printed": "AVPRF, Fond 0102, Opis 1, Delo 15, Папка 1, Listy 18–21.",
                        "file": {
                            "archive": "avprf",
                            "fond": "0102",
                            "opis": "1",
                            "delo": "15",
                            "papka": "1",
                        },
                        "pinpoint": "18–21",
                        "pinpoint_unit": "leaf",
                    }
                ],
                "2": [
                    {
                        "kind": "published",
                        "printed": "Charles Armstrong. *The North Korean Revolution, 1945–1950*, p. 3.",
                        "source": "armstrong-2003",
                        "pinpoint": "3",
                        "pinpoint_unit": "page",
                    }
                ],
            },
        }
        files, sources = ArchivalFile.objects.count(), Source.objects.count()
        curation.load(document, spec)
        assert (ArchivalFile.objects.count(), Source.objects.count()) == (files, sources)
        file = ArchivalFile.objects.get(fond="0102", delo="15", opis="1")
        assert {c.footnote.document.slug for c in file.citations.all()} == {
            "weathersby-soviet-role",
            "second-paper",
        }
        assert Archive.objects.get(slug="avprf").abbreviation == "AVPRF"
        assert Source.objects.get(slug="armstrong-2003").title.startswith("The North Korean")

    @pytest.mark.parametrize(
        ("change", "message"),
        [
            (lambda spec: spec["notes"].pop("30"), "notes without references [30]"),
            (
                lambda spec: spec["notes"]["14"][0].update(printed="Jacob Malik wrote"),
                "exact words",
            ),
            (
                lambda spec: spec["notes"]["6"][0]["printed_fields"].update(fond="Fond 999"),
                "not in the note",
            ),
            (lambda spec: spec["notes"]["7"][0].update(ibid_of=[9, 1]), "not an earlier reference"),
            (lambda spec: spec["notes"]["1"][0].update(source="nowhere"), "unknown source"),
            (lambda spec: spec["notes"]["1"][0].update(kind="footnote"), "unknown kind"),
        ],
    )
    def test_bad_curation_is_refused_and_nothing_is_written(self, db, change, message):
        from documents.texts.collection import load_document

        _, document = load_document(
            Path(curation.FIXTURE_DIR).parent / "curation" / "weathersby-soviet-role.json"
        )
        spec = copy.deepcopy(SPEC)
        change(spec)
        with pytest.raises(CurationError, match=re.escape(message)):
            with transaction.atomic():
                curation.load(document, spec)
        assert Citation.objects.count() == 0
        assert ArchivalFile.objects.count() == 0


@pytest.mark.django_db
def test_the_parsers_draft_is_a_curation_file_editors_can_load(weathersby_paper):
    """manage.py draft_citations prints what an editor corrects; as printed, it loads."""
    out, err = io.StringIO(), io.StringIO()
    call_command("draft_citations", "weathersby-soviet-role", stdout=out, stderr=err)
    spec = json.loads(out.getvalue())
    assert sorted(map(int, spec["notes"])) == list(range(1, 59))
    assert spec["notes"]["23"][0]["kind"] == "quoted-note"  # its marker stands in a quotation
    assert [r["kind"] for r in spec["notes"]["24"]] == ["archival", "archival"]
    flagged = [r for refs in spec["notes"].values() for r in refs if r.get("needs_review")]
    assert all(r["editorial_note"].startswith("Parser: ") for r in flagged)
    assert f"{len(flagged)} references need review" in err.getvalue()
    Citation.objects.all().delete()
    curation.load(weathersby_paper, spec)
    assert Citation.objects.filter(needs_review=True).count() == len(flagged)
    assert Citation.objects.get(footnote__number=16).ibid_of.footnote.number == 15
