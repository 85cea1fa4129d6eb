"""A passage's markup as one well-nested sequence of events, whatever it is written as.

The reader (HTML), the TEI export (XML) and the admin's preview all show a stored passage with
things inserted at offsets (note anchors: *milestones*), things wrapped around stretches of it
(mentions, links, a highlighted span: *spans*) and the source's *emphasis* between asterisks.
`events()` works out, once, how these nest: it gives ("open", payload), ("close", payload),
("milestone", payload) and ("text", str) in document order, always well nested, and each
writer only turns events into its own markup (documents/reader/rendering.py for HTML,
citations/tei/passages.py for TEI).

The rules:
- Offsets count characters of the stored text, asterisks included. The asterisks themselves
  are never text; the words between them are emphasised.
- Spans are outermost, in order of their start; a span overlapping one taken before it, or
  reaching outside the text, is left out (its text is kept). A span marked `atomic` (a link)
  is left out too when a milestone falls strictly inside it (a link cannot hold a link).
- Emphasis crossing a span's edge is closed and reopened around it, never crossed.
- Milestones come after what closes at their offset and before what opens there; offsets
  outside the text are pulled to its ends.
- A window renders only text[low:high] (a passage quoted in context): milestones outside it
  are left out, spans and emphasis reaching into it open and close at its edges.

Plain Python, no Django.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import Any

EMPHASIS_PATTERN = re.compile(r"\*([^*\n]+)\*")

OPEN, CLOSE, MILESTONE, TEXT = "open", "close", "milestone", "text"


class _Emphasis:
    """The payload of an emphasis (what a writer shows as <em> or <hi rend="italic">)."""

    def __repr__(self):
        return "EMPHASIS"


EMPHASIS = _Emphasis()


@dataclass(frozen=True)
class Span:
    """Markup around text[start:end]; `payload` is whatever its writer needs to write it."""

    start: int
    end: int
    payload: Any
    atomic: bool = False  # may not hold a milestone (a link cannot hold a note's link)


@dataclass(frozen=True)
class Milestone:
    """Markup inserted at an offset (a note anchor)."""

    offset: int
    payload: Any


def emphasis_ranges(text: str) -> list[tuple[int, int]]:
    """(opening asterisk, closing asterisk) index pairs."""
    return [(match.start(), match.end() - 1) for match in EMPHASIS_PATTERN.finditer(text)]


def accepted_spans(text: str, spans: Iterable[Span], milestones: Iterable[int]) -> list[Span]:
    """The spans that fit (see the rules above), in the order they open."""
    offsets = list(milestones)
    accepted: list[Span] = []
    for span in sorted(spans, key=lambda item: (item.start, -item.end)):
        if span.start < 0 or span.end > len(text) or span.start >= span.end:
            continue
        if any(span.start < other.end and other.start < span.end for other in accepted):
            continue
        if span.atomic and any(span.start < offset < span.end for offset in offsets):
            continue
        accepted.append(span)
    return accepted


def events(
    text: str,
    milestones: Iterable[Milestone] = (),
    spans: Iterable[Span] = (),
    *,
    emphasis: bool = True,
    window: tuple[int, int] | None = None,
) -> list[tuple[str, Any]]:
    """The passage as (kind, value) events, well nested: see the module's rules."""
    length = len(text)
    low, high = window if window is not None else (0, length)
    low, high = max(0, low), min(length, high)
    marks = sorted(
        (Milestone(min(max(m.offset, 0), length), m.payload) for m in milestones),
        key=lambda m: m.offset,
    )
    taken = accepted_spans(text, spans, [m.offset for m in marks])
    ems = emphasis_ranges(text) if emphasis else []
    hidden = {index for pair in ems for index in pair}  # the asterisks themselves

    cuts = {low, high}
    cuts.update(m.offset for m in marks)
    for span in taken:
        cuts.update((span.start, span.end))
    for opening, closing in ems:
        cuts.update((opening, opening + 1, closing, closing + 1))
    cuts = sorted(cut for cut in cuts if low <= cut <= high)

    def wanted(position: int) -> list[tuple[Hashable, Any]]:
        """(key, payload) of what should be open at `position`, outermost first."""
        stack: list[tuple[Hashable, Any]] = [
            (index, span.payload)
            for index, span in enumerate(taken)
            if span.start <= position < span.end
        ]
        if any(opening < position < closing for opening, closing in ems):
            stack.append((EMPHASIS, EMPHASIS))
        return stack

    out: list[tuple[str, Any]] = []
    open_stack: list[tuple[Hashable, Any]] = []
    next_mark = 0
    for index, cut in enumerate(cuts):
        target = wanted(cut) if cut < high else []
        keep = 0
        while keep < min(len(open_stack), len(target)) and open_stack[keep][0] == target[keep][0]:
            keep += 1
        while len(open_stack) > keep:
            out.append((CLOSE, open_stack.pop()[1]))
        while next_mark < len(marks) and marks[next_mark].offset <= cut:
            if marks[next_mark].offset >= low:
                out.append((MILESTONE, marks[next_mark].payload))
            next_mark += 1
        for item in target[keep:]:
            out.append((OPEN, item[1]))
            open_stack.append(item)
        if index + 1 < len(cuts):
            segment = text[cut : cuts[index + 1]]
            if segment and not (len(segment) == 1 and cut in hidden):
                out.append((TEXT, segment))
    while open_stack:
        out.append((CLOSE, open_stack.pop()[1]))
    return out
