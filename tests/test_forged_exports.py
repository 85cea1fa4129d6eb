"""Exports cannot be forged by stored text: a line break or control character an editor puts in
a field stays inside that field, as a space, in RIS, BibTeX and CSL-JSON."""

import json
import re

import bibtexparser
import pytest

RIS_FORGERY = "X\nER  - \nTY  - JOUR\nTI  - Injected"
BIBTEX_FORGERY = "X}\n}\n\n@article{injected,\n  title = {Injected}"
CONTROLS = "Tab\there\r\nbell\x07 escape\x1b[31m soh\x01 line\u2028sep"


@pytest.fixture
def forged(paper):
    paper.title = RIS_FORGERY
    paper.abstract = CONTROLS
    paper.save()
    return paper


def export(client, document, extension):
    response = client.get(f"{document.get_absolute_url()}cite.{extension}")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
class TestForgedFields:
    def test_ris_keeps_one_record_and_one_title_line(self, client, forged):
        text = export(client, forged, "ris")
        lines = text.splitlines()
        assert [line for line in lines if line.startswith("TY  - ")] == ["TY  - GEN"]
        assert [line for line in lines if line.startswith("ER  -")] == ["ER  -"]
        titles = [line for line in lines if line.startswith("TI  - ")]
        assert titles == ["TI  - X ER  -  TY  - JOUR TI  - Injected"]
        assert all(re.match(r"^[A-Z][A-Z0-9]  -( |$)", line) for line in lines)

    def test_bibtex_keeps_one_entry_with_the_title_as_written(self, client, forged):
        forged.title = BIBTEX_FORGERY
        forged.save()
        library = bibtexparser.parse_string(export(client, forged, "bib"))
        assert not library.failed_blocks
        assert [entry.key for entry in library.entries] == ["paper"]
        assert library.entries[0]["title"] == r"X\} \} @article\{injected,   title = \{Injected\}"

    def test_csl_json_fields_hold_no_line_break_or_control(self, client, forged):
        (item,) = json.loads(export(client, forged, "json"))
        assert item["title"] == "X ER  -  TY  - JOUR TI  - Injected"
        assert item["abstract"] == "Tab here bell escape[31m soh line sep"

    def test_no_export_carries_a_control_character(self, client, forged):
        for extension in ("ris", "bib", "json"):
            text = export(client, forged, extension)
            assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]", text)
