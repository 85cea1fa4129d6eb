"""Turn the text of a footnote into draft references: pure functions, no Django, no database.

A note may hold several references (``See A; B. See also C.``), archival ones (archive, fond,
opis, delo, papka, folios, and the document's title, kind, date, author and addressee),
published ones (CSL fields), ``Ibid.``, ``Cited in`` (an archival file found in a thesis) and
explanatory passages. The parser keeps each field's printed spelling beside its normalised
value (``AVPRF AVIPRF`` → ``AVPRF``, ``Ciphred telegram`` → ``ciphered telegram``).

It is a drafting aid for editors: where it is unsure it lowers ``confidence``, sets
``needs_review`` and says why in ``reasons``; it never guesses silently. The curated result for
a text lives in ``fixtures/citations/`` and is what the site shows.

    >>> [ref.kind for ref in parse_note("*Ibid.* Translation by the author.")]
    ['ibid']
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass, field, fields

# ---------------------------------------------------------------------------------------------
# Data


@dataclass
class ArchiveName:
    slug: str
    abbreviation: str
    abbreviation_original: str
    name: str
    name_original: str
    place: str = ""


ARCHIVES = {
    "avprf": ArchiveName(
        "avprf",
        "AVPRF",
        "АВПРФ",
        "Archive of the Foreign Policy of the Russian Federation",
        "Архив внешней политики Российской Федерации",
    ),
    "rgaspi": ArchiveName(
        "rgaspi",
        "RGASPI",
        "РГАСПИ",
        "Russian State Archive of Socio-Political History",
        "Российский государственный архив социально-политической истории",
    ),
    "tsamo": ArchiveName(
        "tsamo",
        "TsAMO",
        "ЦАМО",
        "Central Archive of the Ministry of Defense",
        "Центральный архив Министерства обороны",
    ),
    "lc": ArchiveName(
        "lc",
        "LC",
        "",
        "Library of Congress Manuscript Division",
        "",
        "Washington, DC",
    ),
}

# Every spelling the notes use for an archive, in any script, with its archive. An
# abbreviation settles the archive; a full name alone is enough only when it is an exact one.
_ARCHIVE_SPELLINGS = {
    "AVPRF": "avprf",
    "AVIPRF": "avprf",
    "АВПРФ": "avprf",
    "RGASPI": "rgaspi",
    "РГАСПИ": "rgaspi",
    "TsAMO": "tsamo",
    "ЦАМО": "tsamo",
}
_ARCHIVE_NAMES = {
    "Archive of the Foreign Policy of the Russian Federation": "avprf",
    "Архив внешней политики Российской Федерации": "avprf",
    "Russian State Archive of Socio-Political History": "rgaspi",
    "Российский государственный архив социально-политической истории": "rgaspi",
    "Central Archive of the Ministry of Defense": "tsamo",
    "Центральный архив Министерства обороны": "tsamo",
    "Library of Congress Manuscript Division": "lc",
}
# Names printed for a known archive that are not its name ("Foreign Relations" for "Foreign
# Policy"): recognised by their abbreviation, kept as printed, and reported.
_ARCHIVE_NAME_RE = re.compile(
    r"(?:Archive of the Foreign (?:Policy|Relations) of the Russian Federation"
    r"|Russian State Archive of Socio-Political History|Central Archive of the Ministry of Defense"
    r"|Library of Congress Manuscript Division)"
    r"(?:,?\s+[А-ЯЁа-яё][А-ЯЁа-яё\- ]+[а-яё])?"  # the same name in Cyrillic
    r"(?:,?\s*\([^()]*\))?"  # (AVPRF АВПРФ)
)
_ABBREVIATION_RE = re.compile(r"(?<![\w-])(" + "|".join(_ARCHIVE_SPELLINGS) + r")(?![\w-])")

KINDS = {  # printed kind (lower case) → normalised kind
    "ciphered telegram": "ciphered telegram",
    "ciphred telegram": "ciphered telegram",
    "telegram": "telegram",
    "record of conversation": "record of conversation",
    "politburo decision": "Politburo decision",
    "polithuro decision": "Politburo decision",
    "notes": "notes",
    "resolution": "resolution",
    "report": "report",
    "memorandum": "memorandum",
    "letter": "letter",
}
_KIND_RE = re.compile(
    r"\b(" + "|".join(sorted((re.escape(k) for k in KINDS), key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)

MONTHS = {
    name: number
    for number, name in enumerate(
        "January February March April May June July August September October November December".split(),
        start=1,
    )
}
_MONTH = "(?:" + "|".join(MONTHS) + ")"
_DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}})(?:[–-](\d{{1,2}}))? ({_MONTH}),? (\d{{4}})\b")
_MONTH_DAY_YEAR = re.compile(rf"\b({_MONTH}) (\d{{1,2}}), (\d{{4}})\b")
_MONTH_YEAR = re.compile(rf"\b({_MONTH}) (\d{{4}})\b")
_SEASON_YEAR = re.compile(r"\b(Winter|Spring|Summer|Fall|Autumn) (\d{4}(?:/\d{4})?)\b")

# Field labels of a Russian archival address, Latin and Cyrillic, as the notes print them.
_ADDRESS_LABELS = {
    "fond": r"(?:Fond|Фонд|фонд|f\.)",
    "opis": r"(?:Opis|Опись|опись|op\.)",
    "delo": r"(?:Delo|Дело|дело|d\.)",
    "papka": r"(?:Papka|Папка|папка)",
    "folios": r"(?:Listy|List|Листы|Лист|ll\.|l\.|Str\.|Стр\.)",
    "reel": r"(?:Reel)",
}
_ANY_LABEL = "|".join(_ADDRESS_LABELS.values())
_ADDRESS_FIELD_RE = re.compile(
    rf"(?P<printed>(?P<labels>(?:(?:{_ANY_LABEL})\s+)+)(?P<value>.+?))"
    rf"(?=\s*(?:,\s*(?:{_ANY_LABEL})\s|,?\s+and\s|[,;]|\.(?:\s|$)|$))"
)
_LEAF_LABEL = re.compile(r"^(?:Listy|List|Листы|Лист|ll\.|l\.)", re.IGNORECASE)

_INSTITUTION_WORDS = re.compile(
    r"\b(Department|Ministry|Council|Committee|University|Project|Center|Centre|Office|"
    r"Academy|Akademiia|Institute|Army|Government|State)\b"
)
# Family names that come first in East Asian name order ("Wada Haruki", "Kim Young Jun").
_FAMILY_FIRST = {"Kim", "Lee", "Pak", "Park", "Paik", "Choi", "Wada", "Shen", "Zhou", "Mao"}

_LEAD_IN_RE = re.compile(
    r"^(?P<prefix>(?:See also|See, for example,|See|For [^.;]*?,? see|Cited in)\s+)",
)


# ---------------------------------------------------------------------------------------------
# Drafts


@dataclass
class FileAddress:
    archive: str  # slug of ARCHIVES
    collection: str = ""
    fond: str = ""
    opis: str = ""
    delo: str = ""
    papka: str = ""
    reel: str = ""


@dataclass
class DocumentDraft:
    title: str = ""
    kind: str = ""
    number: str = ""
    date: str = ""
    author: str = ""
    addressee: str = ""
    summary: str = ""
    folios: str = ""
    folio_unit: str = ""


@dataclass
class SourceDraft:
    type: str = "book"
    authors: list = field(default_factory=list)
    editors: list = field(default_factory=list)
    translators: list = field(default_factory=list)
    title: str = ""
    translated_title: str = ""
    container_title: str = ""
    collection_title: str = ""
    number: str = ""
    volume: str = ""
    issue: str = ""
    publisher: str = ""
    publisher_place: str = ""
    event: str = ""
    event_place: str = ""
    issued: str = ""
    pages: str = ""
    genre: str = ""


@dataclass
class Reference:
    kind: str  # archival | published | ibid | explanatory | quoted-note
    printed: str  # the exact words of the note that make this reference
    prefix: str = ""
    file: FileAddress | None = None
    document: DocumentDraft | None = None
    source: SourceDraft | None = None
    cited_in: SourceDraft | None = None
    division: str = ""
    pinpoint: str = ""
    pinpoint_unit: str = ""
    remark: str = ""
    printed_fields: dict = field(default_factory=dict)
    ibid_of: tuple[int, int] | None = None  # (note number, position), set by resolve()
    short_form_of: tuple[int, int] | None = None
    confidence: float = 1.0
    reasons: list[str] = field(default_factory=list)
    short_form: bool = False  # a repeated reference, to be matched by resolve()

    @property
    def needs_review(self) -> bool:
        return bool(self.reasons)

    def doubt(self, reason: str, confidence: float = 0.6) -> None:
        """Record why this draft needs an editor's eye, lowering its confidence."""
        if reason not in self.reasons:
            self.reasons.append(reason)
        self.confidence = min(self.confidence, confidence)

    def to_dict(self) -> dict:
        """A plain dict without empty values (the shape of fixtures/citations/*.json)."""
        return _compact(asdict(self)) | (
            {"needs_review": True, "confidence": self.confidence} if self.reasons else {}
        )


