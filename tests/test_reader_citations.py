"""The structured citations of the reader's notes: on each note's page, under its exact text,
its references as data (archive, file, folios, the work's short form; Ibid. resolved;
explanatory notes and the quoted document's note labelled), which the reader's popover fetches
from there; “Cite this” in the reader's header; and still a fixed number of queries whatever
the size of the text and of its citations."""

import re

import pytest
from django.core.cache import caches
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from citations import formatting
from citations.models import ArchivalDocument, ArchivalFile, Archive, Citation, Source, Unit
from citations.references import REFERENCE_RELATED
from documents.models import Document, Footnote

from . import curated
from .linking_samples import PAPER, make_large_document, make_links
from .page_html import parse
from .test_reader import (
    INTERVIEW_URL,
    PAPER_URL,
    READER_MAX_QUERIES,
    STORED_READER_QUERIES,
    reader,
)


def words(element) -> str:
    return " ".join(element.text.split())


def note_data(client, number, reader_url=PAPER_URL):
    """The <ul class="note-data"> on note `number`'s page (the reader links each note there,
    and its popover shows this list)."""
    response = client.get(f"{reader_url}notes/{number}/")
    assert response.status_code == 200
    return parse(response.content).find("ul", cls="note-data")


@pytest.fixture(scope="module")
def note_pages(django_db_setup, django_db_blocker) -> dict[int, bytes]:
    """Every note page of the paper as the public gets it, read once from the session's
    committed collection (curated.py) for the tests that read them all and change nothing:
    58 pages, 3–4 s each time. Read with an empty cache (a page cached in an earlier test,
    rolled back since, must not be read), in a transaction rolled back after."""
    with django_db_blocker.unblock():
        curated.committed()
        for cache in caches.all():
            cache.clear()
        with transaction.atomic():
            client = Client()
            numbers = Footnote.objects.filter(document__slug=PAPER).values_list("number", flat=True)
            pages = {}
            for number in numbers:
                response = client.get(f"{PAPER_URL}notes/{number}/")
                assert response.status_code == 200
                pages[number] = response.content
            transaction.set_rollback(True)
        for cache in caches.all():
            cache.clear()
    return pages


def read_note_data(note_pages, number):
    """As note_data, from the pages read once (`note_pages`)."""
    return parse(note_pages[number]).find("ul", cls="note-data")


def citation(number: int, position: int = 1) -> Citation:
    return Citation.objects.select_related("footnote__document", *REFERENCE_RELATED).get(
        footnote__document__slug=PAPER, footnote__number=number, position=position
    )


