"""Render once, serve many: the public reader and the TEI are stored per change and served as
stored, and every change an editor can make shows on the very next request (page cache on)."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.test import Client

from citations.models import ArchivalDocument, ArchivalFile, Archive, Citation, Source
from documents.caching import stored
from documents.caching.stored import ORIGIN
from documents.curation.merge import merge_actors
from documents.models import (
    Actor,
    ActorAlias,
    CrossReference,
    Document,
    Event,
    Footnote,
    FootnoteRef,
    Mention,
    Paragraph,
    RenderedPart,
    Section,
)

from . import curated
from .admin_support import admin_url, change_form_data, restore_url
from .linking_samples import (
    INTERVIEW,
    PAPER,
    make_draft_links,
    make_large_document,
    make_links,
    note,
    paragraph,
    read_again,
)
from .page_html import parse

PAPER_URL = f"/documents/{PAPER}/"
INTERVIEW_URL = f"/documents/{INTERVIEW}/"
PAPER_TEI = f"/documents/{PAPER}.tei.xml"
PAPER_METADATA = f"/documents/{PAPER}/metadata.jsonld"  # the reader links to it


def read(url: str, client=None) -> str:
    """The page as an anonymous visitor gets it (a new client: no cookie, no session)."""
    response = (client or Client()).get(url)
    assert response.status_code == 200
    return response.content.decode()


def note_page_of(citation) -> str:
    """The page of the note holding `citation`: where the reader shows a note's references."""
    return f"/documents/{PAPER}/notes/{citation.footnote.number}/"


def article(page: str) -> str:
    return page[page.index("<article") : page.index("</article>")]


def parts(slug: str) -> dict[str, str]:
    """The stored parts of a document that are still served (rendered under its key)."""
    document = Document.objects.get(slug=slug)
    return dict(
        RenderedPart.objects.filter(document=document, key=document.render_key).values_list(
            "name", "content"
        )
    )


@pytest.fixture
def links(collection):
    return make_links()


READ_FIRST = (PAPER_URL, INTERVIEW_URL, PAPER_TEI)


@curated.committed_fixture
def rendered_once():
    """`rendered`'s links and stored renders, made once and committed for the tests that ask
    (see curated.committed_fixture): making them in each test cost 0.4–0.6 s, a fifth of this
    file's time. The commit records a collection version, as an editor's save does; no test
    here reads the version."""
    made = make_links()
    for url in READ_FIRST:
        read(url)
    return made


@pytest.fixture
def rendered(rendered_once):
    """The links made and both texts and the paper's TEI read once by the public: rendered
    and stored (committed once: `rendered_once`) and in the page cache (emptied before each
    test: read again, from the stored parts); the rows read again (a test may have changed
    the objects it was given)."""
    for url in READ_FIRST:
        read(url)
    assert set(parts(PAPER)) == {"reader_head", "reader_body", "tei"}
    return read_again(rendered_once)


