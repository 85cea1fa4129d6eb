"""Public pages: home, document list, the reader, the register of actors, the timeline.

Every page reads a fixed number of queries whatever the size of the texts: the querysets
prefetch what the templates show, and per-paragraph work (markers, mention links,
cross-references, quoted contexts) is done here in Python, once, not in templates.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.views.generic import DetailView, ListView, TemplateView

from documents.caching import memo, stored
from documents.models import Actor, CrossReference, Document, Event, Paragraph
from documents.reader import extensions
from documents.reader.paging import PagedListMixin
from documents.reader.rendering import (
    link_span,
    note_marker,
    render_passage,
)
from documents.register.kept import stored_fragment


class VisibleToUserMixin:
    """Drafts exist only for staff: the public gets a 404, never a hint. The rule is each
    model's own `visible_to(user)` (Document, Mention, Citation); views only ask it."""

    def visible(self, model):
        return model.objects.visible_to(self.request.user)


def short_label(document: Document) -> str:
    """How a margin note names the other text: “Shen Zhihua interview”, “Weathersby”."""
    if document.kind == Document.Kind.INTERVIEW and document.interviewee:
        return f"{document.interviewee} interview"
    if document.author_list:
        return document.author_list[0].split()[-1]
    return Truncator(document.title).words(6)


# -- the reader ---------------------------------------------------------------------------


def mention_links(mentions, urls: dict) -> list:
    """Link spans for the first mention of each actor or event in a passage: a link on
    every repeat would make the passage a thicket of links. No class: the address says what
    the link is (/actors/…, /events/…), and the style finds it by that (site.css); a class on
    each of the paper's ~390 links weighed 12 KiB."""
    seen = set()
    spans = []
    for mention in mentions:
        if mention.actor_id:
            key, target = ("actor", mention.actor_id), mention.actor
        else:
            key, target = ("event", mention.event_id), mention.event
        if key in seen:
            continue
        seen.add(key)
        if key not in urls:
            urls[key] = target.get_absolute_url()
        spans.append(link_span(mention.start, mention.end, urls[key]))
    return spans


@dataclass
class MarginNote:
    """One cross-reference as shown beside its paragraph: “Compare: <text> ¶N — reason”."""

    relation: str
    label: str
    position: int
    href: str
    reason: str
    same_document: bool


# How a relation reads from the other end of the link (“A supports B”: B is supported by A).
INVERSE_RELATION = {
    CrossReference.Relation.SUPPORTS: "Supported by",
    CrossReference.Relation.ELABORATES: "Elaborated by",
}


def margin_notes(paragraph: Paragraph, document: Document) -> list[MarginNote]:
    """The paragraph's cross-references, both those it makes and those made to it (the
    prefetch has already left out any whose other end the user may not see)."""
    notes = []
    pairs = [(xref, xref.target, False) for xref in paragraph.xrefs_out.all()] + [
        (xref, xref.source, True) for xref in paragraph.xrefs_in.all()
    ]
    for xref, other, incoming in pairs:
        same = other.document_id == document.pk
        href = f"#{other.anchor}" if same else other.get_absolute_url()
        relation = xref.get_relation_display()
        if incoming:
            relation = INVERSE_RELATION.get(xref.relation, relation)
        notes.append(
            MarginNote(
                relation=relation,
                label="this text" if same else short_label(other.document),
                position=other.position,
                href=href,
                reason=xref.reason,
                same_document=same,
            )
        )
    notes.sort(key=lambda note: (note.same_document, note.label, note.position))
    return notes


def speaker_label(paragraph: Paragraph, document: Document) -> str:
    if paragraph.speaker == Paragraph.Speaker.HISTORIAN and document.interviewee:
        return document.interviewee
    return paragraph.get_speaker_display() if paragraph.speaker else ""


def reader_queryset(user=None):
    """Documents with everything the reader shows, for `user` (None: the public), prefetched:
    what other apps show of the notes (their references) too, one query each."""
    prefetches = [p for ext in extensions.registered() for p in ext.reader_prefetches()]
    return Document.objects.for_reader(user).prefetch_related(*prefetches)