@pytest.mark.django_db
class TestArchivalReferences:
    def test_note_14_shows_archive_file_folios_and_document(self, client, weathersby_paper):
        ref = citation(14)
        file, archive = ref.archival_file, ref.archival_file.archive
        data = note_data(client, 14)
        latin = data.find("abbr", title=archive.name)
        assert latin.text == archive.abbreviation == "AVPRF"
        assert latin.parent.tag == "a" and latin.parent.get("href") == archive.get_absolute_url()
        cyrillic = data.find("abbr", title=archive.name_original)
        assert cyrillic.text == archive.abbreviation_original == "АВПРФ"
        assert cyrillic.get("lang") == "ru"
        file_link = data.find("a", cls="ref-file")
        assert file_link.get("href") == file.get_absolute_url()
        assert words(file_link) == (
            f"fond {file.fond}, opis {file.opis}, delo {file.delo}, papka {file.papka}"
        )
        shown = words(data)
        assert f"listy {ref.pinpoint}" in shown
        assert ref.archival_document.title in shown
        assert "10 December 1945" in shown

    def test_every_archival_reference_names_its_archive_and_links_its_file(
        self, note_pages, weathersby_paper
    ):
        archival = Citation.objects.select_related("footnote__document", *REFERENCE_RELATED).filter(
            footnote__document=weathersby_paper, kind=Citation.Kind.ARCHIVAL
        )
        assert archival.count() > 20
        for ref in archival:
            data = read_note_data(note_pages, ref.footnote.number)
            hrefs = [a.get("href") for a in data.find_all("a")]
            assert ref.archival_file.get_absolute_url() in hrefs, ref
            assert ref.archival_file.archive.get_absolute_url() in hrefs, ref
            if ref.pinpoint and ref.pinpoint_unit == Unit.LEAF:
                word = "listy" if "–" in ref.pinpoint else "list"
                assert f"{word} {ref.pinpoint}" in words(data), ref

    def test_a_reference_found_in_a_thesis_keeps_both(self, client, weathersby_paper):
        for number in (35, 36, 37, 38):
            ref = citation(number)
            data = note_data(client, number)
            assert (
                data.find("a", cls="ref-file").get("href") == ref.archival_file.get_absolute_url()
            )
            assert "cited in" in words(data)
            assert ref.cited_in.get_absolute_url() in [a.get("href") for a in data.find_all("a")]

    def test_every_link_in_the_references_leads_somewhere(
        self, client, note_pages, weathersby_paper
    ):
        page = reader(client)
        hrefs = {
            a.get("href")
            for note in weathersby_paper.footnotes.all()
            if (data := read_note_data(note_pages, note.number)) is not None
            for a in data.find_all("a")
        }
        # Another note's reference: the reader at that note (within the page, in a popover).
        in_reader = {href for href in hrefs if href.startswith(f"{PAPER_URL}#")}
        assert in_reader
        for href in in_reader:
            assert page.by_id(href.split("#")[1]) is not None, href
        for href in sorted(hrefs - in_reader):
            path = href.split("#")[0]
            assert client.get(path).status_code == 200, href
            if "#" in href:  # a work in the bibliography: its entry is there
                assert parse(client.get(path).content).by_id(href.split("#")[1]) is not None


@pytest.mark.django_db
class TestIbid:
    def test_note_16_means_note_15s_reference_with_a_link(self, client, weathersby_paper):
        data = note_data(client, 16)
        assert words(data).startswith("Ibid. means note 15:")
        assert data.find("a", cls="ref-same").get("href") == f"{PAPER_URL}#fn-15"
        # …and shows that reference: the same file, folios and document as note 15.
        earlier = note_data(client, 15)
        assert data.find("a", cls="ref-file").get("href") == (
            earlier.find("a", cls="ref-file").get("href")
        )
        assert words(data).removeprefix("Ibid. means note 15: ") == words(earlier)

    @pytest.mark.parametrize("number", [7, 16, 17, 18, 26, 33, 49, 50, 53, 54])
    def test_every_ibid_links_to_the_note_it_means(self, client, weathersby_paper, number):
        ibid = citation(number)
        assert ibid.kind == Citation.Kind.IBID
        data = note_data(client, number)
        target = ibid.ibid_of.footnote.number
        assert data.find("a", cls="ref-same").get("href") == f"{PAPER_URL}#fn-{target}"
        assert f"means note {target}" in words(data)

    def test_ibid_keeps_what_the_note_adds(self, client, weathersby_paper):
        data = note_data(client, 53)
        remark = data.find("span", cls="ref-remark")
        assert words(remark) == "The note adds: Translation by the author."
        assert data.find("a", cls="ref-same").get("href") == f"{PAPER_URL}#fn-52"

    def test_a_repeated_reference_points_at_the_note_that_gave_it_in_full(
        self, client, weathersby_paper
    ):
        ref = citation(20)
        assert ref.short_form_of.footnote.number == 14
        first = note_data(client, 20).find("span", cls="ref-first")
        assert words(first) == "(in full in note 14)"
        assert first.find("a").get("href") == f"{PAPER_URL}#fn-14"

    def test_an_ibid_of_another_texts_reference_reveals_nothing_of_it(
        self, client, weathersby_paper
    ):
        """An editor's slip (Ibid. pointing into another, unpublished text) shows as such,
        without a link or a word of the other text."""
        other = Document.objects.create(
            slug="draft-sources", title="Unpublished sources", status=Document.Status.DRAFT
        )
        note = Footnote.objects.create(document=other, number=1, text="Secret File 7.")
        hidden = Citation.objects.create(
            footnote=note,
            kind=Citation.Kind.ARCHIVAL,
            printed="Secret File 7.",
            archival_file=citation(14).archival_file,
            pinpoint="99",
            pinpoint_unit=Unit.LEAF,
        )
        ibid = citation(16)
        ibid.ibid_of = hidden
        ibid.save()  # as an editor saves it (the stored render follows)
        data = note_data(client, 16)
        assert words(data) == "Ibid. — repeats a reference in another text."
        assert data.find("a") is None


