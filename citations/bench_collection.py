"""A large, published collection for benchmarks, recombined from the two curated texts.

`build(total, seed)` grows the collection to `total` documents: the two curated texts (loaded
from fixtures/ if absent) and generated pairs of documents, an article drawn from the paper's
paragraphs and an interview drawn from the interview's. Each generated document keeps a
random subset of its source's paragraphs (in every section), shuffled within their section,
renumbered from 1; the notes anchored in them come along renumbered in reading order, with
their anchors, mentions (in paragraphs and notes), citations and search terms; the
cross-references between the pair's paragraphs come along where both ends were kept. So every
page has the same kinds of content as the real ones, and the text is real wording (never
changed, only regrouped). The same seed gives the same collection.

Written with bulk_create in one transaction, without history records: this is for throwaway
databases (manage.py build_bench_collection refuses a database that holds curated work).
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction

from citations import search_terms
from citations.models import Citation
from documents.models import (
    Actor,
    ActorAlias,
    CrossReference,
    Document,
    Footnote,
    FootnoteRef,
    Mention,
    Paragraph,
    Section,
)

PAPER = "weathersby-soviet-role"
INTERVIEW = "shen-zhihua-interview"
SLUG_PREFIX = "bench-"
CHUNK = 50  # documents written per round of bulk_create


@dataclass
class Source:
    """One curated text, read once: everything a generated copy needs."""

    document: Document
    sections: list[Section]
    paragraphs: dict[int, list[Paragraph]]  # section id → paragraphs in order
    refs: dict[int, list[FootnoteRef]]  # paragraph id → its note anchors
    notes: dict[int, Footnote]
    paragraph_mentions: dict[int, list[Mention]]
    note_mentions: dict[int, list[Mention]]
    citations: dict[int, list]  # note id → citations in order
    xrefs: list[CrossReference]


def read_source(slug: str) -> Source:

    document = Document.objects.get(slug=slug)
    paragraphs = defaultdict(list)
    for paragraph in document.paragraphs.order_by("position"):
        paragraphs[paragraph.section_id].append(paragraph)
    refs = defaultdict(list)
    for ref in FootnoteRef.objects.filter(paragraph__document=document).order_by("offset"):
        refs[ref.paragraph_id].append(ref)
    paragraph_mentions, note_mentions = defaultdict(list), defaultdict(list)
    for mention in Mention.objects.filter(paragraph__document=document):
        paragraph_mentions[mention.paragraph_id].append(mention)
    for mention in Mention.objects.filter(footnote__document=document):
        note_mentions[mention.footnote_id].append(mention)
    citations = defaultdict(list)
    for citation in Citation.objects.filter(footnote__document=document).order_by("position"):
        citations[citation.footnote_id].append(citation)
    return Source(
        document=document,
        sections=list(document.sections.order_by("position")),
        paragraphs=paragraphs,
        refs=refs,
        notes={note.pk: note for note in document.footnotes.all()},
        paragraph_mentions=paragraph_mentions,
        note_mentions=note_mentions,
        citations=citations,
        xrefs=list(CrossReference.objects.filter(source__document=document)),
    )


def _copy(instance, **changes):
    """A new, unsaved row with the instance's field values and the given changes."""
    values = {
        field.attname: getattr(instance, field.attname)
        for field in instance._meta.concrete_fields
        if not field.primary_key
    }
    values.update(changes)
    return type(instance)(**values)


class Generated:
    """One generated document being assembled: rows to write, keyed by the source's ids."""

    def __init__(self, source: Source, number: int, rng: random.Random):
        self.source = source
        original = source.document
        self.kept = []  # (section, [paragraphs]) in reading order
        for section in source.sections:
            paragraphs = source.paragraphs.get(section.pk, [])
            if not paragraphs:
                continue
            share = rng.uniform(0.5, 1.0)
            chosen = [p for p in paragraphs if rng.random() < share] or [rng.choice(paragraphs)]
            rng.shuffle(chosen)
            self.kept.append((section, chosen))
        text = "\n\n".join(p.text for _, chosen in self.kept for p in chosen)
        self.document = _copy(
            original,
            slug=f"{SLUG_PREFIX}{number:04d}-{original.slug}"[:100],
            title=f"{original.title} (benchmark recombination {number})"[:300],
            status=Document.Status.PUBLISHED,
            source_text=text,
            editorial_note=(
                "Generated for benchmarks from the paragraphs of “"
                f"{original.title}”, regrouped; not a real text."
            ),
            version=1,
        )


def _write(batch: list[Generated]) -> dict[int, int]:
    """Write a batch of generated documents and all they hold; {new note id: source note id}."""
    Document.objects.bulk_create([g.document for g in batch])
    _write_sections_and_paragraphs(batch)
    _write_notes(batch)
    origin = _write_anchors_mentions_and_citations(batch)
    _relink_citations(batch)
    return origin