@dataclass
class NoteDraft:
    number: int
    text: str
    references: list[Reference]

    @property
    def cites(self) -> bool:
        return any(ref.kind in ("archival", "published", "ibid") for ref in self.references)


def _compact(value):
    if isinstance(value, dict):
        items = {k: _compact(v) for k, v in value.items()}
        return {k: v for k, v in items.items() if v not in ("", None, [], {}, 1.0, False)}
    if isinstance(value, list):
        return [_compact(v) for v in value]
    return value


# ---------------------------------------------------------------------------------------------
# Entry points


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
    if not any(ref.kind != "explanatory" for ref in references):
        reference = Reference("explanatory", stripped)
        if re.search(r"\d{4}|\*|“|\"", stripped):
            reference.doubt("no reference found, but the note has a year, a title or a quotation")
        return [reference]
    return references


# ---------------------------------------------------------------------------------------------
# Splitting a note into segments, one reference (or remark) each

_TERMINAL = r"(?:\d|\)|\]|\*|”|\"|’)"
_SPLIT_RE = re.compile(
    rf"(?<={_TERMINAL})(?:\.|\.”|\.\"|;)\s+(?=[A-ZА-Я\"“*‘])"  # after a number, title, parenthesis
    r"|(?<=\w)\.[”\"]\s+(?=[A-Z])"  # after a quoted title that ends a sentence
    r"|(?<=[a-z\]])\.\s+(?=(?:See|For|Cited in|Translation|The following)\b)"  # before a lead-in
    r"|(?<=[;])\s+"  # references listed with semicolons
)


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


