"""How responses travel: compressed when safe, cacheable when public.

- `PublicGZipMiddleware` compresses HTML, JSON and XML (and other text) for clients that accept
  gzip, but only responses that carry no secret: not the admin, not a page served to a
  logged-in user, not a response that sets a cookie (a CSRF token or a session). Compressing a
  secret together with text an attacker can inject lets them guess it from the size (BREACH).
  Static files never get here: whitenoise serves them, already compressed, before this runs.
- `CacheHeadersMiddleware` says who may keep a response: the admin and every page served to a
  logged-in user (draft previews) `private, no-store`; public pages and exports for anonymous
  visitors `public, max-age, stale-while-revalidate`, so a browser or CDN keeps them briefly
  and revalidates them with the ETag that Django's ConditionalGetMiddleware computes from the
  content (a 304 without the body when nothing changed).
"""

from django.conf import settings
from django.middleware.gzip import GZipMiddleware
from django.utils.cache import patch_cache_control, patch_vary_headers

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


class PublicGZipMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        if is_personal(request, response) or not compressible(response):
            return response
        return super().process_response(request, response)


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
