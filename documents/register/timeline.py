"""The timeline picture: where events fall, as plain geometry.

Pure functions over dates (no database): the view passes the events, the template draws the
shapes as inline SVG, each event a link to its page. Two strips: the whole span to scale (laid
out for a wide screen and for a phone), and the years 1945–1953 that both texts discuss most
(division, occupation, the war and its armistice), drawn at one SVG unit per CSS pixel so that
its lettering and its targets keep their size: on a phone it scrolls sideways instead of
shrinking. A range of years (`years`) gives one strip over those years, drawn the same way.

Every linked dot has a round target of at least TARGET CSS pixels at the smallest size its
strip is drawn at, and no two targets overlap (WCAG 2.2, 2.5.8): dots that would be closer
move to another lane. On the overview the events of the detail years are drawn, not linked
(they would crowd each other); the band that marks those years links to the detail strip.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field

FIRST_YEAR = 1945
DETAIL_YEARS = (1945, 1953)  # inclusive
WIDE = 1000  # viewBox units; the picture scales to the page
NARROW = 420
FIXED = 940  # a strip drawn at one unit per CSS pixel (the detail strip, a range of years)
MARGIN = 30
LANE_GAP = 16  # vertical distance between lanes of dots that are drawn, not linked
DOT_GAP = 13  # two such dots closer than this on one lane overlap
DRAWN_LANES = 4  # at most this many lanes of dots that are drawn, not linked
TOP = 30  # room above the highest lane, for the strip's label
TARGET = 26  # CSS px: a linked dot's target (24 asked by WCAG 2.5.8, and a little room)
# The smallest CSS width a scaled strip is drawn at: the wide drawing from 40rem (640 px, less
# the page's margins), the phone one on a 320 px screen. Fixed strips are drawn 1:1.
SMALLEST_WIDTH = {WIDE: 608, NARROW: 288, FIXED: FIXED}
SHORT_RANGE = 12  # a range of up to this many years is drawn 1:1, scrolling on a phone


@dataclass
class Mark:
    slug: str
    title: str
    date_label: str
    x: float
    x_end: float | None  # for a span: where it ends
    lane: int = 0
    y: float = 0
    current: bool = False
    linked: bool = True


@dataclass
class Strip:
    label: str
    start: datetime.date
    end: datetime.date
    width: int = WIDE
    ticks: list[tuple[float, str]] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)
    band: tuple[float, float] | None = None  # the detail range, shown on the overview
    band_label: str = ""
    today_x: float | None = None
    axis_y: float = 0
    fixed: bool = False  # drawn at one unit per CSS pixel
    slug: str = ""  # the strip's id in the page

    @property
    def last_year(self) -> int:
        return self.end.year - 1

    @property
    def axis_start(self) -> int:
        return MARGIN

    @property
    def axis_end(self) -> int:
        return self.width - MARGIN

    @property
    def target_gap(self) -> float:
        """Distance in units between linked dots' centres: TARGET CSS px at the smallest size."""
        return math.ceil(TARGET * self.width / SMALLEST_WIDTH.get(self.width, self.width))

    @property
    def hit_radius(self) -> float:
        return self.target_gap / 2

    @property
    def band_width(self) -> float:
        return round(self.band[1] - self.band[0], 1) if self.band else 0

    @property
    def band_height(self) -> float:
        return self.axis_y - 4

    @property
    def tick_end(self) -> float:
        return self.axis_y + 6

    @property
    def tick_label_y(self) -> float:
        return self.axis_y + 24

    @property
    def today_line_end(self) -> float:
        return self.axis_y + 32

    @property
    def today_y(self) -> float:
        return self.axis_y + 44

    @property
    def height(self) -> float:
        return self.axis_y + (52 if self.today_x is not None else 34)

    def position(self, day: datetime.date) -> float:
        total = (self.end - self.start).days or 1
        fraction = min(max((day - self.start).days / total, 0.0), 1.0)
        return round(MARGIN + fraction * (self.width - 2 * MARGIN), 1)

    def place(
        self, events, current_slug: str, unlinked: tuple[datetime.date, datetime.date] | None = None
    ) -> None:
        """Put the events that fall in this strip on it, each on the first free lane. Events
        dated within `unlinked` are drawn but not linked (they are linked on another strip)."""
        self.marks = []
        for event in events:
            if not (event.date < self.end and (event.end_date or event.date) >= self.start):
                continue  # neither it nor its span falls in this strip
            x_end = None
            if event.end_date and event.end_date > event.date:
                x_end = self.position(min(event.end_date, self.end))
            self.marks.append(
                Mark(
                    slug=event.slug,
                    title=event.title,
                    date_label=event.display_date,
                    x=self.position(max(event.date, self.start)),
                    x_end=x_end,
                    current=event.slug == current_slug,
                    linked=not (unlinked and unlinked[0] <= event.date < unlinked[1]),
                )
            )
        gap = self.target_gap
        offsets = []
        for linked, dot_gap, lane_gap, base in (
            (True, gap, gap, max(16, self.hit_radius + 4)),
            (False, DOT_GAP, LANE_GAP, 16),
        ):
            lane_ends: list[float] = []
            for mark in sorted(self.marks, key=lambda item: item.x):
                if mark.linked != linked:
                    continue
                right = mark.x_end if mark.x_end is not None else mark.x
                for lane, last in enumerate(lane_ends):
                    if mark.x - last >= dot_gap:
                        mark.lane = lane
                        lane_ends[lane] = right
                        break
                else:
                    if not linked and len(lane_ends) == DRAWN_LANES:
                        # a sketch of how crowded those years are: dots may touch
                        mark.lane = min(range(DRAWN_LANES), key=lane_ends.__getitem__)
                        lane_ends[mark.lane] = max(right, lane_ends[mark.lane])
                    else:
                        mark.lane = len(lane_ends)
                        lane_ends.append(right)
                mark.y = base + mark.lane * lane_gap  # distance above the axis, for now
                offsets.append(mark.y)
        self.axis_y = TOP + 8 + max(offsets, default=16)
        for mark in self.marks:
            mark.y = self.axis_y - mark.y


