"""One note into references: the note cut into segments (one reference, a document's header or
a remark each), each segment given its role and read; “Ibid.”, “Cited in”, remarks that belong
to the reference before them, explanatory notes and the quoted document's own note."""

from __future__ import annotations

import re

from .addresses import ADDRESS_FIELD_RE, ANY_LABEL, read_archival
from .archives import archive_of, has_archive, starts_with_archive
from .dates import find_date
from .drafts import FileAddress, NoteDraft, Reference
from .lead_ins import split_lead_in
from .names import NAME
from .published import looks_published, read_published, read_published_with_document
from .repeats import read_short_form, resolve
from .state_department import is_state_department_note, looks_like_a_reference, read_note


def parse_notes(notes, *, quoted: set[int] = frozenset()) -> list[NoteDraft]:
    """Parse (number, text) pairs in order and resolve Ibid. and repeated references.

    ``quoted``: numbers of notes whose marker stands inside a quotation (the quoted document's
    own note) — the parser cannot see this in the note's text, the caller can in the body.
    """
    drafts = [
        NoteDraft(number, text, parse_note(text, in_quotation=number in quoted))
        for number, text in notes
    ]
    resolve(drafts)
    return drafts


def parse_note(text: str, *, in_quotation: bool = False) -> list[Reference]:
    """Draft references for one note's text (Ibid. and short forms left unresolved)."""
    stripped = text.strip()
    ibid = re.fullmatch(r"\*?Ibid\.\*?\s*(.*)", stripped, re.DOTALL)
    if ibid:
        return [Reference("ibid", stripped, remark=ibid[1].strip())]
    if in_quotation:
        reference = Reference("quoted-note", stripped)
        reference.doubt("the marker stands inside a quotation: the quoted document's own note", 0.8)
        return [reference]
    references: list[Reference] = []
    for segment in _segments(stripped):
        references.extend(_read_segment(segment, references))
    unsure = any(reference.reasons or reference.kind == "explanatory" for reference in references)
    unsure = unsure or not references
    if unsure and is_state_department_note(stripped):
        # What the reader tuned on the paper's notes made of it is doubtful, and the note is
        # in the State Department's manner ("Not printed.", a decimal file): read it so.
        return read_note(stripped)
    for reference in references:
        _no_impossible_year(reference)
    if not any(ref.kind != "explanatory" for ref in references):
        reference = Reference("explanatory", stripped)
        if looks_like_a_reference(stripped):
            reference.doubt(
                "no reference found, but the note has a year, a title, a quotation, a page or "
                "a numbered telegram"
            )
        return [reference]
    return references


def _no_impossible_year(reference: Reference) -> None:
    """A “year” of publication no book can have (2449, read from a file number) is dropped."""
    source = reference.source
    year = re.match(r"\d{4}", source.issued) if source is not None and source.issued else None
    if year and not 1450 <= int(year.group()) <= 2100:
        reference.doubt(f"“{source.issued}” read as a year of publication: dropped", 0.4)
        source.issued = ""


# ---------------------------------------------------------------------------------------------
# Splitting a note into segments, one reference (or remark) each

_TERMINAL = r"(?:\d|\)|\]|\*|”|\"|’)"
_SPLIT_RE = re.compile(
    rf"(?<={_TERMINAL})(?:\.|\.”|\.\"|;)\s+(?=[A-ZА-Я\"“*‘])"  # after a number, title, parenthesis
    r"|(?<=\w)\.[”\"]\s+(?=[A-Z])"  # after a quoted title that ends a sentence
    r"|(?<=[a-z\]])\.\s+(?=(?:See|For|Cited in|Translation|The following)\b)"  # before a lead-in
    r"|(?<=[;])\s+"  # references listed with semicolons
)
_REMARK_RE = re.compile(r"(?:Translation|Translated|The following|The author of)\b")


def _top_level_semicolons(text: str) -> list[int]:
    depth, positions = 0, []
    for index, char in enumerate(text):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(0, depth - 1)
        elif char == ";" and depth == 0:
            positions.append(index)
    return positions


def _segments(text: str) -> list[str]:
    """Exact substrings of the note, each (about) one reference, a header or a remark."""
    cuts = [0]
    for match in _SPLIT_RE.finditer(text):
        inside = text[: match.start()].count("(") > text[: match.start()].count(")")
        if ";" in match.group() and match.start() not in _top_level_semicolons(text):
            continue
        if not inside:
            cuts.append(match.end())
    pieces = []
    for start, end in zip(cuts, cuts[1:] + [len(text)], strict=True):
        piece = text[start:end].strip().removesuffix(";").rstrip()
        if piece:
            pieces.append(piece)
    return _merge(pieces)


