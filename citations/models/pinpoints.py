"""Pinpoints: what a cited range counts (pages, leaves) and every name its unit goes by."""

from dataclasses import dataclass

from django.db import models


class Unit(models.TextChoices):
    """What a pinpoint counts: printed pages, archival leaves (listy) or archival pages (str.)."""

    PAGE = "page", "page (p.)"
    LEAF = "leaf", "leaf (list / listy)"
    ARCHIVAL_PAGE = "archival-page", "archival page (str.)"


@dataclass(frozen=True)
class UnitWords:
    """Every name a pinpoint unit goes by, in one place."""

    abbreviated: tuple[str, str]  # (singular, plural) in a reference's fields: "l. 55", "ll. 18–21"
    spelled: tuple[str, str]  # as the archives name them in a reference line: "listy 18–21"
    csl: str  # the CSL locator label
    tei: str  # TEI <citedRange unit>


UNIT_WORDS = {
    Unit.PAGE: UnitWords(("p.", "pp."), ("p.", "pp."), csl="page", tei="page"),
    Unit.LEAF: UnitWords(("l.", "ll."), ("list", "listy"), csl="folio", tei="leaf"),
    Unit.ARCHIVAL_PAGE: UnitWords(("str.", "str."), ("str.", "str."), csl="page", tei="page"),
}
NO_UNIT = UnitWords(("", ""), ("", ""), csl="page", tei="")  # a pinpoint whose unit is unknown


def unit_words(unit: str) -> UnitWords:
    return UNIT_WORDS.get(unit, NO_UNIT)


def format_pinpoint(value: str, unit: str, *, spelled: bool = False) -> str:
    """'75–98' + page → 'pp. 75–98'; '55' + leaf → 'l. 55' ('list 55' spelled out)."""
    if not value:
        return ""
    words = unit_words(unit)
    singular, plural = words.spelled if spelled else words.abbreviated
    label = plural if any(mark in value for mark in "–-,") else singular
    return f"{label} {value}".strip()
