"""/search/: full-text over the paragraphs and notes of both texts, ranked, highlighted, faceted.

Expected results are computed independently of the search engines: a regular expression over
the stored passages (folded for case and accents) says which passages hold the words, and the
page must list exactly those.
"""

import html
import re
import unicodedata

import pytest
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection
from django.test.utils import CaptureQueriesContext

from citations import search_terms
from citations.models import Citation
from documents.models import (
    Actor,
    ActorAlias,
    Document,
    Event,
    Footnote,
    Mention,
    Paragraph,
    Section,
)
from documents.search.index import FTS_TABLE, TRIGGERS
from documents.search.query import MAX_QUERY_CHARS, SNIPPET_CHARS, parse_query, snippet
from documents.search.views import matching

from .curated import delete_quietly

PAPER = "weathersby-soviet-role"
INTERVIEW = "shen-zhihua-interview"
RESULT_LINK = re.compile(r'<p class="result-place"><a href="([^"]+)">')
SQLITE_ONLY = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the FTS5 index exists on SQLite only"
)
POSTGRES_ONLY = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the GIN indexes exist on PostgreSQL only"
)


def fold(text):
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def passages_matching(pattern, documents=None):
    """Addresses of the published passages whose folded text matches `pattern` (a regex on
    folded text): the oracle the search results are compared with."""
    documents = documents or Document.objects.published()
    found = set()
    for paragraph in Paragraph.objects.filter(document__in=documents).select_related("document"):
        if re.search(pattern, fold(paragraph.text)):
            found.add(f"/documents/{paragraph.document.slug}/#p-{paragraph.position}")
    # A note is also found by its references as data (tests/test_search_terms.py checks them).
    terms = search_terms.compute(Citation, Actor, ActorAlias)
    for note in Footnote.objects.filter(document__in=documents).select_related("document"):
        if re.search(pattern, fold(note.text)) or re.search(pattern, fold(terms.get(note.pk, ""))):
            found.add(f"/documents/{note.document.slug}/#fn-{note.number}")
    return found


def links(response):
    return [html.unescape(href) for href in RESULT_LINK.findall(response.content.decode())]


def all_result_links(client, **params):
    """Every result over all the pages, following the page's own Next links."""
    found = []
    response = client.get("/search/", params)
    while True:
        assert response.status_code == 200
        found += links(response)
        next_link = re.search(r'<a rel="next" href="([^"]+)"', response.content.decode())
        if not next_link:
            return found
        response = client.get("/search/" + html.unescape(next_link.group(1)))


def word(term):
    return rf"(?<![^\W_]){re.escape(fold(term))}(?![^\W_])"


def marks(response):
    return re.findall(r"<mark>(.*?)</mark>", response.content.decode())


def facet_counts(response, name):
    """{label: count} as the facet list on the page shows them."""
    page = response.content.decode()
    section = re.search(
        rf'<section class="facet" aria-labelledby="facet-{name}">(.*?)</section>', page, re.S
    )
    assert section, f"no {name} facet on the page"
    items = re.findall(
        r"<li>(?:<a [^>]*>|<strong[^>]*>)(.*?)(?:</a>|</strong>) <span class=\"count\">(\d+)</span>",
        section.group(1),
    )
    return {html.unescape(label): int(count) for label, count in items}


def make_document(slug, paragraphs=(), notes=(), status=Document.Status.PUBLISHED):
    document = Document.objects.create(
        slug=slug, title=slug.replace("-", " ").title(), status=status
    )
    section = Section.objects.create(document=document, position=1)
    Paragraph.objects.bulk_create(
        Paragraph(document=document, section=section, position=n, text=text)
        for n, text in enumerate(paragraphs, start=1)
    )
    Footnote.objects.bulk_create(
        Footnote(document=document, number=n, text=text) for n, text in enumerate(notes, start=1)
    )
    return document


