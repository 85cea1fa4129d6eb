"""Drafts that never invent, on notes the parser was not tuned on: the editors' notes of
Foreign Relations of the United States (public domain; HistoryAtState/frus, TEI), copied word
for word with their volume and document, and the forms issue 11 quotes from such notes. Each
is recognised for what it is, or flagged for an editor; no title, publisher or year is made
from prose."""

import re

import pytest

from citations.citation_parser import parse_notes

CHANG_LETTER = (  # FRUS 1949, vol. VII, part 2 (frus1949v07p2), document 243, note 1
    "Korean Special Representative John M. Chang had forwarded to the Department under cover "
    "of an undated letter, probably transmitted on March 24, a lengthy memorandum from Chough "
    "Pyung Ok dated March 23 containing specific requests for military aid. On April 20, Mr. "
    "Butterworth acknowledged receipt of Dr. Chang’s letter and promised that Dr. Chough’s "
    "memorandum would receive “careful study and consideration.” (895.20 Mission/3–2449) None "
    "of the above mentioned documents are printed."
)
WARX = (  # frus1949v07p2, document 217, note 1
    "Telegram Warx 86359 not printed. The date referred to was June 30, 1940 (see paragraph 3c "
    "of NSC 8/2, March 22, p. 977) and the numbers are contained in paragraphs 3f (1), (2), and "
    "(3) of NSC 8/2, p. 978."
)

# (note, expected kind, expected fields, must it be flagged for review?)
NOTES = [
    (CHANG_LETTER, "archival", {"number": "895.20 Mission/3–2449"}, True),
    (WARX, "explanatory", {}, True),
    ("See footnote 5, p. 1009.", "explanatory", {}, True),  # frus1949v07p2, doc. 242, n. 3
    ("See telegram 299, April 28, to Seoul, p. 997.", "explanatory", {}, True),  # 243, n. 2
    ("Dated March 22, p. 969.", "explanatory", {}, True),  # doc. 243, note 4
    (  # doc. 243, note 3: an explanation, nothing to cite
        "Reference is to Rufino Luna and Liu Yu-Wan, Philippine and Chinese representatives on "
        "UNCOK.",
        "explanatory",
        {},
        False,
    ),
    (  # doc. 244, note 1
        "Dr. Chang presented his credentials as Ambassador of the Republic of Korea on March 25, "
        "1949.",
        "archival",  # read as a dated document: flagged, and no title made of the sentence
        {"title": ""},
        True,
    ),
    # The forms issue 11 quotes from FRUS notes:
    ("Not printed.", "explanatory", {}, True),
    ("See Document 45.", "explanatory", {}, True),
    (
        "Foreign Relations, 1948, vol. VI, p. 1123.",
        "published",
        {"title": "Foreign Relations, 1948", "volume": "VI", "pinpoint": "1123"},
        True,
    ),
    (
        "Telegram 1234, December 22, from Seoul, not printed (501.BB Korea/12–2248).",
        "archival",
        {"number": "501.BB Korea/12–2248", "kind": "telegram"},
        True,
    ),
]


def fields(reference) -> dict:
    found = {"pinpoint": reference.pinpoint}
    if reference.document is not None:
        found |= {"number": reference.document.number, "kind": reference.document.kind}
        found["title"] = reference.document.title
    if reference.source is not None:
        found |= {"title": reference.source.title, "volume": reference.source.volume}
        found |= {"publisher": reference.source.publisher, "issued": reference.source.issued}
    return found


@pytest.mark.parametrize(("note", "kind", "expected", "flagged"), NOTES)
def test_recognised_or_flagged(note, kind, expected, flagged):
    ((reference,),) = [draft.references for draft in parse_notes([(1, note)])]
    assert reference.kind == kind
    assert reference.printed in note
    found = fields(reference)
    for name, value in expected.items():
        assert found[name] == value, name
    assert reference.needs_review == flagged, reference.reasons


@pytest.mark.parametrize(("note", "kind", "expected", "flagged"), NOTES)
def test_nothing_made_from_prose(note, kind, expected, flagged):
    for reference in parse_notes([(1, note)])[0].references:
        found = fields(reference)
        # no publisher, no year of publication: these notes print none
        assert not found.get("publisher") and not found.get("issued")
        title = found.get("title", "")
        # a title only where the note prints one as a title or a short title
        assert not title or title == expected.get("title"), title
        assert not re.search(r"\b(?:ibid|Not printed|Document \d)", title or "", re.I)


@pytest.mark.parametrize("ibid", ["See ibid.", "Ibid.", "*Ibid.*"])
def test_ibid_repeats_the_note_before(ibid):
    volume, repeat = parse_notes([(1, "Foreign Relations, 1948, vol. VI, p. 1123."), (2, ibid)])
    (reference,) = repeat.references
    assert reference.kind == "ibid" and reference.ibid_of == (1, 1)
    assert not reference.needs_review


def test_a_year_no_book_has_is_not_kept():
    ((reference,),) = [
        draft.references
        for draft in parse_notes(
            [(1, "See Walter Smith, *A Study of Things* (New York: Norton, 2449), p. 12.")]
        )
    ]
    assert reference.source is None or reference.source.issued != "2449"
    assert reference.needs_review
