"""Login throttling with django-axes (settings "Login throttling"): who a sign-in comes from,
and the page a locked account is shown."""

from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from django.conf import settings
from django.contrib import admin
from django.shortcuts import render


def client_ip(request) -> str | None:
    """The address a sign-in came from (AXES_CLIENT_IP_CALLABLE).

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


def locked_out(request, original_response=None, credentials=None):
    """The admin's sign-in page saying the account is locked, for how long and who can unlock
    it (AXES_LOCKOUT_CALLABLE: as axes' own page, but inside the admin's frame and header)."""
    context = {
        **admin.site.each_context(request),
        "failure_limit": get_failure_limit(request, credentials),
        "username": get_client_username(request, credentials) or "",
        "cooloff_timedelta": get_cool_off(request),
    }
    return render(
        request, "admin/locked_out.html", context, status=settings.AXES_HTTP_RESPONSE_CODE
    )