def tick_step(years: int, most: int) -> int:
    """The smallest round step that gives at most `most` year labels."""
    return next((step for step in (1, 2, 5, 10, 20, 50, 100) if years / step <= most), 100)


def year_ticks(strip: Strip, first_year: int, last_year: int, most: int):
    every = tick_step(last_year - first_year + 1, most)
    return [
        (strip.position(datetime.date(year, 1, 1)), str(year))
        for year in range(first_year, last_year + 1)
        if year == first_year or (year % every == 0 and year - first_year >= every / 2)
    ]


def build_strips(
    events,
    today: datetime.date | None = None,
    current_slug: str = "",
    width: int = WIDE,
    years: tuple[int, int] | None = None,
) -> list[Strip]:
    """The overview strip (first year to today, or the range of `years`) and, when it
    squeezes several events together, the detail strip. `events` are objects with slug,
    title, date, end_date and display_date (Event rows)."""
    today = today or datetime.date.today()
    events = list(events)
    if years:
        first_year, last_year = years
    else:
        first_year = min([FIRST_YEAR] + [event.date.year for event in events])
        last_year = max([today.year] + [event.date.year for event in events])
    short = years is not None and last_year - first_year < SHORT_RANGE
    if short:
        width = FIXED
    narrow = width == NARROW
    to_today = not years and last_year == today.year
    overview = Strip(
        label=f"{first_year} to today" if to_today else f"{first_year}–{last_year}",
        start=datetime.date(first_year, 1, 1),
        end=datetime.date(last_year + 1, 1, 1),
        width=width,
        fixed=short,
        slug="tl-range" if short else "tl-overview",
    )
    overview.ticks = year_ticks(overview, first_year, last_year, 5 if narrow else 10)
    if overview.start <= today < overview.end:
        overview.today_x = overview.position(today)

    detail = Strip(
        label=f"{DETAIL_YEARS[0]}–{DETAIL_YEARS[1]} in detail",
        start=datetime.date(DETAIL_YEARS[0], 1, 1),
        end=datetime.date(DETAIL_YEARS[1] + 1, 1, 1),
        width=FIXED,
        fixed=True,
        slug="tl-detail",
    )
    detail.place(events, current_slug)
    span = DETAIL_YEARS[1] - DETAIL_YEARS[0]
    wanted = (
        not short
        and first_year <= DETAIL_YEARS[0]
        and DETAIL_YEARS[1] <= last_year
        and len(detail.marks) >= 2
        and last_year - first_year > 2 * span
    )
    if not wanted:
        overview.place(events, current_slug)
        return [overview]
    overview.place(events, current_slug, unlinked=(detail.start, detail.end))
    overview.band = (overview.position(detail.start), overview.position(detail.end))
    overview.band_label = (
        f"{DETAIL_YEARS[0]}–{DETAIL_YEARS[1]}: {len(detail.marks)} events, drawn in detail below"
    )
    detail.ticks = year_ticks(detail, DETAIL_YEARS[0], DETAIL_YEARS[1], 10)
    return [overview, detail]


def build_timeline(
    events,
    today: datetime.date | None = None,
    current_slug: str = "",
    years: tuple[int, int] | None = None,
) -> dict:
    """The strips to draw: {"wide": [...], "narrow": [...], "fixed": [...]}. The wide and the
    narrow drawings scale to the page (CSS shows one of them); the fixed ones are drawn 1:1
    and shown on every screen, scrolling sideways where the screen is narrower."""
    events = list(events)
    wide = build_strips(events, today, current_slug, WIDE, years)
    narrow = build_strips(events, today, current_slug, NARROW, years)
    return {
        "wide": [strip for strip in wide if not strip.fixed],
        "narrow": [strip for strip in narrow if not strip.fixed],
        "fixed": [strip for strip in wide if strip.fixed],
    }


MIN_YEAR, MAX_YEAR = 1, 9999  # what a date can hold


class YearRangeError(ValueError):
    """A range of years in the address that cannot be used; the message says why."""


def parse_year(value: str | None, name: str) -> int | None:
    value = (value or "").strip()
    if not value:
        return None
    if not value.isascii() or not value.isdigit() or len(value) > 4:
        raise YearRangeError(f"“{value[:20]}” is not a year: give {name} as a year, e.g. 1951.")
    year = int(value)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise YearRangeError(f"{year} is not a year a date can hold ({name}).")
    return year


def parse_year_range(params) -> tuple[int | None, int | None]:
    """`from` and `to` (or `start` and `end`) in the address, as years; either may be absent.
    Raises YearRangeError with a message for the reader when they cannot be used."""
    first = parse_year(params.get("from") or params.get("start"), "“from”")
    last = parse_year(params.get("to") or params.get("end"), "“to”")
    if first is not None and last is not None and first > last:
        raise YearRangeError(f"The range starts after it ends: from {first} to {last}.")
    return first, last
