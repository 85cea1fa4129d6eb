"""Turn a stored passage (exact text + note anchors + mention spans) into safe HTML.

The stored text is plain: it is escaped here piece by piece, and only markup built with
format_html is added: note markers, links over mention spans, <mark> over a span shown in
context, and *emphasis* as printed in the source (the asterisks are dropped, the words kept).

Offsets (note anchors, mention start/end) count characters of the stored text, asterisks
included, so emphasis is worked out over the whole text before anything is cut or wrapped:
an emphasis that a link or a context window cuts through is closed and reopened around it
instead of leaving a stray asterisk or crossed tags.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

EMPHASIS = re.compile(r"\*([^*\n]+)\*")
# Where a sentence ends: . ? ! (possibly closed by quotes or brackets), then whitespace.
SENTENCE_BREAK = re.compile(r"[.?!][\"”’')\]]*\s+")
CONTEXT_REACH = 180  # characters kept on each side of a mention when its sentence is longer
# A full stop that does not end a sentence: after an initial ("see K. Weathersby", "Terentii F.
# Shtykov"), letters with stops ("U.S.", "e.g."), or an abbreviation the notes use.
NOT_A_SENTENCE_END = re.compile(
    r"(?:\b[A-Z]|\b(?:[A-Za-z]\.)+[A-Za-z]|\b(?:Mr|Mrs|Ms|Dr|Prof|Gen|Col|Lt|Capt|Maj|Adm|"
    r"St|Jr|Sr|Vol|vol|vols|No|no|nos|op|ed|eds|trans|cf|Cf|pp?|ff?|ll?|vs|viz|ca|Fig|fig))\.$"
)


@dataclass(frozen=True)
class Span:
    """Markup around text[start:end]; `opening`/`closing` must already be safe HTML."""

    start: int
    end: int
    opening: str
    closing: str
    is_link: bool = False


def link_span(start: int, end: int, href: str, css_class: str = "") -> Span:
    opening = (
        format_html('<a class="{}" href="{}">', css_class, href)
        if css_class
        else format_html('<a href="{}">', href)
    )
    return Span(start, end, str(opening), "</a>", is_link=True)


def mark_span(start: int, end: int) -> Span:
    return Span(start, end, "<mark>", "</mark>")


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
            '<sup class="note-ref mark-{key}"><a href="#fn-{n}" id="{anchor}" data-note="{n}" '
            'aria-label="Note {n}{symbol}, {label}">{n}<span class="note-mark">{symbol}</span></a></sup>',
            n=number,
            anchor=anchor,
            key=key,
            symbol=symbol,
            label=label,
        )
    return format_html(
        '<sup class="note-ref"><a href="#fn-{n}" id="{anchor}" data-note="{n}" '
        'aria-label="Note {n}">{n}</a></sup>',
        n=number,
        anchor=anchor,
    )


def _emphasis_ranges(text: str) -> list[tuple[int, int]]:
    """(opening asterisk, closing asterisk) index pairs."""
    return [(match.start(), match.end() - 1) for match in EMPHASIS.finditer(text)]


def _accepted_spans(text: str, spans: Iterable[Span], marker_offsets: Sequence[int]) -> list[Span]:
    """Spans that fit: inside the text, not overlapping an earlier one, and (for links) not
    containing a note marker, since a link cannot hold another link. Others are dropped,
    never rendered as broken markup."""
    accepted: list[Span] = []
    for span in sorted(spans, key=lambda item: (item.start, -item.end)):
        if span.start < 0 or span.end > len(text) or span.start >= span.end:
            continue
        if any(span.start < other.end and other.start < span.end for other in accepted):
            continue
        if span.is_link and any(span.start < offset < span.end for offset in marker_offsets):
            continue
        accepted.append(span)
    return accepted


def render_passage(
    text: str,
    markers: Iterable[tuple[int, str]] = (),
    links: Iterable[tuple[int, int, str, str] | Span] = (),
    *,
    window: tuple[int, int] | None = None,
) -> SafeString:
    """Render `text` with note markers, linked or marked spans and *emphasis*.

    markers: (offset, safe html) inserted at character offsets.
    links: Span objects, or (start, end, href, css_class) tuples wrapped in <a>.
    window: render only text[start:end] (for a passage quoted in context); markers outside
    it are left out, emphasis and spans that reach into it are opened and closed at its edges.
    """
    length = len(text)
    low, high = window if window is not None else (0, length)
    low, high = max(0, low), min(length, high)
    markers = sorted(
        ((min(max(offset, 0), length), str(html)) for offset, html in markers),
        key=lambda item: item[0],
    )
    spans = [item if isinstance(item, Span) else link_span(*item) for item in links]
    spans = _accepted_spans(text, spans, [offset for offset, _ in markers])
    ems = _emphasis_ranges(text)
    hidden = {index for pair in ems for index in pair}  # the asterisks themselves

    cuts = {low, high}
    cuts.update(offset for offset, _ in markers)
    for span in spans:
        cuts.update((span.start, span.end))
    for opening, closing in ems:
        cuts.update((opening, opening + 1, closing, closing + 1))
    cuts = sorted(cut for cut in cuts if low <= cut <= high)

    def wanted(position: int) -> list[tuple[str, str]]:
        """The markup that should be open for the character at `position`, outermost first."""
        stack = [
            (span.opening, span.closing) for span in spans if span.start <= position < span.end
        ]
        if any(opening < position < closing for opening, closing in ems):
            stack.append(("<em>", "</em>"))
        return stack

    pieces: list[str] = []
    open_stack: list[tuple[str, str]] = []
    marker_index = 0
    for index, cut in enumerate(cuts):
        target = wanted(cut) if cut < high else []
        keep = 0
        while keep < min(len(open_stack), len(target)) and open_stack[keep] == target[keep]:
            keep += 1
        while len(open_stack) > keep:
            pieces.append(open_stack.pop()[1])
        while marker_index < len(markers) and markers[marker_index][0] <= cut:
            offset, html = markers[marker_index]
            if offset >= low:
                pieces.append(html)
            marker_index += 1
        for item in target[keep:]:
            pieces.append(item[0])
            open_stack.append(item)
        if index + 1 < len(cuts):
            segment = text[cut : cuts[index + 1]]
            if not (len(segment) == 1 and cut in hidden):
                pieces.append(str(conditional_escape(segment)))
    while open_stack:
        pieces.append(open_stack.pop()[1])
    # Every piece of text went through conditional_escape; all markup came from format_html
    # or from the fixed tags above.
    return mark_safe("".join(pieces))  # noqa: S308


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
