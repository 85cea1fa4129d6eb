"""Every public page is valid HTML5, as the Nu Html Checker (vnu.jar, from npm) judges it.

The pages are rendered once (home, list, both texts in the reader, register list and one
actor, timeline and one event, a 404) with linking data and a draft in the database, written
to a temporary folder and checked in one run of `java -jar vnu.jar`; each page is then one test.
Outside CI the tests skip, saying why, when java or the npm package is missing
(`make test` installs it with `npm ci --prefix tests/browser`); in CI they fail instead.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.db import transaction
from django.test import Client

from . import curated
from .linking_samples import INTERVIEW, PAPER, make_draft_links, make_links

# The mark makes pytest-django create the test database (the pages are rendered from it).
pytestmark = [pytest.mark.django_db, pytest.mark.one_pass]

VNU_JAR = (
    Path(__file__).resolve().parent / "browser" / "node_modules" / "vnu-jar" / "build" / "dist"
) / "vnu.jar"
IN_CI = bool(os.environ.get("CI"))

PAGES = {
    "home": "/",
    "documents": "/documents/",
    "reader-paper": f"/documents/{PAPER}/",
    "reader-interview": f"/documents/{INTERVIEW}/",
    "actors": "/actors/",
    "actor": "/actors/joseph-stalin/",  # curated: the test actor is only in the draft here
    "actor-name-forms": "/actors/kim-il-sung/",
    "actors-by-name": "/actors/?name=%EA%B9%80%EC%9D%BC%EC%84%B1",
    "events": "/events/",
    "events-range": "/events/?from=1951&to=1953",
    "events-bad-range": "/events/?from=abc&to=1951",
    "event": "/events/moscow-conference/",
    "not-found": "/documents/no-such-text/",
    "search": "/search/?q=Shtykov",
    "search-a-name": "/search/?q=%EA%B9%80%EC%9D%BC%EC%84%B1",
    "search-hostile": "/search/?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E%22",
    "note": f"/documents/{PAPER}/notes/16/",
    "archives": "/archives/",
    "archive": "/archives/avprf/",
    "sources": "/sources/",
    "cite": f"/documents/{PAPER}/cite/",
}


def missing_checker() -> str | None:
    if not shutil.which("java"):
        return "java is not installed (Debian: apt-get install default-jre-headless)"
    if not VNU_JAR.exists():
        return f"{VNU_JAR} is missing: run `npm ci --prefix tests/browser` (make test does)"
    return None


@pytest.fixture(scope="module")
def checked_pages(django_db_setup, django_db_blocker, tmp_path_factory):
    """{page name: list of vnu messages}, from one validator run over all the pages."""
    reason = missing_checker()
    if reason:
        if IN_CI:
            pytest.fail(f"CI needs the HTML checker: {reason}")
        pytest.skip(reason)
    folder = tmp_path_factory.mktemp("pages")
    files = {}
    with django_db_blocker.unblock():
        curated.committed()  # the session's copy (curated.py), before the rolled-back changes
    with django_db_blocker.unblock(), transaction.atomic():
        links = make_links(keep_curated=True)  # the curated links and the tests' own
        make_draft_links(links)
        client = Client()
        for name, url in PAGES.items():
            response = client.get(url)
            expected = {"not-found": 404, "events-bad-range": 400}.get(name, 200)
            assert response.status_code == expected, url
            path = folder / f"{name}.html"
            path.write_bytes(response.content)
            files[str(path.resolve())] = name
        transaction.set_rollback(True)
    # A canary with a known error proves the checker ran and reported on these files.
    canary = folder / "canary.html"
    canary.write_text("<!DOCTYPE html><html lang=en><title>x</title><p><li>stray item</p>")
    files[str(canary.resolve())] = "canary"
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--format", "json", "--stdout", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(result.stdout or "{}")
    messages = {name: [] for name in files.values()}
    for message in report.get("messages", []):
        path = message.get("url", "").removeprefix("file:")
        name = files.get(str(Path(path).resolve()), path)
        messages.setdefault(name, []).append(message)
    return messages


@pytest.mark.parametrize("name", PAGES)
def test_page_is_valid_html5(checked_pages, name):
    problems = [
        f"line {m.get('lastLine')}: {m.get('message')} [{m.get('extract', '').strip()}]"
        for m in checked_pages[name]
        if m.get("type") in {"error", "non-document-error"}
        or m.get("subType") in {"fatal", "warning"}
    ]
    assert problems == [], "\n".join(problems)


def test_the_checker_reports_errors_in_this_run(checked_pages):
    """A validator that silently checked nothing must not pass as 'no errors'."""
    assert any(m.get("type") == "error" for m in checked_pages["canary"])
    stray = set(checked_pages) - set(PAGES) - {"canary"}
    assert stray == set(), f"messages about unknown files: {stray}"
