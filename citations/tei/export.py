"""A document as TEI P5: /documents/<slug>.tei.xml.

- teiHeader: the title and authors, the publisher of this edition and the document's address,
  the source description (what was published, by whom, where and when, as far as known; an
  interview's interviewee), the editors' note, language, keywords and, for an interview, the
  two speakers;
- text: sections as <div xml:id="s-N">, paragraphs as <p xml:id="p-N"> (interview turns inside
  <sp who="…">), the source's *emphasis* as <hi rend="italic">, each <note xml:id="fn-N"> at
  its anchor, holding its exact text and a <listBibl> of its references as data (archival
  references with the archive and fond / opis / delo / papka, published works with their
  bibliographic fields, Ibid. pointing at the reference it repeats), mentions as
  <persName ref>, <orgName ref> or <rs type="event" ref>;
- back: the register the mentions point to (persons, bodies, events) and the archives.

The XML is built with lxml, so every text and attribute value is escaped by construction.
The wording of the texts is kept exactly; only characters XML cannot hold at all (control
characters) are left out.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.views import View
from lxml import etree

from citations.models import Citation
from citations.tei.bibl import citation_bibl
from citations.tei.elements import (
    CONTENT_TYPE,
    EDITION,
    TEI_NS,
    XML_NS,
    actor_id,
    archive_id,
    clean,
    date_element,
    event_id,
    sub,
    tei,
    xml_id,
)
from citations.tei.passages import Span, mention_span, write_passage
from documents.caching import stored
from documents.dates import DateSpan
from documents.models import (
    Actor,
    ActorAlias,
    Document,
    Footnote,
    FootnoteRef,
    Mention,
    NameForm,
    Paragraph,
    Section,
)

# ---------------------------------------------------------------------------------------------
# The document


def export_queryset(user):
    """Visible documents with everything the export writes, in a fixed number of queries."""
    mentions = Mention.objects.select_related("actor", "event").order_by("start", "end")
    citations = (
        Citation.objects.with_targets()
        .select_related("archival_document__published_in")
        .order_by("position")
    )
    return Document.objects.visible_to(user).prefetch_related(
        Prefetch("sections", queryset=Section.objects.order_by("position")),
        Prefetch(
            "paragraphs",
            queryset=Paragraph.objects.order_by("position").prefetch_related(
                Prefetch(
                    "note_refs", queryset=FootnoteRef.objects.order_by("offset", "footnote__number")
                ),
                Prefetch("mentions", queryset=mentions),
            ),
        ),
        Prefetch(
            "footnotes",
            queryset=Footnote.objects.order_by("number").prefetch_related(
                Prefetch("refs", queryset=FootnoteRef.objects.order_by("ordinal")),
                Prefetch("mentions", queryset=mentions),
                Prefetch("citations", queryset=citations),
            ),
        ),
    )


class TeiBuilder:
    def __init__(self, document: Document, url: str = "", absolute: Callable[[str], str] = str):
        self.document = document
        self.url = url
        self.absolute = absolute  # a site path → an absolute address
        self.notes = {note.pk: note for note in document.footnotes.all()}
        self.placed: set[int] = set()  # notes already written at an anchor
        self.citation_ids: set[str] = set()
        self.actors: dict[int, Actor] = {}
        self.events: dict = {}
        self.archives: dict = {}

    # -- the whole ------------------------------------------------------------------------

    def build(self):
        root = etree.Element(tei("TEI"), nsmap={None: TEI_NS})
        root.set(f"{{{XML_NS}}}lang", self.document.language or "en")
        header = sub(root, "teiHeader")
        text = sub(root, "text")
        self.front(text)
        self.body(text)
        self.back(text)
        # The header is written last: it lists the speakers, and the register needs the
        # mentions found in the body.
        self.header(header)
        self.register(text)
        return root

    def tostring(self) -> bytes:
        return etree.tostring(
            self.build(), xml_declaration=True, encoding="UTF-8", pretty_print=True
        )

    # -- teiHeader ------------------------------------------------------------------------

    def header(self, header):
        document = self.document
        file_desc = sub(header, "fileDesc")
        title_stmt = sub(file_desc, "titleStmt")
        sub(title_stmt, "title", document.title)
        for name in document.author_list:
            sub(title_stmt, "author", name)
        statement = sub(title_stmt, "respStmt")
        sub(
            statement,
            "resp",
            "Digital edition: structure, note anchors, mentions, links and structured references",
        )
        sub(statement, "orgName", EDITION)

        publication = sub(file_desc, "publicationStmt")
        sub(publication, "publisher", EDITION)
        if self.url:
            sub(publication, "idno", self.url, type="URI")

        source = sub(sub(file_desc, "sourceDesc"), "bibl")
        for name in document.author_list:
            sub(source, "author", name)
        if document.affiliation:
            sub(source, "orgName", document.affiliation, type="affiliation")
        # An article or an interview is part of something, even where the text does not say what.
        level = "m" if document.kind == Document.Kind.PRIMARY else "a"
        sub(source, "title", document.title, level=level)
        if document.interviewee:
            statement = sub(source, "respStmt")
            sub(statement, "resp", "interviewee")
            sub(statement, "persName", document.interviewee)
        if document.publication:
            sub(source, "title", document.publication, level="j")
        date_element(source, document.publication_date)
        sub(source, "note", document.get_kind_display(), type="genre")

        if document.editorial_note:
            encoding = sub(header, "encodingDesc")
            sub(sub(encoding, "editorialDecl"), "p", document.editorial_note)

        profile = sub(header, "profileDesc")
        sub(sub(profile, "langUsage"), "language", ident=document.language or "en")
        if document.keywords:
            keywords = sub(sub(profile, "textClass"), "keywords")
            for keyword in document.keywords:
                sub(keywords, "term", keyword)
        if self.speakers:
            people = sub(sub(profile, "particDesc"), "listPerson")
            for key, role in sorted(self.speakers.items()):
                person = xml_id(sub(people, "person", role=role), f"speaker-{key}")
                if key == Paragraph.Speaker.HISTORIAN and document.interviewee:
                    sub(person, "persName", document.interviewee)

    # -- text -----------------------------------------------------------------------------

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

    # -- register -------------------------------------------------------------------------

    def register(self, text):
        back = self.back_element
        aliases = self.aliases()
        forms = self.name_forms()
        persons = [a for a in self.actors.values() if a.kind == Actor.Kind.PERSON]
        bodies = [a for a in self.actors.values() if a.kind != Actor.Kind.PERSON]
        if not (persons or bodies or self.events or self.archives):
            if not len(back):
                text.remove(back)
            return
        div = sub(back, "div", type="register")
        sub(div, "head", "People, bodies, events and archives named in the text")
        if persons:
            listing = sub(div, "listPerson")
            for actor in sorted(persons, key=lambda a: a.name):
                person = xml_id(sub(listing, "person"), actor_id(actor))
                sub(person, "persName", actor.name, type="main")
                for alias in aliases.get(actor.pk, []):
                    sub(person, "persName", alias, type="alias")
                for form in forms.get(actor.pk, []):
                    name_form(person, "persName", form)
                self.actor_notes(person, actor)
        if bodies:
            listing = sub(div, "listOrg", type="actors")
            for actor in sorted(bodies, key=lambda a: a.name):
                org = xml_id(sub(listing, "org", type=actor.kind), actor_id(actor))
                sub(org, "orgName", actor.name, type="main")
                for alias in aliases.get(actor.pk, []):
                    sub(org, "orgName", alias, type="alias")
                for form in forms.get(actor.pk, []):
                    name_form(org, "orgName", form)
                self.actor_notes(org, actor)
        if self.events:
            listing = sub(div, "listEvent")
            for event in sorted(self.events.values(), key=lambda e: (e.date, e.title)):
                self.event(listing, event)
        if self.archives:
            listing = sub(div, "listOrg", type="archives")
            for archive in sorted(self.archives.values(), key=lambda a: a.abbreviation):
                org = xml_id(sub(listing, "org", type="archive"), archive_id(archive))
                sub(org, "orgName", archive.abbreviation, type="abbreviation")
                if archive.abbreviation_original:
                    sub(
                        org,
                        "orgName",
                        archive.abbreviation_original,
                        type="abbreviation",
                        xml_lang="ru",
                    )
                sub(org, "orgName", archive.name, type="full")
                if archive.name_original:
                    sub(org, "orgName", archive.name_original, type="full", xml_lang="ru")
                if archive.place:
                    sub(org, "placeName", archive.place)
                sub(org, "idno", self.absolute(archive.get_absolute_url()), type="URI")

    def actor_notes(self, element, actor: Actor):
        sub(element, "idno", self.absolute(actor.get_absolute_url()), type="URI")
        if actor.wikidata:
            sub(element, "idno", actor.wikidata, type="wikidata")
        if actor.viaf:
            sub(element, "idno", actor.viaf, type="VIAF")
        if actor.dates:
            sub(element, "note", actor.dates, type="dates")
        if actor.description:
            sub(element, "note", actor.description)

    def event(self, listing, event):
        dates = DateSpan.of_event(event.date, event.precision, event.end_date).tei_attributes()
        element = sub(listing, "event", ref=self.absolute(event.get_absolute_url()), **dates)
        xml_id(element, event_id(event))
        sub(element, "label", event.title)
        sub(element, "note", event.display_date, type="date")
        if event.place:
            sub(element, "note", event.place, type="place")
        if event.description:
            sub(element, "note", event.description)

    def aliases(self) -> dict[int, list[str]]:
        """Every other name of the actors mentioned, in one query."""
        names: dict[int, list[str]] = {}
        if self.actors:
            rows = ActorAlias.objects.filter(actor__in=list(self.actors)).order_by("name")
            for actor, name in rows.values_list("actor_id", "name"):
                names.setdefault(actor, []).append(name)
        return names

    def name_forms(self) -> dict[int, list[NameForm]]:
        """The name forms of the actors mentioned (the main name aside), in one query."""
        found: dict[int, list[NameForm]] = {}
        if self.actors:
            rows = NameForm.objects.filter(actor__in=list(self.actors)).select_related("actor")
            for form in rows.order_by("generated", "language", "text"):
                if not (form.preferred and form.text == form.actor.name):
                    found.setdefault(form.actor_id, []).append(form)
        return found


def name_form(parent, element_name: str, form: NameForm):
    """<persName|orgName xml:lang=… type="variant|generated" subtype=system>, with <surname>
    and <forename> inside where the form is just family and given name."""
    element = sub(
        parent,
        element_name,
        type="generated" if form.generated else "variant",
        subtype=form.system,
        xml_lang=form.language,
    )
    parts = None
    if element_name == "persName" and form.family and form.given:
        for separator in ("", " "):
            if form.text == f"{form.family}{separator}{form.given}":
                parts = [("surname", form.family), ("forename", form.given)]
            elif form.text == f"{form.given}{separator}{form.family}":
                parts = [("forename", form.given), ("surname", form.family)]
            if parts:
                break
    if not parts:
        element.text = clean(form.text)
        return element
    element.text = ""  # mixed content: pretty printing must not indent 金日成 into lines
    first = sub(element, parts[0][0], parts[0][1])
    sub(element, parts[1][0], parts[1][1])
    if separator:
        first.tail = separator
    return element


def tei_document(document: Document, url: str = "", absolute: Callable[[str], str] = str) -> bytes:
    """The document (fetched through export_queryset) as TEI P5, UTF-8 bytes."""
    return TeiBuilder(document, url, absolute).tostring()


TEI_PART = "tei"  # its name among a document's stored parts (citations.freshness)


class TeiExportView(View):
    """/documents/<slug>.tei.xml. Drafts are 404 for the public, like the reader. The public
    get the TEI stored when the document last changed (documents.caching.stored); staff,
    who may see drafts, get it built live."""

    def get(self, request, slug):
        user = request.user
        if user.is_active and user.is_staff:
            document = get_object_or_404(export_queryset(user), slug=slug)
            body = tei_document(
                document,
                url=request.build_absolute_uri(document.get_absolute_url()),
                absolute=request.build_absolute_uri,
            )
        else:
            document = get_object_or_404(Document.objects.published(), slug=slug)
            body = stored.served_parts(document, [TEI_PART], request)[TEI_PART].encode()
        response = HttpResponse(body, content_type=CONTENT_TYPE)
        response["Content-Disposition"] = f'inline; filename="{document.slug}.tei.xml"'
        return response
