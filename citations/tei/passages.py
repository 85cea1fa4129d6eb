"""Passages as properly nested TEI: text with note anchors, mentions and emphasis."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from citations.tei.elements import actor_id, clean, event_id, sub
from documents import markup
from documents.markup import Span
from documents.models import (
    Actor,
    Mention,
)

# ---------------------------------------------------------------------------------------------
# Passages: the events of documents.markup (how anchors, mentions and emphasis nest) as XML


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


def italic(parent):
    return sub(parent, "hi", rend="italic")


def write_passage(
    parent,
    text: str,
    milestones: Iterable[tuple[int, Callable]] = (),
    spans: Iterable[Span] = (),
):
    """Write `text` into `parent` with elements inserted at offsets (`milestones`: notes) and
    wrapped around spans (mentions; a Span's payload makes its element: parent → element),
    the source's *emphasis* as <hi rend="italic">. How they nest (spans outermost, overlaps
    and out-of-range spans left out, emphasis closed and reopened around a span's edge) is
    documents.markup's one rule for every format."""
    writer = Writer(parent)
    marks = [markup.Milestone(offset, make) for offset, make in milestones]
    for kind, value in markup.events(text, marks, spans):
        if kind == markup.TEXT:
            writer.text(value)
        elif kind == markup.MILESTONE:
            value(writer.top)  # text after it goes in its tail
        elif kind == markup.OPEN:
            writer.open(italic if value is markup.EMPHASIS else value)
        else:
            writer.close()
    return parent


def mention_span(mention: Mention) -> Span:
    if mention.actor_id:
        actor = mention.actor
        name = "persName" if actor.kind == Actor.Kind.PERSON else "orgName"
        ref = f"#{actor_id(actor)}"
        return Span(mention.start, mention.end, lambda parent: sub(parent, name, ref=ref))
    ref = f"#{event_id(mention.event)}"
    return Span(mention.start, mention.end, lambda parent: sub(parent, "rs", type="event", ref=ref))