@pytest.mark.django_db
class TestStored:
    def test_the_first_public_request_stores_the_render_and_the_next_serve_it(
        self, links, settings
    ):
        settings.PAGE_CACHE = False
        assert parts(PAPER) == {}
        first = read(PAPER_URL)
        assert set(parts(PAPER)) == {"reader_head", "reader_body"}
        assert read(PAPER_URL) == first

    def test_the_stored_reader_and_tei_in_two_queries_whatever_the_size(
        self, links, settings, django_assert_num_queries
    ):
        settings.PAGE_CACHE = False
        large = make_large_document()
        # the reader and the TEI: the document with its stored parts, in one query
        urls = {
            PAPER_URL: 1,
            PAPER_TEI: 1,
            large.get_absolute_url(): 1,
            f"/documents/{large.slug}.tei.xml": 1,
        }
        for url in urls:
            read(url)  # rendered and stored
        for url, queries in urls.items():
            with django_assert_num_queries(queries):
                read(url)

    def test_on_postgresql_stored_renders_are_kept_with_lz4_and_read_back_whole(self, rendered):
        """lz4 reads the paper's 185 KiB TEI in about 60% of pglz's time (migration documents
        0017); what is read back is what was stored."""
        from django.db import connection

        if connection.vendor != "postgresql":
            pytest.skip("the compression of stored values is PostgreSQL's")
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT name, pg_column_compression(content), length(content) "
                "FROM documents_renderedpart WHERE document_id = %s AND name = 'tei'",
                [Document.objects.get(slug=PAPER).pk],
            )
            [(name, method, length)] = cursor.fetchall()
        assert method == "lz4"
        assert length == len(parts(PAPER)["tei"]) > 100_000
        tei = read(PAPER_TEI)
        assert tei.startswith("<?xml") and tei.rstrip().endswith("</TEI>")

    def test_the_document_read_with_its_stored_parts_is_the_one_the_orm_reads(
        self, rendered, rf, settings
    ):
        """The stored pages' one query reads the document's columns beside its parts, the
        parts as bytes (on PostgreSQL the cursor reads text as bytes): the document's own text
        (accents, Cyrillic, an editor's note), keywords, dates and key come back as the ORM
        gives them, and the parts byte for byte as the ORM reads them."""
        settings.ALLOWED_HOSTS = ["reader.example"]
        Document.objects.filter(slug=PAPER).update(
            abstract="Советская роль — “early” postwar Korea, Balázs",
            editorial_note="Checked against the Wilson Center’s copy.",
            keywords=["Штыков", "occupation"],
        )
        request = rf.get(PAPER_URL, HTTP_HOST="reader.example")
        names = ["reader_head", "reader_body", "tei"]
        stored.render_parts(Document.objects.get(slug=PAPER), names)
        document, served = stored.fresh_parts(names, request, slug=PAPER, status="published")
        expected = Document.objects.defer("source_text").get(slug=PAPER)
        assert document is not None
        for field in Document._meta.concrete_fields:
            if field.name != "source_text":
                assert getattr(document, field.attname) == getattr(expected, field.attname)
        assert document.abstract.startswith("Советская роль")
        assert document.keywords == ["Штыков", "occupation"]
        through_orm = stored.served_parts(expected, names, request)
        assert served.parts == through_orm.parts and served.digest == through_orm.digest
        assert b"http://reader.example/documents/" in served["tei"]

    def test_render_documents_stores_every_published_document_not_stored_fresh(self, links):
        out = io.StringIO()
        call_command("render_documents", stdout=out)
        assert out.getvalue().strip() == "rendered 2 document(s)"
        assert set(parts(PAPER)) == set(parts(INTERVIEW)) == {"reader_head", "reader_body", "tei"}
        call_command("render_documents", stdout=out)
        assert out.getvalue().strip().endswith("rendered 0 document(s)")

    def test_a_new_build_renders_again(self, rendered, monkeypatch):
        """After a deployment of other code or templates, nothing the old one rendered is
        served: neither a stored part nor a cached page."""
        monkeypatch.setattr(stored, "build", lambda: "another-build-00")
        assert parts(PAPER)  # still stored, under the old build
        read(PAPER_URL)
        assert (
            RenderedPart.objects.get(document__slug=PAPER, name="reader_body").build
            == "another-build-00"
        )

    def test_the_stored_page_is_the_page_rendered_live(self, links, editor_client):
        staff = editor_client.get(PAPER_URL).content.decode()
        assert article(read(PAPER_URL)) == article(staff)

    def test_addresses_are_those_of_the_host_asked(self, links, settings):
        settings.ALLOWED_HOSTS = ["testserver", "archive.example.org"]
        here = Client().get(PAPER_URL, HTTP_HOST="archive.example.org").content.decode()
        assert "http://archive.example.org/documents/weathersby-soviet-role/" in here
        tei = Client().get(PAPER_TEI, HTTP_HOST="archive.example.org").content.decode()
        assert "http://archive.example.org/documents/weathersby-soviet-role/" in tei
        elsewhere = read(PAPER_URL)
        assert "http://testserver/documents/weathersby-soviet-role/" in elsewhere
        assert "archive.example.org" not in elsewhere
        assert ORIGIN not in here + tei + elsewhere
        assert ORIGIN in parts(PAPER)["reader_head"]  # stored once for every host

    @pytest.mark.parametrize("url", [PAPER_URL, PAPER_TEI])
    def test_the_etag_of_a_stored_page_changes_with_its_bytes_and_only_then(
        self, links, settings, url
    ):
        """The stored reader and TEI take their ETag from the stored rows they are made of
        (not a hash of the whole body): the same bytes keep it, whether the request rendered
        them or read them stored; other bytes (another host's addresses) have another."""
        settings.PAGE_CACHE = False
        settings.ALLOWED_HOSTS = ["testserver", "archive.example.org"]
        rendering, stored_now, again = Client().get(url), Client().get(url), Client().get(url)
        assert rendering.content == stored_now.content == again.content
        assert rendering["ETag"] == stored_now["ETag"] == again["ETag"]
        revalidated = Client().get(url, HTTP_IF_NONE_MATCH=again["ETag"])
        assert (revalidated.status_code, revalidated.content) == (304, b"")
        elsewhere = Client().get(url, HTTP_HOST="archive.example.org")
        assert elsewhere.content != again.content
        assert elsewhere["ETag"] != again["ETag"]
        assert Client().get(url, HTTP_IF_NONE_MATCH=elsewhere["ETag"]).status_code == 200
        RenderedPart.objects.all().delete()  # rendered again: the same bytes, a newer row
        rendered_again = Client().get(url, HTTP_IF_NONE_MATCH=again["ETag"])
        assert rendered_again.status_code == 200 and rendered_again.content == again.content

    def test_the_shell_around_the_stored_parts_follows_its_document(self, rendered, settings):
        """The public reader's shell (its <title>, description, header and footer) is kept
        per document key and collection version: a new title or abstract is in the next
        page."""
        settings.PAGE_CACHE = False
        assert "<title>US Hegemony in Korean Studies" in read(PAPER_URL)
        paper = Document.objects.get(slug=PAPER)
        paper.title = "A title for the test"
        paper.abstract = "An abstract for the test."
        paper.save()
        page = read(PAPER_URL)
        assert "<title>A title for the test · Korea archive reader</title>" in page
        assert '<meta name="description" content="An abstract for the test.">' in page

    def test_a_note_pages_shell_and_body_follow_their_document(self, rendered, settings):
        """A note page's shell (title, description, footer) is kept per collection version
        like the reader's, its body stored with the document's parts: a new title of the
        text and a new wording of the note are both on the next page."""
        settings.PAGE_CACHE = False
        url = f"{PAPER_URL}notes/14/"
        before = Client().get(url)
        assert "<title>Note 14 · US Hegemony in Korean Studies" in before.content.decode()
        assert Client().get(url, HTTP_IF_NONE_MATCH=before["ETag"]).status_code == 304
        paper = Document.objects.get(slug=PAPER)
        note = Footnote.objects.get(document=paper, number=14)
        note.text += " An editor's addition for the test."
        note.save()
        # a browser holding the page as it was gets the new one, not a 304
        again = Client().get(url, HTTP_IF_NONE_MATCH=before["ETag"])
        assert again.status_code == 200 and "An editor&#x27;s addition" in again.content.decode()
        paper.title = "A title for the test"
        paper.save()
        page = read(url)
        assert "<title>Note 14 · A title for the test · Korea archive reader</title>" in page
        assert "An editor&#x27;s addition for the test." in page

    def test_drafts_are_never_stored(self, links, editor_client):
        draft = make_draft_links(links).document
        assert editor_client.get(draft.get_absolute_url()).status_code == 200
        assert editor_client.get(f"/documents/{draft.slug}.tei.xml").status_code == 200
        assert not RenderedPart.objects.filter(document=draft).exists()

    def test_staff_previews_show_links_into_drafts_the_stored_page_does_not(
        self, rendered, editor_client
    ):
        make_draft_links(rendered)
        assert "/documents/draft-memo/" not in read(PAPER_URL)
        assert "/documents/draft-memo/" in editor_client.get(PAPER_URL).content.decode()
        assert "/documents/draft-memo/" not in parts(PAPER)["reader_body"]

    def test_a_save_renders_again_once_committed(
        self, rendered, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            changed = note(PAPER, 3)
            changed.text = "A note rewritten before anyone read it again."
            changed.save()
        assert "A note rewritten before anyone read it again." in parts(PAPER)["reader_body"]
        assert "A note rewritten before anyone read it again." in parts(PAPER)["tei"]

    def test_only_the_documents_a_change_touches_are_rendered_again(self, rendered):
        keys = {slug: Document.objects.get(slug=slug).render_key for slug in (PAPER, INTERVIEW)}
        changed = note(PAPER, 3)
        changed.text += " (corrected)"
        changed.save()
        assert Document.objects.get(slug=PAPER).render_key != keys[PAPER]
        assert Document.objects.get(slug=INTERVIEW).render_key == keys[INTERVIEW]
        # The paper's paragraph 31 is cross-referenced from the interview's margin: both.
        keys = {slug: Document.objects.get(slug=slug).render_key for slug in (PAPER, INTERVIEW)}
        rendered.paper_31.save()
        assert all(Document.objects.get(slug=slug).render_key != keys[slug] for slug in keys)


@pytest.mark.django_db
class TestEveryChangeShowsAtOnce:
    """Each test reads the pages (stored and page-cached), changes one thing the way an editor
    does, and reads again: the change is there."""

    def test_a_paragraph(self, rendered):
        changed = paragraph(PAPER, 3)
        changed.text = changed.text.replace("Korea", "Koryo", 1)
        changed.save()
        assert changed.text in read(PAPER_URL) and changed.text in read(PAPER_TEI)

    def test_a_paragraph_through_the_admin(self, rendered, editor_client):
        changed = paragraph(PAPER, 5)
        data = change_form_data(editor_client.get(admin_url(changed)))
        data["text"] = "An editor rewrote this paragraph in the admin."
        assert editor_client.post(admin_url(changed), data).status_code == 302
        assert "An editor rewrote this paragraph in the admin." in read(PAPER_URL)

    def test_a_section_title(self, rendered):
        section = Section.objects.filter(document__slug=PAPER).order_by("position").last()
        section.title = "A section renamed for the test"
        section.save()
        assert "A section renamed for the test" in read(PAPER_URL)

    def test_a_note(self, rendered):
        changed = note(PAPER, 7)
        changed.text = "Note seven, corrected by an editor."
        changed.save()
        assert "Note seven, corrected by an editor." in read(PAPER_URL)
        assert "Note seven, corrected by an editor." in read(PAPER_TEI)

    def test_a_note_marker_moved(self, rendered):
        ref = FootnoteRef.objects.get(footnote=note(PAPER, 1), ordinal=1)
        assert parse(read(PAPER_URL)).by_id("p-50").find(id="fnref-1") is None
        ref.paragraph = paragraph(PAPER, 50)
        ref.offset = 0
        ref.save()
        assert parse(read(PAPER_URL)).by_id("p-50").find(id="fnref-1") is not None

    def test_a_mention_added_and_deleted(self, rendered):
        text = paragraph(PAPER, 2).text
        word = next(w for w in text.split() if w.isalpha() and len(w) > 5)
        start = text.index(word)
        added = Mention.objects.create(
            paragraph=paragraph(PAPER, 2),
            start=start,
            end=start + len(word),
            surface=word,
            actor=rendered.ussr,
        )
        href = rendered.ussr.get_absolute_url()  # a mention is a link to its actor's page
        assert parse(read(PAPER_URL)).by_id("p-2").find("a", href=href) is not None
        assert "#actor-test-soviet-union" in read(PAPER_TEI)
        added.delete()
        assert parse(read(PAPER_URL)).by_id("p-2").find("a", href=href) is None

    def test_a_mention_moved_to_the_other_text(self, rendered):
        moved = rendered.mentions.kim_paper
        read(INTERVIEW_URL)
        target = paragraph(INTERVIEW, 3)
        moved.paragraph, moved.start, moved.end = target, 0, 4
        moved.save()
        href = moved.actor.get_absolute_url()
        assert parse(read(PAPER_URL)).by_id("p-31").find("a", href=href) is None
        assert parse(read(INTERVIEW_URL)).by_id("p-3").find("a", href=href) is not None

    def test_an_actor_renamed(self, rendered):
        rendered.kim.name = "Kim Song-ju"
        rendered.kim.slug = "kim-song-ju"
        rendered.kim.save()
        page = read(PAPER_URL)  # the mentions link to the new address
        assert "/actors/kim-song-ju/" in page and "/actors/test-kim-il-sung/" not in page
        assert "Kim Song-ju" in read(PAPER_METADATA)  # the name, in what the page links to
        assert "Kim Song-ju" in read(PAPER_TEI)

    def test_an_actor_alias(self, rendered):
        ActorAlias.objects.create(actor=rendered.kim, name="Kim Song-ju", note="birth name")
        assert "Kim Song-ju" in read(PAPER_METADATA)  # alternateName in the linked metadata
        assert "Kim Song-ju" in read(PAPER_TEI)

    def test_actors_merged(self, rendered):
        kept = Actor.objects.create(slug="kim-kept", name="Kim Il Sung (kept)")
        merge_actors(kept, [rendered.kim])
        page = read(PAPER_URL)
        assert "/actors/kim-kept/" in page and "/actors/test-kim-il-sung/" not in page
        assert "/actors/kim-kept/" in read(INTERVIEW_URL)

    def test_an_event(self, rendered):
        rendered.moscow.title = "Moscow meeting of the Big Three foreign ministers"
        rendered.moscow.date = datetime.date(1945, 12, 15)
        rendered.moscow.save()
        assert "Moscow meeting of the Big Three foreign ministers" in read(PAPER_METADATA)
        assert "Moscow meeting of the Big Three foreign ministers" in read(PAPER_TEI)

    def test_an_events_actors(self, rendered):
        rendered.moscow.actors.add(rendered.kim)
        assert "Kim Il Sung" in read(f"/events/{rendered.moscow.slug}/")

    def test_a_cross_reference_edited_and_deleted(self, rendered):
        rendered.xref.reason = "A reason rewritten for the test."
        rendered.xref.save()
        assert "A reason rewritten for the test." in read(PAPER_URL)
        assert "A reason rewritten for the test." in read(INTERVIEW_URL)
        CrossReference.objects.get(pk=rendered.xref.pk).delete()
        assert "A reason rewritten for the test." not in read(PAPER_URL)
        assert "A reason rewritten for the test." not in read(INTERVIEW_URL)

    def test_the_other_texts_title_in_a_margin_note(self, rendered):
        interview = Document.objects.get(slug=INTERVIEW)
        interview.interviewee = "Shen Zhihua (corrected)"
        interview.save()
        assert "Shen Zhihua (corrected) interview" in read(PAPER_URL)

    def test_a_citation(self, rendered):
        citation = Citation.objects.filter(
            footnote__document__slug=PAPER, kind=Citation.Kind.ARCHIVAL
        ).first()
        note_page = note_page_of(citation)  # the reader links there for a note's references
        assert "901–902" not in read(note_page)
        citation.pinpoint = "901–902"
        citation.save()
        assert "901–902" in read(note_page) and "901–902" in read(PAPER_TEI)

    def test_a_citation_deleted_that_an_ibid_repeats(self, rendered):
        ibid = Citation.objects.filter(
            footnote__document__slug=PAPER, kind=Citation.Kind.IBID, ibid_of__isnull=False
        ).first()
        note_page = note_page_of(ibid)
        item = parse(read(note_page)).find("ul", cls="note-data").find("li", cls="ref-ibid")
        assert "means" in item.text
        Citation.objects.get(pk=ibid.ibid_of_id).delete()
        item = parse(read(note_page)).find("ul", cls="note-data").find("li", cls="ref-ibid")
        assert "not yet resolved" in item.text

    def test_a_source(self, rendered):
        source = Source.objects.filter(
            citations__footnote__document__slug=PAPER, citations__kind=Citation.Kind.PUBLISHED
        ).first()
        note_page = note_page_of(source.citations.filter(footnote__document__slug=PAPER).first())
        read(note_page)
        source.title = "A Work Retitled for the Test"
        source.save()
        assert "A Work Retitled for the Test" in read(note_page)
        assert "A Work Retitled for the Test" in read(PAPER_TEI)

    def test_an_archive(self, rendered):
        archive = Archive.objects.filter(files__citations__footnote__document__slug=PAPER).first()
        cited = Citation.objects.filter(
            footnote__document__slug=PAPER, archival_file__archive=archive
        )
        note_page = note_page_of(cited.first())
        read(note_page)
        archive.name = "An Archive Renamed for the Test"
        archive.save()
        assert "An Archive Renamed for the Test" in read(note_page)
        assert "An Archive Renamed for the Test" in read(PAPER_TEI)

    def test_an_archival_file(self, rendered):
        file = ArchivalFile.objects.filter(citations__footnote__document__slug=PAPER).first()
        note_page = note_page_of(file.citations.filter(footnote__document__slug=PAPER).first())
        read(note_page)
        file.delo = "9999"
        file.save()
        assert file.spelled_address() in read(note_page)

    def test_an_archival_document(self, rendered):
        record = ArchivalDocument.objects.filter(
            citations__footnote__document__slug=PAPER, citations__kind=Citation.Kind.ARCHIVAL
        ).first()
        note_page = note_page_of(record.citations.filter(footnote__document__slug=PAPER).first())
        read(note_page)
        record.title = "A telegram retitled for the test"
        record.save()
        assert "A telegram retitled for the test" in read(note_page)
        assert "A telegram retitled for the test" in read(PAPER_TEI)

    def test_a_revert_to_an_earlier_version_in_the_admin(self, rendered, editor_client):
        changed = paragraph(PAPER, 4)
        original = changed.text
        changed.text = "A wrong version of paragraph four."
        changed.save()
        assert "A wrong version of paragraph four." in read(PAPER_URL)
        first = changed.history.order_by("history_date").first()
        url = f"/admin/documents/paragraph/{changed.pk}/history/{first.history_id}/"
        assert editor_client.post(url, change_form_data(editor_client.get(url))).status_code == 302
        page = read(PAPER_URL)
        assert "A wrong version of paragraph four." not in page
        shown = parse(page).by_id("p-4").find("p", cls="text").text_except(cls="note-ref")
        assert shown == original.replace("*", "")

    def test_a_deleted_document_restored(self, rendered, editor_client):
        before = article(read(PAPER_URL))
        paper = Document.objects.get(slug=PAPER)
        assert editor_client.post(admin_url(paper, "delete"), {"post": "yes"}).status_code == 302
        assert Client().get(PAPER_URL).status_code == 404
        assert f"{PAPER_URL}#p-31" not in read(INTERVIEW_URL)
        record = Document.history.get(id=paper.pk, history_type="-")
        editor_client.post(restore_url(record.history_id))
        assert article(read(PAPER_URL)) == before
        assert f"{PAPER_URL}#p-31" in read(INTERVIEW_URL)

    def test_unpublish_and_publish(self, rendered, editor_client):
        assert f"{PAPER_URL}#p-31" in read(INTERVIEW_URL)
        listing = "/admin/documents/document/"
        paper = Document.objects.get(slug=PAPER)
        editor_client.post(listing, {"action": "unpublish", "_selected_action": [paper.pk]})
        assert Client().get(PAPER_URL).status_code == 404
        assert Client().get(PAPER_TEI).status_code == 404
        assert not RenderedPart.objects.filter(document=paper).exists()
        assert f"{PAPER_URL}#p-31" not in read(INTERVIEW_URL)
        editor_client.post(listing, {"action": "publish", "_selected_action": [paper.pk]})
        assert "Kim Il Sung" in read(PAPER_URL)
        assert f"{PAPER_URL}#p-31" in read(INTERVIEW_URL)

    def test_the_document_list(self, rendered):
        def notes_column():
            row = parse(read("/documents/")).find("a", href=PAPER_URL).parent.parent
            return row.find_all("td")[-1].text

        assert notes_column() == "58"
        last = Footnote.objects.filter(document__slug=PAPER).order_by("number").last()
        FootnoteRef.objects.filter(footnote=last).delete()
        last.delete()
        assert notes_column() == "57"

    def test_a_footnote_deleted(self, rendered):
        last = Footnote.objects.filter(document__slug=PAPER).order_by("number").last()
        FootnoteRef.objects.filter(footnote=last).delete()
        last.delete()
        assert parse(read(PAPER_URL)).by_id(f"fn-{last.number}") is None

    def test_an_actor_deleted_in_the_admin(self, rendered, editor_client):
        """The admin deletes an actor with its mentions in one go, having looked up which
        documents show each of them before (curation/batching.py `deleting`)."""
        address = f"/actors/{rendered.stalin.slug}/"
        assert address in read(PAPER_URL) and address in read(INTERVIEW_URL)
        assert rendered.stalin.slug in read(PAPER_TEI)
        actor = Actor.objects.get(pk=rendered.stalin.pk)
        response = editor_client.post(admin_url(actor, "delete"), {"post": "yes"})
        assert response.status_code == 302
        assert address not in read(PAPER_URL)
        assert address not in read(INTERVIEW_URL)
        assert rendered.stalin.slug not in read(PAPER_TEI)

    def test_events_deleted_together_in_the_admin(self, rendered, editor_client):
        address = f"/events/{rendered.moscow.slug}/"
        assert address in read(PAPER_URL)
        response = editor_client.post(
            "/admin/documents/event/",
            {"action": "delete_selected", "_selected_action": [rendered.moscow.pk], "post": "yes"},
        )
        assert response.status_code == 302
        assert not Event.objects.filter(pk=rendered.moscow.pk).exists()
        assert address not in read(PAPER_URL)

    def test_which_documents_show_many_rows_is_which_show_each(self, rendered, monkeypatch):
        """Looked up for many rows at once (a deletion's cascade), a few rows per query, the
        documents are those found for each row alone: the last row, alone in the last query,
        is the only one in the interview."""
        from documents.caching import invalidation
        from documents.curation import batching

        monkeypatch.setattr(batching, "ROWS_PER_QUERY", 2)
        interview = Document.objects.get(slug=INTERVIEW).pk
        # (the interview has no notes: its mentions and paragraphs)
        for model, document in ((Mention, "paragraph__document"), (Paragraph, "document")):
            rows = model.objects.order_by("pk").values_list("pk", flat=True)
            pks = list(rows.filter(**{f"{document}__slug": PAPER})[:8])
            pks.append(rows.filter(**{f"{document}__slug": INTERVIEW}).first())
            each = {}
            for pk in pks:
                each.update(invalidation.affected_status(model, [pk]))
            assert None not in pks and interview in each
            assert invalidation.affected_status(model, pks) == each

    def test_an_event_deleted(self, rendered):
        Event.objects.get(pk=rendered.moscow.pk).delete()
        assert f"/events/{rendered.moscow.slug}/" not in read(PAPER_URL)


@pytest.mark.django_db(transaction=True)
class TestDeletedWithNoTransactionAround:
    """Deletions that no transaction wraps: the admin's "Delete selected" (Django runs a list's
    actions in autocommit) and Document.delete() in a shell. What a deletion makes stale is
    looked up before it runs (batching.deleting): the documents showing its rows must be
    rendered again after the rows are gone, not before."""

    def test_delete_selected_leaves_no_link_to_the_text(self, collection, editor_client):
        assert f"{PAPER_URL}#p-" in read(INTERVIEW_URL)  # rendered and stored with its links
        paper = Document.objects.get(slug=PAPER)
        listing = "/admin/documents/document/"
        data = {"action": "delete_selected", "_selected_action": [paper.pk], "post": "yes"}
        assert editor_client.post(listing, data).status_code == 302
        assert Client().get(PAPER_URL).status_code == 404
        assert PAPER_URL not in read(INTERVIEW_URL)

    def test_a_text_deleted_in_a_shell_leaves_no_link_to_it(self, collection):
        assert f"{PAPER_URL}#p-" in read(INTERVIEW_URL)
        Document.objects.get(slug=PAPER).delete()
        assert PAPER_URL not in read(INTERVIEW_URL)
