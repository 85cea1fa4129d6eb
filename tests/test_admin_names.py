"""Editors edit an actor's name forms inline on its admin page: a form in the wrong script or
with a romanization on a non-Latin form is refused with a clear message and nothing is saved;
a right one is saved, and the rule-generated variants follow it."""

import html

import pytest

from documents.models import Actor, NameForm

from .admin_support import admin_url, change_form_data

PREFIX = "name_forms"


def with_new_form(response, **row):
    """The page's own data, plus one new name form in the inline's empty row."""
    data = change_form_data(response)
    index = int(data[f"{PREFIX}-TOTAL_FORMS"]) - 1  # the extra (empty) row
    data.update({f"{PREFIX}-{index}-{name}": value for name, value in row.items()})
    return data


@pytest.fixture
def actor(db):
    return Actor.objects.create(slug="test-choe", name="Choe Hyon", kind=Actor.Kind.PERSON)


@pytest.mark.django_db
class TestNameFormsInTheAdmin:
    def test_the_inline_is_on_the_actor_page(self, editor_client, actor):
        page = editor_client.get(admin_url(actor))
        assert page.status_code == 200
        assert f'name="{PREFIX}-TOTAL_FORMS"' in page.content.decode()

    def test_a_form_in_the_wrong_script_is_refused_with_a_clear_message(self, editor_client, actor):
        page = editor_client.get(admin_url(actor))
        data = with_new_form(page, text="Choe Hyon", language="ko-Hang", basis="test")
        response = editor_client.post(admin_url(actor), data)
        assert response.status_code == 200  # the page again, with the error
        shown = html.unescape(response.content.decode())
        assert (
            "“Choe Hyon” is tagged ko-Hang (Korean in Hangul), which is written in Hangul "
            "script, but it contains Latin letters." in shown
        )
        assert not NameForm.objects.filter(actor=actor).exists()

    def test_a_romanization_system_on_hangul_is_refused(self, editor_client, actor):
        page = editor_client.get(admin_url(actor))
        data = with_new_form(page, text="최현", language="ko-Hang", system="rr", basis="test")
        response = editor_client.post(admin_url(actor), data)
        assert response.status_code == 200
        assert "belongs only to a form in Latin letters" in html.unescape(response.content.decode())
        assert not NameForm.objects.filter(actor=actor).exists()

    def test_a_right_form_is_saved_and_its_variants_generated(self, editor_client, actor):
        page = editor_client.get(admin_url(actor))
        data = with_new_form(
            page, text="최현", language="ko-Hang", family="최", given="현", basis="test"
        )
        response = editor_client.post(admin_url(actor), data)
        assert response.status_code == 302, response.context and response.context["errors"]
        forms = {(f.text, f.system, f.generated) for f in NameForm.objects.filter(actor=actor)}
        assert ("최현", "", False) in forms
        assert ("Choe Hyeon", "rr", True) in forms
        # the actor is found by the generated form in the register
        listed = editor_client.get("/actors/", {"name": "Choe Hyeon"}).content.decode()
        assert "Choe Hyon" in listed

    def test_two_preferred_forms_are_refused(self, editor_client, actor):
        NameForm.objects.create(actor=actor, text="Choe Hyon", language="en", preferred=True)
        page = editor_client.get(admin_url(actor))
        data = with_new_form(page, text="Ch'oe Hyŏn", language="ko-Latn", preferred="on")
        response = editor_client.post(admin_url(actor), data)
        assert response.status_code == 200
        assert "Only one name form can be the one the register shows" in html.unescape(
            response.content.decode()
        )
