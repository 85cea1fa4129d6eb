"""What a visitor may see is asked of each model's own visible_to(user): a draft, and whatever
stands only in a draft, exists for staff alone."""

import pytest
from django.db.models import Count

from citations.models import Citation, citations_visible_to
from documents.models import (
    Actor,
    Document,
    Footnote,
    Mention,
    Paragraph,
    Section,
    mentions_visible_to,
)


def passages(slug, status):
    document = Document.objects.create(slug=slug, title=slug, status=status)
    section = Section.objects.create(document=document, position=1)
    paragraph = Paragraph.objects.create(
        document=document, section=section, position=1, text="Stalin wrote."
    )
    note = Footnote.objects.create(document=document, number=1, text="Stalin, letter.")
    return paragraph, note


@pytest.fixture
def two_documents(db, django_user_model):
    stalin = Actor.objects.create(slug="stalin", name="Joseph Stalin")
    seen = {}
    for slug, status in (("public", Document.Status.PUBLISHED), ("draft", Document.Status.DRAFT)):
        paragraph, note = passages(slug, status)
        Mention.objects.create(paragraph=paragraph, start=0, end=6, surface="Stalin", actor=stalin)
        Mention.objects.create(footnote=note, start=0, end=6, surface="Stalin", actor=stalin)
        Citation.objects.create(footnote=note, kind=Citation.Kind.EXPLANATORY)
        seen[slug] = note
    staff = django_user_model.objects.create_user("ed", is_staff=True)
    retired = django_user_model.objects.create_user("old", is_staff=True, is_active=False)
    return stalin, seen, staff, retired


class TestVisibleTo:
    def test_the_public_sees_only_published_documents(self, two_documents):
        stalin, seen, _, retired = two_documents
        for user in (None, retired):
            assert list(Document.objects.visible_to(user).values_list("slug", flat=True)) == [
                "public"
            ]
            mentions = Mention.objects.visible_to(user)
            assert {m.passage.document.slug for m in mentions} == {"public"}
            assert mentions.count() == 2
            citations = Citation.objects.visible_to(user)
            assert [c.footnote_id for c in citations] == [seen["public"].pk]

    def test_staff_see_drafts_too(self, two_documents):
        _, _, staff, _ = two_documents
        assert Document.objects.visible_to(staff).count() == 2
        assert Mention.objects.visible_to(staff).count() == 4
        assert Citation.objects.visible_to(staff).count() == 2

    def test_the_same_rule_through_a_relation(self, two_documents):
        stalin, seen, staff, _ = two_documents
        for user, expected in ((None, 2), (staff, 4)):
            visible = mentions_visible_to(user, "mentions__")
            counted = Actor.objects.annotate(n=Count("mentions", filter=visible, distinct=True))
            assert counted.get().n == expected
        cited = Footnote.objects.filter(citations_visible_to(None, "citations__"))
        assert list(cited) == [seen["public"]]
        assert Footnote.objects.filter(citations_visible_to(staff, "citations__")).count() == 2
