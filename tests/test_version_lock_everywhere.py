"""The version lock covers what the notes point at too (citations, archives, archival files and
documents, sources), and a save that does not say which version it was opened on is refused
rather than written over someone else's."""

import pytest

from citations.models import ArchivalDocument, ArchivalFile, Archive, Citation, Source
from documents.curation.locking import EditConflict

from .admin_support import admin_url, change_form_data
from .page_html import parse


@pytest.fixture
def cited(paper):
    archive = Archive.objects.create(slug="avprf", abbreviation="AVPRF", name="Archive")
    file = ArchivalFile.objects.create(archive=archive, fond="0102", opis="1", delo="15")
    document = ArchivalDocument.objects.create(file=file, kind="ciphered telegram")
    source = Source.objects.create(slug="matray", title="The Reluctant Crusade")
    citation = Citation.objects.create(
        footnote=paper.footnotes.order_by("number").first(),
        kind=Citation.Kind.ARCHIVAL,
        archival_document=document,
        pinpoint="18",
    )
    return {
        "archive": (archive, "name", "Archive of Foreign Policy"),
        "file": (file, "delo", "16"),
        "document": (document, "author", "Shtykov"),
        "source": (source, "publisher", "University of Hawaii Press"),
        "citation": (citation, "pinpoint", "19"),
    }


KINDS = ["archive", "file", "document", "source", "citation"]


@pytest.mark.django_db
class TestEveryCuratedRowIsLocked:
    @pytest.mark.parametrize("kind", KINDS)
    def test_a_stale_save_shows_both_versions_and_keeps_the_first(self, two_editors, cited, kind):
        ann, ben = two_editors
        obj, field, value = cited[kind]
        url = admin_url(obj)
        ann_data, ben_data = change_form_data(ann.get(url)), change_form_data(ben.get(url))
        ann_data[field] = f"{value} (Ann)"
        ben_data[field] = f"{value} (Ben)"
        assert ann.post(url, ann_data).status_code == 302
        refused = ben.post(url, ben_data)
        assert refused.status_code == 200
        conflict = parse(refused.content).find("section", cls="curation-conflict").text
        # each change shown as a word diff: the words read as typed, the added ones marked
        assert "Not saved" in conflict
        assert f"{value} (Ben)" in conflict and f"{value} (Ann)" in conflict
        obj.refresh_from_db()
        assert getattr(obj, field) == f"{value} (Ann)"

    @pytest.mark.parametrize("kind", KINDS)
    def test_a_copy_read_before_another_save_cannot_overwrite_it(self, cited, kind):
        obj, field, value = cited[kind]
        mine, theirs = (type(obj).objects.get(pk=obj.pk) for _ in range(2))
        setattr(theirs, field, f"{value} (theirs)")
        theirs.save()
        setattr(mine, field, f"{value} (mine)")
        with pytest.raises(EditConflict):
            mine.save()
        assert getattr(type(obj).objects.get(pk=obj.pk), field) == f"{value} (theirs)"


@pytest.mark.django_db
class TestASaveWithoutItsVersionIsRefused:
    @pytest.mark.parametrize("kind", ["source", "citation"])
    def test_on_a_citations_page(self, editor_client, cited, kind):
        obj, field, value = cited[kind]
        data = change_form_data(editor_client.get(admin_url(obj)))
        del data["base_version"]
        data[field] = value + " (no version)"
        refused = editor_client.post(admin_url(obj), data)
        assert refused.status_code == 200
        assert "did not say which version" in refused.content.decode()
        assert getattr(type(obj).objects.get(pk=obj.pk), field) != value + " (no version)"

    def test_on_a_paragraph_page(self, editor_client, paper):
        paragraph = paper.paragraphs.get(position=7)
        data = change_form_data(editor_client.get(admin_url(paragraph)))
        del data["base_version"]
        data["text"] = paragraph.text + " Added without a version."
        refused = editor_client.post(admin_url(paragraph), data)
        assert refused.status_code == 200
        assert "did not say which version" in refused.content.decode()
        paragraph.refresh_from_db()
        assert "Added without a version" not in paragraph.text

    def test_an_unchanged_form_without_its_version_is_harmless(self, editor_client, paper):
        """Nothing of the editor's would be written, so nothing is refused (and nothing saved)."""
        data = change_form_data(editor_client.get(admin_url(paper)))
        del data["base_version"]
        assert editor_client.post(admin_url(paper), data).status_code == 302
