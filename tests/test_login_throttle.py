"""Login throttling (django-axes): five failed sign-ins lock the account for that address, the
admin sign-in page says so and what to do, and an administrator can lift the lock."""

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client

from .admin_support import PASSWORD, make_editor

LOGIN = "/admin/login/?next=/admin/"
HOME = "10.0.0.1"
ELSEWHERE = "10.0.0.2"


def sign_in(password, address=HOME, username="ann", **headers):
    """A sign-in through the admin's form from `address`, in a fresh browser session."""
    client = Client(REMOTE_ADDR=address, **headers)
    response = client.post(LOGIN, {"username": username, "password": password})
    return client, response


def signed_in(client) -> bool:
    return client.get("/admin/").status_code == 200


def lock_out(address=HOME):
    for attempt in range(1, 5):
        _, response = sign_in("wrong password", address)
        assert response.status_code == 200, attempt  # the login form again, with its error
        assert "Please enter the correct username and password" in response.content.decode()
    _, fifth = sign_in("wrong password", address)
    assert fifth.status_code == 429
    return fifth


@pytest.fixture(autouse=True)
def ann(settings, django_user_model):
    # A fast hasher: these tests try dozens of passwords, and the throttle does not depend on it.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return make_editor(django_user_model, "ann")


@pytest.mark.django_db
class TestLoginThrottle:
    def test_five_failures_lock_the_account_even_for_the_right_password(self):
        fifth = lock_out()
        client, response = sign_in(PASSWORD)
        assert response.status_code == 429
        assert not signed_in(client)
        page = response.content.decode()
        assert "This account is locked" in page
        assert "Korea archive: curation" in page  # inside the admin's own frame
        assert "Try again in 30 minutes" in page
        assert "manage.py axes_reset" in page
        assert fifth.content == response.content

    def test_the_lock_is_kept_in_the_database(self):
        lock_out()
        (attempt,) = AccessAttempt.objects.filter(username="ann", ip_address=HOME)
        assert attempt.failures_since_start == 5

    def test_another_address_is_not_locked(self):
        lock_out()
        client, response = sign_in(PASSWORD, ELSEWHERE)
        assert (response.status_code, response["Location"]) == (302, "/admin/")
        assert signed_in(client)

    def test_axes_reset_lifts_the_lock(self):
        lock_out()
        call_command("axes_reset", verbosity=0)
        client, response = sign_in(PASSWORD)
        assert response.status_code == 302
        assert signed_in(client)

    def test_an_administrator_lifts_the_lock_in_the_admin(self, admin_client):
        lock_out()
        attempt = AccessAttempt.objects.get(username="ann")
        listing = admin_client.get("/admin/axes/accessattempt/")
        assert listing.status_code == 200 and "ann" in listing.content.decode()
        deleted = admin_client.post(
            f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"}
        )
        assert deleted.status_code == 302
        client, response = sign_in(PASSWORD)
        assert response.status_code == 302
        assert signed_in(client)

    def test_an_editor_cannot_see_or_lift_locks(self, editor_client):
        assert editor_client.get("/admin/axes/accessattempt/").status_code == 403

    def test_a_success_clears_earlier_failures(self):
        for _ in range(4):
            sign_in("wrong password")
        assert sign_in(PASSWORD)[1].status_code == 302
        _, response = sign_in("wrong password")
        assert response.status_code == 200  # counting starts again: not locked at the fifth


@pytest.mark.django_db
class TestBehindTheTlsProxy:
    """Behind the proxy every connection comes from it; the caller is the address it appends."""

    @pytest.fixture(autouse=True)
    def proxied(self, settings):
        settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

    def test_callers_are_told_apart_and_cannot_dodge_the_lock(self):
        proxy = "127.0.0.1"
        for claimed in ("1.1.1.1", "2.2.2.2", "3.3.3.3", "4.4.4.4", "5.5.5.5"):
            forwarded = f"{claimed}, 203.0.113.7"  # the caller's claim, then what the proxy saw
            sign_in("wrong password", proxy, HTTP_X_FORWARDED_FOR=forwarded)
        _, locked = sign_in(PASSWORD, proxy, HTTP_X_FORWARDED_FOR="9.9.9.9, 203.0.113.7")
        assert locked.status_code == 429
        client, other = sign_in(PASSWORD, proxy, HTTP_X_FORWARDED_FOR="198.51.100.2")
        assert other.status_code == 302
        assert signed_in(client)
