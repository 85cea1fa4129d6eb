"""Turn a stored passage (exact text + note anchors + mention spans) into safe HTML.

How the markup nests is worked out once for every format by documents.markup.events (note
anchors, spans, the source's *emphasis*, a window on the text); this module writes those
events as HTML: every piece of text escaped, markup only from format_html or fixed tags.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from documents import markup
from documents.markup import Span

# Where a sentence ends: . ? ! (possibly closed by quotes or brackets), then whitespace.
SENTENCE_BREAK = re.compile(r"[.?!][\"”’')\]]*\s+")
CONTEXT_REACH = 180  # characters kept on each side of a mention when its sentence is longer
# A full stop that does not end a sentence: after an initial ("see K. Weathersby", "Terentii F.
# Shtykov"), letters with stops ("U.S.", "e.g."), or an abbreviation the notes use.
NOT_A_SENTENCE_END = re.compile(
    r"(?:\b[A-Z]|\b(?:[A-Za-z]\.)+[A-Za-z]|\b(?:Mr|Mrs|Ms|Dr|Prof|Gen|Col|Lt|Capt|Maj|Adm|"
    r"St|Jr|Sr|Vol|vol|vols|No|no|nos|op|ed|eds|trans|cf|Cf|pp?|ff?|ll?|vs|viz|ca|Fig|fig))\.$"
)
EM = (mark_safe("<em>"), mark_safe("</em>"))


def link_span(start: int, end: int, href: str, css_class: str = "") -> Span:
    opening = (
        format_html('<a class="{}" href="{}">', css_class, href)
        if css_class
        else format_html('<a href="{}">', href)
    )
    return Span(start, end, (opening, mark_safe("</a>")), atomic=True)


def mark_span(start: int, end: int, title: str = "") -> Span:
    opening = format_html('<mark title="{}">', title) if title else mark_safe("<mark>")
    return Span(start, end, (opening, mark_safe("</mark>")))


def emphasis(text: str) -> SafeString:
    """Escape text and show the source's *asterisk* emphasis as <em>."""
    return render_passage(text or "")


def note_marker(number: int, anchor: str, mark=None) -> SafeString:
    """A superscript note number linking to the note; the note links back to `anchor`.

    Its accessible name says what the link is (“Note 12”) and holds the visible number.
    `mark` (key, symbol, label), from an extension, adds a visible symbol after the number, a
    class `mark-<key>` and the label to the accessible name (“Note 12A, archival original”:
    the visible text stays part of the name, WCAG 2.5.3); the legend explains the symbols.
    """
    if mark is not None:
        key, symbol, label = mark
        return format_html(
            '<sup class="note-ref mark-{key}"><a href="#fn-{n}" id="{anchor}" '
            'aria-label="Note {n}{symbol}, {label}">{n}<span class="note-mark">{symbol}</span></a></sup>',
            n=number,
            anchor=anchor,
            key=key,
            symbol=symbol,
            label=label,
        )
    return format_html(
        '<sup class="note-ref"><a href="#fn-{n}" id="{anchor}" aria-label="Note {n}">{n}</a></sup>',
        n=number,
        anchor=anchor,
    )


def html(events: Iterable[tuple[str, object]]) -> SafeString:
    """documents.markup events as HTML. Span payloads are (opening, closing) safe HTML, a
    milestone's payload is safe HTML; text (and anything not marked safe) is escaped."""
    pieces = []
    for kind, value in events:
        if kind == markup.TEXT or kind == markup.MILESTONE:
            pieces.append(conditional_escape(value))
        else:
            opening, closing = EM if value is markup.EMPHASIS else value
            pieces.append(conditional_escape(opening if kind == markup.OPEN else closing))
    # Every piece went through conditional_escape just above: safe to join.
    return mark_safe("".join(pieces))


def render_passage(
    text: str,
    markers: Iterable[tuple[int, str]] = (),
    links: Iterable[tuple[int, int, str, str] | Span] = (),
    *,
    window: tuple[int, int] | None = None,
    emphasis: bool = True,
) -> SafeString:
    """Render `text` with note markers, linked or marked spans and *emphasis*.

    markers: (offset, safe html) inserted at character offsets.
    links: Span objects, or (start, end, href, css_class) tuples wrapped in <a>.
    window: render only text[start:end] (for a passage quoted in context).
    emphasis: False shows the asterisks as stored (the admin's view of the saved text).
    """
    spans = [item if isinstance(item, Span) else link_span(*item) for item in links]
    milestones = [markup.Milestone(offset, marker) for offset, marker in markers]
    return html(markup.events(text, milestones, spans, emphasis=emphasis, window=window))


def sentence_breaks(text: str, start: int = 0, end: int | None = None):
    """The breaks between sentences in text[start:end]: not the stop after an initial or an
    abbreviation."""
    end = len(text) if end is None else end
    for match in SENTENCE_BREAK.finditer(text, start, end):
        if match.group(0)[0] == "." and NOT_A_SENTENCE_END.search(
            text, max(0, match.start() - 12), match.start() + 1
        ):
            continue
        yield match


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around text[start:end], cut to CONTEXT_REACH characters on each side
    (at a word boundary) when the sentence is longer."""
    sentence_start = 0
    for match in sentence_breaks(text, 0, start):
        sentence_start = match.end()
    following = next(sentence_breaks(text, end), None)
    # The sentence keeps its closing punctuation, quotes and brackets, not the space after.
    sentence_end = following.start() + len(following.group(0).rstrip()) if following else len(text)
    if start - sentence_start > CONTEXT_REACH:
        cut = text.find(" ", start - CONTEXT_REACH, start)
        sentence_start = cut + 1 if cut != -1 else start - CONTEXT_REACH
    if sentence_end - end > CONTEXT_REACH:
        cut = text.rfind(" ", end, end + CONTEXT_REACH)
        sentence_end = cut if cut != -1 else end + CONTEXT_REACH
    return sentence_start, sentence_end


def _ends_sentence(text: str, index: int) -> bool:
    """Whether text[:index] ends with a finished sentence."""
    return text[:index].rstrip().rstrip("\"”’')]").endswith((".", "?", "!"))


def render_context(text: str, spans: Sequence[tuple[int, int]]) -> SafeString:
    """The sentence holding the given (start, end) spans, with the spans in <mark>; an
    ellipsis shows where the quoted passage was cut inside a sentence."""
    first = min(start for start, _ in spans)
    last = max(end for _, end in spans)
    low, high = sentence_bounds(text, first, last)
    body = render_passage(
        text, links=[mark_span(start, end) for start, end in spans], window=(low, high)
    )
    before = "… " if low > 0 and not _ends_sentence(text, low) else ""
    after = " …" if high < len(text) and not _ends_sentence(text, high) else ""
    return format_html("{}{}{}", before, body, after)