@pytest.mark.django_db
class TestFinding:
    def test_shtykov_in_the_paper_and_its_notes(self, client, collection):
        found = all_result_links(client, q="Shtykov")
        expected = passages_matching(word("shtykov"))
        assert sorted(found) == sorted(expected)
        assert f"/documents/{PAPER}/#fn-39" in found and f"/documents/{PAPER}/#fn-40" in found
        assert any("#p-" in link for link in found)

    def test_notes_link_to_their_page(self, client, collection):
        page = client.get("/search/", {"q": "Shtykov"}).content.decode()
        assert f'href="/documents/{PAPER}/notes/39/"' in page
        assert f'href="/documents/{PAPER}/notes/40/"' in page

    def test_matched_words_are_marked(self, client, collection):
        response = client.get("/search/", {"q": "shtykov"})
        # a name: the spellings of Shtykov the texts use are marked (tests/test_name_search.py)
        assert marks(response) and {m.lower() for m in marks(response)} <= {
            "shtykov",
            "terentii f. shtykov",
        }
        assert len(marks(response)) >= len(links(response))

    def test_cyrillic_finds_the_notes_that_cite_the_russian_archive(self, client, collection):
        found = all_result_links(client, q="Российской")
        expected = passages_matching(word("российской"))
        assert len(expected) > 5
        assert sorted(found) == sorted(expected)
        assert all("#fn-" in link for link in found)
        assert "Российской" in marks(client.get("/search/", {"q": "Российской"}))

    def test_cyrillic_ignores_case(self, client, collection):
        assert sorted(all_result_links(client, q="авпрф")) == sorted(
            all_result_links(client, q="АВПРФ")
        )
        assert all_result_links(client, q="авпрф")

    @pytest.mark.parametrize("typed", ["Balazs", "balazs", "BALÁZS", "Balázs"])
    def test_accents_are_ignored(self, client, collection, typed):
        response = client.get("/search/", {"q": typed})
        assert links(response) == sorted(passages_matching(word("balazs")))
        assert marks(response) == ["Balázs"]

    def test_all_words_must_be_in_the_passage(self, client, collection):
        found = all_result_links(client, q="Shtykov Molotov")
        expected = passages_matching(word("shtykov")) & passages_matching(word("molotov"))
        assert found and sorted(found) == sorted(expected)

    def test_a_quoted_phrase_is_found_as_a_phrase(self, client, collection):
        found = all_result_links(client, q='"Kim Il Sung"')
        expected = passages_matching(r"(?<![^\W_])kim\W+il\W+sung(?![^\W_])")
        assert sorted(found) == sorted(expected)
        # "Il-sung" in the interview counts too: a hyphen separates words.
        assert any(INTERVIEW in link for link in found)
        unquoted = set(all_result_links(client, q="Kim Il Sung"))
        assert set(found) <= unquoted

    def test_a_star_finds_word_beginnings(self, client, collection):
        found = all_result_links(client, q="telegram*")
        expected = passages_matching(r"(?<![^\W_])telegram\w*")
        assert sorted(found) == sorted(expected)
        # a word's beginning is not a word: only the star finds it (stemming finds forms of
        # whole words: "telegram" finds "telegrams" too, tests/test_search_stemming.py)
        assert not all_result_links(client, q="telegr")
        assert sorted(all_result_links(client, q="telegr*")) == sorted(found)

    def test_nothing_found_says_so(self, client, collection):
        response = client.get("/search/", {"q": "xylophone"})
        assert response.status_code == 200
        assert b"0 passages found" in response.content
        assert b"No paragraph or note contains this word" in response.content

    def test_empty_search_shows_the_form_and_help(self, client, collection):
        response = client.get("/search/")
        assert response.status_code == 200
        assert b'name="q"' in response.content and b"How search works" in response.content
        assert not links(response)


