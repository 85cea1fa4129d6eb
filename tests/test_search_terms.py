"""Search finds notes by their references as data, across scripts: "АВПРФ" finds the notes
that cite AVPRF however they print it, "фонд 059a" and "fond 059a" find the same notes,
"Filippov" finds Stalin's telegrams (also where the note calls him Stalin), an Ibid. is
found by what it repeats, and the index follows every change to the references.

Runs on the real collection, loaded once for the session; each test's changes are rolled back.
"""

import re

import pytest
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection
from django.db.models import Q
from django.test import Client

from citations import search_terms
from citations.models import ArchivalFile, Citation
from documents.models import Actor, ActorAlias, Document, Footnote
from documents.search.index import FTS_TABLE, TRIGGERS, missing_parts

from .admin_support import admin_url, restore_url
from .test_search import all_result_links

PAPER = "weathersby-soviet-role"
# Deleting the paper in the admin and restoring it: 1,684 and 1,914 queries on either database
# (a history record per row, the admin's list of what goes, and the restored rows themselves).
# Recomputing the notes' search terms once per citation instead of once per deletion and
# restore took ~500 more each; looking up which documents show each row (and which notes
# repeat each citation) row by row instead of once for all (curation/batching.py), 1,637 more
# for the deletion (3,321) and 1,564 for the restore (3,478).
DELETE_QUERIES, RESTORE_QUERIES = 1_750, 2_000
SQLITE_ONLY = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the FTS5 index exists on SQLite only"
)


@pytest.fixture
def loaded(collection):
    """The curated collection: loaded once per session (tests/curated.py)."""
    return collection


@pytest.fixture
def search(client, loaded, db):
    def notes_found(query):
        """Numbers of the paper's notes the search lists for `query` (all pages)."""
        found = set()
        for link in all_result_links(client, q=query):
            match = re.fullmatch(rf"/documents/{PAPER}/#fn-(\d+)", link)
            if match:
                found.add(int(match.group(1)))
        return found

    return notes_found


def notes_citing(condition) -> set[int]:
    """Notes of the paper with a citation meeting `condition` (a function of a field prefix
    giving a Q), directly or by an Ibid. that repeats such a citation."""
    rows = Citation.objects.filter(footnote__document__slug=PAPER).filter(
        condition("") | condition("ibid_of__")
    )
    return set(rows.values_list("footnote__number", flat=True))


def note_text(number: int) -> str:
    return Footnote.objects.get(document__slug=PAPER, number=number).text


class TestAcrossScripts:
    def test_the_cyrillic_abbreviation_finds_every_note_citing_the_archive(self, search):
        cited = notes_citing(lambda p: Q(**{f"{p}archival_file__archive__slug": "avprf"}))
        found = search("АВПРФ")
        assert cited and cited <= found
        assert found == search("AVPRF") == search("авпрф")
        # Found although they never print the Cyrillic: note 6 ("AVPRF AVIPRF"), and Ibid.
        # notes that repeat an AVPRF reference (16: "Ibid.").
        assert "АВПРФ" not in note_text(6) and 6 in found
        assert note_text(16) == "*Ibid.*" and 16 in found

    def test_fond_in_either_script_finds_the_same_notes(self, search):
        cited = notes_citing(lambda p: Q(**{f"{p}archival_file__fond": "059a"}))
        # (49 and 50: Ibid. of note 48, which cites a copy in fond 059a)
        assert cited == {40, 45, 47, 48, 49, 50}
        assert search("фонд 059a") == search("fond 059a") == cited
        assert search('"фонд 059a"') == search('"Fond 059a"') == cited
        # typed on a Russian keyboard, the letter is Cyrillic too
        assert search("фонд 059а") == cited

    def test_the_other_archives_in_both_scripts(self, search):
        for latin, cyrillic, slug in (("TsAMO", "ЦАМО", "tsamo"), ("RGASPI", "РГАСПИ", "rgaspi")):
            cited = notes_citing(lambda p, s=slug: Q(**{f"{p}archival_file__archive__slug": s}))
            assert cited and search(cyrillic) == search(latin) >= cited

    def test_filippov_finds_stalins_telegrams(self, search):
        telegrams = notes_citing(
            lambda p: (
                Q(**{f"{p}archival_document__kind__icontains": "telegram"})
                & (
                    Q(**{f"{p}archival_document__addressee__icontains": "stalin"})
                    | Q(**{f"{p}archival_document__author__icontains": "stalin"})
                )
            )
        )
        assert telegrams == {46, 47, 48, 49, 50}
        found = search("Filippov")
        assert telegrams <= found
        assert "Filippov" not in note_text(47)  # "to Stalin via Razuvaev": found by its data
        assert found <= search("Stalin")

    def test_a_place_named_in_an_address_is_not_a_state(self, search):
        """Note 4's telegram went to "the Soviet ambassador in Washington": Washington is a
        place there, not the United States, so it does not make note 4 a US note."""
        assert 4 not in search("Americans")

    def test_an_ibid_is_found_by_the_work_it_repeats(self, search):
        assert note_text(26) == "*Ibid.*"
        assert 26 in search("Divided Korea")