@pytest.mark.django_db
class TestPublishedWorks:
    def test_the_short_form_drops_the_subtitle_and_keeps_the_pages(self, client, weathersby_paper):
        ref = citation(1)
        source = ref.source
        assert ": " in source.title
        work = note_data(client, 1).find("a", cls="ref-work")
        assert work.get("href") == source.get_absolute_url()
        main_title = source.title.split(": ")[0]
        assert work.find("i").text == main_title
        assert source.title.split(": ")[1] not in work.text
        assert words(work) == f"{source.authors[0]['family']}, {main_title}, {ref.pinpoint}."

    def test_titles_are_shown_as_stored_not_title_cased(self, client, weathersby_paper):
        source = citation(21).source
        assert source.title != source.title.title()  # a transliterated Russian title
        work = note_data(client, 21).find("a", cls="ref-work")
        assert source.title in work.text

    def test_an_untitled_paper_is_described_not_reduced_to_a_name(self, client, weathersby_paper):
        source = citation(1, 4).source
        assert not source.title
        work = note_data(client, 1).find_all("a", cls="ref-work")[-1]
        assert work.get("href") == source.get_absolute_url()
        assert source.event in work.text

    def test_a_document_in_a_published_work(self, client, weathersby_paper):
        ref = citation(2)
        data = note_data(client, 2)
        shown = words(data)
        assert shown.startswith(f"“{ref.archival_document.title}”, in ")
        assert data.find("a", cls="ref-work").get("href") == ref.source.get_absolute_url()

    def test_data_in_a_work_is_escaped_and_an_edit_shows_at_once(self, client, weathersby_paper):
        source = citation(12).source
        source.title = 'Communism <script>alert("x")</script> & Korea'
        source.save()
        for url in (PAPER_URL, f"{PAPER_URL}notes/12/"):
            assert b"<script>alert" not in client.get(url).content
        work = note_data(client, 12).find("a", cls="ref-work")
        assert source.title in work.text


@pytest.mark.django_db
class TestNotesThatCiteNothing:
    @pytest.mark.parametrize("number", [30, 31, 34])
    def test_explanatory_notes_are_labelled(self, client, weathersby_paper, number):
        data = note_data(client, number)
        assert words(data.find("span", cls="ref-label")) == "Explanatory note"
        assert data.find("a") is None

    def test_the_quoted_documents_note_is_labelled(self, client, weathersby_paper):
        data = note_data(client, 23)
        assert words(data.find("span", cls="ref-label")) == "Note of the quoted document"
        assert "not of the author’s argument" in words(data)

    def test_an_explanation_beside_references_is_not_labelled(self, client, weathersby_paper):
        """Notes 1 and 32 explain and cite: only their references are listed."""
        for number in (1, 32):
            assert Citation.objects.filter(
                footnote__document=weathersby_paper,
                footnote__number=number,
                kind=Citation.Kind.EXPLANATORY,
            ).exists()
            references = Citation.objects.filter(
                footnote__document=weathersby_paper, footnote__number=number
            ).exclude(kind=Citation.Kind.EXPLANATORY)
            data = note_data(client, number)
            assert len(data.find_all("li")) == references.count() >= 1
            assert "Explanatory note" not in words(data)


