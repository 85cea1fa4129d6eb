"""Every JSON field has a shape: the admin refuses a value of the wrong shape with a message an
editor understands and saves nothing; a loader cannot store one either; and a value stored in a
wrong shape anyway (written around validation) cannot make a public page, an export or the API
fail: what cannot be read is left out."""

import json

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction

from citations.models import Citation, Source
from documents.curation.json_fields import ShapedJSONField
from documents.models import Document

from .admin_support import admin_url, change_form_data

PAPER = "weathersby-soviet-role"

# What the issue found the admin accepting, and the other ways a list or an object goes wrong.
WRONG_NAMES = [
    '"just a string"',
    '["Frank Baldwin"]',
    "[null]",
    "[1, 2]",
    '{"family": "Matray"}',
    '[{"family": 5}]',
    '[{"surname": "Matray"}]',
    '[{"given": "James"}]',
]
WRONG_KEYWORDS = ['"kw string"', "[1, null]", '[{"word": "Stalin"}]', '["Stalin", ""]', "7"]
WRONG_MAPS = ['"AVPRF"', '["AVPRF"]', '{"archive": null}', '{"archive": 5}', "[1]"]

NAME_MESSAGE = (
    "must be a name: {&quot;family&quot;: …, &quot;given&quot;: …} or {&quot;literal&quot;: …}"
)
CASES = [
    *[("source", "authors", "Each author " + NAME_MESSAGE, value) for value in WRONG_NAMES],
    *[("source", "editors", "Each editor " + NAME_MESSAGE, value) for value in WRONG_NAMES[:4]],
    *[
        ("source", "translators", "Each translator " + NAME_MESSAGE, value)
        for value in WRONG_NAMES[:4]
    ],
    *[
        ("document", "keywords", "Keywords must be a list of words in quotes", value)
        for value in WRONG_KEYWORDS
    ],
    *[
        ("citation", "printed_fields", "Printed fields must be an object of field names", value)
        for value in WRONG_MAPS
    ],
]


def shaped_fields():
    """Every shaped JSON field of the two apps (historical copies aside)."""
    found = []
    for label in ("documents", "citations"):
        for model in apps.get_app_config(label).get_models():
            if model.__name__.startswith("Historical"):
                continue
            for field in model._meta.get_fields():
                if isinstance(field, ShapedJSONField):
                    found.append((model, field.name))
    return found


def test_every_json_field_of_the_models_has_a_shape():
    from django.db.models import JSONField

    for label in ("documents", "citations"):
        for model in apps.get_app_config(label).get_models():
            for field in model._meta.get_fields():
                if isinstance(field, JSONField):
                    assert isinstance(field, ShapedJSONField), f"{model.__name__}.{field.name}"
    assert len(shaped_fields()) == 5


@pytest.fixture
def cited(paper):
    """A source with its names, cited in the paper's first note with a printed spelling."""
    source = Source.objects.create(
        slug="matray",
        title="The Reluctant Crusade",
        authors=[{"family": "Matray", "given": "James"}],
        editors=[{"literal": "The Editors"}],
        translators=[],
    )
    citation = Citation.objects.create(
        footnote=paper.footnotes.order_by("number").first(),
        kind=Citation.Kind.PUBLISHED,
        source=source,
        pinpoint="75",
        printed_fields={"archive": "AVPRF AVIPRF"},
    )
    Document.objects.filter(pk=paper.pk).update(keywords=["Korean War", "Stalin"])
    return {"source": source, "citation": citation, "document": paper}


@pytest.mark.django_db
class TestTheAdminRefusesAWrongShape:
    @pytest.mark.parametrize(("model", "field", "message", "wrong"), CASES)
    def test_refused_with_words_an_editor_understands(
        self, editor_client, cited, model, field, message, wrong
    ):
        obj = cited[model]
        before = getattr(type(obj).objects.get(pk=obj.pk), field)
        page = editor_client.get(admin_url(obj))
        assert page.status_code == 200
        data = change_form_data(page)
        data[field] = wrong
        refused = editor_client.post(admin_url(obj), data)
        assert refused.status_code == 200  # the form again, with the error
        html = refused.content.decode()
        assert message in html, refused.context["adminform"].form.errors
        assert "errorlist" in html
        assert getattr(type(obj).objects.get(pk=obj.pk), field) == before

    def test_a_right_shape_is_saved(self, editor_client, cited):
        source = cited["source"]
        data = change_form_data(editor_client.get(admin_url(source)))
        data["translators"] = json.dumps([{"family": "Baldwin", "given": "Frank"}])
        assert editor_client.post(admin_url(source), data).status_code == 302
        source.refresh_from_db()
        assert source.translators == [{"family": "Baldwin", "given": "Frank"}]


