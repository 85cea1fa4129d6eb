"""Evidence at a glance: every note marker in the paper says what the note rests on.

The table below was written by reading the notes themselves (fixtures/texts/
weathersby-soviet-role.txt, Notes), not from the code or the curated fixture:

- archival (A): the note gives an archival original by its address (fond, opis, delo or a
  manuscript collection's reel), even where it also points to a published text (45–51) or a
  published collection (4: the Volkogonov Papers copy); Ibid. and a short form take the type of
  what they repeat (7, 16–18 → 15, 20 → 14, 49–50 → 48).
- second-hand (C): “Cited in” Lebedev's thesis (35–38).
- edition (D): the note cites published documents: FRUS volumes (2, 3, 9, 13, 27), a documents
  collection (13), a document “published in” a journal (44), the CWIHP Bulletin for “the full
  text of this document” (57), and “p. 12” of the published translation (52, with 53–54 Ibid.).
- secondary (L): books, articles, a thesis, a working paper read as an account (8), the Army
  Handbook (25, 26 → 25); 32 explains and then sends to the author's own article (33 Ibid.).
- quoted-note (Q): 23 is the quoted directive's own note.
- explanatory (N): asides citing nothing specific (30, 31, 34).
"""

import re

import pytest

from citations.models import ArchivalDocument, ArchivalFile
from documents.models import Document

from .linking_samples import PAPER
from .test_accessibility import _axe_available  # noqa: F401 (a fixture)

READER = f"/documents/{PAPER}/"

A, C, D, L, Q, N = "archival", "second-hand", "edition", "secondary", "quoted-note", "explanatory"
READ_FROM_THE_NOTES = {
    1: L, 2: D, 3: D, 4: A, 5: L, 6: A, 7: A, 8: L, 9: D, 10: L,
    11: L, 12: L, 13: D, 14: A, 15: A, 16: A, 17: A, 18: A, 19: A, 20: A,
    21: L, 22: A, 23: Q, 24: A, 25: L, 26: L, 27: D, 28: L, 29: L, 30: N,
    31: N, 32: L, 33: L, 34: N, 35: C, 36: C, 37: C, 38: C, 39: A, 40: A,
    41: L, 42: L, 43: L, 44: D, 45: A, 46: A, 47: A, 48: A, 49: A, 50: A,
    51: A, 52: D, 53: D, 54: D, 55: L, 56: A, 57: D, 58: L,
}  # fmt: skip
SYMBOLS = {A: "A", C: "C", D: "D", L: "L", Q: "Q", N: "N"}
MARKER = re.compile(
    r'<sup class="note-ref mark-([a-z-]+)"><a href="#fn-(\d+)"[^>]*aria-label="Note \2[A-Z], ([^"]+)"'
    r'[^>]*>\2<span class="note-mark">([A-Z])</span></a></sup>'
)


def markers(html: str) -> dict[int, set[tuple[str, str, str]]]:
    found: dict[int, set] = {}
    for key, number, label, symbol in MARKER.findall(html):
        found.setdefault(int(number), set()).add((key, symbol, label))
    return found