_REMARK_RE = re.compile(r"(?:Translation|Translated|The following|The author of)\b")


def _role(piece: str) -> str:
    body = _LEAD_IN_RE.sub("", piece)
    if piece.startswith("Cited in"):
        return "cited-in"
    if _REMARK_RE.match(piece):
        return "comment"
    if _has_archive(piece) and _ADDRESS_FIELD_RE.search(piece):
        return "archival"
    if _starts_with_archive(piece):
        return "archive-name"
    if re.match(rf"(?:{_ANY_LABEL})\s", piece):
        return "address"  # the rest of an address whose archive was named just before
    if _ADDRESS_FIELD_RE.search(piece) and re.search(
        r"\b(?:Fond|Opis|Delo|Фонд|Опись|Дело)\s", piece
    ):
        return "archival"  # an archive not recognised: reported by _read_archival
    if _looks_published(body):
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


def _has_archive(text: str) -> bool:
    return bool(_ABBREVIATION_RE.search(text) or _ARCHIVE_NAME_RE.search(text))


def _starts_with_archive(text: str) -> bool:
    """An archive named at the head of a reference (not in passing, in running prose)."""
    return bool(_ABBREVIATION_RE.match(text) or _ARCHIVE_NAME_RE.match(text))


def _looks_published(text: str) -> bool:
    return bool(
        re.search(r"\*[^*]+\*", text)
        or re.search(r"\([^()]*\b\d{4}\)", text)
        or re.search(r"\([^()]*:[^()]*\)", text)
        or re.search(r"\bFRUS\b", text)
        or re.search(r"\bpaper\b.*\bpresented at\b", text)
    )


_NAME = r"[A-Z][\w.'\-]*(?: [A-Z][\w.'\-]*){0,3}"


def _looks_like_header(text: str) -> bool:
    return bool(
        re.search(r"[“\"][^”\"]+[”\"]", text)
        or _find_date(text)[0]
        or re.fullmatch(_NAME + r"(?: and " + _NAME + r")? to " + _NAME + r"\.", text)
        or (len(text.split()) <= 4 and re.fullmatch(r"[A-Z][\w.' -]+\.", text))
    )


# ---------------------------------------------------------------------------------------------
# Reading one segment


def _read_segment(segment: str, previous: list[Reference]) -> list[Reference]:
    role = _role(segment)
    if role == "cited-in":
        return _read_cited_in(segment, previous)
    if role == "archival":
        return _read_archival(segment)
    if role == "published":
        return _read_published_with_document(segment)
    if role == "header":
        return [_read_short_form(segment)]
    if role == "archive-name":
        reference = Reference("archival", segment)
        reference.file = FileAddress(_archive_of(segment)[0] or "")
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
    source = _read_published(body).source
    source.type = "thesis"
    if genre:
        source.genre = genre[1]
        date, _, rest = _find_date(details)
        source.issued = date
        source.publisher = rest.strip(" ,")
    if previous and previous[-1].kind == "archival" and previous[-1].cited_in is None:
        previous[-1].cited_in = source
        previous[-1].printed += " " + segment
        return []
    reference = Reference("published", segment, prefix="Cited in", source=source)
    reference.doubt("“Cited in” without an archival reference before it")
    return [reference]


def _archive_of(text: str) -> tuple[str | None, str, bool]:
    """(archive slug, the printed designation, whether the printed name is the archive's own)."""
    named = _ARCHIVE_NAME_RE.search(text)
    abbreviation = _ABBREVIATION_RE.search(text)
    printed = named[0] if named else (abbreviation[0] if abbreviation else "")
    slug = _ARCHIVE_SPELLINGS.get(abbreviation[1]) if abbreviation else None
    exact = True
    if named:
        known = next((s for name, s in _ARCHIVE_NAMES.items() if named[0].startswith(name)), None)
        if slug is None:
            slug = known
        exact = known == slug
    return slug, printed.rstrip(" ,"), exact


