"""Extra browser tabs for tests that need another context than the `page` fixture's (dark
colour scheme, JavaScript off, a touch phone), with the same rule: nothing from another host.
Also the data every browser test needs, created inside the test (the live server sees only
committed rows)."""

from __future__ import annotations

from contextlib import contextmanager

from . import curated
from .linking_samples import make_links

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
TOUCH_PHONE = {**PHONE, "has_touch": True, "is_mobile": True}  # a finger, no mouse


def load_site(keep_curated: bool = False):
    """The two texts (as `make run` loads them) and the tests' own linking rows (see
    linking_samples.make_links for `keep_curated`). The texts are the session's copy
    (curated.py), put back with a few SQL statements rather than imported again."""
    from documents.models import Document

    if not Document.objects.filter(slug__in=curated.SLUGS).exists():
        curated.restore()
    return make_links(keep_curated=keep_curated)


@contextmanager
def open_tab(browser, live_server, **options):
    """A tab in a new context (`options` go to browser.new_context); requests to other hosts
    are aborted and listed in tab.foreign_requests, failed local ones in tab.failed."""
    context = browser.new_context(**{**DESKTOP, **options})
    tab = context.new_page()
    tab.site = live_server.url
    tab.foreign_requests = []
    tab.failed = []

    def route(route_request):
        url = route_request.request.url
        if url.startswith(live_server.url) or url.startswith("data:"):
            route_request.continue_()
        else:
            tab.foreign_requests.append(url)
            route_request.abort()

    tab.route("**/*", route)
    tab.on(
        "response",
        lambda response: (
            response.status >= 400
            and response.request.resource_type != "document"
            and tab.failed.append(f"{response.status} {response.url}")
        ),
    )
    try:
        yield tab
    finally:
        context.close()
        live_server.answering.wait_until_idle()  # before the test's tables are flushed
