"""Dates known to the year, the month or the day, and spans of them: read, shown, written.

One place for what the reader, the register, the timeline, the TEI and the CSL exports all
say about a partial date. A date is read from an EDTF level-0 string ("1945", "1945-12",
"1945-12-16", "1945-12-16/1945-12-26") or from an event's day and precision, and shown as
precisely as it is known ("December 1945", "16–26 December 1945"). Plain functions, no
Django, no database.

Why not the `edtf` library: what we store is level 0 only (a year, a month, a day, or two of
them), which a regular expression and `datetime.date` read and validate in a few lines; what
we need beyond reading (the display sharing what two ends share, TEI @when/@from/@to, CSL
date-parts) `edtf` does not offer, and its level 1–2 grammar (seasons, uncertainty) would
accept values that nothing downstream could show.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

YEAR, MONTH, DAY = "year", "month", "day"
MONTHS = (
    "January February March April May June July August September October November December".split()
)
_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


@dataclass(frozen=True)
class PartialDate:
    """A day, a month or a year: 1945-12-16, 1945-12, 1945."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self):
        if self.day is not None and self.month is None:
            raise ValueError("a day needs its month")
        # the whole date must exist (no 1945-13, no 1945-02-30)
        datetime.date(self.year, self.month or 1, self.day or 1)

    @classmethod
    def parse(cls, value: str) -> PartialDate | None:
        """'1945-12' → PartialDate(1945, 12); None for anything that is not such a date."""
        match = _ISO.fullmatch(value.strip())
        if match is None:
            return None
        year, month, day = (int(part) if part else None for part in match.groups())
        try:
            return cls(year, month, day)
        except ValueError:
            return None

    @classmethod
    def at(cls, value: datetime.date, precision: str) -> PartialDate:
        """A stored day cut to the precision it is known to (an event's date and precision)."""
        if precision == YEAR:
            return cls(value.year)
        if precision == MONTH:
            return cls(value.year, value.month)
        return cls(value.year, value.month, value.day)

    @property
    def precision(self) -> str:
        return DAY if self.day else MONTH if self.month else YEAR

    @property
    def iso(self) -> str:
        """'1945', '1945-12', '1945-12-16' (ISO 8601, for <time datetime> and TEI @when)."""
        parts = [f"{self.year:04d}"] + [f"{p:02d}" for p in (self.month, self.day) if p]
        return "-".join(parts)

    @property
    def parts(self) -> list[int]:
        """CSL date-parts: [1945], [1945, 12], [1945, 12, 16]."""
        return [p for p in (self.year, self.month, self.day) if p]

    @property
    def month_name(self) -> str:
        return MONTHS[self.month - 1] if self.month else ""

    def display(self) -> str:
        """'1945', 'December 1945', '16 December 1945'."""
        return " ".join(str(p) for p in (self.day, self.month_name, self.year) if p)


@dataclass(frozen=True)
class DateSpan:
    """A date, or a span from `start` to `end`, each as precise as it is known."""

    start: PartialDate
    end: PartialDate | None = None

    @classmethod
    def parse(cls, value: str) -> DateSpan | None:
        """'1945', '1945-12-16/1945-12-26' → a DateSpan; None when the value is not EDTF level
        0 (a printed date like 'Winter 1988/1989', an empty string)."""
        first, slash, last = (value or "").partition("/")
        start = PartialDate.parse(first)
        end = PartialDate.parse(last) if slash else None
        if start is None or (slash and end is None):
            return None
        return cls(start, end)

    @classmethod
    def of_event(
        cls, date: datetime.date, precision: str, end_date: datetime.date | None = None
    ) -> DateSpan:
        """An event's first day, precision and (for a span) last day."""
        end = None
        if end_date is not None and end_date != date:
            end = PartialDate.at(end_date, precision)
        return cls(PartialDate.at(date, precision), end)

    @property
    def iso(self) -> str:
        """EDTF: '1945-12' or '1945-12-16/1945-12-26'."""
        return self.start.iso if self.end is None else f"{self.start.iso}/{self.end.iso}"

    def display(self) -> str:
        """Shared parts said once: '16–26 December 1945', '11 September – 2 October 1945',
        'July 1951 – July 1953'; two bare years as EDTF writes them, '1988/1989'."""
        start, end = self.start, self.end
        first = start.display()
        if end is None or end.display() == first:
            return first
        if start.precision == end.precision == YEAR:
            return f"{start.year}/{end.year}"
        if start.day and end.day and start.year == end.year:
            if start.month == end.month:
                return f"{start.day}–{end.display()}"
            return f"{start.day} {start.month_name} – {end.display()}"
        return f"{first} – {end.display()}"

    def tei_attributes(self) -> dict[str, str]:
        """{'when': '1945-12'} or {'from': …, 'to': …} for a TEI <date> or <event>."""
        if self.end is None:
            return {"when": self.start.iso}
        return {"from": self.start.iso, "to": self.end.iso}

    def csl(self) -> dict:
        """CSL-JSON: {'date-parts': [[1945, 12]]}, two date-parts for a span."""
        ends = [self.start] if self.end is None else [self.start, self.end]
        return {"date-parts": [end.parts for end in ends]}


def display(value: str) -> str:
    """An EDTF string shown as precisely as it is known; anything else shown as it is."""
    span = DateSpan.parse(value) if value else None
    return span.display() if span else (value or "")


def csl_date(value: str) -> dict | None:
    """'1985' → {'date-parts': [[1985]]}; '1988/1989' → a range; a printed date that is not
    EDTF → {'literal': …}; nothing → None."""
    if not value:
        return None
    span = DateSpan.parse(value)
    return span.csl() if span else {"literal": value}
