"""Files that crawlers and security researchers look for at fixed addresses: /robots.txt and
/.well-known/security.txt (RFC 9116)."""

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

TEXT = "text/plain; charset=utf-8"


@require_GET
def robots_txt(request):
    """Crawlers read every page but not search, its facet combinations, the admin or the API.

    Search is the only public page that takes a query string, so `/*?` keeps crawlers off every
    combination of its facets and pages wherever they are linked. There is no sitemap to name.
    """
    lines = [
        "User-agent: *",
        f"Disallow: {reverse('documents:search')}",
        "Disallow: /*?",
        f"Disallow: {reverse('admin:index')}",
        "Disallow: /api/",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type=TEXT)


@require_GET
def security_txt(request):
    """Where to report a vulnerability: SECURITY_CONTACT, else the RFC 2142 mailbox of this host.

    Expires (required by RFC 9116) is a year ahead, so the file never goes stale while the site runs.
    """
    host = request.get_host().rsplit(":", 1)[0].strip("[]")
    contact = settings.SECURITY_CONTACT or f"mailto:security@{host}"
    expires = (datetime.now(UTC) + timedelta(days=365)).replace(microsecond=0)
    lines = [
        "# Report a vulnerability in the Korea archive reader here. The operator sets the",
        "# contact with the SECURITY_CONTACT environment variable (a mailto: or https: URL).",
        f"Contact: {contact}",
        f"Expires: {expires.isoformat().replace('+00:00', 'Z')}",
        "Preferred-Languages: en",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type=TEXT)
