"""Site-wide security headers that Django and django-csp do not set."""

from django.conf import settings


class SecurityHeadersMiddleware:
    """Permissions-Policy and Cross-Origin-Resource-Policy on every response (README "Security")."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.headers.setdefault(
            "Cross-Origin-Resource-Policy", settings.CROSS_ORIGIN_RESOURCE_POLICY
        )
        return response


def add_static_headers(headers, path, url):
    """The same headers on static files, which WhiteNoise answers before the middleware run
    (settings.WHITENOISE_ADD_HEADERS_FUNCTION)."""
    from csp.utils import build_policy

    headers["Content-Security-Policy"] = build_policy()
    headers["Permissions-Policy"] = settings.PERMISSIONS_POLICY
    headers["Cross-Origin-Resource-Policy"] = settings.CROSS_ORIGIN_RESOURCE_POLICY