class TestKeptInStep:
    def test_a_document_deleted_and_restored_is_found_by_its_references_again(
        self, search, editor, django_assert_max_num_queries
    ):
        """Each deleted or restored citation asks for its notes' terms: done once per deletion
        and once per restore (documents/curation/batching.py), not once per citation."""
        cited = search("АВПРФ")
        assert len(cited) > 10
        staff = Client()
        staff.force_login(editor)
        paper = Document.objects.get(slug=PAPER)
        with django_assert_max_num_queries(DELETE_QUERIES):
            assert staff.post(admin_url(paper, "delete"), {"post": "yes"}).status_code == 302
        assert search("АВПРФ") == set()
        record = Document.history.get(id=paper.pk, history_type="-")
        with django_assert_max_num_queries(RESTORE_QUERIES):
            response = staff.post(restore_url(record.history_id))
        assert response.status_code == 302
        assert search("АВПРФ") == cited

    def test_a_new_reference_is_searchable_at_once_and_gone_when_deleted(self, search):
        note = Footnote.objects.get(document__slug=PAPER, number=1)
        file = ArchivalFile.objects.get(archive__slug="rgaspi")
        assert 1 not in search("РГАСПИ")
        citation = Citation.objects.create(
            footnote=note, position=9, kind=Citation.Kind.ARCHIVAL, archival_file=file
        )
        assert 1 in search("РГАСПИ") and 1 in search(f"фонд {file.fond}")
        citation.delete()
        assert 1 not in search("РГАСПИ")

    def test_changing_a_file_reaches_the_notes_and_their_ibids(self, search):
        file = ArchivalFile.objects.get(archive__slug="avprf", fond="45", opis="1", delo="343")
        file.delo = "343bis"
        file.save()
        assert search('"дело 343bis"') == {48, 49, 50}

    def test_deleting_a_reference_updates_the_ibids_that_repeated_it(self, search):
        original = Citation.objects.get(
            footnote__document__slug=PAPER, footnote__number=48, position=1
        )
        assert search('"дело 343"') == {48, 49, 50}
        original.delete()
        assert search('"дело 343"') == set()

    def test_a_new_alias_finds_the_telegrams(self, search):
        stalin = Actor.objects.get(slug="joseph-stalin")
        assert search("Джугашвили") == set()
        alias = ActorAlias.objects.create(actor=stalin, name="Джугашвили")
        assert {46, 47, 48, 49, 50} <= search("Джугашвили")
        alias.delete()
        assert search("Джугашвили") == set()

    def test_the_notes_own_text_still_decides_too(self, search):
        note = Footnote.objects.get(document__slug=PAPER, number=14)
        note.text = note.text + " Quixotically."
        note.save()
        assert search("Quixotically") == {14}
        assert 14 in search("АВПРФ")  # the terms survive an edit of the text


@SQLITE_ONLY
class TestSqliteIndex:
    def test_the_terms_are_refilled_after_migrate(self, search):
        with connection.cursor() as cursor:
            for name in TRIGGERS:  # what a table rebuild does
                cursor.execute(f"DROP TRIGGER {name}")
        emit_post_migrate_signal(verbosity=0, interactive=False, db=connection.alias)
        with connection.cursor() as cursor:
            assert missing_parts(cursor) == set()
        assert 14 in search("АВПРФ")

    def test_an_index_of_the_older_shape_is_rebuilt(self, search):
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE {FTS_TABLE}")
            cursor.execute(
                f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5("
                "body, tokenize = 'unicode61 remove_diacritics 2')"
            )
        emit_post_migrate_signal(verbosity=0, interactive=False, db=connection.alias)
        assert 14 in search("АВПРФ") and 14 in search("Malik")


class TestTerms:
    def test_terms_are_computed_from_the_data_alone(self, loaded, db):
        terms = search_terms.compute(Citation, Actor, ActorAlias)
        note = Footnote.objects.get(document__slug=PAPER, number=47)
        text = terms[note.pk]
        for expected in ("АВПРФ", "fond 059a", "фонд 059a", "фонд 059а", "опись 5a", "папка 11"):
            assert expected in text
        assert "Filippov" in text

    @pytest.mark.parametrize(
        ("value", "spelled"),
        [("059a", "059а"), ("5a", "5а"), ("0102", ""), ("USGASK", ""), ("828[9]", "")],
    )
    def test_cyrillic_spelling_of_archival_numbers(self, value, spelled):
        assert search_terms.cyrillic_spelling(value) == spelled
