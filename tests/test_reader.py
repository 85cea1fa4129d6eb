"""The reader page: contents, numbered paragraphs, notes and back, speakers, mentions and
cross-references, drafts kept out, and a fixed number of queries whatever the text's size."""

from urllib.parse import urljoin

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from documents.models import Document, Footnote, FootnoteRef, Paragraph
from documents.reader.rendering import (
    link_span,
    note_marker,
    render_context,
    render_passage,
    sentence_bounds,
)

from .linking_samples import (
    INTERVIEW,
    PAPER,
    make_draft_links,
    make_large_document,
    make_links,
)
from .page_html import parse

PAPER_URL = f"/documents/{PAPER}/"
INTERVIEW_URL = f"/documents/{INTERVIEW}/"
# Every query the reader makes: the document, sections, paragraphs, note anchors, mentions and
# cross-references both ways per paragraph, notes, their anchors and mentions (+ leeway for
# the session/user lookups of a logged-in editor).
READER_MAX_QUERIES = 14
# A published document read by the public: the document with its stored render, in one
# query (the first request after a change renders it: READER_MAX_QUERIES + 2 to look for it,
# read the document and store it).
STORED_READER_QUERIES = 1


def reader(client, url=PAPER_URL):
    response = client.get(url)
    assert response.status_code == 200
    return parse(response.content)


@pytest.fixture
def links(collection):
    return make_links()


@pytest.mark.django_db
class TestContentsAndParagraphs:
    def test_contents_lists_every_section_and_the_notes(self, client, weathersby_paper):
        page = reader(client)
        toc = page.find("nav", cls="toc")
        targets = [a.get("href") for a in toc.find_all("a")]
        sections = list(weathersby_paper.sections.order_by("position"))
        assert targets == [f"#{s.anchor}" for s in sections] + ["#notes"]
        for section in sections:
            heading = page.by_id(section.anchor).find("h2")
            assert heading.text == section.title
            assert section.title in toc.text

    def test_every_paragraph_has_its_number_as_id_and_a_visible_permalink(
        self, client, weathersby_paper
    ):
        page = reader(client)
        for row in weathersby_paper.paragraphs.all():
            block = page.by_id(f"p-{row.position}")
            assert block is not None, row.position
            permalink = block.find("a", cls="permalink")
            assert permalink.get("href") == f"#p-{row.position}"
            assert permalink.text_except(cls="visually-hidden") == f"¶{row.position}"

    def test_the_wording_is_exactly_the_stored_text(self, client, weathersby_paper):
        """Markup is added around the words, never into them: what a reader sees of a
        paragraph is its stored text, less the asterisks of *emphasis*."""
        page = reader(client)
        for row in weathersby_paper.paragraphs.all():
            body = page.by_id(f"p-{row.position}").find("p", cls="text")
            assert body.text_except(tag="sup") == row.text.replace("*", "")

    def test_emphasis_is_shown_in_italics(self, client, weathersby_paper):
        row = weathersby_paper.paragraphs.get(text__contains="*sine qua non*")
        block = reader(client).by_id(f"p-{row.position}")
        assert "sine qua non" in [em.text for em in block.find_all("em")]
        assert "*" not in block.text

    def test_abstract_keywords_and_counts_in_the_header(self, client, weathersby_paper):
        header = reader(client).find("header", cls="document-header")
        assert weathersby_paper.abstract[:60] in header.text
        assert "Juche" in header.find("p", cls="keywords").text
        counts = header.find("p", cls="counts").text
        assert f"{weathersby_paper.paragraphs.count()} paragraphs" in counts
        assert f"{weathersby_paper.footnotes.count()} notes" in counts

    def test_citation_metadata_for_reference_managers(self, client, weathersby_paper):
        page = reader(client)
        metas = {m.get("name"): m.get("content") for m in page.find_all("meta")}
        assert metas["citation_title"] == weathersby_paper.title
        assert metas["citation_author"] == "Weathersby, Kathryn"


def mention_links(element) -> list:
    """The mentions linked in a passage: links to an actor's or an event's page (the reader
    marks them by their address, not by a class)."""
    return [
        a for a in element.find_all("a") if a.get("href", "").startswith(("/actors/", "/events/"))
    ]


