"""Find the actors and events a passage names: an alias matcher and the editors' fixes.

Plain functions over strings, no database and no Django, so the rules can be tested on small
strings and reused from the admin or the command line.

The matcher's rules:

- **Exact and case-sensitive.** An alias matches the text character for character ("US" is the
  United States, "us" is not; "Pak Hon-Yong" and "Pak Hon-yong" are two aliases). Aliases in any
  script work alike (Cyrillic, Hungarian accents, typographic apostrophes).
- **Whole words.** Where an alias begins (or ends) with a letter or digit, the character before
  (after) it in the text must not be one: "Kim" does not match inside "Kimber", but "US" matches
  in "US-China" and "Stalin" in "Stalin's". An alias that begins with punctuation ("[Joseph]
  Stalin") is bounded by that punctuation itself.
- **Longest match first, no overlaps.** All occurrences of all aliases are collected; the longest
  wins, then the earliest, and a shorter match that overlaps one already taken is dropped. So
  "Moscow Conference" is one match (the event), not "Moscow" (the Soviet Union) plus nothing.
- **Blocked phrases.** An alias whose target is None takes part in that contest and is then
  dropped: it protects a phrase from being tagged at all ("Washington, DC" as a place of
  publication keeps "Washington" from being read as the US government).

Editorial fixes (see `Fix`) then add or exclude single occurrences where an alias cannot decide:
"the Soviet leader" is Stalin only where the text makes that certain, "Moscow" is the Soviet
government only where it stands for it. A fix that no longer matches its text raises
`FixMismatch`, so curation cannot drift silently when a text or the matcher changes.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

__all__ = [
    "AliasMatcher",
    "AmbiguousAlias",
    "Fix",
    "FixMismatch",
    "Span",
    "apply_fixes",
    "is_whole",
    "is_word_char",
    "locate",
    "select_longest",
    "whole_places",
]


def is_word_char(char: str) -> bool:
    """A letter or digit in any script, or the underscore (what a regex's \\w matches)."""
    return char.isalnum() or char == "_"


def is_whole(text: str, start: int, end: int) -> bool:
    """True when text[start:end] is not glued to a letter or digit on a side where it has one."""
    if is_word_char(text[start]) and start > 0 and is_word_char(text[start - 1]):
        return False
    if is_word_char(text[end - 1]) and end < len(text) and is_word_char(text[end]):
        return False
    return True


@dataclass(frozen=True, order=True)
class Span:
    """text[start:end] == surface names `target` (None for a blocked phrase)."""

    start: int
    end: int
    surface: str
    target: Hashable | None = None

    def __len__(self) -> int:
        return self.end - self.start

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


class AmbiguousAlias(ValueError):
    """The same alias was given two different targets."""


class FixMismatch(ValueError):
    """An editorial fix does not match its text any more."""


def select_longest(spans: Iterable[Span]) -> list[Span]:
    """Keep the longest spans (then the earliest) such that no two overlap; in reading order."""
    taken: list[Span] = []
    covered: set[int] = set()
    for span in sorted(spans, key=lambda s: (-len(s), s.start, s.end)):
        if covered.isdisjoint(range(span.start, span.end)):
            taken.append(span)
            covered.update(range(span.start, span.end))
    return sorted(taken, key=lambda s: (s.start, s.end))


class AliasMatcher:
    """Find every alias of a table in a text: whole words, longest match first, no overlaps.

    `aliases` is an iterable of (alias, target) pairs; a target of None blocks the phrase.
    Listing the same alias twice with the same target is harmless; with two different targets
    it raises AmbiguousAlias (an alias must decide on its own, or be left to the fixes).
    """

    def __init__(self, aliases: Iterable[tuple[str, Hashable | None]]):
        table: dict[str, Hashable | None] = {}
        for alias, target in aliases:
            if not alias or alias != alias.strip():
                raise ValueError(f"alias {alias!r} is empty or has surrounding spaces")
            if alias in table and table[alias] != target:
                raise AmbiguousAlias(f"alias {alias!r} names both {table[alias]!r} and {target!r}")
            table[alias] = target
        self.table = table
        # Aliases grouped by their first character, longest first: finding the candidate
        # positions is then one regex scan, and each position tries only a few aliases.
        self._by_first: dict[str, list[str]] = {}
        for alias in sorted(table, key=len, reverse=True):
            self._by_first.setdefault(alias[0], []).append(alias)
        self._starts = (
            re.compile("[" + "".join(re.escape(char) for char in self._by_first) + "]")
            if table
            else None
        )

    def candidates(self, text: str) -> list[Span]:
        """Every whole-word occurrence of every alias, overlapping ones included."""
        found = []
        if self._starts is None:
            return found
        for hit in self._starts.finditer(text):
            start = hit.start()
            for alias in self._by_first[text[start]]:
                end = start + len(alias)
                if text.startswith(alias, start) and is_whole(text, start, end):
                    found.append(Span(start, end, alias, self.table[alias]))
        return found

    def find(self, text: str) -> list[Span]:
        """The mentions in `text`, in reading order (blocked phrases left out)."""
        return [span for span in select_longest(self.candidates(text)) if span.target is not None]


def whole_places(text: str, quote: str) -> list[int]:
    """Where `quote` stands in `text` as a whole phrase (see `is_whole`), in reading order.

    The one rule for finding a phrase by its words, used by the editors' fixes and by the
    admin's mention form: "Kim" is not found inside "Kimber", so an editor is neither offered
    half a word nor asked to choose between places that are not really the phrase.
    """
    if not quote:
        return []
    places = []
    start = text.find(quote)
    while start != -1:
        if is_whole(text, start, start + len(quote)):
            places.append(start)
        start = text.find(quote, start + 1)
    return places


def locate(text: str, quote: str, occurrence: int = 1) -> tuple[int, int]:
    """Where the `occurrence`-th whole-word `quote` stands in `text` (counting from 1)."""
    if not quote or occurrence < 1:
        raise FixMismatch(f"bad quote {quote!r} or occurrence {occurrence}")
    places = whole_places(text, quote)
    if len(places) < occurrence:
        raise FixMismatch(
            f"{quote!r} occurs {len(places)} time(s) as a whole phrase, "
            f"not the {occurrence}th asked for"
        )
    start = places[occurrence - 1]
    return start, start + len(quote)


@dataclass(frozen=True)
class Fix:
    """One editorial decision about one occurrence of a phrase in one passage.

    The occurrence counts whole-phrase matches from 1. With `within`, the `occurrence`-th
    `within` is found first and `quote` is the first place inside it: {"exclude": "China",
    "within": "Northeast China"} reads better, and breaks less easily, than "the third China".

    action "add": tag the `occurrence`-th `quote` as `target`. Any automatic match overlapping
    it gives way (the editors' span wins), but adding exactly what the matcher already found is
    refused as redundant.
    action "exclude": drop the automatic match that is exactly the `occurrence`-th `quote`; it is
    an error if the matcher did not find it there.
    """

    action: str
    quote: str
    occurrence: int = 1
    target: Hashable | None = None
    reason: str = ""
    within: str = ""

    def __post_init__(self):
        if self.action not in ("add", "exclude"):
            raise ValueError(f"unknown fix action {self.action!r}")
        if self.action == "add" and self.target is None:
            raise ValueError(f"fix adding {self.quote!r} names no target")
        if not self.reason.strip():
            raise ValueError(f"fix on {self.quote!r} gives no reason")
        if self.within and self.quote not in self.within:
            raise ValueError(f"{self.quote!r} is not part of {self.within!r}")

    def locate(self, text: str) -> tuple[int, int]:
        """Where this fix applies in `text`; FixMismatch if it no longer can."""
        if not self.within:
            return locate(text, self.quote, self.occurrence)
        outer, _ = locate(text, self.within, self.occurrence)
        inner = self.within.find(self.quote)
        while inner != -1 and not is_whole(text, outer + inner, outer + inner + len(self.quote)):
            inner = self.within.find(self.quote, inner + 1)
        if inner == -1:
            raise FixMismatch(f"{self.quote!r} is not a whole phrase within {self.within!r}")
        return outer + inner, outer + inner + len(self.quote)

    def describe(self) -> str:
        where = f" within {self.within!r}" if self.within else ""
        return f"{self.quote!r}{where} (occurrence {self.occurrence})"


def apply_fixes(text: str, spans: Sequence[Span], fixes: Iterable[Fix]) -> list[Span]:
    """The automatic `spans` of `text` corrected by `fixes`, in reading order, never overlapping."""
    kept = list(spans)
    additions: list[Span] = []
    for fix in fixes:
        start, end = fix.locate(text)
        if fix.action == "exclude":
            matching = [s for s in kept if (s.start, s.end) == (start, end)]
            if not matching:
                raise FixMismatch(
                    f"nothing to exclude: the matcher does not tag {fix.describe()} at {start}–{end}"
                )
            kept.remove(matching[0])
            continue
        added = Span(start, end, text[start:end], fix.target)
        if added in kept:
            raise FixMismatch(
                f"redundant fix: the matcher already tags {fix.describe()} as {fix.target!r}"
            )
        for other in additions:
            if other.overlaps(added):
                raise FixMismatch(f"fixes overlap: {other.surface!r} and {added.surface!r}")
        additions.append(added)
    kept = [span for span in kept if not any(span.overlaps(added) for added in additions)]
    return sorted(kept + additions, key=lambda s: (s.start, s.end))
