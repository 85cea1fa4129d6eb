"""Actors without duplicates, as a member of Editors: a new actor whose name resembles another
is held back with the likely matches; autocompletes tell actors, paragraphs and notes apart;
the merge page chooses no survivor for the editor and shows each side's counts."""

import json

import pytest

from documents.curation.duplicates import alike, fold
from documents.models import Actor, ActorAlias, Mention

from .admin_support import admin_url

pytestmark = pytest.mark.django_db

ACTORS = "/admin/documents/actor/"


@pytest.fixture
def molotov():
    actor = Actor.objects.create(
        slug="molotov",
        name="Vyacheslav Molotov",
        dates="1890–1986",
        description="Soviet foreign minister, who guided the Soviet delegations on Korea.",
    )
    ActorAlias.objects.create(actor=actor, name="Molotov")
    return actor


def new_actor(client, name, **extra):
    data = {
        "name": name,
        "slug": name.lower().replace(" ", "-").replace(".", ""),
        "kind": "person",
        "dates": "",
        "description": "",
        "aliases-TOTAL_FORMS": "0",
        "aliases-INITIAL_FORMS": "0",
        # the actor page's other inlines: name forms and past addresses
        "name_forms-TOTAL_FORMS": "0",
        "name_forms-INITIAL_FORMS": "0",
        "past_slugs-TOTAL_FORMS": "0",
        "past_slugs-INITIAL_FORMS": "0",
        **extra,
    }
    return client.post(f"{ACTORS}add/", data)


class TestLikelyDuplicates:
    @pytest.mark.parametrize(
        "a,b,same",
        [
            ("Vyacheslav M. Molotov", "Molotov", True),
            ("Shtykov", "Shtikov", True),
            ("Pak Hŏn-yŏng", "Pak Hon-yong", True),
            ("Kim Il Sung", "Kim Jong Il", False),
            ("Stalin", "Molotov", False),
        ],
    )
    def test_names_that_look_alike(self, a, b, same):
        assert alike(a, b) is same
        assert fold("Pak Hŏn-yŏng") == "pak hon yong"

    def test_a_new_actor_like_an_existing_one_is_held_back(self, editor_client, molotov):
        response = new_actor(editor_client, "Vyacheslav M. Molotov")
        assert response.status_code == 200
        (error,) = response.context["adminform"].form.errors["name"]
        assert "looks like an actor already in the register" in error
        assert f'href="{admin_url(molotov)}"' in error and "1890–1986" in error
        assert Actor.objects.count() == 1

    def test_a_confirmed_different_actor_is_saved(self, editor_client, molotov):
        response = new_actor(editor_client, "Vyacheslav M. Molotov", not_a_duplicate="on")
        assert response.status_code == 302
        assert Actor.objects.count() == 2

    def test_an_unrelated_name_passes_without_a_word(self, editor_client, molotov):
        assert new_actor(editor_client, "Terentii Shtykov").status_code == 302


class TestAutocompleteLabels:
    def autocomplete(self, client, model, field, term):
        response = client.get(
            "/admin/autocomplete/",
            {"term": term, "app_label": "documents", "model_name": "mention", "field_name": field},
        )
        assert response.status_code == 200, model
        return [row["text"] for row in json.loads(response.content)["results"]]

    def test_actors_show_dates_kind_and_description(self, editor_client, molotov):
        Actor.objects.create(slug="molotov-2", name="Molotov", kind="institution")
        labels = self.autocomplete(editor_client, "actor", "actor", "Molotov")
        assert (
            "Vyacheslav Molotov (1890–1986, person) — Soviet foreign minister, who guided the Soviet delegations…"
            in labels
        )
        assert "Molotov (institution or body)" in labels

    def test_paragraphs_and_notes_show_their_first_words(self, editor_client, paper):
        paragraph = paper.paragraphs.get(position=2)
        labels = self.autocomplete(editor_client, "paragraph", "paragraph", paragraph.text[:30])
        assert any(
            label.startswith(f"{paper} ¶2 — {' '.join(paragraph.text.split()[:3])}")
            for label in labels
        ), labels
        note = paper.footnotes.get(number=1)
        labels = self.autocomplete(editor_client, "footnote", "footnote", note.text[:25])
        assert any(label.startswith(f"{paper}, note 1 — ") for label in labels), labels


class TestMergePage:
    def test_no_survivor_is_chosen_and_both_sides_are_counted(self, editor_client, molotov, paper):
        duplicate = Actor.objects.create(slug="vm-molotov", name="Vyacheslav M. Molotov")
        paragraph = paper.paragraphs.get(position=9)
        start = paragraph.text.index("Molotov")
        Mention.objects.create(
            paragraph=paragraph, start=start, end=start + 7, surface="Molotov", actor=molotov
        )
        page = editor_client.post(
            ACTORS, {"action": "merge", "_selected_action": [molotov.pk, duplicate.pk]}
        )
        html = page.content.decode()
        assert " checked" not in html.split("<tbody>")[1].split("</tbody>")[0]
        rows = {actor.pk: actor for actor in page.context["actors"]}
        assert (rows[molotov.pk].mention_total, rows[molotov.pk].alias_total) == (1, 1)
        assert (rows[duplicate.pk].mention_total, rows[duplicate.pk].alias_total) == (0, 0)
        # confirming without a choice merges nothing
        response = editor_client.post(
            ACTORS,
            {"action": "merge", "post": "yes", "_selected_action": [molotov.pk, duplicate.pk]},
            follow=True,
        )
        assert "Choose the actor to keep." in [str(m) for m in response.context["messages"]]
        assert Actor.objects.count() == 2
