"""Site-wide security headers Django and django-csp do not set, and the client address the
login throttle counts by."""

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


def client_ip(request) -> str | None:
    """The address a login attempt came from, for django-axes.

    Behind the TLS proxy (BEHIND_TLS_PROXY, which also sets SECURE_PROXY_SSL_HEADER) the proxy
    appends the caller's address to X-Forwarded-For: the last entry is the one it saw, where the
    earlier ones are whatever the caller claimed. Otherwise the connection's own address.
    """
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        last = forwarded.rsplit(",", 1)[-1].strip()
        if last:
            return last
    return request.META.get("REMOTE_ADDR")
