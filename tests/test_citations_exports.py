"""“Cite this” and the exports: CSL-JSON valid against the CSL schema, BibTeX a real parser
reads, one RIS record per item, citations formatted by a CSL processor, drafts hidden."""

import json
import re
from pathlib import Path

import pytest

from citations import formatting
from documents.models import Document

PAPER = "/documents/weathersby-soviet-role"
CSL_SCHEMA = Path(__file__).resolve().parent.parent.parent / "shared" / "csl" / "csl-data.json"


@pytest.fixture
def items(client, collection):
    response = client.get(f"{PAPER}/cite.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.citationstyles.csl+json"
    assert 'filename="weathersby-soviet-role.json"' in response["Content-Disposition"]
    return json.loads(response.content)


@pytest.mark.django_db
class TestCslJson:
    def test_valid_against_the_csl_schema(self, items):
        if not CSL_SCHEMA.exists():
            pytest.skip(
                f"the CSL-JSON schema is not at {CSL_SCHEMA} (it stays outside the project)"
            )
        import jsonschema

        schema = json.loads(CSL_SCHEMA.read_text(encoding="utf-8"))
        jsonschema.validate(items, schema)

    def test_the_document_then_every_work_and_archival_document_once(self, items):
        paper = items[0]
        assert paper["id"] == "weathersby-soviet-role"
        assert paper["author"] == [{"family": "Weathersby", "given": "Kathryn"}]
        assert paper["URL"].endswith(f"{PAPER}/")
        assert "issued" not in paper  # the text does not say when it was published
        ids = [item["id"] for item in items]
        assert len(ids) == len(set(ids))
        works = [item for item in items[1:] if not item["id"].startswith("archival-")]
        assert len(works) == 34
        archival = [item for item in items if item["id"].startswith("archival-document-")]
        assert len(archival) == 23
        # Notes 22, 35, 36 and 38 cite a file without naming a document: the file, by address.
        files = [item for item in items if item["id"].startswith("archival-file-")]
        assert sorted(item["archive_location"] for item in files) == [
            "f. 17, op. 128, d. 205, str. 7–12",
            "f. 234, op. 3213, d. 54, ll. 160–162",
            "f. Military Komandatury of North Pyongan Province, op. 536317, d. 19, l. 55",
            "f. USGASK, op. 342253, d. 3, ll. 43–44",
        ]

    def test_fields(self, items):
        by_id = {item["id"]: item for item in items}
        assert by_id["dingman-1988"]["issued"] == {"date-parts": [[1988], [1989]]}
        assert (by_id["dingman-1988"]["volume"], by_id["dingman-1988"]["issue"]) == ("13", "3")
        assert by_id["lebedev-2018"]["issued"] == {"date-parts": [[2018, 6]]}
        assert by_id["wada-2014"]["translator"] == [{"family": "Baldwin", "given": "Frank"}]
        malik = next(
            i for i in items if i.get("title") == "On the Question of a Single Government for Korea"
        )
        assert malik["archive"] == "Archive of the Foreign Policy of the Russian Federation"
        assert malik["archive_location"] == "f. 0102, op. 1, d. 15, p. 1, ll. 18–21"
        assert malik["issued"] == {"date-parts": [[1945, 12, 10]]}


@pytest.mark.django_db
class TestBibtexAndRis:
    def test_bibtex_parses_with_one_entry_per_item(self, client, items):
        import bibtexparser

        response = client.get(f"{PAPER}/cite.bib")
        assert response["Content-Type"].startswith("application/x-bibtex")
        library = bibtexparser.parse_string(response.content.decode())
        assert not library.failed_blocks
        assert len(library.entries) == len(items)
        entries = {entry.key: entry for entry in library.entries}
        armstrong = entries["armstrong-2003"]
        assert armstrong.entry_type == "book"
        assert armstrong["author"] == "Armstrong, Charles"
        assert armstrong["year"] == "2003"
        assert entries["paik-1993"].entry_type == "phdthesis"
        assert entries["lebedev-2018"].entry_type == "mastersthesis"
        assert (
            entries["weathersby-2000"]["editor"]
            == "Rosenfeldt, Niels Erik and Jensen, Bent and Kulavig, Erik"
        )

    def test_ris_has_one_record_per_item(self, client, items):
        response = client.get(f"{PAPER}/cite.ris")
        text = response.content.decode()
        assert text.count("TY  - ") == len(items) == text.count("ER  -")
        records = text.strip().split("ER  -")
        matray = next(r for r in records if "ID  - matray-1985" in r)
        assert "TY  - BOOK" in matray and "AU  - Matray, James" in matray and "PY  - 1985" in matray
        assert all(re.match(r"^[A-Z][A-Z0-9]  -( |$)", line) for line in text.splitlines())


@pytest.mark.django_db
class TestCiteThis:
    def test_chicago_and_mla_from_the_csl_processor(self, client, collection):
        page = client.get(f"{PAPER}/cite/").content.decode()
        assert "Chicago (notes and bibliography)" in page and "MLA" in page
        assert (
            "Weathersby, Kathryn. “US Hegemony in Korean Studies and the Soviet Role in Early Postwar Korea,”"
            in page
        )
        assert f'href="{PAPER}/cite.bib"' in page

    def test_every_note_page_has_cite_this(self, client, collection):
        page = client.get(f"{PAPER}/notes/14/").content.decode()
        assert "Cite this text" in page and f'href="{PAPER}/cite.ris"' in page

    def test_formatted_citations_escape_the_data(self, db):
        document = Document(slug="x", title="A <script>alert(1)</script> & co", authors="Jane Doe")
        for style in formatting.cite_this(document):
            assert "<script>" not in style["html"]
            assert "&lt;script&gt;" in style["html"]
            assert "<script>" in style["text"]

    def test_drafts_cannot_be_cited_by_the_public(self, client, collection):
        Document.objects.filter(slug="weathersby-soviet-role").update(status=Document.Status.DRAFT)
        for suffix in ("cite/", "cite.json", "cite.bib", "cite.ris"):
            assert client.get(f"{PAPER}/{suffix}").status_code == 404

    def test_staff_can_cite_a_draft(self, editor_client, collection):
        Document.objects.filter(slug="weathersby-soviet-role").update(status=Document.Status.DRAFT)
        assert editor_client.get(f"{PAPER}/cite.json").status_code == 200

    @pytest.mark.parametrize("suffix", ["cite/", "cite.json", "cite.bib", "cite.ris"])
    def test_fixed_number_of_queries(
        self, client, collection, django_assert_max_num_queries, suffix
    ):
        # the document, its citations, and the name forms of creators who are actors
        with django_assert_max_num_queries(3):
            assert client.get(f"{PAPER}/{suffix}").status_code == 200