@pytest.mark.django_db
class TestLoadersCannotStoreAWrongShape:
    def test_save_refuses(self, cited):
        source = cited["source"]
        source.translators = ["Frank Baldwin"]
        with pytest.raises(ValidationError, match="Each translator must be a name"):
            source.save()
        assert Source.objects.get(pk=source.pk).translators == []

    def test_bulk_create_refuses(self, paper):
        with pytest.raises(ValidationError, match="Each author must be a name"):
            with transaction.atomic():  # as the loaders run: all or nothing
                Source.objects.bulk_create([Source(slug="x", title="X", authors="just a string")])
        assert not Source.objects.filter(slug="x").exists()

    def test_full_clean_names_the_field(self, cited):
        citation = cited["citation"]
        citation.printed_fields = {"archive": None}
        with pytest.raises(ValidationError) as refused:
            citation.full_clean()
        assert "printed_fields" in refused.value.message_dict


@pytest.fixture
def malformed(collection):
    """The curated paper with every JSON field of what it shows stored in a wrong shape, written
    with .update() (around every check), as an older version or a hand-made SQL might have."""
    document = collection[PAPER]
    cited = Source.objects.filter(citations__footnote__document=document).distinct()
    slugs = list(cited.values_list("slug", flat=True))
    shapes = ["just a string", ["Frank Baldwin", None, 3], [{"surname": "X"}], 5, {"family": "Y"}]
    for index, slug in enumerate(slugs):
        Source.objects.filter(slug=slug).update(
            authors=shapes[index % len(shapes)],
            editors=shapes[(index + 1) % len(shapes)],
            translators=shapes[(index + 2) % len(shapes)],
        )
    Document.objects.filter(pk=document.pk).update(keywords="kw string")
    citations = Citation.objects.filter(footnote__document=document)
    Citation.objects.filter(pk__in=citations.filter(kind="archival").values("pk")[:20]).update(
        printed_fields={"archive": None, "date": 5}
    )
    Citation.objects.filter(pk__in=citations.filter(kind="published").values("pk")[:20]).update(
        printed_fields=["AVPRF"]
    )
    notes = sorted(set(citations.values_list("footnote__number", flat=True)))
    return document, notes


@pytest.mark.django_db
class TestAWrongShapeStoredAnywayBreaksNothing:
    def test_pages_exports_and_the_api_answer(self, client, malformed):
        document, notes = malformed
        slug = document.slug
        urls = [
            f"/documents/{slug}/",
            "/sources/",
            f"/documents/{slug}/cite/",
            f"/documents/{slug}/cite.json",
            f"/documents/{slug}/cite.bib",
            f"/documents/{slug}/cite.ris",
            f"/documents/{slug}.tei.xml",
            f"/api/documents/{slug}",
            f"/api/documents/{slug}/paragraphs",
            f"/api/citations?document={slug}",
            "/api/documents",
            "/search/?q=Stalin",
            *[f"/documents/{slug}/notes/{number}/" for number in notes],
            *[f"/documents/{slug}/notes/{number}/cite.json" for number in notes[:10]],
        ]
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url

    def test_what_can_be_read_is_shown_and_the_rest_left_out(self, client, malformed):
        document, _ = malformed
        source = Source.objects.filter(authors="just a string").first()
        assert source.authors == [{"literal": "just a string"}]  # a bare name reads as a name
        assert document.__class__.objects.get(pk=document.pk).keywords == ["kw string"]
        three = Source.objects.exclude(editors=[]).first()
        assert all(isinstance(name, dict) for name in three.editors)
        bib = client.get(f"/documents/{document.slug}/cite.json").json()
        assert bib  # CSL-JSON of the document, with keywords read as a list

    def test_the_admin_shows_it_readable_for_an_editor_to_save_back(self, editor_client, malformed):
        source = Source.objects.filter(translators=["Frank Baldwin", None, 3]).first()
        if source is None:  # fewer sources than shapes: any malformed one will do
            source = Source.objects.exclude(translators=[]).first()
        page = editor_client.get(admin_url(source))
        assert page.status_code == 200
        assert editor_client.post(admin_url(source), change_form_data(page)).status_code == 302