@pytest.mark.django_db
class TestRanking:
    def test_better_matches_come_first(self, client, db):
        filler = " ".join(["The committee discussed the harvest and the railways."] * 12)
        make_document(
            "ranking-sample",
            paragraphs=[
                f"{filler} Then Zhdanovich spoke. {filler}",
                "Zhdanovich wrote to Zhdanovich's deputy, and Zhdanovich replied: Zhdanovich.",
                f"Zhdanovich arrived. {filler}",
            ],
        )
        order = links(client.get("/search/", {"q": "Zhdanovich"}))
        assert order[0] == "/documents/ranking-sample/#p-2"  # short, and the word four times
        assert set(order) == {f"/documents/ranking-sample/#p-{n}" for n in (1, 2, 3)}

    def test_a_short_note_naming_the_word_outranks_a_long_paragraph(self, client, db):
        filler = " ".join(["Delegates met in the hall and argued at length about procedure."] * 15)
        make_document(
            "note-ranking",
            paragraphs=[f"{filler} Vasilevsky was mentioned once. {filler}"],
            notes=["Vasilevsky to Molotov, 3 March 1946."],
        )
        assert links(client.get("/search/", {"q": "Vasilevsky"})) == [
            "/documents/note-ranking/#fn-1",
            "/documents/note-ranking/#p-1",
        ]


@pytest.mark.django_db
class TestFacets:
    @pytest.fixture
    def shtykov(self, weathersby_paper):
        """Mentions of our own (the collection's curated ones are set aside so that the counts
        are known): Shtykov in ¶11 and note 39, Vyshinsky and an event in note 40."""
        delete_quietly(Mention)  # a few statements, not row by row through the signals
        actor = Actor.objects.create(slug="test-shtykov", name="Test Shtykov")
        other = Actor.objects.create(slug="test-vyshinsky", name="Test Vyshinsky")
        event = Event.objects.create(
            slug="test-telegram-1950", title="Test telegram", date="1950-01-19"
        )
        paragraph = weathersby_paper.paragraphs.get(position=11)
        start = paragraph.text.index("Shtykov")
        Mention.objects.create(
            paragraph=paragraph, start=start, end=start + 7, surface="Shtykov", actor=actor
        )
        for number, target in (
            (39, {"actor": actor}),
            (40, {"event": event}),
            (40, {"actor": other}),
        ):
            note = weathersby_paper.footnotes.get(number=number)
            start = note.text.index("Shtykov")
            Mention.objects.create(
                footnote=note, start=start, end=start + 7, surface="Shtykov", **target
            )
        return actor, other, event

    def test_kind_counts_match_the_results(self, client, collection):
        response = client.get("/search/", {"q": "Shtykov"})
        expected = passages_matching(word("shtykov"))
        notes = {link for link in expected if "#fn-" in link}
        counts = facet_counts(response, "kind")
        assert counts["Note"] == len(notes)
        assert sum(counts.values()) == len(expected)

    def test_choosing_a_kind_narrows_the_results(self, client, collection):
        response = client.get("/search/", {"q": "Shtykov", "kind": "note"})
        assert sorted(links(response)) == sorted(
            link for link in passages_matching(word("shtykov")) if "#fn-" in link
        )
        # The other kinds stay on offer with their counts.
        assert facet_counts(response, "kind")["Body"] > 0
        paragraphs_only = all_result_links(client, q="Shtykov", kind="body")
        assert paragraphs_only and all("#p-" in link for link in paragraphs_only)

    def test_document_counts_and_choice(self, client, collection):
        paper = Document.objects.get(slug=PAPER)
        interview = Document.objects.get(slug=INTERVIEW)
        response = client.get("/search/", {"q": "Stalin"})
        counts = facet_counts(response, "document")
        for document in (paper, interview):
            assert counts[document.label] == len(
                passages_matching(word("stalin"), Document.objects.filter(pk=document.pk))
            )
        only_interview = all_result_links(client, q="Stalin", document=INTERVIEW)
        assert only_interview and all(INTERVIEW in link for link in only_interview)
        assert len(only_interview) == counts[interview.label]

    def test_actor_facet_counts_passages_that_mention_the_actor(self, client, shtykov):
        actor, other, _ = shtykov
        response = client.get("/search/", {"q": "Shtykov"})
        counts = facet_counts(response, "actor")
        assert counts == {actor.name: 2, other.name: 1}
        chosen = client.get("/search/", {"q": "Shtykov", "actor": actor.slug})
        assert sorted(links(chosen)) == [f"/documents/{PAPER}/#fn-39", f"/documents/{PAPER}/#p-11"]
        assert b"0 passages found" not in chosen.content

    def test_event_facet(self, client, shtykov):
        _, _, event = shtykov
        response = client.get("/search/", {"q": "Shtykov"})
        assert facet_counts(response, "event") == {event.title: 1}
        chosen = client.get("/search/", {"q": "Shtykov", "event": event.slug})
        assert links(chosen) == [f"/documents/{PAPER}/#fn-40"]

    def test_facets_combine(self, client, shtykov):
        actor, _, _ = shtykov
        response = client.get("/search/", {"q": "Shtykov", "actor": actor.slug, "kind": "note"})
        assert links(response) == [f"/documents/{PAPER}/#fn-39"]
        # Each facet counts with the other facets kept: kinds among the actor's passages ...
        assert facet_counts(response, "kind") == {"Body": 1, "Note": 1}
        # ... and actors among the notes.
        assert facet_counts(response, "actor")[actor.name] == 1

    def test_facet_links_keep_the_query(self, client, collection):
        page = client.get("/search/", {"q": "Shtykov"}).content.decode()
        assert 'href="?q=Shtykov&amp;kind=note"' in page

    @pytest.mark.parametrize(
        "params",
        [
            {"document": "no-such-document"},
            {"kind": "heading"},
            {"kind": "<script>alert(1)</script>"},
            {"actor": "nobody"},
            {"event": "never"},
            {"actor": "bad\x00slug"},
            {"document": "'; DROP TABLE documents_paragraph; --"},
        ],
    )
    def test_unknown_facet_values_are_refused_clearly(self, client, collection, params):
        paragraphs = Paragraph.objects.count()
        response = client.get("/search/", {"q": "Shtykov", **params})
        assert response.status_code == 400
        page = response.content.decode()
        assert "is not a known value" in page and "Search without this filter" in page
        assert "<script>alert" not in page
        assert Paragraph.objects.count() == paragraphs
        without = re.search(r'<a href="([^"]*)">Search without this filter', page).group(1)
        retried = client.get("/search/" + html.unescape(without))
        assert retried.status_code == 200
        assert sorted(all_result_links(client, q="Shtykov")) == sorted(links(retried))