def _role(piece: str) -> str:
    if piece.startswith("Cited in"):
        return "cited-in"
    if _REMARK_RE.match(piece):
        return "comment"
    if has_archive(piece) and ADDRESS_FIELD_RE.search(piece):
        return "archival"
    if starts_with_archive(piece):
        return "archive-name"
    if re.match(rf"(?:{ANY_LABEL})\s", piece):
        return "address"  # the rest of an address whose archive was named just before
    if ADDRESS_FIELD_RE.search(piece) and re.search(
        r"\b(?:Fond|Opis|Delo|Фонд|Опись|Дело)\s", piece
    ):
        return "archival"  # an archive not recognised: reported by read_archival
    if looks_published(split_lead_in(piece)[1]):
        return "published"
    if re.match(r"(?:Thesis|Ph\.D\.|Dissertation)\b", piece):
        return "continuation"
    if _looks_like_header(piece):
        return "header"
    return "comment"


def _merge(pieces: list[str]) -> list[str]:
    """Join a document's header to its archival address, an address to its archive's name,
    a thesis description to its title."""
    roles = [_role(piece) for piece in pieces]
    merged: list[tuple[str, str]] = []
    pending_header: list[str] = []
    for piece, role in zip(pieces, roles, strict=True):
        if role == "header":
            pending_header.append(piece)
            continue
        if role == "address" and not (merged and merged[-1][1] == "archive-name"):
            role = "archival"
        if role in ("address", "continuation") and merged:
            previous, previous_role = merged.pop()
            new_role = "archival" if role == "address" else previous_role
            merged.append((previous + " " + piece, new_role))
            continue
        if pending_header and role in ("archival", "archive-name"):
            piece = " ".join(pending_header + [piece])
            pending_header = []
        elif pending_header:
            # A header not followed by an archive: a published reference's first part,
            # or a short form on its own ("Jacob Malik. “On the Question …”").
            piece = " ".join(pending_header + [piece]) if role == "published" else piece
            if role != "published":
                merged.extend((header, "header") for header in pending_header)
            pending_header = []
        merged.append((piece, role))
    merged.extend((header, "header") for header in pending_header)
    return [piece for piece, _ in merged]


def _looks_like_header(text: str) -> bool:
    """A document named before its archive, or a short form: a quoted title, a date,
    'A to B.', or a few capitalised words."""
    return bool(
        re.search(r"[“\"][^”\"]+[”\"]", text)
        or find_date(text)[0]
        or re.fullmatch(NAME + r"(?: and " + NAME + r")? to " + NAME + r"\.", text)
        or (len(text.split()) <= 4 and re.fullmatch(r"[A-Z][\w.' -]+\.", text))
    )


# ---------------------------------------------------------------------------------------------
# Reading one segment


def _read_segment(segment: str, previous: list[Reference]) -> list[Reference]:
    role = _role(segment)
    if role == "cited-in":
        return _read_cited_in(segment, previous)
    if role == "archival":
        return read_archival(segment)
    if role == "published":
        return read_published_with_document(segment)
    if role == "header":
        return [read_short_form(segment)]
    if role == "archive-name":
        reference = Reference("archival", segment)
        reference.file = FileAddress(archive_of(segment)[0] or "")
        reference.doubt("an archive without a file address")
        return [reference]
    # A remark: it belongs to the reference before it, or is an explanatory passage.
    if previous and previous[-1].kind in ("archival", "published") and not previous[-1].remark:
        if _REMARK_RE.match(segment) or len(segment.split()) <= 8:
            previous[-1].remark = segment
            previous[-1].printed += " " + segment
            return []
    return [Reference("explanatory", segment)]


def _read_cited_in(segment: str, previous: list[Reference]) -> list[Reference]:
    """'Cited in …, Thesis for the …': the thesis where an archival file was found, attached
    to the archival reference before it."""
    body = segment.removeprefix("Cited in").strip()
    genre = re.search(
        r"[.,]?\s*(Thesis for the [^,]+|Ph\.D\. Dissertation|M\.A\. Thesis),?\s*", body
    )
    details = ""
    if genre:
        body, details = body[: genre.start()], body[genre.end() :].strip(" .")
        body = body.rstrip() + ("”" if body.count("“") > body.count("”") else "")
        if body.count('"') % 2:
            body += '"'
    source = read_published(body).source
    source.type = "thesis"
    if genre:
        source.genre = genre[1]
        date, _, rest = find_date(details)
        source.issued = date
        source.publisher = rest.strip(" ,")
    if previous and previous[-1].kind == "archival" and previous[-1].cited_in is None:
        previous[-1].cited_in = source
        previous[-1].printed += " " + segment
        return []
    reference = Reference("published", segment, prefix="Cited in", source=source)
    reference.doubt("“Cited in” without an archival reference before it")
    return [reference]
