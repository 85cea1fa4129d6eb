"""The document a reference describes (a telegram, a record of conversation, a resolution),
read from the words before the archive's name: its title, kind, date, author and addressee.

A misprinted kind (“Ciphred telegram”, “Polithuro decision”) is normalised, kept as printed
and reported.
"""

from __future__ import annotations

import re

from .dates import find_date
from .drafts import DocumentDraft, Reference
from .names import NAME

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
KIND_RE = re.compile(
    r"\b(" + "|".join(sorted((re.escape(k) for k in KINDS), key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)
# A document's title, in quotation marks (its closing comma or full stop left out).
QUOTED_TITLE_RE = re.compile(r"[“\"](.+?)[,.]?[”\"]")

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


def read_document_header(header: str, reference: Reference) -> DocumentDraft | None:
    """The part of an archival reference before the archive: title, kind, date, people."""
    text = header.strip().rstrip(",. ")
    if not text:
        return None
    document = DocumentDraft()
    title = QUOTED_TITLE_RE.search(text)
    if title:
        document.title = title[1].strip()
        text = (text[: title.start()] + " " + text[title.end() :]).strip()
    date, printed_date, text = find_date(text)
    if date:
        document.date = date
        if printed_date != date:
            reference.printed_fields["date"] = printed_date
        text = re.sub(r"\s+(?:of|on)(?=\s*(?:,|$))", "", text)
    kind = KIND_RE.search(text)
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
        role = re.match(rf"({NAME}),\s+(?:{_ROLES})\b", leftover)
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
