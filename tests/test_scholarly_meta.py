"""{% scholarly_meta document %}: Highwire citation_* meta tags and schema.org JSON-LD for
reader pages, tested by rendering the tag directly; and the full description it links to
(/documents/<slug>/metadata.jsonld) with every cited work and every mention. Values are
escaped, the JSON-LD parses and nothing in the data can close its <script> element."""

import json
import re
from html.parser import HTMLParser

import pytest
from django.db import connection, transaction
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from citations import exports
from documents.models import Actor, Document, Event, Mention
from documents.texts.importer import import_bytes

from . import curated

PAPER = "weathersby-soviet-role"
INTERVIEW = "shen-zhihua-interview"
TAG = Template("{% load scholarly %}{% scholarly_meta document %}")
HOSTILE = '</script><script>alert("x")</script> <!-- & \u2028'


class Head(HTMLParser):
    """The meta tags, links and scripts of rendered markup, values unescaped by the parser."""

    def __init__(self, markup):
        super().__init__()
        self.metas, self.links, self.scripts, self._script = [], [], [], None
        self.feed(markup)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta":
            self.metas.append((attrs["name"], attrs["content"]))
        elif tag == "link":
            self.links.append(attrs)
        elif tag == "script":
            self._script = [attrs.get("type"), ""]

    def handle_data(self, data):
        if self._script is not None:
            self._script[1] += data

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append(tuple(self._script))
            self._script = None

    def values(self, name):
        return [content for key, content in self.metas if key == name]

    def json_ld(self):
        (script,) = [text for kind, text in self.scripts if kind == "application/ld+json"]
        return json.loads(script)


def render(document):
    """The tag's markup, and the queries it made (none: it reads only the document)."""
    request = RequestFactory().get(document.get_absolute_url())
    with CaptureQueriesContext(connection) as queries:
        markup = TAG.render(Context({"document": document, "request": request}))
    return markup, len(queries)


@pytest.fixture(scope="module")
def rendered(django_db_setup, django_db_blocker):
    """The tag rendered for both texts (markup, queries), and what the paper cites."""
    with django_db_blocker.unblock():
        curated.committed()  # the session's copy (curated.py), before the rolled-back changes
    with django_db_blocker.unblock(), transaction.atomic():
        result = {slug: render(Document.objects.get(slug=slug)) for slug in (PAPER, INTERVIEW)}
        result["cited"] = exports.cited_items(Document.objects.get(slug=PAPER))
        client = Client()
        for slug in (PAPER, INTERVIEW):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(f"/documents/{slug}/metadata.jsonld")
            result[f"{slug}-full"] = (response, len(queries))
        transaction.set_rollback(True)
    return result


@pytest.fixture(scope="module")
def paper(rendered):
    return Head(rendered[PAPER][0])


@pytest.fixture(scope="module")
def interview(rendered):
    return Head(rendered[INTERVIEW][0])


@pytest.fixture(scope="module")
def full(rendered):
    """The paper's full description, as served at the address its page links to."""
    response, _ = rendered[f"{PAPER}-full"]
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    return json.loads(response.content)


class TestHighwire:
    def test_title_author_institution_language(self, paper):
        assert paper.values("citation_title") == [
            "US Hegemony in Korean Studies and the Soviet Role in Early Postwar Korea"
        ]
        assert paper.values("citation_author") == ["Weathersby, Kathryn"]
        assert paper.values("citation_author_institution") == ["Georgetown University"]
        assert paper.values("citation_language") == ["en"]
        assert paper.values("citation_public_url") == [f"http://testserver/documents/{PAPER}/"]

    def test_nothing_invented_where_the_text_is_silent(self, paper):
        assert paper.values("citation_publication_date") == []
        assert paper.values("citation_journal_title") == []

    def test_an_author_then_their_institution(self, paper):
        names = [name for name, _ in paper.metas]
        at = names.index("citation_author")
        assert names[at + 1] == "citation_author_institution"

    def test_the_works_cited_are_linked_not_inlined(self, paper):
        # the page's own work is described above; the 57 cited works are one link away
        assert paper.values("citation_reference") == []

    def test_the_exports_are_linked(self, paper):
        alternates = {link["type"]: link["href"] for link in paper.links}
        assert alternates == {
            "application/tei+xml": f"http://testserver/documents/{PAPER}.tei.xml",
            "application/vnd.citationstyles.csl+json": f"http://testserver/documents/{PAPER}/cite.json",
            "application/ld+json": f"http://testserver/documents/{PAPER}/metadata.jsonld",
        }

    def test_the_interviewee_is_the_author_of_an_interview(self, interview):
        assert interview.values("citation_author") == ["Shen, Zhihua"]
        assert interview.values("citation_reference") == []