@pytest.mark.django_db
class TestHostileInput:
    @pytest.mark.parametrize(
        "typed",
        [
            "",
            "   ",
            "'; DROP TABLE documents_paragraph; --",
            "<script>alert(1)</script>",
            '"Stalin',
            'Stalin"',
            '"""',
            "NEAR(",
            "NEAR(Stalin Molotov, 2)",
            "AND OR",
            "Stalin OR Molotov NOT",
            "*",
            "-",
            "-Stalin",
            "Stalin*",
            "^Stalin",
            "body:Stalin",
            "{Stalin}",
            "x" * 10_000,
            "𝐀" * 10_000,
            "Сталин",
            "АВПРФ",
            "Balázs",
            "\\",
            "'",
            "%",
            "\x00Stalin",
            "𞤀 Stalin",
        ],
    )
    def test_any_input_gives_a_page(self, client, collection, typed):
        before = (Paragraph.objects.count(), Footnote.objects.count())
        response = client.get("/search/", {"q": typed})
        assert response.status_code == 200
        assert b"<script>alert" not in response.content
        assert (Paragraph.objects.count(), Footnote.objects.count()) == before

    def test_html_comes_back_escaped(self, client, collection):
        response = client.get("/search/", {"q": "<script>alert(1)</script>"})
        page = response.content.decode()
        assert "<script>alert(1)</script>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page

    def test_stored_html_in_a_passage_is_escaped_in_the_snippet(self, client, db):
        make_document("hostile-text", paragraphs=['Borodin wrote <b onclick="x()">bold</b> & more'])
        page = client.get("/search/", {"q": "Borodin bold"}).content.decode()
        assert (
            "<mark>Borodin</mark> wrote &lt;b onclick=&quot;x()&quot;&gt;<mark>bold</mark>&lt;/b&gt; &amp; more"
            in page
        )

    def test_long_input_is_cut_with_a_notice(self, client, collection):
        response = client.get("/search/", {"q": "Shtykov " + "x" * 10_000})
        page = response.content.decode()
        assert response.status_code == 200
        assert f"only the first {MAX_QUERY_CHARS} were used" in page
        value = re.search(r'<input id="q" name="q" type="search" value="([^"]*)"', page).group(1)
        assert len(html.unescape(value)) == MAX_QUERY_CHARS

    def test_many_words_are_capped_with_a_notice(self, client, collection):
        response = client.get("/search/", {"q": " ".join(f"w{n}" for n in range(60))})
        assert response.status_code == 200
        assert b"Only the first 20 words or phrases were used (40 more ignored)" in response.content

    def test_an_unbalanced_quote_is_ignored(self, client, collection):
        assert links(client.get("/search/", {"q": '"Shtykov'})) == links(
            client.get("/search/", {"q": "Shtykov"})
        )

    def test_operators_are_words(self, client, collection):
        """FTS and tsquery syntax typed by a user is searched as plain words."""
        assert sorted(all_result_links(client, q="Shtykov AND NOT Molotov")) == sorted(
            passages_matching(word("shtykov"))
            & passages_matching(word("and"))
            & passages_matching(word("not"))
            & passages_matching(word("molotov"))
        )
        assert sorted(all_result_links(client, q="-Molotov Shtykov")) == sorted(
            all_result_links(client, q="Molotov Shtykov")
        )

    @pytest.mark.parametrize("page_number", ["abc", "0", "-1", "99999", "1.5", "\x00"])
    def test_any_page_number_gives_a_page(self, client, collection, page_number):
        response = client.get("/search/", {"q": "the", "page": page_number})
        assert response.status_code == 200
        assert links(response)


