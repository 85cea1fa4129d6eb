"""What the parser hands back: plain dataclasses for an editor (or ``to_fixture``) to read.

A ``Reference`` keeps the exact words of the note that make it (``printed``), the note's own
spelling of fields whose normalised value differs (``printed_fields``), and, where the parser was
unsure, why (``reasons``) with a lowered ``confidence``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields


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

    def complete_from(self, other: SourceDraft) -> None:
        """Take the authors, and every field left empty here, from the same work cited in full
        elsewhere."""
        for name in (f.name for f in fields(SourceDraft)):
            if not getattr(self, name) or name == "authors":
                setattr(self, name, getattr(other, name))


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


@dataclass
class NoteDraft:
    number: int
    text: str
    references: list[Reference]

    @property
    def cites(self) -> bool:
        return any(ref.kind in ("archival", "published", "ibid") for ref in self.references)


def compact(value):
    """`value` (from dataclasses.asdict) without empty or default values."""
    if isinstance(value, dict):
        items = {k: compact(v) for k, v in value.items()}
        return {k: v for k, v in items.items() if v not in ("", None, [], {}, 1.0, False)}
    if isinstance(value, list):
        return [compact(v) for v in value]
    return value
