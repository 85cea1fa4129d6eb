"""Template filters for the reader, the register and the timeline."""

import unicodedata

from django import template

from documents.reader.rendering import emphasis as render_emphasis

register = template.Library()


@register.filter
def emphasis(text):
    """Escape text and show the source's *asterisk* emphasis in italics."""
    return render_emphasis(text or "")


@register.filter
def script_lang(name):
    """A lang code for a name written in a script that settles its language (Cyrillic names in
    these texts are Russian, Hangul is Korean), so screen readers pronounce it; "" otherwise."""
    for character in name or "":
        if not character.isalpha():
            continue
        script = unicodedata.name(character, "")
        if script.startswith("CYRILLIC"):
            return "ru"
        if script.startswith("HANGUL"):
            return "ko"
        return ""
    return ""