def _split_archives(segment: str) -> list[tuple[str, str]]:
    """A document found in two files ('…, Listy 42–43, and Archive of …, Fond …'):
    (header, address) for each."""
    starts = [m.start() for m in _ARCHIVE_NAME_RE.finditer(segment)]
    if not starts:
        match = _ABBREVIATION_RE.search(segment)
        starts = [match.start()] if match else [0]
    header = segment[: starts[0]].strip()
    parts = []
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(segment)
        part = segment[start:end].strip()
        part = re.sub(r",?\s+and$", "", part)
        parts.append((header, part))
    return parts


def _read_archival(segment: str) -> list[Reference]:
    references = []
    body = segment
    prefix = ""
    lead = _LEAD_IN_RE.match(body)
    if lead:
        prefix, body = lead["prefix"].strip(), body[lead.end() :]
    copies = _split_archives(body)
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
        slug, printed_archive, exact = _archive_of(address)
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
            reference.document = _read_document_header(header, reference)
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
    for match in _ADDRESS_FIELD_RE.finditer(address):
        last = match
    if last is None:
        return len(address)
    end = last.end()
    if address[end : end + 1] == ".":
        end += 1
    return end


def _read_address(address: str, reference: Reference) -> None:
    file = reference.file
    for match in _ADDRESS_FIELD_RE.finditer(address):
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


_ROLES = "Adviser|Advisor|Ambassador|Minister|Deputy|Head|Chief|Chairman|Secretary|Director"
_PEOPLE_RE = re.compile(
    r"(?:^|\bfrom\s+)(?P<author>[A-Z][^,.;\[]*?(?: and [A-Z][^,.;]*?)?)\s+to\s+"
    r"(?P<addressee>(?:\[[^\]]+\]\s*)?[A-Z][\w.]*(?:\s+\[[^\]]+\])?)"
)


def _people(text: str, reference: Reference, document: DocumentDraft) -> str:
    """Read 'from A to B' / 'A to B' into author and addressee; return what is left."""
    people = _PEOPLE_RE.search(text)
    if not people:
        return text
    document.author = people["author"].strip()
    printed = people["addressee"].strip()
    # '[Foreign Minister] Vyshinsky': an editor's description, dropped; 'Filippov [Stalin]':
    # an identification, kept in parentheses.
    addressee = re.sub(r"^\[[^\]]+\]\s*", "", printed)
    addressee = re.sub(r"\s*\[([^\]]+)\]", r" (\1)", addressee)
    document.addressee = addressee
    if addressee != printed:
        reference.printed_fields["addressee"] = printed
    return (text[: people.start()] + " " + text[people.end() :]).strip(" ,.")


def _read_document_header(header: str, reference: Reference) -> DocumentDraft | None:
    """The part of an archival reference before the archive: title, kind, date, people."""
    text = header.strip().rstrip(",. ")
    if not text:
        return None
    document = DocumentDraft()
    title = re.search(r"[“\"](.+?)[,.]?[”\"]", text)
    if title:
        document.title = title[1].strip()
        text = (text[: title.start()] + " " + text[title.end() :]).strip()
    date, printed_date, text = _find_date(text)
    if date:
        document.date = date
        if printed_date != date:
            reference.printed_fields["date"] = printed_date
        text = re.sub(r"\s+(?:of|on)(?=\s*(?:,|$))", "", text)
    kind = _KIND_RE.search(text)
    if kind:
        printed_kind = kind[1]
        document.kind = KINDS[printed_kind.lower()]
        if printed_kind.lower() != document.kind.lower():
            reference.printed_fields["kind"] = printed_kind
            reference.doubt(f"kind printed “{printed_kind}”, read as “{document.kind}”", 0.9)
        before, after = text[: kind.start()].strip(" ,."), text[kind.end() :].strip(" ,.")
        if kind.start() == 0 and re.match(r"between\b", after) and not document.title:
            # 'Record of Conversation between A and B': the kind opens the document's title.
            document.title = text.strip(" ,.")
            text = ""
        elif kind.start() == 0:
            text = after
        elif not after and before and not document.author:
            # 'USSR Council of Ministers Resolution': the issuing body, then the kind.
            document.author = before
            text = ""
        elif re.match(r"(?:A copy of )?the$", before, re.IGNORECASE):
            text = after
            document.summary = ""
            reference.doubt(f"a {document.kind} described, not titled", 0.8)
    text = _people(text, reference, document)
    by = re.match(r"by (?P<author>(?:[A-Z][\w.'-]*\s?){1,4})\b\s*(?P<rest>.*)", text.strip(" ,."))
    if by and not document.author:
        document.author = by["author"].strip()
        text = by["rest"]
    leftover = text.strip(" ,.")
    if not leftover:
        return document
    if document.title and not document.author and len(leftover.split()) <= 8:
        document.author = leftover
        role = re.match(rf"({_NAME}),\s+(?:{_ROLES})\b", leftover)
        if role:  # 'Petukhov, Adviser to the Second Far Eastern Department'
            document.author = role[1]
            reference.printed_fields["author"] = leftover
    elif not document.title and not document.kind:
        document.summary = leftover
        reference.doubt("a document described, not titled: check title and kind")
    else:
        document.summary = leftover
        if not re.match(r"(?:conveying|approving|via|communicating|on the)\b", leftover):
            reference.doubt("part of the description was not understood")
    return document


