"""The address of a page named by one slug (a document, an actor, an event, a source), or by
its name alone (the list pages every page's header links to), without reversing the URL
configuration for every link.

`reverse()` costs ~30-60 µs a call here (it looks up the active language for its
per-language tables, then builds and checks the path), and a page or an API list makes one per
link: 60 for a page of `/api/documents`, half of that request's time. The path of a route
whose only argument is a slug is the same string with the slug in its place, so it is reversed
once per route (per URL configuration and script prefix, so a test that swaps them, or a
deployment under a sub-path, still gets its own) and the slug put in. A route without
arguments is one string: kept the same way (the header's nine links on every page were ~0.4 ms
of a 3 ms page). Templates use them through {% address %} (templatetags/addresses.py).

Slugs here are ASCII (SlugField without allow_unicode: letters, digits, - and _), which a path
carries as they are: the result is the string reverse() returns (tests/test_addresses.py);
anything else goes to reverse() itself.
"""

import functools
import re

from django.core.signals import setting_changed
from django.urls import get_script_prefix, get_urlconf, reverse

# Stands for the slug while reversing: it matches the slug converter, and no route's fixed
# part contains it.
_PLACEHOLDER = "slug-placeholder-7f3a9c"
# Django's slug converter: what a path carries as it is
_SLUG = re.compile(r"[-a-zA-Z0-9_]+")


@functools.lru_cache(maxsize=64)
def _pattern(name: str, urlconf, prefix: str) -> tuple[str, str]:
    path = reverse(name, urlconf=urlconf, kwargs={"slug": _PLACEHOLDER})
    before, found, after = path.partition(_PLACEHOLDER)
    assert found and _PLACEHOLDER not in after, f"{name}: the slug is not in {path!r} once"
    return before, after


def slug_url(name: str, slug: str) -> str:
    """reverse(name, kwargs={"slug": slug}) for a route whose one argument is a slug."""
    if not _SLUG.fullmatch(slug):  # not a slug: reverse() refuses it, as before
        return reverse(name, kwargs={"slug": slug})
    before, after = _pattern(name, get_urlconf(), get_script_prefix())
    return f"{before}{slug}{after}"


_NUMBER_PLACEHOLDER = 987654321  # no route's fixed part contains it


@functools.lru_cache(maxsize=16)
def _note_pattern(urlconf, prefix: str) -> tuple[str, str, str]:
    path = reverse(
        "documents:note",
        urlconf=urlconf,
        kwargs={"slug": _PLACEHOLDER, "number": _NUMBER_PLACEHOLDER},
    )
    before, found, rest = path.partition(_PLACEHOLDER)
    middle, found_number, after = rest.partition(str(_NUMBER_PLACEHOLDER))
    assert found and found_number, f"documents:note: no slug and number in {path!r}"
    return before, middle, after


def note_url(slug: str, number: int) -> str:
    """reverse("documents:note", kwargs={"slug": slug, "number": number}), the same way:
    a search page links to twenty notes, a note's page to its neighbours."""
    if not _SLUG.fullmatch(slug) or not isinstance(number, int) or number < 0:
        return reverse("documents:note", kwargs={"slug": slug, "number": number})
    before, middle, after = _note_pattern(get_urlconf(), get_script_prefix())
    return f"{before}{slug}{middle}{number}{after}"


class AbsoluteSlugUrls:
    """request.build_absolute_uri(slug_url(name, slug)) for many slugs of a few routes, as
    a list does (the API's document list: 60 addresses a page, a third of its Python time
    when each looked up the URL configuration, script prefix and host again). The routes'
    patterns and the request's scheme and host are taken once; a slug path is ASCII, which
    build_absolute_uri would leave as it is; anything else goes the long way."""

    def __init__(self, request, *names: str):
        self.request = request
        self.origin = request.build_absolute_uri("/")[:-1]
        urlconf, prefix = get_urlconf(), get_script_prefix()
        self.patterns = {name: _pattern(name, urlconf, prefix) for name in names}

    def __call__(self, name: str, slug: str) -> str:
        if not _SLUG.fullmatch(slug):
            return self.request.build_absolute_uri(slug_url(name, slug))
        before, after = self.patterns[name]
        return f"{self.origin}{before}{slug}{after}"


@functools.lru_cache(maxsize=64)
def _plain(name: str, urlconf, prefix: str) -> str:
    return reverse(name, urlconf=urlconf)


def plain_url(name: str) -> str:
    """reverse(name) for a route without arguments."""
    return _plain(name, get_urlconf(), get_script_prefix())


def _forget(*, setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _pattern.cache_clear()
        _note_pattern.cache_clear()
        _plain.cache_clear()


setting_changed.connect(_forget)