def reader_context(document: Document, request, only: str = "") -> dict:
    """What the reader's templates show of `document` (fetched through reader_queryset);
    `only`: the key of a note mark to show alone (?only=archival)."""
    context = {"document": document, "request": request}
    urls = {}
    sections = {
        section.pk: {"section": section, "paragraphs": []} for section in document.sections.all()
    }
    paragraphs = list(document.paragraphs.all())
    # What each note rests on, as the extensions mark it (e.g. archival, second-hand).
    marks, legend = {}, []
    for extension in extensions.registered():
        marks.update(extension.note_marks(list(document.footnotes.all())))
        legend.extend(extension.mark_legend())
    for paragraph in paragraphs:
        markers = [
            (
                ref.offset,
                note_marker(ref.footnote.number, ref.anchor, marks.get(ref.footnote.number)),
            )
            for ref in paragraph.note_refs.all()
        ]
        paragraph.html = render_passage(
            paragraph.text, markers, mention_links(paragraph.mentions.all(), urls)
        )
        paragraph.margin_notes = margin_notes(paragraph, document)
        paragraph.speaker_label = speaker_label(paragraph, document)
        sections[paragraph.section_id]["paragraphs"].append(paragraph)
    for item in sections.values():
        if item["paragraphs"]:
            item["first"] = item["paragraphs"][0].position
            item["last"] = item["paragraphs"][-1].position
    notes = list(document.footnotes.all())
    for note in notes:
        note.html = render_passage(note.text, links=mention_links(note.mentions.all(), urls))
        note.mark = marks.get(note.number)
    for extension in extensions.registered():
        extension.annotate_reader_notes(notes)
        context.update(extension.document_context(request, document))
        context.update(extension.reader_context(request, document))
    context.update(
        sections=[item for item in sections.values() if item["paragraphs"]],
        notes=notes,
        paragraph_count=len(paragraphs),
        questions=[
            (paragraph, Truncator(paragraph.text).words(14))
            for paragraph in paragraphs
            if paragraph.speaker == Paragraph.Speaker.INTERVIEWER
        ],
        extension_templates=extensions.templates(),
        note_legend=legend,
        # ?only=archival: only the notes of that mark, markers and list (CSS; no JS needed).
        only_mark=next((mark for mark in legend if mark.key == only), None),
    )
    return context


# The reader in two stored parts: the metadata in <head> and the article itself.
READER_PARTS = {
    "reader_head": "documents/snippets/reader_meta.html",
    "reader_body": "documents/snippets/reader_article.html",
}


def render_reader(document: Document, request) -> dict[str, str]:
    """The reader's parts of a published document as the public sees it (stored by
    documents.caching.stored, which gives a request for a placeholder origin)."""
    document = reader_queryset().get(pk=document.pk)
    context = reader_context(document, request)
    # Stored with their blank runs collapsed already: a request only collapses its shell.
    return {
        name: BLANK_RUN.sub("\n", render_to_string(template, context, request=request)).strip()
        for name, template in READER_PARTS.items()
    }


# A run of blank space holding a line break: the templates' indentation and empty lines.
# Each becomes one line break: HTML shows both as one space, and the reader has no <pre> or
# <textarea> where it would matter. About 9 KiB of the paper's page is indentation left by
# template tags.
BLANK_RUN = re.compile(r"[ \t]*\n[ \t\r\n]*")
BLANK_RUN_BYTES = re.compile(BLANK_RUN.pattern.encode())

# Where a stored part goes in the page's shell. Escaped data cannot write "<!--", so no text
# of the shell can be mistaken for it.
PART_SLOT = "<!--stored part {}-->"


def finish_page(response, served: stored.Served) -> None:
    """Collapse the blank runs of what the templates wrote for this request, then put the
    stored parts (collapsed when they were stored) into their slots. Collapsing the whole
    page on every request cost more than anything else the stored reader did per request
    (the pattern tries every space of 190 KiB: 3–6 ms)."""
    fill_slots(response, BLANK_RUN_BYTES.sub(b"\n", response.content), served)


def kept_shell(request, render: Callable[[], bytes]) -> bytes:
    """The public's page around its stored parts (header, title, description, footer, the
    parts' slots), as `render()` makes it, kept per collection version and address: it is
    the same for every request until a curated change, which moves the version on (the
    page's own document's included, and the footer names that version). Rendering it was
    about half of what a stored reader or note page did per request in-process (~0.5 of
    ~1.4 ms on SQLite). Only for the public's view of a page: staff and other views of it
    are rendered live."""
    path = hashlib.md5(request.path.encode(), usedforsecurity=False).hexdigest()
    return memo.per_version(f"shell.{path}", render)


def stored_page(request, render_shell: Callable[[], bytes], served: stored.Served) -> HttpResponse:
    """The public's page of a reader or note: its kept shell (kept_shell) with `served` in its
    slots (fill_slots), the ETag from their digests."""
    response = HttpResponse(content_type="text/html; charset=utf-8")
    fill_slots(response, kept_shell(request, render_shell), served)
    return response