def _find_date(text: str) -> tuple[str, str, str]:
    """(ISO/EDTF date, the printed date, text without it) for the first date in text."""
    for pattern in (_DAY_MONTH_YEAR, _MONTH_DAY_YEAR, _MONTH_YEAR):
        match = pattern.search(text)
        if not match:
            continue
        if pattern is _DAY_MONTH_YEAR:
            day, last_day, month, year = match.groups()
            iso = f"{year}-{MONTHS[month]:02d}-{int(day):02d}"
            if last_day:
                iso += f"/{year}-{MONTHS[month]:02d}-{int(last_day):02d}"
        elif pattern is _MONTH_DAY_YEAR:
            month, day, year = match.groups()
            iso = f"{year}-{MONTHS[month]:02d}-{int(day):02d}"
        else:
            month, year = match.groups()
            iso = f"{year}-{MONTHS[month]:02d}"
        rest = (text[: match.start()] + " " + text[match.end() :]).strip(" ,.")
        rest = re.sub(r"\s+,", ",", re.sub(r"\s{2,}", " ", rest))
        return iso, match[0], rest
    return "", "", text


# ---------------------------------------------------------------------------------------------
# Published works

_PUBLICATION_RE = re.compile(r"\((?P<inside>[^()]*(?:\([^()]*\)[^()]*)*)\)")
_CONFERENCE_RE = re.compile(
    r"the paper (?P<author>[A-Z][\w.]*(?: [A-Z][\w.]*)+) presented at (?:a |the )?"
    r"(?P<event>.+?) held at (?P<place>.+?) in (?P<date>.+?)\.?$"
)


def _read_published_with_document(segment: str) -> list[Reference]:
    """A published work, or a document published in one ('Notes by …, published in …')."""
    published_in = re.match(r"(?P<document>.+?),?\s+published in\s+(?P<rest>.+)", segment)
    if not published_in:
        return [_read_published(segment)]
    reference = _read_published(published_in["rest"])
    reference.printed = segment
    reference.document = _read_document_header(published_in["document"], reference)
    return [reference]


def _read_published(segment: str) -> Reference:
    reference = Reference("published", segment)
    body = segment.rstrip()
    lead = _LEAD_IN_RE.match(body)
    if lead:
        reference.prefix = lead["prefix"].strip()
        body = body[lead.end() :]
    source = SourceDraft()
    reference.source = source
    body = body.strip().rstrip(".")
    conference = _CONFERENCE_RE.search(body)
    if conference:
        source.type = "paper-conference"
        source.authors = [_name(conference["author"])]
        source.event = conference["event"]
        source.event_place = conference["place"]
        source.issued = _find_date(conference["date"])[0] or conference["date"]
        reference.prefix = (reference.prefix + " " + body[: conference.start()]).strip()
        reference.doubt("a paper presented at a conference: no title given", 0.8)
        return reference
    body = re.sub(r"\bFRUS\b(?!\))", "Foreign Relations of the United States (FRUS)", body, count=1)

    italic = re.search(r"\*([^*]+)\*", body)
    quoted = re.search(r"[“\"](.+?)[,.]?(?:[”\"]|$)", body)
    if quoted and italic and quoted.start() > italic.start():
        quoted = None
    first = min(m.start() for m in (italic, quoted) if m) if (italic or quoted) else 0
    before = body[:first]
    if quoted:
        source.title = quoted[1].strip().rstrip(",")
        after = body[quoted.end() :]
        if italic:
            between = body[quoted.end() : italic.start()]
            source.container_title = italic[1].strip()
            after = body[italic.end() :]
            editors = re.search(r"\bin\s+(.+?),\s+eds?\.,\s*$", between)
            report = re.search(r"Working Paper No\. (\d+)", between)
            if report:
                source.type = "report"
                source.genre = "Working Paper"
                source.number = report[1]
                source.collection_title, source.container_title = source.container_title, ""
            elif editors or _PUBLICATION_RE.search(after) and ":" in after.split(")")[0]:
                source.type = "chapter"
                if editors:
                    source.editors = [_name(n) for n in _split_names(editors[1])]
            else:
                source.type = "article-journal"
        else:
            source.type = "article-journal" if re.search(r"\d+ \(.*\d{4}\)", after) else "book"
    elif italic:
        source.title = italic[1].strip()
        after = body[italic.end() :]
        volume = re.search(r",?\s+(?:Volume|Vol\.)\s+([IVXLC\d]+)$", source.title)
        if volume:
            source.volume = volume[1]
            source.title = source.title[: volume.start()]
        inner_volume = re.search(r"^(.*?),\s+Volume\s+([IVXLC]+),\s+(.*)$", source.title)
        if inner_volume:
            source.title = f"{inner_volume[1]}, {inner_volume[3]}"
            source.volume = inner_volume[2]
    else:
        after = body
        reference.doubt("no title found")
    _read_authors(before, reference)
    if source.title.startswith("Foreign Relations of the United States"):
        source.collection_title = "Foreign Relations of the United States"
        _read_frus_item(after, reference)
        return reference
    _read_after_title(after, source, reference)
    if not source.authors and source.type in ("book", "article-journal", "chapter"):
        reference.doubt("no author found", 0.8)
    return reference


