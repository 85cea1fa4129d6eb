"""A three-way merge of words: two editors' texts made from one base, combined (pure, no Django).

Both changes are found as word diffs against the base (difflib, over the tokens the history's
word diffs use). Changes to different words are both applied. Where the two change the same
words differently, the merge keeps the editor's own words and marks the place with the other's,
``⟦yours: … ‖ theirs: …⟧``, so that nothing of either is lost and the editor decides there;
a text still holding such a mark is refused on save (documents.curation.locking).
"""

import difflib
from dataclasses import dataclass

from documents.curation.history import word_tokens

MARK_OPEN, MARK_SPLIT, MARK_CLOSE = "⟦yours: ", " ‖ theirs: ", "⟧"


@dataclass(frozen=True)
class Merge:
    text: str
    clean: bool  # no place where both changed the same words differently


@dataclass(frozen=True)
class _Hunk:
    start: int  # in the base's tokens
    end: int
    side: str  # "mine" or "theirs"
    tokens: tuple[str, ...]


def _hunks(base: list[str], other: list[str], side: str) -> list[_Hunk]:
    matcher = difflib.SequenceMatcher(None, base, other, autojunk=False)
    return [
        _Hunk(i1, i2, side, tuple(other[j1:j2]))
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]


def _touch(lo: int, hi: int, hunk: _Hunk) -> bool:
    """Does `hunk` overlap the base range [lo, hi), or insert at one of its ends?"""
    if max(lo, hunk.start) < min(hi, hunk.end):
        return True
    if max(lo, hunk.start) == min(hi, hunk.end):  # they meet at one point
        return lo == hi or hunk.start == hunk.end  # an insertion there: the order is unclear
    return False


def _apply(base: list[str], lo: int, hi: int, hunks: list[_Hunk]) -> str:
    out, at = [], lo
    for hunk in hunks:
        out.extend(base[at : hunk.start])
        out.extend(hunk.tokens)
        at = hunk.end
    out.extend(base[at:hi])
    return "".join(out)


def _marked(yours: str, others: str) -> str:
    """The place both changed, marked; spaces both versions share stay outside the mark."""
    lead = len(yours) - len(yours.lstrip())
    lead = min(lead, len(others) - len(others.lstrip()))
    if yours[:lead] != others[:lead]:
        lead = 0
    yours, others, before = yours[lead:], others[lead:], yours[:lead]
    trail = min(len(yours) - len(yours.rstrip()), len(others) - len(others.rstrip()))
    after = yours[len(yours) - trail :] if trail else ""
    if trail and others[len(others) - trail :] != after:
        trail, after = 0, ""
    if trail:
        yours, others = yours[:-trail], others[:-trail]
    return f"{before}{MARK_OPEN}{yours}{MARK_SPLIT}{others}{MARK_CLOSE}{after}"


def merge_texts(base: str, theirs: str, mine: str) -> Merge:
    """`base` changed into `theirs` by one editor and into `mine` by another: both changes."""
    base_tokens = word_tokens(base)
    hunks = sorted(
        _hunks(base_tokens, word_tokens(theirs), "theirs")
        + _hunks(base_tokens, word_tokens(mine), "mine"),
        key=lambda hunk: (hunk.start, hunk.end),
    )
    groups: list[list[_Hunk]] = []
    for hunk in hunks:
        if groups:
            group = groups[-1]
            lo, hi = group[0].start, max(h.end for h in group)
            if _touch(lo, hi, hunk):
                group.append(hunk)
                continue
        groups.append([hunk])

    out, at, clean = [], 0, True
    for group in groups:
        lo, hi = group[0].start, max(h.end for h in group)
        out.append("".join(base_tokens[at:lo]))
        sides = {hunk.side for hunk in group}
        if len(sides) == 1:
            out.append(_apply(base_tokens, lo, hi, group))
        else:
            yours = _apply(base_tokens, lo, hi, [h for h in group if h.side == "mine"])
            others = _apply(base_tokens, lo, hi, [h for h in group if h.side == "theirs"])
            if yours == others:  # the same change made twice
                out.append(yours)
            else:
                clean = False
                out.append(_marked(yours, others))
        at = hi
    out.append("".join(base_tokens[at:]))
    return Merge("".join(out), clean)


def has_marks(text: str) -> bool:
    return MARK_OPEN.strip() in (text or "") or MARK_SPLIT.strip() in (text or "")