def fill_slots(response, shell: bytes, served: stored.Served) -> None:
    """The page: `shell` (the templates' output, collapsed) with the stored parts in their
    slots. Its digest (for its ETag) is that of the shell and of the parts served: the shell
    is hashed, not the 142 KiB page."""
    content = shell
    if served:
        digest = hashlib.md5(shell, usedforsecurity=False)
        digest.update(served.digest.encode())
        response.content_digest = digest.hexdigest()
    for name, text in served.parts.items():
        content = content.replace(PART_SLOT.format(name).encode(), text, 1)
    response.content = content


class ReaderView(VisibleToUserMixin, DetailView):
    """The public read the stored render (two queries: the document, its parts); staff,
    who may see drafts and links into drafts, get it rendered live, and so does a reader
    who asked for one kind of note only (?only=archival), a view of the same text that is
    not worth storing."""

    template_name = "documents/reader.html"
    context_object_name = "document"

    stored_parts: stored.Served = stored.NOTHING_SERVED

    def render_to_response(self, context, **response_kwargs):
        if self.stored_parts and not self.previews():

            def render_shell() -> bytes:
                response = super(ReaderView, self).render_to_response(context, **response_kwargs)
                return BLANK_RUN_BYTES.sub(b"\n", response.render().content)

            return stored_page(self.request, render_shell, self.stored_parts)
        response = super().render_to_response(context, **response_kwargs)
        response.add_post_render_callback(lambda done: finish_page(done, self.stored_parts))
        return response

    def previews(self) -> bool:
        user = self.request.user
        return (user.is_active and user.is_staff) or bool(self.request.GET.get("only"))

    def get_object(self, queryset=None):
        if not self.previews():  # the document and its stored render, in one query
            document, self.stored_parts = stored.fresh_parts(
                READER_PARTS,
                self.request,
                slug=self.kwargs["slug"],
                status=Document.Status.PUBLISHED,
            )
            if document is not None:
                return document
        return super().get_object(queryset)

    def get_queryset(self):
        if self.previews():  # drafts for staff only, as everywhere
            return reader_queryset(self.request.user).filter(pk__in=self.visible(Document))
        # Not the text as imported (60 KB for the paper): the page shows the stored render.
        return Document.objects.published().defer("source_text")

    def get_context_data(self, **kwargs):
        if self.previews():
            context = super().get_context_data(**kwargs)
            context.update(
                reader_context(self.object, self.request, only=self.request.GET.get("only", ""))
            )
            return context
        # Template output rendered (and escaped) by render_reader, stored as it was: put in
        # its slot once the shell is rendered (finish_page).
        if not self.stored_parts:  # not stored fresh (get_object looked): render and store
            rendered = stored.render_parts(self.object, READER_PARTS)
            self.stored_parts = stored.for_request(rendered, self.request)
        context = super().get_context_data(**kwargs)
        context["stored"] = {name: mark_safe(PART_SLOT.format(name)) for name in READER_PARTS}
        return context


# -- home and the list of documents ---------------------------------------------------------


# The home page shows the collection's first texts (the curated ones, added first), not all of
# them: its size and its cost do not grow with the collection; the count links to the list.
HOME_DOCUMENTS = 6
HOME_BODY_TEMPLATE = "documents/snippets/home_body.html"
DOCUMENTS_PER_PAGE = 50


class HomeView(VisibleToUserMixin, TemplateView):
    template_name = "documents/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        visible = self.visible(Document)
        user = self.request.user

        def shown() -> dict:
            listed = visible.with_counts().defer("source_text").order_by("created", "pk")
            return {
                "documents": list(listed[:HOME_DOCUMENTS]),
                "document_count": visible.count(),
                "actor_count": Actor.objects.visible_to(user).count(),
                "event_count": Event.objects.visible_to(user).count(),
            }

        # What the public sees is the same for every visitor until an editor saves: kept per
        # collection version, rendered (the actors' drafts-only rule alone is ~20 ms at 1,000
        # documents on PostgreSQL; building the list's query ~1.5 ms; rendering the six
        # cards, their abstracts shortened and marked up, half of what was left). Staff, who
        # see drafts, get it live.
        if user.is_active and user.is_staff:
            context.update(shown())
        else:
            context["stored_home"] = stored_fragment("home", HOME_BODY_TEMPLATE, shown)
        return context


class DocumentListView(PagedListMixin, VisibleToUserMixin, ListView):
    """Every document, DOCUMENTS_PER_PAGE a page, by kind and title (then the order they
    were added, so that texts of the same title keep their page)."""

    template_name = "documents/document_list.html"
    context_object_name = "documents"
    paginate_by = DOCUMENTS_PER_PAGE
    page_noun = "documents"
    nav_label = "Pages of the document list"

    def get_queryset(self):
        # Not the texts themselves (60 KB each): the database would sort every one of them.
        listed = self.visible(Document).with_counts().defer("source_text")
        return listed.order_by("kind", "title", "pk")