def _read_authors(before: str, reference: Reference) -> None:
    """'James Matray.' / 'Robert Scalapino and Chong-sik Lee.' / 'Kim Young Jun repeats this
    interpretation in' (a lead-in naming the author) / 'See the … account found in Hak S. Paik,'."""
    authors = before.strip(" .,")
    if not authors:
        return
    source = reference.source
    lead = re.match(r"(?P<name>(?:[A-Z][\w.'-]*\s+){1,3}?)(?P<verb>[a-z][\w ]*?\bin)$", authors)
    found_in = re.match(r"(?P<lead>.*\b(?:found )?in)\s+(?P<name>[A-Z].*)$", authors)
    if lead:
        reference.prefix = authors
        source.authors = [_name(lead["name"])]
        reference.doubt("the author is named in the lead-in", 0.8)
    elif found_in and reference.prefix:
        reference.prefix = f"{reference.prefix} {found_in['lead']}"
        source.authors = [_name(n) for n in _split_names(found_in["name"])]
    elif re.search(r"[a-z]{4,} [a-z]{4,}", authors):
        reference.doubt(f"not understood before the title: “{authors}”")
    else:
        source.authors = [_name(n) for n in _split_names(authors)]


def _read_after_title(after: str, source: SourceDraft, reference: Reference) -> None:
    translated = re.match(r"\s*\[([^\]]+)\]", after)
    if translated:
        source.translated_title = translated[1]
        after = after[translated.end() :]
    translators = re.search(r"translated by ([^(,]+)", after)
    if translators:
        source.translators = [_name(translators[1].strip())]
    publication = _PUBLICATION_RE.search(after)
    journal = re.search(
        r"(?:\((?P<place>[^()\d]+)\),\s*)?,?\s*(?P<volume>\d+(?:[./]\d+)?)\s+"
        r"\((?P<date>[^()]*\d{4}[^()]*)\):\s*(?P<pages>\d+[–-]\d+)",
        after,
    )
    if journal:
        _read_journal(journal, source, reference)
        return
    tail = after
    if publication:
        _read_publication(publication["inside"], source, reference)
        tail = after[publication.end() :]
        unread = after[: publication.start()]
        if translators:
            unread = unread.replace(translators[0], "")
        if unread.strip(" ,"):
            reference.doubt(f"not understood: “{unread.strip(' ,')}”", 0.8)
    elif source.type == "book":
        reference.doubt("no place, publisher or year", 0.8)
    _read_pinpoint(tail, reference)


_TITLE_ABBREVIATIONS = {"CWIHP": "Cold War International History Project"}


def _read_journal(journal: re.Match, source: SourceDraft, reference: Reference) -> None:
    """'*International Security* 13.3 (Winter 1988/1989): 50–91'."""
    for short, full in _TITLE_ABBREVIATIONS.items():
        for name in ("title", "container_title"):
            value = getattr(source, name)
            if re.search(rf"\b{short}\b", value):
                reference.printed_fields[name] = value
                setattr(source, name, re.sub(rf"\b{short}\b", full, value))
    if not source.container_title:
        # '*CWIHP Bulletin* 3 (Fall 1993): 15–17': an issue of a periodical, no article named.
        source.type = "periodical"
        reference.pinpoint, reference.pinpoint_unit = journal["pages"], "page"
    else:
        source.type = "article-journal"
        source.pages = journal["pages"]
    volume = journal["volume"]
    if "." in volume:
        source.volume, source.issue = volume.split(".")
    elif "Bulletin" in (source.container_title or source.title):
        source.issue = volume  # bulletins are numbered by issue ("6/7": a double issue)
    else:
        source.volume = volume
        reference.doubt(f"“{volume}”: a volume or an issue?", 0.9)
    season = _SEASON_YEAR.search(journal["date"])
    source.issued = season[2] if season else re.search(r"\d{4}", journal["date"])[0]
    if season:
        reference.printed_fields["issued"] = journal["date"]
    if journal["place"]:
        source.publisher_place = journal["place"].strip()