def _write_sections_and_paragraphs(batch: list[Generated]) -> None:
    """The kept sections and paragraphs, numbered again in reading order."""
    sections, paragraphs = [], []
    for g in batch:
        g.new_paragraphs = {}  # source paragraph id → new paragraph
        position = 0
        for number, (section, chosen) in enumerate(g.kept, start=1):
            new_section = _copy(section, document_id=g.document.pk, position=number, version=1)
            sections.append(new_section)
            for paragraph in chosen:
                position += 1
                new = _copy(
                    paragraph,
                    document_id=g.document.pk,
                    position=position,
                    source_line=None,
                    version=1,
                )
                new._section = new_section
                g.new_paragraphs[paragraph.pk] = new
                paragraphs.append(new)
    Section.objects.bulk_create(sections)
    for paragraph in paragraphs:
        paragraph.section_id = paragraph._section.pk
    Paragraph.objects.bulk_create(paragraphs)


def _write_notes(batch: list[Generated]) -> None:
    """The notes whose markers came along."""
    notes = []
    for g in batch:
        # Notes follow their first marker in the new reading order and are renumbered so.
        g.new_notes = {}  # source note id → new note
        for source_pk, _paragraph in g.new_paragraphs.items():
            for ref in g.source.refs.get(source_pk, []):
                if ref.footnote_id not in g.new_notes:
                    note = g.source.notes[ref.footnote_id]
                    g.new_notes[ref.footnote_id] = _copy(
                        note,
                        document_id=g.document.pk,
                        number=len(g.new_notes) + 1,
                        source_line=None,
                        version=1,
                    )
                    notes.append(g.new_notes[ref.footnote_id])
    Footnote.objects.bulk_create(notes)


def _write_anchors_mentions_and_citations(batch: list[Generated]) -> dict[int, int]:
    """Note markers, mentions and citations of the copies; {new note id: source note id}."""
    refs, mentions, citations = [], [], []
    origin = {}
    for g in batch:
        ordinals = defaultdict(int)
        for source_pk, paragraph in g.new_paragraphs.items():
            for ref in g.source.refs.get(source_pk, []):
                ordinals[ref.footnote_id] += 1
                refs.append(
                    _copy(
                        ref,
                        footnote_id=g.new_notes[ref.footnote_id].pk,
                        paragraph_id=paragraph.pk,
                        ordinal=ordinals[ref.footnote_id],
                    )
                )
            for mention in g.source.paragraph_mentions.get(source_pk, []):
                mentions.append(_copy(mention, paragraph_id=paragraph.pk, version=1))
        new_citation = {}  # source citation id → new citation (for Ibid. and short forms)
        for source_pk, note in g.new_notes.items():
            origin[note.pk] = source_pk
            for mention in g.source.note_mentions.get(source_pk, []):
                mentions.append(_copy(mention, footnote_id=note.pk))
            for citation in g.source.citations.get(source_pk, []):
                new_citation[citation.pk] = _copy(citation, footnote_id=note.pk)
        g.new_citations = new_citation
        citations += new_citation.values()
    FootnoteRef.objects.bulk_create(refs)
    Mention.objects.bulk_create(mentions)
    Citation.objects.bulk_create(citations)
    return origin


def _relink_citations(batch: list[Generated]) -> None:
    """Ibid. and short forms point at the copy when it came along, else at the original."""
    relinked = []
    for g in batch:
        for citation in g.new_citations.values():
            changed = False
            for field in ("ibid_of_id", "short_form_of_id"):
                target = g.new_citations.get(getattr(citation, field))
                if target is not None:
                    setattr(citation, field, target.pk)
                    changed = True
            if changed:
                relinked.append(citation)
    Citation.objects.bulk_update(relinked, ["ibid_of", "short_form_of"])


def _pair_xrefs(article: Generated, interview: Generated) -> None:
    """The curated cross-references between the pair's paragraphs, where both ends were kept."""
    kept = {**article.new_paragraphs, **interview.new_paragraphs}
    article.xrefs, interview.xrefs = [], []
    for xref in article.source.xrefs + interview.source.xrefs:
        if xref.source_id in kept and xref.target_id in kept:
            article.xrefs.append(
                _copy(
                    xref,
                    source_id=kept[xref.source_id].pk,
                    target_id=kept[xref.target_id].pk,
                    version=1,
                )
            )


@dataclass(frozen=True)
class Built:
    generated: int
    total: int


def build(total: int, seed: int = 1) -> Built:
    """Grow the collection to `total` documents (the curated two included); see the module."""
    from documents.texts.collection import load_collection

    with transaction.atomic():
        load_collection()
        sources = [read_source(PAPER), read_source(INTERVIEW)]
        existing = Document.objects.count()
        first = Document.objects.filter(slug__startswith=SLUG_PREFIX).count() + 1
        wanted = max(0, total - existing)
        rng = random.Random(seed)
        origin = {}
        number = first
        while number < first + wanted:
            batch = []
            for _ in range(min(CHUNK, first + wanted - number)):
                batch.append(Generated(sources[(number - 1) % 2], number, rng))
                number += 1
            # Paragraph ids are needed for the cross-references: write, then link the pairs.
            origin.update(_write(batch))
            xrefs = []
            for article, interview in zip(batch[::2], batch[1::2], strict=False):
                if article.source is interview.source:
                    continue
                _pair_xrefs(article, interview)
                xrefs += article.xrefs
            CrossReference.objects.bulk_create(xrefs)
        if origin and search_terms.has_storage():
            terms = search_terms.compute(Citation, Actor, ActorAlias, set(origin.values()))
            copied = {new: terms[old] for new, old in origin.items() if old in terms}
            search_terms.write(copied, footnote_ids=origin)
    return Built(generated=wanted, total=Document.objects.count())
