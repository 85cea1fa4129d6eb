"""How responses travel: compressed when safe, cacheable when public.

- `PublicCompressionMiddleware` compresses HTML, JSON and XML (and other text) for clients that
  accept it (brotli when offered, else gzip), but only responses that carry no secret: not the admin, not a page served to a
  logged-in user, not a response that sets a cookie (a CSRF token or a session). Compressing a
  secret together with text an attacker can inject lets them guess it from the size (BREACH).
  Static files never get here: whitenoise serves them, already compressed, before this runs.
- `CacheHeadersMiddleware` says who may keep a response: the admin and every page served to a
  logged-in user (draft previews) `private, no-store`; public pages and exports for anonymous
  visitors `public, max-age, stale-while-revalidate`, so a browser or CDN keeps them briefly
  and revalidates them with the ETag that Django's ConditionalGetMiddleware computes from the
  content (a 304 without the body when nothing changed).
"""

import hashlib
from collections import OrderedDict
from threading import Lock

import brotli
from django.conf import settings
from django.middleware.gzip import GZipMiddleware
from django.middleware.http import ConditionalGetMiddleware
from django.utils.cache import patch_cache_control, patch_vary_headers

from documents.caching.pages import set_etag

COMPRESSIBLE = ("text/", "application/json", "application/xml", "+json", "+xml")


def is_admin(request) -> bool:
    return request.path.startswith("/admin/")


def is_personal(request, response) -> bool:
    """A response meant for one person only: the admin, a logged-in user's page, or one that
    sets a cookie (the CSRF token, a session)."""
    user = getattr(request, "user", None)
    return (
        is_admin(request) or (user is not None and user.is_authenticated) or bool(response.cookies)
    )


def compressible(response) -> bool:
    content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
    return any(kind in content_type for kind in COMPRESSIBLE)


def accepts(request, coding: str) -> bool:
    """Whether Accept-Encoding offers `coding` with a quality above zero."""
    for offer in request.META.get("HTTP_ACCEPT_ENCODING", "").lower().split(","):
        name, _, params = offer.partition(";")
        if name.strip() == coding:
            quality = params.strip().removeprefix("q=") if params.strip().startswith("q=") else "1"
            try:
                return float(quality) > 0
            except ValueError:
                return False
    return False


class BrotliBodies:
    """Brotli at its best quality (the reader: 27 KiB against 33 at a fast quality and gzip's
    36) costs tens of milliseconds per page: too much for every request, and for a page that is
    never asked again (a search nobody repeats) a cost anyone could make us pay at will. A
    public page's bytes are the same for every visitor until an editor changes them, so: a body
    seen for the first time is compressed fast (quality 5, a few milliseconds); one seen again
    is compressed at quality 11 once and kept. Each worker keeps the digests of the last few
    thousand bodies and the last few hundred compressed ones; a changed page gets a new key."""

    FAST, BEST = 5, 11

    def __init__(self, size: int = 256, seen: int = 4096):
        self.size, self.seen_size = size, seen
        self.bodies: OrderedDict[bytes, bytes] = OrderedDict()
        self.seen: OrderedDict[bytes, None] = OrderedDict()
        self.lock = Lock()

    def compress(self, content: bytes) -> bytes:
        key = hashlib.blake2b(content, digest_size=16).digest()
        with self.lock:
            body = self.bodies.get(key)
            if body is not None:
                self.bodies.move_to_end(key)
                return body
            again = key in self.seen
            if not again:
                self.seen[key] = None
                while len(self.seen) > self.seen_size:
                    self.seen.popitem(last=False)
        if not again:
            return brotli.compress(content, quality=self.FAST, mode=brotli.MODE_TEXT)
        body = brotli.compress(content, quality=self.BEST, mode=brotli.MODE_TEXT)
        with self.lock:
            self.bodies[key] = body
            while len(self.bodies) > self.size:
                self.bodies.popitem(last=False)
        return body


class PublicCompressionMiddleware(GZipMiddleware):
    brotli_bodies = BrotliBodies()

    def process_response(self, request, response):
        if is_personal(request, response) or not compressible(response):
            return response
        if (
            response.streaming
            or response.has_header("Content-Encoding")
            or len(response.content) < 200
            or not accepts(request, "br")
        ):
            return super().process_response(request, response)
        patch_vary_headers(response, ("Accept-Encoding",))
        body = self.brotli_bodies.compress(response.content)
        if len(body) >= len(response.content):
            return response
        response.content = body
        response.headers["Content-Length"] = str(len(body))
        etag = response.get("ETag")
        if etag and etag.startswith('"'):  # as GZipMiddleware: the bytes differ, the meaning not
            response.headers["ETag"] = "W/" + etag
        response.headers["Content-Encoding"] = "br"
        return response


class CacheHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_personal(request, response):
            patch_cache_control(response, private=True, no_store=True)
        elif (
            request.method in ("GET", "HEAD")
            and response.status_code == 200
            and not response.has_header("Cache-Control")
        ):
            patch_cache_control(
                response,
                public=True,
                max_age=settings.PUBLIC_CACHE_MAX_AGE,
                stale_while_revalidate=settings.PUBLIC_CACHE_STALE,
            )
            # A logged-in editor sees the same address differently (drafts, banners): a
            # shared cache must not hand them the public copy, nor the public theirs.
            patch_vary_headers(response, ("Cookie",))
        return response


class DigestConditionalGetMiddleware(ConditionalGetMiddleware):
    """Django's ETags and 304s, but a response whose view named its bytes (`content_digest`:
    the stored reader and TEI) gets its ETag from that name instead of an MD5 of the whole
    body (0.25 ms a request for the paper's 185 KiB TEI)."""

    def process_response(self, request, response):
        if (
            getattr(response, "content_digest", None)
            and request.method == "GET"
            and self.needs_etag(response)
            and not response.has_header("ETag")
        ):
            set_etag(response)
        return super().process_response(request, response)
