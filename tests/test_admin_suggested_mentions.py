"""Suggested mentions, as a member of Editors: the alias matcher proposes a document's mentions
(words highlighted in context) that the editor accepts or rejects in bulk."""

import pytest

from documents.models import Actor, ActorAlias, Mention

from .admin_support import PAPER_TEXT, admin_url

pytestmark = pytest.mark.django_db


def page_of(document):
    return f"/admin/documents/document/{document.pk}/mentions/"


@pytest.fixture
def register():
    molotov = Actor.objects.create(slug="molotov", name="Vyacheslav Molotov", dates="1890–1986")
    ActorAlias.objects.create(actor=molotov, name="Molotov")
    shtykov = Actor.objects.create(slug="shtykov", name="Terentii Shtykov")
    ActorAlias.objects.create(actor=shtykov, name="Shtykov")
    return molotov, shtykov


class TestSuggestedMentions:
    def test_the_register_names_in_a_new_text_are_suggested_in_context(
        self, editor_client, paper, register
    ):
        molotov, shtykov = register
        page = editor_client.get(page_of(paper))
        found = page.context["suggestions"]
        text = PAPER_TEXT.read_text(encoding="utf-8")
        assert {s.actor for s in found} == {molotov, shtykov}
        assert len([s for s in found if s.actor == shtykov]) == text.count("Shtykov")
        html = page.content.decode()
        first = found[0]
        assert f"<mark>{first.surface}</mark>" in html
        assert first.passage.text[first.start : first.end] == first.surface

    def test_the_ticked_ones_are_stored_and_the_rest_left(self, editor_client, paper, register):
        molotov, shtykov = register
        found = editor_client.get(page_of(paper)).context["suggestions"]
        ticked = [s.key for s in found if s.actor == shtykov]
        response = editor_client.post(page_of(paper), {"accept": ticked}, follow=True)
        assert Mention.objects.filter(actor=shtykov).count() == len(ticked)
        assert not Mention.objects.filter(actor=molotov).exists()
        for mention in Mention.objects.filter(actor=shtykov):
            assert mention.passage.text[mention.start : mention.end] == mention.surface
            assert mention.history.first().history_user.username == "editor"
        left = response.context["suggestions"]  # accepted ones are no longer suggested
        assert left and {s.actor for s in left} == {molotov}
        assert "left unlinked" in " ".join(str(m) for m in response.context["messages"])

    def test_a_forged_or_stale_key_stores_nothing(self, editor_client, paper, register):
        _molotov, shtykov = register
        paragraph = paper.paragraphs.first()
        forged = f"p:{paragraph.pk}:0:5:{shtykov.pk}"
        editor_client.post(page_of(paper), {"accept": [forged]})
        assert not Mention.objects.exists()

    def test_a_name_two_actors_share_is_not_suggested(self, editor_client, paper, register):
        molotov, shtykov = register
        ActorAlias.objects.create(actor=molotov, name="Shtykov")  # a mistake, confirmed
        found = editor_client.get(page_of(paper)).context["suggestions"]
        assert shtykov not in {s.actor for s in found}

    def test_the_document_page_links_to_its_suggestions(self, editor_client, paper):
        page = editor_client.get(admin_url(paper)).content.decode()
        assert f'href="{page_of(paper)}"' in page

    def test_a_reader_cannot_open_the_page(self, client, django_user_model, paper):
        client.force_login(django_user_model.objects.create_user("x", is_staff=True))
        assert client.get(page_of(paper)).status_code == 403


def test_an_import_says_how_many_names_it_found(editor_client, register):
    from .test_admin_citation_drafts import import_through_admin, messages_of

    response = import_through_admin(editor_client)
    said = [m for m in messages_of(response) if "names of the register were found" in m]
    assert len(said) == 1 and "/mentions/" in said[0]
    assert not Mention.objects.exists()  # suggested, not stored


def test_accepting_needs_the_right_to_add_mentions(client, django_user_model, paper, register):
    from django.contrib.auth.models import Permission

    clerk = django_user_model.objects.create_user("clerk", is_staff=True)
    clerk.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_document", "change_document"])
    )
    client.force_login(clerk)
    assert client.post(page_of(paper), {"accept": ["p:1:0:5:1"]}).status_code == 403
    assert not Mention.objects.exists()
