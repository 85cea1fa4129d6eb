"""The page cache: anonymous GETs of public pages and exports, served from the cache.

Every entry is keyed with the collection version, a token in the same cache that any curated
save replaces (invalidation.py), so an entry made before a change is never read again: a
page is never stale, and old entries simply expire (PAGE_CACHE_SECONDS) or are culled.

- Only anonymous visitors read and fill it. A logged-in user's responses are never cached
  here and are marked `Cache-Control: private` (staff see drafts and previews).
- Only GET (and HEAD, from the GET entry), only 200 responses that set no cookie and do not
  ask to be private or uncached, and never the admin, the API's interactive docs (paths in
  PAGE_CACHE_EXCLUDE).
- The backend is Django's cache "default" (settings: a file cache shared by the workers of
  one machine, or Redis with REDIS_URL, shared by several machines). PAGE_CACHE=0 turns the
  page cache off (benchmarks); the stored renders (stored.py) stay.
"""

from __future__ import annotations

import hashlib
import threading
import uuid
from collections import OrderedDict

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils.cache import patch_cache_control, quote_etag, set_response_etag

from documents.caching import stored

VERSION_KEY = "collection-version"


def page_cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def collection_version(cache=None) -> str:
    """The current collection version (made on first use)."""
    cache = cache or page_cache()
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(VERSION_KEY)
    return version


# Whether this process has cached a page since it last moved the version on: if not, no
# page it could read again before the commit holds data older than the change.
_filled = {"since_bump": True}


def note_filled() -> None:
    """Something was kept under the current version (a page, or memo.py's figures): the
    next change moves the version on at once, before its commit too."""
    _filled["since_bump"] = True


def bump_collection_version(cache=None, *, only_if_filled=False) -> None:
    """A new version: every page cached so far is out of reach."""
    if only_if_filled and not _filled["since_bump"]:
        return
    _filled["since_bump"] = False
    (cache or page_cache()).set(VERSION_KEY, uuid.uuid4().hex, None)


def page_key(request, version: str) -> str:
    """The request's address under the collection version and the build (a deployment of new
    code or templates is a new build: nothing cached by the old one is served)."""
    address = request.build_absolute_uri()
    return f"page.{stored.build()}.{version}.{hashlib.sha256(address.encode()).hexdigest()}"


def set_etag(response) -> None:
    """The response's ETag: from the digest a view gave it (`content_digest`: the stored
    reader and TEI name their bytes without hashing them), else the hash of its body, as
    Django's ConditionalGetMiddleware makes it."""
    digest = getattr(response, "content_digest", None)
    if digest and not response.streaming:
        response.headers["ETag"] = quote_etag(digest)
    else:
        set_response_etag(response)


def _excluded(request) -> bool:
    return any(request.path.startswith(prefix) for prefix in settings.PAGE_CACHE_EXCLUDE)


def _storable(request, response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False  # the page holds a CSRF token: it is this visitor's
    control = response.get("Cache-Control", "").lower()
    return not any(word in control for word in ("private", "no-store", "no-cache"))


class RecentPages:
    """The entries this process served or filled last, by key, in memory: a hit on a popular
    page then reads neither the cache's file (or Redis) nor a pickle of the whole page (the
    paper's TEI is 185 KiB). An entry's key names its collection version and build, and what
    is kept under a key never changes, so a copy here is never stale: a change moves the
    version on and no request asks for the old key again. `size` entries at most, least
    recently used out first."""

    def __init__(self, size: int = 32):
        self.size = size
        self.entries: OrderedDict[str, tuple] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str):
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
            return entry

    def put(self, key: str, entry: tuple) -> None:
        with self.lock:
            self.entries[key] = entry
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)


recent = RecentPages()


def _entry(cache, key: str):
    """The page cached under `key`, from this process's recent pages or from the cache."""
    entry = recent.get(key)
    if entry is None:
        entry = cache.get(key)
        if entry is not None:
            recent.put(key, entry)
    return entry


def _cacheable(request) -> bool:
    return settings.PAGE_CACHE and request.method in ("GET", "HEAD") and not _excluded(request)


def _hit(entry) -> HttpResponse:
    content, headers = entry
    response = HttpResponse(content, headers=headers)
    response["Content-Length"] = str(len(content))
    response["X-Page-Cache"] = "hit"
    return response


class AnonymousHitMiddleware:
    """The page cache's fast path, placed before the session and authentication middleware: a
    request with no session cookie comes from nobody logged in, so a cached page is served
    without them (on a hit the session, common, CSRF and authentication middleware had nothing
    to do but cost a tenth of a millisecond: about a third of a hit's time in-process). The
    host is checked all the same (the page's key is built from it: DisallowedHost, 400).
    Anything else (a session cookie, a miss) goes on to PageCacheMiddleware, which decides
    with the user in hand; a miss is not looked up twice."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.SESSION_COOKIE_NAME in request.COOKIES or not _cacheable(request):
            return self.get_response(request)
        cache = page_cache()
        key = page_key(request, collection_version(cache))
        entry = _entry(cache, key)
        if entry is not None:
            return _hit(entry)
        request.page_cache_miss = key
        return self.get_response(request)


class PageCacheMiddleware:
    """Place after AuthenticationMiddleware (it asks whether the visitor is logged in)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response = self.get_response(request)
            patch_cache_control(response, private=True)
            return response
        if not _cacheable(request):
            return self.get_response(request)
        cache = page_cache()
        key = getattr(request, "page_cache_miss", None)
        if key is None:
            key = page_key(request, collection_version(cache))
            entry = _entry(cache, key)
            if entry is not None:
                return _hit(entry)
        response = self.get_response(request)
        if request.method == "GET" and _storable(request, response):
            # The ETag with the page, so a hit need not hash the body again (what
            # ConditionalGetMiddleware would do on every request: the same value).
            set_etag(response)
            headers = {name: value for name, value in response.items()}
            entry = (response.content, headers)
            cache.set(key, entry, settings.PAGE_CACHE_SECONDS)
            recent.put(key, entry)
            note_filled()
            response["X-Page-Cache"] = "miss"
        return response
