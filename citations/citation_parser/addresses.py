"""Archival references: the file's address (fond, opis, delo, papka, reel) and the folios,
Latin or Cyrillic labels, one document found in several files, and what is printed before
the archive (the document) and after the address (a remark)."""

from __future__ import annotations

import re

from .archival_documents import read_document_header
from .archives import ARCHIVES, archive_of, split_archives
from .drafts import FileAddress, Reference
from .lead_ins import split_lead_in

# Field labels of a Russian archival address, Latin and Cyrillic, as the notes print them.
_ADDRESS_LABELS = {
    "fond": r"(?:Fond|Фонд|фонд|f\.)",
    "opis": r"(?:Opis|Опись|опись|op\.)",
    "delo": r"(?:Delo|Дело|дело|d\.)",
    "papka": r"(?:Papka|Папка|папка)",
    "folios": r"(?:Listy|List|Листы|Лист|ll\.|l\.|Str\.|Стр\.)",
    "reel": r"(?:Reel)",
}
ANY_LABEL = "|".join(_ADDRESS_LABELS.values())
ADDRESS_FIELD_RE = re.compile(
    rf"(?P<printed>(?P<labels>(?:(?:{ANY_LABEL})\s+)+)(?P<value>.+?))"
    rf"(?=\s*(?:,\s*(?:{ANY_LABEL})\s|,?\s+and\s|[,;]|\.(?:\s|$)|$))"
)
_LEAF_LABEL = re.compile(r"^(?:Listy|List|Листы|Лист|ll\.|l\.)", re.IGNORECASE)


def read_archival(segment: str) -> list[Reference]:
    """One reference per file the segment's document is found in."""
    references = []
    prefix, body = split_lead_in(segment)
    copies = split_archives(body)
    header = copies[0][0]
    collection = re.search(r",?\s*(?:is|are) found in(?: (?:the )?(?P<name>[^,]*?))?,?\s*$", header)
    if collection:
        header = header[: collection.start()]
        collection = collection if collection["name"] else None
    trailing = ""
    for index, (_, address) in enumerate(copies):
        # What follows the last address (a remark) is not part of it.
        end = _address_end(address)
        if index == len(copies) - 1:
            trailing = address[end:].strip()
        address = address[:end]
        first = index == 0
        reference = Reference("archival", "", prefix=prefix if first else "")
        start = segment.index(address)
        reference.printed = (segment[:start] if first else "") + address
        slug, printed_archive, exact = archive_of(address)
        if slug is None:
            reference.doubt("archive not recognised")
            slug = ""
        reference.file = FileAddress(slug)
        if slug and printed_archive != ARCHIVES[slug].abbreviation:
            reference.printed_fields["archive"] = printed_archive
        if not exact:
            reference.doubt(f"the archive's name is printed differently: “{printed_archive}”", 0.8)
        if collection and first:
            reference.file.collection = collection["name"]
        _read_address(address, reference)
        if header:
            reference.document = read_document_header(header, reference)
        if reference.document is not None and reference.pinpoint:
            reference.document.folios = reference.pinpoint
            reference.document.folio_unit = reference.pinpoint_unit
        references.append(reference)
    if len(copies) > 1:
        for reference in references:
            reference.doubt("one document in several files: check that each copy is right", 0.9)
    if trailing:
        references[-1].remark = trailing
        references[-1].printed += " " + trailing
    return references


def _address_end(address: str) -> int:
    """Where the archival address ends (after its last labelled field)."""
    last = None
    for match in ADDRESS_FIELD_RE.finditer(address):
        last = match
    if last is None:
        return len(address)
    end = last.end()
    if address[end : end + 1] == ".":
        end += 1
    return end


def _read_address(address: str, reference: Reference) -> None:
    file = reference.file
    for match in ADDRESS_FIELD_RE.finditer(address):
        labels = match["labels"].split()
        key = next(k for k, pattern in _ADDRESS_LABELS.items() if re.fullmatch(pattern, labels[0]))
        value = match["value"].strip()
        printed = match["printed"].strip()
        if key == "folios":
            reference.pinpoint = value
            reference.pinpoint_unit = "leaf" if _LEAF_LABEL.match(labels[0]) else "archival-page"
            plain = r"\d+(?:[–-]\d+)?"
        else:
            if getattr(file, key):
                reference.doubt(f"{key} given twice")
            setattr(file, key, value)
            plain = r"[0-9]+[a-zа-я]?"
        if len(labels) > 1:
            reference.printed_fields[key] = printed
        if not re.fullmatch(plain, value):
            reference.doubt(f"{key} “{value}” is not a plain number", 0.8)
    if not (file.fond or file.collection):
        reference.doubt("no fond or collection found")
