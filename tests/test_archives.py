"""The archive browser, the bibliography and the note page: what a researcher sees, drafts
hidden, and a fixed number of queries whatever the size of the collection."""

import re

import pytest
from django.db import connection
from django.db.models import Q
from django.db.models.signals import post_init
from django.test.utils import CaptureQueriesContext

from citations import curation
from citations.models import ArchivalDocument, ArchivalFile, Citation
from documents.models import Document, Footnote
from documents.texts.importer import import_bytes

PAPER = "/documents/weathersby-soviet-role"


def text_of(response) -> str:
    """The page's visible text, tags stripped and whitespace collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def file_url(**address):
    return ArchivalFile.objects.get(**address).get_absolute_url()


@pytest.fixture
def avprf_0102(collection):
    return file_url(archive__slug="avprf", fond="0102", opis="1", delo="15", papka="1")


@pytest.mark.django_db
class TestArchiveList:
    def test_each_archive_with_its_names_and_counts(self, client, collection):
        response = client.get("/archives/")
        assert response.status_code == 200
        html = response.content.decode()
        assert (
            '<abbr title="Archive of the Foreign Policy of the Russian Federation · '
            'Архив внешней политики Российской Федерации">AVPRF</abbr>' in html
        )
        rows = {
            row[0]: row[1:]
            for row in re.findall(
                r'<tr>\s*<th scope="row">.*?>(\w+)</abbr>.*?'
                r'<td class="number">(\d+)</td>\s*<td class="number">(\d+)</td>\s*'
                r'<td class="number">(\d+)</td>\s*<td class="number">(\d+)</td>',
                html,
                re.S,
            )
        }
        # fonds, files, documents, notes citing (an Ibid. repeating an AVPRF note counts)
        assert rows == {
            "AVPRF": ("7", "14", "17", "23"),
            "LC": ("1", "1", "1", "1"),
            "RGASPI": ("1", "1", "0", "1"),
            "TsAMO": ("3", "4", "1", "4"),
        }
        assert "Российский государственный архив социально-политической истории" in html


@pytest.mark.django_db
class TestArchivePage:
    def test_fonds_and_files(self, client, collection, avprf_0102):
        response = client.get("/archives/avprf/")
        assert response.status_code == 200
        page = text_of(response)
        assert "Archive of the Foreign Policy of the Russian Federation" in page
        for fond in ("0102", "04311", "059a", "07", "18", "3", "45"):
            assert f"Fond {fond}" in page
        assert f'href="{avprf_0102}"' in response.content.decode()
        assert "f. 0102, op. 1, d. 15, p. 1 — 7 notes, 3 documents" in page

    def test_unknown_archive_is_a_404(self, client, collection):
        assert client.get("/archives/nowhere/").status_code == 404


@pytest.mark.django_db
class TestFilePage:
    def test_every_document_and_every_note_with_folios(self, client, avprf_0102):
        response = client.get(avprf_0102)
        assert response.status_code == 200
        page = text_of(response)
        assert "AVPRF f. 0102, op. 1, d. 15, p. 1" in page
        # the documents in the order of their leaves
        titles = [
            "Soviet–American Occupation of Korea",
            "On the Question of a Single Government for Korea",
            "A Report on Japanese Military and Heavy Industry in Korea",
        ]
        positions = [page.index(title) for title in titles]
        assert positions == sorted(positions)
        for folios in ("ll. 8–10", "ll. 18–21", "ll. 22–29"):
            assert folios in page
        table = page[page.index("Every note that cites this file") :]
        assert re.findall(r"Note (\d+)", table) == ["14", "15", "16", "17", "18", "19", "20"]
        assert "Note 16 Ibid. of note 15" in table
        assert "Note 20 cited before in note 14" in table

    def test_a_file_in_another_archive_is_a_404(self, client, avprf_0102):
        assert client.get(avprf_0102.replace("/avprf/", "/tsamo/")).status_code == 404

    def test_a_file_cited_by_two_notes_from_two_documents(self, client, collection):
        url = file_url(archive__slug="avprf", fond="059a", opis="5a", delo="5")
        page = text_of(client.get(url))
        assert "Politburo decision" in page and "l. 64" in page
        assert "Ciphered telegram from Mao Zedong to Filippov (Stalin)" in page
        assert "ll. 90–93" in page

    def test_cited_in_and_file_level_references(self, client, collection):
        url = file_url(archive__slug="tsamo", fond="234")
        page = text_of(client.get(url))
        assert "the file (no document named)" in page
        assert "ll. 160–162" in page


def cite_often(url: str, count: int) -> int:
    """`count` more notes, in a new published text, each citing the file at `url` and its
    first document. Returns how many citations the file's page counts now."""
    file = ArchivalFile.objects.get(pk=int(url.rstrip("/").rsplit("/", 1)[1]))
    document = Document.objects.create(
        slug="often", title="Often", status=Document.Status.PUBLISHED
    )
    notes = Footnote.objects.bulk_create(
        Footnote(document=document, number=n, text=f"Note {n}.") for n in range(1, count + 1)
    )
    item = ArchivalDocument.objects.filter(file=file).order_by("pk").first()
    Citation.objects.bulk_create(
        Citation(
            footnote=note,
            position=1,
            kind=Citation.Kind.ARCHIVAL,
            archival_file=file,
            archival_document=item,
        )
        for note in notes
    )
    return Citation.objects.filter(Q(archival_file=file) | Q(ibid_of__archival_file=file)).count()


