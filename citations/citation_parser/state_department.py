"""Notes in the manner of the US Department of State's editors (Foreign Relations of the United
States): read for what they say and no more.

They cite the Department's central files by decimal file number (“501.BB Korea/12–2248”,
“895.20 Mission/3–2449”, “740.00119 Control (Korea)/5–1149”), telegrams and despatches by
their number, other volumes as “Foreign Relations, 1948, vol. VI, p. 1123”, and send the reader
elsewhere in the volume (“See Document 45.”, “See footnote 5, p. 1009.”, “Not printed.”).
None of these has a title, a publisher or a year of publication, and none is invented here:
what is recognised is kept in the fields it fills; every draft that is not certain says why
(`Reference.doubt`), so an editor reviews it.
"""

from __future__ import annotations

import re

from .drafts import DocumentDraft, Reference, SourceDraft

DECIMAL_FILE = re.compile(
    r"\b\d{3}\.[0-9A-Z.]*[0-9A-Z]"  # class and country/subject: 501.BB, 895.20, 740.00119
    r"(?:\s+[A-Z][A-Za-z]*)*"  # a subject word: Korea, Mission, Control
    r"(?:\s+\([A-Z][^()]*\))?"  # a parenthesis: (Korea)
    r"/\d{1,2}[–-](?:\d{2,6}|…|\.\.\.)?"  # /month–daymonthyear, possibly cut short
)
FOREIGN_RELATIONS = re.compile(
    r"Foreign Relations,\s+(?P<year>\d{4}(?:[–-]\d{2,4})?),\s+vol\.\s+(?P<volume>[IVXLC]+)"
    r"(?:,\s+(?:[Pp]art|pt\.)\s+(?P<part>\d+))?"
    r"(?:,\s+pp?\.\s+(?P<pages>\d+(?:\s*[–-]\s*\d+)?))?"
)
NUMBERED = re.compile(
    r"\b(?P<kind>[Tt]elegram|[Dd]espatch|[Dd]ispatch|[Aa]irgram|[Ii]nstruction)s?"
    r"\s+(?:[Nn]o\.\s*)?(?P<number>\d+)"
)
NOT_PRINTED = re.compile(r"\b(?:[Nn]ot printed|are not printed|is not printed|not found)\b")
CROSS_REFERENCE = re.compile(
    r"\b(?:See\s+)?(?:Document|[Ff]ootnote)\s+\d+|\b[Dd]ated\s+\w+\s+\d{1,2}|\bpp?\.\s+\d+"
)
IBID = re.compile(
    r"(?:See\s+)?\*?[Ii]bid\.?\*?(?:,?\s*(?P<pinpoint>pp?\.\s*\d+(?:\s*[–-]\s*\d+)?))?\.?"
)
KINDS = {"dispatch": "despatch"}


def is_state_department_note(text: str) -> bool:
    """Whether the note reads like a State Department editor's (one of the forms above)."""
    return bool(
        DECIMAL_FILE.search(text)
        or FOREIGN_RELATIONS.search(text)
        or NOT_PRINTED.search(text)
        or re.search(r"\bSee\s+(?:Document|footnote)\s+\d+", text)
        or re.fullmatch(r"See\s+ibid\.?", text.strip(), re.IGNORECASE)
    )


def looks_like_a_reference(text: str) -> bool:
    """A note the parser found no reference in that still names a numbered telegram or
    despatch, a page, a year, a quotation or a title: an editor should look."""
    return bool(NUMBERED.search(text) or re.search(r"\bpp?\.\s+\d+|\d{4}|\*|“|\"", text))


def read_note(text: str) -> list[Reference]:
    """The references of a State Department note, each printed as the note prints it."""
    stripped = text.strip()
    ibid = IBID.fullmatch(stripped)
    if ibid:
        reference = Reference("ibid", stripped)
        if ibid["pinpoint"]:
            reference.pinpoint = re.sub(r"^pp?\.\s*", "", ibid["pinpoint"])
            reference.pinpoint_unit = "page"
        return [reference]
    references = [_volume(match) for match in FOREIGN_RELATIONS.finditer(stripped)]
    references += _files(stripped)
    if references:
        return references
    numbered = list(NUMBERED.finditer(stripped))
    if numbered:
        return [_numbered(stripped, match) for match in numbered]
    reference = Reference("explanatory", stripped)
    if NOT_PRINTED.search(stripped):
        reference.doubt(
            "the editors say a document is not printed: the text's own mention is all there "
            "is to cite",
            0.8,
        )
    elif CROSS_REFERENCE.search(stripped):
        reference.doubt("a cross-reference within the volume (a document, a note or a page)", 0.8)
    elif re.search(r"\d{4}|“|\"|\*", stripped):
        reference.doubt("no reference recognised, but the note has a year, a quotation or a title")
    return [reference]


def _volume(match: re.Match) -> Reference:
    """“Foreign Relations, 1948, vol. VI, p. 1123”: the year names the volume, not its
    publication, so it is not the work's date."""
    reference = Reference(
        "published",
        match.group(),
        source=SourceDraft(type="book", title=f"Foreign Relations, {match['year']}"),
    )
    reference.source.volume = match["volume"] + (f", part {match['part']}" if match["part"] else "")
    if match["pages"]:
        reference.pinpoint = match["pages"].replace("-", "–").replace(" ", "")
        reference.pinpoint_unit = "page"
    reference.doubt("Foreign Relations cited by its short title: the volume's full title to add")
    return reference


def _files(text: str) -> list[Reference]:
    """One archival reference per decimal file number, with the telegram or despatch number
    printed beside it in the same sentence."""
    references = []
    for match in DECIMAL_FILE.finditer(text):
        sentence_start = max(text.rfind(". ", 0, match.start()), text.rfind("; ", 0, match.start()))
        numbered = None
        for candidate in NUMBERED.finditer(text, max(0, sentence_start), match.start()):
            numbered = candidate
        start = numbered.start() if numbered else match.start()
        document = DocumentDraft(number=match.group())
        if numbered:
            kind = numbered["kind"].lower()
            document.kind = KINDS.get(kind, kind)
        reference = Reference("archival", text[start : match.end()], document=document)
        if numbered:
            reference.printed_fields["number"] = numbered.group()
        reference.doubt(
            "a Department of State decimal file number: the file is in the Department's "
            "central files, which the note does not name"
        )
        if NOT_PRINTED.search(text):
            reference.doubt("the editors say it is not printed in the volume")
        if match.group().endswith(("–", "-", "…", "...")):
            reference.doubt("the file number is cut short", 0.4)
        references.append(reference)
    return references


def _numbered(text: str, match: re.Match) -> Reference:
    kind = match["kind"].lower()
    document = DocumentDraft(kind=KINDS.get(kind, kind), number=match["number"])
    reference = Reference("archival", match.group(), document=document)
    reference.doubt(
        f"a {document.kind} cited by its number alone"
        + (" (not printed)" if NOT_PRINTED.search(text) else "")
    )
    return reference