@pytest.mark.django_db
class TestNoteTextStaysExact:
    def test_the_data_stands_outside_the_notes_exact_text(
        self, client, note_pages, weathersby_paper
    ):
        page = reader(client)
        for note in Footnote.objects.filter(document=weathersby_paper):
            item = page.by_id(f"fn-{note.number}")
            assert item.find("span", cls="note-text").text == note.text.replace("*", "")
            data = read_note_data(note_pages, note.number)
            assert data is not None, note.number
            assert data.parent.find("blockquote", cls="note-text").text == item.find(
                "span", cls="note-text"
            ).text.replace("\n", " ")

    def test_the_data_carries_no_ids_the_popover_would_duplicate(
        self, note_pages, weathersby_paper
    ):
        for note in weathersby_paper.footnotes.all():
            data = read_note_data(note_pages, note.number)
            assert [e for e in data.iter() if e.get("id")] == []

    def test_a_note_with_no_curated_citations_has_no_data_list(self, client, weathersby_paper):
        Citation.objects.filter(footnote__document=weathersby_paper, footnote__number=5).delete()
        assert note_data(client, 5) is None
        assert note_data(client, 6) is not None


@pytest.mark.django_db
class TestCiteThis:
    def test_the_header_offers_chicago_mla_and_downloads(self, client, weathersby_paper):
        page = reader(client)
        box = page.find("header", cls="document-header").find("details", cls="cite-box")
        assert words(box.find("summary")) == "Cite this text"
        styles = formatting.cite_this(weathersby_paper, f"http://testserver{PAPER_URL}")
        for style in styles:
            quote = box.by_id(f"cite-{style['key']}")
            assert words(quote) == " ".join(style["text"].split())
            assert "Weathersby" in quote.text and weathersby_paper.title in quote.text
            button = box.find("button", **{"data-copy": f"cite-{style['key']}"})
            assert button.get("hidden") is not None  # shown by reader.js only
        links = {a.text.strip(): a.get("href") for a in box.find_all("a")}
        assert links["All the ways to cite this text"] == f"{PAPER_URL}cite/"
        expected_types = {
            "CSL-JSON": "application/vnd.citationstyles.csl+json",
            "BibTeX": "application/x-bibtex",
            "RIS": "application/x-research-info-systems",
        }
        for name, content_type in expected_types.items():
            response = client.get(links[name])
            assert response.status_code == 200, name
            assert response["Content-Type"].split(";")[0] == content_type, name
            assert weathersby_paper.title in response.content.decode(), name
        assert client.get(links["All the ways to cite this text"]).status_code == 200

    def test_the_interview_can_be_cited_too(self, client, interview):
        box = reader(client, INTERVIEW_URL).find("details", cls="cite-box")
        assert box is not None
        assert "Shen Zhihua" in box.by_id("cite-chicago").text


# -- fixed number of queries ------------------------------------------------------------------