@pytest.mark.django_db
class TestNotes:
    def test_every_marker_links_to_its_note_and_the_note_links_back(self, client, weathersby_paper):
        page = reader(client)
        refs = FootnoteRef.objects.filter(paragraph__document=weathersby_paper)
        assert refs.count() == 58
        for ref in refs.select_related("footnote", "paragraph"):
            number = ref.footnote.number
            marker = page.by_id(f"fnref-{number}")
            assert marker.get("href") == f"#fn-{number}"
            # the number, then the letter saying what the note rests on (test_evidence_types)
            assert marker.text[:-1] == str(number) and marker.text[-1] in "ACDLQN"
            assert marker.get("aria-label").startswith(f"Note {marker.text}, ")
            # the marker stands in its own paragraph
            assert marker in page.by_id(f"p-{ref.paragraph.position}").iter()
            item = page.by_id(f"fn-{number}")
            assert item.tag == "li"
            assert [a.get("href") for a in item.find_all("a", cls="backref")] == [
                f"#fnref-{number}"
            ]

    def test_marker_stands_where_it_was_printed(self, client, weathersby_paper):
        page = reader(client)
        for ref in FootnoteRef.objects.filter(paragraph__document=weathersby_paper).select_related(
            "paragraph", "footnote"
        ):
            body = page.by_id(f"p-{ref.paragraph.position}").find("p", cls="text")
            marker = page.by_id(f"fnref-{ref.footnote.number}")
            expected = ref.paragraph.text[: ref.offset].replace("*", "")
            assert text_before(body, marker.parent) == expected

    def test_a_second_anchor_gets_its_own_id_and_back_link(self, client, weathersby_paper):
        note = weathersby_paper.footnotes.get(number=12)
        other = weathersby_paper.paragraphs.get(position=40)
        FootnoteRef.objects.create(footnote=note, paragraph=other, offset=10, ordinal=2)
        page = reader(client)
        second = page.by_id("fnref-12-2")
        assert second.get("href") == "#fn-12"
        assert second in page.by_id("p-40").iter()
        backs = [a.get("href") for a in page.by_id("fn-12").find_all("a", cls="backref")]
        assert backs == ["#fnref-12", "#fnref-12-2"]

    def test_note_text_is_complete_with_a_link_to_its_page(self, client, weathersby_paper):
        page = reader(client)
        for note in Footnote.objects.filter(document=weathersby_paper):
            item = page.by_id(f"fn-{note.number}")
            assert item.find("span", cls="note-text").text == note.text.replace("*", "")
            page_link = item.find("a", cls="note-page")
            # relative to the reader: /documents/<slug>/notes/<n>/
            assert urljoin(PAPER_URL, page_link.get("href")) == f"{PAPER_URL}notes/{note.number}/"

    def test_the_popover_script_is_loaded_from_this_site(self, client, weathersby_paper):
        scripts = [s.get("src") for s in reader(client).find_all("script") if s.get("src")]
        assert len(scripts) == 1 and scripts[0].startswith("/static/js/reader.")


@pytest.mark.django_db
class TestInterview:
    def test_every_paragraph_says_who_speaks(self, client, interview):
        page = reader(client, INTERVIEW_URL)
        rows = list(interview.paragraphs.all())
        asked = {row.position for row in rows if row.speaker == Paragraph.Speaker.INTERVIEWER}
        assert asked and len(asked) < len(rows)
        for row in rows:
            block = page.by_id(f"p-{row.position}")
            speaker = block.find("p", cls="speaker").text
            if row.position in asked:
                assert speaker == "Interviewer"
                assert "speaker-interviewer" in block.classes
            else:
                assert speaker == "Shen Zhihua"
                assert "speaker-historian" in block.classes

    def test_the_contents_are_the_questions(self, client, interview):
        toc = reader(client, INTERVIEW_URL).find("nav", cls="toc")
        questions = interview.paragraphs.filter(speaker=Paragraph.Speaker.INTERVIEWER)
        assert [a.get("href") for a in toc.find_all("a")] == [f"#{q.anchor}" for q in questions]

    def test_no_notes_section_when_there_are_no_notes(self, client, interview):
        page = reader(client, INTERVIEW_URL)
        assert page.by_id("notes") is None


