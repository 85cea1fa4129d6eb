"""/search/ at a thousand documents: as many queries as with two, and a document facet that
stays short (the documents with the most matches, the chosen one wherever it ranks, and how
many more there are), with every count still that of the results it offers."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from documents.models import Actor, Document, Event, Footnote, Mention, Paragraph, Section
from documents.search.facets import FACET_SIZE
from tests.test_search import PAPER, all_result_links, facet_counts

DOCUMENTS = 1000
RICH = 10  # the first RICH documents have RICH_PARAGRAPHS matching paragraphs, the others one
RICH_PARAGRAPHS = 3
WORD = "quagga"  # in none of the two texts


def add_documents(count=DOCUMENTS, prefix=""):
    """`count` published documents with WORD in each paragraph (after `prefix`) and in its one
    note. Every
    paragraph mentions actor `common`; those of every third document also mention `rarer`,
    twice (a passage counts once); every note mentions event `cited`."""
    common = Actor.objects.create(slug="test-common", name="Test Common")
    rarer = Actor.objects.create(slug="test-rarer", name="Test Rarer")
    cited = Event.objects.create(slug="test-cited", title="Test cited", date="1946-03-20")
    documents = Document.objects.bulk_create(
        Document(slug=f"bulk-{n:04d}", title=f"Bulk {n:04d}", status=Document.Status.PUBLISHED)
        for n in range(count)
    )
    sections = Section.objects.bulk_create(Section(document=d, position=1) for d in documents)
    paragraphs = Paragraph.objects.bulk_create(
        Paragraph(document=d, section=s, position=p, text=f"{prefix}A {WORD} in bulk {n}.")
        for n, (d, s) in enumerate(zip(documents, sections, strict=True))
        for p in range(1, 1 + (RICH_PARAGRAPHS if n < RICH else 1))
    )
    notes = Footnote.objects.bulk_create(
        Footnote(document=d, number=1, text=f"On the {WORD} of bulk {n}.")
        for n, d in enumerate(documents)
    )
    start = len(prefix) + 2
    span = {"start": start, "end": start + len(WORD), "surface": WORD}
    mentions = [Mention(paragraph=p, actor=common, **span) for p in paragraphs]
    third = {d.pk for d in documents[::3]}
    with_rarer = [p for p in paragraphs if p.document_id in third]
    mentions += [Mention(paragraph=p, actor=rarer, **span) for p in with_rarer for _ in "ab"]
    note_span = {"start": 7, "end": 7 + len(WORD), "surface": WORD}
    mentions += [Mention(footnote=note, event=cited, **note_span) for note in notes]
    Mention.objects.bulk_create(mentions)
    return {
        "documents": documents,
        "paragraphs": paragraphs,
        "notes": notes,
        "with_rarer": with_rarer,
        "actors": (common, rarer),
        "event": cited,
    }


def count_queries(client, params):
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/search/", params).status_code == 200
    return len(queries)


def more_notice(response):
    found = re.search(r'<p class="facet-more">and (\d+) more', response.content.decode())
    return int(found.group(1)) if found else 0


def selected_option(response):
    found = re.search(r'<strong aria-current="true">([^<]*)</strong>', response.content.decode())
    return found and found.group(1)


@pytest.fixture
def no_page_cache(settings):
    settings.PAGE_CACHE = False  # the search's own queries, not a cached copy


@pytest.mark.django_db
class TestQueryCount:
    def test_a_thousand_documents_cost_no_more_queries_than_two(
        self, client, collection, no_page_cache, django_assert_max_num_queries
    ):
        actor = Actor.objects.create(slug="test-shtykov", name="Test Shtykov")
        event = Event.objects.create(slug="test-talks", title="Test talks", date="1946-03-20")
        searches = [
            {"q": "Shtykov"},  # a name: resolved to the actor
            {"q": "Soviet occupation"},
            {"q": "Stalin", "kind": "note", "document": PAPER},
            {"q": "Shtykov", "kind": "note", "actor": actor.slug, "event": event.slug},
        ]
        small = [count_queries(client, params) for params in searches]
        add_documents(prefix="Shtykov and Stalin on the Soviet occupation. ")
        large = [count_queries(client, params) for params in searches]
        # Not one more. (One fewer where a page of results holds no note: the notes' citations,
        # which Zotero's COinS need, are then not asked for.)
        assert all(many <= few for many, few in zip(large, small, strict=True)), (large, small)
        with django_assert_max_num_queries(6):
            client.get("/search/", {"q": "Shtykov"})


@pytest.mark.django_db
class TestDocumentFacet:
    def test_lists_the_documents_with_the_most_matches_and_how_many_more(
        self, client, db, no_page_cache
    ):
        added = add_documents()
        response = client.get("/search/", {"q": WORD})
        counts = facet_counts(response, "document")
        matches = {
            d.title: (RICH_PARAGRAPHS if n < RICH else 1) + 1  # its paragraphs and its note
            for n, d in enumerate(added["documents"])
        }
        best = sorted(matches.items(), key=lambda item: (-item[1], item[0]))[:FACET_SIZE]
        assert list(counts.items()) == best
        assert more_notice(response) == len(matches) - FACET_SIZE

    def test_the_chosen_document_is_listed_wherever_it_ranks(self, client, db, no_page_cache):
        added = add_documents()
        last = added["documents"][-1]  # one match fewer than the first and last by title
        response = client.get("/search/", {"q": WORD, "document": last.slug})
        counts = facet_counts(response, "document")
        assert len(counts) == FACET_SIZE + 1
        assert counts[last.title] == 2
        assert selected_option(response) == last.title
        assert more_notice(response) == DOCUMENTS - FACET_SIZE - 1
        links = all_result_links(client, q=WORD, document=last.slug)
        assert sorted(links) == [f"/documents/{last.slug}/#fn-1", f"/documents/{last.slug}/#p-1"]

    def test_documents_with_one_label_and_as_many_matches_are_listed_by_address(
        self, client, db, no_page_cache
    ):
        """Two volumes an editor labels alike ("FRUS"), with as many matches: the facet lists
        them in one order, by address, and the same ones make its first FACET_SIZE whatever
        order the database finds them in (here the reverse of their addresses')."""
        added = add_documents(count=40)
        # Created last-first: in storage and id order the addresses run backwards.
        for n, document in enumerate(reversed(added["documents"][RICH:])):
            document.slug, document.short_label = f"frus-{n:04d}", "FRUS"
        Document.objects.bulk_update(added["documents"][RICH:], ["slug", "short_label"])
        expected = [f"frus-{n:04d}" for n in range(FACET_SIZE - RICH)]
        for _ in range(3):
            page = client.get("/search/", {"q": WORD}).content.decode()
            section = re.search(r'aria-labelledby="facet-document">(.*?)</section>', page, re.S)
            listed = re.findall(r"document=([\w-]+)", section.group(1))
            assert listed[RICH:] == expected

    def test_a_document_among_the_first_is_listed_once(self, client, db, no_page_cache):
        added = add_documents()
        first = added["documents"][0]
        response = client.get("/search/", {"q": WORD, "document": first.slug})
        counts = facet_counts(response, "document")
        assert len(counts) == FACET_SIZE and first.title in counts
        assert selected_option(response) == first.title


@pytest.mark.django_db
class TestCountsAtScale:
    """Every facet counts the passages its choice would give, with the other facets kept."""

    def test_actor_and_event_counts(self, client, db, no_page_cache):
        added = add_documents()
        common, rarer = added["actors"]
        response = client.get("/search/", {"q": WORD})
        assert facet_counts(response, "actor") == {
            common.name: len(added["paragraphs"]),
            rarer.name: len(added["with_rarer"]),  # mentioned twice, counted once
        }
        assert facet_counts(response, "event") == {added["event"].title: len(added["notes"])}
        found = len(added["paragraphs"]) + len(added["notes"])
        assert f"{found} passages found" in response.content.decode()

    def test_counts_under_an_actor_chosen(self, client, db, no_page_cache):
        added = add_documents()
        common, rarer = added["actors"]
        response = client.get("/search/", {"q": WORD, "actor": rarer.slug})
        assert f"{len(added['with_rarer'])} passages found" in response.content.decode()
        assert facet_counts(response, "kind") == {"Body": len(added["with_rarer"])}
        # The actor facet counts under the other facets (none): both actors stay on offer.
        assert facet_counts(response, "actor") == {
            common.name: len(added["paragraphs"]),
            rarer.name: len(added["with_rarer"]),
        }
        assert facet_counts(response, "event") == {}  # no note mentions the rarer actor
        per_document = {}
        for paragraph in added["with_rarer"]:
            title = paragraph.document.title
            per_document[title] = per_document.get(title, 0) + 1
        best = sorted(per_document.items(), key=lambda item: (-item[1], item[0]))[:FACET_SIZE]
        assert list(facet_counts(response, "document").items()) == best
        assert more_notice(response) == len(per_document) - FACET_SIZE

    def test_counts_under_a_kind_chosen(self, client, db, no_page_cache):
        added = add_documents()
        response = client.get("/search/", {"q": WORD, "kind": "note"})
        assert f"{len(added['notes'])} passages found" in response.content.decode()
        assert facet_counts(response, "actor") == {}  # the notes mention no actor
        assert facet_counts(response, "event") == {added["event"].title: len(added["notes"])}
        # Kinds are counted under the other facets (none): the paragraphs stay on offer.
        assert facet_counts(response, "kind") == {
            "Body": len(added["paragraphs"]),
            "Note": len(added["notes"]),
        }
        first = [d.title for d in added["documents"][:FACET_SIZE]]  # one note each: by title
        assert list(facet_counts(response, "document")) == first


@pytest.mark.django_db
class TestVectorsKeptInTheRow:
    def test_a_long_paragraph_keeps_its_vector_in_its_row_and_is_found(self, client, no_page_cache):
        """A search reads the vector of every candidate passage (GIN's recheck, ts_rank) and
        the text of the 20 shown: PostgreSQL moves a long row's text out of line, not its
        vector (migration documents 0018), one page read fewer or more for each match."""
        import hashlib

        if connection.vendor != "postgresql":
            pytest.skip("the storage of a row's values is PostgreSQL's")
        # ~4 kB of words that do not compress: its vector is larger than its text
        words = [hashlib.sha1(str(n).encode()).hexdigest()[:10] for n in range(400)]
        document = Document.objects.create(slug="long-one", title="Long one", status="published")
        section = Section.objects.create(document=document, position=1)

        def values_out_of_line():
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT reltoastrelid::regclass::text FROM pg_class WHERE relname = %s",
                    [Paragraph._meta.db_table],
                )
                [(toast,)] = cursor.fetchall()
                cursor.execute(f"SELECT count(DISTINCT chunk_id) FROM {toast}")
                return cursor.fetchone()[0]

        before = values_out_of_line()
        Paragraph.objects.create(
            document=document, section=section, position=1, text=" ".join([*words, WORD])
        )
        assert values_out_of_line() - before == 1  # the text alone
        response = client.get("/search/", {"q": WORD})
        assert "1 passage found" in response.content.decode()
