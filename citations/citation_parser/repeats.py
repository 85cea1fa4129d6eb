"""Across notes: what a repeated reference repeats.

“Ibid.” points at the nearest earlier note that cites something; a short form (“Jacob Malik.
“On the Question …””, “Weathersby, “New Russian Documents,” p. 72”) at the first reference to
the same document or work, from which it takes what the first one established; a thesis
“Cited in” by its short title at the thesis named in full earlier. Addresses that differ from
an earlier one by a single character are flagged as probable misprints.
"""

from __future__ import annotations

import re
import unicodedata

from .archival_documents import QUOTED_TITLE_RE
from .dates import find_date
from .drafts import DocumentDraft, NoteDraft, Reference, SourceDraft
from .lead_ins import is_text_of_document, split_lead_in
from .names import csl_name
from .published import read_pinpoint


def read_short_form(segment: str) -> Reference:
    """'Jacob Malik. “On the Question …”', 'Record of Conversation …, 20 August 1952, p. 12.',
    'see K. Weathersby “North Korea and …”': a repeated reference, matched by resolve()
    against earlier notes (an archival document or a published work)."""
    reference = Reference("archival", segment, short_form=True)
    reference.prefix, text = split_lead_in(segment)
    document = DocumentDraft()
    title = QUOTED_TITLE_RE.search(text)
    if title:
        document.title = title[1]
        text = text[: title.start()] + text[title.end() :]
    read_pinpoint(text, reference)
    text = re.sub(r",?\s*pp?\.\s*[\d–-]+", "", text)
    date, printed, text = find_date(text)
    document.date = date
    if date and printed != date:
        reference.printed_fields["date"] = printed
    leftover = text.strip(" .,")
    if title and leftover:
        document.author = leftover
    elif leftover:
        document.title = leftover
    reference.document = document
    reference.source = SourceDraft(
        title=document.title, authors=[csl_name(document.author)] if document.author else []
    )
    if title and (reference.prefix or document.author):
        # A work cited by author and short title (“Weathersby, “New Russian Documents,” p. 72”)
        # until an earlier reference shows it is a document.
        reference.kind = "published"
    reference.doubt("a short form that matches no earlier reference", 0.4)
    return reference