def add_citations(document) -> int:
    """Structured citations for every note of `document`, of every kind the reader shows:
    archival (with a document, some found in a thesis), two published works (with pages),
    Ibid. of the note before, explanatory, the quoted document's note, a short form: about
    ten times the paper's 81 citations. Bulk-created."""
    archive, _ = Archive.objects.get_or_create(
        slug="test-archive",
        defaults={
            "abbreviation": "TA",
            "abbreviation_original": "ТА",
            "name": "Test Archive",
            "name_original": "Тестовый архив",
        },
    )
    files = ArchivalFile.objects.bulk_create(
        ArchivalFile(archive=archive, fond=f"9{n}", opis="1", delo=str(n)) for n in range(5)
    )
    items = ArchivalDocument.objects.bulk_create(
        ArchivalDocument(file=file, title=f"Report {n}", date="1946-03")
        for n, file in enumerate(files)
    )
    sources = Source.objects.bulk_create(
        Source(
            slug=f"test-work-{n}",
            title=f"A Test Work {n}: With a Subtitle",
            authors=[{"family": f"Author{n}", "given": "Test"}],
            publisher="Test Press",
            issued="1999",
        )
        for n in range(3)
    )
    notes = list(document.footnotes.order_by("number"))
    first_pass, repeats = [], []
    for index, note in enumerate(notes):
        shape = index % 6
        if shape in (0, 3):
            n = index % len(files)
            first_pass.append(
                Citation(
                    footnote=note,
                    kind=Citation.Kind.ARCHIVAL,
                    printed=note.text[:20],
                    archival_file=files[n],
                    archival_document=items[n],
                    pinpoint=f"{n + 1}–{n + 4}",
                    pinpoint_unit=Unit.LEAF,
                    cited_in=sources[0] if shape == 3 else None,
                )
            )
        elif shape == 1:  # two works in one note
            first_pass += [
                Citation(
                    footnote=note,
                    position=position,
                    kind=Citation.Kind.PUBLISHED,
                    printed=note.text[:20],
                    source=sources[(index + position) % len(sources)],
                    pinpoint=str(10 + index % 4),
                    pinpoint_unit=Unit.PAGE,
                )
                for position in (1, 2)
            ]
        elif shape == 4:
            first_pass.append(
                Citation(footnote=note, kind=Citation.Kind.EXPLANATORY, printed=note.text[:20])
            )
        elif shape == 5:
            first_pass.append(
                Citation(footnote=note, kind=Citation.Kind.QUOTED_NOTE, printed=note.text[:20])
            )
    Citation.objects.bulk_create(first_pass)
    by_note = {c.footnote_id: c for c in first_pass if c.position == 1}
    for index, note in enumerate(notes):
        if index % 6 == 2:  # Ibid. of the note before (a published work), and a short form
            earlier = by_note[notes[index - 1].pk]
            repeats.append(
                Citation(
                    footnote=note,
                    kind=Citation.Kind.IBID,
                    printed="Ibid.",
                    ibid_of=earlier,
                    remark="Translation by the author." if index % 12 == 2 else "",
                )
            )
            first = by_note[notes[index - 2].pk]
            repeats.append(
                Citation(
                    footnote=note,
                    position=2,
                    kind=Citation.Kind.ARCHIVAL,
                    printed="short",
                    archival_file=first.archival_file,
                    archival_document=first.archival_document,
                    short_form_of=first,
                )
            )
    Citation.objects.bulk_create(repeats)
    return len(first_pass) + len(repeats)


@pytest.mark.django_db
class TestQueryCount:
    def count(self, client, url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    def test_fixed_number_of_queries_with_citations_ten_times_the_paper(
        self, client, collection, django_assert_max_num_queries, settings
    ):
        settings.PAGE_CACHE = False  # the stored render itself, not the page cache
        make_links()
        large = make_large_document()
        added = add_citations(large)
        paper_citations = Citation.objects.filter(footnote__document__slug=PAPER).count()
        assert added >= 9 * paper_citations
        urls = (PAPER_URL, INTERVIEW_URL, large.get_absolute_url())
        for url in urls:
            with django_assert_max_num_queries(READER_MAX_QUERIES + 2):  # rendered, stored
                client.get(url)
        for url in urls:
            with django_assert_max_num_queries(STORED_READER_QUERIES):
                client.get(url)
        assert self.count(client, large.get_absolute_url()) == self.count(client, PAPER_URL)

    def test_the_large_document_shows_all_its_references(self, client, collection):
        large = make_large_document()
        add_citations(large)
        url = large.get_absolute_url()
        ibids = Citation.objects.filter(footnote__document=large, kind=Citation.Kind.IBID)
        assert ibids.count() > 50
        for ibid in ibids.select_related("footnote", "ibid_of__footnote").order_by("-pk")[:10]:
            same = note_data(client, ibid.footnote.number, url).find("a", cls="ref-same")
            assert same.get("href") == f"{url}#fn-{ibid.ibid_of.footnote.number}"
        two_works = large.footnotes.order_by("number")[1]  # add_citations: two works, with pages
        html = client.get(f"{url}notes/{two_works.number}/").content.decode()
        assert re.search(r"Author\d, <i>A Test Work \d</i>, 1\d\.", html)
