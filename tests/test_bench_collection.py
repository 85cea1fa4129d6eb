"""manage.py build_bench_collection: a throwaway collection of N documents recombined from the
two curated texts, published, with notes, anchors, mentions and citations that hold together."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from citations.models import Citation
from documents.curation.consistency import find_problems
from documents.models import CrossReference, Document, Footnote, FootnoteRef, Mention


def build(documents=5, **options):
    out = io.StringIO()
    call_command("build_bench_collection", documents=documents, stdout=out, **options)
    return out.getvalue()


def generated():
    return Document.objects.filter(slug__startswith="bench-").order_by("slug")


@pytest.mark.django_db
class TestBuild:
    def test_counts_and_published(self):
        output = build(5)
        assert "built 3 benchmark documents" in output
        assert Document.objects.count() == 5
        assert Document.objects.published().count() == 5
        kinds = sorted(generated().values_list("kind", flat=True))
        assert kinds == ["article", "article", "interview"]

    def test_the_collection_holds_together(self):
        build(5)
        assert find_problems() == []
        for document in generated().filter(kind="article"):
            notes = list(document.footnotes.order_by("number"))
            assert [note.number for note in notes] == list(range(1, len(notes) + 1))
            anchors = FootnoteRef.objects.filter(paragraph__document=document)
            assert {ref.footnote_id for ref in anchors} == {note.pk for note in notes}
            assert Mention.objects.filter(paragraph__document=document).exists()
            assert Citation.objects.filter(footnote__document=document).exists()
            positions = list(document.paragraphs.values_list("position", flat=True))
            assert sorted(positions) == list(range(1, len(positions) + 1))
        assert CrossReference.objects.filter(source__document__in=generated()).exists()

    def test_real_wording_recombined(self):
        build(5)
        paper = Document.objects.get(slug="weathersby-soviet-role")
        originals = list(paper.paragraphs.order_by("position").values_list("text", flat=True))
        copy = generated().filter(kind="article").first()
        texts = list(copy.paragraphs.order_by("position").values_list("text", flat=True))
        assert set(texts) <= set(originals)
        assert len(texts) < len(originals)  # a subset …
        assert texts != [text for text in originals if text in texts]  # … in another order

    def test_every_generated_page_answers(self, client):
        build(5)
        for document in generated():
            assert client.get(document.get_absolute_url()).status_code == 200
            assert client.get(f"/documents/{document.slug}.tei.xml").status_code == 200
            note = Footnote.objects.filter(document=document).first()
            if note is not None:
                assert client.get(note.get_absolute_url()).status_code == 200
        assert client.get("/search/", {"q": "Shtykov"}).status_code == 200

    def test_same_seed_same_collection(self):
        build(5, seed=7)
        first = list(generated().values_list("slug", "source_text"))
        Document.objects.filter(slug__startswith="bench-").delete()
        build(5, seed=7, force=True)
        assert list(generated().values_list("slug", "source_text")) == first


@pytest.mark.django_db
class TestRefusal:
    def test_refuses_a_database_with_other_documents(self, paper):
        with pytest.raises(CommandError, match="curated work"):
            build(5)
        assert not generated().exists()

    def test_refuses_a_database_with_accounts(self, editor):
        with pytest.raises(CommandError, match="user account"):
            build(5)
        assert Document.objects.count() == 0

    def test_force_adds_anyway(self, paper):
        build(5, force=True)
        assert Document.objects.count() == 5

    def test_too_few_documents(self):
        with pytest.raises(CommandError, match="at least 2"):
            build(1)
