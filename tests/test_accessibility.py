"""WCAG 2.2 AA (with 2.5.8 target size), checked by axe-core in headless Chromium: the reader (both texts, and with a
note popover open), the register (list and one actor), the timeline (list and one event), search
(results with facets, and nothing found), a note page, the archives and sources, and the home page, in the light AND the dark colour scheme, with zero violations; with the curated
links that load_collection stores, plus the tests' own.

axe-core comes from npm (tests/browser/node_modules, installed by `make test`); outside CI
these tests skip, saying why, when it is missing; in CI they fail.
"""

import os
from pathlib import Path

import pytest

from .browser_tabs import TOUCH_PHONE, load_site, open_tab
from .linking_samples import INTERVIEW, PAPER

pytestmark = [pytest.mark.browser, pytest.mark.one_pass]

AXE = Path(__file__).resolve().parent / "browser" / "node_modules" / "axe-core" / "axe.min.js"
IN_CI = bool(os.environ.get("CI"))


@pytest.fixture(autouse=True)
def _axe_available():
    if not AXE.exists():
        reason = f"{AXE} is missing: run `npm ci --prefix tests/browser` (make test does)"
        if IN_CI:
            pytest.fail(reason)
        pytest.skip(reason)


def violations(tab) -> list[str]:
    """axe's violations on the page as it is now, one readable line each."""
    # Evaluated through the browser's DevTools protocol, which the page's Content-Security-
    # Policy does not govern: a <script> tag with axe's source inline would be refused (and
    # must be: the policy allows no inline script).
    tab.evaluate(AXE.read_text(encoding="utf-8"))
    result = tab.evaluate(
        """() => axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa', 'best-practice']},
            resultTypes: ['violations'],
        })"""
    )
    lines = []
    for violation in result["violations"]:
        targets = ", ".join(str(node["target"]) for node in violation["nodes"][:5])
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} — {targets}")
    return lines


def pages(links):
    return {
        "home": "/",
        "reader: paper": f"/documents/{PAPER}/",
        "reader: interview": f"/documents/{INTERVIEW}/",
        "register": "/actors/",
        "actor": links.stalin.get_absolute_url(),
        "actor with name forms in four scripts": "/actors/kim-il-sung/",
        "search for a name in Hangul": "/search/?q=%EA%B9%80%EC%9D%BC%EC%84%B1",
        "timeline": "/events/",
        "timeline, 1951–1953": "/events/?from=1951&to=1953",
        "event": links.moscow.get_absolute_url(),
        "search with results and facets": "/search/?q=Shtykov",
        "search with nothing found": "/search/?q=%22unbalanced",
        "note page": f"/documents/{PAPER}/notes/14/",
        "archive file": "/archives/",
        "sources": "/sources/",
    }


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_axe_violations(browser, live_server, transactional_db, scheme):
    links = load_site(keep_curated=True)
    found = {}
    with open_tab(browser, live_server, color_scheme=scheme) as tab:
        for name, url in pages(links).items():
            tab.goto(tab.site + url)
            assert tab.evaluate("matchMedia('(prefers-color-scheme: dark)').matches") == (
                scheme == "dark"
            )
            found[name] = violations(tab)
        # and with a note shown in place
        tab.goto(tab.site + f"/documents/{PAPER}/#p-10")
        tab.locator("#fnref-5").hover()
        tab.locator("#note-popover").wait_for(state="visible")
        found["reader with a popover open"] = violations(tab)
        assert tab.foreign_requests == []
    problems = {name: lines for name, lines in found.items() if lines}
    assert problems == {}, "\n".join(
        f"{scheme} / {name}:\n  " + "\n  ".join(lines) for name, lines in problems.items()
    )


def test_no_axe_violations_on_a_phone(browser, live_server, transactional_db):
    links = load_site(keep_curated=True)
    problems = {}
    with open_tab(browser, live_server, **TOUCH_PHONE) as tab:
        for name in ("reader: paper", "reader: interview", "timeline", "event", "note page"):
            tab.goto(tab.site + pages(links)[name])
            lines = violations(tab)
            if lines:
                problems[name] = lines
        tab.goto(tab.site + pages(links)["search with results and facets"])
        tab.locator("details.facets summary").tap()  # the filters open, on a phone
        tab.locator("details.facets[open]").wait_for()
        problems["search with the filters open"] = violations(tab)
        tab.goto(tab.site + f"/documents/{PAPER}/#p-39")
        tab.locator("#fnref-43").tap()
        tab.locator("#note-popover").wait_for(state="visible")
        problems["reader with note 43 shown by a tap"] = violations(tab)
    problems = {name: lines for name, lines in problems.items() if lines}
    assert problems == {}, problems


def test_axe_finds_a_planted_violation(browser, live_server, transactional_db):
    """The check is real: an image without a text alternative, planted in the reader, is
    reported (so an empty list above means axe ran and found nothing)."""
    load_site()
    with open_tab(browser, live_server) as tab:
        tab.goto(tab.site + f"/documents/{PAPER}/")
        tab.evaluate(
            "document.querySelector('#p-1 .para-body').append(Object.assign("
            "document.createElement('img'), {src: '/static/images/favicon.svg'}))"
        )
        assert any(line.startswith("image-alt") for line in violations(tab))