@pytest.mark.django_db
class TestDrafts:
    def test_a_drafts_passages_are_never_found_by_the_public(self, client, collection):
        Document.objects.filter(slug=INTERVIEW).update(status=Document.Status.DRAFT)
        response = client.get("/search/", {"q": "anniversary"})
        assert response.status_code == 200
        assert links(response) == []
        assert b"Shen Zhihua" not in response.content
        stalin = client.get("/search/", {"q": "Stalin"})
        assert links(stalin) and all(PAPER in link for link in links(stalin))
        assert set(facet_counts(stalin, "document")) == {Document.objects.get(slug=PAPER).label}

    def test_a_drafts_notes_are_never_found_by_the_public(self, client, collection):
        Document.objects.filter(slug=PAPER).update(status=Document.Status.DRAFT)
        assert links(client.get("/search/", {"q": "Российской"})) == []
        assert links(client.get("/search/", {"q": "Shtykov"})) == []

    def test_a_draft_cannot_be_chosen_as_a_facet_by_the_public(self, client, collection):
        Document.objects.filter(slug=INTERVIEW).update(status=Document.Status.DRAFT)
        response = client.get("/search/", {"q": "Stalin", "document": INTERVIEW})
        assert response.status_code == 400
        assert b"Shen Zhihua" not in response.content

    def test_staff_find_drafts_marked_as_such(self, editor_client, collection):
        Document.objects.filter(slug=INTERVIEW).update(status=Document.Status.DRAFT)
        response = editor_client.get("/search/", {"q": "anniversary", "document": INTERVIEW})
        assert response.status_code == 200
        assert links(response) and all(INTERVIEW in link for link in links(response))
        assert b'<span class="badge">draft</span>' in response.content


@pytest.mark.django_db
class TestPagination:
    def test_twenty_a_page_every_result_once(self, client, collection):
        first = client.get("/search/", {"q": "the"})
        assert len(links(first)) == 20
        found = all_result_links(client, q="the")
        expected = passages_matching(word("the"))
        assert len(expected) > 40
        assert len(found) == len(set(found)) == len(expected)
        assert set(found) == expected
        assert f"{len(expected)} passages found".encode() in first.content

    def test_pages_are_numbered_and_linked_both_ways(self, client, collection):
        second = client.get("/search/", {"q": "the", "page": "2"})
        page = second.content.decode()
        assert "Page 2 of" in page
        assert 'rel="prev" href="?q=the&amp;page=1"' in page
        assert re.search(r'<ol class="search-results" start="21">', page)


