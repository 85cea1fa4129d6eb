from django import template

from documents.rendering import emphasis as render_emphasis

register = template.Library()


@register.filter
def emphasis(text):
    """Escape text and show the source's *asterisk* emphasis in italics."""
    return render_emphasis(text or "")
