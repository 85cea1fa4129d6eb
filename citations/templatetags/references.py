"""Showing structured references: dates as precisely as they are known, CSL names."""

from django import template
from django.utils.html import format_html, format_html_join

from citations.models import csl_name, format_pinpoint
from documents import dates

register = template.Library()


@register.filter
def edtf_date(value: str) -> str:
    """'1945-12-10' → '10 December 1945', '1951-01-09/1951-01-12' → '9–12 January 1951'
    (documents.dates); a date that is not EDTF is shown as printed."""
    return dates.display(value)


@register.filter
def csl_names(names) -> str:
    """[{'family': 'Scalapino', 'given': 'Robert'}, {…Lee}] → 'Robert Scalapino and Chong-sik Lee'."""
    shown = [csl_name(name) for name in names or []]
    if len(shown) <= 2:
        return " and ".join(shown)
    return ", ".join(shown[:-1]) + " and " + shown[-1]


@register.simple_tag
def pinpoint(value: str, unit: str) -> str:
    return format_pinpoint(value, unit)


@register.simple_tag
def printed(reference, name: str, shown: str = ""):
    """' · printed “Fond фонд 04311”' where the note spells a field otherwise than shown."""
    value = (reference.printed_fields or {}).get(name) if reference else None
    if not value or value == shown:
        return ""
    return format_html(' <span class="printed">printed “{}”</span>', value)


@register.simple_tag
def source_line(source):
    """A work as one readable line (a display, not a citation style: “Cite this” uses CSL)."""
    if source is None:
        return ""
    parts = []
    if source.authors:
        parts.append(format_html("{}, ", csl_names(source.authors)))
    if source.title and source.container_title:
        translated = (
            format_html(" [{}]", source.translated_title) if source.translated_title else ""
        )
        parts.append(format_html("“{}”{}, ", source.title, translated))
        if source.editors:
            label = "eds." if len(source.editors) > 1 else "ed."
            parts.append(format_html("in {} ({}), ", csl_names(source.editors), label))
        parts.append(format_html("<cite>{}</cite>", source.container_title))
    elif source.title:
        parts.append(format_html("<cite>{}</cite>", source.title))
        if source.translated_title:
            parts.append(format_html(" [{}]", source.translated_title))
    elif not source.event:
        parts.append(format_html("{}", "Untitled"))
    if source.csl_type == source.Type.REPORT:
        series = " ".join(p for p in (source.collection_title, source.genre) if p)
        parts.append(format_html(", {} no. {}", series, source.number))
    if source.volume:
        parts.append(format_html(", vol. {}", source.volume))
    if source.issue:
        parts.append(format_html(", no. {}", source.issue))
    if source.event:
        where = f", {source.event_place}" if source.event_place else ""
        lead = ", paper" if source.title else "paper"
        parts.append(format_html("{} presented at a {}{}", lead, source.event, where))
    publication = []
    if source.csl_type == source.Type.THESIS and source.genre:
        publication.append(source.genre)
    place_publisher = ": ".join(p for p in (source.publisher_place, source.publisher) if p)
    if place_publisher:
        publication.append(place_publisher)
    if source.issued and not source.event:
        publication.append(edtf_date(source.issued))
    elif source.event and source.issued:
        parts.append(format_html(", {}", edtf_date(source.issued)))
    if publication:
        parts.append(format_html(" ({})", ", ".join(publication)))
    if source.pages:
        parts.append(format_html(", pp. {}", source.pages))
    return format_html_join("", "{}", ((part,) for part in parts))