@pytest.mark.django_db
class TestQueryCount:
    PARAMS = {"q": "Shtykov", "kind": "note", "document": PAPER}

    def count(self, client, params):
        """The queries of a search asked again: what a name resolves to is kept until the
        next change (documents/search/names.py); the first search after one runs one more."""
        client.get("/search/", params)
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/search/", params).status_code == 200
        return len(queries)

    def test_fixed_number_of_queries_whatever_the_data_size(
        self, client, collection, django_assert_max_num_queries, settings
    ):
        settings.PAGE_CACHE = False  # the search's own queries, not a cached copy
        actor = Actor.objects.create(slug="test-shtykov", name="Test Shtykov")
        event = Event.objects.create(slug="test-talks", title="Test talks", date="1946-03-20")
        params = {**self.PARAMS, "actor": actor.slug, "event": event.slug}
        with django_assert_max_num_queries(10):
            client.get("/search/", params)
        small = [self.count(client, params), self.count(client, {"q": "Shtykov"})]

        # Ten more documents, every passage found, with mentions of many actors and the event.
        for copy in range(10):
            document = make_document(
                f"copy-{copy}",
                paragraphs=[f"Shtykov copy {copy} paragraph {n}" for n in range(60)],
                notes=[f"Shtykov copy {copy} note {n}" for n in range(60)],
            )
            extras = Actor.objects.bulk_create(
                Actor(slug=f"a-{copy}-{n}", name=f"Actor {copy} {n}") for n in range(60)
            )
            mention = {"start": 0, "end": 7, "surface": "Shtykov"}
            Mention.objects.bulk_create(
                [
                    *(
                        Mention(paragraph=paragraph, actor=who, **mention)
                        for paragraph, extra in zip(document.paragraphs.all(), extras, strict=True)
                        for who in (extra, actor)
                    ),
                    *(
                        Mention(footnote=note, event=event, **mention)
                        for note in document.footnotes.all()
                    ),
                ]
            )
        large = [self.count(client, params), self.count(client, {"q": "Shtykov"})]
        # Not more queries with ten times the data. (Not always exactly as many: a page of
        # results without notes skips the query for the notes' citations that Zotero's COinS
        # need, and with notes ranked at half a paragraph's score the copies' short paragraphs
        # can fill the first page on PostgreSQL.)
        assert all(many <= few for many, few in zip(large, small, strict=True)), (large, small)
        with django_assert_max_num_queries(10):
            response = client.get("/search/", {"q": "Shtykov"})
        assert len(links(response)) == 20


