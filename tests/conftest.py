"""Shared fixtures, named for the domain: the two curated texts, clients for each kind of user."""

import os
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
PAPER_TEXT = FIXTURES / "texts" / "weathersby-soviet-role.txt"
INTERVIEW_TEXT = FIXTURES / "texts" / "shen-zhihua-interview.txt"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
IN_CI = bool(os.environ.get("CI"))


def pytest_sessionstart(session):
    # Production static storage (hashed names) is used in tests too: collect once per run.
    call_command("collectstatic", "--noinput", verbosity=0)


def pytest_collection_modifyitems(config, items):
    """Browser tests need Chromium: outside CI they are skipped, saying why; in CI they run (and fail)."""
    if IN_CI or shutil.which(CHROMIUM) or Path(CHROMIUM).exists():
        return
    reason = f"Chromium not found at {CHROMIUM}: install Debian's 'chromium' package (make test does, as root)"
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(autouse=True)
def _plain_http(settings):
    """The test client speaks plain HTTP; production settings redirect it to HTTPS."""
    settings.SECURE_SSL_REDIRECT = False


@pytest.fixture
def collection(db):
    """Both curated texts, loaded exactly as `make run` loads them."""
    call_command("load_collection", verbosity=0, stdout=open(os.devnull, "w"))
    from documents.models import Document

    return {document.slug: document for document in Document.objects.all()}


@pytest.fixture
def weathersby_paper(collection):
    return collection["weathersby-soviet-role"]


@pytest.fixture
def interview(collection):
    return collection["shen-zhihua-interview"]


@pytest.fixture
def editor_client(client, django_user_model):
    user = django_user_model.objects.create_user(
        "editor", password="a long editor password", is_staff=True
    )
    client.force_login(user)
    return client


def pytest_report_header(config):
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    browser = CHROMIUM if Path(CHROMIUM).exists() else f"none ({CHROMIUM} missing: browser tests skip)"
    return [f"database: {engine}", f"browser: {browser}"]