@pytest.mark.django_db
class TestAFileCitedOften:
    """A file's page is bounded like a work's: 100 citing notes a page, the first 12 under
    each document, whatever the size of the collection."""

    def test_its_notes_in_pages_and_each_document_names_its_first(
        self, client, avprf_0102, settings
    ):
        settings.PAGE_CACHE = False
        total = cite_often(avprf_0102, 130)
        first = client.get(avprf_0102).content.decode()
        assert f"<dt>Cited</dt><dd>{total} times, in " in first
        assert len(re.findall(r"<tr>\s*<td><a href=", first)) == 100
        assert '<nav class="page-nav" aria-label="Pages of the citations">' in first
        (cited_by,) = [
            found
            for found in re.findall(r'<p class="cited-by">(.*?)</p>', first, re.S)
            if "/documents/often/" in found
        ]
        assert len(re.findall(r"<a href=", cited_by)) == 12
        assert re.search(r"and \d+ more notes, in the table below", cited_by)
        # two texts cite the file: each note named says which
        assert '">note 1</a> of Often' in cited_by
        second = client.get(f"{avprf_0102}?page=2").content.decode()
        assert len(re.findall(r"<tr>\s*<td><a href=", second)) == total - 100
        assert client.get(f"{avprf_0102}?page=3").status_code == 404
        # every citing note is on one page or the other, once
        notes = re.findall(r'<td><a href="([^"]+)">Note', first + second)
        assert len(notes) == len(set(notes)) == total

    def test_a_page_builds_the_citations_it_shows_not_every_one(self, client, avprf_0102, settings):
        """The page's cost does not grow with the notes citing the file: 400 more make the
        same page of 100, built from as many citations as it names (with what an Ibid. on
        it repeats), the rest only counted."""
        settings.PAGE_CACHE = False
        total = cite_often(avprf_0102, 400)
        built = []

        def count(sender, instance, **kwargs):
            built.append(instance.pk)

        post_init.connect(count, sender=Citation)
        try:
            html = client.get(avprf_0102).content.decode()
        finally:
            post_init.disconnect(count, sender=Citation)
        assert f"<dt>Cited</dt><dd>{total} times, in " in html
        named = set(re.findall(r'<a href="([^"]+#ref-\d+)">[Nn]ote \d+', html))
        repeated = len(re.findall(r"Ibid\. of note|cited before in note", html))
        assert len(named) >= 100
        assert len(set(built)) <= len(named) + repeated < total


@pytest.mark.django_db
class TestSources:
    def test_every_work_once_with_the_notes_citing_it(self, client, collection):
        response = client.get("/sources/")
        assert response.status_code == 200
        html = response.content.decode()
        entries = dict(re.findall(r'<li id="([\w-]+)">(.*?)</li>', html, re.S))
        assert len(entries) == 34
        armstrong = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", entries["armstrong-2003"]))
        assert "Charles Armstrong, The North Korean Revolution, 1945–1950" in armstrong
        assert "note 10 (pp. 52–57); note 28" in armstrong
        frus = re.sub(r"<[^>]+>", "", entries["frus-1945-v2"])
        assert "note 9 (pp. 99–559); note 13 (pp. 579–821)" in frus
        chapter = re.sub(r"<[^>]+>", "", entries["weathersby-2000"])
        assert "note 32 (pp. 224–240); note 33 (Ibid.)" in chapter
        thesis = re.sub(r"<[^>]+>", "", entries["lebedev-2018"])
        assert "Archival files cited from it:" in thesis
        assert all(f"note {n}" in thesis for n in (35, 36, 37, 38))
        potsdam = re.sub(r"<[^>]+>", "", entries["frus-potsdam-1945-v2"])
        assert "note 2 (p. 631) — Trusteeship for Korea" in potsdam


