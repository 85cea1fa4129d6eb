"""Formatted citations read as a careful editor would write them: American punctuation inside
the quotation marks, a title printed once for a work without an author, title case that does
not stop at a parenthesis; on both texts, on a text without an author, and in the reader's
short forms."""

import re

import pytest

from citations import formatting, paragraphs
from citations.models import Source
from citations.references import short_form
from documents.models import CollectionVersion, Document

PAPER = "/documents/weathersby-soviet-role"
OUTSIDE = re.compile(r"”[.,]")  # a comma or period after the closing quotation mark


def styles(document) -> dict[str, str]:
    return {
        style["key"]: style["text"] for style in formatting.cite_this(document, "https://x.test/")
    }


@pytest.mark.django_db
class TestCiteThis:
    def test_the_paper(self, client, weathersby_paper):
        text = styles(weathersby_paper)
        title = "US Hegemony in Korean Studies and the Soviet Role in Early Postwar Korea"
        assert text["chicago"].startswith(f"Weathersby, Kathryn. “{title},” n.d.")
        assert text["mla"].startswith(f"Weathersby, Kathryn. “{title}.” https://x.test/")
        page = client.get(f"{PAPER}/cite/").content.decode()
        assert f"“{title},” n.d." in page and f"“{title}.” http" in page

    def test_the_interview(self, interview):
        text = styles(interview)
        assert text["chicago"].startswith("Shen, Zhihua. Shen Zhihua on China")
        assert "(Interview Excerpt).” 2024" in text["mla"]
        assert "(interview Excerpt)" not in text["mla"]
        for style in text.values():
            assert not OUTSIDE.search(style)
            assert style.count("Shen Zhihua on China") == 1

    def test_a_text_without_an_author_names_its_title_once(self, weathersby_paper):
        weathersby_paper.authors = ""
        text = styles(weathersby_paper)
        title = "US Hegemony in Korean Studies and the Soviet Role in Early Postwar Korea"
        version = f"Collection version {CollectionVersion.objects.current()}."
        assert text["mla"] == f"“{title}.” https://x.test/. {version}"
        assert text["chicago"] == f"“{title},” n.d. https://x.test/. {version}"

    def test_a_title_ending_in_a_question_mark_takes_no_more_punctuation(self, db):
        document = Document(slug="q", title="Who Started the Korean War?", authors="Jane Doe")
        text = styles(document)
        assert "“Who Started the Korean War?” n.d." in text["chicago"]
        assert "“Who Started the Korean War?” https" in text["mla"]

    def test_the_data_stays_escaped(self, db):
        document = Document(slug="x", title="A <b>bold</b> “claim”, & more", authors="")
        for style in formatting.cite_this(document):
            assert "<b>" not in style["html"] and "&lt;b&gt;" in style["html"]


@pytest.mark.django_db
def test_the_readers_short_forms(collection):
    shown = [str(short_form(source, "12")) for source in Source.objects.all()]
    assert len(shown) > 30
    for line in shown:
        assert not OUTSIDE.search(line), line
    assert any("“New Russian Documents,” 12." in line for line in shown)


@pytest.mark.django_db
class TestArchivalAddresses:
    def test_every_cited_document_keeps_its_address_as_written(self, collection):
        """Chicago opens a sentence with the address (“… 1945. f. 0102, op. 1 …”): the
        processor would write “F. 0102”; the archive writes “f.”."""
        from citations import exports
        from citations.models import ArchivalDocument

        checked = 0
        for document in ArchivalDocument.objects.select_related("file__archive"):
            item = exports.archival_item(document)
            address = item.get("archive_location", "")
            if not address:
                continue
            for style in formatting.STYLES:
                (entry,) = formatting.formatted([item], style)
                assert address in entry, (style, entry)
            checked += 1
        assert checked > 10  # (19 in the collection)

    def test_the_cited_document_page(self, client, collection):
        from citations.models import ArchivalDocument

        malik = ArchivalDocument.objects.get(title__startswith="On the Question of a Single")
        page = client.get(malik.get_absolute_url()).content.decode()
        assert "December 10, 1945. f. 0102, op. 1, d. 15, p. 1, ll. 18–21." in page
        assert "F. 0102" not in page

    def test_a_range_of_days_reads_as_chicago_writes_it(self, collection):
        from citations import exports
        from citations.models import ArchivalDocument

        notes = ArchivalDocument.objects.get(author__startswith="Emil Bodn")
        (entry,) = formatting.formatted([exports.archival_item(notes)], "chicago")
        assert "January 9–12, 1951." in entry
        item = {"id": "x", "type": "manuscript", "title": "Talks", "author": [{"family": "Doe"}]}
        item["issued"] = {"date-parts": [[1950, 6, 25], [1950, 7, 2]]}
        (entry,) = formatting.formatted([item], "chicago")
        assert entry.endswith("“Talks,” June 25–July 2, 1950.")


@pytest.fixture
def processor_runs(settings, monkeypatch):
    """What each call of a processor function (module, name) was asked: the page cache off,
    the kept entries emptied; the function itself still runs (counted, not replaced)."""
    settings.PAGE_CACHE = False
    formatting.formatted.cache_clear()
    paragraphs._kept_citations.cache_clear()

    def watch(module, name, what):
        runs = []
        made = getattr(module, name)

        def counted(*args):
            runs.append(what(*args))
            return made(*args)

        monkeypatch.setattr(module, name, counted)
        return runs

    return watch


@pytest.mark.django_db
class TestEntriesKept:
    """The processor's entry for a record is kept for the next request and made anew once the
    record changes: a cited document's page and “Cite this” format on every request."""

    def test_a_record_formatted_once_and_again_when_edited(
        self, client, collection, processor_runs
    ):
        from citations.models import ArchivalDocument

        runs = processor_runs(formatting, "_formatted", lambda items, style: style)
        malik = ArchivalDocument.objects.get(title__startswith="On the Question of a Single")
        url = malik.get_absolute_url()
        first = client.get(url).content.decode()
        assert sorted(runs) == ["chicago", "mla"]
        assert client.get(url).content.decode() == first
        assert len(runs) == 2  # the second request formatted nothing
        malik.title = "On the Question of One Korean Government"
        malik.save()
        page = client.get(url).content.decode()
        assert len(runs) == 4
        assert "On the Question of One Korean Government" in page
        assert "On the Question of a Single" not in page

    def test_a_paragraphs_citation_formatted_once_and_again_when_the_text_changes(
        self, client, weathersby_paper, processor_runs
    ):
        runs = processor_runs(paragraphs, "_paragraph_citations", lambda item, position: position)
        url = f"{PAPER}/paragraphs/5/cite/"
        first = client.get(url).content.decode()
        assert client.get(url).content.decode() == first
        assert runs == [5]
        assert client.get(f"{PAPER}/paragraphs/6/cite/").status_code == 200
        assert runs == [5, 6]
        weathersby_paper.title = "US Hegemony in Korean Studies"
        weathersby_paper.save()
        page = client.get(url).content.decode()
        assert runs == [5, 6, 5]
        assert "“US Hegemony in Korean Studies,”" in page
