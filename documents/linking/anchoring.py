"""Keep note anchors and mention spans right when an editor changes a passage's text.

Anchors are character offsets into a paragraph (or note) text. When the text changes, the old
and new texts are compared (difflib) and every offset is carried over to where the same words
stand now. What cannot be carried over with certainty is never moved silently: a mention whose
words were themselves edited keeps its old span (check_texts then lists it as not matching), a
note marker whose preceding words were deleted is placed where they stood; both are reported so
the editor can check them.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from django.db import models, transaction


@dataclass(frozen=True)
class Mapped:
    offset: int
    certain: bool


class OffsetMap:
    """Map character offsets of `old` to offsets of `new`."""

    def __init__(self, old: str, new: str):
        self.old, self.new = old, new
        matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
        self.opcodes = matcher.get_opcodes()

    def after(self, offset: int) -> Mapped:
        """A point that follows the text before it (a note marker stands after its word)."""
        if offset <= 0:
            return Mapped(0, True)
        for tag, i1, i2, j1, _j2 in self.opcodes:
            if tag == "equal" and i1 < offset <= i2:
                return Mapped(j1 + offset - i1, True)
        for tag, i1, i2, _j1, j2 in self.opcodes:
            if i1 < offset <= i2:
                # The words just before the point were changed. After a rewrite the point still
                # follows the rewritten words; after a deletion (or inside a change) it is a guess.
                return Mapped(j2, tag == "replace" and offset == i2)
        return Mapped(len(self.new), False)

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        """The new place of old[start:end] if its words are unchanged, else None."""
        new_start = new_end = None
        for tag, i1, i2, j1, _j2 in self.opcodes:
            if tag != "equal":
                continue
            if i1 <= start < i2:
                new_start = j1 + start - i1
            if i1 < end <= i2:
                new_end = j1 + end - i1
        if new_start is None or new_end is None or new_end <= new_start:
            return None
        if self.new[new_start:new_end] != self.old[start:end]:
            return None
        return new_start, new_end


def _excerpt(text: str, offset: int, width: int = 30) -> str:
    before = text[max(0, offset - width) : offset]
    return ("…" if offset > width else "") + before


class AnchoredText(models.Model):
    """Abstract mixin for Paragraph and Footnote: realign anchors when `text` changes on save.

    After a save, `anchor_problems` lists (as sentences) what the editor should check.
    """

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.anchor_problems = []
        previous = None
        if not self._state.adding and self.pk is not None:
            previous = (
                type(self)._base_manager.filter(pk=self.pk).values_list("text", flat=True).first()
            )
        if previous is None or previous == self.text:
            return super().save(*args, **kwargs)
        with transaction.atomic():
            super().save(*args, **kwargs)
            self.anchor_problems = self.realign(previous, self.text)

    def anchored_refs(self):
        """Note markers placed in this text (a paragraph's `note_refs`; a note has none)."""
        refs = getattr(self, "note_refs", None)
        return refs.select_related("footnote") if refs is not None else []

    def realign(self, old: str, new: str) -> list[str]:
        offsets = OffsetMap(old, new)
        problems = []
        for ref in self.anchored_refs():
            mapped = offsets.after(ref.offset)
            if not mapped.certain:
                problems.append(
                    f"{self}: the words before the marker of note {ref.footnote.number} were "
                    f"changed; the marker now follows “{_excerpt(new, mapped.offset)}”. "
                    "Check its place."
                )
            if mapped.offset != ref.offset:
                ref.offset = mapped.offset
                ref.save(update_fields=["offset"])
        for mention in self.mentions.select_related("actor", "event"):
            span = offsets.span(mention.start, mention.end)
            if span is None:
                problems.append(
                    f"{self}: the words of the mention “{mention.surface}” "
                    f"({mention.actor or mention.event}) were edited; its place was left as it "
                    "was. Fix or delete the mention."
                )
            elif span != (mention.start, mention.end):
                mention.start, mention.end = span
                mention.save(update_fields=["start", "end"])
        return problems
