"""Partial dates in one place (documents/dates.py): read, shown at their precision, written
for <time>, TEI and CSL. Plain functions: no database."""

import datetime

import pytest

from documents.dates import DateSpan, PartialDate, csl_date, display

D = datetime.date


@pytest.mark.parametrize(
    ("value", "shown", "tei", "csl"),
    [
        ("1945", "1945", {"when": "1945"}, [[1945]]),
        ("1945-12", "December 1945", {"when": "1945-12"}, [[1945, 12]]),
        ("1945-12-06", "6 December 1945", {"when": "1945-12-06"}, [[1945, 12, 6]]),
        (
            "1945-12-16/1945-12-26",
            "16–26 December 1945",
            {"from": "1945-12-16", "to": "1945-12-26"},
            [[1945, 12, 16], [1945, 12, 26]],
        ),
        (
            "1945-09-11/1945-10-02",
            "11 September – 2 October 1945",
            {"from": "1945-09-11", "to": "1945-10-02"},
            [[1945, 9, 11], [1945, 10, 2]],
        ),
        (
            "1945-12-30/1946-01-02",
            "30 December 1945 – 2 January 1946",
            {"from": "1945-12-30", "to": "1946-01-02"},
            [[1945, 12, 30], [1946, 1, 2]],
        ),
        (
            "1951-07/1953-07",
            "July 1951 – July 1953",
            {"from": "1951-07", "to": "1953-07"},
            [[1951, 7], [1953, 7]],
        ),
        ("1988/1989", "1988/1989", {"from": "1988", "to": "1989"}, [[1988], [1989]]),
        (
            "1945-12/1946-01-05",
            "December 1945 – 5 January 1946",
            {"from": "1945-12", "to": "1946-01-05"},
            [[1945, 12], [1946, 1, 5]],
        ),
    ],
)
def test_an_edtf_date_everywhere_it_goes(value, shown, tei, csl):
    span = DateSpan.parse(value)
    assert span.iso == value
    assert (display(value), span.tei_attributes(), csl_date(value)) == (
        shown,
        tei,
        {"date-parts": csl},
    )


@pytest.mark.parametrize(
    "value", ["Winter 1988/1989", "1945-13", "1945-02-30", "45", "1945-12-", "1945/", "/1945", " "]
)
def test_what_is_not_a_date_is_shown_as_printed(value):
    assert DateSpan.parse(value) is None
    assert display(value) == value
    assert csl_date(value) == {"literal": value}


def test_nothing_is_nothing():
    assert (DateSpan.parse(""), display(""), csl_date("")) == (None, "", None)


@pytest.mark.parametrize(
    ("date", "precision", "end", "shown", "iso", "tei"),
    [
        (D(1945, 8, 9), "day", None, "9 August 1945", "1945-08-09", {"when": "1945-08-09"}),
        (D(1945, 12, 1), "month", None, "December 1945", "1945-12", {"when": "1945-12"}),
        (D(1958, 1, 1), "year", None, "1958", "1958", {"when": "1958"}),
        # an end equal to the start is no span
        (
            D(1945, 8, 9),
            "day",
            D(1945, 8, 9),
            "9 August 1945",
            "1945-08-09",
            {"when": "1945-08-09"},
        ),
        # a span inside the shown precision is shown once, exported as a span
        (
            D(1945, 12, 1),
            "month",
            D(1945, 12, 31),
            "December 1945",
            "1945-12",
            {"from": "1945-12", "to": "1945-12"},
        ),
        (
            D(1945, 2, 4),
            "day",
            D(1945, 2, 11),
            "4–11 February 1945",
            "1945-02-04",
            {"from": "1945-02-04", "to": "1945-02-11"},
        ),
    ],
)
def test_an_event_date_at_its_precision(date, precision, end, shown, iso, tei):
    span = DateSpan.of_event(date, precision, end)
    assert (span.display(), span.start.iso, span.tei_attributes()) == (shown, iso, tei)
    assert PartialDate.at(date, precision).precision == precision
