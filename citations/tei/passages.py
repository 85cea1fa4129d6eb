"""Passages as properly nested TEI: text with note anchors, mentions and emphasis."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from citations.tei.elements import EMPHASIS, actor_id, clean, event_id, sub
from documents.models import (
    Actor,
    Mention,
)

# ---------------------------------------------------------------------------------------------
# Passages: text with note anchors, mentions and emphasis, as properly nested XML


@dataclass(frozen=True)
class Span:
    """An element to wrap around text[start:end]."""

    start: int
    end: int
    make: Callable  # parent → the new (empty) element


class Writer:
    """Appends text and elements to an element in document order (text after a child goes in
    the child's tail, as lxml wants it)."""

    def __init__(self, root):
        self.stack = [root]

    @property
    def top(self):
        return self.stack[-1]

    def text(self, value: str):
        value = clean(value)
        if not value:
            return
        if len(self.top):
            last = self.top[-1]
            last.tail = (last.tail or "") + value
        else:
            self.top.text = (self.top.text or "") + value

    def open(self, make: Callable):
        self.stack.append(make(self.top))

    def close(self):
        self.stack.pop()


def write_passage(
    parent,
    text: str,
    milestones: Iterable[tuple[int, Callable]] = (),
    spans: Iterable[Span] = (),
):
    """Write `text` into `parent` with elements inserted at offsets (`milestones`: notes) and
    wrapped around spans (mentions), the source's *emphasis* as <hi rend="italic">.

    Spans that overlap an earlier one, or fall outside the text, are left out (the text is
    kept). Mentions are outermost; an emphasis that crosses a mention's edge is closed and
    reopened around it, so the tree is always well nested."""
    length = len(text)
    milestones = sorted(
        ((min(max(offset, 0), length), make) for offset, make in milestones),
        key=lambda item: item[0],
    )
    accepted: list[Span] = []
    for span in sorted(spans, key=lambda item: (item.start, -item.end)):
        if span.start < 0 or span.end > length or span.start >= span.end:
            continue
        if any(span.start < other.end and other.start < span.end for other in accepted):
            continue
        accepted.append(span)
    ems = [(match.start(), match.end() - 1) for match in EMPHASIS.finditer(text)]
    hidden = {index for pair in ems for index in pair}  # the asterisks themselves

    cuts = {0, length}
    cuts.update(offset for offset, _ in milestones)
    for span in accepted:
        cuts.update((span.start, span.end))
    for opening, closing in ems:
        cuts.update((opening, opening + 1, closing, closing + 1))
    cuts = sorted(cuts)

    def italic(element):
        return sub(element, "hi", rend="italic")

    def wanted(position: int) -> list[tuple[int, Callable]]:
        stack = [
            (index, span.make)
            for index, span in enumerate(accepted)
            if span.start <= position < span.end
        ]
        if any(opening < position < closing for opening, closing in ems):
            stack.append((-1, italic))
        return stack

    writer = Writer(parent)
    open_keys: list[int] = []
    next_milestone = 0
    for index, cut in enumerate(cuts):
        target = wanted(cut) if cut < length else []
        keep = 0
        while keep < min(len(open_keys), len(target)) and open_keys[keep] == target[keep][0]:
            keep += 1
        while len(open_keys) > keep:
            open_keys.pop()
            writer.close()
        while next_milestone < len(milestones) and milestones[next_milestone][0] <= cut:
            milestones[next_milestone][1](writer.top)  # text after it goes in its tail
            next_milestone += 1
        for key, make in target[keep:]:
            writer.open(make)
            open_keys.append(key)
        if index + 1 < len(cuts):
            segment = text[cut : cuts[index + 1]]
            if not (len(segment) == 1 and cut in hidden):
                writer.text(segment)
    return parent


def mention_span(mention: Mention) -> Span:
    if mention.actor_id:
        actor = mention.actor
        name = "persName" if actor.kind == Actor.Kind.PERSON else "orgName"
        ref = f"#{actor_id(actor)}"
        return Span(mention.start, mention.end, lambda parent: sub(parent, name, ref=ref))
    ref = f"#{event_id(mention.event)}"
    return Span(mention.start, mention.end, lambda parent: sub(parent, "rs", type="event", ref=ref))
