"""Consistency of the curated collection: what an editor should fix.

`find_problems()` reads the whole collection in a fixed number of queries and lists:

* a note marker pointing at no note: an anchor whose note belongs to another document or
  that stands beyond the end of its paragraph, or a superscript number typed into a paragraph's
  text, which readers see but which links nowhere;
* a note marker inside a word (where an edit has left it);
* a note never anchored in the text;
* a mention whose span no longer matches its paragraph (or note) after an edit;
* a cross-reference to a paragraph that does not exist.

Used by the admin's "Check texts" page and by `manage.py check_texts`.
"""

import re
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse

from documents.models import CrossReference, Document, Footnote, FootnoteRef, Mention, Paragraph

MARKER_RE = re.compile("[⁰¹²³⁴⁵⁶⁷⁸⁹]+")
_FROM_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")

LABELS = {
    "marker-without-note": "Note marker pointing at no note",
    "marker-inside-word": "Note marker inside a word",
    "note-not-anchored": "Note never anchored in the text",
    "mention-mismatch": "Mention that no longer matches its text",
    "xref-missing-paragraph": "Cross-reference to a missing paragraph",
}


@dataclass(frozen=True)
class Problem:
    code: str
    document: str  # title, or "" when unknown
    where: str  # "¶ 14", "note 3"
    message: str
    admin_url: str = ""

    @property
    def label(self):
        return LABELS[self.code]

    def __str__(self):
        place = ", ".join(part for part in (self.document, self.where) if part)
        return f"{place}: {self.message}"


def _admin_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def find_problems(documents=None) -> list[Problem]:
    """Every problem in the given documents (a queryset; default: all), grouped by kind."""
    if documents is None:
        documents = Document.objects.all()
    problems = []
    problems += _anchor_problems(documents)
    problems += _typed_markers(documents)
    problems += _unanchored_notes(documents)
    problems += _mention_problems(documents)
    problems += _xref_problems(documents)
    order = list(LABELS)
    return sorted(problems, key=lambda p: (order.index(p.code), p.document, p.where))


def _anchor_problems(documents):
    refs = FootnoteRef.objects.filter(paragraph__document__in=documents).select_related(
        "footnote__document", "paragraph__document"
    )
    for ref in refs:
        paragraph, note = ref.paragraph, ref.footnote
        where = f"¶ {paragraph.position}"
        text = paragraph.text
        if note.document_id != paragraph.document_id:
            yield Problem(
                "marker-without-note",
                paragraph.document.title,
                where,
                f"the marker of note {note.number} points at a note of another document "
                f"(“{note.document.title}”)",
                _admin_url(paragraph),
            )
        elif ref.offset > len(text):
            yield Problem(
                "marker-without-note",
                paragraph.document.title,
                where,
                f"the marker of note {note.number} stands at character {ref.offset}, beyond the "
                f"end of the paragraph ({len(text)} characters)",
                _admin_url(paragraph),
            )
        elif (
            0 < ref.offset < len(text)
            and text[ref.offset - 1].isalnum()
            and (text[ref.offset].isalnum())
        ):
            yield Problem(
                "marker-inside-word",
                paragraph.document.title,
                where,
                f"the marker of note {note.number} stands inside a word: "
                f"“…{text[max(0, ref.offset - 20) : ref.offset]}|{text[ref.offset : ref.offset + 20]}…”",
                _admin_url(paragraph),
            )


def _typed_markers(documents):
    paragraphs = (
        Paragraph.objects.filter(document__in=documents)
        .filter(Q(text__regex=MARKER_RE.pattern))
        .select_related("document")
    )
    for paragraph in paragraphs:
        for match in MARKER_RE.finditer(paragraph.text):
            yield Problem(
                "marker-without-note",
                paragraph.document.title,
                f"¶ {paragraph.position}",
                f"“{match.group()}” is typed into the text (character {match.start()}): readers "
                f"see it but it links to no note. Remove it; anchor note "
                f"{match.group().translate(_FROM_SUPERSCRIPT)} with a note marker instead",
                _admin_url(paragraph),
            )


def _unanchored_notes(documents):
    notes = (
        Footnote.objects.filter(document__in=documents)
        .annotate(anchors=Count("refs"))
        .filter(anchors=0)
        .select_related("document")
    )
    for note in notes:
        yield Problem(
            "note-not-anchored",
            note.document.title,
            f"note {note.number}",
            "no marker in the text leads to this note",
            _admin_url(note),
        )


def _mention_problems(documents):
    mentions = (
        Mention.objects.filter(
            Q(paragraph__document__in=documents) | Q(footnote__document__in=documents)
        )
        .select_related("paragraph__document", "footnote__document", "actor", "event")
        .order_by("pk")
    )
    for mention in mentions:
        passage = mention.paragraph or mention.footnote
        where = (
            f"¶ {passage.position}" if mention.paragraph_id else f"note {mention.footnote.number}"
        )
        found = passage.text[mention.start : mention.end]
        if found != mention.surface:
            yield Problem(
                "mention-mismatch",
                passage.document.title,
                where,
                f"the mention of {mention.actor or mention.event} should read "
                f"“{mention.surface}” at {mention.start}–{mention.end}, but the text there "
                f"reads “{found}”",
                _admin_url(mention),
            )


def _xref_problems(documents):
    source_exists = Paragraph.objects.filter(pk=OuterRef("source_id"))
    target_exists = Paragraph.objects.filter(pk=OuterRef("target_id"))
    xrefs = CrossReference.objects.annotate(
        source_ok=Exists(source_exists), target_ok=Exists(target_exists)
    ).filter(Q(source_ok=False) | Q(target_ok=False))
    visible = set(documents.values_list("pk", flat=True))
    paragraphs = Paragraph.objects.filter(
        pk__in={pk for xref in xrefs for pk in (xref.source_id, xref.target_id)}
    ).select_related("document")
    known = {paragraph.pk: paragraph for paragraph in paragraphs}
    for xref in xrefs:
        present = known.get(xref.source_id) or known.get(xref.target_id)
        if present is not None and present.document_id not in visible:
            continue
        missing = "target" if not xref.target_ok else "source"
        yield Problem(
            "xref-missing-paragraph",
            present.document.title if present else "",
            f"¶ {present.position}" if present else f"cross-reference {xref.pk}",
            f"the {missing} paragraph of this cross-reference ({xref.get_relation_display()}: "
            f"“{xref.reason}”) does not exist",
            _admin_url(xref),
        )
