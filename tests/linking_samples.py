"""Small, self-made linking data for the reader, register and timeline tests.

The curated actors, events and cross-references are another piece of work; these tests make
their own few rows (offsets found in the real texts, never typed in) so that they do not
depend on it. Also: a draft document that links into the published texts, and a generated
document ten times the size of the paper, for query counts.
"""

from __future__ import annotations

import datetime
from types import SimpleNamespace

from django.db import transaction

from documents.models import (
    Actor,
    ActorAlias,
    CrossReference,
    DatePrecision,
    Document,
    Event,
    Footnote,
    FootnoteRef,
    Mention,
    Paragraph,
    Section,
)

from . import curated

PAPER = "weathersby-soviet-role"
INTERVIEW = "shen-zhihua-interview"


def paragraph(slug: str, position: int) -> Paragraph:
    return Paragraph.objects.get(document__slug=slug, position=position)


def note(slug: str, number: int) -> Footnote:
    return Footnote.objects.get(document__slug=slug, number=number)


def mention(passage, surface: str, *, actor=None, event=None, occurrence: int = 1) -> Mention:
    """Tag the `occurrence`-th appearance of `surface` in a paragraph or note (unless a
    mention already covers those words: then that one stays, and None is returned)."""
    index = -1
    for _ in range(occurrence):
        index = passage.text.index(surface, index + 1)
    where = {"paragraph": passage} if isinstance(passage, Paragraph) else {"footnote": passage}
    end = index + len(surface)
    if Mention.objects.filter(start__lt=end, end__gt=index, **where).exists():
        return None
    return Mention.objects.create(
        start=index,
        end=index + len(surface),
        surface=surface,
        actor=actor,
        event=event,
        **where,
    )


def make_links(keep_curated: bool = False) -> SimpleNamespace:
    """See _make_links. In one transaction: in a live-server test each row would otherwise be
    committed on its own, and every commit renders the texts it touches again (a dozen renders
    of both texts, 6–10 s of each browser test's setup); committed together they are rendered
    once, as an editor's save of a whole form is."""
    with transaction.atomic():
        return _make_links(keep_curated)


def _make_links(keep_curated: bool = False) -> SimpleNamespace:
    """Three actors, three events, mentions in both texts and in a note, one cross-reference.

    Unless `keep_curated`, the curated mentions and cross-references that load_collection
    stores are removed first, so that what the tests see is exactly what they made (curated
    actors and events stay, told apart by slug). With it (for the checks of whole pages:
    validity, accessibility) the curated links stay and these are added where they fit."""
    if not keep_curated:
        # Clearing the ground is not an edit under test: no history rows, no signals (a
        # thousand deleted mentions, each finding the documents that show it: 4 s a test).
        curated.drop_links()
    kim = Actor.objects.create(slug="test-kim-il-sung", name="Kim Il Sung", kind=Actor.Kind.PERSON)
    ActorAlias.objects.create(actor=kim, name="Kim Il-sung")
    ActorAlias.objects.create(actor=kim, name="Ким Ир Сен", note="Cyrillic")
    stalin = Actor.objects.create(
        slug="test-joseph-stalin", name="Joseph Stalin", kind=Actor.Kind.PERSON
    )
    ActorAlias.objects.create(actor=stalin, name="Filippov", note="code name in telegrams")
    ussr = Actor.objects.create(
        slug="test-soviet-union", name="Soviet Union", kind=Actor.Kind.STATE
    )

    moscow = Event.objects.create(
        slug="test-moscow-conference",
        title="Moscow Conference of Foreign Ministers",
        date=datetime.date(1945, 12, 16),
        end_date=datetime.date(1945, 12, 26),
        place="Moscow",
    )
    moscow.actors.add(stalin, ussr)
    armistice = Event.objects.create(
        slug="test-armistice-talks",
        title="Armistice negotiations",
        date=datetime.date(1951, 7, 1),
        precision=DatePrecision.MONTH,
    )
    anniversary = Event.objects.create(
        slug="test-anniversary",
        title="75th anniversary of China–North Korea relations",
        date=datetime.date(2024, 1, 1),
        precision=DatePrecision.YEAR,
    )

    interview_1 = paragraph(INTERVIEW, 1)
    paper_31 = paragraph(PAPER, 31)
    mentions = SimpleNamespace(
        kim_interview=mention(interview_1, "Kim Il-sung", actor=kim),
        stalin_interview=mention(interview_1, "Stalin", actor=stalin),
        ussr_interview=mention(interview_1, "Soviet Union", actor=ussr),
        kim_paper=mention(paper_31, "Kim Il Sung", actor=kim),
        stalin_paper=mention(paragraph(PAPER, 6), "Joseph Stalin", actor=stalin),
        stalin_paper_again=mention(paragraph(PAPER, 6), "Stalin", actor=stalin, occurrence=2),
        filippov_note=mention(note(PAPER, 46), "Filippov", actor=stalin),
        moscow_paper=mention(paragraph(PAPER, 14), "Moscow Conference", event=moscow),
        armistice_paper=mention(paragraph(PAPER, 38), "armistice", event=armistice),
    )
    xref, _ = CrossReference.objects.get_or_create(
        source=paper_31,
        target=interview_1,
        defaults={
            "relation": CrossReference.Relation.SUPPORTS,
            "reason": "Both see Soviet control behind Kim's authority.",
        },
    )
    return SimpleNamespace(
        kim=kim,
        stalin=stalin,
        ussr=ussr,
        moscow=moscow,
        armistice=armistice,
        anniversary=anniversary,
        mentions=mentions,
        xref=xref,
        paper_31=paper_31,
        interview_1=interview_1,
    )


