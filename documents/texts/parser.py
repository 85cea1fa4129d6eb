"""Parse plain-text sources (papers, interviews, primary sources): stdlib only, no Django.

An article starts with a title, an optional byline, ``Abstract`` and ``Keywords:``; its body is
blocks (paragraphs, short headings) separated by blank lines; a line ``Notes`` starts the notes.
An interview is one paragraph per line.  Superscript markers (``¹``, ``¹²``) become NoteRef
offsets.  Wording is never changed: lines are stripped, page-break pieces joined by one space.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import takewhile

MARKER_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
KINDS = ("article", "interview", "primary")

_MARKER_RE = re.compile(f"[{MARKER_DIGITS}]+")
_TO_ASCII = str.maketrans(MARKER_DIGITS, "0123456789")
_TO_SUPERSCRIPT = str.maketrans("0123456789", MARKER_DIGITS)
_NOTE_RE = re.compile(r"(\d+)\.\s+(.*)")
_SENTENCE_END = ".?!”\"’'"  # a paragraph ending otherwise was cut by a page break
_NOT_HEADING_END = _SENTENCE_END + ":;," + MARKER_DIGITS
_HEADING_MAX = 100


class ParseError(Exception):
    """A text that cannot be parsed; ``line`` is 1-based, or None for the whole file."""

    def __init__(self, message: str, *, line: int | None = None, filename: str = "<text>"):
        self.message = message
        self.line = line
        self.filename = filename
        super().__init__(str(self))

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.filename}: {self.message}"
        return f"{self.filename}, line {self.line}: {self.message}"

    def __reduce__(self):
        return (self.__class__, (self.message,), {"line": self.line, "filename": self.filename})


@dataclass(frozen=True)
class NoteRef:
    number: int
    offset: int  # index in the cleaned paragraph text where the marker stood


@dataclass
class Paragraph:
    text: str
    line: int  # 1-based source line where the paragraph starts
    section: int  # index into ParsedText.sections
    kind: str = "body"  # "body" | "question" | "answer" | "quotation"
    speaker: str = ""
    refs: list[NoteRef] = field(default_factory=list)


@dataclass
class Section:
    title: str  # "" for an untitled section
    line: int | None


@dataclass
class Note:
    number: int
    text: str
    line: int


@dataclass
class ParsedText:
    kind: str  # "article" | "interview" | "primary"
    title: str = ""
    authors: list[str] = field(default_factory=list)
    affiliation: str = ""
    abstract: str = ""
    keywords: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    abstract_refs: list[NoteRef] = field(default_factory=list)  # markers found in the abstract

    @property
    def paragraph_count(self) -> int:
        return len(self.paragraphs)

    @property
    def note_count(self) -> int:
        return len(self.notes)

    @property
    def ref_count(self) -> int:
        return len(self.abstract_refs) + sum(len(p.refs) for p in self.paragraphs)


@dataclass
class _Line:
    number: int
    text: str  # stripped


Block = list[_Line]
Anchors = list[tuple[int, int]]  # (note number, source line) of every marker, in text order


def decode(data: bytes, filename: str = "<text>") -> str:
    """Decode UTF-8 bytes (dropping a BOM) and normalise line endings to LF."""
    data = bytes(data).removeprefix(b"\xef\xbb\xbf")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        head = data[: error.start].replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        message = f"not UTF-8 text (invalid byte 0x{data[error.start]:02x})"
        raise ParseError(message, line=head.count(b"\n") + 1, filename=filename) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_bytes(data: bytes, *, kind: str = "article", filename: str = "<text>") -> ParsedText:
    """Decode ``data`` and parse it (see :func:`parse_text`)."""
    return parse_text(decode(data, filename), kind=kind, filename=filename)


def parse_text(text: str, *, kind: str = "article", filename: str = "<text>") -> ParsedText:
    """Parse a whole text of the given kind; raise ParseError on malformed input."""
    try:
        return _parse(text, kind)
    except ParseError as error:
        raise ParseError(error.message, line=error.line, filename=filename) from None


def _parse(text: str, kind: str) -> ParsedText:
    if kind not in KINDS:
        raise ParseError(f"unknown kind {kind!r} (expected one of {', '.join(KINDS)})")
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = [_Line(n, raw.strip()) for n, raw in enumerate(text.split("\n"), start=1)]
    if not any(line.text for line in lines):
        raise ParseError("the file is empty")
    body, notes_line, note_lines = _split_at_notes(lines)
    result = ParsedText(kind=kind)
    anchors: Anchors = []
    if kind == "interview":
        _read_interview(body, result, anchors)
    else:
        blocks = _blocks(body)
        if not blocks:
            raise ParseError("there is no title before “Notes”", line=notes_line)
        _read_front_matter(blocks, result, anchors)
        _read_body(blocks, result, anchors)
    if notes_line is not None:
        result.notes = _read_notes(note_lines, notes_line)
    _check_markers(anchors, result.notes)
    return result


def _split_at_notes(lines: list[_Line]) -> tuple[list[_Line], int | None, list[_Line]]:
    """Split at the first line that is exactly ``Notes``: (body, its line number, note lines)."""
    for index, line in enumerate(lines):
        if line.text == "Notes":
            return lines[:index], line.number, lines[index + 1 :]
    return lines, None, []


def _blocks(lines: list[_Line]) -> list[Block]:
    """Group non-empty lines into blocks separated by blank lines."""
    blocks: list[Block] = [[]]
    for line in lines:
        if line.text:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [block for block in blocks if block]


def _take_line(blocks: list[Block]) -> _Line:
    """Remove and return the first line of the first block."""
    line = blocks[0].pop(0)
    if not blocks[0]:
        blocks.pop(0)
    return line


def _strip_markers(text: str, start: int) -> tuple[str, list[NoteRef]]:
    """Remove superscript markers; offsets are in the cleaned text, shifted by ``start``."""
    refs, removed = [], 0
    for match in _MARKER_RE.finditer(text):
        number = int(match.group().translate(_TO_ASCII))
        refs.append(NoteRef(number, start + match.start() - removed))
        removed += len(match.group())
    return _MARKER_RE.sub("", text), refs


def _append(par: Paragraph, line: _Line, anchors: Anchors, sep: str = " ") -> None:
    """Add one source line to a paragraph (after ``sep``), moving its markers into refs."""
    sep = sep if par.text else ""
    clean, refs = _strip_markers(line.text, len(par.text) + len(sep))
    par.text += sep + clean
    par.refs.extend(refs)
    anchors.extend((ref.number, line.number) for ref in refs)


def _ends_sentence(text: str) -> bool:
    """True if cleaned text ends a sentence (so a page break did not cut it)."""
    return text.endswith(tuple(_SENTENCE_END))


def _is_heading(block: Block) -> bool:
    """A one-line block, short, not ending in sentence punctuation or a marker."""
    text = block[0].text
    return (
        len(block) == 1 and len(text) < _HEADING_MAX and not text.endswith(tuple(_NOT_HEADING_END))
    )


def _starts_lower(blocks: list[Block], index: int) -> bool:
    """True if blocks[index] exists and begins (after opening quotes) with a lower-case letter."""
    if index >= len(blocks):
        return False
    text = blocks[index][0].text.lstrip("“\"‘'([")
    return bool(text) and text[0].islower()


def _read_interview(lines: list[_Line], result: ParsedText, anchors: Anchors) -> None:
    """One untitled section; every non-empty line is a paragraph (speakers left to editors)."""
    result.sections.append(Section("", None))
    for line in lines:
        if line.text:
            par = Paragraph("", line.number, 0)
            _append(par, line, anchors)
            result.paragraphs.append(par)


def _read_front_matter(blocks: list[Block], result: ParsedText, anchors: Anchors) -> None:
    """Consume title, byline, abstract and keywords from the front of ``blocks``."""
    result.title = _take_line(blocks).text
    if blocks and _is_byline(blocks):
        result.authors, result.affiliation = _split_byline(_take_line(blocks).text)
    if blocks and blocks[0][0].text.lower() == "abstract":
        _take_line(blocks)
        _read_abstract(blocks, result, anchors)
    if blocks and blocks[0][0].text.lower().startswith("keywords:"):
        words = _take_line(blocks).text.partition(":")[2]
        result.keywords = [w.strip() for w in re.split(r"[,;]", words) if w.strip()]


def _caps_run(text: str) -> list[str]:
    """The leading ALL-CAPS words of a line (a name like ``KATHRYN WEATHERSBY``)."""
    return list(takewhile(str.isupper, text.split()))


def _is_byline(blocks: list[Block]) -> bool:
    """The next line is a byline if it starts with an ALL-CAPS name or precedes ``Abstract``."""
    following = [line.text.lower() for block in blocks[:2] for line in block][1:2]
    return len(_caps_run(blocks[0][0].text)) >= 2 or following == ["abstract"]


def _split_byline(text: str) -> tuple[list[str], str]:
    """Split a byline into author names (title-cased) and the affiliation."""
    run = _caps_run(text)
    if run:
        names, affiliation = " ".join(run), " ".join(text.split()[len(run) :])
        names = names.title()
    else:
        names, _, affiliation = text.partition(",")
    authors = [n.strip(" ,;") for n in re.split(r",|;|\band\b|\bAnd\b", names)]
    return [a for a in authors if a], affiliation.strip(" ,;")


def _read_abstract(blocks: list[Block], result: ParsedText, anchors: Anchors) -> None:
    """Paragraphs after ``Abstract`` up to a ``Keywords:`` line or a heading."""
    scratch = Paragraph("", 0, -1)
    while blocks:
        complete = not scratch.text or _ends_sentence(scratch.text)
        block = blocks[0]
        if block[0].text.lower().startswith("keywords:") or (complete and _is_heading(block)):
            break
        blocks.pop(0)
        for index, line in enumerate(block):
            _append(scratch, line, anchors, "\n\n" if complete and index == 0 else " ")
    result.abstract, result.abstract_refs = scratch.text, scratch.refs


def _read_body(blocks: list[Block], result: ParsedText, anchors: Anchors) -> None:
    """Headings start sections; a paragraph cut mid-sentence takes in the next block.

    A heading can only stand at the start of the body or after a complete paragraph, and is
    never followed by a block that starts in lower case (that is a paragraph cut by a page break).
    """
    current: Paragraph | None = None  # the last block read, when it was a paragraph
    for index, block in enumerate(blocks):
        if current is not None and not _ends_sentence(current.text):
            for line in block:
                _append(current, line, anchors)
        elif (
            (index == 0 or current is not None)
            and _is_heading(block)
            and not _starts_lower(blocks, index + 1)
        ):
            result.sections.append(Section(block[0].text, block[0].number))
            current = None
        else:
            if not result.sections:
                result.sections.append(Section("", None))
            current = Paragraph("", block[0].number, len(result.sections) - 1)
            for line in block:
                _append(current, line, anchors)
            result.paragraphs.append(current)


def _read_notes(lines: list[_Line], notes_line: int) -> list[Note]:
    """Numbered notes ``N. text``; other lines continue the previous note."""
    notes: list[Note] = []
    after_blank = False
    for line in lines:
        if not line.text:
            after_blank = True
            continue
        match = _NOTE_RE.fullmatch(line.text)
        if match:
            notes.append(Note(int(match[1]), match[2], line.number))
        elif not notes:
            raise ParseError("text after “Notes” that is not a numbered note", line=line.number)
        else:
            text = line.text
            if after_blank and text.startswith("- "):
                text = text[2:].lstrip()  # a note continued after a page break
            notes[-1].text += " " + text
        after_blank = False
    if not notes:
        raise ParseError("“Notes” is not followed by any notes", line=notes_line)
    _check_numbering(notes)
    return notes


def _check_numbering(notes: list[Note]) -> None:
    """Notes must be numbered 1..n in order."""
    previous = 0
    for note in notes:
        if note.number <= previous:
            raise ParseError(f"note {note.number} is numbered twice", line=note.line)
        if note.number != previous + 1:
            where = f"follows note {previous}" if previous else "is the first note (expected 1)"
            raise ParseError(f"note {note.number} {where}", line=note.line)
        previous = note.number


def _superscript(number: int) -> str:
    return str(number).translate(_TO_SUPERSCRIPT)


def _check_markers(anchors: Anchors, notes: list[Note]) -> None:
    """Every marker has a note, first uses come in order 1, 2, 3…, every note is referenced."""
    numbers = {note.number for note in notes}
    referenced: set[int] = set()
    for number, line in anchors:
        if number not in numbers:
            raise ParseError(f"note marker {_superscript(number)} has no note", line=line)
        if number not in referenced:
            expected = len(referenced) + 1
            if number != expected:
                message = f"note marker {_superscript(number)} is out of order"
                raise ParseError(f"{message} (expected {_superscript(expected)})", line=line)
            referenced.add(number)
    for note in notes:
        if note.number not in referenced:
            message = f"note {note.number} is never referenced in the text"
            raise ParseError(message, line=note.line)
