"""The pages of the long lists, in a browser and to the HTML checker: with sixty more texts,
/documents/ and /sources/ show their page navigation, a work has its own page, a page past
the last one says so, and an actor and an event named in each of those texts show their
passages in pages; each is valid HTML5 (vnu.jar) and has no axe-core violation in the light
and the dark colour scheme; with JavaScript off the "Next page" link leads to the next page."""

import subprocess

import pytest
from django.db import transaction

from .browser_tabs import load_site, open_tab
from .test_accessibility import AXE, IN_CI, violations
from .test_bounded_lists import grow
from .test_bounded_passages import add_text, make_often
from .test_html_valid import VNU_JAR, missing_checker

pytestmark = pytest.mark.one_pass  # what the browser makes of the page: see pyproject.toml

PAGES = {
    "documents, page 2": "/documents/?page=2",
    "sources, page 1": "/sources/",
    "sources, page 2": "/sources/?page=2",
    "a work's page": "/sources/often-cited/",
    "no such page": "/documents/?page=9",
    "an actor's passages, page 2": "/actors/ivan-often/?page=2",
    "an event's passages": "/events/often-meeting/",
}


def grow_all() -> None:
    """Sixty more texts citing works, then sixty naming an actor and an event (one commit)."""
    grow()
    with transaction.atomic():
        often = make_often()
        for n in range(1, 61):
            add_text(n, *often)


def need(reason: str | None):
    if reason:
        if IN_CI:
            pytest.fail(reason)
        pytest.skip(reason)


@pytest.mark.django_db
def test_the_pages_are_valid_html5(client, collection, tmp_path):
    need(missing_checker())
    grow_all()
    files = []
    for name, url in PAGES.items():
        response = client.get(url)
        assert response.status_code == (404 if name == "no such page" else 200), url
        path = tmp_path / f"{len(files)}.html"
        path.write_bytes(response.content)
        files.append(str(path))
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.browser
def test_no_axe_violations_and_next_works_without_javascript(
    browser, live_server, transactional_db
):
    """In the light and the dark scheme (one test: the 120 texts are committed once)."""
    need(None if AXE.exists() else f"{AXE} is missing: run `npm ci --prefix tests/browser`")
    load_site(keep_curated=True)
    grow_all()
    found = {}
    for scheme in ("light", "dark"):
        with open_tab(browser, live_server, color_scheme=scheme) as tab:
            for name, url in PAGES.items():
                tab.goto(tab.site + url)
                found[f"{name} ({scheme})"] = violations(tab)
    problems = {name: lines for name, lines in found.items() if lines}
    assert problems == {}, problems
    with open_tab(browser, live_server, java_script_enabled=False) as tab:
        tab.goto(tab.site + "/documents/")
        pages = tab.get_by_role("navigation", name="Pages of the document list")
        pages.get_by_role("link", name="Next page").click()
        assert tab.url.endswith("/documents/?page=2")
        current = pages.locator('[aria-current="page"]').inner_text()
        assert current.split() == ["Page", "2"]  # "Page" is for screen readers only
        tab.goto(tab.site + "/actors/ivan-often/")
        passages = tab.get_by_role("navigation", name="Pages of the passages")
        passages.get_by_role("link", name="Next page").click()
        assert tab.url.endswith("/actors/ivan-often/?page=2")
        assert "this page shows 51 to 100" in tab.locator("main").inner_text()
