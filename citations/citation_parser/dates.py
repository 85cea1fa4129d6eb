"""Dates as the notes print them (“10 December 1945”, “December 10, 1945”, “14–15 May 1947”,
“Winter 1988/1989”), read as ISO 8601 / EDTF, as precisely as they are given."""

from __future__ import annotations

import re

from documents import dates

MONTHS = {name: number for number, name in enumerate(dates.MONTHS, start=1)}
_MONTH = "(?:" + "|".join(MONTHS) + ")"
_DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}})(?:[–-](\d{{1,2}}))? ({_MONTH}),? (\d{{4}})\b")
_MONTH_DAY_YEAR = re.compile(rf"\b({_MONTH}) (\d{{1,2}}), (\d{{4}})\b")
_MONTH_YEAR = re.compile(rf"\b({_MONTH}) (\d{{4}})\b")
SEASON_YEAR = re.compile(r"\b(Winter|Spring|Summer|Fall|Autumn) (\d{4}(?:/\d{4})?)\b")


def find_date(text: str) -> tuple[str, str, str]:
    """(ISO/EDTF date, the printed date, text without it) for the first date in text."""
    for pattern in (_DAY_MONTH_YEAR, _MONTH_DAY_YEAR, _MONTH_YEAR):
        match = pattern.search(text)
        if not match:
            continue
        if pattern is _DAY_MONTH_YEAR:
            day, last_day, month, year = match.groups()
            iso = f"{year}-{MONTHS[month]:02d}-{int(day):02d}"
            if last_day:
                iso += f"/{year}-{MONTHS[month]:02d}-{int(last_day):02d}"
        elif pattern is _MONTH_DAY_YEAR:
            month, day, year = match.groups()
            iso = f"{year}-{MONTHS[month]:02d}-{int(day):02d}"
        else:
            month, year = match.groups()
            iso = f"{year}-{MONTHS[month]:02d}"
        rest = (text[: match.start()] + " " + text[match.end() :]).strip(" ,.")
        rest = re.sub(r"\s+,", ",", re.sub(r"\s{2,}", " ", rest))
        return iso, match[0], rest
    return "", "", text