@pytest.mark.django_db
class TestNotePage:
    def test_archival_reference_as_data(self, client, collection):
        response = client.get(f"{PAPER}/notes/6/")
        html = response.content.decode()
        page = text_of(response)
        assert response.status_code == 200
        assert "Notes on the Question of Former Japanese Colonies and Mandated Territories" in page
        assert (
            '<a class="archive-name" href="/archives/avprf/"><abbr title="Archive of the Foreign Policy'
            in html
        )
        for field, value in (
            ("Fond", "04311 printed “Fond фонд 04311”"),
            ("Opis", "1 printed “Opis опись 1”"),
            ("Delo", "52"),
            ("Papka", "8"),
            ("Folios", "ll. 40–43 printed “Listy Листы 40–43”"),
            ("Date", "September 1945"),
        ):
            assert f"{field} {value}" in page
        assert "printed “Archive of the Foreign Policy of the Russian Federation" in page
        assert "(AVPRF AVIPRF)" in page

    def test_document_kind_author_addressee(self, client, collection):
        page = text_of(client.get(f"{PAPER}/notes/46/"))
        assert "Kind ciphered telegram printed “Ciphred telegram”" in page
        assert "Date 8 February 1952" in page
        assert "Author Mao Zedong" in page
        assert "Addressee Filippov (Stalin) printed “Filippov [Stalin]”" in page

    def test_published_reference_as_csl_fields(self, client, collection):
        page = text_of(client.get(f"{PAPER}/notes/42/"))
        for field in (
            "Authors Roger Dingman",
            "Title Atomic Diplomacy During the Korean War",
            "Journal / series International Security",
            "Volume 13",
            "Issue 3",
            "Year 1988/1989 printed “Winter 1988/1989”",
            "Pages 50–91",
        ):
            assert field in page

    def test_ibid_links_to_the_note_it_repeats(self, client, collection):
        response = client.get(f"{PAPER}/notes/16/")
        html = response.content.decode()
        assert f'href="{PAPER}/notes/15/#ref-1">note 15</a>' in html
        assert "Soviet–American Occupation of Korea" in text_of(response)

    def test_ibid_with_a_remark(self, client, collection):
        page = text_of(client.get(f"{PAPER}/notes/53/"))
        assert "repeats the reference in note 52" in page
        assert "The note adds Translation by the author." in page

    def test_cited_in_shows_both(self, client, collection):
        page = text_of(client.get(f"{PAPER}/notes/36/"))
        assert "Archive TsAMO ЦАМО" in page
        assert "Fond 234 Opis 3213 Delo 54 Folios ll. 160–162" in page
        assert "Cited in Vasilii Lebedev, In Search of Law and Order" in page

    def test_several_references_in_one_note(self, client, collection):
        response = client.get(f"{PAPER}/notes/1/")
        assert len(re.findall(r'<li class="reference reference-', response.content.decode())) == 4
        page = text_of(response)
        assert "References in this note" in page
        assert "Explanatory passage (no reference)" in page

    @pytest.mark.parametrize(
        ("number", "shown"),
        [
            (30, "Explanation by the author; it cites no source."),
            (23, "This note belongs to the document quoted in the text"),
        ],
    )
    def test_notes_that_cite_nothing_are_marked(self, client, collection, number, shown):
        assert shown in text_of(client.get(f"{PAPER}/notes/{number}/"))

    def test_unsure_references_are_marked_for_review(self, client, collection):
        page = text_of(client.get(f"{PAPER}/notes/38/"))
        assert "needs review" in page
        assert "Opis printed 342253 here and 343253 in note 37" in page


