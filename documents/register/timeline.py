"""The timeline picture: where events fall between 1945 and today, as plain geometry.

Pure functions over dates (no database): the view passes the events, the template draws the
shapes as inline SVG. Two strips: the whole span to scale, and the years 1945–1953 that both
texts discuss most (division, occupation, the war and its armistice), widened so that their
events can be told apart. Each is laid out for a wide screen and for a phone (fewer tick
labels on a narrower drawing, so that the lettering stays legible when it is scaled down).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

FIRST_YEAR = 1945
DETAIL_YEARS = (1945, 1953)  # inclusive
WIDE = 1000  # viewBox units; the picture scales to the page
NARROW = 420
MARGIN = 30
LANE_GAP = 16  # vertical distance between lanes of dots that would overlap
DOT_GAP = 13  # two dots closer than this on one lane overlap
TOP = 30  # room above the highest lane, for the strip's label


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


@dataclass
class Strip:
    label: str
    start: datetime.date
    end: datetime.date
    width: int = WIDE
    ticks: list[tuple[float, str]] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)
    band: tuple[float, float] | None = None  # the detail range, shown on the overview
    today_x: float | None = None
    axis_y: float = 0

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

    def place(self, events, current_slug: str) -> None:
        """Put the events that fall in this strip on it, each on the first free lane."""
        self.marks = []
        for event in events:
            if not (self.start <= event.date < self.end):
                continue
            x_end = None
            if event.end_date and event.end_date > event.date:
                x_end = self.position(min(event.end_date, self.end))
            self.marks.append(
                Mark(
                    slug=event.slug,
                    title=event.title,
                    date_label=event.display_date,
                    x=self.position(event.date),
                    x_end=x_end,
                    current=event.slug == current_slug,
                )
            )
        lane_ends: list[float] = []
        for mark in sorted(self.marks, key=lambda item: item.x):
            right = mark.x_end if mark.x_end is not None else mark.x
            for lane, last in enumerate(lane_ends):
                if mark.x - last >= DOT_GAP:
                    mark.lane = lane
                    lane_ends[lane] = right
                    break
            else:
                mark.lane = len(lane_ends)
                lane_ends.append(right)
        lanes = max(len(lane_ends), 1)
        self.axis_y = TOP + 8 + (lanes - 1) * LANE_GAP + 16
        for mark in self.marks:
            mark.y = self.axis_y - 16 - mark.lane * LANE_GAP


def build_strips(
    events, today: datetime.date | None = None, current_slug: str = "", width: int = WIDE
) -> list[Strip]:
    """The overview strip (first year to today) and, when it squeezes several events
    together, the detail strip. `events` are objects with slug, title, date, end_date and
    display_date (Event rows)."""
    today = today or datetime.date.today()
    events = list(events)
    first_year = min([FIRST_YEAR] + [event.date.year for event in events])
    last_year = max([today.year] + [event.date.year for event in events])
    narrow = width < WIDE
    overview = Strip(
        label=f"{first_year} to today",
        start=datetime.date(first_year, 1, 1),
        end=datetime.date(last_year + 1, 1, 1),
        width=width,
    )
    every = 20 if narrow else 10
    overview.ticks = [
        (overview.position(datetime.date(year, 1, 1)), str(year))
        for year in range(first_year, last_year + 1)
        if year == first_year or (year % every == 0 and year - first_year >= every / 2)
    ]
    overview.today_x = overview.position(today)
    overview.place(events, current_slug)
    strips = [overview]

    detail = Strip(
        label=f"{DETAIL_YEARS[0]}–{DETAIL_YEARS[1]} in detail",
        start=datetime.date(DETAIL_YEARS[0], 1, 1),
        end=datetime.date(DETAIL_YEARS[1] + 1, 1, 1),
        width=width,
    )
    detail.place(events, current_slug)
    span = DETAIL_YEARS[1] - DETAIL_YEARS[0]
    if len(detail.marks) >= 2 and last_year - first_year > 2 * span:
        overview.band = (overview.position(detail.start), overview.position(detail.end))
        detail.ticks = [
            (detail.position(datetime.date(year, 1, 1)), str(year))
            for year in range(DETAIL_YEARS[0], DETAIL_YEARS[1] + 1, 2 if narrow else 1)
        ]
        strips.append(detail)
    return strips


def build_timeline(events, today: datetime.date | None = None, current_slug: str = "") -> dict:
    """The strips drawn for a wide screen and for a phone: {"wide": [...], "narrow": [...]}."""
    events = list(events)
    return {
        "wide": build_strips(events, today, current_slug, WIDE),
        "narrow": build_strips(events, today, current_slug, NARROW),
    }
