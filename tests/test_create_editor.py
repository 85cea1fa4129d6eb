"""`manage.py create_editor`: an account that can curate and cannot manage users."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command


@pytest.mark.django_db
class TestCreateEditor:
    def test_creates_a_staff_editor_who_is_not_superuser(self, monkeypatch, client):
        monkeypatch.setenv("EDITOR_PASSWORD", "a long and unusual editor password")
        out = io.StringIO()
        call_command("create_editor", "mira", stdout=out)
        assert out.getvalue() == "created editor mira: log in at /admin/\n"
        user = get_user_model().objects.get(username="mira")
        assert (user.is_staff, user.is_superuser) == (True, False)
        assert list(user.groups.values_list("name", flat=True)) == ["Editors"]
        signed_in = client.post(
            "/admin/login/?next=/admin/",
            {"username": "mira", "password": "a long and unusual editor password"},
        )
        assert (signed_in.status_code, signed_in["Location"]) == (302, "/admin/")
        assert client.get("/admin/documents/document/").status_code == 200
        assert client.get("/admin/auth/user/").status_code == 403

    def test_weak_password_refused_and_nothing_created(self, monkeypatch):
        monkeypatch.setenv("EDITOR_PASSWORD", "123")
        with pytest.raises(CommandError, match="password refused"):
            call_command("create_editor", "mira")
        assert not get_user_model().objects.filter(username="mira").exists()

    def test_existing_user_refused(self, monkeypatch, django_user_model):
        django_user_model.objects.create_user("mira", password="x")
        monkeypatch.setenv("EDITOR_PASSWORD", "a long and unusual editor password")
        with pytest.raises(CommandError, match="already exists"):
            call_command("create_editor", "mira")