@pytest.mark.django_db
class TestIndex:
    def test_edits_are_searchable_at_once(self, client, collection):
        paragraph = Paragraph.objects.get(document__slug=PAPER, position=36)
        Paragraph.objects.filter(pk=paragraph.pk).update(text="Quixotically rewritten.")
        assert links(client.get("/search/", {"q": "Quixotically"})) == [f"/documents/{PAPER}/#p-36"]
        assert f"/documents/{PAPER}/#p-36" not in all_result_links(client, q="Shtykov")
        note = Footnote.objects.get(document__slug=PAPER, number=40)
        note.text = "A rewritten note about Quixotically."
        note.save()
        assert set(all_result_links(client, q="quixotically")) == {
            f"/documents/{PAPER}/#p-36",
            f"/documents/{PAPER}/#fn-40",
        }
        note.delete()
        assert links(client.get("/search/", {"q": "Quixotically"})) == [f"/documents/{PAPER}/#p-36"]

    @SQLITE_ONLY
    def test_the_sqlite_index_is_complete_after_all_migrations(self, collection):
        """A later migration that rebuilds documents_paragraph would drop the triggers: they
        must be there (restored after migrate) and the index must hold every passage."""
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            assert set(TRIGGERS) <= {name for (name,) in cursor.fetchall()}
            cursor.execute(f"SELECT rowid, body FROM {FTS_TABLE}")
            indexed = dict(cursor.fetchall())
        rows = {p.pk * 2: p.text for p in Paragraph.objects.all()}
        rows.update({n.pk * 2 + 1: n.text for n in Footnote.objects.all()})
        assert indexed == rows

    @SQLITE_ONLY
    def test_lost_triggers_are_restored_after_migrate(self, client, collection, settings):
        settings.PAGE_CACHE = False  # raw updates, unseen by the page cache: the index alone
        with connection.cursor() as cursor:
            for name in TRIGGERS:  # what rebuilding the tables does
                cursor.execute(f"DROP TRIGGER {name}")
        Paragraph.objects.filter(document__slug=PAPER, position=36).update(text="Quixotically.")
        assert links(client.get("/search/", {"q": "Quixotically"})) == []  # the index is stale
        emit_post_migrate_signal(verbosity=0, interactive=False, db=connection.alias)
        assert links(client.get("/search/", {"q": "Quixotically"})) == [f"/documents/{PAPER}/#p-36"]
        Paragraph.objects.filter(document__slug=PAPER, position=36).update(text="Rewritten again.")
        assert links(client.get("/search/", {"q": "Quixotically"})) == []

    @POSTGRES_ONLY
    def test_postgres_search_uses_the_gin_indexes(self, collection):
        """The indexes are built on exactly the expression the search uses. (With two texts a
        sequential scan is cheaper, so the planner is told to avoid one for this check.)"""
        query = parse_query("Shtykov")
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_indexscan = off")
        for model, index in (
            (Paragraph, "paragraph_text_search"),
            (Footnote, "footnote_text_search"),
        ):
            plan = matching(model.objects.order_by(), query).values("pk").explain()
            assert f"Bitmap Index Scan on {index}" in plan, plan


class TestQueryParsing:
    """The parsed query reaches the engines only as quoted words; snippets are escaped
    excerpts around the first match (no database needed)."""

    @pytest.mark.parametrize(
        ("typed", "fts5", "tsquery"),
        [
            ("Shtykov", '"Shtykov"', "('Shtykov')"),
            (
                'NEAR( "Kim Il Sung',
                '"NEAR" "Kim" "Il" "Sung"',
                "('NEAR') & ('Kim') & ('Il') & ('Sung')",
            ),
            (
                '"Kim Il Sung" telegram*',
                '"Kim Il Sung" "telegram"*',
                "('Kim' <-> 'Il' <-> 'Sung') & ('telegram':*)",
            ),
            ("'; DROP TABLE x; --", '"DROP" "TABLE" "x"', "('DROP') & ('TABLE') & ('x')"),
            (
                "a:b|c&d!e(f)",
                '"a" "b" "c" "d" "e" "f"',
                "('a') & ('b') & ('c') & ('d') & ('e') & ('f')",
            ),
            ("*** --- ()", "", ""),
        ],
    )
    def test_engine_syntax_is_built_from_quoted_words(self, typed, fts5, tsquery):
        query = parse_query(typed)
        assert query.fts5() == fts5
        assert query.tsquery() == tsquery
        assert bool(query) == bool(fts5)

    def test_repeated_words_count_once(self):
        assert len(parse_query("Stalin stalin STALIN Stalin*").clauses) == 2

    def test_a_long_passage_is_cut_around_the_first_match(self):
        text = " ".join(f"word{n}" for n in range(300)) + " Shtykov & <co> " + "tail " * 100
        html_snippet = str(snippet(text, parse_query("shtykov")))
        assert html_snippet.startswith("…") and html_snippet.endswith("…")
        assert "<mark>Shtykov</mark> &amp; &lt;co&gt;" in html_snippet
        assert len(html.unescape(re.sub("<[^>]+>", "", html_snippet))) <= SNIPPET_CHARS + 40

    def test_snippets_show_the_sources_emphasis_as_plain_text(self):
        marked = str(snippet("The *Juche* idea of *Kim Il Sung*", parse_query('"Kim Il Sung"')))
        assert marked == "The Juche idea of <mark>Kim Il Sung</mark>"

    def test_a_prefix_marks_whole_words(self):
        marked = str(snippet("Telegrams and a telegram.", parse_query("telegram*")))
        assert marked == "<mark>Telegrams</mark> and a <mark>telegram</mark>."