@pytest.mark.django_db
class TestMentionsAndCrossReferences:
    def test_mentions_link_to_the_actor_and_event_pages(self, client, links):
        interview_1 = reader(client, INTERVIEW_URL).by_id("p-1").find("div", cls="para-body")
        linked = {a.text: a.get("href") for a in mention_links(interview_1)}
        assert linked == {
            "Kim Il-sung": links.kim.get_absolute_url(),
            "Stalin": links.stalin.get_absolute_url(),
            "Soviet Union": links.ussr.get_absolute_url(),
        }
        paper_14 = reader(client).by_id("p-14").find("div", cls="para-body")
        [event_link] = [a for a in mention_links(paper_14) if a.get("href").startswith("/events/")]
        assert event_link.text == "Moscow Conference"
        assert event_link.get("href") == links.moscow.get_absolute_url()

    def test_only_the_first_mention_in_a_paragraph_is_a_link(self, client, links):
        paper_6 = reader(client).by_id("p-6")
        to_stalin = [
            a for a in paper_6.find_all("a") if a.get("href") == links.stalin.get_absolute_url()
        ]
        assert [a.text for a in to_stalin] == ["Joseph Stalin"]

    def test_mentions_in_notes_are_linked_too(self, client, links):
        note_46 = reader(client).by_id("fn-46")
        link = mention_links(note_46)[0]
        assert (link.text, link.get("href")) == ("Filippov", links.stalin.get_absolute_url())

    def test_cross_reference_is_shown_beside_both_paragraphs(self, client, links):
        margin = reader(client).by_id("p-31").find("div", cls="margin-notes")
        assert (
            margin.text.split()
            == (
                "Supports Compare: Shen Zhihua interview ¶1 — "
                "Both see Soviet control behind Kim's authority."
            ).split()
        )
        assert margin.find("a").get("href") == f"{INTERVIEW_URL}#p-1"

        margin = reader(client, INTERVIEW_URL).by_id("p-1").find("div", cls="margin-notes")
        assert (
            margin.text.split()
            == (
                "Supported by Compare: Weathersby ¶31 — "
                "Both see Soviet control behind Kim's authority."
            ).split()
        )
        assert margin.find("a").get("href") == f"{PAPER_URL}#p-31"

    def test_paragraphs_without_cross_references_have_no_margin(self, client, links):
        assert reader(client).by_id("p-2").find("div", cls="margin-notes") is None


@pytest.mark.django_db
class TestDrafts:
    def test_nothing_from_a_draft_reaches_the_public_reader(self, client, links):
        make_draft_links(links)
        page = reader(client)
        assert page.by_id("p-6").find("div", cls="margin-notes") is None
        assert "draft-memo" not in str(client.get(PAPER_URL).content)
        assert client.get("/documents/draft-memo/").status_code == 404

    def test_staff_see_the_cross_reference_into_the_draft(self, editor_client, links):
        make_draft_links(links)
        margin = reader(editor_client).by_id("p-6").find("div", cls="margin-notes")
        assert margin.find("a").get("href") == "/documents/draft-memo/#p-1"
        draft = reader(editor_client, "/documents/draft-memo/")
        assert draft.find("p", cls="draft-banner") is not None