@pytest.mark.django_db
class TestDrafts:
    def make_draft(self):
        Document.objects.filter(slug="weathersby-soviet-role").update(status=Document.Status.DRAFT)

    def test_everything_reached_only_through_a_draft_is_hidden(self, client, avprf_0102):
        self.make_draft()
        assert "AVPRF" not in text_of(client.get("/archives/"))
        assert client.get("/archives/avprf/").status_code == 404
        assert client.get(avprf_0102).status_code == 404
        sources = client.get("/sources/").content.decode()
        assert "Matray" not in sources and 'id="armstrong-2003"' not in sources
        assert client.get(f"{PAPER}/notes/14/").status_code == 404

    def test_the_publics_archive_pages_and_api_follow_a_text_unpublished_and_published(
        self, client, collection, settings
    ):
        """The public's table, an archive's page and the API's list are kept per collection
        version (their counts read every citation): a text returned to draft takes its
        archives out of all three on the next request, and publishing it again brings them
        back, counts and all."""
        settings.PAGE_CACHE = False  # what is kept itself, not a cached page

        def shown():
            listed = client.get("/api/archives").json()["items"]
            page = client.get("/archives/avprf/")
            return (
                "AVPRF" in text_of(client.get("/archives/")),
                {item["slug"]: item["citation_count"] for item in listed}.get("avprf"),
                client.get("/api/archives/avprf").status_code,
                page.status_code,
                re.findall(r"— (\d+) notes?", text_of(page)),
            )

        avprf_before = shown()
        assert avprf_before[0] and avprf_before[1] > 0 and avprf_before[2:4] == (200, 200)
        assert avprf_before[4]  # each file with the number of notes citing it
        paper = Document.objects.get(slug="weathersby-soviet-role")
        paper.status = Document.Status.DRAFT
        paper.save()
        assert shown() == (False, None, 404, 404, [])
        paper.status = Document.Status.PUBLISHED
        paper.save()
        assert shown() == avprf_before

    def test_staff_see_drafts(self, editor_client, avprf_0102):
        self.make_draft()
        assert editor_client.get(avprf_0102).status_code == 200
        assert "AVPRF" in text_of(editor_client.get("/archives/"))
        assert editor_client.get(f"{PAPER}/notes/14/").status_code == 200


def add_large_text(size: int):
    """A published text with `size` notes, each citing its own AVPRF file and a new book,
    and each followed by an Ibid.: the collection grows, the pages' queries must not."""
    body = " ".join(f"Sentence {n}.{sup(2 * n - 1)} Again.{sup(2 * n)}" for n in range(1, size + 1))
    notes = []
    refs = {}
    sources = {}
    for n in range(1, size + 1):
        archival = f"AVPRF, Fond 9{n}, Opis 1, Delo {n}, Listy {n}–{n + 1}."
        book = f"Author {n}. *Book {n}* (Place: Press, 2000), p. {n}."
        notes += [f"{2 * n - 1}. {archival} {book}", f"{2 * n}. *Ibid.*"]
        sources[f"book-{n}"] = {"type": "book", "title": f"Book {n}", "issued": "2000"}
        refs[str(2 * n - 1)] = [
            {
                "kind": "archival",
                "printed": archival,
                "file": {"archive": "avprf", "fond": f"9{n}", "opis": "1", "delo": str(n)},
                "document": {
                    "title": f"Document {n}",
                    "folios": f"{n}–{n + 1}",
                    "folio_unit": "leaf",
                },
                "pinpoint": f"{n}–{n + 1}",
                "pinpoint_unit": "leaf",
            },
            {
                "kind": "published",
                "printed": book,
                "source": f"book-{n}",
                "pinpoint": str(n),
                "pinpoint_unit": "page",
            },
        ]
        refs[str(2 * n)] = [{"kind": "ibid", "printed": "*Ibid.*"}]
    text = f"A Larger Text\n\n{body}\n\nNotes\n\n" + "\n".join(notes) + "\n"
    document, _ = import_bytes(text.encode(), slug="larger-text")
    document.status = Document.Status.PUBLISHED
    document.save()
    curation.load(document, {"document": "larger-text", "sources": sources, "notes": refs})


def sup(number: int) -> str:
    return str(number).translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"))


PAGES = [  # (page, queries for a visitor)
    ("/archives/", 2),
    # the archive, then (rendered anew after a change; kept until the next) its files, their
    # notes and the documents in each file
    ("/archives/avprf/", 5),
    ("file", 4),  # the file, its citations as light rows, its documents, the citations shown
    ("/sources/", 6),  # the works, then the page's: in full, citations, Ibid., totals
    (f"{PAPER}/notes/1/", 7),  # (one of them: what the note cites, for Zotero)
    (f"{PAPER}/notes/16/", 7),
    (f"{PAPER}/notes/45/", 7),
]


@pytest.mark.django_db
class TestQueryCounts:
    @pytest.mark.parametrize(("url", "limit"), PAGES)
    def test_fixed_number_of_queries_whatever_the_collection_size(
        self, client, avprf_0102, django_assert_max_num_queries, url, limit, settings
    ):
        settings.PAGE_CACHE = False  # the page's own queries, not a cached copy
        url = avprf_0102 if url == "file" else url

        def count():
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            return len(queries)

        client.get(url)  # a note page is rendered and stored on its first request
        before = count()
        add_large_text(12)
        with django_assert_max_num_queries(limit):
            assert client.get(url).status_code == 200
        assert count() == before

    def test_the_larger_text_is_really_there(self, client, collection):
        add_large_text(12)
        page = text_of(client.get("/archives/avprf/"))
        assert "Fond 912" in page
        assert 'id="book-12"' in client.get("/sources/").content.decode()
