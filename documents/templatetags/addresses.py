"""{% address 'documents:actors' %} and {% address 'documents:actor' slug %}: what {% url %}
gives for a route without arguments or with one slug, from documents.addresses (reversed once
per route, not once per link). `{% address … as name %}` stores it, like {% url … as name %}."""

from django import template

from documents.addresses import plain_url, slug_url

register = template.Library()


@register.simple_tag
def address(name: str, slug: str | None = None) -> str:
    return plain_url(name) if slug is None else slug_url(name, slug)