def read_again(made: SimpleNamespace) -> SimpleNamespace:
    """A copy of what make_links returned with every row read again from the database: for
    tests that share rows committed once (curated.committed_on_top), where a test changes the
    objects it is given and the next must not get them changed."""
    if isinstance(made, SimpleNamespace):
        return SimpleNamespace(**{name: read_again(value) for name, value in vars(made).items()})
    return None if made is None else type(made).objects.get(pk=made.pk)


def make_draft_links(links: SimpleNamespace) -> SimpleNamespace:
    """A draft document whose paragraph and note mention Stalin and the Moscow Conference and
    point at the paper: none of it may show for the public."""
    draft = Document.objects.create(
        slug="draft-memo", title="Unpublished memorandum", status=Document.Status.DRAFT
    )
    section = Section.objects.create(document=draft, position=1)
    text = "A secret memorandum: Stalin at the Moscow Conference, as seen from the draft."
    draft_paragraph = Paragraph.objects.create(
        document=draft, section=section, position=1, text=text
    )
    draft_note = Footnote.objects.create(document=draft, number=1, text="Draft note on Stalin.")
    FootnoteRef.objects.create(footnote=draft_note, paragraph=draft_paragraph, offset=len(text))
    mention(draft_paragraph, "Stalin", actor=links.stalin)
    mention(draft_note, "Stalin", actor=links.stalin)
    mention(draft_paragraph, "Moscow Conference", event=links.moscow)
    xref = CrossReference.objects.create(
        source=draft_paragraph,
        target=paragraph(PAPER, 6),
        reason="The draft reasons about the same decision.",
    )
    return SimpleNamespace(document=draft, paragraph=draft_paragraph, note=draft_note, xref=xref)


LARGE_WORDS = (
    "The Soviet occupation authorities drafted the laws *and* the speeches for the new state "
    "while the Joint Commission adjourned, and Kim Il Sung waited for word from Moscow. "
)


def make_large_document(slug: str = "generated-large", paragraphs: int = 510) -> Document:
    """A published document ten times the paper: ~510 paragraphs in 10 sections, ~580 notes
    (some anchored twice), a mention of an actor and of an event in each paragraph and in each
    note, and cross-references to and from the paper. Built with bulk_create."""
    kim, _ = Actor.objects.get_or_create(slug="large-kim", defaults={"name": "Kim Il Sung"})
    event, _ = Event.objects.get_or_create(
        slug="large-commission",
        defaults={"title": "Joint Commission adjourns", "date": datetime.date(1947, 10, 1)},
    )
    document = Document.objects.create(
        slug=slug,
        title="Generated long document",
        authors="Test Author",
        status=Document.Status.PUBLISHED,
    )
    sections = Section.objects.bulk_create(
        Section(document=document, position=i + 1, title=f"Part {i + 1}") for i in range(10)
    )
    text = LARGE_WORDS * 3
    rows = Paragraph.objects.bulk_create(
        Paragraph(
            document=document,
            section=sections[i * len(sections) // paragraphs],
            position=i + 1,
            text=text,
        )
        for i in range(paragraphs)
    )
    note_count = paragraphs + paragraphs // 7
    notes = Footnote.objects.bulk_create(
        Footnote(document=document, number=n + 1, text=f"Note {n + 1} on Kim Il Sung. {text}")
        for n in range(note_count)
    )
    refs = []
    cursor = 0
    for index, row in enumerate(rows):
        per_paragraph = 2 if index % 7 == 0 else 1
        for k in range(per_paragraph):
            if cursor < len(notes):
                refs.append(FootnoteRef(footnote=notes[cursor], paragraph=row, offset=30 + 40 * k))
                cursor += 1
    # A second anchor for a few notes (fnref-N-2).
    for n in range(0, min(40, len(notes)), 4):
        refs.append(FootnoteRef(footnote=notes[n], paragraph=rows[-1 - n], offset=200, ordinal=2))
    FootnoteRef.objects.bulk_create(refs)
    kim_at = LARGE_WORDS.index("Kim Il Sung")
    moscow_at = LARGE_WORDS.index("Joint Commission")
    mentions = []
    for row in rows:
        mentions.append(
            Mention(paragraph=row, start=kim_at, end=kim_at + 11, surface="Kim Il Sung", actor=kim)
        )
        mentions.append(
            Mention(
                paragraph=row,
                start=moscow_at,
                end=moscow_at + 16,
                surface="Joint Commission",
                event=event,
            )
        )
    for row in notes:
        start = row.text.index("Kim Il Sung")
        mentions.append(
            Mention(footnote=row, start=start, end=start + 11, surface="Kim Il Sung", actor=kim)
        )
    Mention.objects.bulk_create(mentions)
    paper = list(Paragraph.objects.filter(document__slug=PAPER).order_by("position"))
    xrefs = []
    for index, row in enumerate(rows[: len(paper)]):
        xrefs.append(CrossReference(source=row, target=paper[index], reason="Generated link."))
    for index, row in enumerate(rows[len(paper) : 2 * len(paper)]):
        xrefs.append(CrossReference(source=paper[index], target=row, reason="Generated back."))
    CrossReference.objects.bulk_create(xrefs)
    return document
