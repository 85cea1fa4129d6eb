"""Names of people and bodies as the notes print them, read as CSL names."""

from __future__ import annotations

import re

# A personal name as printed: up to four capitalised words ("Jacob Malik", "T. F. Shtykov").
NAME = r"[A-Z][\w.'\-]*(?: [A-Z][\w.'\-]*){0,3}"

_INSTITUTION_WORDS = re.compile(
    r"\b(Department|Ministry|Council|Committee|University|Project|Center|Centre|Office|"
    r"Academy|Akademiia|Institute|Army|Government|State)\b"
)
# Family names that come first in East Asian name order ("Wada Haruki", "Kim Young Jun").
_FAMILY_FIRST = {"Kim", "Lee", "Pak", "Park", "Paik", "Choi", "Wada", "Shen", "Zhou", "Mao"}


def split_names(text: str) -> list[str]:
    """'Robert Scalapino and Chong-sik Lee' / 'A, B, eds.': one string per name."""
    text = re.sub(r",?\s+eds?\.?$", "", text.strip())
    parts = re.split(r",\s*|\s+and\s+", text)
    return [p.strip() for p in parts if p.strip()]


def csl_name(text: str) -> dict:
    """A CSL name: family and given (in either order), or a body's name as a literal."""
    text = text.strip(" .,")
    if _INSTITUTION_WORDS.search(text) or " of " in text:
        return {"literal": text}
    words = text.split()
    if len(words) == 1:
        return {"family": words[0]}
    if words[0] in _FAMILY_FIRST and words[-1] not in _FAMILY_FIRST:
        return {"family": words[0], "given": " ".join(words[1:])}
    return {"family": words[-1], "given": " ".join(words[:-1])}
