"""Turn a stored passage (exact text + note anchors + mention spans) into safe HTML.

The stored text is plain: it is escaped here piece by piece, and only the markup built with
format_html is added (note markers, mention links, *emphasis* as printed in the source).
"""

import re

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

EMPHASIS = re.compile(r"\*([^*\n]+)\*")


def emphasis(text: str) -> SafeString:
    """Escape text and show the source's *asterisk* emphasis as <em>."""
    escaped = str(conditional_escape(text))
    return mark_safe(EMPHASIS.sub(r"<em>\1</em>", escaped))  # noqa: S308 - input escaped above


def note_marker(number: int, anchor: str) -> SafeString:
    """A superscript note number linking to the note; the note links back to `anchor`."""
    return format_html(
        '<sup class="note-ref"><a href="#fn-{n}" id="{anchor}" data-note="{n}">{n}</a></sup>',
        n=number,
        anchor=anchor,
    )


def render_passage(
    text: str, markers: list[tuple[int, str]] = (), links: list[tuple[int, int, str, str]] = ()
) -> SafeString:
    """Render text with note markers and links.

    markers: (offset, html) pairs inserted at offsets; links: (start, end, href, css_class)
    spans wrapped in <a>. Spans that overlap an earlier span or cross a marker are skipped
    rather than producing broken markup.
    """
    events: list[tuple[int, int, str]] = []
    accepted: list[tuple[int, int]] = []
    marker_offsets = sorted(offset for offset, _ in markers)
    for start, end, href, css_class in sorted(links, key=lambda item: (item[0], -item[1])):
        if start < 0 or end > len(text) or start >= end:
            continue
        if any(start < a_end and a_start < end for a_start, a_end in accepted):
            continue
        if any(start < offset < end for offset in marker_offsets):
            continue
        accepted.append((start, end))
        events.append((start, 1, str(format_html('<a class="{}" href="{}">', css_class, href))))
        events.append((end, 0, "</a>"))
    for offset, html in markers:
        events.append((min(offset, len(text)), 2, str(html)))
    events.sort(key=lambda item: (item[0], item[1]))
    pieces = []
    cursor = 0
    for position, _, html in events:
        pieces.append(str(emphasis(text[cursor:position])) if position > cursor else "")
        pieces.append(html)
        cursor = max(cursor, position)
    pieces.append(str(emphasis(text[cursor:])))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece escaped or built by format_html
