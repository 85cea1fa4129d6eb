"""The archives the notes cite, and recognising one in a note, however it is printed.

Every spelling the notes use, in either script (``AVPRF``, the misprint ``AVIPRF``, ``АВПРФ``,
the full name in English or Russian), is normalised to one archive; a printed name that is not
the archive's own (“Foreign Relations” for “Foreign Policy”) is recognised by its abbreviation,
kept as printed and reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass
class ArchiveName:
    slug: str
    abbreviation: str
    abbreviation_original: str
    name: str
    name_original: str
    place: str = ""


ARCHIVES = {
    "avprf": ArchiveName(
        "avprf",
        "AVPRF",
        "АВПРФ",
        "Archive of the Foreign Policy of the Russian Federation",
        "Архив внешней политики Российской Федерации",
    ),
    "rgaspi": ArchiveName(
        "rgaspi",
        "RGASPI",
        "РГАСПИ",
        "Russian State Archive of Socio-Political History",
        "Российский государственный архив социально-политической истории",
    ),
    "tsamo": ArchiveName(
        "tsamo",
        "TsAMO",
        "ЦАМО",
        "Central Archive of the Ministry of Defense",
        "Центральный архив Министерства обороны",
    ),
    "lc": ArchiveName(
        "lc",
        "LC",
        "",
        "Library of Congress Manuscript Division",
        "",
        "Washington, DC",
    ),
}

# Every spelling the notes use for an archive, in any script, with its archive. An
# abbreviation settles the archive; a full name alone is enough only when it is an exact one.
_ARCHIVE_SPELLINGS = {
    "AVPRF": "avprf",
    "AVIPRF": "avprf",
    "АВПРФ": "avprf",
    "RGASPI": "rgaspi",
    "РГАСПИ": "rgaspi",
    "TsAMO": "tsamo",
    "ЦАМО": "tsamo",
}
_ARCHIVE_NAMES = {
    "Archive of the Foreign Policy of the Russian Federation": "avprf",
    "Архив внешней политики Российской Федерации": "avprf",
    "Russian State Archive of Socio-Political History": "rgaspi",
    "Российский государственный архив социально-политической истории": "rgaspi",
    "Central Archive of the Ministry of Defense": "tsamo",
    "Центральный архив Министерства обороны": "tsamo",
    "Library of Congress Manuscript Division": "lc",
}
# Names printed for a known archive that are not its name ("Foreign Relations" for "Foreign
# Policy"): recognised by their abbreviation, kept as printed, and reported.
_ARCHIVE_NAME_RE = re.compile(
    r"(?:Archive of the Foreign (?:Policy|Relations) of the Russian Federation"
    r"|Russian State Archive of Socio-Political History|Central Archive of the Ministry of Defense"
    r"|Library of Congress Manuscript Division)"
    r"(?:,?\s+[А-ЯЁа-яё][А-ЯЁа-яё\- ]+[а-яё])?"  # the same name in Cyrillic
    r"(?:,?\s*\([^()]*\))?"  # (AVPRF АВПРФ)
)
_ABBREVIATION_RE = re.compile(r"(?<![\w-])(" + "|".join(_ARCHIVE_SPELLINGS) + r")(?![\w-])")


def has_archive(text: str) -> bool:
    return bool(_ABBREVIATION_RE.search(text) or _ARCHIVE_NAME_RE.search(text))


def starts_with_archive(text: str) -> bool:
    """An archive named at the head of a reference (not in passing, in running prose)."""
    return bool(_ABBREVIATION_RE.match(text) or _ARCHIVE_NAME_RE.match(text))


def archive_of(text: str) -> tuple[str | None, str, bool]:
    """(archive slug, the printed designation, whether the printed name is the archive's own)."""
    named = _ARCHIVE_NAME_RE.search(text)
    abbreviation = _ABBREVIATION_RE.search(text)
    printed = named[0] if named else (abbreviation[0] if abbreviation else "")
    slug = _ARCHIVE_SPELLINGS.get(abbreviation[1]) if abbreviation else None
    exact = True
    if named:
        known = next((s for name, s in _ARCHIVE_NAMES.items() if named[0].startswith(name)), None)
        if slug is None:
            slug = known
        exact = known == slug
    return slug, printed.rstrip(" ,"), exact


def split_archives(segment: str) -> list[tuple[str, str]]:
    """A document found in two files ('…, Listy 42–43, and Archive of …, Fond …'):
    (header, address) for each."""
    starts = [m.start() for m in _ARCHIVE_NAME_RE.finditer(segment)]
    if not starts:
        match = _ABBREVIATION_RE.search(segment)
        starts = [match.start()] if match else [0]
    header = segment[: starts[0]].strip()
    parts = []
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(segment)
        part = segment[start:end].strip()
        part = re.sub(r",?\s+and$", "", part)
        parts.append((header, part))
    return parts
