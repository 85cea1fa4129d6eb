"""The text of a document's TEI: the abstract, sections, paragraphs and interview turns, each
note at its anchor with its references, and notes anchored nowhere (see export.py)."""

from __future__ import annotations

from collections.abc import Callable

from citations.models import Citation
from citations.tei.bibl import citation_bibl
from citations.tei.elements import sub, xml_id
from citations.tei.passages import Span, mention_span, write_passage
from documents.models import Footnote, FootnoteRef, Paragraph


class BodyWriter:
    """TeiBuilder's front, body and back; records the actors, events and archives it meets
    (for the register) and the speakers (for the header)."""

    def front(self, text):
        if not self.document.abstract:
            return
        div = sub(sub(text, "front"), "div", type="abstract")
        sub(div, "head", "Abstract")
        write_passage(sub(div, "p"), self.document.abstract)

    def body(self, text):
        document = self.document
        body = sub(text, "body")
        self.speakers: dict[str, str] = {}
        paragraphs: dict[int, list[Paragraph]] = {}
        for paragraph in document.paragraphs.all():
            paragraphs.setdefault(paragraph.section_id, []).append(paragraph)
        for section in document.sections.all():
            if section.pk not in paragraphs:
                continue
            div = sub(body, "div", type="section", n=section.position)
            xml_id(div, section.anchor)
            if section.title:
                sub(div, "head", section.title)
            for paragraph in paragraphs[section.pk]:
                self.paragraph(div, paragraph)

    def paragraph(self, div, paragraph: Paragraph):
        container = div
        if paragraph.speaker:
            self.speakers[paragraph.speaker] = {
                Paragraph.Speaker.INTERVIEWER: "interviewer",
                Paragraph.Speaker.HISTORIAN: "interviewee",
            }.get(paragraph.speaker, paragraph.speaker)
            container = sub(div, "sp", who=f"#speaker-{paragraph.speaker}")
            label = paragraph.get_speaker_display()
            if paragraph.speaker == Paragraph.Speaker.HISTORIAN and self.document.interviewee:
                label = self.document.interviewee
            sub(container, "speaker", label)
        p = sub(container, "p", n=paragraph.position)
        xml_id(p, paragraph.anchor)
        if paragraph.kind == Paragraph.Kind.QUOTATION:
            p = sub(p, "quote")
        milestones = [(ref.offset, self.note_at_anchor(ref)) for ref in paragraph.note_refs.all()]
        write_passage(p, paragraph.text, milestones, self.mention_spans(paragraph.mentions.all()))

    def mention_spans(self, mentions) -> list[Span]:
        spans = []
        for mention in mentions:
            if mention.actor_id:
                self.actors[mention.actor_id] = mention.actor
            elif mention.event_id:
                self.events[mention.event_id] = mention.event
            spans.append(mention_span(mention))
        return spans

    def note_at_anchor(self, ref: FootnoteRef) -> Callable:
        """The note itself at its first anchor; a pointer to it at any later one."""
        note = self.notes.get(ref.footnote_id)

        def make(parent):
            if note is None:
                return None
            if note.pk in self.placed:
                return sub(parent, "ptr", type="noteAnchor", target=f"#{note.anchor}")
            self.placed.add(note.pk)
            return self.note(parent, note)

        return make

    def note(self, parent, note: Footnote):
        element = sub(parent, "note", n=note.number, place="end", type=self.note_type(note))
        xml_id(element, note.anchor)
        write_passage(element, note.text, spans=self.mention_spans(note.mentions.all()))
        references = [c for c in note.citations.all() if c.is_reference]
        if references:
            listing = sub(element, "listBibl")
            for citation in references:
                citation_bibl(listing, citation, self.citation_ids)
                if citation.archival_file is not None:
                    self.archives[citation.archival_file.archive_id] = (
                        citation.archival_file.archive
                    )
        return element

    @staticmethod
    def note_type(note: Footnote) -> str:
        kinds = {citation.kind for citation in note.citations.all()}
        if kinds == {Citation.Kind.QUOTED_NOTE}:
            return "quoted-document"
        if kinds and not kinds & {
            Citation.Kind.ARCHIVAL,
            Citation.Kind.PUBLISHED,
            Citation.Kind.IBID,
        }:
            return "explanatory"
        return ""

    def back(self, text):
        """Notes anchored nowhere (an editor removed their marker) are kept here."""
        unplaced = [note for pk, note in self.notes.items() if not note.refs.all()]
        self.back_element = sub(text, "back")
        if unplaced:
            div = sub(self.back_element, "div", type="notes")
            sub(div, "head", "Notes without an anchor in the text")
            for note in unplaced:
                self.note(sub(div, "p"), note)
