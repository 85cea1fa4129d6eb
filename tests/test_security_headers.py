"""Security headers on every response (CSP, Permissions-Policy, CORP, COOP, HSTS) and the files
crawlers and researchers look for (robots.txt, security.txt)."""

import base64
import hashlib
import os
import re
import subprocess
import sys
import urllib.error
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.contrib.staticfiles.storage import staticfiles_storage

from .admin_support import import_paper

ROOT = Path(__file__).resolve().parent.parent


def directives(policy: str) -> dict[str, list[str]]:
    """'script-src 'self'; object-src 'none'' → {'script-src': ["'self'"], ...}"""
    return {name: values for name, *values in (part.split() for part in policy.split(";"))}


def urls(paper):
    """One address of each kind: public pages, exports, the API, the admin, errors, static files."""
    reader = paper.get_absolute_url()
    return [
        "/",
        reader,
        f"{reader}notes/1/",
        f"{reader}cite/",
        f"{reader}cite.ris",
        "/search/?q=Stalin",
        "/events/",
        "/api/documents",
        "/admin/login/",
        "/no-such-page/",
        "/robots.txt",
        "/.well-known/security.txt",
        staticfiles_storage.url("js/reader.js"),
    ]


def fetch(url):
    try:
        return urllib.request.urlopen(url)
    except urllib.error.HTTPError as error:
        return error


class TestEveryResponse:
    def test_policy_and_headers(self, transactional_db, live_server):
        # Through the live server, so that static files come from WhiteNoise as in production.
        paper = import_paper()
        for url in urls(paper):
            response = fetch(live_server.url + url)
            assert response.status == (404 if url == "/no-such-page/" else 200), url
            policy = directives(response.headers["Content-Security-Policy"])
            assert policy["script-src"] == ["'self'"], url
            assert policy["object-src"] == ["'none'"], url
            assert policy["base-uri"] == ["'none'"], url
            assert policy["frame-ancestors"] == ["'none'"], url
            assert policy["form-action"] == ["'self'"], url
            assert not {"'unsafe-inline'", "'unsafe-eval'"} & {
                value for values in policy.values() for value in values
            }, url
            assert response.headers["Cross-Origin-Resource-Policy"] == "same-origin", url
            features = dict(
                feature.split("=") for feature in response.headers["Permissions-Policy"].split(", ")
            )
            for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
                assert features[feature] == "()", url

    def test_opener_policy_and_hsts_for_one_year_without_the_opt_ins(self, client, db):
        response = client.get("/", secure=True)
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"
        assert response["Strict-Transport-Security"] == "max-age=31536000"

    def test_the_error_page_style_is_allowed_by_its_hash(self, client, db):
        """templates/500.html keeps its one <style> block (it must stand alone); the policy allows
        exactly that block, so editing it without updating the hash in settings fails here."""
        page = (ROOT / "templates" / "500.html").read_text(encoding="utf-8")
        (style,) = re.findall(r"<style>(.*?)</style>", page, re.S)
        digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
        policy = directives(client.get("/")["Content-Security-Policy"])
        assert f"'sha256-{digest}'" in policy["style-src"]


def settings_under(**env) -> str:
    """What the settings module makes of these environment variables, in a fresh process."""
    environment = {
        **{key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DEBUG": "0",
        **env,
    }
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**environment, "DJANGO_SETTINGS_MODULE": "korea_archive.settings"},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


class TestHstsOptIns:
    def test_subdomains_and_preload_are_off_unless_asked_for(self):
        assert settings_under() == "31536000 False False"
        assert (
            settings_under(SECURE_HSTS_INCLUDE_SUBDOMAINS="1", SECURE_HSTS_PRELOAD="1")
            == "31536000 True True"
        )


@pytest.mark.django_db
class TestWellKnownFiles:
    def test_robots_keeps_crawlers_off_search_facets_admin_and_api(self, client):
        response = client.get("/robots.txt")
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        lines = response.content.decode().splitlines()
        assert lines[0] == "User-agent: *"
        disallowed = {line.removeprefix("Disallow: ") for line in lines[1:]}
        assert disallowed == {"/search/", "/*?", "/admin/", "/api/"}
        assert not any(line.startswith("Sitemap:") for line in lines)  # there is none

    def test_security_txt_has_a_contact_and_expires_in_a_year(self, client, settings):
        settings.SECURITY_CONTACT = "https://example.org/report"
        response = client.get("/.well-known/security.txt")
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        fields = dict(
            line.split(": ", 1)
            for line in response.content.decode().splitlines()
            if line and not line.startswith("#")
        )
        assert fields["Contact"] == "https://example.org/report"
        expires = datetime.fromisoformat(fields["Expires"].replace("Z", "+00:00"))
        assert timedelta(days=364) < expires - datetime.now(UTC) <= timedelta(days=365)

    def test_security_txt_contact_defaults_to_the_hosts_security_mailbox(self, client, settings):
        settings.SECURITY_CONTACT = ""
        text = client.get("/.well-known/security.txt", HTTP_HOST="localhost:8000").content
        assert "Contact: mailto:security@localhost\n" in text.decode()
        assert "SECURITY_CONTACT" in text.decode()  # says where to set it
