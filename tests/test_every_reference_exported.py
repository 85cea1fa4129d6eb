"""Every reference of every note reaches a reference manager: the curated fixture (not the
code) says what each of the paper's 58 notes cites, and each archival file, archival document
and published work must be in the note's CSL-JSON, BibTeX and RIS, and in the document's."""

import json
import re

import pytest

from tests.conftest import FIXTURES

PAPER = "/documents/weathersby-soviet-role"
CURATED = json.loads(
    (FIXTURES / "citations" / "weathersby-soviet-role.json").read_text(encoding="utf-8")
)
NOTES = {int(number): refs for number, refs in CURATED["notes"].items()}
# The archival address as the exports spell it (the usual Russian abbreviations).
ADDRESS = (("fond", "f."), ("opis", "op."), ("delo", "d."), ("papka", "p."), ("reel", "reel"))
REFERENCE_KINDS = {"archival", "published", "ibid"}


def resolved(number: int, position: int) -> dict:
    """The reference at (note, position) with what an Ibid. or a short form stands for."""
    ref = dict(NOTES[number][position - 1])
    if ref["kind"] == "ibid":
        assert "ibid_of" in ref, f"note {number}: an Ibid. the fixture does not resolve"
        return resolved(*ref["ibid_of"])
    if "short_form_of" in ref:
        first = resolved(*ref["short_form_of"])
        for key in ("file", "document", "source"):
            if key in first and key not in ref:
                ref[key] = first[key]
    return ref


def address(file: dict) -> str:
    parts = [file["collection"]] if file.get("collection") else []
    parts += [f"{abbreviation} {file[name]}" for name, abbreviation in ADDRESS if file.get(name)]
    return ", ".join(parts)


def marks(ref: dict) -> list[str]:
    """What must be found in an export for this reference: the archive and the file's address,
    each published work's title."""
    found = []
    if "file" in ref:
        found += [CURATED["archives"][ref["file"]["archive"]]["name"], address(ref["file"])]
    for key in ("source", "cited_in"):
        if key in ref:
            work = CURATED["sources"][ref[key]]
            found.append(work.get("title") or work.get("container_title") or work["event"])
    if ref.get("document", {}).get("title"):
        found.append(ref["document"]["title"])
    return found


def expected(number: int) -> list[str]:
    return [
        mark
        for position, ref in enumerate(NOTES[number], start=1)
        if ref["kind"] in REFERENCE_KINDS
        for mark in marks(resolved(number, position))
    ]


def bibtex_text(body: str) -> str:
    """BibTeX with its escapes undone, to compare with the stored words."""
    return re.sub(r"\\([&%$#_{}])", r"\1", body).replace("--", "–")


def exports(client, base: str) -> dict[str, str]:
    texts = {}
    for extension in ("json", "bib", "ris"):
        response = client.get(f"{base}/cite.{extension}")
        assert response.status_code == 200, (base, extension)
        body = response.content.decode()
        if extension == "json":
            body = json.dumps(json.loads(body), ensure_ascii=False)
        texts[extension] = bibtex_text(body) if extension == "bib" else body
    return texts


@pytest.mark.django_db
def test_every_reference_of_every_note_in_every_export(client, collection):
    assert len(NOTES) == 58
    whole = exports(client, PAPER)
    checked = 0
    for number in sorted(NOTES):
        note = exports(client, f"{PAPER}/notes/{number}")
        for mark in expected(number):
            for extension in ("json", "bib", "ris"):
                if extension == "json":
                    mark_text = json.dumps(mark, ensure_ascii=False)[1:-1]
                else:
                    mark_text = mark
                assert mark_text in note[extension], (number, extension, mark)
                assert mark_text in whole[extension], ("document", extension, mark)
                checked += 1
        if not expected(number):
            # An explanatory note, or the quoted document's own note: nothing to export.
            assert json.loads(note["json"]) == [], number
    assert checked > 3 * 100


@pytest.mark.django_db
class TestNamesAndKinds:
    def items(self, client, path):
        return json.loads(client.get(f"{path}/cite.json").content)

    def test_a_file_cited_without_a_document_is_described_by_its_address(self, client, collection):
        (item,) = self.items(client, f"{PAPER}/notes/22")
        assert item["type"] == "manuscript"
        assert item["archive"] == "Russian State Archive of Socio-Political History"
        assert item["archive_location"] == "f. 17, op. 128, d. 205, str. 7–12"
        ris = client.get(f"{PAPER}/notes/22/cite.ris").content.decode()
        assert "TY  - MANSCPT" in ris and "AV  - f. 17, op. 128, d. 205, str. 7–12" in ris

    def test_the_thesis_and_the_file_it_cites(self, client, collection):
        for number in (35, 36, 38):
            kinds = sorted(item["type"] for item in self.items(client, f"{PAPER}/notes/{number}"))
            assert kinds == ["manuscript", "thesis"], number

    def test_two_authors_stay_two_and_no_given_name_is_invented(self, client, collection):
        (telegram,) = self.items(client, f"{PAPER}/notes/39")
        # The fixture stores "Shtykov and Tunkin": two people, family names only.
        assert telegram["author"] == [{"family": "Shtykov"}, {"family": "Tunkin"}]
        bib = client.get(f"{PAPER}/notes/39/cite.bib").content.decode()
        assert "author = {Shtykov and Tunkin}" in bib
        ris = client.get(f"{PAPER}/notes/39/cite.ris").content.decode()
        assert "AU  - Shtykov\r\nAU  - Tunkin\r\n" in ris

    def test_the_interview_names_its_interviewee(self, client, interview):
        (item,) = self.items(client, interview.get_absolute_url().rstrip("/"))
        assert item["type"] == "interview"
        # Chinese order: the family name first.
        assert item["author"] == [{"family": "Shen", "given": "Zhihua"}]
        ris = client.get(f"{interview.get_absolute_url()}cite.ris").content.decode()
        assert "AU  - Shen, Zhihua" in ris
        bib = client.get(f"{interview.get_absolute_url()}cite.bib").content.decode()
        assert "author = {Shen, Zhihua}" in bib