@pytest.mark.django_db
class TestEveryMarkerSaysWhatItsNoteRestsOn:
    def test_the_58_notes_are_typed_as_read(self, client, collection):
        html = client.get(READER).content.decode()
        found = markers(html)
        assert len(READ_FROM_THE_NOTES) == 58
        assert set(found) == set(READ_FROM_THE_NOTES)  # every note's marker carries a type
        got = {number: {key for key, _, _ in marks} for number, marks in found.items()}
        assert got == {number: {kind} for number, kind in READ_FROM_THE_NOTES.items()}
        for number, marks in found.items():
            for key, symbol, _label in marks:
                assert symbol == SYMBOLS[key], number

    def test_a_screen_reader_hears_the_type(self, client, collection):
        html = client.get(READER).content.decode()
        labels = {
            number: {label for _, _, label in marks} for number, marks in markers(html).items()
        }
        assert labels[40] == {"archival original"}
        assert labels[35] == {"archival, cited second-hand"}
        assert labels[2] == {"published documents"}

    def test_the_legend_names_every_mark(self, client, collection):
        html = client.get(READER).content.decode()
        legend = html.split('id="note-legend"', 1)[1].split("</details>", 1)[0]
        for label in (
            "Archival original",
            "Archival, cited second-hand",
            "Published documents",
            "Secondary literature",
            "Note of the quoted document",
            "Explanatory note",
        ):
            assert label in legend

    def test_the_notes_list_carries_the_type_too(self, client, collection):
        html = client.get(READER).content.decode()
        assert re.search(r'<li id="fn-36" value="36" class="mark-second-hand">', html)
        number = html.split('id="fn-36"', 1)[1].split("</span>", 2)
        assert '<span class="note-mark">C' in number[0] + number[1]

    def test_only_archival_is_a_url_that_works_without_javascript(self, client, collection):
        html = client.get(READER).content.decode()
        assert re.search(r'<a href="\?only=archival#s-\d+">Only archival original notes', html)
        html = client.get(READER + "?only=archival").content.decode()
        assert re.search(r'<article class="reader [^"]*only-mark only-archival', html)
        assert "Show every note" in html
        plain = client.get(READER + "?only=nonsense").content.decode()
        assert "only-mark" not in plain.split("<article", 1)[1].split(">", 1)[0]

    def test_a_text_without_notes_has_no_legend(self, client, collection):
        interview = Document.objects.get(slug="shen-zhihua-interview")
        html = client.get(interview.get_absolute_url()).content.decode()
        assert 'id="note-legend"' not in html and "section-filter" not in html
        assert 'id="note-legend"' in client.get(READER).content.decode()


@pytest.mark.django_db(transaction=True)
class TestOnlyArchivalInTheBrowser:
    def test_the_armistice_section_keeps_only_archival_markers(self, page):
        from .browser_tabs import load_site

        load_site()
        page.goto(page.site + READER + "?only=archival#p-40")
        visible = page.eval_on_selector_all(
            ".para .note-ref",
            "els => els.filter(e => e.offsetParent !== null).map(e => e.className)",
        )
        assert visible and all(name == "note-ref mark-archival" for name in visible)
        hidden = page.eval_on_selector_all(
            ".para .note-ref.mark-secondary",
            "els => els.filter(e => e.offsetParent === null).length",
        )
        assert hidden > 0  # the secondary literature of ¶41–43 is there, hidden


@pytest.mark.django_db
class TestSecondHandOnFileAndDocumentPages:
    """Notes 35–38 cite TsAMO files “Cited in” Lebedev's thesis: the file pages say so; the
    AVPRF files the author read herself do not."""

    def test_every_tsamo_file_page_says_its_citations_are_second_hand(self, client, collection):
        files = ArchivalFile.objects.filter(archive__slug="tsamo")
        assert files.count() >= 3
        for file in files:
            html = client.get(file.get_absolute_url()).content.decode()
            assert "Cited second-hand:" in html, file
            assert "In Search of Law and Order" in html.split("Cited second-hand:", 1)[1]
            assert "second-hand, cited in" in html

    def test_a_file_the_author_read_is_not_marked(self, client, collection):
        file = ArchivalFile.objects.get(archive__slug="avprf", fond="0102", opis="1", delo="15")
        html = client.get(file.get_absolute_url()).content.decode()
        assert "second-hand" not in html

    def test_a_second_hand_document_page_says_so(self, client, collection):
        item = ArchivalDocument.objects.filter(citations__cited_in__isnull=False).first()
        assert item is not None  # note 37 names “The basic provisions …”
        html = client.get(item.get_absolute_url()).content.decode()
        assert "Cited second-hand:" in html and "note 37 cites this document" in html


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_axe_available")
def test_typed_markers_and_the_legend_pass_axe(browser, live_server):
    """axe-core (WCAG 2.2 AA) on the reader with typed markers, also filtered: in particular
    each marker's visible text (“45A”) is part of its accessible name. (CSP is bypassed in this
    tab only so that axe can be injected.)"""
    from .browser_tabs import load_site
    from .test_accessibility import violations

    load_site()
    context = browser.new_context(bypass_csp=True)
    try:
        tab = context.new_page()
        for address in (READER, READER + "?only=archival"):
            tab.goto(live_server.url + address)
            assert violations(tab) == [], address
    finally:
        context.close()
        live_server.answering.wait_until_idle()  # (conftest._Answering)