@pytest.mark.django_db
class TestQueryCount:
    def count(self, client, url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    def test_fixed_number_of_queries_whatever_the_size_of_the_text(
        self, client, links, django_assert_max_num_queries, settings
    ):
        settings.PAGE_CACHE = False  # the stored render itself, not the page cache
        make_draft_links(links)
        large = make_large_document()
        assert large.paragraphs.count() >= 10 * 50 and large.footnotes.count() >= 10 * 58
        urls = (PAPER_URL, INTERVIEW_URL, large.get_absolute_url())
        for url in urls:
            with django_assert_max_num_queries(READER_MAX_QUERIES + 2):  # rendered, stored
                client.get(url)
        for url in urls:
            with django_assert_max_num_queries(STORED_READER_QUERIES):
                client.get(url)
        # Not only under a ceiling: exactly as many for the real paper as for ten times it.
        assert self.count(client, large.get_absolute_url()) == self.count(client, PAPER_URL)

    def test_the_large_document_renders_all_of_it(self, client, links):
        large = make_large_document()
        page = reader(client, large.get_absolute_url())
        assert len(page.find_all("div", cls="para")) == large.paragraphs.count()
        assert len(page.find("section", cls="notes").find_all("li")) == large.footnotes.count()
        assert page.by_id("fnref-1-2") is not None


@pytest.mark.django_db
class TestNotFound:
    @pytest.mark.parametrize("url", ["/documents/nothing-here/", "/documents/weathersby/"])
    def test_unknown_document_is_a_404_in_the_site_design(self, client, collection, url):
        response = client.get(url)
        assert response.status_code == 404
        page = parse(response.content)
        assert page.find("h1").text == "Not found"
        assert page.find("nav").find("a", href="/documents/") is not None

    def test_draft_is_a_404_for_the_public(self, client, collection):
        Document.objects.filter(slug=PAPER).update(status=Document.Status.DRAFT)
        assert client.get(PAPER_URL).status_code == 404


class TestRenderPassage:
    """The passage renderer on its own: escaping, offsets, nesting."""

    def test_text_is_escaped_and_emphasis_kept(self):
        html = render_passage('a <script>alert("x")</script> & *b*')
        assert html == "a &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; <em>b</em>"

    def test_marker_and_link_at_their_offsets(self):
        text = "Stalin agreed."
        html = render_passage(
            text, [(len(text), note_marker(3, "fnref-3"))], [(0, 6, "/actors/s/", "mention")]
        )
        assert html.startswith('<a class="mention" href="/actors/s/">Stalin</a> agreed.<sup')
        assert 'id="fnref-3"' in html and 'href="#fn-3"' in html

    def test_link_href_is_escaped(self):
        html = render_passage("x y", links=[link_span(0, 1, '/a/"onmouseover="x', "m")])
        assert 'href="/a/&quot;onmouseover=&quot;x"' in html

    def test_emphasis_cut_by_a_link_stays_well_nested(self):
        html = render_passage("the *sine qua non* of it", links=[(10, 17, "/x/", "m")])
        assert html == 'the <em>sine </em><a class="m" href="/x/"><em>qua non</em></a> of it'

    def test_overlapping_links_and_links_around_a_marker_are_dropped(self):
        text = "Kim Il Sung and Mao"
        html = render_passage(
            text,
            [(3, note_marker(1, "fnref-1"))],
            [(0, 11, "/kim/", "m"), (4, 8, "/il/", "m"), (16, 19, "/mao/", "m")],
        )
        assert "/kim/" not in html and "/il/" in html and "/mao/" in html
        assert html.count("<a ") == 3  # the marker's link and two mention links

    def test_context_is_the_sentence_around_the_mention(self):
        text = "First sentence. Then Stalin spoke at length. Last one."
        start = text.index("Stalin")
        assert sentence_bounds(text, start, start + 6) == (16, 44)
        assert render_context(text, [(start, start + 6)]) == (
            "Then <mark>Stalin</mark> spoke at length."
        )

    def test_a_long_sentence_is_cut_with_ellipses(self):
        text = "word " * 100 + "Stalin " + "word " * 100
        start = text.index("Stalin")
        html = render_context(text, [(start, start + 6)])
        assert html.startswith("… ") and html.endswith(" …")
        assert "<mark>Stalin</mark>" in html and len(html) < 450


def text_before(element, stop) -> str:
    """The words of `element` a reader sees before `stop` (other note markers left out)."""
    pieces = []

    def walk(node) -> bool:
        for child in node.children:
            if child is stop:
                return True
            if isinstance(child, str):
                pieces.append(child)
            elif child.tag != "sup" and walk(child):
                return True
        return False

    walk(element)
    return "".join(pieces)
