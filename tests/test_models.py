"""Database constraints hold the invariants, whatever the code above them does."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from citations.models import ArchivalDocument, ArchivalFile, Archive, Citation, Source
from documents.models import (
    Actor,
    ActorAlias,
    CrossReference,
    Document,
    Event,
    Footnote,
    FootnoteRef,
    Mention,
    Paragraph,
    Section,
)


@pytest.fixture
def doc(db):
    document = Document.objects.create(slug="d", title="D")
    section = Section.objects.create(document=document, position=1, title="S")
    paragraph = Paragraph.objects.create(
        document=document, section=section, position=1, text="Stalin spoke."
    )
    note = Footnote.objects.create(document=document, number=1, text="A note.")
    return document, section, paragraph, note


def violates(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


@pytest.mark.django_db
class TestDocumentConstraints:
    def test_slug_unique(self, doc):
        violates(lambda: Document.objects.create(slug="d", title="Other"))

    def test_paragraph_position_unique_per_document(self, doc):
        document, section, _, _ = doc
        violates(
            lambda: Paragraph.objects.create(
                document=document, section=section, position=1, text="x"
            )
        )
        other = Document.objects.create(slug="e", title="E")
        other_section = Section.objects.create(document=other, position=1)
        Paragraph.objects.create(
            document=other, section=other_section, position=1, text="allowed elsewhere"
        )

    def test_positions_start_at_one(self, doc):
        document, section, _, _ = doc
        violates(
            lambda: Paragraph.objects.create(
                document=document, section=section, position=0, text="x"
            )
        )
        violates(lambda: Section.objects.create(document=document, position=0))

    def test_note_number_unique_per_document(self, doc):
        document, *_ = doc
        violates(lambda: Footnote.objects.create(document=document, number=1, text="again"))

    def test_anchor_place_unique(self, doc):
        _, _, paragraph, note = doc
        FootnoteRef.objects.create(footnote=note, paragraph=paragraph, offset=13)
        violates(
            lambda: FootnoteRef.objects.create(
                footnote=note, paragraph=paragraph, offset=13, ordinal=2
            )
        )


@pytest.mark.django_db
class TestLinkingConstraints:
    def test_mention_needs_exactly_one_passage_and_one_target(self, doc):
        _, _, paragraph, note = doc
        stalin = Actor.objects.create(slug="stalin", name="Joseph Stalin")
        event = Event.objects.create(slug="e", title="E", date=datetime.date(1945, 8, 9))
        Mention.objects.create(paragraph=paragraph, start=0, end=6, surface="Stalin", actor=stalin)
        violates(
            lambda: Mention.objects.create(
                paragraph=paragraph, footnote=note, start=0, end=6, surface="Stalin", actor=stalin
            )
        )
        violates(lambda: Mention.objects.create(start=0, end=6, surface="Stalin", actor=stalin))
        violates(
            lambda: Mention.objects.create(
                paragraph=paragraph, start=0, end=6, surface="Stalin", actor=stalin, event=event
            )
        )
        violates(
            lambda: Mention.objects.create(
                paragraph=paragraph, start=6, end=6, surface="", actor=stalin
            )
        )

    def test_alias_unique_per_actor(self, db):
        stalin = Actor.objects.create(slug="stalin", name="Joseph Stalin")
        ActorAlias.objects.create(actor=stalin, name="Filippov")
        violates(lambda: ActorAlias.objects.create(actor=stalin, name="Filippov"))

    def test_event_cannot_end_before_it_starts(self, db):
        violates(
            lambda: Event.objects.create(
                slug="x",
                title="X",
                date=datetime.date(1953, 7, 27),
                end_date=datetime.date(1951, 7, 10),
            )
        )

    def test_cross_reference_not_to_itself_and_not_twice(self, doc):
        document, section, paragraph, _ = doc
        other = Paragraph.objects.create(
            document=document, section=section, position=2, text="More."
        )
        CrossReference.objects.create(source=paragraph, target=other, reason="r")
        violates(
            lambda: CrossReference.objects.create(source=paragraph, target=other, reason="again")
        )
        violates(
            lambda: CrossReference.objects.create(source=paragraph, target=paragraph, reason="self")
        )


@pytest.mark.django_db
class TestCitationConstraints:
    def test_archive_address_unique(self, db):
        avprf = Archive.objects.create(
            slug="avprf",
            abbreviation="AVPRF",
            name="Archive of the Foreign Policy of the Russian Federation",
        )
        ArchivalFile.objects.create(archive=avprf, fond="0102", opis="1", delo="15", papka="1")
        violates(
            lambda: ArchivalFile.objects.create(
                archive=avprf, fond="0102", opis="1", delo="15", papka="1"
            )
        )
        ArchivalFile.objects.create(archive=avprf, fond="0102", opis="1", delo="16", papka="1")

    def test_citation_position_unique_per_note(self, doc):
        *_, note = doc
        Citation.objects.create(footnote=note, position=1, kind=Citation.Kind.EXPLANATORY)
        violates(
            lambda: Citation.objects.create(footnote=note, position=1, kind=Citation.Kind.IBID)
        )


@pytest.mark.django_db
class TestNamesAndAddresses:
    def test_every_model_has_a_name_and_an_address(self, doc):
        document, section, paragraph, note = doc
        ref = FootnoteRef.objects.create(footnote=note, paragraph=paragraph, offset=13)
        actor = Actor.objects.create(slug="stalin", name="Joseph Stalin")
        alias = ActorAlias.objects.create(actor=actor, name="Filippov")
        event = Event.objects.create(
            slug="death", title="Stalin dies", date=datetime.date(1953, 3, 5)
        )
        mention = Mention.objects.create(
            paragraph=paragraph, start=0, end=6, surface="Stalin", actor=actor
        )
        other = Paragraph.objects.create(document=document, section=section, position=2, text="x")
        xref = CrossReference.objects.create(source=paragraph, target=other, reason="r")
        archive = Archive.objects.create(
            slug="avprf",
            abbreviation="AVPRF",
            name="Archive of the Foreign Policy of the Russian Federation",
        )
        file = ArchivalFile.objects.create(
            archive=archive, fond="0102", opis="1", delo="15", papka="1"
        )
        item = ArchivalDocument.objects.create(
            file=file, title="On the Question of a Single Government for Korea"
        )
        source = Source.objects.create(slug="matray-1985", title="The Reluctant Crusade")
        citation = Citation.objects.create(
            footnote=note, kind=Citation.Kind.ARCHIVAL, archival_document=item
        )
        expected = {
            document: ("D", "/documents/d/"),
            section: ("S", "/documents/d/#s-1"),
            paragraph: ("D ¶1", "/documents/d/#p-1"),
            note: ("D, note 1", "/documents/d/notes/1/"),
            ref: ("note 1 at D ¶1 +13", "/documents/d/#fnref-1"),
            actor: ("Joseph Stalin", "/actors/stalin/"),
            alias: ("Filippov → Joseph Stalin", "/actors/stalin/"),
            event: ("Stalin dies (5 March 1953)", "/events/death/"),
            mention: ("“Stalin” → Joseph Stalin", "/documents/d/#p-1"),
            xref: ("D ¶1 ↔ D ¶2", "/documents/d/#p-1"),
            archive: ("AVPRF", "/archives/avprf/"),
            file: ("AVPRF f. 0102, op. 1, d. 15, p. 1", f"/archives/avprf/files/{file.pk}/"),
            item: (
                "On the Question of a Single Government for Korea",
                f"/cited-documents/{item.pk}/",  # a page of its own (issue 14)
            ),
            source: ("The Reluctant Crusade", "/sources/matray-1985/"),  # its own page
            citation: ("D, note 1: Archival document or file 1", "/documents/d/notes/1/"),
        }
        for obj, (name, url) in expected.items():
            assert (str(obj), obj.get_absolute_url()) == (name, url)


class TestDatePrecision:
    @pytest.mark.parametrize(
        ("date", "precision", "end", "shown"),
        [
            (datetime.date(1945, 8, 9), "day", None, "9 August 1945"),
            (datetime.date(1945, 12, 1), "month", None, "December 1945"),
            (datetime.date(1958, 1, 1), "year", None, "1958"),
            (
                datetime.date(1951, 7, 1),
                "month",
                datetime.date(1953, 7, 1),
                "July 1951 – July 1953",
            ),
        ],
    )
    def test_shown_as_precisely_as_known(self, date, precision, end, shown):
        assert Event(title="t", date=date, precision=precision, end_date=end).display_date == shown