def _read_publication(inside: str, source: SourceDraft, reference: Reference) -> None:
    """'(Honolulu, HI: University of Hawaii Press, 1985)', '(Ph.D. Dissertation, University of
    Pennsylvania, 1993)', '(Washington, DC: Woodrow Wilson International Center for Scholars)'."""
    year = re.search(r"(\d{4})\s*$", inside)
    if year:
        source.issued = year[1]
        inside = inside[: year.start()].rstrip(" ,:")
    genre = re.match(r"(Ph\.D\. Dissertation|M\.A\. Thesis|Thesis[^,]*),\s*(.*)", inside)
    if genre:
        source.type = "thesis"
        source.genre = genre[1]
        source.publisher = genre[2].strip()
    elif ":" in inside:
        place, _, publisher = inside.partition(":")
        source.publisher_place = place.strip()
        source.publisher = publisher.strip()
    else:
        source.publisher = inside.strip()
        reference.doubt("publication details without a place", 0.8)
    if not year:
        reference.doubt("no year of publication", 0.8)


def _read_pinpoint(tail: str, reference: Reference) -> None:
    division = re.search(
        r"(?:^|[,:]\s*)((?:Part|chapter|Chapter)\s+[\wIVX]+(?:,\s*[“\"][^”\"]+?,?[”\"])?)", tail
    )
    if division:
        reference.division = division[1].replace(",”", "”").replace(',"', '"')
    pages = re.search(r"\bpp?\.\s*(\d+(?:[–-]\d+)?(?:,\s*\d+(?:[–-]\d+)?)*)", tail)
    if pages:
        reference.pinpoint = pages[1]
        reference.pinpoint_unit = "page"


def _read_frus_item(tail: str, reference: Reference) -> None:
    """A document printed in a FRUS volume: its number, title, author, kind, then the pages."""
    _read_pinpoint(tail, reference)
    item = re.sub(r",?\s*pp?\.\s*[\d–-]+\s*$", "", tail).strip(" ,")
    if not item:
        return
    document = DocumentDraft()
    number = re.search(r"\bPaper no\. \d+", item)
    if number:
        document.number = number[0]
    bracket = re.search(r"\[([^\]]+):\s*([^\]:]+)\]", item)
    if bracket:
        document.number = bracket[1].strip()
        document.kind = bracket[2].strip().lower()
        reference.printed_fields["kind"] = bracket[2].strip()
    title = re.search(r"[“\"](.+?)[,.]?[”\"]", item)
    if title:
        document.title = title[1]
        author = re.match(r"\s*from\s+([^,]+)", item[title.end() :])
        if author:
            document.author = author[1].strip()
        people = re.fullmatch(r"(.+?) to (?:the )?(.+)", document.title)
        if people and not _KIND_RE.search(people[1]) and "Draft" not in people[1]:
            document.author, document.addressee = people[1], people[2]
    rest = re.sub(r"\bPaper no\. \d+|\[[^\]]+\]|[“\"].+?[”\"]|\bfrom\s+[^,]+", "", item)
    rest = rest.strip(" ,")
    if rest:
        document.summary = rest
        reference.doubt(f"“{rest}”: kept as the document's description", 0.8)
    reference.document = document


def _read_short_form(segment: str) -> Reference:
    """'Jacob Malik. “On the Question …”', 'Record of Conversation …, 20 August 1952, p. 12.',
    'see K. Weathersby “North Korea and …”': a repeated reference, matched by resolve()
    against earlier notes (an archival document or a published work)."""
    reference = Reference("archival", segment, short_form=True)
    text = segment
    lead = _LEAD_IN_RE.match(text)
    if lead:
        reference.prefix = lead["prefix"].strip()
        text = text[lead.end() :]
    document = DocumentDraft()
    title = re.search(r"[“\"](.+?)[,.]?[”\"]", text)
    if title:
        document.title = title[1]
        text = text[: title.start()] + text[title.end() :]
    _read_pinpoint(text, reference)
    text = re.sub(r",?\s*pp?\.\s*[\d–-]+", "", text)
    date, printed, text = _find_date(text)
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
        title=document.title, authors=[_name(document.author)] if document.author else []
    )
    if title and (reference.prefix or document.author):
        # A work cited by author and short title (“Weathersby, “New Russian Documents,” p. 72”)
        # until an earlier reference shows it is a document.
        reference.kind = "published"
    reference.doubt("a short form that matches no earlier reference", 0.4)
    return reference


def _split_names(text: str) -> list[str]:
    text = re.sub(r",?\s+eds?\.?$", "", text.strip())
    parts = re.split(r",\s*|\s+and\s+", text)
    return [p.strip() for p in parts if p.strip()]


def _name(text: str) -> dict:
    text = text.strip(" .,")
    if _INSTITUTION_WORDS.search(text) or " of " in text:
        return {"literal": text}
    words = text.split()
    if len(words) == 1:
        return {"family": words[0]}
    if words[0] in _FAMILY_FIRST and words[-1] not in _FAMILY_FIRST:
        return {"family": words[0], "given": " ".join(words[1:])}
    return {"family": words[-1], "given": " ".join(words[:-1])}


# ---------------------------------------------------------------------------------------------
# Across notes: Ibid. and repeated references