def key(text: str) -> str:
    """`text` for comparing: case, punctuation and Unicode variants set aside."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"[^\w]+", " ", text).strip()


def source_key(source: SourceDraft) -> str:
    """One work's key: its first author's family name (or body), title and volume."""
    family = (
        source.authors[0].get("family", source.authors[0].get("literal", ""))
        if source.authors
        else ""
    )
    return key(f"{family} {source.title or source.container_title} {source.volume}")


def resolve(notes: list[NoteDraft]) -> None:
    """Point each Ibid. at the reference it repeats (the nearest earlier note that cites
    something) and each repeated reference at the first one to the same work or document."""
    last_citing: NoteDraft | None = None
    firsts: list[tuple[int, int, Reference]] = []
    theses: list[SourceDraft] = []
    for note in notes:
        for position, reference in enumerate(note.references, start=1):
            if reference.kind == "ibid":
                _resolve_ibid(reference, last_citing)
                continue
            if reference.cited_in is not None:
                _complete_cited_in(reference, theses)
            earlier = _find_earlier(reference, firsts)
            if earlier is not None:
                number, first_position, first = earlier
                reference.short_form_of = (number, first_position)
                _inherit(reference, first)
            else:
                if reference.short_form:
                    reference.document = (
                        None if reference.kind == "published" else reference.document
                    )
                    reference.source = None if reference.kind == "archival" else reference.source
                    _no_title_from_prose(reference)
                _compare_addresses(note.number, reference, firsts)
                firsts.append((note.number, position, reference))
        if note.cites:
            last_citing = note


def _no_title_from_prose(reference: Reference) -> None:
    """A short form that repeats nothing earlier keeps a title only where the note prints it
    as one (in quotation marks or italics): a sentence of prose is not a title."""
    for draft in (reference.document, reference.source):
        title = draft.title if draft is not None else ""
        if title and not any(mark + title in reference.printed for mark in ("“", '"', "*")):
            draft.title = ""
            reference.doubt("no title printed as such: none drafted", 0.4)
    if reference.document is not None and not any(vars(reference.document).values()):
        reference.document = None


def _resolve_ibid(reference: Reference, last_citing: NoteDraft | None) -> None:
    if last_citing is None:
        reference.doubt("Ibid. with no earlier reference", 0.2)
        return
    candidates = [
        (position, ref)
        for position, ref in enumerate(last_citing.references, start=1)
        if ref.kind in ("archival", "published", "ibid")
    ]
    position, target = candidates[0]
    if target.kind == "ibid":
        reference.ibid_of = target.ibid_of
        for reason in target.reasons:
            reference.doubt(reason, target.confidence)
        return
    reference.ibid_of = (last_citing.number, position)
    things = {_thing(ref) for _, ref in candidates if not is_text_of_document(ref.prefix)}
    if len(things) > 1:
        reference.doubt(
            f"note {last_citing.number} cites {len(things)} works or documents: "
            "which one does Ibid. repeat?",
            0.5,
        )
    elif len(candidates) > 1:
        reference.doubt(
            f"note {last_citing.number} gives {len(candidates)} references to one document "
            "(copies, its published text): Ibid. repeats them all, one repeat each",
            0.8,
        )


def _thing(reference: Reference) -> str:
    """What a reference is to, for telling one document in several places from several works:
    the document's title and date, or the work's title."""
    if reference.document and (reference.document.title or reference.document.date):
        return f"document {key(reference.document.title)} {reference.document.date}"
    if reference.source:
        return f"source {source_key(reference.source)}"
    return str(id(reference))


def _first_family(source: SourceDraft) -> str:
    return key(source.authors[0].get("family", "")) if source.authors else ""


def _find_earlier(reference: Reference, firsts: list[tuple[int, int, Reference]]):
    """The first earlier reference to the same document or work, if any."""
    document = reference.document
    source = reference.source
    for number, position, first in firsts:
        if document and document.title and first.document and first.document.title:
            if key(first.document.title) == key(document.title) and (
                not document.date or document.date == first.document.date
            ):
                if reference.file is None or first.file == reference.file:
                    return number, position, first
    if source is None or not (source.title or source.container_title):
        return None
    mine = key(source.title or source.container_title)
    family = _first_family(source)
    matches = []
    for number, position, first in firsts:
        theirs = first.source
        if theirs is None or first.kind != "published":
            continue
        their_title = key(theirs.title or theirs.container_title)
        same_title = (
            their_title == mine
            or (reference.short_form or not _has_publication(source))
            and (their_title.startswith(mine + " ") or _frus_short(mine, their_title))
        )
        if (
            same_title
            and (not family or family == _first_family(theirs))
            and (source.volume in ("", theirs.volume))
        ):
            matches.append((number, position, first))
    if len(matches) > 1:
        reference.doubt("several earlier references match this one", 0.5)
    return matches[0] if matches else None


def _has_publication(source: SourceDraft) -> bool:
    return bool(source.publisher or source.issued or source.container_title)


def _frus_short(mine: str, theirs: str) -> bool:
    """'FRUS, 1945, Volume II' is the short form of 'FRUS, 1945, Volume II, General: …'."""
    return mine.startswith("foreign relations of the united states") and theirs.startswith(mine)


def _complete_cited_in(reference: Reference, theses: list[SourceDraft]) -> None:
    """'Cited in Lebedev. "In Search of Law and Order …"': the thesis named in full earlier."""
    mine = reference.cited_in
    for thesis in theses:
        if key(thesis.title) == key(mine.title):
            mine.complete_from(thesis)
            return
    theses.append(mine)


def _compare_addresses(number: int, reference: Reference, firsts) -> None:
    """Flag a file whose address differs from an earlier one by a single character in one
    field (a probable misprint: “Opis 342253” beside “Opis 343253”)."""
    mine = reference.file
    if mine is None:
        return
    for other_number, _, first in firsts:
        theirs = first.file
        if theirs is None or theirs == mine or theirs.archive != mine.archive:
            continue
        differing = [
            name
            for name in ("fond", "opis", "delo", "papka")
            if getattr(theirs, name) != getattr(mine, name)
        ]
        if len(differing) != 1:
            continue
        name = differing[0]
        a, b = getattr(mine, name), getattr(theirs, name)
        if len(a) == len(b) and len(a) > 2 and sum(x != y for x, y in zip(a, b, strict=True)) == 1:
            reference.doubt(
                f"{name} {a} here, {b} in note {other_number} (same file otherwise): a misprint?",
                0.5,
            )


def _inherit(reference: Reference, first: Reference) -> None:
    """A repeated reference shows what the first one established."""
    if reference.short_form:
        reference.kind = first.kind
        reference.reasons = [r for r in reference.reasons if not r.startswith("a short form")]
        if first.kind == "archival":
            reference.source = None
        else:
            reference.document = None
    if reference.kind == "archival" and reference.file is None:
        reference.file = first.file
        if first.document is not None:
            reference.document = first.document
        if reference.pinpoint_unit == "page" and first.pinpoint_unit in ("leaf", "archival-page"):
            reference.doubt(
                f"p. {reference.pinpoint}: a page of which edition? note {reference.short_form_of[0]}"
                " gives the file's leaves",
                0.5,
            )
    if reference.source is not None and first.source is not None:
        reference.source.complete_from(first.source)
        reference.reasons = [
            r for r in reference.reasons if "no place" not in r and "no author" not in r
        ]
    if not reference.reasons:
        reference.confidence = 1.0