class TestJsonLd:
    def test_the_paper_as_a_scholarly_article(self, paper):
        data = paper.json_ld()
        assert data["@context"] == "https://schema.org"
        assert data["@type"] == "ScholarlyArticle"
        assert data["headline"] == paper.values("citation_title")[0]
        (author,) = data["author"]
        assert author == {
            "@type": "Person",
            "name": "Kathryn Weathersby",
            "affiliation": {"@type": "Organization", "name": "Georgetown University"},
        }
        assert "datePublished" not in data
        assert data["keywords"][:2] == ["Postwar Occupation", "Trusteeship"]

    def test_the_page_carries_the_work_not_the_bulk(self, paper):
        data = paper.json_ld()
        assert "citation" not in data and "mentions" not in data

    def test_the_full_description_is_the_pages_plus_what_it_cites_and_mentions(self, paper, full):
        lean = paper.json_ld()
        assert {key: full[key] for key in lean} == lean
        assert set(full) - set(lean) == {"citation", "mentions"}

    def test_what_it_cites(self, rendered, full):
        citations = full["citation"]
        # 34 works, 23 archival documents and the 4 files cited without a document (notes
        # 22, 35, 36, 38)
        assert len(citations) == len(rendered["cited"]) == 61
        book = next(
            c for c in citations if c.get("name") == "The North Korean Revolution, 1945–1950"
        )
        assert book["@type"] == "Book" and book["datePublished"] == "2003"
        assert book["author"] == [{"@type": "Person", "name": "Charles Armstrong"}]
        assert book["publisher"] == {"@type": "Organization", "name": "Cornell University Press"}
        malik = next(
            c for c in citations if "On the Question of a Single Government" in c.get("name", "")
        )
        assert malik["dateCreated"].startswith("1945")
        assert malik["holdingArchive"] == {
            "@type": "ArchiveOrganization",
            "name": "Archive of the Foreign Policy of the Russian Federation",
        }
        archival = next(c for c in citations if "holdingArchive" in c)
        assert archival["@type"] == "ArchiveComponent"
        assert archival["itemLocation"]  # e.g. "f. 0102, op. 1, d. 15, p. 1, ll. 18–21"

    def test_who_and_what_it_mentions(self, full):
        mentions = full["mentions"]
        stalin = next(m for m in mentions if m["name"] == "Joseph Stalin")
        assert stalin["@type"] == "Person" and "Filippov" in stalin["alternateName"]
        assert stalin["url"] == "http://testserver/actors/joseph-stalin/"
        events = [m for m in mentions if m["@type"] == "Event"]
        assert events and all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", e["startDate"]) for e in events)
        assert any(m["@type"] == "Organization" and m["name"] == "Soviet Union" for m in mentions)

    def test_an_interview(self, interview):
        data = interview.json_ld()
        assert (data["@type"], data["genre"]) == ("Article", "interview")
        assert [a["name"] for a in data["author"]] == ["Shen Zhihua"]


class TestSafety:
    @pytest.fixture
    def hostile(self, db):
        document, _ = import_bytes(
            b"A title\n\nA paragraph naming Someone.\n",
            slug="hostile",
            kind="article",
            filename="x.txt",
        )
        Document.objects.filter(pk=document.pk).update(
            title=f"Title {HOSTILE}",
            authors=f"Eve {HOSTILE}; Mallory",
            affiliation=HOSTILE,
            abstract=HOSTILE,
            keywords=[HOSTILE, "plain"],
            publication=HOSTILE,
            publication_date="2024",
        )
        actor = Actor.objects.create(slug="someone", name=f"Someone {HOSTILE}", kind="person")
        event = Event.objects.create(slug="something", title=HOSTILE, date="1950-06-25")
        paragraph = document.paragraphs.get()
        Mention.objects.create(
            paragraph=paragraph, start=19, end=26, surface="Someone", actor=actor
        )
        Mention.objects.create(
            paragraph=paragraph, start=2, end=11, surface="paragraph", event=event
        )
        return Document.objects.get(pk=document.pk)

    def test_meta_values_are_escaped_and_read_back_exactly(self, hostile):
        markup, _ = render(hostile)
        assert "<script>alert" not in markup
        head = Head(markup)
        assert head.values("citation_title") == [f"Title {HOSTILE}"]
        # "Family, Given": the last word (“&”) read as the family name, every character kept
        assert head.values("citation_author") == [
            '&, Eve </script><script>alert("x")</script> <!--',
            "Mallory",
        ]
        assert head.values("citation_journal_title") == [HOSTILE]
        assert head.values("citation_keywords") == [f"{HOSTILE}; plain"]

    def test_nothing_in_the_data_ends_the_json_ld_early(self, hostile):
        markup, _ = render(hostile)
        script = re.search(r'<script type="application/ld\+json">(.*?)</script>', markup, re.S)
        body = script.group(1)
        assert "<" not in body and ">" not in body and "&" not in body
        assert "\u2028" not in body
        assert markup.count("</script>") == 1  # only the element's own end tag
        data = json.loads(body)
        assert data["headline"] == f"Title {HOSTILE}"
        assert data["abstract"] == HOSTILE

    def test_the_full_description_reads_back_exactly(self, client, hostile):
        hostile.status = Document.Status.PUBLISHED
        hostile.save()
        data = client.get("/documents/hostile/metadata.jsonld").json()
        assert data["headline"] == f"Title {HOSTILE}"
        assert {m["name"] for m in data["mentions"]} == {f"Someone {HOSTILE}", HOSTILE}

    def test_a_drafts_full_description_is_not_public(self, client, hostile):
        assert client.get("/documents/hostile/metadata.jsonld").status_code == 404

    def test_the_tag_makes_no_query(self, rendered, hostile):
        _, queries = render(hostile)
        assert queries == rendered[PAPER][1] == rendered[INTERVIEW][1] == 0

    def test_the_full_description_in_a_fixed_number_of_queries(self, rendered):
        paper_queries = rendered[f"{PAPER}-full"][1]
        # the document, what it cites, the actors and events it mentions, their other names
        assert paper_queries == rendered[f"{INTERVIEW}-full"][1] <= 5
