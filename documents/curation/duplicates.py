"""Likely duplicates of an actor: names that differ only by case, accents, punctuation, an
initial or a first name, or by a letter or two (“Shtykov”, “Shtikov”, “T. F. Shtykov”).

Pure functions over strings; the admin warns with the matches before a new actor is saved.
"""

import difflib
import re
import unicodedata

RATIO = 0.85  # difflib's similarity above which two folded names look like one


def fold(name: str) -> str:
    """Lower case, no accents, no punctuation, single spaces: “Pak Hŏn-yŏng” → “pak hon yong”."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(re.sub(r"[^\w\s]", " ", plain).split())


def _words(folded: str) -> set[str]:
    return {word for word in folded.split() if len(word) > 1}  # initials say little


def alike(a: str, b: str) -> bool:
    """True when names `a` and `b` plausibly name the same actor."""
    fa, fb = fold(a), fold(b)
    if not fa or not fb:
        return False
    if fa == fb:
        return True
    wa, wb = _words(fa), _words(fb)
    if wa and wb and (wa <= wb or wb <= wa):
        return True  # “Molotov” and “Vyacheslav M. Molotov”
    return difflib.SequenceMatcher(None, fa, fb).ratio() >= RATIO


def likely_matches(names, known) -> dict:
    """{known actor: the names of `names` it resembles}, from `known` = [(name, actor), …]."""
    found = {}
    for name in names:
        for other, actor in known:
            if alike(name, other):
                found.setdefault(actor, set()).add(name)
    return found