def _key(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"[^\w]+", " ", text).strip()


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
                _compare_addresses(note.number, reference, firsts)
                firsts.append((note.number, position, reference))
        if note.cites:
            last_citing = note


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
    things = {_thing(ref) for _, ref in candidates if not _is_text_of_document(ref)}
    if len(things) > 1:
        reference.doubt(
            f"note {last_citing.number} cites {len(things)} works or documents: "
            "which one does Ibid. repeat?",
            0.5,
        )


def _thing(reference: Reference) -> str:
    """What a reference is to, for telling one document in several places from several works:
    the document's title and date, or the work's title."""
    if reference.document and (reference.document.title or reference.document.date):
        return f"document {_key(reference.document.title)} {reference.document.date}"
    if reference.source:
        return f"source {_source_key(reference.source)}"
    return str(id(reference))


def _is_text_of_document(reference: Reference) -> bool:
    """'For the text of the document, see …': the published text of the document just cited."""
    return bool(re.match(r"For the (?:full )?text of (?:the|this) document", reference.prefix))


def _source_key(source: SourceDraft) -> str:
    family = (
        source.authors[0].get("family", source.authors[0].get("literal", ""))
        if source.authors
        else ""
    )
    return _key(f"{family} {source.title or source.container_title} {source.volume}")


def _find_earlier(reference: Reference, firsts: list[tuple[int, int, Reference]]):
    """The first earlier reference to the same document or work, if any."""
    document = reference.document
    source = reference.source
    for number, position, first in firsts:
        if document and document.title and first.document and first.document.title:
            if _key(first.document.title) == _key(document.title) and (
                not document.date or document.date == first.document.date
            ):
                if reference.file is None or first.file == reference.file:
                    return number, position, first
    if source is None or not (source.title or source.container_title):
        return None
    mine = _key(source.title or source.container_title)
    family = _key(source.authors[0].get("family", "")) if source.authors else ""
    matches = []
    for number, position, first in firsts:
        theirs = first.source
        if theirs is None or first.kind != "published":
            continue
        their_title = _key(theirs.title or theirs.container_title)
        their_family = _key(theirs.authors[0].get("family", "")) if theirs.authors else ""
        same_title = (
            their_title == mine
            or (reference.short_form or not _has_publication(source))
            and (their_title.startswith(mine + " ") or _frus_short(mine, their_title))
        )
        if (
            same_title
            and (not family or family == their_family)
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
        if _key(thesis.title) == _key(mine.title):
            for name in (f.name for f in fields(SourceDraft)):
                if not getattr(mine, name) or name == "authors":
                    setattr(mine, name, getattr(thesis, name))
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
        mine = reference.source
        for name in (f.name for f in fields(SourceDraft)):
            if not getattr(mine, name) or name == "authors":
                setattr(mine, name, getattr(first.source, name))
        reference.reasons = [
            r for r in reference.reasons if "no place" not in r and "no author" not in r
        ]
    if not reference.reasons:
        reference.confidence = 1.0


# ---------------------------------------------------------------------------------------------
# Drafts in the shape of fixtures/citations/*.json, for an editor to correct


def to_fixture(slug: str, notes: list[NoteDraft]) -> dict:
    """The drafts as a curation file (archives, sources by slug, references per note), each
    doubt kept as ``needs_review`` with the parser's reasons in ``editorial_note``."""
    sources: dict[str, dict] = {}
    slugs: dict[str, str] = {}

    def source_slug(source: SourceDraft) -> str:
        key = _source_key(source)
        if key not in slugs:
            first = source.authors[0] if source.authors else {}
            lead = (
                first.get("family")
                or first.get("literal")
                or source.title
                or source.container_title
            )
            base = re.sub(r"[^a-z0-9]+", "-", _key(lead or "work").split(" ")[0]).strip("-")
            base = f"{base}-{source.issued[:4]}" if source.issued else base
            slug, n = base, 2
            while slug in sources:
                slug, n = f"{base}-{n}", n + 1
            slugs[key] = slug
            sources[slug] = _compact(asdict(source))
        return slugs[key]

    archives = set()
    result = {}
    for note in notes:
        refs = []
        for reference in note.references:
            entry = _compact(asdict(reference))
            for name in ("confidence", "reasons", "short_form"):
                entry.pop(name, None)
            for name in ("source", "cited_in"):
                if getattr(reference, name) is not None:
                    entry[name] = source_slug(getattr(reference, name))
            if reference.file is not None:
                archives.add(reference.file.archive)
            if reference.needs_review:
                entry["needs_review"] = True
                entry["editorial_note"] = "Parser: " + "; ".join(reference.reasons) + "."
            refs.append(entry)
        result[str(note.number)] = refs
    return {
        "document": slug,
        "archives": {
            name: _compact({k: v for k, v in asdict(ARCHIVES[name]).items() if k != "slug"})
            for name in sorted(archives)
            if name in ARCHIVES
        },
        "sources": dict(sorted(sources.items())),
        "notes": result,
    }
